"""Checking evidence files on disk: hashes, missing files, references that escape.

Only the commands that say so read evidence files (``gpai evidence add``,
``gpai evidence verify``, ``gpai check --evidence``, ``gpai bundle``, and the TUI's
evidence list); loading, evaluating and exporting a workbook never do.

Where paths point (one rule, everywhere):

* A path is relative to the **workbook's folder** (an absolute path is taken as
  it is).
* It must stay inside the **boundary**: the git repository that holds the
  workbook, or the workbook's folder when the workbook is not in git. The path is
  resolved with every symlink followed first, so a link that points out of the
  boundary is refused like ``../../etc/passwd`` is, and nothing outside is read.
* A reference with a URL scheme (``https://``, ``mailto:``, ``doi:``...) is never
  fetched: this tool does not go to the network.
* Only regular files are read (a FIFO, a device or a folder is refused, opened
  non-blocking so nothing waits).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from gpai_tui.errors import GpaiError
from gpai_tui.workbook import EvidenceItem, Workbook

State = Literal["ok", "unhashed", "changed", "missing", "outside", "not-a-file", "url"]
"""What a check of one evidence item found.

``ok``: the file's hash matches the recorded one. ``unhashed``: the file exists but
no hash was recorded. ``changed``: the hashes differ. ``missing``: no such file.
``outside``: the path leaves the repository (refused, not read). ``not-a-file``: a
folder, FIFO or device (refused). ``url``: a web address or other URI, not fetched.
"""

FAILING: frozenset[State] = frozenset({"changed", "missing", "outside", "not-a-file"})
"""States that make ``gpai evidence verify`` exit 1."""

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")
"""A URI scheme of two letters or more (so ``C:`` stays a path)."""

_CHUNK = 1 << 20


class EvidenceError(GpaiError):
    """An evidence file cannot be recorded (outside the repository, missing, not a file)."""


def is_uri(ref: str) -> bool:
    """True for a web address or another URI (``https://...``, ``mailto:``, ``doi:``)."""
    return bool(_SCHEME.match(ref.strip()))


def boundary(workbook_path: Path) -> Path:
    """The folder evidence must stay in: the workbook's git repository, else its folder."""
    from gpai_tui.gitutil import GitError, repo_root

    folder = Path(os.path.realpath(workbook_path)).parent
    try:
        return Path(os.path.realpath(repo_root(folder)))
    except GitError:
        return folder


def base_folder(workbook_path: Path) -> Path:
    """The folder relative evidence paths start from: the workbook's own folder."""
    return Path(os.path.abspath(workbook_path)).parent


@dataclass(frozen=True, slots=True)
class Located:
    """Where a reference points."""

    path: Path
    """The path as written, joined to the workbook's folder (symlinks not followed)."""
    real: Path
    """``path`` with every symlink followed."""
    inside: bool
    """``real`` lies inside the boundary."""


def locate(ref: str, workbook_path: Path, limit: Path | None = None) -> Located:
    """Where ``ref`` points, relative to the workbook's folder; ``limit`` is the boundary."""
    limit = limit or boundary(workbook_path)
    path = base_folder(workbook_path) / Path(ref.strip()).expanduser()
    if "\x00" in ref:  # no file has such a name: never looked up, shown as refused
        return Located(path, path, False)
    real = Path(os.path.realpath(path))
    inside = real == limit or limit in real.parents
    return Located(path, real, inside)


def _chunks(path: Path) -> Iterator[bytes]:
    """The bytes of a regular file in chunks, opened without blocking on FIFOs or devices.

    Raises ``FileNotFoundError``, ``IsADirectoryError`` or :class:`EvidenceError`
    (not a regular file).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise EvidenceError(f"{path}: not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            while chunk := fh.read(_CHUNK):
                yield chunk
    finally:
        os.close(fd)


def sha256_file(path: Path) -> str:
    """The SHA-256 of a regular file (see :func:`_chunks` for what is refused)."""
    digest = hashlib.sha256()
    for chunk in _chunks(path):
        digest.update(chunk)
    return digest.hexdigest()


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file (see :func:`_chunks` for what is refused)."""
    return b"".join(_chunks(path))


@dataclass(frozen=True, slots=True)
class Check:
    """The result of checking one evidence item."""

    item_id: str
    item: EvidenceItem
    state: State
    actual: str | None = None
    """The file's SHA-256 now (``ok``, ``unhashed``, ``changed``)."""
    path: Path | None = None
    """The file checked (resolved), when local and inside the boundary."""

    @property
    def failing(self) -> bool:
        """Changed, missing, outside the repository or not a file."""
        return self.state in FAILING

    def describe(self) -> str:
        """One line for people."""
        ref = self.item.ref
        if self.state == "ok":
            return f"ok        {self.item_id}  {ref}"
        if self.state == "unhashed":
            return f"no hash   {self.item_id}  {ref}  (exists; record it with gpai evidence add)"
        if self.state == "changed":
            return (
                f"CHANGED   {self.item_id}  {ref}\n"
                f"          recorded {self.item.sha256}\n          now      {self.actual}"
            )
        if self.state == "missing":
            return f"MISSING   {self.item_id}  {ref}"
        if self.state == "outside":
            return f"REFUSED   {self.item_id}  {ref}  (outside the repository; not read)"
        if self.state == "not-a-file":
            return f"REFUSED   {self.item_id}  {ref}  (not a regular file; not read)"
        return f"url       {self.item_id}  {ref}  (not fetched: gpai never goes to the network)"


def check_item(
    item_id: str, item: EvidenceItem, workbook_path: Path, limit: Path | None = None
) -> Check:
    """Check one evidence item of the workbook at ``workbook_path``."""
    if is_uri(item.ref):
        return Check(item_id, item, "url")
    where = locate(item.ref, workbook_path, limit)
    if not where.inside:
        return Check(item_id, item, "outside")
    try:
        actual = sha256_file(where.real)
    except FileNotFoundError:
        return Check(item_id, item, "missing", path=where.real)
    except (EvidenceError, IsADirectoryError):
        return Check(item_id, item, "not-a-file", path=where.real)
    except OSError:
        return Check(item_id, item, "missing", path=where.real)
    if item.sha256 is None:
        return Check(item_id, item, "unhashed", actual, where.real)
    state: State = "ok" if actual == item.sha256 else "changed"
    return Check(item_id, item, state, actual, where.real)


def check_workbook(workbook: Workbook, workbook_path: Path) -> list[Check]:
    """Check every evidence item of every measure and obligation, in file order."""
    limit = boundary(workbook_path)
    out: list[Check] = []
    for table in (workbook.measures, workbook.obligations):
        for item_id, entry in table.items():
            out.extend(check_item(item_id, item, workbook_path, limit) for item in entry.evidence)
    return out


def record(
    ref: str,
    workbook_path: Path,
    *,
    today: date,
    review_by: date | None = None,
    label: str | None = None,
    previous: EvidenceItem | None = None,
) -> EvidenceItem:
    """An evidence item for ``ref`` with its file's hash (URLs: no hash).

    Details not given are kept from ``previous`` (the item already recorded for
    ``ref``); ``added`` is today for a new item. Refuses paths outside the
    boundary, missing files and anything but regular files.
    """
    ref = ref.strip()
    sha: str | None = None
    if not is_uri(ref):
        where = locate(ref, workbook_path)
        if not where.inside:
            raise EvidenceError(
                f"{ref}: outside the repository ({boundary(workbook_path)}); "
                "evidence must live inside it, and nothing outside is read"
            )
        try:
            sha = sha256_file(where.real)
        except FileNotFoundError:
            raise EvidenceError(
                f"{ref}: no such file (paths are relative to the workbook's folder, "
                f"{base_folder(workbook_path)})"
            ) from None
        except IsADirectoryError:
            raise EvidenceError(f"{ref}: is a folder, not a file") from None
        except OSError as exc:
            raise EvidenceError(f"{ref}: cannot be read ({exc.strerror or exc})") from None
    return EvidenceItem(
        ref=ref,
        sha256=sha,
        added=(previous.added if previous and previous.added else today),
        review_by=review_by
        if review_by is not None
        else (previous.review_by if previous else None),
        label=label if label is not None else (previous.label if previous else None),
    )


__all__ = [
    "FAILING",
    "Check",
    "EvidenceError",
    "Located",
    "State",
    "base_folder",
    "boundary",
    "check_item",
    "check_workbook",
    "is_uri",
    "locate",
    "read_regular",
    "record",
    "sha256_file",
]
