/* SPDX-License-Identifier: MIT */
/* boards/lwip-tap: the options this board adds to the amsop CLI's. */
#ifndef AMSOP_TAP_ARGS_H
#define AMSOP_TAP_ARGS_H

#include <stddef.h>

#define TAP_RESOLVE_MAX 4

typedef struct tap_args {
    const char *tap;                      /* --tap NAME: an existing TAP device */
    const char *ip;                       /* --ip A.B.C.D: lwIP's static address */
    const char *netmask;                  /* --netmask, default 255.255.255.0 */
    const char *gw;                       /* --gw, default none */
    const char *resolve[TAP_RESOLVE_MAX]; /* --resolve NAME=IP (pointers into argv) */
    size_t resolve_count;
    int verbose; /* the CLI's --verbose was given: print lwIP counters too */
} tap_args_t;

/* Takes this board's options out of argv (compacting it in place, *argc
 * updated) and leaves the CLI's own. Returns 0, or writes a one-line message
 * to err and returns non-zero. --help/--version need no TAP options. */
int tap_args_parse(int *argc, char **argv, tap_args_t *out, char *err, size_t err_cap);

#endif
