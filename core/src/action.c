/* SPDX-License-Identifier: MIT */
/* Live event actions (see amsop_action.h). */
#include <string.h>

#include "amsop_action.h"
#include "client_internal.h"
#include "target_internal.h"

#define OPS_SEGMENT "/liveEventOperations/"

static const char k_stop_keep[] = "{\"removeOutputsOnStop\":false}";
static const char k_stop_remove[] = "{\"removeOutputsOnStop\":true}";

/* Length of the leading part of s without any byte of stop (strcspn; the
 * freestanding builds have only a few <string.h> functions). */
static size_t span_until(const char *s, const char *stop)
{
    size_t n = 0;
    while (s[n] != '\0' && memchr(stop, s[n], strlen(stop)) == NULL)
        n++;
    return n;
}

/* Where "/liveEventOperations/" starts in path, or -1. */
static long find_ops(const char *path, size_t len)
{
    size_t k = sizeof(OPS_SEGMENT) - 1u;
    size_t i;
    for (i = 0; i + k <= len; i++)
        if (memcmp(path + i, OPS_SEGMENT, k) == 0)
            return (long)i;
    return -1;
}

const char *amsop_action_name(amsop_action_t action)
{
    switch (action) {
    case AMSOP_ACTION_START:
        return "start";
    case AMSOP_ACTION_STOP:
        return "stop";
    case AMSOP_ACTION_RESET:
        return "reset";
    default:
        return NULL;
    }
}

amsop_err_t amsop__live_event_path(const amsop_live_event_t *le, const char *verb,
                                   amsop_target_t *out)
{
    long cut;
    size_t base, name_len, verb_len;
    amsop_err_t err;

    if (le == NULL || out == NULL || le->name == NULL)
        return AMSOP_ERR_INVALID_ARG;
    err = amsop_validate_live_event_name(le->name);
    if (err != AMSOP_OK)
        return err;
    /* The account's path, validated and encoded by the target builder
     * (with a stand-in operation id that is cut off again). */
    err = amsop_target_from_ids(le->subscription, le->resource_group, le->account, "0", out);
    if (err != AMSOP_OK)
        return err;
    cut = find_ops(out->path, out->path_len);
    if (cut < 0)
        return AMSOP_ERR_INVALID_ARG;
    base = (size_t)cut;
    name_len = strlen(le->name);
    verb_len = verb != NULL ? strlen(verb) + 1u : 0u; /* "/verb" */
    if (base + strlen("/liveEvents/") + name_len + verb_len + 1 > sizeof(out->path))
        return AMSOP_ERR_TOO_LONG;
    out->path_len = base;
    memcpy(out->path + out->path_len, "/liveEvents/", 12);
    out->path_len += 12;
    memcpy(out->path + out->path_len, le->name, name_len); /* [A-Za-z0-9-]: no encoding */
    out->path_len += name_len;
    if (verb != NULL) {
        out->path[out->path_len++] = '/';
        memcpy(out->path + out->path_len, verb, verb_len - 1u);
        out->path_len += verb_len - 1u;
    }
    out->path[out->path_len] = '\0';
    out->api_version[0] = '\0';
    return AMSOP_OK;
}

amsop_err_t amsop_action_path(const amsop_live_event_t *le, amsop_action_t action,
                              amsop_target_t *out)
{
    const char *verb = amsop_action_name(action);

    if (verb == NULL)
        return AMSOP_ERR_INVALID_ARG;
    return amsop__live_event_path(le, verb, out);
}

/* The last path segment of a Location path (.../operationLocations/{id}?...).
 * The id is copied into scratch (the POST's path, done with), not onto the
 * stack: this is the action's deepest path. */
static amsop_err_t location_op(const amsop_live_event_t *le, const char *loc, char *scratch,
                               amsop_target_t *t)
{
    char *id = scratch;
    size_t end = span_until(loc, "?#");
    size_t start = end;
    typedef char room_check[CONFIG_AMSOP_OPERATION_ID_MAX < CONFIG_AMSOP_PATH_MAX ? 1 : -1];
    (void)sizeof(room_check);
    while (start > 0 && loc[start - 1] != '/')
        start--;
    if (end == start || end - start > CONFIG_AMSOP_OPERATION_ID_MAX)
        return AMSOP_ERR_URL_PATH;
    memcpy(id, loc + start, end - start);
    id[end - start] = '\0';
    return amsop_target_from_ids(le->subscription, le->resource_group, le->account, id, t) ==
                   AMSOP_OK
               ? AMSOP_OK
               : AMSOP_ERR_URL_PATH; /* the server's id ("..", "%2e", ...) */
}

