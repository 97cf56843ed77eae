"""Round trips: load -> save -> load keeps the data, and saving again keeps the bytes.

Covers the committed example (which must already be canonical) and a
hypothesis-generated set of workbooks with tricky text, plus the line-diff
promises of the canonical writer: one status, one tick or one new owner
changes exactly one line.
"""

from __future__ import annotations

import difflib
import math
import tomllib
import typing
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gpai_tui.catalogue import IncidentClass, load_catalogue
from gpai_tui.catalogue.models import Measure, Obligation
from gpai_tui.catalogue.summary import is_computed
from gpai_tui.workbook import (
    FORMAT_VERSION,
    STATUSES,
    Conflict,
    Incident,
    ItemEntry,
    ModelProfile,
    Workbook,
    WorkbookError,
    dumps_workbook,
    load_workbook,
    new_workbook,
    parse_workbook,
    save_workbook,
)
from gpai_tui.workbook.limits import MAX_DATE, MIN_DATE
from tests.budget import examples

CATALOGUE = load_catalogue()
ITEMS: list[Measure | Obligation] = [*CATALOGUE.measures(), *CATALOGUE.obligations]
MDF_FIELDS = CATALOGUE.mdf_fields()

# ---------------------------------------------------------------------------
# Strategies
# ---------------------------------------------------------------------------

FRAGMENTS = [
    '"',
    '""',
    '"""',
    '""""',
    "'",
    "'''",
    "\\",
    "\\\\",
    "\\n",
    "\\u0041",
    "\\U0001F600",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "[brackets]",
    "[[x]]",
    '[measures."TR-1.1"]',
    "#",
    "= 1",
    "{a = 1}",
    "é",
    "日本語",
    "🙂",
    "×10^25",
    "\u202e",
    "\u2066",
    "\u200b",
    "\ufeff",
    "\u2028",
    "\u2029",
    "\x85",
    "\x9b",
    "\x00",
    "\x1b[31m",
    "\x7f",
    "\x0c",
    "\x0b",
]
"""Pieces of text that have broken TOML writers before."""

tricky_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=10).map(
    "".join
)
"""Any text (surrogates excluded: they cannot be stored as UTF-8)."""

one_line_text = tricky_text.map(lambda s: s.replace("\n", " "))
"""Text without a newline (CR and other controls are written as escapes)."""

optional_text = st.none() | tricky_text
# Workbook dates lie in 1900-01-01..2199-12-31 (workbook.limits; issue 16).
dates = st.dates(min_value=MIN_DATE, max_value=MAX_DATE)
optional_date = st.none() | dates


def _nonempty(text: str) -> str:
    return text or "x"


profiles = st.builds(
    ModelProfile,
    provider=tricky_text.map(_nonempty),
    name=tricky_text.map(_nonempty),
    version=optional_text,
    established_in_eu=st.booleans(),
    training_compute_flop=st.none() | st.floats(min_value=0, allow_nan=False, allow_infinity=False),
    generates=st.lists(st.sampled_from(["text", "audio", "images", "video", "other"]), max_size=5),
    gpai=st.sampled_from(["auto", "yes", "no"]),
    gpai_reason=optional_text,
    open_source=st.booleans(),
    systemic_risk=st.sampled_from(["auto", "designated", "none"]),
    threshold_known=optional_date,
    placed_on_market=optional_date,
    downstream_modifier=st.booleans(),
    original_compute_flop=st.none() | st.floats(min_value=0, max_value=1e40, allow_nan=False),
    modification_compute_flop=st.none() | st.floats(min_value=0, max_value=1e40, allow_nan=False),
)


def hand_ticked(item: Measure | Obligation, summary_kept: bool = False) -> list[str]:
    """Checkpoint ids an officer ticks by hand (derived ones are computed; the training
    summary's only once the workbook keeps a summary)."""
    return [cp.id for cp in item.checkpoints if not is_computed(cp, summary_kept)]


@st.composite
def entries(draw: st.DrawFn, item: Measure | Obligation) -> ItemEntry:
    ticks = draw(st.dictionaries(st.sampled_from(hand_ticked(item)), st.booleans()))
    return ItemEntry(
        status=draw(st.sampled_from(STATUSES)),
        owner=draw(optional_text),
        target=draw(optional_date),
        last_done=draw(optional_date),
        evidence=draw(st.lists(tricky_text, max_size=4)),
        notes=draw(optional_text),
        justification=draw(optional_text),
        checks=ticks,
    )


