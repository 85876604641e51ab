/* SPDX-License-Identifier: MIT */
/* amsop: Azure Media Services live event operation status client.
 * Include this one header. */
#ifndef AMSOP_H
#define AMSOP_H

#include "amsop_aad.h"
#include "amsop_action.h"
#include "amsop_client.h"
#include "amsop_err.h"
#include "amsop_live_event.h"
#include "amsop_result.h"
#include "amsop_target.h"
#include "amsop_transport.h"

#endif
