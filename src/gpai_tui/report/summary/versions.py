"""Earlier versions of a workbook's training summary, from the file's git history."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from gpai_tui.errors import GpaiError


def earlier_versions(path: Path) -> list[tuple[str, date | None]] | None:
    """(summary version, its last-updated date) per version committed, oldest first.

    ``None`` when the file is not in a git repository (or git is missing). Each
    version keeps the newest last-updated date it was committed with.
    """
    from gpai_tui.gitutil import file_log, repo_path, show_files
    from gpai_tui.workbook import WorkbookError, parse_workbook

    try:
        root, rel = repo_path(path)
        commits = file_log(root, rel)
    except GpaiError:
        return None
    if not commits:
        return None
    commits = commits[::-1]  # oldest first
    blobs = show_files(root, [(c.id, c.path) for c in commits])
    found: dict[str, date | None] = {}
    for data in blobs:
        if data is None:
            continue
        try:
            workbook = parse_workbook(data, rel)
        except WorkbookError:
            continue
        values = workbook.training_summary
        version = values.get("summary-version")
        if not isinstance(version, str) or not version.strip():
            continue
        updated = values.get("last-updated")
        when = updated if isinstance(updated, date) else None
        previous = found.get(version.strip())
        if previous is None or (when is not None and when > previous):
            found[version.strip()] = when
    return list(found.items())
