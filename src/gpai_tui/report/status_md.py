"""``gpai status --format md``: the status as GitHub-flavoured Markdown (for a CI job summary).

Built from the documented ``--json`` data (:func:`gpai_tui.engine.evaluation_dict`),
so the two formats never disagree. Every text from a workbook goes through
:func:`gpai_tui.report.export.markdown.md`, which makes it inert inline Markdown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from gpai_tui.engine import pct
from gpai_tui.engine.portfolio import Summary, portfolio_totals
from gpai_tui.report.export.markdown import md


def _table(head: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out.extend("| " + " | ".join(row) + " |" for row in rows)
    return [*out, ""]


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def workbook_md(data: dict[str, Any]) -> str:
    """One workbook's status (``data`` is its ``status --json`` object)."""
    lines = [
        f"## gpai status: {md(data['path'])}",
        "",
        f"As of {data['as_of']}: **{_pct(data['overall'])}** complete "
        f"({data['done']} of {data['applicable']} applicable measures done); "
        f"{len(data['outstanding'])} outstanding, {data['overdue']} overdue, "
        f"{data['inconsistent']} inconsistent, {len(data['conflicts'])} unresolved conflicts.",
        "",
    ]
    groups = [*data["chapters"], data["obligations_summary"]]
    lines += _table(
        ["Chapter", "Done", "Checkpoints", "Completeness"],
        (
            [
                md(g["title"]),
                f"{g['done']}/{g['applicable']}",
                f"{g['ticked_checkpoints']}/{g['required_checkpoints']}",
                _pct(g["completeness"]),
            ]
            for g in groups
        ),
    )
    if data["outstanding"]:
        lines += ["### Outstanding", ""]
        lines += _table(
            ["", "ID", "Legal date", "Target", "Owner", "Status", "Title"],
            (
                [
                    "**OVERDUE**" if e["overdue"] else "",
                    md(e["id"]),
                    e["due"] or "—",
                    e["target"] or "—",
                    md(e["owner"]),
                    md(e["status"]),
                    md(e["title"]),
                ]
                for e in data["outstanding"]
            ),
        )
    else:
        lines += ["Nothing outstanding.", ""]
    return "\n".join(lines)


def portfolio_md(rows: Sequence[Summary], target: str, as_of: str) -> str:
    """A folder's status: one row per workbook and the total."""
    lines = [f"## gpai status: {md(target)}", "", f"As of {as_of}.", ""]
    body: list[list[str]] = []
    for row in rows:
        if row.error is not None or row.overall is None:
            problem = row.error.problem if row.error is not None else "unreadable"
            body.append([md(str(row.path)), "**UNREADABLE**", md(problem), "", "", ""])
            continue
        body.append(
            [
                md(str(row.path)),
                md(f"{row.provider} {row.model}"),
                _pct(pct(row.overall.completeness)),
                str(row.outstanding),
                str(row.overdue),
                str(row.inconsistent),
            ]
        )
    totals = portfolio_totals(rows)
    body.append(
        [
            "**Total**",
            "",
            f"**{_pct(pct(totals.overall.completeness))}**",
            str(totals.outstanding),
            str(totals.overdue),
            str(totals.inconsistent),
        ]
    )
    head = ["Workbook", "Model", "Completeness", "Outstanding", "Overdue", "Inconsistent"]
    lines += _table(head, body)
    return "\n".join(lines)
