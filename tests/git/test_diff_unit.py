"""The semantic diff in process: scope with reasons, MDF, incidents, conflicts, rendering."""

from __future__ import annotations

import json
from datetime import date

from rich.console import Console

from gpai_tui.engine import evaluate, pct
from gpai_tui.engine.diff import diff_dict, diff_workbooks
from gpai_tui.report.diff import diff_report, summary_line
from gpai_tui.report.textconv import textconv
from gpai_tui.workbook import Conflict, Incident
from tests.git.gitrepo import base_workbook

AS_OF = date(2026, 3, 1)


def render(diff: object) -> str:
    console = Console(width=200, no_color=True, markup=False, highlight=False)
    with console.capture() as capture:
        console.print(diff_report(diff, "old", "new"))  # type: ignore[arg-type]
    return capture.get()


def test_no_changes() -> None:
    workbook = base_workbook()
    diff = diff_workbooks(workbook, workbook.model_copy(deep=True), AS_OF)
    assert not diff.changed
    assert summary_line(diff) == "no changes"
    assert "No changes." in render(diff)
    assert diff_dict(diff)["changed"] is False


def test_scope_change_with_reasons() -> None:
    old = base_workbook()
    new = old.model_copy(deep=True)
    new.model.training_compute_flop = 5e24
    diff = diff_workbooks(old, new, AS_OF)
    assert diff.changed
    assert [c.path for c in diff.profile] == ["model.training_compute_flop"]
    systemic = next(s for s in diff.scope if s.id == "systemic_risk")
    assert systemic.before.applies and not systemic.after.applies
    assert "presumed" in systemic.before.reason
    gone = [a for a in diff.applicability if not a.now_applies]
    assert gone and all(a.id.startswith(("SS-", "art-")) for a in gone)
    assert all("only for models with systemic risk" in a.reason for a in gone)
    text = render(diff)
    assert "Systemic risk: yes → no" in text
    assert f"{len(gone)} items no longer apply" in text
    ss = next(c for c in diff.chapters if c.id == "safety-and-security")
    assert ss.applicable_before > 0 and ss.applicable_after == 0
    assert "n/a" in text


def test_figures_match_the_engine() -> None:
    old = base_workbook()
    new = old.model_copy(deep=True)
    entry = new.entry("CR-1.3")
    entry.checks = {"robots-txt": True, "other-protocols": True}
    diff = diff_workbooks(old, new, AS_OF)
    ev = evaluate(new, AS_OF)
    chapter = next(c for c in diff.chapters if c.id == "copyright")
    assert chapter.after == pct(next(c for c in ev.chapters if c.id == "copyright").completeness)
    assert diff.overall.after == pct(ev.overall.completeness)
    assert diff.items[0].ticked == ("robots-txt", "other-protocols")
    assert f"Copyright {chapter.before:.1f}% → {chapter.after:.1f}%" in summary_line(diff)
    header = textconv(new).splitlines()[1]
    assert f"Copyright {chapter.after:.1f}%" in header


def test_mdf_incidents_and_conflicts() -> None:
    old = base_workbook()
    old.mdf = {"model-name": "Aurora-2", "input-max-size": {"text": "128k"}}
    new = old.model_copy(deep=True)
    new.mdf = {"input-max-size": {"text": "256k", "images": "20 MB"}}
    new.incidents = {
        "INC-1": Incident.model_validate(
            {"class": "death", "title": "Harm", "aware": date(2026, 2, 1)}
        )
    }
    new.conflicts = {"measures.CR-1.1.owner": Conflict(ours="a", theirs="b")}
    diff = diff_workbooks(old, new, AS_OF)
    assert [(m.path, m.old, m.new) for m in diff.mdf] == [
        ("mdf.model-name", "Aurora-2", None),
        ("mdf.input-max-size.text", "128k", "256k"),
        ("mdf.input-max-size.images", None, "20 MB"),
    ]
    assert [(i.id, i.change) for i in diff.incidents] == [("INC-1", "added")]
    assert diff.conflicts_added == ("measures.CR-1.1.owner",)
    texts = [r.text for r in diff.regressions]
    assert "MDF field model-name cleared" in texts
    assert "new unresolved merge conflict at measures.CR-1.1.owner" in texts
    # The initial report (10 days for death) is overdue as of 2026-03-01.
    assert any("INC-1" in t and "initial" in t and "is now overdue" in t for t in texts)
    out = render(diff)
    assert "model-name cleared" in out and "REGRESSION" in out
    data = json.loads(json.dumps(diff_dict(diff, "a", "b")))
    assert data["incidents"][0]["change"] == "added"
    assert data["mdf_filled"] == {"before": 2, "after": 1, "total": data["mdf_filled"]["total"]}
    back = diff_workbooks(new, old, AS_OF)
    assert back.conflicts_removed == ("measures.CR-1.1.owner",)
    assert [(i.id, i.change) for i in back.incidents] == [("INC-1", "removed")]


def test_alternative_and_override_changes_are_shown() -> None:
    """An alternative means of compliance, or a model taking over an inherited answer,
    shows in ``gpai diff`` and in the git line view (both were once silent)."""
    old = base_workbook()
    new = old.model_copy(deep=True)
    new.entry("CR-1.3").alternative = "Crawler honours the ai.txt protocol instead"
    new.entry("CR-1.1").override = True
    diff = diff_workbooks(old, new, AS_OF)
    fields = {(i.id, f.field) for i in diff.items for f in i.fields}
    assert ("CR-1.3", "alternative") in fields
    assert ("CR-1.1", "override") in fields
    out = render(diff)
    assert 'alternative added: "Crawler honours the ai.txt protocol instead"' in out
    assert "now answers for this model itself (override)" in out
    back = render(diff_workbooks(new, old, AS_OF))
    assert "inherits the provider's answer again" in back
    assert 'alternative removed (was "Crawler honours' in back
    assert "measure CR-1.3 alternative = Crawler honours the ai.txt protocol instead" in (
        textconv(new)
    )
