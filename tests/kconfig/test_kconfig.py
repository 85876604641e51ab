# SPDX-License-Identifier: MIT
"""Kconfig refuses mistakes: tools/kconfig_header.py, cmake/kconfig.cmake and
`make menuconfig`. Every refusal has a positive control (the corrected input
is accepted), so a check that refuses everything fails too.

Environment (set by tests/kconfig/CMakeLists.txt; defaults for a manual run):
  AMSOP_SOURCE_DIR  the amsop source tree (default: ../.. from here)
  AMSOP_CMAKE       cmake (default: cmake on PATH)
  AMSOP_C_COMPILER  the C compiler for the configure tests (default: cmake's choice)
"""
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.abspath(os.environ.get("AMSOP_SOURCE_DIR") or os.path.join(HERE, "..", ".."))
SCRIPT = os.path.join(SRC, "tools", "kconfig_header.py")
KCONFIG = os.path.join(SRC, "Kconfig")
PYTHON = "/usr/bin/python3"  # Debian's, with python3-kconfiglib
CMAKE = os.environ.get("AMSOP_CMAKE") or shutil.which("cmake") or "cmake"
CC = os.environ.get("AMSOP_C_COMPILER", "")


def project_version():
    with open(os.path.join(SRC, "CMakeLists.txt"), encoding="utf-8") as f:
        m = re.search(r"project\s*\(\s*amsop\s[^)]*VERSION\s+([0-9.]+)", f.read(), re.I)
    return m.group(1)


def defines(header_text):
    """{macro: value} of the #define lines of a header."""
    return dict(re.findall(r"^#define[ \t]+(\w+)[ \t]+(.*?)[ \t]*$", header_text, re.M))


def clean_env():
    env = dict(os.environ)
    env.pop("KCONFIG_CONFIG", None)
    return env


class Tmp(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="amsop-kconfig-test.")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def fragment(self, name, *lines):
        p = self.path(name)
        with open(p, "w", encoding="utf-8") as f:
            f.write("".join(line + "\n" for line in lines))
        return p

    def gen(self, config=None, kconfig=KCONFIG, extra=(), env=None, out=None):
        """Runs the script; returns (rc, stderr, header text or None)."""
        out = out or self.path("out/amsop_config.h")
        if os.path.exists(out):
            os.remove(out)
        cmd = [PYTHON, SCRIPT] + list(extra)
        if config is not None:
            cmd += ["--config", config]
        cmd += [kconfig, out]
        r = subprocess.run(cmd, capture_output=True, text=True, env=env or clean_env(),
                           timeout=60)
        text = None
        if os.path.exists(out):
            with open(out, encoding="utf-8") as f:
                text = f.read()
        return r.returncode, r.stdout + r.stderr, text

    def assertRefused(self, frag, line, symbol, reason_re=None):
        rc, msg, text = self.gen(frag)
        self.assertNotEqual(rc, 0, msg)
        self.assertIsNone(text, "no header may be written for a refused fragment")
        want = "{}:{}: {}:".format(frag, line, symbol)
        self.assertIn(want, msg)
        if reason_re:
            self.assertRegex(msg.split(want, 1)[1].splitlines()[0], reason_re)
        return msg

    def assertAccepted(self, frag):
        rc, msg, text = self.gen(frag)
        self.assertEqual(rc, 0, msg)
        self.assertIsNotNone(text)
        return defines(text)


