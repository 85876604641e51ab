/* SPDX-License-Identifier: MIT */
/* Targets: endpoint URLs, ARM identifier validation, path building, and
 * Azure-AsyncOperation URL parsing. Identifiers are validated before
 * anything is sent, then percent-encoded into the fixed path buffer. */
#include <string.h>

#include "amsop_target.h"
#include "field.h"
#include "target_internal.h"

#define RG_MAX_CHARS   90u
#define ACCOUNT_MIN    3u
#define ACCOUNT_MAX    24u
#define GUID_LEN       36u
#define LIVE_EVENT_MAX 32u

/* A run of identifier bytes, either plain or still percent-encoded (when it
 * comes from a URL); read one decoded byte at a time, so no copy is made. */
typedef struct seg {
    const char *s;
    size_t n;
    uint8_t pct;
} seg_t;

/* 1: *out holds the next byte; 0: end; -1: a broken %XX escape. */
static int seg_next(const seg_t *g, size_t *pos, uint8_t *out)
{
    if (*pos >= g->n)
        return 0;
    if (g->pct && g->s[*pos] == '%') {
        int hi;
        int lo;
        if (*pos + 2 >= g->n)
            return -1;
        hi = amsop__hex((uint8_t)g->s[*pos + 1]);
        lo = amsop__hex((uint8_t)g->s[*pos + 2]);
        if (hi < 0 || lo < 0)
            return -1;
        *out = (uint8_t)((hi << 4) | lo);
        *pos += 3;
        return 1;
    }
    *out = (uint8_t)g->s[*pos];
    *pos += 1;
    return 1;
}

static int is_hex(uint8_t c)
{
    return amsop__hex(c) >= 0;
}

static amsop_err_t check_guid(const seg_t *g)
{
    size_t pos = 0;
    size_t i = 0;
    uint8_t c;
    int r;

    while ((r = seg_next(g, &pos, &c)) == 1) {
        int dash = (i == 8 || i == 13 || i == 18 || i == 23);
        if (i >= GUID_LEN || (dash ? c != '-' : !is_hex(c)))
            return AMSOP_ERR_INVALID_ID;
        i++;
    }
    return (r == 0 && i == GUID_LEN) ? AMSOP_OK : AMSOP_ERR_INVALID_ID;
}

/* An ARM name: letters, digits, - _ . ( ) and non-ASCII characters
 * (well-formed UTF-8), 1..max_chars characters, not ending in '.' (so never
 * a dot-segment, "." or ".."). A resource group has at most 90; the names
 * of an operation URL's other resources are bounded by the path buffer. */
static amsop_err_t check_name(const seg_t *g, size_t max_chars)
{
    size_t pos = 0;
    size_t chars = 0;
    unsigned cont = 0; /* continuation bytes still expected */
    uint8_t c;
    uint8_t last = 0;
    int r;

    while ((r = seg_next(g, &pos, &c)) == 1) {
        if (cont > 0) {
            if ((c & 0xC0u) != 0x80u)
                return AMSOP_ERR_INVALID_ID;
            cont--;
        } else if (c >= 0x80u) {
            if (c >= 0xC2u && c <= 0xDFu)
                cont = 1;
            else if (c >= 0xE0u && c <= 0xEFu)
                cont = 2;
            else if (c >= 0xF0u && c <= 0xF4u)
                cont = 3;
            else
                return AMSOP_ERR_INVALID_ID;
            chars++;
        } else if (amsop__alnum(c) || c == '-' || c == '_' || c == '.' || c == '(' || c == ')') {
            chars++;
        } else {
            return AMSOP_ERR_INVALID_ID;
        }
        last = c;
        if (chars > max_chars)
            return AMSOP_ERR_INVALID_ID;
    }
    if (r < 0 || cont != 0 || chars == 0 || last == '.')
        return AMSOP_ERR_INVALID_ID;
    return AMSOP_OK;
}

static amsop_err_t check_resource_group(const seg_t *g)
{
    return check_name(g, RG_MAX_CHARS);
}

/* A resource type or an operation collection ("locations", "operations"):
 * letters and digits. */
static amsop_err_t check_type(const seg_t *g)
{
    size_t pos = 0;
    size_t n = 0;
    uint8_t c;
    int r;

    while ((r = seg_next(g, &pos, &c)) == 1) {
        if (!amsop__alnum(c))
            return AMSOP_ERR_INVALID_ID;
        n++;
    }
    return (r == 0 && n > 0) ? AMSOP_OK : AMSOP_ERR_INVALID_ID;
}

