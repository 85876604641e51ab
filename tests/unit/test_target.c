/* SPDX-License-Identifier: MIT */
/* Targets: identifier validation, path encoding, endpoint URLs and
 * Azure-AsyncOperation URLs, with the spec vectors' own values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amsop_target.h"
#include "target_internal.h"
#include "test_util.h"

#define SUB  "0a6ec948-5a62-437d-b9df-934dc7c1b722"
#define RG   "mediaresources"
#define ACCT "slitestmedia10"
#define OP   "62e4d893-d233-4005-988e-a428d9f77076"
#define VECTOR_PATH                                                                                \
    "/subscriptions/" SUB "/resourceGroups/" RG "/providers/Microsoft.Media/mediaservices/" ACCT   \
    "/liveEventOperations/" OP

static amsop_target_t tgt;
static amsop_endpoint_t arm;

static int setup(void **state)
{
    (void)state;
    return amsop_endpoint_parse("https://management.azure.com", &arm) == AMSOP_OK ? 0 : -1;
}

/* The path the core must build, written out here independently:
 * unreserved bytes as they are, everything else %XX (upper-case hex). */
static void encode(const char *s, char *out)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = strlen(out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            out[o++] = (char)c;
        } else {
            out[o++] = '%';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        }
    }
    out[o] = '\0';
}

static void expected_path(const char *sub, const char *rg, const char *acct, const char *op,
                          char *out)
{
    out[0] = '\0';
    strcat(out, "/subscriptions/");
    encode(sub, out);
    strcat(out, "/resourceGroups/");
    encode(rg, out);
    strcat(out, "/providers/Microsoft.Media/mediaservices/");
    encode(acct, out);
    strcat(out, "/liveEventOperations/");
    encode(op, out);
}

static amsop_err_t ids(const char *sub, const char *rg, const char *acct, const char *op)
{
    return amsop_target_from_ids(sub, rg, acct, op, &tgt);
}

static void test_vector_parameters(void **state)
{
    static const char *const p_sub[] = {"parameters", "subscriptionId"};
    static const char *const p_rg[] = {"parameters", "resourceGroupName"};
    static const char *const p_acct[] = {"parameters", "accountName"};
    static const char *const p_op[] = {"parameters", "operationId"};
    static const char *const p_api[] = {"parameters", "api-version"};
    char sub[64], rg[128], acct[64], op[160], api[32];
    char want[1024];
    size_t len = 0;
    char *js = tu_load_vector("operation-inprogress.json", &len);
    (void)state;
    assert_non_null(js);
    assert_int_equal(tu_json_string(js, len, p_sub, 2, sub, sizeof sub), 1);
    assert_int_equal(tu_json_string(js, len, p_rg, 2, rg, sizeof rg), 1);
    assert_int_equal(tu_json_string(js, len, p_acct, 2, acct, sizeof acct), 1);
    assert_int_equal(tu_json_string(js, len, p_op, 2, op, sizeof op), 1);
    assert_int_equal(tu_json_string(js, len, p_api, 2, api, sizeof api), 1);
    free(js);
    assert_int_equal(ids(sub, rg, acct, op), AMSOP_OK);
    assert_string_equal(tgt.path, VECTOR_PATH);
    expected_path(sub, rg, acct, op, want);
    assert_string_equal(tgt.path, want);
    assert_int_equal(tgt.path_len, strlen(VECTOR_PATH));
    assert_string_equal(tgt.api_version, ""); /* the client's own is used */
    assert_string_equal(api, "2022-11-01");
}

static void test_guid_validation(void **state)
{
    static const char *const bad[] = {
        "0a6ec948-5a62-437d-b9df-934dc7c1b72",   /* 35 */
        "0a6ec948-5a62-437d-b9df-934dc7c1b7222", /* 37 */
        "0a6ec948-5a62-437d-b9df-934dc7c1b72g",  /* bad hex */
        "0a6ec9485-a62-437d-b9df-934dc7c1b722",  /* dash moved */
        "0a6ec948-5a62-437d-b9df934dc7c1b7221",  /* dash missing */
        "0a6ec948-5a62-437d-b9df-934dc7c1b7-2",  /* extra dash */
        "{0a6ec948-5a62-437d-b9df-934dc7c1b722}", "0a6ec948 5a62 437d b9df 934dc7c1b722", "",
    };
    size_t k;
    (void)state;
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        tgt.path_len = 99;
        assert_int_equal(ids(bad[k], RG, ACCT, OP), AMSOP_ERR_INVALID_ID);
        assert_int_equal(tgt.path_len, 0);
    }
    assert_int_equal(ids("0A6EC948-5A62-437D-B9DF-934DC7C1B722", RG, ACCT, OP), AMSOP_OK);
    assert_non_null(strstr(tgt.path, "/subscriptions/0A6EC948-5A62-437D-B9DF-934DC7C1B722/"));
    assert_int_equal(ids(NULL, RG, ACCT, OP), AMSOP_ERR_INVALID_ARG);
    assert_int_equal(ids(SUB, NULL, ACCT, OP), AMSOP_ERR_INVALID_ARG);
    assert_int_equal(ids(SUB, RG, NULL, OP), AMSOP_ERR_INVALID_ARG);
    assert_int_equal(ids(SUB, RG, ACCT, NULL), AMSOP_ERR_INVALID_ARG);
    assert_int_equal(amsop_target_from_ids(SUB, RG, ACCT, OP, NULL), AMSOP_ERR_INVALID_ARG);
}

