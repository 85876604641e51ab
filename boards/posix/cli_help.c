/* SPDX-License-Identifier: MIT */
/* amsop CLI: help and version text. */
#include "cli_help.h"

#include "amsop_client.h"
#include "amsop_config.h"
#include "cli_creds.h"
#include "cli_token.h"

#define STR_(x) #x
#define STR(x)  STR_(x)

/* Kept as separate literals: C99 compilers need only accept 4095-byte ones. */
static const char *const k_help[] = {
    "usage: amsop get  TARGET [options]   one status read\n"
    "       amsop wait TARGET [options]   poll until done, print each change\n"
    "       amsop show LIVE_EVENT [options]\n"
    "                                     GET .../liveEvents/{name}: its resourceState,\n"
    "                                     ingest endpoints, encoding, stream options\n"
    "       amsop start|stop|reset LIVE_EVENT [--wait|--no-wait] [options]\n"
    "                                     POST .../liveEvents/{name}/start|stop|reset;\n"
    "                                     --wait follows the operation like wait, then\n"
    "                                     prints the live event's resourceState\n"
    "                                     (stop sends {\"removeOutputsOnStop\":false})\n"
    "       amsop --help | help           this text\n"
    "       amsop help CMD | CMD --help   the help of one command (get, wait, show,\n"
    "                                     start, stop, reset)\n"
    "       amsop --version | version     print the version\n"
    "\n"
    "Reads the status of an Azure Media Services live event operation\n"
    "(GET .../liveEventOperations/{operationId}) from Azure Resource Manager.\n"
    "\n",
    "LIVE_EVENT: --subscription ID (or "
    "AZURE_SUBSCRIPTION_ID"
    ")\n"
    "            -g/--resource-group NAME -a/--account/--account-name NAME\n"
    "            -n/--live-event/--name NAME\n"
    "\n"
    "TARGET (exactly one form):\n"
    "  --subscription ID -g/--resource-group NAME -a/--account/--account-name NAME\n"
    "  --operation ID\n"
    "                       the operation by its identifiers: subscription GUID,\n"
    "                       resource group, Media Services account name, operation id\n"
    "  --url URL            the Azure-AsyncOperation URL a start/stop/reset answered\n"
    "                       with (https, same host and port as --endpoint)\n"
    "\n",
    "Options:\n"
    "  --endpoint URL       Resource Manager endpoint\n"
    "                       (default " AMSOP_DEFAULT_ENDPOINT ")\n"
    "  --api-version V      api-version query value (default " AMSOP_DEFAULT_API_VERSION ");\n"
    "                       a --url that names one keeps its own\n"
    "  --ca-file PEM        trust the CA certificates in this PEM file (512 KiB at\n"
    "                       most) instead of the bundled Azure roots (DigiCert\n"
    "                       Global Root G2, Microsoft RSA/ECC Root Certificate\n"
    "                       Authority 2017)\n"
    "  --token-file PATH    read the bearer token (for https://management.azure.com/)\n"
    "                       from PATH; trailing whitespace and newlines are stripped.\n"
    "                       Without it the token comes from the environment variable\n"
    "                       " CLI_TOKEN_ENV ". The token is never printed.\n"
    "  --timeout SECONDS    overall deadline of wait and --wait, token fetch and POST\n"
    "                       included (default " STR(
        CONFIG_AMSOP_WAIT_DEFAULT_TIMEOUT_S) ");\n"
                                             "                       fractions allowed, e.g. 2.5\n"
                                             "  -o, --output FORMAT  text (default), json, jsonc, "
                                             "table, "
                                             "tsv or none\n"
                                             "  --verbose            print the request line and "
                                             "connection statistics to\n"
                                             "                       stderr, and a line per "
                                             "retry, throttle, reconnect,\n"
                                             "                       TLS resumption and token "
                                             "fetch (never the token)\n"
                                             "  --wait               start|stop|reset: poll the "
                                             "operation to the end\n"
                                             "  --no-wait            start|stop|reset: print the "
                                             "operation and return\n"
                                             "                       (the default); conflicts with "
                                             "--wait\n"
                                             "  --authority-host URL Azure AD authority for client "
                                             "credentials\n"
                                             "  -h, --help           this text; after a command, "
                                             "that command's help\n"
                                             "  --version            print the version\n"
                                             "  Options also accept the --option=VALUE form, short "
                                             "ones -gNAME.\n"
                                             "\n",
    "Output:\n"
    "  text   get prints \"status: ...\" and one line per field present (name,\n"
    "         percent complete, start/end time, error code/message/target, http\n"
    "         status, request id, retry-after); wait prints one line per status\n"
    "         change, \"[    3.2s] InProgress  (name ...)\" (then the percent complete\n"
    "         and times when sent), or a live status line when stdout is a terminal.\n"
    "  json   one object per read, on one line (wait: one per status change):\n"
    "         {\"httpStatus\":200,\"name\":\"...\",\"status\":\"InProgress\",\n"
    "         \"startTime\":null,\"endTime\":null,\"error\":{\"code\":\n"
    "         \"None\",\"message\":null,\"target\":\"...\",\"detailsCount\":0,\n"
    "         \"additionalInfoCount\":0},\"requestId\":\"...\",\"retryAfter\":2,\n"
    "         \"truncated\":[]}\n"
    "         Fields absent from the reply are null; \"percentComplete\" (a number,\n"
    "         after \"status\") only when the operation sends it. HTTP error\n"
    "         replies are printed too. start|stop|reset print {\"httpStatus\":202,\n"
    "         \"action\":\"start\",\"asyncOperation\":\"...\",\"location\":null} first.\n"
    "  jsonc  the same objects, indented by two spaces (no colour)\n"
    "  table  a header and a rule, then one row per read (wait: per change), columns\n"
    "         Status, Name, HttpStatus, ErrorCode, RequestId (12, 36, 10, 28 wide);\n"
    "         start|stop|reset first print a table of Action, HttpStatus,\n"
    "         AsyncOperation, Location\n"
    "  tsv    the table's values separated by tabs, no header; absent values empty\n"
    "  show   text: \"resource state: Running\", then name, streaming protocol, one\n"
    "         \"ingest endpoint: PROTOCOL URL\" per endpoint (the first two), encoding\n"
    "         type, stream options; json: {\"httpStatus\":200,\"name\":..,\n"
    "         \"resourceState\":..,\"input\":{\"streamingProtocol\":..,\"endpoints\":\n"
    "         [{\"protocol\":..,\"url\":..}],\"endpointsCount\":2},\"encoding\":\n"
    "         {\"encodingType\":..},\"streamOptions\":[..],\"streamOptionsCount\":1,\n"
    "         \"requestId\":..,\"truncated\":[]}; table/tsv: Name, ResourceState,\n"
    "         StreamingProtocol, EncodingType, IngestUrl. start|stop|reset --wait end\n"
    "         with the same (text: \"live event NAME: Running\").\n"
    "  none   nothing on stdout: the exit code (and stderr) only\n"
    "  Errors go to stderr in every mode: \"amsop: AMSOP_ERR_NAME: description\",\n"

    "  followed for HTTP errors by the HTTP status, ARM error code, message, target\n"
    "  and x-ms-request-id.\n"
    "\n",
    "Exit codes:\n"
    "  0  get: a status was read; show: the live event was read; wait: the\n"
    "     operation Succeeded\n"
    "  1  wait: the operation Failed or was Canceled\n"
    "  2  usage error or bad input (options, identifiers, URL, token, files)\n"
    "  3  network or TLS failure\n"
    "  4  HTTP or ARM error reply, or a reply that could not be read\n"
    "  5  deadline passed (--timeout), or cancelled by SIGINT/SIGTERM\n"
    "  6  the output could not be written (stdout full, closed or a broken pipe)\n"
    "\n"
    "Environment:\n"
    "  " CLI_TOKEN_ENV "   bearer token, used when --token-file is not given\n"
    "  " CLI_ENV_TENANT ", " CLI_ENV_CLIENT_ID ", " CLI_ENV_SECRET "\n"
    "                       client credentials, used when neither --token-file nor\n"
    "                       " CLI_TOKEN_ENV " is given: amsop gets its own token from\n"
    "                       Azure AD (scope: the --endpoint + /.default) and refreshes\n"
    "                       it before it expires and once after a 401\n"
    "  " CLI_ENV_AUTHORITY "   Azure AD authority, as --authority-host URL (default\n"
    "                       " AMSOP_DEFAULT_AUTHORITY "; e.g. https://login.chinacloudapi.cn,\n"
    "                       https://login.microsoftonline.us)\n"
    "  AZURE_SUBSCRIPTION_ID  used when --subscription is not given\n"
    "  A refused token request exits 4 and prints AMSOP_ERR_AAD with Azure AD's error,\n"
    "  error_description, error_codes, trace_id and correlation_id.\n",
};

