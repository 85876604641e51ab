/* SPDX-License-Identifier: MIT */
/* Peak RAM of whole HTTPS polls, measured on the host with the firmware's
 * mbedTLS configuration (port/tls/mbedtls/amsop_mbedtls_config.h plus
 * MBEDTLS_MEMORY_DEBUG): the high-water mark of port/tls's mbedTLS pool
 * (CONFIG_AMSOP_MBEDTLS_POOL_SIZE, so a preset whose pool is too small
 * fails here), the structs the
 * caller places, and the stack (the poll runs on a painted stack; the bytes
 * still holding the paint were never touched).
 *   ram_peak ENDPOINT CA_PEM TOKEN URL POLLS
 * Prints one line of key=value figures. Host pointers are 8 bytes, so struct
 * and stack figures are upper bounds for a 32-bit MCU. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amsop.h"
#include "amsop_tls.h"
#include "mbedtls/memory_buffer_alloc.h"

#define STACK_BYTES (256 * 1024)
#define PAINT       0xA5u

static unsigned char stack_mem[STACK_BYTES] __attribute__((aligned(64)));
static amsop_client_t client;
static amsop_tls_t tls;
static amsop_result_t result;
static amsop_target_t target;
static unsigned char ca[65536];
static char **args;
static long polls_ok;
static unsigned long handshakes, resumed;

static void *idle_thread(void *unused)
{
    return unused;
}

/* Bytes of the painted stack a thread function touched. */
static size_t stack_used(void *(*fn)(void *))
{
    pthread_attr_t attr;
    pthread_t th;
    size_t untouched = 0;

    memset(stack_mem, PAINT, sizeof(stack_mem));
    pthread_attr_init(&attr);
    pthread_attr_setstack(&attr, stack_mem, sizeof(stack_mem));
    if (pthread_create(&th, &attr, fn, NULL) != 0)
        return 0;
    pthread_join(th, NULL);
    while (untouched < sizeof(stack_mem) && stack_mem[untouched] == PAINT)
        untouched++;
    return sizeof(stack_mem) - untouched;
}

static void *poll_thread(void *unused)
{
    amsop_endpoint_t ep;
    amsop_config_t cfg;
    amsop_tls_config_t tcfg;
    FILE *f = fopen(args[2], "rb");
    size_t ca_len;
    long i, n = strtol(args[5], NULL, 10);

    (void)unused;
    if (f == NULL)
        return NULL;
    ca_len = fread(ca, 1, sizeof(ca) - 1, f);
    fclose(f);
    ca[ca_len++] = '\0';
    memset(&cfg, 0, sizeof(cfg));
    tcfg.ca_pem = ca;
    tcfg.ca_pem_len = ca_len;
    if (amsop_endpoint_parse(args[1], &ep) != AMSOP_OK ||
        amsop_target_from_url(&ep, args[4], strlen(args[4]), &target) != AMSOP_OK ||
        amsop_tls_init(&tls, &tcfg) != AMSOP_OK)
        return NULL;
    cfg.endpoint = args[1];
    cfg.token = args[3];
    cfg.transport = amsop_tls_transport(&tls);
    cfg.sys = amsop_port_sys();
    if (amsop_client_init(&client, &cfg) != AMSOP_OK)
        return NULL;
    for (i = 0; i < n; i++) {
        amsop_err_t err = amsop_client_get(&client, &target, &result);
        if (err != AMSOP_OK) {
            fprintf(stderr, "ram_peak: %s (mbedTLS %d)\n", amsop_err_name(err),
                    tls.last_mbedtls_err);
            break;
        }
        polls_ok++;
        if (i == 0) /* a reconnect with resumption is part of a poll's life */
            amsop_client_close(&client);
    }
    amsop_client_close(&client);
    handshakes = tls.handshakes;
    resumed = tls.resumed;
    amsop_tls_free(&tls);
    return NULL;
}

int main(int argc, char **argv)
{
    size_t used = 0, blocks = 0, base, peak;

    if (argc != 6) {
        fprintf(stderr, "usage: ram_peak ENDPOINT CA_PEM TOKEN URL POLLS\n");
        return 2;
    }
    args = argv;
    base = stack_used(idle_thread); /* the thread's own descriptor and TLS */
    peak = stack_used(poll_thread);
    mbedtls_memory_buffer_alloc_max_get(&used, &blocks);
    printf("polls=%ld tls_pool_peak=%zu tls_pool_blocks=%zu sizeof_tls=%zu sizeof_client=%zu "
           "sizeof_result=%zu sizeof_target=%zu stack_peak=%zu handshakes=%lu resumed=%lu\n",
           polls_ok, used, blocks, sizeof(tls), sizeof(client), sizeof(result), sizeof(target),
           peak - base, handshakes, resumed);
    return polls_ok == strtol(argv[5], NULL, 10) ? 0 : 1;
}