static void test_resource_group_validation(void **state)
{
    static const struct {
        const char *rg;
        const char *encoded;
    } good[] = {
        {"rg(1)", "rg%281%29"},
        {"my.rg_-x", "my.rg_-x"},
        {"R", "R"},
        {"(x)", "%28x%29"},
        {"r\xC3\xA9seau", "r%C3%A9seau"},
        {"\xE6\x97\xA5\xE6\x9C\xAC", "%E6%97%A5%E6%9C%AC"},
        {"a.b", "a.b"},
        {"\xF0\x9F\x98\x80", "%F0%9F%98%80"},
    };
    static const char *const bad[] = {
        "rg.",
        "",
        "r g",
        "r/g",
        "r%g",
        "r%41",
        "r#g",
        "r?g",
        "r+g",
        "r~g",
        "r:g",
        "r\"g",
        "r\\g",
        "r\tg",
        "\xFF",
        "\xC3",
        "\xC3(",
        "a\x80",
        "\xF8\x88\x80\x80\x80",
        "rg\xC3\xA9.",
    };
    char rg[400];
    char want[1024];
    size_t k;
    (void)state;
    for (k = 0; k < sizeof good / sizeof good[0]; k++) {
        char seg[128];
        assert_int_equal(ids(SUB, good[k].rg, ACCT, OP), AMSOP_OK);
        snprintf(seg, sizeof seg, "/resourceGroups/%s/providers/", good[k].encoded);
        assert_non_null(strstr(tgt.path, seg));
        expected_path(SUB, good[k].rg, ACCT, OP, want);
        assert_string_equal(tgt.path, want);
    }
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        amsop_err_t e = ids(SUB, bad[k], ACCT, OP);
        if (e != AMSOP_ERR_INVALID_ID)
            fail_msg("resource group %zu \"%s\": %s", k, bad[k], amsop_err_name(e));
    }
    memset(rg, 'a', 90);
    rg[90] = '\0';
    assert_int_equal(ids(SUB, rg, ACCT, OP), AMSOP_OK);
    rg[90] = 'a';
    rg[91] = '\0';
    assert_int_equal(ids(SUB, rg, ACCT, OP), AMSOP_ERR_INVALID_ID);
    /* 90 / 91 characters, counted as characters: 91 two-byte characters are
     * rejected as an identifier; 90 are a valid identifier whose encoded
     * path (540 bytes for the group alone) cannot fit CONFIG_AMSOP_PATH_MAX */
    for (k = 0; k < 91; k++)
        memcpy(rg + 2 * k, "\xC3\xA9", 2);
    rg[182] = '\0';
    assert_int_equal(ids(SUB, rg, ACCT, OP), AMSOP_ERR_INVALID_ID);
    rg[180] = '\0';
    expected_path(SUB, rg, ACCT, OP, want);
    assert_true(strlen(want) > 700);
    assert_int_equal(ids(SUB, rg, ACCT, OP),
                     (strlen(want) < CONFIG_AMSOP_PATH_MAX) ? AMSOP_OK : AMSOP_ERR_TOO_LONG);
    rg[20] = '\0'; /* 10 characters, 20 bytes */
    assert_int_equal(ids(SUB, rg, ACCT, OP), AMSOP_OK);
}

static void test_account_validation(void **state)
{
    static const char *const bad[] = {"ab",
                                      "abcdefghijklmnopqrstuvwxy",
                                      "Abc",
                                      "ab-c",
                                      "ab_c",
                                      "ab.c",
                                      "",
                                      "ab c",
                                      ("\xC3\xA9"
                                       "ab")};
    size_t k;
    (void)state;
    assert_int_equal(ids(SUB, RG, "abc", OP), AMSOP_OK);
    assert_int_equal(ids(SUB, RG, "abcdefghijklmnopqrstuvwx", OP), AMSOP_OK); /* 24 */
    assert_int_equal(ids(SUB, RG, "0123456789", OP), AMSOP_OK);
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++)
        assert_int_equal(ids(SUB, RG, bad[k], OP), AMSOP_ERR_INVALID_ID);
}

static void test_operation_validation(void **state)
{
    static const char *const bad[] = {"",    "a b",  "a/b", "a%b",     "a?b",
                                      "a#b", "a(b)", "a~b", "\xC3\xA9"};
    char op[CONFIG_AMSOP_OPERATION_ID_MAX + 2];
    char want[1024];
    size_t k;
    (void)state;
    assert_int_equal(ids(SUB, RG, ACCT, "a.b_c-D9"), AMSOP_OK);
    assert_non_null(strstr(tgt.path, "/liveEventOperations/a.b_c-D9"));
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++)
        assert_int_equal(ids(SUB, RG, ACCT, bad[k]), AMSOP_ERR_INVALID_ID);
    /* check_operation rejects n >= CONFIG_AMSOP_OPERATION_ID_MAX */
    memset(op, 'o', CONFIG_AMSOP_OPERATION_ID_MAX - 1);
    op[CONFIG_AMSOP_OPERATION_ID_MAX - 1] = '\0';
    assert_int_equal(ids(SUB, RG, ACCT, op), AMSOP_OK);
    expected_path(SUB, RG, ACCT, op, want);
    assert_string_equal(tgt.path, want);
    op[CONFIG_AMSOP_OPERATION_ID_MAX - 1] = 'o';
    op[CONFIG_AMSOP_OPERATION_ID_MAX] = '\0';
    assert_int_equal(ids(SUB, RG, ACCT, op), AMSOP_ERR_INVALID_ID);
}

/* The whole path against CONFIG_AMSOP_PATH_MAX: reachable with the longest
 * account and operation id and a group of '(' (3 encoded bytes each). */
static void test_path_limit(void **state)
{
    char acct[32];
    char op[CONFIG_AMSOP_OPERATION_ID_MAX];
    char rg[100];
    char want[2048];
    size_t n;
    int reached_ok = 0;
    int reached_long = 0;
    (void)state;
    memset(acct, 'a', 24);
    acct[24] = '\0';
    memset(op, 'o', sizeof op - 1);
    op[sizeof op - 1] = '\0';
    for (n = 0; n <= 90; n++) {
        size_t t;
        for (t = 0; t <= 2 && n + t <= 90; t++) {
            amsop_err_t e;
            if (n + t == 0)
                continue;
            memset(rg, '(', n);
            memset(rg + n, 'r', t);
            rg[n + t] = '\0';
            expected_path(SUB, rg, acct, op, want);
            e = ids(SUB, rg, acct, op);
            if (strlen(want) <= CONFIG_AMSOP_PATH_MAX - 1) {
                assert_int_equal(e, AMSOP_OK);
                assert_string_equal(tgt.path, want);
                assert_int_equal(tgt.path_len, strlen(want));
                if (strlen(want) == CONFIG_AMSOP_PATH_MAX - 1)
                    reached_ok = 1;
            } else {
                assert_int_equal(e, AMSOP_ERR_TOO_LONG);
                assert_int_equal(tgt.path_len, 0);
                assert_string_equal(tgt.path, "");
                if (strlen(want) == CONFIG_AMSOP_PATH_MAX)
                    reached_long = 1;
            }
        }
    }
    if (CONFIG_AMSOP_PATH_MAX <= 280 + 270) { /* fixed parts + 90 '(' */
        assert_true(reached_ok);
        assert_true(reached_long);
    }
}

