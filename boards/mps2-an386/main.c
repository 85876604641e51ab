/* SPDX-License-Identifier: MIT */
/* The mps2-an386 firmware: read the provisioning record, bring up the
 * LAN9118 and lwIP, follow one Azure-AsyncOperation URL with
 * amsop_client_wait() over TLS, print each status change and the result one
 * line each, then the run's figures, and exit through semihosting with the
 * CLI's exit codes (boards/posix/cli_exit.c, compiled in unchanged). */
#include <string.h>

#include <mbedtls/memory_buffer_alloc.h>

#include "amsop.h"
#include "amsop_aad.h"
#include "amsop_lwip.h"
#include "amsop_tls.h"
#include "board.h"
#include "cli_exit.h"
#include "lan9118.h"
#include "net.h"
#include "prov.h"

extern const uint8_t __prov_start[];
extern const uint8_t __prov_size[];

/* Everything big is static: the figures' RAM is the link map's .bss. */
static amsop_tls_t s_tls;
static amsop_client_t s_client;
static amsop_target_t s_target;
static amsop_result_t s_result;
static amsop_endpoint_t s_endpoint;
static char s_endpoint_url[16 + CONFIG_AMSOP_HOST_MAX];
/* Client credentials: the token provider and its own TLS connection. */
static amsop_aad_t s_aad;
static amsop_tls_t s_aad_tls;
static int s_use_aad;
static uint32_t s_token_fetches; /* read before amsop_aad_close wipes it */

/* Instruction figures (QEMU -icount shift=0): busy time from reset to the
 * first parsed status, and per poll the busy time of the stretch between
 * two sleeps of the wait loop that sent a request (that is: request, reply,
 * parse, callback; the first also connects and handshakes). The core's
 * sys and transport are wrapped to see sleeps and sends; nothing else. */
#define POLL_MARKS 16
static uint64_t s_first_status_ns;
static uint64_t s_poll_ns[POLL_MARKS];
static unsigned s_polls_marked;
static uint64_t s_window_start_ns;
static int s_sent_in_window;
static amsop_sys_t s_port_sys;
static amsop_transport_t s_tls_tr;

static void mark_window_end(void)
{
    if (s_sent_in_window && s_polls_marked < POLL_MARKS) {
        s_poll_ns[s_polls_marked++] = clock_busy_ns() - s_window_start_ns;
    }
    s_sent_in_window = 0;
}

static amsop_err_t metered_open(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    (void)ctx;
    return s_tls_tr.open(s_tls_tr.ctx, host, port, timeout_ms);
}

static amsop_err_t metered_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms,
                                size_t *sent)
{
    (void)ctx;
    s_sent_in_window = 1;
    return s_tls_tr.send(s_tls_tr.ctx, buf, len, timeout_ms, sent);
}

static amsop_err_t metered_recv(void *ctx, uint8_t *buf, size_t cap, uint32_t timeout_ms,
                                size_t *received)
{
    (void)ctx;
    return s_tls_tr.recv(s_tls_tr.ctx, buf, cap, timeout_ms, received);
}

static void metered_close(void *ctx)
{
    (void)ctx;
    s_tls_tr.close(s_tls_tr.ctx);
}

static void metered_sleep(void *ctx, uint32_t ms)
{
    (void)ctx;
    mark_window_end();
    s_port_sys.sleep_ms(s_port_sys.ctx, ms);
    s_window_start_ns = clock_busy_ns();
}

static uint64_t metered_now(void *ctx)
{
    (void)ctx;
    return s_port_sys.now_ms(s_port_sys.ctx);
}

static uint32_t metered_random(void *ctx)
{
    (void)ctx;
    return s_port_sys.random(s_port_sys.ctx);
}

static int on_change(void *user, const amsop_result_t *r)
{
    (void)user;
    if (s_first_status_ns == 0u) {
        s_first_status_ns = clock_busy_ns();
    }
    con_printf("status: %s (http %d, t=%lu ms)\n", r->status_text[0] ? r->status_text : "-",
               r->http_status, (unsigned long)clock_ms());
    return 0;
}

static void append(char *dst, size_t cap, const char *s)
{
    size_t n = strlen(dst);

    while (*s != '\0' && n + 1u < cap) {
        dst[n++] = *s++;
    }
    dst[n] = '\0';
}

/* a.b.c.d, as the host table takes it */
static void dotted(const uint8_t a[4], char out[16])
{
    int n = 0;
    int i;

    for (i = 0; i < 4; i++) {
        unsigned v = a[i];

        if (i) {
            out[n++] = '.';
        }
        if (v >= 100u) {
            out[n++] = (char)('0' + (int)(v / 100u));
        }
        if (v >= 10u) {
            out[n++] = (char)('0' + (int)(v / 10u % 10u));
        }
        out[n++] = (char)('0' + (int)(v % 10u));
    }
    out[n] = '\0';
}

