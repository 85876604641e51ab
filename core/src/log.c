/* SPDX-License-Identifier: MIT */
/* Event lines without printf: a three-conversion formatter into a buffer that
 * lives only for the call (its own function, so the wait loop's frame does
 * not carry it while it polls). */
#include "log.h"

#include <stdarg.h>
#include <stddef.h>

#include "amsop_config.h"
#include "amsop_err.h"

#if defined(CONFIG_AMSOP_EVENT_LOG)

typedef struct line {
    char buf[CONFIG_AMSOP_LOG_LINE_MAX];
    size_t len;
} line_t;

static void put(line_t *l, char c)
{
    if (l->len + 1u < sizeof(l->buf))
        l->buf[l->len++] = c;
}

static void put_str(line_t *l, const char *s)
{
    if (s == NULL)
        s = "(null)";
    while (*s != '\0')
        put(l, *s++);
}

static void put_uint(line_t *l, unsigned v)
{
    char digits[12];
    size_t n = 0;

    do {
        digits[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0 && n < sizeof(digits));
    while (n > 0)
        put(l, digits[--n]);
}

void amsop__log(const amsop_sys_t *sys, amsop_log_level_t level, const char *fmt, ...)
{
    line_t l;
    va_list ap;

    if (sys == NULL || sys->log == NULL || fmt == NULL)
        return;
    l.len = 0;
    va_start(ap, fmt);
    for (; *fmt != '\0'; fmt++) {
        if (fmt[0] == '%' && fmt[1] == 's') {
            put_str(&l, va_arg(ap, const char *));
            fmt++;
        } else if (fmt[0] == '%' && fmt[1] == 'e') {
            put_str(&l, amsop_err_name((amsop_err_t)va_arg(ap, int)));
            fmt++;
        } else if (fmt[0] == '%' && fmt[1] == 'u') {
            put_uint(&l, va_arg(ap, unsigned));
            fmt++;
        } else {
            put(&l, *fmt);
        }
    }
    va_end(ap);
    l.buf[l.len] = '\0';
    sys->log(sys->ctx, level, l.buf);
}

void amsop__log_retry(const amsop_sys_t *sys, const char *from, amsop_err_t err, int status,
                      int32_t retry_after_s, uint32_t delay_ms)
{
    const char *what = status == 429 ? "throttled" : "retry";

    if (status > 0 && retry_after_s >= 0)
        amsop__log(sys, AMSOP_LOG_WARN,
                   "%s: %e (HTTP %u, Retry-After %u s) from %s; next attempt in %u ms", what,
                   (int)err, (unsigned)status, (unsigned)retry_after_s, from, (unsigned)delay_ms);
    else if (status > 0)
        amsop__log(sys, AMSOP_LOG_WARN, "%s: %e (HTTP %u) from %s; next attempt in %u ms", what,
                   (int)err, (unsigned)status, from, (unsigned)delay_ms);
    else
        amsop__log(sys, AMSOP_LOG_WARN, "%s: %e from %s; next attempt in %u ms", what, (int)err,
                   from, (unsigned)delay_ms);
}
#endif /* CONFIG_AMSOP_EVENT_LOG */
