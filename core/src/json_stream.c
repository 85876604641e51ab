/* SPDX-License-Identifier: MIT */
/* The streaming JSON pass (see json_stream.h): one state machine that checks
 * RFC 8259 syntax, decodes the strings the ARM extraction reads straight
 * into their fields and leaves jsmn a skeleton of what it kept. Every body
 * byte is looked at once; no recursion; open containers are one bit each. */
#include <stddef.h>
#include <string.h>

#include "field.h"
#include "placement.h"
#include "word.h"
#include "json_stream.h"

enum lex { L_NONE, L_STR, L_LIT, L_NUM };
enum want { W_VALUE, W_VALUE_OR_CLOSE, W_KEY, W_KEY_OR_CLOSE, W_COLON, W_AFTER, W_DONE };
/* Number states: N_ZERO, N_INT, N_FRAC and N_EXP may end the number. */
enum num { N_MINUS, N_ZERO, N_INT, N_DOT, N_FRAC, N_E, N_ESIGN, N_EXP };
#define K_OBJ AMSOP__JS_OBJ
#define K_ARR AMSOP__JS_ARR
#define K_STR AMSOP__JS_STR
#define K_NUM AMSOP__JS_NUM
enum str_mode { S_PLAIN, S_ESC, S_HEX, S_BAD };

/* Where the code goes (placement.h), for pieces of a few bytes: the rare
 * work of a string (escapes, bytes >= 0x80, what ends a run) is out of
 * line, so that a byte of a plain run costs a scan and a copy, with few
 * registers to save. */

#define NONE        0xFFu
#define REPLACEMENT 0xFFFDu

/* What the ARM extraction reads (json_stream.h has the table's rules). */
enum node {
    N_ROOT,
    N_NAME,
    N_STATUS,
    N_ERROR,
    N_CODE,
    N_MESSAGE,
    N_TARGET,
    N_DETAILS,
    N_DETAIL,
    N_DCODE,
    N_DMESSAGE,
    N_INFO,
    N_PERCENT, /* root members again: after the error subtree, still pre-order */
    N_START,
    N_END,
    N_ARM_NODES
};

/* Where each kept field is in amsop_result_t, by amsop_field_t. */
static const uint16_t field_off[AMSOP_FIELD_END_TIME + 1] = {
    (uint16_t)offsetof(amsop_result_t, name),
    (uint16_t)offsetof(amsop_result_t, status_text),
    (uint16_t)offsetof(amsop_result_t, error_code),
    (uint16_t)offsetof(amsop_result_t, error_message),
    (uint16_t)offsetof(amsop_result_t, error_target),
    (uint16_t)offsetof(amsop_result_t, detail_code),
    (uint16_t)offsetof(amsop_result_t, detail_message),
    (uint16_t)offsetof(amsop_result_t, percent_complete),
    (uint16_t)offsetof(amsop_result_t, start_time),
    (uint16_t)offsetof(amsop_result_t, end_time)};

#define CAP(m) (uint16_t)sizeof(((amsop_result_t *)0)->m)

/* The kept fields of a node's subtree (itself, for a string or number). */
#define BIT(f)   (uint16_t) AMSOP_FIELD_BIT(AMSOP_FIELD_##f)
#define S_DETAIL (uint16_t)(BIT(DETAIL_CODE) | BIT(DETAIL_MESSAGE))
#define S_ERROR  (uint16_t)(BIT(ERROR_CODE) | BIT(ERROR_MESSAGE) | BIT(ERROR_TARGET) | S_DETAIL)
#define S_ALL                                                                                      \
    (uint16_t)(BIT(NAME) | BIT(STATUS) | S_ERROR | BIT(PERCENT_COMPLETE) | BIT(START_TIME) |       \
               BIT(END_TIME))
/* The kept fields fit the 16-bit masks and the skeleton's one digit each. */
typedef char amsop__json_fields_fit[AMSOP_FIELD_END_TIME <= 9 ? 1 : -1];

