/* SPDX-License-Identifier: MIT */
/* The token provider's pure parts: form encoding, token reply parsing
 * (2, 8 and 12 KB tokens and the limit), Azure AD error replies, and the
 * expiry arithmetic on a fake clock (the clock is the system boundary the
 * core is given through amsop_sys_t). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amsop.h"
#include "aad_internal.h"
#include "form.h"

/* --- form encoding ---------------------------------------------------------- */

/* Independent decoder: '+' is space, %XX a byte; anything else as is. */
static size_t form_decode(const char *s, size_t n, char *out)
{
    size_t i, k = 0;
    for (i = 0; i < n; i++) {
        if (s[i] == '+') {
            out[k++] = ' ';
        } else if (s[i] == '%') {
            unsigned v;
            char hex[3] = {s[i + 1], s[i + 2], 0};
            assert_int_equal(sscanf(hex, "%2X", &v), 1);
            assert_true((hex[0] < 'a' || hex[0] > 'f') && (hex[1] < 'a' || hex[1] > 'f'));
            out[k++] = (char)v;
            i += 2;
        } else {
            assert_true(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~",
                               s[i]) != NULL);
            out[k++] = s[i];
        }
    }
    return k;
}

static void test_form_known_values(void **state)
{
    char out[128];
    size_t used = 0;
    size_t n;
    const char *scope = "https://management.azure.com/.default";
    const char *secret = "a+b/c=d&e f~g%";
    (void)state;

    n = amsop__form_encode(scope, strlen(scope), &used, out, sizeof out);
    out[n] = '\0';
    assert_string_equal(out, "https%3A%2F%2Fmanagement.azure.com%2F.default");
    assert_int_equal(used, strlen(scope));
    assert_int_equal(amsop__form_encoded_len(scope, strlen(scope)), n);

    n = amsop__form_encode(secret, strlen(secret), &used, out, sizeof out);
    out[n] = '\0';
    assert_string_equal(out, "a%2Bb%2Fc%3Dd%26e+f~g%25");
    assert_int_equal(amsop__form_encoded_len(secret, strlen(secret)), n);
}

/* Every byte value, encoded through every output size from 1 to 7: escapes
 * are never split, nothing is written past cap, and decoding gives the
 * input back. */
static void test_form_all_bytes_all_splits(void **state)
{
    char in[256];
    char enc[1024];
    char dec[256];
    size_t cap;
    int i;
    (void)state;

    for (i = 0; i < 256; i++)
        in[i] = (char)i;
    for (cap = 1; cap <= 7; cap++) {
        size_t off = 0, len = 0;
        while (off < sizeof in) {
            char piece[8];
            size_t used = 0;
            size_t k;
            memset(piece, '#', sizeof piece);
            k = amsop__form_encode(in + off, sizeof in - off, &used, piece, cap);
            assert_true(k <= cap);
            assert_int_equal(piece[cap], '#'); /* nothing past cap */
            if (cap >= 3)
                assert_true(used > 0);
            else if (used == 0)
                break; /* a %XX escape cannot fit in 1 or 2 bytes */
            memcpy(enc + len, piece, k);
            len += k;
            off += used;
        }
        if (cap >= 3) {
            assert_int_equal(off, sizeof in);
            assert_int_equal(len, amsop__form_encoded_len(in, sizeof in));
            assert_int_equal(form_decode(enc, len, dec), sizeof in);
            assert_memory_equal(dec, in, sizeof in);
        }
    }
}

/* --- token replies ------------------------------------------------------------ */

static amsop_json_token_t toks[CONFIG_AMSOP_AAD_JSON_TOKENS];
static char body[CONFIG_AMSOP_AAD_TOKEN_BUFFER_SIZE + 1024];

/* A JWT-shaped token of exactly n bytes (base64url alphabet, two dots). */
static void make_token(char *out, size_t n, unsigned seed)
{
    static const char alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t i;
    for (i = 0; i < n; i++)
        out[i] = alpha[(i * 7u + seed * 13u + (i >> 5)) % 64u];
    out[n / 3] = '.';
    out[2 * n / 3] = '.';
    out[n] = '\0';
}

