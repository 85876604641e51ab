/* SPDX-License-Identifier: MIT */
/* Error names and texts, generated from the one list in amsop_err.h.
 * Each table is one block of characters plus 16-bit offsets (a struct with
 * one char array per code, so the compiler computes the offsets): half the
 * size of a pointer table on a 32-bit MCU. With CONFIG_AMSOP_ERR_TEXTS off
 * the sentences are compiled out and amsop_err_text() gives the name. */
#include <stddef.h>
#include <stdint.h>

#include "amsop_config.h"
#include "amsop_err.h"

#define AMSOP__ERR_NAME_FIELD(name, text) char name[sizeof(#name)];
#define AMSOP__ERR_NAME_INIT(name, text)  #name,
#define AMSOP__ERR_NAME_OFF(name, text)   (uint16_t) offsetof(struct err_names, name),

struct err_names {
    AMSOP_ERR_LIST(AMSOP__ERR_NAME_FIELD)
};
static const struct err_names names = {AMSOP_ERR_LIST(AMSOP__ERR_NAME_INIT)};
static const uint16_t name_off[] = {AMSOP_ERR_LIST(AMSOP__ERR_NAME_OFF)};

const char *amsop_err_name(amsop_err_t err)
{
    if ((unsigned)err >= (unsigned)AMSOP_ERR__COUNT)
        return "AMSOP_ERR_UNKNOWN";
    return (const char *)&names + name_off[err];
}

#if defined(CONFIG_AMSOP_ERR_TEXTS)
#define AMSOP__ERR_TEXT_FIELD(name, text) char name[sizeof(text)];
#define AMSOP__ERR_TEXT_INIT(name, text)  text,
#define AMSOP__ERR_TEXT_OFF(name, text)   (uint16_t) offsetof(struct err_texts, name),

struct err_texts {
    AMSOP_ERR_LIST(AMSOP__ERR_TEXT_FIELD)
};
static const struct err_texts texts = {AMSOP_ERR_LIST(AMSOP__ERR_TEXT_INIT)};
static const uint16_t text_off[] = {AMSOP_ERR_LIST(AMSOP__ERR_TEXT_OFF)};

const char *amsop_err_text(amsop_err_t err)
{
    if ((unsigned)err >= (unsigned)AMSOP_ERR__COUNT)
        return "unknown error code";
    return (const char *)&texts + text_off[err];
}
#else
const char *amsop_err_text(amsop_err_t err)
{
    return amsop_err_name(err);
}
#endif