/* details counts into counts[0], additionalInfo into counts[1]. */
#define R_BOTH (AMSOP__JS_RESET0 | AMSOP__JS_RESET1)
static const amsop__jnode_t arm_nodes[N_ARM_NODES] = {
    {"", 0, S_ALL, K_OBJ, 0, 0, 0, R_BOTH},
    {"name", CAP(name), BIT(NAME), K_STR, AMSOP_FIELD_NAME, 4, N_STATUS, 0},
    {"status", CAP(status_text), BIT(STATUS), K_STR, AMSOP_FIELD_STATUS, 6, N_ERROR, 0},
    {"error", 0, S_ERROR, K_OBJ, 0, 5, N_PERCENT, R_BOTH},
    {"code", CAP(error_code), BIT(ERROR_CODE), K_STR, AMSOP_FIELD_ERROR_CODE, 4, N_MESSAGE, 0},
    {"message", CAP(error_message), BIT(ERROR_MESSAGE), K_STR, AMSOP_FIELD_ERROR_MESSAGE, 7,
     N_TARGET, 0},
    {"target", CAP(error_target), BIT(ERROR_TARGET), K_STR, AMSOP_FIELD_ERROR_TARGET, 6, N_DETAILS,
     0},
    {"details", 0, S_DETAIL, K_ARR, 0, 7, N_INFO,
     AMSOP__JS_ELEMS | AMSOP__JS_COUNT0 | AMSOP__JS_RESET0},
    {"", 0, S_DETAIL, K_OBJ, 0, 0, 0, 0}, /* details[0] only */
    {"code", CAP(detail_code), BIT(DETAIL_CODE), K_STR, AMSOP_FIELD_DETAIL_CODE, 4, N_DMESSAGE, 0},
    {"message", CAP(detail_message), BIT(DETAIL_MESSAGE), K_STR, AMSOP_FIELD_DETAIL_MESSAGE, 7, 0,
     0},
    {"additionalInfo", 0, 0, K_ARR, 0, 14, 0, AMSOP__JS_COUNT1 | AMSOP__JS_RESET1},
    {"percentComplete", CAP(percent_complete), BIT(PERCENT_COMPLETE), K_NUM,
     AMSOP_FIELD_PERCENT_COMPLETE, 15, N_START, 0},
    {"startTime", CAP(start_time), BIT(START_TIME), K_STR, AMSOP_FIELD_START_TIME, 9, N_END, 0},
    {"endTime", CAP(end_time), BIT(END_TIME), K_STR, AMSOP_FIELD_END_TIME, 7, 0, 0},
};

static const amsop__jschema_t arm_schema = {arm_nodes,
                                            field_off,
                                            (uint16_t)offsetof(amsop_result_t, truncated),
                                            (uint16_t)offsetof(amsop_result_t, present),
                                            (uint16_t)sizeof(amsop_result_t),
                                            AMSOP_FIELD_END_TIME + 1};

/* plain_now reads hi, mode and u8need as one word. */
typedef char amsop__jstr_waiting_check
    [offsetof(amsop__jstr_t, mode) == offsetof(amsop__jstr_t, hi) + 2u &&
             offsetof(amsop__jstr_t, u8need) == offsetof(amsop__jstr_t, mode) + 1u && S_PLAIN == 0
         ? 1
         : -1];

/* The offsets above fit their uint16_t. */
typedef char amsop__result_size_check[sizeof(amsop_result_t) <= 0xFFFFu ? 1 : -1];

/* --- one string --------------------------------------------------------- */

static void str_open(amsop__jstr_t *t, char *dst, size_t cap)
{
    /* The field first: what is stored into t after it is then known to
     * the copy that follows (a char store may alias t). */
    dst[0] = '\0'; /* never NULL: a string only checked is not opened */
    t->dst = dst;
    t->len = 0;
    t->cap = (uint32_t)cap;
    t->uval = 0;
    t->hi = 0;
    t->mode = S_PLAIN;
    t->u8need = 0;
    t->cut = 0;
    t->digits = 0;
    t->u8have = 0;
}

/* Zero when nothing waits and the mode is S_PLAIN: hi, mode and u8need,
 * side by side, read as one word (one test where three were). */
static inline uint32_t plain_now(const amsop__jstr_t *t)
{
    uint32_t w;

    memcpy(&w, &t->hi, sizeof(w));
    return w;
}

/* A character did not fit: the field ends here, the rest is only checked. */
static void str_cut(amsop__jstr_t *t)
{
    t->dst[t->len] = '\0';
    t->dst = NULL;
    t->cut = 1;
}

static void put_cp(amsop__jstr_t *t, uint32_t cp)
{
    char enc[4];
    size_t n;

    if (t->dst == NULL)
        return;
    n = amsop__utf8_encode(cp, enc);
    if (t->len + n >= t->cap) {
        str_cut(t);
        return;
    }
    memcpy(t->dst + t->len, enc, n);
    t->len += (uint32_t)n;
}

/* n bytes that are no character: U+FFFD for each, as a whole-string UTF-8
 * check reads them. */
static void replace(amsop__jstr_t *t, unsigned n)
{
    while (n-- > 0u)
        put_cp(t, REPLACEMENT);
}

/* A UTF-8 sequence begun and not completed by the byte that follows. */
static void u8_flush(amsop__jstr_t *t)
{
    if (t->u8need != 0) {
        t->u8need = 0;
        replace(t, t->u8have + 1u);
    }
}

/* Whatever waits for a following byte, ended by one that is not its
 * continuation (or by the string's end). */
static OUT_OF_LINE void flush(amsop__jstr_t *t)
{
    if (t->hi != 0) {
        t->hi = 0;
        put_cp(t, REPLACEMENT); /* a high surrogate without its low half */
    }
    u8_flush(t);
}