void cli_help(FILE *f)
{
    size_t i;
    for (i = 0; i < sizeof k_help / sizeof k_help[0]; ++i) {
        (void)fputs(k_help[i], f);
    }
    (void)fflush(f);
}

/* Where an option's help starts; a longer left column puts it below. */
#define CLI_HELP_COL 30

static void option_line(FILE *f, const cli_opt_t *o)
{
    int n;

    if (o->short_name != 0) {
        n = fprintf(f, "  -%c, %s", o->short_name, o->name);
    } else {
        n = fprintf(f, "  %s", o->name);
    }
    if (o->alias != NULL) {
        n += fprintf(f, ", %s", o->alias);
    }
    if (o->metavar != NULL) {
        n += fprintf(f, " %s", o->metavar);
    }
    if (n + 1 > CLI_HELP_COL) {
        (void)fputc('\n', f);
        n = 0;
    }
    (void)fprintf(f, "%*s%s\n", CLI_HELP_COL - n, "", o->help);
}

static void command_usage(FILE *f, cli_cmd_t cmd, const char *name)
{
    if (cmd == CLI_CMD_GET || cmd == CLI_CMD_WAIT) {
        (void)fprintf(f,
                      "usage: amsop %s TARGET [options]\n"
                      "TARGET: --subscription ID -g RG -a ACCOUNT --operation ID\n"
                      "    or  --url AZURE_ASYNC_OPERATION_URL\n\n",
                      name);
        (void)fputs(
            cmd == CLI_CMD_GET
                ? "One status read of a live event operation (GET .../liveEventOperations/"
                  "{id}).\nExit 0 when a status was read.\n"
                : "Polls the operation until Succeeded, Failed or Canceled and prints each\n"
                  "change. Exit 0 Succeeded, 1 Failed or Canceled, 5 deadline passed.\n",
            f);
        return;
    }
    if (cmd == CLI_CMD_SHOW) {
        (void)fputs(
            "usage: amsop show --subscription ID -g RG -a ACCOUNT -n LIVE_EVENT [options]\n\n"
            "GET .../liveEvents/{name} and print what an encoder needs: the\n"
            "resourceState (Stopped, Allocating, StandBy, Starting, Running, Stopping,\n"
            "Deleting), the ingest protocol and endpoint URLs, the encoding type and\n"
            "the stream options. Exit 0 when the live event was read, 4 for an ARM\n"
            "error (ResourceNotFound: no such live event).\n",
            f);
        return;
    }
    (void)fprintf(f,
                  "usage: amsop %s --subscription ID -g RG -a ACCOUNT -n LIVE_EVENT\n"
                  "             [--wait | --no-wait] [options]\n\n"
                  "POST .../liveEvents/{name}/%s and print the operation it answers with\n"
                  "(Azure-AsyncOperation, or Location). --wait then follows it with the output\n"
                  "and exit codes of amsop wait, and ends with the live event's resourceState\n"
                  "(\"live event NAME: Running\"); --no-wait (the default) returns at once.\n",
                  name, name);
    if (cmd == CLI_CMD_STOP) {
        (void)fputs("The body is {\"removeOutputsOnStop\":false}.\n", f);
    }
}

