/* SPDX-License-Identifier: MIT */
/* A live event's own state (see amsop_live_event.h): the LiveEvent
 * resource's schema for the one streaming JSON pass, and the GET. */
#include <stddef.h>
#include <string.h>

#include "amsop_live_event.h"
#include "client_internal.h"
#include "field.h"
#include "json_stream.h"

typedef amsop_live_event_info_t info_t;

/* What the pass keeps of a LiveEvent, in pre-order (json_stream.h). */
enum node {
    L_ROOT,
    L_NAME,
    L_PROPERTIES,
    L_STATE,
    L_INPUT,
    L_PROTOCOL,
    L_ENDPOINTS,
    L_EP0,
    L_EP0_PROTOCOL,
    L_EP0_URL,
    L_EP1,
    L_EP1_PROTOCOL,
    L_EP1_URL,
    L_ENCODING,
    L_ENCODING_TYPE,
    L_OPTIONS,
    L_OPTION0,
    L_NODES
};

static const uint16_t field_off[] = {(uint16_t)offsetof(info_t, name),
                                     (uint16_t)offsetof(info_t, resource_state_text),
                                     (uint16_t)offsetof(info_t, streaming_protocol),
                                     (uint16_t)offsetof(info_t, encoding_type),
                                     (uint16_t)offsetof(info_t, stream_option),
                                     (uint16_t)offsetof(info_t, endpoints[0].protocol),
                                     (uint16_t)offsetof(info_t, endpoints[0].url),
                                     (uint16_t)offsetof(info_t, endpoints[1].protocol),
                                     (uint16_t)offsetof(info_t, endpoints[1].url)};

#define NFIELDS (AMSOP_LIVE_FIELD_ENDPOINT1_URL + 1)
typedef char amsop__live_fields_fit[sizeof(field_off) / sizeof(field_off[0]) == NFIELDS &&
                                            NFIELDS <= 10 && sizeof(info_t) <= 0xFFFFu
                                        ? 1
                                        : -1];
/* Two endpoint nodes below. */
typedef char amsop__live_endpoints_fit[AMSOP_LIVE_ENDPOINTS == 2u ? 1 : -1];

#define CAP(m)  (uint16_t)sizeof(((info_t *)0)->m)
#define BIT(f)  (uint16_t) AMSOP_FIELD_BIT(AMSOP_LIVE_FIELD_##f)
#define S_EP0   (uint16_t)(BIT(ENDPOINT0_PROTOCOL) | BIT(ENDPOINT0_URL))
#define S_EP1   (uint16_t)(BIT(ENDPOINT1_PROTOCOL) | BIT(ENDPOINT1_URL))
#define S_INPUT (uint16_t)(BIT(STREAMING_PROTOCOL) | S_EP0 | S_EP1)
#define S_PROPS (uint16_t)(BIT(RESOURCE_STATE) | S_INPUT | BIT(ENCODING_TYPE) | BIT(STREAM_OPTION))
#define S_ALL   (uint16_t)(BIT(NAME) | S_PROPS)
#define STR     AMSOP__JS_STR
#define OBJ     AMSOP__JS_OBJ
#define ARR     AMSOP__JS_ARR
#define R_BOTH  (AMSOP__JS_RESET0 | AMSOP__JS_RESET1)
#define F(f)    AMSOP_LIVE_FIELD_##f

/* endpoints[] counts into counts[0], streamOptions[] into counts[1]. */
static const amsop__jnode_t nodes[L_NODES] = {
    {"", 0, S_ALL, OBJ, 0, 0, 0, R_BOTH},
    {"name", CAP(name), BIT(NAME), STR, F(NAME), 4, L_PROPERTIES, 0},
    {"properties", 0, S_PROPS, OBJ, 0, 10, 0, R_BOTH},
    {"resourceState", CAP(resource_state_text), BIT(RESOURCE_STATE), STR, F(RESOURCE_STATE), 13,
     L_INPUT, 0},
    {"input", 0, S_INPUT, OBJ, 0, 5, L_ENCODING, AMSOP__JS_RESET0},
    {"streamingProtocol", CAP(streaming_protocol), BIT(STREAMING_PROTOCOL), STR,
     F(STREAMING_PROTOCOL), 17, L_ENDPOINTS, 0},
    {"endpoints", 0, (uint16_t)(S_EP0 | S_EP1), ARR, 0, 9, 0,
     AMSOP__JS_ELEMS | AMSOP__JS_COUNT0 | AMSOP__JS_RESET0},
    {"", 0, S_EP0, OBJ, 0, 0, L_EP1, 0}, /* endpoints[0]; next: the element after it */
    {"protocol", CAP(endpoints[0].protocol), BIT(ENDPOINT0_PROTOCOL), STR, F(ENDPOINT0_PROTOCOL), 8,
     L_EP0_URL, 0},
    {"url", CAP(endpoints[0].url), BIT(ENDPOINT0_URL), STR, F(ENDPOINT0_URL), 3, 0, 0},
    {"", 0, S_EP1, OBJ, 0, 0, 0, 0}, /* endpoints[1], the last kept */
    {"protocol", CAP(endpoints[1].protocol), BIT(ENDPOINT1_PROTOCOL), STR, F(ENDPOINT1_PROTOCOL), 8,
     L_EP1_URL, 0},
    {"url", CAP(endpoints[1].url), BIT(ENDPOINT1_URL), STR, F(ENDPOINT1_URL), 3, 0, 0},
    {"encoding", 0, BIT(ENCODING_TYPE), OBJ, 0, 8, L_OPTIONS, 0},
    {"encodingType", CAP(encoding_type), BIT(ENCODING_TYPE), STR, F(ENCODING_TYPE), 12, 0, 0},
    {"streamOptions", 0, BIT(STREAM_OPTION), ARR, 0, 13, 0,
     AMSOP__JS_ELEMS | AMSOP__JS_COUNT1 | AMSOP__JS_RESET1},
    {"", CAP(stream_option), BIT(STREAM_OPTION), STR, F(STREAM_OPTION), 0, 0, 0},
};

