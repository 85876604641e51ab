/* SPDX-License-Identifier: MIT */
/* amsop side of the poll-rate benchmark: N status reads of one target over
 * one kept TLS connection, through the library exactly as a device uses it
 * (amsop_tls transport over the POSIX port, amsop_client_get).
 *   bench_amsop_poll ENDPOINT CA_PEM TOKEN URL N
 * Prints: polls=N ok=K seconds=S handshakes=H connects=C */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "amsop.h"
#include "amsop_tls.h"

static amsop_client_t client;
static amsop_tls_t tls;
static amsop_result_t result;
static unsigned char ca[65536];

int main(int argc, char **argv)
{
    amsop_endpoint_t ep;
    amsop_target_t target;
    amsop_config_t cfg;
    amsop_tls_config_t tcfg;
    struct timespec t0, t1;
    long n, i, ok = 0;
    size_t ca_len;
    FILE *f;

    if (argc != 6) {
        fprintf(stderr, "usage: bench_amsop_poll ENDPOINT CA_PEM TOKEN URL N\n");
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    f = fopen(argv[2], "rb");
    if (f == NULL)
        return 2;
    ca_len = fread(ca, 1, sizeof(ca) - 1, f);
    fclose(f);
    ca[ca_len++] = '\0';
    n = strtol(argv[5], NULL, 10);
    memset(&cfg, 0, sizeof(cfg));
    tcfg.ca_pem = ca;
    tcfg.ca_pem_len = ca_len;
    if (amsop_endpoint_parse(argv[1], &ep) != AMSOP_OK ||
        amsop_target_from_url(&ep, argv[4], strlen(argv[4]), &target) != AMSOP_OK ||
        amsop_tls_init(&tls, &tcfg) != AMSOP_OK)
        return 2;
    cfg.endpoint = argv[1];
    cfg.token = argv[3];
    cfg.transport = amsop_tls_transport(&tls);
    cfg.sys = amsop_port_sys();
    if (amsop_client_init(&client, &cfg) != AMSOP_OK)
        return 2;
    for (i = 0; i < n; i++) {
        amsop_err_t err = amsop_client_get(&client, &target, &result);
        if (err != AMSOP_OK) {
            fprintf(stderr, "bench_amsop_poll: %s\n", amsop_err_name(err));
            break;
        }
        ok += result.status == AMSOP_STATUS_IN_PROGRESS;
    }
    amsop_client_close(&client);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("polls=%ld ok=%ld seconds=%.4f handshakes=%lu connects=%lu\n", n, ok,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
           (unsigned long)tls.handshakes, (unsigned long)client.stats.connects);
    amsop_tls_free(&tls);
    return ok == n ? 0 : 1;
}
