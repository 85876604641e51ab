/* SPDX-License-Identifier: MIT */
/* The client and the wait loop over a real transport: the POSIX port's TCP
 * transport and clock, talking to a loopback server thread that plays
 * scripted ARM replies and records the bytes it receives. The core does not
 * know it is a test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "amsop.h"
#include "amsop_port.h"
#include "client_internal.h"
#include "json_internal.h"
#include "log.h"
#include "test_util.h"

#define SUB  "0a6ec948-5a62-437d-b9df-934dc7c1b722"
#define RG   "mediaresources"
#define ACCT "slitestmedia10"
#define OP   "62e4d893-d233-4005-988e-a428d9f77076"
#define VECTOR_PATH                                                                                \
    "/subscriptions/" SUB "/resourceGroups/" RG "/providers/Microsoft.Media/mediaservices/" ACCT   \
    "/liveEventOperations/" OP
#define REQUEST_ID "1b9ab4d4-4e43-4c5d-9b1e-6f0d4b0e3c2a" /* what tu_build_reply sends */
#define TOKEN                                                                                      \
    "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tLyJ9."   \
    "c2ln-_~+/=="

#define MAX_STEPS 16
#define REQ_MAX   (64 * 1024)

/* --- the scripted loopback server ---------------------------------------- */

typedef enum act {
    ACT_KEEP,         /* send the reply, keep the connection */
    ACT_CLOSE_AFTER,  /* send the reply, then close (an idle close, to the client) */
    ACT_PARTIAL_CLOSE /* send the first send_len bytes, then close */
} act_t;

typedef struct step {
    char *bytes;
    size_t len;
    size_t send_len;
    act_t act;
} step_t;

typedef struct server {
    int lfd;
    uint16_t port;
    step_t steps[MAX_STEPS];
    int nsteps;
    char *req[MAX_STEPS]; /* requests received, one per step */
    size_t req_len[MAX_STEPS];
    int nreq;
    int connections;
    int closes;
    size_t stray_bytes; /* bytes received beyond the script */
    int stop;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t th;
} server_t;

static server_t srv;

static int stopping(server_t *s)
{
    int v;
    pthread_mutex_lock(&s->mu);
    v = s->stop;
    pthread_mutex_unlock(&s->mu);
    return v;
}

static void bump(server_t *s, int *counter)
{
    pthread_mutex_lock(&s->mu);
    (*counter)++;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

/* Accepts one connection, giving up when stopped or after 10 s. */
static int accept_wait(server_t *s)
{
    int waited = 0;
    while (!stopping(s) && waited < 10000) {
        struct pollfd p = {s->lfd, POLLIN, 0};
        if (poll(&p, 1, 20) == 1) {
            int fd = accept(s->lfd, NULL, NULL);
            if (fd >= 0) {
                bump(s, &s->connections);
                return fd;
            }
        }
        waited += 20;
    }
    return -1;
}

/* Reads one request head (up to the empty line). Returns its length, 0 when
 * the peer closed before sending anything, -1 on failure/stop. */
static long read_request(server_t *s, int fd, char *buf)
{
    size_t n = 0;
    int waited = 0;
    while (!stopping(s) && waited < 10000 && n < REQ_MAX - 1) {
        struct pollfd p = {fd, POLLIN, 0};
        ssize_t r;
        if (poll(&p, 1, 20) != 1) {
            waited += 20;
            continue;
        }
        r = recv(fd, buf + n, REQ_MAX - 1 - n, 0);
        if (r <= 0)
            return n == 0 ? 0 : -1;
        n += (size_t)r;
        buf[n] = '\0';
        if (strstr(buf, "\r\n\r\n") != NULL)
            return (long)n;
    }
    return -1;
}

static void send_all(int fd, const char *b, size_t n)
{
    while (n > 0) {
        ssize_t w = send(fd, b, n, MSG_NOSIGNAL);
        if (w <= 0)
            return;
        b += w;
        n -= (size_t)w;
    }
}

static void *server_main(void *arg)
{
    server_t *s = arg;
    int conn = -1;
    int i = 0;
    char *buf = malloc(REQ_MAX);

    while (buf != NULL && i < s->nsteps && !stopping(s)) {
        long n;
        const step_t *st = &s->steps[i];
        if (conn < 0 && (conn = accept_wait(s)) < 0)
            break;
        n = read_request(s, conn, buf);
        if (n <= 0) { /* the client closed this connection: expect a new one */
            close(conn);
            conn = -1;
            if (n < 0)
                break;
            continue;
        }
        pthread_mutex_lock(&s->mu);
        s->req[s->nreq] = malloc((size_t)n + 1);
        memcpy(s->req[s->nreq], buf, (size_t)n + 1);
        s->req_len[s->nreq] = (size_t)n;
        s->nreq++;
        pthread_cond_broadcast(&s->cv);
        pthread_mutex_unlock(&s->mu);
        send_all(conn, st->bytes, st->act == ACT_PARTIAL_CLOSE ? st->send_len : st->len);
        if (st->act != ACT_KEEP) {
            close(conn);
            conn = -1;
            bump(s, &s->closes);
        }
        i++;
    }
    /* Past the script: count whatever else arrives, until stopped. */
    while (buf != NULL && !stopping(s)) {
        struct pollfd p[2] = {{s->lfd, POLLIN, 0}, {conn, POLLIN, 0}};
        if (poll(p, conn >= 0 ? 2 : 1, 20) <= 0)
            continue;
        if (p[0].revents & POLLIN) {
            int fd = accept(s->lfd, NULL, NULL);
            if (fd >= 0) {
                bump(s, &s->connections);
                if (conn >= 0)
                    close(conn);
                conn = fd;
            }
        }
        if (conn >= 0 && (p[1].revents & (POLLIN | POLLHUP))) {
            ssize_t r = recv(conn, buf, REQ_MAX, 0);
            if (r <= 0) {
                close(conn);
                conn = -1;
            } else {
                pthread_mutex_lock(&s->mu);
                s->stray_bytes += (size_t)r;
                pthread_mutex_unlock(&s->mu);
            }
        }
    }
    if (conn >= 0)
        close(conn);
    free(buf);
    return NULL;
}

static void server_step(act_t act, char *bytes, size_t len, size_t send_len)
{
    step_t *st = &srv.steps[srv.nsteps++];
    assert_true(srv.nsteps <= MAX_STEPS);
    st->bytes = bytes;
    st->len = len;
    st->send_len = send_len;
    st->act = act;
}

static void server_start(void)
{
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    int one = 1;
    srv.lfd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(srv.lfd >= 0);
    setsockopt(srv.lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    assert_int_equal(bind(srv.lfd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(srv.lfd, 8), 0);
    assert_int_equal(getsockname(srv.lfd, (struct sockaddr *)&a, &alen), 0);
    srv.port = ntohs(a.sin_port);
    assert_int_equal(pthread_create(&srv.th, NULL, server_main, &srv), 0);
}

/* Waits (at most 5 s) until *counter >= want. */
static int server_wait(int *counter, int want)
{
    struct timespec until;
    int ok;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 5;
    pthread_mutex_lock(&srv.mu);
    while (*counter < want) {
        if (pthread_cond_timedwait(&srv.cv, &srv.mu, &until) == ETIMEDOUT)
            break;
    }
    ok = *counter >= want;
    pthread_mutex_unlock(&srv.mu);
    return ok;
}

static void server_stop(void)
{
    int i;
    pthread_mutex_lock(&srv.mu);
    srv.stop = 1;
    pthread_mutex_unlock(&srv.mu);
    pthread_join(srv.th, NULL);
    close(srv.lfd);
    for (i = 0; i < srv.nreq; i++)
        free(srv.req[i]);
    for (i = 0; i < srv.nsteps; i++)
        free(srv.steps[i].bytes);
}

/* --- the client side: the port's transport behind a small forwarder that
 * records what the core asked to open and may redirect the connection to
 * the loopback server (so other endpoints can be exercised). ------------ */

typedef struct fwd {
    amsop_port_net_t net;
    amsop_transport_t inner;
    uint16_t redirect_to; /* non-zero: connect here, whatever the endpoint says */
    char host[CONFIG_AMSOP_HOST_MAX];
    uint16_t port;
    int opens;
} fwd_t;

static fwd_t fwd;
static amsop_client_t cli;
static amsop_result_t out;
static amsop_target_t tgt;

static amsop_err_t fwd_open(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    fwd_t *f = ctx;
    f->opens++;
    snprintf(f->host, sizeof f->host, "%s", host);
    f->port = port;
    if (f->redirect_to != 0)
        return f->inner.open(f->inner.ctx, "127.0.0.1", f->redirect_to, timeout_ms);
    return f->inner.open(f->inner.ctx, host, port, timeout_ms);
}

static amsop_err_t fwd_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms,
                            size_t *sent)
{
    fwd_t *f = ctx;
    return f->inner.send(f->inner.ctx, buf, len, timeout_ms, sent);
}

static amsop_err_t fwd_recv(void *ctx, uint8_t *buf, size_t cap, uint32_t timeout_ms,
                            size_t *received)
{
    fwd_t *f = ctx;
    return f->inner.recv(f->inner.ctx, buf, cap, timeout_ms, received);
}

static void fwd_close(void *ctx)
{
    fwd_t *f = ctx;
    f->inner.close(f->inner.ctx);
}

static amsop_err_t client_init(const char *endpoint, const char *token)
{
    amsop_config_t cfg;
    char ep[64];
    memset(&cfg, 0, sizeof cfg);
    if (endpoint == NULL) {
        snprintf(ep, sizeof ep, "https://127.0.0.1:%u", (unsigned)srv.port);
        endpoint = ep;
    }
    amsop_port_net_init(&fwd.net);
    fwd.inner = amsop_port_tcp_transport(&fwd.net);
    cfg.endpoint = endpoint;
    cfg.token = token;
    cfg.transport.ctx = &fwd;
    cfg.transport.open = fwd_open;
    cfg.transport.send = fwd_send;
    cfg.transport.recv = fwd_recv;
    cfg.transport.close = fwd_close;
    cfg.sys = amsop_port_sys();
    return amsop_client_init(&cli, &cfg);
}

static int setup(void **state)
{
    (void)state;
    memset(&srv, 0, sizeof srv);
    memset(&fwd, 0, sizeof fwd);
    pthread_mutex_init(&srv.mu, NULL);
    pthread_cond_init(&srv.cv, NULL);
    amsop_result_clear(&out);
    return amsop_target_from_ids(SUB, RG, ACCT, OP, &tgt) == AMSOP_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    amsop_client_close(&cli);
    server_stop();
    pthread_mutex_destroy(&srv.mu);
    pthread_cond_destroy(&srv.cv);
    return 0;
}

/* --- replies ---------------------------------------------------------------- */

static char *reply(const char *status_line, const char *extra, const char *body, size_t chunk,
                   size_t *len)
{
    char *b = malloc(16384);
    assert_non_null(b);
    *len = tu_build_reply(b, 16384, status_line, extra, body, strlen(body), chunk);
    assert_true(*len > 0);
    return b;
}

/* A vector's 200 body, CR LF line ends as the service sends it. */
static char *vector_body(const char *file)
{
    static const char *const path[] = {"responses", "200", "body"};
    size_t len = 0;
    size_t s;
    size_t e;
    char *js = tu_load_vector(file, &len);
    char *body = malloc(4096);
    size_t n;
    assert_non_null(js);
    assert_non_null(body);
    assert_true(tu_json_find(js, len, path, 3, &s, &e));
    n = tu_crlf(js + s, e - s, body, 4096);
    assert_true(n > 0);
    free(js);
    return body;
}

static void step_status(act_t act, const char *status, const char *extra)
{
    char body[256];
    size_t len;
    char *r;
    snprintf(body, sizeof body,
             "{\r\n  \"name\": \"" OP "\",\r\n  \"status\": \"%s\",\r\n  \"error\": {\r\n"
             "    \"code\": \"None\",\r\n    \"message\": null\r\n  }\r\n}",
             status);
    r = reply("HTTP/1.1 200 OK", extra, body, 48, &len);
    server_step(act, r, len, 0);
}

static void step_vector(act_t act, const char *file)
{
    size_t len;
    char *body = vector_body(file);
    char *r = reply("HTTP/1.1 200 OK", NULL, body, 64, &len);
    free(body);
    server_step(act, r, len, 0);
}

static void sleep_ms(long ms)
{
    struct timespec t;
    t.tv_sec = ms / 1000;
    t.tv_nsec = (ms % 1000) * 1000000L;
    nanosleep(&t, NULL);
}

static uint64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000u + (uint64_t)t.tv_nsec / 1000000u;
}

static void expected_request(char *buf, size_t cap, const char *host, const char *token,
                             const char *client_request_id)
{
    snprintf(buf, cap,
             "GET " VECTOR_PATH "?api-version=2022-11-01 HTTP/1.1\r\n"
             "Host: %s\r\n"
             "Authorization: Bearer %s\r\n"
             "Accept: application/json\r\n"
             "Accept-Encoding: identity\r\n"
             "User-Agent: amsop/" AMSOP_VERSION_STRING "\r\n"
             "Connection: keep-alive\r\n"
             "x-ms-client-request-id: %s\r\n"
             "x-ms-return-client-request-id: true\r\n"
             "\r\n",
             host, token, client_request_id);
}

/* A lower-case UUID of version 4, variant 10 (RFC 9562): 8-4-4-4-12 hex. */
static int is_uuid_v4(const char *s)
{
    size_t i;
    if (strlen(s) != 36)
        return 0;
    for (i = 0; i < 36; i++) {
        int dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    }
    return s[14] == '4' && (s[19] == '8' || s[19] == '9' || s[19] == 'a' || s[19] == 'b');
}

static int contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t k;
        for (k = 0; k < n && hay[k]; k++) {
            char a = hay[k];
            char b = needle[k];
            if (a >= 'A' && a <= 'Z')
                a = (char)(a - 'A' + 'a');
            if (b >= 'A' && b <= 'Z')
                b = (char)(b - 'A' + 'a');
            if (a != b)
                break;
        }
        if (k == n)
            return 1;
    }
    return 0;
}

/* --- tests ------------------------------------------------------------------ */

static void test_request_bytes(void **state)
{
    char want[1024];
    char host[64];
    (void)state;
    step_vector(ACT_KEEP, "operation-inprogress.json");
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_OK);
    assert_true(server_wait(&srv.nreq, 1));
    snprintf(host, sizeof host, "127.0.0.1:%u", (unsigned)srv.port);
    /* The id the request carried is kept in the result (for a support ticket). */
    assert_true(is_uuid_v4(out.client_request_id));
    expected_request(want, sizeof want, host, TOKEN, out.client_request_id);
    assert_string_equal(srv.req[0], want);
    assert_string_equal(fwd.host, "127.0.0.1");
    assert_int_equal(fwd.port, srv.port);
    /* what came back */
    assert_int_equal(out.http_status, 200);
    assert_int_equal(out.status, AMSOP_STATUS_IN_PROGRESS);
    assert_string_equal(out.name, OP);
    assert_string_equal(out.error_code, "None");
    assert_false(out.present & AMSOP_FIELD_BIT(AMSOP_FIELD_ERROR_MESSAGE));
    assert_string_equal(out.error_target, "d7aea790-8acb-40b9-8f9f-21cc37c9e519");
    assert_string_equal(out.request_id, REQUEST_ID);
    assert_int_equal(cli.stats.connects, 1);
    assert_int_equal(cli.stats.requests, 1);
    assert_int_equal(cli.stats.replies, 1);
}