static void test_endpoint_parse(void **state)
{
    static const struct {
        const char *url;
        const char *host;
        uint16_t port;
        uint8_t v6;
    } good[] = {
        {"https://management.azure.com", "management.azure.com", 443, 0},
        {"https://management.azure.com/", "management.azure.com", 443, 0},
        {"https://127.0.0.1:8443", "127.0.0.1", 8443, 0},
        {"https://[::1]:8443", "::1", 8443, 1},
        {"https://[::1]", "::1", 443, 1},
        {"https://Host.Example/", "host.example", 443, 0},
        {"HTTPS://MANAGEMENT.USGOVCLOUDAPI.NET", "management.usgovcloudapi.net", 443, 0},
        {"https://h:1", "h", 1, 0},
        {"https://h:65535", "h", 65535, 0},
    };
    static const struct {
        const char *url;
        amsop_err_t err;
    } bad[] = {
        {"http://management.azure.com", AMSOP_ERR_URL_SCHEME},
        {"ftp://management.azure.com", AMSOP_ERR_URL_SCHEME},
        {"management.azure.com", AMSOP_ERR_URL},
        {"https://user@management.azure.com", AMSOP_ERR_URL},
        {"https://user:pw@management.azure.com", AMSOP_ERR_URL},
        {"https://management.azure.com/subscriptions", AMSOP_ERR_URL},
        {"https://management.azure.com//", AMSOP_ERR_URL},
        {"https://management.azure.com:0", AMSOP_ERR_URL},
        {"https://management.azure.com:65536", AMSOP_ERR_URL},
        {"https://management.azure.com:", AMSOP_ERR_URL},
        {"https://management.azure.com:44x", AMSOP_ERR_URL},
        {"https://", AMSOP_ERR_URL},
        {"https://[::1", AMSOP_ERR_URL},
        {"https://[]", AMSOP_ERR_URL},
        {"https://ho st", AMSOP_ERR_URL},
        {"https://host#frag", AMSOP_ERR_URL},
        {"", AMSOP_ERR_URL},
    };
    size_t k;
    amsop_endpoint_t ep;
    char host[CONFIG_AMSOP_HOST_MAX + 16];
    char url[CONFIG_AMSOP_HOST_MAX + 32];
    (void)state;
    for (k = 0; k < sizeof good / sizeof good[0]; k++) {
        assert_int_equal(amsop_endpoint_parse(good[k].url, &ep), AMSOP_OK);
        assert_string_equal(ep.host, good[k].host);
        assert_int_equal(ep.port, good[k].port);
        assert_int_equal(ep.ipv6_literal, good[k].v6);
    }
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        amsop_err_t e = amsop_endpoint_parse(bad[k].url, &ep);
        if (e != bad[k].err)
            fail_msg("endpoint \"%s\": %s", bad[k].url, amsop_err_name(e));
    }
    assert_int_equal(amsop_endpoint_parse(NULL, &ep), AMSOP_ERR_INVALID_ARG);
    /* host of HOST_MAX - 1 fits, HOST_MAX does not */
    memset(host, 'h', CONFIG_AMSOP_HOST_MAX - 1);
    host[CONFIG_AMSOP_HOST_MAX - 1] = '\0';
    snprintf(url, sizeof url, "https://%s", host);
    assert_int_equal(amsop_endpoint_parse(url, &ep), AMSOP_OK);
    assert_string_equal(ep.host, host);
    snprintf(url, sizeof url, "https://%sh", host);
    assert_int_equal(amsop_endpoint_parse(url, &ep), AMSOP_ERR_TOO_LONG);
}

static amsop_err_t from_url(const char *url)
{
    return amsop_target_from_url(&arm, url, strlen(url), &tgt);
}

/* The Azure-AsyncOperation and Location headers of the 202 vectors. */
static void test_vector_async_operation_urls(void **state)
{
    static const char *const files[] = {"liveevent-stop-accepted.json",
                                        "liveevent-reset-accepted.json"};
    static const char *const p_async[] = {"responses", "202", "headers", "azure-asyncoperation"};
    static const char *const p_loc[] = {"responses", "202", "headers", "location"};
    size_t f;
    (void)state;
    for (f = 0; f < 2; f++) {
        char url[1024];
        size_t len = 0;
        char *js = tu_load_vector(files[f], &len);
        assert_non_null(js);
        assert_int_equal(tu_json_string(js, len, p_async, 4, url, sizeof url), 1);
        assert_non_null(strstr(url, "/liveeventoperations/")); /* lower-case as ARM sends it */
        assert_int_equal(from_url(url), AMSOP_OK);
        assert_string_equal(tgt.path, VECTOR_PATH);
        assert_int_equal(tgt.path_len, strlen(VECTOR_PATH));
        assert_string_equal(tgt.api_version, "2022-11-01");
        assert_int_equal(tu_json_string(js, len, p_loc, 4, url, sizeof url), 1);
        assert_non_null(strstr(url, "/operationlocations/"));
        assert_int_equal(from_url(url), AMSOP_ERR_URL_PATH);
        assert_int_equal(tgt.path_len, 0);
        free(js);
    }
}

#define BASE "https://management.azure.com"
#define TAIL                                                                                       \
    "/subscriptions/" SUB "/resourcegroups/" RG "/providers/Microsoft.Media/mediaservices/" ACCT   \
    "/liveeventoperations/" OP

