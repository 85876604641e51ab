/* SPDX-License-Identifier: MIT */
/* Fuzz target: the HTTP response parser.
 *
 * The same bytes are fed three ways: all at once, one byte at a time, and in
 * pseudo-random splits seeded from the input. Every way must end in the same
 * error, the same result fields, the same body and the same consumed count
 * (the parser's promise that any split is equivalent). */
#include <stdint.h>
#include <string.h>

#include "amsop_config.h"
#include "amsop_http.h"
#include "fuzz_check.h"

typedef struct run {
    amsop_http_parser_t p;
    amsop_result_t r;
    uint8_t body[CONFIG_AMSOP_BODY_MAX];
    uint8_t streamed[16384]; /* the body as the sink saw it (inputs are <= 8 KB) */
    size_t streamed_len;
    amsop_err_t err;
    size_t used; /* bytes the parser took */
    int done;
    int keep_alive;
} run_t;

static uint32_t next_rand(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static void to_sink(void *ctx, const uint8_t *data, size_t len)
{
    run_t *x = ctx;
    FUZZ_ASSERT(len <= sizeof(x->streamed) - x->streamed_len);
    memcpy(x->streamed + x->streamed_len, data, len);
    x->streamed_len += len;
}

/* mode 0: whole; 1: bytes; 2: random splits of 1..64. With sink, the body
 * streams (as the client reads it) instead of going to the buffer. */
static void feed(run_t *x, const uint8_t *data, size_t size, int mode, uint32_t seed, int sink)
{
    size_t off = 0;
    x->streamed_len = 0;
    if (sink)
        amsop_http_begin_sink(&x->p, &x->r, to_sink, x);
    else
        amsop_http_begin(&x->p, &x->r, x->body, sizeof(x->body));
    x->err = AMSOP_OK;
    while (off < size && x->err == AMSOP_OK && !amsop_http_done(&x->p)) {
        size_t n = size - off;
        size_t took = 0;
        if (mode == 1)
            n = 1;
        else if (mode == 2)
            n = 1 + next_rand(&seed) % 64;
        if (n > size - off)
            n = size - off;
        x->err = amsop_http_feed(&x->p, data + off, n, &took);
        FUZZ_ASSERT(took <= n);
        if (x->err == AMSOP_OK && !amsop_http_done(&x->p))
            FUZZ_ASSERT(took == n); /* only a complete reply leaves bytes */
        off += took;
    }
    if (x->err == AMSOP_OK && !amsop_http_done(&x->p))
        x->err = amsop_http_eof(&x->p);
    x->used = off;
    x->done = amsop_http_done(&x->p);
    x->keep_alive = x->done ? amsop_http_keep_alive(&x->p) : 0;
    fuzz_check_result(&x->r);
    if (sink)
        FUZZ_ASSERT(amsop_http_body_len(&x->p) == x->streamed_len);
    else
        FUZZ_ASSERT(amsop_http_body_len(&x->p) <= sizeof(x->body));
}

static run_t runs[3];
static run_t streamed[3];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint32_t seed = fuzz_split_seed(data, size);
    int m;
    for (m = 0; m < 3; m++) {
        feed(&runs[m], data, size, m, seed, 0);
        feed(&streamed[m], data, size, m, seed, 1);
    }
    /* Streamed, the three splits agree too; and with the buffered reply
     * wherever the buffer held the body (a body over it streams on). */
    for (m = 0; m < 3; m++) {
        FUZZ_ASSERT(streamed[m].err == streamed[0].err);
        FUZZ_ASSERT(streamed[m].done == streamed[0].done);
        FUZZ_ASSERT(streamed[m].keep_alive == streamed[0].keep_alive);
        FUZZ_ASSERT(fuzz_same_result(&streamed[m].r, &streamed[0].r));
        if (streamed[0].err == AMSOP_OK) {
            FUZZ_ASSERT(streamed[m].used == streamed[0].used);
            FUZZ_ASSERT(streamed[m].streamed_len == streamed[0].streamed_len);
            FUZZ_ASSERT(
                memcmp(streamed[m].streamed, streamed[0].streamed, streamed[0].streamed_len) == 0);
        }
    }
    FUZZ_ASSERT(streamed[0].err != AMSOP_ERR_BODY_TOO_LARGE);
    if (runs[0].err != AMSOP_ERR_BODY_TOO_LARGE) {
        FUZZ_ASSERT(streamed[0].err == runs[0].err);
        FUZZ_ASSERT(streamed[0].done == runs[0].done);
        FUZZ_ASSERT(streamed[0].keep_alive == runs[0].keep_alive);
        FUZZ_ASSERT(fuzz_same_result(&streamed[0].r, &runs[0].r));
        if (runs[0].err == AMSOP_OK) {
            FUZZ_ASSERT(streamed[0].used == runs[0].used);
            FUZZ_ASSERT(streamed[0].streamed_len == amsop_http_body_len(&runs[0].p));
            FUZZ_ASSERT(
                memcmp(streamed[0].streamed, runs[0].body, amsop_http_body_len(&runs[0].p)) == 0);
        }
    }
    for (m = 1; m < 3; m++) {
        FUZZ_ASSERT(runs[m].err == runs[0].err);
        FUZZ_ASSERT(runs[m].done == runs[0].done);
        FUZZ_ASSERT(runs[m].keep_alive == runs[0].keep_alive);
        FUZZ_ASSERT(fuzz_same_result(&runs[m].r, &runs[0].r));
        if (runs[0].err == AMSOP_OK) {
            FUZZ_ASSERT(runs[m].used == runs[0].used);
            FUZZ_ASSERT(amsop_http_body_len(&runs[m].p) == amsop_http_body_len(&runs[0].p));
            FUZZ_ASSERT(memcmp(runs[m].body, runs[0].body, amsop_http_body_len(&runs[0].p)) == 0);
        }
    }
    return 0;
}
