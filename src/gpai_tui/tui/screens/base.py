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
"""

from __future__ import annotations

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

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen._on_screen_resume (Textual calls each class's handler,
        # the subclass first), which restyles only when ``refresh_styles`` is set.
        state = style_state(self.app)
        if state == self._styled_as:
            event.refresh_styles = False
        else:
            self._styled_as = state

    def _on_screen_suspend(self) -> None:
        # While shown, app-level changes were applied to this screen: it is styled as of now.
        self._styled_as = style_state(self.app)
