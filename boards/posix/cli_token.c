/* SPDX-License-Identifier: MIT */
/* amsop CLI: where the bearer token comes from. The token is never printed. */
#include "cli_token.h"

#include <stdlib.h>
#include <string.h>

#include "cli_file.h"

/* Room for a token of the maximum size and the line end after it ("\r\n"):
 * trailing newlines are stripped, the limit applies to the token. */
static char s_token[CLI_TOKEN_FILE_MAX + 2u];
static size_t s_token_len;

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static size_t strip_trailing(const char *s, size_t len)
{
    while (len > 0 && is_space(s[len - 1])) {
        --len;
    }
    return len;
}

cli_token_err_t cli_token_load(const char *path, const char **token, size_t *token_len)
{
    const char *src;
    size_t len;

    *token = NULL;
    *token_len = 0;
    if (path != NULL) {
        cli_file_err_t fe = cli_read_file(path, s_token, sizeof s_token, &s_token_len);
        if (fe == CLI_FILE_IO) {
            cli_token_wipe();
            return CLI_TOKEN_IO;
        }
        if (fe == CLI_FILE_TOO_LARGE) {
            cli_token_wipe();
            return CLI_TOKEN_TOO_LARGE;
        }
        src = s_token;
        len = s_token_len;
    } else {
        src = getenv(CLI_TOKEN_ENV);
        if (src == NULL) {
            return CLI_TOKEN_NONE;
        }
        len = strlen(src);
    }
    len = strip_trailing(src, len);
    if (len > CLI_TOKEN_FILE_MAX) {
        cli_token_wipe();
        return CLI_TOKEN_TOO_LARGE;
    }
    if (len == 0) {
        cli_token_wipe();
        return CLI_TOKEN_EMPTY;
    }
    *token = src;
    *token_len = len;
    return CLI_TOKEN_OK;
}

void cli_token_wipe(void)
{
    volatile char *p = s_token;
    size_t i;
    for (i = 0; i < sizeof s_token; ++i) {
        p[i] = 0;
    }
    s_token_len = 0;
}
