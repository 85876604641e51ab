/* SPDX-License-Identifier: MIT */
/* amsop CLI: process exit codes. */
#ifndef AMSOP_CLI_EXIT_H
#define AMSOP_CLI_EXIT_H

#include "amsop_err.h"
#include "amsop_result.h"

enum {
    CLI_EXIT_OK = 0,       /* read ok (get) / Succeeded (wait) */
    CLI_EXIT_FAILED = 1,   /* the operation Failed or was Canceled (wait) */
    CLI_EXIT_USAGE = 2,    /* usage or bad input */
    CLI_EXIT_NETWORK = 3,  /* network or TLS failure */
    CLI_EXIT_HTTP = 4,     /* HTTP/ARM error reply or unreadable reply */
    CLI_EXIT_DEADLINE = 5, /* deadline passed, or cancelled by a signal */
    CLI_EXIT_OUTPUT = 6    /* the output (stdout) could not be written */
};

/* The exit code for a call that returned err (not AMSOP_OK). */
int cli_exit_for_err(amsop_err_t err);

/* The exit code of a wait that returned AMSOP_OK with this final status. */
int cli_exit_for_final_status(amsop_status_t status);

#endif
