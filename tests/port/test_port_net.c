/* SPDX-License-Identifier: MIT */
/* POSIX port network calls against real loopback sockets (no mocks). */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "amsop_port.h"
#include "port_test_util.h"

#define SHORT_MS 200u

/* Connected pair: amsop side in *n, the accepted peer returned. */
static int connect_pair(int family, const char *host, amsop_port_net_t *n)
{
    uint16_t port = 0;
    int lfd = tu_listen(family, &port);
    int peer;

    if (lfd < 0) {
        return -1;
    }
    amsop_port_net_init(n);
    assert_int_equal(amsop_port_net_connect(n, host, port, 2000), AMSOP_OK);
    assert_true(n->fd >= 0);
    peer = tu_accept(lfd, 2000);
    (void)close(lfd);
    assert_true(peer >= 0);
    return peer;
}

/* Bytes both ways over one connection. */
static void exchange(amsop_port_net_t *n, int peer)
{
    uint8_t buf[16];
    size_t done = 0;

    assert_int_equal(amsop_port_net_send(n, (const uint8_t *)"ping", 4, 1000, &done), AMSOP_OK);
    assert_int_equal(done, 4);
    assert_int_equal(recv(peer, buf, sizeof buf, 0), 4);
    assert_memory_equal(buf, "ping", 4);

    assert_int_equal(send(peer, "pong!", 5, 0), 5);
    assert_int_equal(amsop_port_net_recv(n, buf, sizeof buf, 1000, &done), AMSOP_OK);
    assert_int_equal(done, 5);
    assert_memory_equal(buf, "pong!", 5);
}

static void test_ipv4_literal(void **state)
{
    amsop_port_net_t n;
    int peer = connect_pair(AF_INET, "127.0.0.1", &n);

    (void)state;
    exchange(&n, peer);
    amsop_port_net_close(&n);
    assert_int_equal(n.fd, -1);
    (void)close(peer);
}

static void test_ipv6_literal(void **state)
{
    amsop_port_net_t n;
    int peer;

    (void)state;
    peer = connect_pair(AF_INET6, "::1", &n);
    if (peer < 0) {
        skip(); /* no IPv6 loopback on this host */
    }
    exchange(&n, peer);
    amsop_port_net_close(&n);
    (void)close(peer);
}

/* "localhost" may resolve to ::1 first; the IPv4-only listener is still
 * reached because every address is tried. */
static void test_localhost_name(void **state)
{
    amsop_port_net_t n;
    int peer = connect_pair(AF_INET, "localhost", &n);

    (void)state;
    exchange(&n, peer);
    amsop_port_net_close(&n);
    (void)close(peer);
}

static void test_recv_times_out(void **state)
{
    amsop_port_net_t n;
    int peer = connect_pair(AF_INET, "127.0.0.1", &n);
    uint8_t buf[8];
    size_t got = 99;
    uint64_t t0 = amsop_port_now_ms();
    uint64_t took;

    (void)state;
    assert_int_equal(amsop_port_net_recv(&n, buf, sizeof buf, SHORT_MS, &got), AMSOP_ERR_TIMEOUT);
    took = amsop_port_now_ms() - t0;
    assert_int_equal(got, 0);
    assert_true(took >= SHORT_MS - 5);
    assert_true(took < SHORT_MS + 800);
    amsop_port_net_close(&n);
    (void)close(peer);
}

/* The peer reads nothing: once the socket buffers are full, send waits for
 * its timeout and reports it. */
static void test_send_times_out(void **state)
{
    static uint8_t chunk[65536];
    amsop_port_net_t n;
    int peer = connect_pair(AF_INET, "127.0.0.1", &n);
    amsop_err_t err = AMSOP_OK;
    int i;

    (void)state;
    for (i = 0; i < 4096 && err == AMSOP_OK; i++) {
        size_t sent = 0;
        err = amsop_port_net_send(&n, chunk, sizeof chunk, 100, &sent);
    }
    assert_int_equal(err, AMSOP_ERR_TIMEOUT);
    amsop_port_net_close(&n);
    (void)close(peer);
}

static void test_refused_is_connect_error(void **state)
{
    amsop_port_net_t n;
    uint16_t port = tu_unused_port();

    (void)state;
    amsop_port_net_init(&n);
    assert_true(port != 0);
    assert_int_equal(amsop_port_net_connect(&n, "127.0.0.1", port, 2000), AMSOP_ERR_NET_CONNECT);
    assert_int_equal(n.fd, -1);
}

/* A listener whose accept queue is full drops further SYNs, so a connect
 * can only end by its timeout. */
static void test_connect_times_out(void **state)
{
    amsop_port_net_t n[16];
    uint16_t port = 0;
    int lfd = tu_listen(AF_INET, &port);
    amsop_err_t err = AMSOP_OK;
    uint64_t took = 0;
    int i;
    int used = 0;

    (void)state;
    assert_true(lfd >= 0);
    assert_int_equal(listen(lfd, 0), 0); /* shortest queue the kernel allows */
    for (i = 0; i < 16 && err == AMSOP_OK; i++) {
        uint64_t t0 = amsop_port_now_ms();
        amsop_port_net_init(&n[i]);
        err = amsop_port_net_connect(&n[i], "127.0.0.1", port, 300);
        took = amsop_port_now_ms() - t0;
        used = i + 1;
    }
    for (i = 0; i < used; i++) {
        amsop_port_net_close(&n[i]);
    }
    (void)close(lfd);
    if (err == AMSOP_OK) {
        skip(); /* this kernel queues (or cookies) everything */
    }
    assert_int_equal(err, AMSOP_ERR_TIMEOUT);
    assert_true(took >= 295);
    assert_true(took < 1300);
}