/* The default endpoint: port 443 is not written into Host. */
static void test_request_host_default_port(void **state)
{
    char want[1024];
    (void)state;
    step_status(ACT_KEEP, "Succeeded", NULL);
    server_start();
    fwd.redirect_to = srv.port;
    assert_int_equal(client_init(AMSOP_DEFAULT_ENDPOINT, TOKEN), AMSOP_OK);
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_OK);
    assert_string_equal(fwd.host, "management.azure.com");
    assert_int_equal(fwd.port, 443);
    assert_true(server_wait(&srv.nreq, 1));
    expected_request(want, sizeof want, "management.azure.com", TOKEN, out.client_request_id);
    assert_string_equal(srv.req[0], want);
    assert_int_equal(out.status, AMSOP_STATUS_SUCCEEDED);
}

/* An IPv6 literal endpoint: brackets in Host, not in what is opened. */
static void test_request_host_ipv6(void **state)
{
    char want[1024];
    (void)state;
    step_status(ACT_KEEP, "Succeeded", NULL);
    server_start();
    fwd.redirect_to = srv.port;
    assert_int_equal(client_init("https://[::1]:8443", TOKEN), AMSOP_OK);
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_OK);
    assert_string_equal(fwd.host, "::1");
    assert_int_equal(fwd.port, 8443);
    assert_true(server_wait(&srv.nreq, 1));
    expected_request(want, sizeof want, "[::1]:8443", TOKEN, out.client_request_id);
    assert_string_equal(srv.req[0], want);
}

/* A target from an Azure-AsyncOperation URL asks with that URL's
 * api-version; invalid targets are refused before any connection. */
static void test_target_from_url_api_version(void **state)
{
    char url[512];
    amsop_target_t t2;
    (void)state;
    step_status(ACT_KEEP, "Succeeded", NULL);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    memset(&t2, 0, sizeof t2);
    assert_int_equal(amsop_client_get(&cli, &t2, &out), AMSOP_ERR_INVALID_ARG);
    assert_int_equal(amsop_client_get(&cli, NULL, &out), AMSOP_ERR_INVALID_ARG);
    assert_int_equal(fwd.opens, 0);
    snprintf(url, sizeof url,
             "https://127.0.0.1:%u/subscriptions/" SUB "/resourcegroups/" RG
             "/providers/Microsoft.Media/mediaservices/" ACCT "/liveeventoperations/" OP
             "?api-version=2021-11-01",
             (unsigned)srv.port);
    assert_int_equal(amsop_target_from_url(&cli.endpoint, url, strlen(url), &t2), AMSOP_OK);
    assert_int_equal(amsop_client_get(&cli, &t2, &out), AMSOP_OK);
    assert_true(server_wait(&srv.nreq, 1));
    assert_memory_equal(srv.req[0], "GET " VECTOR_PATH "?api-version=2021-11-01 HTTP/1.1\r\n",
                        strlen("GET " VECTOR_PATH "?api-version=2021-11-01 HTTP/1.1\r\n"));
}

/* A 12 KB token passes through the 512-byte I/O buffer whole. */
static void test_large_token(void **state)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/";
    size_t n = 12 * 1024;
    char *token = malloc(n + 1);
    char *line = malloc(n + 64);
    size_t i;
    (void)state;
    for (i = 0; i < n; i++)
        token[i] = alphabet[(i * 7 + i / 13) % (sizeof alphabet - 1)];
    token[n] = '\0';
    step_status(ACT_KEEP, "InProgress", NULL);
    server_start();
    assert_int_equal(client_init(NULL, token), AMSOP_OK);
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_OK);
    assert_true(server_wait(&srv.nreq, 1));
    sprintf(line, "\r\nAuthorization: Bearer %s\r\nAccept: application/json\r\n", token);
    assert_non_null(strstr(srv.req[0], line));
    assert_true(srv.req_len[0] > n);
    assert_true(srv.req_len[0] < n + 520); /* + client request id, Accept-Encoding */
    free(token);
    free(line);
}

/* A token that could split the request is refused before anything is sent. */
static void test_bad_token_sends_nothing(void **state)
{
    static const char *const bad[] = {"abc def", "abc\r\nX-Evil: 1", "abc\n",
                                      "abc\r",   "abc\tdef",         "====",
                                      "a=b",     "tok\xC3\xA9",      "a\"b"};
    size_t k;
    (void)state;
    step_status(ACT_KEEP, "InProgress", NULL);
    server_start();
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++)
        assert_int_equal(client_init(NULL, bad[k]), AMSOP_ERR_TOKEN);
    assert_int_equal(client_init(NULL, ""), AMSOP_ERR_TOKEN);
    assert_int_equal(client_init(NULL, NULL), AMSOP_ERR_TOKEN);
    /* a good client refuses a bad replacement token and keeps the old one */
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++)
        assert_int_equal(amsop_client_set_token(&cli, bad[k], strlen(bad[k])), AMSOP_ERR_TOKEN);
    sleep_ms(100);
    pthread_mutex_lock(&srv.mu);
    assert_int_equal(srv.connections, 0);
    assert_int_equal(srv.nreq, 0);
    pthread_mutex_unlock(&srv.mu);
    assert_int_equal(fwd.opens, 0);
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_OK);
    assert_true(server_wait(&srv.nreq, 1));
    assert_non_null(strstr(srv.req[0], "\r\nAuthorization: Bearer " TOKEN "\r\n"));
}

static void test_keep_alive_one_connection(void **state)
{
    (void)state;
    step_status(ACT_KEEP, "InProgress", NULL);
    step_vector(ACT_KEEP, "operation-failed.json");
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_OK);
    assert_int_equal(out.status, AMSOP_STATUS_IN_PROGRESS);
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_OK);
    assert_int_equal(out.status, AMSOP_STATUS_FAILED);
    assert_int_equal(cli.stats.connects, 1);
    assert_int_equal(cli.stats.reconnects, 0);
    assert_int_equal(cli.stats.requests, 2);
    assert_int_equal(cli.stats.replies, 2);
    assert_true(server_wait(&srv.nreq, 2));
    assert_int_equal(srv.connections, 1);
    {
        /* the same request but for its per-request id (36 characters) */
        static char a[2048];
        static char b[2048];
        static const char id[] = "x-ms-client-request-id: ";
        char *pa;
        char *pb;
        assert_true(strlen(srv.req[0]) < sizeof a && strlen(srv.req[1]) < sizeof b);
        memcpy(a, srv.req[0], strlen(srv.req[0]) + 1u);
        memcpy(b, srv.req[1], strlen(srv.req[1]) + 1u);
        pa = strstr(a, id);
        pb = strstr(b, id);
        assert_non_null(pa);
        assert_non_null(pb);
        assert_memory_not_equal(pa + strlen(id), pb + strlen(id), 36);
        memset(pa + strlen(id), 'X', 36);
        memset(pb + strlen(id), 'X', 36);
        assert_string_equal(a, b);
    }
}

/* The event lines the client hands to amsop_sys_t.log (none when
 * CONFIG_AMSOP_EVENT_LOG is off: the expected counts become 0). */
#if defined(CONFIG_AMSOP_EVENT_LOG)
#define LOGGED(n) (n)
#else
#define LOGGED(n) 0u
#endif
#define LOG_KEPT 16
static char log_lines[LOG_KEPT][CONFIG_AMSOP_LOG_LINE_MAX];
static unsigned log_count;
static void rec_log(void *ctx, amsop_log_level_t level, const char *line)
{
    (void)ctx;
    (void)level;
    assert_true(strlen(line) < CONFIG_AMSOP_LOG_LINE_MAX);
    if (log_count < LOG_KEPT)
        memcpy(log_lines[log_count], line, strlen(line) + 1u);
    log_count++;
}
static unsigned log_starting(const char *prefix)
{
    unsigned i;
    unsigned n = 0;
    for (i = 0; i < log_count && i < LOG_KEPT; i++)
        n += strncmp(log_lines[i], prefix, strlen(prefix)) == 0;
    return n;
}

static void test_idle_close_reconnects_once(void **state)
{
    (void)state;
    step_status(ACT_CLOSE_AFTER, "InProgress", NULL); /* keep-alive reply, then the server closes */
    step_status(ACT_KEEP, "Succeeded", NULL);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_OK);
    assert_int_equal(out.status, AMSOP_STATUS_IN_PROGRESS);
    assert_true(server_wait(&srv.closes, 1));
    sleep_ms(20);
    cli.sys.log = rec_log;
    log_count = 0;
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_OK);
    assert_int_equal(out.status, AMSOP_STATUS_SUCCEEDED);
    assert_string_equal(out.request_id, REQUEST_ID);
    assert_int_equal(cli.stats.connects, 2);
    assert_int_equal(cli.stats.reconnects, 1);
    assert_int_equal(log_count, LOGGED(1u)); /* the reconnect, with why */
    assert_int_equal(log_starting("reconnect: "), LOGGED(1u));
    if (log_count > 0)
        assert_non_null(strstr(log_lines[0], "had closed (AMSOP_ERR_NET_"));
    assert_int_equal(cli.stats.replies, 2);
    assert_true(server_wait(&srv.nreq, 2));
    assert_int_equal(srv.connections, 2);
}

/* "Connection: close" from the server: the next read opens a new
 * connection, and that is not counted as a reconnect after a failure. */
static void test_connection_close_reply(void **state)
{
    (void)state;
    step_status(ACT_CLOSE_AFTER, "InProgress", "Connection: close\r\n");
    step_status(ACT_KEEP, "Succeeded", NULL);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_OK);
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_OK);
    assert_int_equal(out.status, AMSOP_STATUS_SUCCEEDED);
    assert_int_equal(cli.stats.connects, 2);
    assert_int_equal(cli.stats.reconnects, 0);
}

/* The server dies in the middle of a reply on a reused connection: the
 * error is reported, and the request is not sent again. */
static void test_close_mid_reply_no_retry(void **state)
{
    size_t len;
    char *r;
    (void)state;
    step_status(ACT_KEEP, "InProgress", NULL);
    r = reply("HTTP/1.1 200 OK", NULL, "{\"name\":\"x\",\"status\":\"Succeeded\"}", 8, &len);
    server_step(ACT_PARTIAL_CLOSE, r, len, len - 12);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_OK);
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_ERR_HTTP_TRUNCATED);
    assert_int_equal(out.http_status, 200);
    assert_false(out.present & AMSOP_FIELD_BIT(AMSOP_FIELD_STATUS));
    assert_int_equal(cli.stats.requests, 2);
    assert_int_equal(cli.stats.reconnects, 0);
    assert_int_equal(cli.stats.connects, 1);
    sleep_ms(100);
    pthread_mutex_lock(&srv.mu);
    assert_int_equal(srv.nreq, 2);
    assert_int_equal(srv.connections, 1);
    assert_int_equal(srv.stray_bytes, 0);
    pthread_mutex_unlock(&srv.mu);
}

/* The same inside the header block of a fresh connection's first reply. */
static void test_close_in_headers(void **state)
{
    size_t len;
    char *r;
    (void)state;
    r = reply("HTTP/1.1 200 OK", NULL, "{\"status\":\"Succeeded\"}", 0, &len);
    server_step(ACT_PARTIAL_CLOSE, r, len, 40);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_ERR_HTTP_TRUNCATED);
    assert_int_equal(cli.stats.requests, 1);
    assert_int_equal(cli.stats.connects, 1);
}

static void test_extra_data_after_reply(void **state)
{
    size_t len;
    char *r;
    (void)state;
    r = reply("HTTP/1.1 200 OK", NULL, "{\"status\":\"Succeeded\"}", 0, &len);
    r[len - 1] = ' '; /* one byte more than Content-Length: declared length - 1 */
    strcpy(r + len, "}");
    server_step(ACT_KEEP, r, len + 1, 0);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_ERR_HTTP_EXTRA_DATA);
    assert_false(cli._internal.connected); /* a connection in an unknown state is not reused */
}

static void test_404_error_response(void **state)
{
    static const char body[] =
        "{\r\n  \"error\": {\r\n    \"code\": \"ResourceNotFound\",\r\n    \"message\": \"The "
        "Resource 'Microsoft.Media/mediaservices/slitestmedia10' under resource group "
        "'mediaresources' was not found.\",\r\n    \"details\": [{\"code\": \"NotFound\", "
        "\"message\": \"gone\"}]\r\n  }\r\n}";
    size_t len;
    char *r = reply("HTTP/1.1 404 Not Found", "x-ms-failure-cause: gateway\r\n", body, 0, &len);
    (void)state;
    server_step(ACT_KEEP, r, len, 0);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_ERR_HTTP_STATUS);
    assert_int_equal(out.http_status, 404);
    assert_string_equal(out.error_code, "ResourceNotFound");
    assert_non_null(strstr(out.error_message, "was not found."));
    assert_int_equal(out.details_count, 1);
    assert_string_equal(out.detail_code, "NotFound");
    assert_string_equal(out.request_id, REQUEST_ID);
    assert_int_equal(out.status, AMSOP_STATUS_NONE);
    assert_true(cli._internal.connected); /* a complete error reply keeps the connection */
}

static void test_200_without_status(void **state)
{
    size_t len;
    char *r = reply("HTTP/1.1 200 OK", NULL, "{\"name\":\"" OP "\",\"error\":null}", 0, &len);
    (void)state;
    server_step(ACT_KEEP, r, len, 0);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_ERR_JSON_SCHEMA);
    assert_int_equal(out.http_status, 200);
    assert_false(out.present & AMSOP_FIELD_BIT(AMSOP_FIELD_STATUS));
}

/* DESIGN.md: "the result keeps the HTTP status, the ARM error code/message/
 * target and x-ms-request-id so an operator can file a support ticket" --
 * for every failure, including a reply whose body could not be used. */
static void test_failed_read_keeps_request_id(void **state)
{
    size_t len1;
    size_t len2;
    char *r = reply("HTTP/1.1 200 OK", NULL, "{\"name\":\"x\"}", 0, &len1);
    char *r2 = reply("HTTP/1.1 200 OK", NULL, "{\"name\":", 0, &len2);
    (void)state;
    server_step(ACT_KEEP, r, len1, 0);
    server_step(ACT_KEEP, r2, len2, 0);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_ERR_JSON_SCHEMA);
    assert_string_equal(out.request_id, REQUEST_ID);
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_ERR_JSON);
    assert_string_equal(out.request_id, REQUEST_ID);
}

/* Cut inside a repeated header: the request id kept is a whole value. */
static void test_failed_read_never_mixes_header_values(void **state)
{
    static const char head[] = "HTTP/1.1 200 OK\r\nx-ms-request-id: abcdef-first\r\n"
                               "x-ms-request-id: xy";
    char *r = malloc(sizeof head);
    const char *id;
    (void)state;
    memcpy(r, head, sizeof head);
    server_step(ACT_PARTIAL_CLOSE, r, sizeof head - 1, sizeof head - 1);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_ERR_HTTP_TRUNCATED);
    id = out.request_id;
    if (out.present & AMSOP_FIELD_BIT(AMSOP_FIELD_REQUEST_ID))
        assert_string_equal(id, "abcdef-first");
    else
        assert_string_equal(id, "");
}

/* Every argument check of the public calls refuses with
 * AMSOP_ERR_INVALID_ARG before anything is sent (no server listens here:
 * a call that went on would fail differently), and the control that each
 * checked configuration or target is accepted once the one defect is
 * removed. */
