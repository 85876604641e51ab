/* SPDX-License-Identifier: MIT */
/* The streaming JSON pass (see json_stream.h): one byte-wise state machine
 * that checks RFC 8259 syntax and writes the small document the ARM
 * extraction tokenizes with jsmn. Every body byte is looked at once; no
 * recursion; open containers are one bit each. */
#include <string.h>

#include "field.h"
#include "json_stream.h"

enum lex { L_NONE, L_STR, L_ESC, L_HEX, L_LIT, L_NUM };
enum want { W_VALUE, W_VALUE_OR_CLOSE, W_KEY, W_KEY_OR_CLOSE, W_COLON, W_AFTER, W_DONE };
/* Number states: N_ZERO, N_INT, N_FRAC and N_EXP may end the number. */
enum num { N_MINUS, N_ZERO, N_INT, N_DOT, N_FRAC, N_E, N_ESIGN, N_EXP };
enum kind { K_OBJ, K_ARR, K_STR };
enum str_mode { S_DROP, S_KEEP, S_CUT, S_NULL };

#define NONE    0xFFu
#define NO_OFF  0xFFFFu
#define KEY_MAX 15u

/* What the ARM extraction reads (json_extract.c walks the same shape). */
enum node {
    N_ROOT,
    N_NAME,
    N_STATUS,
    N_ERROR,
    N_CODE,
    N_MESSAGE,
    N_TARGET,
    N_DETAILS,
    N_INFO,
    N_DETAIL,
    N_DCODE,
    N_DMESSAGE
};

static const struct {
    uint8_t parent;
    uint8_t kind;
    uint8_t elem; /* arrays: the node of element 0, NONE: none kept */
    const char *key;
    uint16_t cap; /* strings: the field's size */
} nodes[AMSOP__JSON_NODES] = {
    {NONE, K_OBJ, NONE, "", 0},
    {N_ROOT, K_STR, NONE, "name", CONFIG_AMSOP_NAME_MAX},
    {N_ROOT, K_STR, NONE, "status", CONFIG_AMSOP_STATUS_TEXT_MAX},
    {N_ROOT, K_OBJ, NONE, "error", 0},
    {N_ERROR, K_STR, NONE, "code", CONFIG_AMSOP_ERROR_CODE_MAX},
    {N_ERROR, K_STR, NONE, "message", CONFIG_AMSOP_ERROR_MESSAGE_MAX},
    {N_ERROR, K_STR, NONE, "target", CONFIG_AMSOP_ERROR_TARGET_MAX},
    {N_ERROR, K_ARR, N_DETAIL, "details", 0},
    {N_ERROR, K_ARR, NONE, "additionalInfo", 0},
    {N_DETAILS, K_OBJ, NONE, "", 0},
    {N_DETAIL, K_STR, NONE, "code", CONFIG_AMSOP_DETAIL_CODE_MAX},
    {N_DETAIL, K_STR, NONE, "message", CONFIG_AMSOP_DETAIL_MESSAGE_MAX},
};

static void fail(amsop__jstream_t *s, amsop_err_t err)
{
    if (s->err == AMSOP_OK)
        s->err = err;
}

static void put(amsop__jstream_t *s, char c)
{
    if (s->out == NULL)
        return;
    if (s->len >= s->cap) { /* cannot happen within AMSOP__JSON_DOC_MAX */
        fail(s, AMSOP_ERR_BODY_TOO_LARGE);
        return;
    }
    s->out[s->len++] = c;
}

void amsop__js_begin(amsop__jstream_t *s, char *out, size_t cap)
{
    memset(s, 0, sizeof(*s));
    memset(s->node_off, 0xFF, sizeof(s->node_off));
    memset(s->node_end, 0xFF, sizeof(s->node_end));
    s->out = out;
    s->cap = (uint32_t)cap;
    s->vnode = N_ROOT;
    s->want = W_VALUE;
    s->err = AMSOP_OK;
}

static int in_object(const amsop__jstream_t *s)
{
    unsigned d = (unsigned)s->depth - 1u;
    return s->depth > 0 && ((s->stack[d / 8u] >> (d % 8u)) & 1u);
}

/* The kept container this byte belongs to, or NULL when inside a dropped
 * one (or when the innermost open container is not kept). */
static amsop__jframe_t *kept_frame(amsop__jstream_t *s)
{
    if (s->skip_from != 0 || s->nframes == 0)
        return NULL;
    return &s->frames[s->nframes - 1u];
}

