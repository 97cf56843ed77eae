"""The open workbook as the TUI holds it: file, data, what is on disk, unsaved changes.

No Textual here: :class:`Session` is plain state plus the file operations the app
needs (load, detect an external change, save, reload), so it can be tested
headless and reused by later features (recovery journal, file lock).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gpai_tui.workbook import (
    Workbook,
    WorkbookError,
    atomic_write,
    dumps_workbook,
    fingerprint,
    parse_workbook,
    read_bytes,
)
from gpai_tui.workbook.writer import to_document


def same_document(a: Any, b: Any) -> bool:
    """Equality of canonical documents as their text would compare.

    Types are strict (``1`` is not ``1.0``, ``True`` is not ``1``: they are written
    differently), tuples equal lists, and ``nan`` equals ``nan``.
    """
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_document(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same_document(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, str) and isinstance(b, str):
        return str(a) == str(b)
    return type(a) is type(b) and bool(a == b)


@dataclass
class Session:
    """One workbook file opened for editing."""

    path: Path
    """The workbook file."""
    workbook: Workbook
    """The in-memory workbook. Change it only through ``engine.edit.apply_edit`` (items),
    validated assignment (``workbook.model``) or other engine edit functions."""
    loaded_bytes: bytes
    """The file's bytes when it was loaded or last saved (to detect external changes)."""
    baseline: str
    """Canonical text of the workbook as loaded or last saved."""
    baseline_document: dict[str, Any] = field(default_factory=dict)
    """Canonical document (``to_document``) behind :attr:`baseline`: ``dirty`` compares
    with it. The text is a function of the document (the header line holds only the
    format and code, which the document holds too), so comparing documents gives
    the same answer as comparing texts without writing and re-reading TOML per edit."""

    def __post_init__(self) -> None:
        if not self.baseline_document:
            self.baseline_document = to_document(self.workbook)
        self._encoded: tuple[bytes, dict[str, Any]] | None = None
        self.notice: str | None = None
        """Set by :meth:`encode` when hand-written comments had to be dropped."""

    @classmethod
    def load(cls, path: Path) -> Session:
        """Read and validate ``path``; raises :class:`gpai_tui.workbook.WorkbookError`."""
        data = read_bytes(path)
        workbook = parse_workbook(data, str(path))
        return cls(path, workbook, data, dumps_workbook(workbook))

    @property
    def loaded_fingerprint(self) -> str:
        """Fingerprint of :attr:`loaded_bytes`."""
        return fingerprint(self.loaded_bytes)

    def is_dirty(self) -> bool:
        """True when the workbook differs from what was loaded or last saved.

        Computed from the canonical document (what the canonical text is written
        from), so undoing an edit by hand (ticking and unticking a checkpoint) leaves
        no unsaved change.
        """
        return not same_document(to_document(self.workbook), self.baseline_document)

    def read_disk(self) -> bytes | None:
        """The file's bytes now, or ``None`` when it is gone or unreadable."""
        try:
            return read_bytes(self.path)
        except WorkbookError:
            return None

    def changed_on_disk(self, data: bytes | None) -> bool:
        """True when ``data`` (from :meth:`read_disk`) differs from what was loaded."""
        return data is None or fingerprint(data) != self.loaded_fingerprint

    def encode(self) -> bytes:
        """The bytes the workbook would be saved as.

        Written over :attr:`loaded_bytes` by the comment-keeping edit path
        (:func:`gpai_tui.workbook.preserve.render`): the officer's comments stay.
        When they cannot, the text is canonical and :attr:`notice` says so.
        """
        from gpai_tui.workbook.preserve import render

        document = to_document(self.workbook)
        rendered = render(self.workbook, self.loaded_bytes)
        self.notice = rendered.notice
        data = rendered.text.encode("utf-8")
        self._encoded = (data, document)
        return data

    def write(self, data: bytes) -> None:
        """Write ``data`` (from :meth:`encode`) atomically and make it the new baseline.

        Raises :class:`gpai_tui.workbook.SaveError` (an ``OSError``) on failure,
        leaving the file and the session unchanged.
        """
        atomic_write(self.path, data)
        encoded = self._encoded
        if encoded is not None and encoded[0] is data:
            document = encoded[1]
        else:  # bytes not from encode(): what they hold is what was saved
            document = to_document(parse_workbook(data, str(self.path)))
        self.loaded_bytes = data
        self.baseline = data.decode("utf-8")
        self.baseline_document = document

    def replace(self, data: bytes) -> None:
        """Replace the workbook with ``data`` read from disk (a reload).

        Raises :class:`gpai_tui.workbook.WorkbookError` if ``data`` is not a valid
        workbook; the session is then unchanged.
        """
        workbook = parse_workbook(data, str(self.path))
        self.workbook = workbook
        self.loaded_bytes = data
        self.baseline = dumps_workbook(workbook)
        self.baseline_document = to_document(workbook)
