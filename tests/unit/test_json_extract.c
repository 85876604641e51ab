/* SPDX-License-Identifier: MIT */
/* AsyncOperationResult / ErrorResponse extraction on the spec vectors and
 * on every edge the field limits and JSON escapes have. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amsop_json.h"
#include "json_internal.h"
#include "test_util.h"

#define NTOK 96

static amsop_json_token_t toks[NTOK];
static amsop_result_t res;

static const uint32_t json_fields =
    AMSOP_FIELD_BIT(AMSOP_FIELD_NAME) | AMSOP_FIELD_BIT(AMSOP_FIELD_STATUS) |
    AMSOP_FIELD_BIT(AMSOP_FIELD_ERROR_CODE) | AMSOP_FIELD_BIT(AMSOP_FIELD_ERROR_MESSAGE) |
    AMSOP_FIELD_BIT(AMSOP_FIELD_ERROR_TARGET) | AMSOP_FIELD_BIT(AMSOP_FIELD_DETAIL_CODE) |
    AMSOP_FIELD_BIT(AMSOP_FIELD_DETAIL_MESSAGE) | AMSOP_FIELD_BIT(AMSOP_FIELD_PERCENT_COMPLETE) |
    AMSOP_FIELD_BIT(AMSOP_FIELD_START_TIME) | AMSOP_FIELD_BIT(AMSOP_FIELD_END_TIME);

static int same_result(const amsop_result_t *a, const amsop_result_t *b)
{
    return a->status == b->status && a->details_count == b->details_count &&
           a->additional_info_count == b->additional_info_count && a->present == b->present &&
           a->truncated == b->truncated && strcmp(a->name, b->name) == 0 &&
           strcmp(a->status_text, b->status_text) == 0 &&
           strcmp(a->error_code, b->error_code) == 0 &&
           strcmp(a->error_message, b->error_message) == 0 &&
           strcmp(a->error_target, b->error_target) == 0 &&
           strcmp(a->detail_code, b->detail_code) == 0 &&
           strcmp(a->detail_message, b->detail_message) == 0 &&
           strcmp(a->percent_complete, b->percent_complete) == 0 &&
           strcmp(a->start_time, b->start_time) == 0 && strcmp(a->end_time, b->end_time) == 0;
}

/* The client's path: the body streamed through the JSON pass in pieces of
 * `piece` bytes (0: whole), then jsmn over what the pass kept. */
static amsop__jstream_t jstream;
static jsmntok_t doc_toks[AMSOP__JSON_DOC_TOKENS];
static amsop_result_t kept_res;

static amsop_err_t kept_extract(const char *js, size_t len, size_t piece, amsop_result_t *r)
{
    size_t off = 0;
    amsop_result_clear(r);
    amsop__js_begin(&jstream, r);
    while (off < len) {
        size_t n = (piece == 0 || piece > len - off) ? len - off : piece;
        amsop__js_feed(&jstream, (const uint8_t *)js + off, n);
        off += n;
    }
    return amsop__json_extract_kept(&jstream, doc_toks, AMSOP__JSON_DOC_TOKENS, r);
}

/* Every document below is read both ways: the whole body at once, and
 * streamed (whole, byte by byte, in 7- and 64-byte pieces); both must agree
 * whenever the token array held the whole body. */
static amsop_err_t extract(const char *js)
{
    static const size_t pieces[] = {0, 1, 7, 64};
    amsop_err_t err;
    size_t k;
    amsop_result_clear(&res);
    err = amsop_json_extract(js, strlen(js), toks, NTOK, &res);
    for (k = 0; k < sizeof pieces / sizeof pieces[0]; k++) {
        amsop_err_t kept = kept_extract(js, strlen(js), pieces[k], &kept_res);
        if (err != AMSOP_ERR_JSON_TOO_MANY_TOKENS) {
            assert_int_equal(kept, err);
            assert_true(same_result(&kept_res, &res));
        }
    }
    return err;
}

static int has(amsop_field_t f)
{
    return (res.present & AMSOP_FIELD_BIT(f)) != 0;
}

static int cut(amsop_field_t f)
{
    return (res.truncated & AMSOP_FIELD_BIT(f)) != 0;
}

/* Every string field is terminated inside its buffer and valid UTF-8. */
static void check_fields_sane(void)
{
#define SANE(field)                                                                                \
    assert_true(strlen(res.field) < sizeof res.field);                                             \
    assert_true(tu_utf8_valid((const uint8_t *)res.field, strlen(res.field)));
    SANE(name)
    SANE(status_text)
    SANE(error_code)
    SANE(error_message)
    SANE(error_target)
    SANE(detail_code)
    SANE(detail_message)
    SANE(percent_complete)
    SANE(start_time)
    SANE(end_time)
#undef SANE
}

/* The "responses"/"200"/"body" object of a vector file, or NULL. */
static char *vector_body(const char *file, size_t *n)
{
    static const char *const path[] = {"responses", "200", "body"};
    size_t len = 0;
    size_t s;
    size_t e;
    char *js = tu_load_vector(file, &len);
    char *body;
    assert_non_null(js);
    if (!tu_json_find(js, len, path, 3, &s, &e)) {
        free(js);
        return NULL;
    }
    body = malloc(e - s + 1);
    assert_non_null(body);
    memcpy(body, js + s, e - s);
    body[e - s] = '\0';
    *n = e - s;
    free(js);
    return body;
}

/* One field checked against the same member of the file, as read by the
 * test's own JSON walker. */
static void check_against_file(const char *body, size_t n, const char *const *path, size_t depth,
                               amsop_field_t f, const char *got)
{
    char want[512];
    int k = tu_json_string(body, n, path, depth, want, sizeof want);
    assert_true(k != -2);
    if (k == 1) {
        assert_true(has(f));
        assert_string_equal(got, want);
    } else {
        assert_false(has(f));
        assert_string_equal(got, "");
    }
}