static void value_end(amsop__jstream_t *s)
{
    s->want = s->depth > 0 ? W_AFTER : W_DONE;
}

/* A kept member repeats: its earlier copy leaves the document, so the
 * extraction sees the last one only (and the document stays bounded). */
static void drop_member(amsop__jstream_t *s, unsigned node)
{
    unsigned off = s->node_off[node];
    unsigned end = s->node_end[node];
    unsigned n;
    unsigned k;

    if (off == NO_OFF || end == NO_OFF || end > s->len || s->out == NULL)
        return;
    n = end - off;
    memmove(s->out + off, s->out + end, s->len - end);
    s->len -= n;
    for (k = 0; k < AMSOP__JSON_NODES; k++) {
        if (s->node_off[k] != NO_OFF && s->node_off[k] > off)
            s->node_off[k] = (uint16_t)(s->node_off[k] - n);
        if (s->node_end[k] != NO_OFF && s->node_end[k] > off)
            s->node_end[k] = (uint16_t)(s->node_end[k] - n);
    }
    s->node_off[node] = s->node_end[node] = NO_OFF;
}

/* A value the extraction reads has the wrong type: written as 0, which
 * the extraction refuses (AMSOP_ERR_JSON_SCHEMA), and remembered, since a
 * later duplicate may remove it from the document (the extraction of the
 * whole body refuses the first wrong value it meets). details[0] of
 * another type is not an error: only its count matters then. */
static void wrong_type(amsop__jstream_t *s)
{
    put(s, '0');
    if (s->vnode != N_DETAIL)
        s->schema_err = 1;
}

static void open_container(amsop__jstream_t *s, uint8_t c)
{
    unsigned d = s->depth;
    unsigned kind = s->vnode == NONE ? NONE : nodes[s->vnode].kind;
    int keep = s->skip_from == 0;

    if (d >= CONFIG_AMSOP_JSON_DEPTH_MAX) {
        fail(s, AMSOP_ERR_JSON_TOO_MANY_TOKENS);
        return;
    }
    if (c == '{')
        s->stack[d / 8u] = (uint8_t)(s->stack[d / 8u] | (1u << (d % 8u)));
    else
        s->stack[d / 8u] = (uint8_t)(s->stack[d / 8u] & ~(1u << (d % 8u)));
    s->depth = (uint16_t)(d + 1u);
    s->want = c == '{' ? W_KEY_OR_CLOSE : W_VALUE_OR_CLOSE;
    if (!keep)
        return;
    if ((kind == K_OBJ && c == '{') || (kind == K_ARR && c == '[')) {
        amsop__jframe_t *f;
        unsigned k;
        if (s->nframes >= AMSOP__JSON_FRAMES) { /* the schema nests 4 deep: cannot happen */
            fail(s, AMSOP_ERR_JSON_SCHEMA);
            return;
        }
        f = &s->frames[s->nframes++];
        f->depth = s->depth;
        f->node = s->vnode;
        f->member = NONE;
        f->count = 0;
        for (k = 0; k < AMSOP__JSON_NODES; k++)
            if (nodes[k].parent == s->vnode)
                s->node_off[k] = s->node_end[k] = NO_OFF;
        put(s, (char)c);
        return;
    }
    if (kind != NONE)
        wrong_type(s);
    s->skip_from = s->depth;
}

static void close_container(amsop__jstream_t *s, uint8_t c)
{
    amsop__jframe_t *f = kept_frame(s);

    if (s->skip_from != 0) {
        if (s->depth == s->skip_from)
            s->skip_from = 0;
    } else if (f != NULL && f->depth == s->depth) {
        if (c == '}') {
            if (s->out != NULL && s->len > 0 && s->out[s->len - 1u] == ',')
                s->out[s->len - 1u] = '}'; /* after a dropped last member */
            else
                put(s, '}');
        } else {
            put(s, ']');
            if (f->node == N_DETAILS)
                s->details_count = f->count;
            else
                s->info_count = f->count;
        }
        s->nframes--;
    }
    s->depth--;
    value_end(s);
}