class Script(Tmp):
    """tools/kconfig_header.py on its own."""

    def test_defaults_without_fragment(self):
        rc, msg, text = self.gen()
        self.assertEqual(rc, 0, msg)
        d = defines(text)
        self.assertEqual(d["CONFIG_AMSOP_NAME_MAX"], "64")
        self.assertEqual(d["CONFIG_AMSOP_IO_BUFFER_SIZE"], "512")
        self.assertEqual(d["CONFIG_AMSOP_ERR_TEXTS"], "1")
        self.assertEqual(d["CONFIG_AMSOP_PORT_POSIX"], "1")
        # The old positional usage (tools/cross_build.sh, tools/lint.sh) still works.
        out = self.path("positional.h")
        r = subprocess.run([PYTHON, SCRIPT, KCONFIG, out], env=clean_env(),
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(out, encoding="utf-8") as f:
            self.assertEqual(f.read(), text)

    def test_missing_kconfiglib(self):
        r = subprocess.run([PYTHON, "-S", SCRIPT, KCONFIG, self.path("x.h")], env=clean_env(),
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn("install python3-kconfiglib", r.stderr)

    def test_valid_fragment_values_in_header(self):
        frag = self.fragment("ok.config",
                             "# a comment", "",
                             "CONFIG_AMSOP_NAME_MAX=40",
                             "CONFIG_AMSOP_IO_BUFFER_SIZE=256",
                             "# CONFIG_AMSOP_ERR_TEXTS is not set",
                             "CONFIG_AMSOP_PORT_LWIP_RAW=y",
                             "# CONFIG_AMSOP_PORT_POSIX is not set",
                             "CONFIG_AMSOP_NAME_MAX=40")  # same value twice: harmless
        d = self.assertAccepted(frag)
        self.assertEqual(d["CONFIG_AMSOP_NAME_MAX"], "40")
        self.assertEqual(d["CONFIG_AMSOP_IO_BUFFER_SIZE"], "256")
        self.assertNotIn("CONFIG_AMSOP_ERR_TEXTS", d)
        self.assertEqual(d["CONFIG_AMSOP_PORT_LWIP_RAW"], "1")
        self.assertNotIn("CONFIG_AMSOP_PORT_POSIX", d)
        self.assertEqual(d["CONFIG_AMSOP_BODY_MAX"], "2048")  # not in the fragment: default

    def test_small_ram_preset_is_valid(self):
        d = self.assertAccepted(os.path.join(SRC, "configs", "small-ram.config"))
        self.assertEqual(d["CONFIG_AMSOP_IO_BUFFER_SIZE"], "256")

    def test_missing_file(self):
        missing = self.path("no-such.config")
        rc, msg, text = self.gen(missing)
        self.assertNotEqual(rc, 0)
        self.assertIn(missing, msg)
        self.assertIn("not found", msg)
        self.assertIsNone(text)
        # The KCONFIG_CONFIG environment variable is held to the same rule.
        rc, msg, text = self.gen(env=dict(clean_env(), KCONFIG_CONFIG=missing))
        self.assertNotEqual(rc, 0)
        self.assertIn(missing, msg)
        self.assertIsNone(text)
        # Control: once the file exists it is used.
        self.fragment("no-such.config", "CONFIG_AMSOP_NAME_MAX=40")
        self.assertEqual(self.assertAccepted(missing)["CONFIG_AMSOP_NAME_MAX"], "40")
        rc, msg, text = self.gen(env=dict(clean_env(), KCONFIG_CONFIG=missing))
        self.assertEqual(rc, 0, msg)
        self.assertEqual(defines(text)["CONFIG_AMSOP_NAME_MAX"], "40")

    def test_unknown_symbol(self):
        frag = self.fragment("typo.config", "# typo", "CONFIG_AMSOP_IO_BUFFER_SIZE=256",
                             "CONFIG_AMSOP_NAME_MAXX=40")
        msg = self.assertRefused(frag, 3, "CONFIG_AMSOP_NAME_MAXX", "unknown symbol")
        self.assertIn("did you mean CONFIG_AMSOP_NAME_MAX", msg)
        self.assertRefused(self.fragment("other.config", "CONFIG_SOMETHING_ELSE=y"), 1,
                           "CONFIG_SOMETHING_ELSE", "unknown symbol")
        # Control: spelt right.
        ok = self.fragment("typo-fixed.config", "# typo", "CONFIG_AMSOP_IO_BUFFER_SIZE=256",
                           "CONFIG_AMSOP_NAME_MAX=40")
        self.assertEqual(self.assertAccepted(ok)["CONFIG_AMSOP_NAME_MAX"], "40")

    def test_out_of_range(self):
        # Kconfig: AMSOP_NAME_MAX range 8 1024
        self.assertRefused(self.fragment("low.config", "CONFIG_AMSOP_NAME_MAX=4"), 1,
                           "CONFIG_AMSOP_NAME_MAX", r"outside the range 8\.\.1024")
        self.assertRefused(self.fragment("high.config", "", "CONFIG_AMSOP_NAME_MAX=100000"), 2,
                           "CONFIG_AMSOP_NAME_MAX", r"outside the range 8\.\.1024")
        # Controls: both ends of the range.
        self.assertEqual(self.assertAccepted(self.fragment(
            "lo-ok.config", "CONFIG_AMSOP_NAME_MAX=8"))["CONFIG_AMSOP_NAME_MAX"], "8")
        self.assertEqual(self.assertAccepted(self.fragment(
            "hi-ok.config", "CONFIG_AMSOP_NAME_MAX=1024"))["CONFIG_AMSOP_NAME_MAX"], "1024")

    def test_wrong_type(self):
        self.assertRefused(self.fragment("int.config", "CONFIG_AMSOP_NAME_MAX=abc"), 1,
                           "CONFIG_AMSOP_NAME_MAX", "not an integer")
        self.assertRefused(self.fragment("int2.config", "CONFIG_AMSOP_NAME_MAX=40 "
                                         "# forty"), 1, "CONFIG_AMSOP_NAME_MAX", "not an integer")
        self.assertRefused(self.fragment("m.config", "CONFIG_AMSOP_ERR_TEXTS=m"), 1,
                           "CONFIG_AMSOP_ERR_TEXTS", "not a bool")
        self.assertRefused(self.fragment("one.config", "CONFIG_AMSOP_ERR_TEXTS=1"), 1,
                           "CONFIG_AMSOP_ERR_TEXTS", "not a bool")
        self.assertRefused(self.fragment("unset-int.config", "# CONFIG_AMSOP_NAME_MAX is not set"),
                           1, "CONFIG_AMSOP_NAME_MAX", "bool")
        # Controls.
        self.assertNotIn("CONFIG_AMSOP_ERR_TEXTS", self.assertAccepted(
            self.fragment("n.config", "CONFIG_AMSOP_ERR_TEXTS=n")))
        self.assertEqual(self.assertAccepted(self.fragment(
            "y.config", "CONFIG_AMSOP_ERR_TEXTS=y"))["CONFIG_AMSOP_ERR_TEXTS"], "1")

    def test_conflicting_assignments(self):
        frag = self.fragment("twice.config", "CONFIG_AMSOP_NAME_MAX=40", "CONFIG_AMSOP_NAME_MAX=48")
        self.assertRefused(frag, 2, "CONFIG_AMSOP_NAME_MAX", "different value")
        frag = self.fragment("choice.config", "CONFIG_AMSOP_PORT_POSIX=y",
                             "CONFIG_AMSOP_PORT_LWIP_RAW=y")
        self.assertRefused(frag, 2, "CONFIG_AMSOP_PORT_LWIP_RAW", "choice AMSOP_PORT")
        frag = self.fragment("choice-none.config", "# CONFIG_AMSOP_PORT_POSIX is not set")
        self.assertRefused(frag, 1, "CONFIG_AMSOP_PORT_POSIX", "no effect")
        # Controls: the same value twice; one entry of the choice.
        self.assertEqual(self.assertAccepted(self.fragment(
            "twice-same.config", "CONFIG_AMSOP_NAME_MAX=40", "CONFIG_AMSOP_NAME_MAX=40"))
            ["CONFIG_AMSOP_NAME_MAX"], "40")
        d = self.assertAccepted(self.fragment("choice-ok.config", "CONFIG_AMSOP_PORT_LWIP_RAW=y"))
        self.assertEqual(d["CONFIG_AMSOP_PORT_LWIP_RAW"], "1")
        self.assertNotIn("CONFIG_AMSOP_PORT_POSIX", d)

    def test_malformed_line_and_every_mistake_reported(self):
        frag = self.fragment("many.config",
                             "CONFIG_AMSOP_NAME_MAXX=40",
                             "AMSOP_IO_BUFFER_SIZE=256",
                             "CONFIG_AMSOP_BODY_MAX = 1024",
                             "CONFIG_AMSOP_HOST_MAX=100000",
                             "CONFIG_AMSOP_JSON_TOKENS=48")
        rc, msg, text = self.gen(frag)
        self.assertNotEqual(rc, 0)
        self.assertIsNone(text)
        for line, what in ((1, "CONFIG_AMSOP_NAME_MAXX"), (2, "AMSOP_IO_BUFFER_SIZE"),
                           (3, "CONFIG_AMSOP_BODY_MAX"), (4, "CONFIG_AMSOP_HOST_MAX")):
            self.assertIn("{}:{}: {}:".format(frag, line, what), msg)
        self.assertNotIn("{}:5:".format(frag), msg)  # the good line is not blamed
        self.assertIn("4 mistakes", msg)

    def test_header_replaced_only_when_changed(self):
        out = self.path("keep/amsop_config.h")
        rc, msg, _ = self.gen(out=out)
        self.assertEqual(rc, 0, msg)
        os.utime(out, ns=(1_000_000_000, 1_000_000_000))
        subprocess.run([PYTHON, SCRIPT, KCONFIG, out], env=clean_env(), check=True, timeout=60)
        self.assertEqual(os.stat(out).st_mtime_ns, 1_000_000_000, "unchanged header rewritten")
        # Control: a different value does replace it.
        frag = self.fragment("c.config", "CONFIG_AMSOP_NAME_MAX=40")
        subprocess.run([PYTHON, SCRIPT, "--config", frag, KCONFIG, out], env=clean_env(),
                       check=True, timeout=60)
        self.assertNotEqual(os.stat(out).st_mtime_ns, 1_000_000_000)
        # A refused fragment leaves the last good header alone.
        bad = self.fragment("bad.config", "CONFIG_AMSOP_NAME_MAX=4")
        r = subprocess.run([PYTHON, SCRIPT, "--config", bad, KCONFIG, out], env=clean_env(),
                           capture_output=True, timeout=60)
        self.assertNotEqual(r.returncode, 0)
        with open(out, encoding="utf-8") as f:
            self.assertEqual(defines(f.read())["CONFIG_AMSOP_NAME_MAX"], "40")

    def test_version_macros_equal_project_version(self):
        version = project_version()
        major, minor, patch = version.split(".")[:3]
        rc, msg, text = self.gen()  # no --version: read from CMakeLists.txt beside Kconfig
        self.assertEqual(rc, 0, msg)
        d = defines(text)
        self.assertEqual((d["AMSOP_VERSION_MAJOR"], d["AMSOP_VERSION_MINOR"],
                          d["AMSOP_VERSION_PATCH"]), (major, minor, patch))
        self.assertEqual(d["AMSOP_VERSION_STRING"], '"{}"'.format(version))
        # --version (what CMake passes) wins.
        rc, msg, text = self.gen(extra=["--version", "9.8.7"])
        self.assertEqual(rc, 0, msg)
        d = defines(text)
        self.assertEqual((d["AMSOP_VERSION_MAJOR"], d["AMSOP_VERSION_MINOR"],
                          d["AMSOP_VERSION_PATCH"], d["AMSOP_VERSION_STRING"]),
                         ("9", "8", "7", '"9.8.7"'))
        rc, msg, _ = self.gen(extra=["--version", "nine"])
        self.assertNotEqual(rc, 0)

    def test_committed_default_header_is_current(self):
        rc, msg, text = self.gen()
        self.assertEqual(rc, 0, msg)
        with open(os.path.join(SRC, "amsop_config.h"), encoding="utf-8") as f:
            self.assertEqual(f.read(), text, "amsop_config.h is stale: run make config-header")
        self.assertNotIn(SRC, text)  # deterministic: no paths


class SyntheticKconfig(Tmp):
    """Kconfig-level warnings, the version line, string and hex symbols."""

    def kconfig(self, text, version="1.2.3"):
        d = self.path("proj")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "Kconfig"), "w", encoding="utf-8") as f:
            f.write(text)
        if version:
            with open(os.path.join(d, "CMakeLists.txt"), "w", encoding="utf-8") as f:
                f.write("cmake_minimum_required(VERSION 3.16)\n"
                        "project(amsop VERSION {} LANGUAGES C)\n".format(version))
        return os.path.join(d, "Kconfig")

    BASE = ('config AMSOP_FLAG\n\tbool "flag"\n\tdefault y\n'
            'config AMSOP_LABEL\n\tstring "label"\n\tdefault "abc"\n'
            'config AMSOP_MASK\n\thex "mask"\n\trange 0x10 0xff\n\tdefault 0x20\n')

    def test_kconfig_warning_is_an_error(self):
        bad = self.kconfig(self.BASE + 'config AMSOP_ODD\n\tbool "odd"\n\trange 1 2\n')
        rc, msg, text = self.gen(kconfig=bad)
        self.assertNotEqual(rc, 0)
        self.assertIn("AMSOP_ODD", msg)
        self.assertIsNone(text)
        undef = self.kconfig(self.BASE + 'config AMSOP_DEP\n\tbool "dep"\n\tdepends on AMSOP_FLAGG\n')
        rc, msg, text = self.gen(kconfig=undef)
        self.assertNotEqual(rc, 0)
        self.assertIn("AMSOP_FLAGG", msg)
        ok = self.kconfig(self.BASE + 'config AMSOP_DEP\n\tbool "dep"\n\tdepends on AMSOP_FLAG\n')
        rc, msg, text = self.gen(kconfig=ok)  # control
        self.assertEqual(rc, 0, msg)
        ok = self.kconfig(self.BASE)  # control
        rc, msg, text = self.gen(kconfig=ok)
        self.assertEqual(rc, 0, msg)

    def test_assignment_without_effect(self):
        k = self.kconfig(self.BASE + 'config AMSOP_DEP\n\tbool "dep"\n\tdepends on AMSOP_FLAG\n')
        frag = self.fragment("dep.config", "# CONFIG_AMSOP_FLAG is not set", "CONFIG_AMSOP_DEP=y")
        rc, msg, text = self.gen(frag, kconfig=k)
        self.assertNotEqual(rc, 0)
        self.assertIn("{}:2: CONFIG_AMSOP_DEP: has no effect".format(frag), msg)
        self.assertIn("depends on AMSOP_FLAG", msg)
        frag = self.fragment("dep-ok.config", "CONFIG_AMSOP_FLAG=y", "CONFIG_AMSOP_DEP=y")
        rc, msg, text = self.gen(frag, kconfig=k)  # control
        self.assertEqual(rc, 0, msg)
        self.assertEqual(defines(text)["CONFIG_AMSOP_DEP"], "1")

    def test_version_read_from_cmakelists_beside_kconfig(self):
        k = self.kconfig(self.BASE, version="1.2.3")
        rc, msg, text = self.gen(kconfig=k)
        self.assertEqual(rc, 0, msg)
        d = defines(text)
        self.assertEqual((d["AMSOP_VERSION_MAJOR"], d["AMSOP_VERSION_MINOR"],
                          d["AMSOP_VERSION_PATCH"], d["AMSOP_VERSION_STRING"]),
                         ("1", "2", "3", '"1.2.3"'))
        os.remove(os.path.join(os.path.dirname(k), "CMakeLists.txt"))
        rc, msg, text = self.gen(kconfig=k)
        self.assertNotEqual(rc, 0)
        self.assertIn("CMakeLists.txt", msg)

    def test_string_and_hex(self):
        k = self.kconfig(self.BASE)
        frag = self.fragment("s.config", "CONFIG_AMSOP_LABEL=xyz")
        rc, msg, _ = self.gen(frag, kconfig=k)
        self.assertNotEqual(rc, 0)
        self.assertIn("{}:1: CONFIG_AMSOP_LABEL:".format(frag), msg)
        self.assertIn("quoted", msg)
        frag = self.fragment("h.config", "CONFIG_AMSOP_MASK=0x1ff")
        rc, msg, _ = self.gen(frag, kconfig=k)
        self.assertNotEqual(rc, 0)
        self.assertIn("{}:1: CONFIG_AMSOP_MASK:".format(frag), msg)
        frag = self.fragment("ok.config", 'CONFIG_AMSOP_LABEL="x\\"y"', "CONFIG_AMSOP_MASK=0x40")
        rc, msg, text = self.gen(frag, kconfig=k)  # control
        self.assertEqual(rc, 0, msg)
        d = defines(text)
        self.assertEqual(d["CONFIG_AMSOP_LABEL"], '"x\\"y"')
        self.assertEqual(d["CONFIG_AMSOP_MASK"], "0x40")