static size_t token_reply(char *out, size_t cap, const char *token, const char *expires)
{
    int w = snprintf(out, cap,
                     "{\"token_type\":\"Bearer\",\"expires_in\":%s,\"ext_expires_in\":3599,"
                     "\"access_token\":\"%s\"}",
                     expires, token);
    assert_true(w > 0 && (size_t)w < cap);
    return (size_t)w;
}

static void check_size(size_t n)
{
    static char token[16384];
    amsop_aad_grant_t g;
    amsop_aad_error_t e;
    size_t len;

    make_token(token, n, (unsigned)n);
    len = token_reply(body, sizeof body, token, "3599");
    assert_int_equal(
        amsop_aad_parse_reply(200, body, len, toks, CONFIG_AMSOP_AAD_JSON_TOKENS, &g, &e),
        AMSOP_OK);
    assert_int_equal(g.token_len, n);
    assert_memory_equal(body + g.token_off, token, n);
    assert_int_equal(g.expires_in_s, 3599);
}

static void test_token_sizes_2_8_12_kb(void **state)
{
    (void)state;
    check_size(2048);
    check_size(8192);
    check_size(12288);
}

static void test_token_reply_shapes(void **state)
{
    static const char *const bad[] = {
        "{\"token_type\":\"Bearer\",\"expires_in\":3599}",                       /* no token */
        "{\"token_type\":\"Bearer\",\"access_token\":\"abc\"}",                  /* no expiry */
        "{\"token_type\":\"pop\",\"expires_in\":3599,\"access_token\":\"abc\"}", /* not Bearer */
        "{\"token_type\":\"Bearer\",\"expires_in\":0,\"access_token\":\"abc\"}",
        "{\"token_type\":\"Bearer\",\"expires_in\":-5,\"access_token\":\"abc\"}",
        "{\"token_type\":\"Bearer\",\"expires_in\":99999999999,\"access_token\":\"abc\"}",
        "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"a b\"}",
        "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"a\\r\\nX: y\"}",
        "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":12}",
        "[\"Bearer\"]",
        "not json",
    };
    amsop_aad_grant_t g;
    amsop_aad_error_t e;
    size_t i;
    const char *v1 =
        "{\"token_type\":\"bearer\",\"expires_in\":\"3599\",\"access_token\":\"a.b-c\"}";
    (void)state;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        amsop_err_t err = amsop_aad_parse_reply(200, bad[i], strlen(bad[i]), toks,
                                                CONFIG_AMSOP_AAD_JSON_TOKENS, &g, &e);
        if (err != AMSOP_ERR_AAD_REPLY)
            fail_msg("reply %zu gave %s", i, amsop_err_name(err));
        assert_int_equal(g.token_len, 0);
    }
    /* v1.0 endpoints send expires_in as a string; token_type case varies. */
    assert_int_equal(
        amsop_aad_parse_reply(200, v1, strlen(v1), toks, CONFIG_AMSOP_AAD_JSON_TOKENS, &g, &e),
        AMSOP_OK);
    assert_int_equal(g.expires_in_s, 3599);
    assert_int_equal(g.token_len, 5);
    /* Too few jsmn tokens is its own error. */
    assert_int_equal(amsop_aad_parse_reply(200, v1, strlen(v1), toks, 3, &g, &e),
                     AMSOP_ERR_AAD_REPLY);
}

/* --- Azure AD error replies ------------------------------------------------- */