static void test_invalid_arguments_refused(void **state)
{
    static amsop_target_t bad;
    amsop_config_t good;
    amsop_config_t cfg;
    unsigned k;
    (void)state;
    memset(&good, 0, sizeof good);
    good.endpoint = "https://127.0.0.1:1";
    good.token = TOKEN;
    good.transport = amsop_port_tcp_transport(&fwd.net);
    good.sys = amsop_port_sys();
    assert_int_equal(amsop_client_init(NULL, &good), AMSOP_ERR_INVALID_ARG);
    assert_int_equal(amsop_client_init(&cli, NULL), AMSOP_ERR_INVALID_ARG);
    for (k = 0; k < 7; k++) {
        cfg = good;
        switch (k) {
        case 0:
            cfg.transport.open = NULL;
            break;
        case 1:
            cfg.transport.send = NULL;
            break;
        case 2:
            cfg.transport.recv = NULL;
            break;
        case 3:
            cfg.transport.close = NULL;
            break;
        case 4:
            cfg.sys.now_ms = NULL;
            break;
        case 5:
            cfg.sys.sleep_ms = NULL;
            break;
        default:
            cfg.sys.random = NULL;
            break;
        }
        assert_int_equal(amsop_client_init(&cli, &cfg), AMSOP_ERR_INVALID_ARG);
    }
    cfg = good;
    cfg.endpoint = "http://127.0.0.1:1";
    assert_int_not_equal(amsop_client_init(&cli, &cfg), AMSOP_OK);
    cfg = good;
    cfg.api_version = "2022-11-01\r\nX: y";
    assert_int_equal(amsop_client_init(&cli, &cfg), AMSOP_ERR_INVALID_ARG);
    cfg = good;
    cfg.endpoint = NULL; /* the default endpoint */
    assert_int_equal(amsop_client_init(&cli, &cfg), AMSOP_OK);
    assert_string_equal(cli.endpoint.host, "management.azure.com");
    assert_int_equal(amsop_client_init(&cli, &good), AMSOP_OK); /* the control */

    assert_int_equal(amsop_client_set_token(NULL, TOKEN, strlen(TOKEN)), AMSOP_ERR_INVALID_ARG);
    assert_int_equal(amsop_client_set_token(&cli, "a b", 3), AMSOP_ERR_TOKEN);
    assert_int_equal(amsop_client_set_token(&cli, TOKEN, strlen(TOKEN)), AMSOP_OK);
    amsop_client_close(NULL);

    assert_int_equal(amsop_client_get(NULL, &tgt, &out), AMSOP_ERR_INVALID_ARG);
    assert_int_equal(amsop_client_get(&cli, NULL, &out), AMSOP_ERR_INVALID_ARG);
    assert_int_equal(amsop_client_get(&cli, &tgt, NULL), AMSOP_ERR_INVALID_ARG);
    assert_int_equal(amsop_client_wait(NULL, &tgt, NULL, &out), AMSOP_ERR_INVALID_ARG);
    assert_int_equal(amsop_client_wait(&cli, &tgt, NULL, NULL), AMSOP_ERR_INVALID_ARG);
    /* hand-filled targets: each defect alone */
    assert_true(amsop__target_ok(&tgt));
    for (k = 0; k < 9; k++) {
        bad = tgt;
        switch (k) {
        case 0:
            bad.path_len = 0;
            break;
        case 1:
            bad.path_len = sizeof bad.path;
            break;
        case 2:
            bad.path[0] = 'x';
            break;
        case 3:
            bad.path[bad.path_len] = 'x';
            break;
        case 4:
            bad.path[3] = ' ';
            break;
        case 5:
            bad.path[3] = (char)0x7F;
            break;
        case 6:
            bad.path[3] = '?';
            break;
        case 7:
            memset(bad.api_version, 'a', sizeof bad.api_version);
            break;
        default:
            memcpy(bad.api_version, "x\r\n", 4);
            break;
        }
        assert_false(amsop__target_ok(&bad));
        assert_int_equal(amsop_client_get(&cli, &bad, &out), AMSOP_ERR_INVALID_ARG);
        assert_int_equal(amsop_client_wait(&cli, &bad, NULL, &out), AMSOP_ERR_INVALID_ARG);
    }
    bad = tgt;
    bad.path[3] = '#';
    assert_false(amsop__target_ok(&bad));
    bad = tgt;
    bad.api_version[0] = '\0'; /* none: the client's own */
    assert_true(amsop__target_ok(&bad));
}

/* No options at all: the default deadline, no callback. */
static void test_wait_without_options(void **state)
{
    (void)state;
    step_status(ACT_KEEP, "Succeeded", NULL);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    assert_int_equal(amsop_client_wait(&cli, &tgt, NULL, &out), AMSOP_OK);
    assert_int_equal(out.status, AMSOP_STATUS_SUCCEEDED);
}

/* --- wait --------------------------------------------------------------------- */

typedef struct seen {
    int calls;
    amsop_status_t status[8];
    int stop_at;            /* return non-zero on this call (1-based); 0: never */
    volatile int *set_flag; /* set on the first call */
} seen_t;

static int on_change(void *user, const amsop_result_t *r)
{
    seen_t *s = user;
    if (s->calls < 8)
        s->status[s->calls] = r->status;
    s->calls++;
    if (s->set_flag != NULL)
        *s->set_flag = 1;
    return s->stop_at != 0 && s->calls >= s->stop_at;
}

static void test_wait_until_succeeded(void **state)
{
    seen_t seen;
    amsop_wait_opts_t o;
    uint64_t t0;
    (void)state;
    memset(&seen, 0, sizeof seen);
    memset(&o, 0, sizeof o);
    step_status(ACT_KEEP, "InProgress", "Retry-After: 0\r\n");
    step_status(ACT_KEEP, "InProgress", "Retry-After: 0\r\n");
    step_status(ACT_KEEP, "Succeeded", "Retry-After: 0\r\n");
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    o.timeout_ms = 5000;
    o.on_change = on_change;
    o.user = &seen;
    t0 = now_ms();
    assert_int_equal(amsop_client_wait(&cli, &tgt, &o, &out), AMSOP_OK);
    assert_true(now_ms() - t0 < 2000);
    /* "Retry-After: 0" is honoured as the Kconfig floor, never a busy loop. */
    assert_true(now_ms() - t0 >= 2u * CONFIG_AMSOP_POLL_MIN_DELAY_MS);
    assert_int_equal(out.status, AMSOP_STATUS_SUCCEEDED);
    assert_int_equal(seen.calls, 2);
    assert_int_equal(seen.status[0], AMSOP_STATUS_IN_PROGRESS);
    assert_int_equal(seen.status[1], AMSOP_STATUS_SUCCEEDED);
    assert_int_equal(cli.stats.requests, 3);
    assert_int_equal(cli.stats.connects, 1);
}

/* Real services send "succeeded", "FAILED", "Cancelled": each ends a wait
 * (compared as the Azure SDKs do), with the raw text kept. */
static void test_wait_status_any_case(void **state)
{
    static const struct {
        const char *text;
        amsop_status_t st;
    } cases[] = {{"succeeded", AMSOP_STATUS_SUCCEEDED},
                 {"FAILED", AMSOP_STATUS_FAILED},
                 {"Cancelled", AMSOP_STATUS_CANCELED}};
    size_t k;
    (void)state;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        step_status(ACT_KEEP, "inProgress", "Retry-After: 0\r\n");
        step_status(ACT_KEEP, cases[k].text, "Retry-After: 0\r\n");
    }
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        amsop_wait_opts_t o;
        memset(&o, 0, sizeof o);
        o.timeout_ms = 3000;
        assert_int_equal(amsop_client_wait(&cli, &tgt, &o, &out), AMSOP_OK);
        assert_int_equal(out.status, cases[k].st);
        assert_string_equal(out.status_text, cases[k].text);
        assert_int_equal(cli.stats.requests, 2 * (k + 1));
    }
    assert_int_equal(cli.stats.connects, 1);
}

/* A reply of any size: body built by the caller, chunked in pieces of
 * `chunk` (0: Content-Length). */
static char *big_reply(const char *status_line, const char *extra, const char *body, size_t chunk,
                       size_t *len)
{
    size_t cap = strlen(body) * 2 + 8192;
    char *b = malloc(cap);
    assert_non_null(b);
    *len = tu_build_reply(b, cap, status_line, extra, body, strlen(body), chunk);
    assert_true(*len > 0);
    return b;
}

/* Replies far larger than the client's buffers: read in fixed memory, kept
 * fields cut and flagged, counts exact, and the connection carries the next
 * poll. */
static void test_large_replies_in_fixed_memory(void **state)
{
    const size_t msg_len = 50 * 1024;
    const int ndetails = 10000;
    char *body = malloc(4 * 1024 * 1024);
    size_t pos;
    size_t len;
    int k;
    char *r;
    (void)state;
    assert_non_null(body);

    /* 1. a 50 KB error.message, with escapes and multi-byte characters */
    pos = (size_t)sprintf(body, "{\"name\":\"" OP "\",\"status\":\"Failed\",\"error\":{\"code\":"
                                "\"Big\",\"message\":\"");
    for (k = 0; (size_t)k < msg_len / 8; k++)
        pos += (size_t)sprintf(body + pos, "ab\\n\xC3\xA9\\u20ac");
    pos += (size_t)sprintf(body + pos, "\",\"target\":\"t\"}}");
    r = big_reply("HTTP/1.1 200 OK", NULL, body, 1000, &len);
    server_step(ACT_KEEP, r, len, 0);

    /* 2. 10,000 details, each with a long message, and 3 additionalInfo */
    pos =
        (size_t)sprintf(body, "{\"status\":\"Failed\",\"error\":{\"code\":\"Many\",\"details\":[");
    for (k = 0; k < ndetails; k++)
        pos += (size_t)sprintf(body + pos, "%s{\"code\":\"D%d\",\"message\":\"%0300d\"}",
                               k ? "," : "", k, k);
    pos += (size_t)sprintf(body + pos, "],\"additionalInfo\":[{},{},{\"x\":[1,2]}]}}");
    r = big_reply("HTTP/1.1 200 OK", NULL, body, 0, &len);
    server_step(ACT_KEEP, r, len, 0);

    /* 3. 100 levels of nesting: past CONFIG_AMSOP_JSON_DEPTH_MAX */
    pos = (size_t)sprintf(body, "{\"status\":\"Failed\",\"x\":");
    for (k = 0; k < 100; k++)
        body[pos++] = k % 2 ? '[' : '{', pos += k % 2 ? 0 : (size_t)sprintf(body + pos, "\"k\":");
    for (k = 99; k >= 0; k--)
        body[pos++] = k % 2 ? ']' : '}';
    strcpy(body + pos, "}");
    r = big_reply("HTTP/1.1 200 OK", NULL, body, 512, &len);
    server_step(ACT_KEEP, r, len, 0);

    /* 4. and the next poll, on the same connection */
    step_status(ACT_KEEP, "Succeeded", NULL);
    free(body);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);

    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_OK);
    assert_int_equal(out.status, AMSOP_STATUS_FAILED);
    assert_string_equal(out.error_code, "Big");
    assert_string_equal(out.error_target, "t");
    assert_int_equal(strlen(out.error_message), sizeof out.error_message - 1u - 2u);
    assert_memory_equal(out.error_message,
                        "ab\n\xC3\xA9\xE2\x82\xAC"
                        "ab\n",
                        10);
    assert_true(out.truncated & AMSOP_FIELD_BIT(AMSOP_FIELD_ERROR_MESSAGE));
    assert_int_equal(out.truncated & ~AMSOP_FIELD_BIT(AMSOP_FIELD_ERROR_MESSAGE), 0);
    assert_true(out.present & AMSOP_FIELD_BIT(AMSOP_FIELD_REQUEST_ID));

    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_OK);
    assert_int_equal(out.details_count, (uint32_t)ndetails);
    assert_int_equal(out.additional_info_count, 3);
    assert_string_equal(out.detail_code, "D0");
    assert_int_equal(strlen(out.detail_message), sizeof out.detail_message - 1u);
    assert_true(out.truncated & AMSOP_FIELD_BIT(AMSOP_FIELD_DETAIL_MESSAGE));

    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_ERR_JSON_TOO_MANY_TOKENS);
    assert_int_equal(out.http_status, 200);
    assert_true(out.present & AMSOP_FIELD_BIT(AMSOP_FIELD_REQUEST_ID));
    assert_int_equal(out.present & ~(AMSOP_FIELD_BIT(AMSOP_FIELD_REQUEST_ID) |
                                     AMSOP_FIELD_BIT(AMSOP_FIELD_CORRELATION_ID) |
                                     AMSOP_FIELD_BIT(AMSOP_FIELD_CONTENT_TYPE)),
                     0);

    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_OK);
    assert_int_equal(out.status, AMSOP_STATUS_SUCCEEDED);
    assert_int_equal(cli.stats.connects, 1);
    assert_int_equal(cli.stats.requests, 4);
}

/* A gateway's 3 KB HTML 503 page with Retry-After: drained in fixed memory,
 * the connection kept, and the wait retries (it used to end with
 * AMSOP_ERR_BODY_TOO_LARGE after one poll). */
static void test_wait_retries_large_gateway_page(void **state)
{
    char *page = malloc(4096);
    size_t pos;
    size_t len;
    char *r;
    amsop_wait_opts_t o;
    (void)state;
    assert_non_null(page);
    pos = (size_t)sprintf(page, "<html><head><title>503 Service Unavailable</title></head><body>");
    while (pos < 3000)
        pos += (size_t)sprintf(page + pos, "<p>The service is temporarily unavailable.</p>");
    strcpy(page + pos, "</body></html>");
    r = big_reply("HTTP/1.1 503 Service Unavailable", "Retry-After: 0\r\n", page, 0, &len);
    server_step(ACT_KEEP, r, len, 0);
    r = big_reply("HTTP/1.1 503 Service Unavailable", "Retry-After: 0\r\n", page, 700, &len);
    server_step(ACT_KEEP, r, len, 0);
    step_status(ACT_KEEP, "Succeeded", NULL);
    free(page);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);

    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_ERR_HTTP_STATUS);
    assert_int_equal(out.http_status, 503);
    assert_int_equal(out.retry_after_s, 0);
    assert_true(out.present & AMSOP_FIELD_BIT(AMSOP_FIELD_REQUEST_ID));

    memset(&o, 0, sizeof o);
    o.timeout_ms = 5000;
    assert_int_equal(amsop_client_wait(&cli, &tgt, &o, &out), AMSOP_OK);
    assert_int_equal(out.status, AMSOP_STATUS_SUCCEEDED);
    assert_int_equal(cli.stats.requests, 3);
    assert_int_equal(cli.stats.connects, 1);
}

/* A sys that records how long the wait loop asked to sleep: delays are
 * checked from what the loop decided, not from wall-clock noise. */
static uint64_t slept_ms;
static uint64_t rec_now(void *ctx)
{
    (void)ctx;
    return amsop_port_now_ms();
}
static void rec_sleep(void *ctx, uint32_t ms)
{
    (void)ctx;
    slept_ms += ms;
    amsop_port_sleep_ms(ms);
}
static uint32_t rec_random(void *ctx)
{
    amsop_sys_t real = amsop_port_sys();
    (void)ctx;
    return real.random(real.ctx);
}

