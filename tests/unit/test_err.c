/* SPDX-License-Identifier: MIT */
/* Error names and texts: every code has a distinct, stable name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "amsop_err.h"
#include "amsop_result.h"

static void test_every_code_has_distinct_name_and_text(void **state)
{
    int i;
    int j;
    (void)state;
    assert_true(AMSOP_ERR__COUNT > 30);
    for (i = 0; i < (int)AMSOP_ERR__COUNT; i++) {
        const char *name = amsop_err_name((amsop_err_t)i);
        const char *text = amsop_err_text((amsop_err_t)i);
        assert_non_null(name);
        assert_non_null(text);
        assert_true(strlen(name) > strlen("AMSOP_"));
        assert_memory_equal(name, "AMSOP_", 6);
        assert_true(strlen(text) > 0);
        assert_string_not_equal(name, "AMSOP_ERR_UNKNOWN");
        for (j = 0; j < i; j++)
            assert_string_not_equal(name, amsop_err_name((amsop_err_t)j));
    }
}

/* The name of each enumerator is its own identifier (scripts match on it). */
static void test_names_match_enumerators(void **state)
{
    (void)state;
#define CHECK_NAME(id, text)                                                                       \
    assert_string_equal(amsop_err_name(id), #id);                                                  \
    assert_string_equal(amsop_err_text(id), text);
    AMSOP_ERR_LIST(CHECK_NAME)
#undef CHECK_NAME
    assert_string_equal(amsop_err_name(AMSOP_OK), "AMSOP_OK");
    assert_string_equal(amsop_err_name(AMSOP_ERR_HTTP_TRUNCATED), "AMSOP_ERR_HTTP_TRUNCATED");
    assert_int_equal(AMSOP_OK, 0);
}

static void test_out_of_range_is_unknown(void **state)
{
    (void)state;
    assert_string_equal(amsop_err_name(AMSOP_ERR__COUNT), "AMSOP_ERR_UNKNOWN");
    assert_string_equal(amsop_err_name((amsop_err_t)(AMSOP_ERR__COUNT + 1)), "AMSOP_ERR_UNKNOWN");
    assert_string_equal(amsop_err_name((amsop_err_t)1000), "AMSOP_ERR_UNKNOWN");
    assert_string_equal(amsop_err_name((amsop_err_t)-1), "AMSOP_ERR_UNKNOWN");
    assert_non_null(amsop_err_text((amsop_err_t)-1));
    assert_true(strlen(amsop_err_text(AMSOP_ERR__COUNT)) > 0);
}

/* result.c: the small helpers next to the error names. */
static void test_result_helpers(void **state)
{
    amsop_result_t r;
    int f;
    (void)state;
    memset(&r, 0x5A, sizeof r);
    amsop_result_clear(&r);
    assert_int_equal(r.http_status, 0);
    assert_int_equal(r.retry_after_s, -1);
    assert_int_equal(r.present, 0);
    assert_int_equal(r.truncated, 0);
    assert_int_equal(r.status, AMSOP_STATUS_NONE);
    assert_string_equal(r.name, "");
    assert_string_equal(r.content_type, "");
    for (f = 0; f < AMSOP_FIELD__COUNT; f++)
        assert_string_not_equal(amsop_field_name((amsop_field_t)f), "unknown");
    assert_string_equal(amsop_field_name(AMSOP_FIELD__COUNT), "unknown");
    assert_string_equal(amsop_status_name(AMSOP_STATUS_IN_PROGRESS), "InProgress");
    assert_string_equal(amsop_status_name(AMSOP_STATUS_CANCELED), "Canceled");
    assert_string_equal(amsop_status_name(AMSOP_STATUS_NONE), "None");
    assert_false(amsop_status_is_terminal(AMSOP_STATUS_IN_PROGRESS));
    assert_false(amsop_status_is_terminal(AMSOP_STATUS_UNKNOWN));
    assert_false(amsop_status_is_terminal(AMSOP_STATUS_NONE));
    assert_true(amsop_status_is_terminal(AMSOP_STATUS_SUCCEEDED));
    assert_true(amsop_status_is_terminal(AMSOP_STATUS_FAILED));
    assert_true(amsop_status_is_terminal(AMSOP_STATUS_CANCELED));
}

/* Every field of r empty, as a reply starts: strings "", counts and bits
 * 0, statuses none, both delays -1. */
static void assert_result_empty(const amsop_result_t *r)
{
    const char *const strs[] = {r->name,
                                r->status_text,
                                r->error_code,
                                r->error_message,
                                r->error_target,
                                r->detail_code,
                                r->detail_message,
                                r->percent_complete,
                                r->start_time,
                                r->end_time,
                                r->request_id,
                                r->correlation_id,
                                r->async_operation,
                                r->location,
                                r->content_type,
                                r->client_request_id,
                                r->_retry_after_ms_text[0],
                                r->_retry_after_ms_text[1]};
    size_t i;
    assert_int_equal(r->http_status, 0);
    assert_int_equal(r->status, AMSOP_STATUS_NONE);
    assert_int_equal(r->retry_after_s, -1);
    assert_int_equal(r->retry_after_ms, -1);
    assert_int_equal(r->details_count, 0);
    assert_int_equal(r->additional_info_count, 0);
    assert_int_equal(r->present, 0);
    assert_int_equal(r->truncated, 0);
    for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
        assert_int_equal(strs[i][0], '\0');
}

static void noop_sink(void *ctx, const uint8_t *data, size_t len)
{
    (void)ctx;
    (void)data;
    (void)len;
}

/* The clear is split between its owners (the reader empties the fields it
 * fills, the ARM layer the rest): over a struct of 0x5A bytes, each of the
 * three ways in leaves every field empty, so no field is left to neither. */
static void test_every_field_emptied_by_each_start(void **state)
{
    static amsop_result_t r;
    static amsop_http_parser_t p;
    static uint8_t body[16];
    int way;
    (void)state;
    for (way = 0; way < 3; way++) {
        memset(&r, 0x5A, sizeof r);
        assert_int_not_equal(r.request_id[0], '\0'); /* the fill is seen */
        if (way == 0)
            amsop_result_clear(&r);
        else if (way == 1)
            amsop_http_begin(&p, &r, body, sizeof body);
        else
            amsop_http_begin_sink(&p, &r, noop_sink, NULL);
        assert_result_empty(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_code_has_distinct_name_and_text),
        cmocka_unit_test(test_names_match_enumerators),
        cmocka_unit_test(test_out_of_range_is_unknown),
        cmocka_unit_test(test_result_helpers),
        cmocka_unit_test(test_every_field_emptied_by_each_start),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
