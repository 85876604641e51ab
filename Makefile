# SPDX-License-Identifier: MIT
# amsop front door. The two commands a new user needs:
#   make demo    build, start the Azure simulator on loopback, start a live
#                event, and follow its operation to Succeeded over TLS
#   make check   build with -Werror (gcc and clang, host and cross) and run
#                every test
# Missing Debian packages are installed when run as root, otherwise the
# exact apt-get command is printed.

BUILD       ?= build
BUILD_CLANG ?= build-clang
JOBS        ?= $(shell nproc 2>/dev/null || echo 2)

BUILD_DEMO  ?= build-demo

# What `make demo` needs: a C compiler, CMake, mbedTLS, jsmn, kconfiglib, and
# openssl + ca-certificates for the simulator's certificates and the bundled
# roots. `make check` needs these and DEB_PACKAGES (tests, clang, lint, the
# cross compilers); mk/*.mk fragments add theirs to DEB_PACKAGES.
DEMO_PACKAGES := cmake make gcc libc6-dev python3 python3-kconfiglib \
                 libmbedtls-dev libjsmn-dev ca-certificates openssl
DEB_PACKAGES  := $(DEMO_PACKAGES) clang pkg-config libcmocka-dev \
                 cppcheck clang-format gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi \
                 gcc-riscv64-unknown-elf

.PHONY: all deps demo-deps build build-clang check demo cross lint clean help print-packages

# Feature areas add targets in mk/<area>.mk; a fragment adds the targets
# `make check` must also run to CHECK_EXTRA and its packages to DEB_PACKAGES.
CHECK_EXTRA :=
-include $(sort $(wildcard mk/*.mk))

all: build

help:
	@sed -n '1,8p' Makefile

deps:
	@tools/ensure_deps.sh $(sort $(DEB_PACKAGES))

demo-deps:
	@tools/ensure_deps.sh $(DEMO_PACKAGES)

# The package lists, as the README documents them (checked by tests/repo).
print-packages:
	@echo "demo: $(DEMO_PACKAGES)"
	@echo "check: $(sort $(filter-out $(DEMO_PACKAGES),$(DEB_PACKAGES)))"

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=gcc \
	      -DAMSOP_KCONFIG_CONFIG=$(CONFIG)
	cmake --build $(BUILD) -j $(JOBS)

build-clang: deps
	cmake -S . -B $(BUILD_CLANG) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang \
	      -DAMSOP_KCONFIG_CONFIG=$(CONFIG)
	cmake --build $(BUILD_CLANG) -j $(JOBS)

# core/ must build warning-free for every firmware target too.
cross: deps
	tools/cross_build.sh $(BUILD)/cross

lint: deps
	tools/lint.sh

check: build build-clang cross lint
	ctest --test-dir $(BUILD) --output-on-failure -j 1
	@for t in $(CHECK_EXTRA); do $(MAKE) --no-print-directory $$t || exit 1; done

# Only the CLI, in a build of its own without the tests: nothing beyond
# DEMO_PACKAGES is needed.
demo: demo-deps
	cmake -S . -B $(BUILD_DEMO) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=gcc \
	      -DAMSOP_BUILD_TESTS=OFF
	cmake --build $(BUILD_DEMO) -j $(JOBS) --target amsop
	tools/demo.sh $(BUILD_DEMO)

clean:
	rm -rf $(BUILD) $(BUILD_CLANG) $(BUILD_DEMO)
