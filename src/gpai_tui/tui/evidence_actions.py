"""What the TUI does with evidence: record a reference with its hash, open or copy an item."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gpai_tui.evidence import EvidenceError, is_uri, locate, record
from gpai_tui.tui import opener
from gpai_tui.tui.evidence_state import EvidenceRow
from gpai_tui.workbook import EvidenceItem

if TYPE_CHECKING:
    from textual.app import App


def record_evidence(ref: str, workbook_path: Path, today: date) -> EvidenceItem:
    """The item to record for ``ref``: a file inside the repository with its SHA-256.

    A URL, or a path that names no file (a document id), is recorded as a plain
    reference. A path outside the repository is refused (:class:`EvidenceError`).
    """
    if is_uri(ref):
        return EvidenceItem(ref=ref)
    where = locate(ref, workbook_path)
    if not where.inside:
        raise EvidenceError(f"{ref}: outside the repository; evidence must live inside it")
    if not where.real.exists():
        return EvidenceItem(ref=ref)
    return record(ref, workbook_path, today=today)


async def open_evidence(app: App[Any], row: EvidenceRow) -> None:
    """Open ``row``'s file, or copy its URL; refuse anything else with a notification."""
    if row.state == "url":
        app.copy_to_clipboard(row.ref)
        app.notify(f"Copied to the clipboard (never opened): {row.ref}", markup=False)
        return
    if row.path is None or row.state not in ("ok", "unhashed", "changed"):
        why = {
            "missing": "no such file",
            "outside": "outside the repository: not opened",
            "not-a-file": "not a regular file: not opened",
        }.get(row.state, "cannot be opened")
        app.notify(f"{row.ref}: {why}", severity="warning", markup=False)
        return
    command = opener.system_opener()
    if command is not None:
        try:
            opener.start_detached(command, row.path)
        except OSError as exc:
            app.notify(f"{row.ref}: the opener failed ({exc})", severity="error", markup=False)
        return
    pager = opener.pager()
    if pager is None:
        app.notify("No opener or pager found (set $PAGER)", severity="error", markup=False)
        return
    try:
        with app.suspend():
            opener.run_in_terminal(pager, row.path)
    except Exception as exc:  # SuspendNotSupported (e.g. under test) or the pager failing
        app.notify(f"{row.ref}: cannot open here ({exc})", severity="error", markup=False)
