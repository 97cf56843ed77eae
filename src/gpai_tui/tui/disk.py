"""Dialogs for the open workbook's file: save, reload, watch, quit.

The app's actions (:class:`gpai_tui.tui.app.GpaiApp`) delegate here. The file
operations themselves are the document's (:class:`gpai_tui.document.Document`:
``save``, ``reload``, ``check_disk``), which return results; this module only
turns them into dialogs and notices. Saving never overwrites a file that changed
on disk since it was loaded without asking (reload, overwrite or cancel); it is
refused while a typed value is invalid or the file is open read-only.
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text

from gpai_tui.document import Conflict, Locked, Refused, Reloaded, Saved
from gpai_tui.workbook.writer import upgrade_notice

if TYPE_CHECKING:
    from gpai_tui.tui.app import GpaiApp


async def save(app: GpaiApp, *, overwrite: bool = False, quiet: bool = False) -> bool:
    """Save to ``app.path``; True when the file now holds the workbook (see the module).

    ``quiet``: no notice when it worked (the walk saves after every answer).
    """
    document = app.document
    if app.saving:
        return False
    refused = document.refusal()
    if refused is not None:
        title = "Read-only" if isinstance(refused, Locked) else "Invalid value"
        app.notify(refused.message, title=title, severity="error")
        return False
    app.saving = True
    try:
        on_disk = await asyncio.to_thread(document.read_disk)
        if not overwrite and document.changed_on_disk(on_disk):
            choice = await ask_external_change(app, on_disk, saving=True)
            if choice == "reload" and on_disk is not None:
                reload_from(app, on_disk)
                return False
            if choice != "overwrite":
                app.notify("Not saved.")
                return False
        notice = upgrade_notice(document.workbook)  # a format-1 file is written as format 2
        data = document.encode()
        result = await asyncio.to_thread(document.write, data)
        if isinstance(result, Refused):
            app.notify(result.message, title="Not saved", severity="error")
            return False
        app.mirror()
        if document.notice:
            app.notify(document.notice, title="Comments dropped", severity="warning")
        if not quiet:
            app.notify(f"Saved {app.path.name}")
        if notice is not None:
            app.notify(notice, title="Workbook format upgraded", markup=False)
        return True
    finally:
        app.saving = False


async def ask_external_change(app: GpaiApp, on_disk: bytes | None, *, saving: bool) -> str:
    """Ask what to do about a file that changed (or vanished) on disk."""
    from gpai_tui.tui.screens.choice import external_change_dialog

    changes = None if on_disk is None else disk_changes(app, on_disk)
    dialog = external_change_dialog(
        app.path.name, gone=on_disk is None, dirty=app.dirty, saving=saving, changes=changes
    )
    return await app.push_screen_wait(dialog)


def disk_changes(app: GpaiApp, on_disk: bytes) -> RenderableType:
    """What differs between the workbook shown here and the file on disk (the
    semantic diff of ``gpai diff``: statuses, ticks, dates, profile, MDF...)."""
    from gpai_tui.engine.diff import diff_workbooks
    from gpai_tui.report.diff import diff_report
    from gpai_tui.workbook.errors import WorkbookError
    from gpai_tui.workbook.io import parse_workbook

    try:
        theirs = parse_workbook(on_disk, str(app.path))
    except WorkbookError as exc:
        return Text(f"The file on disk is not a valid workbook: {exc}")
    diff = diff_workbooks(app.workbook, theirs, app.as_of or date.today())
    return diff_report(diff, "shown here", "on disk")


def reload_from(app: GpaiApp, data: bytes) -> bool:
    """Replace the open workbook with ``data`` from disk; False if it is not valid."""
    result = app.document.reload(data)
    if isinstance(result, Refused):
        app.notify(result.message, title="Cannot reload", severity="error")
        return False
    reloaded(app)
    return True


def reloaded(app: GpaiApp) -> None:
    """After a reload: mirror the new workbook, say so, offer its conflicts."""
    app.mirror()
    app.notify(f"Reloaded {app.path.name} from disk.")
    if app.workbook.conflicts:
        app.action_resolve_conflicts()


async def reload(app: GpaiApp) -> None:
    """Reload from disk, asking first when there are unsaved edits."""
    on_disk = await asyncio.to_thread(app.document.read_disk)
    if on_disk is None:
        app.notify(f"{app.path.name} cannot be read.", severity="error")
        return
    if app.dirty or app.field_errors:
        from gpai_tui.tui.screens.choice import reload_dialog

        if await app.push_screen_wait(reload_dialog(app.path.name)) != "reload":
            return
    reload_from(app, on_disk)


def check(app: GpaiApp) -> bytes | bool | None:
    """Look for a change on disk (the app calls this on a timer).

    Without unsaved edits the workbook is reloaded (nothing can be lost) and
    False is returned. With them, returns the bytes on disk (``None``: gone) once
    per distinct change, for the app to ask about; otherwise False.
    """
    from textual.screen import ModalScreen

    if app.saving or isinstance(app.screen, ModalScreen):
        return False
    result = app.document.check_disk()
    if isinstance(result, Reloaded):
        reloaded(app)
    elif isinstance(result, Refused):
        app.notify(result.message, title="Cannot reload", severity="error")
    elif isinstance(result, Conflict):
        return result.on_disk
    return False


async def external_change(app: GpaiApp, on_disk: bytes | None) -> None:
    """The file changed under unsaved edits: reload, overwrite or leave it."""
    choice = await ask_external_change(app, on_disk, saving=False)
    if choice == "reload" and on_disk is not None:
        reload_from(app, on_disk)
    elif choice == "overwrite":
        await save(app, overwrite=True)


async def confirm_quit(app: GpaiApp) -> None:
    """Unsaved changes or refused values: save and quit, quit anyway, or stay."""
    from gpai_tui.tui.screens.choice import quit_dialog

    choice = await app.push_screen_wait(
        quit_dialog(app.path.name, dirty=app.dirty, refused=list(app.field_errors))
    )
    if choice == "discard" or (choice == "save" and await save(app)):
        app.exit(0)


__all__ = ["Saved", "check", "confirm_quit", "external_change", "reload", "save"]
