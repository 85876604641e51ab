/* SPDX-License-Identifier: MIT */
/* amsop: the resource a status read asks for, validated and encoded once. */
#ifndef AMSOP_TARGET_H
#define AMSOP_TARGET_H

#include <stddef.h>
#include <stdint.h>

#include "amsop_config.h"
#include "amsop_err.h"

/* Where the service lives: parsed from "https://host[:port]". */
typedef struct amsop_endpoint {
    char host[CONFIG_AMSOP_HOST_MAX]; /* lower-cased; IPv6 without brackets */
    uint16_t port;                    /* 443 unless the URL names one */
    uint8_t ipv6_literal;             /* host was written as [addr] */
} amsop_endpoint_t;

typedef struct amsop_target {
    char path[CONFIG_AMSOP_PATH_MAX]; /* percent-encoded, starts with '/' */
    size_t path_len;
    /* api-version named by an Azure-AsyncOperation URL; empty when the
     * target was built from identifiers (the client's own value is used). */
    char api_version[CONFIG_AMSOP_API_VERSION_MAX];
} amsop_target_t;

#ifdef __cplusplus
extern "C" {
#endif

/* Every call here is pure (no I/O, no state): reentrant, callable from
 * anywhere, on_change included. Each fails with the first problem found
 * and leaves *out unusable; fix the input (retrying cannot help). */

/* Parses an endpoint URL: https only, no user info, path empty or "/".
 * AMSOP_OK; AMSOP_ERR_INVALID_ARG (NULL), AMSOP_ERR_URL (malformed, a
 * path, user info, bad host characters or port), AMSOP_ERR_URL_SCHEME (not
 * https), AMSOP_ERR_TOO_LONG (a URL of CONFIG_AMSOP_URL_MAX bytes or more,
 * or a host of CONFIG_AMSOP_HOST_MAX bytes or more). */
amsop_err_t amsop_endpoint_parse(const char *url, amsop_endpoint_t *out);

/* Builds /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Media/
 * mediaservices/{a}/liveEventOperations/{op} after checking each identifier
 * against what ARM allows (AMSOP_ERR_INVALID_ID otherwise):
 *   subscription   a GUID
 *   resource group 1..90 of letters, digits, - _ . ( ) and non-ASCII UTF-8
 *                  letters; not ending in '.' (percent-encoded as needed)
 *   account        3..24 lower-case letters and digits
 *   operation      1..CONFIG_AMSOP_OPERATION_ID_MAX - 1 of letters, digits, - _ . */
/* AMSOP_OK; AMSOP_ERR_INVALID_ARG (NULL), AMSOP_ERR_INVALID_ID (an
 * identifier ARM does not allow), AMSOP_ERR_TOO_LONG (the path does not fit
 * CONFIG_AMSOP_PATH_MAX). */
amsop_err_t amsop_target_from_ids(const char *subscription, const char *resource_group,
                                  const char *account, const char *operation, amsop_target_t *out);

/* Builds a target from an Azure-AsyncOperation URL (up to
 * CONFIG_AMSOP_URL_MAX - 1 bytes) of any resource provider. The scheme must
 * be https, host and port must equal the endpoint's. Two path shapes:
 *
 *   /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Media/
 *     mediaservices/{a}/liveEventOperations/{op}       (the default form)
 *   /subscriptions/{s}[/resourceGroups/{rg}]/providers/{Namespace}
 *     /{type}/{name}[/{type}/{name}...]/{operations|operationStatuses}/{op}
 *     e.g. .../providers/Microsoft.Compute/locations/westeurope/operations/{op}
 *
 * Fixed names (subscriptions, resourceGroups, providers, the collection)
 * are matched case-insensitively (ARM echoes "resourcegroups",
 * "liveeventoperations"); every other segment is percent-decoded, checked,
 * and re-encoded: {s}, {rg}, {a}, {op} as for amsop_target_from_ids;
 * {Namespace} letters and digits joined by single dots (Microsoft.Compute);
 * {type} letters and digits; {name} a resource group's characters without
 * its 90 limit (never "." or ".."). The query's api-version is kept; the
 * second form requires one (the client's own is Media Services'), the first
 * falls back to the client's. Other query parameters are dropped.
 * operationResults, a Location URL whose reply is the resource and not a
 * status, is refused. AMSOP_OK; AMSOP_ERR_INVALID_ARG, AMSOP_ERR_URL
 * (malformed: blanks, control bytes, a fragment, a bad api-version value),
 * AMSOP_ERR_URL_SCHEME, AMSOP_ERR_URL_HOST (another host or port than the
 * endpoint: the token is never sent there), AMSOP_ERR_URL_PATH (neither
 * shape), AMSOP_ERR_URL_API_VERSION (the second shape without api-version),
 * AMSOP_ERR_INVALID_ID (a segment its rule refuses), AMSOP_ERR_TOO_LONG (the
 * URL or the path does not fit). */
amsop_err_t amsop_target_from_url(const amsop_endpoint_t *endpoint, const char *url, size_t url_len,
                                  amsop_target_t *out);

/* Validates a live event name (1..32, ^[a-zA-Z0-9]+(-*[a-zA-Z0-9])*$).
 * AMSOP_OK, AMSOP_ERR_INVALID_ARG (NULL) or AMSOP_ERR_INVALID_ID. */
amsop_err_t amsop_validate_live_event_name(const char *name);

#ifdef __cplusplus
}
#endif

#endif