static void test_wait_failure_backoff_resets_after_success(void **state)
{
    static const char body[] = "{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"x\"}}";
    size_t len1;
    size_t len2;
    char *r1 = reply("HTTP/1.1 503 Service Unavailable", NULL, body, 0, &len1);
    char *r2 = reply("HTTP/1.1 503 Service Unavailable", NULL, body, 0, &len2);
    amsop_wait_opts_t o;
    (void)state;
    memset(&o, 0, sizeof o);
    server_step(ACT_KEEP, r1, len1, 0);
    step_status(ACT_KEEP, "InProgress", "Retry-After: 0\r\n");
    server_step(ACT_KEEP, r2, len2, 0);
    step_status(ACT_KEEP, "Succeeded", NULL);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    cli.sys.now_ms = rec_now;
    cli.sys.sleep_ms = rec_sleep;
    cli.sys.random = rec_random;
    slept_ms = 0;
    o.timeout_ms = 10000;
    assert_int_equal(amsop_client_wait(&cli, &tgt, &o, &out), AMSOP_OK);
    assert_int_equal(out.status, AMSOP_STATUS_SUCCEEDED);
    /* 503 -> initial backoff; InProgress -> the floor; 503 -> initial backoff
     * again (a success resets it): at most 2 * initial + floor. Had the
     * failure backoff kept doubling, the second wait alone would be at least
     * 2 * initial * (1 - jitter). */
    assert_true(slept_ms <=
                2u * CONFIG_AMSOP_POLL_INITIAL_DELAY_MS + CONFIG_AMSOP_POLL_MIN_DELAY_MS);
    assert_true(slept_ms >=
                2u * (CONFIG_AMSOP_POLL_INITIAL_DELAY_MS -
                      CONFIG_AMSOP_POLL_INITIAL_DELAY_MS * CONFIG_AMSOP_JITTER_PERCENT / 100u));
    assert_int_equal(cli.stats.requests, 4);
}

static void test_wait_throttled_then_succeeded(void **state)
{
    static const char body[] =
        "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"Rate limit exceeded.\"}}";
    size_t len;
    char *r = reply("HTTP/1.1 429 Too Many Requests", "Retry-After: 0\r\n", body, 0, &len);
    amsop_wait_opts_t o;
    (void)state;
    memset(&o, 0, sizeof o);
    server_step(ACT_KEEP, r, len, 0);
    step_status(ACT_KEEP, "Succeeded", NULL);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    cli.sys.log = rec_log;
    log_count = 0;
    o.timeout_ms = 5000;
    assert_int_equal(amsop_client_wait(&cli, &tgt, &o, &out), AMSOP_OK);
    assert_int_equal(out.status, AMSOP_STATUS_SUCCEEDED);
    assert_int_equal(out.http_status, 200);
    assert_true(server_wait(&srv.nreq, 2));
    assert_int_equal(cli.stats.requests, 2);
    /* one line for the throttle, naming status and Retry-After */
    assert_int_equal(log_count, LOGGED(1u));
    assert_int_equal(log_starting("throttled: AMSOP_ERR_HTTP_STATUS (HTTP 429, Retry-After 0 s) "
                                  "from Resource Manager; next attempt in "),
                     LOGGED(1u));
}

static void test_wait_deadline(void **state)
{
    amsop_wait_opts_t o;
    uint64_t t0;
    uint64_t spent;
    int i;
    (void)state;
    memset(&o, 0, sizeof o);
    for (i = 0; i < 4; i++)
        step_status(ACT_KEEP, "InProgress", "Retry-After: 1\r\n");
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    o.timeout_ms = 300;
    t0 = now_ms();
    assert_int_equal(amsop_client_wait(&cli, &tgt, &o, &out), AMSOP_ERR_DEADLINE);
    spent = now_ms() - t0;
    assert_true(spent >= 250);
    assert_true(spent < 2000);
    assert_int_equal(cli.stats.requests, 1);
}

/* A virtual clock: sleeping moves it, nothing waits (the wait's own
 * schedule, in milliseconds, over a long deadline). */
static uint64_t vclock_ms;
static uint64_t vclock_now(void *ctx)
{
    (void)ctx;
    return vclock_ms;
}
static void vclock_sleep(void *ctx, uint32_t ms)
{
    (void)ctx;
    vclock_ms += ms;
}
/* Every virtual-clock test starts the clock at ms and routes the client to it. */
static void use_vclock(uint64_t ms)
{
    vclock_ms = ms;
    cli.sys.now_ms = vclock_now;
    cli.sys.sleep_ms = vclock_sleep;
}

/* A wait that ends at its deadline after failed polls says how many failed
 * and what the last one was (the server closes every connection without a
 * reply); one that succeeds reports none (the control). */
static void test_wait_deadline_reports_failed_attempts(void **state)
{
    amsop_wait_opts_t o;
    uint64_t t0;
    int i;
    (void)state;
    memset(&o, 0, sizeof o);
    for (i = 0; i < MAX_STEPS; i++)
        server_step(ACT_PARTIAL_CLOSE, NULL, 0, 0);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    use_vclock(1000000);
    o.timeout_ms = 20000; /* backoff 1, 2, 4, 8 s ...: four or five polls */
    t0 = now_ms();
    assert_int_equal(amsop_client_wait(&cli, &tgt, &o, &out), AMSOP_ERR_DEADLINE);
    assert_true(now_ms() - t0 < 5000); /* no real sleep */
    assert_true(vclock_ms - 1000000 <= 20000u);
    assert_true(cli.stats.failed_attempts >= 3);
    assert_int_equal(cli.stats.failed_attempts, (uint32_t)srv.nreq);
    assert_int_equal(cli.stats.last_error, AMSOP_ERR_NET_CLOSED);
}

/* A 600 s wait on the virtual clock, in milliseconds of real time: polls
 * every Retry-After (60 s) until the deadline, sleeps end exactly at it,
 * and no poll starts at or after it. */
static void test_wait_600s_on_virtual_clock(void **state)
{
    amsop_wait_opts_t o;
    uint64_t t0;
    int i;
    (void)state;
    memset(&o, 0, sizeof o);
    for (i = 0; i < 12; i++)
        step_status(ACT_KEEP, "InProgress", "Retry-After: 60\r\n");
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    use_vclock(5000000);
    o.timeout_ms = 600000;
    t0 = now_ms();
    assert_int_equal(amsop_client_wait(&cli, &tgt, &o, &out), AMSOP_ERR_DEADLINE);
    assert_true(now_ms() - t0 < 5000); /* no real sleep */
    assert_int_equal(vclock_ms, 5000000u + 600000u);
    assert_int_equal(cli.stats.requests, 10); /* t = 0, 60, ..., 540 s */
    assert_int_equal(cli.stats.failed_attempts, 0);
    assert_int_equal(out.status, AMSOP_STATUS_IN_PROGRESS);
}

/* Every failed attempt that is tried again gives one "retry:" line with the
 * delay the wait then sleeps (the virtual clock shows the sleeps). */
static void test_wait_logs_each_retry(void **state)
{
    amsop_wait_opts_t o;
    unsigned i;
    (void)state;
    memset(&o, 0, sizeof o);
    for (i = 0; i < MAX_STEPS; i++)
        server_step(ACT_PARTIAL_CLOSE, NULL, 0, 0);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    use_vclock(1000000);
    cli.sys.log = rec_log;
    log_count = 0;
    o.timeout_ms = 20000;
    assert_int_equal(amsop_client_wait(&cli, &tgt, &o, &out), AMSOP_ERR_DEADLINE);
    assert_true(cli.stats.failed_attempts >= 3);
    assert_int_equal(log_count, LOGGED(cli.stats.failed_attempts));
    assert_int_equal(log_starting("retry: AMSOP_ERR_NET_CLOSED from Resource Manager; next "
                                  "attempt in "),
                     log_count);
    for (i = 0; i < log_count && i < LOG_KEPT; i++)
        assert_null(strstr(log_lines[i], TOKEN));
}

/* The line builder: %s and %u only, cut at CONFIG_AMSOP_LOG_LINE_MAX - 1
 * bytes, nothing without a sink. */
static void test_log_line_builder(void **state)
{
    static char longer[CONFIG_AMSOP_LOG_LINE_MAX * 2];
    amsop_sys_t sys;
    (void)state;
#if !defined(CONFIG_AMSOP_EVENT_LOG)
    skip();
#endif
    memset(&sys, 0, sizeof sys);
    amsop__log(&sys, AMSOP_LOG_INFO, "no sink: %s", "nothing happens");
    sys.log = rec_log;
    log_count = 0;
    amsop__log(&sys, AMSOP_LOG_INFO, "a %s b %u c %u d %% e", "str", 0u, 4294967295u);
    assert_int_equal(log_count, 1);
    assert_string_equal(log_lines[0], "a str b 0 c 4294967295 d %% e");
    amsop__log(&sys, AMSOP_LOG_INFO, "[%e]", (int)AMSOP_ERR_NET_CLOSED);
    assert_string_equal(log_lines[1], "[AMSOP_ERR_NET_CLOSED]");
    log_count = 1;
    memset(longer, 'x', sizeof longer - 1u);
    longer[sizeof longer - 1u] = '\0';
    amsop__log(&sys, AMSOP_LOG_INFO, "<%s>", longer);
    assert_int_equal(log_count, 2);
    assert_int_equal(strlen(log_lines[1]), CONFIG_AMSOP_LOG_LINE_MAX - 1u);
    assert_int_equal(log_lines[1][0], '<');
    assert_int_equal(log_lines[1][CONFIG_AMSOP_LOG_LINE_MAX - 2u], 'x');
}

static void test_wait_success_reports_no_failure(void **state)
{
    amsop_wait_opts_t o;
    (void)state;
    memset(&o, 0, sizeof o);
    server_step(ACT_PARTIAL_CLOSE, NULL, 0, 0);
    step_status(ACT_KEEP, "Succeeded", NULL);
    step_status(ACT_KEEP, "Succeeded", NULL);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    use_vclock(5);
    o.timeout_ms = 20000;
    assert_int_equal(amsop_client_wait(&cli, &tgt, &o, &out), AMSOP_OK);
    assert_int_equal(cli.stats.failed_attempts, 1); /* the close, then the reply */
    assert_int_equal(cli.stats.last_error, AMSOP_ERR_NET_CLOSED);
    assert_int_equal(amsop_client_wait(&cli, &tgt, &o, &out), AMSOP_OK);
    assert_int_equal(cli.stats.failed_attempts, 0); /* each wait counts its own */
    assert_int_equal(cli.stats.last_error, AMSOP_OK);
}

/* --- amsop_client_action over loopback -------------------------------------- */
static const amsop_live_event_t k_le = {"00000000-0000-0000-0000-000000000000", "rg1", "acct1",
                                        "event-1"};
#define LE_PATH                                                                                    \
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/"            \
    "Microsoft.Media/mediaservices/acct1"
#define OP_ID "62e4d893-d233-4005-988e-a428d9f77076"

static void step_accepted(const char *headers)
{
    size_t len;
    char *r = reply("HTTP/1.1 202 Accepted", headers, "", 0, &len);
    server_step(ACT_KEEP, r, len, 0);
}

static void test_action_start_accepted(void **state)
{
    char hdr[400];
    static amsop_target_t op;
    (void)state;
    server_start();
    snprintf(hdr, sizeof hdr,
             "Azure-AsyncOperation: https://127.0.0.1:%u" LE_PATH "/liveEventOperations/" OP_ID
             "?api-version=2022-11-01\r\n",
             (unsigned)srv.port);
    step_accepted(hdr);
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    assert_int_equal(amsop_client_action(&cli, &k_le, AMSOP_ACTION_START, NULL, &out, &op),
                     AMSOP_OK);
    assert_int_equal(out.http_status, 202);
    assert_string_equal(op.path, LE_PATH "/liveEventOperations/" OP_ID);
    assert_true(server_wait(&srv.nreq, 1));
    assert_memory_equal(
        srv.req[0], "POST " LE_PATH "/liveEvents/event-1/start?api-version=2022-11-01 ",
        strlen("POST " LE_PATH "/liveEvents/event-1/start?api-version=2022-11-01 "));
}

/* Without Azure-AsyncOperation, Location names the operation. */
static void test_action_location_fallback(void **state)
{
    static amsop_target_t op;
    (void)state;
    step_accepted("Location: " LE_PATH "/liveEvents/event-1/operationLocations/" OP_ID
                  "?api-version=2022-11-01\r\n");
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    assert_int_equal(amsop_client_action(&cli, &k_le, AMSOP_ACTION_STOP, NULL, &out, &op),
                     AMSOP_OK);
    assert_true(op.path_len > 0);
    assert_non_null(strstr(op.path, OP_ID));
}

/* A foreign host in Azure-AsyncOperation is refused: nothing to follow. */
static void test_action_foreign_operation_refused(void **state)
{
    static amsop_target_t op;
    (void)state;
    step_accepted("Azure-AsyncOperation: https://evil.example" LE_PATH "/liveEventOperations/" OP_ID
                  "?api-version=2022-11-01\r\n");
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    assert_int_equal(amsop_client_action(&cli, &k_le, AMSOP_ACTION_RESET, NULL, &out, &op),
                     AMSOP_ERR_URL_HOST);
    assert_int_equal(op.path_len, 0);
    assert_int_equal(out.http_status, 202); /* the action was accepted */
}

/* The caller's deadline bounds the POST: a server that reads the request
 * and never answers ends the call at timeout_ms with AMSOP_ERR_DEADLINE
 * (without one, the request timeout of 60 s would). */
static void test_action_deadline(void **state)
{
    static amsop_target_t op;
    amsop_action_opts_t o;
    uint64_t t0;
    uint64_t spent;
    (void)state;
    memset(&o, 0, sizeof o);
    server_start(); /* no step: every request is read, none answered */
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    o.timeout_ms = 300;
    t0 = now_ms();
    assert_int_equal(amsop_client_action(&cli, &k_le, AMSOP_ACTION_START, &o, &out, &op),
                     AMSOP_ERR_DEADLINE);
    spent = now_ms() - t0;
    assert_true(spent >= 250);
    assert_true(spent < 3000);
    {
        /* the POST did arrive (the control: the server was there to answer) */
        size_t got = 0;
        int i;
        for (i = 0; i < 100 && got == 0; i++) {
            pthread_mutex_lock(&srv.mu);
            got = srv.stray_bytes;
            pthread_mutex_unlock(&srv.mu);
            if (got == 0)
                amsop_port_sleep_ms(10);
        }
        assert_true(got >= strlen("POST " LE_PATH "/liveEvents/event-1/start"));
    }
    /* No reply came, yet the id the POST carried is kept for a support ticket. */
    assert_int_equal(out.http_status, 0);
    assert_true(is_uuid_v4(out.client_request_id));
}

/* Each request carries its own x-ms-client-request-id, and the result keeps
 * the one of the request it answers. */
static void test_client_request_id_per_request(void **state)
{
    char first[40];
    (void)state;
    step_status(ACT_KEEP, "InProgress", NULL);
    step_status(ACT_KEEP, "Succeeded", NULL);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_OK);
    snprintf(first, sizeof first, "%s", out.client_request_id);
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_OK);
    assert_true(server_wait(&srv.nreq, 2));
    assert_true(is_uuid_v4(first));
    assert_true(is_uuid_v4(out.client_request_id));
    assert_string_not_equal(first, out.client_request_id);
    assert_non_null(strstr(srv.req[0], first));
    assert_non_null(strstr(srv.req[1], out.client_request_id));
    assert_null(strstr(srv.req[1], first));
    assert_true(contains_ci(srv.req[1], "\r\nx-ms-return-client-request-id: true\r\n"));
}

/* retry-after-ms and x-ms-retry-after-ms win over Retry-After (they are more
 * precise); Retry-After alone still counts (the control). */
