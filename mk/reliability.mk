# SPDX-License-Identifier: MIT
# Reliability and security: fuzzing, sanitizers, valgrind, the
# zero-heap TLS path, soak.
#
#   make fuzz-short   each libFuzzer target for a fixed number of runs (check)
#   make fuzz         each target long (FUZZ_SECONDS per target, default 600)
#   make fuzz-10m     each target for 10,000,000 executions (not in check)
#   make sanitize     everything built with clang ASan+UBSan, all ctest tests
#   make valgrind     the end-to-end suite once under valgrind memcheck
#   make heap-pool    mbedTLS 2.28 over a static pool: a whole `wait` makes
#                     zero system heap calls outside argument handling
#   make soak         10,000 polls, simulator restarted every 500 (not in check)
#   make soak-system  the same over Debian's shared mbedTLS

DEB_PACKAGES += clang-14 libclang-rt-14-dev valgrind dpkg-dev

RELI_CLANG     ?= clang-14
BUILD_FUZZ     ?= $(BUILD_CLANG)-fuzz
BUILD_ASAN     ?= $(BUILD_CLANG)-asan
BUILD_POOL     ?= $(BUILD)-pool
FUZZ_RUNS      ?= 100000
FUZZ_SECONDS   ?= 600
FUZZ_TARGETS   := http json url ids
RELI_SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

CHECK_EXTRA += fuzz-short sanitize valgrind heap-pool

.PHONY: fuzz-build fuzz-short fuzz fuzz-10m sanitize valgrind heap-pool soak soak-system

fuzz-build: deps
	cmake -S . -B $(BUILD_FUZZ) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=$(RELI_CLANG) \
	  -DAMSOP_FUZZ=ON "-DCMAKE_C_FLAGS=$(RELI_SAN_FLAGS) -fsanitize=fuzzer-no-link" >/dev/null
	cmake --build $(BUILD_FUZZ) -j $(JOBS) --target $(addprefix fuzz_,$(FUZZ_TARGETS))

# Short: a fixed run count from the committed seeds, new inputs kept in the
# build dir only; the committed regressions are replayed first.
fuzz-short: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(BUILD_FUZZ)/corpus/$$t && \
	  echo "== fuzz_$$t: $(FUZZ_RUNS) runs ==" && \
	  regs=""; [ -d tests/fuzz/regressions/$$t ] && regs=tests/fuzz/regressions/$$t; \
	  $(BUILD_FUZZ)/tests/fuzz/fuzz_$$t -runs=$(FUZZ_RUNS) -seed=1 -max_len=8192 \
	    -artifact_prefix=$(BUILD_FUZZ)/fuzz_$$t- $(BUILD_FUZZ)/corpus/$$t \
	    tests/fuzz/corpus/$$t $$regs >$(BUILD_FUZZ)/fuzz_$$t.log 2>&1 \
	    || { tail -n 40 $(BUILD_FUZZ)/fuzz_$$t.log; exit 1; }; \
	  tail -n 1 $(BUILD_FUZZ)/fuzz_$$t.log; \
	done

# Long: FUZZ_SECONDS per target, in parallel on JOBS cores; the log of each
# holds the execution count (tools: tests/fuzz/fuzz_report.sh).
fuzz: fuzz-build
	tests/fuzz/fuzz_long.sh $(BUILD_FUZZ) $(FUZZ_SECONDS) $(JOBS) $(FUZZ_TARGETS)

fuzz-10m: fuzz-build
	FUZZ_EXECS=10000000 tests/fuzz/fuzz_long.sh $(BUILD_FUZZ) 0 $(JOBS) $(FUZZ_TARGETS)

sanitize: deps
	cmake -S . -B $(BUILD_ASAN) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=$(RELI_CLANG) \
	  "-DCMAKE_C_FLAGS=$(RELI_SAN_FLAGS)" "-DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=address,undefined" >/dev/null
	cmake --build $(BUILD_ASAN) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(BUILD_ASAN) --output-on-failure -j $(JOBS) -E 'heap_e2e'

# The end-to-end suite (e2e_cli_e2e) and the fault matrix once with every
# CLI run under memcheck (a few fault cases too); tests/soak/valgrind_summary.py
# demands "ERROR SUMMARY: 0 errors" and no byte in use at exit in every log.
VALGRIND_DIR = $(BUILD)/valgrind
VALGRIND_FAULT_CASES ?= close_mid_chunk,too_many_headers,invalid_json,429_then_ok_wait,keepalive_closed_between_polls,limit_error.message_256
valgrind: build
	rm -rf $(VALGRIND_DIR) && mkdir -p $(VALGRIND_DIR)
	AMSOP_WRAPPER="valgrind --tool=memcheck --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all --track-fds=no --log-file=$(abspath $(VALGRIND_DIR))/vg.%p.log" \
	AMSOP_FAULT_TIME_SCALE=4 AMSOP_FAULT_ONLY=$(VALGRIND_FAULT_CASES) \
	  ctest --test-dir $(BUILD) --output-on-failure -j 1 -R '^(e2e_cli_e2e|fault_matrix)$$'
	python3 tests/soak/valgrind_summary.py $(VALGRIND_DIR)

# Not in check: about 18 minutes (10,000 polls at the 100 ms poll floor).
# SOAK_POLLS / SOAK_EVERY / SOAK_MAX_S. `soak` runs the product's zero-heap
# configuration (the CLI over mbedTLS with its static pool, built by
# heap-pool); `soak-system` the default build over Debian's shared mbedTLS,
# whose allocations come from glibc's heap (its RSS may creep by a few pages).
SOAK_POLLS ?= 10000
SOAK_EVERY ?= 500
SOAK_MAX_S ?= 1800
soak: heap-pool
	python3 tests/soak/soak.py $(BUILD_POOL)/cli/boards/posix/amsop $(SOAK_POLLS) $(SOAK_EVERY) \
	  $(SOAK_MAX_S)

soak-system: build
	python3 tests/soak/soak.py $(BUILD)/boards/posix/amsop $(SOAK_POLLS) $(SOAK_EVERY) $(SOAK_MAX_S)

# mbedTLS 2.28 (Debian source) over a static pool, the CLI linked against it
# in its own build dir; a whole `wait` must make no heap call from it.
POOL_MBEDTLS = $(abspath $(BUILD_POOL))/mbedtls
heap-pool: deps
	tools/mbedtls_build/build.sh $(POOL_MBEDTLS) >/dev/null
	cmake -S . -B $(BUILD_POOL)/cli -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=gcc \
	  -DAMSOP_MBEDTLS_INCLUDE_DIR=$(POOL_MBEDTLS)/include \
	  -DAMSOP_MBEDTLS_LIB=$(POOL_MBEDTLS)/library/libmbedtls.a \
	  -DAMSOP_MBEDX509_LIB=$(POOL_MBEDTLS)/library/libmbedx509.a \
	  -DAMSOP_MBEDCRYPTO_LIB=$(POOL_MBEDTLS)/library/libmbedcrypto.a \
	  "-DCMAKE_C_FLAGS=-DMBEDTLS_USER_CONFIG_FILE='\"amsop_mbedtls_user_config.h\"'" >/dev/null
	cmake --build $(BUILD_POOL)/cli -j $(JOBS) --target amsop amsop_malloc_count
	python3 tests/mbedtls_pool/heap_pool.py $(BUILD_POOL)/cli/boards/posix/amsop \
	  $(BUILD_POOL)/cli/tests/libamsop_malloc_count.so
