/* SPDX-License-Identifier: MIT */
/* Fuzz target: Azure-AsyncOperation URL -> target, and endpoint URLs.
 *
 * A target accepted from a URL must be a clean, encoded path of the accepted
 * grammar, and must come back unchanged when rebuilt into a URL and parsed
 * again (a fixed point). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "amsop_config.h"
#include "amsop_target.h"
#include "fuzz_check.h"

static int ieq(const char *a, size_t n, const char *b)
{
    size_t i;
    if (strlen(b) != n)
        return 0;
    for (i = 0; i < n; i++) {
        char x = a[i] >= 'A' && a[i] <= 'Z' ? (char)(a[i] - 'A' + 'a') : a[i];
        char y = b[i] >= 'A' && b[i] <= 'Z' ? (char)(b[i] - 'A' + 'a') : b[i];
        if (x != y)
            return 0;
    }
    return 1;
}

/* The accepted grammar (amsop_target.h), read back from the path:
 * /subscriptions/{s}[/resourceGroups/{rg}]/providers/{ns}{/type/name}...
 * /{operations|operationStatuses|liveEventOperations}/{id}, every segment
 * non-empty and no dot-segment ('.' is written as it is, so "%2e" never
 * is), the Media form alone without an api-version. */
static void check_target(const amsop_target_t *t)
{
    const char *seg[CONFIG_AMSOP_PATH_MAX / 2];
    size_t len[CONFIG_AMSOP_PATH_MAX / 2];
    size_t n = 0;
    size_t i;
    size_t p;
    FUZZ_ASSERT(t->path_len < sizeof(t->path) && t->path[t->path_len] == '\0');
    FUZZ_ASSERT(strlen(t->path) == t->path_len && t->path[0] == '/');
    FUZZ_ASSERT(memchr(t->api_version, '\0', sizeof(t->api_version)) != NULL);
    for (i = 0; i < t->path_len; i++) {
        unsigned char c = (unsigned char)t->path[i];
        FUZZ_ASSERT(c > 0x20 && c < 0x7F && c != '?' && c != '#');
        if (c == '/') {
            FUZZ_ASSERT(n < sizeof seg / sizeof seg[0]);
            seg[n] = t->path + i + 1;
            len[n] = strcspn(t->path + i + 1, "/");
            FUZZ_ASSERT(len[n] > 0);
            FUZZ_ASSERT(!(len[n] <= 2 && strspn(seg[n], ".") >= len[n]));
            FUZZ_ASSERT(!ieq(seg[n], len[n] < 3 ? len[n] : 3, "%2e"));
            n++;
        }
    }
    FUZZ_ASSERT(n >= 8 && n % 2 == 0);
    FUZZ_ASSERT(strncmp(seg[0], "subscriptions/", 14) == 0);
    p = strncmp(seg[2], "resourceGroups/", 15) == 0 ? 4 : 2;
    FUZZ_ASSERT(strncmp(seg[p], "providers/", 10) == 0 && n >= p + 6);
    if (ieq(seg[n - 2], len[n - 2], "liveEventOperations")) {
        FUZZ_ASSERT(p == 4 && n == 10 && strncmp(seg[4], "providers/Microsoft.Media/", 26) == 0);
        FUZZ_ASSERT(strncmp(seg[6], "mediaservices/", 14) == 0);
    } else {
        FUZZ_ASSERT(ieq(seg[n - 2], len[n - 2], "operations") ||
                    ieq(seg[n - 2], len[n - 2], "operationStatuses"));
        FUZZ_ASSERT(t->api_version[0] != '\0');
    }
}

static char url[CONFIG_AMSOP_URL_MAX + 64];
static char again[CONFIG_AMSOP_URL_MAX * 2];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    amsop_endpoint_t ep;
    amsop_endpoint_t ep2;
    amsop_target_t t;
    amsop_target_t t2;
    amsop_err_t err;
    size_t n = size < sizeof(url) - 1 ? size : sizeof(url) - 1;

    FUZZ_ASSERT(amsop_endpoint_parse("https://management.azure.com", &ep) == AMSOP_OK);
    err = amsop_target_from_url(&ep, (const char *)data, size, &t);
    if (err == AMSOP_OK) {
        int len;
        check_target(&t);
        len = snprintf(again, sizeof(again), "https://management.azure.com%s%s%s", t.path,
                       t.api_version[0] ? "?api-version=" : "", t.api_version);
        FUZZ_ASSERT(len > 0 && (size_t)len < sizeof(again));
        err = amsop_target_from_url(&ep, again, (size_t)len, &t2);
        FUZZ_ASSERT(err == AMSOP_OK);
        FUZZ_ASSERT(t2.path_len == t.path_len && strcmp(t2.path, t.path) == 0);
        FUZZ_ASSERT(strcmp(t2.api_version, t.api_version) == 0);
    }

    /* The same bytes as an endpoint URL (a C string there). */
    memcpy(url, data, n);
    url[n] = '\0';
    if (amsop_endpoint_parse(url, &ep2) == AMSOP_OK) {
        FUZZ_ASSERT(memchr(ep2.host, '\0', sizeof(ep2.host)) != NULL);
        FUZZ_ASSERT(ep2.host[0] != '\0' && ep2.port != 0);
        /* A target URL on that endpoint must parse against it too. */
        (void)amsop_target_from_url(&ep2, (const char *)data, size, &t);
    }
    return 0;
}
