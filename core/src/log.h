/* SPDX-License-Identifier: MIT */
/* The core's event lines (retry, throttle, reconnect, token fetch) for
 * amsop_sys_t.log. Private to core/. */
#ifndef AMSOP_LOG_H
#define AMSOP_LOG_H

#include <stdint.h>

#include "amsop_config.h"
#include "amsop_err.h"
#include "amsop_transport.h"

#if defined(CONFIG_AMSOP_EVENT_LOG)
/* Builds one line from fmt and hands it to sys->log; nothing when sys->log
 * is NULL. fmt knows three conversions only: %s (a NUL-terminated string),
 * %u (an unsigned int) and %e (an amsop_err_t passed as int, written as its
 * name: callers pass the code, not amsop_err_name(), so that with
 * CONFIG_AMSOP_EVENT_LOG off nothing links the name table). No printf is
 * linked into firmware for this. The line is cut at
 * CONFIG_AMSOP_LOG_LINE_MAX - 1 bytes. Never pass a secret. */
void amsop__log(const amsop_sys_t *sys, amsop_log_level_t level, const char *fmt, ...);

/* The line of one failed attempt that will be tried again after delay_ms:
 * "throttled: ..." for a 429, "retry: ..." otherwise, naming the error,
 * the HTTP status (status > 0) with its Retry-After (retry_after_s >= 0)
 * and the peer (from). One wording for Resource Manager and the token
 * endpoint. */
void amsop__log_retry(const amsop_sys_t *sys, const char *from, amsop_err_t err, int status,
                      int32_t retry_after_s, uint32_t delay_ms);

#else
/* CONFIG_AMSOP_EVENT_LOG off: no lines, no code. */
static inline void amsop__log(const amsop_sys_t *sys, amsop_log_level_t level, const char *fmt, ...)
{
    (void)sys;
    (void)level;
    (void)fmt;
}
static inline void amsop__log_retry(const amsop_sys_t *sys, const char *from, amsop_err_t err,
                                    int status, int32_t retry_after_s, uint32_t delay_ms)
{
    (void)sys;
    (void)from;
    (void)err;
    (void)status;
    (void)retry_after_s;
    (void)delay_ms;
}
#endif

#endif