static void test_every_vector_body(void **state)
{
    static const char *const p_name[] = {"name"};
    static const char *const p_status[] = {"status"};
    static const char *const p_code[] = {"error", "code"};
    static const char *const p_msg[] = {"error", "message"};
    static const char *const p_target[] = {"error", "target"};
    DIR *d = opendir(AMSOP_VECTORS_DIR);
    struct dirent *ent;
    int bodies = 0;
    (void)state;
    if (d == NULL)
        fail_msg("test vector directory not readable: %s", AMSOP_VECTORS_DIR);
    while ((ent = readdir(d)) != NULL) {
        size_t n = 0;
        char *body;
        char want_status[64];
        if (strstr(ent->d_name, ".json") == NULL)
            continue;
        body = vector_body(ent->d_name, &n);
        if (body == NULL)
            continue;
        bodies++;
        amsop_result_clear(&res);
        assert_int_equal(amsop_json_extract(body, n, toks, NTOK, &res), AMSOP_OK);
        check_fields_sane();
        assert_int_equal(res.truncated, 0);
        check_against_file(body, n, p_name, 1, AMSOP_FIELD_NAME, res.name);
        check_against_file(body, n, p_status, 1, AMSOP_FIELD_STATUS, res.status_text);
        check_against_file(body, n, p_code, 2, AMSOP_FIELD_ERROR_CODE, res.error_code);
        check_against_file(body, n, p_msg, 2, AMSOP_FIELD_ERROR_MESSAGE, res.error_message);
        check_against_file(body, n, p_target, 2, AMSOP_FIELD_ERROR_TARGET, res.error_target);
        assert_int_equal(tu_json_string(body, n, p_status, 1, want_status, sizeof want_status), 1);
        assert_int_equal(res.status, amsop_status_from_text(want_status, strlen(want_status)));
        assert_int_not_equal(res.status, AMSOP_STATUS_UNKNOWN);
        free(body);
    }
    closedir(d);
    assert_true(bodies >= 2);
}

static void test_vector_in_progress(void **state)
{
    size_t n = 0;
    char *body = vector_body("operation-inprogress.json", &n);
    (void)state;
    assert_non_null(body);
    amsop_result_clear(&res);
    assert_int_equal(amsop_json_extract(body, n, toks, NTOK, &res), AMSOP_OK);
    assert_string_equal(res.name, "62e4d893-d233-4005-988e-a428d9f77076");
    assert_int_equal(res.status, AMSOP_STATUS_IN_PROGRESS);
    assert_string_equal(res.status_text, "InProgress");
    assert_string_equal(res.error_code, "None");
    assert_string_equal(res.error_message, "");
    assert_false(has(AMSOP_FIELD_ERROR_MESSAGE)); /* "message": null */
    assert_string_equal(res.error_target, "d7aea790-8acb-40b9-8f9f-21cc37c9e519");
    assert_int_equal(res.present, AMSOP_FIELD_BIT(AMSOP_FIELD_NAME) |
                                      AMSOP_FIELD_BIT(AMSOP_FIELD_STATUS) |
                                      AMSOP_FIELD_BIT(AMSOP_FIELD_ERROR_CODE) |
                                      AMSOP_FIELD_BIT(AMSOP_FIELD_ERROR_TARGET));
    assert_int_equal(res.details_count, 0);
    free(body);
}

static void test_vector_failed(void **state)
{
    size_t n = 0;
    char *body = vector_body("operation-failed.json", &n);
    (void)state;
    assert_non_null(body);
    amsop_result_clear(&res);
    assert_int_equal(amsop_json_extract(body, n, toks, NTOK, &res), AMSOP_OK);
    assert_string_equal(res.name, "86835197-3b47-402e-b313-70b82eaba296");
    assert_int_equal(res.status, AMSOP_STATUS_FAILED);
    assert_string_equal(res.error_code, "ClientError");
    assert_string_equal(res.error_message,
                        "Error while parsing WEBVTT file and creating CMFT header.");
    assert_false(has(AMSOP_FIELD_ERROR_TARGET));
    free(body);
}

/* Extraction leaves the header-owned fields of the result alone. */
static void test_header_fields_left_alone(void **state)
{
    (void)state;
    amsop_result_clear(&res);
    res.http_status = 200;
    res.retry_after_s = 7;
    strcpy(res.request_id, "req");
    res.present = AMSOP_FIELD_BIT(AMSOP_FIELD_REQUEST_ID);
    assert_int_equal(amsop_json_extract("{\"status\":\"Succeeded\"}", 22, toks, NTOK, &res),
                     AMSOP_OK);
    assert_int_equal(res.http_status, 200);
    assert_int_equal(res.retry_after_s, 7);
    assert_string_equal(res.request_id, "req");
    assert_true(has(AMSOP_FIELD_REQUEST_ID));
    assert_int_equal(res.status, AMSOP_STATUS_SUCCEEDED);
    /* and on failure too */
    assert_int_equal(amsop_json_extract("[1]", 3, toks, NTOK, &res), AMSOP_ERR_JSON_SCHEMA);
    assert_string_equal(res.request_id, "req");
    assert_true(has(AMSOP_FIELD_REQUEST_ID));
    assert_int_equal(res.present & json_fields, 0);
}

