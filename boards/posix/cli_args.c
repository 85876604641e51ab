/* SPDX-License-Identifier: MIT */
/* amsop CLI: command-line parsing. */
#include "cli_args.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amsop_client.h"
#include "amsop_config.h"

/* User text echoed in messages is cut to this many bytes. */
#define CLI_ECHO_MAX 64
/* Longest option spelling, with its NUL ("--authority-host" and shorter). */
#define CLI_SPELLING_MAX 24

#define STR_(x) #x
#define STR(x)  STR_(x)

typedef enum opt_id {
    OPT_SUBSCRIPTION,
    OPT_RESOURCE_GROUP,
    OPT_ACCOUNT,
    OPT_OPERATION,
    OPT_URL,
    OPT_LIVE_EVENT,
    OPT_WAIT,
    OPT_NO_WAIT,
    OPT_ENDPOINT,
    OPT_API_VERSION,
    OPT_CA_FILE,
    OPT_TOKEN_FILE,
    OPT_AUTHORITY_HOST,
    OPT_TIMEOUT,
    OPT_OUTPUT,
    OPT_VERBOSE,
    OPT_HELP,
    OPT_VERSION,
    OPT__COUNT
} opt_id_t;

#define WAITS (CLI_CMD_BIT(CLI_CMD_WAIT) | CLI_CMDS_ACTIONS)

/* Indexed by opt_id_t. The help of every command is printed from it. */
static const cli_opt_t k_opts[OPT__COUNT] = {
    {"--subscription", 0, NULL, "ID", CLI_CMDS_ALL,
     "subscription GUID (else AZURE_SUBSCRIPTION_ID)"},
    {"--resource-group", 'g', NULL, "NAME", CLI_CMDS_ALL, "resource group"},
    {"--account", 'a', "--account-name", "NAME", CLI_CMDS_ALL, "Media Services account name"},
    {"--operation", 0, NULL, "ID", CLI_CMDS_READS, "operation id (TARGET by identifiers)"},
    {"--url", 0, NULL, "URL", CLI_CMDS_READS, "an Azure-AsyncOperation URL (TARGET as a URL)"},
    {"--live-event", 'n', "--name", "NAME", CLI_CMDS_LIVE, "live event name"},
    {"--wait", 0, NULL, NULL, CLI_CMDS_ACTIONS, "then poll the operation to the end, like wait"},
    {"--no-wait", 0, NULL, NULL, CLI_CMDS_ACTIONS,
     "return after the POST (default); not with --wait"},
    {"--endpoint", 0, NULL, "URL", CLI_CMDS_ALL, "default " AMSOP_DEFAULT_ENDPOINT},
    {"--api-version", 0, NULL, "V", CLI_CMDS_ALL,
     "api-version (default " AMSOP_DEFAULT_API_VERSION ")"},
    {"--ca-file", 0, NULL, "PEM", CLI_CMDS_ALL, "trust these CAs, not the bundled roots"},
    {"--token-file", 0, NULL, "PATH", CLI_CMDS_ALL, "bearer token file (else AMSOP_ACCESS_TOKEN)"},
    {"--authority-host", 0, NULL, "URL", CLI_CMDS_ALL,
     "Azure AD authority (else AZURE_AUTHORITY_HOST)"},
    {"--timeout", 0, NULL, "SECONDS", WAITS,
     "overall deadline of the command, token fetch and POST included (default " STR(
         CONFIG_AMSOP_WAIT_DEFAULT_TIMEOUT_S) ")"},
    {"--output", 'o', NULL, "FORMAT", CLI_CMDS_ALL,
     "text (default), json, jsonc, table, tsv, none"},
    {"--verbose", 0, NULL, NULL, CLI_CMDS_ALL, "request line and statistics on stderr"},
    {"--help", 'h', NULL, NULL, CLI_CMDS_ALL, "this help"},
    {"--version", 0, NULL, NULL, CLI_CMDS_ALL, "print the version"},
};

static const char *const k_cmd_names[] = {"get", "wait", "show", "start", "stop", "reset"};
static const cli_cmd_t k_cmds[] = {CLI_CMD_GET,   CLI_CMD_WAIT, CLI_CMD_SHOW,
                                   CLI_CMD_START, CLI_CMD_STOP, CLI_CMD_RESET};

const cli_opt_t *cli_options(size_t *count)
{
    *count = (size_t)OPT__COUNT;
    return k_opts;
}

const char *cli_cmd_name(cli_cmd_t cmd)
{
    size_t i;
    for (i = 0; i < sizeof k_cmds / sizeof k_cmds[0]; ++i) {
        if (k_cmds[i] == cmd) {
            return k_cmd_names[i];
        }
    }
    return NULL;
}

