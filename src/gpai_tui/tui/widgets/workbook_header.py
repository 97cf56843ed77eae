"""The chrome of every screen: the one-line header (provider · model, file, dirty marker,
overall bar) and a footer that styles its keys once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.widgets._footer import FooterKey

from gpai_tui.text import one_line
from gpai_tui.tui.labels import Colors, percent, progress_bar

if TYPE_CHECKING:
    from gpai_tui.tui.app import GpaiApp


class SplitLine:
    """One line: ``left`` cut to fit (with an ellipsis) and padded, then ``right`` whole.

    Exactly what a two-column expanding ``Table.grid`` draws (a ``ratio=1`` no-wrap
    ellipsis column, then a right-justified no-wrap one), which the header used before;
    a test compares the two at every width. A Table measures and renders both cells
    with padding: ~0.5 ms for the header's one line on every repaint after a tick
    (the overall figure changes); this is one ``Text``. Where the right part does not
    fit, the Table itself is drawn.
    """

    def __init__(self, left: Text, right: Text) -> None:
        self.left = left
        self.right = right

    def grid(self) -> Table:
        """The same line as a Rich table grid."""
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(justify="right", no_wrap=True)
        grid.add_row(self.left, self.right)
        return grid

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        if width <= self.right.cell_len:
            yield self.grid()
            return
        line = self.left.copy()
        line.truncate(width - self.right.cell_len, overflow="ellipsis", pad=True)
        line.append_text(self.right)
        yield line


class WorkbookHeader(Static):
    """Who and what the workbook is about, whether it has unsaved changes, and overall progress.

    It reads the app's ``evaluation``, ``dirty`` and ``read_only`` and redraws when they
    change; a read-only file gets a ``READ-ONLY`` badge first. Every screen has one:
    the headers of screens not shown wait, and redraw when their screen is shown again
    (before it is painted), so a tick costs one header, not one per screen visited.
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
        self._stale = False

    def on_mount(self) -> None:
        app = cast("GpaiApp", self.app)
        for name in ("evaluation", "dirty", "theme", "read_only"):
            self.watch(app, name, self._redraw, init=False)
        # Published as a screen is pushed, popped or switched to, before it is painted.
        app.screen_change_signal.subscribe(self, self._screen_changed, immediate=True)
        self._redraw(force=True)

    def _screen_changed(self, _screen: Screen[Any]) -> None:
        if self._stale:
            self._redraw()

    def _redraw(self, *_: Any, force: bool = False) -> None:
        if not self.is_attached:
            return  # being removed (the app is closing)
        if not force and not self.screen.is_current:
            self._stale = True  # drawn when its screen is shown again
            return
        self._stale = False
        app = cast("GpaiApp", self.app)
        colors = Colors.from_theme(app.theme_variables)
        profile = app.workbook.model
        key: tuple[object, ...] = (profile.provider, profile.name, profile.version)
        key += (app.path.name, app.dirty, app.read_only, app.evaluation.overall, app.as_of, colors)
        if key == self._drawn:
            return  # typing a note changes none of it; skip the redraw
        self._drawn = key
        left = Text(no_wrap=True, overflow="ellipsis")
        if app.read_only:
            left.append(" READ-ONLY ", style=f"bold reverse {colors.warning}")
            left.append(" ")
        left.append(one_line(profile.provider, 40), style="bold")
        left.append(" · ")
        left.append(one_line(profile.name, 40), style="bold")
        if profile.version:
            left.append(f" {one_line(profile.version, 16)}")
        left.append(f"  {one_line(app.path.name, 40)}", style="dim")
        if app.dirty:
            left.append("  ● modified", style=f"bold {colors.warning}")
        overall = app.evaluation.overall
        right = Text("  ", no_wrap=True)  # a gap after a cut-off left side ("… as of")
        if app.as_of is not None:
            right.append(f"as of {app.as_of.isoformat()}  ", style="dim")
        right.append("Overall ")
        right.append_text(progress_bar(overall, colors, 12))
        right.append(f" {percent(overall.completeness):>6}")
        # docked, one line high: its size never changes
        self.update(SplitLine(left, right), layout=False)


COMPACT_BELOW = 100
"""Terminal width below which the footer's keys lose their padding."""


class KeyFooter(Footer):
    """Textual's :class:`~textual.widgets.Footer`, rebuilt only when its keys change.

    The stock footer rebuilds all its keys after every bindings signal (the screen
    shown, the focus moved, the app focused): three times as the first screen
    settles, and again on each focus change, though the keys shown are the same.
    This one rebuilds once for a burst of signals, and only when the keys it would
    show differ from those it shows. Each key also starts at the footer's
    ``compact``: a ``FooterKey`` starts compact and is then bound to the footer's
    value (``False``), two more restyles per key with its component classes.
    It looks exactly like the stock footer.
    """

    def __init__(self) -> None:
        super().__init__()
        self._shown: object = None
        self._rebuild_pending = False

    def _keys(self) -> object:
        """What :meth:`compose` would show: every shown binding, the palette key."""
        app = self.app
        return (
            self._bindings_ready,
            self.show_command_palette and app.ENABLE_COMMAND_PALETTE,
            self.combine_groups,
            [
                (key, active.binding, active.enabled, active.tooltip)
                for key, active in self.screen.active_bindings.items()
                if active.binding.show or key == app.COMMAND_PALETTE_BINDING
            ],
        )

    def compose(self) -> ComposeResult:
        self._shown = self._keys()
        # Narrow terminals: keys without padding, so ? (keys) and q (quit) still fit.
        self.set_reactive(Footer.compact, self.app.size.width < COMPACT_BELOW)
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                # Bound to Footer.compact in super().compose(); the palette key is not.
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True  # one rebuild for a burst of signals
            self.call_after_refresh(self._rebuild)

    def on_resize(self) -> None:
        compact = self.app.size.width < COMPACT_BELOW
        if compact != self.compact:
            self.compact = compact

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if self.is_attached and self._keys() != self._shown:
            await self.recompose()
