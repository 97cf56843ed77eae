"""The Document: one edit path, undo and redo for every change kind, file results."""

from __future__ import annotations

import ast
import random
import shutil
from datetime import date
from pathlib import Path

import pytest

from gpai_tui.catalogue import load_catalogue
from gpai_tui.document import (
    Conflict,
    Document,
    IncidentEdit,
    ItemEdit,
    ItemOverride,
    Locked,
    MdfEdit,
    OutsideEdit,
    ProfileEdit,
    ReadOnlyError,
    Refused,
    Reloaded,
    Replace,
    Saved,
    SignatoryEdit,
    SummaryEdit,
    Unchanged,
)
from gpai_tui.engine import evaluate
from gpai_tui.engine.edit import Edit
from gpai_tui.engine.incident_edit import IncidentFields
from gpai_tui.errors import UsageError
from gpai_tui.workbook import Conflict as WorkbookConflict
from gpai_tui.workbook import dumps_workbook, parse_workbook
from gpai_tui.workbook.organisation import (
    OrganisationProfile,
    new_organisation,
    save_organisation,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "workbooks" / "example.toml"
SRC = ROOT / "src" / "gpai_tui"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "example.toml"
    shutil.copyfile(EXAMPLE, target)
    return target


CHANGES = [
    ItemEdit("CR-1.3", Edit(owner="dana", notes="n1")),
    ItemEdit("CR-1.3", Edit(status="not-applicable", justification="out of scope")),
    MdfEdit("model-name", "Aurora-3"),
    MdfEdit("input-max-size", {"text": "128k tokens", "audio": "10 min"}),
    SummaryEdit("summary-version", "9.9", date(2026, 12, 1)),  # also stamps last-updated
    ProfileEdit("systemic_risk", "designated"),
    ProfileEdit("training_compute_flop", 2.0e24),
    SignatoryEdit(("transparency",), False),
    ItemEdit("CR-1.3", Edit(alternative="ai.txt and a reservation registry")),
    IncidentEdit(
        "INC-9",
        IncidentFields(incident_class="cybersecurity", title="Leak", aware=date(2026, 5, 1)),
        create=True,
    ),
]


@pytest.mark.parametrize("change", CHANGES, ids=lambda c: type(c).__name__)
def test_apply_undo_redo_saves_the_expected_bytes(path: Path, change: object) -> None:
    original = path.read_bytes()
    document = Document.load(path)
    applied = document.apply(change)  # type: ignore[arg-type]
    assert applied.changes and document.dirty
    after = dumps_workbook(document.workbook)
    assert applied.evaluation is document.evaluation

    def saved_text() -> str:  # the file holds exactly the workbook (comments kept aside)
        return dumps_workbook(parse_workbook(path.read_bytes(), "saved"))

    assert isinstance(document.save(), Saved) and saved_text() == after
    assert not document.dirty
    undone = document.undo()
    assert undone is not None and undone.label == applied.label
    assert document.dirty  # undo goes on past the save
    assert isinstance(document.save(), Saved)
    assert path.read_bytes() == original  # byte for byte, as loaded
    assert document.redo() is not None
    assert isinstance(document.save(), Saved) and saved_text() == after
    assert document.undo() is not None and document.undo() is None  # one step only


def test_typing_is_one_undo_step_and_labels_say_what(path: Path) -> None:
    document = Document.load(path)
    before = dumps_workbook(document.workbook)
    for text in ("d", "da", "dan", "dana"):
        document.apply(ItemEdit("CR-1.3", Edit(owner=text)), typing=True)
    document.apply(ItemEdit("CR-1.3", Edit(check=("standards-participation",))))
    tick = document.undo()
    assert tick is not None and tick.label == "CR-1.3 checkpoint standards-participation"
    owner = document.undo()
    assert owner is not None and owner.label == "CR-1.3 owner"
    assert dumps_workbook(document.workbook) == before and not document.dirty
    assert document.undo() is None
    # Leaving the field (end_typing) makes the next keys of the same value a new step.
    document.apply(ItemEdit("CR-1.3", Edit(owner="a")), typing=True)
    document.end_typing()
    document.apply(ItemEdit("CR-1.3", Edit(owner="ab")), typing=True)
    assert document.undo() is not None
    assert document.workbook.get_entry("CR-1.3").owner == "a"


def test_refused_changes_change_nothing(path: Path) -> None:
    document = Document.load(path)
    before = dumps_workbook(document.workbook)
    for change in (
        ItemEdit("CR-9.9", Edit(owner="x")),
        MdfEdit("no-such-field", "x"),
        ProfileEdit("training_compute_flop", -1.0),
        ProfileEdit("no_such_field", 1),
        IncidentEdit("INC-1", IncidentFields(title="x")),  # unknown id
        SignatoryEdit(("transparency", "copyrite"), False),
        ItemEdit("CR-1.3", Edit(alternative="x" * 100_001)),
    ):
        with pytest.raises(UsageError):
            document.apply(change)  # type: ignore[arg-type]
    assert dumps_workbook(document.workbook) == before
    assert not document.dirty and not document.can_undo


def test_changing_the_workbook_behind_the_documents_back_is_caught(path: Path) -> None:
    document = Document.load(path)
    document.workbook.model.name = "sneaky"  # not through apply
    with pytest.raises(OutsideEdit):
        document.encode()  # saving always checks
    with pytest.raises(OutsideEdit):
        document.apply(ItemEdit("CR-1.3", Edit(owner="x")))  # strict (tests) checks each change


def test_save_reload_and_disk_results(path: Path) -> None:
    document = Document.load(path)
    assert isinstance(document.check_disk(), Unchanged)
    other = parse_workbook(path.read_bytes(), "x")
    other.model.name = "Renamed"
    path.write_bytes(dumps_workbook(other).encode())
    assert isinstance(document.check_disk(), Reloaded)  # nothing unsaved: picked up
    assert document.workbook.model.name == "Renamed" and not document.dirty
    document.apply(ItemEdit("CR-1.3", Edit(owner="mine")))
    other.model.name = "Again"
    path.write_bytes(dumps_workbook(other).encode())
    disk = document.check_disk()
    assert isinstance(disk, Conflict) and disk.on_disk == path.read_bytes()
    assert isinstance(document.save(), Conflict)  # never over a change on disk
    document.set_field_error("CR-1.3.target", "not a date")
    assert isinstance(document.save(overwrite=True), Refused)
    document.set_field_error("CR-1.3.target", None)
    document.enter_read_only()
    assert isinstance(document.save(), Locked)
    with pytest.raises(ReadOnlyError):
        document.apply(ItemEdit("CR-1.3", Edit(owner="x")))
    # Reloading stays possible read-only (the other editor's saves are picked up), and
    # undoing a reload brings the replaced workbook back as unsaved changes.
    document.read_only = False
    assert not isinstance(document.reload(), Refused)
    assert document.workbook.model.name == "Again" and not document.dirty
    assert document.undo() is not None
    assert document.workbook.get_entry("CR-1.3").owner == "mine" and document.dirty
    generation = document.generation
    document.apply(Replace(parse_workbook(EXAMPLE.read_bytes(), "x")))
    assert document.generation == generation + 1


def _consistent(document: Document) -> bool:
    """``dirty`` is what a full comparison says, and the document kept for it is the
    workbook's (``encode`` checks that, raising OutsideEdit when it is stale)."""
    document.encode()
    return document.dirty == document.is_dirty()


def test_dirty_after_item_edits_undo_redo_and_save(path: Path) -> None:
    """An item edit patches the kept canonical document (one entry) instead of rebuilding
    it: the dirty flag must still be exactly "differs from what is saved"."""
    document = Document.load(path)
    tick = ItemEdit("CR-1.3", Edit(check=("standards-participation",)))
    owner = document.workbook.get_entry("CR-1.3").owner
    document.apply(tick)
    assert document.dirty and _consistent(document)
    document.undo()
    assert not document.dirty and _consistent(document)  # edit then undo: clean again
    document.redo()
    assert document.dirty and _consistent(document)
    # Two items (a measure, an obligation), undone one at a time.
    document.apply(ItemEdit("art-52-notification", Edit(notes="obligation note")))
    document.undo()
    assert document.dirty and _consistent(document)  # CR-1.3 is still ticked
    document.undo()
    assert not document.dirty and _consistent(document)
    # Changed and changed back by hand (no undo): clean, as the file would be.
    document.apply(ItemEdit("CR-1.3", Edit(owner="someone else")))
    document.apply(ItemEdit("CR-1.3", Edit(owner=owner or "")))
    assert not document.dirty and _consistent(document)
    # After a save the saved text is the baseline: undo past it is a change again.
    document.apply(tick)
    assert isinstance(document.save(), Saved) and not document.dirty
    document.undo()
    assert document.dirty and _consistent(document)
    document.redo()
    assert not document.dirty and _consistent(document)


def test_dirty_after_an_item_edit_that_resolves_a_conflict(path: Path) -> None:
    workbook = parse_workbook(path.read_bytes(), "x")
    workbook.conflicts = {
        "measures.CR-1.3.owner": WorkbookConflict(ours="a", theirs="b", base="c"),
    }
    path.write_text(dumps_workbook(workbook), encoding="utf-8")
    document = Document.load(path)
    document.apply(ItemEdit("CR-1.3", Edit(owner="b")))  # resolves the conflict
    assert not document.workbook.conflicts and document.dirty and _consistent(document)
    document.undo()
    assert document.workbook.conflicts and not document.dirty and _consistent(document)


def test_dirty_after_edits_of_inherited_items(path: Path) -> None:
    """A model inheriting an organisation workbook writes only its own additions and
    overrides for provider-level items: entries appear and disappear."""
    organisation = new_organisation(OrganisationProfile(legal_name="Aurora Labs GmbH"))
    organisation.entry("CR-1.1").status = "done"
    save_organisation(organisation, path.parent / "organisation.toml")
    workbook = parse_workbook(path.read_bytes(), "x")
    workbook.inherits = "organisation.toml"
    for item_id in load_catalogue(workbook.code).provider_level_ids():
        workbook.table(item_id).pop(item_id, None)
    path.write_text(dumps_workbook(workbook), encoding="utf-8")
    document = Document.load(path)
    assert not document.dirty
    document.apply(ItemEdit("CR-1.1", Edit(add_evidence=("model-annex.pdf",))))  # an addition
    assert document.dirty and _consistent(document)
    document.apply(ItemOverride("CR-1.1", Edit(status="in-progress")))
    assert document.dirty and _consistent(document)
    document.undo()
    document.undo()
    assert not document.dirty and _consistent(document)


def test_evaluation_after_item_edits_is_a_full_evaluation(path: Path) -> None:
    """After an item edit (or its undo) the engine keeps the other items' results when
    nothing they depend on changed (evaluate(reuse=...)): every step must equal a full
    evaluation, including a tick of the notification obligation, which moves the legal
    dates of the items counted from it."""
    workbook = parse_workbook(path.read_bytes(), "x")
    workbook.model.notified_on = None  # the notification date comes from the obligation
    path.write_text(dumps_workbook(workbook), encoding="utf-8")
    document = Document.load(path, as_of=date(2026, 6, 1))
    catalogue = load_catalogue(document.workbook.code)
    notification = catalogue.roles.notification
    ids = [item.id for item in document.evaluation.items]

    def matches_a_full_evaluation() -> None:
        full = evaluate(document.workbook, document.as_of)
        assert document.evaluation == full
        assert all(document.evaluation.item(i) == full.item(i) for i in ids)

    before = document.evaluation
    document.apply(ItemEdit(notification, Edit(status="todo")))
    matches_a_full_evaluation()
    moved = [
        i
        for i in ids
        if i != notification and document.evaluation.item(i).due != before.item(i).due
    ]
    assert moved, "the notification date moves other items' legal dates"
    document.undo()
    matches_a_full_evaluation()
    rng = random.Random(14)
    statuses = ("todo", "in-progress", "done", "not-applicable")
    for _ in range(80):
        if rng.random() < 0.15 and document.can_undo:
            document.undo()
        else:
            item_id = rng.choice([*ids, notification])
            item = document.evaluation.item(item_id)
            roll = rng.random()
            if roll < 0.5 and item.checkpoints:
                state = rng.choice(item.checkpoints)
                edit = Edit(uncheck=(state.id,)) if state.ticked else Edit(check=(state.id,))
            elif roll < 0.8:
                edit = Edit(status=rng.choice(statuses), justification="not for this model")
            else:
                edit = Edit(last_done=date(2025, rng.randint(1, 12), rng.randint(1, 28)))
            try:
                document.apply(ItemEdit(item_id, edit))
            except UsageError:
                continue  # a computed checkpoint: refused, nothing changed
        matches_a_full_evaluation()


MUTATORS = {
    "apply_edit",
    "apply_mdf_edit",
    "apply_incident_edit",
    "resolve_conflict",
    "set_and_resolve",
    "setattr",
}


def _problems(file: Path) -> list[str]:
    tree = ast.parse(file.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            copy = node.args and "model_copy" in ast.unparse(node.args[0])
            if name in MUTATORS and not copy:  # checking a value on a copy is fine
                found.append(f"{file.name}:{node.lineno}: calls {name}")
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Attribute | ast.Subscript):
                text = ast.unparse(target)
                words = ("workbook.", "workbook[", "entry.", ".model.", ".mdf[", "incidents[")
                if any(w in text for w in words):
                    found.append(f"{file.name}:{node.lineno}: assigns {text}")
    return found


def test_one_place_mutates_an_open_workbook() -> None:
    """The App, its screens and widgets, and the CLI's editing commands never change a
    workbook themselves: every change is a typed change given to Document.apply."""
    files = sorted((SRC / "tui").rglob("*.py"))
    files += [
        SRC / "cli" / "commands" / name
        for name in ("set_.py", "mdf.py", "incident.py", "summary.py")
    ]
    problems = [p for f in files if f.exists() for p in _problems(f)]
    assert problems == []
    # The check itself finds what it looks for.
    sample = SRC.parent.parent / "tests" / "document" / "_mutating_sample.py"
    assert len(_problems(sample)) == 3