static void test_url_variants(void **state)
{
    static const struct {
        const char *url;
        amsop_err_t err;
    } cases[] = {
        {BASE TAIL, AMSOP_OK},
        {BASE ":443" TAIL, AMSOP_OK},
        {"HTTPS://Management.Azure.COM" TAIL "?api-version=2022-11-01", AMSOP_OK},
        {BASE TAIL "?foo=bar&api-version=2022-11-01&x=y", AMSOP_OK},
        {"https://example.com" TAIL, AMSOP_ERR_URL_HOST},
        {"https://management.azure.com.evil.com" TAIL, AMSOP_ERR_URL_HOST},
        {BASE ":444" TAIL, AMSOP_ERR_URL_HOST},
        {"http://management.azure.com" TAIL, AMSOP_ERR_URL_SCHEME},
        {"https://user@management.azure.com" TAIL, AMSOP_ERR_URL},
        {BASE TAIL "#frag", AMSOP_ERR_URL},
        {BASE TAIL " ", AMSOP_ERR_URL},
        {BASE TAIL "?api-version=2022 11", AMSOP_ERR_URL},
        {BASE TAIL "?api-version=2022-11-01;x", AMSOP_ERR_URL},
        {BASE TAIL "?api-version=2022-11-01-preview-long", AMSOP_ERR_URL},
        {BASE "/subscription/" SUB "/resourcegroups/" RG
              "/providers/Microsoft.Media/mediaservices/" ACCT "/liveeventoperations/" OP,
         AMSOP_ERR_URL_PATH},
        {BASE "/subscriptions/" SUB "/resourcegroups/" RG
              "/providers/Microsoft.Compute/mediaservices/" ACCT "/liveeventoperations/" OP,
         AMSOP_ERR_URL_PATH},
        {BASE "/subscriptions/" SUB "/resourcegroups/" RG
              "/providers/Microsoft.Media/mediaservice/" ACCT "/liveeventoperations/" OP,
         AMSOP_ERR_URL_PATH},
        {BASE "/subscriptions/" SUB "/resourcegroups/" RG
              "/providers/Microsoft.Media/mediaservices/" ACCT "/liveevents/" OP,
         AMSOP_ERR_URL_PATH},
        {BASE TAIL "/", AMSOP_ERR_URL_PATH},
        {BASE TAIL "/extra", AMSOP_ERR_URL_PATH},
        {BASE "/subscriptions/" SUB, AMSOP_ERR_URL_PATH},
        {BASE, AMSOP_ERR_URL_PATH},
        {BASE "/", AMSOP_ERR_URL_PATH},
        {BASE "//subscriptions/" SUB "/resourcegroups/" RG
              "/providers/Microsoft.Media/mediaservices/" ACCT "/liveeventoperations/" OP,
         AMSOP_ERR_URL_PATH},
        {BASE "/subscriptions/" SUB "/resourcegroups//providers/Microsoft.Media/mediaservices/" ACCT
              "/liveeventoperations/" OP,
         AMSOP_ERR_INVALID_ID},
        {BASE "/subscriptions/not-a-guid/resourcegroups/" RG
              "/providers/Microsoft.Media/mediaservices/" ACCT "/liveeventoperations/" OP,
         AMSOP_ERR_INVALID_ID},
        {BASE "/subscriptions/" SUB "/resourcegroups/" RG
              "/providers/Microsoft.Media/mediaservices/UPPER"
              "/liveeventoperations/" OP,
         AMSOP_ERR_INVALID_ID},
    };
    size_t k;
    (void)state;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        amsop_err_t e = from_url(cases[k].url);
        if (e != cases[k].err)
            fail_msg("url %zu %s: %s", k, cases[k].url, amsop_err_name(e));
        if (e == AMSOP_OK)
            assert_string_equal(tgt.path, VECTOR_PATH);
        else
            assert_int_equal(tgt.path_len, 0);
    }
    assert_int_equal(from_url(BASE TAIL "?foo=bar&api-version=2022-11-01&x=y"), AMSOP_OK);
    assert_string_equal(tgt.api_version, "2022-11-01");
    assert_int_equal(from_url(BASE TAIL), AMSOP_OK);
    assert_string_equal(tgt.api_version, "");
    assert_int_equal(amsop_target_from_url(NULL, BASE TAIL, strlen(BASE TAIL), &tgt),
                     AMSOP_ERR_INVALID_ARG);
    /* url_len is honoured: bytes after it are not read */
    {
        static const char longer[] = BASE TAIL "/junk";
        assert_int_equal(amsop_target_from_url(&arm, longer, strlen(BASE TAIL), &tgt), AMSOP_OK);
        assert_string_equal(tgt.path, VECTOR_PATH);
    }
    /* a non-default endpoint */
    {
        amsop_endpoint_t local;
        assert_int_equal(amsop_endpoint_parse("https://127.0.0.1:8443", &local), AMSOP_OK);
        assert_int_equal(amsop_target_from_url(&local, "https://127.0.0.1:8443" TAIL,
                                               strlen("https://127.0.0.1:8443" TAIL), &tgt),
                         AMSOP_OK);
        assert_int_equal(amsop_target_from_url(&local, "https://127.0.0.1" TAIL,
                                               strlen("https://127.0.0.1" TAIL), &tgt),
                         AMSOP_ERR_URL_HOST);
    }
}

static void test_url_percent_encoding(void **state)
{
    static const struct {
        const char *rg_in_url;
        const char *rg_in_path;
        amsop_err_t err;
    } cases[] = {
        {"rg%281%29", "rg%281%29", AMSOP_OK},
        {"rg%28%31%29", "rg%281%29", AMSOP_OK},
        {"rg(1)", "rg%281%29", AMSOP_OK}, /* sub-delims allowed raw in a URL path */
        {"%72%67", "rg", AMSOP_OK},
        {"r%c3%a9seau", "r%C3%A9seau", AMSOP_OK},
        {"%2e%2E%61", "..a", AMSOP_OK},
        {"rg%2", "", AMSOP_ERR_INVALID_ID},
        {"rg%", "", AMSOP_ERR_INVALID_ID},
        {"rg%zz", "", AMSOP_ERR_INVALID_ID},
        {"rg%g1", "", AMSOP_ERR_INVALID_ID},
        {"rg%2F..", "", AMSOP_ERR_INVALID_ID},
        {"rg%20x", "", AMSOP_ERR_INVALID_ID},
        {"rg%25", "", AMSOP_ERR_INVALID_ID},
        {"rg%00", "", AMSOP_ERR_INVALID_ID},
        {"rg%2e", "", AMSOP_ERR_INVALID_ID}, /* decoded, it ends in '.' */
        {"r%C3", "", AMSOP_ERR_INVALID_ID},  /* broken UTF-8 once decoded */
    };
    size_t k;
    char url[1024];
    (void)state;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char seg[128];
        amsop_err_t e;
        snprintf(url, sizeof url,
                 BASE "/subscriptions/" SUB "/resourceGroups/%s/providers/Microsoft.Media/"
                      "mediaservices/" ACCT "/liveEventOperations/" OP "?api-version=2022-11-01",
                 cases[k].rg_in_url);
        e = from_url(url);
        if (e != cases[k].err)
            fail_msg("rg %s: %s", cases[k].rg_in_url, amsop_err_name(e));
        if (e == AMSOP_OK) {
            snprintf(seg, sizeof seg, "/resourceGroups/%s/providers/", cases[k].rg_in_path);
            assert_non_null(strstr(tgt.path, seg));
        }
    }
    /* encoded GUID, account and operation id decode to the same target */
    assert_int_equal(
        from_url(BASE "/subscriptions/%30a6ec948-5a62-437d-b9df-934dc7c1b722/resourcegroups/" RG
                      "/providers/Microsoft.Media/mediaservices/%73litestmedia10"
                      "/liveeventoperations/%36%32e4d893-d233-4005-988e-a428d9f77076"),
        AMSOP_OK);
    assert_string_equal(tgt.path, VECTOR_PATH);
    assert_int_equal(from_url(BASE "/subscriptions/0a6ec948-5a62-437d-b9df-934dc7c1b72%3/"
                                   "resourcegroups/" RG
                                   "/providers/Microsoft.Media/mediaservices/" ACCT
                                   "/liveeventoperations/" OP),
                     AMSOP_ERR_INVALID_ID);
    assert_int_equal(from_url(BASE "/subscriptions/" SUB "/resourcegroups/" RG
                                   "/providers/Microsoft.Media/mediaservices/" ACCT
                                   "/liveeventoperations/op%"),
                     AMSOP_ERR_INVALID_ID);
}