/* A resource provider namespace, Company.Service[.Part]: runs of letters
 * and digits joined by single dots, at least one dot. */
static amsop_err_t check_namespace(const seg_t *g)
{
    size_t pos = 0;
    size_t run = 0;
    unsigned dots = 0;
    uint8_t c;
    int r;

    while ((r = seg_next(g, &pos, &c)) == 1) {
        if (amsop__alnum(c)) {
            run++;
        } else if (c == '.' && run > 0) {
            run = 0;
            dots++;
        } else {
            return AMSOP_ERR_INVALID_ID;
        }
    }
    return (r == 0 && dots > 0 && run > 0) ? AMSOP_OK : AMSOP_ERR_INVALID_ID;
}

static amsop_err_t check_account(const seg_t *g)
{
    size_t pos = 0;
    size_t n = 0;
    uint8_t c;
    int r;

    while ((r = seg_next(g, &pos, &c)) == 1) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) || ++n > ACCOUNT_MAX)
            return AMSOP_ERR_INVALID_ID;
    }
    return (r == 0 && n >= ACCOUNT_MIN) ? AMSOP_OK : AMSOP_ERR_INVALID_ID;
}

static amsop_err_t check_operation(const seg_t *g)
{
    size_t pos = 0;
    size_t n = 0;
    uint8_t c;
    int r;

    if (amsop__dot_segment(g->s, g->n))
        return AMSOP_ERR_INVALID_ID; /* "." or "..": the path would change under us */

    while ((r = seg_next(g, &pos, &c)) == 1) {
        if (!(amsop__alnum(c) || c == '-' || c == '_' || c == '.'))
            return AMSOP_ERR_INVALID_ID;
        if (++n >= CONFIG_AMSOP_OPERATION_ID_MAX)
            return AMSOP_ERR_INVALID_ID;
    }
    return (r == 0 && n > 0) ? AMSOP_OK : AMSOP_ERR_INVALID_ID;
}

amsop_err_t amsop_validate_live_event_name(const char *name)
{
    size_t n;
    size_t i;

    if (name == NULL)
        return AMSOP_ERR_INVALID_ARG;
    n = strlen(name);
    if (n == 0 || n > LIVE_EVENT_MAX || !amsop__alnum((uint8_t)name[0]) ||
        !amsop__alnum((uint8_t)name[n - 1]))
        return AMSOP_ERR_INVALID_ID;
    for (i = 0; i < n; i++) {
        if (!amsop__alnum((uint8_t)name[i]) && name[i] != '-')
            return AMSOP_ERR_INVALID_ID;
    }
    return AMSOP_OK;
}

/* Bounded path builder: overflow is remembered, never written. */
typedef struct pathw {
    amsop_target_t *t;
    uint8_t overflow;
} pathw_t;

static void path_put(pathw_t *w, const char *s, size_t n)
{
    if (w->overflow || w->t->path_len + n + 1 > sizeof(w->t->path)) {
        w->overflow = 1;
        return;
    }
    memcpy(w->t->path + w->t->path_len, s, n);
    w->t->path_len += n;
    w->t->path[w->t->path_len] = '\0';
}

static void path_lit(pathw_t *w, const char *s)
{
    path_put(w, s, strlen(s));
}

/* Unreserved bytes go as they are, everything else as %XX. */
static void path_seg(pathw_t *w, const seg_t *g)
{
    size_t pos = 0;
    uint8_t c;

    path_put(w, "/", 1);
    while (seg_next(g, &pos, &c) == 1) {
        if (amsop__unreserved(c)) {
            char ch = (char)c;
            path_put(w, &ch, 1);
        } else {
            char esc[3];
            amsop__pct_encode(c, esc);
            path_put(w, esc, 3);
        }
    }
}

static amsop_err_t build(const seg_t *sub, const seg_t *rg, const seg_t *acct, const seg_t *op,
                         amsop_target_t *out)
{
    pathw_t w;
    amsop_err_t err;

    if ((err = check_guid(sub)) != AMSOP_OK || (err = check_resource_group(rg)) != AMSOP_OK ||
        (err = check_account(acct)) != AMSOP_OK || (err = check_operation(op)) != AMSOP_OK)
        return err;
    out->path_len = 0;
    out->path[0] = '\0';
    w.t = out;
    w.overflow = 0;
    path_lit(&w, "/subscriptions");
    path_seg(&w, sub);
    path_lit(&w, "/resourceGroups");
    path_seg(&w, rg);
    path_lit(&w, "/providers/Microsoft.Media/mediaservices");
    path_seg(&w, acct);
    path_lit(&w, "/liveEventOperations");
    path_seg(&w, op);
    if (w.overflow) {
        out->path_len = 0;
        out->path[0] = '\0';
        return AMSOP_ERR_TOO_LONG;
    }
    return AMSOP_OK;
}

