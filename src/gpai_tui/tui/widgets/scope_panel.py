"""The scoping decisions with their reasons, the engine's warnings, and what just changed."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from gpai_tui.engine import Decision, Scope
from gpai_tui.engine.scope import scope_decisions
from gpai_tui.text import safe
from gpai_tui.tui.labels import Colors


def scope_rows(scope: Scope) -> list[tuple[str, Decision]]:
    """The decisions an officer reads, in order (the engine's one list, shared with the
    exports' scope section)."""
    return [(question, decision) for _, question, decision in scope_decisions(scope)]


def scope_table(scope: Scope, colors: Colors, *, stacked: bool = False) -> RenderableType:
    """One row per decision: yes/no and the reason (``stacked``: the reason on its own
    lines under the name, for narrow panels)."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    parts: list[RenderableType] = [] if stacked else [grid]
    for name, decision in scope_rows(scope):
        answer = Text("yes", style=colors.accent) if decision.applies else Text("no", style="dim")
        reason = Text(safe(decision.reason))
        if stacked:
            parts.append(Text.assemble((name, "bold"), "  ", answer))
            parts.append(Padding(reason, (0, 0, 0, 2)))
        else:
            grid.add_row(name, answer, reason)
    for warning in scope.warnings:
        parts.append(Text(f"Warning: {safe(warning)}", style=colors.warning))
    return Group(*parts)


class ScopePanel(Static):
    """Scope decisions, warnings and (optionally) a list of recent changes, as one block."""

    help_topic = "scope"

    def show(
        self,
        scope: Scope,
        colors: Colors,
        notes: Sequence[str] = (),
        notes_title: str = "What changed",
    ) -> None:
        """Show ``notes`` (e.g. recent changes, newest first) under a title, then ``scope``."""
        parts: list[RenderableType] = []
        if notes:  # first: it is what the officer just caused
            parts.append(Text(notes_title, style="bold underline"))
            parts.extend(Text(f"• {safe(line)}") for line in notes)
            parts.append(Text(""))
        parts.append(Text("Scope", style="bold underline"))
        parts.append(scope_table(scope, colors, stacked=True))
        self.update(Group(*parts))
