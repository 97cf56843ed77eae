"""The open workbook: the one place that changes it (no Textual here).

A :class:`Document` owns a workbook file while it is open, in the TUI or for one
CLI edit: the workbook and its evaluation, the saved baseline and whether there
are unsaved changes, refused typed values, what the file on disk looked like, the
lock and the recovery journal, and the undo history.

Every change goes through :meth:`Document.apply` with one typed change
(:mod:`gpai_tui.document.changes`): it is validated by the engine, applied, the
workbook re-evaluated, and its inverse recorded for :meth:`Document.undo`. The file
operations (:meth:`save`, :meth:`reload`, :meth:`check_disk`) return results
(:mod:`gpai_tui.document.results`), never dialogs: the TUI decides what to ask.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from gpai_tui.document.changes import (
    Change,
    IncidentEdit,
    ItemEdit,
    ItemOverride,
    MdfEdit,
    ProfileEdit,
    Reload,
    Replace,
    ResolveConflict,
    Restore,
    SignatoryEdit,
    SummaryEdit,
)
from gpai_tui.document.results import (
    Applied,
    Conflict,
    DiskResult,
    Locked,
    Refused,
    Reloaded,
    Saved,
    SaveResult,
    Unchanged,
)
from gpai_tui.engine import Evaluation, evaluate
from gpai_tui.engine.edit import Edit, apply_edit, resolve_item
from gpai_tui.engine.incident_edit import apply_incident_edit
from gpai_tui.engine.inherit import Resolved
from gpai_tui.engine.mdf import apply_mdf_edit
from gpai_tui.errors import UsageError
from gpai_tui.text import one_line
from gpai_tui.workbook import (
    FORMAT_VERSION,
    ItemEntry,
    ModelProfile,
    Workbook,
    WorkbookError,
    atomic_write,
    fingerprint,
    parse_workbook,
    read_bytes,
    to_document,
)
from gpai_tui.workbook.journal import Journal
from gpai_tui.workbook.lock import Lock, acquire
from gpai_tui.workbook.writer import item_document

HISTORY = 500
"""Most undo steps kept."""


class ReadOnlyError(UsageError):
    """A change was refused because the file is open read-only."""


class OutsideEdit(RuntimeError):
    """The workbook was changed without :meth:`Document.apply` (a programming error)."""


def same_document(a: Any, b: Any) -> bool:
    """Equality of canonical documents as their text would compare.

    Types are strict (``1`` is not ``1.0``, ``True`` is not ``1``: they are written
    differently), tuples equal lists, and ``nan`` equals ``nan``.
    """
    if a is b:  # unchanged parts of a document patched by an item edit are shared
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_document(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same_document(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, str) and isinstance(b, str):
        return str(a) == str(b)
    return type(a) is type(b) and bool(a == b)


def stat(path: Path) -> tuple[int, int, int] | None:
    """The file's (mtime, size, inode): a cheap "did it change" signal; ``None`` if gone."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


@dataclass
class _Step:
    label: str
    inverse: Restore
    key: str | None
    """Set for typing: a following change with the same key joins this step."""


def _label(change: Change) -> str:
    """What a change touches, in a few words ("CR-1.3 owner")."""
    if isinstance(change, ItemEdit):
        return f"{change.item_id} {_edit_words(change.edit)}"
    if isinstance(change, ItemOverride):
        return f"{change.item_id} overridden: {_edit_words(change.edit)}"
    if isinstance(change, MdfEdit):
        return f"MDF {change.field_id}"
    if isinstance(change, SummaryEdit):
        return f"training summary {change.field_id}"
    if isinstance(change, ProfileEdit):
        return f"profile {change.name}"
    if isinstance(change, SignatoryEdit):
        return "chapters signed"
    if isinstance(change, IncidentEdit):
        return f"incident {change.incident_id}" + (" added" if change.create else "")
    if isinstance(change, Replace | Restore):
        return change.label
    if isinstance(change, ResolveConflict):
        return f"conflict {change.path}"
    return "reload from disk"


def _edit_words(edit: Edit) -> str:
    names = []
    if edit.status is not None:
        names.append("not-applicable" if edit.status == "not-applicable" else "status")
    if edit.owner is not None:
        names.append("owner")
    if edit.target is not None or edit.clear_target:
        names.append("target")
    if edit.last_done is not None:
        names.append("last done")
    for cp in (*edit.check, *edit.uncheck):
        names.append(f"checkpoint {cp}")
    if edit.add_evidence or edit.remove_evidence or edit.put_evidence:
        names.append("evidence")
    if edit.review_months is not None or edit.clear_review_months:
        names.append("review cadence")
    if edit.notes is not None:
        names.append("notes")
    if edit.justification is not None and edit.status != "not-applicable":
        names.append("justification")
    return ", ".join(names) or "no change"


