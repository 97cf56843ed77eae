"""Plain-text progress bars that read without colour."""

from __future__ import annotations

FULL = "█"
EMPTY = "░"


def bar(percent: float, width: int = 20) -> str:
    """A bar of ``width`` cells for ``percent`` (0-100), e.g. ``████░░░░``."""
    clamped = max(0.0, min(100.0, percent))
    filled = round(clamped / 100 * width)
    return FULL * filled + EMPTY * (width - filled)