/* A value starts with byte c (not a container). */
static void scalar_start(amsop__jstream_t *s, uint8_t c)
{
    unsigned kind = (s->skip_from != 0 || s->vnode == NONE) ? NONE : nodes[s->vnode].kind;

    s->str_mode = S_DROP;
    s->is_key = 0;
    if (c == '"') {
        s->lex = L_STR;
        if (kind == K_STR) {
            s->str_mode = S_KEEP;
            s->str_est = 0;
            s->str_cap = nodes[s->vnode].cap;
            s->pending_hi = 0;
            put(s, '"');
            return;
        }
    } else if (c == 't' || c == 'f' || c == 'n') {
        s->lex = L_LIT;
        s->lit = c == 't' ? 0u : c == 'f' ? 1u : 2u;
        s->sub = 1;
        if (c == 'n' && kind != NONE) {
            s->str_mode = S_NULL;
            put(s, 'n');
            return;
        }
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        s->lex = L_NUM;
        s->sub = c == '-' ? N_MINUS : c == '0' ? N_ZERO : N_INT;
    } else {
        fail(s, AMSOP_ERR_JSON);
        return;
    }
    if (kind != NONE)
        wrong_type(s);
}

/* A value begins (in W_VALUE or W_VALUE_OR_CLOSE): in a kept array, the
 * first element is kept (when the array keeps one) and every one counted. */
static void value_start(amsop__jstream_t *s, uint8_t c)
{
    amsop__jframe_t *f = kept_frame(s);

    if (f != NULL && f->depth == s->depth && nodes[f->node].kind == K_ARR) {
        f->count++;
        s->vnode = f->count == 1u ? nodes[f->node].elem : (uint8_t)NONE;
    }
    if (s->depth == 0)
        s->root_obj = c == '{';
    if (c == '{' || c == '[')
        open_container(s, c);
    else
        scalar_start(s, c);
}

/* A key ended: is it one the extraction reads? Keys are compared raw. */
static void key_end(amsop__jstream_t *s)
{
    amsop__jframe_t *f = kept_frame(s);
    unsigned k;
    unsigned child = NONE;

    s->want = W_COLON;
    s->vnode = NONE;
    if (f == NULL || f->depth != s->depth)
        return;
    for (k = 0; k < AMSOP__JSON_NODES && s->klen <= KEY_MAX; k++) {
        if (nodes[k].parent == f->node && nodes[k].key[0] != '\0' &&
            strlen(nodes[k].key) == s->klen && memcmp(nodes[k].key, s->kbuf, s->klen) == 0) {
            child = k;
            break;
        }
    }
    f->member = (uint8_t)child;
    if (child == NONE)
        return;
    s->vnode = (uint8_t)child;
    if (child == N_ERROR)
        s->details_count = s->info_count = 0;
    else if (child == N_DETAILS)
        s->details_count = 0;
    else if (child == N_INFO)
        s->info_count = 0;
    drop_member(s, child);
    s->node_off[child] = (uint16_t)s->len;
    put(s, '"');
    for (k = 0; k < s->klen; k++)
        put(s, s->kbuf[k]);
    put(s, '"');
}

static void key_byte(amsop__jstream_t *s, uint8_t c)
{
    if (s->klen < KEY_MAX)
        s->kbuf[s->klen++] = (char)c;
    else
        s->klen = KEY_MAX + 1u; /* longer than any key we read */
}

/* A new character of a kept string: written while the string holds fewer
 * bytes than its field's size; from then on the string is cut. */
static int unit_kept(amsop__jstream_t *s)
{
    if (s->str_mode == S_KEEP && s->str_est >= s->str_cap)
        s->str_mode = S_CUT;
    return s->str_mode == S_KEEP;
}

/* Code point cp of a kept string, as UTF-8 (" and \ escaped). */
static void put_cp(amsop__jstream_t *s, uint32_t cp, int keep)
{
    char enc[4];
    unsigned n;
    unsigned i;

    if (!keep)
        return;
    if (cp == '"' || cp == '\\') {
        put(s, '\\');
        put(s, (char)cp);
        s->str_est++;
        return;
    }
    n = (unsigned)amsop__utf8_encode(cp, enc);
    for (i = 0; i < n; i++)
        put(s, enc[i]);
    s->str_est += n;
}

/* A high surrogate not followed by its low half: U+FFFD, as the extraction
 * has always read it. */
static void flush_hi(amsop__jstream_t *s)
{
    if (s->pending_hi) {
        s->pending_hi = 0;
        put_cp(s, 0xFFFDu, s->hi_emit);
    }
}

