"""One scripted edit of a workbook file: lock, load, apply, write (the CLI's edit path)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from gpai_tui.document.changes import Change
from gpai_tui.document.document import Document
from gpai_tui.document.results import Refused
from gpai_tui.engine import Evaluation
from gpai_tui.errors import UsageError
from gpai_tui.workbook import Workbook, load_workbook
from gpai_tui.workbook.lock import acquire


class Edited(NamedTuple):
    """What a scripted edit did."""

    changes: list[str]
    """What changed, in words (empty: nothing did)."""
    evaluation: Evaluation
    """The engine's evaluation of the saved workbook (as of today)."""
    notice: str | None = None
    """Set when hand-written comments could not be kept (the text was written canonical)."""


def edit_file(
    path: Path,
    changes: list[Change] | Callable[[Workbook], list[Change]],
    *,
    purpose: str,
) -> Edited:
    """Apply ``changes`` to the workbook at ``path`` and save it; say what changed.

    ``changes`` may be a function of the workbook as read under the lock (to change
    one entry of a table, say).

    Everything is validated before anything is written: a missing or invalid file
    (:class:`~gpai_tui.workbook.WorkbookError`), a refused change
    (:class:`~gpai_tui.errors.UsageError`), or a file that changed on disk meanwhile
    leaves the file byte-identical. The lock is held briefly (a ``gpai open`` holding
    it refuses the edit; another brief holder is waited for a few seconds).
    """
    load_workbook(path)  # a missing or bad file is reported before any lock is taken
    with acquire(path, purpose=purpose, brief=True, wait=5.0):
        document = Document.load(path)
        words: list[str] = []
        todo = changes(document.workbook) if callable(changes) else changes
        for change in todo:
            words += document.apply(change).changes
        if document.changed_on_disk(document.read_disk()):
            raise UsageError(f"{path} changed on disk while {purpose} ran; nothing was written")
        result = document.write(document.encode())
        if isinstance(result, Refused):
            raise UsageError(f"{path}: not saved: {result.message}")
    return Edited(words, document.evaluation, document.notice)
