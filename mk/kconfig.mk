# SPDX-License-Identifier: MIT
# Kconfig workflow (values: Kconfig and kconfig/*.kconfig; presets: configs/).
#   make menuconfig [CONFIG=path]  edit a configuration in kconfiglib's
#                menuconfig: CONFIG if given, else $(BUILD)/.config
#                (S saves it, D saves a minimal one, Q quits)
#   make CONFIG=path               build with that fragment (make build and
#                make build-clang pass it as -DAMSOP_KCONFIG_CONFIG; a
#                relative path is taken from the source directory)
#   make savedefconfig CONFIG=path [DEFCONFIG=out]  the minimal fragment
#                (only values that differ from the defaults) of a .config
#   make config-header             regenerate amsop_config.h (the defaults,
#                for firmware builds without CMake; commit it)
#   make config-header-check       fails if amsop_config.h is stale
#   make configs-check             configure and build every configs/*.config
KCONFIG_PYTHON ?= /usr/bin/python3

# `make CONFIG=path` means `make all` with that fragment: a target of a
# fragment included before `all:` must not become the default goal.
.DEFAULT_GOAL := all

KCONFIG_FILE    = $(if $(CONFIG),$(CONFIG),$(BUILD)/.config)
DEFCONFIG      ?= $(BUILD)/defconfig
AMSOP_CONFIGS  := $(sort $(wildcard configs/*.config))

.PHONY: menuconfig savedefconfig config-header config-header-check configs-check

menuconfig:
	@mkdir -p $(dir $(KCONFIG_FILE))
	KCONFIG_CONFIG=$(KCONFIG_FILE) $(KCONFIG_PYTHON) -m menuconfig Kconfig
	@if [ -f $(KCONFIG_FILE) ]; then \
	    tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	    env -u KCONFIG_CONFIG $(KCONFIG_PYTHON) tools/kconfig_header.py --config $(KCONFIG_FILE) \
	        Kconfig $$tmp/amsop_config.h && \
	    echo "Build with it: make CONFIG=$(KCONFIG_FILE)  (cmake: -DAMSOP_KCONFIG_CONFIG=$(abspath $(KCONFIG_FILE)))"; \
	else echo "$(KCONFIG_FILE) was not saved"; fi

savedefconfig:
	@test -n "$(CONFIG)" -a -f "$(CONFIG)" || { echo "usage: make savedefconfig CONFIG=path/.config [DEFCONFIG=out]" >&2; exit 2; }
	@mkdir -p $(dir $(DEFCONFIG))
	env -u KCONFIG_CONFIG $(KCONFIG_PYTHON) tools/kconfig_header.py --config $(CONFIG) Kconfig $(DEFCONFIG).h
	@rm -f $(DEFCONFIG).h
	KCONFIG_CONFIG=$(CONFIG) $(KCONFIG_PYTHON) -m savedefconfig --kconfig Kconfig --out $(DEFCONFIG)

config-header:
	env -u KCONFIG_CONFIG $(KCONFIG_PYTHON) tools/kconfig_header.py Kconfig amsop_config.h

config-header-check:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	env -u KCONFIG_CONFIG $(KCONFIG_PYTHON) tools/kconfig_header.py Kconfig $$tmp/amsop_config.h && \
	if diff -u amsop_config.h $$tmp/amsop_config.h; then \
	    echo "config-header-check: amsop_config.h matches Kconfig and the project version"; \
	else \
	    echo "config-header-check: amsop_config.h differs from Kconfig's defaults (diff above):" \
	         "run 'make config-header' and commit amsop_config.h" >&2; exit 1; \
	fi

# Each preset in a build dir of its own: only the libraries and the CLI, gcc,
# warnings as errors (AMSOP_WERROR is on by default), no tests.
configs-check:
	@test -n "$(AMSOP_CONFIGS)" || { echo "configs-check: no configs/*.config" >&2; exit 1; }
	@set -e; for c in $(AMSOP_CONFIGS); do \
	    d=$(BUILD)/configs/$$(basename $$c .config); \
	    echo "configs-check: $$c in $$d"; \
	    cmake -S . -B $$d --log-level=WARNING -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=gcc \
	          -DAMSOP_BUILD_TESTS=OFF -DAMSOP_KCONFIG_CONFIG=$$c; \
	    cmake --build $$d -j $(JOBS) --target amsop_core amsop_tls amsop_port_posix amsop; \
	done; echo "configs-check: $(words $(AMSOP_CONFIGS)) configuration(s) built"

CHECK_EXTRA += config-header-check configs-check

# Every Kconfig int at the low end of its range and again at the high end
# (tools/kconfig_matrix): no value Kconfig allows may break the -Werror build.
.PHONY: kconfig-matrix

kconfig-matrix: deps
	tools/kconfig_matrix/build.sh $(BUILD)/kconfig-matrix $(JOBS)

CHECK_EXTRA += kconfig-matrix
