/* SPDX-License-Identifier: MIT */
/* amsop CLI: Azure AD client credentials from the environment names the
 * Azure SDKs use, and the report of a refused token request. */
#ifndef AMSOP_CLI_CREDS_H
#define AMSOP_CLI_CREDS_H

#include <stdio.h>

#include "amsop.h"

#define CLI_ENV_TENANT    "AZURE_TENANT_ID"
#define CLI_ENV_CLIENT_ID "AZURE_CLIENT_ID"
#define CLI_ENV_SECRET    "AZURE_CLIENT_SECRET"
#define CLI_ENV_AUTHORITY "AZURE_AUTHORITY_HOST"

/* Non-zero when all three of tenant, client id and secret are set. */
int cli_creds_present(void);

/* Fills *cfg (transport and sys left to the caller) from the environment;
 * authority: --authority-host, else AZURE_AUTHORITY_HOST, else the default
 * (a bare host name gets https:// in front). The scope is the Resource
 * Manager endpoint's: endpoint + "/.default". Strings live in static
 * storage until cli_creds_wipe(). Returns 0, or -1 when a value is too long. */
int cli_creds_config(const char *authority_host, const char *endpoint, amsop_aad_config_t *cfg);

/* Overwrites the secret in the environment block (so /proc/PID/environ no
 * longer shows it) and the static copies. */
void cli_creds_wipe(void);

/* stderr: the AAD error fields (error, error_description, error_codes,
 * trace_id, correlation_id, HTTP status). */
void cli_creds_report(FILE *f, const amsop_aad_error_t *e);

#endif
