# SPDX-License-Identifier: MIT
"""amsop taken the ways a product takes it, each built in a temporary
directory of its own and run against the HTTPS simulator (standard library
only):

    /usr/bin/python3 tests/consumer/run_consumer.py --build BUILD [--jobs N] [--keep] [TEST...]

BUILD is amsop's own (configured and built) build tree: the staging install
is `cmake --install BUILD --prefix <tmp>/stage`. Each test builds
tests/consumer/ (main.c) one way:

  add_subdirectory   CMake, add_subdirectory(<this source tree> amsop)
  fetchcontent       CMake, FetchContent of a tarball of the working tree (git
                     ls-files) that CMake downloads over HTTP from loopback
                     and extracts
  find_package       CMake, find_package(amsop 0.2 REQUIRED) from the stage;
                     amsop::tls and amsop::tls_shared
  pkg_config         cc main.c $(pkg-config --cflags --libs amsop), shared
  pkg_config_static  the same with --static, against a copy of the stage
                     holding only the .a files
  makefile           tests/consumer/Makefile: amsop_sources.mk and the
                     pre-generated amsop_config.h at the repository root

and runs the program twice against a fresh simulator: `get` of an
operation that is InProgress (prints "status: InProgress", exit 0) and
`wait` until it is Succeeded. A last line `consumer: N passed, N failed`
sums up.
"""
import argparse
import functools
import glob
import hashlib
import http.server
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "sim"))
from sim_process import SimProcess  # noqa: E402

SUB = "0a6ec948-5a62-437d-b9df-934dc7c1b722"
RG = "mediaresources"
ACCOUNT = "slitestmedia10"
OP = "62e4d893-d233-4005-988e-a428d9f77076"
TOKEN = "consumer-token.abcdefghijklmnopqrstuvwxyz0123456789_-"
VERSION = re.search(r"project\(amsop VERSION (\d+)\.(\d+)\.(\d+)",
                    open(os.path.join(ROOT, "CMakeLists.txt"), encoding="utf-8").read()).groups()
VERSION_STR = ".".join(VERSION)

# Upper bounds (seconds) for one step; the whole run takes about a minute.
CONFIGURE_TIMEOUT = 300
BUILD_TIMEOUT = 600
RUN_TIMEOUT = 90

ARGS = argparse.Namespace(build=None, jobs=2, keep=False)
CC = os.environ.get("CC", "cc")
STRICT = ["-std=c99", "-Wall", "-Wextra", "-Wpedantic", "-Wconversion", "-Wshadow", "-Werror"]
PUBLIC_HEADERS = ["amsop.h", "amsop_aad.h", "amsop_action.h", "amsop_client.h", "amsop_config.h",
                  "amsop_err.h", "amsop_http.h", "amsop_json.h", "amsop_live_event.h", "amsop_port.h",
                  "amsop_port_types.h", "amsop_result.h", "amsop_target.h", "amsop_tls.h",
                  "amsop_transport.h"]
LIBS = ["amsop_core", "amsop_port_posix", "amsop_tls"]


