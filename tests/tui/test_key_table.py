"""The README's key table and the ``?`` help match the app's bindings (issue 15,
acceptance 4): every key the README names is bound, every key bound on the app and its
screens is in the README, and the ``?`` page lists each binding with its key."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

from textual.binding import Binding

from gpai_tui.tui.app import GpaiApp
from gpai_tui.tui.registry import HELP_WIDGETS, SCREENS
from gpai_tui.tui.screens.help import HelpScreen
from gpai_tui.tui.widgets.measure_detail import MeasureDetail
from tests.tui.conftest import SIZE, run, settle

ROOT = Path(__file__).resolve().parents[2]
NAMES = {
    "/": "slash",
    "?": "question_mark",
    ":": "colon",
    "[": "left_square_bracket",
    "]": "right_square_bracket",
    "del": "delete",
    "F1": "f1",
}
"""How the README spells a key -> Textual's key name."""
NOT_IN_README = {"j", "k", "up", "down", "pageup", "pagedown", "shift+tab", "1", "2"}
"""Bound keys the README covers in prose (lists, sorting, scrolling) rather than the table."""


def _load(target: str) -> Any:
    module, name = target.split(":")
    return getattr(importlib.import_module(module), name)


def readme_keys() -> set[str]:
    """Every backticked key in the first column of the README's key table."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("| keys | |", 1)[1].split("\n\n", 1)[0]
    keys: set[str] = set()
    for row in table.splitlines()[1:]:
        first = row.split("|")[1]
        for key in re.findall(r"`([^`]+)`", first):
            keys.add(NAMES.get(key, key))
    return keys


def bound_keys() -> dict[str, Binding]:
    """Key -> binding, for the app, its screens, the Code editor and the help's widgets."""
    owners: list[Any] = [GpaiApp, MeasureDetail]
    owners += [_load(spec.factory) for spec in SCREENS]
    owners += [_load(target) for _, target in HELP_WIDGETS]
    found: dict[str, Binding] = {}
    for owner in owners:
        for binding in owner.BINDINGS:
            if isinstance(binding, Binding):
                for key in binding.key.split(","):
                    found.setdefault(key.strip(), binding)
    return found


def test_every_key_in_the_readme_is_bound() -> None:
    bound = bound_keys()
    built_in = {"enter", "tab", "escape", "space"}  # lists and fields (Textual)
    missing = sorted(k for k in readme_keys() if k not in bound and k not in built_in)
    assert not missing, f"the README names keys nothing binds: {missing}"


def test_every_screen_and_app_key_is_in_the_readme() -> None:
    owners: list[Any] = [GpaiApp, *(_load(spec.factory) for spec in SCREENS)]
    documented = readme_keys()
    missing = set()
    for owner in owners:
        for binding in owner.BINDINGS:
            if not isinstance(binding, Binding) or binding.system:
                continue
            for key in binding.key.split(","):
                key = key.strip()
                if key not in documented and key not in NOT_IN_README:
                    missing.add(f"{key} ({owner.__name__}: {binding.description})")
    assert not missing, f"bound but not in the README's key table: {sorted(missing)}"


def test_the_keys_help_lists_every_binding(app: GpaiApp) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("question_mark")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, HelpScreen)
            from tests.tui.test_first_use import plain

            text = plain(screen.body)
            owners: list[Any] = [GpaiApp, *(_load(spec.factory) for spec in SCREENS)]
            owners += [_load(target) for _, target in HELP_WIDGETS]
            for owner in owners:
                covered: set[str] = set()  # "1-6" stands for sort(0) ... sort(5)
                for binding in Binding.make_bindings(owner.BINDINGS):
                    name = binding.action.split("(")[0]
                    if binding.system or not binding.description or name in covered:
                        continue
                    if binding.key_display is not None and "(" in binding.action:
                        covered.add(name)
                    shown = app.get_key_display(binding)
                    assert shown in text, f"{shown} ({owner.__name__}: {binding.description})"

    run(scenario)