/* A "." or ".." operation id (any spelling a URL can carry) is refused in
 * both forms of a target; dots inside an id are not (the control). */
static void test_dot_segments_refused(void **state)
{
    static const char *const in_url[] = {".", "..", "%2e", "%2E%2E", "%2e%2E", ".%2E", "%2e."};
    char url[512];
    size_t k;
    (void)state;
    for (k = 0; k < sizeof in_url / sizeof in_url[0]; k++) {
        snprintf(url, sizeof url,
                 BASE "/subscriptions/" SUB "/resourceGroups/" RG "/providers/Microsoft.Media/"
                      "mediaservices/" ACCT "/liveEventOperations/%s?api-version=2022-11-01",
                 in_url[k]);
        if (from_url(url) != AMSOP_ERR_INVALID_ID)
            fail_msg("operation %s accepted in a URL", in_url[k]);
    }
    assert_int_equal(amsop_target_from_ids(SUB, RG, ACCT, ".", &tgt), AMSOP_ERR_INVALID_ID);
    assert_int_equal(amsop_target_from_ids(SUB, RG, ACCT, "..", &tgt), AMSOP_ERR_INVALID_ID);
    assert_int_equal(amsop_target_from_ids(SUB, RG, ACCT, "op.1", &tgt), AMSOP_OK);
    assert_int_equal(amsop_target_from_ids(SUB, RG, ACCT, "...", &tgt), AMSOP_OK);
    snprintf(url, sizeof url,
             BASE "/subscriptions/" SUB "/resourceGroups/" RG "/providers/Microsoft.Media/"
                  "mediaservices/" ACCT "/liveEventOperations/%%2e%%2eop?api-version=2022-11-01");
    assert_int_equal(from_url(url), AMSOP_OK);
}

/* A server's absolute-path reference is on the endpoint's host: the same
 * target as the absolute URL; a network-path or relative-path one is not
 * taken (nor is anything the absolute form refuses). */
static void test_reference_from_server(void **state)
{
    static const char path[] =
        "/subscriptions/" SUB "/resourceGroups/" RG "/providers/Microsoft.Media/mediaservices/" ACCT
        "/liveEventOperations/" OP "?api-version=2022-11-01";
    static const char *const refused[] = {
        "//evil.example" TAIL, "subscriptions/" SUB, "/", "/subscriptions/" SUB "/x",
        "/subscriptions/" SUB "/resourceGroups/" RG "/providers/Microsoft.Media/mediaservices/" ACCT
        "/liveEventOperations/..?api-version=2022-11-01"};
    amsop_target_t abs_tgt;
    size_t k;
    (void)state;
    assert_int_equal(amsop__target_from_ref(&arm, path, strlen(path), &tgt), AMSOP_OK);
    assert_string_equal(tgt.path, VECTOR_PATH);
    assert_int_equal(amsop_target_from_url(&arm, BASE TAIL, strlen(BASE TAIL), &abs_tgt), AMSOP_OK);
    assert_string_equal(abs_tgt.path, tgt.path);
    for (k = 0; k < sizeof refused / sizeof refused[0]; k++) {
        if (amsop__target_from_ref(&arm, refused[k], strlen(refused[k]), &tgt) == AMSOP_OK)
            fail_msg("reference %s taken", refused[k]);
    }
    /* the absolute form still checks the host */
    assert_int_equal(amsop__target_from_ref(&arm, "https://evil.example" TAIL,
                                            strlen("https://evil.example" TAIL), &tgt),
                     AMSOP_ERR_URL_HOST);
}

/* A URL of CONFIG_AMSOP_URL_MAX - 1 bytes is read; one byte more is not. */
static void test_url_length_limit(void **state)
{
    static const char head[] = BASE TAIL "?api-version=2022-11-01&x=";
    char *url = malloc(CONFIG_AMSOP_URL_MAX + 1);
    amsop_endpoint_t ep;
    (void)state;
    assert_non_null(url);
    memcpy(url, head, sizeof head - 1);
    memset(url + sizeof head - 1, 'a', CONFIG_AMSOP_URL_MAX - sizeof head);
    url[CONFIG_AMSOP_URL_MAX - 1] = '\0';
    assert_int_equal(strlen(url), CONFIG_AMSOP_URL_MAX - 1);
    assert_int_equal(from_url(url), AMSOP_OK);
    assert_string_equal(tgt.path, VECTOR_PATH);
    assert_string_equal(tgt.api_version, "2022-11-01");
    url[CONFIG_AMSOP_URL_MAX - 1] = 'a';
    url[CONFIG_AMSOP_URL_MAX] = '\0';
    assert_int_equal(from_url(url), AMSOP_ERR_TOO_LONG);
    assert_int_equal(tgt.path_len, 0);
    /* the endpoint parser has the same limit */
    memcpy(url, "https://", 8);
    memset(url + 8, 'h', CONFIG_AMSOP_URL_MAX - 8);
    url[CONFIG_AMSOP_URL_MAX] = '\0';
    assert_int_equal(amsop_endpoint_parse(url, &ep), AMSOP_ERR_TOO_LONG);
    free(url);
}