class Document:
    """One workbook file open for editing (see the module docstring)."""

    strict = False
    """Check before every change that nothing changed the workbook behind the
    document's back (tests turn it on; saving always checks)."""

    def __init__(
        self,
        path: Path,
        workbook: Workbook,
        loaded_bytes: bytes,
        *,
        as_of: date | None = None,
        journal: Journal | None = None,
    ) -> None:
        self.path = path
        """The workbook file."""
        self.as_of = as_of
        """Evaluate as of this date (``None``: today)."""
        self._workbook = workbook
        self.loaded_bytes = loaded_bytes
        """The file's bytes when loaded or last saved (to detect external changes)."""
        self._document = to_document(workbook)
        self.baseline_document: dict[str, Any] = self._document
        """Canonical document (``to_document``) of the workbook as loaded or last saved:
        :attr:`dirty` compares with it."""
        self.dirty = False
        """True when the workbook differs from what was loaded or last saved."""
        self.inheritance: Resolved | None = None
        """The workbook's inheritance (:mod:`gpai_tui.engine.inherit`): its ``workbook``
        is the resolved view that is evaluated and shown."""
        self.evaluation: Evaluation = self._evaluate()
        """The engine's evaluation of the workbook, after the last change."""
        self.field_errors: dict[str, str] = {}
        """Refused typed values: key (``CR-1.3.target``) -> message. Saving is refused
        while any is pending."""
        self.generation = 0
        """Bumped when the whole workbook is replaced (reload, restore, undo of those)."""
        self.read_only = False
        self.read_only_reason = "another gpai is editing it"
        """True when the file is open read-only: changes and saving are refused."""
        self.lock: Lock | None = None
        """The workbook lock, while held."""
        self.journal = journal if journal is not None else Journal(path)
        """This workbook's recovery journal."""
        self.disk_stamp = stat(path)
        """(mtime, size, inode) of the file when last looked at."""
        self._disk_prompted: str | None = None
        self._encoded: tuple[bytes, dict[str, Any]] | None = None
        self.notice: str | None = None
        """Set by :meth:`encode` when hand-written comments had to be dropped."""
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []

    @classmethod
    def load(cls, path: Path, *, as_of: date | None = None) -> Document:
        """Read and validate ``path``; raises :class:`~gpai_tui.workbook.WorkbookError`."""
        data = read_bytes(path)
        return cls(path, parse_workbook(data, str(path)), data, as_of=as_of)

    # -- reading ------------------------------------------------------------------------

    @property
    def workbook(self) -> Workbook:
        """The workbook. Read it freely; change it ONLY through :meth:`apply`."""
        return self._workbook

    @property
    def loaded_fingerprint(self) -> str:
        """Fingerprint of :attr:`loaded_bytes`."""
        return fingerprint(self.loaded_bytes)

    @property
    def can_undo(self) -> bool:
        """There is a change to undo."""
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        """There is an undone change to redo."""
        return bool(self._redo)

    def is_dirty(self) -> bool:
        """:attr:`dirty`, recomputed from the workbook (after a save, say)."""
        return not same_document(to_document(self._workbook), self.baseline_document)

    # -- changing -----------------------------------------------------------------------

    def apply(self, change: Change, *, typing: bool = False, record: bool = True) -> Applied:
        """Validate and apply ``change``; return the new evaluation and its inverse.

        Raises :class:`~gpai_tui.errors.UsageError` (nothing changed) when the engine
        refuses it, and :class:`ReadOnlyError` when the file is open read-only
        (reloading from disk is still allowed). ``typing``: the change is one key of a
        value being typed; consecutive ones on the same value are undone together.
        ``record=False`` keeps it out of the undo history (undo and redo use that).
        """
        if self.read_only and not isinstance(change, Reload):
            raise ReadOnlyError(f"{self.path.name} is open read-only; the change was not kept")
        if self.strict:
            self._check_untouched()
        label = _label(change)
        inverse, words = self._apply(change, label)
        self._changed(
            whole=isinstance(change, Replace | Reload | Restore) and inverse.part == ("workbook",),
            part=inverse.part,
        )
        if record and words:
            self._record(label, inverse, typing)
        return Applied(self.evaluation, inverse, tuple(words), label)

    def _apply_override(
        self, change: ItemOverride, conflicts: dict[str, Any], label: str
    ) -> tuple[Restore, list[str]]:
        """Make an inherited item this model's own, then apply the edit; a refused edit
        leaves the workbook as it was."""
        from gpai_tui.engine.edit import start_override

        workbook = self._workbook
        item_id = resolve_item_for(workbook, change.item_id)
        table = _table(workbook, item_id)
        before = table.get(item_id)
        saved = before.model_copy(deep=True) if before is not None else None
        words: list[str] = []
        resolved = self.inheritance
        if resolved is not None and resolved.origin(item_id) == "inherited":
            start_override(workbook, item_id, resolved.workbook.get_entry(item_id))
            words.append(f"{item_id} overridden for this model (was inherited)")
        try:
            words += apply_edit(workbook, item_id, change.edit)
        except UsageError:
            if saved is None:
                table.pop(item_id, None)
            else:
                table[item_id] = saved
            raise
        return Restore(("item", item_id), saved, conflicts, label), words

    def _apply(self, change: Change, label: str) -> tuple[Restore, list[str]]:
        workbook = self._workbook
        conflicts = dict(workbook.conflicts)
        if isinstance(change, ItemEdit):
            resolve_item_id = resolve_item_for(workbook, change.item_id)
            before = _table(workbook, resolve_item_id).get(resolve_item_id)
            saved = before.model_copy(deep=True) if before is not None else None
            words = apply_edit(workbook, change.item_id, change.edit)
            return Restore(("item", change.item_id), saved, conflicts, label), words
        if isinstance(change, ItemOverride):
            return self._apply_override(change, conflicts, label)
        if isinstance(change, MdfEdit):
            old_value = workbook.mdf.get(change.field_id)
            words = apply_mdf_edit(workbook, change.field_id, change.value)
            saved_mdf = dict(old_value) if isinstance(old_value, dict) else old_value
            return Restore(("mdf", change.field_id), saved_mdf, conflicts, label), words
        if isinstance(change, SummaryEdit):
            from gpai_tui.engine.summary import apply_summary_edit

            saved_summary = dict(workbook.training_summary)
            words = apply_summary_edit(workbook, change.field_id, change.value, today=change.today)
            return Restore(("summary",), saved_summary, conflicts, label), words
        if isinstance(change, ProfileEdit):
            return self._apply_profile(change, conflicts, label)
        if isinstance(change, SignatoryEdit):
            return self._apply_signatory(change, conflicts, label)
        if isinstance(change, IncidentEdit):
            old = workbook.incidents.get(change.incident_id)
            words = apply_incident_edit(
                workbook, change.incident_id, change.fields, create=change.create
            )
            saved_incident = old.model_copy(deep=True) if old is not None else None
            return Restore(
                ("incident", change.incident_id), saved_incident, conflicts, label
            ), words
        if isinstance(change, ResolveConflict):
            from gpai_tui.engine.conflicts import resolve_conflict, set_and_resolve

            snapshot = workbook.model_copy(deep=True)
            if change.side is not None:  # the engine changes nothing when it refuses
                words = [resolve_conflict(workbook, change.path, change.side)]  # type: ignore[arg-type]
            else:
                words = [set_and_resolve(workbook, change.path, change.value)]
            return Restore(("workbook",), snapshot, conflicts, label), words
        if isinstance(change, Replace):
            self._workbook = change.workbook
            return Restore(("workbook",), workbook, conflicts, f"undo of {label}"), [label]
        if isinstance(change, Reload):
            replacement = parse_workbook(change.data, str(self.path))  # WorkbookError: unchanged
            self._workbook = replacement
            self.loaded_bytes = change.data
            self.baseline_document = to_document(replacement)
            self.field_errors.clear()
            self.disk_stamp = stat(self.path)
            self._disk_prompted = None
            return Restore(("workbook",), workbook, conflicts, "reload from disk"), [label]
        return self._restore(change)

    def _apply_profile(
        self, change: ProfileEdit, conflicts: dict[str, Any], label: str
    ) -> tuple[Restore, list[str]]:
        from pydantic import ValidationError

        profile = self._workbook.model
        if change.name not in ModelProfile.model_fields:
            raise UsageError(f"the model profile has no field {change.name!r}")
        old = getattr(profile, change.name)
        inverse = Restore(("model",), profile.model_copy(deep=True), conflicts, label)
        if old == change.value and type(old) is type(change.value):
            return inverse, []
        candidate = profile.model_copy(deep=True)
        try:
            setattr(candidate, change.name, change.value)  # validated by pydantic
        except ValidationError as exc:
            raise UsageError(f"{change.name}: {exc.errors(include_url=False)[0]['msg']}") from None
        self._workbook.model = candidate
        return inverse, [f"profile {change.name} changed"]

    def _apply_signatory(
        self, change: SignatoryEdit, conflicts: dict[str, Any], label: str
    ) -> tuple[Restore, list[str]]:
        """The chapters signed, in the Code's order; an unknown chapter changes nothing."""
        from gpai_tui.workbook.model import ALL_CHAPTERS, Signatory

        unknown = [c for c in change.signed if c not in ALL_CHAPTERS]
        if unknown:
            raise UsageError(f"unknown chapter {unknown[0]!r}; use {', '.join(ALL_CHAPTERS)}")
        old = self._workbook.signatory
        new = Signatory(
            signed=[c for c in ALL_CHAPTERS if c in change.signed],
            named_model=change.named_model,
        )
        inverse = Restore(("signatory",), old.model_copy(deep=True), conflicts, label)
        if new == old:
            return inverse, []
        words = [f"chapters signed: {', '.join(new.signed) or 'none'}"]
        if new.named_model != old.named_model:
            words.append(f"named model: {'yes' if new.named_model else 'no'}")
        self._workbook.signatory = new
        return inverse, words

    def _restore(self, change: Restore) -> tuple[Restore, list[str]]:
        """Put a part back; the inverse holds what it held until now."""
        workbook = self._workbook
        kind = change.part[0]
        conflicts = dict(workbook.conflicts)
        current: Any
        if kind == "item":
            item_id = change.part[1]
            table = _table(workbook, item_id)
            current = table.get(item_id)
            if change.value is None:
                table.pop(item_id, None)
            else:
                table[item_id] = change.value.model_copy(deep=True)
        elif kind == "mdf":
            field_id = change.part[1]
            current = workbook.mdf.get(field_id)
            mdf = dict(workbook.mdf)
            if change.value is None:
                mdf.pop(field_id, None)
            else:
                mdf[field_id] = change.value
            workbook.mdf = mdf
        elif kind == "summary":
            current = dict(workbook.training_summary)
            workbook.training_summary = dict(change.value)
        elif kind == "model":
            current = workbook.model
            workbook.model = change.value.model_copy(deep=True)
        elif kind == "signatory":
            current = workbook.signatory
            workbook.signatory = change.value.model_copy(deep=True)
        elif kind == "incident":
            incident_id = change.part[1]
            current = workbook.incidents.get(incident_id)
            incidents = dict(workbook.incidents)
            if change.value is None:
                incidents.pop(incident_id, None)
            else:
                incidents[incident_id] = change.value
            workbook.incidents = incidents
        else:
            current = workbook
            self._workbook = change.value
            workbook = change.value
        if kind != "workbook" and workbook.conflicts != change.conflicts:
            workbook.conflicts = dict(change.conflicts)
        return Restore(change.part, current, conflicts, change.label), [change.label]

    def _evaluate(self, changed_item: str | None = None) -> Evaluation:
        """Evaluate the resolved view (inherited answers in place; issue 21).

        ``changed_item``: the change touched that item's entry only, so the results of
        the others are kept when nothing else they depend on changed (the engine
        checks; ``evaluate(reuse=...)``). Not for a workbook that inherits: the
        organisation workbook it reads may have changed on disk since.
        """
        from gpai_tui.engine.inherit import resolve_workbook

        self.inheritance = resolve_workbook(self._workbook, self.path)
        previous: Evaluation | None = getattr(self, "evaluation", None)
        if changed_item is not None and previous is not None and self._workbook.inherits is None:
            return evaluate(self.inheritance.workbook, self.as_of, reuse=(previous, {changed_item}))
        return evaluate(self.inheritance.workbook, self.as_of)

    def refresh(self) -> None:
        """Evaluate again without a change of this workbook (the organisation workbook
        it inherits was edited: issue 21)."""
        self._changed(whole=False)

    def _changed(self, *, whole: bool, part: tuple[str, ...] = ("workbook",)) -> None:
        """After a change of ``part``: re-evaluate, recompute ``dirty``."""
        item_id = part[1] if part[0] == "item" else None
        patched = self._patched(item_id) if item_id is not None else None
        self._document = patched if patched is not None else to_document(self._workbook)
        self.dirty = not same_document(self._document, self.baseline_document)
        self.evaluation = self._evaluate(item_id)
        if whole:
            self.generation += 1

    def _patched(self, item_id: str) -> dict[str, Any] | None:
        """The canonical document after a change of one item only, built from the last
        one with that item's entry replaced (``None``: rebuild it whole).

        Copy on write: the entries not changed stay the very objects of the last
        document, and so of the baseline until they are edited, which makes the dirty
        comparison stop at once on them (``same_document`` checks identity first).
        Anything beyond one entry replaced in place is rebuilt whole: an entry that
        appears or disappears (keeps the catalogue's order) and merge conflicts (an
        edit may resolve some). Tests run with :attr:`strict`, which compares this
        document with a full rebuild before every change.
        """
        if self._workbook.conflicts or "conflicts" in self._document:
            return None
        table, entry = item_document(self._workbook, item_id)
        rows = self._document.get(table)
        if entry is None or not isinstance(rows, dict) or item_id not in rows:
            return None
        document = dict(self._document)
        document[table] = {**rows, item_id: entry}
        return document

    def _record(self, label: str, inverse: Restore, typing: bool) -> None:
        self._redo.clear()
        key = label if typing else None
        top = self._undo[-1] if self._undo else None
        if key is not None and top is not None and top.key == key:
            return  # one more key of the same value: undo goes back to before the first
        self._undo.append(_Step(label, inverse, key))
        del self._undo[:-HISTORY]

    def undo(self) -> Applied | None:
        """Undo the last change (``None``: nothing to undo)."""
        return self._step(self._undo, self._redo)

    def redo(self) -> Applied | None:
        """Redo the last undone change (``None``: nothing to redo)."""
        return self._step(self._redo, self._undo)

    def _step(self, source: list[_Step], target: list[_Step]) -> Applied | None:
        if not source:
            return None
        if self.read_only:
            raise ReadOnlyError(f"{self.path.name} is open read-only; the change was not kept")
        step = source.pop()
        inverse, _ = self._restore(step.inverse)
        self._changed(whole=step.inverse.part == ("workbook",), part=step.inverse.part)
        target.append(_Step(step.label, inverse, None))
        return Applied(self.evaluation, inverse, (step.label,), step.label)

    def end_typing(self) -> None:
        """The value being typed is finished: the next key starts a new undo step."""
        if self._undo:
            self._undo[-1].key = None

    def set_field_error(self, key: str, message: str | None) -> None:
        """Record (or clear, with ``None``) a refused value typed into a field."""
        if message is None:
            self.field_errors.pop(key, None)
        else:
            self.field_errors[key] = message

    def _check_untouched(self) -> None:
        if not same_document(to_document(self._workbook), self._document):
            raise OutsideEdit("the open workbook was changed without Document.apply")

    # -- the file -----------------------------------------------------------------------

    def read_disk(self) -> bytes | None:
        """The file's bytes now, or ``None`` when it is gone or unreadable."""
        try:
            return read_bytes(self.path)
        except WorkbookError:
            return None

    def changed_on_disk(self, data: bytes | None) -> bool:
        """True when ``data`` (from :meth:`read_disk`) differs from what was loaded."""
        return data is None or fingerprint(data) != self.loaded_fingerprint

    def refusal(self) -> Refused | Locked | None:
        """Why the workbook cannot be saved now, if it cannot."""
        if self.read_only:
            reason = one_line(self.read_only_reason)
            return Locked(f"Not saved: {self.path.name} is open read-only ({reason}).")
        if self.field_errors:
            key, message = next(iter(self.field_errors.items()))
            return Refused(f"Not saved: {key}: {message}. Fix or clear it first.")
        return None

    def encode(self) -> bytes:
        """The bytes the workbook would be saved as.

        Written over :attr:`loaded_bytes` by the comment-keeping path
        (:func:`gpai_tui.workbook.preserve.render`): the officer's comments stay. When
        they cannot, the text is canonical and :attr:`notice` says so.
        """
        from gpai_tui.workbook.preserve import render

        self._check_untouched()
        rendered = render(self._workbook, self.loaded_bytes)
        self.notice = rendered.notice
        data = rendered.text.encode("utf-8")
        self._encoded = (data, self._document)
        return data

    def write(self, data: bytes, *, expect: bytes | None = None) -> Saved | Refused:
        """Write ``data`` (from :meth:`encode`) atomically and make it the new baseline.

        With ``expect`` the file must still hold those bytes (and be the same file)
        right before the rename, or nothing is written (issue 16; ``atomic_write``).
        """
        try:
            atomic_write(self.path, data, expect=expect)
        except OSError as exc:
            return Refused(str(exc))
        encoded = self._encoded
        if encoded is not None and encoded[0] is data:
            saved = encoded[1]
        else:  # bytes not from encode(): what they hold is what was saved
            saved = to_document(parse_workbook(data, str(self.path)))
        self.loaded_bytes = data
        self.baseline_document = saved
        # Edits made while the bytes were written (a save runs in a thread) stay unsaved.
        self.dirty = not same_document(self._document, saved)
        self.disk_stamp = stat(self.path)
        self._disk_prompted = None
        self._workbook.format = FORMAT_VERSION  # the writer always writes the current format
        self.end_typing()
        return Saved(data)

    def save(self, *, overwrite: bool = False, on_disk: bytes | bool | None = False) -> SaveResult:
        """Save to :attr:`path`; a :class:`Conflict` if the file changed since it was read.

        ``on_disk``: the file's bytes if the caller already read them (``False``: read
        them now). ``overwrite`` writes even over a changed file.
        """
        refused = self.refusal()
        if refused is not None:
            return refused
        current = self.read_disk() if on_disk is False else on_disk
        assert current is None or isinstance(current, bytes)
        if not overwrite and self.changed_on_disk(current):
            return Conflict(current)
        return self.write(self.encode())

    def reload(self, data: bytes | None = None) -> Applied | Refused:
        """Replace the workbook with the file's bytes (``data``, or read now).

        Undoable: undo brings the replaced workbook back as unsaved changes.
        """
        if data is None:
            data = self.read_disk()
            if data is None:
                return Refused(f"{self.path.name} cannot be read.")
        try:
            return self.apply(Reload(data))
        except WorkbookError as exc:
            return Refused(str(exc))

    def check_disk(self) -> DiskResult:
        """Look for a change on disk (cheap when the file's stat is unchanged).

        Without unsaved edits a changed file is reloaded (nothing can be lost). With
        them, a :class:`Conflict` is returned once per distinct change on disk.
        """
        now = stat(self.path)
        if now == self.disk_stamp:
            return Unchanged()
        self.disk_stamp = now
        on_disk = self.read_disk()
        if not self.changed_on_disk(on_disk):
            return Unchanged()
        if on_disk is not None and not self.dirty and not self.field_errors:
            result = self.reload(on_disk)
            return result if isinstance(result, Refused) else Reloaded()
        mark = fingerprint(on_disk) if on_disk is not None else "gone"
        if mark == self._disk_prompted:
            return Unchanged()
        self._disk_prompted = mark
        return Conflict(on_disk)

    # -- lock and journal ---------------------------------------------------------------

    def take_lock(self, *, purpose: str = "gpai open", wait: float = 0.0) -> Lock:
        """Take the workbook's lock (raises :class:`~gpai_tui.workbook.lock.LockHeld`)."""
        self.lock = acquire(self.path, purpose=purpose, wait=wait)
        self.read_only = False
        return self.lock

    def enter_read_only(self, reason: str = "another gpai is editing it") -> None:
        """Keep no change and refuse saving from now on; ``reason`` is named when a save
        is refused (a read-only file or file system is not "another gpai", issue 16)."""
        self.read_only = True
        self.read_only_reason = reason

    def release(self) -> None:
        """Release the lock, if held."""
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def sync_journal(self) -> None:
        """Write the journal while there are unsaved changes; remove it when there are none.

        Raises ``OSError`` or :class:`~gpai_tui.workbook.WorkbookError` when it cannot
        be written.
        """
        if self.read_only:
            return
        if not self.dirty:
            self.journal.remove()
            return
        self.journal.write(self._workbook, self.loaded_bytes.decode("utf-8", "replace"))

    def restore(self, workbook: Workbook, base: bytes) -> Applied:
        """Bring back a recovery journal's workbook as unsaved changes.

        ``base`` is the file's text the journal was written against: when it is not
        what is on disk now, saving will ask before overwriting.
        """
        applied = self.apply(Replace(workbook, "restored changes"))
        self.loaded_bytes = base
        return applied


def _table(workbook: Workbook, item_id: str) -> dict[str, ItemEntry]:
    return workbook.table(item_id)


def resolve_item_for(workbook: Workbook, item_id: str) -> str:
    """``item_id`` if the workbook's catalogue knows it (else a refusal with a hint)."""
    from gpai_tui.catalogue import load_catalogue

    return resolve_item(load_catalogue(workbook.code), item_id)
