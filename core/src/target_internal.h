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

#endif
