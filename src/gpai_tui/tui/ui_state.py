"""What the TUI remembers between sessions (tree width, last export folder), per user.

A small JSON file in the user state folder (:func:`gpai_tui.state.state_dir`), never
in the workbook or the settings file the user writes. An unreadable or damaged file
counts as empty: remembering is a convenience, never a reason to fail.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from gpai_tui.state import state_dir

FILE_NAME = "tui-state.json"


def state_file() -> Path:
    """The file (in the user state folder)."""
    return state_dir() / FILE_NAME


def recall(key: str, default: Any = None) -> Any:
    """The remembered value of ``key`` (``default`` when none or the file is bad)."""
    try:
        data = json.loads(state_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return default
    return data.get(key, default) if isinstance(data, dict) else default


def remember(key: str, value: Any) -> None:
    """Store ``value`` under ``key`` (atomically; a write error is ignored)."""
    try:
        path = state_file()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        if not isinstance(data, dict):
            data = {}
        data[key] = value
        temp = path.with_suffix(".tmp")
        temp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(temp, path)
    except OSError:
        return
