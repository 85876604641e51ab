/* SPDX-License-Identifier: MIT */
/* Regressions found by fuzzing and the fault matrix: each test is an
 * input that once got through or left a half-written field behind. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

#include "amsop_config.h"
#include "amsop_http.h"
#include "amsop_json.h"

static amsop_json_token_t toks[CONFIG_AMSOP_JSON_TOKENS];

static amsop_err_t extract(const char *js, amsop_result_t *r)
{
    amsop_result_clear(r);
    return amsop_json_extract(js, strlen(js), toks, CONFIG_AMSOP_JSON_TOKENS, r);
}

/* jsmn accepts stray or doubled separators; amsop must not. */
static void json_bad_separators_rejected(void **state)
{
    static const char *const bad[] = {
        "{\"a\"::1,\"status\":\"Failed\"}",
        "{\"status\":\"Failed\",}",
        "{,\"status\":\"Failed\"}",
        "{\"status\":\"Failed\",,\"name\":\"x\"}",
        "{\"status\" \"Failed\"}",
        "{\"status\":\"Failed\" \"name\":\"x\"}",
        "{\"status\":\"Failed\"}}",
        "{\"status\":\"Failed\"]",
        "{\"error\":[1,]}",
        "{\"error\":[,1]}",
        "{\"error\":{\"code\":\"x\"],\"status\":\"Failed\"}",
        "{\"status\":\"Failed\"}{}",
        "{\"status\":\"Failed\"} x",
        "{\"status\":\"Fa\tiled\"}", /* raw control byte inside a string */
        "{\"status\":\"Failed\\x\"}",
        "{\"status\":\"Failed\\u12\"}",
        "{\"status\":}",
        "{\"status\"}",
        "{\"a\":1:2,\"status\":\"Failed\"}",
        "{\"a\":01,\"status\":\"Failed\"}",
        "{\"a\":-,\"status\":\"Failed\"}",
        "{\"a\":1.,\"status\":\"Failed\"}",
        "{\"a\":tru,\"status\":\"Failed\"}",
        "{1:2,\"status\":\"Failed\"}",
        "{\"status\":\"Failed\"",
        "",
        "   ",
    };
    size_t k;
    (void)state;
    for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        amsop_result_t r;
        amsop_err_t e = extract(bad[k], &r);
        if (e != AMSOP_ERR_JSON)
            fail_msg("accepted or misread (%s): %s", amsop_err_name(e), bad[k]);
        assert_int_equal(r.present, 0);
        assert_int_equal(r.status, AMSOP_STATUS_NONE);
        assert_string_equal(r.status_text, "");
    }
}

/* The validator must not reject what is valid. */
static void json_valid_forms_kept(void **state)
{
    static const char *const good[] = {
        "{\"status\":\"Failed\"}",
        (" \r\n{ \"a\" : [ ] , \"b\" : { } , \"c\" : [ 1 , -2.5e+3 , true , false , null ] ,"
         " \"d\" : \"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\" , \"status\" : \"Failed\" }\r\n"),
        "{\"x\":[[[[{}]]]],\"status\":\"Failed\"}",
        "{\"x\":0,\"y\":-0.0E-0,\"status\":\"Failed\"}",
    };
    size_t k;
    (void)state;
    for (k = 0; k < sizeof(good) / sizeof(good[0]); k++) {
        amsop_result_t r;
        amsop_err_t e = extract(good[k], &r);
        if (e != AMSOP_OK)
            fail_msg("rejected (%s): %s", amsop_err_name(e), good[k]);
        assert_int_equal(r.status, AMSOP_STATUS_FAILED);
    }
}

/* Nesting deeper than the token array is a token shortage, found without
 * recursion and without reading past the input. */
static void json_deeper_than_tokens(void **state)
{
    static char deep[2 * CONFIG_AMSOP_JSON_TOKENS + 8];
    amsop_result_t r;
    size_t k;
    (void)state;
    for (k = 0; k < CONFIG_AMSOP_JSON_TOKENS + 1; k++)
        deep[k] = '[';
    for (; k < 2 * (CONFIG_AMSOP_JSON_TOKENS + 1); k++)
        deep[k] = ']';
    deep[k] = '\0';
    assert_int_equal(extract(deep, &r), AMSOP_ERR_JSON_TOO_MANY_TOKENS);
    deep[0] = '{'; /* and invalid besides */
    assert_true(extract(deep, &r) != AMSOP_OK);
}

/* Found by fuzz_http: the connection ended inside a captured header value
 * (x-ms-correlation-request-id); the field held the partial bytes although
 * it was not marked present. */
static void http_eof_inside_header_value_leaves_it_empty(void **state)
{
    static const char reply[] = "HTTP/1.1 404 Not Found\r\n"
                                "x-ms-request-id: abc\r\n"
                                "x-ms-correlation-request-id: cut-sh";
    static uint8_t body[CONFIG_AMSOP_BODY_MAX];
    amsop_http_parser_t p;
    amsop_result_t r;
    size_t took;
    (void)state;
    amsop_http_begin(&p, &r, body, sizeof(body));
    assert_int_equal(amsop_http_feed(&p, (const uint8_t *)reply, sizeof(reply) - 1, &took),
                     AMSOP_OK);
    assert_int_equal(amsop_http_eof(&p), AMSOP_ERR_HTTP_TRUNCATED);
    assert_string_equal(r.request_id, "abc");
    assert_string_equal(r.correlation_id, "");
    assert_false(r.present & AMSOP_FIELD_BIT(AMSOP_FIELD_CORRELATION_ID));
}

/* A status line cut short leaves no partial status code. */
static void http_cut_status_line_has_no_status(void **state)
{
    static const char reply[] = "HTTP/1.1 20";
    static uint8_t body[CONFIG_AMSOP_BODY_MAX];
    amsop_http_parser_t p;
    amsop_result_t r;
    size_t took;
    (void)state;
    amsop_http_begin(&p, &r, body, sizeof(body));
    assert_int_equal(amsop_http_feed(&p, (const uint8_t *)reply, sizeof(reply) - 1, &took),
                     AMSOP_OK);
    assert_int_equal(amsop_http_eof(&p), AMSOP_ERR_HTTP_TRUNCATED);
    assert_int_equal(r.http_status, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_bad_separators_rejected),
        cmocka_unit_test(json_valid_forms_kept),
        cmocka_unit_test(json_deeper_than_tokens),
        cmocka_unit_test(http_eof_inside_header_value_leaves_it_empty),
        cmocka_unit_test(http_cut_status_line_has_no_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