static void test_error_response_shapes(void **state)
{
    static const char doc[] =
        "{\"error\":{\"code\":\"InvalidParameter\",\"message\":\"One or more parameters are "
        "invalid.\",\"target\":\"operationId\",\"details\":[{\"code\":\"BadGuid\",\"message\":"
        "\"The operationId is not a GUID.\",\"target\":\"operationId\",\"details\":[],"
        "\"additionalInfo\":[]},{\"code\":\"Second\",\"message\":\"x\"}],\"additionalInfo\":[{"
        "\"type\":\"PolicyViolation\",\"info\":{\"policyDefinitionDisplayName\":\"Allowed "
        "locations\",\"evaluationDetails\":{\"evaluatedExpressions\":[{\"result\":\"False\"}]}}}"
        ",{\"type\":\"T2\",\"info\":{}},{\"type\":\"T3\",\"info\":null}]}}";
    static const char nested_first[] =
        "{\"error\":{\"details\":[{\"details\":[{\"code\":\"inner\",\"message\":\"im\"}],"
        "\"additionalInfo\":[{\"type\":\"t\",\"info\":{\"code\":\"no\"}}],\"code\":\"outer\","
        "\"message\":\"om\"}],\"code\":\"Top\"}}";
    (void)state;
    assert_int_equal(extract(doc), AMSOP_OK);
    assert_int_equal(res.status, AMSOP_STATUS_NONE);
    assert_false(has(AMSOP_FIELD_STATUS));
    assert_string_equal(res.error_code, "InvalidParameter");
    assert_string_equal(res.error_message, "One or more parameters are invalid.");
    assert_string_equal(res.error_target, "operationId");
    assert_int_equal(res.details_count, 2);
    assert_int_equal(res.additional_info_count, 3);
    assert_string_equal(res.detail_code, "BadGuid");
    assert_string_equal(res.detail_message, "The operationId is not a GUID.");

    assert_int_equal(extract(nested_first), AMSOP_OK);
    assert_string_equal(res.detail_code, "outer");
    assert_string_equal(res.detail_message, "om");
    assert_string_equal(res.error_code, "Top");
    assert_int_equal(res.details_count, 1);

    /* details whose first element is not an object: only the count */
    assert_int_equal(extract("{\"error\":{\"details\":[\"a\",\"b\",\"c\"],\"code\":\"C\"}}"),
                     AMSOP_OK);
    assert_int_equal(res.details_count, 3);
    assert_false(has(AMSOP_FIELD_DETAIL_CODE));
    assert_string_equal(res.error_code, "C");
    assert_int_equal(extract("{\"error\":{\"details\":null,\"additionalInfo\":null}}"), AMSOP_OK);
    assert_int_equal(res.details_count, 0);
    assert_int_equal(extract("{\"error\":null,\"status\":\"Succeeded\"}"), AMSOP_OK);
    assert_int_equal(res.status, AMSOP_STATUS_SUCCEEDED);
    assert_false(has(AMSOP_FIELD_ERROR_CODE));
}

static void test_escapes(void **state)
{
    static const struct {
        const char *json; /* the inside of the message string */
        const char *want;
    } cases[] = {
        {"a\\nb\\\"c\\\\d\\/e\\tf", "a\nb\"c\\d/e\tf"},
        {"\\b\\f\\r", "\b\f\r"},
        {"caf\\u00e9", "caf\xC3\xA9"},
        {"\\u00E9", "\xC3\xA9"},
        {"\\u20ac", "\xE2\x82\xAC"},
        {"\\ud83d\\ude00", "\xF0\x9F\x98\x80"},
        {"\\uD83D\\uDE00!", "\xF0\x9F\x98\x80!"},
        {"\\ud83d", "\xEF\xBF\xBD"},
        {"\\ude00", "\xEF\xBF\xBD"},
        {"\\ud83dx", "\xEF\xBF\xBDx"},
        {"\\ud83d\\u0041", "\xEF\xBF\xBD"
                           "A"},
        {"\\ud83d\\ud83d\\ude00", "\xEF\xBF\xBD\xF0\x9F\x98\x80"},
        {"a\\u0000b", "a\xEF\xBF\xBD"
                      "b"},
        {"\\u0041\\u0062", "Ab"},
        {"raw \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", "raw \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"},
        {"bad \xFF end", "bad \xEF\xBF\xBD end"},
        {"bad \xC3", "bad \xEF\xBF\xBD"},
        {"\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
        {"\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD"},
        {"", ""},
    };
    size_t k;
    char doc[256];
    (void)state;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        snprintf(doc, sizeof doc, "{\"error\":{\"message\":\"%s\"}}", cases[k].json);
        assert_int_equal(extract(doc), AMSOP_OK);
        if (strcmp(res.error_message, cases[k].want) != 0)
            fail_msg("escape case %zu (%s)", k, cases[k].json);
        assert_true(has(AMSOP_FIELD_ERROR_MESSAGE));
        assert_false(cut(AMSOP_FIELD_ERROR_MESSAGE));
        check_fields_sane();
    }
}

static void test_null_and_unknown_keys(void **state)
{
    static const char doc[] =
        "{\"id\":\"/subscriptions/x\",\"properties\":{\"name\":\"wrong\",\"status\":\"Failed\","
        "\"list\":[1,{\"error\":{\"code\":\"no\"}},[[\"status\"]]]},\"percentComplete\":50.5,"
        "\"flag\":true,\"nothing\":null,\"startTime\":\"2022-11-01T00:00:00Z\",\"operations\":[]"
        ",\"name\":\"real\",\"status\":\"Succeeded\",\"error\":{\"extra\":{\"code\":\"no\"},"
        "\"innererror\":[{\"message\":\"no\"}],\"code\":\"yes\",\"message\":null,\"target\":null}"
        ",\"trailing\":{\"name\":\"wrong2\"}}";
    (void)state;
    assert_int_equal(extract(doc), AMSOP_OK);
    assert_string_equal(res.name, "real");
    assert_int_equal(res.status, AMSOP_STATUS_SUCCEEDED);
    assert_string_equal(res.error_code, "yes");
    assert_false(has(AMSOP_FIELD_ERROR_MESSAGE));
    assert_false(has(AMSOP_FIELD_ERROR_TARGET));
    assert_int_equal(extract("{\"name\":null,\"status\":null}"), AMSOP_OK);
    assert_false(has(AMSOP_FIELD_NAME));
    assert_false(has(AMSOP_FIELD_STATUS));
    assert_int_equal(res.status, AMSOP_STATUS_NONE);
    assert_int_equal(extract("{}"), AMSOP_OK);
    assert_int_equal(res.present, 0);
    assert_int_equal(extract("  \r\n {\"status\":\"InProgress\"}\r\n "), AMSOP_OK);
    assert_int_equal(res.status, AMSOP_STATUS_IN_PROGRESS);
}

