"""Evaluate many workbooks: a file, or every ``*.toml`` under a folder.

Large portfolios are spread over processes when that pays (see ``benchmarks/``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from gpai_tui.engine.evaluate import evaluate
from gpai_tui.engine.results import Evaluation
from gpai_tui.workbook import Workbook, WorkbookError, load_workbook

PARALLEL_MIN = 200
"""Below this many workbooks, one process is faster than starting workers."""


@dataclass(frozen=True, slots=True)
class Loaded:
    """One workbook of a portfolio: evaluated, or the error that stopped it."""

    path: Path
    workbook: Workbook | None
    evaluation: Evaluation | None
    error: WorkbookError | None


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
    """Load and evaluate one workbook, capturing a load error."""
    try:
        workbook = load_workbook(path)
    except WorkbookError as exc:
        return Loaded(path, None, None, exc)
    return Loaded(path, workbook, evaluate(workbook, as_of), None)


def _chunk(args: tuple[list[Path], date]) -> list[Loaded]:
    paths, as_of = args
    return [load_one(p, as_of) for p in paths]


def load_many(paths: list[Path], as_of: date, workers: int | None = None) -> Iterator[Loaded]:
    """Load and evaluate ``paths`` in order, in parallel when there are many."""
    cores = workers if workers is not None else (os.cpu_count() or 1)
    if len(paths) < PARALLEL_MIN or cores < 2:
        for path in paths:
            yield load_one(path, as_of)
        return
    from concurrent.futures import ProcessPoolExecutor

    size = max(1, len(paths) // (cores * 4))
    chunks = [(paths[i : i + size], as_of) for i in range(0, len(paths), size)]
    with ProcessPoolExecutor(max_workers=cores) as pool:
        for batch in pool.map(_chunk, chunks):
            yield from batch
