"""Merge rules, value paths and conflict resolution, in process (no git)."""

from __future__ import annotations

from datetime import date

import pytest

from gpai_tui.engine.conflicts import conflict_views, resolve_conflict, set_and_resolve
from gpai_tui.engine.merge import MergeError, merge_lists, merge_workbooks
from gpai_tui.engine.paths import parse_path
from gpai_tui.errors import UsageError
from gpai_tui.workbook import Conflict, Incident, Workbook, dumps_workbook, parse_workbook
from tests.git.gitrepo import base_workbook


def sides() -> tuple[Workbook, Workbook, Workbook]:
    base = base_workbook()
    return base, base.model_copy(deep=True), base.model_copy(deep=True)


def incident(title: str, **extra: object) -> Incident:
    return Incident.model_validate(
        {"class": "cybersecurity", "title": title, "aware": date(2026, 2, 1), **extra}
    )


def roundtrip(workbook: Workbook) -> Workbook:
    return parse_workbook(dumps_workbook(workbook).encode(), "test")


@pytest.mark.parametrize(
    ("base", "ours", "theirs", "expected"),
    [
        (["a", "b"], ["a", "b", "c"], ["a", "b", "d"], ["a", "b", "c", "d"]),
        (["a", "b"], ["b"], ["a", "b", "d"], ["b", "d"]),
        (["a", "b"], ["b", "a"], ["a", "b"], ["b", "a"]),  # only ours reordered: ours
        (["a", "b"], ["a", "b"], ["b", "a", "x"], ["b", "a", "x"]),
        ([], ["x", "y"], ["y", "z"], ["x", "y", "z"]),
        (["a"], [], [], []),
        (["a", "b", "c"], ["c", "x"], ["a", "c", "y"], ["c", "x", "y"]),
    ],
)
def test_merge_lists(
    base: list[str], ours: list[str], theirs: list[str], expected: list[str]
) -> None:
    assert merge_lists(base, ours, theirs) == expected


def test_profile_fields_merge_one_by_one() -> None:
    base, ours, theirs = sides()
    ours.model.version = "2.1"
    theirs.model.placed_on_market = date(2026, 10, 1)
    result = merge_workbooks(base, ours, theirs)
    assert result.clean
    assert result.workbook.model.version == "2.1"
    assert result.workbook.model.placed_on_market == date(2026, 10, 1)
    ours.model.training_compute_flop = 5e24
    theirs.model.training_compute_flop = 2e25
    result = merge_workbooks(base, ours, theirs)
    record = result.workbook.conflicts["model.training_compute_flop"]
    assert (record.ours, record.theirs, record.base) == (5e24, 2e25, 3.1e25)
    assert result.workbook.model.training_compute_flop == 5e24


def test_checkpoints_merge_one_by_one() -> None:
    base, ours, theirs = sides()
    ours.entry("CR-1.3").checks = {"robots-txt": True}
    theirs.entry("CR-1.3").checks = {"other-protocols": True}
    merged = merge_workbooks(base, ours, theirs).workbook.get_entry("CR-1.3").checks
    assert merged["robots-txt"] and merged["other-protocols"]


def test_mdf_repeating_fields_merge_per_key() -> None:
    base, ours, theirs = sides()
    base.mdf = {"input-max-size": {"text": "128k tokens"}, "model-name": "Aurora"}
    ours = base.model_copy(deep=True)
    theirs = base.model_copy(deep=True)
    ours.mdf = {"input-max-size": {"text": "128k tokens", "images": "20 MB"}, "model-name": "A"}
    theirs.mdf = {"input-max-size": {"text": "256k tokens"}, "model-name": "B"}
    result = merge_workbooks(base, ours, theirs)
    assert result.workbook.mdf["input-max-size"] == {"text": "256k tokens", "images": "20 MB"}
    assert result.conflicts == ("mdf.model-name",)
    assert result.workbook.mdf["model-name"] == "A"


def test_incident_removed_on_one_side_and_edited_on_the_other() -> None:
    base, ours, theirs = sides()
    base.incidents = {"INC-1": incident("Outage")}
    ours, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    ours.incidents = {}
    theirs.incidents = {"INC-1": incident("Outage", intermediate_reports=[date(2026, 3, 1)])}
    result = merge_workbooks(base, ours, theirs)
    assert result.conflicts == ("incidents.INC-1",)
    assert "INC-1" not in result.workbook.incidents  # ours removed it
    record = result.workbook.conflicts["incidents.INC-1"]
    assert record.ours is None
    assert record.theirs["intermediate_reports"] == [date(2026, 3, 1)]
    merged = roundtrip(result.workbook)
    resolve_conflict(merged, "incidents.INC-1", "theirs")
    assert merged.incidents["INC-1"].intermediate_reports == [date(2026, 3, 1)]
    assert not merged.conflicts