static void test_wait_retry_after_ms(void **state)
{
    amsop_wait_opts_t o;
    (void)state;
    memset(&o, 0, sizeof o);
    step_status(ACT_KEEP, "InProgress", "Retry-After: 30\r\nretry-after-ms: 1500\r\n");
    step_status(ACT_KEEP, "InProgress", "X-MS-Retry-After-Ms: 2500\r\nRetry-After: 30\r\n");
    step_status(ACT_KEEP, "InProgress", "Retry-After: 7\r\n");
    step_status(ACT_KEEP, "InProgress", "retry-after-ms: soon\r\nRetry-After: 3\r\n");
    step_status(ACT_KEEP, "Succeeded", NULL);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    use_vclock(1000);
    o.timeout_ms = 100000;
    assert_int_equal(amsop_client_wait(&cli, &tgt, &o, &out), AMSOP_OK);
    /* 1.5 s + 2.5 s + 7 s + 3 s (a value that is no number is ignored) */
    assert_int_equal(vclock_ms - 1000, 14000);
    assert_int_equal(cli.stats.requests, 5);
}

/* Retry-After up to ARM's documented 10 minutes is honoured, longer is
 * clamped there. */
static void test_wait_retry_after_clamp(void **state)
{
    amsop_wait_opts_t o;
    (void)state;
    memset(&o, 0, sizeof o);
    step_status(ACT_KEEP, "InProgress", "Retry-After: 450\r\n");
    step_status(ACT_KEEP, "InProgress", "Retry-After: 3600\r\n");
    step_status(ACT_KEEP, "Succeeded", NULL);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    use_vclock(1000);
    o.timeout_ms = 2000000;
    assert_int_equal(CONFIG_AMSOP_RETRY_AFTER_MAX_S, 600);
    assert_int_equal(amsop_client_wait(&cli, &tgt, &o, &out), AMSOP_OK);
    assert_int_equal(vclock_ms - 1000, 450000 + 600000);
}

/* first_delay_ms (the 202's Retry-After): the first poll waits it; without
 * it the first poll goes at once (the control); it is clamped like
 * Retry-After. */
static void test_wait_first_delay(void **state)
{
    amsop_wait_opts_t o;
    (void)state;
    memset(&o, 0, sizeof o);
    step_status(ACT_KEEP, "Succeeded", NULL);
    step_status(ACT_KEEP, "Succeeded", NULL);
    step_status(ACT_KEEP, "Succeeded", NULL);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    use_vclock(1000);
    o.timeout_ms = 2000000;
    assert_int_equal(amsop_client_wait(&cli, &tgt, &o, &out), AMSOP_OK);
    assert_int_equal(vclock_ms, 1000);
    o.first_delay_ms = 2500;
    assert_int_equal(amsop_client_wait(&cli, &tgt, &o, &out), AMSOP_OK);
    assert_int_equal(vclock_ms, 3500);
    o.first_delay_ms = 4000000;
    assert_int_equal(amsop_client_wait(&cli, &tgt, &o, &out), AMSOP_OK);
    assert_int_equal(vclock_ms, 3500 + CONFIG_AMSOP_RETRY_AFTER_MAX_S * 1000);
    assert_int_equal(cli.stats.requests, 3);
    assert_int_equal(out.status, AMSOP_STATUS_SUCCEEDED);
    /* the deadline inside the first delay: nothing sent, and out holds
     * nothing of the wait before */
    o.timeout_ms = 1000;
    o.first_delay_ms = 2500;
    assert_int_equal(amsop_client_wait(&cli, &tgt, &o, &out), AMSOP_ERR_DEADLINE);
    assert_int_equal(cli.stats.requests, 3);
    assert_int_equal(out.http_status, 0);
    assert_int_equal(out.status, AMSOP_STATUS_NONE);
}

/* A 202's retry-after-ms is kept in the result, for the first poll. */
static void test_action_retry_after_ms(void **state)
{
    static amsop_target_t op;
    (void)state;
    step_accepted("Location: " LE_PATH "/liveEvents/event-1/operationLocations/" OP_ID
                  "?api-version=2022-11-01\r\nRetry-After: 9\r\nx-ms-retry-after-ms: 1200\r\n");
    step_accepted("Location: " LE_PATH "/liveEvents/event-1/operationLocations/" OP_ID
                  "?api-version=2022-11-01\r\nRetry-After: 9\r\n");
    step_accepted("Location: " LE_PATH "/liveEvents/event-1/operationLocations/" OP_ID
                  "?api-version=2022-11-01\r\n");
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    assert_int_equal(amsop_client_action(&cli, &k_le, AMSOP_ACTION_START, NULL, &out, &op),
                     AMSOP_OK);
    assert_int_equal(out.retry_after_ms, 1200);
    assert_int_equal(out.retry_after_s, 9);
    assert_int_equal(amsop_client_action(&cli, &k_le, AMSOP_ACTION_START, NULL, &out, &op),
                     AMSOP_OK);
    assert_int_equal(out.retry_after_ms, 9000);
    assert_int_equal(amsop_client_action(&cli, &k_le, AMSOP_ACTION_START, NULL, &out, &op),
                     AMSOP_OK);
    assert_int_equal(out.retry_after_ms, -1);
}

/* 200 without an operation header: the action completed synchronously
 * (the spec's stop example, 200 {}); a 202 without one still has no
 * operation to follow (the control). */
static void test_action_sync_200(void **state)
{
    static amsop_target_t op;
    size_t len;
    char *r = reply("HTTP/1.1 200 OK", "Content-Type: application/json\r\n", "{}", 0, &len);
    (void)state;
    server_step(ACT_KEEP, r, len, 0);
    step_accepted(NULL);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    assert_int_equal(amsop_client_action(&cli, &k_le, AMSOP_ACTION_STOP, NULL, &out, &op),
                     AMSOP_OK);
    assert_int_equal(out.http_status, 200);
    assert_int_equal(out.status, AMSOP_STATUS_SUCCEEDED);
    assert_int_equal(op.path_len, 0); /* nothing to wait on */
    assert_int_equal(amsop_client_action(&cli, &k_le, AMSOP_ACTION_STOP, NULL, &out, &op),
                     AMSOP_ERR_ACTION_NO_OPERATION);
    assert_int_equal(out.http_status, 202);
}

/* An absolute Location is followed on the endpoint's host:port only (the
 * host check target.c makes for Azure-AsyncOperation). */
static void test_action_location_host_check(void **state)
{
    char hdr[400];
    static amsop_target_t op;
    (void)state;
    server_start();
    snprintf(hdr, sizeof hdr,
             "Location: https://127.0.0.1:%u" LE_PATH
             "/liveEvents/event-1/operationLocations/" OP_ID "?api-version=2022-11-01\r\n",
             (unsigned)srv.port);
    step_accepted(hdr);
    snprintf(hdr, sizeof hdr,
             "Location: https://127.0.0.1:%u" LE_PATH
             "/liveEvents/event-1/operationLocations/" OP_ID "?api-version=2022-11-01\r\n",
             (unsigned)srv.port + 1u);
    step_accepted(hdr);
    step_accepted("Location: https://evil.example" LE_PATH
                  "/liveEvents/event-1/operationLocations/" OP_ID "?api-version=2022-11-01\r\n");
    step_accepted("Location: http://127.0.0.1" LE_PATH
                  "/liveEvents/event-1/operationLocations/" OP_ID "?api-version=2022-11-01\r\n");
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    assert_int_equal(amsop_client_action(&cli, &k_le, AMSOP_ACTION_START, NULL, &out, &op),
                     AMSOP_OK);
    assert_non_null(strstr(op.path, OP_ID));
    assert_int_equal(amsop_client_action(&cli, &k_le, AMSOP_ACTION_START, NULL, &out, &op),
                     AMSOP_ERR_URL_HOST);
    assert_int_equal(amsop_client_action(&cli, &k_le, AMSOP_ACTION_START, NULL, &out, &op),
                     AMSOP_ERR_URL_HOST);
    assert_int_equal(amsop_client_action(&cli, &k_le, AMSOP_ACTION_START, NULL, &out, &op),
                     AMSOP_ERR_URL_SCHEME);
    assert_int_equal(op.path_len, 0);
}

/* error.code "None" (ARM's while an operation runs) is no error. */
static void test_result_has_error(void **state)
{
    amsop_result_t r;
    (void)state;
    amsop_result_clear(&r);
    assert_false(amsop_result_has_error(&r)); /* no error.code at all */
    assert_false(amsop_result_has_error(NULL));
    r.present |= AMSOP_FIELD_BIT(AMSOP_FIELD_ERROR_CODE);
    snprintf(r.error_code, sizeof r.error_code, "None");
    assert_false(amsop_result_has_error(&r));
    snprintf(r.error_code, sizeof r.error_code, "nOnE");
    assert_false(amsop_result_has_error(&r));
    r.error_code[0] = '\0';
    assert_false(amsop_result_has_error(&r));
    snprintf(r.error_code, sizeof r.error_code, "Nonexistent");
    assert_true(amsop_result_has_error(&r));
    snprintf(r.error_code, sizeof r.error_code, "LiveEventOperationFailed");
    assert_true(amsop_result_has_error(&r));
    r.present = 0; /* a stale value without its bit is not in the reply */
    assert_false(amsop_result_has_error(&r));
}

static void test_wait_cancel_by_callback(void **state)
{
    seen_t seen;
    amsop_wait_opts_t o;
    (void)state;
    memset(&seen, 0, sizeof seen);
    memset(&o, 0, sizeof o);
    step_status(ACT_KEEP, "InProgress", "Retry-After: 0\r\n");
    step_status(ACT_KEEP, "Succeeded", NULL);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    o.timeout_ms = 5000;
    o.on_change = on_change;
    o.user = &seen;
    seen.stop_at = 1;
    assert_int_equal(amsop_client_wait(&cli, &tgt, &o, &out), AMSOP_ERR_CANCELLED);
    assert_int_equal(seen.calls, 1);
    assert_int_equal(cli.stats.requests, 1);
}

static void test_wait_cancel_flag(void **state)
{
    seen_t seen;
    amsop_wait_opts_t o;
    volatile int flag = 0;
    uint64_t t0;
    (void)state;
    memset(&seen, 0, sizeof seen);
    memset(&o, 0, sizeof o);
    step_status(ACT_KEEP, "InProgress", "Retry-After: 30\r\n");
    step_status(ACT_KEEP, "Succeeded", NULL);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    o.timeout_ms = 10000;
    o.on_change = on_change;
    o.user = &seen;
    o.cancel = &flag;
    seen.set_flag = &flag; /* like a signal handler arriving during the wait */
    t0 = now_ms();
    assert_int_equal(amsop_client_wait(&cli, &tgt, &o, &out), AMSOP_ERR_CANCELLED);
    assert_true(now_ms() - t0 < 1000);
    assert_int_equal(seen.calls, 1);
    assert_int_equal(cli.stats.requests, 1);
    assert_string_equal(out.status_text, "InProgress"); /* the read the flag cut short */
    /* already set before the wait starts: nothing is sent, and out holds
     * nothing of the earlier wait; the same when the flag ends the first
     * delay */
    assert_int_equal(amsop_client_wait(&cli, &tgt, &o, &out), AMSOP_ERR_CANCELLED);
    assert_int_equal(cli.stats.requests, 1);
    assert_int_equal(out.http_status, 0);
    assert_int_equal(out.status, AMSOP_STATUS_NONE);
    assert_string_equal(out.status_text, "");
    out.http_status = 200;
    o.first_delay_ms = 5000;
    assert_int_equal(amsop_client_wait(&cli, &tgt, &o, &out), AMSOP_ERR_CANCELLED);
    assert_int_equal(cli.stats.requests, 1);
    assert_int_equal(out.http_status, 0);
}

static void test_wait_failed_is_terminal(void **state)
{
    seen_t seen;
    amsop_wait_opts_t o;
    (void)state;
    memset(&seen, 0, sizeof seen);
    memset(&o, 0, sizeof o);
    step_vector(ACT_KEEP, "operation-failed.json");
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    o.timeout_ms = 5000;
    o.on_change = on_change;
    o.user = &seen;
    assert_int_equal(amsop_client_wait(&cli, &tgt, &o, &out), AMSOP_OK);
    assert_int_equal(out.status, AMSOP_STATUS_FAILED);
    assert_string_equal(out.error_code, "ClientError");
    assert_string_equal(out.error_message,
                        "Error while parsing WEBVTT file and creating CMFT header.");
    assert_int_equal(seen.calls, 1);
}

/* A reply that is not retryable (a 404) ends the wait at once. */
static void test_wait_stops_on_client_error(void **state)
{
    size_t len;
    char *r = reply("HTTP/1.1 404 Not Found", NULL,
                    "{\"error\":{\"code\":\"ResourceNotFound\",\"message\":\"no\"}}", 0, &len);
    amsop_wait_opts_t o;
    (void)state;
    memset(&o, 0, sizeof o);
    server_step(ACT_KEEP, r, len, 0);
    step_status(ACT_KEEP, "Succeeded", NULL);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    o.timeout_ms = 5000;
    assert_int_equal(amsop_client_wait(&cli, &tgt, &o, &out), AMSOP_ERR_HTTP_STATUS);
    assert_int_equal(out.http_status, 404);
    assert_string_equal(out.error_code, "ResourceNotFound");
    assert_int_equal(cli.stats.requests, 1);
}

/* --- amsop_client_live_event over loopback ------------------------------------ */

#define LE_NAME "myLiveEvent1"
#define LE_GET_PATH                                                                                \
    "/subscriptions/" SUB "/resourceGroups/" RG "/providers/Microsoft.Media/mediaservices/" ACCT   \
    "/liveEvents/" LE_NAME
static const amsop_live_event_t k_live = {SUB, RG, ACCT, LE_NAME};
static amsop_live_event_info_t info;
static const amsop_live_event_info_t zero_info; /* all zero */

#define LBIT(f) AMSOP_FIELD_BIT(AMSOP_LIVE_FIELD_##f)
#define LALL                                                                                       \
    (LBIT(NAME) | LBIT(RESOURCE_STATE) | LBIT(STREAMING_PROTOCOL) | LBIT(ENCODING_TYPE) |          \
     LBIT(STREAM_OPTION) | LBIT(ENDPOINT0_PROTOCOL) | LBIT(ENDPOINT0_URL) |                        \
     LBIT(ENDPOINT1_PROTOCOL) | LBIT(ENDPOINT1_URL))
#define EP0_URL "rtmp://myliveevent1-slitestmedia10-usw22.channel.media.azure.net:1935/live/acf7b6"
#define EP1_URL "rtmps://myliveevent1-slitestmedia10-usw22.channel.media.azure.net:2935/live/acf7b6"

/* A LiveEvent as the service returns it (GET, 2022-11-01), with the preview
 * endpoints after the ingest ones: the same keys (protocol, url) one level
 * over, which must not land in the ingest fields. */
