# SPDX-License-Identifier: MIT
# Turns Kconfig into amsop_config.h with Debian's python3-kconfiglib
# (tools/kconfig_header.py). Kconfig is the only place a size or timeout is
# defined. Works with amsop as the top-level project or as a subproject
# (add_subdirectory, FetchContent): every path is amsop's own.
#
# AMSOP_KCONFIG_CONFIG: a .config fragment (e.g. configs/small-ram.config);
# a relative path is taken relative to the amsop source directory. A missing
# file or any mistake in it (unknown symbol, wrong type, out of range, ...)
# stops the configure step with the script's FILE:LINE: CONFIG_X: reason.
#
# Sets AMSOP_GENERATED_DIR (the include dir) and AMSOP_CONFIG_HEADER.
get_filename_component(_amsop_src_dir "${CMAKE_CURRENT_LIST_DIR}" DIRECTORY)

find_program(AMSOP_SYSTEM_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT AMSOP_SYSTEM_PYTHON)
  find_program(AMSOP_SYSTEM_PYTHON NAMES python3 REQUIRED)
endif()

set(AMSOP_GENERATED_DIR ${PROJECT_BINARY_DIR}/generated)
set(AMSOP_CONFIG_HEADER ${AMSOP_GENERATED_DIR}/amsop_config.h)
file(MAKE_DIRECTORY ${AMSOP_GENERATED_DIR})

# A FILEPATH cache entry turns a relative path given with -D into one
# relative to the current directory before this file runs; undo that (the
# relative path is taken from the source dir) and keep the entry a string.
get_property(_amsop_cfg_type CACHE AMSOP_KCONFIG_CONFIG PROPERTY TYPE)
if(_amsop_cfg_type STREQUAL "FILEPATH")
  set_property(CACHE AMSOP_KCONFIG_CONFIG PROPERTY TYPE STRING)
  if(IS_ABSOLUTE "${AMSOP_KCONFIG_CONFIG}" AND NOT EXISTS "${AMSOP_KCONFIG_CONFIG}")
    execute_process(COMMAND ${AMSOP_SYSTEM_PYTHON} -c "import os; print(os.getcwd())"
                    OUTPUT_VARIABLE _amsop_cwd OUTPUT_STRIP_TRAILING_WHITESPACE)
    file(RELATIVE_PATH _amsop_rel "${_amsop_cwd}" "${AMSOP_KCONFIG_CONFIG}")
    if(NOT _amsop_rel MATCHES "^\\.\\./" AND EXISTS "${_amsop_src_dir}/${_amsop_rel}")
      set(AMSOP_KCONFIG_CONFIG "${_amsop_rel}" CACHE STRING
          "A .config fragment (Kconfig values) to use instead of the defaults" FORCE)
    endif()
  endif()
endif()

set(_amsop_kconfig_args --version ${PROJECT_VERSION})
set(AMSOP_KCONFIG_FRAGMENT "")
if(NOT "${AMSOP_KCONFIG_CONFIG}" STREQUAL "")
  if(IS_ABSOLUTE "${AMSOP_KCONFIG_CONFIG}")
    set(AMSOP_KCONFIG_FRAGMENT "${AMSOP_KCONFIG_CONFIG}")
  else()
    get_filename_component(AMSOP_KCONFIG_FRAGMENT "${AMSOP_KCONFIG_CONFIG}" ABSOLUTE
                           BASE_DIR "${_amsop_src_dir}")
  endif()
  if(NOT EXISTS "${AMSOP_KCONFIG_FRAGMENT}" OR IS_DIRECTORY "${AMSOP_KCONFIG_FRAGMENT}")
    if(IS_ABSOLUTE "${AMSOP_KCONFIG_CONFIG}")
      set(_amsop_how "")
    else()
      set(_amsop_how " (relative paths are taken from the amsop source directory ${_amsop_src_dir})")
    endif()
    message(FATAL_ERROR "AMSOP_KCONFIG_CONFIG=${AMSOP_KCONFIG_CONFIG}: no such file: "
                        "${AMSOP_KCONFIG_FRAGMENT}${_amsop_how}")
  endif()
  list(APPEND _amsop_kconfig_args --config ${AMSOP_KCONFIG_FRAGMENT})
endif()

# KCONFIG_CONFIG from the caller's environment must not pick the values.
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env --unset=KCONFIG_CONFIG
          ${AMSOP_SYSTEM_PYTHON} ${_amsop_src_dir}/tools/kconfig_header.py
          ${_amsop_kconfig_args} ${_amsop_src_dir}/Kconfig ${AMSOP_CONFIG_HEADER}
  RESULT_VARIABLE _amsop_kconfig_rc
  OUTPUT_VARIABLE _amsop_kconfig_out
  ERROR_VARIABLE _amsop_kconfig_out)
# Indented lines are shown as they are (not re-wrapped) by message().
string(STRIP "${_amsop_kconfig_out}" _amsop_kconfig_out)
string(REPLACE "\n" "\n  " _amsop_kconfig_out "  ${_amsop_kconfig_out}")
if(_amsop_kconfig_rc EQUAL 3)
  message(FATAL_ERROR "Kconfig -> amsop_config.h: kconfiglib is missing for "
                      "${AMSOP_SYSTEM_PYTHON}: install python3-kconfiglib\n${_amsop_kconfig_out}")
elseif(NOT _amsop_kconfig_rc EQUAL 0)
  message(FATAL_ERROR "Kconfig -> amsop_config.h failed "
                      "(${_amsop_kconfig_rc}):\n${_amsop_kconfig_out}")
elseif(NOT "${_amsop_kconfig_out}" STREQUAL "  ")
  message(STATUS "kconfig_header.py:\n${_amsop_kconfig_out}")
endif()
if(AMSOP_KCONFIG_FRAGMENT)
  message(STATUS "amsop: Kconfig values from ${AMSOP_KCONFIG_FRAGMENT}")
endif()

file(GLOB _amsop_kconfig_parts ${_amsop_src_dir}/kconfig/*.kconfig)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${_amsop_src_dir}/Kconfig ${_amsop_kconfig_parts}
             ${_amsop_src_dir}/tools/kconfig_header.py ${AMSOP_KCONFIG_FRAGMENT})
