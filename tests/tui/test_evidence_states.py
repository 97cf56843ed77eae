"""Pilot: evidence added with path completion is hashed and shows ✓; changed on disk and
the app refocused, it shows ✗; ⏰ marks evidence past its review date; enter copies a URL."""

from __future__ import annotations

import hashlib
from pathlib import Path

from textual import events
from textual.widgets import Input

from gpai_tui.tui.app import GpaiApp, make_app
from gpai_tui.tui.screens.prompt import TextPromptDialog
from gpai_tui.tui.widgets.evidence_list import EvidenceList
from gpai_tui.workbook import load_workbook
from tests.tui.conftest import AS_OF, SIZE, run, settle


def _prompts(app: GpaiApp) -> list[str]:
    evidence = app.screen.query_one(EvidenceList)
    return [str(evidence.get_option_at_index(i).prompt) for i in range(evidence.option_count)]


def test_add_with_completion_then_change_on_disk_and_refocus(workbook_path: Path) -> None:
    folder = workbook_path.parent
    (folder / "policies").mkdir()
    policy = folder / "policies" / "new-policy.md"
    policy.write_text("version 1\n")
    text = workbook_path.read_text(encoding="utf-8")
    workbook_path.write_text(
        text.replace(
            '    "policies/crawler.md",',
            '    { ref = "policies/crawler.md", review_by = 2026-05-31 },',
            1,
        ),
        encoding="utf-8",
    )
    app = make_app(workbook_path, as_of=AS_OF, watch_interval=None)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await app.goto_item("CR-1.3")
            await settle(pilot)
            assert any("⏰ policies/crawler.md" in p and "2026-05-31" in p for p in _prompts(app))
            await pilot.press("a")
            await settle(pilot)
            assert isinstance(app.screen, TextPromptDialog)
            await pilot.press(*"pol")
            await settle(pilot)
            await pilot.press("right")  # accept "policies/"
            await pilot.press(*"n")
            await settle(pilot)
            await pilot.press("right")  # accept "policies/new-policy.md"
            await settle(pilot)
            assert app.screen.query_one(Input).value == "policies/new-policy.md"
            await pilot.press("enter")
            await settle(pilot)
            item = app.workbook.get_entry("CR-1.3").find_evidence("policies/new-policy.md")
            assert item is not None
            assert item.sha256 == hashlib.sha256(b"version 1\n").hexdigest()
            assert item.added == AS_OF
            assert "✓ policies/new-policy.md" in _prompts(app)
            await pilot.press("ctrl+s")
            await settle(pilot)
            saved = load_workbook(workbook_path).measures["CR-1.3"].find_evidence(item.ref)
            assert saved == item
            policy.write_text("version 2, edited elsewhere\n")
            app.post_message(events.AppFocus())
            await settle(pilot)
            assert "✗ policies/new-policy.md" in _prompts(app)
            evidence = app.screen.query_one(EvidenceList)
            evidence.focus()
            evidence.highlighted = next(
                i for i, row in enumerate(evidence.rows) if row.ref.startswith("https://")
            )
            await pilot.press("enter")
            await settle(pilot)
            assert app.clipboard == "https://aurora.example/crawlers"

    run(scenario)
