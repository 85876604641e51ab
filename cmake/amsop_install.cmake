# SPDX-License-Identifier: MIT
#
# `cmake --install <build> [--prefix <dir>]`:
#   include/amsop/          the public headers (they include each other as
#                           "amsop_x.h") and the generated amsop_config.h
#   lib/libamsop_*.a        amsop_core, amsop_port_posix, amsop_tls
#   lib/libamsop_*.so.*     the shared ones (AMSOP_BUILD_SHARED)
#   lib/pkgconfig/amsop.pc  pkg-config (relocatable: ${pcfiledir})
#   lib/cmake/amsop/        amsopConfig.cmake, amsopConfigVersion.cmake,
#                           amsopTargets*.cmake: find_package(amsop 0.2)
#   bin/amsop               the CLI (boards/posix), with
#   share/man/man1/amsop.1  its manual page and
#   share/bash-completion/completions/amsop  its bash completion
include(CMakePackageConfigHelpers)

set(AMSOP_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/amsop)

# --- headers ----------------------------------------------------------------
file(GLOB _amsop_core_headers ${PROJECT_SOURCE_DIR}/core/include/amsop/*.h)
list(SORT _amsop_core_headers)
install(FILES
  ${_amsop_core_headers}
  ${PROJECT_SOURCE_DIR}/port/include/amsop_port.h
  ${PROJECT_SOURCE_DIR}/port/posix/amsop_port_types.h
  ${PROJECT_SOURCE_DIR}/port/tls/include/amsop_tls.h
  ${AMSOP_GENERATED_DIR}/amsop_config.h
  DESTINATION ${AMSOP_INSTALL_INCLUDEDIR})

# --- libraries and their CMake targets -------------------------------------
get_property(_amsop_export_targets GLOBAL PROPERTY AMSOP_EXPORT_TARGETS)
install(TARGETS ${_amsop_export_targets} EXPORT amsopTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(EXPORT amsopTargets NAMESPACE amsop:: FILE amsopTargets.cmake
        DESTINATION ${AMSOP_INSTALL_CMAKEDIR})

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/amsopConfig.cmake.in
  ${PROJECT_BINARY_DIR}/amsopConfig.cmake
  INSTALL_DESTINATION ${AMSOP_INSTALL_CMAKEDIR}
  NO_SET_AND_CHECK_MACRO)
# 0.2.x satisfies find_package(amsop 0.2); 0.3 does not (0.x: minor = ABI).
write_basic_package_version_file(${PROJECT_BINARY_DIR}/amsopConfigVersion.cmake
  VERSION ${amsop_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/amsopConfig.cmake
              ${PROJECT_BINARY_DIR}/amsopConfigVersion.cmake
        DESTINATION ${AMSOP_INSTALL_CMAKEDIR})

# --- pkg-config ------------------------------------------------------------
# prefix relative to the .pc file, so `cmake --install --prefix` anywhere
# (or a copied staging tree) stays right.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}" OR IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  message(FATAL_ERROR "amsop.pc: CMAKE_INSTALL_LIBDIR and CMAKE_INSTALL_INCLUDEDIR must be "
                      "relative to the prefix")
endif()
file(RELATIVE_PATH AMSOP_PC_TO_PREFIX /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
string(REGEX REPLACE "/$" "" AMSOP_PC_TO_PREFIX "${AMSOP_PC_TO_PREFIX}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/amsop.pc.in ${PROJECT_BINARY_DIR}/amsop.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/amsop.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