static void test_aad_error_fields(void **state)
{
    const char *js =
        "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client "
        "secret provided.\\r\\nTrace ID: 0e2b\\u00e9\\r\\nTimestamp: 2024-05-01 10:00:00Z\","
        "\"error_codes\":[7000215,50012],\"timestamp\":\"2024-05-01 10:00:00Z\","
        "\"trace_id\":\"0e2b8f3c-4a51-4c0b-9d1c-6a0d7f0e1200\","
        "\"correlation_id\":\"8d2a9c3e-5b62-4d1c-8e2d-7b1e8f1f2311\","
        "\"error_uri\":\"https://login.microsoftonline.com/error?code=7000215\"}";
    amsop_aad_grant_t g;
    amsop_aad_error_t e;
    (void)state;

    assert_int_equal(
        amsop_aad_parse_reply(401, js, strlen(js), toks, CONFIG_AMSOP_AAD_JSON_TOKENS, &g, &e),
        AMSOP_ERR_AAD);
    assert_int_equal(e.http_status, 401);
    assert_string_equal(e.error, "invalid_client");
    assert_string_equal(e.description, "AADSTS7000215: Invalid client secret provided.\r\nTrace "
                                       "ID: 0e2b\xc3\xa9\r\nTimestamp: 2024-05-01 10:00:00Z");
    assert_string_equal(e.error_codes, "7000215,50012");
    assert_string_equal(e.trace_id, "0e2b8f3c-4a51-4c0b-9d1c-6a0d7f0e1200");
    assert_string_equal(e.correlation_id, "8d2a9c3e-5b62-4d1c-8e2d-7b1e8f1f2311");
    assert_int_equal(e.truncated, 0);
    assert_string_equal(amsop_err_name(AMSOP_ERR_AAD), "AMSOP_ERR_AAD");
}

static void test_aad_error_cut_and_not_json(void **state)
{
    static char js[4096];
    amsop_aad_grant_t g;
    amsop_aad_error_t e;
    size_t i, n;
    (void)state;

    n = (size_t)snprintf(js, sizeof js, "{\"error\":\"invalid_request\",\"error_description\":\"");
    for (i = 0; i < 2 * CONFIG_AMSOP_AAD_ERROR_DESCRIPTION_MAX; i++)
        js[n++] = 'x';
    n += (size_t)snprintf(js + n, sizeof js - n, "\"}");
    assert_int_equal(amsop_aad_parse_reply(400, js, n, toks, CONFIG_AMSOP_AAD_JSON_TOKENS, &g, &e),
                     AMSOP_ERR_AAD);
    assert_int_equal(e.truncated, 1);
    assert_int_equal(strlen(e.description), CONFIG_AMSOP_AAD_ERROR_DESCRIPTION_MAX - 1);
    assert_string_equal(e.error, "invalid_request");
    /* An HTML error page from a proxy: the status is kept, fields empty. */
    assert_int_equal(amsop_aad_parse_reply(502, "<html>bad gateway</html>", 24, toks,
                                           CONFIG_AMSOP_AAD_JSON_TOKENS, &g, &e),
                     AMSOP_ERR_AAD);
    assert_int_equal(e.http_status, 502);
    assert_string_equal(e.error, "");
}

/* --- expiry arithmetic on a fake clock -------------------------------------- */

static uint64_t fake_now;
static uint64_t clock_now(void *ctx)
{
    (void)ctx;
    return fake_now;
}
static void clock_sleep(void *ctx, uint32_t ms)
{
    (void)ctx;
    fake_now += ms;
}
static uint32_t clock_random(void *ctx)
{
    (void)ctx;
    return 4;
}
/* The provider here never connects: any use of the network fails the test. */
static amsop_err_t net_open(void *ctx, const char *host, uint16_t port, uint32_t t)
{
    (void)ctx;
    (void)host;
    (void)port;
    (void)t;
    fail_msg("the provider connected");
    return AMSOP_ERR_NET_CONNECT;
}
static amsop_err_t net_send(void *ctx, const uint8_t *b, size_t n, uint32_t t, size_t *sent)
{
    (void)ctx;
    (void)b;
    (void)n;
    (void)t;
    (void)sent;
    fail_msg("the provider sent");
    return AMSOP_ERR_NET_SEND;
}
static amsop_err_t net_recv(void *ctx, uint8_t *b, size_t n, uint32_t t, size_t *got)
{
    (void)ctx;
    (void)b;
    (void)n;
    (void)t;
    (void)got;
    fail_msg("the provider received");
    return AMSOP_ERR_NET_RECV;
}
static void net_close(void *ctx)
{
    (void)ctx;
}