incidents = st.builds(
    Incident,
    incident_class=st.sampled_from(typing.get_args(IncidentClass)),
    title=tricky_text.map(_nonempty),
    aware=dates,
    resolved=optional_date,
    initial_report=optional_date,
    intermediate_reports=st.lists(dates, max_size=4),
    final_report=optional_date,
    notes=optional_text,
)

toml_scalars = st.one_of(
    tricky_text,
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    dates,
    st.datetimes(
        min_value=datetime(MIN_DATE.year, 1, 1), max_value=datetime(MAX_DATE.year, 12, 31)
    ),
)
toml_values = st.recursive(
    toml_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(tricky_text, inner, max_size=3),
    max_leaves=6,
)
conflicts = st.builds(
    Conflict,
    ours=st.none() | toml_values,
    theirs=st.none() | toml_values,
    base=st.none() | toml_values,
)


@st.composite
def mdf_values(draw: st.DrawFn) -> dict[str, str | dict[str, str]]:
    chosen = draw(st.lists(st.sampled_from(MDF_FIELDS), unique_by=lambda f: f.id, max_size=8))
    values: dict[str, str | dict[str, str]] = {}
    for field in chosen:
        if field.repeats is not None and draw(st.booleans()):
            values[field.id] = draw(st.dictionaries(tricky_text, tricky_text, max_size=3))
        else:
            values[field.id] = draw(tricky_text)
    return values


@st.composite
def workbooks(draw: st.DrawFn) -> Workbook:
    """A valid workbook: some items filled in, incidents, MDF values, conflicts."""
    profile = draw(profiles)
    workbook = new_workbook(profile) if draw(st.booleans()) else Workbook(model=profile)
    chosen = draw(st.lists(st.sampled_from(ITEMS), unique_by=lambda i: i.id, max_size=10))
    for item in chosen:
        table = workbook.obligations if isinstance(item, Obligation) else workbook.measures
        table[item.id] = draw(entries(item))
    workbook.incidents = draw(st.dictionaries(tricky_text, incidents, max_size=3))
    workbook.mdf = draw(mdf_values())
    workbook.conflicts = draw(st.dictionaries(tricky_text, conflicts, max_size=3))
    return workbook


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def expected_after_save(workbook: Workbook) -> Workbook:
    """What the canonical writer promises to keep of ``workbook``.

    Every measure and obligation is written, with every hand-ticked checkpoint
    (unticked ones as ``false``); empty text means "not set"; intermediate
    reports are kept in date order; empty MDF values are left out.
    """
    out = workbook.model_copy(deep=True)
    out.format = FORMAT_VERSION
    for item in ITEMS:
        entry = out.entry(item.id)
        for name in ("owner", "notes", "justification"):
            if getattr(entry, name) == "":
                setattr(entry, name, None)
        entry.checks = {cp: entry.checks.get(cp, False) for cp in hand_ticked(item)}
    for incident in out.incidents.values():
        incident.intermediate_reports = sorted(incident.intermediate_reports)
        if incident.notes == "":
            incident.notes = None
    mdf: dict[str, str | dict[str, str]] = {}
    for field in MDF_FIELDS:
        value = out.mdf.get(field.id)
        if isinstance(value, dict):
            value = {k: v for k, v in value.items() if v}
        if value:
            mdf[field.id] = value
    out.mdf = mdf
    return out


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """Lines removed and added between two texts, split on LF only (as git does)."""
    removed: list[str] = []
    added: list[str] = []
    diff = difflib.unified_diff(before.split("\n"), after.split("\n"), n=0, lineterm="")
    for line in diff:
        if line.startswith(("---", "+++", "@@")):
            continue
        (removed if line.startswith("-") else added).append(line[1:])
    return removed, added


# ---------------------------------------------------------------------------
# The committed example
# ---------------------------------------------------------------------------


def test_example_is_canonical(example_path: Path, example_bytes: bytes) -> None:
    """Loading and dumping the committed example reproduces it byte for byte."""
    workbook = load_workbook(example_path)
    assert dumps_workbook(workbook).encode("utf-8") == example_bytes


