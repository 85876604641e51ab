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
    CLI_CMD_SHOW, /* the live event itself: GET .../liveEvents/{name} */
    CLI_CMD_HELP,
    CLI_CMD_VERSION
} cli_cmd_t;

/* --output (-o). json: one object per read, on one line; jsonc: the same
 * objects indented; table: a header, then one row per read; tsv: the table's
 * columns tab-separated, no header; none: nothing on stdout. */
typedef enum cli_output {
    CLI_OUT_TEXT = 0,
    CLI_OUT_JSON,
    CLI_OUT_JSONC,
    CLI_OUT_TABLE,
    CLI_OUT_TSV,
    CLI_OUT_NONE
} cli_output_t;

/* Bit of a command in cli_opt_t.cmds. */
#define CLI_CMD_BIT(c) (1u << (unsigned)(c))
#define CLI_CMDS_ACTIONS                                                                           \
    (CLI_CMD_BIT(CLI_CMD_START) | CLI_CMD_BIT(CLI_CMD_STOP) | CLI_CMD_BIT(CLI_CMD_RESET))
#define CLI_CMDS_READS (CLI_CMD_BIT(CLI_CMD_GET) | CLI_CMD_BIT(CLI_CMD_WAIT))
/* The commands that name a live event (-n). */
#define CLI_CMDS_LIVE (CLI_CMDS_ACTIONS | CLI_CMD_BIT(CLI_CMD_SHOW))
#define CLI_CMDS_ALL  (CLI_CMDS_READS | CLI_CMDS_LIVE)

/* One option the parser accepts: the table the help is printed from. */
typedef struct cli_opt {
    const char *name;    /* "--resource-group" */
    char short_name;     /* 'g', or 0 */
    const char *alias;   /* another long spelling ("--account-name"), or NULL */
    const char *metavar; /* "NAME"; NULL for an option without a value */
    unsigned cmds;       /* CLI_CMD_BIT()s of the commands that take it */
    const char *help;    /* one line */
} cli_opt_t;

typedef struct cli_args {
    cli_cmd_t cmd;
    cli_cmd_t help_cmd; /* CLI_CMD_HELP: the command asked about, or CLI_CMD_NONE */
    /* TARGET, form 1 */
    const char *subscription;
    const char *resource_group;
    const char *account;
    const char *operation;
    /* TARGET, form 2 */
    const char *url;
    /* show, start|stop|reset: the live event (subscription, group, account above) */
    const char *live_event;
    int wait;                   /* --wait: follow the operation to the end */
    int no_wait;                /* --no-wait: the POST only (the default) */
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

/* The option table; *count gets its length. */
const cli_opt_t *cli_options(size_t *count);

/* "get", "wait", "show", "start", "stop", "reset"; NULL for other values. */
const char *cli_cmd_name(cli_cmd_t cmd);

/* The command named s (get, wait, show, start, stop, reset), else CLI_CMD_NONE. */
cli_cmd_t cli_cmd_from_name(const char *s);

/* Non-zero for start, stop and reset. */
int cli_is_action(cli_cmd_t cmd);

/* Non-zero for the commands that name a live event: show, start, stop, reset. */
int cli_is_live(cli_cmd_t cmd);

/* "1", "2.5", "0.25" -> milliseconds; 0 on success, -1 if malformed, zero or
 * too large for a uint32_t millisecond count. */
int cli_parse_seconds(const char *s, uint32_t *out_ms);

#endif
