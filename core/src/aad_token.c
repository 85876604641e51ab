/* SPDX-License-Identifier: MIT */
/* Azure AD token provider: client credentials over its own connection
 * (see amsop_aad.h). One request per connection: a token lives about an
 * hour, so keeping a socket to the authority open in between buys nothing;
 * the TLS transport resumes its session on the next fetch. */
#include <stddef.h>
#include <string.h>

#include "field.h"

#include "aad_internal.h"
#include "amsop_aad.h"
#include "form.h"
#include "log.h"
#include "wire.h"

#define GRANT_PREFIX "grant_type=client_credentials&client_id="
#define SECRET_KEY   "&client_secret="
#define SCOPE_KEY    "&scope="

/* Tenant ids are GUIDs or domain names; both go into the path unencoded. */
static int tenant_ok(const char *s)
{
    size_t n = strlen(s);
    size_t i;
    if (n == 0 || amsop__dot_segment(s, n)) /* "." or "..": POST /../oauth2 */
        return 0;
    for (i = 0; i < n; i++) {
        char ch = s[i];
        if (!(amsop__alnum((uint8_t)ch) || ch == '-' || ch == '.' || ch == '_'))
            return 0;
    }
    return 1;
}

static amsop_err_t copy_in(char *dst, size_t cap, const char *src)
{
    size_t n;
    if (src == NULL || src[0] == '\0')
        return AMSOP_ERR_INVALID_ARG;
    n = strlen(src);
    if (n + 1 > cap)
        return AMSOP_ERR_TOO_LONG;
    memcpy(dst, src, n + 1);
    return AMSOP_OK;
}

amsop_err_t amsop_aad_init(amsop_aad_t *p, const amsop_aad_config_t *cfg)
{
    amsop_aad_internal_t *in;
    amsop_err_t err;

    if (p == NULL || cfg == NULL || cfg->transport.open == NULL || cfg->transport.send == NULL ||
        cfg->transport.recv == NULL || cfg->transport.close == NULL || cfg->sys.now_ms == NULL ||
        cfg->sys.sleep_ms == NULL || cfg->sys.random == NULL)
        return AMSOP_ERR_INVALID_ARG;
    in = &p->_internal;
    amsop__wipe(p, sizeof(*p));
    in->transport = cfg->transport;
    in->sys = cfg->sys;
    in->margin_s =
        cfg->refresh_margin_s ? cfg->refresh_margin_s : CONFIG_AMSOP_AAD_REFRESH_MARGIN_S;
    err = amsop_endpoint_parse(cfg->authority ? cfg->authority : AMSOP_DEFAULT_AUTHORITY,
                               &p->authority);
    if (err == AMSOP_OK)
        err = copy_in(in->tenant, sizeof(in->tenant), cfg->tenant);
    if (err == AMSOP_OK && !tenant_ok(in->tenant))
        err = AMSOP_ERR_INVALID_ID;
    if (err == AMSOP_OK)
        err = copy_in(in->client_id, sizeof(in->client_id), cfg->client_id);
    if (err == AMSOP_OK)
        err = copy_in(in->scope, sizeof(in->scope), cfg->scope ? cfg->scope : AMSOP_DEFAULT_SCOPE);
    if (err == AMSOP_OK)
        err = copy_in(in->secret, sizeof(in->secret), cfg->client_secret);
    if (err != AMSOP_OK) {
        amsop__wipe(p, sizeof(*p));
        return err;
    }
    return AMSOP_OK;
}

uint64_t amsop_aad_refresh_at(uint64_t now_ms, uint32_t expires_in_s, uint32_t margin_s)
{
    uint64_t lifetime = (uint64_t)expires_in_s * 1000u;
    uint64_t margin = (uint64_t)margin_s * 1000u;
    if (margin > lifetime / 2u)
        margin = lifetime / 2u;
    return now_ms + lifetime - margin;
}

int amsop_aad_needs_refresh(const amsop_aad_t *p)
{
    return !p->_internal.have_token ||
           p->_internal.sys.now_ms(p->_internal.sys.ctx) >= p->_internal.refresh_at_ms;
}

