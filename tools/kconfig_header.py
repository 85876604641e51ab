#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Write amsop_config.h from Kconfig and an optional .config fragment.

Used by CMake and by the firmware builds so that every size and timeout has
exactly one definition: the Kconfig file.

usage: kconfig_header.py [--config FRAGMENT] [--version X.Y.Z] KCONFIG OUTPUT_HEADER

  --config FRAGMENT  values to use instead of the defaults (a defconfig-style
                     fragment such as configs/small-ram.config, or a full
                     .config written by menuconfig). Without it the
                     KCONFIG_CONFIG environment variable names the fragment;
                     neither (or an empty KCONFIG_CONFIG) means the defaults.
  --version X.Y.Z    the project version for AMSOP_VERSION_*; without it the
                     project(amsop VERSION x.y.z) line of the CMakeLists.txt
                     beside KCONFIG is read.

The fragment is refused (exit status 1, OUTPUT_HEADER left alone) when it is
missing or unreadable, or when a line is malformed, names an unknown symbol,
gives a value of the wrong type or outside the symbol's range, assigns a
symbol twice with different values, selects two entries of one choice, or
does not take effect. Each mistake is reported as FILE:LINE: CONFIG_X: reason.
Any warning kconfiglib emits while reading Kconfig or the fragment is an
error too. Exit status 3: kconfiglib cannot be imported.
The header is replaced only when its contents change.
"""
import argparse
import difflib
import os
import re
import sys
import tempfile

try:
    import kconfiglib
except ImportError as e:  # pragma: no cover - depends on the host
    sys.stderr.write("kconfig_header.py: cannot import kconfiglib ({}): "
                     "install python3-kconfiglib (apt-get install python3-kconfiglib) "
                     "and run with /usr/bin/python3\n".format(e))
    sys.exit(3)

HEADER_TOP = ("/* SPDX-License-Identifier: MIT */\n"
              "/* Generated from Kconfig by tools/kconfig_header.py. Do not edit. */\n"
              "#ifndef AMSOP_CONFIG_H\n"
              "#define AMSOP_CONFIG_H\n")
HEADER_END = "#endif\n"

_INT_RE = re.compile(r"-?[0-9]+\Z")
_HEX_RE = re.compile(r"(0[xX])?[0-9a-fA-F]+\Z")
_STRING_RE = re.compile(r'"((?:[^\\"]|\\.)*)"\Z')
_VERSION_RE = re.compile(r"[0-9]+(\.[0-9]+){0,3}\Z")
_PROJECT_RE = re.compile(r"\bproject\s*\(\s*amsop\b[^)]*?\bVERSION\s+([0-9][0-9.]*)",
                         re.IGNORECASE | re.DOTALL)


class Mistakes:
    """Collects FILE:LINE: CONFIG_X: reason lines, at most one per line."""

    def __init__(self, filename):
        self.filename = filename
        self.by_line = {}
        self.general = []

    def add(self, linenr, what, reason):
        if linenr in self.by_line:
            return
        self.by_line[linenr] = "{}:{}: {}: {}".format(self.filename, linenr, what, reason)

    def lines(self):
        return self.general + [self.by_line[k] for k in sorted(self.by_line)]


def type_name(sym):
    return kconfiglib.TYPE_TO_STR[sym.orig_type]


def active_range(sym):
    """The (low, high) range in effect for an int/hex symbol, or None."""
    base = 16 if sym.orig_type is kconfiglib.HEX else 10
    for low, high, cond in sym.ranges:
        if kconfiglib.expr_value(cond):
            try:
                return int(low.str_value, base), int(high.str_value, base)
            except ValueError:
                return None
    return None


def normalise(sym, raw):
    """(value, reason): the assigned value in a comparable form, or why it is wrong."""
    t = sym.orig_type
    if t is kconfiglib.BOOL:
        if raw not in ("y", "n"):
            return None, "'{}' is not a bool value (y or n)".format(raw)
        return raw, None
    if t is kconfiglib.TRISTATE:
        if raw not in ("y", "m", "n"):
            return None, "'{}' is not a tristate value (y, m or n)".format(raw)
        return raw, None
    if t is kconfiglib.STRING:
        m = _STRING_RE.match(raw)
        if not m:
            return None, "{} is not a quoted string (write CONFIG_{}=\"...\")".format(
                raw if raw else "an empty value", sym.name)
        return kconfiglib.unescape(m.group(1)), None
    if t in (kconfiglib.INT, kconfiglib.HEX):
        base = 16 if t is kconfiglib.HEX else 10
        if not (_INT_RE if base == 10 else _HEX_RE).match(raw):
            return None, "'{}' is not {} value".format(
                raw, "an integer" if base == 10 else "a hex")
        value = int(raw, base)
        rng = active_range(sym)
        if rng and not rng[0] <= value <= rng[1]:
            return None, "{} is outside the range {}..{} (Kconfig {}:{})".format(
                raw, rng[0], rng[1], sym.nodes[0].filename, sym.nodes[0].linenr)
        return value, None
    return None, "has no type in Kconfig"


def final_value(sym):
    v = sym.str_value
    if sym.orig_type in (kconfiglib.INT, kconfiglib.HEX):
        try:
            return int(v, 16 if sym.orig_type is kconfiglib.HEX else 10)
        except ValueError:
            return v
    return v


def parse_fragment(kconf, path, text, mistakes):
    """Checks every line of the fragment; returns {sym: (value, linenr)} of good lines."""
    prefix = kconf.config_prefix
    set_re = re.compile(r"{}([A-Za-z0-9_]+)=(.*)\Z".format(re.escape(prefix)))
    unset_re = re.compile(r"# {}([A-Za-z0-9_]+) is not set\Z".format(re.escape(prefix)))
    known = sorted(s.name for s in kconf.unique_defined_syms)
    assigned = {}  # sym -> (last value, linenr)
    chosen = {}  # choice -> (sym, linenr)
    labels = {}  # linenr -> what the line assigns, for kconfiglib's warnings
    for linenr, line in enumerate(text.splitlines(), 1):
        line = line.rstrip()
        guess = re.match(r"\s*(?:#\s*)?([A-Za-z0-9_]+)", line)
        labels[linenr] = guess.group(1) if guess else "line"
        m = set_re.match(line)
        if m:
            name, raw = m.groups()
        else:
            m = unset_re.match(line)
            if not m:
                if line and not line.lstrip().startswith("#"):
                    mistakes.add(linenr, labels[linenr],
                                 "malformed line '{}' (expected {}NAME=value, "
                                 "'# {}NAME is not set', a comment or a blank line)"
                                 .format(line, prefix, prefix))
                continue
            name, raw = m.group(1), None
        what = prefix + name
        sym = kconf.syms.get(name)
        if sym is None or not sym.nodes:
            near = difflib.get_close_matches(name, known, n=1)
            mistakes.add(linenr, what, "unknown symbol (not defined in Kconfig{})".format(
                "; did you mean {}{}?".format(prefix, near[0]) if near else ""))
            continue
        if raw is None:
            if sym.orig_type not in (kconfiglib.BOOL, kconfiglib.TRISTATE):
                mistakes.add(linenr, what, "'is not set' applies to bool symbols; this one is {}"
                             .format(type_name(sym)))
                continue
            value = "n"
        else:
            value, reason = normalise(sym, raw)
            if reason:
                mistakes.add(linenr, what, reason)
                continue
        if sym in assigned and assigned[sym][0] != value:
            mistakes.add(linenr, what, "assigned again with a different value ({!r} here, "
                         "{!r} at line {})".format(value, assigned[sym][0], assigned[sym][1]))
            continue
        if sym.choice is not None and value == "y":
            prev = chosen.get(sym.choice)
            if prev and prev[0] is not sym:
                mistakes.add(linenr, what, "choice {} already selects {}{} at line {}".format(
                    sym.choice.name or "(unnamed)", prefix, prev[0].name, prev[1]))
                continue
            chosen[sym.choice] = (sym, linenr)
        assigned.setdefault(sym, (value, linenr))
    return assigned, labels


def load_fragment(kconf, path, mistakes):
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        mistakes.general.append("{}: config fragment not found".format(path))
        return
    except (OSError, UnicodeDecodeError) as e:
        mistakes.general.append("{}: cannot read the config fragment ({})".format(path, e))
        return
    assigned, labels = parse_fragment(kconf, path, text, mistakes)

    # kconfiglib reads it too, without the lines already refused (blanked, so
    # the line numbers stay); anything it warns about is a mistake.
    kept = "".join("\n" if ln in mistakes.by_line else line + "\n"
                   for ln, line in enumerate(text.splitlines(), 1))
    kconf.warn_assign_undef = True
    kconf.warn_assign_override = True
    kconf.warn_assign_redun = False  # the same value twice is harmless
    before = len(kconf.warnings)
    fd, tmp = tempfile.mkstemp(prefix="amsop-fragment.", suffix=".config")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(kept)
        kconf.load_config(tmp, replace=True)
    finally:
        os.unlink(tmp)
    for w in kconf.warnings[before:]:
        m = re.match(r"(.*):([0-9]+): warning: (.*)\Z", w, re.DOTALL)
        if m and m.group(1) == tmp:
            ln = int(m.group(2))
            mistakes.add(ln, labels.get(ln, "line"), "kconfiglib: " + m.group(3))
        else:
            mistakes.general.append("{}: kconfiglib: {}".format(
                path, w[len("warning: "):] if w.startswith("warning: ") else w))

    # Every accepted assignment must have taken effect (a value kconfiglib
    # clamps, an invisible symbol, a choice that selects something else).
    for sym, (value, ln) in assigned.items():
        got = final_value(sym)
        if got == value:
            continue
        if not sym.visibility:
            why = "has no effect: the symbol is not visible (depends on {})".format(
                kconfiglib.expr_str(sym.direct_dep))
        elif sym.choice is not None and value == "n" and sym.choice.selection is sym:
            why = ("has no effect: choice {} needs one entry =y and still selects this one "
                   "(set another entry =y instead)".format(sym.choice.name or "(unnamed)"))
        elif sym.choice is not None and sym.choice.selection is not None:
            why = "has no effect: choice {} selects {}{}".format(
                sym.choice.name or "(unnamed)", kconf.config_prefix, sym.choice.selection.name)
        else:
            why = "has no effect: the value is {!r}, not {!r}".format(got, value)
        mistakes.add(ln, kconf.config_prefix + sym.name, why)


def project_version(kconfig_path):
    cml = os.path.join(os.path.dirname(os.path.abspath(kconfig_path)), "CMakeLists.txt")
    try:
        with open(cml, encoding="utf-8") as f:
            m = _PROJECT_RE.search(f.read())
    except OSError as e:
        raise SystemExit("kconfig_header.py: no --version given and {} cannot be read ({})"
                         .format(cml, e))
    if not m:
        raise SystemExit("kconfig_header.py: no --version given and no "
                         "project(amsop VERSION x.y.z) in {}".format(cml))
    return m.group(1)


def version_defines(version):
    if not _VERSION_RE.match(version):
        raise SystemExit("kconfig_header.py: version '{}' is not x.y.z".format(version))
    parts = [int(p) for p in version.split(".")] + [0, 0]
    return [("AMSOP_VERSION_MAJOR", str(parts[0])), ("AMSOP_VERSION_MINOR", str(parts[1])),
            ("AMSOP_VERSION_PATCH", str(parts[2])),
            ("AMSOP_VERSION_STRING", '"{}"'.format(version))]


def header_text(kconf, version):
    """The header, macros aligned as clang-format (AlignConsecutiveMacros) would."""
    defs = version_defines(version)
    prefix = kconf.config_prefix
    for sym in kconf.unique_defined_syms:
        val = sym.str_value
        if not sym.config_string:
            continue
        if sym.orig_type in (kconfiglib.BOOL, kconfiglib.TRISTATE):
            if val == "y":
                defs.append((prefix + sym.name, "1"))
            elif val == "m":
                defs.append((prefix + sym.name + "_MODULE", "1"))
        elif sym.orig_type is kconfiglib.STRING:
            defs.append((prefix + sym.name, '"{}"'.format(kconfiglib.escape(val))))
        else:
            if sym.orig_type is kconfiglib.HEX and not val.startswith(("0x", "0X")):
                val = "0x" + val
            defs.append((prefix + sym.name, val))
    width = max(len(n) for n, _ in defs)
    body = "".join("#define {} {}\n".format(n.ljust(width), v) for n, v in defs)
    return HEADER_TOP + body + HEADER_END


def write_if_changed(out, text):
    old = None
    try:
        with open(out, encoding="utf-8") as f:
            old = f.read()
    except OSError:
        pass
    if old == text:
        return
    d = os.path.dirname(os.path.abspath(out))
    os.makedirs(d, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".amsop_config.", dir=d)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="kconfig_header.py",
        usage="%(prog)s [--config FRAGMENT] [--version X.Y.Z] KCONFIG OUTPUT_HEADER",
        description="Write amsop_config.h from Kconfig; see the top of this script.")
    ap.add_argument("--config", default=None)
    ap.add_argument("--version", default=None)
    ap.add_argument("kconfig")
    ap.add_argument("output")
    args = ap.parse_args(argv)

    fragment = args.config if args.config is not None else os.environ.get("KCONFIG_CONFIG", "")
    version = args.version or project_version(args.kconfig)

    if not os.path.isfile(args.kconfig):
        sys.stderr.write("kconfig_header.py: {}: Kconfig file not found\n".format(args.kconfig))
        return 1
    # A Kconfig that refers to a symbol it never defines (a misspelt
    # `depends on`) is a mistake too: kconfiglib warns only when asked.
    os.environ["KCONFIG_WARN_UNDEF"] = "y"
    try:
        kconf = kconfiglib.Kconfig(args.kconfig, warn_to_stderr=False)
    except kconfiglib.KconfigError as e:
        sys.stderr.write("kconfig_header.py: {}\n".format(e))
        return 1
    problems = ["{}: kconfiglib: {}".format(args.kconfig, w) for w in kconf.warnings]

    mistakes = Mistakes(fragment)
    if fragment:
        load_fragment(kconf, fragment, mistakes)
    problems += mistakes.lines()
    if problems:
        for p in problems:
            sys.stderr.write(p + "\n")
        sys.stderr.write("kconfig_header.py: {} mistake{} {}; {} not written\n".format(
            len(problems), "" if len(problems) == 1 else "s",
            "in " + fragment if fragment else "in Kconfig", args.output))
        return 1
    write_if_changed(args.output, header_text(kconf, version))
    return 0


if __name__ == "__main__":
    sys.exit(main())
