/* SPDX-License-Identifier: MIT */
/* The client: configuration checks, the kept connection, one exchange. */
#include <string.h>

#include "client_internal.h"
#include "field.h"
#include "json_internal.h"
#include "log.h"
#include "wire.h"

/* RFC 6750 b64token: what an Azure AD bearer token is made of. Anything
 * else (CR, LF, blanks) could split the request, so it is refused. */
int amsop__token_ok(const char *token, size_t len)
{
    size_t i;
    size_t pad = 0;

    if (token == NULL || len == 0)
        return 0;
    for (i = 0; i < len; i++) {
        char ch = token[i];
        int ok = amsop__unreserved((uint8_t)ch) || ch == '+' || ch == '/';
        if (ch == '=') {
            pad++;
            continue;
        }
        if (!ok || pad > 0)
            return 0;
    }
    return pad != len;
}

static amsop_err_t check_api_version(const char *v)
{
    return amsop__api_version_ok(v, strlen(v)) ? AMSOP_OK : AMSOP_ERR_INVALID_ARG;
}

amsop_err_t amsop_client_init(amsop_client_t *c, const amsop_config_t *cfg)
{
    const char *api = (cfg && cfg->api_version) ? cfg->api_version : AMSOP_DEFAULT_API_VERSION;
    amsop_err_t err;

    if (c == NULL || cfg == NULL || cfg->transport.open == NULL || cfg->transport.send == NULL ||
        cfg->transport.recv == NULL || cfg->transport.close == NULL || cfg->sys.now_ms == NULL ||
        cfg->sys.sleep_ms == NULL || cfg->sys.random == NULL)
        return AMSOP_ERR_INVALID_ARG;
    memset(c, 0, sizeof(*c));
    err =
        amsop_endpoint_parse(cfg->endpoint ? cfg->endpoint : AMSOP_DEFAULT_ENDPOINT, &c->endpoint);
    if (err != AMSOP_OK)
        return err;
    err = check_api_version(api);
    if (err != AMSOP_OK)
        return err;
    memcpy(c->api_version, api, strlen(api) + 1);
    c->transport = cfg->transport;
    c->sys = cfg->sys;
    if (cfg->token_provider.refresh != NULL) {
        c->token_provider = cfg->token_provider; /* asked request by request */
        return AMSOP_OK;
    }
    return amsop_client_set_token(
        c, cfg->token, (cfg->token && cfg->token_len == 0) ? strlen(cfg->token) : cfg->token_len);
}

amsop_err_t amsop_client_set_token(amsop_client_t *c, const char *token, size_t token_len)
{
    if (c == NULL || c->token_provider.refresh != NULL)
        return AMSOP_ERR_INVALID_ARG;
    if (!amsop__token_ok(token, token_len))
        return AMSOP_ERR_TOKEN;
    c->token = token;
    c->token_len = token_len;
    return AMSOP_OK;
}

/* Drops the kept connection (the server closed it, or its state is unknown). */
static void disconnect(amsop_client_t *c)
{
    if (c->_internal.connected)
        c->transport.close(c->transport.ctx);
    c->_internal.connected = 0;
    c->_internal.reused = 0;
}

void amsop_client_close(amsop_client_t *c)
{
    if (c == NULL)
        return;
    disconnect(c);
    amsop__wipe(c->_internal.io, sizeof(c->_internal.io)); /* the bearer token was staged here */
    if (c->token_provider.refresh != NULL) {
        c->token = NULL;
        c->token_len = 0;
        if (c->token_provider.release != NULL)
            c->token_provider.release(c->token_provider.ctx);
    }
}

static amsop_err_t connect_once(amsop_client_t *c)
{
    uint32_t t = amsop__time_left(c, c->_internal.wire.deadline, CONFIG_AMSOP_CONNECT_TIMEOUT_MS);
    amsop_err_t err;
    if (t == 0)
        return c->_internal.wire.deadline_err;
    err = c->transport.open(c->transport.ctx, c->endpoint.host, c->endpoint.port, t);
    if (err != AMSOP_OK) {
        c->transport.close(c->transport.ctx);
        return err;
    }
    c->_internal.connected = 1;
    c->_internal.reused = 0;
    c->stats.connects++;
    return AMSOP_OK;
}

/* Body bytes, as they arrive, through the streaming JSON pass. */
static void body_sink(void *ctx, const uint8_t *data, size_t len)
{
    amsop__js_feed(&((amsop_client_t *)ctx)->_internal.json, data, len);
}

/* The first body bytes of a call with another resource's schema: the
 * status is known now. A 2xx body fills that resource (cleared here, the
 * reply's one clear of it); any other is an ARM error for the result. The
 * rest of the body goes straight to body_sink. */
