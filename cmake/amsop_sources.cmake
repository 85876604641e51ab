# SPDX-License-Identifier: MIT
#
# Reads the source and include lists from amsop_sources.mk (the one list,
# shared with non-CMake firmware builds):
#
#   amsop_sources(<VAR> <out>)  <out> = every `VAR += value` of the file, in
#                               order, $(AMSOP_DIR) replaced by the amsop
#                               source dir and $(AMSOP_CA_DIR) by the
#                               AMSOP_CA_DIR cache variable. A list that is
#                               empty, or names a file under the source dir
#                               that does not exist, stops the configure step.
set(AMSOP_SOURCES_MK ${CMAKE_CURRENT_LIST_DIR}/../amsop_sources.mk)
get_filename_component(AMSOP_SOURCES_MK ${AMSOP_SOURCES_MK} ABSOLUTE)
get_filename_component(_amsop_sources_root ${AMSOP_SOURCES_MK} DIRECTORY)
set(AMSOP_SOURCES_ROOT ${_amsop_sources_root})
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${AMSOP_SOURCES_MK})

function(amsop_sources var out)
  file(STRINGS ${AMSOP_SOURCES_MK} _lines REGEX "^${var}[ \t]*\\+=")
  set(_values "")
  foreach(_line IN LISTS _lines)
    string(REGEX REPLACE "^${var}[ \t]*\\+=[ \t]*" "" _v "${_line}")
    string(STRIP "${_v}" _v)
    string(REPLACE "$(AMSOP_DIR)" "${AMSOP_SOURCES_ROOT}" _v "${_v}")
    string(REPLACE "$(AMSOP_CA_DIR)" "${AMSOP_CA_DIR}" _v "${_v}")
    if(_v MATCHES "\\$\\(")
      message(FATAL_ERROR "amsop_sources.mk: ${var}: only $(AMSOP_DIR) and $(AMSOP_CA_DIR) "
                          "may be used in a path: ${_line}")
    endif()
    string(FIND "${_v}" "${AMSOP_SOURCES_ROOT}/" _under)
    if(_under EQUAL 0 AND NOT EXISTS "${_v}")
      message(FATAL_ERROR "amsop_sources.mk: ${var} names ${_v}, which does not exist")
    endif()
    list(APPEND _values "${_v}")
  endforeach()
  if(NOT _values)
    message(FATAL_ERROR "amsop_sources.mk: no `${var} += ...` line")
  endif()
  set(${out} ${_values} PARENT_SCOPE)
endfunction()

# $<BUILD_INTERFACE:...> around each directory of a list (a list inside one
# generator expression would be split at its ";").
function(amsop_build_interface out)
  set(_r "")
  foreach(_d IN LISTS ARGN)
    list(APPEND _r "$<BUILD_INTERFACE:${_d}>")
  endforeach()
  set(${out} ${_r} PARENT_SCOPE)
endfunction()
