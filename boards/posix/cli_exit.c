/* SPDX-License-Identifier: MIT */
/* amsop CLI: process exit codes. */
#include "cli_exit.h"

int cli_exit_for_err(amsop_err_t err)
{
    switch (err) {
    case AMSOP_OK:
        return CLI_EXIT_OK;
    case AMSOP_ERR_INVALID_ARG:
    case AMSOP_ERR_INVALID_ID:
    case AMSOP_ERR_TOO_LONG:
    case AMSOP_ERR_URL:
    case AMSOP_ERR_URL_SCHEME:
    case AMSOP_ERR_URL_HOST:
    case AMSOP_ERR_URL_PATH:
    case AMSOP_ERR_URL_API_VERSION:
    case AMSOP_ERR_TOKEN:
        return CLI_EXIT_USAGE;
    case AMSOP_ERR_NET_DNS:
    case AMSOP_ERR_NET_CONNECT:
    case AMSOP_ERR_NET_SEND:
    case AMSOP_ERR_NET_RECV:
    case AMSOP_ERR_NET_CLOSED:
    case AMSOP_ERR_TIMEOUT:
    case AMSOP_ERR_TLS_CA:
    case AMSOP_ERR_TLS_HANDSHAKE:
    case AMSOP_ERR_TLS_VERIFY:
    case AMSOP_ERR_TLS:
    case AMSOP_ERR_PORT:
        return CLI_EXIT_NETWORK;
    case AMSOP_ERR_HTTP_STATUS_LINE:
    case AMSOP_ERR_HTTP_HEADER:
    case AMSOP_ERR_HTTP_HEADER_TOO_LONG:
    case AMSOP_ERR_HTTP_TOO_MANY_HEADERS:
    case AMSOP_ERR_HTTP_FRAMING:
    case AMSOP_ERR_HTTP_CHUNK:
    case AMSOP_ERR_HTTP_TRUNCATED:
    case AMSOP_ERR_HTTP_EXTRA_DATA:
    case AMSOP_ERR_HTTP_ENCODING:
    case AMSOP_ERR_BODY_TOO_LARGE:
    case AMSOP_ERR_JSON:
    case AMSOP_ERR_JSON_TOO_MANY_TOKENS:
    case AMSOP_ERR_JSON_SCHEMA:
    case AMSOP_ERR_HTTP_STATUS:
    case AMSOP_ERR_AAD:
    case AMSOP_ERR_AAD_REPLY:
    case AMSOP_ERR_AAD_TOKEN_TOO_LARGE:
    case AMSOP_ERR_ACTION_NO_OPERATION:
        return CLI_EXIT_HTTP;
    case AMSOP_ERR_DEADLINE:
    case AMSOP_ERR_CANCELLED:
        return CLI_EXIT_DEADLINE;
    case AMSOP_ERR__COUNT:
    default:
        break;
    }
    return CLI_EXIT_NETWORK; /* an unknown code: treat as a transport failure */
}

int cli_exit_for_final_status(amsop_status_t status)
{
    switch (status) {
    case AMSOP_STATUS_SUCCEEDED:
        return CLI_EXIT_OK;
    case AMSOP_STATUS_FAILED:
    case AMSOP_STATUS_CANCELED:
        return CLI_EXIT_FAILED;
    case AMSOP_STATUS_NONE:
    case AMSOP_STATUS_IN_PROGRESS:
    case AMSOP_STATUS_UNKNOWN:
    default:
        break;
    }
    return CLI_EXIT_HTTP; /* the core never ends a wait on these */
}
