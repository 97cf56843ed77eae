"""What every top-level screen (a mode of the app) shares: switching to it is cheap.

Textual keeps a mode's screen once built, but restyles its whole widget tree from the
stylesheet every time it is shown again (``ScreenResume.refresh_styles``): 10-60 ms
on the Code, profile and MDF screens, most of a switch. A hidden screen's styles stay
current by themselves, though: a class or focus change on one of its widgets restyles
that widget at once, shown or not. What a hidden screen misses is what Textual applies
to the shown screen only: a new theme or stylesheet (``App._css_update_count``), the
app's own classes (``-dark-mode``, ``-theme-...``) and pseudo-classes (``:focus`` /
``:blur`` of the terminal window, ``:ansi``...). :class:`ModeScreen` restyles on resume
only when one of those changed since the screen was last shown.

A hidden screen does not redraw either: :meth:`ModeScreen.redraw_on` runs a screen's
drawing when the app's ``evaluation`` (or theme) changes if the screen is shown, and
else once, when it is shown again. A tick on the Code screen so costs nothing on the
outstanding list, the MDF or the profile, and a screen shown again shows every change
made elsewhere before its first paint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import App
from textual.screen import Screen


def style_state(app: App[Any]) -> tuple[object, ...]:
    """What a hidden screen's styles depend on that Textual only applies to the shown one."""
    return (app._css_update_count, app.classes, app.pseudo_classes)


class ModeScreen(Screen[None]):
    """A top-level screen: shown again as it was left, without restyling every widget."""

    _styled_as: tuple[object, ...] | None = None
    """:func:`style_state` when the screen was last shown (``None``: never shown)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._stale: dict[Callable[[], None], None] = {}
        """Drawings owed since the screen was hidden, in the order first owed."""

    @property
    def shown(self) -> bool:
        """This screen is on screen: the current mode's (a dialog may be above it)."""
        return self in self.app.screen_stack

    def redraw_on(self, draw: Callable[[], None], *attributes: str) -> None:
        """Run ``draw`` when one of the app's ``attributes`` changes, now if the screen
        is shown, else once when it is shown again (before it is painted)."""
        for name in attributes:
            self.watch(self.app, name, lambda *_: self.when_shown(draw), init=False)

    def when_shown(self, draw: Callable[[], None]) -> None:
        """Run ``draw`` now if the screen is shown, else once when it is shown again."""
        if self.shown:
            self._stale.pop(draw, None)
            draw()
        else:
            self._stale[draw] = None

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen._on_screen_resume (Textual calls each class's handler,
        # the subclass first), which restyles only when ``refresh_styles`` is set,
        # then refreshes the screen: what is drawn here is in that one paint.
        state = style_state(self.app)
        if state == self._styled_as:
            event.refresh_styles = False
        else:
            self._styled_as = state
        while self._stale:
            draw = next(iter(self._stale))
            del self._stale[draw]
            draw()

    def _on_mount(self, event: events.Mount) -> None:
        # Every widget was styled as it was mounted: the first showing need not restyle.
        self._styled_as = style_state(self.app)

    def _on_screen_suspend(self) -> None:
        # While shown, app-level changes were applied to this screen: it is styled as of now.
        self._styled_as = style_state(self.app)
