# SPDX-License-Identifier: MIT
#
# amsop_add_library(<name> <export-name> [EXPORT]
#                   SOURCES ... PUBLIC_INCLUDES ... PRIVATE_INCLUDES ...
#                   LINK ... [DEFINES ...])
#
# <name>          the static library, compiled as the tests and the CLI have
#                 always linked it; ALIAS amsop::<export-name>.
# <name>_shared   with AMSOP_BUILD_SHARED: the same sources as a shared
#                 library (PIC), lib<name>.so.<version> with SONAME
#                 lib<name>.so.<major>; ALIAS amsop::<export-name>_shared.
#                 Its LINK items amsop_x become amsop_x_shared.
# EXPORT          installed and exported (amsopTargets.cmake) under those
#                 amsop:: names; the list is the AMSOP_EXPORT_TARGETS global
#                 property, read by cmake/amsop_install.cmake.
#
# PUBLIC_INCLUDES are usage requirements as given: wrap build-tree paths in
# $<BUILD_INTERFACE:...> (amsop_build_interface) for an exported library.
function(amsop_add_library name export_name)
  cmake_parse_arguments(A "EXPORT" "" "SOURCES;PUBLIC_INCLUDES;PRIVATE_INCLUDES;LINK;DEFINES"
                        ${ARGN})
  add_library(${name} STATIC ${A_SOURCES})
  add_library(amsop::${export_name} ALIAS ${name})
  set_target_properties(${name} PROPERTIES EXPORT_NAME ${export_name})
  target_link_libraries(${name} PUBLIC ${A_LINK})
  set(_targets ${name})

  if(AMSOP_BUILD_SHARED)
    set(_shared_link "")
    foreach(_l IN LISTS A_LINK)
      if(_l MATCHES "^amsop_" AND TARGET ${_l}_shared)
        list(APPEND _shared_link ${_l}_shared)
      else()
        list(APPEND _shared_link ${_l})
      endif()
    endforeach()
    add_library(${name}_shared SHARED ${A_SOURCES})
    add_library(amsop::${export_name}_shared ALIAS ${name}_shared)
    set_target_properties(${name}_shared PROPERTIES
      OUTPUT_NAME ${name}
      EXPORT_NAME ${export_name}_shared
      VERSION ${amsop_VERSION}
      SOVERSION ${amsop_VERSION_MAJOR}
      POSITION_INDEPENDENT_CODE ON)
    target_link_libraries(${name}_shared PUBLIC ${_shared_link})
    list(APPEND _targets ${name}_shared)
  endif()

  foreach(_t IN LISTS _targets)
    target_include_directories(${_t} PUBLIC ${A_PUBLIC_INCLUDES} PRIVATE ${A_PRIVATE_INCLUDES})
    target_compile_options(${_t} PRIVATE ${AMSOP_WARNINGS})
    if(A_DEFINES)
      target_compile_definitions(${_t} PUBLIC ${A_DEFINES})
    endif()
  endforeach()
  if(A_EXPORT)
    set_property(GLOBAL APPEND PROPERTY AMSOP_EXPORT_TARGETS ${_targets})
  endif()
endfunction()
