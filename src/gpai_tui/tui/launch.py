"""Entry points from the CLI into the TUI (imported lazily by ``gpai open`` / ``gpai new``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.app import App
from textual.screen import Screen

from gpai_tui.errors import UsageError
from gpai_tui.tui.crash import report_crash


class WizardApp(App[bool]):
    """A one-screen app asking the scoping questions for a new workbook.

    Returns ``True`` once the workbook is written, ``False`` when cancelled.
    """

    CSS_PATH = Path(__file__).parent / "app.tcss"
    TITLE = "gpai new"

    def __init__(self, path: Path, as_of: date | None = None) -> None:
        super().__init__()
        self.path = path
        self.as_of = as_of

    def get_default_screen(self) -> Screen[None]:
        # Imported here: the wizard's form costs ~20 ms that `gpai open` should not pay.
        from gpai_tui.tui.screens.wizard import WizardScreen

        return WizardScreen(self.path, self.as_of)

    def _fatal_error(self) -> None:
        report_crash(self)


def open_workbook(path: Path, as_of: date | None = None, *, walk: bool = False) -> int:
    """Open ``path`` in the TUI; return the exit code (``walk``: start with the walk).

    The first frame is drawn while the workbook loads (:mod:`gpai_tui.tui.loading`).
    A file that cannot be loaded raises :class:`gpai_tui.workbook.WorkbookError`
    (the CLI prints its message and exits 2): before the app starts when the file
    cannot be read or is not TOML of a format this gpai reads, once the app has
    closed when the workbook does not validate.
    """
    import gc

    from gpai_tui.tui.loading import LoadingApp
    from gpai_tui.workbook.read import precheck

    precheck(path)
    app = LoadingApp(path, as_of=as_of)
    app.walk_on_start = walk
    if not gc.isenabled():
        # Started without the collector (cli.main): keep it off while the first screen
        # is built too, and settle once its first frame is on screen.
        gc.freeze()
        app.first_frame_hook = _settle_gc
    else:
        _settle_gc()
    app.run()
    if app.load_error is not None:
        raise app.load_error
    return app.return_code or 0


def _settle_gc() -> None:
    """Freeze what start-up built (modules, schemas, catalogue, workbook) and collect again.

    ``gpai`` runs start-up without the cyclic collector (see ``cli.main``). Frozen
    objects are never scanned again, so the collections the app needs later (Textual
    widgets and messages form cycles) stay small: no 30 ms full-heap pass in the
    middle of a first paint or a keystroke. ``gpai open`` calls it when the first
    frame is displayed: the first screen's widgets are long-lived too (~5 ms of
    collections while they are built, for almost nothing to collect).
    """
    import gc

    gc.freeze()
    gc.enable()


def run_wizard(path: Path, as_of: date | None = None) -> None:
    """Ask the scoping questions for a new workbook at ``path``, write it, then open it."""
    wizard = WizardApp(path, as_of)
    _settle_gc()
    wizard.run()
    if wizard.return_code:
        raise SystemExit(wizard.return_code)
    if not wizard.return_value:
        raise UsageError(f"cancelled; {path} was not written")
    code = open_workbook(path, as_of)
    if code:
        raise SystemExit(code)
