# SPDX-License-Identifier: MIT
"""The README's C example (built from README.md) against the simulator."""
import os
import subprocess
import unittest

from e2e_util import ACCOUNT, OP, RG, SUB, TOKEN, SimTestCase

README_BIN = os.environ.get("AMSOP_README_BIN", "")


class ReadmeExampleTests(SimTestCase):
    def run_example(self, sim):
        url = (f"{sim.endpoint}/subscriptions/{SUB}/resourcegroups/{RG}/providers/Microsoft.Media/"
               f"mediaservices/{ACCOUNT}/liveeventoperations/{OP}?api-version=2022-11-01")
        return subprocess.run([README_BIN, sim.endpoint, TOKEN, url], capture_output=True,
                              text=True, timeout=60)

    def test_example_verifies_the_server(self):
        # The example trusts only the bundled Azure roots, so the simulator's
        # own CA must be refused before any request is sent.
        self.assertTrue(os.path.exists(README_BIN), README_BIN)
        sim = self.start_sim("--operation", f"{OP}=Succeeded:2", "--retry-after", "0")
        proc = self.run_example(sim)
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
        self.assertIn("follow: AMSOP_ERR_TLS_VERIFY", proc.stdout)
        self.assertEqual(sim.requests(), [])


if __name__ == "__main__":
    unittest.main()
