/* SPDX-License-Identifier: MIT */
/* amsop CLI: command-line parsing. No I/O, no side effects. */
#ifndef AMSOP_CLI_ARGS_H
#define AMSOP_CLI_ARGS_H

#include <stddef.h>
#include <stdint.h>

typedef enum cli_cmd {
    CLI_CMD_NONE = 0,
    CLI_CMD_GET,
    CLI_CMD_WAIT,
    CLI_CMD_START, /* live event actions: POST .../liveEvents/{name}/{action} */
    CLI_CMD_STOP,
    CLI_CMD_RESET,
    CLI_CMD_HELP,
    CLI_CMD_VERSION
} cli_cmd_t;

typedef enum cli_output { CLI_OUT_TEXT = 0, CLI_OUT_JSON } cli_output_t;

typedef struct cli_args {
    cli_cmd_t cmd;
    /* TARGET, form 1 */
    const char *subscription;
    const char *resource_group;
    const char *account;
    const char *operation;
    /* TARGET, form 2 */
    const char *url;
    /* start|stop|reset: the live event (subscription, group, account above) */
    const char *live_event;
    int wait;                   /* --wait: follow the operation to the end */
    const char *authority_host; /* NULL: env AZURE_AUTHORITY_HOST, else the default */
    const char *endpoint;       /* never NULL after a successful parse */
    const char *api_version;    /* never NULL after a successful parse */
    const char *ca_file;        /* NULL: bundled roots */
    const char *token_file;     /* NULL: env AMSOP_ACCESS_TOKEN */
    uint32_t timeout_ms;        /* > 0 after a successful parse */
    cli_output_t output;
    int verbose;
} cli_args_t;

/* Parses argv. Returns 0 on success, otherwise writes a one-line message
 * (without the program name or a newline) to err and returns non-zero. */
int cli_args_parse(int argc, char **argv, cli_args_t *out, char *err, size_t err_cap);

/* Non-zero for start, stop and reset. */
int cli_is_action(cli_cmd_t cmd);

/* "1", "2.5", "0.25" -> milliseconds; 0 on success, -1 if malformed, zero or
 * too large for a uint32_t millisecond count. */
int cli_parse_seconds(const char *s, uint32_t *out_ms);

#endif
