/* SPDX-License-Identifier: MIT */
/* The incremental HTTP/1.1 reply parser on real ARM reply shapes: any split
 * of the bytes gives the same result, every truncation is detected, every
 * limit holds, nothing is written past a buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>

#include "amsop_http.h"
#include "amsop_json.h"
#include "test_util.h"

#define BODY_CAP 2048
#define CANARY   0xC5u
#define PAD      64

static const char async_url[] =
    "https://management.azure.com/subscriptions/0a6ec948-5a62-437d-b9df-934dc7c1b722/"
    "resourceGroups/mediaresources/providers/Microsoft.Media/mediaservices/slitestmedia10/"
    "liveeventoperations/62e4d893-d233-4005-988e-a428d9f77076?api-version=2022-11-01";
static const char location_url[] =
    "https://management.azure.com/subscriptions/0a6ec948-5a62-437d-b9df-934dc7c1b722/"
    "resourceGroups/mediaresources/providers/Microsoft.Media/mediaservices/slitestmedia10/"
    "liveevents/myLiveEvent1/operationlocations/62e4d893-d233-4005-988e-a428d9f77076"
    "?api-version=2022-11-01";

/* What one parse produced. */
typedef struct outcome {
    amsop_err_t err; /* first error of feed, else of eof (when asked) */
    size_t consumed; /* total bytes the parser took */
    int done;
    int keep_alive;
    size_t body_len;
    amsop_result_t r;
    uint8_t mem[BODY_CAP + PAD]; /* body buffer + canary */
} outcome_t;

static amsop_http_parser_t parser;

/* Feeds msg in pieces ending at cuts[0..ncuts) (increasing) and then the
 * rest; calls eof afterwards if with_eof. */
static void run(const uint8_t *msg, size_t len, const size_t *cuts, size_t ncuts, int with_eof,
                size_t body_cap, outcome_t *o)
{
    size_t pos = 0;
    size_t k;
    size_t c;

    memset(o, 0, sizeof(*o));
    memset(o->mem, CANARY, sizeof o->mem);
    amsop_http_begin(&parser, &o->r, o->mem, body_cap);
    o->err = AMSOP_OK;
    for (k = 0; k <= ncuts && o->err == AMSOP_OK; k++) {
        size_t end = (k < ncuts) ? cuts[k] : len;
        size_t used = 0;
        if (end < pos)
            end = pos;
        o->err = amsop_http_feed(&parser, msg + pos, end - pos, &used);
        assert_true(used <= end - pos);
        o->consumed += used;
        if (o->err == AMSOP_OK && used < end - pos) {
            /* only allowed once the reply is complete */
            assert_true(amsop_http_done(&parser));
            break;
        }
        pos = end;
    }
    if (o->err == AMSOP_OK && with_eof)
        o->err = amsop_http_eof(&parser);
    o->done = amsop_http_done(&parser);
    o->keep_alive = amsop_http_keep_alive(&parser);
    o->body_len = amsop_http_body_len(&parser);
    for (c = body_cap; c < sizeof o->mem; c++)
        assert_int_equal(o->mem[c], CANARY);
}

static void run_whole(const char *msg, size_t len, int with_eof, outcome_t *o)
{
    run((const uint8_t *)msg, len, NULL, 0, with_eof, BODY_CAP, o);
}

static void run_str(const char *msg, outcome_t *o)
{
    run_whole(msg, strlen(msg), 0, o);
}

static void assert_same(const outcome_t *a, const outcome_t *b)
{
    assert_int_equal(a->err, b->err);
    assert_int_equal(a->consumed, b->consumed);
    assert_int_equal(a->done, b->done);
    assert_int_equal(a->keep_alive, b->keep_alive);
    assert_int_equal(a->body_len, b->body_len);
    assert_memory_equal(a->mem, b->mem, a->body_len);
    assert_int_equal(a->r.http_status, b->r.http_status);
    assert_int_equal(a->r.retry_after_s, b->r.retry_after_s);
    assert_int_equal(a->r.present, b->r.present);
    assert_int_equal(a->r.truncated, b->r.truncated);
    assert_string_equal(a->r.request_id, b->r.request_id);
    assert_string_equal(a->r.correlation_id, b->r.correlation_id);
    assert_string_equal(a->r.async_operation, b->r.async_operation);
    assert_string_equal(a->r.location, b->r.location);
    assert_string_equal(a->r.content_type, b->r.content_type);
    assert_memory_equal(&a->r, &b->r, sizeof a->r);
}

/* Whole, byte by byte, every split in two and in three around it; all the
 * same. Then every strict prefix + eof: truncated (or, when the body runs
 * to the close, complete with the body seen so far), never an error from
 * feed itself. */
static void check_all_splits(const char *msg, size_t len, int close_delimited,
                             const outcome_t *want)
{
    static outcome_t got;
    size_t *cuts = malloc(len * sizeof(size_t));
    size_t k;

    assert_non_null(cuts);
    for (k = 0; k < len; k++)
        cuts[k] = k + 1;
    run((const uint8_t *)msg, len, cuts, len, close_delimited, BODY_CAP, &got);
    assert_same(want, &got);
    for (k = 0; k <= len; k++) {
        size_t three[2];
        run((const uint8_t *)msg, len, &k, 1, close_delimited, BODY_CAP, &got);
        assert_same(want, &got);
        three[0] = k / 2;
        three[1] = k;
        run((const uint8_t *)msg, len, three, 2, close_delimited, BODY_CAP, &got);
        assert_same(want, &got);
    }
    for (k = 0; k < len; k++) {
        size_t used = 0;
        amsop_err_t e;
        memset(got.mem, CANARY, sizeof got.mem);
        amsop_http_begin(&parser, &got.r, got.mem, BODY_CAP);
        e = amsop_http_feed(&parser, (const uint8_t *)msg, k, &used);
        assert_int_equal(e, AMSOP_OK);
        assert_int_equal(used, k);
        e = amsop_http_eof(&parser);
        if (close_delimited && amsop_http_body_len(&parser) > 0) {
            assert_int_equal(e, AMSOP_OK);
            assert_true(amsop_http_done(&parser));
            assert_memory_equal(got.mem, want->mem, amsop_http_body_len(&parser));
        } else if (close_delimited && e == AMSOP_OK) {
            /* the headers just ended: an empty body so far */
            assert_int_equal(amsop_http_body_len(&parser), 0);
        } else {
            assert_int_equal(e, AMSOP_ERR_HTTP_TRUNCATED);
            assert_false(amsop_http_done(&parser));
            /* sticky */
            assert_int_equal(amsop_http_eof(&parser), AMSOP_ERR_HTTP_TRUNCATED);
        }
        assert_false(amsop_http_keep_alive(&parser) && !amsop_http_done(&parser));
    }
    free(cuts);
}

/* The documented 200 body, as ARM sends it: pretty-printed with CR LF. */
static size_t vector_body(char *out, size_t cap)
{
    static const char *const path[] = {"responses", "200", "body"};
    size_t len = 0;
    size_t s;
    size_t e;
    char *js = tu_load_vector("operation-inprogress.json", &len);
    size_t n;
    assert_non_null(js);
    assert_true(tu_json_find(js, len, path, 3, &s, &e));
    n = tu_crlf(js + s, e - s, out, cap);
    free(js);
    assert_true(n > 0);
    assert_non_null(memchr(out, '\r', n));
    return n;
}

