/* SPDX-License-Identifier: MIT */
/* amsop CLI: wires the POSIX port, the mbedTLS transport and the core.
 * Zero heap, like firmware: every big object lives in static storage. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "amsop.h"
#include "amsop_port.h"
#include "amsop_tls.h"
#if defined(MBEDTLS_MEMORY_BUFFER_ALLOC_C)
#include <mbedtls/memory_buffer_alloc.h>
#endif
#include "cli_args.h"
#include "cli_creds.h"
#include "cli_exit.h"
#include "cli_file.h"
#include "cli_format.h"
#include "cli_help.h"
#include "cli_json.h"
#include "cli_text.h"
#include "cli_token.h"
#include "cli_wait.h"

/* Largest --ca-file accepted; one more byte holds the NUL mbedTLS wants. */
#define CLI_CA_FILE_MAX (512u * 1024u)

static amsop_client_t s_client;
static amsop_tls_t s_tls;
static amsop_aad_t s_aad;     /* client credentials: the token provider */
static amsop_tls_t s_aad_tls; /* its own connection, to the authority host */
static int s_use_aad;
static amsop_result_t s_result;
static amsop_live_event_info_t s_live; /* show, and the state after --wait */
static cli_wait_view_t s_view;
static unsigned char s_ca_pem[CLI_CA_FILE_MAX + 1u];
static volatile int s_cancel;        /* set by SIGINT/SIGTERM, read by the wait loop */
static volatile int s_cancel_polled; /* the running call watches s_cancel */
/* The Azure AD provider, seen through a wrapper that remembers what its
 * last refresh returned: a failure the client passes on unchanged is then
 * known to come from the token endpoint, not from Resource Manager. */
static amsop_token_provider_t s_provider;
static amsop_err_t s_provider_err = AMSOP_OK;
static amsop_endpoint_t s_arm_endpoint;

static void on_signal(int sig)
{
    (void)sig;
    if (s_cancel_polled && !s_cancel) {
        s_cancel = 1; /* the wait loop notices and returns AMSOP_ERR_CANCELLED */
        return;
    }
    _exit(CLI_EXIT_DEADLINE); /* a single get, or a second signal */
}

static void install_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    (void)sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_signal; /* no SA_RESTART: poll() returns EINTR, and the port
                                * sees the flag set by amsop_port_set_interrupt */
    (void)sigaction(SIGINT, &sa, NULL);
    (void)sigaction(SIGTERM, &sa, NULL);
    sa.sa_handler = SIG_IGN; /* a peer reset is an error code, not a kill */
    (void)sigaction(SIGPIPE, &sa, NULL);
}

static int usage_error(const char *msg)
{
    (void)fputs("amsop: ", stderr);
    cli_text_safe(stderr, msg);
    (void)fputs("; see amsop --help\n", stderr);
    return CLI_EXIT_USAGE;
}

/* "amsop: AMSOP_ERR_X: text (what)" for input the core rejected. */
static int input_error(amsop_err_t err, const char *what)
{
    (void)fprintf(stderr, "amsop: %s: %s (%s)\n", amsop_err_name(err), amsop_err_text(err), what);
    return cli_exit_for_err(err);
}

static int file_error(const char *what, const char *path, cli_file_err_t fe, size_t max)
{
    int saved_errno = errno;

    (void)fprintf(stderr, "amsop: %s '", what);
    cli_text_safe(stderr, path);
    if (fe == CLI_FILE_TOO_LARGE) {
        (void)fprintf(stderr, "' is larger than %lu bytes\n", (unsigned long)max);
    } else {
        (void)fprintf(stderr, "' cannot be read: %s\n", strerror(saved_errno));
    }
    return CLI_EXIT_USAGE;
}

/* amsop_target_from_ids does not say which identifier it refused: try each
 * one alongside known-good others to name it. */
