"""``gpai open`` draws its first frame before the workbook is loaded (issue 15, speed).

While it loads, nothing can be edited: keys typed then are dropped, and the dashboard
appears only once the workbook is validated and its lock settled (taken, or read-only
with the badge). A workbook that does not validate closes the app, then the same
one-screen message and exit 2; an unexpected error while loading is a crash report.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.screen import ModalScreen
from textual.worker import WorkerFailed

from gpai_tui.text import safe
from gpai_tui.tui.app import make_app
from gpai_tui.tui.loading import LoadingApp
from gpai_tui.tui.screens.choice import ChoiceDialog
from gpai_tui.tui.screens.dashboard import DashboardScreen
from gpai_tui.tui.widgets.workbook_header import WorkbookHeader
from gpai_tui.workbook import WorkbookError, load_workbook
from gpai_tui.workbook.journal import Journal
from gpai_tui.workbook.lock import lock_path, read_lock
from gpai_tui.workbook.read import precheck
from tests.tui.conftest import AS_OF, SIZE, run, settle

EVERY_KEY = (
    "c", "o", "p", "m", "t", "i", "g", "d", "space", "s", "x", "a", "w", "enter",
    "ctrl+s", "ctrl+z", "ctrl+y", "n", "N", "slash", "colon", "ctrl+p", "question_mark",
    "f1", "escape", "tab", "j", "1",
)  # fmt: skip
"""Keys that navigate, edit, save, undo, find or open a dialog once the workbook is open."""

NOT_VALID = 'format = 2\nbogus = 1\n[code]\nversion = "2025-07-10"\n'
"""TOML of a format this gpai reads, refused only by validation (an unknown key)."""


class GatedApp(LoadingApp):
    """The real app, whose load waits for :attr:`gate` (to act while it is loading)."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, as_of=AS_OF, watch_interval=None)
        self.gate = asyncio.Event()

    async def _load(self) -> None:
        await self.gate.wait()
        await super()._load()


def test_keys_typed_while_loading_change_nothing_then_the_dashboard_is_editable(
    workbook_path: Path,
) -> None:
    original = workbook_path.read_bytes()
    app = GatedApp(workbook_path)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app.loading and app.current_mode == "loading"
            for key in EVERY_KEY:
                await pilot.press(key)
            await pilot.pause()
            assert app.loading and app.current_mode == "loading"
            assert not isinstance(app.screen, ModalScreen)  # no find, palette, help
            assert read_lock(workbook_path) is None  # nothing locked before the load
            app.gate.set()
            await settle(pilot)
            assert not app.loading and app.current_mode == "dashboard"
            assert isinstance(app.screen, DashboardScreen)
            assert not app.dirty and not app.document.can_undo
            info = read_lock(workbook_path)
            assert info is not None and info.pid == os.getpid()
            await pilot.press("slash", *"CR-1.1", "enter", "s")  # loaded: keys edit now
            await settle(pilot)
            assert app.current_mode == "code" and app.dirty

    run(scenario)
    assert workbook_path.read_bytes() == original
    assert read_lock(workbook_path) is None  # released on quit


def test_quit_while_loading_locks_and_writes_nothing(workbook_path: Path) -> None:
    app = GatedApp(workbook_path)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("q")
            await pilot.pause()

    run(scenario)
    assert app.return_code == 0 and app.load_error is None
    assert not lock_path(workbook_path).exists() and not Journal(workbook_path).exists()


def test_a_held_lock_keeps_the_loading_frame_until_read_only_is_chosen(
    workbook_path: Path,
) -> None:
    first = make_app(workbook_path, as_of=AS_OF, watch_interval=None)
    second = LoadingApp(workbook_path, as_of=AS_OF, watch_interval=None)

    async def scenario() -> None:
        async with first.run_test(size=SIZE) as p1:
            await settle(p1)
            async with second.run_test(size=SIZE) as p2:
                await settle(p2)
                # The question comes over the loading frame: nothing editable behind it.
                assert isinstance(second.screen, ChoiceDialog)
                assert second.loading and second.current_mode == "loading"
                await p2.click("#choice-read-only")
                await settle(p2)
                assert not second.loading and second.current_mode == "dashboard"
                assert second.read_only and not first.read_only
                header = second.screen.query_one(WorkbookHeader).render_line(0).text
                assert "READ-ONLY" in header
                await p2.press("slash", *"CR-1.1", "enter", "s")
                await settle(p2)
                assert second.current_mode == "code" and not second.dirty

    run(scenario)


