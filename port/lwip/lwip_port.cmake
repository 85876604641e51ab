# SPDX-License-Identifier: MIT
# port/lwip: the lwIP ports, included from port/CMakeLists.txt (same
# directory scope, so the TLS sources and the generated CA bundle are shared
# with the POSIX build). Off unless AMSOP_LWIP=ON or Kconfig chose an lwIP
# port, so the default (POSIX) build is unchanged.
#
# Sources and include dirs: amsop_sources.mk (AMSOP_PORT_LWIP_*).
#
#   amsop_port_lwip_sockets  lwIP sockets API, Debian's liblwip (NO_SYS=0)
#   amsop_port_lwip_raw      lwIP raw TCP API, NO_SYS=1, lwIP compiled here
#                            from AMSOP_LWIP_SRC_DIR (apt-get source lwip)
#                            with the board's lwipopts.h
#   amsop_tls_lwip_<flavour> the same port/tls sources, built against that
#                            port's amsop_port_types.h
#   boards/lwip-tap          amsop-lwip-sockets, amsop-lwip-raw (AMSOP_BUILD_CLI)
# ALIAS amsop::port_lwip_sockets, amsop::port_lwip_raw, amsop::tls_lwip_<flavour>.

file(STRINGS ${AMSOP_CONFIG_HEADER} _amsop_lwip_chosen REGEX "CONFIG_AMSOP_PORT_LWIP_(SOCKETS|RAW) 1")
set(_amsop_lwip_default OFF)
if(_amsop_lwip_chosen)
  set(_amsop_lwip_default ON)
endif()
option(AMSOP_LWIP "Build the lwIP ports and boards/lwip-tap" ${_amsop_lwip_default})
set(AMSOP_LWIP_SRC_DIR "" CACHE PATH
    "Unpacked lwIP source (tools/fetch_deb_source.sh lwip) for the raw NO_SYS=1 port")
set(AMSOP_LWIP_RAW_OPTS_DIR ${PROJECT_SOURCE_DIR}/boards/lwip-tap/raw CACHE PATH
    "Directory holding the raw port's lwipopts.h and arch/cc.h (the board's)")
if(NOT AMSOP_LWIP)
  return()
endif()

# AMSOP_PORT_COMMON_SOURCES and AMSOP_TLS_SOURCES (with the generated CA
# bundle) come from port/CMakeLists.txt.
amsop_sources(AMSOP_PORT_LWIP_COMMON_SOURCES _amsop_lwip_common)
amsop_sources(AMSOP_PORT_LWIP_INCLUDES _amsop_lwip_includes)
amsop_sources(AMSOP_PORT_LWIP_PRIVATE_INCLUDES _amsop_lwip_private)
amsop_sources(AMSOP_PORT_LWIP_SOCKETS_SOURCES _amsop_lwip_sockets_sources)
amsop_sources(AMSOP_PORT_LWIP_SOCKETS_INCLUDES _amsop_lwip_sockets_includes)
amsop_sources(AMSOP_PORT_LWIP_RAW_SOURCES _amsop_lwip_raw_sources)
amsop_sources(AMSOP_PORT_LWIP_RAW_INCLUDES _amsop_lwip_raw_includes)
set(AMSOP_LWIP_COMMON_SOURCES ${AMSOP_PORT_COMMON_SOURCES} ${_amsop_lwip_common})

# The same TLS transport, compiled against a given port (its
# amsop_port_types.h decides the layout of amsop_tls_t.net).
function(amsop_lwip_tls name port_target)
  add_library(${name} STATIC ${AMSOP_TLS_SOURCES})
  string(REGEX REPLACE "^amsop_" "" _alias ${name})
  add_library(amsop::${_alias} ALIAS ${name})
  add_dependencies(${name} amsop_tls) # amsop_tls generates the CA bundle
  target_include_directories(${name}
    PUBLIC tls/include ${AMSOP_MBEDTLS_INCLUDE_DIR} ${AMSOP_GENERATED_DIR}
    PRIVATE tls)
  target_link_libraries(${name}
    PUBLIC ${port_target} amsop_core
           ${AMSOP_MBEDTLS_LIB} ${AMSOP_MBEDX509_LIB} ${AMSOP_MBEDCRYPTO_LIB})
  target_compile_options(${name} PRIVATE ${AMSOP_WARNINGS})
