# SPDX-License-Identifier: MIT
# Fails if a port library calls the C heap itself. getaddrinfo/freeaddrinfo
# (libc allocating on our behalf) and mbedTLS's own internals are expected;
# this looks only at what the port's object files reference directly.
#   cmake -DNM=nm -DLIBS="a.a|b.a" -P check_no_heap.cmake
string(REPLACE "|" ";" LIBS "${LIBS}")
foreach(_lib IN LISTS LIBS)
  execute_process(COMMAND ${NM} -u ${_lib} OUTPUT_VARIABLE _out RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "nm failed on ${_lib}")
  endif()
  if(_out MATCHES "[ \t\n](malloc|calloc|realloc|free|strdup|strndup|aligned_alloc|posix_memalign|mbedtls_calloc|mbedtls_free)\n")
    message(FATAL_ERROR "${_lib} references the heap: ${CMAKE_MATCH_1}")
  endif()
  message(STATUS "${_lib}: no heap calls")
endforeach()
