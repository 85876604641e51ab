/* SPDX-License-Identifier: MIT */
/* amsop CLI: reading a small file into a caller-owned buffer. */
#ifndef AMSOP_CLI_FILE_H
#define AMSOP_CLI_FILE_H

#include <stddef.h>

typedef enum cli_file_err {
    CLI_FILE_OK = 0,
    CLI_FILE_IO,       /* could not open or read; errno says why */
    CLI_FILE_TOO_LARGE /* more than cap bytes */
} cli_file_err_t;

/* Reads the whole file at path into buf[0..cap). *len gets the byte count.
 * Nothing is allocated; on CLI_FILE_TOO_LARGE buf holds the first cap bytes. */
cli_file_err_t cli_read_file(const char *path, char *buf, size_t cap, size_t *len);

#endif