static void build_endpoint(const prov_t *p)
{
    char port[6];
    unsigned v = p->port;
    int i = 5;

    port[i] = '\0';
    do {
        port[--i] = (char)('0' + (int)(v % 10u));
        v /= 10u;
    } while (v != 0u && i > 0);
    s_endpoint_url[0] = '\0';
    append(s_endpoint_url, sizeof s_endpoint_url, "https://");
    append(s_endpoint_url, sizeof s_endpoint_url, p->host);
    append(s_endpoint_url, sizeof s_endpoint_url, ":");
    append(s_endpoint_url, sizeof s_endpoint_url, port + i);
}

static void report(void)
{
    size_t pool_used = 0;
    size_t pool_blocks = 0;
    amsop_lwip_stats_t lw;
    lan9118_stats_t eth;
    unsigned i;

    mbedtls_memory_buffer_alloc_max_get(&pool_used, &pool_blocks);
    amsop_lwip_get_stats(&lw);
    lan9118_get_stats(&eth);
    con_printf("figures: stack_high_water=%u stack_size=%u mbedtls_pool_peak=%u "
               "mbedtls_pool_size=%u polls=%lu replies=%lu connects=%lu reconnects=%lu "
               "tls_handshakes=%lu tls_resumed=%lu tcp_connects=%lu peer_closed=%lu "
               "rx_frames=%lu tx_frames=%lu rx_dropped=%lu token_fetches=%lu\n",
               (unsigned)board_stack_high_water(), (unsigned)board_stack_size(),
               (unsigned)pool_used, (unsigned)CONFIG_AMSOP_MBEDTLS_POOL_SIZE,
               (unsigned long)s_client.stats.requests, (unsigned long)s_client.stats.replies,
               (unsigned long)s_client.stats.connects, (unsigned long)s_client.stats.reconnects,
               (unsigned long)s_tls.handshakes, (unsigned long)s_tls.resumed,
               (unsigned long)lw.connects, (unsigned long)lw.peer_closed,
               (unsigned long)eth.rx_frames, (unsigned long)eth.tx_frames,
               (unsigned long)eth.rx_dropped, (unsigned long)s_token_fetches);
    con_printf("instructions: first_status=%lu polls=", (unsigned long)s_first_status_ns);
    for (i = 0; i < s_polls_marked; i++) {
        con_printf("%s%lu", i ? "," : "", (unsigned long)s_poll_ns[i]);
    }
    con_printf("\n");
}

static int finish(int code)
{
    report();
    con_printf("exit: %d\n", code);
    return code;
}

/* The client-credentials token provider on its own TLS transport, with the
 * authority's host in the static host table when it is not the endpoint's
 * (then the record's PROV_HOST_ADDR serves both: the simulator is both). */
static amsop_err_t init_aad(const prov_t *p, const amsop_tls_config_t *tcfg)
{
    amsop_aad_config_t ac;
    amsop_err_t err;

    memset(&ac, 0, sizeof ac);
    ac.authority = p->authority;
    ac.tenant = p->tenant;
    ac.client_id = p->client_id;
    ac.client_secret = p->client_secret;
    ac.transport = amsop_tls_transport(&s_aad_tls);
    ac.sys = amsop_port_sys();
    err = amsop_aad_init(&s_aad, &ac);
    if (err != AMSOP_OK) {
        con_printf("provisioning: refused: client credentials: %s\n", amsop_err_name(err));
        return err;
    }
    err = amsop_tls_init(&s_aad_tls, tcfg);
    if (err != AMSOP_OK) {
        con_printf("result: error %s (TLS setup, authority)\n", amsop_err_name(err));
        amsop_aad_close(&s_aad);
        return err;
    }
    if (p->have_authority_addr) {
        char addr[16];

        dotted(p->authority_addr, addr);
        if (amsop_lwip_hosts_add(s_aad.authority.host, addr) != AMSOP_OK) {
            con_printf("provisioning: refused: authority address unusable\n");
            amsop_tls_free(&s_aad_tls);
            amsop_aad_close(&s_aad);
            return AMSOP_ERR_INVALID_ARG;
        }
    }
    s_use_aad = 1;
    con_printf("token: client credentials, authority %s:%u\n", s_aad.authority.host,
               (unsigned)s_aad.authority.port);
    return AMSOP_OK;
}

