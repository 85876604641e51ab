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
    "       amsop start|stop|reset LIVE_EVENT [--wait] [options]\n"
    "                                     POST .../liveEvents/{name}/start|stop|reset;\n"
    "                                     --wait follows the operation like wait\n"
    "                                     (stop sends {\"removeOutputsOnStop\":false})\n"
    "       amsop --help | help           this text (also: amsop get --help)\n"
    "       amsop --version | version     print the version\n"
    "\n"
    "Reads the status of an Azure Media Services live event operation\n"
    "(GET .../liveEventOperations/{operationId}) from Azure Resource Manager.\n"
    "\n",
    "LIVE_EVENT: --subscription ID (or "
    "AZURE_SUBSCRIPTION_ID"
    ") --resource-group NAME\n"
    "            --account NAME --live-event NAME\n"
    "\n"
    "TARGET (exactly one form):\n"
    "  --subscription ID --resource-group NAME --account NAME --operation ID\n"
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
    "  --timeout SECONDS    overall deadline of wait (default " STR(
        CONFIG_AMSOP_WAIT_DEFAULT_TIMEOUT_S) ");\n"
                                             "                       fractions allowed, e.g. 2.5\n"
                                             "  --output text|json   output format (default text)\n"
                                             "  --verbose            print the request line and "
                                             "connection statistics to\n"
                                             "                       stderr (never the token)\n"
                                             "  --wait               start|stop|reset: poll the "
                                             "operation to the end\n"
                                             "  --authority-host URL Azure AD authority for client "
                                             "credentials\n"
                                             "  --help, -h           this text\n"
                                             "  --version            print the version\n"
                                             "  Options also accept the --option=VALUE form.\n"
                                             "\n",
    "Output:\n"
    "  text   get prints \"status: ...\" and one line per field present (name, error\n"
    "         code/message/target, http status, request id, retry-after); wait prints\n"
    "         one line per status change, \"[  3.2s] InProgress  (name ...)\", or a\n"
    "         live status line when stdout is a terminal.\n"
    "  json   one object per read, on one line (wait: one per status change):\n"
    "         {\"httpStatus\":200,\"name\":\"...\",\"status\":\"InProgress\",\"error\":{\"code\":\n"
    "         \"None\",\"message\":null,\"target\":\"...\",\"detailsCount\":0,\n"
    "         \"additionalInfoCount\":0},\"requestId\":\"...\",\"retryAfter\":2,\n"
    "         \"truncated\":[]}\n"
    "         Fields absent from the reply are null. HTTP error replies are printed\n"
    "         too.\n"
    "  Errors go to stderr in both modes: \"amsop: AMSOP_ERR_NAME: description\",\n"
    "  followed for HTTP errors by the HTTP status, ARM error code, message, target\n"
    "  and x-ms-request-id.\n"
    "\n",
    "Exit codes:\n"
    "  0  get: a status was read; wait: the operation Succeeded\n"
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

void cli_version(FILE *f)
{
    (void)fputs("amsop " AMSOP_VERSION "\n", f);
    (void)fflush(f);
}