/* Any resource provider's operation status URL (amsop_target.h): the path
 * is rebuilt from validated, re-encoded segments, fixed names in ARM's own
 * spelling, and the URL's api-version is kept (it is required there). */
#define CSUB    "/subscriptions/" SUB
#define COMPUTE "/providers/Microsoft.Compute/locations/westeurope/operations/" OP
#define API     "?api-version=2024-07-01"

static void test_url_any_provider(void **state)
{
    static const struct {
        const char *in;   /* after BASE */
        const char *path; /* the target's path */
    } good[] = {
        {CSUB COMPUTE API, CSUB COMPUTE},
        {CSUB "/providers/Microsoft.OperationalInsights/locations/westus/operationStatuses/" OP API,
         CSUB "/providers/Microsoft.OperationalInsights/locations/westus/operationStatuses/" OP},
        /* resource-group scope, nested type/name pairs */
        {CSUB "/resourcegroups/rg(1)/providers/Microsoft.Sql/servers/srv-1/databases/db_1"
              "/operations/op.1" API,
         CSUB "/resourceGroups/rg%281%29/providers/Microsoft.Sql/servers/srv-1/databases/db_1"
              "/operations/op.1"},
        /* fixed names in any case, written as ARM spells them; the rest as sent */
        {"/SUBSCRIPTIONS/" SUB
         "/Providers/microsoft.compute/Locations/westeurope/OPERATIONS/" OP API,
         CSUB "/providers/microsoft.compute/Locations/westeurope/OPERATIONS/" OP},
        /* percent-encoding decoded, then re-encoded */
        {CSUB "/providers/Microsoft.Compute/locations/west%65urope/operations/"
              "%362e4d893-d233-4005-988e-a428d9f77076" API,
         CSUB COMPUTE},
        {CSUB "/providers/Microsoft.Web/sites/r%C3%A9seau/operations/" OP API,
         CSUB "/providers/Microsoft.Web/sites/r%C3%A9seau/operations/" OP},
        /* other query parameters are not kept */
        {CSUB COMPUTE "?t=1&api-version=2024-07-01&c=x", CSUB COMPUTE},
        /* Media Services' own operations are one provider among others */
        {CSUB "/resourceGroups/" RG "/providers/Microsoft.Media/mediaservices/" ACCT
              "/liveEvents/le1/operations/" OP API,
         CSUB "/resourceGroups/" RG "/providers/Microsoft.Media/mediaservices/" ACCT
              "/liveEvents/le1/operations/" OP},
    };
    char url[1024];
    size_t k;
    (void)state;
    for (k = 0; k < sizeof good / sizeof good[0]; k++) {
        amsop_err_t e;
        snprintf(url, sizeof url, BASE "%s", good[k].in);
        e = from_url(url);
        if (e != AMSOP_OK)
            fail_msg("url %s: %s", url, amsop_err_name(e));
        assert_string_equal(tgt.path, good[k].path);
        assert_int_equal(tgt.path_len, strlen(good[k].path));
        assert_string_equal(tgt.api_version, "2024-07-01");
        /* the same as a server's absolute-path reference */
        assert_int_equal(amsop__target_from_ref(&arm, good[k].in, strlen(good[k].in), &tgt),
                         AMSOP_OK);
        assert_string_equal(tgt.path, good[k].path);
    }
    /* the liveEventOperations form still takes the client's api-version */
    assert_int_equal(from_url(BASE TAIL), AMSOP_OK);
    assert_string_equal(tgt.path, VECTOR_PATH);
    assert_string_equal(tgt.api_version, "");
}