static const char *bad_identifier(const cli_args_t *a)
{
    static const char *const good[4] = {"00000000-0000-0000-0000-000000000000", "rg", "acct", "op"};
    const char *given[4];
    static const char *const names[4] = {"--subscription", "--resource-group", "--account",
                                         "--operation"};
    amsop_target_t probe;
    int i;

    given[0] = a->subscription;
    given[1] = a->resource_group;
    given[2] = a->account;
    given[3] = a->operation;
    for (i = 0; i < 4; ++i) {
        const char *v[4];
        int j;
        for (j = 0; j < 4; ++j) {
            v[j] = j == i ? given[j] : good[j];
        }
        if (amsop_target_from_ids(v[0], v[1], v[2], v[3], &probe) != AMSOP_OK) {
            return names[i];
        }
    }
    return "TARGET";
}

static int build_target(const cli_args_t *a, const amsop_endpoint_t *ep, amsop_target_t *t)
{
    amsop_err_t err;

    if (a->url != NULL) {
        err = amsop_target_from_url(ep, a->url, strlen(a->url), t);
        return err == AMSOP_OK ? 0 : input_error(err, "--url");
    }
    err = amsop_target_from_ids(a->subscription, a->resource_group, a->account, a->operation, t);
    return err == AMSOP_OK ? 0 : input_error(err, bad_identifier(a));
}

static int load_token(const cli_args_t *a, const char **token, size_t *len)
{
    cli_token_err_t te;

    /* A token given explicitly wins; else client credentials; else none. */
    if (a->token_file == NULL && getenv(CLI_TOKEN_ENV) == NULL && cli_creds_present()) {
        s_use_aad = 1;
        return 0;
    }
    te = cli_token_load(a->token_file, token, len);
    switch (te) {
    case CLI_TOKEN_OK:
        return 0;
    case CLI_TOKEN_NONE:
        return usage_error("no access token: give --token-file PATH or set " CLI_TOKEN_ENV
                           ", or set " CLI_ENV_TENANT ", " CLI_ENV_CLIENT_ID
                           " and " CLI_ENV_SECRET);
    case CLI_TOKEN_EMPTY:
        return input_error(AMSOP_ERR_TOKEN, a->token_file != NULL ? "the token file is empty"
                                                                  : CLI_TOKEN_ENV " is empty");
    case CLI_TOKEN_TOO_LARGE:
        if (a->token_file == NULL) {
            return input_error(AMSOP_ERR_TOKEN, CLI_TOKEN_ENV " is too long");
        }
        return file_error("token file", a->token_file, CLI_FILE_TOO_LARGE, CLI_TOKEN_FILE_MAX);
    case CLI_TOKEN_IO:
    default:
        return file_error("token file", a->token_file, CLI_FILE_IO, 0);
    }
}

static int load_ca(const cli_args_t *a, amsop_tls_config_t *tc)
{
    size_t len = 0;
    cli_file_err_t fe;

    tc->ca_pem = NULL; /* bundled roots */
    tc->ca_pem_len = 0;
    if (a->ca_file == NULL) {
        return 0;
    }
    fe = cli_read_file(a->ca_file, (char *)s_ca_pem, CLI_CA_FILE_MAX, &len);
    if (fe != CLI_FILE_OK) {
        return file_error("CA file", a->ca_file, fe, CLI_CA_FILE_MAX);
    }
    s_ca_pem[len] = '\0';
    tc->ca_pem = s_ca_pem;
    tc->ca_pem_len = len + 1u;
    return 0;
}

static void verbose_request(const amsop_client_t *c, const char *method, const amsop_target_t *t)
{
    const char *api = t->api_version[0] != '\0' ? t->api_version : c->api_version;

    (void)fprintf(stderr, "amsop: %s https://%s", method, c->endpoint.ipv6_literal ? "[" : "");
    cli_text_safe(stderr, c->endpoint.host);
    (void)fprintf(stderr, "%s:%u", c->endpoint.ipv6_literal ? "]" : "", (unsigned)c->endpoint.port);
    cli_text_safe(stderr, t->path);
    (void)fputs("?api-version=", stderr);
    cli_text_safe(stderr, api);
    (void)fputc('\n', stderr);
}

