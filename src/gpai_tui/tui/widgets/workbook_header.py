"""The chrome of every screen: the one-line header (provider · model, file, dirty marker,
overall bar) and a footer that styles its keys once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Footer, Static
from textual.widgets._footer import FooterKey

from gpai_tui.text import one_line
from gpai_tui.tui.labels import Colors, percent, progress_bar

if TYPE_CHECKING:
    from gpai_tui.tui.app import GpaiApp


class WorkbookHeader(Static):
    """Who and what the workbook is about, whether it has unsaved changes, and overall progress.

    It reads the app's ``evaluation`` and ``dirty`` and redraws when they change.
    """

    DEFAULT_CSS = """
    WorkbookHeader {
        dock: top;
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $foreground;
    }
    """

    help_topic = "header"

    def __init__(self) -> None:
        super().__init__()
        self._drawn: tuple[object, ...] | None = None

    def on_mount(self) -> None:
        app = cast("GpaiApp", self.app)
        for name in ("evaluation", "dirty", "theme"):
            self.watch(app, name, self._redraw, init=False)
        self._redraw()

    def _redraw(self, *_: Any) -> None:
        app = cast("GpaiApp", self.app)
        colors = Colors.from_theme(app.theme_variables)
        profile = app.workbook.model
        key: tuple[object, ...] = (profile.provider, profile.name, profile.version)
        key += (app.path.name, app.dirty, app.evaluation.overall, app.as_of, colors)
        if key == self._drawn:
            return  # typing a note changes none of it; skip the redraw
        self._drawn = key
        left = Text(no_wrap=True, overflow="ellipsis")
        left.append(one_line(profile.provider, 40), style="bold")
        left.append(" · ")
        left.append(one_line(profile.name, 40), style="bold")
        if profile.version:
            left.append(f" {one_line(profile.version, 16)}")
        left.append(f"  {one_line(app.path.name, 40)}", style="dim")
        if app.dirty:
            left.append("  ● modified", style=f"bold {colors.warning}")
        overall = app.evaluation.overall
        right = Text(no_wrap=True)
        if app.as_of is not None:
            right.append(f"as of {app.as_of.isoformat()}  ", style="dim")
        right.append("Overall ")
        right.append_text(progress_bar(overall, colors, 12))
        right.append(f" {percent(overall.completeness):>6}")
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(justify="right", no_wrap=True)
        grid.add_row(left, right)
        self.update(grid, layout=False)  # docked, one line high: its size never changes


class KeyFooter(Footer):
    """Textual's :class:`~textual.widgets.Footer`, styling each key once instead of three times.

    A ``FooterKey`` starts compact (its class default) and is then bound to the
    footer's ``compact`` (``False``): adding and then removing its ``-compact`` class
    restyles it twice more, with its component classes, every time the footer
    rebuilds its keys (three times as the first screen settles): ~10 ms of start-up
    with the dashboard's eight keys. Starting each bound key at the footer's value
    shows the same keys.
    """

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                # Bound to Footer.compact in super().compose(); the palette key is not.
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget
