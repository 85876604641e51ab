# SPDX-License-Identifier: MIT
"""Repository checks: self-contained, licensed, named by subject, and the
package lists the README documents are the ones the Makefile installs.

Each check is a function over file contents, run on a sample that must fail
(the positive control: it shows the check can see the mistake) and then on
every tracked file.
"""
import os
import re
import subprocess
import unittest

import repo_files as R

# Built from pieces so this file does not name what it forbids.
_UP = ".." + "/"
OUTSIDE_PATH = re.compile(re.escape(_UP) + r"shared\b|(?<![\w.~-])/(?:work|home|root)/")
ISSUE_REF = re.compile(r"\bissues?\s*#?\d+", re.IGNORECASE)
SPDX = "SPDX-License-Identifier: " + "MIT"


def outside_paths(text):
    """Lines naming a path outside the repository (the shared folder beside
    the clone, an absolute home or work directory)."""
    return [n for n, line in enumerate(text.splitlines(), 1) if OUTSIDE_PATH.search(line)]


def has_spdx(text):
    return any(SPDX in line for line in text.splitlines()[:5])


def issue_refs(text):
    """Lines that name a thing by the piece of work that added it."""
    return [n for n, line in enumerate(text.splitlines(), 1) if ISSUE_REF.search(line)]


def make_vars(target):
    out = subprocess.run(["make", "-s", "--no-print-directory", "-C", R.ROOT, target],
                         check=True, stdout=subprocess.PIPE, text=True).stdout
    return dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)


class SelfContained(unittest.TestCase):
    def test_control_outside_paths_are_seen(self):
        self.assertEqual(outside_paths("a\n" + _UP + "shared/vectors/x.json\n"), [2])
        self.assertEqual(outside_paths("cfg = '/" + "work/shared/bench'"), [1])
        self.assertEqual(outside_paths("HOME=/" + "home/dev/amsop"), [1])
        self.assertEqual(outside_paths("/" + "root/.cache/x"), [1])
        self.assertEqual(outside_paths("/usr/share/ca-certificates ~/.cache/x tests/vectors"), [])

    def test_no_tracked_file_names_an_outside_path(self):
        bad = []
        for path in R.tracked_files():
            for n in outside_paths(R.read_text(path)):
                bad.append("%s:%d" % (path, n))
        self.assertEqual(bad, [], "files naming a path outside the repository")

    def test_vectors_are_in_the_repository(self):
        vectors = [p for p in R.tracked_files() if p.startswith("tests/vectors/")]
        self.assertIn("tests/vectors/operation-inprogress.json", vectors)
        self.assertIn("tests/vectors/operation-failed.json", vectors)
        cmake = R.read_text("tests/unit/CMakeLists.txt")
        self.assertIn('AMSOP_VECTORS_DIR="${PROJECT_SOURCE_DIR}/tests/vectors"', cmake)


class Licence(unittest.TestCase):
    def test_control_missing_spdx_is_seen(self):
        self.assertFalse(has_spdx("/* a file */\nint x;\n"))
        self.assertFalse(has_spdx("\n" * 6 + "/* " + SPDX + " */"))
        self.assertTrue(has_spdx("/* " + SPDX + " */\nint x;\n"))
        self.assertTrue(has_spdx("#!/bin/sh\n# " + SPDX + "\n"))

    def test_every_source_file_has_an_spdx_line(self):
        sources = [p for p in R.tracked_files() if R.is_source(p)]
        self.assertGreater(len(sources), 100)
        missing = [p for p in sources if not has_spdx(R.read_text(p))]
        self.assertEqual(missing, [], "source files without '%s' in their first 5 lines" % SPDX)

    def test_licence_and_changelog(self):
        text = R.read_text("LICENSE")
        self.assertTrue(text.startswith("MIT License"))
        self.assertIn("Permission is hereby granted, free of charge", text)
        version = re.search(r"project\(amsop VERSION (\d+\.\d+\.\d+)",
                            R.read_text("CMakeLists.txt")).group(1)
        self.assertRegex(R.read_text("CHANGELOG.md"), r"(?m)^## %s\b" % re.escape(version))


