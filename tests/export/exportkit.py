"""Shared data for the export tests: the example workbook, a fixed as-of date and commit,
and a workbook full of hostile text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from gpai_tui.catalogue import load_catalogue
from gpai_tui.engine.mdf import apply_mdf_edit
from gpai_tui.report.export import GitInfo
from gpai_tui.workbook import Incident, ModelProfile, Workbook, new_workbook

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "workbooks" / "example.toml"
GOLDEN = Path(__file__).parent / "golden"
AS_OF = date(2026, 11, 15)
"""Fixed as-of date of the golden files: one incident open, several items overdue."""
FIXED_GIT = GitInfo("0123456789abcdef0123456789abcdef01234567", "clean")
"""A stand-in commit, so the golden files do not change with every commit."""

PAYLOADS = (
    "<script>alert(1)</script>",
    "[bold]x[/]",
    "a|b",
    "=cmd|' /C calc'!A0",
    "nul\x00byte",
    "\x1b[31mred",
)
"""The hostile strings of the issue's acceptance list."""
HOSTILE = "\n".join(PAYLOADS)
"""All payloads in one multi-line text."""


def hostile_workbook() -> Workbook:
    """A workbook with every payload in names, notes, evidence, owners, incidents and MDF."""
    catalogue = load_catalogue()
    wb = new_workbook(
        ModelProfile(
            provider="=cmd|' /C calc'!A0 <script>alert(1)</script>",
            name="[bold]x[/] a|b \x1b[31mred",
            version="nul\x00byte",
            training_compute_flop=3.1e25,
            placed_on_market=date(2026, 3, 1),
        )
    )
    for item_id in catalogue.item_ids():
        entry = wb.entry(item_id)
        entry.notes = HOSTILE
        entry.owner = "=cmd|' /C calc'!A0"
        entry.evidence = [*PAYLOADS, "https://example.org/policy"]
        entry.status = "in-progress"
    cr11 = wb.entry("CR-1.1")
    cr11.checks = {"public-summary": True}
    wb.entry("TR-1.3").status = "not-applicable"
    wb.entry("TR-1.3").justification = HOSTILE
    for f in catalogue.mdf_fields():
        if f.repeats:
            apply_mdf_edit(wb, f.id, {p: f"{p} VALUE:{f.id};" for p in PAYLOADS})
        else:
            apply_mdf_edit(wb, f.id, f"{HOSTILE}\nVALUE:{f.id};")
    wb.incidents = {
        "INC-1": Incident.model_validate(
            {"class": "cybersecurity", "title": HOSTILE[:200], "aware": date(2026, 10, 1)}
        )
    }
    wb.incidents["INC-1"].notes = HOSTILE
    return wb
