/* SPDX-License-Identifier: MIT */
/* Drives the client's connection-reuse path for test_reuse_property.py:
 * COUNT sequential reads of operations op-0, op-1, ... over one client (one
 * kept TLS connection while the server allows it), GAP_MS apart, or, with
 * GAP_MS "-", each after a line on stdin (the test says when the server has
 * played what it does between requests). One line per read:
 * "k error-name name status". Test tooling: uses stdio freely. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amsop.h"
#include "amsop_port.h"
#include "amsop_tls.h"

#define DRIVER_CA_MAX (64u * 1024u)

static amsop_client_t s_client;
static amsop_tls_t s_tls;
static amsop_result_t s_result;
static unsigned char s_ca[DRIVER_CA_MAX + 1u];

static size_t read_ca(const char *path)
{
    FILE *f = fopen(path, "rb");
    size_t n;

    if (f == NULL) {
        return 0;
    }
    n = fread(s_ca, 1, DRIVER_CA_MAX, f);
    (void)fclose(f);
    s_ca[n] = '\0';
    return n;
}

int main(int argc, char **argv)
{
    amsop_tls_config_t tc;
    amsop_config_t cfg;
    amsop_err_t err;
    unsigned long count;
    unsigned long gap;
    unsigned long k;
    size_t ca_len;

    if (argc != 5) {
        (void)fprintf(stderr, "usage: reuse_driver ENDPOINT CA_FILE COUNT GAP_MS\n");
        return 2;
    }
    count = strtoul(argv[3], NULL, 10);
    gap = strcmp(argv[4], "-") == 0 ? 0u : strtoul(argv[4], NULL, 10);
    if (count > 100000u || gap > 60000u) {
        return 2;
    }
    ca_len = read_ca(argv[2]);
    if (ca_len == 0) {
        return 2;
    }
    tc.ca_pem = s_ca;
    tc.ca_pem_len = ca_len + 1u;
    if (amsop_tls_init(&s_tls, &tc) != AMSOP_OK) {
        return 3;
    }
    memset(&cfg, 0, sizeof cfg);
    cfg.endpoint = argv[1];
    cfg.token = "reuse-property-token";
    cfg.transport = amsop_tls_transport(&s_tls);
    cfg.sys = amsop_port_sys();
    err = amsop_client_init(&s_client, &cfg);
    if (err != AMSOP_OK) {
        (void)fprintf(stderr, "init: %s\n", amsop_err_name(err));
        return 2;
    }
    for (k = 0; k < count; ++k) {
        static amsop_target_t target;
        char op[32];

        (void)snprintf(op, sizeof op, "op-%lu", k);
        err = amsop_target_from_ids("0a6ec948-5a62-437d-b9df-934dc7c1b722", "rg", "account1", op,
                                    &target);
        if (err == AMSOP_OK) {
            err = amsop_client_get(&s_client, &target, &s_result);
        }
        (void)printf("%lu %s %s %s\n", k, amsop_err_name(err),
                     s_result.name[0] != '\0' ? s_result.name : "-",
                     amsop_status_name(s_result.status));
        (void)fflush(stdout);
        if (strcmp(argv[4], "-") == 0) {
            char go[8];
            if (fgets(go, (int)sizeof go, stdin) == NULL) {
                break;
            }
        } else {
            cfg.sys.sleep_ms(cfg.sys.ctx, (uint32_t)gap);
        }
    }
    (void)printf("stats connects=%lu reconnects=%lu requests=%lu replies=%lu stale_dropped=%lu\n",
                 (unsigned long)s_client.stats.connects, (unsigned long)s_client.stats.reconnects,
                 (unsigned long)s_client.stats.requests, (unsigned long)s_client.stats.replies,
                 (unsigned long)s_tls.stale_dropped);
    amsop_client_close(&s_client);
    amsop_tls_free(&s_tls);
    return 0;
}