amsop_err_t amsop_target_from_ids(const char *subscription, const char *resource_group,
                                  const char *account, const char *operation, amsop_target_t *out)
{
    seg_t sub;
    seg_t rg;
    seg_t acct;
    seg_t op;

    if (subscription == NULL || resource_group == NULL || account == NULL || operation == NULL ||
        out == NULL)
        return AMSOP_ERR_INVALID_ARG;
    memset(out, 0, sizeof(*out));
    sub.s = subscription;
    sub.n = strlen(subscription);
    rg.s = resource_group;
    rg.n = strlen(resource_group);
    acct.s = account;
    acct.n = strlen(account);
    op.s = operation;
    op.n = strlen(operation);
    sub.pct = rg.pct = acct.pct = op.pct = 0;
    return build(&sub, &rg, &acct, &op, out);
}

/* "https://" authority part shared by endpoint and operation URLs. On
 * success *rest points just past the authority. */
static amsop_err_t parse_authority(const char *url, size_t len, amsop_endpoint_t *ep, size_t *rest)
{
    size_t i = 8;
    size_t hs;
    size_t he;
    size_t n;

    memset(ep, 0, sizeof(*ep));
    if (len < 8 || !amsop__ieq(url, "https://", 8)) {
        if (len >= 7 && amsop__ieq(url, "http://", 7))
            return AMSOP_ERR_URL_SCHEME;
        for (n = 0; n < len && url[n] != '/' && url[n] != ':'; n++) {
        }
        return (n < len && url[n] == ':') ? AMSOP_ERR_URL_SCHEME : AMSOP_ERR_URL;
    }
    if (i < len && url[i] == '[') {
        hs = ++i;
        while (i < len && (is_hex((uint8_t)url[i]) || url[i] == ':' || url[i] == '.'))
            i++;
        if (i >= len || url[i] != ']' || i == hs)
            return AMSOP_ERR_URL;
        he = i++;
        ep->ipv6_literal = 1;
    } else {
        hs = i;
        while (i < len && (amsop__alnum((uint8_t)url[i]) || url[i] == '-' || url[i] == '.'))
            i++;
        he = i;
        if (he == hs)
            return AMSOP_ERR_URL;
    }
    n = he - hs;
    if (n + 1 > sizeof(ep->host))
        return AMSOP_ERR_TOO_LONG;
    for (size_t k = 0; k < n; k++) {
        char c = url[hs + k];
        ep->host[k] = amsop__lower(c);
    }
    ep->host[n] = '\0';
    ep->port = 443;
    if (i < len && url[i] == ':') {
        uint32_t port = 0;
        size_t digits = 0;
        i++;
        while (i < len && url[i] >= '0' && url[i] <= '9') {
            port = port * 10u + (uint32_t)(url[i] - '0');
            if (port > 65535u)
                return AMSOP_ERR_URL;
            i++;
            digits++;
        }
        if (digits == 0 || port == 0)
            return AMSOP_ERR_URL;
        ep->port = (uint16_t)port;
    }
    if (i < len && url[i] != '/' && url[i] != '?')
        return AMSOP_ERR_URL; /* user info, bad host characters, ... */
    *rest = i;
    return AMSOP_OK;
}

amsop_err_t amsop_endpoint_parse(const char *url, amsop_endpoint_t *out)
{
    size_t len;
    size_t rest = 0;
    amsop_err_t err;

    if (url == NULL || out == NULL)
        return AMSOP_ERR_INVALID_ARG;
    len = strlen(url);
    if (len >= CONFIG_AMSOP_URL_MAX)
        return AMSOP_ERR_TOO_LONG;
    err = parse_authority(url, len, out, &rest);
    if (err != AMSOP_OK)
        return err;
    if (rest < len && !(rest + 1 == len && url[rest] == '/'))
        return AMSOP_ERR_URL; /* the endpoint is a host, not a path */
    return AMSOP_OK;
}

