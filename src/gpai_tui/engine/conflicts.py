"""Unresolved merge conflicts: list them, and resolve one by picking a side.

``gpai merge`` writes a ``[conflicts."<path>"]`` record when both sides changed
one value differently (see :mod:`gpai_tui.engine.merge`). The value at the path
itself holds *our* side until the officer decides. Resolving applies the chosen
side's value to that path and drops the record; ``gpai set`` (through
:func:`gpai_tui.engine.edit.apply_edit`) and the TUI both end here or there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from gpai_tui.engine.paths import PathRef, describe, get_value, parse_path, set_value
from gpai_tui.errors import UsageError
from gpai_tui.workbook import Workbook

Side = Literal["ours", "theirs", "base"]
"""Which recorded value to keep."""
SIDES: tuple[Side, ...] = ("ours", "theirs", "base")


@dataclass(frozen=True, slots=True)
class ConflictView:
    """One unresolved conflict, ready to show."""

    path: str
    """The value path (the key of the record)."""
    label: str
    """What the value is, in words (``measure CR-1.3 status``)."""
    ours: Any
    theirs: Any
    base: Any
    current: Any
    """The value in the workbook now (our side, unless edited since)."""
    ref: PathRef | None
    """The parsed path; ``None`` when it names nothing this tool knows."""


def conflict_views(workbook: Workbook) -> list[ConflictView]:
    """Every unresolved conflict of ``workbook``, sorted by path."""
    out: list[ConflictView] = []
    for path in sorted(workbook.conflicts):
        record = workbook.conflicts[path]
        try:
            ref: PathRef | None = parse_path(path, workbook)
        except UsageError:
            ref = None
        label = describe(ref) if ref is not None else path
        current = get_value(workbook, ref) if ref is not None else None
        out.append(ConflictView(path, label, record.ours, record.theirs, record.base, current, ref))
    return out


def resolve_conflict(workbook: Workbook, path: str, side: Side) -> str:
    """Keep ``side``'s value at ``path`` and drop the record; return what happened in words.

    A side without a value (``None``) clears the value. Raises :class:`UsageError`
    when there is no such conflict or the value cannot be set; then nothing changes.
    """
    if side not in SIDES:
        raise UsageError(f"unknown side {side!r}; use ours, theirs or base")
    record = workbook.conflicts.get(path)
    if record is None:
        raise UsageError(f"there is no unresolved conflict at {path!r}")
    value = getattr(record, side)
    try:
        ref = parse_path(path, workbook)
    except UsageError:
        ref = None
    if ref is not None:
        set_value(workbook, ref, value)
    elif side != "ours":
        raise UsageError(f"{path!r} names no value this gpai knows; only ours can be kept")
    drop_conflict(workbook, path)
    label = describe(ref) if ref is not None else path
    return f"{label}: kept {side}"


def set_and_resolve(workbook: Workbook, path: str, value: Any) -> str:
    """Set ``path`` to an officer-typed ``value`` and drop its record."""
    if path not in workbook.conflicts:
        raise UsageError(f"there is no unresolved conflict at {path!r}")
    ref = parse_path(path, workbook)
    set_value(workbook, ref, value)
    drop_conflict(workbook, path)
    return f"{describe(ref)}: set by hand"


def drop_conflict(workbook: Workbook, path: str) -> None:
    """Remove the record at ``path`` (if any)."""
    if path in workbook.conflicts:
        workbook.conflicts = {k: v for k, v in workbook.conflicts.items() if k != path}
