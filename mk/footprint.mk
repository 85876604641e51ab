# SPDX-License-Identifier: MIT
# Footprint and speed measurements. Long runs, not part of `make check`.
#   make size    flash/RAM/stack per module for Cortex-M0+/M4/M33 and rv32imc,
#                default Kconfig and configs/small-ram.config, plus the whole
#                client with mbedTLS and lwIP (Debian source packages)
#   make bench   instructions per reply (callgrind) vs cJSON, polls per
#                second over TLS vs curl and libcurl+cJSON, cold start
SIZE_OUT  ?= $(BUILD)/size
BENCH_OUT ?= $(BUILD)/bench
DEB_PACKAGES += valgrind curl libcurl4-openssl-dev libcjson-dev libhttp-parser-dev dpkg-dev

.PHONY: size bench size-smoke

size: build
	/usr/bin/python3 tools/size/size.py $(SIZE_OUT)/default --build $(BUILD)
	/usr/bin/python3 tools/size/size.py $(SIZE_OUT)/small-ram --config configs/small-ram.config \
	    --build $(BUILD)

# A few seconds: Cortex-M4 core only, so `make check` notices a size script
# that no longer builds.
size-smoke:
	/usr/bin/python3 tools/size/size.py $(BUILD)/size-smoke --quick

bench: build
	tests/bench/bench.sh $(BUILD) $(BENCH_OUT)

CHECK_EXTRA += size-smoke
