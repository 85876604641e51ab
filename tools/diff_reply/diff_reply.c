/* SPDX-License-Identifier: MIT */
/* Differential driver for the reply path: feeds each file given
 * on the command line through the HTTP reader (body buffered, and body
 * streamed through the JSON pass and the ARM extraction, as the client
 * reads it) and straight through the JSON pass, each whole, one byte at a
 * time and in 12 seeded random splits, and prints one line per run with
 * every result: error codes, bytes taken, done / keep-alive, every field
 * of amsop_result_t, the body (FNV-1a), the JSON skeleton. Built twice,
 * against an old and a new core (tools/diff_reply/run.sh), the two dumps
 * must be the same.
 *   diff_reply FILE... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amsop.h"
#include "json_internal.h"

static amsop_http_parser_t parser;
static amsop__jstream_t js;
static jsmntok_t toks[AMSOP__JSON_DOC_TOKENS];
static amsop_result_t res;
static uint8_t body[CONFIG_AMSOP_BODY_MAX];
static unsigned long long body_hash;
static size_t sink_bytes;
static unsigned runs;

static unsigned long long fnv(unsigned long long h, const uint8_t *d, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        h = (h ^ d[i]) * 1099511628211ull;
    return h;
}

static uint32_t next_rand(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* Piece sizes: mode 0 whole, 1 a byte, 2.. random 1..(mode * 11). */
static size_t piece(int mode, uint32_t *seed, size_t left)
{
    size_t n = left;
    if (mode == 1)
        n = 1;
    else if (mode >= 2)
        n = 1 + next_rand(seed) % (uint32_t)(mode * 11);
    return n < left ? n : left;
}

static void str(const char *tag, const char *s)
{
    printf(" %s=", tag);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c > 0x20 && c < 0x7F && c != '%')
            putchar(c);
        else
            printf("%%%02X", c);
    }
}

static void dump_result(const amsop_result_t *r)
{
    printf(" hs=%d st=%d ra=%d ram=%d dc=%u ai=%u pr=%x tr=%x", r->http_status, (int)r->status,
           (int)r->retry_after_s, (int)r->retry_after_ms, (unsigned)r->details_count,
           (unsigned)r->additional_info_count, (unsigned)r->present, (unsigned)r->truncated);
    str("name", r->name);
    str("stt", r->status_text);
    str("ec", r->error_code);
    str("em", r->error_message);
    str("et", r->error_target);
    str("dcd", r->detail_code);
    str("dm", r->detail_message);
    str("pc", r->percent_complete);
    str("t0", r->start_time);
    str("t1", r->end_time);
    str("rid", r->request_id);
    str("cid", r->correlation_id);
    str("ao", r->async_operation);
    str("loc", r->location);
    str("ct", r->content_type);
    str("rm0", r->_retry_after_ms_text[0]);
    str("rm1", r->_retry_after_ms_text[1]);
}

static void to_json(void *ctx, const uint8_t *d, size_t n)
{
    sink_bytes += n;
    body_hash = fnv(body_hash, d, n);
    amsop__js_feed(ctx, d, n);
}

