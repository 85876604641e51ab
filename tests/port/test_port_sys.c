/* SPDX-License-Identifier: MIT */
/* POSIX port clock, sleep, entropy, amsop_sys_t and log sink. */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <string.h>
#include <sys/time.h>

#include "amsop_port.h"

static void test_clock_is_monotonic(void **state)
{
    uint64_t a = amsop_port_now_ms();
    uint64_t b = amsop_port_now_ms();

    (void)state;
    assert_true(a > 0);
    assert_true(b >= a);
}

static void test_sleep_sleeps(void **state)
{
    uint64_t t0 = amsop_port_now_ms();
    uint64_t took;

    (void)state;
    amsop_port_sleep_ms(60);
    took = amsop_port_now_ms() - t0;
    assert_true(took >= 59);
    assert_true(took < 600);
    t0 = amsop_port_now_ms();
    amsop_port_sleep_ms(0);
    assert_true(amsop_port_now_ms() - t0 < 50);
}

static void on_alarm(int sig)
{
    (void)sig;
}

/* A signal ends the sleep early (so cancellation is noticed quickly). */
static void test_signal_ends_sleep_early(void **state)
{
    struct sigaction sa;
    struct itimerval it;
    uint64_t t0;
    uint64_t took;

    (void)state;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm; /* no SA_RESTART */
    sigemptyset(&sa.sa_mask);
    assert_int_equal(sigaction(SIGALRM, &sa, NULL), 0);
    memset(&it, 0, sizeof it);
    it.it_value.tv_usec = 50000;
    assert_int_equal(setitimer(ITIMER_REAL, &it, NULL), 0);
    t0 = amsop_port_now_ms();
    amsop_port_sleep_ms(3000);
    took = amsop_port_now_ms() - t0;
    assert_true(took < 1500);
}

static int all_zero(const uint8_t *b, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (b[i] != 0) {
            return 0;
        }
    }
    return 1;
}

static void test_entropy(void **state)
{
    uint8_t a[64];
    uint8_t b[64];
    static uint8_t big[100000]; /* larger than one getrandom() guarantees */

    (void)state;
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    assert_int_equal(amsop_port_entropy(a, sizeof a), AMSOP_OK);
    assert_int_equal(amsop_port_entropy(b, sizeof b), AMSOP_OK);
    assert_false(all_zero(a, sizeof a));
    assert_memory_not_equal(a, b, sizeof a);
    assert_int_equal(amsop_port_entropy(big, sizeof big), AMSOP_OK);
    assert_false(all_zero(big + sizeof big - 64, 64));
    assert_int_equal(amsop_port_entropy(NULL, 0), AMSOP_OK);
    assert_int_equal(amsop_port_entropy(NULL, 4), AMSOP_ERR_INVALID_ARG);
}

static void test_sys(void **state)
{
    amsop_sys_t s = amsop_port_sys();
    uint64_t t0;
    uint32_t r[8];
    int i;
    int differ = 0;

    (void)state;
    assert_non_null(s.now_ms);
    assert_non_null(s.sleep_ms);
    assert_non_null(s.random);
    t0 = s.now_ms(s.ctx);
    s.sleep_ms(s.ctx, 20);
    assert_true(s.now_ms(s.ctx) - t0 >= 19);
    for (i = 0; i < 8; i++) {
        r[i] = s.random(s.ctx);
        if (i > 0 && r[i] != r[0]) {
            differ = 1;
        }
    }
    assert_true(differ);
}

struct log_seen {
    int calls;
    amsop_log_level_t level;
    char msg[32];
};

static void sink(void *user, amsop_log_level_t level, const char *msg)
{
    struct log_seen *seen = (struct log_seen *)user;
    seen->calls++;
    seen->level = level;
    strncpy(seen->msg, msg, sizeof seen->msg - 1);
}

static void test_log_sink(void **state)
{
    struct log_seen seen;

    (void)state;
    memset(&seen, 0, sizeof seen);
    amsop_port_log(AMSOP_LOG_ERROR, "no sink yet: dropped");
    amsop_port_set_log(sink, &seen);
    amsop_port_log(AMSOP_LOG_WARN, "hello");
    amsop_port_log(AMSOP_LOG_INFO, NULL);
    assert_int_equal(seen.calls, 1);
    assert_int_equal(seen.level, AMSOP_LOG_WARN);
    assert_string_equal(seen.msg, "hello");
    amsop_port_set_log(NULL, NULL);
    amsop_port_log(AMSOP_LOG_WARN, "dropped again");
    assert_int_equal(seen.calls, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clock_is_monotonic),
        cmocka_unit_test(test_sleep_sleeps),
        cmocka_unit_test(test_signal_ends_sleep_early),
        cmocka_unit_test(test_entropy),
        cmocka_unit_test(test_sys),
        cmocka_unit_test(test_log_sink),
    };
    return cmocka_run_group_tests_name("port_sys", tests, NULL, NULL);
}