/* A raw byte >= 0x80 of a kept string. */
static void raw_byte(amsop__jstr_t *t, uint8_t c)
{
    if (t->hi != 0) {
        t->hi = 0;
        put_cp(t, REPLACEMENT);
    }
    if (t->u8need != 0) {
        if ((c & 0xC0u) == 0x80u) {
            uint32_t cp = (t->u8cp << 6) | (c & 0x3Fu);
            unsigned len = ++t->u8have + 1u;
            t->u8cp = cp;
            if (--t->u8need != 0)
                return;
            /* Overlong forms, surrogates and past U+10FFFF are no
             * character: each of their bytes is. */
            if ((len == 3u && cp < 0x800u) || (len == 4u && cp < 0x10000u) ||
                (cp >= 0xD800u && cp <= 0xDFFFu) || cp > 0x10FFFFu)
                replace(t, len);
            else
                put_cp(t, cp);
            return;
        }
        u8_flush(t);
    }
    if (c < 0xC2u || c > 0xF4u) { /* a continuation byte alone, C0, C1, F5..FF */
        put_cp(t, REPLACEMENT);
        return;
    }
    t->u8need = c < 0xE0u ? 1u : c < 0xF0u ? 2u : 3u;
    t->u8have = 0;
    t->u8cp = c & (0x3Fu >> t->u8need);
}

/* The code point of an escape of a kept string. */
static void escaped(amsop__jstr_t *t, uint32_t cp)
{
    if (t->hi != 0) {
        uint32_t hi = t->hi;
        t->hi = 0;
        if (cp >= 0xDC00u && cp <= 0xDFFFu) {
            put_cp(t, 0x10000u + ((hi - 0xD800u) << 10) + (cp - 0xDC00u));
            return;
        }
        put_cp(t, REPLACEMENT);
    }
    if (cp >= 0xD800u && cp <= 0xDBFFu)
        t->hi = (uint16_t)cp;
    else
        put_cp(t, cp == 0 ? REPLACEMENT : cp); /* NUL would cut the C string; a
                                                 lone low surrogate is U+FFFD
                                                 in amsop__utf8_encode */
}

#define PLAIN(c) ((uint8_t)((c)-0x20u) < 0x60u && (c) != 0x22u && (c) != 0x5Cu)

/* A word of the input at once (word.h), to find where a run of string
 * bytes ends without a test per byte. */

/* Non-zero when a byte of the word at p is '"', '\\' or below 0x20: each
 * test finds a byte below its bound as a borrow into its high bit. */
static size_t ends_run(const uint8_t *p)
{
    size_t w = word_load(p);
    return ((w - ONES * 0x20u) | ((w ^ (ONES * 0x22u)) - ONES) | ((w ^ (ONES * 0x5Cu)) - ONES)) &
           ~w & HIGH;
}

/* ... or >= 0x80 (a byte a kept string decodes as UTF-8). */
static size_t not_plain(const uint8_t *p)
{
    size_t w = word_load(p);
    return ((w - ONES * 0x20u) | ((w ^ (ONES * 0x22u)) - ONES) | ((w ^ (ONES * 0x5Cu)) - ONES) |
            w) &
           HIGH;
}

/* The first byte that ends a run, in the word a mask was taken of: the
 * lowest flag is exact (a borrow only runs into the bytes above it); where
 * word_first() is not one instruction (WORD_FIRST_EXACT), the word loops
 * stop at the word and the byte loops find the byte. */

/* The first byte of [p, e) that is not plain (or e): a word at a time,
 * then byte by byte. */
static inline const uint8_t *plain_end(const uint8_t *p, const uint8_t *e)
{
    while ((size_t)(e - p) >= sizeof(size_t)) {
        size_t m = not_plain(p);
        if (m != 0) {
#ifdef WORD_FIRST_EXACT
            return p + word_first(m);
#else
            break;
#endif
        }
        p += sizeof(size_t);
    }
    while (p < e && PLAIN(*p))
        p++;
    return p;
}

/* copy_plain's runs of a word or more, and any cut at the field's room.
 * Returns q. A run shorter than two words (most strings of a reply, whole
 * in one piece) is two words that overlap, the first and the last: no
 * loop and no memcpy call. */
static OUT_OF_LINE const uint8_t *copy_far(amsop__jstr_t *t, const uint8_t *p, const uint8_t *q)
{
    size_t room = t->cap - 1u - t->len;
    size_t n = (size_t)(q - p);
    char *o = t->dst + t->len;

    if (n > room) {
        memcpy(o, p, room);
        t->len += (uint32_t)room;
        str_cut(t);
        return q;
    }
    t->len += (uint32_t)n;
    if (n < 2u * WB) {
        word_t first = word_load(p);
        word_t last = word_load(q - WB);
        memcpy(o, &first, WB);
        memcpy(o + n - WB, &last, WB);
        return q;
    }
    memcpy(o, p, n);
    return q;
}

/* Copies the plain bytes [p, q) into the field while it has room; a full
 * field is cut (the rest of the string is then only checked). Returns q.
 * Every kept plain byte goes through here. Runs shorter than a word (a
 * piece's end, a byte at a time) byte by byte, with no call; the others in
 * copy_far. */
static inline const uint8_t *copy_plain(amsop__jstr_t *t, const uint8_t *p, const uint8_t *q)
{
    char *o;

    if ((size_t)(q - p) >= WB || (size_t)(q - p) > t->cap - 1u - t->len)
        return copy_far(t, p, q);
    o = t->dst + t->len;
    t->len += (uint32_t)(q - p);
    while (p < q)
        *o++ = (char)*p++;
    return q;
}

