/* SPDX-License-Identifier: MIT */
/* amsop CLI: help and version text. */
#ifndef AMSOP_CLI_HELP_H
#define AMSOP_CLI_HELP_H

#include <stdio.h>

void cli_help(FILE *f);
void cli_version(FILE *f);

#endif
