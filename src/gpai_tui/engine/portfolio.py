"""Evaluate many workbooks: a file, or every ``*.toml`` under a folder.

Large portfolios are spread over processes when that pays. What pays was measured
(``benchmarks/``, item 4): loading and evaluating a workbook costs about 1 ms, and
sending a whole :class:`Loaded` row (workbook and evaluation) back from a worker
costs more than that. So the workers run the caller's summary too
(:func:`map_workbooks`) and send back only what the caller shows (a
:class:`Summary`, a list of gate failures, a JSON dict).
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from gpai_tui.engine.evaluate import evaluate
from gpai_tui.engine.inherit import (
    OrganisationFigures,
    Resolved,
    organisation_figures,
    resolve_workbook,
)
from gpai_tui.engine.results import Evaluation, GroupResult
from gpai_tui.workbook import Workbook, WorkbookError, read_bytes
from gpai_tui.workbook.organisation import Organisation, parse_any

PARALLEL_MIN = 100
"""Below this many workbooks, one process is faster than starting workers. Measured
(``benchmarks/run.py --sweep``, 2 cores, summaries sent back): the pool loses at 25,
breaks even around 50 and wins from 100 workbooks (0.8x of one process at 100-200)."""
CHUNKS_PER_WORKER = 4
"""Work is handed out in this many chunks per worker: enough to balance the load and
to stream results, few enough to keep the per-task overhead small."""

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Loaded:
    """One workbook of a portfolio: evaluated, or the error that stopped it.

    ``workbook`` is the resolved view (inherited answers in place); ``resolved`` says
    where each answer comes from. An organisation workbook has ``organisation`` set
    and no workbook or evaluation.
    """

    path: Path
    workbook: Workbook | None
    evaluation: Evaluation | None
    error: WorkbookError | None
    resolved: Resolved | None = None
    organisation: Organisation | None = None
    figures: OrganisationFigures | None = None
    """An organisation workbook's own figures (:func:`organisation_figures`, as of the
    run's date)."""


@dataclass(frozen=True, slots=True)
class Summary:
    """What a portfolio listing shows of one workbook: small, cheap to send."""

    path: Path
    provider: str = ""
    """The model's provider (empty for an unreadable file)."""
    model: str = ""
    """The model's name (empty for an unreadable file)."""
    overall: GroupResult | None = None
    """Overall completeness of the measures; ``None`` when the file is unreadable."""
    outstanding: int = 0
    """Number of outstanding obligations."""
    overdue: int = 0
    """Number of overdue items and reports."""
    inconsistent: int = 0
    """Number of inconsistent items."""
    error: WorkbookError | None = None
    """Why the file could not be loaded."""
    is_organisation: bool = False
    """True for the organisation workbook (its row comes first; not in the totals)."""
    inherits: str | None = None
    """The organisation file this model inherits from, as written."""
    overrides: tuple[str, ...] = ()
    """Provider-level items this model answers itself instead of inheriting."""

    @classmethod
    def of(cls, row: Loaded) -> Summary:
        """The summary of one loaded row."""
        if row.organisation is not None:
            figures = row.figures or organisation_figures(row.organisation)
            return cls(
                row.path,
                row.organisation.organisation.legal_name,
                "(organisation)",
                figures.overall,
                len(figures.outstanding),
                0,
                len(figures.issues),
                is_organisation=True,
            )
        if row.workbook is None or row.evaluation is None:
            return cls(row.path, error=row.error)
        ev = row.evaluation
        return cls(
            row.path,
            row.workbook.model.provider,
            row.workbook.model.name,
            ev.overall,
            len(ev.outstanding),
            ev.overdue_count,
            ev.inconsistent_count,
            inherits=row.workbook.inherits,
            overrides=row.resolved.overrides if row.resolved is not None else (),
        )


def find_workbooks(target: Path) -> list[Path]:
    """``target`` itself if it is a file, else every ``*.toml`` below it, sorted.

    Nothing named ``*.toml`` is skipped silently (issue 16): dangling or looping
    symlinks, pipes, devices and folders named ``*.toml`` are listed too, and so is
    a sub-folder that cannot be read; loading them gives a clear error (see
    :func:`not_a_workbook_file`). Hidden files and folders (``.git``) are left out.
    """
    if not target.is_dir():
        return [target]
    found: list[Path] = []
    unreadable: list[Path] = []

    def refused(exc: OSError) -> None:
        if exc.filename is not None:
            unreadable.append(Path(os.fsdecode(exc.filename)))

    for folder, dirs, files in os.walk(target, onerror=refused):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = Path(folder)
        # A folder named *.toml (or a link to one) is listed as an entry, not walked.
        for name in [*files, *dirs]:
            if name.endswith(".toml") and not name.startswith("."):
                found.append(base / name)
        dirs[:] = [d for d in dirs if not d.endswith(".toml")]
    return sorted({*found, *(u for u in unreadable if u != target)})


def not_a_workbook_file(path: Path) -> str | None:
    """Why ``path`` (found in a folder) cannot be a workbook file, or ``None``."""
    try:
        mode = path.lstat().st_mode
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if stat.S_ISLNK(mode):
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            return "is a dangling symbolic link (its target does not exist)"
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return "is a symbolic link that loops"
            return f"is a symbolic link that cannot be followed ({exc.strerror or exc})"
    if stat.S_ISDIR(mode):
        return "is a folder (or cannot be listed), not a workbook file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a workbook file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a workbook file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a workbook file"
    return None