/* --verbose: the port's log sink, where the core and the TLS transport
 * report each retry, throttle, reconnect, resumption and token fetch. */
static void verbose_log(void *user, amsop_log_level_t level, const char *line)
{
    (void)user;
    (void)level;
    (void)fputs("amsop: log: ", stderr);
    cli_text_safe(stderr, line);
    (void)fputc('\n', stderr);
}

static void verbose_stats(const amsop_client_t *c, const amsop_tls_t *tls)
{
    (void)fprintf(stderr,
                  "amsop: stats: connects=%lu reconnects=%lu requests=%lu replies=%lu "
                  "tls_handshakes=%lu tls_resumed=%lu\n",
                  (unsigned long)c->stats.connects, (unsigned long)c->stats.reconnects,
                  (unsigned long)c->stats.requests, (unsigned long)c->stats.replies,
                  (unsigned long)tls->handshakes, (unsigned long)tls->resumed);
    if (s_use_aad) {
        (void)fprintf(stderr, "amsop: stats: token_fetches=%lu\n", (unsigned long)s_aad.fetches);
    }
#if defined(MBEDTLS_MEMORY_BUFFER_ALLOC_C) && defined(MBEDTLS_MEMORY_DEBUG)
    {
        size_t used = 0;
        size_t blocks = 0;
        mbedtls_memory_buffer_alloc_max_get(&used, &blocks);
        (void)fprintf(stderr, "amsop: stats: mbedtls_pool_peak=%lu blocks=%lu\n",
                      (unsigned long)used, (unsigned long)blocks);
    }
#endif
}

static amsop_err_t provider_refresh(void *ctx, int force, uint64_t deadline,
                                    amsop_err_t deadline_err, const char **token, size_t *token_len)
{
    (void)ctx;
    s_provider_err =
        s_provider.refresh(s_provider.ctx, force, deadline, deadline_err, token, token_len);
    return s_provider_err;
}

static void provider_release(void *ctx)
{
    (void)ctx;
    if (s_provider.release != NULL) {
        s_provider.release(s_provider.ctx);
    }
}

static void host_line(const char *role, const amsop_endpoint_t *ep)
{
    (void)fprintf(stderr, "amsop:   host: %s", ep->ipv6_literal ? "[" : "");
    cli_text_safe(stderr, ep->host);
    (void)fprintf(stderr, "%s:%u (%s)\n", ep->ipv6_literal ? "]" : "", (unsigned)ep->port, role);
}

/* Network, TLS and framing failures name the host they happened with. */
static void report_host(amsop_err_t err, int code)
{
    int token_deadline = code == CLI_EXIT_DEADLINE && s_use_aad && s_provider_err == err;
    if (code != CLI_EXIT_NETWORK && code != CLI_EXIT_HTTP && !token_deadline) {
        return; /* a deadline names the host only when the token endpoint held it up */
    }
    if (s_use_aad && s_provider_err == err) {
        host_line("Azure AD token endpoint", &s_aad.authority);
    } else {
        host_line("Resource Manager", &s_arm_endpoint);
    }
    if (err == AMSOP_ERR_TLS_VERIFY) {
        char why[160];
        const amsop_tls_t *t = s_use_aad && s_provider_err == err ? &s_aad_tls : &s_tls;
        if (amsop_tls_verify_reason(t, why, sizeof why) > 0) {
            (void)fprintf(stderr, "amsop:   certificate: %s\n", why);
        }
    }
}

