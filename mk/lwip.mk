# SPDX-License-Identifier: MIT
# mk/lwip.mk: the lwIP ports. `make lwip-check` (part of `make check`) fetches
# lwIP's source with apt-get source, builds both boards/lwip-tap flavours
# with gcc (and with clang, build only), runs the lwIP end-to-end tests in a
# network namespace of their own, and prints the raw flavour's RAM.
DEB_PACKAGES += liblwip-dev dpkg-dev iproute2 binutils

LWIP_TARGETS := amsop-lwip-sockets amsop-lwip-raw amsop_lwip_raw_stack

.PHONY: lwip-build lwip-check lwip-ram

lwip-build: deps
	@src="$$(tools/fetch_deb_source.sh lwip)" && \
	cmake -S . -B $(BUILD)/lwip -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=gcc \
	      -DAMSOP_LWIP=ON -DAMSOP_LWIP_SRC_DIR="$$src" >/dev/null && \
	cmake --build $(BUILD)/lwip -j $(JOBS) --target $(LWIP_TARGETS) && \
	cmake -S . -B $(BUILD_CLANG)/lwip -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang \
	      -DAMSOP_LWIP=ON -DAMSOP_LWIP_SRC_DIR="$$src" >/dev/null && \
	cmake --build $(BUILD_CLANG)/lwip -j $(JOBS) --target $(LWIP_TARGETS)

lwip-check: lwip-build
	@log=$(BUILD)/lwip/lwip-check.log; \
	ctest --test-dir $(BUILD)/lwip -R '^lwip_' --output-on-failure -V >$$log 2>&1; rc=$$?; \
	grep -E '\[lwip-(raw|sockets)\]|Test +#|tests passed' $$log; \
	[ $$rc -eq 0 ] || tail -60 $$log; exit $$rc
	@$(MAKE) --no-print-directory lwip-ram

lwip-ram: lwip-build
	python3 tests/lwip/lwip_raw_ram.py $(BUILD)/lwip/boards/lwip-tap/amsop-lwip-raw \
	    $(BUILD)/lwip/port/libamsop_lwip_raw_stack.a $(BUILD)/lwip/generated/amsop_config.h

CHECK_EXTRA += lwip-check
