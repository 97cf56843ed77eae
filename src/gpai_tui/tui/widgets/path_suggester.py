"""File-path completion for evidence references, limited to the workbook's repository."""

from __future__ import annotations

import os
from pathlib import Path

from textual.suggester import Suggester

from gpai_tui.evidence import base_folder, boundary, is_uri

MAX_ENTRIES = 2_000
"""Folders with more entries than this are not listed (no stall on huge folders)."""


class PathSuggester(Suggester):
    """Suggests the first file or folder (sorted) completing what was typed.

    Paths are relative to the workbook's folder; nothing outside the repository (or
    the workbook's folder outside git) is suggested, and URLs get no suggestion.
    Accept a suggestion with ``right`` (at the end of the input).
    """

    def __init__(self, workbook_path: Path) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.base = base_folder(workbook_path)
        self.limit = boundary(workbook_path)

    def _inside(self, path: Path) -> bool:
        real = Path(os.path.realpath(path))
        return real == self.limit or self.limit in real.parents

    async def get_suggestion(self, value: str) -> str | None:
        """The completion of ``value``, or ``None``."""
        if not value or is_uri(value) or value.startswith(("/", "~")):
            return None
        head, _, prefix = value.rpartition("/")
        folder = self.base / head if head else self.base
        if not self._inside(folder) or not folder.is_dir():
            return None
        try:
            with os.scandir(folder) as entries:
                names = []
                for n, entry in enumerate(entries):
                    if n > MAX_ENTRIES:
                        return None
                    names.append((entry.name, entry.is_dir()))
        except OSError:
            return None
        for name, is_dir in sorted(names):
            if not name.startswith(prefix):
                continue
            if name.startswith(".") and not prefix.startswith("."):
                continue
            if not self._inside(folder / name):
                continue
            completed = (f"{head}/{name}" if head else name) + ("/" if is_dir else "")
            if completed != value:
                return completed
        return None