def test_example_load_save_load(example_path: Path, example_bytes: bytes, tmp_path: Path) -> None:
    first = load_workbook(example_path)
    target = tmp_path / "example.toml"
    written = save_workbook(first, target)
    assert written == target.read_bytes() == example_bytes
    second = load_workbook(target)
    assert second == first
    assert save_workbook(second, target) == written
    assert target.read_bytes() == example_bytes


def test_example_covers_the_tricky_parts(example: Workbook) -> None:
    """The example exercises what the round trip has to survive (guards the fixture)."""
    notes = [e.notes or "" for e in example.measures.values()]
    assert any("[" in n and "\n" in n for n in notes), "a multi-line note with [brackets]"
    assert {e.status for e in example.measures.values()} == set(STATUSES)
    assert example.incidents and any(isinstance(v, dict) for v in example.mdf.values())


# ---------------------------------------------------------------------------
# Generated workbooks
# ---------------------------------------------------------------------------

ROUNDTRIP_EXAMPLES = examples(300)


@settings(
    max_examples=ROUNDTRIP_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(workbooks())
def test_generated_workbooks_round_trip(workbook: Workbook) -> None:
    text = dumps_workbook(workbook)
    loaded = parse_workbook(text.encode("utf-8"), "generated.toml")
    assert loaded == expected_after_save(workbook)
    # Saving the loaded workbook gives the same bytes, and loading those the same data.
    again = dumps_workbook(loaded)
    assert again == text
    assert parse_workbook(again.encode("utf-8"), "again.toml") == loaded


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workbooks(), st.data())
def test_generated_status_change_is_one_line(workbook: Workbook, data: st.DataObject) -> None:
    before = dumps_workbook(workbook)
    item = data.draw(st.sampled_from(ITEMS))
    entry = workbook.entry(item.id)
    entry.status = data.draw(st.sampled_from([s for s in STATUSES if s != entry.status]))
    removed, added = changed_lines(before, dumps_workbook(workbook))
    assert (len(removed), len(added)) == (1, 1)
    assert added[0] == f'status = "{entry.status}"'


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workbooks(), st.data())
def test_generated_tick_is_one_line(workbook: Workbook, data: st.DataObject) -> None:
    item = data.draw(st.sampled_from(ITEMS))
    checkpoint = data.draw(st.sampled_from(hand_ticked(item)))
    entry = workbook.entry(item.id)
    before = dumps_workbook(workbook)
    entry.checks = {**entry.checks, checkpoint: not entry.checks.get(checkpoint, False)}
    removed, added = changed_lines(before, dumps_workbook(workbook))
    value = "true" if entry.checks[checkpoint] else "false"
    assert (len(removed), added) == (1, [f"{checkpoint} = {value}"])


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workbooks(), st.data())
def test_generated_new_owner_is_one_line(workbook: Workbook, data: st.DataObject) -> None:
    item = data.draw(st.sampled_from(ITEMS))
    entry = workbook.entry(item.id)
    entry.owner = None
    before = dumps_workbook(workbook)
    entry.owner = data.draw(one_line_text.map(_nonempty))
    removed, added = changed_lines(before, dumps_workbook(workbook))
    assert removed == [] and len(added) == 1 and added[0].startswith("owner = ")


# ---------------------------------------------------------------------------
# One change, one line (on the example)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("item_id", CATALOGUE.item_ids())
def test_each_status_change_is_one_line(example: Workbook, item_id: str) -> None:
    before = dumps_workbook(example)
    entry = example.entry(item_id)
    for status in STATUSES:
        if status == entry.status:
            continue
        old = entry.status
        entry.status = status
        removed, added = changed_lines(before, dumps_workbook(example))
        assert removed == [f'status = "{old}"'] and added == [f'status = "{status}"']
        entry.status = old