/* Reports a failed call; the HTTP reply (if any) is shown for exit code 4. */
static int report_error(const cli_args_t *a, amsop_err_t err, const amsop_result_t *r)
{
    static amsop_result_t shown;
    int code = cli_exit_for_err(err);
    int http = code == CLI_EXIT_HTTP && r->http_status > 0;
    int ok2xx = r->http_status >= 200 && r->http_status < 300;

    if (http && a->output != CLI_OUT_TEXT) {
        shown = *r;
        if (!ok2xx) {
            /* A "status" in an error reply's body is not the operation's. */
            shown.status = AMSOP_STATUS_NONE;
        }
        cli_format_result(stdout, a->output, &shown);
    }
    cli_text_error(stderr, err, http ? r : NULL);
    report_host(err, code);
    if (r->client_request_id[0] != '\0') {
        /* the id Resource Manager files the request under, for a support
         * ticket: sent even when no reply came back */
        (void)fputs("amsop:   client request id: ", stderr);
        cli_text_safe(stderr, r->client_request_id);
        (void)fputc('\n', stderr);
    }
    if (s_use_aad && (err == AMSOP_ERR_AAD || err == AMSOP_ERR_AAD_REPLY)) {
        cli_creds_report(stderr, &s_aad.error);
    }
    if (code == CLI_EXIT_DEADLINE && s_client.stats.failed_attempts > 0) {
        /* What the deadline hid: the polls that failed, and why the last one did. */
        amsop_err_t last = s_client.stats.last_error;
        (void)fprintf(stderr, "amsop:   %lu failed attempt%s, the last: %s (%s)\n",
                      (unsigned long)s_client.stats.failed_attempts,
                      s_client.stats.failed_attempts == 1 ? "" : "s", amsop_err_name(last),
                      amsop_err_text(last));
    }
    if (code == CLI_EXIT_DEADLINE && r->status != AMSOP_STATUS_NONE && ok2xx) {
        (void)fputs("amsop:   last status: ", stderr);
        cli_text_safe(stderr, cli_text_status(r));
        (void)fputc('\n', stderr);
    }
    return code;
}

static int run_get(const cli_args_t *a, const amsop_target_t *t)
{
    amsop_err_t err = amsop_client_get(&s_client, t, &s_result);

    if (err != AMSOP_OK) {
        return report_error(a, err, &s_result);
    }
    if (a->output != CLI_OUT_TEXT) {
        cli_format_result(stdout, a->output, &s_result);
    } else {
        cli_text_result(stdout, &s_result);
    }
    return CLI_EXIT_OK;
}

/* After a 202: its Retry-After (in ms), waited before the first poll. */
static uint32_t s_first_delay_ms;
/* The wait reached a final status (Succeeded, Failed or Canceled). */
static int s_wait_ended;

static int run_wait(const cli_args_t *a, const amsop_target_t *t)
{
    amsop_wait_opts_t opts;
    amsop_err_t err;

    memset(&opts, 0, sizeof opts);
    opts.first_delay_ms = s_first_delay_ms;
    opts.timeout_ms = a->timeout_ms;
    opts.on_change = cli_wait_on_change;
    opts.user = &s_view;
    opts.cancel = &s_cancel;

    cli_wait_view_start(&s_view);
    /* A signal must also end a network wait that is blocked right now. */
    amsop_port_set_interrupt(&s_cancel);
    s_cancel_polled = 1;
    err = amsop_client_wait(&s_client, t, &opts, &s_result);
    s_cancel_polled = 0;
    cli_wait_view_end(&s_view);

    if (err != AMSOP_OK) {
        return report_error(a, err, &s_result);
    }
    s_wait_ended = 1;
    return cli_exit_for_final_status(s_result.status);
}

/* show: GET .../liveEvents/{name}, printed like get prints a read. */
static int run_show(const cli_args_t *a, const amsop_live_event_t *le)
{
    amsop_err_t err = amsop_client_live_event(&s_client, le, &s_result, &s_live);

    if (err != AMSOP_OK) {
        return report_error(a, err, &s_result);
    }
    if (a->output != CLI_OUT_TEXT) {
        cli_format_live_event(stdout, a->output, &s_live, &s_result);
    } else {
        cli_text_live_event(stdout, &s_live, &s_result);
    }
    return CLI_EXIT_OK;
}

