/* SPDX-License-Identifier: MIT */
/* Sleep for the lwIP sockets port: lwIP's sys_msleep (the RTOS delay), so
 * the tcpip thread keeps running the stack meanwhile. */
#include "amsop_port.h"
#include "lwip/sys.h"

void amsop_port_sleep_ms(uint32_t ms)
{
    if (ms > 0) {
        sys_msleep(ms);
    }
}