static const char le_full_body[] =
    "{\r\n"
    "  \"name\": \"" LE_NAME "\",\r\n"
    "  \"id\": \"" LE_GET_PATH "\",\r\n"
    "  \"type\": \"Microsoft.Media/mediaservices/liveevents\",\r\n"
    "  \"location\": \"West US 2\",\r\n"
    "  \"tags\": {\"tag1\": \"value1\", \"tag2\": \"value2\"},\r\n"
    "  \"systemData\": {\"createdBy\": \"contoso@microsoft.com\", \"createdByType\": \"User\",\r\n"
    "    \"createdAt\": \"2020-01-01T12:00:00.0000000Z\", \"lastModifiedBy\": null},\r\n"
    "  \"properties\": {\r\n"
    "    \"description\": \"\",\r\n"
    "    \"input\": {\r\n"
    "      \"streamingProtocol\": \"RTMP\",\r\n"
    "      \"accessControl\": {\"ip\": {\"allow\": [{\"name\": \"AllowAll\", \"address\": "
    "\"0.0.0.0\", \"subnetPrefixLength\": 0}]}},\r\n"
    "      \"keyFrameIntervalDuration\": \"PT2S\",\r\n"
    "      \"accessToken\": \"acf7b6ef-8a37-425f-b8fc-51c2d6a5a86a\",\r\n"
    "      \"endpoints\": [\r\n"
    "        {\"protocol\": \"RTMP\", \"url\": \"" EP0_URL "\"},\r\n"
    "        {\"protocol\": \"RTMP\", \"url\": \"" EP1_URL "\"}\r\n"
    "      ]\r\n"
    "    },\r\n"
    "    \"preview\": {\r\n"
    "      \"endpoints\": [\r\n"
    "        {\"protocol\": \"FragmentedMP4\", \"url\": "
    "\"https://myliveevent1-slitestmedia10.preview-usw22.channel.media.azure.net/"
    "d4c5/preview.ism/manifest\"}\r\n"
    "      ],\r\n"
    "      \"accessControl\": {\"ip\": {\"allow\": [{\"name\": \"AllowAll\", \"address\": "
    "\"0.0.0.0\", \"subnetPrefixLength\": 0}]}},\r\n"
    "      \"previewLocator\": \"63f9b9a0-7c3a-4a4b-8f21-3b8bcb2f6cf7\",\r\n"
    "      \"streamingPolicyName\": null,\r\n"
    "      \"alternativeMediaId\": null\r\n"
    "    },\r\n"
    "    \"encoding\": {\"encodingType\": \"PassthroughStandard\", \"presetName\": null, "
    "\"stretchMode\": \"None\", \"keyFrameInterval\": \"PT2S\"},\r\n"
    "    \"transcriptions\": [],\r\n"
    "    \"provisioningState\": \"Succeeded\",\r\n"
    "    \"resourceState\": \"Running\",\r\n"
    "    \"crossSiteAccessPolicies\": {\"clientAccessPolicy\": null, \"crossDomainPolicy\": "
    "null},\r\n"
    "    \"useStaticHostname\": false,\r\n"
    "    \"hostnamePrefix\": \"myliveevent1-slitestmedia10\",\r\n"
    "    \"streamOptions\": [\"Default\"],\r\n"
    "    \"created\": \"2020-01-01T12:00:00.0000000Z\",\r\n"
    "    \"lastModified\": \"2020-01-01T12:05:00.0000000Z\"\r\n"
    "  }\r\n"
    "}";

/* A reply with this body (chunk: as in big_reply; 1 byte per chunk takes
 * six bytes of framing per body byte). */
static void step_body(const char *status_line, const char *body, size_t chunk)
{
    size_t cap = strlen(body) * 8 + 8192;
    char *r = malloc(cap);
    size_t len;
    assert_non_null(r);
    len = tu_build_reply(r, cap, status_line, NULL, body, strlen(body), chunk);
    assert_true(len > 0);
    server_step(ACT_KEEP, r, len, 0);
}

static void assert_full_info(const amsop_live_event_info_t *i)
{
    assert_int_equal(i->resource_state, AMSOP_RESOURCE_STATE_RUNNING);
    assert_string_equal(i->resource_state_text, "Running");
    assert_string_equal(i->name, LE_NAME);
    assert_string_equal(i->streaming_protocol, "RTMP");
    assert_string_equal(i->encoding_type, "PassthroughStandard");
    assert_string_equal(i->stream_option, "Default");
    assert_string_equal(i->endpoints[0].protocol, "RTMP");
    assert_string_equal(i->endpoints[0].url, EP0_URL);
    assert_string_equal(i->endpoints[1].protocol, "RTMP");
    assert_string_equal(i->endpoints[1].url, EP1_URL);
    assert_int_equal(i->endpoints_count, 2); /* not the preview's 1 */
    assert_int_equal(i->stream_options_count, 1);
    assert_int_equal(i->present, LALL);
    assert_int_equal(i->truncated, 0);
}

/* The whole request, exactly: GET of the live event's own path. */
static void test_live_event_full_reply(void **state)
{
    char want[1024];
    char host[64];
    (void)state;
    step_body("HTTP/1.1 200 OK", le_full_body, 0);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    memset(&info, 0x5A, sizeof info);
    assert_int_equal(amsop_client_live_event(&cli, &k_live, &out, &info), AMSOP_OK);
    assert_full_info(&info);
    assert_int_equal(out.http_status, 200);
    assert_string_equal(out.request_id, REQUEST_ID);
    /* the ARM fields of out are not filled from a live event's body */
    assert_string_equal(out.name, "");
    assert_int_equal(out.status, AMSOP_STATUS_NONE);
    assert_true(server_wait(&srv.nreq, 1));
    snprintf(host, sizeof host, "127.0.0.1:%u", (unsigned)srv.port);
    snprintf(want, sizeof want,
             "GET " LE_GET_PATH "?api-version=2022-11-01 HTTP/1.1\r\n"
             "Host: %s\r\n"
             "Authorization: Bearer " TOKEN "\r\n"
             "Accept: application/json\r\n"
             "Accept-Encoding: identity\r\n"
             "User-Agent: amsop/" AMSOP_VERSION_STRING "\r\n"
             "Connection: keep-alive\r\n"
             "x-ms-client-request-id: %s\r\n"
             "x-ms-return-client-request-id: true\r\n"
             "\r\n",
             host, out.client_request_id);
    assert_string_equal(srv.req[0], want);
    assert_int_equal(cli.stats.connects, 1);
    assert_int_equal(cli.stats.requests, 1);
}

/* The pass driven directly with the LiveEvent schema (as the client does). */
static jsmntok_t le_tokens[AMSOP__JSON_DOC_TOKENS];
static amsop__jstream_t le_js;

/* body[0..first) as one piece, then pieces of `piece` bytes (0: the rest
 * at once). */
static amsop_err_t le_pass(const char *body, size_t len, size_t first, size_t piece,
                           amsop_live_event_info_t *o)
{
    size_t off = first;
    amsop_err_t err;
    memset(o, 0, sizeof *o);
    amsop__js_begin_schema(&le_js, amsop__live_event_schema(), o);
    if (first > 0)
        amsop__js_feed(&le_js, (const uint8_t *)body, first);
    while (off < len) {
        size_t n = piece == 0 || piece > len - off ? len - off : piece;
        amsop__js_feed(&le_js, (const uint8_t *)body + off, n);
        off += n;
    }
    err = amsop__js_kept(&le_js, le_tokens, AMSOP__JSON_DOC_TOKENS, &o->present);
    o->endpoints_count = le_js.counts[0];
    o->stream_options_count = le_js.counts[1];
    return err;
}

/* One byte at a time and at every split point: the same info, byte for
 * byte; and the client, over a reply chunked one byte per chunk, gives it
 * too. */
static void test_live_event_split_points(void **state)
{
    static amsop_live_event_info_t whole;
    static amsop_live_event_info_t split;
    static amsop_live_event_info_t net;
    const size_t n = strlen(le_full_body);
    size_t k;
    (void)state;
    assert_int_equal(le_pass(le_full_body, n, 0, 0, &whole), AMSOP_OK);
    whole.resource_state = AMSOP_RESOURCE_STATE_RUNNING; /* set by the call, not the pass */
    assert_full_info(&whole);
    whole.resource_state = AMSOP_RESOURCE_STATE_NONE;
    assert_int_equal(le_pass(le_full_body, n, 0, 1, &split), AMSOP_OK);
    assert_memory_equal(&split, &whole, sizeof whole);
    for (k = 1; k < n; k++) {
        assert_int_equal(le_pass(le_full_body, n, k, 0, &split), AMSOP_OK);
        assert_memory_equal(&split, &whole, sizeof whole);
    }
    for (k = 2; k < 70; k++) {
        assert_int_equal(le_pass(le_full_body, n, 0, k, &split), AMSOP_OK);
        assert_memory_equal(&split, &whole, sizeof whole);
    }

    step_body("HTTP/1.1 200 OK", le_full_body, 0);
    step_body("HTTP/1.1 200 OK", le_full_body, 1);
    step_body("HTTP/1.1 200 OK", le_full_body, 7);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    assert_int_equal(amsop_client_live_event(&cli, &k_live, &out, &net), AMSOP_OK);
    assert_full_info(&net);
    memcpy(&whole, &net, sizeof whole);
    memset(&net, 0x5A, sizeof net);
    assert_int_equal(amsop_client_live_event(&cli, &k_live, &out, &net), AMSOP_OK);
    assert_memory_equal(&net, &whole, sizeof whole);
    memset(&net, 0xA5, sizeof net);
    assert_int_equal(amsop_client_live_event(&cli, &k_live, &out, &net), AMSOP_OK);
    assert_memory_equal(&net, &whole, sizeof whole);
    assert_int_equal(cli.stats.connects, 1);
}

/* A LiveEvent body with each kept string given (NULL: a short default). */
static size_t le_body_with(char *b, size_t cap, const char *const v[9])
{
    static const char *const def[9] = {"ev",   "Running",  "RTMP", "None",     "Default",
                                       "RTMP", "rtmp://a", "RTMP", "rtmps://b"};
    const char *x[9];
    int k;
    int n;
    for (k = 0; k < 9; k++)
        x[k] = v[k] != NULL ? v[k] : def[k];
    n = snprintf(b, cap,
                 "{\"name\":\"%s\",\"properties\":{\"resourceState\":\"%s\",\"input\":{"
                 "\"streamingProtocol\":\"%s\",\"endpoints\":[{\"protocol\":\"%s\",\"url\":\"%s\"},"
                 "{\"protocol\":\"%s\",\"url\":\"%s\"}]},\"encoding\":{\"encodingType\":\"%s\"},"
                 "\"streamOptions\":[\"%s\"]}}",
                 x[AMSOP_LIVE_FIELD_NAME], x[AMSOP_LIVE_FIELD_RESOURCE_STATE],
                 x[AMSOP_LIVE_FIELD_STREAMING_PROTOCOL], x[AMSOP_LIVE_FIELD_ENDPOINT0_PROTOCOL],
                 x[AMSOP_LIVE_FIELD_ENDPOINT0_URL], x[AMSOP_LIVE_FIELD_ENDPOINT1_PROTOCOL],
                 x[AMSOP_LIVE_FIELD_ENDPOINT1_URL], x[AMSOP_LIVE_FIELD_ENCODING_TYPE],
                 x[AMSOP_LIVE_FIELD_STREAM_OPTION]);
    assert_true(n > 0 && (size_t)n < cap);
    return (size_t)n;
}

static const char *live_field(const amsop_live_event_info_t *i, unsigned f)
{
    switch (f) {
    case AMSOP_LIVE_FIELD_NAME:
        return i->name;
    case AMSOP_LIVE_FIELD_RESOURCE_STATE:
        return i->resource_state_text;
    case AMSOP_LIVE_FIELD_STREAMING_PROTOCOL:
        return i->streaming_protocol;
    case AMSOP_LIVE_FIELD_ENCODING_TYPE:
        return i->encoding_type;
    case AMSOP_LIVE_FIELD_STREAM_OPTION:
        return i->stream_option;
    case AMSOP_LIVE_FIELD_ENDPOINT0_PROTOCOL:
        return i->endpoints[0].protocol;
    case AMSOP_LIVE_FIELD_ENDPOINT0_URL:
        return i->endpoints[0].url;
    case AMSOP_LIVE_FIELD_ENDPOINT1_PROTOCOL:
        return i->endpoints[1].protocol;
    default:
        return i->endpoints[1].url;
    }
}

static size_t live_cap(unsigned f)
{
    switch (f) {
    case AMSOP_LIVE_FIELD_NAME:
        return sizeof info.name;
    case AMSOP_LIVE_FIELD_ENDPOINT0_URL:
    case AMSOP_LIVE_FIELD_ENDPOINT1_URL:
        return sizeof info.endpoints[0].url;
    default:
        return sizeof info.resource_state_text;
    }
}

/* Each kept string at its room exactly (cap - 1 bytes: whole) and one past
 * (cut to cap - 1, flagged, NUL terminated); a multi-byte character that
 * does not fit is dropped whole (the cut is at a UTF-8 boundary), raw or
 * escaped; one that fits exactly is kept. */