def load_one(path: Path, as_of: date) -> Loaded:
    """Load, resolve and evaluate one workbook, capturing the error that stops it.

    A file that loads but cannot be evaluated (a bug, or data the loader should
    have refused) is a failed row too: one bad workbook never stops a portfolio.
    """
    reason = not_a_workbook_file(path)
    if reason is not None:
        return Loaded(path, None, None, WorkbookError(str(path), reason))
    try:
        parsed = parse_any(read_bytes(path), str(path))
        if isinstance(parsed, Organisation):
            figures = organisation_figures(parsed, as_of=as_of)
            return Loaded(path, None, None, None, organisation=parsed, figures=figures)
        resolved = resolve_workbook(parsed, path)
    except WorkbookError as exc:
        return Loaded(path, None, None, exc)
    view = resolved.workbook
    try:
        evaluation = evaluate(view, as_of)
    except Exception as exc:  # a failed row, never a crash of the whole run
        problem = f"cannot be evaluated ({type(exc).__name__}: {exc})"
        return Loaded(path, None, None, WorkbookError(str(path), problem))
    return Loaded(path, view, evaluation, None, resolved)


def worker_count(paths: Sequence[Path], workers: int | None = None) -> int:
    """How many processes to use for ``paths``: 1 unless it pays (see ``PARALLEL_MIN``)."""
    if workers is not None:
        return max(1, workers)
    if len(paths) < PARALLEL_MIN:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, cores)


def _chunk(args: tuple[list[Path], date, Callable[[Loaded], T]]) -> list[T]:
    paths, as_of, fn = args
    return [fn(load_one(p, as_of)) for p in paths]


def map_workbooks(
    paths: list[Path],
    as_of: date,
    fn: Callable[[Loaded], T],
    workers: int | None = None,
) -> Iterator[T]:
    """Load and evaluate ``paths`` and yield ``fn`` of each, in order.

    With many paths (``PARALLEL_MIN``) and several cores, the work, ``fn`` included,
    runs in worker processes and only ``fn``'s results come back: ``fn`` must be a
    module-level function (or a ``functools.partial`` of one) and should return
    something small. ``workers`` overrides the number of processes (1: none).
    """
    cores = worker_count(paths, workers)
    if cores < 2 or len(paths) < 2:
        for path in paths:
            yield fn(load_one(path, as_of))
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: the workers start with the modules and the catalogue already loaded.
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    size = max(1, -(-len(paths) // (cores * CHUNKS_PER_WORKER)))
    chunks = [(paths[i : i + size], as_of, fn) for i in range(0, len(paths), size)]
    with ProcessPoolExecutor(max_workers=cores, mp_context=context) as pool:
        for batch in pool.map(_chunk, chunks):
            yield from batch


def _whole(row: Loaded) -> Loaded:
    return row


def load_many(paths: list[Path], as_of: date, workers: int | None = None) -> Iterator[Loaded]:
    """Load and evaluate ``paths``, in order, as whole rows.

    Whole rows cost more to send between processes than to compute, so this runs in
    one process unless ``workers`` asks for more; prefer :func:`map_workbooks` with
    a small summary for large portfolios.
    """
    return map_workbooks(paths, as_of, _whole, workers if workers is not None else 1)


def summaries(paths: list[Path], as_of: date, workers: int | None = None) -> Iterator[Summary]:
    """The :class:`Summary` of each of ``paths``, in order (in parallel when it pays)."""
    return map_workbooks(paths, as_of, Summary.of, workers)


@dataclass(frozen=True, slots=True)
class PortfolioTotals:
    """The total row of a portfolio: the same definitions as one workbook's figures."""

    workbooks: int
    """Readable workbooks."""
    unreadable: int
    """Files that could not be loaded."""
    overall: GroupResult
    """Ticked over required checkpoints, and done over applicable measures, across all."""
    outstanding: int
    overdue: int
    inconsistent: int


def portfolio_totals(rows: Sequence[Summary]) -> PortfolioTotals:
    """Add up a portfolio (readable model workbooks only: an organisation's answers
    are already counted in every model that inherits them)."""
    rows = [r for r in rows if not r.is_organisation]
    readable = [r for r in rows if r.overall is not None]
    groups = [r.overall for r in readable if r.overall is not None]
    required = sum(g.required for g in groups)
    ticked = sum(g.ticked for g in groups)
    overall = GroupResult(
        id="portfolio",
        title="Portfolio",
        applicable=sum(g.applicable for g in groups),
        done=sum(g.done for g in groups),
        required=required,
        ticked=ticked,
        completeness=100.0 * ticked / required if required else 0.0,
    )
    return PortfolioTotals(
        workbooks=len(readable),
        unreadable=len(rows) - len(readable),
        overall=overall,
        outstanding=sum(r.outstanding for r in readable),
        overdue=sum(r.overdue for r in readable),
        inconsistent=sum(r.inconsistent for r in readable),
    )