static void test_duplicate_keys_last_wins(void **state)
{
    (void)state;
    assert_int_equal(extract("{\"status\":\"InProgress\",\"status\":\"Succeeded\"}"), AMSOP_OK);
    assert_int_equal(res.status, AMSOP_STATUS_SUCCEEDED);
    assert_string_equal(res.status_text, "Succeeded");
    assert_int_equal(extract("{\"name\":\"a\",\"name\":null}"), AMSOP_OK);
    assert_false(has(AMSOP_FIELD_NAME));
    assert_string_equal(res.name, "");
    assert_int_equal(extract("{\"status\":\"Succeeded\",\"status\":null}"), AMSOP_OK);
    assert_int_equal(res.status, AMSOP_STATUS_NONE);
    assert_int_equal(
        extract("{\"error\":{\"code\":\"A\",\"code\":\"B\",\"message\":\"m\",\"message\":null}}"),
        AMSOP_OK);
    assert_string_equal(res.error_code, "B");
    assert_false(has(AMSOP_FIELD_ERROR_MESSAGE));
}

/* A duplicate "error" member: the last one wins as a whole, so nothing of
 * the first error object may survive into the result. */
/* Found by fuzz_json (the streamed path keeps only the last copy of a
 * repeated member): a wrong-typed value is refused even when a later
 * duplicate has the right type, and a later "details" replaces an earlier
 * one's first element whole. */
static void test_duplicate_after_wrong_type(void **state)
{
    (void)state;
    assert_int_equal(extract("{\"error\":{\"target\":{},\"target\":\"t\"}}"),
                     AMSOP_ERR_JSON_SCHEMA);
    assert_int_equal(extract("{\"name\":5,\"name\":\"n\"}"), AMSOP_ERR_JSON_SCHEMA);
    assert_int_equal(extract("{\"error\":{\"details\":[5]},\"status\":\"Failed\"}"), AMSOP_OK);
    assert_int_equal(extract("{\"error\":{\"details\":[{\"code\":\"A\"}],\"details\":[]}}"),
                     AMSOP_OK);
    assert_false(has(AMSOP_FIELD_DETAIL_CODE));
    assert_int_equal(res.details_count, 0);
}

static void test_duplicate_error_object_last_wins(void **state)
{
    (void)state;
    assert_int_equal(extract("{\"error\":{\"code\":\"A\",\"message\":\"first\",\"target\":\"t\","
                             "\"details\":[{\"code\":\"d1\",\"message\":\"dm\"}],"
                             "\"additionalInfo\":[{}]},"
                             "\"error\":{\"code\":\"B\"}}"),
                     AMSOP_OK);
    assert_string_equal(res.error_code, "B");
    assert_false(has(AMSOP_FIELD_ERROR_MESSAGE));
    assert_string_equal(res.error_message, "");
    assert_false(has(AMSOP_FIELD_ERROR_TARGET));
    assert_false(has(AMSOP_FIELD_DETAIL_CODE));
    assert_false(has(AMSOP_FIELD_DETAIL_MESSAGE));
    assert_int_equal(res.details_count, 0);
    assert_int_equal(res.additional_info_count, 0);
    assert_int_equal(extract("{\"error\":{\"code\":\"A\"},\"error\":null}"), AMSOP_OK);
    assert_false(has(AMSOP_FIELD_ERROR_CODE));
}

static void test_status_values(void **state)
{
    static const struct {
        const char *text;
        amsop_status_t st;
    } cases[] = {
        {"InProgress", AMSOP_STATUS_IN_PROGRESS},
        {"Succeeded", AMSOP_STATUS_SUCCEEDED},
        {"Failed", AMSOP_STATUS_FAILED},
        {"Canceled", AMSOP_STATUS_CANCELED},
        {"Deleting", AMSOP_STATUS_UNKNOWN},
        /* as the Azure SDKs read it: any case, and "Cancelled" is Canceled;
         * the raw text is kept as sent */
        {"inprogress", AMSOP_STATUS_IN_PROGRESS},
        {"succeeded", AMSOP_STATUS_SUCCEEDED},
        {"FAILED", AMSOP_STATUS_FAILED},
        {"Cancelled", AMSOP_STATUS_CANCELED},
        {"CANCELLED", AMSOP_STATUS_CANCELED},
        {"canceled", AMSOP_STATUS_CANCELED},
        {"Cancel", AMSOP_STATUS_UNKNOWN},
        {"Cancelledd", AMSOP_STATUS_UNKNOWN},
        {"Succeeded ", AMSOP_STATUS_UNKNOWN},
        {"Succeede", AMSOP_STATUS_UNKNOWN},
        {"", AMSOP_STATUS_UNKNOWN},
    };
    size_t k;
    char doc[128];
    (void)state;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        snprintf(doc, sizeof doc, "{\"status\":\"%s\"}", cases[k].text);
        assert_int_equal(extract(doc), AMSOP_OK);
        assert_int_equal(res.status, cases[k].st);
        assert_string_equal(res.status_text, cases[k].text);
        assert_true(has(AMSOP_FIELD_STATUS));
        assert_int_equal(amsop_status_from_text(cases[k].text, strlen(cases[k].text)), cases[k].st);
    }
    /* escaped text is compared after unescaping */
    assert_int_equal(extract("{\"status\":\"\\u0046ailed\"}"), AMSOP_OK);
    assert_int_equal(res.status, AMSOP_STATUS_FAILED);
}

/* Keys are compared once decoded: "st\u0061tus" is the key status, in
 * every object the extraction reads; a key that only decodes longer, or to
 * another name, is not. */
static void test_escaped_keys(void **state)
{
    (void)state;
    assert_int_equal(extract("{\"n\\u0061me\":\"op\",\"st\\u0061tus\":\"Succeeded\"}"), AMSOP_OK);
    assert_string_equal(res.name, "op");
    assert_int_equal(res.status, AMSOP_STATUS_SUCCEEDED);
    assert_int_equal(extract("{\"\\u0065rror\":{\"c\\u006fde\":\"E\",\"details\\u0000\":[1],"
                             "\"d\\u0065tails\":[{\"m\\u0065ssage\":\"M\"},2]}}"),
                     AMSOP_OK);
    assert_string_equal(res.error_code, "E");
    assert_string_equal(res.detail_message, "M");
    assert_int_equal(res.details_count, 2);
    assert_int_equal(extract("{\"nam\\u00e9\":\"x\",\"\\u006eame\\u0020\":\"y\"}"), AMSOP_OK);
    assert_false(has(AMSOP_FIELD_NAME));
    /* the escaped key's value is checked as the plain key's is */
    assert_int_equal(extract("{\"n\\u0061me\":5}"), AMSOP_ERR_JSON_SCHEMA);
}

