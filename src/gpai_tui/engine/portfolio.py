"""Evaluate many workbooks: a file, or every ``*.toml`` under a folder.

Large portfolios are spread over processes when that pays. What pays was measured
(``benchmarks/``, item 4): loading and evaluating a workbook costs about 1 ms, and
sending a whole :class:`Loaded` row (workbook and evaluation) back from a worker
costs more than that. So the workers run the caller's summary too
(:func:`map_workbooks`) and send back only what the caller shows (a
:class:`Summary`, a list of gate failures, a JSON dict).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from gpai_tui.engine.evaluate import evaluate
from gpai_tui.engine.inherit import Resolved, organisation_figures, resolve_workbook
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
            figures = organisation_figures(row.organisation)
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
    """``target`` itself if it is a file, else every ``*.toml`` below it, sorted."""
    if target.is_dir():
        return sorted(
            p
            for p in target.rglob("*.toml")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(target).parts)
        )
    return [target]


def load_one(path: Path, as_of: date) -> Loaded:
    """Load, resolve and evaluate one workbook, capturing a load error."""
    try:
        parsed = parse_any(read_bytes(path), str(path))
        if isinstance(parsed, Organisation):
            return Loaded(path, None, None, None, organisation=parsed)
        resolved = resolve_workbook(parsed, path)
    except WorkbookError as exc:
        return Loaded(path, None, None, exc)
    view = resolved.workbook
    return Loaded(path, view, evaluate(view, as_of), None, resolved)


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