static void http_run(const char *name, const uint8_t *d, size_t len, int mode, int sink)
{
    uint32_t seed = 0x9E3779B9u ^ (uint32_t)(mode * 2654435761u);
    size_t off = 0;
    amsop_err_t err = AMSOP_OK;
    int calls = 0;

    memset(&res, 0, sizeof(res));
    body_hash = 14695981039346656037ull;
    sink_bytes = 0;
    if (sink) {
        amsop_http_begin_sink(&parser, &res, to_json, &js);
        amsop__js_begin(&js, &res);
    } else {
        amsop_http_begin(&parser, &res, body, sizeof(body));
    }
    while (off < len && err == AMSOP_OK && !amsop_http_done(&parser)) {
        size_t n = piece(mode, &seed, len - off);
        size_t took = 0;
        err = amsop_http_feed(&parser, d + off, n, &took);
        calls++;
        off += took;
        if (took < n)
            break;
    }
    /* a sticky error: a further feed must report it and take nothing */
    if (err != AMSOP_OK && off < len) {
        size_t took = 99;
        amsop_err_t again = amsop_http_feed(&parser, d + off, len - off, &took);
        printf("%s again=%d/%zu", name, (int)again, took);
    } else {
        printf("%s", name);
    }
    printf(" http mode=%d sink=%d err=%d used=%zu", mode, sink, (int)err, off);
    if (err == AMSOP_OK && !amsop_http_done(&parser))
        printf(" eof=%d", (int)(err = amsop_http_eof(&parser)));
    printf(" done=%d ka=%d blen=%zu", amsop_http_done(&parser), amsop_http_keep_alive(&parser),
           (size_t)amsop_http_body_len(&parser));
    if (sink) {
        printf(" sunk=%zu bh=%016llx", sink_bytes, body_hash);
        if (err == AMSOP_OK && amsop_http_done(&parser)) {
            amsop_err_t je = amsop__json_extract_kept(&js, toks, AMSOP__JSON_DOC_TOKENS, &res);
            printf(" jx=%d", (int)je);
        } else {
            printf(" jerr=%d", (int)js.err);
        }
    } else if (amsop_http_body_len(&parser) <= sizeof(body)) {
        printf(" bh=%016llx", fnv(14695981039346656037ull, body, amsop_http_body_len(&parser)));
    }
    dump_result(&res);
    putchar('\n');
    runs++;
}

static void json_run(const char *name, const uint8_t *d, size_t len, int mode, int schema)
{
    uint32_t seed = 0x85EBCA6Bu ^ (uint32_t)(mode * 2246822519u);
    size_t off = 0;
    amsop_err_t err;

    memset(&res, 0, sizeof(res));
    amsop_result_clear(&res);
    amsop__js_begin(&js, schema ? &res : NULL);
    while (off < len) {
        size_t n = piece(mode, &seed, len - off);
        amsop__js_feed(&js, d + off, n);
        off += n;
    }
    if (schema) {
        err = amsop__json_extract_kept(&js, toks, AMSOP__JSON_DOC_TOKENS, &res);
    } else {
        err = amsop__js_end(&js);
    }
    printf("%s json mode=%d schema=%d err=%d jerr=%d skel=%.*s d=%u s=%x c=%u/%u", name, mode,
           schema, (int)err, (int)js.err, (int)js.skel_len, js.skel, (unsigned)js.depth,
           (unsigned)js.strings, (unsigned)js.counts[0], (unsigned)js.counts[1]);
    dump_result(&res);
    putchar('\n');
    runs++;
}

/* The JSON file as a chunked reply (7-byte chunks, an extension, a trailer). */
static uint8_t wrapped[3 * 65536];

