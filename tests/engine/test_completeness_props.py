"""Property tests: completeness bounds, monotonicity, and status/check/json agreement."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gpai_tui.catalogue import load_catalogue
from gpai_tui.cli import cli
from gpai_tui.engine import evaluate, pct
from gpai_tui.workbook import STATUSES, ModelProfile, Workbook, new_workbook, save_workbook
from tests.budget import examples
from tests.engine.conftest import AS_OF

CAT = load_catalogue()
TICKABLE = [
    (item.id, cp.id)
    for item in [*CAT.measures(), *CAT.obligations]
    for cp in item.checkpoints
    if not cp.derived
]


@st.composite
def workbooks(draw: st.DrawFn) -> Workbook:
    profile = ModelProfile(
        provider="P",
        name="M",
        training_compute_flop=draw(st.sampled_from([1e22, 5e24, 2e25, 3e25, None])),
        open_source=draw(st.booleans()),
        established_in_eu=draw(st.booleans()),
        systemic_risk=draw(st.sampled_from(["auto", "designated", "none"])),
        placed_on_market=draw(st.one_of(st.none(), st.dates(date(2024, 1, 1), date(2027, 12, 31)))),
    )
    wb = new_workbook(profile)
    for item_id, cp_id in draw(st.lists(st.sampled_from(TICKABLE), max_size=60)):
        wb.entry(item_id).checks[cp_id] = True
    for item_id in draw(st.lists(st.sampled_from(CAT.item_ids()), max_size=20)):
        entry = wb.entry(item_id)
        entry.status = draw(st.sampled_from(STATUSES))
        if draw(st.booleans()):
            entry.justification = "because"
        if draw(st.booleans()):
            entry.evidence = ["doc.pdf"]
    return wb


@settings(max_examples=examples(150), deadline=None)
@given(workbooks())
def test_completeness_is_a_percentage(wb: Workbook) -> None:
    ev = evaluate(wb, AS_OF)
    for item in ev.items:
        assert 0.0 <= item.completeness <= 100.0
        assert 0 <= item.ticked <= item.required
    for group in (*ev.chapters, *ev.commitments, ev.overall, ev.obligations_summary):
        assert 0.0 <= group.completeness <= 100.0
        assert 0 <= group.done <= group.applicable


@settings(max_examples=examples(150), deadline=None)
@given(workbooks(), st.sampled_from(TICKABLE))
def test_ticking_never_lowers_completeness(wb: Workbook, tick: tuple[str, str]) -> None:
    before = evaluate(wb, AS_OF)
    wb.entry(tick[0]).checks[tick[1]] = True
    after = evaluate(wb, AS_OF)
    assert after.item(tick[0]).completeness >= before.item(tick[0]).completeness
    for b, a in zip(
        (*before.chapters, before.overall), (*after.chapters, after.overall), strict=True
    ):
        assert a.completeness >= b.completeness


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(workbooks())
def test_status_json_text_and_check_agree(tmp_path: Path, wb: Workbook) -> None:
    path = tmp_path / "w.toml"
    save_workbook(wb, path)
    runner = CliRunner()
    as_of = ["--as-of", AS_OF.isoformat()]
    data = json.loads(runner.invoke(cli, ["status", str(path), "--json", *as_of]).output)
    text = runner.invoke(cli, ["status", str(path), *as_of], env={"COLUMNS": "200"}).output
    ev = evaluate(wb, AS_OF)
    assert data["overall"] == pct(ev.overall.completeness)
    for chapter, group in zip(data["chapters"], ev.chapters, strict=True):
        assert chapter["completeness"] == pct(group.completeness)
        assert chapter["applicable"] == group.applicable
        if group.applicable:
            line = next(ln for ln in text.splitlines() if ln.startswith(group.title))
            assert f"{chapter['completeness']:.1f}%" in line
            assert f"{group.done}/{group.applicable}" in line
    counts = re.search(r"Outstanding: (\d+)\s+overdue: (\d+)\s+inconsistent: (\d+)", text)
    assert counts is not None
    assert int(counts.group(1)) == len(data["outstanding"])
    assert int(counts.group(2)) == sum(1 for o in data["outstanding"] if o["overdue"])
    assert int(counts.group(3)) == sum(
        1 for m in data["measures"] + data["obligations"] if not m["consistent"]
    )
    # check agrees with the same figures
    threshold = data["overall"]
    ok = runner.invoke(cli, ["check", str(path), "--min-completeness", str(threshold), *as_of])
    assert ok.exit_code == (1 if data["conflicts"] else 0)
    if threshold < 100:
        above = runner.invoke(
            cli, ["check", str(path), "--min-completeness", str(threshold + 0.1), *as_of]
        )
        assert above.exit_code == 1
        assert f"{threshold:.1f}%" in above.output
    overdue = runner.invoke(cli, ["check", str(path), "--no-overdue", *as_of])
    assert overdue.exit_code == (1 if any(o["overdue"] for o in data["outstanding"]) else 0)
    inconsistent = runner.invoke(cli, ["check", str(path), "--no-inconsistent", *as_of])
    assert inconsistent.exit_code == (1 if data["inconsistent"] else 0)