static void test_live_event_string_capacity(void **state)
{
    static char body[2048];
    static char val[512];
    static amsop_live_event_info_t o;
    unsigned f;
    int variant;
    (void)state;
    assert_int_equal(live_cap(AMSOP_LIVE_FIELD_NAME), CONFIG_AMSOP_NAME_MAX);
    for (f = 0; f <= AMSOP_LIVE_FIELD_ENDPOINT1_URL; f++) {
        const size_t cap = live_cap(f);
        for (variant = 0; variant < 6; variant++) {
            const char *v[9] = {NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
            size_t keep; /* bytes the field keeps */
            int cut;     /* truncated bit expected */
            size_t fill; /* 'a' bytes before the tail */
            const char *tail;
            switch (variant) {
            case 0: /* cap - 1 ASCII bytes: whole */
                fill = cap - 1u, tail = "", keep = cap - 1u, cut = 0;
                break;
            case 1: /* cap ASCII bytes: one past */
                fill = cap, tail = "", keep = cap - 1u, cut = 1;
                break;
            case 2: /* cap - 3 + a 2-byte character = cap - 1: whole */
                fill = cap - 3u, tail = "\xC3\xA9", keep = cap - 1u, cut = 0;
                break;
            case 3: /* cap - 2 + a 2-byte character = cap: the character goes */
                fill = cap - 2u, tail = "\xC3\xA9", keep = cap - 2u, cut = 1;
                break;
            case 4: /* cap - 3 + a 3-byte character: cap, cut before it */
                fill = cap - 3u, tail = "\xE2\x82\xAC", keep = cap - 3u, cut = 1;
                break;
            default: /* the same character escaped: \u20ac */
                fill = cap - 3u, tail = "\\u20ac", keep = cap - 3u, cut = 1;
                break;
            }
            memset(val, 'a', fill);
            memcpy(val + fill, tail, strlen(tail) + 1u);
            v[f] = val;
            assert_int_equal(le_pass(body, le_body_with(body, sizeof body, v), 0, 0, &o), AMSOP_OK);
            assert_int_equal(strlen(live_field(&o, f)), keep);
            assert_int_equal(live_field(&o, f)[keep], '\0');
            if (variant == 2)
                assert_memory_equal(live_field(&o, f) + keep - 2u, "\xC3\xA9", 2);
            else
                assert_int_equal(strspn(live_field(&o, f), "a"), keep);
            assert_int_equal(o.truncated, cut ? AMSOP_FIELD_BIT(f) : 0u);
            assert_int_equal(o.present, LALL);
            assert_true(tu_utf8_valid((const uint8_t *)live_field(&o, f), keep));
            /* the same through the pass one byte at a time */
            {
                static amsop_live_event_info_t p;
                size_t n = strlen(body);
                assert_int_equal(le_pass(body, n, 0, 1, &p), AMSOP_OK);
                assert_memory_equal(&p, &o, sizeof o);
            }
        }
    }
}

/* The same at the edge through the client: the name and the resourceState,
 * whose cut text is no known state. */
static void test_live_event_capacity_over_client(void **state)
{
    static char body[1024];
    static char name[CONFIG_AMSOP_NAME_MAX + 2];
    static char st[CONFIG_AMSOP_LIVE_STATE_MAX + 2];
    const char *v[9] = {NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    (void)state;
    memset(name, 'n', sizeof name - 2u); /* 64 bytes: one past the room */
    memcpy(st, "RunningRunningRunningRun", CONFIG_AMSOP_LIVE_STATE_MAX); /* 24 */
    v[AMSOP_LIVE_FIELD_NAME] = name;
    v[AMSOP_LIVE_FIELD_RESOURCE_STATE] = st;
    le_body_with(body, sizeof body, v);
    step_body("HTTP/1.1 200 OK", body, 0);
    name[sizeof name - 3u] = '\0';              /* 63: whole */
    st[CONFIG_AMSOP_LIVE_STATE_MAX - 1] = '\0'; /* 23: whole, still unknown */
    le_body_with(body, sizeof body, v);
    step_body("HTTP/1.1 200 OK", body, 0);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);

    assert_int_equal(amsop_client_live_event(&cli, &k_live, &out, &info), AMSOP_OK);
    assert_int_equal(strlen(info.name), CONFIG_AMSOP_NAME_MAX - 1);
    assert_int_equal(strlen(info.resource_state_text), CONFIG_AMSOP_LIVE_STATE_MAX - 1);
    assert_memory_equal(info.resource_state_text, "RunningRunningRunningRu", 24);
    assert_int_equal(info.truncated, LBIT(NAME) | LBIT(RESOURCE_STATE));
    assert_int_equal(info.resource_state, AMSOP_RESOURCE_STATE_UNKNOWN);
    assert_int_equal(info.present, LALL);

    assert_int_equal(amsop_client_live_event(&cli, &k_live, &out, &info), AMSOP_OK);
    assert_int_equal(strlen(info.name), CONFIG_AMSOP_NAME_MAX - 1);
    assert_string_equal(info.resource_state_text, "RunningRunningRunningRu");
    assert_int_equal(info.truncated, 0);
    assert_int_equal(info.resource_state, AMSOP_RESOURCE_STATE_UNKNOWN);
}

/* A body with n endpoints and n stream options (only the first two and the
 * first one kept). */
static char *le_counts_body(unsigned n)
{
    char *b = malloc(200u * n + 512u);
    size_t pos;
    unsigned k;
    assert_non_null(b);
    pos = (size_t)sprintf(b, "{\"properties\":{\"resourceState\":\"Stopped\",\"input\":{"
                             "\"endpoints\":[");
    for (k = 0; k < n; k++)
        pos += (size_t)sprintf(b + pos, "%s{\"protocol\":\"P%u\",\"url\":\"rtmp://h/%u\"}",
                               k ? "," : "", k, k);
    pos += (size_t)sprintf(b + pos, "]},\"streamOptions\":[");
    for (k = 0; k < n; k++)
        pos += (size_t)sprintf(b + pos, "%s\"O%u\"", k ? "," : "", k);
    strcpy(b + pos, "]}}");
    return b;
}

/* endpoints_count and stream_options_count are the exact lengths, for 0, 1,
 * 2, 3 and 1000 elements; only endpoints[0..1] and streamOptions[0] kept. */
static void test_live_event_counts(void **state)
{
    static const unsigned ns[] = {0, 1, 2, 3, 1000};
    size_t k;
    (void)state;
    for (k = 0; k < sizeof ns / sizeof ns[0]; k++) {
        char *b = le_counts_body(ns[k]);
        step_body("HTTP/1.1 200 OK", b, k == 4 ? 333 : 0);
        free(b);
    }
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    for (k = 0; k < sizeof ns / sizeof ns[0]; k++) {
        uint32_t want = LBIT(RESOURCE_STATE);
        memset(&info, 0x5A, sizeof info);
        assert_int_equal(amsop_client_live_event(&cli, &k_live, &out, &info), AMSOP_OK);
        assert_int_equal(info.endpoints_count, ns[k]);
        assert_int_equal(info.stream_options_count, ns[k]);
        assert_int_equal(info.resource_state, AMSOP_RESOURCE_STATE_STOPPED);
        assert_string_equal(info.endpoints[0].protocol, ns[k] >= 1 ? "P0" : "");
        assert_string_equal(info.endpoints[0].url, ns[k] >= 1 ? "rtmp://h/0" : "");
        assert_string_equal(info.endpoints[1].protocol, ns[k] >= 2 ? "P1" : "");
        assert_string_equal(info.endpoints[1].url, ns[k] >= 2 ? "rtmp://h/1" : "");
        assert_string_equal(info.stream_option, ns[k] >= 1 ? "O0" : "");
        if (ns[k] >= 1)
            want |= LBIT(ENDPOINT0_PROTOCOL) | LBIT(ENDPOINT0_URL) | LBIT(STREAM_OPTION);
        if (ns[k] >= 2)
            want |= LBIT(ENDPOINT1_PROTOCOL) | LBIT(ENDPOINT1_URL);
        assert_int_equal(info.present, want);
        assert_int_equal(info.truncated, 0);
        assert_string_equal(info.name, "");
        assert_string_equal(info.streaming_protocol, "");
    }
    assert_int_equal(cli.stats.connects, 1);
}

/* The last duplicate wins: a later key replaces its value, a later
 * "properties" drops every field under the earlier one (and its counts), a
 * later "endpoints" (or "input") restarts the count; null is absent. */
static void test_live_event_duplicate_keys(void **state)
{
    (void)state;
    step_body("HTTP/1.1 200 OK",
              "{\"name\":\"first\",\"name\":\"second\",\"properties\":{\"resourceState\":"
              "\"Stopped\",\"resourceState\":\"Running\",\"streamOptions\":[\"A\"],"
              "\"streamOptions\":[\"B\",\"C\"]}}",
              0);
    step_body("HTTP/1.1 200 OK",
              "{\"name\":\"ev\",\"properties\":{\"resourceState\":\"Running\",\"input\":{"
              "\"streamingProtocol\":\"RTMPRTMPRTMPRTMPRTMPRTMPRTMP\",\"endpoints\":[{\"protocol\":"
              "\"RTMP\",\"url\":\"rtmp://a\"},{\"protocol\":\"RTMP\",\"url\":\"rtmps://b\"},{}]},"
              "\"encoding\":{\"encodingType\":\"Standard\"},\"streamOptions\":[\"LowLatency\"]},"
              "\"properties\":{\"resourceState\":\"Stopping\"}}",
              0);
    step_body("HTTP/1.1 200 OK",
              "{\"properties\":{\"resourceState\":\"Running\",\"input\":{\"endpoints\":[{"
              "\"protocol\":\"A\",\"url\":\"a\"},{\"protocol\":\"B\",\"url\":\"b\"},{}],"
              "\"endpoints\":[{\"protocol\":\"X\",\"url\":\"x\"}]}}}",
              0);
    step_body("HTTP/1.1 200 OK",
              "{\"name\":\"ev\",\"name\":null,\"properties\":{\"streamOptions\":[\"A\",\"B\"],"
              "\"input\":{\"streamingProtocol\":\"RTMP\",\"endpoints\":[{},{}]},\"input\":{},"
              "\"resourceState\":\"Running\"}}",
              0);
    step_body("HTTP/1.1 200 OK",
              "{\"properties\":{\"resourceState\":\"Running\",\"input\":{\"endpoints\":[{"
              "\"protocol\":\"A\",\"url\":\"a\"},{},{}],\"endpoints\":null},"
              "\"streamOptions\":[\"A\"],\"streamOptions\":null}}",
              0);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);

    assert_int_equal(amsop_client_live_event(&cli, &k_live, &out, &info), AMSOP_OK);
    assert_string_equal(info.name, "second");
    assert_string_equal(info.resource_state_text, "Running");
    assert_int_equal(info.resource_state, AMSOP_RESOURCE_STATE_RUNNING);
    assert_string_equal(info.stream_option, "B");
    assert_int_equal(info.stream_options_count, 2);
    assert_int_equal(info.present, LBIT(NAME) | LBIT(RESOURCE_STATE) | LBIT(STREAM_OPTION));

    assert_int_equal(amsop_client_live_event(&cli, &k_live, &out, &info), AMSOP_OK);
    assert_string_equal(info.name, "ev");
    assert_int_equal(info.resource_state, AMSOP_RESOURCE_STATE_STOPPING);
    assert_string_equal(info.streaming_protocol, "");
    assert_string_equal(info.encoding_type, "");
    assert_string_equal(info.stream_option, "");
    assert_string_equal(info.endpoints[0].url, "");
    assert_string_equal(info.endpoints[1].url, "");
    assert_int_equal(info.endpoints_count, 0);
    assert_int_equal(info.stream_options_count, 0);
    assert_int_equal(info.present, LBIT(NAME) | LBIT(RESOURCE_STATE));
    assert_int_equal(info.truncated, 0); /* the dropped streamingProtocol was cut */

    assert_int_equal(amsop_client_live_event(&cli, &k_live, &out, &info), AMSOP_OK);
    assert_int_equal(info.endpoints_count, 1);
    assert_string_equal(info.endpoints[0].protocol, "X");
    assert_string_equal(info.endpoints[0].url, "x");
    assert_string_equal(info.endpoints[1].protocol, "");
    assert_string_equal(info.endpoints[1].url, "");
    assert_int_equal(info.present,
                     LBIT(RESOURCE_STATE) | LBIT(ENDPOINT0_PROTOCOL) | LBIT(ENDPOINT0_URL));

    assert_int_equal(amsop_client_live_event(&cli, &k_live, &out, &info), AMSOP_OK);
    assert_string_equal(info.name, "");
    assert_string_equal(info.streaming_protocol, "");
    assert_int_equal(info.endpoints_count, 0);      /* a later "input" restarts it */
    assert_int_equal(info.stream_options_count, 2); /* ... and not this one */
    assert_string_equal(info.stream_option, "A");
    assert_int_equal(info.present, LBIT(RESOURCE_STATE) | LBIT(STREAM_OPTION));

    /* a later null drops the earlier array and its count */
    assert_int_equal(amsop_client_live_event(&cli, &k_live, &out, &info), AMSOP_OK);
    assert_int_equal(info.endpoints_count, 0);
    assert_int_equal(info.stream_options_count, 0);
    assert_string_equal(info.endpoints[0].protocol, "");
    assert_string_equal(info.stream_option, "");
    assert_int_equal(info.present, LBIT(RESOURCE_STATE));
}

/* An element of another type is only counted (and takes its place); a
 * member of another type refuses the body. */
static void test_live_event_element_wrong_type(void **state)
{
    (void)state;
    step_body("HTTP/1.1 200 OK",
              "{\"properties\":{\"resourceState\":\"Running\",\"input\":{\"endpoints\":[5,"
              "{\"protocol\":\"RTMP\",\"url\":\"rtmps://b\"},{\"protocol\":\"C\",\"url\":\"c\"}]},"
              "\"streamOptions\":[5,\"Default\"]}}",
              0);
    step_body("HTTP/1.1 200 OK",
              "{\"properties\":{\"resourceState\":\"Running\",\"input\":{\"endpoints\":["
              "{\"protocol\":5,\"url\":\"rtmp://a\"}]}}}",
              0);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    assert_int_equal(amsop_client_live_event(&cli, &k_live, &out, &info), AMSOP_OK);
    assert_int_equal(info.endpoints_count, 3);
    assert_string_equal(info.endpoints[0].protocol, "");
    assert_string_equal(info.endpoints[0].url, "");
    assert_string_equal(info.endpoints[1].protocol, "RTMP");
    assert_string_equal(info.endpoints[1].url, "rtmps://b");
    assert_int_equal(info.stream_options_count, 2);
    assert_string_equal(info.stream_option, ""); /* streamOptions[0] was the number */
    assert_int_equal(info.present,
                     LBIT(RESOURCE_STATE) | LBIT(ENDPOINT1_PROTOCOL) | LBIT(ENDPOINT1_URL));
    /* a member inside a kept element: refused */
    memset(&info, 0x5A, sizeof info);
    assert_int_equal(amsop_client_live_event(&cli, &k_live, &out, &info), AMSOP_ERR_JSON_SCHEMA);
    assert_memory_equal(&info, &zero_info, sizeof info);
}

/* Each 2xx body that is no live event: the error, info all zero (even over
 * a dirty one), the request id kept, the connection kept for the next. */
static void test_live_event_bad_bodies(void **state)
{
    static const struct {
        const char *body;
        amsop_err_t err;
    } cases[] = {
        {"{\"name\":\"ev\",\"properties\":{\"resourceState\":5}}", AMSOP_ERR_JSON_SCHEMA},
        {"{\"name\":\"ev\",\"properties\":{\"resourceState\":null}}", AMSOP_ERR_JSON_SCHEMA},
        {"{\"name\":\"ev\",\"properties\":{\"input\":{\"streamingProtocol\":\"RTMP\"}}}",
         AMSOP_ERR_JSON_SCHEMA},
        {"{\"name\":\"ev\",\"properties\":\"Running\"}", AMSOP_ERR_JSON_SCHEMA},
        {"{\"name\":[\"ev\"],\"properties\":{\"resourceState\":\"Running\"}}",
         AMSOP_ERR_JSON_SCHEMA},
        {"{\"properties\":{\"resourceState\":\"Running\",\"input\":{\"endpoints\":{}}}}",
         AMSOP_ERR_JSON_SCHEMA},
        {"[{\"properties\":{\"resourceState\":\"Running\"}}]", AMSOP_ERR_JSON_SCHEMA},
        {"{\"name\":\"ev\",\"properties\":{\"resourceState\":\"Running\",}}", AMSOP_ERR_JSON},
        {"{\"name\":\"ev\",\"properties\":{\"resourceState\":\"Running\"}", AMSOP_ERR_JSON},
        {"{\"name\":\"ev\",\"properties\":{\"resourceState\":\"Running\"}} x", AMSOP_ERR_JSON},
    };
    static char deep[256];
    size_t k;
    size_t pos;
    int d;
    (void)state;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++)
        step_body("HTTP/1.1 200 OK", cases[k].body, 0);
    /* resourceState first, then nesting one past CONFIG_AMSOP_JSON_DEPTH_MAX */
    pos = (size_t)sprintf(deep, "{\"properties\":{\"resourceState\":\"Running\"},\"x\":");
    for (d = 1; d < CONFIG_AMSOP_JSON_DEPTH_MAX; d++)
        deep[pos++] = '[';
    for (d = 1; d < CONFIG_AMSOP_JSON_DEPTH_MAX; d++)
        deep[pos++] = ']';
    strcpy(deep + pos, "}"); /* depth CONFIG_AMSOP_JSON_DEPTH_MAX: the control */
    step_body("HTTP/1.1 200 OK", deep, 0);
    pos = (size_t)sprintf(deep, "{\"properties\":{\"resourceState\":\"Running\"},\"x\":");
    for (d = 0; d < CONFIG_AMSOP_JSON_DEPTH_MAX; d++)
        deep[pos++] = '[';
    for (d = 0; d < CONFIG_AMSOP_JSON_DEPTH_MAX; d++)
        deep[pos++] = ']';
    strcpy(deep + pos, "}"); /* one deeper */
    step_body("HTTP/1.1 200 OK", deep, 0);
    step_body("HTTP/1.1 200 OK", le_full_body, 0);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        memset(&info, 0x5A, sizeof info);
        assert_int_equal(amsop_client_live_event(&cli, &k_live, &out, &info), cases[k].err);
        assert_memory_equal(&info, &zero_info, sizeof info);
        assert_int_equal(out.http_status, 200);
        assert_string_equal(out.request_id, REQUEST_ID);
    }
    assert_int_equal(amsop_client_live_event(&cli, &k_live, &out, &info), AMSOP_OK);
    assert_int_equal(info.resource_state, AMSOP_RESOURCE_STATE_RUNNING);
    memset(&info, 0x5A, sizeof info);
    assert_int_equal(amsop_client_live_event(&cli, &k_live, &out, &info),
                     AMSOP_ERR_JSON_TOO_MANY_TOKENS);
    assert_memory_equal(&info, &zero_info, sizeof info);
    assert_int_equal(amsop_client_live_event(&cli, &k_live, &out, &info), AMSOP_OK);
    assert_full_info(&info);
    assert_int_equal(cli.stats.connects, 1);
    assert_int_equal(cli.stats.requests, (uint32_t)(sizeof cases / sizeof cases[0]) + 3u);
}