/* After start|stop|reset --wait reached the end: the live event's own
 * state as the final line, as az prints the resource. The action and its
 * operation are what the exit code reports; a failed read of the state
 * after them is reported on stderr and leaves that code alone. */
static void final_state(const cli_args_t *a, const amsop_live_event_t *le)
{
    static amsop_result_t r;
    amsop_target_t path;
    amsop_err_t err;

    if (a->verbose && amsop_live_event_path(le, &path) == AMSOP_OK) {
        verbose_request(&s_client, "GET", &path);
    }
    err = amsop_client_live_event(&s_client, le, &r, &s_live);

    if (err != AMSOP_OK) {
        (void)fprintf(stderr, "amsop: the live event's state could not be read: %s: %s\n",
                      amsop_err_name(err), amsop_err_text(err));
        if (r.http_status > 0) {
            cli_text_error(stderr, err, &r);
        }
        return;
    }
    if (a->output == CLI_OUT_TEXT) {
        (void)fputs("live event ", stdout);
        cli_text_safe(stdout, (s_live.present & AMSOP_FIELD_BIT(AMSOP_LIVE_FIELD_NAME)) != 0
                                  ? s_live.name
                                  : le->name);
        (void)fputs(": ", stdout);
        cli_text_safe(stdout, cli_text_resource_state(&s_live));
        (void)fputc('\n', stdout);
    } else {
        cli_format_live_event(stdout, a->output, &s_live, &r);
    }
}

static amsop_action_t action_of(cli_cmd_t cmd)
{
    return cmd == CLI_CMD_STOP ? AMSOP_ACTION_STOP
                               : (cmd == CLI_CMD_RESET ? AMSOP_ACTION_RESET : AMSOP_ACTION_START);
}

static void live_event_of(const cli_args_t *a, amsop_live_event_t *le)
{
    le->subscription = a->subscription;
    le->resource_group = a->resource_group;
    le->account = a->account;
    le->name = a->live_event;
}

/* Everything of show or an action checked before anything is sent. */
static int check_live(const cli_args_t *a, amsop_target_t *path)
{
    amsop_live_event_t le;
    amsop_err_t err;

    live_event_of(a, &le);
    err = amsop_validate_live_event_name(a->live_event);
    if (err != AMSOP_OK) {
        return input_error(err, "--live-event");
    }
    err = a->cmd == CLI_CMD_SHOW ? amsop_live_event_path(&le, path)
                                 : amsop_action_path(&le, action_of(a->cmd), path);
    if (err != AMSOP_OK) {
        cli_args_t probe = *a;
        probe.operation = "op";
        return input_error(err, bad_identifier(&probe));
    }
    return 0;
}

static int run_wait(const cli_args_t *a, const amsop_target_t *t);

static int is_url_err(amsop_err_t err)
{
    return err == AMSOP_ERR_URL || err == AMSOP_ERR_URL_SCHEME || err == AMSOP_ERR_URL_HOST ||
           err == AMSOP_ERR_URL_PATH || err == AMSOP_ERR_URL_API_VERSION ||
           err == AMSOP_ERR_INVALID_ID || err == AMSOP_ERR_TOO_LONG;
}

/* start|stop|reset: the POST, the operation it answered with, then (with
 * --wait) the same loop and exit codes as `amsop wait`. */
