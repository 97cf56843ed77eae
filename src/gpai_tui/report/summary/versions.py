"""Earlier versions of a workbook's training summary, from the file's git history."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from gpai_tui.errors import GpaiError


def _history(path: Path) -> list[tuple[date, dict[str, object]]] | None:
    """(commit date, training summary) per commit of ``path``, oldest first; ``None``
    outside git. Commits whose file does not load are skipped."""
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
    out: list[tuple[date, dict[str, object]]] = []
    for commit, data in zip(
        commits, show_files(root, [(c.id, c.path) for c in commits]), strict=True
    ):
        if data is None:
            continue
        try:
            workbook = parse_workbook(data, rel)
        except WorkbookError:
            continue
        out.append((commit.date.date(), dict(workbook.training_summary)))
    return out


def last_change(path: Path) -> date | None:
    """The commit date of the last commit that changed the summary's content (its
    ``last-updated`` aside), or ``None`` outside git or when no commit changed it."""
    history = _history(path)
    if not history:
        return None
    changed: date | None = None
    previous: dict[str, object] = {}
    for when, values in history:
        content = {k: v for k, v in values.items() if k != "last-updated"}
        if content != previous:
            changed = when
        previous = content
    return changed if previous else None


def earlier_versions(path: Path) -> list[tuple[str, date | None]] | None:
    """(summary version, its last-updated date) per version committed, oldest first.

    ``None`` when the file is not in a git repository (or git is missing). Each
    version keeps the newest last-updated date it was committed with.
    """
    history = _history(path)
    if history is None:
        return None
    found: dict[str, date | None] = {}
    for _, values in history:
        version = values.get("summary-version")
        if not isinstance(version, str) or not version.strip():
            continue
        updated = values.get("last-updated")
        when = updated if isinstance(updated, date) else None
        previous = found.get(version.strip())
        if previous is None or (when is not None and when > previous):
            found[version.strip()] = when
    return list(found.items())