static void test_wrong_types_are_schema_errors(void **state)
{
    static const char *const docs[] = {
        "{\"name\":5}",
        "{\"name\":true}",
        "{\"name\":{}}",
        "{\"status\":[\"InProgress\"]}",
        "{\"status\":false}",
        "{\"error\":\"broken\"}",
        "{\"error\":[]}",
        "{\"error\":7}",
        "{\"error\":{\"code\":{}}}",
        "{\"error\":{\"message\":[]}}",
        "{\"error\":{\"target\":1}}",
        "{\"error\":{\"details\":{}}}",
        "{\"error\":{\"details\":\"x\"}}",
        "{\"error\":{\"additionalInfo\":3}}",
        "{\"error\":{\"details\":[{\"code\":5}]}}",
        "{\"error\":{\"details\":[{\"message\":true}]}}",
        "[{\"status\":\"InProgress\"}]",
        "\"InProgress\"",
    };
    size_t k;
    (void)state;
    for (k = 0; k < sizeof docs / sizeof docs[0]; k++) {
        amsop_err_t e;
        amsop_result_clear(&res);
        strcpy(res.name, "stale");
        res.present = AMSOP_FIELD_BIT(AMSOP_FIELD_NAME);
        e = amsop_json_extract(docs[k], strlen(docs[k]), toks, NTOK, &res);
        if (e != AMSOP_ERR_JSON_SCHEMA)
            fail_msg("doc %zu %s: %s", k, docs[k], amsop_err_name(e));
        assert_int_equal(res.present & json_fields, 0);
        assert_string_equal(res.name, "");
    }
    /* a bare top-level literal: jsmn cannot tell where it ends (JSON) or it
     * is not an object (SCHEMA); either way an error */
    {
        amsop_err_t e = extract("42");
        assert_true(e == AMSOP_ERR_JSON || e == AMSOP_ERR_JSON_SCHEMA);
        e = extract("null ");
        assert_true(e == AMSOP_ERR_JSON || e == AMSOP_ERR_JSON_SCHEMA);
    }
    /* a valid field before the wrong one is not left behind */
    assert_int_equal(extract("{\"name\":\"n\",\"status\":\"Failed\",\"error\":{\"code\":1}}"),
                     AMSOP_ERR_JSON_SCHEMA);
    assert_int_equal(res.present, 0);
    assert_int_equal(res.status, AMSOP_STATUS_NONE);
    assert_string_equal(res.name, "");
}

static void test_invalid_json(void **state)
{
    static const char *const docs[] = {
        "",
        "   ",
        "{",
        "}",
        "{\"a\" 1}",
        "{\"a\":[1,2}",
        "{\"a\":1}}",
        "{\"a\":1]",
        "{'a':1}",
        "{a:1}",
        "{1:2}",
        "{\"name\":\"x\"}garbage",
        "{\"name\":\"x\\q\"}",
        "{\"name\":\"\\u12\"}",
        "{\"name\":\"x}",
        "{\"status\":\"InProgress\"} {\"status\":\"Failed\"}",
        "{} {}",
        "{}[]",
    };
    size_t k;
    (void)state;
    for (k = 0; k < sizeof docs / sizeof docs[0]; k++) {
        amsop_err_t e = extract(docs[k]);
        if (e != AMSOP_ERR_JSON)
            fail_msg("doc %zu %s: %s", k, docs[k], amsop_err_name(e));
        assert_int_equal(res.present & json_fields, 0);
    }
    assert_int_equal(amsop_json_extract(NULL, 0, toks, NTOK, &res), AMSOP_ERR_INVALID_ARG);
    assert_int_equal(amsop_json_extract("{}", 2, NULL, NTOK, &res), AMSOP_ERR_INVALID_ARG);
    assert_int_equal(amsop_json_extract("{}", 2, toks, 0, &res), AMSOP_ERR_INVALID_ARG);
    assert_int_equal(amsop_json_extract("{}", 2, toks, NTOK, NULL), AMSOP_ERR_INVALID_ARG);
}

/* Values that are no JSON literal at all must not pass as null (or as
 * anything else). */
static void test_invalid_literals_rejected(void **state)
{
    static const char *const docs[] = {
        "{\"status\":nope}",
        "{\"name\":nul}",
        "{\"error\":{\"message\":nonsense}}",
        "{\"error\":{\"code\":\"X\",\"details\":nil}}",
        "{\"error\":none}",
    };
    size_t k;
    (void)state;
    for (k = 0; k < sizeof docs / sizeof docs[0]; k++) {
        amsop_err_t e = extract(docs[k]);
        if (e != AMSOP_ERR_JSON && e != AMSOP_ERR_JSON_SCHEMA)
            fail_msg("doc %zu %s accepted: %s", k, docs[k], amsop_err_name(e));
    }
}

/* Every strict prefix of real bodies is an error (never OK, never a crash),
 * and leaves no JSON field set. */
static void test_every_truncation_fails(void **state)
{
    static const char err_doc[] =
        "{\"error\":{\"code\":\"ResourceNotFound\",\"message\":\"caf\\u00e9 \\ud83d\\ude00\","
        "\"details\":[{\"code\":\"d\",\"message\":\"m\"}],\"additionalInfo\":[{\"type\":\"t\","
        "\"info\":{\"k\":[1,2.5e3,-0,true,false,null]}}]}}";
    const char *files[] = {"operation-inprogress.json", "operation-failed.json"};
    size_t f;
    (void)state;
    for (f = 0; f < 3; f++) {
        size_t n = 0;
        char *body = (f < 2) ? vector_body(files[f], &n) : strdup(err_doc);
        size_t len;
        assert_non_null(body);
        if (f == 2)
            n = strlen(body);
        assert_int_equal(extract(body), AMSOP_OK);
        for (len = 0; len < n; len++) {
            char *copy = malloc(len + 1); /* exact size: no reading past the prefix */
            amsop_err_t e;
            assert_non_null(copy);
            memcpy(copy, body, len);
            amsop_result_clear(&res);
            e = amsop_json_extract(copy, len, toks, NTOK, &res);
            if (e == AMSOP_OK)
                fail_msg("prefix %zu of %zu accepted", len, n);
            assert_int_equal(res.present & json_fields, 0);
            free(copy);
        }
        free(body);
    }
}

