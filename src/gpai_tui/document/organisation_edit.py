"""One edit of an organisation workbook's provider-level answer (issue 21).

The organisation file is a workbook of its own, with its own lock: the CLI
(``gpai set --organisation``) and the TUI ("change it for the organisation") both
edit it here, never by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from gpai_tui.engine.edit import Edit, apply_edit
from gpai_tui.engine.summary import apply_provider_summary_edit
from gpai_tui.errors import UsageError
from gpai_tui.workbook import SummaryValue, read_bytes
from gpai_tui.workbook.lock import acquire
from gpai_tui.workbook.organisation import Organisation, parse_organisation, save_organisation


def edit_organisation(
    org_file: Path, item_id: str, edit: Edit, *, purpose: str, wait: float = 5.0
) -> list[str]:
    """Apply ``edit`` to ``item_id`` in the organisation workbook ``org_file`` under its
    lock and save it atomically; say what changed. A refused edit, or a file changed on
    disk meanwhile, writes nothing (:class:`~gpai_tui.errors.UsageError`)."""
    return _locked_edit(
        org_file, lambda org: apply_edit(org, item_id, edit), purpose=purpose, wait=wait
    )


def edit_organisation_summary(
    org_file: Path, field_id: str, value: SummaryValue | None, *, purpose: str, wait: float = 5.0
) -> list[str]:
    """Set (``None``: clear) the provider's value of a provider-level training-summary
    field in ``org_file``, under its lock, as :func:`edit_organisation` does."""
    return _locked_edit(
        org_file,
        lambda org: apply_provider_summary_edit(org, field_id, value),
        purpose=purpose,
        wait=wait,
    )


def _locked_edit(
    org_file: Path, change: Callable[[Organisation], list[str]], *, purpose: str, wait: float
) -> list[str]:
    """Lock, read, change, compare with the disk, save atomically, unlock."""
    with acquire(org_file, purpose=purpose, brief=True, wait=wait):
        data_before = read_bytes(org_file)
        organisation = parse_organisation(data_before, str(org_file))
        changed = change(organisation)
        if read_bytes(org_file) != data_before:
            raise UsageError(f"{org_file} changed on disk while {purpose} ran; nothing was written")
        if changed:
            save_organisation(organisation, org_file)
    return changed