static void test_arm_200_chunked(void **state)
{
    static char body[2048];
    static char msg[8192];
    static outcome_t want;
    static amsop_json_token_t toks[64];
    size_t body_len = vector_body(body, sizeof body);
    char extra[1024];
    size_t len;
    (void)state;

    snprintf(extra, sizeof extra, "Retry-After: 10\r\nAzure-AsyncOperation: %s\r\nLocation: %s\r\n",
             async_url, location_url);
    /* chunks of 37 bytes: several chunks, CR LF of the JSON split across them */
    len = tu_build_reply(msg, sizeof msg, "HTTP/1.1 200 OK", extra, body, body_len, 37);
    assert_true(len > 0);
    run_whole(msg, len, 0, &want);
    assert_int_equal(want.err, AMSOP_OK);
    assert_true(want.done);
    assert_true(want.keep_alive);
    assert_int_equal(want.consumed, len);
    assert_int_equal(want.r.http_status, 200);
    assert_int_equal(want.r.retry_after_s, 10);
    assert_int_equal(want.body_len, body_len);
    assert_memory_equal(want.mem, body, body_len);
    assert_string_equal(want.r.request_id, "1b9ab4d4-4e43-4c5d-9b1e-6f0d4b0e3c2a");
    assert_string_equal(want.r.correlation_id, "8f5a6c1e-2b3d-4e5f-a6b7-c8d9e0f1a2b3");
    assert_string_equal(want.r.content_type, "application/json; charset=utf-8");
    assert_string_equal(want.r.async_operation, async_url);
    assert_string_equal(want.r.location, location_url);
    assert_int_equal(want.r.truncated, 0);
    assert_int_equal(want.r.present, AMSOP_FIELD_BIT(AMSOP_FIELD_REQUEST_ID) |
                                         AMSOP_FIELD_BIT(AMSOP_FIELD_CORRELATION_ID) |
                                         AMSOP_FIELD_BIT(AMSOP_FIELD_ASYNC_OPERATION) |
                                         AMSOP_FIELD_BIT(AMSOP_FIELD_LOCATION) |
                                         AMSOP_FIELD_BIT(AMSOP_FIELD_CONTENT_TYPE));
    /* the body the parser kept is the JSON the extractor reads */
    assert_int_equal(amsop_json_extract((const char *)want.mem, want.body_len, toks, 64, &want.r),
                     AMSOP_OK);
    assert_string_equal(want.r.name, "62e4d893-d233-4005-988e-a428d9f77076");
    assert_int_equal(want.r.status, AMSOP_STATUS_IN_PROGRESS);
    run_whole(msg, len, 0, &want);
    check_all_splits(msg, len, 0, &want);
}

static void test_arm_404_content_length(void **state)
{
    static const char body[] =
        "{\r\n  \"error\": {\r\n    \"code\": \"ResourceNotFound\",\r\n    \"message\": \"The "
        "Resource 'Microsoft.Media/mediaservices/slitestmedia10' under resource group "
        "'mediaresources' was not found.\"\r\n  }\r\n}";
    static char msg[4096];
    static outcome_t want;
    size_t len = tu_build_reply(msg, sizeof msg, "HTTP/1.1 404 Not Found",
                                "x-ms-failure-cause: gateway\r\n", body, sizeof body - 1, 0);
    (void)state;
    assert_true(len > 0);
    run_whole(msg, len, 0, &want);
    assert_int_equal(want.err, AMSOP_OK);
    assert_int_equal(want.r.http_status, 404);
    assert_int_equal(want.body_len, sizeof body - 1);
    assert_memory_equal(want.mem, body, sizeof body - 1);
    assert_true(want.keep_alive);
    assert_int_equal(want.r.retry_after_s, -1);
    check_all_splits(msg, len, 0, &want);
}

static void test_arm_202_accepted_no_body(void **state)
{
    static char msg[4096];
    static outcome_t want;
    char extra[1024];
    size_t len;
    (void)state;
    snprintf(extra, sizeof extra, "Azure-AsyncOperation: %s\r\nLocation: %s\r\nRetry-After: 0\r\n",
             async_url, location_url);
    len = tu_build_reply(msg, sizeof msg, "HTTP/1.1 202 Accepted", extra, "", 0, 0);
    run_whole(msg, len, 0, &want);
    assert_int_equal(want.err, AMSOP_OK);
    assert_true(want.done);
    assert_int_equal(want.r.http_status, 202);
    assert_int_equal(want.body_len, 0);
    assert_int_equal(want.r.retry_after_s, 0);
    assert_string_equal(want.r.async_operation, async_url);
    assert_string_equal(want.r.location, location_url);
    check_all_splits(msg, len, 0, &want);
}

static void test_throttled_429(void **state)
{
    static const char body[] =
        "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"Rate limit exceeded.\"}}";
    static char msg[4096];
    static outcome_t want;
    size_t len = tu_build_reply(msg, sizeof msg, "HTTP/1.1 429 Too Many Requests",
                                "Retry-After: 17\r\n", body, sizeof body - 1, 16);
    (void)state;
    run_whole(msg, len, 0, &want);
    assert_int_equal(want.err, AMSOP_OK);
    assert_int_equal(want.r.http_status, 429);
    assert_int_equal(want.r.retry_after_s, 17);
    assert_memory_equal(want.mem, body, sizeof body - 1);
    check_all_splits(msg, len, 0, &want);
}

