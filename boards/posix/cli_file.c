/* SPDX-License-Identifier: MIT */
/* amsop CLI: reading a small file into a caller-owned buffer. */
#include "cli_file.h"

#include <errno.h>
#include <stdio.h>

cli_file_err_t cli_read_file(const char *path, char *buf, size_t cap, size_t *len)
{
    FILE *f;
    size_t n = 0;
    cli_file_err_t rc = CLI_FILE_OK;
    int saved_errno;

    *len = 0;
    f = fopen(path, "rb");
    if (f == NULL) {
        return CLI_FILE_IO;
    }
    /* No stdio buffer of its own: bytes go straight into buf. */
    (void)setvbuf(f, NULL, _IONBF, 0);
    while (n < cap) {
        size_t got = fread(buf + n, 1, cap - n, f);
        if (got == 0) {
            break;
        }
        n += got;
    }
    if (ferror(f)) {
        rc = CLI_FILE_IO;
    } else if (n == cap) {
        char extra;
        if (fread(&extra, 1, 1, f) == 1) {
            rc = CLI_FILE_TOO_LARGE;
        } else if (ferror(f)) {
            rc = CLI_FILE_IO;
        }
    }
    saved_errno = errno;
    (void)fclose(f);
    errno = saved_errno;
    *len = n;
    return rc;
}
