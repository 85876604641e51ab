/* SPDX-License-Identifier: MIT */
/* A fast TLS 1.2 test server for the poll benchmarks (mbedTLS, loopback
 * only): answers every GET that carries the expected bearer token with the
 * same canned ARM reply (tests/bench/make_reply.py), keeps connections alive,
 * and counts per connection the TCP payload bytes in and out, the requests
 * and the handshakes. The python simulator is slower than every client
 * measured, so it would measure itself; this one does not.
 *   bench_tls_server CERT KEY REPLY TOKEN READY_FILE STATS_FILE
 * READY_FILE gets the port; STATS_FILE one line per connection:
 *   conn=N handshakes=1 requests=R bytes_in=I bytes_out=O
 * Resumes sessions by id (server-side cache). Serves one connection at a time; exits after 300 s or
 * on SIGTERM. */
#define _GNU_SOURCE
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl_cache.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static volatile sig_atomic_t stop;
static unsigned long bytes_in, bytes_out;

/* Stats are written as each connection ends, so leaving at once loses
 * nothing; a flag alone would leave accept() blocked (it is restarted). */
static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
    _exit(0);
}

static int counted_send(void *ctx, const unsigned char *buf, size_t len)
{
    int n = mbedtls_net_send(ctx, buf, len);
    if (n > 0)
        bytes_out += (unsigned long)n;
    return n;
}

static int counted_recv(void *ctx, unsigned char *buf, size_t len)
{
    int n = mbedtls_net_recv(ctx, buf, len);
    if (n > 0)
        bytes_in += (unsigned long)n;
    return n;
}

static long read_file(const char *path, unsigned char *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    size_t n;
    if (f == NULL)
        return -1;
    n = fread(buf, 1, cap - 1, f);
    fclose(f);
    buf[n] = '\0';
    return (long)n;
}

static int write_all(mbedtls_ssl_context *ssl, const unsigned char *p, size_t n)
{
    while (n > 0) {
        int w = mbedtls_ssl_write(ssl, p, n);
        if (w == MBEDTLS_ERR_SSL_WANT_WRITE)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Serves requests on one connection until the client closes it. */
static unsigned long serve(mbedtls_ssl_context *ssl, const unsigned char *reply, size_t reply_len,
                           const char *auth, const unsigned char *deny, size_t deny_len)
{
    static char req[65536];
    size_t have = 0;
    unsigned long requests = 0;

    while (!stop) {
        char *end;
        int n = mbedtls_ssl_read(ssl, (unsigned char *)req + have, sizeof(req) - 1 - have);
        if (n == MBEDTLS_ERR_SSL_WANT_READ)
            continue;
        if (n <= 0)
            break;
        have += (size_t)n;
        req[have] = '\0';
        while ((end = strstr(req, "\r\n\r\n")) != NULL) { /* GETs carry no body */
            size_t used = (size_t)(end + 4 - req);
            int ok;
            *end = '\0';
            ok = strcasestr(req, auth) != NULL;
            requests++;
            if (write_all(ssl, ok ? reply : deny, ok ? reply_len : deny_len) != 0)
                return requests;
            memmove(req, req + used, have - used);
            have -= used;
            req[have] = '\0';
        }
        if (have == sizeof(req) - 1)
            break;
    }
    return requests;
}

int main(int argc, char **argv)
{
    static unsigned char reply[16384];
    static const unsigned char deny[] = "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n";
    static char auth[4096];
    mbedtls_net_context listen_fd, client_fd;
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
    mbedtls_ssl_config conf;
    mbedtls_x509_crt cert;
    mbedtls_pk_context key;
    mbedtls_ssl_cache_context cache; /* session-id resumption, as ARM offers */
    struct sockaddr_in sa;
    socklen_t sl = sizeof(sa);
    long reply_len;
    unsigned conn = 0;
    FILE *f;

    if (argc != 7) {
        fprintf(stderr, "usage: bench_tls_server CERT KEY REPLY TOKEN READY_FILE STATS_FILE\n");
        return 2;
    }
    reply_len = read_file(argv[3], reply, sizeof(reply));
    if (reply_len <= 0)
        return 2;
    snprintf(auth, sizeof(auth), "\nauthorization: bearer %s", argv[4]);
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    signal(SIGPIPE, SIG_IGN);
    alarm(300); /* bounded even if nobody stops it */

    mbedtls_net_init(&listen_fd);
    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&drbg);
    mbedtls_ssl_config_init(&conf);
    mbedtls_x509_crt_init(&cert);
    mbedtls_pk_init(&key);
    if (mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy, NULL, 0) != 0 ||
        mbedtls_x509_crt_parse_file(&cert, argv[1]) != 0 ||
        mbedtls_pk_parse_keyfile(&key, argv[2], NULL) != 0 ||
        mbedtls_ssl_config_defaults(&conf, MBEDTLS_SSL_IS_SERVER, MBEDTLS_SSL_TRANSPORT_STREAM,
                                    MBEDTLS_SSL_PRESET_DEFAULT) != 0 ||
        mbedtls_ssl_conf_own_cert(&conf, &cert, &key) != 0) {
        fprintf(stderr, "bench_tls_server: setup failed\n");
        return 1;
    }
    mbedtls_ssl_conf_rng(&conf, mbedtls_ctr_drbg_random, &drbg);
    mbedtls_ssl_cache_init(&cache);
    mbedtls_ssl_conf_session_cache(&conf, &cache, mbedtls_ssl_cache_get, mbedtls_ssl_cache_set);
    if (mbedtls_net_bind(&listen_fd, "127.0.0.1", "0", MBEDTLS_NET_PROTO_TCP) != 0 ||
        getsockname(listen_fd.fd, (struct sockaddr *)&sa, &sl) != 0)
        return 1;
    f = fopen(argv[5], "w");
    if (f == NULL)
        return 1;
    fprintf(f, "%u\n", (unsigned)ntohs(sa.sin_port));
    fclose(f);

    while (!stop) {
        mbedtls_ssl_context ssl;
        unsigned long requests = 0;
        int hs;
        mbedtls_net_init(&client_fd);
        if (mbedtls_net_accept(&listen_fd, &client_fd, NULL, 0, NULL) != 0)
            continue;
        conn++;
        bytes_in = bytes_out = 0;
        mbedtls_ssl_init(&ssl);
        mbedtls_ssl_setup(&ssl, &conf);
        mbedtls_ssl_set_bio(&ssl, &client_fd, counted_send, counted_recv, NULL);
        while ((hs = mbedtls_ssl_handshake(&ssl)) == MBEDTLS_ERR_SSL_WANT_READ ||
               hs == MBEDTLS_ERR_SSL_WANT_WRITE) {
        }
        if (hs == 0)
            requests = serve(&ssl, reply, (size_t)reply_len, auth, deny, sizeof(deny) - 1);
        mbedtls_ssl_close_notify(&ssl);
        mbedtls_net_free(&client_fd);
        mbedtls_ssl_free(&ssl);
        f = fopen(argv[6], "a");
        if (f != NULL) {
            fprintf(f, "conn=%u handshakes=%d requests=%lu bytes_in=%lu bytes_out=%lu\n", conn,
                    hs == 0, requests, bytes_in, bytes_out);
            fclose(f);
        }
    }
    mbedtls_net_free(&listen_fd);
    return 0;
}