/* The first byte of [p, e) that ends a skipped string's run ('"', '\\' or
 * below 0x20), or e: a word at a time, then byte by byte. Bytes >= 0x80
 * of a string no field keeps are only skipped. */
static inline const uint8_t *skip_end(const uint8_t *p, const uint8_t *e)
{
    uint8_t c;

    while ((size_t)(e - p) >= sizeof(size_t)) {
        size_t m = ends_run(p);
        if (m != 0) {
#ifdef WORD_FIRST_EXACT
            return p + word_first(m);
#else
            break;
#endif
        }
        p += sizeof(size_t);
    }
    while (p < e && (c = *p) != '"' && c != '\\' && c >= 0x20u)
        p++;
    return p;
}

/* A kept string's run of plain bytes from p: found by one scan and copied
 * whole. Returns where it ended: e, or the byte that ended it. */
static inline const uint8_t *copy_run(amsop__jstr_t *t, const uint8_t *p, const uint8_t *e)
{
    return copy_plain(t, p, plain_end(p, e));
}

/* A run that follows a UTF-8 sequence or high surrogate still waiting: a
 * plain byte ends it (its U+FFFD, which may fill the field: the run is
 * then only checked). */
static OUT_OF_LINE const uint8_t *pending_run(amsop__jstr_t *t, const uint8_t *p, const uint8_t *e)
{
    if (p < e && PLAIN(*p))
        flush(t);
    return t->dst == NULL ? skip_end(p, e) : copy_run(t, p, e);
}

/* A run str_plain reads inline (and amsop__js_feed at a piece's start):
 * of a kept string, nothing waiting before it, short of a word. */
static inline int run_short(const amsop__jstr_t *t, const uint8_t *p, const uint8_t *e)
{
    return plain_now(t) == 0 && t->dst != NULL && (size_t)(e - p) < sizeof(size_t);
}

/* str_plain's other runs: skipped, after what waits, or of a word or more. */
static OUT_OF_LINE const uint8_t *str_plain_far(amsop__jstr_t *t, const uint8_t *p,
                                                const uint8_t *e)
{
    if (t->dst == NULL) /* dropped, or past its field's room: only checked */
        return skip_end(p, e);
    if (plain_now(t) != 0) /* mode S_PLAIN: hi or u8need */
        return pending_run(t, p, e);
    return copy_run(t, p, e);
}

/* One run of plain bytes of a string from p (mode S_PLAIN), copied into the
 * field (or skipped: dropped, or past its field's room) whole; returns
 * where it ended: e, or the byte that ended it. */
static inline const uint8_t *str_plain(amsop__jstr_t *t, const uint8_t *p, const uint8_t *e)
{
    return run_short(t, p, e) ? copy_run(t, p, e) : str_plain_far(t, p, e);
}

/* The byte c after a backslash, or a digit of \\uXXXX (mode S_ESC or S_HEX):
 * out of line, so that the run loop below keeps few registers. */
static OUT_OF_LINE void str_escape(amsop__jstr_t *t, uint8_t c)
{
    static const char from[] = "\"\\/bfnrt";
    static const char to[] = "\"\\/\b\f\n\r\t";

    if (t->mode == S_ESC) {
        const char *x = memchr(from, c, sizeof(from) - 1u);
        if (c == 'u') {
            t->mode = S_HEX;
            t->digits = 0;
            t->uval = 0;
        } else if (x != NULL) {
            t->mode = S_PLAIN;
            if (t->dst != NULL)
                escaped(t, (uint8_t)to[x - from]);
        } else {
            t->mode = S_BAD;
        }
    } else {
        int h = amsop__hex(c);
        if (h < 0) {
            t->mode = S_BAD;
            return;
        }
        t->uval = (uint16_t)((unsigned)t->uval << 4 | (unsigned)h);
        if (++t->digits == 4u) {
            t->mode = S_PLAIN;
            if (t->dst != NULL)
                escaped(t, t->uval);
        }
    }
}

/* The byte c that ended a run of plain bytes, not the closing quote: a
 * backslash, a raw control byte (S_BAD) or, in a kept string, a byte
 * >= 0x80 (a skipped string's scan goes past those). */
static OUT_OF_LINE void str_stop(amsop__jstr_t *t, uint8_t c)
{
    if (c == '\\') {
        u8_flush(t);
        t->mode = S_ESC;
    } else if (c < 0x20u) {
        t->mode = S_BAD;
    } else {
        raw_byte(t, c);
    }
}

/* str_run's loop past the first run: from p (< e), a byte that ended a
 * run (not the closing quote) or one of an escape. */
static OUT_OF_LINE const uint8_t *str_rest(amsop__jstr_t *t, const uint8_t *p, const uint8_t *e)
{
    while (p < e) {
        if (t->mode != S_PLAIN) {
            str_escape(t, *p++);
        } else {
            p = str_plain(t, p, e);
            if (p == e)
                return e;
            if (*p == '"')
                return p;
            str_stop(t, *p++);
        }
        if (t->mode == S_BAD)
            return e;
    }
    return e;
}

/* Reads [p, e) of a string up to its closing quote: returns where that
 * quote is, or e. A syntax error leaves mode S_BAD. The first run of plain
 * bytes is read here, so that a piece of one byte (or a string of plain
 * bytes) costs one short scan and its copy; whatever ended the run goes
 * to str_rest. */
