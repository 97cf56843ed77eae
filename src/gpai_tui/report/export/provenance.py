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

from gpai_tui.errors import GpaiError
from gpai_tui.report.export.content import GitInfo, HistoryDot

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


HISTORY_LIMIT = 500
"""The most commits a chart reads (the newest ones)."""


def history_dots(path: Path) -> tuple[HistoryDot, ...]:
    """The readable points of ``gpai history FILE`` (oldest first, at most
    :data:`HISTORY_LIMIT`), or ``()`` outside git or when git fails."""
    from gpai_tui.engine.history import history, organisation_reader
    from gpai_tui.gitutil import Commit, file_log, repo_path, show_files

    try:
        root, rel = repo_path(path)
        commits = file_log(root, rel, HISTORY_LIMIT)
        if not commits:
            return ()
        fetched = show_files(root, [(c.id, c.path) for c in commits])
        blobs = {c.id: data for c, data in zip(commits, fetched, strict=True)}

        def read(commit: Commit) -> bytes:
            data = blobs.get(commit.id)
            if data is None:
                raise GpaiError(f"{commit.short}: {commit.path} is missing")
            return data

        points = history(commits, read, organisation_reader(root, path))
    except GpaiError:
        return ()
    return tuple(
        HistoryDot(p.commit.id, p.as_of, p.overall) for p in points if p.overall is not None
    )
