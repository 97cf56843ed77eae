"""Entry points from the CLI into the TUI (imported lazily)."""

from __future__ import annotations

from pathlib import Path


def run_wizard(path: Path) -> None:
    """Ask the scoping questions for a new workbook at ``path``, then open it."""
    raise NotImplementedError("the new-workbook wizard is being built (issue 4)")


def open_workbook(path: Path) -> int:
    """Open ``path`` in the TUI; return the exit code."""
    raise NotImplementedError("the TUI is being built (issue 4)")