int main(void)
{
    prov_t p;
    const char *why;
    amsop_config_t cfg;
    amsop_wait_opts_t opts;
    amsop_tls_config_t tcfg;
    amsop_err_t err;
    char addr[16];
    int n;

    con_init();
    con_printf("amsop %s mps2-an386 (Cortex-M4, lwIP raw, mbedTLS)\n", AMSOP_VERSION);

    why = prov_read(__prov_start, (size_t)(uintptr_t)__prov_size, &p);
    if (why != NULL) {
        con_printf("provisioning: refused: %s (record at 0x%08lx)\n", why,
                   (unsigned long)(uintptr_t)__prov_start);
        return BOARD_EXIT_CONFIG;
    }
    con_printf("provisioning: ok: host %s port %u\n", p.host, (unsigned)p.port);
    entropy_set_seed(p.nv_seed, p.nv_seed_len);
    build_endpoint(&p);

    if (net_up(&p) != 0) {
        return finish(BOARD_EXIT_NETWORK);
    }
    dotted(p.host_addr, addr);
    if (amsop_lwip_hosts_add(p.host, addr) != AMSOP_OK) {
        con_printf("provisioning: refused: host or address unusable\n");
        return finish(BOARD_EXIT_CONFIG);
    }

    memset(&tcfg, 0, sizeof tcfg);
    tcfg.ca_pem = p.ca_pem;
    tcfg.ca_pem_len = p.ca_pem_len;
    err = amsop_tls_init(&s_tls, &tcfg);
    if (err != AMSOP_OK) {
        con_printf("result: error %s (TLS setup, mbedtls -0x%04x)\n", amsop_err_name(err),
                   (unsigned)-s_tls.last_mbedtls_err);
        return finish(cli_exit_for_err(err));
    }

    memset(&cfg, 0, sizeof cfg);
    cfg.endpoint = s_endpoint_url;
    if (p.token != NULL) {
        cfg.token = p.token;
    } else {
        err = init_aad(&p, &tcfg);
        if (err != AMSOP_OK) {
            return finish(err == AMSOP_ERR_TLS_CA ? cli_exit_for_err(err) : BOARD_EXIT_CONFIG);
        }
        cfg.token_provider = amsop_aad_token_provider(&s_aad);
    }
    s_tls_tr = amsop_tls_transport(&s_tls);
    cfg.transport.ctx = NULL;
    cfg.transport.open = metered_open;
    cfg.transport.send = metered_send;
    cfg.transport.recv = metered_recv;
    cfg.transport.close = metered_close;
    s_port_sys = amsop_port_sys();
    cfg.sys.ctx = NULL;
    cfg.sys.now_ms = metered_now;
    cfg.sys.sleep_ms = metered_sleep;
    cfg.sys.random = metered_random;
    err = amsop_client_init(&s_client, &cfg);
    if (err == AMSOP_OK) {
        err = amsop_endpoint_parse(s_endpoint_url, &s_endpoint);
    }
    if (err == AMSOP_OK) {
        err = amsop_target_from_url(&s_endpoint, p.url, strlen(p.url), &s_target);
    }
    if (err != AMSOP_OK) {
        con_printf("provisioning: refused: endpoint/URL/token: %s\n", amsop_err_name(err));
        return finish(BOARD_EXIT_CONFIG);
    }

    memset(&opts, 0, sizeof opts);
    opts.timeout_ms = p.timeout_s != 0u ? p.timeout_s * 1000u : 120000u;
    opts.on_change = on_change;
    s_window_start_ns = clock_busy_ns();
    err = amsop_client_wait(&s_client, &s_target, &opts, &s_result);
    mark_window_end();
    if (err == AMSOP_OK) {
        con_printf("result: %s\n", s_result.status_text);
        n = cli_exit_for_final_status(s_result.status);
    } else {
        con_printf("result: error %s (http %d%s%s, tls verify 0x%lx, mbedtls -0x%04x)\n",
                   amsop_err_name(err), s_result.http_status, s_result.error_code[0] ? " " : "",
                   s_result.error_code, (unsigned long)s_tls.last_verify_flags,
                   (unsigned)-s_tls.last_mbedtls_err);
        n = cli_exit_for_err(err);
        if (s_use_aad && (err == AMSOP_ERR_AAD || err == AMSOP_ERR_AAD_REPLY)) {
            con_printf("token: refused by the authority: http %d %s%s%s\n", s_aad.error.http_status,
                       s_aad.error.error, s_aad.error.error_codes[0] ? " AADSTS" : "",
                       s_aad.error.error_codes);
        }
    }
    s_token_fetches = s_aad.fetches;
    amsop_client_close(&s_client);
    if (s_use_aad) {
        amsop_aad_close(&s_aad); /* wipes the secret's copy and the token */
        amsop_tls_free(&s_aad_tls);
    }
    return finish(n);
}

/* This board takes its roots from the provisioning record; the port's
 * bundled Azure roots (the default when no PEM is given) are not linked. */
const unsigned char amsop_ca_bundle_pem[] = "";
const size_t amsop_ca_bundle_pem_len = 0;