def test_incidents_added_and_edited() -> None:
    base, ours, theirs = sides()
    base.incidents = {"INC-1": incident("Outage")}
    ours, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    ours.incidents = {
        "INC-1": incident("Outage", resolved=date(2026, 3, 1)),
        "INC-2": incident("Leak"),
    }
    theirs.incidents = {"INC-1": incident("Outage", initial_report=date(2026, 2, 3))}
    result = merge_workbooks(base, ours, theirs)
    assert result.clean
    one = result.workbook.incidents["INC-1"]
    assert (one.resolved, one.initial_report) == (date(2026, 3, 1), date(2026, 2, 3))
    assert result.workbook.incidents["INC-2"].title == "Leak"


def test_carried_conflicts() -> None:
    base, ours, theirs = sides()
    record = Conflict(ours="done", theirs="todo", base="in-progress")
    ours.conflicts = {"measures.CR-1.3.status": record}
    result = merge_workbooks(base, ours, theirs)
    assert result.clean and result.carried == ("measures.CR-1.3.status",)
    assert "measures.CR-1.3.status" in result.workbook.conflicts
    # Resolved on one side, unchanged on the other: resolved.
    base.conflicts = {"measures.CR-1.3.status": record}
    theirs = base.model_copy(deep=True)
    ours = base.model_copy(deep=True)
    ours.conflicts = {}
    assert not merge_workbooks(base, ours, theirs).workbook.conflicts
    # Both changed the record: refuse rather than drop a value.
    theirs.conflicts = {"measures.CR-1.3.status": Conflict(ours="x", theirs="y", base="z")}
    ours.conflicts = {"measures.CR-1.3.status": Conflict(ours="p", theirs="q", base="z")}
    with pytest.raises(MergeError, match="both sides changed the unresolved merge conflict"):
        merge_workbooks(base, ours, theirs)


def test_new_conflict_on_a_path_with_a_carried_record_is_refused() -> None:
    base, ours, theirs = sides()
    ours.conflicts = {"measures.CR-1.3.owner": Conflict(ours="a", theirs="b")}
    ours.entry("CR-1.3").owner = "a"
    theirs.entry("CR-1.3").owner = "c"
    with pytest.raises(MergeError, match="already holds an unresolved conflict"):
        merge_workbooks(base, ours, theirs)


def test_different_code_versions_are_refused() -> None:
    base, ours, theirs = sides()
    theirs.code = "2099-01-01"
    with pytest.raises(MergeError, match="different Code of Practice versions"):
        merge_workbooks(base, ours, theirs)


@pytest.mark.parametrize(
    ("path", "kind", "key", "field"),
    [
        ("measures.CR-1.3.status", "item", "CR-1.3", "status"),
        ("measures.CR-1.3.checks.robots-txt", "check", "CR-1.3", "robots-txt"),
        ("obligations.art-52-notification.last_done", "item", "art-52-notification", "last_done"),
        ("model.training_compute_flop", "model", "training_compute_flop", ""),
        ("mdf.model-name", "mdf", "model-name", ""),
        ("mdf.input-max-size.text", "mdf-key", "input-max-size", "text"),
        ("mdf.input-max-size.v1.2", "mdf-key", "input-max-size", "v1.2"),
        ("incidents.INC.1.title", "incident-field", "INC.1", "title"),
        ("incidents.INC-1", "incident", "INC-1", ""),
    ],
)
def test_parse_path(path: str, kind: str, key: str, field: str) -> None:
    ref = parse_path(path)
    assert (ref.kind, ref.key, ref.field) == (kind, key, field)


@pytest.mark.parametrize("path", ["measures.XX-1.1.status", "model.nope", "mdf.nope", "foo"])
def test_parse_path_rejects_unknown(path: str) -> None:
    with pytest.raises(UsageError):
        parse_path(path)


def test_resolve_each_side_and_by_hand() -> None:
    base, ours, theirs = sides()
    ours.entry("CR-1.3").status = "done"
    theirs.entry("CR-1.3").status = "in-progress"
    ours.entry("CR-1.3").notes = "ours"
    theirs.entry("CR-1.3").notes = "theirs"
    ours.model.name = "Aurora-2 (ours)"
    theirs.model.name = "Aurora-2 (theirs)"
    merged = roundtrip(merge_workbooks(base, ours, theirs).workbook)
    views = {v.path: v for v in conflict_views(merged)}
    assert views["measures.CR-1.3.status"].label == "measure CR-1.3 status"
    assert views["measures.CR-1.3.status"].current == "done"
    assert resolve_conflict(merged, "measures.CR-1.3.status", "theirs").endswith("kept theirs")
    assert merged.get_entry("CR-1.3").status == "in-progress"
    resolve_conflict(merged, "measures.CR-1.3.notes", "base")
    assert merged.get_entry("CR-1.3").notes is None
    set_and_resolve(merged, "model.name", "Aurora-2")
    assert merged.model.name == "Aurora-2"
    assert not merged.conflicts
    with pytest.raises(UsageError, match="no unresolved conflict"):
        resolve_conflict(merged, "model.name", "ours")


