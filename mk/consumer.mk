# SPDX-License-Identifier: MIT
# mk/consumer.mk: amsop taken as a product takes it. `make consumer-check`
# (part of `make check`) builds tests/consumer/ in temporary directories as
# a CMake subproject (add_subdirectory, FetchContent of a tarball of the
# working tree), from a staging install of $(BUILD) (find_package,
# pkg-config shared and --static) and from amsop_sources.mk with a plain
# Makefile, and runs each build against the simulator
# (tests/consumer/run_consumer.py; ends with `consumer: N passed, N failed`).
DEB_PACKAGES += pkg-config binutils

.PHONY: consumer-check

consumer-check: build
	/usr/bin/python3 tests/consumer/run_consumer.py --build $(BUILD) --jobs $(JOBS)

CHECK_EXTRA += consumer-check