static int run_action(const cli_args_t *a)
{
    static amsop_target_t operation;
    amsop_action_opts_t aopts;
    amsop_live_event_t le;
    uint64_t started;
    const char *via;
    const char *url;
    amsop_err_t err;
    int refused;

    live_event_of(a, &le);
    memset(&aopts, 0, sizeof aopts);
    /* --timeout bounds the whole command: token fetch, POST, then the wait
     * gets what is left. */
    started = amsop_port_now_ms();
    aopts.timeout_ms = a->wait ? a->timeout_ms : 0;
    err = amsop_client_action(&s_client, &le, action_of(a->cmd), &aopts, &s_result, &operation);
    /* The POST's own path was checked before sending: a URL error after a
     * 2xx is about the operation URL the server answered with. The action
     * was accepted; say so, so that no script retries it. */
    refused = err != AMSOP_OK && s_result.http_status >= 200 && s_result.http_status < 300 &&
              is_url_err(err);
    if (err != AMSOP_OK && !refused) {
        return report_error(a, err, &s_result);
    }
    if (err == AMSOP_OK && operation.path_len == 0) {
        /* 200 without an operation header: done synchronously (the spec's
         * stop example answers 200 {}); nothing to follow. */
        if (a->output == CLI_OUT_TEXT) {
            (void)fprintf(stdout, "%d OK, %s completed synchronously: Succeeded\n",
                          s_result.http_status, amsop_action_name(action_of(a->cmd)));
        } else {
            cli_format_action(stdout, a->output, s_result.http_status,
                              amsop_action_name(action_of(a->cmd)), "", "", NULL);
        }
        return (fflush(stdout) != 0 || ferror(stdout)) ? CLI_EXIT_OUTPUT : CLI_EXIT_OK;
    }
    if (s_result.retry_after_ms >= 0) {
        s_first_delay_ms = (uint32_t)s_result.retry_after_ms;
    }
    via = s_result.async_operation[0] != '\0' ? "Azure-AsyncOperation" : "Location";
    url = s_result.async_operation[0] != '\0' ? s_result.async_operation : s_result.location;
    if (a->output != CLI_OUT_TEXT) {
        cli_format_action(stdout, a->output, s_result.http_status,
                          amsop_action_name(action_of(a->cmd)), s_result.async_operation,
                          s_result.location, refused ? amsop_err_name(err) : NULL);
    } else {
        (void)fprintf(stdout, "%d %s, %s: ", s_result.http_status,
                      s_result.http_status == 202 ? "Accepted" : "OK", via);
        cli_text_safe(stdout, url);
        (void)fputc('\n', stdout);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        return CLI_EXIT_OUTPUT; /* the operation URL is the product: reported by main */
    }
    if (refused) {
        (void)fprintf(stderr, "amsop: %s: %s\n", amsop_err_name(err), amsop_err_text(err));
        (void)fprintf(stderr,
                      "amsop:   the %s action was accepted (HTTP %d), but its operation "
                      "will not be followed: %s ",
                      amsop_action_name(action_of(a->cmd)), s_result.http_status, via);
        cli_text_safe(stderr, url);
        (void)fputs("\namsop:   do not retry the action; follow the operation another way\n",
                    stderr);
        return CLI_EXIT_HTTP;
    }
    if (!a->wait) {
        return CLI_EXIT_OK;
    }
    if (a->verbose) {
        verbose_request(&s_client, "GET", &operation);
    }
    {
        uint64_t spent = amsop_port_now_ms() - started;
        cli_args_t rest = *a;
        if (spent >= a->timeout_ms) {
            return report_error(a, AMSOP_ERR_DEADLINE, &s_result);
        }
        int rc;
        rest.timeout_ms = a->timeout_ms - (uint32_t)spent;
        rc = run_wait(&rest, &operation);
        if (s_wait_ended) {
            final_state(a, &le);
        }
        return rc;
    }
}

