/* SPDX-License-Identifier: MIT */
/* The peer's jsmn (Debian libjsmn-dev, header-only): its functions,
 * compiled once for bench_parse's http-parser + jsmn way. Default build
 * (not strict, no parent links): the token type is the one amsop_json.h
 * declares. Not our code: our warnings are relaxed around it. */
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wsign-compare"
#endif
#include <jsmn.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
