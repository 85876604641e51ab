/* SPDX-License-Identifier: MIT */
/* boards/lwip-tap: the entropy source the lwIP ports leave to the board
 * (a hardware TRNG on firmware; the host's getrandom here). */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif

#include <errno.h>
#include <sys/random.h>

#include "amsop_port.h"

amsop_err_t amsop_port_entropy(uint8_t *buf, size_t len)
{
    size_t got = 0;

    if (buf == NULL) {
        return AMSOP_ERR_INVALID_ARG;
    }
    while (got < len) {
        ssize_t rc = getrandom(buf + got, len - got, 0);
        if (rc < 0) {
            if (errno == EINTR) {
                continue;
            }
            return AMSOP_ERR_PORT;
        }
        got += (size_t)rc;
    }
    return AMSOP_OK;
}
