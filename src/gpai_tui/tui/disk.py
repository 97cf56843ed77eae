"""Keeping the open workbook and its file in step: save, reload, watch, quit.

The app's actions (:class:`gpai_tui.tui.app.GpaiApp`) delegate here. Saving never
overwrites a file that changed on disk since it was loaded without asking (reload,
overwrite or cancel); it is refused while a typed value is invalid or the file is
open read-only. The bytes are written by the workbook package's atomic writer.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from gpai_tui.workbook import WorkbookError, fingerprint

if TYPE_CHECKING:
    from gpai_tui.tui.app import GpaiApp


def stat(path: Path) -> tuple[int, int] | None:
    """The file's (mtime, size), a cheap "did it change" signal; ``None`` if gone."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def _refused(app: GpaiApp) -> bool:
    """Say why the workbook cannot be saved now, if it cannot."""
    if app.read_only:
        app.notify(
            f"Not saved: {app.path.name} is open read-only (another gpai is editing it).",
            title="Read-only",
            severity="error",
        )
        return True
    if app.field_errors:
        key, message = next(iter(app.field_errors.items()))
        app.notify(
            f"Not saved: {key}: {message}. Fix or clear it first.",
            title="Invalid value",
            severity="error",
        )
        return True
    return False


async def save(app: GpaiApp, *, overwrite: bool = False) -> bool:
    """Save to ``app.path``; True when the file now holds the workbook (see the module)."""
    if app._saving or _refused(app):
        return False
    app._saving = True
    try:
        on_disk = await asyncio.to_thread(app.session.read_disk)
        if not overwrite and app.session.changed_on_disk(on_disk):
            choice = await ask_external_change(app, on_disk, saving=True)
            if choice == "reload" and on_disk is not None:
                reload_from(app, on_disk)
                return False
            if choice != "overwrite":
                app.notify("Not saved.")
                return False
        data = app.session.encode()
        try:
            await asyncio.to_thread(app.session.write, data)
        except OSError as exc:
            app.notify(str(exc), title="Not saved", severity="error")
            return False
        app._disk_stat = stat(app.path)
        app._disk_prompted = None
        app.dirty = app.session.is_dirty()
        if app.session.notice:
            app.notify(app.session.notice, title="Comments dropped", severity="warning")
        app.notify(f"Saved {app.path.name}")
        return True
    finally:
        app._saving = False


async def ask_external_change(app: GpaiApp, on_disk: bytes | None, *, saving: bool) -> str:
    """Ask what to do about a file that changed (or vanished) on disk."""
    from gpai_tui.tui.screens.choice import external_change_dialog

    dialog = external_change_dialog(
        app.path.name, gone=on_disk is None, dirty=app.dirty, saving=saving
    )
    return await app.push_screen_wait(dialog)


def reload_from(app: GpaiApp, data: bytes) -> bool:
    """Replace the open workbook with ``data`` from disk; False if it is not valid."""
    try:
        app.session.replace(data)
    except WorkbookError as exc:
        app.notify(str(exc), title="Cannot reload", severity="error")
        return False
    app.field_errors.clear()
    app._disk_stat = stat(app.path)
    app._disk_prompted = None
    app.generation += 1
    app.mark_changed()
    app.notify(f"Reloaded {app.path.name} from disk.")
    if app.workbook.conflicts:
        app.action_resolve_conflicts()
    return True


async def reload(app: GpaiApp) -> None:
    """Reload from disk, asking first when there are unsaved edits."""
    on_disk = await asyncio.to_thread(app.session.read_disk)
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

    now = stat(app.path)
    if now == app._disk_stat or app._saving or isinstance(app.screen, ModalScreen):
        return False
    app._disk_stat = now
    on_disk = app.session.read_disk()
    if not app.session.changed_on_disk(on_disk):
        return False
    if on_disk is not None and not app.dirty and not app.field_errors:
        reload_from(app, on_disk)
        return False
    mark = fingerprint(on_disk) if on_disk is not None else "gone"
    if mark == app._disk_prompted:
        return False
    app._disk_prompted = mark
    return on_disk


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
