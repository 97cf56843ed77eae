"""Nothing lost, one editor at a time: the TUI side of the lock and the recovery journal.

:func:`attach` (called from ``GpaiApp.on_mount``) and :func:`detach` (from
``on_unmount``) wire four guarantees into the app without the screens knowing:

* **Lock on open.** The workbook's lock (:mod:`gpai_tui.workbook.lock`) is taken
  when the app starts. If another process holds it, a dialog names the holder and
  offers to open the file read-only (or to quit). Read-only: the document refuses
  every change and saving (``Document.read_only``), the header shows a badge, the
  footer hides the editing keys, and the palette offers "Try to take the lock";
  changes saved by the other editor are picked up by the on-disk watcher.
* **Recovery journal.** After each change (every new ``evaluation``) the unsaved
  workbook is written to the journal (:mod:`gpai_tui.workbook.journal`); when
  nothing is unsaved any more (saved, or edits undone) it is removed, and a clean
  quit (exit code 0, including "quit without saving") removes it too. A crash, a
  kill or a lost terminal leaves it; the next open asks: restore, discard, or
  decide later (the journal is then set aside under a dated name).
* **External changes when the app regains focus.** Textual's ``app_focus``
  reactive (terminal focus reporting) triggers the app's on-disk check, so a
  ``git pull`` done in another window is seen on return, not only on save.
* The lock is released when the app closes, however it closes.
"""

from __future__ import annotations

import asyncio
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from gpai_tui.text import one_line
from gpai_tui.workbook import WorkbookError
from gpai_tui.workbook.journal import Entry
from gpai_tui.workbook.lock import LockError, LockHeld

if TYPE_CHECKING:
    from gpai_tui.tui.app import GpaiApp
    from gpai_tui.tui.screens.choice import ChoiceDialog

BRIEF_WAIT = 5.0
"""Seconds to wait for a brief lock holder (``gpai set``) before offering read-only."""

_GUARDS: weakref.WeakKeyDictionary[GpaiApp, Guard] = weakref.WeakKeyDictionary()


def locked_dialog(name: str, who: str) -> ChoiceDialog:
    """Another gpai holds the file: open read-only, or quit."""
    from gpai_tui.tui.screens.choice import Choice, ChoiceDialog

    return ChoiceDialog(
        "Open read-only?",
        f"{name} is being edited by {who}.\n"
        "Read-only shows it (and picks up what the other editor saves) but keeps no "
        "change. Quit leaves it alone.",
        [Choice("read-only", "Open read-only", "primary"), Choice("quit", "Quit")],
        focus="read-only",
    )


def recovery_dialog(name: str, entry: Entry, *, changed_since: bool) -> ChoiceDialog:
    """Unsaved changes from a session that did not close cleanly: restore, discard, later."""
    from gpai_tui.tui.screens.choice import Choice, ChoiceDialog

    lines = [
        f"{name} has unsaved changes from {one_line(entry.written, 40)} that were never "
        "saved (gpai closed without saving them).",
        "Restore brings them back as unsaved changes; save to keep them. Discard deletes them.",
    ]
    if changed_since:
        lines.append(
            "The file has changed on disk since: saving after restoring will ask before "
            "overwriting it."
        )
    lines.append("Decide later keeps them aside in the state folder and opens the file as is.")
    return ChoiceDialog(
        "Recover unsaved changes?",
        "\n".join(lines),
        [
            Choice("restore", "Restore", "primary"),
            Choice("discard", "Discard", "error"),
            Choice("cancel", "Decide later"),
        ],
        focus="restore",
    )