static inline const uint8_t *str_run(amsop__jstr_t *t, const uint8_t *p, const uint8_t *e)
{
    if (p < e && t->mode == S_PLAIN) {
        p = str_plain(t, p, e);
        if (p == e || *p == '"')
            return p;
    }
    return p < e ? str_rest(t, p, e) : e;
}

/* The closing quote: what waits is U+FFFD, the field is terminated. */
static inline void str_close(amsop__jstr_t *t)
{
    if (plain_now(t) != 0) /* flush tests hi and u8need again */
        flush(t);
    if (t->dst != NULL)
        t->dst[t->len] = '\0';
}

void amsop__json_unescape(amsop__fw_t *w, const char *s, size_t n)
{
    amsop__jstr_t t;

    if (w->len >= w->cap) {
        w->truncated = 1;
        return;
    }
    str_open(&t, w->buf + w->len, w->cap - w->len);
    (void)str_run(&t, (const uint8_t *)s, (const uint8_t *)s + n);
    str_close(&t);
    w->len += t.len;
    if (t.cut)
        w->truncated = 1;
}

/* --- the document -------------------------------------------------------- */

static void fail(amsop__jstream_t *s, amsop_err_t err)
{
    if (s->err == AMSOP_OK)
        s->err = err;
}

void amsop__js_begin_schema(amsop__jstream_t *s, const amsop__jschema_t *schema, void *base)
{
    /* Up to schema: what follows is written before it is read (base and
     * truncated read with a schema only; the key decoded, the skeleton
     * built, a frame pushed, a depth's bit set). A string only checked
     * reads the state the one before it left: zero before the first. */
    memset(s, 0, offsetof(amsop__jstream_t, schema));
    if (schema != NULL && base != NULL) {
        s->schema = schema;
        s->base = base;
        s->truncated = (uint32_t *)(void *)((char *)base + schema->truncated_off);
        s->vnode = 0; /* the root */
    } else {
        s->schema = NULL;
        s->vnode = NONE;
    }
    s->top = NONE;
    s->want = W_VALUE;
    s->err = AMSOP_OK;
}

void amsop__js_begin(amsop__jstream_t *s, amsop_result_t *r)
{
    amsop__js_begin_schema(s, &arm_schema, r);
}

/* Where field f of the kept struct is. */
static char *field_at(const amsop__jstream_t *s, unsigned f)
{
    return (char *)s->base + s->schema->field_off[f];
}

/* String or number node v's field, opened for its value. Returns the
 * field's bit (kept_end's, known before the copy). */
static inline uint32_t open_field(amsop__jstream_t *s, unsigned v)
{
    const amsop__jnode_t *n = &s->schema->nodes[v];
    str_open(&s->str, field_at(s, n->field), n->cap);
    return 1u << n->field;
}

/* The kept container the next member or element belongs to, or NULL when
 * the innermost open container is not kept. */
static amsop__jframe_t *kept_frame(amsop__jstream_t *s)
{
    amsop__jframe_t *f;

    if (s->nframes == 0)
        return NULL;
    f = &s->frames[s->nframes - 1u];
    return f->depth == s->depth ? f : NULL;
}

/* What may follow a value that just ended. */
static uint8_t after_value(const amsop__jstream_t *s)
{
    return s->depth > 0 ? W_AFTER : W_DONE;
}

/* A kept member's key came (again, perhaps): its earlier value (a whole
 * subtree for "error" and "details") is forgotten, so the last one wins.
 * Only the bits: the text of a field that ends up without a string is
 * emptied once, at the end (skeleton). */
static void reset(amsop__jstream_t *s, unsigned node)
{
    const amsop__jnode_t *n = &s->schema->nodes[node];
    s->strings = (uint16_t)(s->strings & ~n->strs);
    if (n->flags & AMSOP__JS_RESET0)
        s->counts[0] = 0;
    if (n->flags & AMSOP__JS_RESET1)
        s->counts[1] = 0;
}

/* Returns what the container opened by c wants first. */
static uint8_t open_container(amsop__jstream_t *s, uint8_t c, unsigned v)
{
    unsigned d = s->depth;
    unsigned obj = c == '{';

    if (d >= CONFIG_AMSOP_JSON_DEPTH_MAX) {
        fail(s, AMSOP_ERR_JSON_TOO_MANY_TOKENS);
        return W_DONE;
    }
    s->stack[d / 8u] = (uint8_t)((s->stack[d / 8u] & ~(1u << (d % 8u))) | (obj << (d % 8u)));
    s->depth = (uint16_t)(d + 1u);
    s->obj = (uint8_t)obj;
    s->top = NONE;
    if (v != NONE && s->nframes < AMSOP__JSON_FRAMES) { /* a schema nests 5 deep */
        amsop__jframe_t *f = &s->frames[s->nframes++];
        f->depth = s->depth;
        f->node = (uint8_t)v;
        f->count = 0;
        f->elem = (s->schema->nodes[v].flags & AMSOP__JS_ELEMS) ? (uint8_t)(v + 1u) : NONE;
        s->top = (uint8_t)v;
    }
    return obj ? W_KEY_OR_CLOSE : W_VALUE_OR_CLOSE;
}