static const amsop__jschema_t schema = {nodes,
                                        field_off,
                                        (uint16_t)offsetof(info_t, truncated),
                                        (uint16_t)offsetof(info_t, present),
                                        (uint16_t)sizeof(info_t),
                                        NFIELDS};

const amsop__jschema_t *amsop__live_event_schema(void)
{
    return &schema;
}

/* LiveEventResourceState's values, by amsop_resource_state_t from STOPPED. */
static const char *const state_names[] = {"Stopped", "Allocating", "StandBy", "Starting",
                                          "Running", "Stopping",   "Deleting"};
#define NSTATES (sizeof(state_names) / sizeof(state_names[0]))

const char *amsop_live_field_name(amsop_live_field_t field)
{
    static const char *const names[NFIELDS] = {"name",
                                               "resourceState",
                                               "streamingProtocol",
                                               "encodingType",
                                               "streamOptions[0]",
                                               "endpoints[0].protocol",
                                               "endpoints[0].url",
                                               "endpoints[1].protocol",
                                               "endpoints[1].url"};
    return (unsigned)field < NFIELDS ? names[field] : NULL;
}

const char *amsop_resource_state_name(amsop_resource_state_t state)
{
    unsigned k = (unsigned)state - (unsigned)AMSOP_RESOURCE_STATE_STOPPED;
    return k < NSTATES ? state_names[k] : NULL;
}

amsop_resource_state_t amsop_resource_state_from_text(const char *text, size_t len)
{
    unsigned k;

    if (text == NULL)
        return AMSOP_RESOURCE_STATE_UNKNOWN;
    for (k = 0; k < NSTATES; k++) {
        if (strlen(state_names[k]) == len && amsop__ieq(text, state_names[k], len))
            return (amsop_resource_state_t)(AMSOP_RESOURCE_STATE_STOPPED + k);
    }
    return AMSOP_RESOURCE_STATE_UNKNOWN;
}

amsop_err_t amsop_live_event_path(const amsop_live_event_t *le, amsop_target_t *out)
{
    return amsop__live_event_path(le, NULL, out);
}

amsop_err_t amsop_client_live_event(amsop_client_t *c, const amsop_live_event_t *le,
                                    amsop_result_t *out, amsop_live_event_info_t *info)
{
    amsop_target_t *path;
    amsop__request_t rq;
    amsop_err_t err;

    if (c == NULL || out == NULL || info == NULL)
        return AMSOP_ERR_INVALID_ARG;
    memset(info, 0, sizeof(*info));
    path = &c->_internal.path;
    err = amsop_live_event_path(le, path);
    if (err != AMSOP_OK)
        return err;
    amsop__status_request(c, path, &rq); /* a GET of the path, the client's api-version */
    amsop__begin(c, c->sys.now_ms(c->sys.ctx) + CONFIG_AMSOP_REQUEST_TIMEOUT_MS, AMSOP_ERR_TIMEOUT);
    c->_internal.ok_schema = &schema;
    c->_internal.ok_base = info;
    err = amsop__exchange(c, &rq, out);
    c->_internal.ok_schema = NULL;
    c->_internal.ok_base = NULL;
    if (err == AMSOP_OK && !(info->present & AMSOP_FIELD_BIT(AMSOP_LIVE_FIELD_RESOURCE_STATE)))
        err = AMSOP_ERR_JSON_SCHEMA; /* a 2xx live event must name its state */
    if (err != AMSOP_OK) {
        memset(info, 0, sizeof(*info)); /* nothing half-read is left */
        return err;
    }
    info->resource_state = (info->truncated & AMSOP_FIELD_BIT(AMSOP_LIVE_FIELD_RESOURCE_STATE))
                               ? AMSOP_RESOURCE_STATE_UNKNOWN
                               : amsop_resource_state_from_text(info->resource_state_text,
                                                                strlen(info->resource_state_text));
    info->endpoints_count = c->_internal.json.counts[0];
    info->stream_options_count = c->_internal.json.counts[1];
    return AMSOP_OK;
}
