"""Fixtures for the TUI tests: isolated home folders, a fixed "today", a copy of the example.

Every test gets its own HOME and XDG folders (so crash logs and any later journal or
lock never touch the user's), and works on a copy of ``workbooks/example.toml`` so
the repository's file is never written.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable, Coroutine, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import ModalScreen

from gpai_tui.tui.app import GpaiApp, make_app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "workbooks" / "example.toml"
AS_OF = date(2026, 6, 1)
"""The fixed "today" of every TUI test (after the example's market date: some items overdue)."""
SIZE = (120, 40)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private HOME and XDG config/state/data/cache for the test."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for name in ("CONFIG", "STATE", "DATA", "CACHE"):
        monkeypatch.setenv(f"XDG_{name}_HOME", str(home / f".xdg-{name.lower()}"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield home


@pytest.fixture
def workbook_path(tmp_path: Path) -> Path:
    """A private copy of the example workbook (same file name, so screens look the same)."""
    folder = tmp_path / "wb"
    folder.mkdir()
    target = folder / "example.toml"
    shutil.copyfile(EXAMPLE, target)
    return target


@pytest.fixture
def app(workbook_path: Path) -> GpaiApp:
    """The app on the copy, as of :data:`AS_OF`, without the on-disk watcher timer."""
    return make_app(workbook_path, as_of=AS_OF, watch_interval=None)


async def settle(pilot: Pilot[int]) -> None:
    """Let messages, workers (saves) and refreshes finish; never sleeps.

    While a dialog is open, a worker may be waiting for its answer, so only the
    message queue is drained then.
    """
    await pilot.pause()
    if not isinstance(pilot.app.screen, ModalScreen):
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def run(scenario: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run an async pilot scenario from a plain pytest test."""
    asyncio.run(scenario())
