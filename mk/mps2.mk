# SPDX-License-Identifier: MIT
# mk/mps2.mk: the mps2-an386 firmware (boards/mps2-an386).
#   make mps2-build   build the Cortex-M4 image (mbedTLS and lwIP from apt-get
#                     source, cached) and print its flash/RAM per component
#   make mps2-check   (part of `make check`) boot it in qemu-system-arm -M
#                     mps2-an386 on a TAP link in a network namespace of its
#                     own against the HTTPS simulator (keep-alive, close after
#                     each reply, Failed, wrong CA, corrupt and missing
#                     record, client credentials); prints the figures
#   make mps2-run     boot it once, by hand, against a simulator (keep-alive
#                     case, console on stdout)
MPS2_OUT ?= $(BUILD)/mps2
DEB_PACKAGES += qemu-system-arm dpkg-dev iproute2 openssl

.PHONY: mps2-build mps2-check mps2-run

mps2-build: deps
	/usr/bin/python3 boards/mps2-an386/build.py $(MPS2_OUT) --sizes

mps2-check: mps2-build
	MPS2_OUT=$(abspath $(MPS2_OUT)) timeout 900 /usr/bin/python3 tests/mps2/test_mps2_qemu.py -v

mps2-run: mps2-build
	MPS2_OUT=$(abspath $(MPS2_OUT)) timeout 300 /usr/bin/python3 tests/mps2/test_mps2_qemu.py -v \
	    Mps2Qemu.test_1_keep_alive_inprogress_to_succeeded

CHECK_EXTRA += mps2-check