static void escape_done(amsop__jstream_t *s, uint32_t cp)
{
    if (s->str_mode == S_DROP)
        return;
    if (s->pending_hi) {
        if (cp >= 0xDC00u && cp <= 0xDFFFu) {
            s->pending_hi = 0;
            put_cp(s, 0x10000u + (((uint32_t)s->hi - 0xD800u) << 10) + (cp - 0xDC00u), s->hi_emit);
            return;
        }
        flush_hi(s);
    }
    if (cp >= 0xD800u && cp <= 0xDBFFu) {
        s->pending_hi = 1;
        s->hi = (uint16_t)cp;
        s->hi_emit = (uint8_t)unit_kept(s);
        return;
    }
    if (cp == 0 || (cp >= 0xDC00u && cp <= 0xDFFFu))
        cp = 0xFFFDu; /* NUL would cut the C string; a lone low surrogate */
    put_cp(s, cp, unit_kept(s));
}

static void string_byte(amsop__jstream_t *s, uint8_t c)
{
    if (c == '"') {
        s->lex = L_NONE;
        if (s->is_key) {
            key_end(s);
            return;
        }
        if (s->str_mode != S_DROP) {
            flush_hi(s);
            put(s, '"');
        }
        s->str_mode = S_DROP;
        value_end(s);
    } else if (c == '\\') {
        s->lex = L_ESC;
        if (s->is_key)
            key_byte(s, c);
    } else if (c < 0x20u) {
        fail(s, AMSOP_ERR_JSON);
    } else if (s->is_key) {
        key_byte(s, c);
    } else if (s->str_mode != S_DROP) {
        int keep;
        flush_hi(s);
        if ((c & 0xC0u) == 0x80u) /* continuation: goes with its lead byte */
            keep = s->str_mode == S_KEEP && s->str_est < s->str_cap + 3u;
        else
            keep = unit_kept(s);
        if (keep) {
            put(s, (char)c);
            s->str_est++;
        } else if (s->str_mode == S_KEEP) {
            s->str_mode = S_CUT;
        }
    }
}

static void escape_byte(amsop__jstream_t *s, uint8_t c)
{
    static const char from[] = "\"\\/bfnrt";
    static const char to[] = "\"\\/\b\f\n\r\t";
    const char *e = c != 0 ? memchr(from, c, sizeof(from) - 1u) : NULL;

    if (s->is_key)
        key_byte(s, c);
    if (c == 'u') {
        s->lex = L_HEX;
        s->sub = 0;
        s->uval = 0;
    } else if (e != NULL) {
        s->lex = L_STR;
        if (!s->is_key)
            escape_done(s, (uint8_t)to[e - from]);
    } else {
        fail(s, AMSOP_ERR_JSON);
    }
}

static void hex_byte(amsop__jstream_t *s, uint8_t c)
{
    int h = amsop__hex(c);
    if (h < 0) {
        fail(s, AMSOP_ERR_JSON);
        return;
    }
    if (s->is_key)
        key_byte(s, c);
    s->uval = (s->uval << 4) | (uint32_t)h;
    if (++s->sub == 4u) {
        s->lex = L_STR;
        if (!s->is_key)
            escape_done(s, s->uval);
    }
}

static void literal_byte(amsop__jstream_t *s, uint8_t c)
{
    static const char *const words[3] = {"true", "false", "null"};
    const char *w = words[s->lit];

    if ((uint8_t)w[s->sub] != c) {
        fail(s, AMSOP_ERR_JSON);
        return;
    }
    if (s->str_mode == S_NULL)
        put(s, (char)c);
    if (w[++s->sub] == '\0') {
        s->lex = L_NONE;
        s->str_mode = S_DROP;
        value_end(s);
    }
}

static int num_final(uint8_t st)
{
    return st == N_ZERO || st == N_INT || st == N_FRAC || st == N_EXP;
}

/* Returns 0 when c is not part of the number (it ended just before c). */
static int number_byte(amsop__jstream_t *s, uint8_t c)
{
    uint8_t st = s->sub;
    int digit = c >= '0' && c <= '9';

    if (digit && st != N_ZERO) {
        s->sub = st == N_MINUS                  ? (c == '0' ? N_ZERO : N_INT)
                 : st == N_DOT                  ? N_FRAC
                 : (st == N_E || st == N_ESIGN) ? N_EXP
                                                : st;
        return 1;
    }
    if (c == '.' && (st == N_ZERO || st == N_INT)) {
        s->sub = N_DOT;
        return 1;
    }
    if ((c == 'e' || c == 'E') && (st == N_ZERO || st == N_INT || st == N_FRAC)) {
        s->sub = N_E;
        return 1;
    }
    if ((c == '+' || c == '-') && st == N_E) {
        s->sub = N_ESIGN;
        return 1;
    }
    if (!num_final(st)) {
        fail(s, AMSOP_ERR_JSON);
        return 1;
    }
    s->lex = L_NONE;
    value_end(s);
    return 0;
}

