"""The git commit a workbook is exported from, found without side effects.

Two read-only git calls, each with a timeout: ``rev-parse --verify HEAD`` for the
commit, and ``cat-file blob HEAD:./NAME`` to compare the committed bytes with the
bytes being exported. Comparing bytes ourselves (rather than ``git diff`` or
``git status``) runs no diff drivers, textconv filters or fsmonitor hooks of the
repository, takes no lock, and says exactly whether the export matches the commit.
Any failure (no git, not a repository, no commit yet, timeout) means "no commit".
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from gpai_tui.report.export.content import GitInfo

TIMEOUT = 5.0
"""Seconds each git call may take."""


def _git(folder: Path, *args: str) -> bytes | None:
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            ["git", "-c", "core.fsmonitor=false", "-C", str(folder), *args],
            capture_output=True,
            timeout=TIMEOUT,
            env=env,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def git_info(path: Path, data: bytes) -> GitInfo | None:
    """The commit of the repository holding ``path``, and whether ``data`` is what it holds.

    ``data`` are the workbook bytes being exported. Returns ``None`` outside a git
    repository (or when git is missing, slow, or the repository has no commit).
    """
    path = Path(path).absolute()
    folder = path.parent
    head = _git(folder, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    if head is None:
        return None
    commit = head.decode("ascii", "replace").strip()
    try:
        info = GitInfo(commit, "clean")
    except ValueError:
        return None
    committed = _git(folder, "cat-file", "blob", f"HEAD:./{path.name}")
    if committed is None:
        return GitInfo(info.commit, "untracked")
    return info if committed == data else GitInfo(info.commit, "modified")
