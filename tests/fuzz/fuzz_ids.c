/* SPDX-License-Identifier: MIT */
/* Fuzz target: the target builder from identifiers.
 *
 * The input is split at '\n' into subscription, resource group, account and
 * operation. An accepted target must be a clean path that parses back, from
 * an Azure-AsyncOperation URL, to the very same path. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "amsop_config.h"
#include "amsop_target.h"
#include "fuzz_check.h"

static char parts[4][CONFIG_AMSOP_URL_MAX];
static char url[CONFIG_AMSOP_URL_MAX * 2];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    amsop_endpoint_t ep;
    amsop_target_t t;
    amsop_target_t t2;
    size_t i;
    size_t k = 0;
    size_t len = 0;

    memset(parts, 0, sizeof(parts));
    for (i = 0; i < size; i++) {
        if (data[i] == '\n' && k < 3) {
            k++;
            len = 0;
        } else if (len + 1 < sizeof(parts[0])) {
            parts[k][len++] = (char)data[i];
        }
    }
    (void)amsop_validate_live_event_name(parts[0]);
    if (amsop_target_from_ids(parts[0], parts[1], parts[2], parts[3], &t) != AMSOP_OK)
        return 0;
    FUZZ_ASSERT(t.path_len < sizeof(t.path) && strlen(t.path) == t.path_len);
    FUZZ_ASSERT(t.path[0] == '/' && t.api_version[0] == '\0');
    for (i = 0; i < t.path_len; i++) {
        unsigned char c = (unsigned char)t.path[i];
        FUZZ_ASSERT(c > 0x20 && c < 0x7F && c != '?' && c != '#');
    }
    FUZZ_ASSERT(amsop_endpoint_parse("https://management.azure.com", &ep) == AMSOP_OK);
    len = (size_t)snprintf(url, sizeof(url), "https://management.azure.com%s", t.path);
    FUZZ_ASSERT(len < sizeof(url));
    FUZZ_ASSERT(amsop_target_from_url(&ep, url, len, &t2) == AMSOP_OK);
    FUZZ_ASSERT(t2.path_len == t.path_len && strcmp(t2.path, t.path) == 0);
    return 0;
}
