# Turns Kconfig into amsop_config.h with Debian's python3-kconfiglib.
# Kconfig is the only place a size or timeout is defined.
find_program(AMSOP_SYSTEM_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT AMSOP_SYSTEM_PYTHON)
  find_program(AMSOP_SYSTEM_PYTHON NAMES python3 REQUIRED)
endif()

set(AMSOP_GENERATED_DIR ${CMAKE_BINARY_DIR}/generated)
set(AMSOP_CONFIG_HEADER ${AMSOP_GENERATED_DIR}/amsop_config.h)
file(MAKE_DIRECTORY ${AMSOP_GENERATED_DIR})

set(_amsop_kconfig_env "KCONFIG_CONFIG=${AMSOP_GENERATED_DIR}/.config-none")
if(AMSOP_KCONFIG_CONFIG)
  set(_amsop_kconfig_env "KCONFIG_CONFIG=${AMSOP_KCONFIG_CONFIG}")
endif()

execute_process(
  COMMAND ${CMAKE_COMMAND} -E env ${_amsop_kconfig_env}
          ${AMSOP_SYSTEM_PYTHON} ${CMAKE_SOURCE_DIR}/tools/kconfig_header.py
          ${CMAKE_SOURCE_DIR}/Kconfig ${AMSOP_CONFIG_HEADER}
  RESULT_VARIABLE _amsop_kconfig_rc)
if(NOT _amsop_kconfig_rc EQUAL 0)
  message(FATAL_ERROR "Kconfig -> amsop_config.h failed (is python3-kconfiglib installed?)")
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${CMAKE_SOURCE_DIR}/Kconfig ${CMAKE_SOURCE_DIR}/tools/kconfig_header.py)
if(AMSOP_KCONFIG_CONFIG)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${AMSOP_KCONFIG_CONFIG})
endif()
