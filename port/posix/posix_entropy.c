/* SPDX-License-Identifier: MIT */
/* Cryptographic random bytes for the TLS DRBG seed: getrandom() where the C
 * library has it, /dev/urandom otherwise (or when the kernel lacks it). */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <sys/types.h>
#include <unistd.h>

#if defined(__linux__) && defined(__GLIBC__) &&                                                    \
    (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 25))
#define AMSOP_POSIX_HAVE_GETRANDOM 1
#include <sys/random.h>
#endif

#include "amsop_port.h"

#ifdef AMSOP_POSIX_HAVE_GETRANDOM
/* 1: filled; 0: getrandom unusable here (ENOSYS, seccomp), try the device;
 * -1: failed. Blocks only until the kernel pool is first initialised. */
static int fill_getrandom(uint8_t *buf, size_t len)
{
    size_t done = 0;

    while (done < len) {
        ssize_t rc = getrandom(buf + done, len - done, 0);
        if (rc > 0) {
            done += (size_t)rc; /* large requests may come back in parts */
        } else if (rc < 0 && errno == EINTR) {
            continue;
        } else if (rc < 0 && (errno == ENOSYS || errno == EPERM) && done == 0) {
            return 0;
        } else {
            return -1;
        }
    }
    return 1;
}
#endif

static int fill_urandom(uint8_t *buf, size_t len)
{
    size_t done = 0;
    int fd;

    do {
        fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        return -1;
    }
    while (done < len) {
        ssize_t rc = read(fd, buf + done, len - done);
        if (rc > 0) {
            done += (size_t)rc;
        } else if (rc < 0 && errno == EINTR) {
            continue;
        } else {
            break;
        }
    }
    (void)close(fd);
    return done == len ? 1 : -1;
}

amsop_err_t amsop_port_entropy(uint8_t *buf, size_t len)
{
    if (len == 0) {
        return AMSOP_OK;
    }
    if (buf == NULL) {
        return AMSOP_ERR_INVALID_ARG;
    }
#ifdef AMSOP_POSIX_HAVE_GETRANDOM
    {
        int rc = fill_getrandom(buf, len);
        if (rc != 0) {
            return rc == 1 ? AMSOP_OK : AMSOP_ERR_PORT;
        }
    }
#endif
    return fill_urandom(buf, len) == 1 ? AMSOP_OK : AMSOP_ERR_PORT;
}