class Guard:
    """The dialogs around the document's lock and journal, for one running app."""

    def __init__(self, app: GpaiApp) -> None:
        self.app = app
        """The app."""
        self.document = app.document
        """The open workbook (it holds the lock and the journal)."""
        self.deciding = True
        """True until a waiting journal has been dealt with (it must not be overwritten)."""
        self._scheduled = False
        self._warned = False

    @property
    def read_only(self) -> bool:
        """True when the file is open read-only (held elsewhere, or cannot be locked)."""
        return self.document.read_only

    # -- start -------------------------------------------------------------------------

    async def start(self) -> None:
        """Take the lock (or go read-only), then offer a waiting journal.

        ``app.lock_settled()`` is awaited once the lock is taken or read-only decided
        (``gpai open`` keeps its loading frame, where nothing can be edited, until then).
        """
        app = self.app
        locked = await self.lock()
        if locked is None:
            return  # the user chose to quit
        await app.lock_settled()
        if not locked:
            return
        await self.offer_recovery()
        self.deciding = False
        self.schedule()

    async def lock(self) -> bool | None:
        """Take the lock: ``True``; read-only: ``False``; the user chose to quit: ``None``."""
        app = self.app
        reason = _not_writable(app.path)
        if reason is not None:  # a 0444 file, a read-only file system (issue 16)
            self.enter_read_only(reason)
            return False
        try:
            # A brief holder (a `gpai set` running now) is waited for a few seconds.
            await asyncio.to_thread(self.document.take_lock, purpose="gpai open", wait=BRIEF_WAIT)
        except LockHeld as held:
            who = held.info.describe() if held.info else "another gpai (starting up)"
            choice = await app.push_screen_wait(locked_dialog(app.path.name, who))
            if choice != "read-only":
                app.exit(0)
                return None
            self.enter_read_only(f"{app.path.name} is being edited by {who}")
            return False
        except LockError as exc:
            self.enter_read_only(str(exc))
            return False
        return True

    async def offer_recovery(self) -> None:
        """Ask about a journal left by a session that did not close cleanly."""
        app = self.app
        journal = self.document.journal
        try:
            entry = journal.read()
            workbook = entry.load() if entry is not None else None
        except WorkbookError as exc:
            kept = journal.set_aside()
            app.notify(
                f"A recovery journal could not be used ({exc.problem}); it was kept at {kept}.",
                title="Recovery",
                severity="warning",
                timeout=15,
            )
            return
        if entry is None or workbook is None:
            return
        base = entry.base.encode("utf-8")
        changed_since = base != self.document.loaded_bytes
        choice = await app.push_screen_wait(
            recovery_dialog(app.path.name, entry, changed_since=changed_since)
        )
        if choice == "restore":
            # The edits may have been made on an older version: saving then asks first.
            self.document.restore(workbook, base if changed_since else self.document.loaded_bytes)
            app.mirror()
            app.notify("Unsaved changes restored; save to keep them.", title="Recovery")
        elif choice == "discard":
            journal.remove()
            app.notify("Recovered changes discarded.", title="Recovery")
        else:
            kept = journal.set_aside()
            app.notify(f"Recovered changes kept aside at {kept}.", title="Recovery", timeout=15)

    def enter_read_only(self, reason: str) -> None:
        """Keep no change and refuse saving from now on (shown in the header)."""
        self.document.enter_read_only(reason)
        self.deciding = False
        self.app.read_only_changed()
        self.app.notify(
            f"Read-only: {reason}. Changes are not kept and cannot be saved.",
            title="Read-only",
            severity="warning",
            timeout=15,
        )

    def try_lock(self) -> None:
        """Try to take the lock now (the palette's "Try to take the lock")."""
        app = self.app
        if not self.read_only:
            app.notify(f"{app.path.name} is already open for editing.")
            return
        try:
            self.document.take_lock(purpose="gpai open")
        except LockHeld as held:
            who = held.info.describe() if held.info else "another gpai"
            app.notify(f"Still read-only: {who} holds the lock.", severity="warning")
            return
        except LockError as exc:
            app.notify(f"Still read-only: {exc}", severity="warning")
            return
        on_disk = self.document.read_disk()
        if on_disk is not None and self.document.changed_on_disk(on_disk):
            self.document.reload(on_disk)  # what the other editor saved last
        app.mirror()
        app.read_only_changed()
        app.notify(f"{app.path.name} is open for editing now.", title="Lock taken")

    # -- after each change -------------------------------------------------------------

    def schedule(self) -> None:
        """Sync the journal once the current change is complete (``dirty`` updated)."""
        if not self._scheduled:
            self._scheduled = True
            self.app.call_later(self.sync)

    def sync(self) -> None:
        """Write the journal while there are unsaved changes; remove it when there are none."""
        self._scheduled = False
        if self.deciding:
            return
        try:
            self.document.sync_journal()
        except (OSError, WorkbookError) as exc:
            if not self._warned:
                self._warned = True
                self.app.notify(
                    f"The recovery journal cannot be written ({exc}); save often.",
                    title="Recovery",
                    severity="warning",
                    timeout=15,
                )

    def on_focus(self, focused: bool) -> None:
        """The terminal gave the app focus again: look for changes on disk."""
        if focused and not self.deciding:
            self.app.check_disk()

    # -- end ---------------------------------------------------------------------------

    def close(self) -> None:
        """Release the lock; remove the journal after a clean quit (exit code 0)."""
        app = self.app
        if app.return_code == 0 and not self.read_only and not self.deciding:
            self.document.journal.remove()
        self.document.release()


def attach(app: GpaiApp) -> Guard:
    """Start the guard for ``app`` (from ``on_mount``): lock, journal, focus check."""
    guard = Guard(app)
    _GUARDS[app] = guard
    app.watch(app, "evaluation", lambda: guard.schedule(), init=False)
    app.watch(app, "dirty", lambda: guard.schedule(), init=False)
    app.watch(app, "app_focus", guard.on_focus, init=False)
    app.run_worker(guard.start(), group="recovery", exit_on_error=False)
    return guard


def guard_of(app: GpaiApp) -> Guard | None:
    """The guard attached to ``app``, if any."""
    return _GUARDS.get(app)


def detach(app: GpaiApp) -> None:
    """Stop the guard for ``app`` (from ``on_unmount``)."""
    guard = _GUARDS.pop(app, None)
    if guard is not None:
        guard.close()


__all__ = ["Guard", "attach", "detach", "guard_of", "locked_dialog", "recovery_dialog"]


def _not_writable(path: Path) -> str | None:
    """Why ``path`` cannot be saved at all (read-only file or file system), or None."""
    import errno
    import os

    try:
        info = path.stat()
        mode = info.st_mode & 0o777
        if mode & 0o222 == 0 or not os.access(path, os.W_OK):
            return f"the file is read-only (mode {mode:04o}); make it writable to edit it"
        if hasattr(os, "statvfs") and os.statvfs(path.parent).f_flag & os.ST_RDONLY:
            return "the file system is read-only"
    except OSError as exc:
        if exc.errno == errno.EROFS:
            return "the file system is read-only"
        return None
    return None
