/* SPDX-License-Identifier: MIT */
/* core/src/field.h: the UTF-8 aware fixed-size field writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "field.h"
#include "test_util.h"

/* 1-, 2-, 3- and 4-byte characters, mixed. */
static const char sample[] = "a\xC3\xA9"
                             "b\xE2\x82\xAC"
                             "c\xF0\x9F\x98\x80"
                             "d\xC3\xA9\xE2\x82\xAC"
                             "\xF0\x9F\x98\x80"
                             "e";

#define CANARY 0xA5u
#define PAD    16

/* The longest prefix of s[0..n) that ends on a character boundary and has
 * at most limit bytes (computed from the lead bytes, independently). */
static size_t boundary_prefix(const char *s, size_t n, size_t limit)
{
    size_t i = 0;
    while (i < n) {
        uint8_t b = (uint8_t)s[i];
        size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        if (i + len > limit)
            break;
        i += len;
    }
    return i;
}

static void check_cut(const uint8_t *mem, size_t cap, const amsop__fw_t *w, const char *in,
                      size_t n)
{
    size_t len = strlen((const char *)mem);
    size_t want = boundary_prefix(in, n, cap - 1);
    size_t k;
    assert_true(len < cap);
    assert_int_equal(len, w->len);
    assert_int_equal(len, want);
    assert_memory_equal(mem, in, len);
    assert_true(tu_utf8_valid(mem, len));
    assert_int_equal(w->truncated != 0, len < n);
    for (k = cap; k < cap + PAD; k++)
        assert_int_equal(mem[k], CANARY);
}

static void test_put_utf8_every_cap(void **state)
{
    size_t n = strlen(sample);
    size_t cap;
    (void)state;
    assert_true(tu_utf8_valid((const uint8_t *)sample, n));
    for (cap = 1; cap <= n + 2; cap++) {
        uint8_t mem[sizeof sample + PAD + 4];
        amsop__fw_t w;
        memset(mem, CANARY, sizeof mem);
        amsop__fw_init(&w, (char *)mem, cap);
        amsop__fw_put_utf8(&w, (const uint8_t *)sample, n);
        check_cut(mem, cap, &w, sample, n);
    }
}

/* The same string appended one code point at a time. */
static void test_put_cp_every_cap(void **state)
{
    static const uint32_t cps[] = {'a', 0xE9, 'b',    0x20AC,  'c', 0x1F600,
                                   'd', 0xE9, 0x20AC, 0x1F600, 'e'};
    size_t n = strlen(sample);
    size_t cap;
    (void)state;
    for (cap = 1; cap <= n + 2; cap++) {
        uint8_t mem[sizeof sample + PAD + 4];
        amsop__fw_t w;
        size_t k;
        memset(mem, CANARY, sizeof mem);
        amsop__fw_init(&w, (char *)mem, cap);
        for (k = 0; k < sizeof cps / sizeof cps[0]; k++)
            amsop__fw_put_cp(&w, cps[k]);
        check_cut(mem, cap, &w, sample, n);
    }
}

/* Once a character did not fit, a later smaller one is dropped too. */
static void test_no_holes_after_truncation(void **state)
{
    char buf[5];
    amsop__fw_t w;
    (void)state;
    amsop__fw_init(&w, buf, sizeof buf);
    amsop__fw_put_cp(&w, 'x');
    amsop__fw_put_cp(&w, 0x1F600); /* needs 4 bytes, only 3 left */
    amsop__fw_put_cp(&w, 'y');     /* would fit, must not be written */
    assert_string_equal(buf, "x");
    assert_int_equal(w.len, 1);
    assert_true(w.truncated);
}

