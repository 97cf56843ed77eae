"""Read-only renderings of the Code screen's right-hand side.

While the tree has the focus the right-hand side is one block of text: the
highlighted measure (:func:`item_preview`) or chapter/commitment
(:func:`group_summary`). Redrawing one text block per cursor move is what keeps
``j``/``k`` fast; the editable widgets (:class:`~gpai_tui.tui.widgets.measure_detail.MeasureDetail`)
appear when the user enters the measure. The preview shows the same facts in the
same order as the editor, so entering changes only how they can be edited.

User text (owner, evidence, notes) goes into :class:`rich.text.Text` after
:func:`gpai_tui.text.safe`: never parsed as markup, control characters made visible.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from gpai_tui.engine import CheckpointState, GroupResult, ItemResult
from gpai_tui.text import one_line, safe
from gpai_tui.tui.labels import Colors, iso, percent, progress_bar, status_glyph, status_words
from gpai_tui.workbook import ItemEntry

TICKED = "[x]"
UNTICKED = "[ ]"
EMPTY = "—"


def checkpoint_text(state: CheckpointState) -> Text:
    """One checkpoint as the editor's list and the preview show it: ``[x] label``."""
    text = Text()
    text.append(TICKED if state.ticked else UNTICKED, style="bold" if state.ticked else "")
    text.append(f" {state.label}")
    if not state.required:
        text.append("  (optional)", style="dim italic")
    if state.derived == "mdf-complete":
        text.append("  (ticked when the Model Documentation Form is complete)", style="dim")
    elif state.derived:
        text.append("  (ticked when that part of the training summary is filled in)", style="dim")
    return text


def item_title(item: ItemResult, colors: Colors) -> Text:
    """``TR-1.1  Title`` and, on a second line, the AI Act articles."""
    title = Text().append(f"{item.id}  ", style=f"bold {colors.accent}")
    title.append(item.title, style="bold")
    if item.articles:
        title.append(f"\n{', '.join(item.articles)}", style="dim")
    return title


def facts_grid(item: ItemResult, colors: Colors) -> Table:
    """Status, applicability, legal date, next round, last done and the issues (or none)."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1)
    status = status_glyph(item, colors)
    status.append(f" {status_words(item)}")
    grid.add_row("Status", status)
    grid.add_row("Applies" if item.applicable else "Not applicable", Text(safe(item.reason)))
    if item.status == "not-applicable":
        # No date and no completeness stand behind a measure marked not applicable:
        # the row stays (same height) and says why it is empty.
        grid.add_row("Legal date", Text("none: marked not applicable", style="dim"))
    else:
        legal = Text().append(iso(item.due), style="bold")
        legal.append(f"  {item.due_reason}", style="dim")
        grid.add_row("Legal date", legal)
    if item.next_due is not None and item.status != "not-applicable":
        grid.add_row("Next round", Text(iso(item.next_due)))
    if item.last_done is not None:
        grid.add_row("Last done", Text(iso(item.last_done)))
    # Always a row, so ticking in and out of an inconsistency keeps the height (and
    # the editor's layout) the same, and "none" says the status and ticks agree.
    if not item.issues:
        grid.add_row("Issues", Text("none", style="dim"))
    for n, issue in enumerate(item.issues):
        label = Text("Issues" if n == 0 else "", style=colors.warning)
        grid.add_row(label, Text(issue, style=colors.warning))
    return grid


def checkpoints_heading(item: ItemResult) -> Text:
    """``Checkpoints  2 of 3 required ticked · 66.7%``."""
    heading = Text().append("Checkpoints  ", style="bold")
    if item.status == "not-applicable":
        return heading.append("not counted: marked not applicable", style="dim")
    heading.append(
        f"{item.ticked} of {item.required} required ticked · {percent(item.completeness)}",
        style="dim",
    )
    return heading


def _section(title: str, hint: str = "") -> Text:
    text = Text().append(title, style="bold")
    if hint:
        text.append(f"  {hint}", style="dim")
    return text


def _value(value: str) -> Text:
    return Text(value) if value else Text(EMPTY, style="dim")


def item_preview(
    item: ItemResult, entry: ItemEntry, summary: str, colors: Colors
) -> RenderableType:
    """Everything the editor shows for one measure or obligation, as one block of text."""
    checks = Table.grid(padding=(0, 1))
    checks.add_column(no_wrap=True)
    checks.add_column(ratio=1)
    for state in item.checkpoints:
        line = checkpoint_text(state)
        checks.add_row(line[:3], line[4:])
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="bold", no_wrap=True)
    fields.add_column(ratio=1)
    fields.add_row("Owner", _value(safe(entry.owner or "", keep_newlines=False)))
    fields.add_row("Target date (yours)", _value(iso(entry.target) if entry.target else ""))
    evidence: list[RenderableType] = [Text(f"· {one_line(ref)}") for ref in entry.evidence_refs]
    if not evidence:
        evidence = [Text("No evidence yet: press a to add", style="dim")]
    notes = safe((entry.notes or "").replace("\r\n", "\n"))
    parts: list[RenderableType] = [item_title(item, colors), Text("")]
    if summary:
        parts += [Text(summary), Text("")]
    parts += [facts_grid(item, colors), Text(""), checkpoints_heading(item)]
    parts.append(checks if item.checkpoints else Text("No checkpoints", style="dim"))
    parts += [Text(""), fields, Text(""), _section("Evidence"), *evidence]
    parts += [Text(""), _section("Notes"), _value(notes), Text("")]
    if not item.signed:  # the other adequate means used instead (Art. 53(4), 55(2))
        alternative = safe((entry.alternative or "").replace("\r\n", "\n"))
        parts += [_section("Alternative means (chapter not signed)"), _value(alternative)]
        parts.append(Text(""))
    parts.append(Text("enter, tab or a click: edit this measure", style="dim italic"))
    return Group(*parts)


def group_summary(
    group: GroupResult, title: str, summary: str, items: list[ItemResult], colors: Colors
) -> RenderableType:
    """A chapter or commitment: progress, summary and its items at a glance."""
    head = Text(title, style=f"bold {colors.accent}")
    progress = Text()
    progress.append_text(progress_bar(group, colors, 24))
    if group.applicable:
        progress.append(
            f"  {percent(group.completeness)} · {group.done}/{group.applicable} done",
            style="bold",
        )
    rows = Table.grid(padding=(0, 1), expand=True)
    rows.add_column(no_wrap=True, min_width=2)
    rows.add_column(no_wrap=True, style="bold", min_width=6)
    rows.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    rows.add_column(no_wrap=True, max_width=24, overflow="ellipsis")
    for item in items:
        rows.add_row(
            status_glyph(item, colors),
            item.id,
            Text(item.title),
            Text(status_words(item), style="dim"),
        )
    parts: list[RenderableType] = [head, progress, Text("")]
    if summary:
        parts += [Text(summary), Text("")]
    parts.append(rows)
    return Group(*parts)
