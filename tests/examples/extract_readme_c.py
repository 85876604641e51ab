#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the README's C example into a compilable file, so the build breaks
when the documented API and the real one drift apart.
usage: extract_readme_c.py README.md OUT.c"""
import re
import sys


def main() -> int:
    text = open(sys.argv[1], encoding="utf-8").read()
    blocks = re.findall(r"```c\n(.*?)```", text, re.S)
    if not blocks:
        print("README.md has no ```c block", file=sys.stderr)
        return 1
    prologue = ("/* Generated from README.md by tests/examples/extract_readme_c.py. */\n"
                "#include <string.h>\n"
                "void report_state(const char *status, const char *code);\n"
                "amsop_err_t follow(const char *endpoint, const char *token, const char *url);\n")
    body = blocks[0]
    # Includes first, then the helpers the snippet assumes, then the rest.
    includes = "".join(l + "\n" for l in body.splitlines() if l.startswith("#include"))
    rest = "".join(l + "\n" for l in body.splitlines() if not l.startswith("#include"))
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write(includes + prologue + rest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
