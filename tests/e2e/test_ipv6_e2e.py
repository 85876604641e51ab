# SPDX-License-Identifier: MIT
"""IPv6 end to end: the real CLI reaches the simulator over ::1 only.

The test makes its own network namespace whose /etc/hosts (ip netns exec
mounts /etc/netns/NAME/hosts over it) maps "localhost" to ::1 alone, starts
the simulator bound to ::1 in it, and runs `amsop wait` there: the name
resolves to an IPv6 address, certificate and host name are verified as
always, and the reply arrives over IPv6. Skipped (never passed) where
network namespaces cannot be made."""
import os
import shutil
import subprocess
import unittest

from e2e_util import AMSOP_BIN, AMSOP_SIM, OP, TOKEN, ids_target, SimProcess


def make_namespace(name):
    """Creates the namespace with its hosts file; returns why not, or None."""
    if os.geteuid() != 0 or shutil.which("ip") is None:
        return "needs root and iproute2"
    if subprocess.run(["ip", "netns", "add", name], capture_output=True).returncode != 0:
        return "network namespaces are not available here"
    etc = f"/etc/netns/{name}"
    os.makedirs(etc, exist_ok=True)
    with open(os.path.join(etc, "hosts"), "w", encoding="utf-8") as f:
        f.write("::1 localhost\n")
    subprocess.run(["ip", "netns", "exec", name, "ip", "link", "set", "lo", "up"], check=True)
    return None


def drop_namespace(name):
    subprocess.run(["ip", "netns", "del", name], capture_output=True)
    shutil.rmtree(f"/etc/netns/{name}", ignore_errors=True)
    try:
        os.rmdir("/etc/netns")  # only if no one else keeps files there
    except OSError:
        pass


class Ipv6Tests(unittest.TestCase):
    def setUp(self):
        self.ns = f"amsop6-{os.getpid()}"
        why = make_namespace(self.ns)
        self.addCleanup(drop_namespace, self.ns)
        if why:
            self.skipTest(why)

    def test_wait_over_ipv6_loopback(self):
        prefix = ["ip", "netns", "exec", self.ns]
        sim = SimProcess("--operation", f"{OP}=Succeeded:2", "--retry-after", "0",
                         token=TOKEN, bind="::1", prefix=prefix, sim=AMSOP_SIM,
                         dir_prefix="amsop-ipv6-")
        self.addCleanup(sim.stop)
        proc = subprocess.run(
            [*prefix, AMSOP_BIN, "wait", *ids_target(), "--endpoint",
             f"https://localhost:{sim.port}", "--ca-file", sim.ca, "--token-file",
             sim.token_file, "--output", "json", "--timeout", "30"],
            capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn('"status":"Succeeded"', proc.stdout)
        self.assertGreaterEqual(len(sim.requests()), 2)
        # The same name with no IPv6 listener behind it is refused, so the
        # success above really went over ::1.
        refused = subprocess.run(
            [*prefix, AMSOP_BIN, "get", *ids_target(), "--endpoint", "https://localhost:1",
             "--ca-file", sim.ca, "--token-file", sim.token_file],
            capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        self.assertEqual(refused.returncode, 3, refused.stderr)
        self.assertIn("AMSOP_ERR_NET_CONNECT", refused.stderr)


if __name__ == "__main__":
    unittest.main()
