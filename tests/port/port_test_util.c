/* SPDX-License-Identifier: MIT */
/* Helpers for the port tests (test code: plain POSIX, no amsop calls). */
#define _POSIX_C_SOURCE 200809L

#include "port_test_util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int tu_listen(int family, uint16_t *port)
{
    struct sockaddr_storage ss;
    socklen_t len;
    int one = 1;
    int fd = socket(family, SOCK_STREAM, 0);

    if (fd < 0) {
        return -1;
    }
    (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&ss, 0, sizeof ss);
    if (family == AF_INET6) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
        a->sin6_family = AF_INET6;
        a->sin6_addr = in6addr_loopback;
        len = sizeof *a;
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)&ss;
        a->sin_family = AF_INET;
        a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        len = sizeof *a;
    }
    if (bind(fd, (struct sockaddr *)&ss, len) != 0 || listen(fd, 8) != 0 ||
        getsockname(fd, (struct sockaddr *)&ss, &len) != 0) {
        (void)close(fd);
        return -1;
    }
    *port = family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&ss)->sin6_port)
                               : ntohs(((struct sockaddr_in *)&ss)->sin_port);
    return fd;
}

int tu_accept(int listen_fd, int timeout_ms)
{
    struct pollfd p;

    p.fd = listen_fd;
    p.events = POLLIN;
    p.revents = 0;
    if (poll(&p, 1, timeout_ms) != 1) {
        return -1;
    }
    return accept(listen_fd, NULL, NULL);
}

uint16_t tu_unused_port(void)
{
    uint16_t port = 0;
    int fd = tu_listen(AF_INET, &port);

    if (fd >= 0) {
        (void)close(fd); /* nothing listens there now: connects are refused */
    }
    return port;
}

int tu_run(char *const argv[])
{
    int status = 0;
    pid_t pid = fork();

    if (pid < 0) {
        return -1;
    }
    if (pid == 0) {
        execvp(argv[0], argv);
        _exit(127);
    }
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            return -1;
        }
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Reads "PORT <n>\n" from fd within timeout_ms. */
static int read_port_line(int fd, int timeout_ms, uint16_t *port)
{
    char line[64];
    size_t used = 0;

    while (used < sizeof line - 1) {
        struct pollfd p;
        ssize_t rc;

        p.fd = fd;
        p.events = POLLIN;
        p.revents = 0;
        if (poll(&p, 1, timeout_ms) != 1) {
            return -1;
        }
        rc = read(fd, line + used, 1);
        if (rc <= 0) {
            return -1;
        }
        if (line[used] == '\n') {
            long v;
            line[used] = '\0';
            if (strncmp(line, "PORT ", 5) != 0) {
                return -1;
            }
            v = strtol(line + 5, NULL, 10);
            if (v <= 0 || v > 65535) {
                return -1;
            }
            *port = (uint16_t)v;
            return 0;
        }
        used++;
    }
    return -1;
}

int tu_spawn_server(char *const argv[], int timeout_ms, pid_t *pid, int *stdin_fd, uint16_t *port)
{
    int out[2];
    int in[2];
    int rc;

    if (pipe(out) != 0) {
        return -1;
    }
    if (pipe(in) != 0) {
        (void)close(out[0]);
        (void)close(out[1]);
        return -1;
    }
    *pid = fork();
    if (*pid < 0) {
        return -1;
    }
    if (*pid == 0) {
        (void)dup2(in[0], 0);
        (void)dup2(out[1], 1);
        (void)close(in[0]);
        (void)close(in[1]);
        (void)close(out[0]);
        (void)close(out[1]);
        execvp(argv[0], argv);
        _exit(127);
    }
    (void)close(in[0]);
    (void)close(out[1]);
    *stdin_fd = in[1];
    rc = read_port_line(out[0], timeout_ms, port);
    (void)close(out[0]);
    if (rc != 0) {
        tu_stop_server(*pid, *stdin_fd);
        *pid = -1;
        *stdin_fd = -1;
    }
    return rc;
}

void tu_stop_server(pid_t pid, int stdin_fd)
{
    if (stdin_fd >= 0) {
        (void)close(stdin_fd);
    }
    if (pid > 0) {
        (void)kill(pid, SIGTERM);
        (void)waitpid(pid, NULL, 0);
    }
}
