/* Error names and texts, generated from the one list in amsop_err.h. */
#include "amsop_err.h"

#define AMSOP__ERR_NAME(name, text) #name,
#define AMSOP__ERR_TEXT(name, text) text,
static const char *const err_names[] = {AMSOP_ERR_LIST(AMSOP__ERR_NAME)};
static const char *const err_texts[] = {AMSOP_ERR_LIST(AMSOP__ERR_TEXT)};

const char *amsop_err_name(amsop_err_t err)
{
    if ((unsigned)err >= (unsigned)AMSOP_ERR__COUNT)
        return "AMSOP_ERR_UNKNOWN";
    return err_names[err];
}

const char *amsop_err_text(amsop_err_t err)
{
    if ((unsigned)err >= (unsigned)AMSOP_ERR__COUNT)
        return "unknown error code";
    return err_texts[err];
}
