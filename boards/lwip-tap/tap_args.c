/* SPDX-License-Identifier: MIT */
/* boards/lwip-tap: separates the board's options (which TAP device, which
 * static address, which names resolve where) from the amsop CLI's, which
 * boards/posix parses unchanged. */
#include "tap_args.h"

#include <stdio.h>
#include <string.h>

static const char *const value_opts[] = {"--tap", "--ip", "--netmask", "--gw", "--resolve"};

static int is_value_opt(const char *s, size_t *which)
{
    size_t i;

    for (i = 0; i < sizeof value_opts / sizeof value_opts[0]; ++i) {
        if (strcmp(s, value_opts[i]) == 0) {
            *which = i;
            return 1;
        }
    }
    return 0;
}

static int store(tap_args_t *out, size_t which, const char *v, char *err, size_t err_cap)
{
    switch (which) {
    case 0:
        out->tap = v;
        return 0;
    case 1:
        out->ip = v;
        return 0;
    case 2:
        out->netmask = v;
        return 0;
    case 3:
        out->gw = v;
        return 0;
    default:
        if (strchr(v, '=') == NULL || v[0] == '=') {
            (void)snprintf(err, err_cap, "--resolve wants NAME=IP");
            return 1;
        }
        if (out->resolve_count >= TAP_RESOLVE_MAX) {
            (void)snprintf(err, err_cap, "at most %d --resolve options", TAP_RESOLVE_MAX);
            return 1;
        }
        out->resolve[out->resolve_count++] = v;
        return 0;
    }
}

static int wants_no_stack(int argc, char **argv)
{
    int i;

    for (i = 1; i < argc; ++i) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0 ||
            strcmp(argv[i], "--version") == 0) {
            return 1;
        }
    }
    return 0;
}

int tap_args_parse(int *argc, char **argv, tap_args_t *out, char *err, size_t err_cap)
{
    int in;
    int kept = 1;

    memset(out, 0, sizeof *out);
    out->netmask = "255.255.255.0";
    for (in = 1; in < *argc; ++in) {
        size_t which;

        if (strcmp(argv[in], "--verbose") == 0) {
            out->verbose = 1; /* the CLI's option too: keep it */
        }
        if (!is_value_opt(argv[in], &which)) {
            argv[kept++] = argv[in];
            continue;
        }
        if (in + 1 >= *argc) {
            (void)snprintf(err, err_cap, "%s needs a value", argv[in]);
            return 1;
        }
        if (store(out, which, argv[in + 1], err, err_cap) != 0) {
            return 1;
        }
        ++in;
    }
    argv[kept] = NULL;
    *argc = kept;
    if (!wants_no_stack(*argc, argv) && (out->tap == NULL || out->ip == NULL)) {
        (void)snprintf(err, err_cap, "--tap NAME and --ip ADDRESS are required");
        return 1;
    }
    return 0;
}
