# SPDX-License-Identifier: MIT
"""The repository's own files, as a clone has them (standard library only).

One place for what the repository checks (test_repo.py) need: the list of
tracked files and which of them are source, i.e. must carry an SPDX line.
"""
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Source and build files by extension or name; data (JSON, fuzz inputs) and
# prose (Markdown, LICENSE) are not.
SOURCE_EXTENSIONS = {".c", ".h", ".py", ".sh", ".cmake", ".mk", ".kconfig", ".config", ".ld",
                     ".in"}
SOURCE_NAMES = {"CMakeLists.txt", "Makefile", "Kconfig", "run", ".clang-format", ".gitignore"}
NOT_SOURCE_DIRS = ("tests/fuzz/corpus/", "tests/fuzz/regressions/")


def tracked_files(root=ROOT):
    """Paths relative to root: git's list in a checkout, else every file."""
    if os.path.exists(os.path.join(root, ".git")):  # a directory, or a worktree's file
        out = subprocess.run(["git", "-C", root, "ls-files", "-z"], check=True,
                             stdout=subprocess.PIPE).stdout
        return sorted(p for p in out.decode().split("\0") if p)
    files = []
    for d, subdirs, names in os.walk(root):
        subdirs[:] = [s for s in subdirs if not s.startswith("build") and s != "__pycache__"]
        files += [os.path.relpath(os.path.join(d, n), root) for n in names]
    return sorted(files)


def is_source(path):
    if path.startswith(NOT_SOURCE_DIRS):
        return False
    name = os.path.basename(path)
    return name in SOURCE_NAMES or os.path.splitext(name)[1] in SOURCE_EXTENSIONS


def read_text(path, root=ROOT):
    with open(os.path.join(root, path), "rb") as f:
        return f.read().decode("utf-8", errors="replace")
