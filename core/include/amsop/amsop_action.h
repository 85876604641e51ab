/* SPDX-License-Identifier: MIT */
/* amsop: live event actions that start an async operation.
 *
 *   POST .../mediaservices/{account}/liveEvents/{name}/start|stop|reset
 *        ?api-version=2022-11-01
 *
 * ARM answers 202 Accepted with an Azure-AsyncOperation header (the
 * liveEventOperations URL amsop_client_wait follows) and a Location header.
 * The operation comes back as an amsop_target_t, ready to wait on. */
#ifndef AMSOP_ACTION_H
#define AMSOP_ACTION_H

#include <stdint.h>

#include "amsop_client.h"

typedef enum amsop_action {
    AMSOP_ACTION_START = 0,
    AMSOP_ACTION_STOP, /* body {"removeOutputsOnStop":false} unless asked */
    AMSOP_ACTION_RESET
} amsop_action_t;

typedef struct amsop_live_event {
    const char *subscription;   /* GUID */
    const char *resource_group; /* as amsop_target_from_ids checks them */
    const char *account;
    const char *name; /* 1..32 of letters, digits and inner '-' */
} amsop_live_event_t;

typedef struct amsop_action_opts {
    uint8_t remove_outputs_on_stop; /* stop: {"removeOutputsOnStop":true} */
    /* 0: the POST is one exchange bounded by CONFIG_AMSOP_REQUEST_TIMEOUT_MS
     * (AMSOP_ERR_TIMEOUT). Otherwise the caller's deadline: the token fetch,
     * connect, handshake, POST and reply all end within timeout_ms, or the
     * call returns AMSOP_ERR_DEADLINE (the earlier of the two limits wins). */
    uint32_t timeout_ms;
} amsop_action_opts_t;

#ifdef __cplusplus
extern "C" {
#endif

/* amsop_action_name and amsop_action_path are pure: reentrant, callable
 * from anywhere, on_change included. */
/* "start", "stop", "reset"; NULL for other values. */
const char *amsop_action_name(amsop_action_t action);

/* The request path .../liveEvents/{name}/{action} (in out->path; api_version
 * left empty) after checking every identifier. AMSOP_OK;
 * AMSOP_ERR_INVALID_ARG (NULL, or an action out of range);
 * AMSOP_ERR_INVALID_ID (an identifier ARM does not allow);
 * AMSOP_ERR_TOO_LONG (the path does not fit CONFIG_AMSOP_PATH_MAX): fix the
 * input. */
amsop_err_t amsop_action_path(const amsop_live_event_t *le, amsop_action_t action,
                              amsop_target_t *out);

/* POSTs the action. Returns:
 *   AMSOP_OK for a 2xx reply: *operation is the Azure-AsyncOperation target
 *     (or, without that header, the operation named by Location), to pass
 *     to amsop_client_wait; out keeps both header values. A 2xx other than
 *     202 that names no operation (ARM finished the action in the call,
 *     e.g. 200 or 204) is AMSOP_OK too, with out->status AMSOP_STATUS_SUCCEEDED and *operation
 *     zeroed: there is nothing to wait for (test out->status first);
 *   AMSOP_ERR_ACTION_NO_OPERATION: a 202 (or a 2xx whose operation header
 *     was cut to fit) that names no operation to follow: the action was
 *     accepted; read the live event to see its state;
 *   AMSOP_ERR_URL_HOST: the operation URL is on another host than the
 *     endpoint, refused (the token is never sent elsewhere); AMSOP_ERR_URL,
 *     _URL_SCHEME, _URL_PATH, _URL_API_VERSION, _TOO_LONG: the server's
 *     operation URL cannot be followed; report it, do not retry;
 *   AMSOP_ERR_HTTP_STATUS: any other status, the ARM error in *out;
 *   AMSOP_ERR_INVALID_ARG / AMSOP_ERR_INVALID_ID / AMSOP_ERR_TOO_LONG for
 *     bad arguments (as amsop_action_path; nothing is sent);
 *   AMSOP_ERR_DEADLINE: opts->timeout_ms ran out first (token, connect,
 *     POST, reply); the action may or may not have been taken: read the
 *     live event before trying again;
 *   otherwise the exchange codes of amsop_client_get (amsop_client.h).
 * opts may be NULL. One call at a time per client (as every client call);
 * not to be called from on_change of a wait on the same client. */
amsop_err_t amsop_client_action(amsop_client_t *c, const amsop_live_event_t *le,
                                amsop_action_t action, const amsop_action_opts_t *opts,
                                amsop_result_t *out, amsop_target_t *operation);

#ifdef __cplusplus
}
#endif

#endif
