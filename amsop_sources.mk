# SPDX-License-Identifier: MIT
#
# amsop_sources.mk: every source file and include directory of amsop, for
# builds that do not use CMake (a firmware Makefile, an IDE project). The
# CMake build reads its own source lists from this file (core/CMakeLists.txt,
# port/CMakeLists.txt, port/lwip/lwip_port.cmake), so there is one list.
#
# Use from a Makefile:
#
#   AMSOP_DIR := path/to/amsop          # optional: defaults to this file's dir
#   include $(AMSOP_DIR)/amsop_sources.mk
#   SRCS     += $(AMSOP_CORE_SOURCES) $(AMSOP_PORT_COMMON_SOURCES) \
#               $(AMSOP_PORT_POSIX_SOURCES) $(AMSOP_TLS_SOURCES) amsop_ca_bundle.c
#   CPPFLAGS += $(addprefix -I,$(AMSOP_CONFIG_INCLUDES) $(AMSOP_CORE_INCLUDES) \
#               $(AMSOP_PORT_INCLUDES) $(AMSOP_PORT_POSIX_INCLUDES) $(AMSOP_TLS_INCLUDES))
#
# What a client needs:
#   core            AMSOP_CORE_SOURCES; includes AMSOP_CORE_INCLUDES (public)
#                   and AMSOP_CORE_PRIVATE_INCLUDES. Needs jsmn.h (Debian's
#                   libjsmn-dev; one header) and <string.h>, nothing else.
#   amsop_config.h  AMSOP_CONFIG_INCLUDES: the repository root holds a
#                   pre-generated amsop_config.h with the Kconfig defaults.
#                   For other values generate your own from Kconfig
#                   (tools/kconfig_header.py) and put its directory first.
#   one port        AMSOP_PORT_COMMON_SOURCES plus one of
#                     POSIX         AMSOP_PORT_POSIX_SOURCES
#                     lwIP sockets  AMSOP_PORT_LWIP_COMMON_SOURCES +
#                                   AMSOP_PORT_LWIP_SOCKETS_SOURCES
#                     lwIP raw      AMSOP_PORT_LWIP_COMMON_SOURCES +
#                                   AMSOP_PORT_LWIP_RAW_SOURCES
#                   includes AMSOP_PORT_INCLUDES and that port's
#                   AMSOP_PORT_<PORT>_INCLUDES (its amsop_port_types.h).
#   TLS transport   AMSOP_TLS_SOURCES (mbedTLS 2.28: link mbedtls, mbedx509,
#                   mbedcrypto); includes AMSOP_TLS_INCLUDES and
#                   AMSOP_TLS_PRIVATE_INCLUDES. It also needs
#                   amsop_ca_bundle_pem[] / amsop_ca_bundle_pem_len, the
#                   bundled roots used when amsop_tls_init() gets no CA:
#                   generate amsop_ca_bundle.c from AMSOP_CA_FILES with
#                     cmake "-DAMSOP_CA_FILES=a.crt|b.crt" -DAMSOP_CA_OUT=amsop_ca_bundle.c \
#                           -P $(AMSOP_CA_BUNDLE_SCRIPT)
#                   or define the two symbols yourself.
#
# Format (parsed by cmake/amsop_sources.cmake): one `VAR += path` per line,
# paths relative to the repository root, prefixed by $(AMSOP_DIR).

ifndef AMSOP_DIR
AMSOP_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
endif

# --- core: platform-free, zero heap, no stdio --------------------------------
AMSOP_CORE_SOURCES += $(AMSOP_DIR)/core/src/err.c
AMSOP_CORE_SOURCES += $(AMSOP_DIR)/core/src/log.c
AMSOP_CORE_SOURCES += $(AMSOP_DIR)/core/src/result.c
AMSOP_CORE_SOURCES += $(AMSOP_DIR)/core/src/field.c
AMSOP_CORE_SOURCES += $(AMSOP_DIR)/core/src/target.c
AMSOP_CORE_SOURCES += $(AMSOP_DIR)/core/src/http_parser.c
AMSOP_CORE_SOURCES += $(AMSOP_DIR)/core/src/json_stream.c
AMSOP_CORE_SOURCES += $(AMSOP_DIR)/core/src/json_extract.c
AMSOP_CORE_SOURCES += $(AMSOP_DIR)/core/src/wire.c
AMSOP_CORE_SOURCES += $(AMSOP_DIR)/core/src/form.c
AMSOP_CORE_SOURCES += $(AMSOP_DIR)/core/src/request.c
AMSOP_CORE_SOURCES += $(AMSOP_DIR)/core/src/client.c
AMSOP_CORE_SOURCES += $(AMSOP_DIR)/core/src/wait.c
AMSOP_CORE_SOURCES += $(AMSOP_DIR)/core/src/aad_reply.c
AMSOP_CORE_SOURCES += $(AMSOP_DIR)/core/src/aad_token.c
AMSOP_CORE_SOURCES += $(AMSOP_DIR)/core/src/action.c
AMSOP_CORE_SOURCES += $(AMSOP_DIR)/core/src/live_event.c

AMSOP_CORE_INCLUDES += $(AMSOP_DIR)/core/include/amsop
AMSOP_CORE_PRIVATE_INCLUDES += $(AMSOP_DIR)/core/src

# The pre-generated default amsop_config.h (the Kconfig defaults).
AMSOP_CONFIG_INCLUDES += $(AMSOP_DIR)

