/* SPDX-License-Identifier: MIT */
#ifndef AMSOP_MPS2_NET_H
#define AMSOP_MPS2_NET_H

#include "prov.h"

/* LAN9118 probe + lwIP with the record's address; 0 when the link is up. */
int net_up(const prov_t *p);

#endif
