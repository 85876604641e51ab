/* SPDX-License-Identifier: MIT */
/* Helpers for the port tests: loopback listeners and helper processes. */
#ifndef PORT_TEST_UTIL_H
#define PORT_TEST_UTIL_H

#include <stdint.h>
#include <sys/types.h>

/* A listening TCP socket on the loopback address of family (AF_INET or
 * AF_INET6), on an ephemeral port written to *port. -1 if unavailable. */
int tu_listen(int family, uint16_t *port);
/* accept() with a timeout; -1 on timeout or error. */
int tu_accept(int listen_fd, int timeout_ms);
/* A loopback port that nothing listens on (bound, then released). */
uint16_t tu_unused_port(void);

/* Runs argv[0] with argv, waits; its exit status, or -1. */
int tu_run(char *const argv[]);
/* Starts argv as a server that prints "PORT <n>" on stdout; waits up to
 * timeout_ms for that line. Its stdin is a pipe kept open in *stdin_fd so
 * the server can notice when the test dies. 0 on success. */
int tu_spawn_server(char *const argv[], int timeout_ms, pid_t *pid, int *stdin_fd, uint16_t *port);
void tu_stop_server(pid_t pid, int stdin_fd);

#endif