static void test_token_limit(void **state)
{
    static const char doc[] = "{\"name\":\"x\",\"status\":\"InProgress\"}"; /* 5 tokens */
    char big[4096];
    size_t pos;
    int k;
    (void)state;
    amsop_result_clear(&res);
    assert_int_equal(amsop_json_extract(doc, sizeof doc - 1, toks, 5, &res), AMSOP_OK);
    assert_int_equal(res.status, AMSOP_STATUS_IN_PROGRESS);
    assert_int_equal(amsop_json_extract(doc, sizeof doc - 1, toks, 4, &res),
                     AMSOP_ERR_JSON_TOO_MANY_TOKENS);
    assert_int_equal(res.present & json_fields, 0);
    pos = (size_t)sprintf(big, "{\"status\":\"InProgress\"");
    for (k = 0; k < NTOK; k++)
        pos += (size_t)sprintf(big + pos, ",\"k%d\":%d", k, k);
    strcpy(big + pos, "}");
    assert_int_equal(extract(big), AMSOP_ERR_JSON_TOO_MANY_TOKENS);
}

/* The document placing a value v in field f. */
static void doc_for(amsop_field_t f, const char *v, char *out, size_t cap)
{
    const char *fmt;
    switch (f) {
    case AMSOP_FIELD_NAME:
        fmt = "{\"name\":\"%s\"}";
        break;
    case AMSOP_FIELD_STATUS:
        fmt = "{\"status\":\"%s\"}";
        break;
    case AMSOP_FIELD_ERROR_CODE:
        fmt = "{\"error\":{\"code\":\"%s\"}}";
        break;
    case AMSOP_FIELD_ERROR_MESSAGE:
        fmt = "{\"error\":{\"message\":\"%s\"}}";
        break;
    case AMSOP_FIELD_ERROR_TARGET:
        fmt = "{\"error\":{\"target\":\"%s\"}}";
        break;
    case AMSOP_FIELD_DETAIL_CODE:
        fmt = "{\"error\":{\"details\":[{\"code\":\"%s\"}]}}";
        break;
    case AMSOP_FIELD_START_TIME:
        fmt = "{\"startTime\":\"%s\"}";
        break;
    case AMSOP_FIELD_END_TIME:
        fmt = "{\"endTime\":\"%s\"}";
        break;
    default:
        fmt = "{\"error\":{\"details\":[{\"message\":\"%s\"}]}}";
        break;
    }
    assert_true(snprintf(out, cap, fmt, v) < (int)cap);
}

static const char *field_text(amsop_field_t f, size_t *cap)
{
    switch (f) {
    case AMSOP_FIELD_NAME:
        *cap = sizeof res.name;
        return res.name;
    case AMSOP_FIELD_STATUS:
        *cap = sizeof res.status_text;
        return res.status_text;
    case AMSOP_FIELD_ERROR_CODE:
        *cap = sizeof res.error_code;
        return res.error_code;
    case AMSOP_FIELD_ERROR_MESSAGE:
        *cap = sizeof res.error_message;
        return res.error_message;
    case AMSOP_FIELD_ERROR_TARGET:
        *cap = sizeof res.error_target;
        return res.error_target;
    case AMSOP_FIELD_DETAIL_CODE:
        *cap = sizeof res.detail_code;
        return res.detail_code;
    case AMSOP_FIELD_START_TIME:
        *cap = sizeof res.start_time;
        return res.start_time;
    case AMSOP_FIELD_END_TIME:
        *cap = sizeof res.end_time;
        return res.end_time;
    default:
        *cap = sizeof res.detail_message;
        return res.detail_message;
    }
}

/* Every JSON field: cap-1 bytes fit, cap bytes are cut to cap-1, and a
 * multi-byte character (raw or escaped) straddling the limit is dropped. */
