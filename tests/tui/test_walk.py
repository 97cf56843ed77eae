"""The walk (issue 20): a whole chapter answered by keys, undo, resume, and `gpai plan` after it.

One Pilot run walks the Copyright chapter of a new workbook with a fixed sequence of answers
and reads the saved TOML after each measure; the plan is then read from `gpai plan`.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static

from gpai_tui.cli import main
from gpai_tui.tui.app import GpaiApp, make_app
from gpai_tui.tui.screens.walk import WalkScreen
from gpai_tui.workbook import ItemEntry, load_workbook
from tests.tui.conftest import run, settle

AS_OF = date(2026, 4, 1)
SIZE = (80, 24)
NEW = [
    "--provider", "Acme AI", "--model", "Acme-1", "--compute", "3e25", "--non-eu",
    "--placed-on-market", "2026-06-01", "--threshold-known", "2026-01-10",
]  # fmt: skip

# One answer per checkpoint, in the walk's order; then the recap key.
#   ("y", evidence)  yes, with an evidence reference ("" = none)
#   ("n", owner, target)  not yet, with an owner and a target date ("" = leave)
#   ("s",)  skip for now
CHAPTER: list[tuple[str, list[tuple[str, ...]], str]] = [
    ("CR-1.1", [("y", "copyright-policy.pdf"), *[("y", "")] * 4], "enter"),
    ("CR-1.2", [("n", "m.rossi", "2026-05-01"), ("y", "blocklist.csv"), ("s",), ("s",)], "enter"),
    ("CR-1.3", [("y", "robots-audit.md"), ("n", "j.doe", "2026-03-15"), *[("s",)] * 4], "s"),
    ("CR-1.4", [("s",)] * 4, "enter"),
    ("CR-1.5", [("n", "legal-team", "2026-07-01"), ("s",), ("s",), ("s",)], "enter"),
]  # fmt: skip
EXPECTED: dict[str, dict[str, Any]] = {
    "CR-1.1": {"status": "done", "owner": None, "target": None,
               "evidence": ["copyright-policy.pdf"], "yes": 5},
    "CR-1.2": {"status": "in-progress", "owner": "m.rossi", "target": date(2026, 5, 1),
               "evidence": ["blocklist.csv"], "yes": 1},
    "CR-1.3": {"status": "todo", "owner": "j.doe", "target": date(2026, 3, 15),
               "evidence": ["robots-audit.md"], "yes": 1},
    "CR-1.4": {"status": "in-progress", "owner": None, "target": None, "evidence": [], "yes": 0},
    "CR-1.5": {"status": "in-progress", "owner": "legal-team", "target": date(2026, 7, 1),
               "evidence": [], "yes": 0},
}  # fmt: skip


def new_workbook(folder: Path) -> Path:
    path = folder / "acme.toml"
    try:
        main(["new", str(path), *NEW])
    except SystemExit as exc:
        assert not exc.code
    return path


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return new_workbook(tmp_path)


def walk(app: GpaiApp) -> WalkScreen:
    screen = app.screen
    assert isinstance(screen, WalkScreen)
    return screen


async def type_text(pilot: Pilot[Any], text: str) -> None:
    if text:
        await pilot.press(*text)


async def answer(pilot: Pilot[Any], given: tuple[str, ...]) -> None:
    await pilot.press(given[0])
    if given[0] == "y":
        await type_text(pilot, given[1])
        await pilot.press("enter")
    elif given[0] == "n":
        await type_text(pilot, given[1])
        await pilot.press("tab")
        await type_text(pilot, given[2])
        await pilot.press("enter")
    else:
        await pilot.pause()


def shown(screen: WalkScreen, widget_id: str) -> str:
    """The plain text of one of the walk's parts."""
    console = Console(width=200, file=io.StringIO(), color_system=None)
    console.print(screen.query_one(widget_id, Static).content)
    return console.file.getvalue()  # type: ignore[attr-defined]


def saved(path: Path, item_id: str) -> ItemEntry:
    return load_workbook(path).measures[item_id]