static void test_put_cp_invalid_values(void **state)
{
    char buf[32];
    amsop__fw_t w;
    (void)state;
    amsop__fw_init(&w, buf, sizeof buf);
    amsop__fw_put_cp(&w, 0xD800);
    amsop__fw_put_cp(&w, 0xDFFF);
    amsop__fw_put_cp(&w, 0x110000);
    amsop__fw_put_cp(&w, 0x10FFFF);
    assert_string_equal(buf, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xF4\x8F\xBF\xBF");
    assert_false(w.truncated);
}

static void test_put_utf8_invalid_sequences(void **state)
{
    static const struct {
        const char *in;
        const char *out;
    } cases[] = {
        {"\xFF", "\xEF\xBF\xBD"},
        {"a\x80z", "a\xEF\xBF\xBDz"},
        {"\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD"},                 /* overlong '/' */
        {"\xE0\x80\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}, /* overlong */
        {"\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}, /* surrogate */
        {"\xF4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
        {"\xC3", "\xEF\xBF\xBD"}, /* cut at the end */
        {"\xC3\xA9", "\xC3\xA9"},
    };
    size_t k;
    (void)state;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char buf[64];
        amsop__fw_t w;
        amsop__fw_init(&w, buf, sizeof buf);
        amsop__fw_put_utf8(&w, (const uint8_t *)cases[k].in, strlen(cases[k].in));
        assert_string_equal(buf, cases[k].out);
        assert_true(tu_utf8_valid((const uint8_t *)buf, strlen(buf)));
        assert_false(w.truncated);
    }
}

/* Every byte value at every position of a short string: always valid. */
static void test_put_utf8_any_bytes_stay_valid(void **state)
{
    unsigned a;
    unsigned b;
    (void)state;
    for (a = 0x80; a < 0x100; a++) {
        for (b = 0; b < 0x100; b += 7) {
            uint8_t in[3] = {(uint8_t)a, (uint8_t)b, (uint8_t)'z'};
            char buf[16];
            amsop__fw_t w;
            amsop__fw_init(&w, buf, sizeof buf);
            amsop__fw_put_utf8(&w, in, sizeof in);
            assert_true(strlen(buf) == w.len || b == 0);
            assert_true(tu_utf8_valid((const uint8_t *)buf, strlen(buf)));
        }
    }
}

/* Every spelling of "." and ".." a URL can carry is a dot-segment; nothing
 * else is (the control rows show the check can say no). */
static void test_dot_segment(void **state)
{
    static const char *const dots[] = {".",      "..",     "%2e",  "%2E",  "%2e%2e",
                                       "%2E%2E", "%2e%2E", ".%2E", "%2e.", ".%2e"};
    static const char *const others[] = {"",    "...", "a.", ".a",   "%2",  "%2f", "%2e%2e%2e",
                                         "%3e", "%2",  "-",  "op.1", "%20", ".%2", "%2e%2"};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof dots / sizeof dots[0]; i++)
        assert_true(amsop__dot_segment(dots[i], strlen(dots[i])));
    for (i = 0; i < sizeof others / sizeof others[0]; i++)
        assert_false(amsop__dot_segment(others[i], strlen(others[i])));
    /* The length bounds the read: ".." cut to one byte is ".". */
    assert_true(amsop__dot_segment("..x", 2));
    assert_false(amsop__dot_segment("..x", 3));
}

static void test_ieq(void **state)
{
    (void)state;
    assert_true(amsop__ieq("Content-Length", "content-length", 14));
    assert_true(amsop__ieq("ABCxyz", "abcXYZ", 6));
    assert_false(amsop__ieq("abc", "abd", 3));
    assert_true(amsop__ieq("abc", "abd", 2));
    assert_false(amsop__ieq("[", "{", 1)); /* not a blind |0x20 */
    assert_false(amsop__ieq("@", "`", 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_utf8_every_cap),
        cmocka_unit_test(test_put_cp_every_cap),
        cmocka_unit_test(test_no_holes_after_truncation),
        cmocka_unit_test(test_put_cp_invalid_values),
        cmocka_unit_test(test_put_utf8_invalid_sequences),
        cmocka_unit_test(test_put_utf8_any_bytes_stay_valid),
        cmocka_unit_test(test_ieq),
        cmocka_unit_test(test_dot_segment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