static void resource_sink(void *ctx, const uint8_t *data, size_t len)
{
    amsop_client_t *c = (amsop_client_t *)ctx;
    int status = amsop_http_status(&c->_internal.http);

    if (status >= 200 && status < 300) {
        memset(c->_internal.ok_base, 0, c->_internal.ok_schema->base_size);
        amsop__js_begin_schema(&c->_internal.json, c->_internal.ok_schema, c->_internal.ok_base);
    }
    amsop_http_set_sink(&c->_internal.http, body_sink, ctx);
    body_sink(ctx, data, len);
}

/* Reads the reply with the reader exchange_once started on out. */
static amsop_err_t read_reply(amsop_client_t *c, amsop_result_t *out, int *got_bytes)
{
    amsop_err_t err;
    amsop__js_begin(&c->_internal.json, out); /* strings straight into out */
    err = amsop__read_reply(&c->_internal.wire, &c->_internal.http, got_bytes);
    amsop__arm_http_done(out);
    return err;
}

/* After a failed exchange: keeps the HTTP status and the header fields that
 * arrived whole (x-ms-request-id above all, for a support ticket), clears
 * everything else, so no field is left half-written. */
static void scrub(amsop_result_t *out)
{
    const uint32_t keep =
        AMSOP_FIELD_BIT(AMSOP_FIELD_REQUEST_ID) | AMSOP_FIELD_BIT(AMSOP_FIELD_CORRELATION_ID) |
        AMSOP_FIELD_BIT(AMSOP_FIELD_ASYNC_OPERATION) | AMSOP_FIELD_BIT(AMSOP_FIELD_LOCATION) |
        AMSOP_FIELD_BIT(AMSOP_FIELD_CONTENT_TYPE);
    uint32_t whole = out->present & keep;
    amsop_result_t *r = out;

    /* Each kept field is either whole (present) or emptied. */
    if (!(whole & AMSOP_FIELD_BIT(AMSOP_FIELD_REQUEST_ID)))
        r->request_id[0] = '\0';
    if (!(whole & AMSOP_FIELD_BIT(AMSOP_FIELD_CORRELATION_ID)))
        r->correlation_id[0] = '\0';
    if (!(whole & AMSOP_FIELD_BIT(AMSOP_FIELD_ASYNC_OPERATION)))
        r->async_operation[0] = '\0';
    if (!(whole & AMSOP_FIELD_BIT(AMSOP_FIELD_LOCATION)))
        r->location[0] = '\0';
    if (!(whole & AMSOP_FIELD_BIT(AMSOP_FIELD_CONTENT_TYPE)))
        r->content_type[0] = '\0';
    amsop__json_clear(r);
    r->truncated &= whole;
    r->present = whole;
}

static amsop_err_t interpret(amsop_client_t *c, amsop_result_t *out)
{
    int status = out->http_status;
    int ok = status >= 200 && status < 300;
    amsop_err_t err = AMSOP_OK;

    if (amsop_http_body_len(&c->_internal.http) > 0 && ok && c->_internal.ok_schema != NULL)
        err =
            amsop__js_kept(&c->_internal.json, AMSOP__TOKENS(c->_internal.tokens),
                           (unsigned)(sizeof(c->_internal.tokens) / sizeof(c->_internal.tokens[0])),
                           (uint32_t *)(void *)((char *)c->_internal.ok_base +
                                                c->_internal.ok_schema->present_off));
    else if (amsop_http_body_len(&c->_internal.http) > 0)
        err = amsop__json_extract_kept(
            &c->_internal.json, AMSOP__TOKENS(c->_internal.tokens),
            (unsigned)(sizeof(c->_internal.tokens) / sizeof(c->_internal.tokens[0])), out);
    if (!ok)
        return AMSOP_ERR_HTTP_STATUS; /* the ARM error is kept when it parsed */
    return err;
}

