/* SPDX-License-Identifier: MIT */
/* Fuzz target: Azure-AsyncOperation URL -> target, and endpoint URLs.
 *
 * A target accepted from a URL must be a clean, encoded path, and must come
 * back unchanged when rebuilt into a URL and parsed again (a fixed point). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "amsop_config.h"
#include "amsop_target.h"
#include "fuzz_check.h"

static void check_target(const amsop_target_t *t)
{
    size_t i;
    FUZZ_ASSERT(t->path_len < sizeof(t->path) && t->path[t->path_len] == '\0');
    FUZZ_ASSERT(strlen(t->path) == t->path_len && t->path[0] == '/');
    FUZZ_ASSERT(memchr(t->api_version, '\0', sizeof(t->api_version)) != NULL);
    for (i = 0; i < t->path_len; i++) {
        unsigned char c = (unsigned char)t->path[i];
        FUZZ_ASSERT(c > 0x20 && c < 0x7F && c != '?' && c != '#');
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