/* Returns what may follow the container just closed. */
static uint8_t close_container(amsop__jstream_t *s)
{
    amsop__jframe_t *f = kept_frame(s);
    unsigned d;

    if (f != NULL) {
        unsigned flags = s->schema->nodes[f->node].flags;
        if (flags & AMSOP__JS_COUNT0)
            s->counts[0] = f->count;
        if (flags & AMSOP__JS_COUNT1)
            s->counts[1] = f->count;
        s->nframes--;
    }
    d = --s->depth;
    f = kept_frame(s);
    s->top = f != NULL ? f->node : NONE;
    /* The container around it, if any: an object or an array. */
    s->obj = (uint8_t)(d > 0 && ((s->stack[(d - 1u) / 8u] >> ((d - 1u) % 8u)) & 1u));
    return d > 0 ? W_AFTER : W_DONE;
}

/* A value begins with byte c: kept when the extraction reads it and it has
 * the type it reads; a member of another type is refused (null is absent;
 * an element of another type, details[0] say, only counts). Returns the
 * next want (a scalar's is set when it ends). */
static uint8_t value_start(amsop__jstream_t *s, uint8_t c, uint8_t want)
{
    unsigned v = s->vnode;
    unsigned is;

    switch (c) {
    case '"':
        is = K_STR;
        break;
    case '{':
        is = K_OBJ;
        break;
    case '[':
        is = K_ARR;
        break;
    case '-':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9':
        is = K_NUM;
        break;
    default:
        is = 0;
        break;
    }
    if (s->depth == 0)
        s->root_obj = c == '{';
    if (v != NONE) {
        s->vnode = NONE;
        reset(s, v); /* the value of a kept key (or the root): never in an array */
    } else {
        amsop__jframe_t *f = kept_frame(s);
        if (f != NULL && s->schema->nodes[f->node].kind == K_ARR) {
            f->count++;
            v = f->elem; /* the element's node, or NONE past the chain */
            if (v != NONE)
                f->elem = s->schema->nodes[v].next != 0 ? s->schema->nodes[v].next : NONE;
        }
    }
    if (v != NONE) {
        const amsop__jnode_t *n = &s->schema->nodes[v];
        if (n->kind != is) {
            if (c != 'n' && n->klen != 0)
                s->schema_err = 1; /* a member (elements and the root have no key) */
            v = NONE;
        }
    }
    if (is == K_OBJ || is == K_ARR)
        return open_container(s, c, v);
    if (is == K_STR) {
        s->vnode = (uint8_t)v; /* the caller reads it */
    } else if (c == 't' || c == 'f' || c == 'n') {
        s->lex = L_LIT;
        s->lit = c == 't' ? 0u : c == 'f' ? 1u : 2u;
        s->sub = 1;
    } else if (is == K_NUM) {
        s->lex = L_NUM;
        s->sub = c == '-' ? N_MINUS : c == '0' ? N_ZERO : N_INT;
        s->vnode = (uint8_t)v; /* number_run copies a kept one's bytes */
        if (v != NONE) {
            /* Its bytes are its text: the strings' own copy and cut. */
            open_field(s, v);
            (void)copy_plain(&s->str, &c, &c + 1);
        }
    } else {
        fail(s, AMSOP_ERR_JSON);
    }
    return want;
}

/* Zero when a[0..n) == b[0..n) (a difference, not a truth value, so that
 * the caller branches on it at once): keys of 4..8 bytes (all but one) as
 * two words that overlap, the first four bytes and the last four. */
static uint32_t key_diff(const char *a, const char *b, size_t n)
{
    uint32_t x;
    uint32_t y;
    uint32_t u;
    uint32_t v;

    if (n < 4u || n > 8u)
        return memcmp(a, b, n) != 0;
    memcpy(&x, a, 4u);
    memcpy(&y, b, 4u);
    memcpy(&u, a + n - 4u, 4u);
    memcpy(&v, b + n - 4u, 4u);
    return (x ^ y) | (u ^ v);
}

/* The key k[0..len) of a member of the kept object f: the node it is (its
 * container's children only), or NONE. */
static inline uint8_t key_node(const amsop__jnode_t *nodes, unsigned top, const char *key,
                               size_t len)
{
    unsigned k;

    for (k = top + 1u; k != 0; k = nodes[k].next) {
        if (nodes[k].klen == len && key_diff(nodes[k].key, key, len) == 0)
            return (uint8_t)k; /* its earlier value: see value_start */
    }
    return NONE;
}

/* A key decoded into kbuf ended (compared decoded: "st\u0061tus" is
 * status). */
static OUT_OF_LINE void key_end(amsop__jstream_t *s)
{
    s->vnode = NONE;
    if (s->top != NONE && !s->str.cut)
        s->vnode = key_node(s->schema->nodes, s->top, s->kbuf, s->str.len);
}

/* A kept string or number ended (its field terminated): it is the value
 * of the field whose bit is bit now, cut or not. */