cli_cmd_t cli_cmd_from_name(const char *s)
{
    size_t i;
    for (i = 0; s != NULL && i < sizeof k_cmds / sizeof k_cmds[0]; ++i) {
        if (strcmp(k_cmd_names[i], s) == 0) {
            return k_cmds[i];
        }
    }
    return CLI_CMD_NONE;
}

#define CLI_SUBSCRIPTION_ENV "AZURE_SUBSCRIPTION_ID"

int cli_is_action(cli_cmd_t cmd)
{
    return cmd == CLI_CMD_START || cmd == CLI_CMD_STOP || cmd == CLI_CMD_RESET;
}

int cli_is_live(cli_cmd_t cmd)
{
    return cli_is_action(cmd) || cmd == CLI_CMD_SHOW;
}

static int fail(char *err, size_t cap, const char *fmt, const char *arg)
{
    if (err != NULL && cap > 0) {
        if (arg != NULL) {
            (void)snprintf(err, cap, fmt, CLI_ECHO_MAX, arg);
        } else {
            (void)snprintf(err, cap, "%s", fmt);
        }
    }
    return 1;
}

int cli_parse_seconds(const char *s, uint32_t *out_ms)
{
    uint64_t ms = 0;
    unsigned frac_digits = 0;
    int seen_digit = 0;
    int in_frac = 0;
    const char *p;

    if (s == NULL || *s == '\0') {
        return -1;
    }
    for (p = s; *p != '\0'; ++p) {
        if (*p == '.') {
            if (in_frac) {
                return -1;
            }
            in_frac = 1;
            continue;
        }
        if (*p < '0' || *p > '9') {
            return -1;
        }
        seen_digit = 1;
        if (in_frac) {
            if (frac_digits >= 3) {
                return -1; /* finer than a millisecond */
            }
            ++frac_digits;
            ms += (uint64_t)(*p - '0') * (frac_digits == 1 ? 100u : frac_digits == 2 ? 10u : 1u);
        } else {
            ms = ms * 10u + (uint64_t)(*p - '0') * 1000u;
        }
        if (ms > UINT32_MAX) {
            return -1;
        }
    }
    if (!seen_digit || ms == 0) {
        return -1;
    }
    *out_ms = (uint32_t)ms;
    return 0;
}

/* The option spelt arg[0..name_len) (--long, an alias, or -x), or -1. */
static int find_opt(const char *arg, size_t name_len)
{
    int i;
    for (i = 0; i < (int)OPT__COUNT; ++i) {
        const cli_opt_t *o = &k_opts[i];
        if ((strlen(o->name) == name_len && strncmp(o->name, arg, name_len) == 0) ||
            (o->alias != NULL && strlen(o->alias) == name_len &&
             strncmp(o->alias, arg, name_len) == 0) ||
            (o->short_name != 0 && name_len == 2 && arg[0] == '-' && arg[1] == o->short_name)) {
            return i;
        }
    }
    return -1;
}

/* Where the value of a value-taking option is stored. */
static const char **option_slot(cli_args_t *out, opt_id_t id, const char **timeout_s,
                                const char **output_s)
{
    switch (id) {
    case OPT_SUBSCRIPTION:
        return &out->subscription;
    case OPT_RESOURCE_GROUP:
        return &out->resource_group;
    case OPT_ACCOUNT:
        return &out->account;
    case OPT_OPERATION:
        return &out->operation;
    case OPT_URL:
        return &out->url;
    case OPT_ENDPOINT:
        return &out->endpoint;
    case OPT_API_VERSION:
        return &out->api_version;
    case OPT_CA_FILE:
        return &out->ca_file;
    case OPT_TOKEN_FILE:
        return &out->token_file;
    case OPT_TIMEOUT:
        return timeout_s;
    case OPT_OUTPUT:
        return output_s;
    case OPT_LIVE_EVENT:
        return &out->live_event;
    case OPT_AUTHORITY_HOST:
        return &out->authority_host;
    case OPT_WAIT:
    case OPT_NO_WAIT:
    case OPT_VERBOSE:
    case OPT_HELP:
    case OPT_VERSION:
    case OPT__COUNT:
    default:
        break;
    }
    return output_s; /* not reached: callers pass value-taking ids only */
}

static int is_help(const char *a)
{
    return strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0;
}

/* `amsop help [CMD]`, `amsop --help`, `amsop CMD ... --help`. */
static int parse_help(int argc, char **argv, cli_args_t *out, char *err, size_t err_cap)
{
    out->cmd = CLI_CMD_HELP;
    out->help_cmd = CLI_CMD_NONE;
    if (strcmp(argv[1], "help") != 0) {
        return 0; /* --help, -h: the global help */
    }
    if (argc > 3) {
        return fail(err, err_cap, "help takes one command, not '%.*s'", argv[3]);
    }
    if (argc < 3 || strcmp(argv[2], "help") == 0) {
        return 0;
    }
    out->help_cmd = cli_cmd_from_name(argv[2]);
    if (out->help_cmd == CLI_CMD_NONE) {
        return fail(err, err_cap, "unknown command '%.*s'", argv[2]);
    }
    return 0;
}

