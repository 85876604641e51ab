/* SPDX-License-Identifier: MIT */
/* amsop CLI: what `amsop wait` shows while the core polls. */
#include "cli_wait.h"

#include <stdio.h>
#include <string.h>

#include "cli_format.h"
#include "cli_text.h"

#define CLI_TICK_MS 1000u

static uint64_t now_ms(const cli_wait_view_t *v)
{
    return v->inner.now_ms(v->inner.ctx);
}

static void draw_live(cli_wait_view_t *v)
{
    uint64_t now = now_ms(v);

    (void)fputc('\r', stdout);
    cli_text_wait_line(stdout, now - v->start_ms, &v->last);
    (void)fputs("\033[K", stdout); /* erase what a longer line left */
    (void)fflush(stdout);
    v->line_open = 1;
    v->drawn_ms = now;
}

static uint64_t sys_now_ms(void *ctx)
{
    const cli_wait_view_t *v = (const cli_wait_view_t *)ctx;
    return now_ms(v);
}

static void sys_sleep_ms(void *ctx, uint32_t ms)
{
    cli_wait_view_t *v = (cli_wait_view_t *)ctx;

    if (!v->live || !v->line_open) {
        v->inner.sleep_ms(v->inner.ctx, ms);
        return;
    }
    /* Sleep in ticks so the elapsed time on the live line keeps moving. */
    while (ms > 0) {
        uint32_t step = ms < CLI_TICK_MS ? ms : CLI_TICK_MS;
        v->inner.sleep_ms(v->inner.ctx, step);
        ms -= step;
        if (now_ms(v) - v->drawn_ms >= CLI_TICK_MS) {
            draw_live(v);
        }
    }
}

static uint32_t sys_random(void *ctx)
{
    const cli_wait_view_t *v = (const cli_wait_view_t *)ctx;
    return v->inner.random(v->inner.ctx);
}

void cli_wait_view_init(cli_wait_view_t *v, cli_output_t output, int live, amsop_sys_t inner)
{
    memset(v, 0, sizeof *v);
    v->output = output;
    v->live = live && output == CLI_OUT_TEXT;
    v->inner = inner;
    amsop_result_clear(&v->last);
}

static void sys_log(void *ctx, amsop_log_level_t level, const char *line)
{
    const cli_wait_view_t *v = (const cli_wait_view_t *)ctx;
    if (v->inner.log != NULL) {
        v->inner.log(v->inner.ctx, level, line);
    }
}

amsop_sys_t cli_wait_sys(cli_wait_view_t *v)
{
    amsop_sys_t s;

    s.ctx = v;
    s.now_ms = sys_now_ms;
    s.sleep_ms = sys_sleep_ms;
    s.random = sys_random;
    s.log = sys_log;
    return s;
}

void cli_wait_view_start(cli_wait_view_t *v)
{
    v->start_ms = now_ms(v);
    v->drawn_ms = v->start_ms;
}

int cli_wait_on_change(void *user, const amsop_result_t *r)
{
    cli_wait_view_t *v = (cli_wait_view_t *)user;

    if (v->output != CLI_OUT_TEXT) {
        cli_format_result(stdout, v->output, r);
    } else if (v->live) {
        v->last = *r;
        draw_live(v);
    } else {
        cli_text_wait_line(stdout, now_ms(v) - v->start_ms, r);
        (void)fputc('\n', stdout);
        (void)fflush(stdout);
    }
    /* Nobody reads the changes any more: end the wait (exit 6, see main). */
    return ferror(stdout) ? 1 : 0;
}

void cli_wait_view_end(cli_wait_view_t *v)
{
    if (v->line_open) {
        (void)fputc('\n', stdout);
        (void)fflush(stdout);
        v->line_open = 0;
    }
}
