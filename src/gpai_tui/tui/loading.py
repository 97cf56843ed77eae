"""``gpai open``'s first frame: the app is drawn while the workbook loads behind it.

Loading a workbook means importing pydantic, the catalogue and the engine, then
validating and evaluating the file: about a third of a bare Textual app's start-up,
paid before anything could be drawn. :class:`LoadingApp` draws a plain frame first
(:class:`LoadingScreen`: the file's name, "Loading...", the quit key), then loads on
the event loop, one step (an import, the load itself) at a time:

* Nothing can be edited before the workbook is loaded *and* its lock settled
  (taken, or read-only decided): until then the app's actions are off
  (:meth:`GpaiApp.check_action`) except quitting, the loading screen has nothing to
  focus or press, and the workbook's screens do not exist yet. Keys typed meanwhile
  are dropped, never replayed onto the loaded workbook.
* A file that cannot be loaded closes the app; ``gpai open`` then raises the
  loader's :class:`~gpai_tui.workbook.WorkbookError`, so the CLI prints the same
  one-screen message and exits 2, after the terminal is restored. The checks that
  need no pydantic (the file can be read, is UTF-8 TOML, of a format this gpai
  reads) run before the app starts (:func:`gpai_tui.workbook.read.precheck`): such a
  file never flashes the UI.
* An unexpected error while loading is the app's crash: a log file, one line, exit 3.
* Quitting while loading quits after a step or two (:data:`LOAD_STEPS`, each at
  most ~25 ms); nothing is written, and a lock already taken (while waiting for
  the dashboard) is released as on any quit.
* The lock, the recovery journal's question and the rest of the session start as
  with :func:`~gpai_tui.tui.app.make_app` (``GpaiApp.start_session``); the dashboard
  replaces the loading frame once the lock is settled (:meth:`LoadingApp.lock_settled`),
  before a recovery journal is offered, so that question appears over the dashboard.

Tests and embedders use :func:`gpai_tui.tui.app.make_app`, which loads first and
builds a :class:`GpaiApp` showing the dashboard at once (same behaviour from there).
"""

from __future__ import annotations

import asyncio
import gc
import importlib
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from gpai_tui.text import one_line
from gpai_tui.tui.app import GpaiApp

T = TypeVar("T")

LOADING_MODE = "loading"
"""The mode of the first frame (a mode of its own, so the workbook's screens are
built only once the workbook is there)."""


class LoadingScreen(Screen[None]):
    """The file's name and "Loading...": nothing to focus, edit or press but quit."""

    AUTO_FOCUS = ""

    def compose(self) -> ComposeResult:
        app = self.app
        name = one_line(app.sub_title, 80) if app.sub_title else ""
        yield Static(Text.assemble(("gpai", "bold"), "  ", name), id="loading-title")
        yield Static(Text(f"Loading {name}…"), id="loading-body")
        yield Static(Text.assemble(("q", "bold"), "  Quit"), id="loading-keys")


LOAD_STEPS = (
    "pydantic",
    "pydantic.main",
    "pydantic.fields",
    "gpai_tui.catalogue",
    "gpai_tui.workbook.model",
    "gpai_tui.workbook.io",
    "gpai_tui.engine",
    "gpai_tui.document",
)
"""The modules a load needs, imported one by one so that the event loop runs between
them: ``q`` pressed while loading is handled after the step under way or the next
(each is 5-25 ms of CPU on the 2-core development machine, ~125 ms in all with the
load itself; ``ctrl+q`` at the first frame quits ~35 ms later)."""

AFTER_LOAD = (
    "gpai_tui.tui.recovery",
    "gpai_tui.tui.disk",
    "gpai_tui.tui.evidence_state",
    "gpai_tui.tui.screens.dashboard",
)
"""What the app needs once loaded (the lock, the first screen), imported as steps too."""


def _step(work: Callable[[], T]) -> T:
    """Run one loading step without the cyclic collector (its objects are long-lived:
    they are frozen once loaded); the collector is on again between steps."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return work()
    finally:
        if enabled:
            gc.enable()


class LoadingApp(GpaiApp):
    """The gpai app as ``gpai open`` starts it: first frame first, then the workbook."""

    DEFAULT_MODE = LOADING_MODE
    MODES: ClassVar[dict[str, Any]] = {**GpaiApp.MODES, LOADING_MODE: LoadingScreen}

    def __init__(
        self, path: Path, *, as_of: date | None = None, watch_interval: float | None = 2.0
    ) -> None:
        super().__init__(None, watch_interval=watch_interval)
        self.loading = True
        self.load_path = path
        """The file being opened."""
        self.load_as_of = as_of
        """Evaluate as of this date (``None``: today)."""
        self.load_error: Exception | None = None
        """Why the workbook could not be loaded (``gpai open`` raises it once closed)."""
        self.sub_title = path.name

    def on_ready(self) -> None:
        # The first frame is on screen (GpaiApp.on_ready, which Textual also calls,
        # settles the collector): load now, one step at a time.
        self.run_worker(self._load(), name="load workbook", group="loading")

    async def _load(self) -> None:
        """Import, load, validate and evaluate, then take the lock (on the app's thread).

        Each step runs uninterrupted; between steps the app handles what arrived (a
        quit ends the worker at the next ``await``). A workbook that does not
        validate closes the app with exit code 2 (``gpai open`` then raises the
        error); anything else unexpected raises here: the app's crash report.
        """
        from gpai_tui.workbook.errors import WorkbookError

        for module in LOAD_STEPS:
            _step(partial(importlib.import_module, module))
            if await self._quitting():
                return
        from gpai_tui.document import Document

        try:
            document = _step(partial(Document.load, self.load_path, as_of=self.load_as_of))
        except WorkbookError as error:
            self.load_error = error
            self.exit(return_code=2)
            return
        for module in AFTER_LOAD:
            if await self._quitting():
                return
            _step(partial(importlib.import_module, module))
        gc.freeze()  # the catalogue, the workbook, the modules: kept for the session
        if await self._quitting():
            return
        self.install(document)
        self.start_session()  # the lock, then the dashboard (see lock_settled)

    async def _quitting(self) -> bool:
        """Let the app handle what arrived meanwhile; True once it is closing."""
        await asyncio.sleep(0)
        return self.return_code is not None

    async def lock_settled(self) -> None:
        """The lock is taken (or read-only decided): show the workbook, allow edits."""
        if not self.loading:
            return
        # Editing is allowed from here: the dashboard is composed with every key (its
        # footer is built once, not rebuilt when the loading frame's keys go).
        self.loading = False
        await self.switch_mode(GpaiApp.DEFAULT_MODE)
        self.schedule_first_dialogs()