void amsop_aad_invalidate(amsop_aad_t *p)
{
    if (p == NULL)
        return;
    amsop__wipe(p->_internal.buf, sizeof(p->_internal.buf));
    p->_internal.have_token = 0;
    p->_internal.token_len = 0;
    p->_internal.refresh_at_ms = 0;
    p->_internal.expires_at_ms = 0;
}

amsop_err_t amsop__aad_accept(amsop_aad_t *p, int http_status, size_t body_len, uint64_t issued_ms)
{
    amsop_aad_internal_t *const in = &p->_internal;
    amsop_aad_grant_t g;
    amsop_err_t err;

    in->have_token = 0;
    if (body_len >= sizeof(in->buf)) {
        amsop_aad_invalidate(p);
        return AMSOP_ERR_AAD_TOKEN_TOO_LARGE;
    }
    err = amsop_aad_parse_reply(http_status, in->buf, body_len, in->tokens,
                                (unsigned)(sizeof(in->tokens) / sizeof(in->tokens[0])), &g,
                                &p->error);
    if (err == AMSOP_OK) {
        /* The token moves to the start of the buffer; the rest of the
         * reply is wiped, so the buffer holds nothing else. */
        memmove(in->buf, in->buf + g.token_off, g.token_len);
        amsop__wipe(in->buf + g.token_len, sizeof(in->buf) - g.token_len);
        in->token_len = g.token_len;
        in->have_token = 1;
        in->refresh_at_ms = amsop_aad_refresh_at(issued_ms, g.expires_in_s, in->margin_s);
        in->expires_at_ms = issued_ms + (uint64_t)g.expires_in_s * 1000u;
        p->fetches++;
        return AMSOP_OK;
    }
    amsop_aad_invalidate(p);
    return err;
}

static void write_request(amsop_aad_t *p, amsop__writer_t *w)
{
    amsop_aad_internal_t *const in = &p->_internal;
    size_t body_len = (sizeof(GRANT_PREFIX) - 1) + (sizeof(SECRET_KEY) - 1) +
                      (sizeof(SCOPE_KEY) - 1) +
                      amsop__form_encoded_len(in->client_id, strlen(in->client_id)) +
                      amsop__form_encoded_len(in->secret, strlen(in->secret)) +
                      amsop__form_encoded_len(in->scope, strlen(in->scope));

    amsop__puts(w, "POST /");
    amsop__puts(w, in->tenant);
    amsop__puts(w, "/oauth2/v2.0/token HTTP/1.1\r\nHost: ");
    amsop__put_host(w, &p->authority);
    /* No Authorization header: this connection never carries a token. */
    amsop__puts(w, "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ");
    amsop__put_uint(w, (uint32_t)body_len);
    amsop__puts(w, "\r\nAccept: application/json\r\nUser-Agent: amsop/" AMSOP_VERSION
                   "\r\nConnection: close\r\n\r\n" GRANT_PREFIX);
    amsop__put_form(w, in->client_id, strlen(in->client_id));
    amsop__puts(w, SECRET_KEY);
    amsop__put_form(w, in->secret, strlen(in->secret));
    amsop__puts(w, SCOPE_KEY);
    amsop__put_form(w, in->scope, strlen(in->scope));
    (void)amsop__flush(w);
}

/* The reply's x-ms-request-id capture locates it with a 16-bit offset. */
typedef char
    amsop__aad_offset_fits[offsetof(amsop_aad_t, _internal.reply_request_id) +
                                       sizeof(((amsop_aad_t *)0)->_internal.reply_request_id) <=
                                   0xFFFFu
                               ? 1
                               : -1];

