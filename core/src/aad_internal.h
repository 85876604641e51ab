/* SPDX-License-Identifier: MIT */
/* Private to core/ (and its tests): the Azure AD provider's reply step. */
#ifndef AMSOP_AAD_INTERNAL_H
#define AMSOP_AAD_INTERNAL_H

#include "amsop_aad.h"

/* Takes the reply body in p->buf[0..body_len): the token, or the error. */
amsop_err_t amsop__aad_accept(amsop_aad_t *p, int http_status, size_t body_len, uint64_t issued_ms);

#endif