def test_the_recovery_question_comes_over_the_dashboard(workbook_path: Path) -> None:
    crashed = make_app(workbook_path, as_of=AS_OF, watch_interval=None)

    async def edit_and_crash() -> None:
        async with crashed.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("slash", *"CR-1.1", "enter", "s")
            await settle(pilot)

    run(edit_and_crash)
    assert Journal(workbook_path).exists()
    app = LoadingApp(workbook_path, as_of=AS_OF, watch_interval=None)

    async def reopen() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, ChoiceDialog)
            assert app.current_mode == "dashboard" and not app.loading
            await pilot.click("#choice-restore")
            await settle(pilot)
            assert isinstance(app.screen, DashboardScreen) and app.dirty

    run(reopen)


def test_a_workbook_that_does_not_validate_closes_the_app_with_the_loaders_error(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(NOT_VALID, encoding="utf-8")
    precheck(path)  # passes: only validation refuses it, after the first frame
    with pytest.raises(WorkbookError) as expected:
        load_workbook(path)
    app = LoadingApp(path, watch_interval=None)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()

    run(scenario)
    assert app.return_code == 2 and app.current_mode == "loading"
    assert str(app.load_error) == str(expected.value)
    assert not lock_path(path).exists()
    # The CLI: the same one-screen message, exit 2, once the app has closed.
    env = {**os.environ, "TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver"}
    env.pop("TEXTUAL_PRESS", None)
    proc = subprocess.run(
        [sys.executable, "-m", "gpai_tui", "open", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        env=env,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.endswith(f"gpai: {safe(str(expected.value))}\n")
    assert "Traceback" not in proc.stderr + proc.stdout


def test_an_unexpected_error_while_loading_is_a_crash_report(
    workbook_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    from gpai_tui.document import Document

    def boom(*args: object, **kwargs: object) -> Document:
        raise RuntimeError("kaboom while loading")

    monkeypatch.setattr(Document, "load", boom)
    app = LoadingApp(workbook_path, watch_interval=None)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()

    with pytest.raises(WorkerFailed, match="kaboom"):  # Pilot re-raises it for the test
        run(scenario)
    assert app.return_code == 3
    printed = capfd.readouterr().err
    assert "gpai: unexpected error (RuntimeError: kaboom while loading" in printed
    logs = list((Path(os.environ["XDG_STATE_HOME"]) / "gpai-tui" / "logs").glob("crash-*.log"))
    assert len(logs) == 1
    assert not lock_path(workbook_path).exists()


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\xef\xbb\xbfformat = 2\n",
        b"format = 2\r\n",
        b"format = 2\n\x00",
        b"format = 2\n[model\n",
        b"format = 99\n",
        b'format = "two"\n',
        b'code = "2025-07-10"\n',
    ],
)
def test_precheck_refuses_with_the_loaders_own_message(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    with pytest.raises(WorkbookError) as loaded:
        load_workbook(path)
    with pytest.raises(WorkbookError) as checked:
        precheck(path)
    assert str(checked.value) == str(loaded.value)


def test_the_first_frame_needs_no_pydantic_and_no_workbook_model() -> None:
    code = (
        "import sys\n"
        "from gpai_tui.tui.launch import open_workbook\n"
        "from gpai_tui.tui.loading import LoadingApp\n"
        "from gpai_tui.workbook.read import precheck\n"
        "heavy = ('pydantic', 'gpai_tui.document', 'gpai_tui.engine', 'gpai_tui.catalogue',\n"
        "         'gpai_tui.workbook.model', 'gpai_tui.report')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_open_with_walk_starts_the_walk_once_loaded(workbook_path: Path) -> None:
    app = LoadingApp(workbook_path, as_of=AS_OF, watch_interval=None)
    app.walk_on_start = True

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert not app.loading and app.current_mode == "walk"

    run(scenario)


def test_loading_frame_snapshot(snap_compare: Callable[..., bool], workbook_path: Path) -> None:
    """The first frame at 80x24: the file's name, "Loading…", the quit key."""
    assert snap_compare(GatedApp(workbook_path), terminal_size=(80, 24))