def test_each_tick_is_one_line(example: Workbook) -> None:
    before = dumps_workbook(example)
    kept = bool(example.training_summary)
    count = 0
    for item in ITEMS:
        entry = example.entry(item.id)
        for cp in hand_ticked(item, kept):
            old = entry.checks.get(cp, False)
            entry.checks = {**entry.checks, cp: not old}
            removed, added = changed_lines(before, dumps_workbook(example))
            assert len(removed) == 1 and added == [f"{cp} = {str(not old).lower()}"]
            entry.checks = {**entry.checks, cp: old}
            count += 1
    assert count == sum(len(hand_ticked(item, kept)) for item in ITEMS)


def test_adding_an_owner_adds_one_line(example: Workbook) -> None:
    without = [i for i, e in {**example.measures, **example.obligations}.items() if not e.owner]
    assert without, "the example should have an item without an owner"
    for item_id in without:
        before = dumps_workbook(example)
        example.entry(item_id).owner = "new.owner@aurora.example"
        removed, added = changed_lines(before, dumps_workbook(example))
        assert removed == [] and added == ['owner = "new.owner@aurora.example"']
        example.entry(item_id).owner = None


# ---------------------------------------------------------------------------
# Text the writer must keep exactly
# ---------------------------------------------------------------------------

CONTROL_CHARS = "".join(chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)])
INVISIBLE = "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
INVISIBLE += "\u2066\u2067\u2068\u2069\ufeff\u2028\u2029"

TRICKY_NOTES = [
    "a\r\nb",
    "Windows lines\r\nfrom a paste\r\n",
    "\r\n",
    "lone\rCR\n",
    "\nleading newline",
    "trailing newline\n",
    "\n\n\n",
    'quotes " and """ and """" and \\"""',
    'ends with a quote"\n"',
    "ends with a backslash\\",
    "backslash then newline\\\nnext",
    "\ttab\n\tindented",
    '[brackets] [[double]] [measures."TR-1.1"]\nstatus = "done"',
    "unicode é 日本語 🙂 ×10^25",
    CONTROL_CHARS,
    INVISIBLE + "\n",
]


@pytest.mark.parametrize("notes", TRICKY_NOTES, ids=range(len(TRICKY_NOTES)))
def test_tricky_notes_survive_exactly(example: Workbook, notes: str) -> None:
    example.measures["TR-1.1"].notes = notes
    text = dumps_workbook(example)
    loaded = parse_workbook(text.encode("utf-8"))
    assert loaded.measures["TR-1.1"].notes == notes
    assert dumps_workbook(loaded) == text


def test_crlf_inside_a_multiline_note_is_kept(example: Workbook) -> None:
    """tomli-w folds CRLF to LF in multi-line strings; the writer must not lose the CR."""
    example.measures["CR-1.3"].notes = "pasted from Windows\r\nsecond line\r\n"
    loaded = parse_workbook(dumps_workbook(example).encode("utf-8"))
    assert loaded.measures["CR-1.3"].notes == "pasted from Windows\r\nsecond line\r\n"


def test_crlf_in_evidence_and_mdf_is_kept(example: Workbook) -> None:
    example.measures["CR-1.3"].evidence = ["a\r\nb"]
    example.mdf["input-max-size"] = {"text": "x\r\ny"}
    example.mdf["model-name"] = "m\r\nn"
    loaded = parse_workbook(dumps_workbook(example).encode("utf-8"))
    assert loaded.measures["CR-1.3"].evidence_refs == ["a\r\nb"]
    assert loaded.mdf["input-max-size"] == {"text": "x\r\ny"}
    assert loaded.mdf["model-name"] == "m\r\nn"


def test_control_and_invisible_characters_are_escaped_in_the_file(example: Workbook) -> None:
    """The file never holds raw control, bidi or zero-width characters.

    tomli-w escapes C0 and DEL; the writer also escapes C1 controls, bidi
    overrides and isolates, zero-width characters and line/paragraph separators,
    so that `cat` and `git diff` of a workbook can neither drive the terminal nor
    hide or reorder text. The values still round-trip exactly.
    """
    text_value = "x" + CONTROL_CHARS + INVISIBLE + "y\n"
    example.measures["TR-1.1"].notes = text_value
    example.incidents["INC-\u202e-1"] = Incident.model_validate(
        {"class": "death", "title": "t\u202e\x9b", "aware": date(2026, 1, 1)}
    )
    text = dumps_workbook(example)
    raw = set(text) & set(CONTROL_CHARS + INVISIBLE)
    assert raw <= {"\n", "\t"}, sorted(hex(ord(c)) for c in raw)
    assert "\\u202e" in text and "\\u0085" in text and "\\u001b" in text
    loaded = parse_workbook(text.encode("utf-8"))
    assert loaded.measures["TR-1.1"].notes == text_value
    assert loaded.incidents["INC-\u202e-1"].title == "t\u202e\x9b"