static void kept_end(amsop__jstream_t *s, uint32_t bit)
{
    s->strings = (uint16_t)(s->strings | bit);
    *s->truncated = (*s->truncated & ~bit) | (s->str.cut ? bit : 0u);
    s->vnode = NONE;
}

/* The bit of the field of node v, a kept string or number. */
static uint32_t node_bit(const amsop__jstream_t *s, unsigned v)
{
    return 1u << s->schema->nodes[v].field;
}

/* The closing quote of a value: its field terminated, and its bits.
 * Returns the next want. */
static uint8_t value_end(amsop__jstream_t *s)
{
    unsigned v = s->vnode;

    str_close(&s->str);
    if (v != NONE)
        kept_end(s, node_bit(s, v));
    return after_value(s);
}

/* The closing quote of a key or a value; returns the next want. */
static uint8_t string_end(amsop__jstream_t *s)
{
    s->lex = L_NONE;
    if (s->is_key) {
        str_close(&s->str);
        key_end(s);
        return W_COLON;
    }
    return value_end(s);
}

/* Reads [p, e) of a literal; returns where it stopped. */
static const uint8_t *literal_run(amsop__jstream_t *s, const uint8_t *p, const uint8_t *e)
{
    static const char *const words[3] = {"true", "false", "null"};
    const char *w = words[s->lit];

    while (p < e) {
        if ((uint8_t)w[s->sub] != *p) {
            fail(s, AMSOP_ERR_JSON);
            return e;
        }
        p++;
        if (w[++s->sub] == '\0') {
            s->lex = L_NONE;
            break;
        }
    }
    return p;
}

static int num_final(uint8_t st)
{
    return st == N_ZERO || st == N_INT || st == N_FRAC || st == N_EXP;
}

/* A number ended: a kept one's field is terminated and takes its bit. */
static void number_end(amsop__jstream_t *s)
{
    unsigned v = s->vnode;

    s->lex = L_NONE;
    if (v != NONE) {
        str_close(&s->str);
        kept_end(s, node_bit(s, v));
    }
}

/* Reads [p, e) of a number; returns where it stopped: e, or the byte just
 * past it (lex then L_NONE), or e after an error. A kept number's bytes go
 * to its field through copy_plain, cut there like a string's (every byte
 * of a number is plain ASCII, so any cut is at a character boundary). */
static const uint8_t *number_run(amsop__jstream_t *s, const uint8_t *p, const uint8_t *e)
{
    const uint8_t *from = p;
    uint8_t st = s->sub;

    for (; p < e; p++) {
        uint8_t c = *p;
        if (c >= '0' && c <= '9') {
            if (st == N_ZERO)
                break;
            st = st == N_MINUS                  ? (c == '0' ? N_ZERO : N_INT)
                 : st == N_DOT                  ? N_FRAC
                 : (st == N_E || st == N_ESIGN) ? N_EXP
                                                : st;
        } else if (c == '.' && (st == N_ZERO || st == N_INT)) {
            st = N_DOT;
        } else if ((c == 'e' || c == 'E') && (st == N_ZERO || st == N_INT || st == N_FRAC)) {
            st = N_E;
        } else if ((c == '+' || c == '-') && st == N_E) {
            st = N_ESIGN;
        } else {
            break;
        }
    }
    s->sub = st;
    if (s->vnode != NONE && s->str.dst != NULL && p != from)
        (void)copy_plain(&s->str, from, p);
    if (p == e)
        return e;
    if (!num_final(st)) {
        fail(s, AMSOP_ERR_JSON);
        return e;
    }
    number_end(s);
    return p;
}

/* One loop over the piece: between tokens the structural bytes are
 * handled here, with what the grammar wants next in a local (written back
 * once, at the end of the piece); a string, literal or number is read by
 * its run function, to its end or the piece's. */
