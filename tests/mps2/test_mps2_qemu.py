# SPDX-License-Identifier: MIT
"""The mps2-an386 firmware in QEMU (qemu-system-arm -M mps2-an386), on a TAP
device in a network namespace this test creates, against the project's
HTTPS simulator listening on the kernel side of that link (10.77.0.1; the
firmware is 10.77.0.2 and resolves the certificate's name, localhost,
through its static host table). Every QEMU run is bounded by a timeout, and
no packet leaves the namespace.

Builds the image first (boards/mps2-an386/build.py into $MPS2_OUT, default
build/mps2), then prints its flash/RAM table and the figures the runs
report. Skips only where the machine has no /dev/net/tun (or no network
namespaces); a missing qemu-system-arm is a failure (make deps installs it).

usage: python3 tests/mps2/test_mps2_qemu.py [-v]   (or make mps2-check)
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "lwip"))
sys.path.insert(0, os.path.join(ROOT, "tests", "sim"))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import lwip_netns  # noqa: E402
import mps2_provision  # noqa: E402
import sim_certs  # noqa: E402
from sim_process import SimProcess  # noqa: E402

OUT = os.path.abspath(os.environ.get("MPS2_OUT", os.path.join(ROOT, "build", "mps2")))
ELF = os.path.join(OUT, "amsop-mps2.elf")
QEMU = os.environ.get("QEMU_SYSTEM_ARM", "qemu-system-arm")
SUB = "0a6ec948-5a62-437d-b9df-934dc7c1b722"
TOKEN = "mps2-e2e-token.abcdefghijklmnopqrstuvwxyz0123456789"
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
CLIENT_ID = "6f1e2d3c-4b5a-4978-8877-665544332211"
SECRET = "mps2~Secret.value_with+odd/chars="
RUN_TIMEOUT_S = 120  # one QEMU run, wall clock
WAIT_TIMEOUT_S = 60  # the firmware's own deadline (provisioned)


def why_not():
    if not os.path.exists("/dev/net/tun"):
        return "no /dev/net/tun"
    return lwip_netns.unavailable()


WHY_NOT = why_not()


def figures(console, prefix):
    for line in console.splitlines():
        if line.startswith(prefix):
            return {k: (int(v) if v.isdigit() else v) for k, v in re.findall(r"(\w+)=(\S+)", line)}
    raise AssertionError("no '%s' line in:\n%s" % (prefix, console))


@unittest.skipIf(WHY_NOT is not None, "skipped: %s" % WHY_NOT)
class Mps2Qemu(unittest.TestCase):
    report = []

    @classmethod
    def setUpClass(cls):
        if shutil.which(QEMU) is None:
            raise RuntimeError("%s is not installed (apt-get install qemu-system-arm)" % QEMU)
        subprocess.run([sys.executable, os.path.join(ROOT, "boards", "mps2-an386", "build.py"),
                        OUT], check=True, stdout=subprocess.DEVNULL, timeout=1800)
        with open(os.path.join(OUT, "sizes.json"), encoding="utf-8") as f:
            cls.sizes = json.load(f)
        cls.tmp = tempfile.mkdtemp(prefix="amsop-mps2-")
        cls.addClassCleanup(shutil.rmtree, cls.tmp, True)
        cls.ns = lwip_netns.TapNamespace()
        cls.addClassCleanup(cls.ns.delete)

    @classmethod
    def tearDownClass(cls):
        print_report(cls.sizes, cls.report)

    def start_sim(self, *args):
        sim = SimProcess(*args, token=TOKEN, bind=lwip_netns.HOST_IP, prefix=self.ns.exec_prefix(),
                         dir_prefix="amsop-mps2-sim-")
        self.addCleanup(sim.stop)
        return sim

    def record(self, sim, op, ca=None, corrupt=False, secret=None):
        url = ("https://localhost:%d/subscriptions/%s/resourceGroups/rg/providers/"
               "Microsoft.Media/mediaservices/acct/liveEventOperations/%s?api-version=2022-11-01"
               % (sim.port, SUB, op))
        with open(ca or sim.ca, "rb") as f:
            pem = f.read()
        creds = None
        if secret is not None:  # client credentials, the simulator as the authority too
            creds = {"tenant": TENANT, "client_id": CLIENT_ID, "client_secret": secret,
                     "authority": "https://localhost:%d" % sim.port}
        rec = bytearray(mps2_provision.record(
            "localhost", lwip_netns.HOST_IP, sim.port, lwip_netns.LWIP_IP, "255.255.255.0", None,
            pem, None if creds else TOKEN, url, os.urandom(64), WAIT_TIMEOUT_S, creds))
        if corrupt:
            rec[-1] ^= 0x55  # one payload byte: the stored CRC no longer matches
        path = os.path.join(self.tmp, "rec-%s.bin" % self.id().split(".")[-1])
        with open(path, "wb") as f:
            f.write(rec)
        return path

    def boot(self, record, *qemu_extra, nic=True):
        cmd = [QEMU, "-M", "mps2-an386", "-nographic", "-semihosting", "-kernel", ELF,
               "-monitor", "none", *qemu_extra]
        if record:
            cmd += ["-device", "loader,file=%s,addr=0x%08x" % (record, mps2_provision.ADDRESS)]
        if nic:
            cmd += ["-nic", "tap,ifname=%s,script=no,downscript=no" % lwip_netns.TAP]
        start = time.monotonic()
        proc = subprocess.run(self.ns.exec_prefix() + cmd, capture_output=True, text=True,
                              timeout=RUN_TIMEOUT_S, stdin=subprocess.DEVNULL)
        console = proc.stdout.replace("\r\n", "\n")
        return proc.returncode, console, time.monotonic() - start

    def statuses(self, console):
        return [line.split()[1] for line in console.splitlines() if line.startswith("status: ")]

    def test_0_image_has_no_heap(self):
        """No C heap in the image: no allocator linked, and the 64 KB mbedTLS
        pool is where TLS memory comes from."""
        nm = subprocess.run(["arm-none-eabi-nm", ELF], check=True, capture_output=True,
                            text=True).stdout
        names = {line.split()[-1] for line in nm.splitlines() if line.split()}
        for f in ("malloc", "free", "calloc", "realloc", "_malloc_r", "_free_r", "_sbrk",
                  "_sbrk_r"):
            self.assertNotIn(f, names)
        self.assertIn("s_mbedtls_pool", names)
        self.assertEqual(self.sizes["symbols"]["s_mbedtls_pool"], 65536)

    def test_1_keep_alive_inprogress_to_succeeded(self):
        """Several polls on one kept connection, under -icount shift=0 so the
        busy virtual nanoseconds the firmware reports are instructions."""
        sim = self.start_sim("--operation", "op-keep=Succeeded:3", "--retry-after", "1")
        rc, con, secs = self.boot(self.record(sim, "op-keep"), "-icount", "shift=0")
        self.assertEqual(rc, 0, con)
        self.assertEqual(self.statuses(con), ["InProgress", "Succeeded"], con)
        self.assertIn("result: Succeeded", con)
        f = figures(con, "figures:")
        self.assertEqual(f["polls"], 4, con)
        self.assertEqual(f["connects"], 1, con)
        self.assertEqual(f["tls_handshakes"], 1, con)
        self.assertEqual(f["tcp_connects"], 1, con)
        polls = [r for r in sim.requests() if r["method"] == "GET"]
        self.assertEqual(len(polls), 4)
        self.assertEqual({r["conn"] for r in polls}, {polls[0]["conn"]})
        self.assertNotIn(TOKEN, con)
        ins = figures(con, "instructions:")
        self.report.append(("keep-alive, 4 polls, -icount shift=0", secs, f, ins))

    def test_2_server_closes_after_each_reply(self):
        sim = self.start_sim("--operation", "op-close=Succeeded:2", "--retry-after", "1",
                             "--close-after", "1")
        rc, con, secs = self.boot(self.record(sim, "op-close"), "-icount", "shift=0")
        self.assertEqual(rc, 0, con)
        self.assertEqual(self.statuses(con), ["InProgress", "Succeeded"], con)
        f = figures(con, "figures:")
        self.assertEqual(f["polls"], 3, con)
        self.assertEqual(f["connects"], 3, con)
        self.assertEqual(f["tcp_connects"], 3, con)
        self.assertEqual(f["tls_handshakes"], 3, con)
        self.assertGreaterEqual(f["tls_resumed"], 1, con)
        polls = [r for r in sim.requests() if r["method"] == "GET"]
        self.assertEqual(len({r["conn"] for r in polls}), 3)
        self.assertTrue(any(r["tls"]["resumed"] for r in polls[1:]), polls)
        self.report.append(("server closes after each reply, -icount shift=0", secs, f,
                            figures(con, "instructions:")))

    def test_3_failed_operation_exits_1(self):
        sim = self.start_sim("--operation", "op-fail=Failed:1", "--retry-after", "1")
        rc, con, secs = self.boot(self.record(sim, "op-fail"))
        self.assertEqual(rc, 1, con)
        self.assertEqual(self.statuses(con), ["InProgress", "Failed"], con)
        self.assertIn("result: Failed", con)
        self.report.append(("Failed operation", secs, figures(con, "figures:"), None))

    def test_4_wrong_ca_exits_3_and_sends_nothing(self):
        sim = self.start_sim("--operation", "op-ca=Succeeded:1")
        other = os.path.join(self.tmp, "other-ca")
        os.makedirs(other, exist_ok=True)
        sim_certs.ensure_certs(other)  # a CA of its own, which did not sign the server's cert
        rc, con, secs = self.boot(self.record(sim, "op-ca", ca=os.path.join(other, "ca.pem")))
        self.assertEqual(rc, 3, con)
        self.assertRegex(con, r"result: error AMSOP_ERR_TLS_VERIFY")
        self.assertEqual(sim.requests(), [], "the server received a request")
        self.assertEqual(self.statuses(con), [])
        self.report.append(("wrong CA", secs, figures(con, "figures:"), None))

    def test_5_corrupt_record_refused(self):
        sim = self.start_sim("--operation", "op-crc=Succeeded:1")
        rc, con, _ = self.boot(self.record(sim, "op-crc", corrupt=True))
        self.assertEqual(rc, 2, con)
        self.assertIn("provisioning: refused: bad CRC (record at 0x00300000)", con)
        self.assertNotIn("net:", con)  # refused before the network is touched
        self.assertEqual(sim.requests(), [])

    def start_aad_sim(self, *args):
        return self.start_sim("--tenant", TENANT, "--client-id", CLIENT_ID, "--client-secret",
                              SECRET, *args)

    def test_7_client_credentials(self):
        """A token from the (simulated) Azure AD token endpoint over its own TLS
        connection, then the wait with it."""
        sim = self.start_aad_sim("--operation", "op-aad=Succeeded:1", "--retry-after", "1")
        rc, con, secs = self.boot(self.record(sim, "op-aad", secret=SECRET))
        self.assertEqual(rc, 0, con)
        self.assertIn("token: client credentials, authority localhost:%d" % sim.port, con)
        self.assertEqual(self.statuses(con), ["InProgress", "Succeeded"], con)
        f = figures(con, "figures:")
        self.assertEqual(f["token_fetches"], 1, con)
        posts = [r for r in sim.requests() if r["method"] == "POST"]
        self.assertEqual([r["path"] for r in posts], ["/%s/oauth2/v2.0/token" % TENANT])
        gets = [r for r in sim.requests() if r["method"] == "GET"]
        self.assertEqual(len(gets), 2)
        self.assertNotIn(SECRET, con)
        self.report.append(("client credentials", secs, f, None))

    def test_8_client_credentials_refused(self):
        sim = self.start_aad_sim("--operation", "op-aad=Succeeded:1")
        rc, con, _ = self.boot(self.record(sim, "op-aad", secret="wrong-secret"))
        self.assertEqual(rc, 4, con)
        self.assertIn("token: refused by the authority: http 401 invalid_client", con)
        self.assertEqual([r for r in sim.requests() if r["method"] == "GET"], [])

    def test_6_missing_record_refused(self):
        rc, con, _ = self.boot(None, nic=False)
        self.assertEqual(rc, 2, con)
        self.assertIn("provisioning: refused: no record (bad magic)", con)


def print_report(sizes, runs):
    out = sys.stderr
    c = sizes["components"]
    print("\n[mps2] image %s: bytes per component (link map)" % ELF, file=out)
    print("    %-12s %8s %8s %7s %7s %8s %8s" % ("component", ".text", ".rodata", ".data", ".bss",
                                             "flash", "RAM"), file=out)
    tot = [0] * 6
    for k in ["core", "port", "lwip", "mbedtls", "board", "newlib-nano", "libgcc"]:
        r = c.get(k, {"text": 0, "rodata": 0, "data": 0, "bss": 0})
        row = [r["text"], r["rodata"], r["data"], r["bss"], r["text"] + r["rodata"],
               r["data"] + r["bss"]]
        tot = [a + b for a, b in zip(tot, row)]
        print("    %-12s %8d %8d %7d %7d %8d %8d" % (k, *row), file=out)
    print("    %-12s %8d %8d %7d %7d %8d %8d" % ("total", *tot), file=out)
    print("    flash = .text+.rodata (+%d of .data initialisers); RAM = .data+.bss, plus the "
          "%d-byte stack; .bss includes %s" % (tot[2], sizes["stack_size"], ", ".join(
              "%s %d" % kv for kv in sizes["symbols"].items() if kv[1])), file=out)
    for name, secs, f, ins in runs:
        print("[mps2] %s: %.1fs; stack high-water %d of %d, mbedTLS pool peak %d of %d, polls %d, "
              "connects %d, TLS handshakes %d (resumed %d), TCP connects %d"
              % (name, secs, f["stack_high_water"], f["stack_size"], f["mbedtls_pool_peak"],
                 f["mbedtls_pool_size"], f["polls"], f["connects"], f["tls_handshakes"],
                 f["tls_resumed"], f["tcp_connects"]), file=out)
        if ins:
            polls = [int(x) for x in str(ins["polls"]).split(",") if x]
            later = "later polls on the kept connection"
            if f["connects"] > 1:
                later = "later polls, each on a new connection with a resumed handshake"
            print("[mps2]   instructions (-icount shift=0): reset to first parsed status %d; "
                  "first poll (connect + full handshake + request) %d; %s: %s"
                  % (ins["first_status"], polls[0] if polls else 0, later,
                     ", ".join(str(p) for p in polls[1:])), file=out)


if __name__ == "__main__":
    prog = unittest.main(exit=False, verbosity=2 if "-v" in sys.argv else 1)
    r = prog.result
    failed = len(r.failures) + len(r.errors) + len(r.unexpectedSuccesses)
    skipped = len(r.skipped)
    for _, why in r.skipped:
        print("mps2: %s" % why)
    print("mps2: %d passed, %d failed, %d skipped" % (r.testsRun - failed - skipped, failed,
                                                       skipped))
    sys.exit(1 if failed or not r.wasSuccessful() else 0)