static amsop_aad_t provider;

static void init_provider(uint32_t margin_s)
{
    amsop_aad_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    cfg.client_id = "f5a2c0de-0000-4000-8000-000000000001";
    cfg.client_secret = "s3cr3t~value";
    cfg.refresh_margin_s = margin_s;
    cfg.transport.open = net_open;
    cfg.transport.send = net_send;
    cfg.transport.recv = net_recv;
    cfg.transport.close = net_close;
    cfg.sys.now_ms = clock_now;
    cfg.sys.sleep_ms = clock_sleep;
    cfg.sys.random = clock_random;
    assert_int_equal(amsop_aad_init(&provider, &cfg), AMSOP_OK);
}

/* Puts a token reply where the provider reads replies, as if it came in. */
static void deliver(const char *token, const char *expires, int status)
{
    size_t n = token_reply(provider._internal.buf, sizeof provider._internal.buf, token, expires);
    assert_int_equal(amsop__aad_accept(&provider, status, n, fake_now),
                     status == 200 ? AMSOP_OK : AMSOP_ERR_AAD);
}

static void test_refresh_at_arithmetic(void **state)
{
    (void)state;
    /* The margin before expiry ... */
    assert_int_equal(amsop_aad_refresh_at(1000, 3599, 300), 1000 + 3299000ull);
    /* ... but never more than half the lifetime (short-lived tokens). */
    assert_int_equal(amsop_aad_refresh_at(1000, 60, 300), 1000 + 30000ull);
    assert_int_equal(amsop_aad_refresh_at(0, 1, 300), 500ull);
    assert_int_equal(amsop_aad_refresh_at(5, 3600, 0), 5 + 3600000ull);
    /* No overflow for the largest expires_in and a clock far from zero. */
    assert_int_equal(amsop_aad_refresh_at(UINT64_C(1) << 40, UINT32_MAX, 300),
                     (UINT64_C(1) << 40) + (uint64_t)UINT32_MAX * 1000u - 300000u);
}

static void test_fake_clock_refresh(void **state)
{
    const char *tok;
    size_t len;
    (void)state;

    fake_now = 1000000;
    init_provider(0); /* 0: the Kconfig default margin */
    assert_int_equal(provider._internal.margin_s, CONFIG_AMSOP_AAD_REFRESH_MARGIN_S);
    assert_true(amsop_aad_needs_refresh(&provider));
    deliver("eyJ0.eyJhdWQ.c2ln", "3599", 200);
    assert_false(amsop_aad_needs_refresh(&provider));
    assert_string_equal(provider._internal.buf,
                        "eyJ0.eyJhdWQ.c2ln"); /* moved to the start, terminated */
    assert_int_equal(provider._internal.token_len, 17);
    assert_int_equal(provider._internal.expires_at_ms, 1000000 + 3599000ull);
    /* A valid token is handed out without touching the network. */
    assert_int_equal(amsop_aad_get_token(&provider, &tok, &len), AMSOP_OK);
    assert_int_equal(len, 17);
    /* One millisecond before the margin: still good; at it: refresh. */
    fake_now = 1000000 + (3599u - CONFIG_AMSOP_AAD_REFRESH_MARGIN_S) * 1000ull - 1u;
    assert_false(amsop_aad_needs_refresh(&provider));
    fake_now += 1;
    assert_true(amsop_aad_needs_refresh(&provider));
    /* A refusal leaves no token behind; the error is kept. */
    deliver("unused", "3599", 401);
    assert_true(amsop_aad_needs_refresh(&provider));
    assert_int_equal(provider._internal.have_token, 0);
    /* Invalidate (the client does it on a 401 from ARM) forgets the token. */
    deliver("eyJ0.eyJhdWQ.c2ln2", "3599", 200);
    assert_false(amsop_aad_needs_refresh(&provider));
    amsop_aad_invalidate(&provider);
    assert_true(amsop_aad_needs_refresh(&provider));
    assert_int_equal(provider._internal.buf[0], 0);
    assert_int_equal(provider.fetches, 2);
}

