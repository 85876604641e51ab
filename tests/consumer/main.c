/* SPDX-License-Identifier: MIT */
/* amsop_consumer: a program that takes amsop the way a product does (as a
 * CMake subproject, a downloaded source tarball, an installed package, by
 * pkg-config or from amsop_sources.mk); tests/consumer/run_consumer.py
 * builds it each way and runs it against the simulator.
 *
 *     amsop_consumer get|wait CA_FILE TOKEN_FILE ENDPOINT OPERATION_URL
 *
 * Trusts only the roots in CA_FILE, reads the bearer token from TOKEN_FILE,
 * reads (get) or follows (wait) the Azure-AsyncOperation URL and prints
 *     http: <status code>
 *     status: <InProgress|Succeeded|Failed|Canceled|Unknown|None>
 *     result: <amsop_err_t name>
 * Exit 0: the call succeeded and the status is Succeeded, or for get also
 * InProgress; 1: any other outcome; 2: usage or unreadable file. */
#include <stdio.h>
#include <string.h>

#include "amsop.h"
#include "amsop_tls.h"

static amsop_client_t client;
static amsop_tls_t tls;
static amsop_result_t result;
static unsigned char ca_pem[32768];
static char token[8192];

/* Reads a whole file, NUL-terminated; returns its length, or -1. */
static long read_file(const char *path, unsigned char *buf, size_t cap)
{
    size_t n;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return -1;
    n = fread(buf, 1, cap - 1, f);
    if (ferror(f) || !feof(f)) {
        fclose(f);
        return -1; /* unreadable, or larger than the buffer */
    }
    fclose(f);
    buf[n] = '\0';
    return (long)n;
}

static int usage(void)
{
    fprintf(stderr, "usage: amsop_consumer get|wait CA_FILE TOKEN_FILE ENDPOINT OPERATION_URL\n");
    return 2;
}

int main(int argc, char **argv)
{
    amsop_endpoint_t ep;
    amsop_target_t target;
    amsop_tls_config_t tls_cfg = {0};
    amsop_config_t cfg = {0};
    amsop_wait_opts_t opts = {0};
    amsop_err_t err;
    long ca_len, token_len;
    int wait;

    if (argc != 6 || (strcmp(argv[1], "get") != 0 && strcmp(argv[1], "wait") != 0))
        return usage();
    wait = strcmp(argv[1], "wait") == 0;
    ca_len = read_file(argv[2], ca_pem, sizeof ca_pem);
    token_len = read_file(argv[3], (unsigned char *)token, sizeof token);
    if (ca_len <= 0 || token_len <= 0) {
        fprintf(stderr, "amsop_consumer: cannot read %s\n", ca_len <= 0 ? argv[2] : argv[3]);
        return 2;
    }
    while (token_len > 0 && (token[token_len - 1] == '\n' || token[token_len - 1] == '\r'))
        token[--token_len] = '\0';

    if ((err = amsop_endpoint_parse(argv[4], &ep)) != AMSOP_OK ||
        (err = amsop_target_from_url(&ep, argv[5], strlen(argv[5]), &target)) != AMSOP_OK) {
        printf("result: %s\n", amsop_err_name(err));
        return 1;
    }
    tls_cfg.ca_pem = ca_pem;
    tls_cfg.ca_pem_len = (size_t)ca_len + 1; /* the NUL, as mbedTLS wants */
    if ((err = amsop_tls_init(&tls, &tls_cfg)) != AMSOP_OK) {
        printf("result: %s\n", amsop_err_name(err));
        return 1;
    }
    cfg.endpoint = argv[4];
    cfg.token = token;
    cfg.token_len = (size_t)token_len;
    cfg.transport = amsop_tls_transport(&tls);
    cfg.sys = amsop_port_sys();
    if ((err = amsop_client_init(&client, &cfg)) == AMSOP_OK) {
        if (wait) {
            opts.timeout_ms = 60000;
            err = amsop_client_wait(&client, &target, &opts, &result);
        } else {
            err = amsop_client_get(&client, &target, &result);
        }
    }
    amsop_client_close(&client);
    amsop_tls_free(&tls);

    printf("http: %d\n", result.http_status);
    printf("status: %s\n", amsop_status_name(result.status));
    printf("result: %s\n", amsop_err_name(err));
    if (err != AMSOP_OK)
        return 1;
    if (result.status == AMSOP_STATUS_SUCCEEDED)
        return 0;
    return !wait && result.status == AMSOP_STATUS_IN_PROGRESS ? 0 : 1;
}
