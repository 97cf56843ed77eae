"""The walk's route: which questions the guided interview asks, in which order (no Textual).

The walk goes chapter by chapter, commitment by commitment, measure by measure, in the
catalogue's order. A measure that applies and is not done-and-consistent gets one
``question`` step per checkpoint ticked by hand (a computed checkpoint is not asked),
then a ``recap`` step. A measure the officer marked not applicable gets one ``confirm``
step (its justification is shown to be confirmed). Measures out of scope, and measures
done and consistent, are skipped (unless the walk starts at that very measure). Each
chapter ends with a ``chapter`` summary step.

Everything the route reads comes from the engine's :class:`~gpai_tui.engine.Evaluation`;
:func:`suggest_status` is the one rule for the status a recap proposes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from gpai_tui.catalogue import Catalogue
from gpai_tui.engine.results import Evaluation, ItemResult

StepKind = Literal["question", "confirm", "recap", "chapter"]


@dataclass(frozen=True, slots=True)
class Step:
    """One screen of the walk."""

    kind: StepKind
    chapter: str
    """Chapter id (``copyright``)."""
    item_id: str | None = None
    """The measure (``None`` for a chapter summary)."""
    checkpoint_id: str | None = None
    """The checkpoint asked (``question`` steps only)."""


def is_settled(item: ItemResult) -> bool:
    """Done and consistent: nothing for the walk to ask."""
    return item.status == "done" and not item.unsupported and item.consistent


def route(catalogue: Catalogue, evaluation: Evaluation, start: str | None = None) -> list[Step]:
    """The walk's steps: every chapter (``start`` ``None``), one chapter (``start`` is its
    id), or the rest of a measure's chapter from that measure (``start`` is its id).

    Raises ``KeyError`` for a ``start`` that is neither a chapter nor a measure.
    """
    chapters = [c.id for c in catalogue.chapters]
    first_chapter = 0
    first_measure: str | None = None
    if start is not None:
        if start in chapters:
            first_chapter = chapters.index(start)
        else:
            found = catalogue.measure(start)
            if found is None:
                raise KeyError(start)
            first_measure = start
            first_chapter = next(
                i
                for i, ch in enumerate(catalogue.chapters)
                for c in ch.commitments
                for m in c.measures
                if m.id == start
            )
    steps: list[Step] = []
    last_chapter = len(chapters) if start is None else first_chapter + 1
    for chapter in catalogue.chapters[first_chapter:last_chapter]:
        measures = [m for c in chapter.commitments for m in c.measures]
        if first_measure is not None:
            measures = measures[[m.id for m in measures].index(first_measure) :]
        chapter_steps: list[Step] = []
        for measure in measures:
            item = evaluation.item(measure.id)
            explicit = measure.id == first_measure
            first_measure = None if explicit else first_measure
            if not item.in_scope:
                continue
            if not item.applicable:
                chapter_steps.append(Step("confirm", chapter.id, measure.id))
                continue
            if is_settled(item) and not explicit:
                continue
            chapter_steps += [
                Step("question", chapter.id, measure.id, cp.id)
                for cp in item.checkpoints
                if cp.derived is None
            ]
            chapter_steps.append(Step("recap", chapter.id, measure.id))
        first_measure = None
        if chapter_steps:
            steps += chapter_steps
            steps.append(Step("chapter", chapter.id))
    return steps


def suggest_status(item: ItemResult, evidence: int) -> str:
    """The status a recap proposes: ``done`` when every required checkpoint is ticked and
    there is evidence (``evidence`` references), else ``in-progress``."""
    if item.ticked >= item.required and evidence > 0:
        return "done"
    return "in-progress"


def walked_measures(steps: list[Step], chapter: str) -> list[str]:
    """The measures the walk visits in ``chapter``, in order."""
    seen: list[str] = []
    for step in steps:
        if step.chapter == chapter and step.item_id is not None and step.item_id not in seen:
            seen.append(step.item_id)
    return seen