static size_t wrap(const uint8_t *d, size_t len)
{
    size_t o = 0;
    size_t i;
    o += (size_t)sprintf((char *)wrapped,
                         "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         "x-ms-request-id:  abc \r\nTransfer-Encoding: chunked\r\n\r\n");
    for (i = 0; i < len; i += 7) {
        size_t n = len - i < 7 ? len - i : 7;
        o += (size_t)sprintf((char *)wrapped + o, i % 2 ? "%zx;x=y\r\n" : "%zX\r\n", n);
        memcpy(wrapped + o, d + i, n);
        o += n;
        wrapped[o++] = '\r';
        wrapped[o++] = '\n';
    }
    o += (size_t)sprintf((char *)wrapped + o, "0\r\nX-T: 1\r\n\r\n");
    return o;
}

/* Replies the corpora lack: bytes above 0x7F, control bytes and blanks in
 * captured and interpreted values, values past their room, errors at each
 * kind of line. */
static const char *const crafted[] = {
    "HTTP/1.1 200 OK\r\nx-ms-request-id: a\xc3\xa9 b\x80\xff  \r\nContent-Type:\t\x01x\x7f \t\r\n"
    "Content-Length: 2\r\n\r\n{}",
    "HTTP/1.1 200 OK\r\nx-ms-request-id:   "
    "0123456789012345678901234567890123456789012345678901234567890123456789"
    "0123456789\xe2\x82\xac  x  \r\nLocation: "
    "\xf0\x9f\x98\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80 y\r\n"
    "Content-Length: 0\r\n\r\n",
    "HTTP/1.1 202 Accepted\r\nRetry-After:  12 \r\nConnection: keep-alive, close\r\n"
    "Azure-AsyncOperation: https://h/x?\xc0\xc1z \r\nContent-Length: 5\r\n\r\nnull ",
    "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\n[]",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2 ; a=b\r\n{}\r\n0\r\nT: \x80\r\n\r\n",
    "HTTP/1.1 200 OK\r\nx-ms-request-id: a\x0b\r\n\r\n", /* + a NUL: below */
    "HTTP/1.1 200 OK\r\nContent-Length: 1\x01\r\n\r\n",
    "HTTP/1.1 200 OK\r\nx-ms-correlation-request-id: \x1b[31m\x7f\r\nContent-Length: 0\r\n\r\n",
    "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n",
    "HTTP/1.1 200 OK\r\n folded\r\n\r\n",
    "HTTP/1.1 100 Continue\r\nx-ms-request-id: early\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: "
    "0\r\n\r\n",
    "HTTP/1.1 200 OK\nContent-Length: 2\n\n{}",
    "HTTP/1.1 200 OK\r\nContent-Length: 2\r\r\n\r\n{}",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{}\r\n\r\n",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffff\r\n",
    "HTTP/1.1 204 No Content\r\nContent-Type: text/plain \xa0\r\n\r\nextra",
    "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n",
    "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
    "HTTP/1.1 200 OK\r\nX-Long: "
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    "\r\n\r\n",
    "HTTP/1.1 200 OK\r\nretry-after-ms: 1500\r\nx-ms-retry-after-ms:  250 \r\n"
    "Transfer-Encoding: chunked\r\n\r\n"
    "5\r\n{\"nam\r\n9\r\ne\":\"x\xc3\xa9\\u0\r\n3\r\n041\r\n1\r\n\"\r\n1\r\n}\r\n0\r\n\r\n",
};

int main(int argc, char **argv)
{
    int a;
    size_t c;
    static uint8_t buf[65536];

    for (c = 0; c < sizeof(crafted) / sizeof(crafted[0]); c++) {
        size_t len = strlen(crafted[c]);
        int mode;
        char name[16];
        sprintf(name, "crafted%zu", c);
        memcpy(buf, crafted[c], len);
        if (c == 5) { /* "a\0b": written out with its NUL */
            static const char nul[] = "HTTP/1.1 200 OK\r\nx-ms-request-id: a\0b\r\n\r\n";
            len = sizeof(nul) - 1u;
            memcpy(buf, nul, len);
        }
        for (mode = 0; mode < 14; mode++) {
            http_run(name, buf, len, mode, 0);
            http_run(name, buf, len, mode, 1);
        }
    }

    for (a = 1; a < argc; a++) {
        FILE *f = fopen(argv[a], "rb");
        size_t len;
        int mode;
        const char *name = strrchr(argv[a], '/') ? strrchr(argv[a], '/') + 1 : argv[a];
        if (f == NULL) {
            fprintf(stderr, "diff_reply: cannot open %s\n", argv[a]);
            return 2;
        }
        len = fread(buf, 1, sizeof(buf), f);
        fclose(f);
        for (mode = 0; mode < 14; mode++) {
            http_run(name, buf, len, mode, 0);
            http_run(name, buf, len, mode, 1);
            json_run(name, buf, len, mode, 0);
            json_run(name, buf, len, mode, 1);
            if (len < 60000) {
                size_t wl = wrap(buf, len);
                printf("W:");
                http_run(name, wrapped, wl, mode, 1);
                printf("W:");
                http_run(name, wrapped, wl, mode, 0);
            }
        }
    }
    fprintf(stderr, "diff_reply: %u runs\n", runs);
    return 0;
}
