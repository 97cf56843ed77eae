"""Run git for the git-native commands (diff --rev, history, git-setup).

Every failure becomes a :class:`gpai_tui.errors.GpaiError` (exit code 2) with a
message for people: git missing, not inside a repository, an unknown revision,
a file that does not exist at a revision, or git taking too long. git is run
with a timeout, without a terminal prompt, and never through a shell.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from gpai_tui.errors import GpaiError

TIMEOUT = 60.0
"""Seconds one git call may take before it is stopped."""


class GitError(GpaiError):
    """git is missing, the folder is not a repository, or a git call failed."""


def git_executable() -> str:
    """The path of the ``git`` program, or a clear error when git is not installed."""
    found = shutil.which("git")
    if found is None:
        raise GitError(
            "git is not installed or not on PATH; the git commands (diff --rev, history, "
            "git-setup) need it"
        )
    return found


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["GIT_TERMINAL_PROMPT"] = "0"
    env.setdefault("GIT_PAGER", "cat")
    # Messages we parse are git's own; keep them in English.
    env["LC_ALL"] = "C"
    env["LANGUAGE"] = "C"
    return env


def run_git(
    args: Sequence[str],
    cwd: Path,
    *,
    check: bool = True,
    timeout: float = TIMEOUT,
    input: bytes | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``git ARGS`` in ``cwd`` and return the completed process (bytes out/err).

    With ``check`` a non-zero exit raises :class:`GitError` quoting git's message.
    """
    git = git_executable()
    if not cwd.is_dir():
        raise GitError(f"{cwd}: no such folder")
    try:
        proc = subprocess.run(
            [git, "-c", "core.quotepath=false", *args],
            cwd=cwd,
            env=_env(),
            input=input if input is not None else b"",
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took longer than {timeout:g} seconds; stopped") from None
    except OSError as exc:
        raise GitError(f"git could not be run ({exc.strerror or exc})") from None
    if check and proc.returncode != 0:
        raise GitError(f"git {args[0]} failed: {_first_line(proc.stderr)}")
    return proc


def _first_line(data: bytes) -> str:
    text = data.decode("utf-8", "replace").strip()
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not lines:
        return "no message"
    line = lines[0].removeprefix("fatal: ").removeprefix("error: ")
    return line[:300]


def repo_root(start: Path) -> Path:
    """The top folder of the git work tree holding ``start`` (a file or folder)."""
    folder = start if start.is_dir() else start.parent
    if not str(folder):
        folder = Path(".")
    if not folder.is_dir():
        raise GitError(f"{folder}: no such folder")
    proc = run_git(["rev-parse", "--show-toplevel"], folder, check=False)
    if proc.returncode != 0:
        message = _first_line(proc.stderr)
        if "not a git repository" in message:
            raise GitError(f"{folder.resolve()} is not inside a git repository")
        raise GitError(f"git rev-parse failed: {message}")
    return Path(proc.stdout.decode("utf-8", "replace").strip())


def repo_path(file: Path) -> tuple[Path, str]:
    """``(root, path)``: the repository holding ``file`` and ``file`` relative to it (``/``)."""
    root = repo_root(file)
    absolute = (file.parent.resolve() / file.name) if str(file.parent) else file.resolve()
    try:
        relative = absolute.relative_to(root.resolve())
    except ValueError:
        raise GitError(f"{file} is not inside the repository at {root}") from None
    return root, relative.as_posix()


def resolve_rev(root: Path, rev: str) -> str:
    """The full commit id of revision ``rev``, or a clear error."""
    if not rev or rev.startswith("-"):
        raise GitError(f"{rev!r} is not a revision")
    proc = run_git(
        ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"],
        root,
        check=False,
    )
    if proc.returncode != 0:
        raise GitError(f"unknown revision {rev!r} in {root}")
    return proc.stdout.decode().strip()


def merge_base(root: Path, a: str, b: str) -> str:
    """The best common ancestor of two commits."""
    proc = run_git(["merge-base", a, b], root, check=False)
    if proc.returncode != 0:
        raise GitError(f"{a} and {b} have no common ancestor")
    return proc.stdout.decode().strip()


def show_file(root: Path, commit: str, path: str) -> bytes:
    """The bytes of ``path`` (relative to ``root``) as committed in ``commit``."""
    proc = run_git(["cat-file", "blob", f"{commit}:{path}"], root, check=False)
    if proc.returncode != 0:
        raise GitError(f"{path} does not exist at {commit[:12]}")
    return proc.stdout


def show_files(root: Path, specs: Sequence[tuple[str, str]]) -> list[bytes | None]:
    """The bytes of many ``(commit, path)`` pairs in one git call (``None``: missing)."""
    if not specs:
        return []
    for _, path in specs:
        if "\n" in path:
            raise GitError(f"{path!r}: file names with newlines are not supported")
    request = "".join(f"{commit}:{path}\n" for commit, path in specs).encode("utf-8")
    timeout = TIMEOUT + len(specs) * 0.05
    proc = run_git(["cat-file", "--batch"], root, input=request, timeout=timeout)
    out: list[bytes | None] = []
    data = proc.stdout
    pos = 0
    for _ in specs:
        end = data.index(b"\n", pos)
        header = data[pos:end].split()
        pos = end + 1
        if len(header) != 3 or header[1] != b"blob":
            out.append(None)  # "<spec> missing", or not a file
            if len(header) == 3 and header[2].isdigit():
                pos += int(header[2]) + 1
            continue
        size = int(header[2])
        out.append(data[pos : pos + size])
        pos += size + 1
    return out


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit that touched a file."""

    id: str
    """Full commit id."""
    date: datetime
    """Commit date (committer date, with its time zone)."""
    author: str
    """Author name."""
    subject: str
    """First line of the message."""
    path: str
    """The file's path (relative to the root) at this commit; renames are followed."""

    @property
    def short(self) -> str:
        """Abbreviated commit id."""
        return self.id[:10]


def file_log(root: Path, path: str, max_count: int | None = None) -> list[Commit]:
    """The commits that changed ``path``, newest first.

    Follows renames (``--follow``) along the first-parent line of ``HEAD``: each
    commit is a state the current branch really went through, merges included.
    """
    args = [
        "log",
        "--follow",
        "--first-parent",
        "-z",
        "--name-only",
        "--format=%x1e%H%x1f%cI%x1f%aN%x1f%s",
    ]
    if max_count is not None:
        args.append(f"--max-count={max_count}")
    args += ["--", path]
    proc = run_git(args, root, check=False)
    if proc.returncode != 0:
        message = _first_line(proc.stderr)
        if "does not have any commits" in message or "bad default revision" in message:
            return []
        raise GitError(f"git log failed: {message}")
    commits: list[Commit] = []
    for chunk in proc.stdout.split(b"\x1e"):
        if not chunk.strip(b"\x00\n"):
            continue
        header, _, rest = chunk.partition(b"\x00")
        fields = header.decode("utf-8", "replace").split("\x1f")
        if len(fields) != 4:
            continue
        names = [n for n in rest.lstrip(b"\n").split(b"\x00") if n.strip(b"\n")]
        name = names[0].decode("utf-8", "surrogateescape").strip("\n") if names else path
        commits.append(
            Commit(
                id=fields[0],
                date=datetime.fromisoformat(fields[1]),
                author=fields[2],
                subject=fields[3],
                path=name,
            )
        )
    return commits


def get_config(root: Path, key: str) -> str | None:
    """The repository-local value of ``key``, or ``None`` when unset."""
    proc = run_git(["config", "--local", "--get", key], root, check=False)
    if proc.returncode != 0:
        return None
    return proc.stdout.decode("utf-8", "replace").rstrip("\n")


def set_config(root: Path, key: str, value: str) -> None:
    """Set repository-local ``key`` to ``value``."""
    run_git(["config", "--local", key, value], root)