static int whole(const amsop_result_t *r, amsop_field_t f)
{
    return (r->present & AMSOP_FIELD_BIT(f)) && !(r->truncated & AMSOP_FIELD_BIT(f));
}

static amsop_err_t operation_of(amsop_client_t *c, const amsop_live_event_t *le, amsop_result_t *r,
                                amsop_target_t *op)
{
    size_t at = 0;
    size_t len;
    amsop_err_t err;

    if (whole(r, AMSOP_FIELD_ASYNC_OPERATION)) {
        err = amsop__target_from_ref(&c->endpoint, r->async_operation, strlen(r->async_operation),
                                     op);
        /* The server sent it: a bad identifier in it is a bad URL, not bad input. */
        return err == AMSOP_ERR_INVALID_ID ? AMSOP_ERR_URL_PATH : err;
    }
    if (!whole(r, AMSOP_FIELD_LOCATION)) {
        if (r->http_status == 202 || (r->present & (AMSOP_FIELD_BIT(AMSOP_FIELD_LOCATION) |
                                                    AMSOP_FIELD_BIT(AMSOP_FIELD_ASYNC_OPERATION))))
            return AMSOP_ERR_ACTION_NO_OPERATION; /* accepted, but nothing to follow */
        /* 200 (or 204) with no operation: ARM completed the action in the
         * call itself (the spec's stop example answers 200 {}). */
        r->status = AMSOP_STATUS_SUCCEEDED;
        return AMSOP_OK;
    }
    /* Location names the same operation id; followed on the endpoint only,
     * with the host check every server URL gets. */
    len = strlen(r->location);
    err = amsop__ref_on_endpoint(&c->endpoint, r->location, len, &at);
    if (err != AMSOP_OK)
        return err;
    if (amsop__target_from_ref(&c->endpoint, r->location, len, op) == AMSOP_OK)
        return AMSOP_OK; /* it is an operation URL itself */
    return location_op(le, r->location + at, c->_internal.path.path, op);
}

amsop_err_t amsop_client_action(amsop_client_t *c, const amsop_live_event_t *le,
                                amsop_action_t action, const amsop_action_opts_t *opts,
                                amsop_result_t *out, amsop_target_t *operation)
{
    static const uint8_t no_body[1] = {0};
    amsop_target_t *path;
    amsop__request_t rq;
    amsop_err_t err;

    if (c == NULL || out == NULL || operation == NULL)
        return AMSOP_ERR_INVALID_ARG;
    memset(operation, 0, sizeof(*operation));
    path = &c->_internal.path;
    err = amsop_action_path(le, action, path);
    if (err != AMSOP_OK)
        return err;
    memset(&rq, 0, sizeof(rq));
    rq.method = "POST";
    rq.path = path->path;
    rq.path_len = path->path_len;
    rq.api_version = c->api_version;
    if (action == AMSOP_ACTION_STOP) {
        const char *b =
            (opts != NULL && opts->remove_outputs_on_stop) ? k_stop_remove : k_stop_keep;
        rq.content_type = "application/json";
        rq.body = (const uint8_t *)b;
        rq.body_len = strlen(b);
    } else {
        rq.body = no_body; /* POST with Content-Length: 0 */
        rq.body_len = 0;
    }
    {
        uint64_t now = c->sys.now_ms(c->sys.ctx);
        uint64_t deadline = now + CONFIG_AMSOP_REQUEST_TIMEOUT_MS;
        amsop_err_t deadline_err = AMSOP_ERR_TIMEOUT;
        if (opts != NULL && opts->timeout_ms > 0 && now + opts->timeout_ms <= deadline) {
            deadline = now + opts->timeout_ms; /* the caller's: token, connect, POST, reply */
            deadline_err = AMSOP_ERR_DEADLINE;
        }
        amsop__begin(c, deadline, deadline_err);
    }
    err = amsop__exchange(c, &rq, out);
    if (err != AMSOP_OK)
        return err;
    err = operation_of(c, le, out, operation);
    if (err != AMSOP_OK)
        memset(operation, 0, sizeof(*operation));
    return err;
}
