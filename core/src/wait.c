/* SPDX-License-Identifier: MIT */
/* The wait loop: poll until terminal, honour Retry-After, otherwise back off
 * exponentially with jitter; stop at the caller's deadline or when asked. */
#include <string.h>

#include "client_internal.h"
#include "field.h"
#include "log.h"

typedef struct waiter {
    amsop_client_t *c;
    const amsop_wait_opts_t *opts;
    uint64_t deadline;
    uint32_t poll_backoff_ms; /* next delay between InProgress polls without Retry-After */
    uint32_t fail_backoff_ms; /* next delay after a failed poll; reset by a success */
} waiter_t;

static int cancelled(const waiter_t *w)
{
    return w->opts->cancel != NULL && *w->opts->cancel != 0;
}

/* Sleeps ms, in slices so a cancel flag is seen quickly, never past the
 * deadline. Returns non-zero when cancelled. */
static int nap(const waiter_t *w, uint32_t ms)
{
    amsop_client_t *c = w->c;
    uint64_t until = c->sys.now_ms(c->sys.ctx) + ms;

    if (until > w->deadline)
        until = w->deadline;
    while (!cancelled(w)) {
        uint64_t now = c->sys.now_ms(c->sys.ctx);
        uint64_t left;
        if (now >= until)
            return 0;
        left = until - now;
        c->sys.sleep_ms(c->sys.ctx, (left < CONFIG_AMSOP_SLEEP_SLICE_MS)
                                        ? (uint32_t)left
                                        : (uint32_t)CONFIG_AMSOP_SLEEP_SLICE_MS);
    }
    return 1;
}

/* Backoff delay with jitter subtracted; *backoff doubles up to the Kconfig
 * bound. */
static uint32_t next_backoff(const waiter_t *w, uint32_t *backoff)
{
    uint32_t d = *backoff;
    /* 32-bit on purpose: Kconfig bounds d (<= 3600000) and the percentage
     * (<= 50), so the product stays below 2^28, and a 64-bit division would
     * pull ~750 bytes of libgcc into a Cortex-M image. */
    uint32_t span = (d * (uint32_t)CONFIG_AMSOP_JITTER_PERCENT) / 100u;
    uint32_t next =
        (d > CONFIG_AMSOP_POLL_MAX_DELAY_MS / 2u) ? CONFIG_AMSOP_POLL_MAX_DELAY_MS : d * 2u;
    if (d > CONFIG_AMSOP_POLL_MAX_DELAY_MS)
        d = CONFIG_AMSOP_POLL_MAX_DELAY_MS; /* a Kconfig initial delay above the bound */
    *backoff = next;
    if (span > 0)
        d -= w->c->sys.random(w->c->sys.ctx) % (span + 1u);
    return d;
}

/* A server's delay, at most CONFIG_AMSOP_RETRY_AFTER_MAX_S (ARM documents
 * 10 minutes as its longest). */
static uint32_t clamp_retry(uint32_t ms)
{
    return ms > CONFIG_AMSOP_RETRY_AFTER_MAX_S * 1000u ? CONFIG_AMSOP_RETRY_AFTER_MAX_S * 1000u
                                                       : ms;
}

/* The reply's delay when it names one (retry-after-ms, x-ms-retry-after-ms
 * or Retry-After: amsop_result_t.retry_after_ms), clamped to the Kconfig
 * bounds (a "Retry-After: 0" from a gateway must not turn into a busy
 * loop), else the given backoff. */
static uint32_t delay_for(const waiter_t *w, const amsop_result_t *r, uint32_t *backoff)
{
    if (r->retry_after_ms >= 0)
        return amsop__at_least(clamp_retry((uint32_t)r->retry_after_ms),
                               CONFIG_AMSOP_POLL_MIN_DELAY_MS);
    return next_backoff(w, backoff);
}

/* Failures worth another try: throttling, server errors, the network, and a
 * handshake the peer broke off (load balancers and flaky links reset
 * connections; each new attempt verifies the server again, and no token is
 * sent before that). Certificate failures are not: retrying cannot make a
 * wrong peer right. */
static int retryable(amsop_err_t err, const amsop_result_t *r)
{
    switch (err) {
    case AMSOP_ERR_HTTP_STATUS:
        return r->http_status == 429 || (r->http_status >= 500 && r->http_status <= 599);
    case AMSOP_ERR_NET_DNS:
    case AMSOP_ERR_NET_CONNECT:
    case AMSOP_ERR_NET_SEND:
    case AMSOP_ERR_NET_RECV:
    case AMSOP_ERR_NET_CLOSED:
    case AMSOP_ERR_TIMEOUT:
    case AMSOP_ERR_TLS:
    case AMSOP_ERR_TLS_HANDSHAKE:
    case AMSOP_ERR_HTTP_TRUNCATED:
        return 1;
    default:
        return 0;
    }
}

