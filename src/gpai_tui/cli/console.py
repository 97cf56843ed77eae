"""Rich consoles for the CLI: data to stdout, diagnostics to stderr.

Colour only on a terminal; ``NO_COLOR`` is respected (Rich does both). Markup
is off and highlighting is off, so user text is never interpreted.
"""

from __future__ import annotations

import os

from rich.console import Console


def stdout_console() -> Console:
    """Console for command output."""
    return Console(
        markup=False,
        highlight=False,
        emoji=False,
        soft_wrap=False,
        no_color="NO_COLOR" in os.environ or None,
    )


def stderr_console() -> Console:
    """Console for diagnostics."""
    return Console(stderr=True, markup=False, highlight=False, emoji=False)
