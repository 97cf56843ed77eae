"""The Textual app: workbook state, saving, quitting, navigation and the command palette.

:func:`make_app` is the one factory the CLI and the tests use. Screens are listed
in :mod:`gpai_tui.tui.registry`; each lives in ``tui/screens/`` and is imported the
first time it is shown, so the first paint only pays for the dashboard.

**Workbook state** lives in :class:`~gpai_tui.document.Document`
(:attr:`GpaiApp.document`), the one place that changes the open workbook. The App
mirrors it for the widgets and shows dialogs; it holds no workbook state of its own:

* :attr:`GpaiApp.evaluation`, :attr:`GpaiApp.dirty`, :attr:`GpaiApp.generation`:
  reactives mirrored from the document after every change (watch them with
  ``self.watch(self.app, "evaluation", cb)``); ``generation`` is bumped when the
  whole workbook was replaced (reload, restore, undo of those).
* :meth:`GpaiApp.apply` applies one typed change (:mod:`gpai_tui.document.changes`)
  and mirrors the result; a refusal becomes a notification. :meth:`GpaiApp.edit_item`
  is the shortcut for measure and obligation edits. ``ctrl+z`` / ``ctrl+y`` undo and
  redo any of them.
* Read-only shortcuts: :attr:`~GpaiApp.path`, :attr:`~GpaiApp.workbook`,
  :attr:`~GpaiApp.loaded_bytes`, :attr:`~GpaiApp.field_errors`,
  :attr:`~GpaiApp.read_only`. Never assign to the workbook's fields: a test fails.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import Notification, Notify, SeverityLevel
from textual.reactive import var
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import WorkerState

from gpai_tui.errors import UsageError
from gpai_tui.text import one_line, safe
from gpai_tui.tui import registry
from gpai_tui.tui.registry import SCREENS, go_binding

if TYPE_CHECKING:
    # Imported where used: `gpai open` draws its first frame before the workbook's
    # modules (pydantic, the catalogue, the engine) are loaded (see tui/loading.py).
    from gpai_tui.document import Applied, Change, Document, SignatoryEdit
    from gpai_tui.engine import Evaluation
    from gpai_tui.engine.edit import Edit
    from gpai_tui.engine.inherit import Resolved
    from gpai_tui.tui.evidence_state import EvidenceStates
    from gpai_tui.workbook import Workbook


def _lazy_screen(factory: str) -> Callable[[], Screen[Any]]:
    """A callable that imports ``module:Class`` and builds the screen."""

    def build() -> Screen[Any]:
        module, name = factory.split(":")
        screen_class = getattr(importlib.import_module(module), name)
        screen = cast(Screen[Any], screen_class())
        # The new screen is styled from the current stylesheet when it is registered.
        # Left unsynced, Textual re-parses every CSS source and restyles the app
        # ("refresh_css") the first time each mode is shown: ~10 ms before the first
        # paint. A theme change since still bumps the app's count and refreshes.
        screen._css_update_count = screen.app._css_update_count
        return screen

    return build


def _is_text_field(widget: Widget | None) -> bool:
    """``widget`` takes typed text (an Input or a TextArea).

    TextArea (~6 ms to import, and not on the first screen) is looked up only once
    something has imported it: until then no widget can be one.
    """
    if isinstance(widget, Input):
        return True
    text_area = sys.modules.get("textual.widgets._text_area")
    return text_area is not None and isinstance(widget, text_area.TextArea)


_MODAL_BLOCKED = {
    "save",
    "quit",
    "find",
    "next_outstanding",
    "go",
    "keys",
    "help_focused",
    "reload",
    "command_palette",
    "export",
    "undo",
    "redo",
}
"""App actions that do nothing while a dialog is open."""

_EDITING = {"save", "undo", "redo"}
"""App actions hidden while the file is open read-only."""

DIALOG_GROUPS = frozenset({"dialogs", "conflicts"})
"""Worker groups that open a dialog (keys typed meanwhile wait for it)."""
KEY_HOLD_LIMIT = 200
"""How many refreshes a key waits for a dialog before going where it would have gone."""


def field_key(change: Change) -> str:
    """What a typed change sets (a measure's field, an MDF field, a profile field): a
    refusal and the later accepted value for the same field share the key."""
    from gpai_tui.document import ItemEdit

    if isinstance(change, ItemEdit):
        edit = vars(change.edit)
        touched = sorted(name for name, value in edit.items() if value not in (None, (), False))
        return f"{change.item_id}:{','.join(touched)}"
    name = getattr(change, "field_id", None) or getattr(change, "name", None)
    return f"{type(change).__name__}:{name}"


class GpaiApp(App[int]):
    """The gpai workbook app (see the module docstring for the state it exposes)."""

    CSS_PATH = Path(__file__).parent / "app.tcss"  # absolute: subclasses elsewhere keep it
    TITLE = "gpai"
    MODES = {spec.name: _lazy_screen(spec.factory) for spec in SCREENS}
    DEFAULT_MODE = SCREENS[0].name
    BINDINGS: ClassVar[list[BindingType]] = [
        *(go_binding(spec.name, show=False) for spec in SCREENS),
        Binding(
            "slash",
            "find",
            "Find",
            key_display="/",
            tooltip="Find a measure by id or words and go to it",
            id="app.find",
            # Priority: the dialog opens before the keys typed after "/" are dispatched.
            # check_action turns it off in text fields, where "/" is typed.
            priority=True,
        ),
        Binding(
            "n",
            "next_outstanding(1)",
            "Next",
            show=False,
            tooltip="Next outstanding measure",
            id="app.next",
        ),
        Binding(
            "N",
            "next_outstanding(-1)",
            "Previous",
            show=False,
            tooltip="Previous outstanding measure",
            id="app.previous",
        ),
        Binding("ctrl+s", "save", "Save", tooltip="Save the workbook (atomic)", id="app.save"),
        Binding(
            "ctrl+z", "undo", "Undo", show=False, tooltip="Undo the last change", id="app.undo"
        ),
        Binding(
            "ctrl+y", "redo", "Redo", show=False, tooltip="Redo what was undone", id="app.redo"
        ),
        Binding("w", "save", "Save", show=False, id="app.save-w"),
        # Read-only: the editing keys leave the footer (check_action), and pressing one
        # says why nothing happens instead of doing nothing.
        Binding("ctrl+s,w,ctrl+z,ctrl+y,s,x,a", "read_only_notice", show=False, system=True),
        Binding("question_mark", "keys", "Keys", key_display="?", id="app.keys"),
        Binding(
            "f1",
            "help_focused",
            "Help",
            show=False,
            tooltip="Help for the focused part",
            id="app.help",
        ),
        # Both keys bound here (Textual adds ctrl+p only when nothing opens the palette).
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            show=False,
            priority=True,
            tooltip="Command palette: every command by name",
            id="app.palette",
        ),
        Binding("colon", "command_palette", "Commands", show=False, id="app.palette-colon"),
        Binding(
            "q", "quit", "Quit", tooltip="Quit (asks first about unsaved changes)", id="app.quit"
        ),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit-ctrl"),
    ]

    evaluation: var[Evaluation] = var(cast("Evaluation", None), always_update=True, init=False)
    """The engine's evaluation of :attr:`workbook` (replaced after every change)."""
    dirty: var[bool] = var(False, init=False)
    """True when the workbook has unsaved changes."""
    generation: var[int] = var(0, init=False)
    """Bumped when the workbook object is replaced by a reload."""
    read_only: var[bool] = var(False, init=False)
    """True when the file is open read-only (another gpai holds its lock): the header
    shows a badge, editing keys leave the footer, the palette offers to take the lock."""

    session_started = False
    """True once :meth:`start_session` ran (the lock was asked for)."""
    loading = False
    """True while ``gpai open`` loads the workbook behind its first frame
    (:mod:`gpai_tui.tui.loading`): every action but quitting is off."""

    document: Document
    """The open workbook (see :class:`~gpai_tui.document.Document`)."""
    evidence_states: EvidenceStates
    """Evidence items checked on disk, hashes cached until the app gets the focus back."""

    def __init__(
        self,
        document: Document | None,
        *,
        watch_interval: float | None = 2.0,
    ) -> None:
        """``document``: the loaded workbook (``None`` only for :class:`LoadingApp`,
        which installs it once loaded)."""
        super().__init__()
        self.watch_interval = watch_interval
        """Seconds between checks for changes on disk (``None``: only when saving)."""
        self.saving = False
        """True while a save is under way (the on-disk check waits)."""
        self.inherited_choice: dict[str, str] = {}
        """Item id -> where edits of that inherited item go (organisation / override)."""
        self._held_keys: list[events.Key] = []
        """Keys waiting for a dialog to open, in the order typed."""
        self._refusals: dict[str, Notification] = {}
        """The toast of a refused typed value, per field: gone once the value is fixed."""
        if document is not None:
            self.install(document)

    def install(self, document: Document) -> None:
        """Make ``document`` the open workbook (at construction, or once loaded)."""
        from gpai_tui.tui.evidence_state import EvidenceStates

        self.document = document
        self.evidence_states = EvidenceStates(document.path)
        self.set_reactive(GpaiApp.evaluation, document.evaluation)
        self.sub_title = document.path.name

    # -- state (mirrored from the document) --------------------------------------------

    @property
    def session(self) -> Document:
        """The open workbook (the name older code used for :attr:`document`)."""
        return self.document

    @property
    def as_of(self) -> date | None:
        """Evaluate as of this date (``None``: today), for reproducible runs."""
        return self.document.as_of

    @property
    def path(self) -> Path:
        """The workbook file."""
        return self.document.path

    @property
    def workbook(self) -> Workbook:
        """The open workbook: read it; change it only with :meth:`apply`."""
        return self.document.workbook

    @property
    def loaded_bytes(self) -> bytes:
        """The file's bytes when loaded or last saved."""
        return self.document.loaded_bytes

    @property
    def loaded_fingerprint(self) -> str:
        """Fingerprint of :attr:`loaded_bytes`."""
        return self.document.loaded_fingerprint

    @property
    def field_errors(self) -> dict[str, str]:
        """Refused typed values: key (e.g. ``CR-1.3.target``) -> message."""
        return self.document.field_errors

    @property
    def inheritance(self) -> Resolved | None:
        """The workbook's inheritance (:mod:`gpai_tui.tui.inherited`)."""
        return self.document.inheritance

    @property
    def view(self) -> Workbook:
        """The workbook as evaluated: inherited answers resolved (show entries from it)."""
        resolved = self.document.inheritance
        return resolved.workbook if resolved is not None else self.workbook

    def mirror(self) -> None:
        """Copy the document's evaluation, dirty state and generation to the reactives."""
        document = self.document
        if document.generation != self.generation:
            self.generation = document.generation
        if document.evaluation is not self.evaluation:
            self.evaluation = document.evaluation
        if document.dirty != self.dirty:
            self.dirty = document.dirty

    def apply(self, change: Change, *, typing: bool = False) -> Applied | None:
        """Apply ``change`` through the document; a refusal becomes a notification.

        ``typing``: one key of a value being typed (undone with the rest of it).
        """
        from gpai_tui.document import ReadOnlyError

        try:
            applied = self.document.apply(change, typing=typing)
        except ReadOnlyError:
            self.notify(
                "Read-only: that change was not kept "
                f"({one_line(self.document.read_only_reason)}; "
                "try ctrl+p › Try to take the lock).",
                severity="warning",
            )
            self.document.generation += 1  # the widgets show the workbook again
            self.mirror()
            return None
        except UsageError as exc:
            if typing:
                self._refused_while_typing(change, str(exc))
            else:
                self.notify(str(exc), title="Not changed", severity="error", markup=False)
            return None
        if typing and (toast := self._refusals.pop(field_key(change), None)) is not None:
            self._unnotify(toast)  # the value is fixed: its refusal no longer holds
        self.mirror()
        return applied

    def _refused_while_typing(self, change: Change, message: str) -> None:
        """One toast per field while its typed value is refused (each key replaces the
        last one), removed by :meth:`apply` once a value for that field is accepted."""
        key = field_key(change)
        old = self._refusals.pop(key, None)
        if old is not None:
            self._unnotify(old, refresh=False)
        toast = Notification(safe(message), "Not changed", "error", markup=False)
        self._refusals[key] = toast
        self.post_message(Notify(toast))

    def edit_item(self, item_id: str, edit: Edit, *, typing: bool = False) -> bool:
        """Apply ``edit`` to a measure or obligation; a refusal becomes a notification.

        An edit of an answer inherited from the organisation workbook asks first where
        it goes (:mod:`gpai_tui.tui.inherited`)."""
        from gpai_tui.tui import inherited

        if inherited.needs_choice(self, item_id, edit):
            inherited.ask(self, item_id, edit)
            return False
        from gpai_tui.document import ItemEdit

        return self.apply(ItemEdit(item_id, edit), typing=typing) is not None

    def set_field_error(self, key: str, message: str | None) -> None:
        """Record (or clear, with ``None``) a refused value typed into a field."""
        self.document.set_field_error(key, message)

    async def on_event(self, event: events.Event) -> None:
        """Keys that arrive while a dialog is opening wait for the dialog.

        A dialog opened from a worker (``x``, ``a``, save, export...) is pushed a few
        messages after its key: keys typed meanwhile would go to the screen beneath
        (``s`` would cycle a status). Such a key is caught when it comes back to the
        app for its bindings (or when it arrives) and queued again, in order, until the
        dialog has the focus or its worker ended (at most :data:`KEY_HOLD_LIMIT` times).
        """
        if isinstance(event, events.Key) and (self._held_keys or self._dialog_opening()):
            if not self._held_keys:
                self.call_after_refresh(self._release_keys, 0)
            self._held_keys.append(events.Key(event.key, event.character))
            return
        await super().on_event(event)

    def _release_keys(self, tries: int) -> None:
        """Send the held keys again, in order, once the dialog is ready."""
        if self._dialog_opening() and tries < KEY_HOLD_LIMIT:
            self.call_after_refresh(self._release_keys, tries + 1)
            return
        keys, self._held_keys = self._held_keys, []
        for key in keys:
            self.post_message(key)

    def _dialog_opening(self) -> bool:
        """A dialog worker runs but its dialog does not have the focus yet."""
        active = (WorkerState.PENDING, WorkerState.RUNNING)
        if not any(w.group in DIALOG_GROUPS and w.state in active for w in self.workers):
            return False
        screen = self.screen
        return not isinstance(screen, ModalScreen) or screen.focused is None

    @on(events.DescendantBlur)
    def _end_typing(self) -> None:
        """Leaving a field ends the value being typed: typing there again later is a
        new undo step."""
        if not self.loading:
            self.document.end_typing()

    def read_only_changed(self) -> None:
        """Mirror the document's read-only state: header badge, footer keys, title."""
        self.read_only = self.document.read_only
        name = self.document.path.name
        self.sub_title = f"{name} (read-only)" if self.read_only else name
        self.refresh_bindings()
        self.screen.refresh_bindings()

    def action_read_only_notice(self) -> None:
        """An editing key was pressed on a read-only file."""
        self.notify(
            f"{self.path.name} is read-only ({one_line(self.document.read_only_reason)}): "
            "nothing can be changed or saved. ctrl+p › Try to take the lock.",
            title="Read-only",
            severity="warning",
        )

    def action_take_lock(self) -> None:
        """Try to take the lock of a file opened read-only."""
        from gpai_tui.tui.recovery import guard_of

        guard = guard_of(self)
        if guard is not None:
            guard.try_lock()

    def action_signatory(self) -> None:
        """Ask which chapters of the Code are signed; apply the answer (undoable)."""
        from gpai_tui.tui.screens.signatory import SignatoryDialog

        def chosen(edit: SignatoryEdit | None) -> None:
            if edit is not None and (applied := self.apply(edit)) is not None:
                said = "; ".join(applied.changes) or "no change"
                self.notify(said, title="Chapters signed", markup=False)

        self.push_screen(SignatoryDialog(self.workbook.signatory), callback=chosen)

    def action_undo(self) -> None:
        """Undo the last change, on any screen; a toast says what was undone."""
        self._step(self.document.undo, "Undid", "Nothing to undo.")

    def action_redo(self) -> None:
        """Redo the last undone change."""
        self._step(self.document.redo, "Redid", "Nothing to redo.")

    def _step(self, step: Callable[[], Applied | None], verb: str, nothing: str) -> None:
        from gpai_tui.document import ReadOnlyError

        try:
            applied = step()
        except ReadOnlyError:
            self.notify("Read-only: nothing can be undone.", severity="warning")
            return
        if applied is None:
            self.notify(nothing)
            return
        self.document.generation += 1  # typed fields show the restored values
        self.mirror()
        self.notify(f"{verb}: {applied.label}", timeout=4)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast is plain text with control characters made visible (never markup)."""
        super().notify(
            safe(message), title=safe(title), severity=severity, timeout=timeout, markup=False
        )

    def action_help_quit(self) -> None:
        """``ctrl+c`` does not quit: say which key does, in plain text.

        Textual's own notice is markup (``[b]q[/b]``), which :meth:`notify` shows as
        written, tags and all.
        """
        quits = [
            (not active.binding.show, key)  # the key the footer shows first
            for key, active in self.active_bindings.items()
            if active.binding.action in ("quit", "app.quit")
        ]
        if quits:
            key = min(quits)[1]
            self.notify(f"Press {key} to quit the app.", title="Do you want to quit?")

    # -- lifecycle ---------------------------------------------------------------------

    def _fatal_error(self) -> None:
        """An unexpected crash: one line and a log file, never a traceback (exit 3)."""
        from gpai_tui.tui.crash import report_crash

        report_crash(self)

    walk_on_start = False
    """Start (or offer to resume) the walk once the app is up (``gpai open --walk``)."""

    first_frame_hook: Callable[[], None] | None = None
    """Called once, when the first frame is on screen (``gpai open`` settles the cyclic
    collector then: see :mod:`gpai_tui.tui.launch`)."""

    def on_ready(self) -> None:
        if self.first_frame_hook is not None:
            self.first_frame_hook()
            self.first_frame_hook = None

    def on_load(self) -> None:
        # Textual styles the app itself only once its first mode's screen is composed,
        # mounted and painted; that first frame (and the text colour the dashboard's
        # Statics cache from it) would miss the app's colours. Style it first.
        self.stylesheet.apply(self)

    def on_mount(self) -> None:
        from gpai_tui.tui.settings import apply_settings

        apply_settings(self)  # the user's theme and keymap (gpai config path)
        if not self.loading:
            self.start_session()
            self.schedule_first_dialogs()

    def start_session(self) -> None:
        """Take the lock (or go read-only), watch the file: once the workbook is loaded."""
        from gpai_tui.tui.recovery import attach

        self.session_started = True
        attach(self)  # lock (or read-only), recovery journal, focus check
        if self.watch_interval:
            self.set_interval(self.watch_interval, self.check_disk)

    async def lock_settled(self) -> None:
        """Called once the lock is taken or read-only decided, before a recovery journal
        is offered (:class:`~gpai_tui.tui.loading.LoadingApp` shows the workbook then)."""

    def schedule_first_dialogs(self) -> None:
        """Merge conflicts, the walk (``--walk``) or a word about a stopped walk."""
        if self.workbook.conflicts:
            self.call_after_refresh(self.action_resolve_conflicts)
        elif self.walk_on_start:
            self.call_after_refresh(lambda: self.run_worker(self.action_walk()))
        else:
            self.call_after_refresh(self._mention_walk)

    def _mention_walk(self) -> None:
        """Say so when a walk of this workbook stopped midway (``g`` offers to resume it)."""
        from gpai_tui.tui import walk_resume

        saved = walk_resume.load(self.path)
        if saved is not None:
            where = saved.item_id or saved.chapter
            self.notify(f"Your walk stopped at {where}: press g to continue it.", timeout=8)

    def on_unmount(self) -> None:
        if not self.session_started:
            return  # quit while loading: nothing was locked
        from gpai_tui.tui.recovery import detach

        detach(self)  # release the lock; a clean quit removes the journal

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Our app-wide keys do nothing while a dialog is open.

        ``/`` (a priority binding) is off in text fields, so it is typed there. While
        the workbook loads (:attr:`loading`), only quitting works.
        """
        if self.loading:
            return action in ("quit", "help_quit")
        if action in _MODAL_BLOCKED and isinstance(self.screen, ModalScreen):
            return False
        if action in _EDITING and self.read_only:
            return False  # hidden from the footer: nothing can be changed
        if action == "read_only_notice":
            return self.read_only
        return not (action == "find" and _is_text_field(self.focused))

    # -- navigation --------------------------------------------------------------------

    async def action_go(self, name: str) -> None:
        """Show the top-level screen ``name`` (a mode from the registry)."""
        if name == "walk":
            await self.action_walk()
            return
        await self.switch_mode(name)

    async def action_walk(self, start: str | None = None, fresh: bool = False) -> None:
        """Start or continue the walk: at ``start`` (a chapter or measure id), else at the
        measure shown on the Code screen, else where a walk stopped (or the beginning)."""
        if start is None:
            start = self.current_item()
        await self.switch_mode("walk")
        begin = getattr(self.screen, "begin", None)
        if begin is not None:
            begin(start, fresh=fresh)

    async def goto_item(self, item_id: str, *, focus_checkpoints: bool = True) -> None:
        """Show measure or obligation ``item_id`` on the Code screen."""
        await self.switch_mode("code")
        show = getattr(self.screen, "show_item", None)
        if show is not None:
            show(item_id, focus_checkpoints=focus_checkpoints)

    async def open_outstanding(self, key: str) -> None:
        """Open an outstanding entry: a measure or obligation on the Code screen, an
        incident report (``INC-1/initial``) on the Incidents screen."""
        try:
            self.evaluation.item(key)
        except KeyError:
            incident_id = key.split("/")[0]
            await self.switch_mode("incidents")
            select = getattr(self.screen, "select", None)
            if select is not None:
                select(incident_id)
            return
        await self.goto_item(key)

    def current_item(self) -> str | None:
        """The measure shown on the Code screen, if that screen is active."""
        if self.current_mode != "code":
            return None
        return cast(str | None, getattr(self.screen, "item_id", None))

    async def action_next_outstanding(self, step: int) -> None:
        """Go to the next (``1``) or previous (``-1``) outstanding measure or obligation.

        The order is the outstanding list's: overdue first, then by legal date, undated
        last (:meth:`Evaluation.outstanding_order`); it wraps around. From a measure that
        is not outstanding, ``n`` goes to the first and ``N`` to the last.
        """
        order = self.evaluation.outstanding_order()
        if not order:
            self.notify("Nothing is outstanding.")
            return
        current = self.current_item()
        if current in order:
            target = order[(order.index(current) + step) % len(order)]
        else:
            target = order[0] if step > 0 else order[-1]
        await self.goto_item(target, focus_checkpoints=False)

    def action_find(self) -> None:
        """Ask for an id or words, then go to the first match.

        The dialog is pushed at once (not from a worker), so keys typed right after
        ``/`` reach it.
        """
        from gpai_tui.tui.screens.find import FindDialog

        if self.current_mode == "mdf":  # the form's fields, not measures
            from gpai_tui.catalogue import load_catalogue

            form = load_catalogue(self.workbook.code)
            dialog = FindDialog(self.evaluation, self.view, mdf=form)
        else:
            dialog = FindDialog(self.evaluation, self.view)
        self.push_screen(dialog, callback=self._found)

    async def _found(self, key: str | None) -> None:
        from gpai_tui.tui.screens.find import MDF_KEY

        if key and key.startswith(MDF_KEY):
            show = getattr(self.screen, "select_field", None)
            if show is not None:
                show(key.removeprefix(MDF_KEY))
        elif key:
            await self.goto_item(key)

    def action_keys(self) -> None:
        """Show every key, grouped."""
        from gpai_tui.tui.screens.help import keys_screen

        self.push_screen(keys_screen(self))

    def action_help_focused(self) -> None:
        """Show help for the focused widget."""
        from gpai_tui.tui.screens.help import focused_help_screen

        self.push_screen(focused_help_screen(self))

    # -- saving, reloading, quitting (the logic is in gpai_tui.tui.disk) ---------------

    def action_save(self) -> None:
        """Save the workbook (asks first if the file changed on disk)."""
        self._save_worker()

    @work(exit_on_error=False, group="save")
    async def _save_worker(self) -> None:
        await self.save()

    async def save(self, *, overwrite: bool = False) -> bool:
        """Save to :attr:`path`; return True when the file now holds the workbook.

        Refused while a typed value is invalid or the file is read-only. When the
        file changed on disk since it was loaded, asks: reload, overwrite or cancel
        (``overwrite=True``: the user already chose). Run it in a worker (it may wait
        for a dialog).
        """
        from gpai_tui.tui import disk

        return await disk.save(self, overwrite=overwrite)

    def reload_from(self, data: bytes) -> bool:
        """Replace the open workbook with ``data`` from disk; False if it is not valid."""
        from gpai_tui.tui import disk

        return disk.reload_from(self, data)

    @work(exit_on_error=False, group="dialogs")
    async def action_reload(self) -> None:
        """Reload the workbook from disk, asking first when there are unsaved edits."""
        from gpai_tui.tui import disk

        await disk.reload(self)

    def on_app_focus(self, event: events.AppFocus) -> None:
        """Back from another window: evidence files may have changed; look again."""
        if self.loading:
            return
        self.evidence_states.forget()
        refresh = getattr(self.screen, "refresh_evidence", None)
        if callable(refresh):
            refresh()

    def check_disk(self) -> None:
        """Look for a change of the file on disk (on a timer; see :func:`disk.check`)."""
        from gpai_tui.tui import disk

        changed = disk.check(self)
        if changed is not False:
            self._external_change_worker(changed)

    @work(exit_on_error=False, group="dialogs")
    async def _external_change_worker(self, on_disk: bytes | None) -> None:
        from gpai_tui.tui import disk

        await disk.external_change(self, on_disk)

    async def action_quit(self) -> None:
        """Quit, asking first when there are unsaved changes or refused values."""
        if self.loading or (not self.dirty and not self.field_errors):
            self.exit(0)
            return
        self._quit_worker()

    @work(exit_on_error=False, group="dialogs")
    async def _quit_worker(self) -> None:
        from gpai_tui.tui import disk

        await disk.confirm_quit(self)

    @work(exit_on_error=False, group="conflicts")
    async def action_resolve_conflicts(self) -> None:
        """Show the unresolved merge conflicts; the officer picks a side or types a value."""
        if not self.workbook.conflicts:
            self.notify("No unresolved merge conflicts.", markup=False)
            return
        if isinstance(self.screen, ModalScreen):
            return
        from gpai_tui.tui.screens.conflicts import ConflictsScreen

        await self.push_screen_wait(ConflictsScreen(self.workbook, self.apply))

    # -- exports (gpai_tui.tui.screens.export) ------------------------------------------

    def action_export(self, fmt: str) -> None:
        """Export as ``fmt`` (md, html, json, csv): ask for whom, then deliver the file."""
        from gpai_tui.tui.screens.export import start_export

        start_export(self, fmt)

    @on(events.DeliveryComplete)
    @on(events.DeliveryFailed)
    def _export_delivered(self, event: events.DeliveryComplete | events.DeliveryFailed) -> None:
        from gpai_tui.tui.screens.export import delivered

        delivered(self, event)

    # -- command palette ---------------------------------------------------------------

    def key_for(self, binding_id: str | None) -> str | None:
        """The key shown for a binding id (respecting a user keymap), if bound."""
        if binding_id is None:
            return None
        for active in self.screen.active_bindings.values():
            if active.binding.id == binding_id:
                return self.get_key_display(active.binding)
        for _key, binding in self._bindings:
            if binding.id == binding_id:
                return self.get_key_display(binding)
        return None

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Our commands ("area: Verb object"), then Textual's (theme, keys, screenshot)."""
        for spec in SCREENS:
            yield SystemCommand(
                spec.title, f"{spec.help} · key {spec.key}", partial(self.action_go, spec.name)
            )
        for command in registry.commands():
            if command.screen is not None and command.screen != self.current_mode:
                continue
            if command.read_only != self.read_only and command.read_only is not None:
                continue
            key = self.key_for(command.binding_id)
            help_text = f"{command.help} · key {key}" if key else command.help
            yield SystemCommand(command.title, help_text, partial(self.run_action, command.action))
        for system in super().get_system_commands(screen):
            if system.title != "Quit":
                yield system._replace(title=f"app: {system.title}")


def make_app(
    path: Path | str,
    *,
    as_of: date | None = None,
    watch_interval: float | None = 2.0,
) -> GpaiApp:
    """Load the workbook at ``path`` and build the app (the CLI and tests use this).

    Raises :class:`gpai_tui.workbook.WorkbookError` when the file cannot be loaded,
    before anything is drawn (``gpai open`` draws first and loads behind a loading
    frame: :class:`gpai_tui.tui.loading.LoadingApp`). ``watch_interval`` is how often
    (seconds) the file is checked for changes on disk (``None``: only when saving).
    """
    from gpai_tui.document import Document

    document = Document.load(Path(path), as_of=as_of)
    return GpaiApp(document, watch_interval=watch_interval)
