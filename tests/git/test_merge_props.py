"""Property: the three-way merge never loses a value.

Random edits to a random base give two sides. After the merge, every value a
side changed is in the result, or in a conflict record under that side; a value
neither side changed is untouched; the result loads back and is canonical; and
swapping the sides finds the same conflicts.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from gpai_tui.catalogue import load_catalogue
from gpai_tui.engine.merge import merge_workbooks
from gpai_tui.engine.paths import incident_dict
from gpai_tui.workbook import (
    STATUSES,
    Incident,
    ItemEntry,
    ModelProfile,
    Workbook,
    dumps_workbook,
    new_workbook,
    parse_workbook,
)
from tests.budget import examples

CATALOGUE = load_catalogue()
ITEMS = ["CR-1.3", "art-52-notification"]
"""A few items, so that the two sides often touch the same one."""


def _hand_checkpoints(item_id: str) -> list[str]:
    item = CATALOGUE.measure(item_id) or CATALOGUE.obligation(item_id)
    assert item is not None
    return [cp.id for cp in item.checkpoints if not cp.derived][:3]


CHECKPOINTS = {i: _hand_checkpoints(i) for i in ITEMS}
REFS = ["a.md", "b.md", "c.md", "https://x.example/d", "e [bold].md"]
TEXTS = [None, "alpha", "beta\nsecond line", '[bold]x[/] """ \\ ']
PEOPLE = [None, "ana", "bob", "carla"]
DATES = [None, date(2026, 1, 5), date(2026, 3, 1), date(2026, 9, 1)]
MDF_TEXT = ["model-name", "licence-link"]
MDF_REPEAT = "input-max-size"
INCIDENTS = ["INC-1", "INC-2"]
CLASSES = ["critical-infrastructure", "cybersecurity", "death"]
SUMMARY_TEXT = ["content-types", "update-cadence"]
ENTRY_FIELDS = [n for n in ItemEntry.model_fields if n not in ("evidence", "checks", "override")]
"""Every scalar field of an entry, from the model itself: a field the merge forgets
(``alternative`` once was) fails the property. ``override`` is written only for a
provider-level item of an inheriting workbook (test_merge_unit covers it)."""

Op = tuple[Any, ...]

item = st.sampled_from(ITEMS)
ops: st.SearchStrategy[Op] = st.one_of(
    st.tuples(st.just("status"), item, st.sampled_from(STATUSES)),
    st.tuples(st.just("owner"), item, st.sampled_from(PEOPLE)),
    st.tuples(st.just("target"), item, st.sampled_from(DATES)),
    st.tuples(st.just("last_done"), item, st.sampled_from(DATES)),
    st.tuples(st.just("notes"), item, st.sampled_from(TEXTS)),
    st.tuples(st.just("justification"), item, st.sampled_from(TEXTS)),
    st.tuples(st.just("alternative"), item, st.sampled_from(TEXTS)),
    st.tuples(st.just("review_months"), item, st.sampled_from([None, 6, 12])),
    st.tuples(st.just("summary"), st.sampled_from(SUMMARY_TEXT), st.sampled_from(TEXTS)),
    st.tuples(st.just("tick"), item, st.integers(0, 2), st.booleans()),
    st.tuples(st.just("add"), item, st.sampled_from(REFS)),
    st.tuples(st.just("remove"), item, st.sampled_from(REFS)),
    st.tuples(st.just("mdf"), st.sampled_from(MDF_TEXT), st.sampled_from(TEXTS)),
    st.tuples(st.just("mdf-key"), st.sampled_from(["text", "images"]), st.sampled_from(TEXTS)),
    st.tuples(st.just("provider"), st.sampled_from(["Aurora Labs", "Aurora Labs GmbH"])),
    st.tuples(st.just("compute"), st.sampled_from([None, 5e24, 3.1e25, 1e26])),
    st.tuples(st.just("market"), st.sampled_from(DATES)),
    st.tuples(st.just("open_source"), st.booleans()),
    st.tuples(
        st.just("incident"),
        st.sampled_from(INCIDENTS),
        st.sampled_from(["Outage", "Leak"]),
        st.sampled_from(CLASSES),
    ),
    st.tuples(st.just("incident-title"), st.sampled_from(INCIDENTS), st.sampled_from(["X", "Y"])),
    st.tuples(
        st.just("incident-other"), st.sampled_from(INCIDENTS), st.sampled_from([None, *CLASSES])
    ),
    st.tuples(st.just("incident-report"), st.sampled_from(INCIDENTS), st.sampled_from(DATES[1:])),
    st.tuples(st.just("incident-resolve"), st.sampled_from(INCIDENTS), st.sampled_from(DATES)),
    st.tuples(st.just("incident-delete"), st.sampled_from(INCIDENTS)),
)