def test_walk_the_copyright_chapter_then_plan_it(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app = make_app(workbook, as_of=AS_OF, watch_interval=None)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await app.run_action("walk('copyright')")
            await settle(pilot)
            screen = walk(app)
            for item_id, answers, recap in CHAPTER:
                checkpoints = [c.id for c in app.evaluation.item(item_id).checkpoints]
                for cp_id, given in zip(checkpoints, answers, strict=True):
                    step = screen.step
                    assert step is not None
                    assert (step.kind, step.item_id, step.checkpoint_id) == (
                        "question", item_id, cp_id,
                    )  # fmt: skip
                    await answer(pilot, given)
                assert screen.step is not None and screen.step.kind == "recap"
                await pilot.press(recap)
                await settle(pilot)
                entry, want = saved(workbook, item_id), EXPECTED[item_id]
                assert entry.status == want["status"], item_id
                assert entry.owner == want["owner"], item_id
                assert entry.target == want["target"], item_id
                assert entry.evidence_refs == want["evidence"], item_id
                assert sum(entry.checks.values()) == want["yes"], item_id
                # "Not yet" answers are recorded unticked (never left ticked).
                for cp_id, given in zip(checkpoints, answers, strict=True):
                    assert entry.checks.get(cp_id, False) is (given[0] == "y"), cp_id
            step = screen.step
            assert step is not None and step.kind == "chapter"
            body = shown(screen, "#walk-body")
            assert "Next deadlines" in body and "CR-1.3" in body
            await pilot.press("enter")
            await settle(pilot)
            assert screen.step is None
            assert not app.dirty

    run(scenario)
    final = load_workbook(workbook)
    assert {i: final.measures[i].status for i in EXPECTED} == {
        i: w["status"] for i, w in EXPECTED.items()
    }
    # Acceptance 4: the plan lists the "not yet" answers with owner and target, by legal date.
    capsys.readouterr()
    try:
        main(["plan", str(workbook), "--format", "csv", "--as-of", AS_OF.isoformat()])
    except SystemExit as exc:
        assert not exc.code
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    by_id = {r["id"]: r for r in rows}
    assert "CR-1.1" not in by_id  # done, with evidence: off the plan
    for item_id in ("CR-1.2", "CR-1.3", "CR-1.5", "CR-1.4"):
        want = EXPECTED[item_id]
        assert by_id[item_id]["owner"] == (want["owner"] or "")
        assert by_id[item_id]["target"] == (want["target"].isoformat() if want["target"] else "")
        assert by_id[item_id]["status"] == want["status"]
    bands = ("overdue", "dated", "undated")
    keys = [(bands.index(r["band"]), r["legal_date"] or "9999-12-31") for r in rows]
    assert keys == sorted(keys)
    copyright_rows = [r["id"] for r in rows if r["id"].startswith("CR-")]
    assert copyright_rows == ["CR-1.2", "CR-1.3", "CR-1.4", "CR-1.5"]  # same date: catalogue


def test_undo_restores_the_answer_and_the_question(workbook: Path) -> None:
    app = make_app(workbook, as_of=AS_OF, watch_interval=None)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await app.run_action("walk('CR-1.2')")
            await settle(pilot)
            screen = walk(app)
            await answer(pilot, ("n", "m.rossi", "2026-05-01"))
            await answer(pilot, ("y", "blocklist.csv"))
            assert screen.step is not None and screen.step.checkpoint_id == "exclusion-evidence"
            assert saved(workbook, "CR-1.2").evidence_refs == ["blocklist.csv"]
            await pilot.press("ctrl+z")
            await settle(pilot)
            step = screen.step
            assert step is not None and step.checkpoint_id == "infringing-sites-blocklist"
            entry = saved(workbook, "CR-1.2")  # saved again after the undo
            assert entry.evidence == [] and not entry.checks.get("infringing-sites-blocklist")
            assert entry.owner == "m.rossi"
            await pilot.press("ctrl+z")
            await settle(pilot)
            step = screen.step
            assert step is not None and step.checkpoint_id == "no-circumvention"
            entry = saved(workbook, "CR-1.2")
            assert entry.owner is None and entry.target is None
            assert ("CR-1.2", "no-circumvention") not in screen.answers
            # A target that is not a date is refused under the inputs; nothing changes.
            before = workbook.read_bytes()
            await pilot.press("n", *"ann", "tab", *"2026-13-01", "enter")
            await settle(pilot)
            assert "not a date" in shown(screen, "#walk-hint")
            step = screen.step
            assert step is not None and step.checkpoint_id == "no-circumvention"
            await pilot.press("escape")
            await settle(pilot)
            assert workbook.read_bytes() == before and not app.dirty
            # ? shows the measure's summary and articles; b goes back without a change.
            await pilot.press("question_mark")
            assert "More:" in shown(screen, "#walk-body")
            await pilot.press("s", "b")
            await settle(pilot)
            step = screen.step
            assert step is not None and step.checkpoint_id == "no-circumvention"
            assert workbook.read_bytes() == before

    run(scenario)


def test_resume_offers_the_same_checkpoint(workbook: Path) -> None:
    first = make_app(workbook, as_of=AS_OF, watch_interval=None)

    async def stop_midway() -> None:
        async with first.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("g")
            await settle(pilot)
            screen = walk(first)
            step = screen.step
            assert step is not None and step.item_id == "TR-1.1"  # the whole Code, from the top
            for _ in range(3):
                await answer(pilot, ("s",))
            await pilot.press("q")
            await settle(pilot)

    run(stop_midway)
    plain = make_app(workbook, as_of=AS_OF, watch_interval=None)

    async def reopen_plainly() -> None:
        async with plain.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert any("press g to continue" in n.message for n in plain._notifications)

    run(reopen_plainly)
    again = make_app(workbook, as_of=AS_OF, watch_interval=None)
    again.walk_on_start = True  # gpai open FILE --walk

    async def reopen() -> None:
        async with again.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = walk(again)
            assert screen.offer is not None and screen.step is None
            assert screen.offer.item_id == "TR-1.1"
            assert "You stopped a walk here" in shown(screen, "#walk-body")
            await pilot.press("enter")
            await settle(pilot)
            step = screen.step
            checkpoints = [
                c.id for c in again.evaluation.item("TR-1.1").checkpoints if c.derived is None
            ]
            assert step is not None and (step.item_id, step.checkpoint_id) == (
                "TR-1.1",
                checkpoints[3],
            )

    run(reopen)


def test_g_on_the_code_screen_starts_at_the_highlighted_measure(workbook: Path) -> None:
    """... and a measure marked not applicable is shown once, to confirm its justification."""
    why = "We publish no model outputs [bold]"
    main(["set", str(workbook), "CR-1.4", "--status", "not-applicable", "--justification", why])
    app = make_app(workbook, as_of=AS_OF, watch_interval=None)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await app.goto_item("CR-1.3")
            await settle(pilot)
            await pilot.press("escape", "g")  # from the tree, as an officer would
            await settle(pilot)
            screen = walk(app)
            step = screen.step
            assert step is not None and (step.item_id, step.kind) == ("CR-1.3", "question")
            where = shown(screen, "#walk-where")
            assert where.startswith("Copyright · 1 of 3 · CR-1.3 · question 1 of 6")
            assert "9 questions left" in where  # CR-1.3 and CR-1.5: 6 + 4, less this one
            assert {s.chapter for s in screen.steps} == {"copyright"}
            await pilot.press(*"s" * 7)  # CR-1.3's six questions and its recap
            await settle(pilot)
            step = screen.step
            assert step is not None and (step.item_id, step.kind) == ("CR-1.4", "confirm")
            assert why in shown(screen, "#walk-body")  # shown as typed
            await pilot.press("y")  # not an answer here: nothing happens
            await pilot.press("enter")
            await settle(pilot)
            step = screen.step
            assert step is not None and (step.item_id, step.kind) == ("CR-1.5", "question")
            assert load_workbook(workbook).measures["CR-1.4"].status == "not-applicable"

    run(scenario)


def test_the_position_file_is_private_and_a_bad_one_is_ignored(workbook: Path) -> None:
    from gpai_tui.tui import walk_resume

    position = walk_resume.Position("copyright", "question", "copyright", "CR-1.3", "robots-txt")
    walk_resume.save(workbook, position)
    assert walk_resume.load(workbook) == position
    (stored,) = (p for p in walk_resume._file(workbook).parent.iterdir() if p.suffix == ".json")
    assert stored.stat().st_mode & 0o777 == 0o600
    assert workbook.read_text(encoding="utf-8") not in stored.read_text(encoding="utf-8")
    stored.write_text('{"path": 3, "kind": [', encoding="utf-8")
    assert walk_resume.load(workbook) is None
    walk_resume.clear(workbook)
    assert not stored.exists()
