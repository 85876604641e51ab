# SPDX-License-Identifier: MIT
# Writes amsop_ca_bundle.c (amsop_ca_bundle_pem[], amsop_ca_bundle_pem_len)
# from PEM files of the system's CA store. Run at build time:
#   cmake -DAMSOP_CA_FILES="a.crt|b.crt" -DAMSOP_CA_OUT=out.c -P ca_bundle.cmake
# The certificates themselves never enter the repository.
if(NOT AMSOP_CA_FILES OR NOT AMSOP_CA_OUT)
  message(FATAL_ERROR "ca_bundle.cmake: AMSOP_CA_FILES and AMSOP_CA_OUT are required")
endif()

string(REPLACE "|" ";" AMSOP_CA_FILES "${AMSOP_CA_FILES}")
set(_pem "")
set(_names "")
foreach(_f IN LISTS AMSOP_CA_FILES)
  if(NOT EXISTS "${_f}")
    message(FATAL_ERROR
      "amsop CA bundle: ${_f} is missing. Install Debian's ca-certificates "
      "package (the Makefile does: apt-get install ca-certificates).")
  endif()
  file(READ "${_f}" _one)
  if(NOT _one MATCHES "-----BEGIN CERTIFICATE-----")
    message(FATAL_ERROR "amsop CA bundle: ${_f} is not a PEM certificate")
  endif()
  string(REPLACE "\r" "" _one "${_one}")
  string(APPEND _pem "${_one}\n")
  get_filename_component(_n "${_f}" NAME)
  string(APPEND _names " *   ${_n}\n")
endforeach()

# Emitted as bytes, not a string literal: the bundle is longer than the
# 4095 characters a C99 string literal is guaranteed (-Woverlength-strings).
file(WRITE "${AMSOP_CA_OUT}.tmp" "${_pem}")
file(READ "${AMSOP_CA_OUT}.tmp" _hex HEX)
file(REMOVE "${AMSOP_CA_OUT}.tmp")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," _bytes "${_hex}")
# 16 bytes per line (CMake regexes have no {n} repetition).
string(REPEAT "0x..," 16 _line)
string(REGEX REPLACE "(${_line})" "\\1\n    " _bytes "${_bytes}")

file(WRITE "${AMSOP_CA_OUT}.new"
"/* Generated at build time by port/tls/ca_bundle.cmake. Do not edit.\n"
" * Trusted roots for the Azure management endpoint, from:\n"
"${_names}"
" */\n"
"#include <stddef.h>\n\n"
"#include \"amsop_tls.h\"\n\n"
"const unsigned char amsop_ca_bundle_pem[] = {\n    ${_bytes}0x00\n};\n\n"
"/* PEM text plus the final NUL, as mbedtls_x509_crt_parse wants. */\n"
"const size_t amsop_ca_bundle_pem_len = sizeof amsop_ca_bundle_pem;\n")
file(COPY_FILE "${AMSOP_CA_OUT}.new" "${AMSOP_CA_OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${AMSOP_CA_OUT}.new")
