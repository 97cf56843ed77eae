"""Completeness over a workbook's git history (``gpai history``).

Each commit that changed the file is loaded and evaluated **as of its commit
date** (the committer date, in the commit's own time zone): the figures are
what ``gpai status`` would have shown on the day the change landed on the
branch. Completeness does not depend on the date; the outstanding and overdue
counts do. A version that cannot be read (invalid, or the file deleted in
that commit) is kept as a row with its error, never skipped silently.

The git calls live in :mod:`gpai_tui.gitutil`; this module only computes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from gpai_tui.engine.evaluate import evaluate
from gpai_tui.engine.inherit import resolve
from gpai_tui.engine.results import Evaluation, pct
from gpai_tui.errors import GpaiError
from gpai_tui.gitutil import Commit
from gpai_tui.workbook import Workbook, parse_workbook
from gpai_tui.workbook.organisation import Organisation

SPARKS = "▁▂▃▄▅▆▇█"
"""Sparkline levels, lowest first (absolute 0-100 scale)."""


@dataclass(frozen=True, slots=True)
class ChapterFigure:
    """One chapter's completeness at one commit."""

    id: str
    title: str
    completeness: float
    """Rounded with :func:`pct`."""
    applicable: int


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    """The workbook as committed in one commit."""

    commit: Commit
    as_of: date
    """The commit date: the date the figures are computed for."""
    overall: float | None
    """Overall completeness (rounded); ``None`` when the version is unreadable."""
    chapters: tuple[ChapterFigure, ...]
    outstanding: int | None
    overdue: int | None
    conflicts: int | None
    error: str | None
    """Why this version could not be read."""
    workbook: Workbook | None = None
    evaluation: Evaluation | None = None


def organisation_reader(root: Path, model_file: Path) -> Callable[[Commit, str], Organisation]:
    """Reads the organisation workbook a model inherits, as committed in a given commit.

    The path is checked like a load (:func:`gpai_tui.engine.inherit.organisation_path`)
    and each (commit, file) is read and parsed once.
    """
    from gpai_tui.engine.inherit import organisation_path
    from gpai_tui.gitutil import show_file
    from gpai_tui.workbook import WorkbookError
    from gpai_tui.workbook.organisation import parse_organisation

    cache: dict[tuple[str, str], Organisation] = {}

    def read(commit: Commit, inherits: str) -> Organisation:
        org_rel = organisation_path(model_file, inherits).relative_to(root.resolve()).as_posix()
        key = (commit.id, org_rel)
        if key not in cache:
            try:
                data = show_file(root, commit.id, org_rel)
                cache[key] = parse_organisation(data, f"{commit.short}:{org_rel}")
            except GpaiError as exc:
                raise WorkbookError(
                    f"{commit.short}:{commit.path}",
                    f"inherits {inherits!r}, which cannot be read in that commit: {exc}",
                ) from None
        return cache[key]

    return read


def history_point(
    commit: Commit,
    read: Callable[[Commit], bytes],
    read_organisation: Callable[[Commit, str], Organisation] | None = None,
) -> HistoryPoint:
    """Load and evaluate the file as of ``commit`` (``read`` fetches its bytes).

    A model that inherits is resolved against the organisation workbook as committed
    in the same commit (``read_organisation(commit, inherits)``).
    """
    as_of = commit.date.date()
    try:
        data = read(commit)
        workbook = parse_workbook(data, f"{commit.short}:{commit.path}")
        if workbook.inherits is not None and read_organisation is not None:
            workbook = resolve(workbook, read_organisation(commit, workbook.inherits))[0]
    except GpaiError as exc:
        return HistoryPoint(commit, as_of, None, (), None, None, None, str(exc).splitlines()[0])
    evaluation = evaluate(workbook, as_of)
    return HistoryPoint(
        commit=commit,
        as_of=as_of,
        overall=pct(evaluation.overall.completeness),
        chapters=tuple(
            ChapterFigure(c.id, c.title, pct(c.completeness), c.applicable)
            for c in evaluation.chapters
        ),
        outstanding=len(evaluation.outstanding),
        overdue=evaluation.overdue_count,
        conflicts=len(evaluation.conflicts),
        error=None,
        workbook=workbook,
        evaluation=evaluation,
    )


def history(
    commits: Sequence[Commit],
    read: Callable[[Commit], bytes],
    read_organisation: Callable[[Commit, str], Organisation] | None = None,
) -> list[HistoryPoint]:
    """Every commit's point, oldest first (``commits`` come newest first, as git logs)."""
    return [history_point(c, read, read_organisation) for c in reversed(commits)]


def pick_at(commits: Sequence[Commit], day: date) -> Commit | None:
    """The last commit on or before ``day`` (commit dates in their own time zone).

    ``commits`` are newest first along the branch; the first one dated on or
    before ``day`` is the state the branch was in that day.
    """
    for commit in commits:
        if commit.date.date() <= day:
            return commit
    return None


def sparkline(values: Sequence[float | None]) -> str:
    """One character per value on a fixed 0-100 scale; ``?`` for unreadable versions."""
    out = []
    for value in values:
        if value is None:
            out.append("?")
            continue
        level = min(len(SPARKS) - 1, int(max(0.0, min(100.0, value)) / 100 * len(SPARKS)))
        out.append(SPARKS[level])
    return "".join(out)
