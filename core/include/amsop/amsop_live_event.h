/* SPDX-License-Identifier: MIT */
/* amsop: a live event's own state.
 *
 *   GET .../mediaservices/{account}/liveEvents/{name}?api-version=2022-11-01
 *
 * The reply is a LiveEvent resource; amsop_client_live_event keeps what an
 * encoder needs from it in fixed fields (zero heap, any reply size): the
 * resourceState, the ingest protocol and endpoints, the encoding type and
 * the stream options. The body streams through the same one JSON pass as
 * a status read (syntax checked strictly, strings decoded to UTF-8, cut at
 * a character boundary and flagged when too long, the last duplicate key
 * wins, unknown keys ignored). */
#ifndef AMSOP_LIVE_EVENT_H
#define AMSOP_LIVE_EVENT_H

#include <stdint.h>

#include "amsop_action.h"

/* properties.resourceState (LiveEventResourceState in the API). */
typedef enum amsop_resource_state {
    AMSOP_RESOURCE_STATE_NONE = 0, /* the reply named none */
    AMSOP_RESOURCE_STATE_UNKNOWN,  /* a value this version does not know (or cut):
                                      resource_state_text has what came */
    AMSOP_RESOURCE_STATE_STOPPED,
    AMSOP_RESOURCE_STATE_ALLOCATING,
    AMSOP_RESOURCE_STATE_STANDBY,
    AMSOP_RESOURCE_STATE_STARTING,
    AMSOP_RESOURCE_STATE_RUNNING,
    AMSOP_RESOURCE_STATE_STOPPING,
    AMSOP_RESOURCE_STATE_DELETING
} amsop_resource_state_t;

/* The kept fields, as bits (AMSOP_FIELD_BIT) of present and truncated. */
typedef enum amsop_live_field {
    AMSOP_LIVE_FIELD_NAME = 0,           /* name */
    AMSOP_LIVE_FIELD_RESOURCE_STATE,     /* properties.resourceState */
    AMSOP_LIVE_FIELD_STREAMING_PROTOCOL, /* properties.input.streamingProtocol */
    AMSOP_LIVE_FIELD_ENCODING_TYPE,      /* properties.encoding.encodingType */
    AMSOP_LIVE_FIELD_STREAM_OPTION,      /* properties.streamOptions[0] */
    AMSOP_LIVE_FIELD_ENDPOINT0_PROTOCOL, /* properties.input.endpoints[0].protocol */
    AMSOP_LIVE_FIELD_ENDPOINT0_URL,      /* ... .url */
    AMSOP_LIVE_FIELD_ENDPOINT1_PROTOCOL, /* properties.input.endpoints[1].protocol */
    AMSOP_LIVE_FIELD_ENDPOINT1_URL       /* ... .url */
} amsop_live_field_t;

/* Ingest endpoints kept (RTMP live events have two: rtmp:// and rtmps://);
 * endpoints_count is the reply's exact number. */
#define AMSOP_LIVE_ENDPOINTS 2u

typedef struct amsop_live_endpoint {
    char protocol[CONFIG_AMSOP_LIVE_STATE_MAX]; /* "RTMP", "FragmentedMP4" */
    char url[CONFIG_AMSOP_LIVE_URL_MAX];
} amsop_live_endpoint_t;

/* What the call keeps. A field not in the reply (or null, or of another
 * JSON type inside an array) is "" with its present bit clear. */
typedef struct amsop_live_event_info {
    amsop_resource_state_t resource_state;
    uint32_t present;              /* AMSOP_FIELD_BIT(amsop_live_field_t) */
    uint32_t truncated;            /* cut to fit its field (at a UTF-8 boundary) */
    uint32_t endpoints_count;      /* properties.input.endpoints[] length */
    uint32_t stream_options_count; /* properties.streamOptions[] length */
    char name[CONFIG_AMSOP_NAME_MAX];
    char resource_state_text[CONFIG_AMSOP_LIVE_STATE_MAX];
    char streaming_protocol[CONFIG_AMSOP_LIVE_STATE_MAX];
    char encoding_type[CONFIG_AMSOP_LIVE_STATE_MAX]; /* "None", "Standard", ... */
    char stream_option[CONFIG_AMSOP_LIVE_STATE_MAX]; /* "Default", "LowLatency", ... */
    amsop_live_endpoint_t endpoints[AMSOP_LIVE_ENDPOINTS];
} amsop_live_event_info_t;

#ifdef __cplusplus
extern "C" {
#endif

/* The four calls before amsop_client_live_event are pure: reentrant,
 * callable from anywhere, on_change included. */
/* The field's name as the API spells it ("resourceState",
 * "endpoints[0].url"); NULL for other values. */
const char *amsop_live_field_name(amsop_live_field_t field);

/* "Stopped", "Allocating", ... for a known state; NULL otherwise. */
const char *amsop_resource_state_name(amsop_resource_state_t state);

/* Maps a resourceState text (case-insensitively, as the Azure SDKs compare
 * enum values) to its enum; AMSOP_RESOURCE_STATE_UNKNOWN for any other. */
amsop_resource_state_t amsop_resource_state_from_text(const char *text, size_t len);

/* The request path .../liveEvents/{name} (in out->path; api_version left
 * empty) after checking every identifier. AMSOP_OK; AMSOP_ERR_INVALID_ARG
 * (NULL); AMSOP_ERR_INVALID_ID (an identifier ARM does not allow);
 * AMSOP_ERR_TOO_LONG (the path does not fit CONFIG_AMSOP_PATH_MAX): fix
 * the input. */
amsop_err_t amsop_live_event_path(const amsop_live_event_t *le, amsop_target_t *out);

/* GETs the live event. Returns:
 *   AMSOP_OK: a 2xx reply whose body names properties.resourceState; *info
 *     holds the kept fields, *out the headers (request ids, http_status);
 *   AMSOP_ERR_HTTP_STATUS: any other status; *out holds the ARM error
 *     (error.code "ResourceNotFound" for a live event that does not exist),
 *     *info is empty: show the error, fix the names, do not retry blindly;
 *   AMSOP_ERR_JSON / _JSON_TOO_MANY_TOKENS / _JSON_SCHEMA: the 2xx body was
 *     not JSON, nested too deep, or not a live event (no resourceState, a
 *     member of the wrong type); *info is empty;
 *   AMSOP_ERR_INVALID_ARG / AMSOP_ERR_INVALID_ID / AMSOP_ERR_TOO_LONG: bad
 *     arguments, nothing is sent;
 *   otherwise the exchange codes of amsop_client_get (amsop_client.h:
 *     transport, TLS, HTTP, token provider): the exchange is bounded by
 *     CONFIG_AMSOP_REQUEST_TIMEOUT_MS (AMSOP_ERR_TIMEOUT).
 * Not reentrant per client; not to be called from on_change of a wait on
 * the same client. */
amsop_err_t amsop_client_live_event(amsop_client_t *c, const amsop_live_event_t *le,
                                    amsop_result_t *out, amsop_live_event_info_t *info);

#ifdef __cplusplus
}
#endif

#endif
