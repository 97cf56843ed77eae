"""Rich rendering of a semantic diff (``gpai diff``).

Everything reads without colour: regressions say ``REGRESSION``, movements say
``up``/``down``. User text is shown through :func:`gpai_tui.text.one_line` inside
:class:`rich.text.Text` objects, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from gpai_tui.engine.diff import GroupDelta, ItemChange, WorkbookDiff
from gpai_tui.text import one_line
from gpai_tui.words import plural, status_prose

VALUE_WIDTH = 60
"""Longest rendering of one text value."""


def show(value: Any, limit: int = VALUE_WIDTH) -> str:
    """One value in a diff line."""
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(show(v, 30) for v in value) if value else "(none)"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{one_line(str(k))}: {show(v, 30)}" for k, v in value.items()) + "}"
    return '"' + one_line(str(value), limit) + '"'


def _move(before: float, after: float) -> str:
    if after > before:
        return f"up {after - before:.1f}"
    if after < before:
        return f"down {before - after:.1f}"
    return "unchanged"


def summary_line(diff: WorkbookDiff, limit: int = 3) -> str:
    """One line: ``CR-1.3 in progress → done, +1 evidence; Copyright 60.0% → 80.0%``."""
    if not diff.changed:
        return "no changes"
    parts: list[str] = []
    for item in diff.items[:limit]:
        bits: list[str] = []
        status = item.field("status")
        if status is not None:
            bits.append(f"{status_prose(status.old)} → {status_prose(status.new)}")
        if item.ticked:
            bits.append(f"+{len(item.ticked)} ticked")
        if item.unticked:
            bits.append(f"-{len(item.unticked)} ticked")
        if item.evidence_added:
            bits.append(f"+{len(item.evidence_added)} evidence")
        if item.evidence_removed:
            bits.append(f"-{len(item.evidence_removed)} evidence")
        if item.evidence_updated:
            bits.append(f"~{len(item.evidence_updated)} evidence")
        others = [f.field.replace("_", " ") for f in item.fields if f.field != "status"]
        if others:
            bits.append(", ".join(others) + " changed")
        parts.append(f"{item.id} {', '.join(bits)}")
    if len(diff.items) > limit:
        parts.append(f"{plural(len(diff.items) - limit, 'more item')} changed")
    if diff.profile:
        parts.append("profile changed")
    if diff.mdf:
        parts.append(f"{plural(len(diff.mdf), 'MDF value')} changed")
    if diff.incidents:
        parts.append(f"{plural(len(diff.incidents), 'incident')} changed")
    if diff.conflicts_added:
        parts.append(plural(len(diff.conflicts_added), "new conflict"))
    if diff.conflicts_removed:
        parts.append(f"{plural(len(diff.conflicts_removed), 'conflict')} resolved")
    moved = [
        f"{c.title} {c.before:.1f}% → {c.after:.1f}%"
        for c in (*diff.chapters, diff.overall)
        if c.before != c.after
    ]
    text = "; ".join(parts)
    if moved:
        text += "; " + ", ".join(moved)
    if diff.regressions:
        text += f"; {plural(len(diff.regressions), 'REGRESSION')}"
    return one_line(text)


def _section(title: str) -> Text:
    return Text(title, style="bold")


def _line(text: str, indent: int = 2, style: str = "") -> Text:
    return Text(" " * indent + text, style=style)


def _regression(text: str, indent: int = 4) -> Text:
    line = Text(" " * indent)
    line.append("REGRESSION: ", style="bold red")
    line.append(text)
    return line


def _item_lines(item: ItemChange) -> list[Text]:
    what = "obligation" if item.kind == "obligation" else "measure"
    head = Text("  ")
    head.append(item.id, style="bold")
    head.append(f" ({what}) {one_line(item.title, 60)}")
    if item.completeness_before != item.completeness_after:
        head.append(
            f"  {item.completeness_before:.1f}% → {item.completeness_after:.1f}% "
            f"({_move(item.completeness_before, item.completeness_after)})"
        )
    out = [head]
    for change in item.fields:
        name = change.field.replace("_", " ")
        if change.field == "status":
            old, new = status_prose(change.old), status_prose(change.new)
            out.append(_line(f"status: {one_line(old)} → {one_line(new)}", 4))
        elif change.field == "override":
            said = "now answers for this model itself (override)"
            out.append(_line(said if change.new else "inherits the provider's answer again", 4))
        elif change.field in ("notes", "justification", "alternative"):
            if change.old is None:
                out.append(_line(f"{name} added: {show(change.new)}", 4))
            elif change.new is None:
                out.append(_line(f"{name} removed (was {show(change.old)})", 4))
            else:
                out.append(_line(f"{name} changed: {show(change.old)} → {show(change.new)}", 4))
        else:
            out.append(_line(f"{name}: {show(change.old)} → {show(change.new)}", 4))
    if item.ticked:
        out.append(_line("ticked: " + ", ".join(one_line(c) for c in item.ticked), 4))
    if item.unticked:
        out.append(_line("unticked: " + ", ".join(one_line(c) for c in item.unticked), 4))
    for ref in item.evidence_added:
        out.append(_line(f"evidence added: {one_line(ref, VALUE_WIDTH)}", 4))
    for ref in item.evidence_removed:
        out.append(_line(f"evidence removed: {one_line(ref, VALUE_WIDTH)}", 4))
    for ref in item.evidence_updated:
        out.append(_line(f"evidence details changed: {one_line(ref, VALUE_WIDTH)}", 4))
    out += [_regression(one_line(r)) for r in item.regressions]
    return out


def _ids(ids: Sequence[str], limit: int = 8) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def _completeness(diff: WorkbookDiff) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column()
    table.add_column(justify="right")
    table.add_column()
    table.add_column(justify="right")
    table.add_column()

    def row(delta: GroupDelta, bold: bool = False) -> None:
        def fig(value: float, applicable: int) -> str:
            return f"{value:.1f}%" if applicable else "n/a"

        note = _move(delta.before, delta.after)
        if delta.applicable_before != delta.applicable_after:
            note += f"; applicable {delta.applicable_before} → {delta.applicable_after}"
        if delta.done_before != delta.done_after:
            note += f"; done {delta.done_before} → {delta.done_after}"
        table.add_row(
            Text("  " + delta.title, style="bold" if bold else ""),
            fig(delta.before, delta.applicable_before),
            "→",
            fig(delta.after, delta.applicable_after),
            f"({note})",
        )

    for chapter in diff.chapters:
        row(chapter)
    row(diff.overall, bold=True)
    row(diff.obligations)
    return table


def diff_report(diff: WorkbookDiff, old_label: str, new_label: str) -> RenderableType:
    """The whole diff, as a Rich renderable."""
    parts: list[RenderableType] = []
    head = Text()
    head.append("gpai diff ", style="bold")
    head.append(f"{one_line(old_label)} → {one_line(new_label)}")
    head.append(f"  (as of {diff.as_of.isoformat()})")
    parts.append(head)
    if not diff.changed:
        parts.append(Text("No changes."))
        return Group(*parts)
    parts.append(Text("Summary: " + summary_line(diff)))

    if diff.code or diff.profile:
        parts.append(_section("Profile"))
        if diff.code:
            parts.append(_line(f"Code version: {diff.code.old} → {diff.code.new}"))
        for change in diff.profile:
            name = change.field.replace("_", " ")
            parts.append(_line(f"{name}: {show(change.old)} → {show(change.new)}"))

    if diff.scope or diff.applicability or diff.warnings_added or diff.warnings_removed:
        parts.append(_section("Scope"))
        for scope in diff.scope:
            was = "yes" if scope.before.applies else "no"
            now = "yes" if scope.after.applies else "no"
            parts.append(_line(f"{scope.label}: {was} → {now}"))
            parts.append(_line(f"before: {one_line(scope.before.reason)}", 4))
            parts.append(_line(f"now:    {one_line(scope.after.reason)}", 4))
        groups: dict[tuple[bool, str], list[str]] = {}
        for moved in diff.applicability:
            groups.setdefault((moved.now_applies, moved.reason), []).append(moved.id)
        for (applies, reason), ids in groups.items():
            verb = "now apply" if applies else "no longer apply"
            count = f"{len(ids)} item{'s' if len(ids) != 1 else ''}"
            parts.append(_line(f"{count} {verb}: {_ids(ids)}"))
            parts.append(_line(f"why: {one_line(reason)}", 4))
        for warning in diff.warnings_added:
            parts.append(_line(f"new warning: {one_line(warning)}"))
        for warning in diff.warnings_removed:
            parts.append(_line(f"warning gone: {one_line(warning)}"))

    if diff.items:
        parts.append(_section("Measures and obligations"))
        for item in diff.items:
            parts.extend(_item_lines(item))

    if diff.mdf:
        before, after, total = diff.mdf_filled
        parts.append(_section(f"Model Documentation Form (filled {before} → {after} of {total})"))
        for field in diff.mdf:
            name = field.id + (f"[{one_line(field.key)}]" if field.key else "")
            if field.old is None:
                parts.append(_line(f"{name} filled in: {show(field.new)}"))
            elif field.new is None:
                parts.append(_line(f"{name} cleared (was {show(field.old)})"))
                parts.append(_regression(f"MDF field {field.id} cleared"))
            else:
                parts.append(_line(f"{name}: {show(field.old)} → {show(field.new)}"))

    if diff.incidents:
        parts.append(_section("Serious incidents"))
        for incident in diff.incidents:
            parts.append(
                _line(f"{one_line(incident.id)} {incident.change}: {show(incident.title)}")
            )
            for change in incident.fields:
                name = change.field.replace("_", " ")
                parts.append(_line(f"{name}: {show(change.old)} → {show(change.new)}", 4))
            for day in incident.reports_added:
                parts.append(_line(f"intermediate report sent {day.isoformat()}", 4))
            for day in incident.reports_removed:
                parts.append(_line(f"intermediate report removed: {day.isoformat()}", 4))

    if diff.conflicts_added or diff.conflicts_removed:
        parts.append(_section("Merge conflicts"))
        for key in diff.conflicts_added:
            parts.append(_line(f"new unresolved conflict at {one_line(key)}"))
        for key in diff.conflicts_removed:
            parts.append(_line(f"resolved: {one_line(key)}"))

    parts.append(_section("Completeness"))
    parts.append(_completeness(diff))
    parts.append(
        Text(
            f"Outstanding {diff.outstanding[0]} → {diff.outstanding[1]}, "
            f"overdue {diff.overdue[0]} → {diff.overdue[1]}"
        )
    )
    if diff.regressions:
        parts.append(_section(f"Regressions ({len(diff.regressions)})"))
        parts.extend(_regression(one_line(r.text), 2) for r in diff.regressions)
    else:
        parts.append(Text("No regressions."))
    return Group(*parts)
