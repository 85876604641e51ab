/* SPDX-License-Identifier: MIT */
/* amsop CLI: help and version text. */
#ifndef AMSOP_CLI_HELP_H
#define AMSOP_CLI_HELP_H

#include <stdio.h>

#include "cli_args.h"

/* The global help. */
void cli_help(FILE *f);

/* The help of one command (usage, its options, examples); CLI_CMD_NONE or
 * anything else: the global help. */
void cli_help_command(FILE *f, cli_cmd_t cmd);
void cli_version(FILE *f);

#endif