static void command_examples(FILE *f, cli_cmd_t cmd, const char *name)
{
    (void)fputs("\nExamples:\n", f);
    switch (cmd) {
    case CLI_CMD_GET:
        (void)fputs("  amsop get -g rg -a acct --subscription SUB --operation OP -o table\n"
                    "  amsop get --url \"$AZURE_ASYNC_OPERATION_URL\" --output json\n",
                    f);
        break;
    case CLI_CMD_WAIT:
        (void)fputs("  amsop wait --url \"$AZURE_ASYNC_OPERATION_URL\" --timeout 120\n"
                    "  amsop wait -g rg -a acct --operation OP -o none && echo done\n",
                    f);
        break;
    case CLI_CMD_SHOW:
        (void)fputs("  amsop show -g rg -a acct -n myLiveEvent1\n"
                    "  amsop show -g rg -a acct -n myLiveEvent1 -o tsv | cut -f5\n",
                    f);
        break;
    default:
        (void)fprintf(f,
                      "  amsop %s -g rg -a acct -n myLiveEvent1 --wait\n"
                      "  amsop %s -g rg -a acct -n myLiveEvent1 --no-wait -o tsv | cut -f3\n",
                      name, name);
        break;
    }
    (void)fputs("\nSee amsop --help (and man amsop) for output formats, environment and exit\n"
                "codes.\n",
                f);
}

void cli_help_command(FILE *f, cli_cmd_t cmd)
{
    const char *name = cli_cmd_name(cmd);
    const cli_opt_t *opts;
    size_t count;
    size_t i;

    if (name == NULL) {
        cli_help(f);
        return;
    }
    command_usage(f, cmd, name);
    (void)fputs("\nOptions:\n", f);
    opts = cli_options(&count);
    for (i = 0; i < count; ++i) {
        if ((opts[i].cmds & CLI_CMD_BIT(cmd)) != 0) {
            option_line(f, &opts[i]);
        }
    }
    command_examples(f, cmd, name);
    (void)fflush(f);
}

void cli_version(FILE *f)
{
    (void)fputs("amsop " AMSOP_VERSION "\n", f);
    (void)fflush(f);
}
