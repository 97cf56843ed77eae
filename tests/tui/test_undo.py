"""Undo and redo for every change kind, across screens, past a save: the saved bytes say so.

Each step saves and compares the file with the bytes a headless Document produces for
the same changes (the one edit path), so what the keys did is exactly what was meant.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from gpai_tui.catalogue import load_catalogue
from gpai_tui.document import Change, Document, ItemEdit, MdfEdit, ProfileEdit
from gpai_tui.engine.edit import Edit
from gpai_tui.tui.app import GpaiApp
from gpai_tui.tui.widgets.evidence_list import EvidenceList
from gpai_tui.workbook import dumps_workbook, parse_workbook
from tests.tui.conftest import run, settle


def expected(original: bytes, path: Path, changes: list[Change]) -> bytes:
    """The bytes the same changes give through a headless Document."""
    document = Document(path, parse_workbook(original, str(path)), original)
    for change in changes:
        document.apply(change)
    return dumps_workbook(document.workbook).encode("utf-8")


def toasts(app: GpaiApp) -> list[str]:
    return [n.message for n in app._notifications]


def test_every_change_kind_undoes_and_redoes_across_screens(
    app: GpaiApp, workbook_path: Path
) -> None:
    original = workbook_path.read_bytes()
    workbook = parse_workbook(original, "x")
    tick_id = load_catalogue().measure("CR-1.3").checkpoints[0].id  # type: ignore[union-attr]
    ticked = workbook.get_entry("CR-1.3").checks.get(tick_id, False)
    tick = ItemEdit("CR-1.3", Edit(uncheck=(tick_id,)) if ticked else Edit(check=(tick_id,)))
    owner = ItemEdit("CR-1.3", Edit(owner=(workbook.get_entry("CR-1.3").owner or "") + "zed"))
    refs = workbook.get_entry("TR-1.1").evidence
    removed = ItemEdit("TR-1.1", Edit(remove_evidence=(refs[-1],)))
    na = ItemEdit("TR-1.1", Edit(status="not-applicable", justification="no such output"))
    field = next(f for f in load_catalogue().mdf_fields() if f.repeats is None)
    old_value = workbook.mdf.get(field.id)
    mdf = MdfEdit(field.id, (old_value if isinstance(old_value, str) else "") + "abc")
    compute = ProfileEdit("training_compute_flop", 3.1e24)

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:

            async def saved() -> bytes:
                await pilot.press("ctrl+s")
                await settle(pilot)
                assert not app.dirty
                return workbook_path.read_bytes()

            async def check_step(done: list[Change], label: str) -> None:
                """Saved as done; undo (the toast names it) saves the step before; redo."""
                assert await saved() == expected(original, workbook_path, done)
                await pilot.press("ctrl+z")
                await settle(pilot)
                assert f"Undid: {label}" in toasts(app)
                assert await saved() == expected(original, workbook_path, done[:-1])
                await pilot.press("ctrl+y")
                await settle(pilot)
                assert await saved() == expected(original, workbook_path, done)

            done: list[Change] = []
            await app.goto_item("CR-1.3")  # the checkpoints have the focus
            await settle(pilot)
            await pilot.press("space")
            await settle(pilot)
            done.append(tick)
            await check_step(done, f"CR-1.3 checkpoint {tick_id}")

            await pilot.press("tab", "tab")  # status, owner
            await settle(pilot)
            assert isinstance(app.focused, Input) and app.focused.id == "owner"
            await pilot.press("end", *"zed", "escape")  # three keys, one undo step
            await settle(pilot)
            done.append(owner)
            await check_step(done, "CR-1.3 owner")

            await app.goto_item("TR-1.1")
            await settle(pilot)
            evidence = app.screen.query_one(EvidenceList)
            evidence.focus()
            await pilot.press("end", "down")  # the last stays highlighted: no wrap to the first
            await settle(pilot)
            assert evidence.highlighted == len(refs) - 1
            await pilot.press("delete")  # no confirmation: undo is one key away
            await settle(pilot)
            done.append(removed)
            await check_step(done, "TR-1.1 evidence")

            await pilot.press("x", *"no such output", "enter")
            await settle(pilot)
            done.append(na)
            await check_step(done, "TR-1.1 not-applicable")

            await pilot.press("m")
            await settle(pilot)
            app.screen.query_one("#mdf-fields").highlighted = (  # type: ignore[attr-defined]
                app.screen.query_one("#mdf-fields").get_option_index(field.id)  # type: ignore[attr-defined]
            )
            await settle(pilot)
            await pilot.press("enter", *"abc", "escape")
            await settle(pilot)
            done.append(mdf)
            await check_step(done, f"MDF {field.id}")

            await pilot.press("p")
            await settle(pilot)
            box = app.screen.query_one("#field-training_compute_flop", Input)
            box.focus()
            await pilot.press("end", "backspace", "backspace", "2", "4", "escape")
            await settle(pilot)
            done.append(compute)
            await check_step(done, "profile training_compute_flop")

            # Undo everything from the Profile screen, across the other screens' edits.
            for _ in done:
                await pilot.press("ctrl+z")
                await settle(pilot)
            assert await saved() == original
            await pilot.press("ctrl+z")
            await settle(pilot)
            assert "Nothing to undo." in toasts(app)

    run(scenario)