static amsop_err_t take_api_version(const char *v, size_t n, amsop_target_t *out)
{
    if (!amsop__api_version_ok(v, n))
        return AMSOP_ERR_URL;
    memcpy(out->api_version, v, n);
    out->api_version[n] = '\0';
    return AMSOP_OK;
}

static amsop_err_t parse_query(const char *q, size_t n, amsop_target_t *out)
{
    size_t i = 0;
    while (i < n) {
        size_t e = i;
        while (e < n && q[e] != '&')
            e++;
        if (e - i > 12 && amsop__ieq(q + i, "api-version=", 12)) {
            amsop_err_t err = take_api_version(q + i + 12, e - i - 12, out);
            if (err != AMSOP_OK)
                return err;
        }
        i = e + 1;
    }
    return AMSOP_OK;
}

/* The URL's bytes: no spaces, controls, raw UTF-8 or fragments. */
static amsop_err_t url_bytes_ok(const char *url, size_t url_len)
{
    size_t i;
    if (url_len >= CONFIG_AMSOP_URL_MAX)
        return AMSOP_ERR_TOO_LONG;
    for (i = 0; i < url_len; i++) {
        uint8_t c = (uint8_t)url[i];
        if (c <= 0x20u || c >= 0x7Fu || c == '#')
            return AMSOP_ERR_URL;
    }
    return AMSOP_OK;
}

static amsop_err_t from_path(const char *url, size_t rest, size_t url_len, amsop_target_t *out);

amsop_err_t amsop__ref_on_endpoint(const amsop_endpoint_t *endpoint, const char *ref,
                                   size_t ref_len, size_t *path_at)
{
    amsop_endpoint_t ep;
    amsop_err_t err = url_bytes_ok(ref, ref_len);

    if (err != AMSOP_OK)
        return err;
    /* An absolute-path reference ("/subscriptions/..."; not "//host", a
     * network-path one) is on the host the request went to: RFC 9110 10.2.2
     * resolves it against the request's URI, which is the endpoint's. */
    if (ref_len >= 2 && ref[0] == '/' && ref[1] != '/') {
        *path_at = 0;
        return AMSOP_OK;
    }
    err = parse_authority(ref, ref_len, &ep, path_at);
    if (err != AMSOP_OK)
        return err;
    /* The token goes only to the endpoint: never follow a URL elsewhere. */
    if (strcmp(ep.host, endpoint->host) != 0 || ep.port != endpoint->port)
        return AMSOP_ERR_URL_HOST;
    return AMSOP_OK;
}

amsop_err_t amsop_target_from_url(const amsop_endpoint_t *endpoint, const char *url, size_t url_len,
                                  amsop_target_t *out)
{
    size_t rest = 0;
    amsop_err_t err;

    if (endpoint == NULL || url == NULL || out == NULL)
        return AMSOP_ERR_INVALID_ARG;
    memset(out, 0, sizeof(*out));
    if (url_len > 0 && url[0] == '/')
        return AMSOP_ERR_URL; /* a URL, not a reference: it names its host */
    err = amsop__ref_on_endpoint(endpoint, url, url_len, &rest);
    return err != AMSOP_OK ? err : from_path(url, rest, url_len, out);
}

amsop_err_t amsop__target_from_ref(const amsop_endpoint_t *endpoint, const char *ref,
                                   size_t ref_len, amsop_target_t *out)
{
    size_t rest = 0;
    amsop_err_t err;

    if (endpoint == NULL || ref == NULL || out == NULL)
        return AMSOP_ERR_INVALID_ARG;
    memset(out, 0, sizeof(*out));
    err = amsop__ref_on_endpoint(endpoint, ref, ref_len, &rest);
    return err != AMSOP_OK ? err : from_path(ref, rest, ref_len, out);
}

/* The segment after the '/' at url[*i], up to the next '/' or end; 0 when
 * url[*i] is no '/'. */
static int seg_at(const char *url, size_t end, size_t *i, seg_t *g)
{
    size_t s;
    if (*i >= end || url[*i] != '/')
        return 0;
    s = ++*i;
    while (*i < end && url[*i] != '/')
        (*i)++;
    g->s = url + s;
    g->n = *i - s;
    g->pct = 1;
    return 1;
}

/* The segment is the fixed name, in any case (ARM echoes "resourcegroups"),
 * compared as sent: an encoded name is no name. */
static int seg_is(const seg_t *g, const char *name)
{
    size_t n = strlen(name);
    return g->n == n && amsop__ieq(g->s, name, n);
}