/* Each refusal next to the URL it was made from, accepted (the control). */
static void test_url_any_provider_refused(void **state)
{
    static const struct {
        const char *bad; /* after BASE unless it starts with "http" */
        amsop_err_t err;
        const char *good;
    } cases[] = {
        /* api-version: required, and well-formed */
        {CSUB COMPUTE, AMSOP_ERR_URL_API_VERSION, CSUB COMPUTE API},
        {CSUB COMPUTE "?api-version=", AMSOP_ERR_URL_API_VERSION, CSUB COMPUTE API},
        {CSUB COMPUTE "?apiversion=2024-07-01", AMSOP_ERR_URL_API_VERSION, CSUB COMPUTE API},
        {CSUB COMPUTE "?api-version=2024 07", AMSOP_ERR_URL, CSUB COMPUTE API},
        /* scheme, host and port */
        {"http://management.azure.com" CSUB COMPUTE API, AMSOP_ERR_URL_SCHEME,
         "https://management.azure.com" CSUB COMPUTE API},
        {"https://management.azure.com.evil.example" CSUB COMPUTE API, AMSOP_ERR_URL_HOST,
         "https://MANAGEMENT.azure.com" CSUB COMPUTE API},
        {"https://management.azure.com:8443" CSUB COMPUTE API, AMSOP_ERR_URL_HOST,
         "https://management.azure.com:443" CSUB COMPUTE API},
        /* shape: subscriptions, [resourceGroups], providers, type/name pairs,
         * operations|operationStatuses/{id} */
        {"/providers/Microsoft.Compute/locations/westeurope/operations/" OP API, AMSOP_ERR_URL_PATH,
         CSUB COMPUTE API},
        {CSUB "/locations/westeurope/operations/" OP API, AMSOP_ERR_URL_PATH, CSUB COMPUTE API},
        {CSUB "/resourceGroups/" RG "/x/providers/Microsoft.Compute/locations/westeurope"
              "/operations/" OP API,
         AMSOP_ERR_URL_PATH,
         CSUB "/resourceGroups/" RG "/providers/Microsoft.Compute/locations/westeurope"
              "/operations/" OP API},
        {CSUB "/providers/Microsoft.Compute/operations/" OP API, AMSOP_ERR_URL_PATH,
         CSUB COMPUTE API},
        {CSUB "/providers/Microsoft.Compute/locations/operations/" OP API, AMSOP_ERR_URL_PATH,
         CSUB COMPUTE API},
        {CSUB COMPUTE "/" API, AMSOP_ERR_URL_PATH, CSUB COMPUTE API},
        {CSUB COMPUTE "/x" API, AMSOP_ERR_URL_PATH, CSUB COMPUTE "/x/y/operations/z" API},
        {CSUB "/providers/Microsoft.Compute/locations/westeurope/operationResults/" OP API,
         AMSOP_ERR_URL_PATH, CSUB COMPUTE API},
        {CSUB "/providers/Microsoft.Compute/locations/westeurope/operationlocations/" OP API,
         AMSOP_ERR_URL_PATH, CSUB COMPUTE API},
        {CSUB "/providers/Microsoft.Compute/virtualMachines/vm1" API, AMSOP_ERR_URL_PATH,
         CSUB "/providers/Microsoft.Compute/virtualMachines/vm1/operations/1" API},
        /* liveEventOperations: Media Services' account form only */
        {CSUB "/resourceGroups/" RG "/providers/Microsoft.Compute/mediaservices/" ACCT
              "/liveEventOperations/" OP API,
         AMSOP_ERR_URL_PATH,
         CSUB "/resourceGroups/" RG "/providers/Microsoft.Media/mediaservices/" ACCT
              "/liveEventOperations/" OP API},
        {CSUB "/providers/Microsoft.Media/mediaservices/" ACCT "/liveEventOperations/" OP API,
         AMSOP_ERR_URL_PATH,
         CSUB "/providers/Microsoft.Media/mediaservices/" ACCT "/operations/" OP API},
        /* the namespace: Company.Service, letters and digits between the dots */
        {CSUB "/providers/Microsoft/locations/westeurope/operations/" OP API, AMSOP_ERR_INVALID_ID,
         CSUB COMPUTE API},
        {CSUB "/providers/.Compute/locations/westeurope/operations/" OP API, AMSOP_ERR_INVALID_ID,
         CSUB COMPUTE API},
        {CSUB "/providers/Microsoft..Compute/locations/westeurope/operations/" OP API,
         AMSOP_ERR_INVALID_ID, CSUB COMPUTE API},
        {CSUB "/providers/Microsoft.Compute./locations/westeurope/operations/" OP API,
         AMSOP_ERR_INVALID_ID, CSUB COMPUTE API},
        {CSUB "/providers/Micro_soft.Compute/locations/westeurope/operations/" OP API,
         AMSOP_ERR_INVALID_ID,
         CSUB "/providers/Micro5oft.Compute/locations/westeurope/operations/" OP API},
        {CSUB "/providers//locations/westeurope/operations/" OP API, AMSOP_ERR_INVALID_ID,
         CSUB COMPUTE API},
        {CSUB "/providers/Microsoft%2ECompute%2F/locations/westeurope/operations/" OP API,
         AMSOP_ERR_INVALID_ID,
         CSUB "/providers/Microsoft%2ECompute/locations/westeurope/operations/" OP API},
        /* the subscription and resource group as in the Media form */
        {"/subscriptions/not-a-guid" COMPUTE API, AMSOP_ERR_INVALID_ID, CSUB COMPUTE API},
        {CSUB
         "/resourceGroups/rg./providers/Microsoft.Compute/locations/westeurope/operations/" OP API,
         AMSOP_ERR_INVALID_ID,
         CSUB "/resourceGroups/rg.a/providers/Microsoft.Compute/locations/westeurope/operations/" OP
             API},
        /* a type: letters and digits */
        {CSUB "/providers/Microsoft.Compute/loc-ations/westeurope/operations/" OP API,
         AMSOP_ERR_INVALID_ID,
         CSUB "/providers/Microsoft.Compute/loc4tions/westeurope/operations/" OP API},
        {CSUB "/providers/Microsoft.Compute//westeurope/operations/" OP API, AMSOP_ERR_INVALID_ID,
         CSUB COMPUTE API},
        /* a name: the resource group's characters, not ending in '.' */
        {CSUB "/providers/Microsoft.Compute/locations/west%20europe/operations/" OP API,
         AMSOP_ERR_INVALID_ID,
         CSUB "/providers/Microsoft.Compute/locations/west-europe/operations/" OP API},
        {CSUB "/providers/Microsoft.Compute/locations/west%2Feurope/operations/" OP API,
         AMSOP_ERR_INVALID_ID,
         CSUB "/providers/Microsoft.Compute/locations/west%2Deurope/operations/" OP API},
        {CSUB "/providers/Microsoft.Compute/locations/west%0Aeurope/operations/" OP API,
         AMSOP_ERR_INVALID_ID,
         CSUB "/providers/Microsoft.Compute/locations/west%41europe/operations/" OP API},
        {CSUB "/providers/Microsoft.Compute/locations/west%00europe/operations/" OP API,
         AMSOP_ERR_INVALID_ID, CSUB COMPUTE API},
        {CSUB "/providers/Microsoft.Compute/locations/west%7Feurope/operations/" OP API,
         AMSOP_ERR_INVALID_ID, CSUB COMPUTE API},
        {CSUB "/providers/Microsoft.Compute/locations/r%C3/operations/" OP API,
         AMSOP_ERR_INVALID_ID,
         CSUB "/providers/Microsoft.Compute/locations/r%C3%A9/operations/" OP API},
        {CSUB "/providers/Microsoft.Compute/locations/west%/operations/" OP API,
         AMSOP_ERR_INVALID_ID, CSUB COMPUTE API},
        /* raw control bytes and blanks: not a URL at all */
        {CSUB "/providers/Microsoft.Compute/locations/west\teurope/operations/" OP API,
         AMSOP_ERR_URL, CSUB COMPUTE API},
        {CSUB "/providers/Microsoft.Compute/locations/west\x7f"
              "europe/operations/" OP API,
         AMSOP_ERR_URL, CSUB COMPUTE API},
        /* the operation id: letters, digits, - _ . */
        {CSUB "/providers/Microsoft.Compute/locations/westeurope/operations/op~1" API,
         AMSOP_ERR_INVALID_ID,
         CSUB "/providers/Microsoft.Compute/locations/westeurope/operations/op_1" API},
    };
    char bad[1024];
    char good[1024];
    size_t k;
    (void)state;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const char *pre_b = strncmp(cases[k].bad, "http", 4) == 0 ? "" : BASE;
        const char *pre_g = strncmp(cases[k].good, "http", 4) == 0 ? "" : BASE;
        amsop_err_t e;
        snprintf(bad, sizeof bad, "%s%s", pre_b, cases[k].bad);
        snprintf(good, sizeof good, "%s%s", pre_g, cases[k].good);
        e = from_url(good);
        if (e != AMSOP_OK)
            fail_msg("control %zu %s: %s", k, good, amsop_err_name(e));
        e = from_url(bad);
        if (e != cases[k].err)
            fail_msg("url %zu %s: %s, not %s", k, bad, amsop_err_name(e),
                     amsop_err_name(cases[k].err));
        assert_int_equal(tgt.path_len, 0);
        assert_string_equal(tgt.api_version, "");
    }
}

