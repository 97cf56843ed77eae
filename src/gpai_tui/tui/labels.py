"""How engine results look on screen: status glyphs, flags, percentages, bars, dates.

Every label is a :class:`rich.text.Text` built from engine values (never parsed as
markup), with glyphs that read without colour. Percentages are rounded only by
:func:`gpai_tui.engine.pct`, so the TUI agrees with ``gpai status`` to the digit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text

from gpai_tui.engine import GroupResult, ItemResult, pct
from gpai_tui.report.bars import bar
from gpai_tui.text import one_line
from gpai_tui.words import status_prose

STATUS_GLYPHS: dict[str, str] = {
    "done": "✔",
    "in-progress": "◐",
    "todo": "○",
    "not-applicable": "–",
}
"""One glyph per status (out-of-scope items also show ``–``)."""
OVERDUE_FLAG = "!"
"""Shown after the status glyph when an item is past its legal date."""
INCONSISTENT_FLAG = "?"
"""Shown after the status glyph when an item's status and evidence disagree."""


@dataclass(frozen=True)
class Colors:
    """Theme colours for Rich text (Textual CSS variables cannot reach Rich styles)."""

    success: str = "green"
    warning: str = "yellow"
    error: str = "red"
    accent: str = "cyan"

    @classmethod
    def from_theme(cls, variables: dict[str, str]) -> Colors:
        """Colours from ``App.theme_variables`` (falls back to named colours)."""
        return cls(
            success=variables.get("success", cls.success),
            warning=variables.get("warning", cls.warning),
            error=variables.get("error", cls.error),
            accent=variables.get("accent", cls.accent),
        )


def percent(value: float) -> str:
    """``77.2%``: one decimal, rounded by the engine's :func:`pct`."""
    return f"{pct(value):.1f}%"


def iso(value: date | None) -> str:
    """ISO date or an em dash."""
    return value.isoformat() if value is not None else "—"


def status_glyph(item: ItemResult, colors: Colors) -> Text:
    """Two cells: the status glyph and a flag (``!`` overdue, ``?`` inconsistent)."""
    if not item.applicable:
        return Text().append("– ", style="dim")
    style = {"done": colors.success, "in-progress": colors.warning}.get(item.status, "")
    if item.unsupported:  # done with checkpoints or evidence missing: not shown as a success
        style = colors.warning
    glyph = Text().append(STATUS_GLYPHS.get(item.status, "?"), style=style)
    if item.overdue:
        glyph.append(OVERDUE_FLAG, style=f"bold {colors.error}")
    elif item.issues:
        glyph.append(INCONSISTENT_FLAG, style=f"bold {colors.warning}")
    else:
        glyph.append(" ")
    return glyph


def status_words(item: ItemResult) -> str:
    """The status in words, with what is wrong: ``in progress, overdue``."""
    words = [status_prose(item.status) if item.in_scope else "out of scope"]
    if item.overdue:
        words.append("overdue")
    if item.issues:
        words.append("inconsistent")
    return ", ".join(words)


def item_label(item: ItemResult, colors: Colors) -> Text:
    """A tree row: glyph, id, completeness, title; not-applicable rows dimmed with the reason.

    The fixed-width parts come first so a narrow tree never hides them.
    """
    label = status_glyph(item, colors)
    label.append(f" {item.id} ", style="bold" if item.applicable else "dim")
    if item.applicable:
        label.append(f"{percent(item.completeness):>6} ")
        label.append(item.title)
    else:
        label.append("   n/a ", style="dim")
        label.append(f"{item.title} — {one_line(item.reason)}", style="dim")
    return label


def group_label(group: GroupResult, title: str, colors: Colors, key: str = "") -> Text:
    """A chapter or commitment row: ``key`` (a commitment id), completeness, done/applicable,
    then the title (numbers first, so a narrow tree never hides them)."""
    label = Text()
    if key:
        label.append(f"{key} ", style="bold")
    if group.applicable == 0:
        label.append("   n/a ", style="dim")
    else:
        style = colors.success if group.done == group.applicable else ""
        label.append(f"{percent(group.completeness):>6} ", style=style)
        label.append(f"{group.done}/{group.applicable} ", style="dim")
    label.append(title, style="bold" if not key else "")
    return label


def progress_bar(group: GroupResult, colors: Colors, width: int = 20) -> Text:
    """A text bar (``███░░``) that reads without colour, coloured by progress."""
    if group.applicable == 0:
        return Text("not applicable", style="dim")
    value = pct(group.completeness)
    style = colors.success if value >= 100 else colors.accent
    return Text(bar(value, width), style=style)