/* resourceState compared case-insensitively; an unknown one is kept as
 * text. */
static void test_live_event_state_text(void **state)
{
    static const struct {
        const char *text;
        amsop_resource_state_t want;
    } cases[] = {
        {"running", AMSOP_RESOURCE_STATE_RUNNING},
        {"STANDBY", AMSOP_RESOURCE_STATE_STANDBY},
        {"Deleting", AMSOP_RESOURCE_STATE_DELETING},
        {"Paused", AMSOP_RESOURCE_STATE_UNKNOWN},
        {"", AMSOP_RESOURCE_STATE_UNKNOWN},
        {"Running ", AMSOP_RESOURCE_STATE_UNKNOWN},
        {"R\\u0075nning", AMSOP_RESOURCE_STATE_RUNNING},
    };
    static const char *const text[] = {"running", "STANDBY",  "Deleting", "Paused",
                                       "",        "Running ", "Running"};
    char body[256];
    size_t k;
    (void)state;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        snprintf(body, sizeof body, "{\"properties\":{\"resourceState\":\"%s\"}}", cases[k].text);
        step_body("HTTP/1.1 200 OK", body, 0);
    }
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        assert_int_equal(amsop_client_live_event(&cli, &k_live, &out, &info), AMSOP_OK);
        assert_int_equal(info.resource_state, cases[k].want);
        assert_string_equal(info.resource_state_text, text[k]);
        assert_int_equal(info.present, LBIT(RESOURCE_STATE));
    }
}

/* A live event that does not exist: the ARM error in out, info empty (a
 * resourceState in the error body is not read), and the connection serves
 * the next call. */
static void test_live_event_404(void **state)
{
    static const char body[] =
        "{\r\n  \"error\": {\r\n    \"code\": \"ResourceNotFound\",\r\n    \"message\": \"The "
        "Resource 'Microsoft.Media/mediaservices/slitestmedia10/liveEvents/myLiveEvent1' under "
        "resource group 'mediaresources' was not found.\"\r\n  },\r\n  \"properties\": "
        "{\"resourceState\": \"Running\"}\r\n}";
    (void)state;
    step_body("HTTP/1.1 404 Not Found", body, 0);
    step_body("HTTP/1.1 200 OK", le_full_body, 0);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    memset(&info, 0x5A, sizeof info);
    assert_int_equal(amsop_client_live_event(&cli, &k_live, &out, &info), AMSOP_ERR_HTTP_STATUS);
    assert_int_equal(out.http_status, 404);
    assert_string_equal(out.error_code, "ResourceNotFound");
    assert_non_null(strstr(out.error_message, "liveEvents/myLiveEvent1' under"));
    assert_string_equal(out.request_id, REQUEST_ID);
    assert_memory_equal(&info, &zero_info, sizeof info);
    assert_true(cli._internal.connected);
    assert_int_equal(amsop_client_live_event(&cli, &k_live, &out, &info), AMSOP_OK);
    assert_full_info(&info);
    assert_string_equal(out.error_code, "");
    assert_int_equal(cli.stats.connects, 1);
}

/* Bad identifiers: refused before anything is sent, info empty; the
 * control: the valid call sends its request. */
static void test_live_event_bad_ids_send_nothing(void **state)
{
    static const amsop_live_event_t bad[] = {
        {SUB, RG, ACCT, "bad name"},
        {SUB, RG, ACCT, ""},
        {SUB, RG, ACCT, "a/b"},
        {SUB, RG, ACCT, "-lead"},
        {SUB, RG, ACCT, "event\r\nX: 1"},
        {SUB, RG, ACCT, "abcdefghijabcdefghijabcdefghijabc"}, /* 33 */
        {"not-a-subscription", RG, ACCT, LE_NAME},
        {"0a6ec948-5a62-437d-b9df-934dc7c1b72", RG, ACCT, LE_NAME},
        {SUB, "rg/x", ACCT, LE_NAME},
        {SUB, RG, "Bad_Account", LE_NAME},
    };
    static const amsop_live_event_t null_name = {SUB, RG, ACCT, NULL};
    static const amsop_live_event_t max_name = {SUB, RG, ACCT,
                                                "abcdefghijabcdefghijabcdefghijab"}; /* 32 */
    size_t k;
    (void)state;
    step_body("HTTP/1.1 200 OK", le_full_body, 0);
    step_body("HTTP/1.1 200 OK", "{\"properties\":{\"resourceState\":\"Stopped\"}}", 0);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        amsop_err_t err;
        memset(&info, 0x5A, sizeof info);
        err = amsop_client_live_event(&cli, &bad[k], &out, &info);
        assert_true(err == AMSOP_ERR_INVALID_ID || err == AMSOP_ERR_INVALID_ARG ||
                    err == AMSOP_ERR_TOO_LONG);
        assert_memory_equal(&info, &zero_info, sizeof info);
    }
    assert_int_equal(amsop_client_live_event(&cli, &bad[0], &out, &info), AMSOP_ERR_INVALID_ID);
    assert_int_equal(amsop_client_live_event(&cli, &bad[6], &out, &info), AMSOP_ERR_INVALID_ID);
    assert_int_equal(amsop_client_live_event(&cli, &null_name, &out, &info), AMSOP_ERR_INVALID_ARG);
    assert_int_equal(amsop_client_live_event(&cli, NULL, &out, &info), AMSOP_ERR_INVALID_ARG);
    assert_int_equal(amsop_client_live_event(NULL, &k_live, &out, &info), AMSOP_ERR_INVALID_ARG);
    assert_int_equal(amsop_client_live_event(&cli, &k_live, NULL, &info), AMSOP_ERR_INVALID_ARG);
    assert_int_equal(amsop_client_live_event(&cli, &k_live, &out, NULL), AMSOP_ERR_INVALID_ARG);
    sleep_ms(100);
    pthread_mutex_lock(&srv.mu);
    assert_int_equal(srv.connections, 0);
    assert_int_equal(srv.nreq, 0);
    assert_int_equal(srv.stray_bytes, 0);
    pthread_mutex_unlock(&srv.mu);
    assert_int_equal(fwd.opens, 0);
    assert_int_equal(cli.stats.requests, 0);
    /* the controls: a valid call sends, and so does the longest name */
    assert_int_equal(amsop_client_live_event(&cli, &k_live, &out, &info), AMSOP_OK);
    assert_int_equal(amsop_client_live_event(&cli, &max_name, &out, &info), AMSOP_OK);
    assert_int_equal(info.resource_state, AMSOP_RESOURCE_STATE_STOPPED);
    assert_true(server_wait(&srv.nreq, 2));
    assert_memory_equal(srv.req[0], "GET " LE_GET_PATH "?api-version=2022-11-01 HTTP/1.1\r\n",
                        strlen("GET " LE_GET_PATH "?api-version=2022-11-01 HTTP/1.1\r\n"));
    assert_non_null(strstr(srv.req[1], "/liveEvents/abcdefghijabcdefghijabcdefghijab?api-version="
                                       "2022-11-01 HTTP/1.1\r\n"));
}

/* The connection a live event read leaves is reused by amsop_client_get,
 * which reads an ARM reply again (the schema does not stay switched), and
 * the other way round. */
static void test_live_event_then_get(void **state)
{
    (void)state;
    step_body("HTTP/1.1 200 OK", le_full_body, 0);
    step_status(ACT_KEEP, "InProgress", NULL);
    step_body("HTTP/1.1 200 OK", le_full_body, 16);
    step_status(ACT_KEEP, "Succeeded", NULL);
    server_start();
    assert_int_equal(client_init(NULL, TOKEN), AMSOP_OK);
    assert_int_equal(amsop_client_live_event(&cli, &k_live, &out, &info), AMSOP_OK);
    assert_full_info(&info);
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_OK);
    assert_int_equal(out.status, AMSOP_STATUS_IN_PROGRESS);
    assert_string_equal(out.name, OP);
    assert_string_equal(out.error_code, "None");
    assert_null(cli._internal.ok_schema);
    assert_int_equal(amsop_client_live_event(&cli, &k_live, &out, &info), AMSOP_OK);
    assert_full_info(&info);
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_OK);
    assert_int_equal(out.status, AMSOP_STATUS_SUCCEEDED);
    assert_int_equal(cli.stats.connects, 1);
    assert_int_equal(cli.stats.reconnects, 0);
    assert_int_equal(cli.stats.requests, 4);
    assert_true(server_wait(&srv.nreq, 4));
    assert_int_equal(srv.connections, 1);
    assert_memory_equal(srv.req[1], "GET " VECTOR_PATH "?api-version=2022-11-01 HTTP/1.1\r\n",
                        strlen("GET " VECTOR_PATH "?api-version=2022-11-01 HTTP/1.1\r\n"));
}

/* The name tables, every value and past them. */
static void test_live_event_names(void **state)
{
    static const char *const states[] = {NULL,       NULL,      "Stopped",  "Allocating", "StandBy",
                                         "Starting", "Running", "Stopping", "Deleting"};
    static const char *const fields[] = {"name",
                                         "resourceState",
                                         "streamingProtocol",
                                         "encodingType",
                                         "streamOptions[0]",
                                         "endpoints[0].protocol",
                                         "endpoints[0].url",
                                         "endpoints[1].protocol",
                                         "endpoints[1].url"};
    char buf[32];
    unsigned k;
    size_t i;
    (void)state;
    for (k = 0; k < sizeof states / sizeof states[0]; k++) {
        const char *n = amsop_resource_state_name((amsop_resource_state_t)k);
        if (states[k] == NULL) {
            assert_null(n);
            continue;
        }
        assert_string_equal(n, states[k]);
        assert_int_equal(amsop_resource_state_from_text(n, strlen(n)), k);
        /* any case */
        for (i = 0; n[i] != '\0'; i++)
            buf[i] = (char)(n[i] >= 'a' && n[i] <= 'z' ? n[i] - 32 : n[i]);
        assert_int_equal(amsop_resource_state_from_text(buf, i), k);
        for (i = 0; n[i] != '\0'; i++)
            buf[i] = (char)(n[i] >= 'A' && n[i] <= 'Z' ? n[i] + 32 : n[i]);
        assert_int_equal(amsop_resource_state_from_text(buf, i), k);
        /* the length counts: a prefix or one byte more is no state */
        assert_int_equal(amsop_resource_state_from_text(n, strlen(n) - 1u),
                         AMSOP_RESOURCE_STATE_UNKNOWN);
        buf[i] = 'x';
        assert_int_equal(amsop_resource_state_from_text(buf, i + 1u), AMSOP_RESOURCE_STATE_UNKNOWN);
    }
    assert_null(
        amsop_resource_state_name((amsop_resource_state_t)(AMSOP_RESOURCE_STATE_DELETING + 1)));
    assert_null(amsop_resource_state_name((amsop_resource_state_t)100));
    assert_null(amsop_resource_state_name((amsop_resource_state_t)-1));
    assert_int_equal(amsop_resource_state_from_text(NULL, 0), AMSOP_RESOURCE_STATE_UNKNOWN);
    assert_int_equal(amsop_resource_state_from_text(NULL, 7), AMSOP_RESOURCE_STATE_UNKNOWN);
    assert_int_equal(amsop_resource_state_from_text("", 0), AMSOP_RESOURCE_STATE_UNKNOWN);
    assert_int_equal(amsop_resource_state_from_text("Stand By", 8), AMSOP_RESOURCE_STATE_UNKNOWN);
    assert_int_equal(amsop_resource_state_from_text("Runninh", 7), AMSOP_RESOURCE_STATE_UNKNOWN);
    assert_int_equal(amsop_resource_state_from_text("Running!", 7), AMSOP_RESOURCE_STATE_RUNNING);
    for (k = 0; k < sizeof fields / sizeof fields[0]; k++)
        assert_string_equal(amsop_live_field_name((amsop_live_field_t)k), fields[k]);
    assert_int_equal(k, AMSOP_LIVE_FIELD_ENDPOINT1_URL + 1);
    assert_null(amsop_live_field_name((amsop_live_field_t)k));
    assert_null(amsop_live_field_name((amsop_live_field_t)100));
    assert_null(amsop_live_field_name((amsop_live_field_t)-1));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_request_bytes),
        T(test_request_host_default_port),
        T(test_request_host_ipv6),
        T(test_target_from_url_api_version),
        T(test_large_token),
        T(test_bad_token_sends_nothing),
        T(test_keep_alive_one_connection),
        T(test_idle_close_reconnects_once),
        T(test_connection_close_reply),
        T(test_close_mid_reply_no_retry),
        T(test_close_in_headers),
        T(test_extra_data_after_reply),
        T(test_404_error_response),
        T(test_200_without_status),
        T(test_failed_read_keeps_request_id),
        T(test_failed_read_never_mixes_header_values),
        T(test_wait_until_succeeded),
        T(test_wait_status_any_case),
        T(test_large_replies_in_fixed_memory),
        T(test_wait_retries_large_gateway_page),
        T(test_wait_throttled_then_succeeded),
        T(test_wait_failure_backoff_resets_after_success),
        T(test_wait_deadline),
        T(test_wait_deadline_reports_failed_attempts),
        T(test_wait_logs_each_retry),
        T(test_wait_600s_on_virtual_clock),
        T(test_invalid_arguments_refused),
        T(test_wait_without_options),
        T(test_log_line_builder),
        T(test_wait_success_reports_no_failure),
        T(test_action_start_accepted),
        T(test_action_location_fallback),
        T(test_action_foreign_operation_refused),
        T(test_action_deadline),
        T(test_client_request_id_per_request),
        T(test_wait_retry_after_ms),
        T(test_wait_retry_after_clamp),
        T(test_wait_first_delay),
        T(test_action_retry_after_ms),
        T(test_action_sync_200),
        T(test_action_location_host_check),
        T(test_result_has_error),
        T(test_wait_cancel_by_callback),
        T(test_wait_cancel_flag),
        T(test_wait_failed_is_terminal),
        T(test_wait_stops_on_client_error),
        T(test_live_event_full_reply),
        T(test_live_event_split_points),
        cmocka_unit_test(test_live_event_string_capacity),
        T(test_live_event_capacity_over_client),
        T(test_live_event_counts),
        T(test_live_event_duplicate_keys),
        T(test_live_event_element_wrong_type),
        T(test_live_event_bad_bodies),
        T(test_live_event_state_text),
        T(test_live_event_404),
        T(test_live_event_bad_ids_send_nothing),
        T(test_live_event_then_get),
        cmocka_unit_test(test_live_event_names),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
