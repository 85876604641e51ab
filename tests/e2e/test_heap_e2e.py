# SPDX-License-Identifier: MIT
"""Zero heap: an end-to-end `amsop wait` (TLS handshake, several polls, one
reconnect) under an LD_PRELOAD heap-call counter. Calls made from the amsop
executable (core/, port/ and the CLI are linked into it statically) must be
zero; mbedTLS's (Debian's shared library) and libc's own are reported."""
import os
import subprocess
import unittest

from e2e_util import ACCOUNT, OP, RG, SUB, SimTestCase, ids_target, run_cli

HEAP_SYMBOLS = {"malloc", "calloc", "realloc", "free", "posix_memalign", "aligned_alloc",
                "reallocarray", "strdup", "strndup"}


class HeapTests(SimTestCase):
    def test_wait_makes_no_heap_call_from_amsop_code(self):
        counter = os.environ.get("AMSOP_MALLOC_COUNT")
        self.assertTrue(counter and os.path.exists(counter), "AMSOP_MALLOC_COUNT not built")
        sim = self.start_sim("--operation", f"{OP}=Succeeded:4", "--retry-after", "0",
                             "--close-after", "2")
        report = os.path.join(sim.dir, "heap.txt")
        proc, _ = run_cli(sim, "wait", ids_target(), "--verbose", preload=counter,
                          env={"AMSOP_MALLOC_REPORT": report})
        self.assertEqual(proc.returncode, 0, proc.stderr)
        with open(report, encoding="utf-8") as f:
            counts = dict(line.rsplit(" ", 1) for line in f.read().splitlines())
        counts = {k: int(v) for k, v in counts.items()}
        print("\nheap calls by object during amsop wait:")
        for obj, n in sorted(counts.items()):
            print(f"  {obj}: {n}")
        self.assertEqual(counts.get("EXECUTABLE", 0), 0, counts)
        self.assertEqual(counts.get("NET EXECUTABLE", 0), 0, counts)
        # After the first connect ("NET " lines) only Debian's shared mbedTLS
        # allocates: libc's calls (files, name lookup) all come at start-up.
        self.assertEqual([k for k in counts if k.startswith("NET ") and "mbed" not in k], [],
                         counts)
        # The counter really counts: mbedTLS 2.28 from Debian allocates.
        self.assertGreater(sum(n for k, n in counts.items() if "mbed" in k), 0, counts)
        self.assertGreaterEqual(len(sim.requests()), 5)

    def heap_counts(self, sim, command, target, *extra):
        counter = os.environ.get("AMSOP_MALLOC_COUNT")
        self.assertTrue(counter and os.path.exists(counter), "AMSOP_MALLOC_COUNT not built")
        report = os.path.join(sim.dir, "heap-%s.txt" % command)
        proc, _ = run_cli(sim, command, target, *extra, preload=counter,
                          env={"AMSOP_MALLOC_REPORT": report})
        self.assertEqual(proc.returncode, 0, proc.stderr)
        with open(report, encoding="utf-8") as f:
            counts = dict(line.rsplit(" ", 1) for line in f.read().splitlines())
        return proc, {k: int(v) for k, v in counts.items()}

    def test_show_and_start_wait_make_no_heap_call_from_amsop_code(self):
        """The live event read (its own schema through the JSON pass) and
        start --wait with its final state read: zero heap calls from amsop."""
        sim = self.start_sim("--polls", "2", "--retry-after", "0",
                             "--live-event-extra-endpoints", "50")
        event = ["--subscription", SUB, "-g", RG, "-a", ACCOUNT, "-n", "myLiveEvent1"]
        for command, extra in (("show", ["-o", "json"]), ("start", ["--wait"])):
            proc, counts = self.heap_counts(sim, command, event, *extra)
            self.assertEqual(counts.get("EXECUTABLE", 0), 0, (command, counts))
            self.assertEqual(counts.get("NET EXECUTABLE", 0), 0, (command, counts))
            # the counter counts (Debian's mbedTLS allocates)
            self.assertGreater(sum(n for k, n in counts.items() if "mbed" in k), 0, counts)
        self.assertEqual(proc.stdout.splitlines()[-1], "live event myLiveEvent1: Running")

    def test_no_heap_symbols_in_core_and_port(self):
        for var in ("AMSOP_CORE_LIBS", "AMSOP_PORT_LIBS", "AMSOP_TLS_LIBS"):
            lib = os.environ.get(var)
            self.assertTrue(lib and os.path.exists(lib), var)
            out = subprocess.run(["nm", "-u", lib], capture_output=True, text=True, check=True)
            undefined = {line.split()[-1] for line in out.stdout.splitlines() if line.strip()}
            self.assertFalse(undefined & HEAP_SYMBOLS, f"{lib}: {undefined & HEAP_SYMBOLS}")


if __name__ == "__main__":
    unittest.main()