/* A wait that ends with err: one that ended before its first read (not
 * polled) clears out, so that it holds nothing of an earlier reply. Each
 * read clears out itself, once: the reader's start. */
static amsop_err_t ended(amsop_result_t *out, int polled, amsop_err_t err)
{
    if (!polled)
        amsop_result_clear(out);
    return err;
}

amsop_err_t amsop_client_wait(amsop_client_t *c, const amsop_target_t *t,
                              const amsop_wait_opts_t *opts, amsop_result_t *out)
{
    static const amsop_wait_opts_t no_opts = {0, NULL, NULL, NULL, 0};
    waiter_t w;
    amsop_status_t prev = AMSOP_STATUS_NONE;
    char prev_text[CONFIG_AMSOP_STATUS_TEXT_MAX];
    int have_prev = 0;
    uint32_t failures = 0;
    uint64_t timeout;
    int polled;

    if (c == NULL || out == NULL || !amsop__target_ok(t))
        return AMSOP_ERR_INVALID_ARG;
    w.c = c;
    w.opts = opts ? opts : &no_opts;
    timeout = w.opts->timeout_ms ? w.opts->timeout_ms
                                 : (uint64_t)CONFIG_AMSOP_WAIT_DEFAULT_TIMEOUT_S * 1000u;
    w.deadline = c->sys.now_ms(c->sys.ctx) + timeout;
    w.poll_backoff_ms = CONFIG_AMSOP_POLL_INITIAL_DELAY_MS;
    w.fail_backoff_ms = CONFIG_AMSOP_POLL_INITIAL_DELAY_MS;
    prev_text[0] = '\0';
    c->stats.failed_attempts = 0;
    c->stats.last_error = AMSOP_OK;
    /* After a 202, ARM asks for its Retry-After before the first poll. */
    if (w.opts->first_delay_ms > 0 && nap(&w, clamp_retry(w.opts->first_delay_ms)))
        return ended(out, 0, AMSOP_ERR_CANCELLED);

    for (polled = 0;; polled = 1) {
        uint64_t now;
        uint64_t req_deadline;
        uint32_t delay;
        amsop_err_t err;

        if (cancelled(&w))
            return ended(out, polled, AMSOP_ERR_CANCELLED);
        now = c->sys.now_ms(c->sys.ctx);
        if (now >= w.deadline)
            return ended(out, polled, AMSOP_ERR_DEADLINE);
        req_deadline = now + CONFIG_AMSOP_REQUEST_TIMEOUT_MS;
        if (req_deadline >= w.deadline)
            err = amsop__status_read(c, t, w.deadline, AMSOP_ERR_DEADLINE, out);
        else
            err = amsop__status_read(c, t, req_deadline, AMSOP_ERR_TIMEOUT, out);

        if (err == AMSOP_OK) {
            failures = 0;
            w.fail_backoff_ms = CONFIG_AMSOP_POLL_INITIAL_DELAY_MS;
            if (!have_prev || out->status != prev || strcmp(out->status_text, prev_text) != 0) {
                have_prev = 1;
                prev = out->status;
                memcpy(prev_text, out->status_text, sizeof(prev_text));
                if (w.opts->on_change != NULL && w.opts->on_change(w.opts->user, out) != 0)
                    return AMSOP_ERR_CANCELLED;
            }
            if (amsop_status_is_terminal(out->status))
                return AMSOP_OK;
            delay = delay_for(&w, out, &w.poll_backoff_ms);
        } else if (cancelled(&w)) {
            return AMSOP_ERR_CANCELLED; /* the failure is the port giving up for us */
        } else if (err == AMSOP_ERR_DEADLINE) {
            return err; /* the read the deadline cut short: the last error stays */
        } else if (retryable(err, out)) {
            c->stats.failed_attempts++;
            c->stats.last_error = err;
            if (++failures > CONFIG_AMSOP_ERROR_RETRY_MAX)
                return err;
            delay = (err == AMSOP_ERR_HTTP_STATUS) ? delay_for(&w, out, &w.fail_backoff_ms)
                                                   : next_backoff(&w, &w.fail_backoff_ms);
            amsop__log_retry(&c->sys, "Resource Manager", err,
                             err == AMSOP_ERR_HTTP_STATUS ? out->http_status : 0,
                             out->retry_after_s, delay);
        } else {
            c->stats.failed_attempts++;
            c->stats.last_error = err;
            return err;
        }
        if (nap(&w, delay))
            return AMSOP_ERR_CANCELLED;
    }
}
