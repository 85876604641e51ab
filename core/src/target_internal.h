/* SPDX-License-Identifier: MIT */
/* Targets from references a server sends (core/src/target.c). */
#ifndef AMSOP_TARGET_INTERNAL_H
#define AMSOP_TARGET_INTERNAL_H

#include <stddef.h>

#include "amsop_target.h"

/* amsop_target_from_url, and also an absolute-path reference
 * ("/subscriptions/...?api-version=..."), which RFC 9110 resolves against
 * the request: the endpoint's own host and port. Same codes. */
amsop_err_t amsop__target_from_ref(const amsop_endpoint_t *endpoint, const char *ref,
                                   size_t ref_len, amsop_target_t *out);

/* The one host check of every URL a server sends (Azure-AsyncOperation,
 * Location): ref's bytes are URL bytes, and ref is an absolute-path
 * reference (*path_at 0) or an https URL on endpoint's host and port
 * (*path_at just past its authority). AMSOP_ERR_URL_HOST for another host
 * or port, AMSOP_ERR_URL_SCHEME, AMSOP_ERR_URL, AMSOP_ERR_TOO_LONG. */
amsop_err_t amsop__ref_on_endpoint(const amsop_endpoint_t *endpoint, const char *ref,
                                   size_t ref_len, size_t *path_at);

#endif