static void test_short_lived_token_and_close_wipes(void **state)
{
    static const char zero[sizeof(provider._internal.secret)];
    size_t i;
    (void)state;

    fake_now = 0;
    init_provider(300);
    deliver("abc.def.ghi", "4", 200); /* 4 s lifetime: refresh after 2 s, not at once */
    assert_false(amsop_aad_needs_refresh(&provider));
    fake_now = 1999;
    assert_false(amsop_aad_needs_refresh(&provider));
    fake_now = 2000;
    assert_true(amsop_aad_needs_refresh(&provider));
    assert_string_equal(provider._internal.secret, "s3cr3t~value");
    amsop_aad_close(&provider);
    assert_memory_equal(provider._internal.secret, zero, sizeof zero);
    for (i = 0; i < sizeof provider._internal.buf; i++)
        assert_int_equal(provider._internal.buf[i], 0);
}

static void test_token_larger_than_buffer(void **state)
{
    (void)state;
    fake_now = 0;
    init_provider(300);
    /* A body that fills the buffer cannot hold a terminated token. */
    assert_int_equal(amsop__aad_accept(&provider, 200, sizeof provider._internal.buf, 0),
                     AMSOP_ERR_AAD_TOKEN_TOO_LARGE);
    assert_true(amsop_aad_needs_refresh(&provider));
}

static void test_init_checks(void **state)
{
    amsop_aad_config_t cfg;
    (void)state;
    init_provider(300);
    cfg.tenant = NULL;
    memset(&cfg, 0, sizeof cfg);
    assert_int_equal(amsop_aad_init(&provider, &cfg), AMSOP_ERR_INVALID_ARG);
    cfg = (amsop_aad_config_t){0};
    cfg.transport.open = net_open;
    cfg.transport.send = net_send;
    cfg.transport.recv = net_recv;
    cfg.transport.close = net_close;
    cfg.sys.now_ms = clock_now;
    cfg.sys.sleep_ms = clock_sleep;
    cfg.sys.random = clock_random;
    cfg.client_id = "id";
    cfg.client_secret = "secret";
    cfg.tenant = "contoso.onmicrosoft.com/../x"; /* goes into the path: refused */
    assert_int_equal(amsop_aad_init(&provider, &cfg), AMSOP_ERR_INVALID_ID);
    cfg.tenant = "contoso.onmicrosoft.com";
    cfg.authority = "http://login.microsoftonline.com"; /* never plain HTTP */
    assert_int_equal(amsop_aad_init(&provider, &cfg), AMSOP_ERR_URL_SCHEME);
    cfg.authority = "https://login.chinacloudapi.cn";
    assert_int_equal(amsop_aad_init(&provider, &cfg), AMSOP_OK);
    assert_string_equal(provider.authority.host, "login.chinacloudapi.cn");
    cfg.client_secret = "";
    assert_int_equal(amsop_aad_init(&provider, &cfg), AMSOP_ERR_INVALID_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_form_known_values),
        cmocka_unit_test(test_form_all_bytes_all_splits),
        cmocka_unit_test(test_token_sizes_2_8_12_kb),
        cmocka_unit_test(test_token_reply_shapes),
        cmocka_unit_test(test_aad_error_fields),
        cmocka_unit_test(test_aad_error_cut_and_not_json),
        cmocka_unit_test(test_refresh_at_arithmetic),
        cmocka_unit_test(test_fake_clock_refresh),
        cmocka_unit_test(test_short_lived_token_and_close_wipes),
        cmocka_unit_test(test_token_larger_than_buffer),
        cmocka_unit_test(test_init_checks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