class NamedBySubject(unittest.TestCase):
    def test_control_issue_reference_is_seen(self):
        word = "iss" + "ue"  # spelt in pieces so this file passes its own check
        sample = 'menu "Reliability (%s 3)"\n# fine\n# see %s #12' % (word, word.title())
        self.assertEqual(issue_refs(sample), [1, 3])
        self.assertEqual(issue_refs("# what an issuer signs; 3 issues"), [])

    def test_no_file_is_named_after_a_piece_of_work(self):
        bad = []
        for path in R.tracked_files():
            if path == "CHANGELOG.md" or path.startswith(R.NOT_SOURCE_DIRS):
                continue
            bad += ["%s:%d" % (path, n) for n in issue_refs(R.read_text(path))]
        self.assertEqual(bad, [], "say what a thing is, not which issue added it")


class TlsConfiguration(unittest.TestCase):
    """The mbedTLS configuration a product starts from lives with the TLS
    port and says what each trade gives up."""

    CONFIG = "port/tls/mbedtls/amsop_mbedtls_config.h"

    def test_lives_with_the_tls_port(self):
        files = R.tracked_files()
        self.assertIn(self.CONFIG, files)
        strays = [p for p in files if p.endswith("mbedtls_config.h") and not p.startswith("port/")]
        self.assertEqual(strays, [])
        self.assertIn('"port", "tls", "mbedtls"', R.read_text("tools/size/whole_client.py"))

    def test_trades_are_commented(self):
        text = R.read_text(self.CONFIG)
        self.assertRegex(text, r"validity period is NOT checked")
        # Each block of defines opens with a comment, or each define has one.
        blocks = re.split(r"\n\s*\n", text)
        for block in blocks:
            lines = [l for l in block.splitlines() if l.startswith("#define")]
            if not lines:
                continue
            commented = "/*" in block.split("#define", 1)[0] or all("/*" in l for l in lines)
            self.assertTrue(commented, "no comment says why:\n" + block)


class Packages(unittest.TestCase):
    """`make demo` installs only DEMO_PACKAGES; the README lists both sets."""

    HEAVY = {"gcc-arm-none-eabi", "gcc-riscv64-unknown-elf", "clang", "clang-14", "cppcheck",
             "libcmocka-dev", "valgrind", "liblwip-dev", "libclang-rt-14-dev"}

    def test_demo_installs_only_what_it_needs(self):
        pk = make_vars("print-packages")
        demo, check = set(pk["demo"].split()), set(pk["check"].split())
        self.assertTrue({"cmake", "gcc", "libmbedtls-dev", "libjsmn-dev", "openssl",
                         "python3-kconfiglib"} <= demo)
        self.assertEqual(demo & self.HEAVY, set())
        self.assertTrue(self.HEAVY <= check)
        # What `make demo` would run: its one install step names DEMO_PACKAGES.
        plan = subprocess.run(["make", "-n", "-C", R.ROOT, "demo"], check=True,
                              stdout=subprocess.PIPE, text=True).stdout
        installs = [l for l in plan.splitlines() if "ensure_deps.sh" in l]
        self.assertEqual(len(installs), 1, plan)
        self.assertEqual(set(installs[0].split("ensure_deps.sh", 1)[1].split()), demo)

    def test_readme_lists_both_sets(self):
        pk = make_vars("print-packages")
        readme = R.read_text("README.md")
        for which in ("demo", "check"):
            m = re.search(r"(?m)^    %s packages: (.*(?:\n {6,}.*)*)" % which, readme)
            self.assertIsNotNone(m, "README has no '    %s packages:' list" % which)
            self.assertEqual(sorted(m.group(1).split()), sorted(pk[which].split()), which)


if __name__ == "__main__":
    unittest.main()
