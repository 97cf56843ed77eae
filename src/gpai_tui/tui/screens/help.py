"""Help: ``?`` lists every key, grouped; ``F1`` explains the focused widget.

Both are built from the bindings themselves (so they never drift from the code)
and from packaged Markdown in ``tui/help/``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from importlib import resources
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from gpai_tui.tui.glossary import glossary_rows
from gpai_tui.tui.registry import HELP_WIDGETS, SCREENS
from gpai_tui.tui.widgets.workbook_header import KeyFooter

if TYPE_CHECKING:
    from gpai_tui.tui.app import GpaiApp

BUILT_IN: tuple[tuple[str, str], ...] = (
    ("tab  shift+tab", "Move the focus between parts of the screen"),
    ("↑ ↓  j k", "Move in lists, tables and the tree"),
    ("enter", "Open / confirm"),
    ("escape", "Close a dialog (cancels); back to the tree"),
)
"""Keys Textual provides, or that every list shares."""


def _import(target: str) -> Any:
    module, name = target.split(":")
    return getattr(importlib.import_module(module), name)


ALIASES = {"tree": "code", "table": "outstanding", "scope": "profile", "help": "general"}
"""Topics that share a help page."""


def help_text(topic: str) -> str:
    """The packaged Markdown for ``topic`` (``general`` when there is none)."""
    folder = resources.files("gpai_tui.tui") / "help"
    for name in (ALIASES.get(topic, topic), "general"):
        path = folder / f"{name}.md"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return ""


def _rows(
    app: GpaiApp, bindings: Iterable[BindingType], *, skip_go: bool = False
) -> list[tuple[str, str]]:
    """(keys, description) per action, merging keys bound to the same action.

    A binding with a ``key_display`` (``1-6``) stands for every binding of the same
    action name (``sort(0)`` … ``sort(5)``); ``ctrl+s`` and ``w`` share one row.
    """
    rows: dict[str, tuple[list[str], str]] = {}
    covered: set[str] = set()
    for binding in Binding.make_bindings(bindings):
        name = binding.action.split("(")[0]
        if binding.system or name in covered or (skip_go and (binding.id or "").startswith("go.")):
            continue
        if binding.key_display is not None and "(" in binding.action:
            covered.add(name)
        words = binding.tooltip or binding.description or binding.action
        keys, _ = rows.setdefault(binding.action, ([], words))
        keys.append(app.get_key_display(binding))
    return [("  ".join(dict.fromkeys(keys)), words) for keys, words in rows.values()]


def _table(groups: list[tuple[str, list[tuple[str, str]]]]) -> RenderableType:
    parts: list[RenderableType] = []
    for title, rows in groups:
        if not rows:
            continue
        table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2))
        table.add_column(style="bold", no_wrap=True, min_width=14)
        table.add_column()
        for keys, description in rows:
            table.add_row(Text(keys), Text(description))
        parts += [Text(title, style="bold underline"), table, Text("")]
    return Group(*parts)


class HelpScreen(ModalScreen[None]):
    """A scrollable help page; ``escape``, ``q``, ``?`` or ``F1`` closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "close", "Close", id="help.close"),
        Binding("j", "scroll('down')", "Down", show=False),
        Binding("k", "scroll('up')", "Up", show=False),
    ]
    help_topic = "help"

    def __init__(self, title: str, body: RenderableType) -> None:
        super().__init__(classes="dialog")
        self._title = title
        self.body = body
        """What the page shows (a Rich renderable)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box help-box"):
            yield Static(Text(self._title, style="bold"), classes="dialog-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(self.body, id="help-body")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def action_scroll(self, direction: str) -> None:
        scroll = self.query_one("#help-scroll", VerticalScroll)
        scroll.scroll_relative(y=1 if direction == "down" else -1, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)


def keys_screen(app: GpaiApp) -> HelpScreen:
    """Every key, grouped: everywhere, then per screen, then per widget."""
    groups = [("Everywhere", _rows(app, type(app).BINDINGS))]
    for spec in SCREENS:
        bindings = _import(spec.factory).BINDINGS
        groups.append((f"{spec.label} screen", _rows(app, bindings, skip_go=True)))
    for title, target in HELP_WIDGETS:
        groups.append((title, _rows(app, _import(target).BINDINGS)))
    groups.append(("Lists, dialogs and Textual", list(BUILT_IN)))
    groups.append(("Words (glossary)", glossary_rows()))
    intro = Text(
        "Typing in a text field never triggers these keys. F1 explains the focused part "
        "of the screen.\n",
        style="dim",
    )
    return HelpScreen("Keys", Group(intro, _table(groups)))


def focused_help_screen(app: GpaiApp) -> HelpScreen:
    """Help for the focused widget (or the nearest ancestor with a help topic)."""
    node: Any = app.screen.focused
    topic = None
    while node is not None and topic is None:
        topic = getattr(node, "help_topic", None)
        node = node.parent
    topic = topic or getattr(app.screen, "help_topic", None) or "general"
    rows = [
        (app.get_key_display(active.binding), active.tooltip or active.binding.description)
        for active in app.screen.active_bindings.values()
        if active.enabled and active.binding.description and not active.binding.system
    ]
    body = Group(Markdown(help_text(topic)), Text(""), _table([("Keys here", rows)]))
    return HelpScreen(f"Help: {topic}", body)