static amsop_err_t fetch(amsop_aad_t *p, uint64_t deadline, amsop_err_t deadline_err)
{
    amsop_aad_internal_t *const in = &p->_internal;
    uint64_t issued = in->sys.now_ms(in->sys.ctx);
    uint32_t t = amsop__left(&in->sys, deadline, CONFIG_AMSOP_CONNECT_TIMEOUT_MS);
    amsop__writer_t *const w = &in->wire;
    amsop_err_t err;
    int got = 0;

    amsop_aad_invalidate(p);
    memset(&p->error, 0, sizeof(p->error));
    in->reply_status = 0;
    in->reply_whole = 0;
    in->reply_request_id[0] = '\0';
    if (t == 0)
        return deadline_err;
    err = in->transport.open(in->transport.ctx, p->authority.host, p->authority.port, t);
    if (err == AMSOP_OK) {
        amsop__writer_init(w, &in->transport, &in->sys, in->io, sizeof(in->io), deadline,
                           deadline_err);
        write_request(p, w);
        err = w->err;
        amsop__wipe(in->io, sizeof(in->io)); /* the secret passed through here */
    }
    if (err == AMSOP_OK) {
        static const amsop_http_capture_t trace = {
            "x-ms-request-id", 15u, (uint16_t)offsetof(amsop_aad_t, _internal.reply_request_id),
            (uint16_t)sizeof(((amsop_aad_t *)0)->_internal.reply_request_id), 1u};
        amsop_http_fields_t out;
        out.caps = &trace;
        out.ncaps = 1;
        out.base = p;
        out.whole = &in->reply_whole;
        out.cut = &in->reply_cut;
        out.status = &in->reply_status;
        out.retry_after_s = &in->reply_retry_after_s;
        amsop_http_start(&in->http, &out, (uint8_t *)in->buf, sizeof(in->buf) - 1u, NULL, NULL);
        err = amsop__read_reply(w, &in->http, &got);
    }
    in->transport.close(in->transport.ctx);
    amsop__wipe(in->io, sizeof(in->io)); /* and the token came through here */
    if (err == AMSOP_ERR_BODY_TOO_LARGE)
        err = AMSOP_ERR_AAD_TOKEN_TOO_LARGE;
    if (err != AMSOP_OK) {
        amsop_aad_invalidate(p);
        return err;
    }
    err = amsop__aad_accept(p, in->reply_status, amsop_http_body_len(&in->http), issued);
    if (err == AMSOP_OK) {
        uint64_t life = in->expires_at_ms - issued;
        /* seconds in 32 bits: a 64-bit division would pull libgcc into firmware */
        uint32_t ms = life > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)life;
        amsop__log(&in->sys, AMSOP_LOG_INFO, "token: fetched from %s:%u, expires in %u s",
                   p->authority.host, (unsigned)p->authority.port, (unsigned)(ms / 1000u));
    }
    if (err == AMSOP_ERR_AAD && p->error.trace_id[0] == '\0' && (in->reply_whole & 1u)) {
        /* AAD's x-ms-request-id is the trace id. */
        size_t n = strlen(in->reply_request_id);
        if (n >= sizeof(p->error.trace_id))
            n = sizeof(p->error.trace_id) - 1u;
        memcpy(p->error.trace_id, in->reply_request_id, n);
        p->error.trace_id[n] = '\0';
    }
    return err;
}

/* 429 and 5xx from the token endpoint (throttling, temporarily_unavailable,
 * server_error) are transient, as they are from Resource Manager. */
static int transient_status(int status)
{
    return status == 429 || (status >= 500 && status <= 599);
}

/* Fetches a token when none is held or its refresh time has come. A
 * transient refusal is retried like Resource Manager's: after its
 * Retry-After (clamped to CONFIG_AMSOP_RETRY_AFTER_MAX_S), else after a
 * backoff from CONFIG_AMSOP_POLL_INITIAL_DELAY_MS doubling to _MAX_DELAY_MS,
 * never sooner than CONFIG_AMSOP_POLL_MIN_DELAY_MS, at most
 * CONFIG_AMSOP_ERROR_RETRY_MAX times; when the next try could not happen
 * before the deadline, deadline_err (p->error keeps the last refusal). */
static amsop_err_t ensure(amsop_aad_t *p, uint64_t deadline, amsop_err_t deadline_err)
{
    amsop_aad_internal_t *const in = &p->_internal;
    uint32_t backoff = CONFIG_AMSOP_POLL_INITIAL_DELAY_MS;
    unsigned tries = 0;

    if (!amsop_aad_needs_refresh(p))
        return AMSOP_OK;
    for (;;) {
        amsop_err_t err = fetch(p, deadline, deadline_err);
        uint64_t now;
        uint32_t delay = backoff;

        if (err != AMSOP_ERR_AAD || !transient_status(in->reply_status) ||
            ++tries > CONFIG_AMSOP_ERROR_RETRY_MAX)
            return err;
        if (in->reply_retry_after_s >= 0)
            delay = (uint32_t)(in->reply_retry_after_s < CONFIG_AMSOP_RETRY_AFTER_MAX_S
                                   ? in->reply_retry_after_s
                                   : CONFIG_AMSOP_RETRY_AFTER_MAX_S) *
                    1000u;
        delay = amsop__at_least(delay, CONFIG_AMSOP_POLL_MIN_DELAY_MS);
        backoff = backoff > CONFIG_AMSOP_POLL_MAX_DELAY_MS / 2 ? CONFIG_AMSOP_POLL_MAX_DELAY_MS
                                                               : backoff * 2u;
        now = in->sys.now_ms(in->sys.ctx);
        if (now >= deadline || deadline - now <= delay)
            return deadline_err;
        amsop__log_retry(&in->sys, "the token endpoint", err, in->reply_status,
                         in->reply_retry_after_s, delay);
        while (delay > 0) {
            uint32_t slice =
                delay < CONFIG_AMSOP_SLEEP_SLICE_MS ? delay : CONFIG_AMSOP_SLEEP_SLICE_MS;
            in->sys.sleep_ms(in->sys.ctx, slice);
            delay -= slice;
        }
    }
}

amsop_err_t amsop_aad_get_token(amsop_aad_t *p, const char **token, size_t *token_len)
{
    amsop_err_t err;
    if (p == NULL || token == NULL || token_len == NULL)
        return AMSOP_ERR_INVALID_ARG;
    err = ensure(p, p->_internal.sys.now_ms(p->_internal.sys.ctx) + CONFIG_AMSOP_REQUEST_TIMEOUT_MS,
                 AMSOP_ERR_TIMEOUT);
    *token = err == AMSOP_OK ? p->_internal.buf : NULL;
    *token_len = err == AMSOP_OK ? p->_internal.token_len : 0;
    return err;
}

/* amsop_token_provider_t.refresh: the client's deadline, and after a 401
 * from Resource Manager (force) never the token that was refused. */
static amsop_err_t provider_refresh(void *ctx, int force, uint64_t deadline,
                                    amsop_err_t deadline_err, const char **token, size_t *token_len)
{
    amsop_aad_t *p = (amsop_aad_t *)ctx;
    amsop_err_t err;

    if (force)
        amsop_aad_invalidate(p);
    err = ensure(p, deadline, deadline_err);
    *token = err == AMSOP_OK ? p->_internal.buf : NULL;
    *token_len = err == AMSOP_OK ? p->_internal.token_len : 0;
    return err;
}

/* amsop_token_provider_t.release: the client is closing. The secret stays
 * (amsop_aad_close wipes it), so the client may be used again. */
static void provider_release(void *ctx)
{
    amsop_aad_t *p = (amsop_aad_t *)ctx;

    amsop_aad_invalidate(p);
    p->_internal.transport.close(p->_internal.transport.ctx);
}

amsop_token_provider_t amsop_aad_token_provider(amsop_aad_t *p)
{
    amsop_token_provider_t tp;

    tp.ctx = p;
    tp.refresh = provider_refresh;
    tp.release = provider_release;
    return tp;
}

void amsop_aad_close(amsop_aad_t *p)
{
    if (p == NULL)
        return;
    if (p->_internal.transport.close != NULL)
        p->_internal.transport.close(p->_internal.transport.ctx);
    amsop__wipe(p, sizeof(*p));
}
