"""Apply the user's settings file (:mod:`gpai_tui.config`) to the app: theme and keymap.

A bad file never stops the app: it starts with the defaults and shows a warning
that names the file and the line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gpai_tui.config import load_config

if TYPE_CHECKING:
    from textual.app import App


def apply_settings(app: App[object] | App[int]) -> None:
    """Load the settings file and apply its theme and keymap to ``app``."""
    loaded = load_config()
    config = loaded.config
    warnings = [loaded.warning] if loaded.warning else []
    if config.keymap:
        app.set_keymap(config.keymap)
    if config.theme:
        if config.theme in app.available_themes:
            app.theme = config.theme
        else:
            known = ", ".join(sorted(app.available_themes))
            warnings.append(f"{loaded.path}: unknown theme {config.theme!r} (known: {known})")
    for warning in warnings:
        app.notify(warning, title="Settings", severity="warning", timeout=12)