static amsop_err_t exchange_once(amsop_client_t *c, const amsop__request_t *rq, amsop_result_t *out)
{
    int attempt;
    amsop_err_t closed = AMSOP_OK; /* why the kept connection failed, on the second attempt */

    for (attempt = 0; attempt < 2; attempt++) {
        int was_reused = c->_internal.connected && c->_internal.reused;
        int got_bytes = 0;
        amsop_err_t err = AMSOP_OK;

        /* out's one clear for this attempt: the reader's start empties the
         * fields it reads, and the rest, before anything can fail. */
        amsop__arm_http_start(&c->_internal.http, out, NULL, 0,
                              c->_internal.ok_schema != NULL ? resource_sink : body_sink, c);
        if (!c->_internal.connected) {
            err = connect_once(c);
            if (err != AMSOP_OK)
                return err;
            if (attempt > 0) {
                c->stats.reconnects++;
                amsop__log(&c->sys, AMSOP_LOG_INFO,
                           "reconnect: %s%s%s:%u, the kept connection had closed (%e)",
                           c->endpoint.ipv6_literal ? "[" : "", c->endpoint.host,
                           c->endpoint.ipv6_literal ? "]" : "", (unsigned)c->endpoint.port,
                           (int)closed);
            }
        }
        /* A new id per request sent (a reconnect's retry is another
         * request); kept in out even when no reply comes. */
        amsop__client_request_id(&c->sys, out->client_request_id);
        err = amsop__request_send(c, rq, out->client_request_id);
        if (err == AMSOP_OK) {
            c->stats.requests++;
            err = read_reply(c, out, &got_bytes);
        }
        if (err == AMSOP_OK) {
            c->stats.replies++;
            c->_internal.reused = 1;
            if (!amsop_http_keep_alive(&c->_internal.http))
                disconnect(c);
            err = interpret(c, out);
            if (err != AMSOP_OK && err != AMSOP_ERR_HTTP_STATUS)
                scrub(out);
            return err;
        }
        disconnect(c);
        scrub(out);
        /* A kept connection the server closed while idle: try once more on a
         * fresh one, but only if not a byte of a reply had come back. */
        if (!(was_reused && !got_bytes &&
              (err == AMSOP_ERR_NET_CLOSED || err == AMSOP_ERR_NET_SEND ||
               err == AMSOP_ERR_NET_RECV)))
            return err;
        closed = err;
    }
    return AMSOP_ERR_NET_CLOSED;
}

/* With a provider: a token that is valid now (fetched or refreshed over
 * the provider's own connection, never this one), checked like a fixed one:
 * whatever the provider hands out must not be able to split the request. */
static amsop_err_t provide_token(amsop_client_t *c, int force)
{
    const amsop_token_provider_t *tp = &c->token_provider;
    amsop_err_t err = tp->refresh(tp->ctx, force, c->_internal.wire.deadline,
                                  c->_internal.wire.deadline_err, &c->token, &c->token_len);
    if (err == AMSOP_OK && !amsop__token_ok(c->token, c->token_len))
        err = AMSOP_ERR_TOKEN;
    if (err != AMSOP_OK) {
        c->token = NULL;
        c->token_len = 0;
    }
    return err;
}

amsop_err_t amsop__exchange(amsop_client_t *c, const amsop__request_t *rq, amsop_result_t *out)
{
    int force = 0;

    /* One loop, not a wrapper around exchange_once: a frame less on the
     * deepest stack path. */
    for (;;) {
        amsop_err_t err;

        if (c->token_provider.refresh != NULL) {
            err = provide_token(c, force);
            if (err != AMSOP_OK) {
                if (!force)
                    amsop_result_clear(out);
                return err; /* after a 401, *out keeps the 401 that led here */
            }
        }
        err = exchange_once(c, rq, out);
        if (force || c->token_provider.refresh == NULL || err != AMSOP_ERR_HTTP_STATUS ||
            out->http_status != 401)
            return err;
        force = 1; /* expired early or revoked: one fresh token, one more try */
    }
}

amsop_err_t amsop__status_read(amsop_client_t *c, const amsop_target_t *t, uint64_t deadline,
                               amsop_err_t deadline_err, amsop_result_t *out)
{
    amsop_err_t err;

    /* The request lives in the client, not in this frame: the wait loop's
     * deepest stack path runs through here. */
    amsop__begin(c, deadline, deadline_err);
    amsop__status_request(c, t, &c->_internal.status_rq);
    err = amsop__exchange(c, &c->_internal.status_rq, out);
    if (err == AMSOP_OK && !(out->present & AMSOP_FIELD_BIT(AMSOP_FIELD_STATUS))) {
        scrub(out);
        return AMSOP_ERR_JSON_SCHEMA; /* a 2xx status read must name a status */
    }
    return err;
}

int amsop__target_ok(const amsop_target_t *t)
{
    size_t i;

    if (t == NULL || t->path_len == 0 || t->path_len >= sizeof(t->path) || t->path[0] != '/' ||
        t->path[t->path_len] != '\0')
        return 0;
    /* The struct is public: a hand-filled one must never split the request
     * that carries the token. */
    for (i = 0; i < t->path_len; i++) {
        unsigned char ch = (unsigned char)t->path[i];
        if (ch <= 0x20u || ch >= 0x7Fu || ch == '?' || ch == '#')
            return 0;
    }
    if (memchr(t->api_version, '\0', sizeof(t->api_version)) == NULL)
        return 0;
    return t->api_version[0] == '\0' || check_api_version(t->api_version) == AMSOP_OK;
}

amsop_err_t amsop_client_get(amsop_client_t *c, const amsop_target_t *t, amsop_result_t *out)
{
    if (c == NULL || out == NULL || !amsop__target_ok(t))
        return AMSOP_ERR_INVALID_ARG;
    return amsop__status_read(c, t, c->sys.now_ms(c->sys.ctx) + CONFIG_AMSOP_REQUEST_TIMEOUT_MS,
                              AMSOP_ERR_TIMEOUT, out);
}