def test_resolving_to_an_impossible_value_changes_nothing() -> None:
    workbook = base_workbook()
    workbook.conflicts = {"model.provider": Conflict(ours="A", theirs="B")}
    before = dumps_workbook(workbook)
    with pytest.raises(UsageError, match="needs a provider"):
        resolve_conflict(workbook, "model.provider", "base")
    assert dumps_workbook(workbook) == before
    workbook.conflicts = {"measures.CR-1.3.status": Conflict(ours="done", theirs="finished")}
    with pytest.raises(UsageError, match=r"cannot set measure CR-1\.3 status"):
        resolve_conflict(workbook, "measures.CR-1.3.status", "theirs")
    assert "measures.CR-1.3.status" in workbook.conflicts


def test_every_entry_field_survives_a_merge_and_its_conflicts_resolve() -> None:
    """No entry field is dropped by the merge (``alternative`` once was), and a
    conflict on any merged field names a path that can be resolved."""
    from gpai_tui.workbook import ItemEntry

    handled = {"evidence", "checks"}  # merged as a union / per tick, tested above
    scalars = {
        "alternative": ("ours means", "theirs means"),
        "override": (True, False),
    }
    for name in ItemEntry.model_fields:
        if name in handled:
            continue
        base, ours, theirs = sides()
        value = scalars.get(name)
        if value is None:
            continue
        # Only one side sets it: the merge keeps it.
        setattr(ours.entry("CR-1.3"), name, value[0])
        merged = merge_workbooks(base, ours, theirs).workbook
        assert getattr(merged.get_entry("CR-1.3"), name) == value[0], name
    # Both sides set alternative differently: a conflict that resolves either way.
    base, ours, theirs = sides()
    ours.entry("CR-1.3").alternative = "ours means"
    theirs.entry("CR-1.3").alternative = "theirs means"
    merged = roundtrip(merge_workbooks(base, ours, theirs).workbook)
    assert merged.get_entry("CR-1.3").alternative == "ours means"
    views = {v.path: v for v in conflict_views(merged)}
    assert "measures.CR-1.3.alternative" in views
    resolve_conflict(merged, "measures.CR-1.3.alternative", "theirs")
    assert merged.get_entry("CR-1.3").alternative == "theirs means"
    # An override flag set on one side and cleared on the other from a base that had it.
    base, ours, theirs = sides()
    base.entry("CR-1.1").override = True
    ours.entry("CR-1.1").override = True
    ours.entry("CR-1.1").notes = "ours"
    theirs.entry("CR-1.1").override = False
    merged = merge_workbooks(base, ours, theirs).workbook
    assert merged.get_entry("CR-1.1").override is False
    assert merged.get_entry("CR-1.1").notes == "ours"


def test_the_merge_names_every_entry_field() -> None:
    """A new entry field must be added to the merge (and to value paths), or it is
    silently dropped on every merge."""
    from gpai_tui.engine.merge import ITEM_SCALARS
    from gpai_tui.engine.paths import ITEM_FIELDS
    from gpai_tui.workbook import ItemEntry

    merged_specially = {"evidence", "checks", "override"}
    assert set(ItemEntry.model_fields) == set(ITEM_SCALARS) | merged_specially
    assert set(ItemEntry.model_fields) - {"checks", "override"} <= set(ITEM_FIELDS)


def test_an_incidents_second_class_survives_a_merge() -> None:
    """``other_class`` sets the shorter reporting clock (Measure 9.3); a merge once
    dropped it, moving the initial-report deadline later without a word."""
    from gpai_tui.engine.merge import INCIDENT_SCALARS
    from gpai_tui.engine.paths import INCIDENT_FIELDS

    base, ours, theirs = sides()
    base.incidents = {"INC-1": incident("Outage")}
    ours.incidents = {"INC-1": incident("Outage", other_class="death")}
    theirs.incidents = {"INC-1": incident("Outage", notes="looked at")}
    merged = merge_workbooks(base, ours, theirs).workbook.incidents["INC-1"]
    assert merged.other_class == "death" and merged.notes == "looked at"
    theirs.incidents = {"INC-1": incident("Outage", other_class="critical-infrastructure")}
    result = merge_workbooks(base, ours, theirs)
    assert result.conflicts == ("incidents.INC-1.other_class",)
    resolve_conflict(result.workbook, "incidents.INC-1.other_class", "theirs")
    assert result.workbook.incidents["INC-1"].other_class == "critical-infrastructure"
    # A conflict on one field of an incident resolves that field (its path was once
    # read as a whole incident named "INC-1.title").
    ours.incidents = {"INC-1": incident("Outage (ours)")}
    theirs.incidents = {"INC-1": incident("Outage (theirs)")}
    result = merge_workbooks(base, ours, theirs)
    resolve_conflict(result.workbook, "incidents.INC-1.title", "theirs")
    assert result.workbook.incidents["INC-1"].title == "Outage (theirs)"
    attrs = {attr for _, attr in INCIDENT_SCALARS} | {"intermediate_reports"}
    assert attrs == set(Incident.model_fields)
    assert {"class" if a == "incident_class" else a for a in attrs} == set(INCIDENT_FIELDS)