endfunction()

# --- sockets flavour: Debian's liblwip-dev ----------------------------------
find_path(AMSOP_LWIP_SYS_INCLUDE_DIR lwip/tcpip.h PATHS /usr/include/lwip NO_DEFAULT_PATH)
find_library(AMSOP_LWIP_SYS_LIB lwip)
if(AMSOP_LWIP_SYS_INCLUDE_DIR AND AMSOP_LWIP_SYS_LIB)
  add_library(amsop_port_lwip_sockets STATIC ${AMSOP_LWIP_COMMON_SOURCES}
    ${_amsop_lwip_sockets_sources})
  add_library(amsop::port_lwip_sockets ALIAS amsop_port_lwip_sockets)
  target_include_directories(amsop_port_lwip_sockets
    PUBLIC include ${_amsop_lwip_includes} ${_amsop_lwip_sockets_includes}
           $<TARGET_PROPERTY:amsop_core,INTERFACE_INCLUDE_DIRECTORIES> ${AMSOP_GENERATED_DIR}
    PRIVATE ${_amsop_lwip_private})
  target_include_directories(amsop_port_lwip_sockets SYSTEM PUBLIC ${AMSOP_LWIP_SYS_INCLUDE_DIR})
  # struct timeval, ssize_t under -std=c99
  target_compile_definitions(amsop_port_lwip_sockets PUBLIC _DEFAULT_SOURCE)
  target_compile_options(amsop_port_lwip_sockets PRIVATE ${AMSOP_WARNINGS})
  target_link_libraries(amsop_port_lwip_sockets PUBLIC ${AMSOP_LWIP_SYS_LIB})
  amsop_lwip_tls(amsop_tls_lwip_sockets amsop_port_lwip_sockets)
else()
  message(STATUS "lwIP sockets port: liblwip-dev not found, not built")
endif()

# --- raw flavour: lwIP from Debian's source, NO_SYS=1, static pools ----------
if(AMSOP_LWIP_SRC_DIR AND EXISTS ${AMSOP_LWIP_SRC_DIR}/src/include/lwip/init.h)
  file(GLOB _lwip_raw_stack_sources
    ${AMSOP_LWIP_SRC_DIR}/src/core/*.c
    ${AMSOP_LWIP_SRC_DIR}/src/core/ipv4/*.c)
  list(APPEND _lwip_raw_stack_sources ${AMSOP_LWIP_SRC_DIR}/src/netif/ethernet.c)
  # Debian's code, compiled as it is: not held to our warning flags.
  add_library(amsop_lwip_raw_stack STATIC ${_lwip_raw_stack_sources})
  target_include_directories(amsop_lwip_raw_stack SYSTEM
    PUBLIC ${AMSOP_LWIP_SRC_DIR}/src/include ${AMSOP_LWIP_RAW_OPTS_DIR})

  add_library(amsop_port_lwip_raw STATIC ${AMSOP_LWIP_COMMON_SOURCES}
    ${_amsop_lwip_raw_sources})
  add_library(amsop::port_lwip_raw ALIAS amsop_port_lwip_raw)
  target_include_directories(amsop_port_lwip_raw
    PUBLIC include ${_amsop_lwip_includes} ${_amsop_lwip_raw_includes}
           $<TARGET_PROPERTY:amsop_core,INTERFACE_INCLUDE_DIRECTORIES> ${AMSOP_GENERATED_DIR}
    PRIVATE ${_amsop_lwip_private})
  target_compile_options(amsop_port_lwip_raw PRIVATE ${AMSOP_WARNINGS})
  target_link_libraries(amsop_port_lwip_raw PUBLIC amsop_lwip_raw_stack)
  amsop_lwip_tls(amsop_tls_lwip_raw amsop_port_lwip_raw)
else()
  message(STATUS "lwIP raw port: set AMSOP_LWIP_SRC_DIR to `tools/fetch_deb_source.sh lwip`; not built")
endif()

# The host board that runs these ports on a TAP device (the root
# CMakeLists.txt lists only boards/posix; the lwIP board follows its ports).
if(AMSOP_BUILD_CLI)
  add_subdirectory(${PROJECT_SOURCE_DIR}/boards/lwip-tap ${PROJECT_BINARY_DIR}/boards/lwip-tap)
endif()
