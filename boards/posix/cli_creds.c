/* SPDX-License-Identifier: MIT */
/* amsop CLI: Azure AD client credentials from the environment. */
#include "cli_creds.h"

#include <stdlib.h>
#include <string.h>

#include "cli_text.h"

static char s_authority[CONFIG_AMSOP_HOST_MAX + 16];
static char s_scope[CONFIG_AMSOP_AAD_SCOPE_MAX];

static const char *env(const char *name)
{
    const char *v = getenv(name);
    return (v != NULL && v[0] != '\0') ? v : NULL;
}

int cli_creds_present(void)
{
    return env(CLI_ENV_TENANT) != NULL && env(CLI_ENV_CLIENT_ID) != NULL &&
           env(CLI_ENV_SECRET) != NULL;
}

int cli_creds_config(const char *authority_host, const char *endpoint, amsop_aad_config_t *cfg)
{
    const char *auth = authority_host != NULL ? authority_host : env(CLI_ENV_AUTHORITY);
    size_t n = strlen(endpoint);
    int w;

    memset(cfg, 0, sizeof *cfg);
    if (auth != NULL) {
        const char *scheme = strstr(auth, "://") != NULL ? "" : "https://";
        size_t len = strlen(auth);
        if (len > 0 && auth[len - 1] == '/') {
            --len; /* AZURE_AUTHORITY_HOST is often written with a slash */
        }
        w = snprintf(s_authority, sizeof s_authority, "%s%.*s", scheme, (int)len, auth);
        if (w < 0 || (size_t)w >= sizeof s_authority) {
            return -1;
        }
        cfg->authority = s_authority;
    }
    while (n > 0 && endpoint[n - 1] == '/') {
        --n;
    }
    w = snprintf(s_scope, sizeof s_scope, "%.*s/.default", (int)n, endpoint);
    if (w < 0 || (size_t)w >= sizeof s_scope) {
        return -1;
    }
    cfg->scope = s_scope;
    cfg->tenant = env(CLI_ENV_TENANT);
    cfg->client_id = env(CLI_ENV_CLIENT_ID);
    cfg->client_secret = env(CLI_ENV_SECRET);
    return 0;
}

void cli_creds_wipe(void)
{
    char *secret = getenv(CLI_ENV_SECRET);
    if (secret != NULL) {
        volatile char *p = secret;
        while (*p != '\0') {
            *p++ = '\0';
        }
    }
}

static void field(FILE *f, const char *name, const char *value)
{
    if (value[0] == '\0') {
        return;
    }
    (void)fprintf(f, "amsop:   %s: ", name);
    cli_text_safe(f, value);
    (void)fputc('\n', f);
}

void cli_creds_report(FILE *f, const amsop_aad_error_t *e)
{
    if (e->http_status > 0) {
        (void)fprintf(f, "amsop:   token endpoint http status: %d\n", e->http_status);
    }
    field(f, "error", e->error);
    field(f, "error_description", e->description);
    field(f, "error_codes", e->error_codes);
    field(f, "trace_id", e->trace_id);
    field(f, "correlation_id", e->correlation_id);
}