static void test_read_until_close(void **state)
{
    static const char msg[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n"
                              "{\"status\":\"Succeeded\"}";
    static outcome_t want;
    (void)state;
    run_whole(msg, sizeof msg - 1, 0, &want);
    assert_int_equal(want.err, AMSOP_OK);
    assert_false(want.done); /* only the close ends it */
    run_whole(msg, sizeof msg - 1, 1, &want);
    assert_int_equal(want.err, AMSOP_OK);
    assert_true(want.done);
    assert_false(want.keep_alive);
    assert_int_equal(want.body_len, strlen("{\"status\":\"Succeeded\"}"));
    assert_memory_equal(want.mem, "{\"status\":\"Succeeded\"}", want.body_len);
    check_all_splits(msg, sizeof msg - 1, 1, &want);
}

static void test_interim_100_skipped(void **state)
{
    static const char msg[] = "HTTP/1.1 100 Continue\r\n\r\n"
                              "HTTP/1.1 200 OK\r\nContent-Length: 24\r\n\r\n"
                              "{\"status\":\"InProgress\"}\n";
    static outcome_t want;
    (void)state;
    run_whole(msg, sizeof msg - 1, 0, &want);
    assert_int_equal(want.err, AMSOP_OK);
    assert_int_equal(want.r.http_status, 200);
    assert_int_equal(want.body_len, 24);
    assert_true(want.done);
    check_all_splits(msg, sizeof msg - 1, 0, &want);
}

static void test_204_has_no_body(void **state)
{
    static const char msg[] = "HTTP/1.1 204 No Content\r\nx-ms-request-id: abc\r\n\r\n";
    static outcome_t o;
    (void)state;
    run_str(msg, &o);
    assert_int_equal(o.err, AMSOP_OK);
    assert_true(o.done);
    assert_int_equal(o.r.http_status, 204);
    assert_int_equal(o.body_len, 0);
    assert_int_equal(o.consumed, sizeof msg - 1);
    assert_string_equal(o.r.request_id, "abc");
    check_all_splits(msg, sizeof msg - 1, 0, &o);
}

static void test_chunk_extensions_and_trailers(void **state)
{
    static const char msg[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                              "5;name=value\r\n{\"sta\r\n"
                              "11 ; q=\"x\"\r\ntus\":\"Succeeded\"}\r\n"
                              "0;last\r\nX-Trailer: one\r\nServer-Timing: t=1\r\n\r\n";
    static outcome_t o;
    (void)state;
    run_str(msg, &o);
    assert_int_equal(o.err, AMSOP_OK);
    assert_true(o.done);
    assert_int_equal(o.consumed, sizeof msg - 1);
    assert_int_equal(o.body_len, 22);
    assert_memory_equal(o.mem, "{\"status\":\"Succeeded\"}", 22);
    check_all_splits(msg, sizeof msg - 1, 0, &o);
}

static void test_bare_lf_line_ends(void **state)
{
    static const char lf[] = "HTTP/1.1 200 OK\nx-ms-request-id: r1\nTransfer-Encoding: chunked\n\n"
                             "3\nabc\n2\nde\n0\n\n";
    static const char crlf[] =
        "HTTP/1.1 200 OK\r\nx-ms-request-id: r1\r\nTransfer-Encoding: chunked\r\n\r\n"
        "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
    static outcome_t a;
    static outcome_t b;
    (void)state;
    run_str(lf, &a);
    run_str(crlf, &b);
    assert_int_equal(a.err, AMSOP_OK);
    assert_int_equal(b.err, AMSOP_OK);
    assert_int_equal(a.consumed, sizeof lf - 1);
    b.consumed = a.consumed; /* lengths differ by the CRs only */
    assert_same(&a, &b);
    assert_memory_equal(a.mem, "abcde", 5);
    assert_string_equal(a.r.request_id, "r1");
    check_all_splits(lf, sizeof lf - 1, 0, &a);
}

static void test_header_names_case_insensitive_and_ows(void **state)
{
    static const char msg[] = "HTTP/1.1 200 OK\r\n"
                              "X-MS-REQUEST-ID:  \t req-1 \t \r\n"
                              "x-Ms-Correlation-Request-Id:corr-2\r\n"
                              "CONTENT-TYPE: application/json; charset=utf-8   \r\n"
                              "RETRY-AFTER:   5  \r\n"
                              "transfer-encoding: CHUNKED\r\n\r\n"
                              "2\r\n{}\r\n0\r\n\r\n";
    static outcome_t o;
    (void)state;
    run_str(msg, &o);
    assert_int_equal(o.err, AMSOP_OK);
    assert_true(o.done);
    assert_string_equal(o.r.request_id, "req-1");
    assert_string_equal(o.r.correlation_id, "corr-2");
    assert_string_equal(o.r.content_type, "application/json; charset=utf-8");
    assert_int_equal(o.r.retry_after_s, 5);
    assert_int_equal(o.body_len, 2);
    check_all_splits(msg, sizeof msg - 1, 0, &o);
}

static void test_empty_captured_value_is_present_and_empty(void **state)
{
    static outcome_t o;
    (void)state;
    run_str("HTTP/1.1 200 OK\r\nx-ms-request-id:   \r\nContent-Length: 0\r\n\r\n", &o);
    assert_int_equal(o.err, AMSOP_OK);
    assert_string_equal(o.r.request_id, "");
    assert_true(o.r.present & AMSOP_FIELD_BIT(AMSOP_FIELD_REQUEST_ID));
}

static amsop_err_t parse_err(const char *msg)
{
    static outcome_t o;
    run_str(msg, &o);
    return o.err;
}

static amsop_err_t parse_err_eof(const char *msg)
{
    static outcome_t o;
    run_whole(msg, strlen(msg), 1, &o);
    return o.err;
}

static void test_content_length_framing(void **state)
{
    static outcome_t o;
    (void)state;
    run_str("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}", &o);
    assert_int_equal(o.err, AMSOP_OK);
    assert_true(o.done);
    assert_int_equal(o.body_len, 2);
    run_str("HTTP/1.1 200 OK\r\nContent-Length: 0002\r\n\r\n{}", &o);
    assert_int_equal(o.err, AMSOP_OK);
    assert_int_equal(o.body_len, 2);
    assert_int_equal(parse_err("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n"),
                     AMSOP_ERR_HTTP_FRAMING);
    assert_int_equal(parse_err("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"),
                     AMSOP_ERR_HTTP_FRAMING);
    assert_int_equal(parse_err("HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n"),
                     AMSOP_ERR_HTTP_FRAMING);
    assert_int_equal(parse_err("HTTP/1.1 200 OK\r\nContent-Length: 1 2\r\n\r\n"),
                     AMSOP_ERR_HTTP_FRAMING);
    assert_int_equal(parse_err("HTTP/1.1 200 OK\r\nContent-Length: 0x10\r\n\r\n"),
                     AMSOP_ERR_HTTP_FRAMING);
    assert_int_equal(parse_err("HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n"),
                     AMSOP_ERR_HTTP_FRAMING);
    assert_int_equal(parse_err("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n"
                               "\r\n"),
                     AMSOP_ERR_HTTP_FRAMING);
    /* longer than the scratch the parser interprets values in */
    assert_int_equal(
        parse_err("HTTP/1.1 200 OK\r\nContent-Length: "
                  "0000000000000000000000000000000000000000000000000000000002\r\n\r\n"),
        AMSOP_ERR_HTTP_FRAMING);
    /* a number, but larger than the body buffer */
    assert_int_equal(parse_err("HTTP/1.1 200 OK\r\nContent-Length: 4294967296\r\n\r\n"),
                     AMSOP_ERR_BODY_TOO_LARGE);
    assert_int_equal(parse_err("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                               "Transfer-Encoding: chunked\r\n\r\n"),
                     AMSOP_ERR_HTTP_FRAMING);
    assert_int_equal(parse_err("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                               "Content-Length: 2\r\n\r\n"),
                     AMSOP_ERR_HTTP_FRAMING);
    assert_int_equal(parse_err("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                               "Transfer-Encoding: chunked\r\n\r\n"),
                     AMSOP_ERR_HTTP_FRAMING);
}

static void test_encodings_refused(void **state)
{
    static outcome_t o;
    (void)state;
    assert_int_equal(parse_err("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n"
                               "Content-Length: 2\r\n\r\n{}"),
                     AMSOP_ERR_HTTP_ENCODING);
    assert_int_equal(parse_err("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n"),
                     AMSOP_ERR_HTTP_ENCODING);
    assert_int_equal(parse_err("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"),
                     AMSOP_ERR_HTTP_ENCODING);
    run_str("HTTP/1.1 200 OK\r\nContent-Encoding: identity\r\nContent-Length: 2\r\n\r\n{}", &o);
    assert_int_equal(o.err, AMSOP_OK);
    assert_true(o.done);
}

static void test_chunk_errors(void **state)
{
    static const char head[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    static const struct {
        const char *chunks;
        amsop_err_t err;
    } cases[] = {
        {"10000000\r\n", AMSOP_ERR_HTTP_CHUNK}, /* over the chunk size limit */
        {"FFFFFFFFFFFFFFFFFFFF\r\n", AMSOP_ERR_HTTP_CHUNK},
        {"3\r\nabcd\r\n0\r\n\r\n", AMSOP_ERR_HTTP_CHUNK}, /* data longer than its size */
        {"g\r\n", AMSOP_ERR_HTTP_CHUNK},
        {"\r\n", AMSOP_ERR_HTTP_CHUNK},
        {";ext\r\n", AMSOP_ERR_HTTP_CHUNK},
        {" 3\r\n", AMSOP_ERR_HTTP_CHUNK},
        {"-1\r\n", AMSOP_ERR_HTTP_CHUNK},
        {"3\rX", AMSOP_ERR_HTTP_CHUNK},
        {"3;a\x01\r\n", AMSOP_ERR_HTTP_CHUNK},
        {"FFFFFFF\r\n", AMSOP_ERR_BODY_TOO_LARGE}, /* at the limit: too large for the body */
        {"2\r\n{}\r\n0\r\n trailer\r\n\r\n", AMSOP_ERR_HTTP_HEADER},
    };
    size_t k;
    char msg[256];
    (void)state;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        snprintf(msg, sizeof msg, "%s%s", head, cases[k].chunks);
        assert_int_equal(parse_err(msg), cases[k].err);
    }
    /* last chunk missing, connection closed */
    snprintf(msg, sizeof msg, "%s2\r\n{}\r\n", head);
    assert_int_equal(parse_err(msg), AMSOP_OK);
    assert_int_equal(parse_err_eof(msg), AMSOP_ERR_HTTP_TRUNCATED);
    snprintf(msg, sizeof msg, "%s2\r\n{}\r\n0\r\n", head);
    assert_int_equal(parse_err_eof(msg), AMSOP_ERR_HTTP_TRUNCATED);
    snprintf(msg, sizeof msg, "%s2\r\n{}\r\n0\r\nX-T: 1\r\n", head);
    assert_int_equal(parse_err_eof(msg), AMSOP_ERR_HTTP_TRUNCATED);
}

static void test_bad_status_lines(void **state)
{
    static const char *const lines[] = {
        "HTTP/2 200 OK\r\n",
        "HTTP/1.1 20 OK\r\n",
        "HTTP/1.1 2000 OK\r\n",
        "HTTP/1.1 2x0 OK\r\n",
        "HTTP/1.1 abc OK\r\n",
        "HTTP/1.1200 OK\r\n",
        "HTTP/1.1  200 OK\r\n",
        "http/1.1 200 OK\r\n",
        "HTTPS/1.1 200 OK\r\n",
        "HTTP/1.x 200 OK\r\n",
        "HTTP/1.1 099 OK\r\n",
        "HTTP/1.1 20\r\n",
        "HTTP/1.1 200OK\r\n",
        "HTTP/1.1 200 O\x01K\r\n",
        "\r\n",
        " HTTP/1.1 200 OK\r\n",
        "HTTP/1.1\r\n",
        "HTTP/1.1 101 Switching\r\n\r\n",
        "HTTP/1.1 200 OK\rX",
    };
    size_t k;
    (void)state;
    for (k = 0; k < sizeof lines / sizeof lines[0]; k++) {
        amsop_err_t e = parse_err(lines[k]);
        if (e != AMSOP_ERR_HTTP_STATUS_LINE)
            fail_msg("status line %zu \"%s\": %s", k, lines[k], amsop_err_name(e));
    }
    /* sticky: feeding more returns the same error, eof too */
    {
        static outcome_t o;
        size_t used = 7;
        run_str("HTTP/2 200 OK\r\n", &o);
        assert_int_equal(amsop_http_feed(&parser, (const uint8_t *)"x", 1, &used),
                         AMSOP_ERR_HTTP_STATUS_LINE);
        assert_int_equal(used, 0);
        assert_int_equal(amsop_http_eof(&parser), AMSOP_ERR_HTTP_STATUS_LINE);
    }
}

static void test_bad_header_lines(void **state)
{
    static const char *const heads[] = {
        "HTTP/1.1 200 OK\r\nx-ms-request-id: a\r\n folded\r\n\r\n", /* obs-fold */
        "HTTP/1.1 200 OK\r\nx-ms-request-id: a\r\n\tfolded\r\n\r\n",
        "HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n",
        "HTTP/1.1 200 OK\r\nName : value\r\n\r\n",
        "HTTP/1.1 200 OK\r\n: value\r\n\r\n",
        "HTTP/1.1 200 OK\r\nNoColon\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX: a\x01b\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX(y): 1\r\n\r\n",
    };
    size_t k;
    (void)state;
    for (k = 0; k < sizeof heads / sizeof heads[0]; k++) {
        amsop_err_t e = parse_err(heads[k]);
        if (e != AMSOP_ERR_HTTP_HEADER)
            fail_msg("header case %zu: %s", k, amsop_err_name(e));
    }
}

/* Every byte of every wanted header name (the framing headers the reader
 * interprets and the captures a result keeps), replaced by a byte that is
 * not a token character, fails the line: a name is never matched by
 * folding a separator or control byte into a letter, digit or '-' (CR | 0x20
 * is '-'). Positive control: the same byte upper-cased (or kept) at that
 * position still reaches the field. */
static void test_non_token_byte_in_wanted_name(void **state)
{
    static const struct {
        const char *name;
        size_t field; /* offset of the captured field, or SIZE_MAX */
    } names[] = {
        {"content-length", SIZE_MAX},
        {"transfer-encoding", SIZE_MAX},
        {"connection", SIZE_MAX},
        {"retry-after", SIZE_MAX},
        {"content-encoding", SIZE_MAX},
        {"x-ms-request-id", offsetof(amsop_result_t, request_id)},
        {"x-ms-correlation-request-id", offsetof(amsop_result_t, correlation_id)},
        {"azure-asyncoperation", offsetof(amsop_result_t, async_operation)},
        {"location", offsetof(amsop_result_t, location)},
        {"content-type", offsetof(amsop_result_t, content_type)},
    };
    static const uint8_t bad[] = {0x00, 0x01, 0x09, 0x0B, 0x0D, 0x0A, 0x10, 0x19, 0x1F, 0x20,
                                  0x7F, '"',  '(',  ')',  ',',  '/',  ';',  '<',  '=',  '>',
                                  '?',  '@',  '[',  '\\', ']',  '{',  '}',  0x80, 0xC3, 0xFF};
    static outcome_t o;
    size_t n;
    (void)state;
    for (n = 0; n < sizeof names / sizeof names[0]; n++) {
        size_t len = strlen(names[n].name);
        size_t i;
        for (i = 0; i < len; i++) {
            char msg[160];
            char *at;
            size_t b;
            int w =
                snprintf(msg, sizeof msg, "HTTP/1.1 200 OK\r\n%s: v\r\nContent-Length: 0\r\n\r\n",
                         names[n].name);
            assert_true(w > 0 && (size_t)w < sizeof msg);
            at = msg + 17 + i;
            for (b = 0; b < sizeof bad; b++) {
                amsop_err_t e;
                if (i == 0 && (bad[b] == '\n' || bad[b] == '\r'))
                    continue; /* there, a line end: the empty line */
                *at = (char)bad[b];
                run((const uint8_t *)msg, (size_t)w, NULL, 0, 0, BODY_CAP, &o);
                e = o.err;
                if (e != AMSOP_ERR_HTTP_HEADER)
                    fail_msg("%s, byte %zu = 0x%02x: %s", names[n].name, i, bad[b],
                             amsop_err_name(e));
            }
            /* the control: the name's own byte, upper-cased when a letter */
            *at = (char)toupper((unsigned char)names[n].name[i]);
            run_str(msg, &o);
            if (names[n].field != SIZE_MAX) {
                assert_int_equal(o.err, AMSOP_OK);
                assert_string_equal((const char *)&o.r + names[n].field, "v");
            } else {
                assert_int_not_equal(o.err, AMSOP_ERR_HTTP_HEADER);
            }
        }
    }
}

/* A caller's capture names may hold any token characters: only ASCII
 * letters compare without case (RFC 9110), so "x^y" is not "x~y", "x_y"
 * is itself, "X-A" is "x-a", and a name that is a prefix of another
 * ("x-a" beside "x-ab") is told apart at its end. */
static void test_capture_names_exact_bytes(void **state)
{
    static const char reply[] = "HTTP/1.1 200 OK\r\nx^y: 1\r\nX_Y: 2\r\nX-AB: 3\r\nx-a: 4\r\n"
                                "x-abc: 5\r\nContent-Length: 0\r\n\r\n";
    static char buf[4][8];
    static const amsop_http_capture_t caps[] = {
        {"x~y", 3, 0, 8, 1u}, {"x_y", 3, 8, 8, 2u}, {"x-ab", 4, 16, 8, 4u}, {"x-a", 3, 24, 8, 8u}};
    amsop_http_fields_t out;
    uint32_t whole = 0;
    uint32_t cut = 0;
    int status = 0;
    int32_t retry = 0;
    size_t used = 0;
    (void)state;
    memset(buf, 'z', sizeof buf);
    out.caps = caps;
    out.ncaps = 4;
    out.base = buf;
    out.whole = &whole;
    out.cut = &cut;
    out.status = &status;
    out.retry_after_s = &retry;
    amsop_http_start(&parser, &out, NULL, 0, NULL, NULL);
    assert_int_equal(amsop_http_feed(&parser, (const uint8_t *)reply, sizeof reply - 1, &used),
                     AMSOP_OK);
    assert_true(amsop_http_done(&parser));
    assert_int_equal(whole, 2u | 4u | 8u); /* not x~y */
    assert_string_equal(buf[0], "");
    assert_string_equal(buf[1], "2");
    assert_string_equal(buf[2], "3");
    assert_string_equal(buf[3], "4");
}

/* One header line "<name>: v" fed whole, one byte at a time, and split in
 * two at every point; the field at offset off must read want ("v" or "")
 * in each. */
static void check_name_every_split(const char *name, size_t off, const char *want)
{
    static char msg[160];
    static outcome_t o;
    static size_t cuts[160];
    size_t len;
    size_t k;

    len = (size_t)snprintf(msg, sizeof msg, "HTTP/1.1 200 OK\r\n%s: v\r\nContent-Length: 0\r\n\r\n",
                           name);
    assert_true(len < sizeof msg);
    for (k = 0; k + 1u < len; k++)
        cuts[k] = k + 1u;
    for (k = 0; k <= len + 1u; k++) {
        if (k == len + 1u)
            run((const uint8_t *)msg, len, cuts, len - 1u, 0, BODY_CAP, &o); /* byte by byte */
        else
            run((const uint8_t *)msg, len, &k, k < len ? 1u : 0u, 0, BODY_CAP, &o);
        assert_int_equal(o.err, AMSOP_OK);
        assert_true(o.done);
        assert_string_equal((const char *)&o.r + off, want);
    }
}

/* The headers the ARM result keeps (lower case, as registered) and the
 * field each goes to. */
static const struct {
    const char *name;
    size_t off;
} arm_kept[] = {
    {"x-ms-request-id", offsetof(amsop_result_t, request_id)},
    {"x-ms-correlation-request-id", offsetof(amsop_result_t, correlation_id)},
    {"azure-asyncoperation", offsetof(amsop_result_t, async_operation)},
    {"location", offsetof(amsop_result_t, location)},
    {"content-type", offsetof(amsop_result_t, content_type)},
};

/* Each header the ARM result keeps is told from every name one byte off
 * it: the same length with any one byte changed, one byte shorter, one
 * longer; and read under its name in upper and in mixed case. A name split
 * over pieces is compared span by span, so every split point is tried. */
static void test_capture_name_near_misses(void **state)
{
    char name[64];
    size_t n;
    size_t i;
    (void)state;

    for (n = 0; n < sizeof arm_kept / sizeof arm_kept[0]; n++) {
        size_t len = strlen(arm_kept[n].name);
        assert_true(len + 2u < sizeof name);
        for (i = 0; i < len; i++) /* upper case */
            name[i] = (char)toupper((unsigned char)arm_kept[n].name[i]);
        name[len] = '\0';
        check_name_every_split(name, arm_kept[n].off, "v");
        for (i = 0; i < len; i++) /* mixed case */
            name[i] =
                (char)(i % 2u ? toupper((unsigned char)arm_kept[n].name[i]) : arm_kept[n].name[i]);
        check_name_every_split(name, arm_kept[n].off, "v");
        for (i = 0; i < len; i++) { /* one byte changed, at each place */
            char c = arm_kept[n].name[i];
            memcpy(name, arm_kept[n].name, len + 1u);
            name[i] = c == '-' ? 'a' : (c == 'z' ? 'y' : (c >= '0' && c <= '9' ? 'q' : '-'));
            check_name_every_split(name, arm_kept[n].off, "");
        }
        memcpy(name, arm_kept[n].name, len - 1u); /* one byte shorter */
        name[len - 1u] = '\0';
        check_name_every_split(name, arm_kept[n].off, "");
        memcpy(name, arm_kept[n].name, len); /* one byte longer */
        name[len] = 'x';
        name[len + 1u] = '\0';
        check_name_every_split(name, arm_kept[n].off, "");
    }
}

static void test_connection_and_versions(void **state)
{
    static outcome_t o;
    (void)state;
    run_str("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n{}", &o);
    assert_int_equal(o.err, AMSOP_OK);
    assert_true(o.done);
    assert_false(o.keep_alive);
    run_str("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\n{}", &o);
    assert_true(o.done);
    assert_true(o.keep_alive);
    run_str("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\n{}", &o);
    assert_true(o.keep_alive);
    run_str("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}", &o);
    assert_true(o.done);
    assert_false(o.keep_alive);
    run_str("HTTP/1.1 200 OK\r\nConnection: TE, Close\r\nContent-Length: 2\r\n\r\n{}", &o);
    assert_false(o.keep_alive);
    run_str("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\n{}", &o);
    assert_true(o.keep_alive);
    run_str("HTTP/1.1 200 OK\r\nConnection: closed\r\nContent-Length: 2\r\n\r\n{}", &o);
    assert_true(o.keep_alive); /* "closed" is not "close" */
    run_str("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{", &o);
    assert_false(o.done);
    assert_false(o.keep_alive); /* not before the reply is complete */
}

static void test_retry_after_values(void **state)
{
    static const struct {
        const char *value;
        int32_t want;
    } cases[] = {
        {"0", 0},
        {"1", 1},
        {"120", 120},
        {"2147483647", INT32_MAX},
        {"2147483648", INT32_MAX},
        {"99999999999999999999999999", INT32_MAX},
        {"-1", -1},
        {"+5", -1},
        {"1.5", -1},
        {"Wed, 21 Oct 2015 07:28:00 GMT", -1},
        {"", -1},
    };
    size_t k;
    char msg[256];
    static outcome_t o;
    (void)state;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        snprintf(msg, sizeof msg,
                 "HTTP/1.1 429 Too Many\r\nRetry-After: %s\r\nContent-Length: 0\r\n\r\n",
                 cases[k].value);
        run_str(msg, &o);
        assert_int_equal(o.err, AMSOP_OK);
        if (o.r.retry_after_s != cases[k].want)
            fail_msg("Retry-After \"%s\": got %d want %d", cases[k].value, (int)o.r.retry_after_s,
                     (int)cases[k].want);
    }
    run_str("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", &o);
    assert_int_equal(o.r.retry_after_s, -1);
}

/* A reply with one header line "name: ppp..." of n bytes before its line end. */
static char *reply_with_line(const char *name, size_t n, const char *eol)
{
    static const char head[] = "HTTP/1.1 200 OK\r\n";
    static const char tail[] = "Content-Length: 0\r\n\r\n";
    char *msg = malloc(sizeof head + n + 2 + sizeof tail);
    size_t pos = sizeof head - 1;
    size_t nl = strlen(name);
    assert_non_null(msg);
    assert_true(n > nl + 2);
    memcpy(msg, head, pos);
    memcpy(msg + pos, name, nl);
    memcpy(msg + pos + nl, ": ", 2);
    memset(msg + pos + nl + 2, 'p', n - nl - 2);
    pos += n;
    memcpy(msg + pos, eol, strlen(eol));
    pos += strlen(eol);
    memcpy(msg + pos, tail, sizeof tail);
    return msg;
}

/* line_byte counts each byte of a line up to and including the first byte
 * of its line end (the CR of CR LF, or a bare LF): the line's content may
 * have at most CONFIG_AMSOP_HEADER_LINE_MAX - 1 bytes. */
static void test_header_line_limit(void **state)
{
    static const char *const eols[] = {"\r\n", "\n"};
    static const char *const names[] = {"X-Pad", "Location", "Retry-After"};
    size_t e;
    size_t k;
    (void)state;
    for (e = 0; e < 2; e++) {
        for (k = 0; k < 3; k++) {
            char *ok = reply_with_line(names[k], CONFIG_AMSOP_HEADER_LINE_MAX - 1, eols[e]);
            char *over = reply_with_line(names[k], CONFIG_AMSOP_HEADER_LINE_MAX, eols[e]);
            static outcome_t o;
            run_str(ok, &o);
            assert_int_equal(o.err, AMSOP_OK);
            assert_true(o.done);
            assert_int_equal(parse_err(over), AMSOP_ERR_HTTP_HEADER_TOO_LONG);
            free(ok);
            free(over);
        }
    }
}

static void test_status_and_chunk_line_limits(void **state)
{
    static const char head[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;";
    size_t n = CONFIG_AMSOP_HEADER_LINE_MAX + 16;
    char *msg = malloc(n + 128);
    (void)state;
    assert_non_null(msg);
    memcpy(msg, "HTTP/1.1 200 ", 13);
    memset(msg + 13, 'K', n);
    strcpy(msg + 13 + n, "\r\n\r\n");
    assert_int_equal(parse_err(msg), AMSOP_ERR_HTTP_STATUS_LINE);
    memcpy(msg, head, sizeof head - 1);
    memset(msg + sizeof head - 1, 'e', n);
    strcpy(msg + sizeof head - 1 + n, "\r\n{}\r\n0\r\n\r\n");
    assert_int_equal(parse_err(msg), AMSOP_ERR_HTTP_HEADER_TOO_LONG);
    free(msg);
}

static char *reply_with_headers(unsigned count)
{
    char *msg = malloc(64 + (size_t)count * 32);
    size_t pos;
    unsigned k;
    assert_non_null(msg);
    pos = (size_t)sprintf(msg, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n");
    for (k = 1; k < count; k++)
        pos += (size_t)sprintf(msg + pos, "X-H%u: v\r\n", k);
    strcpy(msg + pos, "\r\n{}");
    return msg;
}

static void test_header_count_limit(void **state)
{
    char *ok = reply_with_headers(CONFIG_AMSOP_HEADER_COUNT_MAX);
    char *over = reply_with_headers(CONFIG_AMSOP_HEADER_COUNT_MAX + 1);
    static outcome_t o;
    (void)state;
    run_str(ok, &o);
    assert_int_equal(o.err, AMSOP_OK);
    assert_true(o.done);
    assert_int_equal(parse_err(over), AMSOP_ERR_HTTP_TOO_MANY_HEADERS);
    free(ok);
    free(over);
}

/* Each captured header at its limit (cap - 1 chars) and one past it. */
static void test_captured_field_limits(void **state)
{
    static const struct {
        const char *header;
        amsop_field_t field;
        size_t off;
        size_t cap;
    } cases[] = {
        {"x-ms-request-id", AMSOP_FIELD_REQUEST_ID, offsetof(amsop_result_t, request_id),
         CONFIG_AMSOP_REQUEST_ID_MAX},
        {"x-ms-correlation-request-id", AMSOP_FIELD_CORRELATION_ID,
         offsetof(amsop_result_t, correlation_id), CONFIG_AMSOP_REQUEST_ID_MAX},
        {"Azure-AsyncOperation", AMSOP_FIELD_ASYNC_OPERATION,
         offsetof(amsop_result_t, async_operation), CONFIG_AMSOP_ASYNC_OPERATION_MAX},
        {"Location", AMSOP_FIELD_LOCATION, offsetof(amsop_result_t, location),
         CONFIG_AMSOP_ASYNC_OPERATION_MAX},
        {"Content-Type", AMSOP_FIELD_CONTENT_TYPE, offsetof(amsop_result_t, content_type),
         CONFIG_AMSOP_CONTENT_TYPE_MAX},
    };
    size_t k;
    (void)state;
    assert_int_equal(sizeof(((amsop_result_t *)0)->request_id), CONFIG_AMSOP_REQUEST_ID_MAX);
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        size_t extra;
        for (extra = 0; extra <= 2; extra++) {
            size_t vlen = cases[k].cap - 1 + extra;
            char *value = malloc(vlen + 1);
            char *msg = malloc(vlen + 256);
            static outcome_t o;
            const char *got;
            size_t i;
            assert_non_null(value);
            assert_non_null(msg);
            for (i = 0; i < vlen; i++)
                value[i] = (char)('a' + (i % 26));
            value[vlen] = '\0';
            /* trailing blanks after the value must not count */
            sprintf(msg, "HTTP/1.1 200 OK\r\n%s: %s  \t\r\nContent-Length: 0\r\n\r\n",
                    cases[k].header, value);
            run_str(msg, &o);
            assert_int_equal(o.err, AMSOP_OK);
            got = (const char *)&o.r + cases[k].off;
            assert_true(o.r.present & AMSOP_FIELD_BIT(cases[k].field));
            if (extra == 0) {
                assert_string_equal(got, value);
                assert_false(o.r.truncated & AMSOP_FIELD_BIT(cases[k].field));
            } else {
                assert_int_equal(strlen(got), cases[k].cap - 1);
                assert_memory_equal(got, value, cases[k].cap - 1);
                assert_true(o.r.truncated & AMSOP_FIELD_BIT(cases[k].field));
            }
            assert_int_equal(o.r.truncated & ~AMSOP_FIELD_BIT(cases[k].field), 0);
            free(value);
            free(msg);
        }
    }
}

/* Non-ASCII header bytes are kept visible but inert. */
static void test_non_ascii_header_value(void **state)
{
    static outcome_t o;
    (void)state;
    run_str("HTTP/1.1 200 OK\r\nx-ms-request-id: r\xC3\xA9q\r\nContent-Length: 0\r\n\r\n", &o);
    assert_int_equal(o.err, AMSOP_OK);
    assert_string_equal(o.r.request_id, "r??q");
}

/* RFC 9110 5.5: a control byte in a field value is invalid; NUL, CR and
 * LF must fail the message, the others may be kept "within a safe
 * context". A captured value is one (the caller validates it: the ARM
 * layer refuses such an operation URL with the 202 kept and shows it
 * escaped), so there each other control byte is kept as it is, in every
 * position and every split; a framing header the reader interprets, or a
 * header nobody captures (test_bad_header_lines), still fails the line. */
static void test_control_bytes_in_captured_value(void **state)
{
    static const char *const framing[] = {"Content-Length", "Transfer-Encoding", "Connection",
                                          "Retry-After", "Content-Encoding"};
    static const uint8_t kept[] = {0x01, 0x08, 0x0B, 0x0C, 0x0E, 0x1B, 0x1F, 0x7F};
    static const char *const forms[] = {"%c", "a%cb", "ab%c", "%c%c"};
    static outcome_t o;
    static outcome_t whole;
    char msg[160];
    size_t n;
    size_t b;
    size_t f;
    int w;
    (void)state;
    for (n = 0; n < sizeof arm_kept / sizeof arm_kept[0]; n++) {
        for (b = 0; b < sizeof kept; b++) {
            for (f = 0; f < sizeof forms / sizeof forms[0]; f++) {
                char val[8];
                w = snprintf(val, sizeof val, forms[f], kept[b], kept[b]);
                assert_true(w > 0 && (size_t)w < sizeof val);
                w = snprintf(msg, sizeof msg,
                             "HTTP/1.1 202 Accepted\r\n%s: %s\r\nContent-Length: 0\r\n\r\n",
                             arm_kept[n].name, val);
                assert_true(w > 0 && (size_t)w < sizeof msg);
                run_whole(msg, (size_t)w, 0, &whole);
                if (whole.err != AMSOP_OK)
                    fail_msg("%s: 0x%02x form %zu: %s", arm_kept[n].name, kept[b], f,
                             amsop_err_name(whole.err));
                assert_string_equal((const char *)&whole.r + arm_kept[n].off, val);
                assert_int_equal(whole.r.http_status, 202);
                check_all_splits(msg, (size_t)w, 0, &whole);
            }
        }
        /* NUL and a bare CR fail the reply even in a captured value */
        w = snprintf(msg, sizeof msg, "HTTP/1.1 202 Accepted\r\n%s: a?b\r\n\r\n", arm_kept[n].name);
        assert_true(w > 0 && (size_t)w < sizeof msg);
        *strchr(msg + 20, '?') = '\0';
        run_whole(msg, (size_t)w, 0, &o);
        assert_int_equal(o.err, AMSOP_ERR_HTTP_HEADER);
        *strchr(msg + 20, '\0') = '\r';
        run_whole(msg, (size_t)w, 0, &o);
        assert_int_equal(o.err, AMSOP_ERR_HTTP_HEADER);
    }
    for (n = 0; n < sizeof framing / sizeof framing[0]; n++) {
        for (b = 0; b < sizeof kept; b++) {
            w = snprintf(msg, sizeof msg, "HTTP/1.1 200 OK\r\n%s: 1%c\r\n\r\n", framing[n],
                         kept[b]);
            assert_true(w > 0 && (size_t)w < sizeof msg);
            run_whole(msg, (size_t)w, 0, &o);
            if (o.err != AMSOP_ERR_HTTP_HEADER)
                fail_msg("%s: 0x%02x: %s", framing[n], kept[b], amsop_err_name(o.err));
        }
    }
}

/* Bodies larger than the buffer: refused, and no byte written past it. */
static void test_body_too_large_no_overflow(void **state)
{
    static const size_t cap = 64;
    static outcome_t o;
    static char msg[4096];
    static char big[200];
    size_t len;
    (void)state;
    memset(big, 'x', sizeof big);

    /* Content-Length one over / exactly at the cap */
    len = (size_t)sprintf(msg, "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n", cap + 1);
    memcpy(msg + len, big, cap + 1);
    run((const uint8_t *)msg, len + cap + 1, NULL, 0, 0, cap, &o);
    assert_int_equal(o.err, AMSOP_ERR_BODY_TOO_LARGE);
    len = (size_t)sprintf(msg, "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n", cap);
    memcpy(msg + len, big, cap);
    run((const uint8_t *)msg, len + cap, NULL, 0, 0, cap, &o);
    assert_int_equal(o.err, AMSOP_OK);
    assert_int_equal(o.body_len, cap);

    /* chunked: the second chunk would overflow */
    len = tu_build_reply(msg, sizeof msg, "HTTP/1.1 200 OK", NULL, big, cap + 1, 40);
    run((const uint8_t *)msg, len, NULL, 0, 0, cap, &o);
    assert_int_equal(o.err, AMSOP_ERR_BODY_TOO_LARGE);
    assert_int_equal(o.body_len, 40);
    len = tu_build_reply(msg, sizeof msg, "HTTP/1.1 200 OK", NULL, big, cap, 40);
    run((const uint8_t *)msg, len, NULL, 0, 0, cap, &o);
    assert_int_equal(o.err, AMSOP_OK);
    assert_int_equal(o.body_len, cap);
    /* one single chunk over the cap, byte by byte */
    len = tu_build_reply(msg, sizeof msg, "HTTP/1.1 200 OK", NULL, big, cap + 1, 100);
    {
        size_t cuts[4096];
        size_t i;
        for (i = 0; i < len; i++)
            cuts[i] = i + 1;
        run((const uint8_t *)msg, len, cuts, len, 0, cap, &o);
        assert_int_equal(o.err, AMSOP_ERR_BODY_TOO_LARGE);
    }

    /* read-until-close */
    len = (size_t)sprintf(msg, "HTTP/1.1 200 OK\r\n\r\n");
    memcpy(msg + len, big, cap + 1);
    run((const uint8_t *)msg, len + cap + 1, NULL, 0, 1, cap, &o);
    assert_int_equal(o.err, AMSOP_ERR_BODY_TOO_LARGE);
    {
        size_t cuts[2] = {len + 10, len + cap};
        run((const uint8_t *)msg, len + cap + 1, cuts, 2, 1, cap, &o);
        assert_int_equal(o.err, AMSOP_ERR_BODY_TOO_LARGE);
        assert_int_equal(o.body_len, cap);
        run((const uint8_t *)msg, len + cap, cuts, 2, 1, cap, &o);
        assert_int_equal(o.err, AMSOP_OK);
        assert_int_equal(o.body_len, cap);
    }
}

static void test_extra_bytes_after_reply(void **state)
{
    static const char one[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
    static const char chunked[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                  "2\r\n{}\r\n0\r\n\r\n";
    char msg[256];
    size_t used = 0;
    static amsop_result_t r;
    static uint8_t body[64];
    (void)state;
    sprintf(msg, "%sHTTP/1.1 200 OK\r\n", one);
    amsop_http_begin(&parser, &r, body, sizeof body);
    assert_int_equal(amsop_http_feed(&parser, (const uint8_t *)msg, strlen(msg), &used), AMSOP_OK);
    assert_int_equal(used, sizeof one - 1);
    assert_true(amsop_http_done(&parser));
    sprintf(msg, "%sjunk", chunked);
    amsop_http_begin(&parser, &r, body, sizeof body);
    assert_int_equal(amsop_http_feed(&parser, (const uint8_t *)msg, strlen(msg), &used), AMSOP_OK);
    assert_int_equal(used, sizeof chunked - 1);
    /* Content-Length body followed by more bytes in the same read */
    sprintf(msg, "%sXYZ", one);
    amsop_http_begin(&parser, &r, body, sizeof body);
    assert_int_equal(amsop_http_feed(&parser, (const uint8_t *)msg, strlen(msg), &used), AMSOP_OK);
    assert_int_equal(used, sizeof one - 1);
    assert_memory_equal(body, "{}", 2);
    /* a complete reply takes nothing more */
    assert_int_equal(amsop_http_feed(&parser, (const uint8_t *)"XYZ", 3, &used), AMSOP_OK);
    assert_int_equal(used, 0);
    assert_int_equal(amsop_http_eof(&parser), AMSOP_OK);
}

/* A field marked present holds one whole header value at every point of
 * the parse, so a reply cut short (the client then keeps the header
 * fields for a support ticket) never shows a mix of two values. */
static void test_present_fields_whole_at_every_prefix(void **state)
{
    static const char msg[] = "HTTP/1.1 200 OK\r\n"
                              "x-ms-request-id: first-request-id-value\r\n"
                              "Content-Type: application/json\r\n"
                              "x-ms-request-id: 2nd\r\n"
                              "Content-Type: text/x\r\n"
                              "Content-Length: 2\r\n\r\n{}";
    static amsop_result_t r;
    static uint8_t body[16];
    size_t k;
    (void)state;
    for (k = 0; k <= sizeof msg - 1; k++) {
        size_t used = 0;
        amsop_http_begin(&parser, &r, body, sizeof body);
        assert_int_equal(amsop_http_feed(&parser, (const uint8_t *)msg, k, &used), AMSOP_OK);
        if (r.present & AMSOP_FIELD_BIT(AMSOP_FIELD_REQUEST_ID)) {
            if (strcmp(r.request_id, "first-request-id-value") != 0 &&
                strcmp(r.request_id, "2nd") != 0)
                fail_msg("after %zu bytes request_id \"%s\" is marked present", k, r.request_id);
        }
        if (r.present & AMSOP_FIELD_BIT(AMSOP_FIELD_CONTENT_TYPE)) {
            if (strcmp(r.content_type, "application/json") != 0 &&
                strcmp(r.content_type, "text/x") != 0)
                fail_msg("after %zu bytes content_type \"%s\" is marked present", k,
                         r.content_type);
        }
    }
    assert_string_equal(r.request_id, "2nd"); /* the last one wins */
    assert_string_equal(r.content_type, "text/x");
}

/* begin() resets everything: a parser reused for a second reply. */
static void test_parser_reuse(void **state)
{
    static outcome_t o;
    (void)state;
    run_str("HTTP/1.1 500 Oops\r\nRetry-After: 3\r\nx-ms-request-id: a\r\nConnection: close\r\n"
            "Content-Length: 0\r\n\r\n",
            &o);
    assert_int_equal(o.r.http_status, 500);
    assert_false(o.keep_alive);
    run_str("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", &o);
    assert_int_equal(o.r.http_status, 200);
    assert_int_equal(o.r.retry_after_s, -1);
    assert_string_equal(o.r.request_id, "");
    assert_int_equal(o.r.present, 0);
    assert_true(o.keep_alive);
}

/* The accessors: the status and body length as the reader has them, and a
 * sink switched at the first body byte (as the client picks its decoder)
 * taking the rest; a NULL sink is ignored, so the bytes still arrive. */
typedef struct {
    char got[32];
    size_t len;
    int calls;
} sink_log_t;

static sink_log_t first_log;
static sink_log_t rest_log;

static void log_bytes(sink_log_t *l, const uint8_t *d, size_t n)
{
    assert_true(l->len + n < sizeof l->got);
    memcpy(l->got + l->len, d, n);
    l->len += n;
    l->calls++;
}

static void rest_sink(void *ctx, const uint8_t *d, size_t n)
{
    (void)ctx;
    log_bytes(&rest_log, d, n);
}

static void first_sink(void *ctx, const uint8_t *d, size_t n)
{
    amsop_http_parser_t *p = ctx;
    log_bytes(&first_log, d, 1);
    amsop_http_set_sink(p, rest_sink, NULL);
    if (n > 1)
        rest_sink(NULL, d + 1, n - 1);
}

static void test_accessors_and_sink_switch(void **state)
{
    static const char reply[] = "HTTP/1.1 201 Created\r\nContent-Length: 10\r\n\r\n0123456789";
    static char none[1];
    amsop_http_fields_t out;
    uint32_t whole = 0;
    uint32_t cut = 0;
    int status = 0;
    int32_t retry = 0;
    size_t i;
    size_t used = 0;
    (void)state;
    memset(&out, 0, sizeof out);
    out.base = none;
    out.whole = &whole;
    out.cut = &cut;
    out.status = &status;
    out.retry_after_s = &retry;
    memset(&first_log, 0, sizeof first_log);
    memset(&rest_log, 0, sizeof rest_log);
    amsop_http_start(&parser, &out, NULL, 0, first_sink, &parser);
    assert_int_equal(amsop_http_status(&parser), 0);
    /* a byte at a time up to the first body byte, then the rest at once */
    for (i = 0; i < (size_t)(strstr(reply, "\r\n\r\n") + 4 - reply); i++)
        assert_int_equal(amsop_http_feed(&parser, (const uint8_t *)reply + i, 1, &used), AMSOP_OK);
    assert_int_equal(amsop_http_status(&parser), 201);
    assert_int_equal(amsop_http_body_len(&parser), 0);
    amsop_http_set_sink(&parser, NULL, NULL); /* ignored: first_sink stays */
    assert_int_equal(amsop_http_feed(&parser, (const uint8_t *)reply + i, 2, &used), AMSOP_OK);
    assert_int_equal(amsop_http_body_len(&parser), 2);
    assert_int_equal(
        amsop_http_feed(&parser, (const uint8_t *)reply + i + 2, sizeof reply - 3 - i, &used),
        AMSOP_OK);
    assert_true(amsop_http_done(&parser));
    assert_int_equal(amsop_http_body_len(&parser), 10);
    assert_int_equal(first_log.calls, 1);
    assert_memory_equal(first_log.got, "0", 1);
    assert_int_equal(rest_log.len, 9);
    assert_memory_equal(rest_log.got, "123456789", 9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arm_200_chunked),
        cmocka_unit_test(test_accessors_and_sink_switch),
        cmocka_unit_test(test_arm_404_content_length),
        cmocka_unit_test(test_arm_202_accepted_no_body),
        cmocka_unit_test(test_throttled_429),
        cmocka_unit_test(test_read_until_close),
        cmocka_unit_test(test_interim_100_skipped),
        cmocka_unit_test(test_204_has_no_body),
        cmocka_unit_test(test_chunk_extensions_and_trailers),
        cmocka_unit_test(test_bare_lf_line_ends),
        cmocka_unit_test(test_header_names_case_insensitive_and_ows),
        cmocka_unit_test(test_empty_captured_value_is_present_and_empty),
        cmocka_unit_test(test_content_length_framing),
        cmocka_unit_test(test_encodings_refused),
        cmocka_unit_test(test_chunk_errors),
        cmocka_unit_test(test_bad_status_lines),
        cmocka_unit_test(test_bad_header_lines),
        cmocka_unit_test(test_control_bytes_in_captured_value),
        cmocka_unit_test(test_non_token_byte_in_wanted_name),
        cmocka_unit_test(test_capture_names_exact_bytes),
        cmocka_unit_test(test_capture_name_near_misses),
        cmocka_unit_test(test_connection_and_versions),
        cmocka_unit_test(test_retry_after_values),
        cmocka_unit_test(test_header_line_limit),
        cmocka_unit_test(test_status_and_chunk_line_limits),
        cmocka_unit_test(test_header_count_limit),
        cmocka_unit_test(test_captured_field_limits),
        cmocka_unit_test(test_non_ascii_header_value),
        cmocka_unit_test(test_body_too_large_no_overflow),
        cmocka_unit_test(test_extra_bytes_after_reply),
        cmocka_unit_test(test_present_fields_whole_at_every_prefix),
        cmocka_unit_test(test_parser_reuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
