/* SPDX-License-Identifier: MIT */
/* amsop CLI: where the bearer token comes from. The token is never printed. */
#ifndef AMSOP_CLI_TOKEN_H
#define AMSOP_CLI_TOKEN_H

#include <stddef.h>

#define CLI_TOKEN_ENV "AMSOP_ACCESS_TOKEN"
/* Largest token accepted (bytes, after stripping trailing whitespace; a
 * file may hold two more bytes for its line end). */
#define CLI_TOKEN_FILE_MAX (16u * 1024u)

typedef enum cli_token_err {
    CLI_TOKEN_OK = 0,
    CLI_TOKEN_NONE,     /* no --token-file and the env var is unset */
    CLI_TOKEN_EMPTY,    /* only whitespace */
    CLI_TOKEN_IO,       /* the file could not be read (errno) */
    CLI_TOKEN_TOO_LARGE /* over CLI_TOKEN_FILE_MAX */
} cli_token_err_t;

/* Loads the token from path (when not NULL) or from the environment, with
 * trailing whitespace stripped. *token points into static storage or the
 * environment and stays valid until cli_token_wipe(). */
cli_token_err_t cli_token_load(const char *path, const char **token, size_t *token_len);

/* Overwrites the static copy of the token. */
void cli_token_wipe(void);

#endif