static void test_unresolvable_name_is_dns_error(void **state)
{
    amsop_port_net_t n;
    uint64_t t0 = amsop_port_now_ms();

    (void)state;
    amsop_port_net_init(&n);
    /* .invalid never resolves (RFC 6761). */
    assert_int_equal(amsop_port_net_connect(&n, "no-such-host.amsop.invalid", 443, 2000),
                     AMSOP_ERR_NET_DNS);
    assert_int_equal(n.fd, -1);
    assert_true(amsop_port_now_ms() - t0 < 10000);
}

static void test_orderly_close_is_closed(void **state)
{
    amsop_port_net_t n;
    int peer = connect_pair(AF_INET, "127.0.0.1", &n);
    uint8_t buf[8];
    size_t got = 0;

    (void)state;
    assert_int_equal(send(peer, "x", 1, 0), 1);
    (void)close(peer);
    /* Data before the FIN still arrives, then the close is reported. */
    assert_int_equal(amsop_port_net_recv(&n, buf, sizeof buf, 1000, &got), AMSOP_OK);
    assert_int_equal(got, 1);
    assert_int_equal(amsop_port_net_recv(&n, buf, sizeof buf, 1000, &got), AMSOP_ERR_NET_CLOSED);
    amsop_port_net_close(&n);
}

/* A reset (SO_LINGER 0) is reported like a close: the caller reconnects. */
static void test_reset_is_closed(void **state)
{
    amsop_port_net_t n;
    int peer = connect_pair(AF_INET, "127.0.0.1", &n);
    struct linger lg;
    uint8_t buf[8];
    size_t got = 0;
    amsop_err_t err;
    int i;

    (void)state;
    lg.l_onoff = 1;
    lg.l_linger = 0;
    assert_int_equal(setsockopt(peer, SOL_SOCKET, SO_LINGER, &lg, sizeof lg), 0);
    (void)close(peer);
    assert_int_equal(amsop_port_net_recv(&n, buf, sizeof buf, 1000, &got), AMSOP_ERR_NET_CLOSED);
    /* Sending into the dead connection: EPIPE/ECONNRESET, never SIGPIPE. */
    err = AMSOP_OK;
    for (i = 0; i < 10 && err == AMSOP_OK; i++) {
        err = amsop_port_net_send(&n, (const uint8_t *)"data", 4, 1000, &got);
    }
    assert_int_equal(err, AMSOP_ERR_NET_CLOSED);
    amsop_port_net_close(&n);
}

static void test_tcp_transport(void **state)
{
    amsop_port_net_t n;
    amsop_transport_t tr = amsop_port_tcp_transport(&n);
    uint16_t port = 0;
    int lfd = tu_listen(AF_INET, &port);
    int peer;
    uint8_t buf[8];
    size_t k = 0;

    (void)state;
    amsop_port_net_init(&n);
    assert_true(lfd >= 0);
    assert_ptr_equal(tr.ctx, &n);
    assert_int_equal(tr.open(tr.ctx, "127.0.0.1", port, 2000), AMSOP_OK);
    peer = tu_accept(lfd, 2000);
    assert_true(peer >= 0);
    assert_int_equal(tr.send(tr.ctx, (const uint8_t *)"abc", 3, 1000, &k), AMSOP_OK);
    assert_int_equal(k, 3);
    assert_int_equal(recv(peer, buf, sizeof buf, 0), 3);
    assert_int_equal(send(peer, "de", 2, 0), 2);
    assert_int_equal(tr.recv(tr.ctx, buf, sizeof buf, 1000, &k), AMSOP_OK);
    assert_int_equal(k, 2);
    tr.close(tr.ctx);
    tr.close(tr.ctx); /* twice is fine */
    assert_int_equal(tr.recv(tr.ctx, buf, sizeof buf, 10, &k), AMSOP_ERR_NET_CLOSED);
    (void)close(peer);
    (void)close(lfd);
}

static void test_bad_arguments(void **state)
{
    amsop_port_net_t n;
    uint8_t buf[4];
    size_t k = 0;

    (void)state;
    amsop_port_net_init(&n);
    assert_int_equal(amsop_port_net_connect(&n, NULL, 80, 100), AMSOP_ERR_INVALID_ARG);
    assert_int_equal(amsop_port_net_connect(&n, "", 80, 100), AMSOP_ERR_INVALID_ARG);
    assert_int_equal(amsop_port_net_connect(&n, "127.0.0.1", 0, 100), AMSOP_ERR_INVALID_ARG);
    assert_int_equal(amsop_port_net_send(&n, buf, 0, 100, &k), AMSOP_ERR_INVALID_ARG);
    assert_int_equal(amsop_port_net_recv(&n, NULL, 4, 100, &k), AMSOP_ERR_INVALID_ARG);
    /* Not connected: reported as closed, so a caller simply (re)connects. */
    assert_int_equal(amsop_port_net_send(&n, buf, 4, 100, &k), AMSOP_ERR_NET_CLOSED);
    assert_int_equal(amsop_port_net_recv(&n, buf, 4, 100, &k), AMSOP_ERR_NET_CLOSED);
    amsop_port_net_close(&n);
    amsop_port_net_close(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ipv4_literal),
        cmocka_unit_test(test_ipv6_literal),
        cmocka_unit_test(test_localhost_name),
        cmocka_unit_test(test_recv_times_out),
        cmocka_unit_test(test_send_times_out),
        cmocka_unit_test(test_refused_is_connect_error),
        cmocka_unit_test(test_connect_times_out),
        cmocka_unit_test(test_unresolvable_name_is_dns_error),
        cmocka_unit_test(test_orderly_close_is_closed),
        cmocka_unit_test(test_reset_is_closed),
        cmocka_unit_test(test_tcp_transport),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests_name("port_net", tests, NULL, NULL);
}