/* The token provider on its own TLS transport (another host than ARM). */
static int init_aad(const cli_args_t *a, const amsop_tls_config_t *tls_cfg)
{
    amsop_aad_config_t ac;
    amsop_err_t err;

    if (cli_creds_config(a->authority_host, a->endpoint, &ac) != 0) {
        return input_error(AMSOP_ERR_TOO_LONG, "--authority-host or --endpoint");
    }
    ac.transport = amsop_tls_transport(&s_aad_tls);
    ac.sys = amsop_port_sys();
    err = amsop_aad_init(&s_aad, &ac);
    cli_creds_wipe(); /* copied into s_aad (or refused) */
    if (err != AMSOP_OK) {
        return input_error(err, "--authority-host, " CLI_ENV_TENANT ", " CLI_ENV_CLIENT_ID
                                " or " CLI_ENV_SECRET);
    }
    err = amsop_tls_init(&s_aad_tls, tls_cfg);
    if (err != AMSOP_OK) {
        (void)fprintf(stderr, "amsop: %s: %s (%s, authority)\n", amsop_err_name(err),
                      amsop_err_text(err), a->ca_file != NULL ? "--ca-file" : "bundled roots");
        amsop_tls_free(&s_aad_tls);
        amsop_aad_close(&s_aad);
        return cli_exit_for_err(err);
    }
    /* See run(): the lookup belongs to start-up. */
    (void)amsop_port_net_preresolve(&s_aad_tls.net, s_aad.authority.host, s_aad.authority.port);
    return 0;
}

static int run(const cli_args_t *a)
{
    static amsop_target_t target;
    amsop_endpoint_t endpoint;
    amsop_tls_config_t tls_cfg;
    amsop_config_t cfg;
    const char *token = NULL;
    size_t token_len = 0;
    amsop_err_t err;
    int rc;

    /* Everything is validated before anything touches the network. */
    err = amsop_endpoint_parse(a->endpoint, &endpoint);
    if (err != AMSOP_OK) {
        return input_error(err, "--endpoint");
    }
    s_arm_endpoint = endpoint;
    rc = cli_is_live(a->cmd) ? check_live(a, &target) : build_target(a, &endpoint, &target);
    if (rc != 0) {
        return rc;
    }
    rc = load_token(a, &token, &token_len);
    if (rc != 0) {
        return rc;
    }
    rc = load_ca(a, &tls_cfg);
    if (rc != 0) {
        return rc;
    }

    if (a->verbose) {
        amsop_port_set_log(verbose_log, NULL);
    }
    memset(&cfg, 0, sizeof cfg);
    cfg.endpoint = a->endpoint;
    cfg.api_version = a->api_version;
    cfg.token = token;
    cfg.token_len = token_len;
    cfg.transport = amsop_tls_transport(&s_tls); /* not opened by client_init */
    if (s_use_aad) {
        rc = init_aad(a, &tls_cfg);
        if (rc != 0) {
            return rc;
        }
        s_provider = amsop_aad_token_provider(&s_aad);
        cfg.token_provider.ctx = NULL;
        cfg.token_provider.refresh = provider_refresh;
        cfg.token_provider.release = provider_release;
    }
    cli_wait_view_init(&s_view, a->output,
                       (a->cmd == CLI_CMD_WAIT || a->wait) && isatty(STDOUT_FILENO) == 1,
                       amsop_port_sys());
    cfg.sys = cli_wait_sys(&s_view); /* the port's, with a ticking live line */
    err = amsop_client_init(&s_client, &cfg);
    if (err != AMSOP_OK) {
        const char *what = err == AMSOP_ERR_TOKEN ? "access token" : "--endpoint or --api-version";
        if (s_use_aad) {
            amsop_tls_free(&s_aad_tls);
            amsop_aad_close(&s_aad);
        }
        return input_error(err, what);
    }

    err = amsop_tls_init(&s_tls, &tls_cfg);
    if (err != AMSOP_OK) {
        (void)fprintf(stderr, "amsop: %s: %s (%s)\n", amsop_err_name(err), amsop_err_text(err),
                      a->ca_file != NULL ? "--ca-file" : "bundled roots");
        amsop_tls_free(&s_tls);
        if (s_use_aad) {
            amsop_tls_free(&s_aad_tls);
            amsop_aad_close(&s_aad);
        }
        /* A --ca-file without a usable certificate is bad input (exit 2). */
        return (err == AMSOP_ERR_TLS_CA && a->ca_file != NULL) ? CLI_EXIT_USAGE
                                                               : cli_exit_for_err(err);
    }

    /* Name lookup is start-up work, like reading the arguments: the system
     * resolver allocates inside libc, and every connect after this one reuses
     * the address, so the network path itself makes no heap call. A failure
     * here is reported by the first connect. */
    (void)amsop_port_net_preresolve(&s_tls.net, endpoint.host, endpoint.port);

    if (a->verbose) {
        verbose_request(&s_client, cli_is_action(a->cmd) ? "POST" : "GET", &target);
    }
    if (cli_is_action(a->cmd)) {
        rc = run_action(a);
    } else if (a->cmd == CLI_CMD_SHOW) {
        amsop_live_event_t le;
        live_event_of(a, &le);
        rc = run_show(a, &le);
    } else {
        rc = a->cmd == CLI_CMD_WAIT ? run_wait(a, &target) : run_get(a, &target);
    }
    if (a->verbose) {
        verbose_stats(&s_client, &s_tls);
    }
    amsop_client_close(&s_client);
    amsop_tls_free(&s_tls);
    if (s_use_aad) {
        amsop_aad_close(&s_aad); /* wipes the secret and the token */
        amsop_tls_free(&s_aad_tls);
    }
    return rc;
}