class CMakeConfigure(Tmp):
    """The whole project's configure step (cmake/kconfig.cmake)."""

    def configure(self, *defs, cwd=None):
        build = self.path("build")
        cmd = [CMAKE, "-S", SRC, "-B", build, "-DAMSOP_BUILD_TESTS=OFF"]
        if CC:
            cmd.append("-DCMAKE_C_COMPILER=" + CC)
        cmd += list(defs)
        r = subprocess.run(cmd, cwd=cwd or self.tmp, capture_output=True, text=True,
                           env=clean_env(), timeout=240)
        return r.returncode, r.stdout + r.stderr, os.path.join(build, "generated",
                                                               "amsop_config.h")

    def test_bad_fragment_fails_configure(self):
        frag = self.fragment("bad.config", "# bad", "CONFIG_AMSOP_NAME_MAXX=40",
                             "CONFIG_AMSOP_NAME_MAX=100000")
        rc, out, _ = self.configure("-DAMSOP_KCONFIG_CONFIG=" + frag)
        self.assertNotEqual(rc, 0, out)
        self.assertIn("{}:2: CONFIG_AMSOP_NAME_MAXX:".format(frag), out)
        self.assertIn("{}:3: CONFIG_AMSOP_NAME_MAX:".format(frag), out)
        self.assertNotIn("is python3-kconfiglib installed", out)
        self.assertNotIn("install python3-kconfiglib", out)

    def test_missing_kconfiglib_is_named(self):
        # A python3 without kconfiglib (no site-packages): the message says to
        # install python3-kconfiglib; the control is every other configure here.
        wrapper = self.path("python-no-site")
        with open(wrapper, "w", encoding="utf-8") as f:
            f.write('#!/bin/sh\nexec {} -S "$@"\n'.format(PYTHON))
        os.chmod(wrapper, 0o755)
        rc, out, _ = self.configure("-DAMSOP_SYSTEM_PYTHON=" + wrapper)
        self.assertNotEqual(rc, 0, out)
        self.assertIn("install python3-kconfiglib", out)

    def test_missing_relative_fragment_fails_configure(self):
        rc, out, _ = self.configure("-DAMSOP_KCONFIG_CONFIG=configs/no-such.config")
        self.assertNotEqual(rc, 0, out)
        self.assertIn(os.path.join(SRC, "configs", "no-such.config"), out.replace("\n  ", " "))

    def test_relative_fragment_from_outside_the_source_tree(self):
        # Positive control of the two above: the build dir is outside the source
        # tree and so is the current directory.
        rc, out, header = self.configure("-DAMSOP_KCONFIG_CONFIG=configs/small-ram.config",
                                         cwd=self.tmp)
        self.assertEqual(rc, 0, out)
        with open(header, encoding="utf-8") as f:
            d = defines(f.read())
        self.assertEqual(d["CONFIG_AMSOP_IO_BUFFER_SIZE"], "256")
        self.assertEqual(d["CONFIG_AMSOP_NAME_MAX"], "40")
        self.assertEqual(d["AMSOP_VERSION_STRING"], '"{}"'.format(project_version()))

    def test_subproject_relative_fragment(self):
        # add_subdirectory(amsop): the parent's set() is honoured, the relative
        # path is amsop's, the header lands in amsop's binary dir.
        parent = self.path("parent")
        os.makedirs(parent)
        with open(os.path.join(parent, "CMakeLists.txt"), "w", encoding="utf-8") as f:
            f.write("cmake_minimum_required(VERSION 3.16)\nproject(parent C)\n"
                    "set(AMSOP_KCONFIG_CONFIG configs/small-ram.config)\n"
                    "add_subdirectory(${AMSOP_SRC} amsop)\n")
        build = self.path("parent-build")
        cmd = [CMAKE, "-S", parent, "-B", build, "-DAMSOP_SRC=" + SRC, "-DAMSOP_BUILD_TESTS=OFF"]
        if CC:
            cmd.append("-DCMAKE_C_COMPILER=" + CC)
        r = subprocess.run(cmd, cwd=self.tmp, capture_output=True, text=True, env=clean_env(),
                           timeout=240)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        with open(os.path.join(build, "amsop", "generated", "amsop_config.h"),
                  encoding="utf-8") as f:
            self.assertEqual(defines(f.read())["CONFIG_AMSOP_IO_BUFFER_SIZE"], "256")


