"""A canonical line view of a workbook, one fact per line (``gpai textconv``).

git runs ``gpai textconv`` on both sides of a diff once ``gpai git-setup`` has
configured it, so ``git diff``, ``git log -p`` and ``git show`` read like::

    -measure CR-1.3 status = in-progress
    +measure CR-1.3 status = done
    +measure CR-1.3 check robots-txt = yes
    +measure CR-1.3 evidence + policies/crawler.md

The view is fully determined by the file's content (no "today"), so git may
cache it. Lines come in a fixed order: a summary header (completeness per
chapter, MDF, conflicts), the profile, then measures and obligations in
catalogue order, incidents, MDF fields in form order, training-summary fields in
template order, conflict records. Text
is written on one line: backslash, newline and tab become ``\\``, ``\\n`` and
``\\t``; other control characters become visible escapes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from gpai_tui.catalogue import Catalogue, load_catalogue
from gpai_tui.engine import Evaluation, evaluate, pct
from gpai_tui.engine.paths import incident_dict
from gpai_tui.text import safe
from gpai_tui.workbook import ModelProfile, Workbook

_AS_OF = date(2000, 1, 1)
"""Completeness does not depend on the date; a fixed one keeps the view stable."""


def flat(value: Any) -> str:
    """One value on one line, without ambiguity for text."""
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list):
        return ", ".join(flat(v) for v in value) if value else "(none)"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{flat(k)}: {flat(v)}" for k, v in value.items()) + "}"
    text = str(value).replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
    return safe(text, keep_newlines=False)


def textconv_lines(workbook: Workbook) -> list[str]:
    """The line view of ``workbook``."""
    catalogue = load_catalogue(workbook.code)
    lines: list[str] = [
        f"# gpai workbook: {flat(workbook.model.provider)} / {flat(workbook.model.name)}",
    ]
    if workbook.inherits is not None:
        # The figures depend on the organisation file too; the view depends on this
        # file alone (git caches it), so they are left to `gpai status`.
        lines.append(f"# inherits {flat(workbook.inherits)}: figures in `gpai status`")
    else:
        lines += _figures(workbook, evaluate(workbook, _AS_OF, catalogue))
    lines.append(f"format = {workbook.format}")
    lines.append(f"code = {flat(workbook.code)}")
    if workbook.inherits is not None:
        lines.append(f"inherits = {flat(workbook.inherits)}")
    for name in ModelProfile.model_fields:
        value = getattr(workbook.model, name)
        if value is not None:
            lines.append(f"model {name} = {flat(value)}")
    from gpai_tui.catalogue.summary import is_computed

    kept = bool(workbook.training_summary)
    for item in catalogue.measures():
        lines += _item_lines(
            "measure",
            item.id,
            workbook,
            [cp.id for cp in item.checkpoints if not is_computed(cp, kept)],
            bool(item.provider_level),
        )
    for obligation in catalogue.obligations:
        lines += _item_lines(
            "obligation",
            obligation.id,
            workbook,
            [cp.id for cp in obligation.checkpoints if not is_computed(cp, kept)],
            bool(obligation.provider_level),
        )
    return lines + _rest(workbook, catalogue)


def _figures(workbook: Workbook, evaluation: Evaluation) -> list[str]:
    lines: list[str] = []
    parts = [f"overall {pct(evaluation.overall.completeness):.1f}%"]
    for chapter in evaluation.chapters:
        if chapter.applicable:
            parts.append(f"{chapter.title} {pct(chapter.completeness):.1f}%")
        else:
            parts.append(f"{chapter.title} n/a")
    lines.append("# completeness: " + ", ".join(parts))
    lines.append(
        f"# done: {evaluation.overall.done}/{evaluation.overall.applicable} measures, "
        f"{evaluation.obligations_summary.done}/{evaluation.obligations_summary.applicable} "
        f"obligations; MDF {evaluation.mdf.filled}/{evaluation.mdf.total} fields; "
        f"conflicts {len(workbook.conflicts)}"
    )
    return lines


def _rest(workbook: Workbook, catalogue: Catalogue) -> list[str]:
    lines: list[str] = []
    for key in sorted(workbook.incidents):
        data = incident_dict(workbook.incidents[key])
        for name, value in data.items():
            if name == "intermediate_reports":
                lines += [f"incident {flat(key)} intermediate report + {flat(d)}" for d in value]
            else:
                lines.append(f"incident {flat(key)} {name} = {flat(value)}")
    for field in catalogue.mdf_fields():
        value = workbook.mdf.get(field.id)
        if isinstance(value, dict):
            for key, text in value.items():
                if text:
                    lines.append(f"mdf {field.id}[{flat(key)}] = {flat(text)}")
        elif value:
            lines.append(f"mdf {field.id} = {flat(value)}")
    lines += _summary_lines(workbook)
    for path in sorted(workbook.conflicts):
        record = workbook.conflicts[path]
        for side in ("ours", "theirs", "base"):
            value = getattr(record, side)
            lines.append(f"conflict {flat(path)} {side} = {flat(value)}")
    return lines


def _summary_lines(workbook: Workbook) -> list[str]:
    """``[training_summary]`` in template order; list and table entries one per line."""
    if not workbook.training_summary:
        return []
    from gpai_tui.catalogue.summary import load_summary_template

    lines: list[str] = []
    for field in load_summary_template().fields():
        value = workbook.training_summary.get(field.id)
        head = f"summary {field.id}"
        if isinstance(value, dict):
            lines += [f"{head}[{flat(k)}] = {flat(v)}" for k, v in value.items()]
        elif isinstance(value, list):
            lines += [f"{head} + {flat(v)}" for v in value]
        elif value is not None:
            lines.append(f"{head} = {flat(value)}")
    return lines


def _item_lines(
    kind: str, item_id: str, workbook: Workbook, checkpoints: list[str], shared: bool = False
) -> list[str]:
    entry = workbook.get_entry(item_id)
    head = f"{kind} {item_id}"
    if shared and workbook.inherits is not None:
        if not entry.override:  # the provider's answer, plus this model's additions
            lines = [f"{head} inherited from {flat(workbook.inherits)}"]
            lines += [f"{head} evidence + {flat(item.ref)}" for item in entry.evidence]
            if entry.notes:
                lines.append(f"{head} notes = {flat(entry.notes)}")
            return lines
        head = f"{kind} {item_id} (override)"
    lines = [f"{head} status = {entry.status}"]
    for name in ("owner", "target", "last_done", "review_months"):
        value = getattr(entry, name)
        if value:
            lines.append(f"{head} {name} = {flat(value)}")
    for cp in checkpoints:
        lines.append(f"{head} check {cp} = {flat(bool(entry.checks.get(cp, False)))}")
    for item in entry.evidence:
        lines.append(f"{head} evidence + {flat(item.ref)}")
        for name in ("sha256", "added", "review_by", "label"):
            value = getattr(item, name)
            if value is not None:
                lines.append(f"{head} evidence {flat(item.ref)} {name} = {flat(value)}")
    for name in ("notes", "justification", "alternative"):
        value = getattr(entry, name)
        if value:
            lines.append(f"{head} {name} = {flat(value)}")
    return lines


def textconv(workbook: Workbook) -> str:
    """The line view as text (ends with a newline)."""
    return "\n".join(textconv_lines(workbook)) + "\n"