def run(cmd, timeout, cwd=None, env=None, check=True):
    """Runs cmd and returns the CompletedProcess (output in stdout); a
    failure (unless check=False) or a timeout fails the test with it."""
    full_env = dict(os.environ)
    full_env["no_proxy"] = full_env["NO_PROXY"] = "127.0.0.1,localhost"
    full_env.update(env or {})
    try:
        proc = subprocess.run(cmd, cwd=cwd, env=full_env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired as e:
        raise AssertionError("timed out after %ss: %s\n%s" % (timeout, " ".join(cmd),
                                                              (e.output or "")[-4000:]))
    if check and proc.returncode != 0:
        raise AssertionError("exit %d: %s\n%s" % (proc.returncode, " ".join(cmd),
                                                  proc.stdout[-6000:]))
    return proc


def shell_words(text):
    return text.split()


def cmake_cache(build):
    """{name: value} of a build tree's CMakeCache.txt."""
    values = {}
    with open(os.path.join(build, "CMakeCache.txt"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"([^#/][^:=]*):[A-Z]+=(.*)$", line.rstrip("\n"))
            if m:
                values[m.group(1)] = m.group(2)
    return values


def needed(path):
    """The DT_NEEDED entries of an ELF file (readelf, binutils)."""
    out = run(["readelf", "-d", path], 30).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def soname(path):
    out = run(["readelf", "-d", path], 30).stdout
    m = re.search(r"\(SONAME\)\s+Library soname: \[([^\]]+)\]", out)
    return m.group(1) if m else None


class TarballServer:
    """Serves one directory over HTTP on loopback; records the paths asked."""

    def __init__(self, directory):
        self.paths = []
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def do_GET(self):
                server.paths.append(self.path)
                super().do_GET()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Handler, directory=directory))
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def source_files():
    """The working tree as a clone would have it: tracked files plus new
    ones not ignored (another change in progress), without deleted ones."""
    if os.path.isdir(os.path.join(ROOT, ".git")) and shutil.which("git"):
        out = subprocess.run(["git", "-C", ROOT, "ls-files", "-z", "--cached", "--others",
                              "--exclude-standard"], check=True, stdout=subprocess.PIPE).stdout
        names = sorted(set(p for p in out.decode().split("\0") if p))
    else:
        names = []
        for d, subdirs, files in os.walk(ROOT):
            subdirs[:] = [s for s in subdirs if not s.startswith(("build", ".")) and
                          s != "__pycache__"]
            names += [os.path.relpath(os.path.join(d, f), ROOT) for f in files]
    return [n for n in names if os.path.isfile(os.path.join(ROOT, n))]


class ConsumerTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not ARGS.build or not os.path.exists(os.path.join(ARGS.build, "CMakeCache.txt")):
            raise unittest.SkipTest("--build must name amsop's configured and built build tree")
        cls.tmp = tempfile.mkdtemp(prefix="amsop-consumer-")
        cls.stage = os.path.join(cls.tmp, "stage")
        start = time.monotonic()
        run(["cmake", "--install", ARGS.build, "--prefix", cls.stage], CONFIGURE_TIMEOUT)
        print("\n  staging install: %s (%.1f s)" % (cls.stage, time.monotonic() - start),
              file=sys.stderr)
        pcs = glob.glob(os.path.join(cls.stage, "lib*", "**", "pkgconfig", "amsop.pc"),
                        recursive=True)
        cls.pkgconfig_dir = os.path.dirname(pcs[0]) if pcs else None
        cls.libdir = os.path.dirname(cls.pkgconfig_dir) if pcs else None

    @classmethod
    def tearDownClass(cls):
        if ARGS.keep:
            print("  kept: %s" % cls.tmp, file=sys.stderr)
        else:
            shutil.rmtree(cls.tmp, ignore_errors=True)

    def work_dir(self, name):
        path = os.path.join(self.tmp, name)
        shutil.rmtree(path, ignore_errors=True)
        os.makedirs(path)
        return path

    # --- the program against the simulator ------------------------------

    def check_program(self, exe, env=None):
        """get: InProgress; wait: Succeeded; the simulator saw the reads."""
        self.assertTrue(os.path.isfile(exe), exe)
        sim = SimProcess("--operation", f"{OP}=Succeeded:2", "--retry-after", "0",
                         token=TOKEN, dir_prefix="amsop-consumer-sim-")
        self.addCleanup(sim.stop)
        endpoint = f"https://localhost:{sim.port}"
        url = (f"{endpoint}/subscriptions/{SUB}/resourcegroups/{RG}/providers/Microsoft.Media/"
               f"mediaservices/{ACCOUNT}/liveeventoperations/{OP}?api-version=2022-11-01")
        base = [exe]
        got = run(base + ["get", sim.ca, sim.token_file, endpoint, url], RUN_TIMEOUT, env=env,
                  check=False)
        self.assertEqual(got.returncode, 0, got.stdout)
        self.assertIn("http: 200\n", got.stdout)
        self.assertIn("status: InProgress\n", got.stdout)
        self.assertIn("result: AMSOP_OK\n", got.stdout)
        waited = run(base + ["wait", sim.ca, sim.token_file, endpoint, url], RUN_TIMEOUT,
                     env=env, check=False)
        self.assertEqual(waited.returncode, 0, waited.stdout)
        self.assertIn("status: Succeeded\n", waited.stdout)
        self.assertIn("result: AMSOP_OK\n", waited.stdout)
        reqs = sim.requests()
        self.assertGreaterEqual(len(reqs), 3, reqs)  # 1 get, then InProgress .. Succeeded
        path = (f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.Media/"
                f"mediaservices/{ACCOUNT}/liveEventOperations/{OP}")
        for r in reqs:
            self.assertEqual((r["method"], r["path"]), ("GET", path))
            self.assertEqual(r["headers"]["authorization"], f"Bearer <redacted len={len(TOKEN)}>")

    # --- CMake: the consumer project ------------------------------------

    def cmake_consumer(self, name, *defs):
        build = self.work_dir(name)
        run(["cmake", "-S", HERE, "-B", build, *defs], CONFIGURE_TIMEOUT)
        run(["cmake", "--build", build, "-j", str(ARGS.jobs)], BUILD_TIMEOUT)
        return build

    def assert_subproject_defaults(self, build, amsop_build):
        """As a subproject: no tests, CLI, install rules, shared libraries
        or -Werror."""
        cache = cmake_cache(build)
        for opt in ("AMSOP_BUILD_TESTS", "AMSOP_BUILD_CLI", "AMSOP_WERROR", "AMSOP_INSTALL",
                    "AMSOP_BUILD_SHARED"):
            self.assertEqual(cache.get(opt), "OFF", opt)
        self.assertTrue(os.path.isfile(os.path.join(amsop_build, "core", "libamsop_core.a")))
        self.assertFalse(os.path.exists(os.path.join(amsop_build, "boards", "posix")))
        self.assertFalse(os.path.exists(os.path.join(amsop_build, "tests")))
        self.assertFalse(glob.glob(os.path.join(amsop_build, "*", "*.so*")))
        self.assertFalse(os.path.exists(os.path.join(build, "amsop_consumer_shared")))
        # amsop's Kconfig header was generated in amsop's own binary dir.
        self.assertTrue(os.path.isfile(os.path.join(amsop_build, "generated", "amsop_config.h")))

    def test_add_subdirectory(self):
        build = self.cmake_consumer("add_subdirectory", "-DAMSOP_CONSUME=add_subdirectory",
                                    "-DAMSOP_SOURCE=" + ROOT)
        self.assert_subproject_defaults(build, os.path.join(build, "amsop"))
        self.check_program(os.path.join(build, "amsop_consumer"))

    def test_fetchcontent(self):
        tarball = os.path.join(self.tmp, "amsop-%s.tar.gz" % VERSION_STR)
        top = "amsop-%s" % VERSION_STR
        files = source_files()
        self.assertIn("CMakeLists.txt", files)
        with tarfile.open(tarball, "w:gz") as tar:
            for name in files:
                tar.add(os.path.join(ROOT, name), arcname=top + "/" + name, recursive=False)
        with open(tarball, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        server = TarballServer(self.tmp)
        self.addCleanup(server.stop)
        url = "http://127.0.0.1:%d/%s" % (server.port, os.path.basename(tarball))
        build = self.cmake_consumer("fetchcontent", "-DAMSOP_CONSUME=fetchcontent",
                                    "-DAMSOP_URL=" + url, "-DAMSOP_URL_HASH=SHA256=" + digest)
        # CMake downloaded the tarball (checked against its hash), extracted
        # it, and amsop was built from there.
        self.assertIn("/" + os.path.basename(tarball), server.paths)
        self.assertTrue(os.path.isfile(os.path.join(build, "_deps", "amsop-subbuild",
                                                    "amsop-populate-prefix", "src",
                                                    os.path.basename(tarball))))
        src = os.path.join(build, "_deps", "amsop-src")
        self.assertTrue(os.path.isfile(os.path.join(src, "amsop_sources.mk")), src)
        self.assertEqual(cmake_cache(build).get("amsop_SOURCE_DIR"), src)
        self.assertNotIn(ROOT + "/core", open(os.path.join(
            build, "_deps", "amsop-build", "core", "CMakeFiles", "amsop_core.dir", "build.make"),
            encoding="utf-8").read())
        self.assert_subproject_defaults(build, os.path.join(build, "_deps", "amsop-build"))
        self.check_program(os.path.join(build, "amsop_consumer"))

    def test_find_package(self):
        build = self.cmake_consumer("find_package", "-DAMSOP_CONSUME=find_package",
                                    "-DCMAKE_PREFIX_PATH=" + self.stage)
        self.assertTrue(cmake_cache(build).get("amsop_DIR", "").startswith(self.stage + "/"))
        static_exe = os.path.join(build, "amsop_consumer")
        self.assertFalse([n for n in needed(static_exe) if n.startswith("libamsop")])
        self.check_program(static_exe)
        shared_exe = os.path.join(build, "amsop_consumer_shared")
        self.assertIn("libamsop_tls.so.%s" % VERSION[0], needed(shared_exe))
        self.check_program(shared_exe)  # CMake's build RPATH points into the stage

    # --- pkg-config -------------------------------------------------------

    def pkg_config(self, pc_dir, *args):
        self.assertIsNotNone(pc_dir, "no amsop.pc in the stage")
        out = run(["pkg-config", *args, "amsop"], 30, env={"PKG_CONFIG_PATH": pc_dir,
                                                           "PKG_CONFIG_LIBDIR": pc_dir})
        return shell_words(out.stdout)

    def test_pkg_config(self):
        work = self.work_dir("pkg_config")
        self.assertEqual(self.pkg_config(self.pkgconfig_dir, "--modversion"), [VERSION_STR])
        flags = self.pkg_config(self.pkgconfig_dir, "--cflags", "--libs")
        exe = os.path.join(work, "amsop_consumer")
        run([CC, *STRICT, os.path.join(HERE, "main.c"), *flags, "-o", exe], BUILD_TIMEOUT)
        self.assertIn("libamsop_tls.so.%s" % VERSION[0], needed(exe))
        # Really the shared library: without LD_LIBRARY_PATH it is not found.
        bare = run([exe], RUN_TIMEOUT, env={"LD_LIBRARY_PATH": ""}, check=False)
        self.assertEqual(bare.returncode, 127, bare.stdout)
        self.assertIn("libamsop_", bare.stdout)
        self.check_program(exe, env={"LD_LIBRARY_PATH": self.libdir})

    def test_pkg_config_static(self):
        work = self.work_dir("pkg_config_static")
        # A copy of the stage with the static libraries only (amsop.pc finds
        # its prefix from its own place, ${pcfiledir}).
        static_stage = os.path.join(work, "stage")
        shutil.copytree(self.stage, static_stage, symlinks=True,
                        ignore=shutil.ignore_patterns("*.so", "*.so.*"))
        pc_dir = os.path.join(static_stage, os.path.relpath(self.pkgconfig_dir, self.stage))
        flags = self.pkg_config(pc_dir, "--static", "--cflags", "--libs")
        for lib in ("-lmbedtls", "-lmbedx509", "-lmbedcrypto"):
            self.assertIn(lib, flags)
        exe = os.path.join(work, "amsop_consumer")
        run([CC, *STRICT, os.path.join(HERE, "main.c"), *flags, "-o", exe], BUILD_TIMEOUT)
        self.assertFalse([n for n in needed(exe) if n.startswith("libamsop")])
        # Libs.private is what makes it link: without --static mbedTLS is missing.
        plain = self.pkg_config(pc_dir, "--cflags", "--libs")
        self.assertNotIn("-lmbedtls", plain)
        failed = run([CC, *STRICT, os.path.join(HERE, "main.c"), *plain, "-o", exe + "-plain"],
                     BUILD_TIMEOUT, check=False)
        self.assertNotEqual(failed.returncode, 0)
        self.assertIn("mbedtls_", failed.stdout)
        self.check_program(exe)

    # --- a plain Makefile and amsop_sources.mk ---------------------------

    def test_makefile(self):
        config = os.path.join(ROOT, "amsop_config.h")
        if not os.path.isfile(config):
            self.skipTest("no pre-generated amsop_config.h at the repository root yet "
                          "(amsop_sources.mk's AMSOP_CONFIG_INCLUDES)")
        work = self.work_dir("makefile")
        out = os.path.join(work, "out")
        proc = run(["make", "--no-print-directory", "-j", str(ARGS.jobs), "-f",
                    os.path.join(HERE, "Makefile"), "AMSOP_DIR=" + ROOT, "OUT=" + out,
                    "CC=" + CC], BUILD_TIMEOUT)
        # Every core, common port, POSIX port and TLS source was compiled here.
        mk = open(os.path.join(ROOT, "amsop_sources.mk"), encoding="utf-8").read()
        for var in ("AMSOP_CORE_SOURCES", "AMSOP_PORT_COMMON_SOURCES",
                    "AMSOP_PORT_POSIX_SOURCES", "AMSOP_TLS_SOURCES"):
            srcs = re.findall(r"(?m)^%s \+= \$\(AMSOP_DIR\)/(\S+)\.c$" % var, mk)
            self.assertTrue(srcs, var)
            for s in srcs:
                self.assertTrue(os.path.isfile(os.path.join(out, "obj", "amsop", s + ".o")), s)
        self.assertIn("-I%s " % ROOT, proc.stdout)  # the root amsop_config.h
        self.check_program(os.path.join(out, "amsop_consumer"))

    # --- the staging install itself ---------------------------------------

    def test_installed_layout(self):
        inc = os.path.join(self.stage, "include", "amsop")
        self.assertEqual(sorted(os.listdir(inc)), sorted(PUBLIC_HEADERS))
        self.assertIsNotNone(self.libdir, "no lib*/pkgconfig/amsop.pc")
        full = "%s.%s.%s" % VERSION
        for lib in LIBS:
            self.assertTrue(os.path.isfile(os.path.join(self.libdir, "lib%s.a" % lib)), lib)
            so = os.path.join(self.libdir, "lib%s.so.%s" % (lib, full))
            self.assertTrue(os.path.isfile(so), so)
            self.assertEqual(soname(so), "lib%s.so.%s" % (lib, VERSION[0]))
            self.assertEqual(os.readlink(os.path.join(self.libdir, "lib%s.so" % lib)),
                             "lib%s.so.%s" % (lib, VERSION[0]))
        self.assertTrue(os.access(os.path.join(self.stage, "bin", "amsop"), os.X_OK))
        pc = open(os.path.join(self.pkgconfig_dir, "amsop.pc"), encoding="utf-8").read()
        self.assertIn("Cflags: -I${includedir}/amsop\n", pc)
        self.assertIn("Libs: -L${libdir} -lamsop_tls -lamsop_port_posix -lamsop_core\n", pc)
        self.assertIn("Libs.private: -lmbedtls -lmbedx509 -lmbedcrypto\n", pc)
        cmake_dir = os.path.join(self.libdir, "cmake", "amsop")
        for f in ("amsopConfig.cmake", "amsopConfigVersion.cmake", "amsopTargets.cmake"):
            self.assertTrue(os.path.isfile(os.path.join(cmake_dir, f)), f)
        # Nothing of the build machine is baked in: mbedTLS is found by the
        # config file, the targets are relative to the install prefix.
        for f in glob.glob(os.path.join(cmake_dir, "*.cmake")):
            text = open(f, encoding="utf-8").read()
            self.assertNotIn(os.path.abspath(ARGS.build), text, f)
            self.assertNotIn(ROOT + "/", text, f)
            self.assertNotRegex(text, r"/lib[^\"; ]*/libmbed", f)
        targets = open(os.path.join(cmake_dir, "amsopTargets.cmake"), encoding="utf-8").read()
        for t in ("core", "port_posix", "tls", "core_shared", "port_posix_shared", "tls_shared"):
            self.assertIn("add_library(amsop::%s " % t, targets)
        # find_package(amsop 0.2) takes 0.2.x, and not 0.1, 0.3 or 1.2 (SameMinorVersion).
        major, minor = int(VERSION[0]), int(VERSION[1])
        cases = [("%d.%d" % (major, minor), True), ("%d.%d.0" % (major, minor), True),
                 ("%d.%d" % (major, minor + 1), False), ("%d.%d" % (major + 1, minor), False)]
        if minor > 0:  # an older minor is refused too (not SameMajorVersion)
            cases.append(("%d.%d" % (major, minor - 1), False))
        for want, ok in cases:
            self.assertEqual(self.version_compatible(cmake_dir, want), ok, want)

    def version_compatible(self, cmake_dir, want):
        script = os.path.join(self.tmp, "version_check.cmake")
        parts = (want.split(".") + ["0", "0"])[:3]
        with open(script, "w", encoding="utf-8") as f:
            f.write("set(PACKAGE_FIND_NAME amsop)\nset(PACKAGE_FIND_VERSION %s)\n"
                    "set(PACKAGE_FIND_VERSION_MAJOR %s)\nset(PACKAGE_FIND_VERSION_MINOR %s)\n"
                    "set(PACKAGE_FIND_VERSION_PATCH %s)\nset(PACKAGE_FIND_VERSION_COUNT %d)\n"
                    "set(CMAKE_SIZEOF_VOID_P 8)\n"
                    "include(\"%s/amsopConfigVersion.cmake\")\n"
                    "message(\"compatible=${PACKAGE_VERSION_COMPATIBLE}\")\n"
                    % (want, parts[0], parts[1], parts[2], len(want.split(".")), cmake_dir))
        out = run(["cmake", "-P", script], 30).stdout
        return "compatible=TRUE" in out

    # --- amsop's CMake works from any source/binary dir -------------------

    def test_cmake_names_only_its_own_dirs(self):
        """amsop's CMake never uses CMAKE_SOURCE_DIR/CMAKE_BINARY_DIR (the
        consumer's, in a subproject), except the one top-level test."""
        allowed = "if(CMAKE_SOURCE_DIR STREQUAL PROJECT_SOURCE_DIR)"
        bad = []
        for name in source_files():
            if not (name.endswith((".cmake", ".cmake.in")) or
                    os.path.basename(name) == "CMakeLists.txt"):
                continue
            text = open(os.path.join(ROOT, name), encoding="utf-8").read()
            for n, line in enumerate(text.splitlines(), 1):
                code = line.split("#", 1)[0]
                if re.search(r"CMAKE_(SOURCE|BINARY)_DIR\b", code) and \
                        not (name == "CMakeLists.txt" and code.strip() == allowed):
                    bad.append("%s:%d: %s" % (name, n, line.strip()))
        self.assertEqual(bad, [])


class Summary(unittest.TextTestResult):
    """Prints `consumer: N passed, N failed[, N skipped]` at the end."""

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.passed = 0

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed += 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", required=True, help="amsop's build tree (staging install)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("tests", nargs="*", help="test names (e.g. test_makefile); default all")
    a = ap.parse_args()
    ARGS.build, ARGS.jobs, ARGS.keep = os.path.abspath(a.build), a.jobs, a.keep
    loader = unittest.TestLoader()
    if a.tests:
        suite = unittest.TestSuite(ConsumerTests(t if t.startswith("test_") else "test_" + t)
                                   for t in a.tests)
    else:
        suite = loader.loadTestsFromTestCase(ConsumerTests)
    start = time.monotonic()
    result = unittest.TextTestRunner(verbosity=2, resultclass=Summary).run(suite)
    failed = len(result.failures) + len(result.errors)
    line = "consumer: %d passed, %d failed" % (result.passed, failed)
    if result.skipped:
        line += ", %d skipped (%s)" % (len(result.skipped),
                                       "; ".join("%s: %s" % (t.id().rsplit(".", 1)[-1], why)
                                                 for t, why in result.skipped))
    print("%s in %.0f s" % (line, time.monotonic() - start))
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
