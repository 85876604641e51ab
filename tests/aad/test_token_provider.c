/* SPDX-License-Identifier: MIT */
/* The client's pluggable token source (amsop_token_provider_t) with a
 * provider that is not Azure AD: the client over the POSIX port's real TCP
 * transport, against a loopback server thread that answers with scripted
 * replies and records the Authorization header of every request. Checks:
 * the provider is asked before each request, once more with force after a
 * 401 (and the request retried once, not twice), its failure is returned,
 * a token that could split the request is refused before anything is sent,
 * and close calls release. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "amsop.h"
#include "amsop_port.h"

#define SUB "0a6ec948-5a62-437d-b9df-934dc7c1b722"
#define OP  "62e4d893-d233-4005-988e-a428d9f77076"

#define MAX_REPLIES 4
#define AUTH_MAX    128

static const char k_ok[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                           "Content-Length: 68\r\n\r\n"
                           "{\"name\":\"" OP "\",\"status\":\"Succeeded\"}";
static const char k_401[] =
    "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: 74\r\n\r\n"
    "{\"error\":{\"code\":\"ExpiredAuthenticationToken\",\"message\":\"token expired.\"}}";

/* --- loopback server: one connection, one scripted reply per request ----- */

typedef struct server {
    int lfd;
    uint16_t port;
    const char *replies[MAX_REPLIES];
    int nreplies;
    int requests;                     /* requests read so far */
    char auth[MAX_REPLIES][AUTH_MAX]; /* Authorization value of each */
    pthread_t thread;
} server_t;

static server_t srv;

/* Reads one request head (GET: no body) within 5 s; 0 when the peer closed. */
static size_t read_head(int fd, char *buf, size_t cap)
{
    size_t n = 0;
    while (n + 1 < cap) {
        struct pollfd p = {fd, POLLIN, 0};
        ssize_t k;
        if (poll(&p, 1, 5000) <= 0)
            return 0;
        k = recv(fd, buf + n, cap - 1 - n, 0);
        if (k <= 0)
            return 0;
        n += (size_t)k;
        buf[n] = '\0';
        if (strstr(buf, "\r\n\r\n") != NULL)
            return n;
    }
    return 0;
}

static void *server_main(void *arg)
{
    static char req[8192];
    server_t *s = arg;
    struct pollfd p = {s->lfd, POLLIN, 0};
    int fd;

    if (poll(&p, 1, 5000) <= 0)
        return NULL;
    fd = accept(s->lfd, NULL, NULL);
    if (fd < 0)
        return NULL;
    while (s->requests < s->nreplies && read_head(fd, req, sizeof req) > 0) {
        const char *a = strstr(req, "\r\nAuthorization: Bearer ");
        const char *r = s->replies[s->requests];
        if (a != NULL)
            (void)sscanf(a + 24, "%127[^\r]", s->auth[s->requests]);
        s->requests++;
        (void)send(fd, r, strlen(r), MSG_NOSIGNAL);
    }
    /* Anything more (a request past the script) is counted, not answered. */
    if (read_head(fd, req, sizeof req) > 0)
        s->requests++;
    close(fd);
    return NULL;
}

static void server_start(const char *r0, const char *r1, const char *r2)
{
    struct sockaddr_in sa;
    socklen_t len = sizeof sa;
    const char *r[3] = {r0, r1, r2};
    int i;

    memset(&srv, 0, sizeof srv);
    for (i = 0; i < 3 && r[i] != NULL; i++)
        srv.replies[srv.nreplies++] = r[i];
    srv.lfd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(srv.lfd >= 0);
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(srv.lfd, (struct sockaddr *)&sa, sizeof sa), 0);
    assert_int_equal(listen(srv.lfd, 1), 0);
    assert_int_equal(getsockname(srv.lfd, (struct sockaddr *)&sa, &len), 0);
    srv.port = ntohs(sa.sin_port);
    assert_int_equal(pthread_create(&srv.thread, NULL, server_main, &srv), 0);
}

/* Joins the server: the client must have closed its connection first. A
 * server never connected to is woken by shutting its listening socket. */
static void server_stop(void)
{
    (void)shutdown(srv.lfd, SHUT_RDWR);
    pthread_join(srv.thread, NULL);
    close(srv.lfd);
}

/* --- a token source that is not Azure AD --------------------------------- */

typedef struct test_provider {
    const char *tokens[3]; /* handed out in turn */
    int next;
    int calls;
    int forced;
    int releases;
    amsop_err_t fail; /* non-OK: refresh returns it */
    uint64_t last_deadline;
} test_provider_t;

