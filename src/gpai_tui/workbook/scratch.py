"""Scratch copies: explore a workbook (the example) without writing the tracked file.

``gpai open --scratch FILE`` (and so ``make run``) copies FILE to
``<user state folder>/scratch/<name>`` and opens the copy. Every run starts from a
fresh copy, unless the copy is open in another gpai right now (then it is left
alone and the lock is reported as usual). FILE itself is only read.
"""

from __future__ import annotations

from pathlib import Path

from gpai_tui.workbook.journal import APP_NAME


def scratch_dir() -> Path:
    """``<user state folder>/scratch`` (platformdirs; ``XDG_STATE_HOME`` on Linux)."""
    import platformdirs

    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False)) / "scratch"


def scratch_copy(source: Path, folder: Path | None = None) -> Path:
    """Copy ``source`` into the scratch folder and return the copy's path.

    Raises :class:`gpai_tui.workbook.WorkbookError` when ``source`` cannot be read
    (nothing is written then). The copy is written atomically.
    """
    from gpai_tui.workbook.io import read_bytes
    from gpai_tui.workbook.lock import holder
    from gpai_tui.workbook.writer import atomic_write

    data = read_bytes(source)
    folder = folder or scratch_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = folder / source.name
    if target.resolve() == source.resolve():
        return target
    if holder(target) is None:
        atomic_write(target, data)
    return target
