"""The open workbook as the TUI holds it: file, data, what is on disk, unsaved changes.

No Textual here: :class:`Session` is plain state plus the file operations the app
needs (load, detect an external change, save, reload), so it can be tested
headless and reused by later features (recovery journal, file lock).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gpai_tui.workbook import (
    Workbook,
    WorkbookError,
    atomic_write,
    dumps_workbook,
    fingerprint,
    parse_workbook,
    read_bytes,
)


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
    """Canonical text of the workbook as loaded or last saved (to compute ``dirty``)."""

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

        Computed from the canonical text, so undoing an edit by hand (ticking and
        unticking a checkpoint) leaves no unsaved change.
        """
        return dumps_workbook(self.workbook) != self.baseline

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
        """The canonical bytes the workbook would be saved as."""
        return dumps_workbook(self.workbook).encode("utf-8")

    def write(self, data: bytes) -> None:
        """Write ``data`` (from :meth:`encode`) atomically and make it the new baseline.

        Raises :class:`gpai_tui.workbook.SaveError` (an ``OSError``) on failure,
        leaving the file and the session unchanged.
        """
        atomic_write(self.path, data)
        self.loaded_bytes = data
        self.baseline = data.decode("utf-8")

    def replace(self, data: bytes) -> None:
        """Replace the workbook with ``data`` read from disk (a reload).

        Raises :class:`gpai_tui.workbook.WorkbookError` if ``data`` is not a valid
        workbook; the session is then unchanged.
        """
        workbook = parse_workbook(data, str(self.path))
        self.workbook = workbook
        self.loaded_bytes = data
        self.baseline = dumps_workbook(workbook)
