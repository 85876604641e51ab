/* SPDX-License-Identifier: MIT */
/* Optional log sink. The sink pointer is the only state the port keeps
 * between calls (it is set once at start-up by the board). */
#include <stddef.h>

#include "amsop_port.h"

static amsop_log_sink log_sink;
static void *log_user;

void amsop_port_set_log(amsop_log_sink sink, void *user)
{
    /* Not synchronised: set it before starting any other amsop call. */
    log_sink = sink;
    log_user = user;
}

void amsop_port_log(amsop_log_level_t level, const char *msg)
{
    if (log_sink != NULL && msg != NULL) {
        log_sink(log_user, level, msg);
    }
}