def apply(workbook: Workbook, op: Op) -> None:
    kind = op[0]
    if kind in ENTRY_FIELDS:
        setattr(workbook.entry(op[1]), kind, op[2])
    elif kind == "summary":
        summary = dict(workbook.training_summary)
        if op[2]:
            summary[op[1]] = op[2]
        else:
            summary.pop(op[1], None)
        workbook.training_summary = summary
    elif kind == "tick":
        entry = workbook.entry(op[1])
        cps = CHECKPOINTS[op[1]]
        entry.checks = {**entry.checks, cps[op[2] % len(cps)]: op[3]}
    elif kind == "add":
        entry = workbook.entry(op[1])
        if op[2] not in entry.evidence_refs:
            entry.evidence = [*entry.evidence, op[2]]
    elif kind == "remove":
        entry = workbook.entry(op[1])
        entry.evidence = [e for e in entry.evidence if e.ref != op[2]]
    elif kind == "mdf":
        mdf = dict(workbook.mdf)
        if op[2]:
            mdf[op[1]] = op[2]
        else:
            mdf.pop(op[1], None)
        workbook.mdf = mdf
    elif kind == "mdf-key":
        mdf = dict(workbook.mdf)
        table = dict(mdf.get(MDF_REPEAT) or {})  # type: ignore[arg-type]
        if op[2]:
            table[op[1]] = op[2]
        else:
            table.pop(op[1], None)
        if table:
            mdf[MDF_REPEAT] = table
        else:
            mdf.pop(MDF_REPEAT, None)
        workbook.mdf = mdf
    elif kind == "provider":
        workbook.model.provider = op[1]
    elif kind == "compute":
        workbook.model.training_compute_flop = op[1]
    elif kind == "market":
        workbook.model.placed_on_market = op[1]
    elif kind == "open_source":
        workbook.model.open_source = op[1]
    elif kind == "incident":
        workbook.incidents = {
            **workbook.incidents,
            op[1]: Incident.model_validate(
                {"class": op[3], "title": op[2], "aware": date(2026, 2, 1)}
            ),
        }
    elif kind.startswith("incident-") and op[1] in workbook.incidents:
        data = incident_dict(workbook.incidents[op[1]])
        if kind == "incident-delete":
            workbook.incidents = {k: v for k, v in workbook.incidents.items() if k != op[1]}
            return
        if kind == "incident-title":
            data["title"] = op[2]
        elif kind == "incident-other":
            data["other_class"] = op[2]
        elif kind == "incident-report":
            reports = data.get("intermediate_reports", [])
            if op[2] not in reports:
                data["intermediate_reports"] = sorted([*reports, op[2]])
        elif kind == "incident-resolve":
            if op[2] is None:
                data.pop("resolved", None)
            else:
                data["resolved"] = op[2]
        workbook.incidents = {**workbook.incidents, op[1]: Incident.model_validate(data)}