static amsop_err_t tp_refresh(void *ctx, int force, uint64_t deadline, amsop_err_t deadline_err,
                              const char **token, size_t *token_len)
{
    test_provider_t *t = ctx;
    (void)deadline_err;
    t->calls++;
    t->last_deadline = deadline;
    if (force)
        t->forced++;
    if (t->fail != AMSOP_OK)
        return t->fail;
    if (force || t->next == 0)
        t->next++; /* a fresh token only when none is held or it was refused */
    *token = t->tokens[t->next - 1];
    *token_len = strlen(*token);
    return AMSOP_OK;
}

static void tp_release(void *ctx)
{
    ((test_provider_t *)ctx)->releases++;
}

static amsop_port_net_t net;
static amsop_client_t cli;
static amsop_result_t out;
static amsop_target_t tgt;
static test_provider_t prov;

static void client_start(void)
{
    amsop_config_t cfg;
    char ep[64];

    memset(&cfg, 0, sizeof cfg);
    snprintf(ep, sizeof ep, "https://127.0.0.1:%u", (unsigned)srv.port);
    amsop_port_net_init(&net);
    cfg.endpoint = ep;
    cfg.transport = amsop_port_tcp_transport(&net);
    cfg.sys = amsop_port_sys();
    cfg.token_provider.ctx = &prov;
    cfg.token_provider.refresh = tp_refresh;
    cfg.token_provider.release = tp_release;
    assert_int_equal(amsop_client_init(&cli, &cfg), AMSOP_OK);
    /* A fixed token cannot be set over a provider. */
    assert_int_equal(amsop_client_set_token(&cli, "abc", 3), AMSOP_ERR_INVALID_ARG);
    assert_int_equal(amsop_target_from_ids(SUB, "rg", "acct", OP, &tgt), AMSOP_OK);
}

static void provider_reset(const char *t0, const char *t1)
{
    memset(&prov, 0, sizeof prov);
    prov.tokens[0] = t0;
    prov.tokens[1] = t1;
}

static void test_asked_before_each_request(void **state)
{
    (void)state;
    provider_reset("tok.one", "tok.two");
    server_start(k_ok, k_ok, NULL);
    client_start();
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_OK);
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_OK);
    assert_int_equal(out.status, AMSOP_STATUS_SUCCEEDED);
    assert_int_equal(prov.calls, 2);
    assert_int_equal(prov.forced, 0);
    assert_true(prov.last_deadline > 0); /* the client's deadline, on its clock */
    amsop_client_close(&cli);
    assert_int_equal(prov.releases, 1);
    assert_null(cli.token);
    server_stop();
    assert_int_equal(srv.requests, 2);
    assert_string_equal(srv.auth[0], "tok.one");
    assert_string_equal(srv.auth[1], "tok.one");
}

static void test_401_forces_one_refresh_and_one_retry(void **state)
{
    (void)state;
    provider_reset("tok.old", "tok.new");
    server_start(k_401, k_ok, NULL);
    client_start();
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_OK);
    assert_int_equal(out.http_status, 200);
    assert_int_equal(prov.calls, 2);
    assert_int_equal(prov.forced, 1);
    amsop_client_close(&cli);
    server_stop();
    assert_int_equal(srv.requests, 2);
    assert_string_equal(srv.auth[0], "tok.old");
    assert_string_equal(srv.auth[1], "tok.new");
}

static void test_second_401_is_returned(void **state)
{
    (void)state;
    provider_reset("tok.old", "tok.new");
    server_start(k_401, k_401, NULL);
    client_start();
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_ERR_HTTP_STATUS);
    assert_int_equal(out.http_status, 401);
    assert_string_equal(out.error_code, "ExpiredAuthenticationToken");
    assert_int_equal(prov.forced, 1); /* one retry, not a loop */
    amsop_client_close(&cli);
    server_stop();
    assert_int_equal(srv.requests, 2);
}

static void test_provider_failure_sends_nothing(void **state)
{
    (void)state;
    provider_reset("tok.one", NULL);
    prov.fail = AMSOP_ERR_NET_CONNECT; /* e.g. its own server unreachable */
    server_start(k_ok, NULL, NULL);
    client_start();
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_ERR_NET_CONNECT);
    assert_int_equal(out.http_status, 0);
    amsop_client_close(&cli);
    server_stop();
    assert_int_equal(srv.requests, 0);
}

static void test_splitting_token_refused(void **state)
{
    (void)state;
    provider_reset("tok\r\nX-Injected: 1", NULL);
    server_start(k_ok, NULL, NULL);
    client_start();
    assert_int_equal(amsop_client_get(&cli, &tgt, &out), AMSOP_ERR_TOKEN);
    assert_null(cli.token);
    amsop_client_close(&cli);
    server_stop();
    assert_int_equal(srv.requests, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_asked_before_each_request),
        cmocka_unit_test(test_401_forces_one_refresh_and_one_retry),
        cmocka_unit_test(test_second_401_is_returned),
        cmocka_unit_test(test_provider_failure_sends_nothing),
        cmocka_unit_test(test_splitting_token_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
