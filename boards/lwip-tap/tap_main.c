/* SPDX-License-Identifier: MIT */
/* boards/lwip-tap: the amsop CLI (boards/posix, unchanged) running over lwIP
 * on a TAP device instead of the host's sockets. This file only adds the
 * board's options, brings the stack up, fills the static host table, and
 * hands the rest of the command line to the CLI's own main, compiled here
 * under the name amsop_cli_main (see CMakeLists.txt). */
#include <stdio.h>
#include <string.h>

#include "amsop_lwip.h"
#include "tap_args.h"
#include "tap_stack.h"

int amsop_cli_main(int argc, char **argv);

static int add_hosts(const tap_args_t *a)
{
    static char pair[256];
    size_t i;

    for (i = 0; i < a->resolve_count; ++i) {
        char *eq;

        if (strlen(a->resolve[i]) >= sizeof pair) {
            (void)fprintf(stderr, "amsop: --resolve value too long\n");
            return 2;
        }
        (void)strcpy(pair, a->resolve[i]);
        eq = strchr(pair, '=');
        *eq = '\0'; /* tap_args_parse checked there is one */
        if (amsop_lwip_hosts_add(pair, eq + 1) != AMSOP_OK) {
            (void)fprintf(stderr, "amsop: --resolve %s: bad address or table full\n",
                          a->resolve[i]);
            return 2;
        }
    }
    return 0;
}

static void print_stats(void)
{
    amsop_lwip_stats_t s;

    amsop_lwip_get_stats(&s);
    (void)fprintf(stderr,
                  "amsop: lwip: flavour=%s tcp_connects=%lu peer_closed=%lu host_table_hits=%lu "
                  "drive_loops=%lu rx_deferred=%lu\n",
                  tap_stack_flavour, (unsigned long)s.connects, (unsigned long)s.peer_closed,
                  (unsigned long)s.resolved_host, (unsigned long)s.drive_loops,
                  (unsigned long)s.rx_deferred);
}

int main(int argc, char **argv)
{
    tap_args_t a;
    char err[256];
    int rc;

    if (tap_args_parse(&argc, argv, &a, err, sizeof err) != 0) {
        (void)fprintf(stderr,
                      "amsop: %s (board options: --tap NAME --ip ADDR [--netmask M] "
                      "[--gw G] [--resolve NAME=IP]...)\n",
                      err);
        return 2;
    }
    if (a.tap != NULL) {
        if (tap_stack_up(&a, err, sizeof err) != 0) {
            (void)fprintf(stderr, "amsop: %s: %s\n", tap_stack_flavour, err);
            return 3;
        }
        rc = add_hosts(&a);
        if (rc != 0) {
            return rc;
        }
    }
    rc = amsop_cli_main(argc, argv);
    if (a.verbose) {
        print_stats();
    }
    return rc;
}