def facts(workbook: Workbook) -> dict[str, Any]:
    """Every value, keyed by path; list members as ``path[member]`` -> True."""
    out: dict[str, Any] = {}
    for name in ModelProfile.model_fields:
        out[f"model.{name}"] = getattr(workbook.model, name)
    for item_id in ITEMS:
        prefix = ("obligations." if item_id.startswith("art-") else "measures.") + item_id
        entry = workbook.get_entry(item_id)
        for name in ENTRY_FIELDS:
            out[f"{prefix}.{name}"] = getattr(entry, name)
        for cp in CHECKPOINTS[item_id]:
            out[f"{prefix}.checks.{cp}"] = bool(entry.checks.get(cp, False))
        for ref in entry.evidence_refs:
            out[f"{prefix}.evidence[{ref}]"] = True
    for field_id, value in workbook.mdf.items():
        if isinstance(value, dict):
            for key, text in value.items():
                out[f"mdf.{field_id}.{key}"] = text
        else:
            out[f"mdf.{field_id}"] = value
    for field_id, value in workbook.training_summary.items():
        out[f"training_summary.{field_id}"] = value
    for key, incident in workbook.incidents.items():
        data = incident_dict(incident)
        for name, value in data.items():  # every field the file holds
            if name != "intermediate_reports":
                out[f"incidents.{key}.{name}"] = value
        for day in data.get("intermediate_reports", []):
            out[f"incidents.{key}.intermediate_reports[{day}]"] = True
    return {k: v for k, v in out.items() if v not in (None, "", [], {})}


def kept(result: Workbook, merged: dict[str, Any], path: str, value: Any, side: str) -> bool:
    """Is ``side``'s ``value`` at ``path`` in the result or in a conflict record?"""
    if merged.get(path) == value:
        return True
    record = result.conflicts.get(path.split("[")[0] if "[" in path else path)
    if record is not None and getattr(record, side) == value:
        return True
    if path.startswith("incidents."):
        key = path[len("incidents.") :].split(".")[0]
        whole = result.conflicts.get(f"incidents.{key}")
        if whole is not None:
            data = getattr(whole, side)
            if data is None:
                return value is None
            if "[" in path:
                day = date.fromisoformat(path.split("[")[1].rstrip("]"))
                return day in data.get("intermediate_reports", [])
            return data.get(path.rsplit(".", 1)[1]) == value
    return False


@st.composite
def scenario(draw: st.DrawFn) -> tuple[Workbook, Workbook, Workbook]:
    base = new_workbook(ModelProfile(provider="Aurora Labs", name="Aurora-2"))
    for op in draw(st.lists(ops, max_size=12)):
        apply(base, op)
    ours, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    for op in draw(st.lists(ops, min_size=1, max_size=12)):
        apply(ours, op)
    for op in draw(st.lists(ops, min_size=1, max_size=12)):
        apply(theirs, op)
    return base, ours, theirs


@settings(
    max_examples=examples(400),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(scenario())
def test_merge_never_loses_a_value(sides: tuple[Workbook, Workbook, Workbook]) -> None:
    base, ours, theirs = sides
    result = merge_workbooks(base, ours, theirs)
    event(f"conflicts: {min(len(result.conflicts), 3)}{'+' if len(result.conflicts) > 2 else ''}")
    merged = facts(result.workbook)
    b, o, t = facts(base), facts(ours), facts(theirs)
    for side, values in (("ours", o), ("theirs", t)):
        for path in set(values) | set(b):
            if values.get(path) == b.get(path):
                continue
            value = values.get(path)
            assert kept(result.workbook, merged, path, value, side), (side, path, value)
    for path in set(b) | set(o) | set(t):
        if b.get(path) == o.get(path) == t.get(path):
            assert merged.get(path) == b.get(path), path
    for path in result.conflicts:
        assert path in result.workbook.conflicts
    # The result is valid, canonical, and loads back to the same workbook.
    text = dumps_workbook(result.workbook)
    again = parse_workbook(text.encode(), "merged")
    assert dumps_workbook(again) == text
    assert facts(again) == merged
    assert set(again.conflicts) == set(result.conflicts)
    # Swapping the sides finds the same conflicts.
    swapped = merge_workbooks(base, theirs, ours)
    assert swapped.conflicts == result.conflicts


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario())
def test_merge_with_an_unchanged_side_is_the_other_side(
    sides: tuple[Workbook, Workbook, Workbook],
) -> None:
    base, ours, _ = sides
    result = merge_workbooks(base, ours, base.model_copy(deep=True))
    assert result.clean
    assert dumps_workbook(result.workbook) == dumps_workbook(ours)
    result = merge_workbooks(base, base.model_copy(deep=True), ours)
    assert result.clean
    assert dumps_workbook(result.workbook) == dumps_workbook(ours)
