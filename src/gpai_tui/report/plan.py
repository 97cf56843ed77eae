"""``gpai plan`` output: the work plan as CommonMark or as CSV.

The rows come from :mod:`gpai_tui.engine.plan` in plan order; nothing here computes.
User text (owners, titles, paths, reasons) goes through the Markdown export's escaping
(:func:`gpai_tui.report.export.markdown.md`) or the CSV export's cell guard
(:func:`gpai_tui.report.export.csv_.cell`: visible control characters, no formulas).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from gpai_tui.engine.plan import BANDS, Band, PlanRow
from gpai_tui.report.export.content import STATUS_TEXT
from gpai_tui.report.export.csv_ import BOM, cell
from gpai_tui.report.export.markdown import md

BAND_TITLES: dict[Band, str] = {
    "overdue": "Overdue",
    "dated": "With a legal date",
    "undated": "Without a legal date",
}

KIND_TEXT = {
    "recurring": "recurring round due",
    "review": "evidence or periodic review due",
    "incident-report": "incident report not sent",
    "inconsistent": "marked done, but inconsistent",
}
"""Why a row is open, for the kinds whose status alone does not say it."""

CSV_COLUMNS = (
    "workbook",
    "band",
    "id",
    "title",
    "kind",
    "chapter",
    "status",
    "owner",
    "target",
    "legal_date",
    "overdue",
    "legal_date_reason",
    "open_checkpoints",
    "open_count",
    "required_count",
    "issues",
    "as_of",
)
"""Columns of ``gpai plan --format csv``, one row per plan row."""


@dataclass(frozen=True, slots=True)
class PlanHeading:
    """What the plan is of: one workbook, or a folder of them."""

    subject: str
    """``provider · model`` for a workbook, or the folder."""
    source: str
    """The workbook path, or how many workbooks the folder held."""
    as_of: date
    multi: bool
    """Rows come from several workbooks (each row names its file)."""
    conflicted: tuple[tuple[str, int], ...] = ()
    """Workbooks with unresolved merge conflicts, and how many each has."""


def conflict_text(count: int) -> str:
    """The warning for a workbook with ``count`` unresolved merge conflicts."""
    plural = "s" if count != 1 else ""
    return (
        f"{count} unresolved merge conflict{plural}; resolve them (gpai open) before "
        "relying on this plan"
    )


def _iso(value: date | None) -> str:
    return value.isoformat() if value is not None else "none"


def plan_markdown(rows: Sequence[PlanRow], heading: PlanHeading) -> str:
    """The plan as CommonMark: a heading per band, one numbered entry per row."""
    counts = {band: sum(1 for r in rows if r.band == band) for band in BANDS}
    lines = [
        "# Work plan",
        "",
        f"**{md(heading.subject)}** ({md(heading.source)}), as of {heading.as_of.isoformat()}",
        "",
    ]
    for name, count in heading.conflicted:
        lines += [f"**Warning:** {md(name)}: {md(conflict_text(count))}.", ""]
    if not rows:
        lines += ["Nothing open: every applicable item is done and consistent.", ""]
        return "\n".join(lines)
    lines += [
        f"{len(rows)} open: {counts['overdue']} overdue, {counts['dated']} with a legal date, "
        f"{counts['undated']} without one. Sorted by legal date, overdue first; items "
        "without a legal date come last, in catalogue order, each with the reason the tool "
        "has no date for it.",
        "",
    ]
    number = 0
    for band in BANDS:
        band_rows = [r for r in rows if r.band == band]
        if not band_rows:
            continue
        lines += [f"## {BAND_TITLES[band]} ({len(band_rows)})", ""]
        for row in band_rows:
            number += 1
            lines += _entry(number, row, heading.multi)
        lines.append("")
    return "\n".join(lines)


def _entry(number: int, row: PlanRow, multi: bool) -> list[str]:
    marker = f"{number}. "
    pad = " " * len(marker)
    out = [f"{marker}**{md(row.id)}** {md(row.title)}"]
    # A review row's date is the officer's review date, never called a legal date.
    due = f"{'Review date' if row.kind == 'review' else 'Legal date'}: {_iso(row.due)}"
    if row.overdue:
        due += ", **overdue**"
    out.append(f"{pad}- {due} — {md(row.due_reason)}")
    if multi:
        out.append(f"{pad}- Workbook: {md(row.workbook)}")
    status = STATUS_TEXT.get(row.status, row.status)
    if row.kind in KIND_TEXT:
        status = f"{status} ({KIND_TEXT[row.kind]})"
    out.append(
        f"{pad}- Status: {md(status)} · Owner: {md(row.owner, 'none')} · Target: {_iso(row.target)}"
    )
    if row.open_checkpoints:
        out.append(
            f"{pad}- Open checkpoints ({len(row.open_checkpoints)} of {row.required} required):"
        )
        out.extend(f"{pad}  - {md(cp.label)}" for cp in row.open_checkpoints)
    if row.issues:
        out.append(f"{pad}- Issues: {md('; '.join(row.issues))}")
    return out


def plan_csv(rows: Sequence[PlanRow], as_of: date) -> str:
    """The plan as CSV (UTF-8 with a byte-order mark, like ``gpai export --format csv``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        values: list[str | int | bool | None] = [
            row.workbook,
            row.band,
            row.id,
            row.title,
            row.kind,
            row.chapter,
            row.status,
            row.owner,
            row.target.isoformat() if row.target else None,
            row.due.isoformat() if row.due else None,
            row.overdue,
            row.due_reason,
            "\n".join(cp.label for cp in row.open_checkpoints),
            len(row.open_checkpoints),
            row.required,
            "; ".join(row.issues),
            as_of.isoformat(),
        ]
        writer.writerow([cell(v) for v in values])
    return BOM + out.getvalue()
