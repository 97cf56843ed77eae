"""One edit of an organisation workbook's provider-level answer (issue 21).

The organisation file is a workbook of its own, with its own lock: the CLI
(``gpai set --organisation``) and the TUI ("change it for the organisation") both
edit it here, never by hand.
"""

from __future__ import annotations

from pathlib import Path

from gpai_tui.engine.edit import Edit, apply_edit
from gpai_tui.errors import UsageError
from gpai_tui.workbook import read_bytes
from gpai_tui.workbook.lock import acquire
from gpai_tui.workbook.organisation import parse_organisation, save_organisation


def edit_organisation(
    org_file: Path, item_id: str, edit: Edit, *, purpose: str, wait: float = 5.0
) -> list[str]:
    """Apply ``edit`` to ``item_id`` in the organisation workbook ``org_file`` under its
    lock and save it atomically; say what changed. A refused edit, or a file changed on
    disk meanwhile, writes nothing (:class:`~gpai_tui.errors.UsageError`)."""
    with acquire(org_file, purpose=purpose, brief=True, wait=wait):
        data_before = read_bytes(org_file)
        organisation = parse_organisation(data_before, str(org_file))
        changed = apply_edit(organisation, item_id, edit)
        if read_bytes(org_file) != data_before:
            raise UsageError(f"{org_file} changed on disk while {purpose} ran; nothing was written")
        if changed:
            save_organisation(organisation, org_file)
    return changed
