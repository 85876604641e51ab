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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_code_has_distinct_name_and_text),
        cmocka_unit_test(test_names_match_enumerators),
        cmocka_unit_test(test_out_of_range_is_unknown),
        cmocka_unit_test(test_result_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