static void test_field_limits(void **state)
{
    static const size_t caps[] = {CONFIG_AMSOP_NAME_MAX,           CONFIG_AMSOP_STATUS_TEXT_MAX,
                                  CONFIG_AMSOP_ERROR_CODE_MAX,     CONFIG_AMSOP_ERROR_MESSAGE_MAX,
                                  CONFIG_AMSOP_ERROR_TARGET_MAX,   CONFIG_AMSOP_DETAIL_CODE_MAX,
                                  CONFIG_AMSOP_DETAIL_MESSAGE_MAX, 0,
                                  CONFIG_AMSOP_TIME_MAX,           CONFIG_AMSOP_TIME_MAX};
    static const struct {
        const char *json; /* how the character is written in the JSON */
        size_t bytes;     /* its UTF-8 length */
    } wide[] = {{"\xC3\xA9", 2}, {"\\u00e9", 2},          {"\xE2\x82\xAC", 3},
                {"\\u20ac", 3},  {"\xF0\x9F\x98\x80", 4}, {"\\ud83d\\ude00", 4}};
    int f;
    (void)state;
    for (f = AMSOP_FIELD_NAME; f <= AMSOP_FIELD_END_TIME; f++) {
        size_t cap = 0;
        const char *got;
        char v[1024];
        char doc[1200];
        size_t w;
        size_t extra;
        if (f == AMSOP_FIELD_PERCENT_COMPLETE)
            continue; /* a number: test_percent_limit */
        field_text((amsop_field_t)f, &cap);
        assert_int_equal(cap, caps[f]);
        for (extra = 0; extra < 3; extra++) {
            size_t n = cap - 1 + extra;
            size_t i;
            for (i = 0; i < n; i++)
                v[i] = (char)('A' + i % 26);
            v[n] = '\0';
            doc_for((amsop_field_t)f, v, doc, sizeof doc);
            assert_int_equal(extract(doc), AMSOP_OK);
            got = field_text((amsop_field_t)f, &cap);
            assert_true(has((amsop_field_t)f));
            assert_int_equal(strlen(got), cap - 1);
            assert_memory_equal(got, v, cap - 1);
            assert_int_equal(cut((amsop_field_t)f), extra > 0);
            assert_int_equal(res.truncated & ~AMSOP_FIELD_BIT(f), 0);
            if (f == AMSOP_FIELD_STATUS)
                assert_int_equal(res.status, AMSOP_STATUS_UNKNOWN);
            check_fields_sane();
        }
        /* a wide character ending exactly at cap-1 fits; one byte later it does not */
        for (w = 0; w < sizeof wide / sizeof wide[0]; w++) {
            size_t shift;
            for (shift = 0; shift < wide[w].bytes + 1; shift++) {
                size_t before = cap - 1 - wide[w].bytes + shift; /* ASCII bytes before it */
                size_t fits = (before + wide[w].bytes <= cap - 1);
                memset(v, 'x', before);
                strcpy(v + before, wide[w].json);
                strcat(v, "yz");
                doc_for((amsop_field_t)f, v, doc, sizeof doc);
                assert_int_equal(extract(doc), AMSOP_OK);
                got = field_text((amsop_field_t)f, &cap);
                assert_true(cut((amsop_field_t)f));
                assert_true(tu_utf8_valid((const uint8_t *)got, strlen(got)));
                assert_true(strlen(got) < cap);
                if (fits) {
                    assert_int_equal(strlen(got), cap - 1);
                } else {
                    assert_int_equal(strlen(got), before);
                }
                assert_memory_equal(got, v, before); /* a prefix of the value */
            }
        }
    }
}

/* The AsyncOperationResult members common to ARM: percentComplete (a
 * number, kept as its bytes), startTime and endTime (strings). */
static void test_operation_progress_fields(void **state)
{
    (void)state;
    assert_int_equal(extract("{\"status\":\"InProgress\",\"percentComplete\":40,"
                             "\"startTime\":\"2026-12-02T08:40:00.1234567+00:00\"}"),
                     AMSOP_OK);
    assert_true(has(AMSOP_FIELD_PERCENT_COMPLETE));
    assert_true(has(AMSOP_FIELD_START_TIME));
    assert_false(has(AMSOP_FIELD_END_TIME));
    assert_string_equal(res.percent_complete, "40");
    assert_string_equal(res.start_time, "2026-12-02T08:40:00.1234567+00:00");
    assert_string_equal(res.end_time, "");
    assert_int_equal(res.truncated, 0);
    check_fields_sane();

    /* every number form, as sent; a number ending the body */
    assert_int_equal(extract("{\"percentComplete\":-0.5e+2}"), AMSOP_OK);
    assert_string_equal(res.percent_complete, "-0.5e+2");
    assert_int_equal(extract("{\"endTime\":\"e\",\"percentComplete\":100 }"), AMSOP_OK);
    assert_string_equal(res.percent_complete, "100");
    assert_string_equal(res.end_time, "e");
    assert_int_equal(extract("{\"percentComplete\":0}"), AMSOP_OK);
    assert_string_equal(res.percent_complete, "0");

    /* absent, null, nested (not the root member) */
    assert_int_equal(extract("{\"status\":\"Succeeded\"}"), AMSOP_OK);
    assert_int_equal(res.present & json_fields, AMSOP_FIELD_BIT(AMSOP_FIELD_STATUS));
    assert_int_equal(extract("{\"percentComplete\":null,\"startTime\":null,\"endTime\":null}"),
                     AMSOP_OK);
    assert_int_equal(res.present & json_fields, 0);
    assert_int_equal(extract("{\"error\":{\"percentComplete\":5,\"startTime\":\"s\"},"
                             "\"properties\":{\"endTime\":\"e\",\"percentComplete\":7}}"),
                     AMSOP_OK);
    assert_int_equal(res.present & json_fields, 0);

    /* the last one wins; a later null empties it */
    assert_int_equal(extract("{\"percentComplete\":10,\"percentComplete\":20}"), AMSOP_OK);
    assert_string_equal(res.percent_complete, "20");
    assert_int_equal(extract("{\"percentComplete\":10,\"percentComplete\":null}"), AMSOP_OK);
    assert_false(has(AMSOP_FIELD_PERCENT_COMPLETE));
    assert_string_equal(res.percent_complete, "");
    assert_int_equal(extract("{\"startTime\":\"a\",\"startTime\":\"b\"}"), AMSOP_OK);
    assert_string_equal(res.start_time, "b");

    /* the wrong type is refused, as for every kept member */
    assert_int_equal(extract("{\"percentComplete\":\"40\"}"), AMSOP_ERR_JSON_SCHEMA);
    assert_int_equal(extract("{\"percentComplete\":true}"), AMSOP_ERR_JSON_SCHEMA);
    assert_int_equal(extract("{\"percentComplete\":{}}"), AMSOP_ERR_JSON_SCHEMA);
    assert_int_equal(extract("{\"startTime\":5}"), AMSOP_ERR_JSON_SCHEMA);
    assert_int_equal(extract("{\"endTime\":[]}"), AMSOP_ERR_JSON_SCHEMA);
    assert_int_equal(res.present & json_fields, 0);

    /* an invalid number is still invalid JSON */
    assert_int_equal(extract("{\"percentComplete\":01}"), AMSOP_ERR_JSON);
    assert_int_equal(extract("{\"percentComplete\":1.}"), AMSOP_ERR_JSON);
    assert_int_equal(extract("{\"percentComplete\":-}"), AMSOP_ERR_JSON);
    assert_int_equal(res.present & json_fields, 0);
    assert_string_equal(res.percent_complete, "");
}

