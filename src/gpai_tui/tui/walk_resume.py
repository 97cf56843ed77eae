"""Where a walk stopped, per workbook, in the user state folder (``walks/<hash>.json``).

Like the recovery journal, the file is named after a hash of the workbook's real path
and lives in a private folder (``0o700``; files ``0o600``). It holds only the walk's scope
and position (item, checkpoint, step kind), never workbook data. A missing or unreadable
file means "no walk to resume"; writing it is best effort (a full disk must not stop the
walk).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from gpai_tui.state import state_dir


@dataclass(frozen=True, slots=True)
class Position:
    """A walk's scope (what it was started on) and the step it stopped at."""

    scope: str | None
    """Chapter or measure the walk was started on (``None``: the whole Code)."""
    kind: str
    chapter: str
    item_id: str | None
    checkpoint_id: str | None


@cache
def _file(workbook: Path) -> Path:
    real = str(workbook.resolve())
    folder = state_dir() / "walks"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder / f"{hashlib.sha256(real.encode('utf-8')).hexdigest()[:32]}.json"


def load(workbook: Path) -> Position | None:
    """The saved position of the walk on ``workbook``, if any."""
    try:
        raw = json.loads(_file(workbook).read_text(encoding="utf-8"))
        if raw.get("path") != str(workbook.resolve()):
            return None
        return Position(
            scope=_text(raw.get("scope")),
            kind=str(raw["kind"]),
            chapter=str(raw["chapter"]),
            item_id=_text(raw.get("item_id")),
            checkpoint_id=_text(raw.get("checkpoint_id")),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def save(workbook: Path, position: Position) -> None:
    """Remember ``position`` for ``workbook`` (best effort)."""
    with contextlib.suppress(OSError):
        data = {"path": str(workbook.resolve()), **asdict(position)}
        target = _file(workbook)
        tmp = target.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(data))
        tmp.replace(target)


def clear(workbook: Path) -> None:
    """Forget the walk on ``workbook`` (it is finished)."""
    with contextlib.suppress(OSError):
        _file(workbook).unlink(missing_ok=True)