/* Two spellings of one option ("--account" and "-a"). */
static int fail_twice(char *err, size_t cap, const char *now, const char *before)
{
    if (err != NULL && cap > 0) {
        if (strcmp(now, before) == 0) {
            (void)snprintf(err, cap, "option '%.*s' given twice", CLI_ECHO_MAX, now);
        } else {
            (void)snprintf(err, cap, "option '%.*s' given twice (also as '%.*s')", CLI_ECHO_MAX,
                           now, CLI_ECHO_MAX, before);
        }
    }
    return 1;
}

int cli_args_parse(int argc, char **argv, cli_args_t *out, char *err, size_t err_cap)
{
    const char *timeout_s = NULL;
    const char *output_s = NULL;
    char spelt[OPT__COUNT][CLI_SPELLING_MAX]; /* how each value option was first given */
    int ids_given;
    int i;

    memset(out, 0, sizeof *out);
    memset(spelt, 0, sizeof spelt);
    if (err != NULL && err_cap > 0) {
        err[0] = '\0';
    }
    if (argc < 2 || argv[1] == NULL) {
        return fail(err, err_cap, "missing command (get, wait, show, start, stop or reset)", NULL);
    }
    if (is_help(argv[1]) || strcmp(argv[1], "help") == 0) {
        return parse_help(argc, argv, out, err, err_cap);
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        out->cmd = CLI_CMD_VERSION;
        return 0;
    }
    out->cmd = cli_cmd_from_name(argv[1]);
    if (out->cmd == CLI_CMD_NONE) {
        if (argv[1][0] == '-') {
            return fail(err, err_cap,
                        "expected a command (get, wait, show, start, stop or reset) before '%.*s'",
                        argv[1]);
        }
        return fail(err, err_cap, "unknown command '%.*s'", argv[1]);
    }
    /* `amsop CMD ... --help` wins over anything else on the line. */
    for (i = 2; i < argc; ++i) {
        if (is_help(argv[i])) {
            out->help_cmd = out->cmd;
            out->cmd = CLI_CMD_HELP;
            return 0;
        }
    }

    for (i = 2; i < argc; ++i) {
        const char *a = argv[i];
        const char *eq = NULL;
        const char *value;
        const char **slot;
        size_t name_len;
        int id;

        if (strcmp(a, "--version") == 0) {
            out->cmd = CLI_CMD_VERSION;
            return 0;
        }
        if (a[0] != '-' || a[1] == '\0' || (a[1] == '-' && a[2] == '\0')) {
            return fail(err, err_cap, "unexpected argument '%.*s'", a);
        }
        if (a[1] == '-') {
            eq = strchr(a, '=');
            name_len = eq != NULL ? (size_t)(eq - a) : strlen(a);
        } else {
            name_len = 2; /* -x, -xVALUE */
        }
        id = find_opt(a, name_len);
        if (id < 0) {
            if (a[1] != '-') {
                char short_opt[3];
                short_opt[0] = '-';
                short_opt[1] = a[1];
                short_opt[2] = '\0';
                return fail(err, err_cap, "unknown option '%.*s'", short_opt);
            }
            return fail(err, err_cap, "unknown option '%.*s'", a);
        }
        if (k_opts[id].metavar == NULL) {
            if (eq != NULL || (a[1] != '-' && a[2] != '\0')) {
                return fail(err, err_cap, "option '%.*s' takes no value", k_opts[id].name);
            }
            if (id == OPT_WAIT) {
                out->wait = 1;
            } else if (id == OPT_NO_WAIT) {
                out->no_wait = 1;
            } else {
                out->verbose = 1;
            }
            continue;
        }
        if (eq != NULL) {
            value = eq + 1;
        } else if (a[1] != '-' && a[2] != '\0') {
            value = a + 2; /* -gNAME */
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            return fail(err, err_cap, "option '%.*s' needs a value", k_opts[id].name);
        }
        if (value[0] == '\0') {
            return fail(err, err_cap, "option '%.*s' has an empty value", k_opts[id].name);
        }
        slot = option_slot(out, (opt_id_t)id, &timeout_s, &output_s);
        if (*slot != NULL) {
            char now[CLI_SPELLING_MAX];
            (void)snprintf(now, sizeof now, "%.*s", (int)name_len, a);
            return fail_twice(err, err_cap, now, spelt[id]);
        }
        *slot = value;
        (void)snprintf(spelt[id], sizeof spelt[id], "%.*s", (int)name_len, a);
    }

    if (out->wait && out->no_wait) {
        return fail(err, err_cap, "--wait and --no-wait conflict: give one", NULL);
    }
    if (out->cmd == CLI_CMD_SHOW && (out->wait || out->no_wait)) {
        return fail(err, err_cap, "--wait and --no-wait belong to start, stop and reset", NULL);
    }
    if (cli_is_live(out->cmd)) {
        if (out->url != NULL || out->operation != NULL) {
            return fail(err, err_cap,
                        "show, start, stop and reset take the live event (--subscription, "
                        "--resource-group, --account, --live-event), not --url or --operation",
                        NULL);
        }
        if (out->subscription == NULL) {
            out->subscription = getenv(CLI_SUBSCRIPTION_ENV);
        }
        if (out->subscription == NULL || out->subscription[0] == '\0') {
            return fail(err, err_cap, "missing --subscription (or " CLI_SUBSCRIPTION_ENV ")", NULL);
        }
        if (out->resource_group == NULL) {
            return fail(err, err_cap, "missing --resource-group", NULL);
        }
        if (out->account == NULL) {
            return fail(err, err_cap, "missing --account", NULL);
        }
        if (out->live_event == NULL) {
            return fail(err, err_cap, "missing --live-event", NULL);
        }
    } else if (out->live_event != NULL) {
        return fail(err, err_cap,
                    "--live-event (-n, --name) belongs to show, start, stop and reset", NULL);
    } else if (out->wait || out->no_wait) {
        return fail(err, err_cap, "--wait and --no-wait belong to start, stop and reset", NULL);
    }

    ids_given = (out->subscription != NULL) + (out->resource_group != NULL) +
                (out->account != NULL) + (out->operation != NULL);
    if (cli_is_live(out->cmd)) {
        ids_given = -1; /* checked above */
    } else if (out->url == NULL && ids_given > 0 && out->subscription == NULL) {
        out->subscription = getenv(CLI_SUBSCRIPTION_ENV);
    }
    if (out->url != NULL && ids_given > 0) {
        return fail(err, err_cap,
                    "give the TARGET either as --url or as --subscription/--resource-group/"
                    "--account/--operation, not both",
                    NULL);
    }
    if (out->url == NULL && ids_given >= 0) {
        if (ids_given == 0) {
            return fail(err, err_cap,
                        "missing TARGET: --url, or --subscription, --resource-group, --account "
                        "and --operation",
                        NULL);
        }
        if (out->subscription == NULL) {
            return fail(err, err_cap, "missing --subscription", NULL);
        }
        if (out->resource_group == NULL) {
            return fail(err, err_cap, "missing --resource-group", NULL);
        }
        if (out->account == NULL) {
            return fail(err, err_cap, "missing --account", NULL);
        }
        if (out->operation == NULL) {
            return fail(err, err_cap, "missing --operation", NULL);
        }
    }

    if (output_s == NULL) {
        out->output = CLI_OUT_TEXT;
    } else {
        static const char *const formats[] = {"text", "json", "jsonc", "table", "tsv", "none"};
        size_t k;
        for (k = 0; k < sizeof formats / sizeof formats[0]; ++k) {
            if (strcmp(output_s, formats[k]) == 0) {
                break;
            }
        }
        if (k == sizeof formats / sizeof formats[0]) {
            return fail(err, err_cap,
                        "--output must be text, json, jsonc, table, tsv or none, not '%.*s'",
                        output_s);
        }
        out->output = (cli_output_t)k; /* formats[] follows cli_output_t */
    }

    if (timeout_s != NULL && (out->cmd == CLI_CMD_GET || out->cmd == CLI_CMD_SHOW)) {
        /* get and show are one exchange bounded by CONFIG_AMSOP_REQUEST_TIMEOUT_MS;
         * accepting --timeout there and ignoring it would mislead. */
        return fail(err, err_cap, "--timeout applies to wait and --wait only", NULL);
    }
    if (timeout_s == NULL) {
        out->timeout_ms = (uint32_t)CONFIG_AMSOP_WAIT_DEFAULT_TIMEOUT_S * 1000u;
    } else if (cli_parse_seconds(timeout_s, &out->timeout_ms) != 0) {
        return fail(err, err_cap,
                    "--timeout must be a positive number of seconds (at most 3 decimals), not "
                    "'%.*s'",
                    timeout_s);
    }

    if (out->endpoint == NULL) {
        out->endpoint = AMSOP_DEFAULT_ENDPOINT;
    }
    if (out->api_version == NULL) {
        out->api_version = AMSOP_DEFAULT_API_VERSION;
    }
    return 0;
}
