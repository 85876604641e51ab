# SPDX-License-Identifier: MIT
# mk/kconfig.mk: `make kconfig-matrix` (part of `make check`) builds the
# product with every Kconfig int at the low end of its range and again at
# the high end (tools/kconfig_matrix), so no value Kconfig allows breaks the
# -Werror build.
.PHONY: kconfig-matrix

kconfig-matrix: deps
	tools/kconfig_matrix/build.sh $(BUILD)/kconfig-matrix $(JOBS)

CHECK_EXTRA += kconfig-matrix