def test_text_that_looks_like_toml_stays_text(example: Workbook) -> None:
    example.measures["TR-1.1"].notes = '"""\n[measures."TR-1.2"]\nstatus = "todo"\n"""'
    example.measures["TR-1.1"].owner = 'x"\nstatus = "done'
    loaded = parse_workbook(dumps_workbook(example).encode("utf-8"))
    assert loaded.measures["TR-1.2"].status == "done"
    assert loaded.measures["TR-1.1"].owner == 'x"\nstatus = "done'


def test_nan_in_a_conflict_value_can_be_saved(example: Workbook) -> None:
    """A loaded file may hold ``nan`` in a conflict; saving it must still work."""
    example.conflicts["model.training_compute_flop"] = Conflict(ours=math.nan, theirs=1e25)
    text = dumps_workbook(example)
    loaded = parse_workbook(text.encode("utf-8"))
    assert math.isnan(loaded.conflicts["model.training_compute_flop"].ours)
    assert dumps_workbook(loaded) == text


def test_tuples_in_conflict_values_are_written_as_arrays(example: Workbook) -> None:
    example.conflicts["measures.TR-1.1.evidence"] = Conflict(ours=("a", ("b", "c")), base=())
    loaded = parse_workbook(dumps_workbook(example).encode("utf-8"))
    assert loaded.conflicts["measures.TR-1.1.evidence"].ours == ["a", ["b", "c"]]
    assert loaded.conflicts["measures.TR-1.1.evidence"].base == []


# ---------------------------------------------------------------------------
# The writer never silently drops data or writes a file it cannot read back
# ---------------------------------------------------------------------------


def _assert_refused(workbook: Workbook, target: Path, match: str) -> None:
    before = target.read_bytes()
    with pytest.raises(WorkbookError, match=match):
        save_workbook(workbook, target)
    assert target.read_bytes() == before


def test_unknown_measure_id_is_refused_not_dropped(example: Workbook, tmp_path: Path) -> None:
    target = tmp_path / "wb.toml"
    save_workbook(example, target)
    example.entry("CR-1.9").status = "done"
    _assert_refused(example, target, r"CR-1\.9")


def test_unknown_checkpoint_is_refused_not_dropped(example: Workbook, tmp_path: Path) -> None:
    target = tmp_path / "wb.toml"
    save_workbook(example, target)
    example.measures["CR-1.3"].checks["robots-text"] = True
    _assert_refused(example, target, "robots-text")


def test_unknown_mdf_field_is_refused_not_dropped(example: Workbook, tmp_path: Path) -> None:
    target = tmp_path / "wb.toml"
    save_workbook(example, target)
    example.mdf["model-nam"] = "typo"
    _assert_refused(example, target, "model-nam")


def test_table_for_a_single_mdf_field_is_refused(example: Workbook, tmp_path: Path) -> None:
    """Writing it would give a file that no longer loads."""
    target = tmp_path / "wb.toml"
    save_workbook(example, target)
    example.mdf["model-name"] = {"text": "Aurora"}
    _assert_refused(example, target, "model-name")


def test_list_grown_past_the_limit_in_place_is_refused(example: Workbook, tmp_path: Path) -> None:
    """In-place changes bypass pydantic; the writer still never writes an unloadable file."""
    target = tmp_path / "wb.toml"
    save_workbook(example, target)
    example.measures["TR-1.1"].evidence.extend(f"e{i}" for i in range(6000))
    _assert_refused(example, target, "at most 5,000")


def test_written_text_is_plain_toml(example: Workbook) -> None:
    """Whatever the writer does internally, the result is ordinary TOML for any reader."""
    example.measures["TR-1.1"].notes = "a\r\nb\u202e"
    doc = tomllib.loads(dumps_workbook(example))
    assert doc["measures"]["TR-1.1"]["notes"] == "a\r\nb\u202e"