static OUT_OF_LINE void feed_loop(amsop__jstream_t *s, const uint8_t *p, const uint8_t *e)
{
    uint8_t want = s->want;

    if (s->lex != L_NONE)
        goto token; /* one begun in an earlier piece */
    while (p < e) {
        uint8_t c = *p++;
        switch (c) {
        case ' ':
        case '\n':
        case '\r':
        case '\t':
            /* Indentation comes in runs. */
            while (p < e && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
                p++;
            continue;
        case ':':
            if (want != W_COLON)
                goto bad;
            want = W_VALUE;
            continue;
        case ',':
            if (want != W_AFTER)
                goto bad;
            want = s->obj ? W_KEY : W_VALUE;
            continue;
        case '}':
            if (!s->obj || (want != W_KEY_OR_CLOSE && want != W_AFTER))
                goto bad;
            want = close_container(s);
            continue;
        case ']':
            if (s->obj || s->depth == 0 || (want != W_VALUE_OR_CLOSE && want != W_AFTER))
                goto bad;
            want = close_container(s);
            continue;
        case '"': {
            /* Only a key of a kept object is read (to be compared). */
            unsigned top = NONE;
            const uint8_t *q = plain_end(p, e);
            unsigned v;
            int key = want == W_KEY || want == W_KEY_OR_CLOSE;
            if (key) {
                top = s->top; /* NONE without a result: nothing is kept */
                v = NONE;
            } else if (want != W_VALUE && want != W_VALUE_OR_CLOSE) {
                goto bad;
            } else if (s->vnode != NONE && s->depth != 0) {
                /* The value of a kept key, the common case, without
                 * value_start: a string where one is read, or refused. */
                v = s->vnode;
                s->vnode = NONE;
                reset(s, v);
                if (s->schema->nodes[v].kind != K_STR) {
                    s->schema_err = 1;
                    v = NONE;
                }
            } else {
                want = value_start(s, c, want);
                v = s->vnode;
            }
            if (q != e && *q == '"') {
                /* The whole string is in this piece, without an escape or
                 * a byte >= 0x80: its bytes are its text. */
                size_t len = (size_t)(q - p);
                if (key) {
                    s->vnode =
                        top != NONE ? key_node(s->schema->nodes, top, (const char *)p, len) : NONE;
                    want = W_COLON;
                } else if (v != NONE) {
                    /* the decoder's own copy and close, over the span */
                    uint32_t bit = open_field(s, v);
                    copy_plain(&s->str, p, q);
                    str_close(&s->str);
                    kept_end(s, bit);
                    want = after_value(s);
                } else {
                    want = after_value(s);
                }
                p = q + 1;
                continue;
            }
            s->lex = L_STR;
            s->is_key = (uint8_t)key;
            s->vnode = (uint8_t)v; /* string_end reads it */
            if (top != NONE)
                str_open(&s->str, s->kbuf, sizeof(s->kbuf));
            else if (v != NONE)
                open_field(s, v);
            else
                s->str.dst = NULL; /* only checked: nothing else of it is read */
            /* [p, q) was found plain above: copied (or skipped) now, not
             * scanned again; the decoder goes on from q. */
            if (s->str.dst != NULL)
                copy_plain(&s->str, p, q);
            p = q;
            break;
        }
        default:
            if (want != W_VALUE && want != W_VALUE_OR_CLOSE)
                goto bad;
            want = value_start(s, c, want);
            if (s->err != AMSOP_OK)
                goto out;
            if (s->lex == L_NONE)
                continue; /* a container opened */
            break;
        }
    token:
        /* Inside a string, literal or number: read to its end or the
         * piece's. */
        if (s->lex == L_STR) {
            p = str_run(&s->str, p, e);
            if (s->str.mode == S_BAD)
                goto bad;
            if (p == e)
                break;
            want = string_end(s);
            p++;
        } else if (s->lex == L_LIT) {
            p = literal_run(s, p, e);
            if (s->lex == L_NONE)
                want = after_value(s);
        } else {
            p = number_run(s, p, e);
            if (s->lex == L_NONE)
                want = after_value(s);
        }
        if (s->err != AMSOP_OK)
            goto out;
    }
out:
    s->want = want;
    return;
bad:
    fail(s, AMSOP_ERR_JSON);
    s->want = want;
}

/* A piece that ends inside a short run of a kept string (nearly every
 * piece fed a byte at a time) is copied here, with no call and no saved
 * register: the scan and the copy of str_plain, and copy_plain last (its
 * memcpy and cut, when taken, a tail call). Any other piece, and this one
 * when the run ends in it (scanned again then, less than a word), goes to
 * the loop. */
void amsop__js_feed(amsop__jstream_t *s, const uint8_t *d, size_t n)
{
    const uint8_t *e = d + n;

    if (s->err != AMSOP_OK)
        return;
    if (s->lex == L_STR && run_short(&s->str, d, e) && plain_end(d, e) == e) {
        (void)copy_plain(&s->str, d, e);
        return;
    }
    feed_loop(s, d, e);
}

/* What the body kept, for jsmn: see json_stream.h. */
static void skeleton(amsop__jstream_t *s)
{
    char *o = s->skel;

    if (!s->root_obj || s->schema_err) {
        *o++ = '['; /* a value of the wrong type: the walk refuses it */
        *o++ = ']';
    } else {
        /* In locals: the bytes written below may alias any of s. */
        const amsop__jschema_t *schema = s->schema;
        const uint16_t *off = schema->field_off;
        char *base = (char *)s->base;
        unsigned strings = s->strings;
        unsigned nfields = schema->nfields;
        unsigned f;
        *o++ = '"';
        for (f = 0; f < nfields; f++) {
            if (strings & (1u << f))
                *o++ = (char)('0' + f);
            else /* its last value was null or of another type, or a later
                    "error" dropped it: empty */
                base[off[f]] = '\0';
        }
        *s->truncated &= ~(uint32_t)(schema->nodes[0].strs & ~strings);
        *o++ = '"';
    }
    s->skel_len = (uint8_t)(o - s->skel);
}

amsop_err_t amsop__js_end(amsop__jstream_t *s)
{
    if (s->err == AMSOP_OK && s->lex == L_NUM && num_final(s->sub)) {
        number_end(s);
        s->want = after_value(s);
    }
    if (s->err == AMSOP_OK && (s->lex != L_NONE || s->want != W_DONE))
        s->err = AMSOP_ERR_JSON;
    if (s->err == AMSOP_OK && s->schema != NULL)
        skeleton(s);
    return s->err;
}