/* percentComplete at CONFIG_AMSOP_PERCENT_MAX - 1 digits fits; one more is
 * cut to the limit and flagged; whole, byte by byte, in pieces. */
static void test_percent_limit(void **state)
{
    char v[CONFIG_AMSOP_PERCENT_MAX + 4];
    char doc[sizeof v + 64];
    size_t extra;
    (void)state;
    for (extra = 0; extra < 3; extra++) {
        size_t n = CONFIG_AMSOP_PERCENT_MAX - 1 + extra;
        size_t i;
        v[0] = '1';
        for (i = 1; i < n; i++)
            v[i] = (char)('0' + i % 10);
        v[n] = '\0';
        snprintf(doc, sizeof doc, "{\"percentComplete\":%s,\"status\":\"InProgress\"}", v);
        assert_int_equal(extract(doc), AMSOP_OK);
        assert_true(has(AMSOP_FIELD_PERCENT_COMPLETE));
        assert_int_equal(strlen(res.percent_complete), CONFIG_AMSOP_PERCENT_MAX - 1);
        assert_memory_equal(res.percent_complete, v, CONFIG_AMSOP_PERCENT_MAX - 1);
        assert_int_equal(cut(AMSOP_FIELD_PERCENT_COMPLETE), extra > 0);
        assert_int_equal(res.truncated & ~AMSOP_FIELD_BIT(AMSOP_FIELD_PERCENT_COMPLETE), 0);
        assert_int_equal(res.status, AMSOP_STATUS_IN_PROGRESS);
        /* the number ending the body */
        snprintf(doc, sizeof doc, "{\"percentComplete\":%s}", v);
        assert_int_equal(extract(doc), AMSOP_OK);
        assert_int_equal(cut(AMSOP_FIELD_PERCENT_COMPLETE), extra > 0);
        assert_memory_equal(res.percent_complete, v, CONFIG_AMSOP_PERCENT_MAX - 1);
        check_fields_sane();
    }
    /* a cut one, then a short one: the short one, not flagged */
    snprintf(doc, sizeof doc, "{\"percentComplete\":%s,\"percentComplete\":5}", v);
    assert_int_equal(extract(doc), AMSOP_OK);
    assert_string_equal(res.percent_complete, "5");
    assert_false(cut(AMSOP_FIELD_PERCENT_COMPLETE));
}

/* The body cut in two at every offset: each kept string (plain, escaped,
 * non-ASCII, at its field's limit and past it, a key among them) is read
 * the same whether it is whole in one piece or split anywhere. */
static void test_every_split_point(void **state)
{
    static char body[1200];
    static amsop_result_t whole;
    static amsop_result_t split;
    char name[CONFIG_AMSOP_NAME_MAX + 8];
    char pct[CONFIG_AMSOP_PERCENT_MAX + 2];
    size_t len;
    size_t k;
    int n;
    (void)state;
    memset(name, 'n', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    memset(pct, '7', sizeof pct - 1);
    pct[sizeof pct - 1] = '\0';
    n = snprintf(
        body, sizeof body,
        "{\"percentComplete\":%s,\"startTime\":\"2026-12-02T08:40:00Z\","
        "\"percentComplete\":-12.5E-1,\"endTime\":\"x\",\"endTime\":\"\\u00e9t\u00e9\","
        "\"name\":\"%s\",\"status\":\"Succeeded\",\"st\\u0061tus\":\"Failed\","
        "\"error\":{\"code\":\"C\\u00e9\\ud83d\\ude00x\",\"message\":\"caf\xc3\xa9 plain "
        "text long enough to span words\",\"target\":\"t\",\"details\":[{\"code\":\"D\","
        "\"message\":\"m\"},{\"code\":\"E\"}],\"additionalInfo\":[1,2,3]},\"percentComplete\":%s}",
        pct, name, pct);
    assert_true(n > 0 && (size_t)n < sizeof body);
    len = (size_t)n;
    assert_int_equal(kept_extract(body, len, 0, &whole), AMSOP_OK);
    assert_true((whole.truncated & AMSOP_FIELD_BIT(AMSOP_FIELD_NAME)) != 0); /* the control */
    assert_int_equal(whole.status, AMSOP_STATUS_FAILED);
    assert_int_equal(whole.details_count, 2);
    assert_true((whole.truncated & AMSOP_FIELD_BIT(AMSOP_FIELD_PERCENT_COMPLETE)) != 0);
    assert_string_equal(whole.start_time, "2026-12-02T08:40:00Z");
    assert_string_equal(whole.end_time, "\xc3\xa9t\xc3\xa9");
    for (k = 1; k < len; k++) {
        amsop_result_clear(&split);
        amsop__js_begin(&jstream, &split);
        amsop__js_feed(&jstream, (const uint8_t *)body, k);
        amsop__js_feed(&jstream, (const uint8_t *)body + k, len - k);
        assert_int_equal(
            amsop__json_extract_kept(&jstream, doc_toks, AMSOP__JSON_DOC_TOKENS, &split), AMSOP_OK);
        if (!same_result(&split, &whole))
            fail_msg("split at %zu differs", k);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_split_point),
        cmocka_unit_test(test_every_vector_body),
        cmocka_unit_test(test_vector_in_progress),
        cmocka_unit_test(test_vector_failed),
        cmocka_unit_test(test_header_fields_left_alone),
        cmocka_unit_test(test_error_response_shapes),
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_null_and_unknown_keys),
        cmocka_unit_test(test_duplicate_keys_last_wins),
        cmocka_unit_test(test_duplicate_error_object_last_wins),
        cmocka_unit_test(test_duplicate_after_wrong_type),
        cmocka_unit_test(test_status_values),
        cmocka_unit_test(test_wrong_types_are_schema_errors),
        cmocka_unit_test(test_invalid_json),
        cmocka_unit_test(test_invalid_literals_rejected),
        cmocka_unit_test(test_every_truncation_fails),
        cmocka_unit_test(test_token_limit),
        cmocka_unit_test(test_field_limits),
        cmocka_unit_test(test_escaped_keys),
        cmocka_unit_test(test_operation_progress_fields),
        cmocka_unit_test(test_percent_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
