/* SPDX-License-Identifier: MIT */
/* The static host table of the lwIP ports: names a device resolves without
 * DNS (a network without a DNS server, a test namespace). Fixed size
 * (CONFIG_AMSOP_LWIP_HOSTS_MAX), no heap. TLS still verifies the server's
 * certificate against the name the caller connects to. */
#include <string.h>

#include "amsop_config.h"
#include "lwip_internal.h"

#if CONFIG_AMSOP_LWIP_HOSTS_MAX > 0
typedef struct lwip_host {
    char name[CONFIG_AMSOP_HOST_MAX];
    ip_addr_t addr;
} lwip_host_t;

static lwip_host_t hosts[CONFIG_AMSOP_LWIP_HOSTS_MAX];
static size_t host_count;

static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Host names compare case-insensitively (RFC 4343). */
static int same_name(const char *a, const char *b)
{
    while (*a != '\0' && ascii_lower((unsigned char)*a) == ascii_lower((unsigned char)*b)) {
        ++a;
        ++b;
    }
    return *a == '\0' && *b == '\0';
}
#endif

amsop_lwip_stats_t amsop__lwip_stats;

amsop_err_t amsop_lwip_hosts_add(const char *name, const char *addr)
{
#if CONFIG_AMSOP_LWIP_HOSTS_MAX > 0
    size_t len;
    lwip_host_t *h;

    if (name == NULL || addr == NULL || name[0] == '\0') {
        return AMSOP_ERR_INVALID_ARG;
    }
    len = strlen(name);
    if (len >= sizeof hosts[0].name || host_count >= CONFIG_AMSOP_LWIP_HOSTS_MAX) {
        return AMSOP_ERR_TOO_LONG;
    }
    h = &hosts[host_count];
    if (!ipaddr_aton(addr, &h->addr)) {
        return AMSOP_ERR_INVALID_ARG;
    }
    memcpy(h->name, name, len + 1u);
    ++host_count;
    return AMSOP_OK;
#else
    (void)name;
    (void)addr;
    return AMSOP_ERR_TOO_LONG;
#endif
}

void amsop_lwip_hosts_clear(void)
{
#if CONFIG_AMSOP_LWIP_HOSTS_MAX > 0
    memset(hosts, 0, sizeof hosts);
    host_count = 0;
#endif
}

amsop_err_t amsop__lwip_resolve_static(const char *host, ip_addr_t *out)
{
#if CONFIG_AMSOP_LWIP_HOSTS_MAX > 0
    size_t i;
#endif

    if (ipaddr_aton(host, out)) {
        return AMSOP_OK;
    }
#if CONFIG_AMSOP_LWIP_HOSTS_MAX > 0
    for (i = 0; i < host_count; ++i) {
        if (same_name(hosts[i].name, host)) {
            *out = hosts[i].addr;
            ++amsop__lwip_stats.resolved_host;
            return AMSOP_OK;
        }
    }
#endif
    return AMSOP_ERR_NET_DNS;
}

uint32_t amsop__lwip_left_ms(uint64_t deadline_ms)
{
    uint64_t now = amsop_port_now_ms();

    if (now >= deadline_ms) {
        return 0;
    }
    return deadline_ms - now > UINT32_MAX ? UINT32_MAX : (uint32_t)(deadline_ms - now);
}

void amsop_lwip_get_stats(amsop_lwip_stats_t *out)
{
    if (out != NULL) {
        *out = amsop__lwip_stats;
    }
}
