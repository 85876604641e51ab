/* SPDX-License-Identifier: MIT */
/* LD_PRELOAD heap-call counter for the end-to-end "zero heap" check.
 *
 * Counts malloc/calloc/realloc/free/posix_memalign/aligned_alloc calls and
 * remembers each distinct caller address; at exit it attributes every caller
 * to the object it lives in (the amsop executable, libmbedtls*, libc, ...)
 * with dladdr and writes one line per object to $AMSOP_MALLOC_REPORT:
 *     <object path> <calls>
 * The amsop executable holds core/, port/ and the CLI (statically linked),
 * so its line must read 0. Calls made after the process's first connect()
 * (the network path, as opposed to start-up and argument handling) are also
 * reported on their own, as "NET <object> <calls>" lines.
 * Test tooling: not part of the product. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t m);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);
extern void *__libc_memalign(size_t a, size_t n);
extern int __connect(int fd, const struct sockaddr *addr, socklen_t len);

#define MAX_CALLERS 4096

static struct {
    void *addr;
    unsigned long count;
    int net; /* made after the first connect() */
} callers[MAX_CALLERS];
static unsigned long overflow_calls;
static volatile int lock_word;
static volatile int net_phase;

int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
    net_phase = 1;
    return __connect(fd, addr, len);
}

static void note(void *ret)
{
    unsigned i;
    while (__sync_lock_test_and_set(&lock_word, 1)) {
    }
    for (i = 0; i < MAX_CALLERS; i++) {
        if ((callers[i].addr == ret && callers[i].net == net_phase) || callers[i].addr == NULL) {
            callers[i].addr = ret;
            callers[i].net = net_phase;
            callers[i].count++;
            break;
        }
    }
    if (i == MAX_CALLERS)
        overflow_calls++;
    __sync_lock_release(&lock_word);
}

void *malloc(size_t n)
{
    note(__builtin_return_address(0));
    return __libc_malloc(n);
}

void *calloc(size_t n, size_t m)
{
    note(__builtin_return_address(0));
    return __libc_calloc(n, m);
}

void *realloc(void *p, size_t n)
{
    note(__builtin_return_address(0));
    return __libc_realloc(p, n);
}

void free(void *p)
{
    if (p != NULL)
        note(__builtin_return_address(0));
    __libc_free(p);
}

int posix_memalign(void **out, size_t a, size_t n)
{
    void *p;
    note(__builtin_return_address(0));
    p = __libc_memalign(a, n);
    if (p == NULL)
        return 12; /* ENOMEM */
    *out = p;
    return 0;
}

void *aligned_alloc(size_t a, size_t n)
{
    note(__builtin_return_address(0));
    return __libc_memalign(a, n);
}

__attribute__((destructor)) static void report(void)
{
    /* Sum per object without allocating: a small fixed table. */
    static struct {
        char name[256];
        unsigned long count;
    } objs[128];
    const char *path = getenv("AMSOP_MALLOC_REPORT");
    char exe[256];
    ssize_t en;
    unsigned i;
    unsigned nobj = 0;
    int fd;

    if (path == NULL)
        return;
    en = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    exe[en > 0 ? en : 0] = '\0';
    /* AMSOP_MALLOC_DETAIL=1: per calling function (nearest exported
     * symbol) instead of per object, to say what a library allocates for. */
    int detail = getenv("AMSOP_MALLOC_DETAIL") != NULL;
    for (i = 0; i < MAX_CALLERS && callers[i].addr != NULL; i++) {
        Dl_info info;
        const char *name = "unknown";
        const char *sym = NULL;
        char label[256];
        unsigned k;
        if (dladdr(callers[i].addr, &info) && info.dli_fname != NULL && info.dli_fname[0]) {
            name = info.dli_fname;
            sym = info.dli_sname;
        }
        /* The main program's dli_fname is argv[0] as typed, or its path. */
        if (name[0] == '\0' || strcmp(name, exe) == 0 || strchr(name, '/') == NULL ||
            (strrchr(exe, '/') &&
             strcmp(strrchr(name, '/') ? strrchr(name, '/') : name, strrchr(exe, '/')) == 0))
            name = "EXECUTABLE";
        if (detail)
            snprintf(label, sizeof(label), "%s%s:%s", callers[i].net ? "NET " : "", name,
                     sym ? sym : "?");
        else
            snprintf(label, sizeof(label), "%s%s", callers[i].net ? "NET " : "", name);
        name = label;
        for (k = 0; k < nobj && strcmp(objs[k].name, name) != 0; k++) {
        }
        if (k == nobj && nobj < 128) {
            strncpy(objs[k].name, name, sizeof(objs[k].name) - 1);
            nobj++;
        }
        if (k < 128)
            objs[k].count += callers[i].count;
    }
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return;
    for (i = 0; i < nobj; i++) {
        char line[320];
        int n = snprintf(line, sizeof(line), "%s %lu\n", objs[i].name, objs[i].count);
        if (n > 0 && write(fd, line, (size_t)n) < 0)
            break;
    }
    if (overflow_calls) {
        char line[64];
        int n = snprintf(line, sizeof(line), "UNATTRIBUTED %lu\n", overflow_calls);
        if (n > 0 && write(fd, line, (size_t)n) < 0) {
        }
    }
    close(fd);
}
