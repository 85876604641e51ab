/* SPDX-License-Identifier: MIT */
/* amsop CLI: --output text, and the error report on stderr. */
#ifndef AMSOP_CLI_TEXT_H
#define AMSOP_CLI_TEXT_H

#include <stdint.h>
#include <stdio.h>

#include "amsop_err.h"
#include "amsop_live_event.h"
#include "amsop_result.h"

/* Writes s with control characters (C0, DEL, C1) shown as \xNN so server
 * text cannot drive the terminal. NULL prints nothing. */
void cli_text_safe(FILE *f, const char *s);

/* The status as shown to people: "InProgress", the received text for
 * Unknown values, "(none)" for error replies. */
const char *cli_text_status(const amsop_result_t *r);

/* `amsop get`: "status: ..." then one "key: value" line per present field. */
void cli_text_result(FILE *f, const amsop_result_t *r);

/* `amsop wait`: "[  3.2s] InProgress  (name ...)" without the newline. */
void cli_text_wait_line(FILE *f, uint64_t elapsed_ms, const amsop_result_t *r);

/* The name of bit i of a truncated mask, NULL past the last field: one
 * for amsop_result_t (amsop_field_t), one for amsop_live_event_info_t. */
typedef const char *(*cli_field_name_fn)(unsigned i);
const char *cli_result_field_name(unsigned i);
const char *cli_live_field_name(unsigned i);

/* The live event's resourceState as shown: the state's name, the received
 * text for an unknown one, NULL when the reply named none. */
const char *cli_text_resource_state(const amsop_live_event_info_t *li);

/* `amsop show`: "resource state: ..." then one "key: value" line per field
 * present (name, streaming protocol, each ingest endpoint as "PROTOCOL URL",
 * encoding type, stream options), the http status and request id of r. */
void cli_text_live_event(FILE *f, const amsop_live_event_info_t *li, const amsop_result_t *r);

/* stderr: "amsop: AMSOP_ERR_...: text" plus, when r has an HTTP reply, its
 * status, ARM error code/message/target and request ids. r may be NULL. */
void cli_text_error(FILE *f, amsop_err_t err, const amsop_result_t *r);

#endif
