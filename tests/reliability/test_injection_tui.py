"""Injection through the TUI: every payload on every screen, never interpreted.

A workbook carrying one payload in every free-text field, an incident id and a
conflict path is opened in the real app. On each screen (the conflicts dialog
that opens first, dashboard, Code with a measure selected, outstanding, MDF,
training summary, profile) the rendered screen (the segments Textual sends to the terminal) must
hold no raw control, C1 or bidi character, the app must not crash (a markup
error would), and markup payloads must appear as written somewhere on screen.

``make test`` runs the markup payloads, OSC 52, a bidi override, and all 52
payloads at once in one workbook; ``--soak`` runs every payload on its own.
"""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.screen import ModalScreen

from gpai_tui.tui.app import GpaiApp, make_app
from gpai_tui.workbook import save_workbook
from tests.reliability.payloads import LITERAL_MARKUP, PAYLOADS, inject, terminal_unsafe

AS_OF = date(2026, 6, 1)
SIZE = (160, 50)
CORE = {"bidi-rlo", "all-at-once"}
"""Payloads run in ``make test``: every payload at once (which holds each literal-markup
and escape payload) and the bidi override alone (it reorders what follows it); each
payload alone needs ``--soak`` (a visit of every screen takes ~10 s)."""
CASES = {**PAYLOADS, "all-at-once": "".join(PAYLOADS.values())}


def screen_text(app: GpaiApp) -> str:
    """The text of every cell of the current screen, as sent to the terminal."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


async def settle(pilot: Pilot[int]) -> None:
    await pilot.pause()
    if not isinstance(pilot.app.screen, ModalScreen):
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize(
    "name", [n if n in CORE else pytest.param(n, marks=pytest.mark.slow) for n in CASES]
)
def test_every_screen_shows_the_payload_as_data(name: str, tmp_path: Path) -> None:
    payload = CASES[name]
    path = tmp_path / "w.toml"
    save_workbook(inject(payload, in_keys=True), path)
    app = make_app(path, as_of=AS_OF, watch_interval=None)
    seen: dict[str, str] = {}
    problems: list[str] = []

    async def look(pilot: Pilot[int], where: str) -> None:
        await settle(pilot)
        assert app._exception is None, f"{where}: the app crashed: {app._exception!r}"
        text = screen_text(app)
        unsafe = terminal_unsafe(text)
        if unsafe:
            problems.append(f"{where}: raw {unsafe} on screen")
        seen[where] = text

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await look(pilot, "conflicts dialog")
            await pilot.press("escape")
            await look(pilot, "dashboard")
            await pilot.press("slash", *"CR-1.1", "enter")
            await look(pilot, "code CR-1.1")
            await pilot.press("slash", *"CR-1.2", "enter")
            await look(pilot, "code CR-1.2 (not applicable, justification)")
            for key, where in (
                ("o", "outstanding"),
                ("m", "mdf"),
                ("t", "training summary"),
                ("p", "profile"),
            ):
                await pilot.press("escape", key)
                await look(pilot, where)
            await pilot.press("question_mark")
            await look(pilot, "keys")

    asyncio.run(scenario())
    assert problems == [], "\n".join(problems)
    assert app.return_code in (None, 0), app.return_code
    if name in LITERAL_MARKUP:
        everything = "\n".join(seen.values())
        shown = payload[:12]
        assert shown in everything, f"{shown!r} (markup) is not shown literally on any screen"
