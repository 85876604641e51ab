/* SPDX-License-Identifier: MIT */
/* amsop CLI: what `amsop wait` shows while the core polls. */
#ifndef AMSOP_CLI_WAIT_H
#define AMSOP_CLI_WAIT_H

#include <stdint.h>

#include "amsop.h"
#include "cli_args.h"

typedef struct cli_wait_view {
    cli_output_t output;
    int live;      /* redraw one status line (text output on a terminal) */
    int line_open; /* the live line is drawn and not yet ended */
    uint64_t start_ms;
    uint64_t drawn_ms;   /* when the live line was last drawn */
    amsop_sys_t inner;   /* the port's clock and sleep */
    amsop_result_t last; /* the read the live line shows */
} cli_wait_view_t;

/* live: text output on a terminal. inner: the port's amsop_sys_t. */
void cli_wait_view_init(cli_wait_view_t *v, cli_output_t output, int live, amsop_sys_t inner);

/* The amsop_sys_t to give the core: the inner one, whose sleep also keeps
 * the live line's elapsed time current (redrawn at least once a second). */
amsop_sys_t cli_wait_sys(cli_wait_view_t *v);

/* Starts the elapsed-time clock. */
void cli_wait_view_start(cli_wait_view_t *v);

/* amsop_wait_opts_t.on_change: one line (text), one object (json), or a
 * redraw of the live line. Never asks the wait to stop. */
int cli_wait_on_change(void *user, const amsop_result_t *r);

/* Ends the live line with a newline if one is open. */
void cli_wait_view_end(cli_wait_view_t *v);

#endif
