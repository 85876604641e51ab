/* SPDX-License-Identifier: MIT */
/* The smallest firmware that polls an operation with amsop: it calls
 * amsop_client_init, amsop_target_from_ids, amsop_client_get and
 * amsop_client_wait, so --gc-sections keeps exactly the core code such a
 * device needs. The transport and clock are stubs here (the size of a real
 * port and of TLS is measured separately, see tools/size/README.md); they
 * sit behind function pointers, so the compiler cannot drop any core path. */
#include <stddef.h>
#include <stdint.h>

#include "amsop.h"

static volatile uint32_t ticks; /* a board's SysTick would advance this */

static amsop_err_t fw_open(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    (void)ctx;
    (void)host;
    (void)port;
    (void)timeout_ms;
    return AMSOP_ERR_NET_CONNECT;
}

static amsop_err_t fw_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms,
                           size_t *sent)
{
    (void)ctx;
    (void)buf;
    (void)timeout_ms;
    *sent = len;
    return AMSOP_OK;
}

static amsop_err_t fw_recv(void *ctx, uint8_t *buf, size_t cap, uint32_t timeout_ms,
                           size_t *received)
{
    (void)ctx;
    (void)buf;
    (void)cap;
    (void)timeout_ms;
    *received = 0;
    return AMSOP_ERR_NET_CLOSED;
}

static void fw_close(void *ctx)
{
    (void)ctx;
}

static uint64_t fw_now(void *ctx)
{
    (void)ctx;
    return ticks;
}

static void fw_sleep(void *ctx, uint32_t ms)
{
    (void)ctx;
    ticks += ms;
}

static uint32_t fw_random(void *ctx)
{
    (void)ctx;
    return ticks * 2654435761u;
}

/* Caller-owned memory: the core allocates nothing. */
static amsop_client_t client;
static amsop_target_t target;
static amsop_result_t result;

int main(void);
int main(void)
{
    amsop_config_t cfg = {0};
    amsop_wait_opts_t opts = {0};

    cfg.token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.e30.c2ln";
    cfg.transport.open = fw_open;
    cfg.transport.send = fw_send;
    cfg.transport.recv = fw_recv;
    cfg.transport.close = fw_close;
    cfg.sys.now_ms = fw_now;
    cfg.sys.sleep_ms = fw_sleep;
    cfg.sys.random = fw_random;
    if (amsop_client_init(&client, &cfg) != AMSOP_OK)
        return 1;
    if (amsop_target_from_ids("00000000-0000-0000-0000-000000000000", "rg", "acct",
                              "62e4d893-d233-4463-a81b-ddd04a0f6b4b", &target) != AMSOP_OK)
        return 2;
    if (amsop_client_get(&client, &target, &result) != AMSOP_OK)
        return 3;
    opts.timeout_ms = 600000u;
    return (int)amsop_client_wait(&client, &target, &opts, &result);
}