/* A dot-segment ("." or "..", any spelling a URL can carry) in any segment
 * the caller's URL fills is refused; dots inside a segment are not. */
static void test_url_any_provider_dot_segments(void **state)
{
    static const char *const dots[] = {".", "..", "%2e", "%2E", "%2e%2E", ".%2E", "%2e."};
    static const char *const shapes[] = {
        CSUB "/providers/%s/locations/westeurope/operations/" OP API,
        CSUB "/providers/Microsoft.Compute/%s/westeurope/operations/" OP API,
        CSUB "/providers/Microsoft.Compute/locations/%s/operations/" OP API,
        CSUB "/providers/Microsoft.Compute/locations/westeurope/%s/" OP API,
        CSUB "/providers/Microsoft.Compute/locations/westeurope/operations/%s" API,
        CSUB
        "/resourceGroups/%s/providers/Microsoft.Compute/locations/westeurope/operations/" OP API,
        "/subscriptions/%s" COMPUTE API,
        "/%s" CSUB COMPUTE API,
    };
    char in[512];
    char url[600];
    size_t s;
    size_t d;
    (void)state;
    for (s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        for (d = 0; d < sizeof dots / sizeof dots[0]; d++) {
            amsop_err_t e;
            snprintf(in, sizeof in, shapes[s], dots[d]);
            snprintf(url, sizeof url, BASE "%s", in);
            e = from_url(url);
            if (e != AMSOP_ERR_INVALID_ID && e != AMSOP_ERR_URL_PATH)
                fail_msg("%s: %s", url, amsop_err_name(e));
            if (amsop__target_from_ref(&arm, in, strlen(in), &tgt) == AMSOP_OK)
                fail_msg("reference %s taken", in);
        }
    }
    /* the controls: dots inside a name and an id */
    assert_int_equal(
        from_url(BASE CSUB "/providers/Microsoft.Compute/locations/a.b/operations/..a" API),
        AMSOP_OK);
    assert_string_equal(tgt.path, CSUB "/providers/Microsoft.Compute/locations/a.b/operations/..a");
    assert_int_equal(
        from_url(BASE CSUB "/providers/Microsoft.Compute/locations/%2e%2Eb/operations/" OP API),
        AMSOP_OK);
    assert_string_equal(tgt.path, CSUB "/providers/Microsoft.Compute/locations/..b/operations/" OP);
}

/* A path of CONFIG_AMSOP_PATH_MAX - 1 bytes fits; one more does not. */
static void test_url_any_provider_path_limit(void **state)
{
    static const char head[] = CSUB "/providers/Microsoft.Compute/locations/";
    static const char tail[] = "/operations/" OP;
    char *url = malloc(CONFIG_AMSOP_URL_MAX);
    size_t name = CONFIG_AMSOP_PATH_MAX - 1 - (sizeof head - 1) - (sizeof tail - 1);
    (void)state;
    assert_non_null(url);
    memcpy(url, BASE, strlen(BASE));
    memcpy(url + strlen(BASE), head, sizeof head - 1);
    memset(url + strlen(BASE) + sizeof head - 1, 'a', name);
    snprintf(url + strlen(BASE) + sizeof head - 1 + name,
             CONFIG_AMSOP_URL_MAX - (strlen(BASE) + sizeof head - 1 + name), "%s" API, tail);
    assert_int_equal(from_url(url), AMSOP_OK);
    assert_int_equal(tgt.path_len, CONFIG_AMSOP_PATH_MAX - 1);
    memset(url + strlen(BASE) + sizeof head - 1, 'a', name + 1);
    snprintf(url + strlen(BASE) + sizeof head - 1 + name + 1,
             CONFIG_AMSOP_URL_MAX - (strlen(BASE) + sizeof head - 1 + name + 1), "%s" API, tail);
    assert_int_equal(from_url(url), AMSOP_ERR_TOO_LONG);
    assert_int_equal(tgt.path_len, 0);
    free(url);
}

static void test_live_event_name(void **state)
{
    static const char *const good[] = {
        "myLiveEvent1", "a", "A1", "a-b", "a--b", "a-b-c", "12345678901234567890123456789012"};
    static const char *const bad[] = {
        "",    "-a",  "a-",       "a_b", "a b",
        "a.b", "a/b", "\xC3\xA9", "-",   "123456789012345678901234567890123"};
    size_t k;
    (void)state;
    for (k = 0; k < sizeof good / sizeof good[0]; k++)
        assert_int_equal(amsop_validate_live_event_name(good[k]), AMSOP_OK);
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++)
        assert_int_equal(amsop_validate_live_event_name(bad[k]), AMSOP_ERR_INVALID_ID);
    assert_int_equal(amsop_validate_live_event_name(NULL), AMSOP_ERR_INVALID_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vector_parameters),
        cmocka_unit_test(test_guid_validation),
        cmocka_unit_test(test_resource_group_validation),
        cmocka_unit_test(test_account_validation),
        cmocka_unit_test(test_operation_validation),
        cmocka_unit_test(test_path_limit),
        cmocka_unit_test(test_endpoint_parse),
        cmocka_unit_test(test_vector_async_operation_urls),
        cmocka_unit_test(test_url_variants),
        cmocka_unit_test(test_url_percent_encoding),
        cmocka_unit_test(test_dot_segments_refused),
        cmocka_unit_test(test_reference_from_server),
        cmocka_unit_test(test_url_length_limit),
        cmocka_unit_test(test_url_any_provider),
        cmocka_unit_test(test_url_any_provider_refused),
        cmocka_unit_test(test_url_any_provider_dot_segments),
        cmocka_unit_test(test_url_any_provider_path_limit),
        cmocka_unit_test(test_live_event_name),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