/* JSON whitespace: space, tab, LF, CR. */
static int is_ws(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void structural_byte(amsop__jstream_t *s, uint8_t c)
{
    uint8_t want = s->want;

    if (is_ws(c))
        return;
    if (c == '}' && in_object(s) && (want == W_KEY_OR_CLOSE || want == W_AFTER)) {
        close_container(s, c);
    } else if (c == ']' && s->depth > 0 && !in_object(s) &&
               (want == W_VALUE_OR_CLOSE || want == W_AFTER)) {
        close_container(s, c);
    } else if (c == ',' && want == W_AFTER) {
        amsop__jframe_t *f = kept_frame(s);
        if (in_object(s)) {
            s->want = W_KEY;
            if (f != NULL && f->depth == s->depth && f->member != NONE) {
                put(s, ',');
                s->node_end[f->member] = (uint16_t)s->len;
                f->member = NONE;
            }
        } else {
            s->want = W_VALUE;
        }
    } else if (c == ':' && want == W_COLON) {
        s->want = W_VALUE;
        if (s->vnode != NONE && s->skip_from == 0)
            put(s, ':');
    } else if (c == '"' && (want == W_KEY || want == W_KEY_OR_CLOSE)) {
        s->lex = L_STR;
        s->is_key = 1;
        s->klen = 0;
    } else if (want == W_VALUE || want == W_VALUE_OR_CLOSE) {
        value_start(s, c);
    } else {
        fail(s, AMSOP_ERR_JSON);
    }
}

void amsop__js_feed(amsop__jstream_t *s, const uint8_t *d, size_t n)
{
    size_t i = 0;

    s->fed += (uint32_t)n;
    while (i < n && s->err == AMSOP_OK) {
        uint8_t c = d[i];
        switch (s->lex) {
        case L_STR: {
            /* The run of plain bytes (not '"', '\\', a control byte or
             * non-ASCII) at once: stepped over in a dropped string, kept as
             * a block of characters in a kept one (each one a character,
             * kept while the string holds fewer bytes than its field). */
            size_t k = i;
            while (k < n && d[k] != '"' && d[k] != '\\' && d[k] >= 0x20u && d[k] < 0x80u)
                k++;
            if (k > i && !s->is_key && s->str_mode != S_DROP) {
                size_t m = k - i;
                size_t room;
                flush_hi(s); /* before the room: it may add a character */
                room =
                    s->str_mode == S_KEEP && s->str_est < s->str_cap ? s->str_cap - s->str_est : 0u;
                if (m > room) {
                    m = room;
                    if (s->str_mode == S_KEEP)
                        s->str_mode = S_CUT;
                }
                if (s->out != NULL && m > s->cap - s->len) {
                    fail(s, AMSOP_ERR_BODY_TOO_LARGE); /* cannot happen within the bound */
                    return;
                }
                if (s->out != NULL)
                    memcpy(s->out + s->len, d + i, m);
                s->len += s->out != NULL ? (uint32_t)m : 0u;
                s->str_est += (uint32_t)m;
                i = k;
            } else if (k > i && s->is_key) {
                for (; i < k; i++)
                    key_byte(s, d[i]);
            } else {
                i = k;
            }
            if (i == n)
                return;
            string_byte(s, d[i]);
            break;
        }
        case L_ESC:
            escape_byte(s, c);
            break;
        case L_HEX:
            hex_byte(s, c);
            break;
        case L_LIT:
            literal_byte(s, c);
            break;
        case L_NUM:
            if (!number_byte(s, c))
                continue; /* c belongs to what follows the number */
            break;
        default:
            while (is_ws(c) && ++i < n) /* whitespace runs: CR LF and indentation */
                c = d[i];
            if (i == n)
                return;
            structural_byte(s, c);
            break;
        }
        i++;
    }
}

amsop_err_t amsop__js_end(amsop__jstream_t *s)
{
    if (s->err == AMSOP_OK && s->lex == L_NUM && num_final(s->sub)) {
        s->lex = L_NONE;
        value_end(s);
    }
    if (s->err == AMSOP_OK && (s->lex != L_NONE || s->want != W_DONE))
        s->err = AMSOP_ERR_JSON;
    return s->err;
}