# --- port layer: shared by every port (written over the port API only) ------
AMSOP_PORT_COMMON_SOURCES += $(AMSOP_DIR)/port/common/port_interrupt.c
AMSOP_PORT_COMMON_SOURCES += $(AMSOP_DIR)/port/common/port_log.c
AMSOP_PORT_COMMON_SOURCES += $(AMSOP_DIR)/port/common/port_sys.c
AMSOP_PORT_COMMON_SOURCES += $(AMSOP_DIR)/port/common/port_tcp_transport.c

AMSOP_PORT_INCLUDES += $(AMSOP_DIR)/port/include

# --- POSIX port: libc only (sockets, poll, clock, getrandom) ----------------
AMSOP_PORT_POSIX_SOURCES += $(AMSOP_DIR)/port/posix/posix_clock.c
AMSOP_PORT_POSIX_SOURCES += $(AMSOP_DIR)/port/posix/posix_entropy.c
AMSOP_PORT_POSIX_SOURCES += $(AMSOP_DIR)/port/posix/posix_net_close.c
AMSOP_PORT_POSIX_SOURCES += $(AMSOP_DIR)/port/posix/posix_net_connect.c
AMSOP_PORT_POSIX_SOURCES += $(AMSOP_DIR)/port/posix/posix_net_recv.c
AMSOP_PORT_POSIX_SOURCES += $(AMSOP_DIR)/port/posix/posix_net_send.c
AMSOP_PORT_POSIX_SOURCES += $(AMSOP_DIR)/port/posix/posix_net_wait.c
AMSOP_PORT_POSIX_SOURCES += $(AMSOP_DIR)/port/posix/posix_sleep.c

AMSOP_PORT_POSIX_INCLUDES += $(AMSOP_DIR)/port/posix

# --- lwIP ports (with AMSOP_PORT_COMMON_SOURCES) ---------------------------
AMSOP_PORT_LWIP_COMMON_SOURCES += $(AMSOP_DIR)/port/lwip/common/lwip_clock.c
AMSOP_PORT_LWIP_COMMON_SOURCES += $(AMSOP_DIR)/port/lwip/common/lwip_hosts.c
AMSOP_PORT_LWIP_COMMON_SOURCES += $(AMSOP_DIR)/port/lwip/common/lwip_preresolve.c

AMSOP_PORT_LWIP_INCLUDES += $(AMSOP_DIR)/port/lwip/include
AMSOP_PORT_LWIP_PRIVATE_INCLUDES += $(AMSOP_DIR)/port/lwip/common

# lwIP sockets API (NO_SYS=0); define _DEFAULT_SOURCE (struct timeval).
AMSOP_PORT_LWIP_SOCKETS_SOURCES += $(AMSOP_DIR)/port/lwip/sockets/lwip_sock_connect.c
AMSOP_PORT_LWIP_SOCKETS_SOURCES += $(AMSOP_DIR)/port/lwip/sockets/lwip_sock_io.c
AMSOP_PORT_LWIP_SOCKETS_SOURCES += $(AMSOP_DIR)/port/lwip/sockets/lwip_sock_sleep.c

AMSOP_PORT_LWIP_SOCKETS_INCLUDES += $(AMSOP_DIR)/port/lwip/sockets

# lwIP raw TCP API (NO_SYS=1), driven from the caller's loop.
AMSOP_PORT_LWIP_RAW_SOURCES += $(AMSOP_DIR)/port/lwip/raw/lwip_raw_callbacks.c
AMSOP_PORT_LWIP_RAW_SOURCES += $(AMSOP_DIR)/port/lwip/raw/lwip_raw_connect.c
AMSOP_PORT_LWIP_RAW_SOURCES += $(AMSOP_DIR)/port/lwip/raw/lwip_raw_drive.c
AMSOP_PORT_LWIP_RAW_SOURCES += $(AMSOP_DIR)/port/lwip/raw/lwip_raw_io.c

AMSOP_PORT_LWIP_RAW_INCLUDES += $(AMSOP_DIR)/port/lwip/raw

# --- TLS transport over mbedTLS, written once over the port's calls --------
AMSOP_TLS_SOURCES += $(AMSOP_DIR)/port/tls/amsop_tls.c
AMSOP_TLS_SOURCES += $(AMSOP_DIR)/port/tls/tls_bio.c
AMSOP_TLS_SOURCES += $(AMSOP_DIR)/port/tls/tls_err_map.c
AMSOP_TLS_SOURCES += $(AMSOP_DIR)/port/tls/tls_init.c
AMSOP_TLS_SOURCES += $(AMSOP_DIR)/port/tls/tls_session.c

AMSOP_TLS_INCLUDES += $(AMSOP_DIR)/port/tls/include
AMSOP_TLS_PRIVATE_INCLUDES += $(AMSOP_DIR)/port/tls

# The bundled roots (Debian's ca-certificates) and the script that turns
# them into amsop_ca_bundle.c.
AMSOP_CA_BUNDLE_SCRIPT := $(AMSOP_DIR)/port/tls/ca_bundle.cmake
AMSOP_CA_DIR ?= /usr/share/ca-certificates/mozilla
AMSOP_CA_FILES += $(AMSOP_CA_DIR)/DigiCert_Global_Root_G2.crt
AMSOP_CA_FILES += $(AMSOP_CA_DIR)/Microsoft_RSA_Root_Certificate_Authority_2017.crt
AMSOP_CA_FILES += $(AMSOP_CA_DIR)/Microsoft_ECC_Root_Certificate_Authority_2017.crt
