"""The open workbook as one object: every change, the undo history, the file (no Textual).

:class:`Document` is the one place that changes an open workbook; the TUI mirrors
its evaluation and dirty state and shows dialogs for its results, and the CLI's
editing commands apply their change through :func:`edit_file`. Layer: above the
engine, below report / cli / tui (enforced by the import-linter contracts in
``pyproject.toml``).
"""

from __future__ import annotations

from gpai_tui.document.changes import (
    Change,
    IncidentEdit,
    ItemEdit,
    ItemOverride,
    MdfEdit,
    ProfileEdit,
    Reload,
    Replace,
    ResolveConflict,
    Restore,
    SignatoryEdit,
    SummaryEdit,
)
from gpai_tui.document.document import Document, OutsideEdit, ReadOnlyError, same_document, stat
from gpai_tui.document.file_edit import Edited, edit_file
from gpai_tui.document.results import (
    Applied,
    Conflict,
    Locked,
    Refused,
    Reloaded,
    Saved,
    Unchanged,
)

__all__ = [
    "Applied",
    "Change",
    "Conflict",
    "Document",
    "Edited",
    "IncidentEdit",
    "ItemEdit",
    "ItemOverride",
    "Locked",
    "MdfEdit",
    "OutsideEdit",
    "ProfileEdit",
    "ReadOnlyError",
    "Refused",
    "Reload",
    "Reloaded",
    "Replace",
    "ResolveConflict",
    "Restore",
    "Saved",
    "SignatoryEdit",
    "SummaryEdit",
    "Unchanged",
    "edit_file",
    "same_document",
    "stat",
]