/* The path and query of an operation URL, from url[rest] (its first '/').
 * Accepted (amsop_target.h has the rules of each segment):
 *   /subscriptions/{guid}[/resourceGroups/{rg}]/providers/{Namespace}
 *     {/type/name}... /operations|operationStatuses/{id}   api-version required
 *   /subscriptions/{guid}/resourceGroups/{rg}/providers/Microsoft.Media
 *     /mediaservices/{account}/liveEventOperations/{id}   api-version optional
 * operationResults (a Location URL: its reply is the resource, not a
 * status) and anything else is AMSOP_ERR_URL_PATH. */
static amsop_err_t from_path(const char *url, size_t rest, size_t url_len, amsop_target_t *out)
{
    seg_t sub;
    seg_t rg;
    seg_t ns;
    seg_t g;
    seg_t kind;
    size_t end;
    size_t i = rest;
    size_t pairs_at;
    size_t left = 0;
    size_t k;
    int has_rg;
    pathw_t w;
    amsop_err_t err;

    for (end = rest; end < url_len && url[end] != '?'; end++) {
    }
    /* The shape first, from the fixed names and the segment count. */
    if (!seg_at(url, end, &i, &g) || !seg_is(&g, "subscriptions") || !seg_at(url, end, &i, &sub) ||
        !seg_at(url, end, &i, &g))
        return AMSOP_ERR_URL_PATH;
    has_rg = seg_is(&g, "resourceGroups");
    if (has_rg && (!seg_at(url, end, &i, &rg) || !seg_at(url, end, &i, &g)))
        return AMSOP_ERR_URL_PATH;
    if (!seg_is(&g, "providers") || !seg_at(url, end, &i, &ns))
        return AMSOP_ERR_URL_PATH;
    pairs_at = i;
    for (k = i; k < end; k++)
        left += url[k] == '/';
    /* type/name pairs (one at least), then the collection and the id */
    if (left < 4 || left % 2 != 0)
        return AMSOP_ERR_URL_PATH;
    for (k = 0; k + 2 < left; k++)
        (void)seg_at(url, end, &i, &g);
    (void)seg_at(url, end, &i, &kind);
    if (seg_is(&kind, "liveEventOperations")) {
        seg_t type;
        seg_t acct;
        seg_t op;
        i = pairs_at;
        (void)seg_at(url, end, &i, &type);
        (void)seg_at(url, end, &i, &acct);
        (void)seg_at(url, end, &i, &op);
        (void)seg_at(url, end, &i, &op);
        if (!has_rg || left != 4 || !seg_is(&ns, "Microsoft.Media") ||
            !seg_is(&type, "mediaservices"))
            return AMSOP_ERR_URL_PATH;
        err = build(&sub, &rg, &acct, &op, out);
    } else {
        if (!seg_is(&kind, "operations") && !seg_is(&kind, "operationStatuses"))
            return AMSOP_ERR_URL_PATH;
        /* Then each segment, in order, written as it is checked. */
        if ((err = check_guid(&sub)) != AMSOP_OK ||
            (has_rg && (err = check_resource_group(&rg)) != AMSOP_OK) ||
            (err = check_namespace(&ns)) != AMSOP_OK)
            return err;
        w.t = out;
        w.overflow = 0;
        path_lit(&w, "/subscriptions");
        path_seg(&w, &sub);
        if (has_rg) {
            path_lit(&w, "/resourceGroups");
            path_seg(&w, &rg);
        }
        path_lit(&w, "/providers");
        path_seg(&w, &ns);
        i = pairs_at;
        for (k = 1; k <= left; k++) {
            (void)seg_at(url, end, &i, &g);
            err = k == left ? check_operation(&g)
                  : k % 2   ? check_type(&g)
                            : check_name(&g, SIZE_MAX);
            if (err != AMSOP_OK)
                break;
            path_seg(&w, &g);
        }
        if (err == AMSOP_OK && w.overflow)
            err = AMSOP_ERR_TOO_LONG;
    }
    if (err == AMSOP_OK && end < url_len)
        err = parse_query(url + end + 1, url_len - end - 1, out);
    if (err == AMSOP_OK && out->api_version[0] == '\0' && !seg_is(&kind, "liveEventOperations"))
        err = AMSOP_ERR_URL_API_VERSION; /* the client's own is Media Services' */
    if (err != AMSOP_OK)
        memset(out, 0, sizeof(*out));
    return err;
}