class Menuconfig(Tmp):
    """`make menuconfig CONFIG=...` starts, saves with S, quits with Q."""

    def test_menuconfig_saves_and_quits(self):
        if not shutil.which("make"):
            self.skipTest("make not installed")
        cfg = self.path("edit.config")
        shutil.copy(os.path.join(SRC, "configs", "small-ram.config"), cfg)
        with open(cfg, encoding="utf-8") as f:
            before = f.read()
        env = dict(clean_env(), TERM="xterm")
        env.pop("MAKEFLAGS", None)
        env.pop("MFLAGS", None)
        pid, fd = pty.fork()
        if pid == 0:  # child
            try:
                os.chdir(SRC)
                os.execvpe("make", ["make", "-s", "menuconfig", "CONFIG=" + cfg], env)
            finally:
                os._exit(127)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        screen = [b""]
        log = [b""]
        deadline = time.monotonic() + 60

        def read_until(pattern, seconds):
            end = min(deadline, time.monotonic() + seconds)
            while time.monotonic() < end:
                r, _, _ = select.select([fd], [], [], 0.2)
                if not r:
                    continue
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    return None  # the child closed the terminal
                if not data:
                    return None
                screen[0] += data
                log[0] += data
                plain = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b" ", screen[0])
                if pattern and re.search(pattern, plain):
                    screen[0] = b""
                    return True
            return False

        try:
            self.assertTrue(read_until(rb"Result fields", 20), "menuconfig did not draw its menu")
            os.write(fd, b"S")
            self.assertTrue(read_until(rb"Filename to save", 10), "no save dialog")
            os.write(fd, b"\r")  # accept the prefilled file name (CONFIG)
            self.assertTrue(read_until(rb"saved", 10), "no 'saved' message")
            os.write(fd, b"\r")  # close the message
            read_until(None, 0.5)
            os.write(fd, b"Q")
            got = read_until(rb"Save configuration\?", 5)
            if got:
                os.write(fd, b"y")
            read_until(rb"\Z\A", 15)  # until it exits
        finally:
            if os.waitpid(pid, os.WNOHANG) == (0, 0):  # still running: stop make and menuconfig
                os.killpg(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            os.close(fd)
        text = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b" ", log[0]).decode("utf-8", "replace")
        self.assertIn("Build with it: make CONFIG=" + cfg, text)
        with open(cfg, encoding="utf-8") as f:
            after = f.read()
        self.assertNotEqual(after, before, "menuconfig did not write " + cfg)
        self.assertIn("CONFIG_AMSOP_AAD_TOKEN_BUFFER_SIZE=", after)  # a full .config now
        # It still validates and keeps the preset's values.
        d = self.assertAccepted(cfg)
        self.assertEqual(d["CONFIG_AMSOP_IO_BUFFER_SIZE"], "256")
        self.assertNotIn("CONFIG_AMSOP_ERR_TEXTS", d)


if __name__ == "__main__":
    unittest.main(verbosity=2)
