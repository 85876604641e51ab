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

typedef enum opt_id {
    OPT_SUBSCRIPTION,
    OPT_RESOURCE_GROUP,
    OPT_ACCOUNT,
    OPT_OPERATION,
    OPT_URL,
    OPT_ENDPOINT,
    OPT_API_VERSION,
    OPT_CA_FILE,
    OPT_TOKEN_FILE,
    OPT_TIMEOUT,
    OPT_OUTPUT,
    OPT_VERBOSE,
    OPT_LIVE_EVENT,
    OPT_WAIT,
    OPT_AUTHORITY_HOST,
    OPT__COUNT
} opt_id_t;

/* Indexed by opt_id_t. OPT_VERBOSE and OPT_WAIT take no value. */
static const char *const k_opt_names[OPT__COUNT] = {
    "--subscription", "--resource-group", "--account",    "--operation",  "--url",
    "--endpoint",     "--api-version",    "--ca-file",    "--token-file", "--timeout",
    "--output",       "--verbose",        "--live-event", "--wait",       "--authority-host",
};

#define CLI_SUBSCRIPTION_ENV "AZURE_SUBSCRIPTION_ID"

int cli_is_action(cli_cmd_t cmd)
{
    return cmd == CLI_CMD_START || cmd == CLI_CMD_STOP || cmd == CLI_CMD_RESET;
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

static int find_opt(const char *arg, size_t name_len)
{
    int i;
    for (i = 0; i < (int)OPT__COUNT; ++i) {
        if (strlen(k_opt_names[i]) == name_len && strncmp(k_opt_names[i], arg, name_len) == 0) {
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
    case OPT_VERBOSE:
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

int cli_args_parse(int argc, char **argv, cli_args_t *out, char *err, size_t err_cap)
{
    const char *timeout_s = NULL;
    const char *output_s = NULL;
    int ids_given;
    int i;

    memset(out, 0, sizeof *out);
    if (err != NULL && err_cap > 0) {
        err[0] = '\0';
    }
    if (argc < 2 || argv[1] == NULL) {
        return fail(err, err_cap, "missing command (get, wait, start, stop or reset)", NULL);
    }
    if (is_help(argv[1]) || strcmp(argv[1], "help") == 0) {
        out->cmd = CLI_CMD_HELP;
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        out->cmd = CLI_CMD_VERSION;
        return 0;
    }
    if (strcmp(argv[1], "get") == 0) {
        out->cmd = CLI_CMD_GET;
    } else if (strcmp(argv[1], "wait") == 0) {
        out->cmd = CLI_CMD_WAIT;
    } else if (strcmp(argv[1], "start") == 0) {
        out->cmd = CLI_CMD_START;
    } else if (strcmp(argv[1], "stop") == 0) {
        out->cmd = CLI_CMD_STOP;
    } else if (strcmp(argv[1], "reset") == 0) {
        out->cmd = CLI_CMD_RESET;
    } else if (argv[1][0] == '-') {
        return fail(err, err_cap,
                    "expected a command (get, wait, start, stop or reset) before '%.*s'", argv[1]);
    } else {
        return fail(err, err_cap, "unknown command '%.*s'", argv[1]);
    }

    for (i = 2; i < argc; ++i) {
        const char *a = argv[i];
        const char *eq;
        const char *value;
        const char **slot;
        size_t name_len;
        int id;

        if (is_help(a)) {
            out->cmd = CLI_CMD_HELP;
            return 0;
        }
        if (strcmp(a, "--version") == 0) {
            out->cmd = CLI_CMD_VERSION;
            return 0;
        }
        if (a[0] != '-' || a[1] != '-') {
            return fail(err, err_cap, "unexpected argument '%.*s'", a);
        }
        eq = strchr(a, '=');
        name_len = eq != NULL ? (size_t)(eq - a) : strlen(a);
        id = find_opt(a, name_len);
        if (id < 0) {
            return fail(err, err_cap, "unknown option '%.*s'", a);
        }
        if (id == OPT_VERBOSE || id == OPT_WAIT) {
            if (eq != NULL) {
                return fail(err, err_cap, "option '%.*s' takes no value", k_opt_names[id]);
            }
            if (id == OPT_WAIT) {
                out->wait = 1;
            } else {
                out->verbose = 1;
            }
            continue;
        }
        if (eq != NULL) {
            value = eq + 1;
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            return fail(err, err_cap, "option '%.*s' needs a value", k_opt_names[id]);
        }
        if (value[0] == '\0') {
            return fail(err, err_cap, "option '%.*s' has an empty value", k_opt_names[id]);
        }
        slot = option_slot(out, (opt_id_t)id, &timeout_s, &output_s);
        if (*slot != NULL) {
            return fail(err, err_cap, "option '%.*s' given twice", k_opt_names[id]);
        }
        *slot = value;
    }

    if (cli_is_action(out->cmd)) {
        if (out->url != NULL || out->operation != NULL) {
            return fail(err, err_cap,
                        "start, stop and reset take the live event (--subscription, "
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
    } else if (out->live_event != NULL || out->wait) {
        return fail(err, err_cap, "--live-event and --wait belong to start, stop and reset", NULL);
    }

    ids_given = (out->subscription != NULL) + (out->resource_group != NULL) +
                (out->account != NULL) + (out->operation != NULL);
    if (cli_is_action(out->cmd)) {
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

    if (output_s == NULL || strcmp(output_s, "text") == 0) {
        out->output = CLI_OUT_TEXT;
    } else if (strcmp(output_s, "json") == 0) {
        out->output = CLI_OUT_JSON;
    } else {
        return fail(err, err_cap, "--output must be text or json, not '%.*s'", output_s);
    }

    if (timeout_s != NULL && out->cmd == CLI_CMD_GET) {
        /* get is one exchange bounded by CONFIG_AMSOP_REQUEST_TIMEOUT_MS;
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
