/* SPDX-License-Identifier: MIT */
/* amsop CLI: --output json, jsonc, table, tsv and none (text is cli_text). */
#ifndef AMSOP_CLI_FORMAT_H
#define AMSOP_CLI_FORMAT_H

#include <stdio.h>

#include "amsop_live_event.h"
#include "amsop_result.h"
#include "cli_args.h"

/* One read (get, each change of wait, an HTTP error reply):
 *   json   cli_json_result(): one object on one line
 *   jsonc  the same object, indented by two spaces per level
 *   table  a header and a dashed rule before the first row, then one row:
 *          Status, Name, HttpStatus, ErrorCode, RequestId, left-aligned in
 *          columns 12, 36, 10, 28 bytes wide and two spaces apart (a longer
 *          value pushes the rest of its row to the right); the last column
 *          is not padded and trailing blanks are left out
 *   tsv    the same five values joined by tabs, no header; absent = empty
 *   none   nothing
 * Text is shown with control characters escaped (cli_text_safe). */
void cli_format_result(FILE *f, cli_output_t o, const amsop_result_t *r);

/* `amsop show` (and the live event after start|stop|reset --wait):
 *   json   {"httpStatus":200,"name":..,"resourceState":..,"input":
 *          {"streamingProtocol":..,"endpoints":[{"protocol":..,"url":..}],
 *          "endpointsCount":N},"encoding":{"encodingType":..},
 *          "streamOptions":[..],"streamOptionsCount":N,"requestId":..,
 *          "truncated":[..]} on one line (endpoints: the first
 *          AMSOP_LIVE_ENDPOINTS; streamOptions: the first)
 *   jsonc  the same object indented
 *   table  Name, ResourceState, StreamingProtocol, EncodingType, IngestUrl
 *          (24, 14, 18, 20 wide; the first endpoint's url)
 *   tsv    the same five values; none nothing. */
void cli_format_live_event(FILE *f, cli_output_t o, const amsop_live_event_info_t *li,
                           const amsop_result_t *r);

/* The answer to start/stop/reset: json {"httpStatus":..,"action":..,
 * "asyncOperation":..,"location":..} (plus "followed":false,"refused":NAME
 * when refused is not NULL: the operation URL will not be followed); jsonc indented; table with the
 * columns Action, HttpStatus, AsyncOperation, Location (sized to their values); tsv the same four
 * values; none nothing. NULL or "" is null / empty. */
void cli_format_action(FILE *f, cli_output_t o, int http_status, const char *action,
                       const char *async_operation, const char *location, const char *refused);

#endif
