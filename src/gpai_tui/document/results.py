"""What the document's file operations return (results, never dialogs)."""

from __future__ import annotations

from dataclasses import dataclass

from gpai_tui.engine import Evaluation


@dataclass(frozen=True)
class Applied:
    """A change was applied."""

    evaluation: Evaluation
    """The engine's evaluation of the workbook after the change."""
    inverse: object
    """The change that undoes it (a :class:`~gpai_tui.document.changes.Restore`)."""
    changes: tuple[str, ...]
    """What changed, in words (empty: nothing did)."""
    label: str
    """What was changed, for "Undid: ..." (``CR-1.3 owner``)."""


@dataclass(frozen=True)
class Saved:
    """The file now holds the workbook."""

    data: bytes


@dataclass(frozen=True)
class Conflict:
    """The file changed on disk since it was loaded (``on_disk``: its bytes, ``None``: gone)."""

    on_disk: bytes | None


@dataclass(frozen=True)
class Refused:
    """Not done, and why (an invalid typed value, a write error, an invalid file)."""

    message: str


@dataclass(frozen=True)
class Locked:
    """Not done: the file is open read-only (another gpai holds its lock)."""

    message: str


@dataclass(frozen=True)
class Unchanged:
    """The file on disk is what was loaded or last saved."""


@dataclass(frozen=True)
class Reloaded:
    """The workbook was replaced with the file on disk (there was nothing unsaved)."""


SaveResult = Saved | Conflict | Refused | Locked
"""What :meth:`~gpai_tui.document.Document.save` returns."""
DiskResult = Unchanged | Reloaded | Conflict | Refused
"""What :meth:`~gpai_tui.document.Document.check_disk` returns."""
