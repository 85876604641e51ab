/* SPDX-License-Identifier: MIT */
/* Private to core/: the pieces client.c, request.c, wait.c and action.c
 * share. Nothing here knows a token provider's type: the client reaches one
 * only through amsop_token_provider_t. */
#ifndef AMSOP_CLIENT_INTERNAL_H
#define AMSOP_CLIENT_INTERNAL_H

#include "amsop_action.h"
#include "amsop_client.h"

/* One HTTP request as the writer streams it. */
typedef amsop_request_t amsop__request_t;

/* Milliseconds left until deadline (0 when passed), capped at cap_ms. */
uint32_t amsop__time_left(const amsop_client_t *c, uint64_t deadline, uint32_t cap_ms);

/* Starts an exchange on c->wire: deadline_err is returned when deadline
 * (on c->sys's clock) cuts it short. */
void amsop__begin(amsop_client_t *c, uint64_t deadline, amsop_err_t deadline_err);

/* Streams the request through c->io in pieces (the token never needs a
 * buffer of its own size), until c->wire's deadline, with its
 * x-ms-client-request-id. */
amsop_err_t amsop__request_send(amsop_client_t *c, const amsop__request_t *rq,
                                const char *client_request_id);

/* A new UUIDv4 from sys->random, lower-case, NUL-terminated. */
void amsop__client_request_id(const amsop_sys_t *sys, char id[AMSOP_CLIENT_REQUEST_ID_SIZE]);

/* After a reply's headers were read (whole or not): the delay they ask
 * for into r->retry_after_ms (see amsop_result_t), the working bits
 * cleared. */
void amsop__arm_http_done(amsop_result_t *r);

/* One request/reply exchange on the kept connection (amsop__begin first),
 * reconnecting once if the server had closed it while idle, and, with a
 * token provider, retrying once with a fresh token after a 401. Fills *out
 * from the headers and the JSON body. */
amsop_err_t amsop__exchange(amsop_client_t *c, const amsop__request_t *rq, amsop_result_t *out);

/* One status read: the exchange, plus "a 2xx reply must name a status". */
amsop_err_t amsop__status_read(amsop_client_t *c, const amsop_target_t *t, uint64_t deadline,
                               amsop_err_t deadline_err, amsop_result_t *out);

/* A target built by amsop_target_from_* (non-empty, terminated path). */
int amsop__target_ok(const amsop_target_t *t);

/* The status read request for a target. */
void amsop__status_request(const amsop_client_t *c, const amsop_target_t *t, amsop__request_t *rq);

/* Starts p on an ARM reply into *r, the reply's one clear of *r: the
 * fields the reader fills are emptied by its start (amsop_http_start), the
 * rest here. The headers a result keeps registered, the body into
 * body[0..body_cap) or, with a sink, to sink(ctx, ...). */
void amsop__arm_http_start(amsop_http_parser_t *p, amsop_result_t *r, uint8_t *body,
                           size_t body_cap, amsop_http_sink_t sink, void *ctx);

/* The path .../liveEvents/{name}, and "/verb" after it unless verb is NULL,
 * every identifier checked (amsop_action_path, amsop_live_event_path). */
amsop_err_t amsop__live_event_path(const amsop_live_event_t *le, const char *verb,
                                   amsop_target_t *out);

/* RFC 6750 b64token: what a bearer token may be made of. */
int amsop__token_ok(const char *token, size_t len);

#endif