/* Every write to stdout is checked here, once: stdio keeps the error flag
 * of a failed write, and the final flush reports what is still buffered.
 * Output that did not reach its reader is its own exit code (6), whatever
 * the call returned: the caller did not get the result. */
static int finish_output(int rc)
{
    int failed = fflush(stdout) != 0;
    int saved_errno = errno;

    if (!failed && !ferror(stdout)) {
        return rc;
    }
    (void)fprintf(stderr, "amsop: the output could not be written to stdout%s%s\n",
                  failed ? ": " : "", failed ? strerror(saved_errno) : "");
    return CLI_EXIT_OUTPUT;
}

/* A descriptor 0..2 the caller left closed would be reused by the next
 * open() or socket(): the output would then go into a file or, worse, into
 * the TLS connection. Closed stdin/stderr get /dev/null; a closed stdout
 * means the output cannot be written at all (1: report and exit 6). */
static int standard_fds_closed(void)
{
    int stdout_closed = fcntl(STDOUT_FILENO, F_GETFD) < 0 && errno == EBADF;
    int fd;

    for (fd = 0; fd <= 2; ++fd) {
        if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
            int nul = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
            if (nul >= 0 && nul != fd) {
                (void)dup2(nul, fd);
                (void)close(nul);
            }
        }
    }
    return stdout_closed;
}

int main(int argc, char **argv)
{
    static cli_args_t args;
    /* stdout's buffer from static storage, like firmware would: otherwise
     * stdio allocates it on the first printf. Line-buffered, so each status
     * line reaches a pipe as it happens. */
    static char stdout_buf[4096];
    char err[256];
    int rc;

    if (standard_fds_closed()) {
        (void)fputs("amsop: the output could not be written to stdout: it is closed\n", stderr);
        return CLI_EXIT_OUTPUT;
    }
    (void)setvbuf(stdout, stdout_buf, _IOLBF, sizeof stdout_buf);
    /* glibc loads the time zone (allocating) on the first gmtime/localtime,
     * which mbedTLS calls while checking certificate dates: do it now. */
    tzset();
    if (cli_args_parse(argc, argv, &args, err, sizeof err) != 0) {
        return usage_error(err);
    }
    if (args.cmd == CLI_CMD_HELP) {
        cli_help_command(stdout, args.help_cmd);
        return finish_output(CLI_EXIT_OK);
    }
    if (args.cmd == CLI_CMD_VERSION) {
        cli_version(stdout);
        return finish_output(CLI_EXIT_OK);
    }
    install_signals();
    rc = run(&args);
    cli_token_wipe();
    return finish_output(rc);
}
