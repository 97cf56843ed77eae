"""The state of each evidence item as the TUI shows it, with hashes cached per file version.

The rules are :mod:`gpai_tui.evidence`'s (paths relative to the workbook's folder, nothing
outside the repository is read, FIFOs and devices refused, URLs never fetched). Hashes are
cached by (file, size, modification time, inode); :meth:`EvidenceStates.forget` drops the
cache, which the app does when the terminal gets the focus back, so a file changed in
another window shows as changed.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from gpai_tui.evidence import EvidenceError, State, boundary, is_uri, locate, sha256_file
from gpai_tui.workbook import EvidenceItem

GLYPHS: dict[str, str] = {
    "ok": "✓",
    "changed": "✗",
    "missing": "?",
    "unhashed": "·",
    "url": "↗",
    "outside": "⊘",
    "not-a-file": "⊘",
}
"""One glyph per state: ✓ verified, ✗ changed, ? missing, · no hash recorded, ↗ a URL
(never fetched), ⊘ refused (outside the repository, or not a regular file)."""
DUE_GLYPH = "⏰"
"""Shown before an item whose ``review_by`` date has passed."""


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    """One evidence item with what the disk says about it."""

    item: EvidenceItem
    state: State
    due: bool
    """Past its ``review_by`` date."""
    path: Path | None = None
    """The regular file it points at (inside the repository), when there is one."""

    @property
    def ref(self) -> str:
        """The reference as written."""
        return self.item.ref


class EvidenceStates:
    """Checks evidence items for one workbook file, caching hashes."""

    def __init__(self, workbook_path: Path) -> None:
        self.workbook_path = workbook_path
        self._limit: Path | None = None
        self._hashes: dict[tuple[str, int, int, int], str] = {}

    def forget(self) -> None:
        """Drop cached hashes (and the repository boundary): look at the disk again."""
        self._hashes.clear()
        self._limit = None

    def _boundary(self) -> Path:
        if self._limit is None:
            self._limit = boundary(self.workbook_path)
        return self._limit

    def row(self, item: EvidenceItem, as_of: date) -> EvidenceRow:
        """The state of one item."""
        due = item.review_by is not None and item.review_by < as_of
        if is_uri(item.ref):
            return EvidenceRow(item, "url", due)
        where = locate(item.ref, self.workbook_path, self._boundary())
        if not where.inside:
            return EvidenceRow(item, "outside", due)
        try:
            info = os.stat(where.real)
        except OSError:
            return EvidenceRow(item, "missing", due)
        if not stat.S_ISREG(info.st_mode):
            return EvidenceRow(item, "not-a-file", due)
        key = (str(where.real), info.st_size, info.st_mtime_ns, info.st_ino)
        digest = self._hashes.get(key)
        if digest is None:
            try:
                digest = sha256_file(where.real)
            except (OSError, EvidenceError):
                return EvidenceRow(item, "missing", due)
            self._hashes[key] = digest
        if item.sha256 is None:
            return EvidenceRow(item, "unhashed", due, where.real)
        state: State = "ok" if digest == item.sha256 else "changed"
        return EvidenceRow(item, state, due, where.real)

    def rows(self, items: list[EvidenceItem], as_of: date) -> list[EvidenceRow]:
        """The state of every item, in order."""
        return [self.row(item, as_of) for item in items]
