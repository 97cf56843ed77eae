"""Every private Textual API we rely on still exists, and docs/ARCHITECTURE.md lists it.

When Textual is upgraded and one of these goes, this test fails first and names it
(rather than a crash report, a slow first paint or a broken benchmark).
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from textual.app import App
from textual.screen import Screen

ROOT = Path(__file__).resolve().parents[2]

CLASS_ATTRIBUTES = [
    ("textual.app:App", "_fatal_error"),
    ("textual.app:App", "_close_messages_no_wait"),
    ("textual.app:App", "_unnotify"),
    ("textual.scroll_view:ScrollView", "_size_updated"),
    ("textual.widgets:Footer", "bindings_changed"),
    ("textual.pilot:Pilot", "_wait_for_screen"),
    ("textual.screen:Screen", "_on_timer_update"),
    ("textual.screen:Screen", "_on_screen_resume"),
    ("textual.screen:Screen", "_on_screen_suspend"),
]
"""(``module:Class``, attribute) that must exist on the class."""

INSTANCE_ATTRIBUTES = [
    ("App", "_exception"),
    ("App", "_exit_renderables"),
    ("App", "_return_code"),
    ("App", "_css_update_count"),
    ("App", "_bindings"),
    ("App", "_message_queue"),
    ("App", "_notifications"),
    ("Screen", "_css_update_count"),
]
"""Attributes set on every App / Screen instance."""

MODULES = [
    ("textual.widgets._footer", "FooterKey"),
    ("textual.widgets._text_area", "TextArea"),
]
"""Private modules imported (or looked up in ``sys.modules``) and what we take from them."""


def _documented() -> str:
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    return text.split("## Private Textual APIs", 1)[1]


@pytest.mark.parametrize(("target", "name"), CLASS_ATTRIBUTES)
def test_class_attribute_exists_and_is_listed(target: str, name: str) -> None:
    module, cls = target.split(":")
    assert hasattr(getattr(importlib.import_module(module), cls), name), f"{cls}.{name} is gone"
    assert f"{cls}.{name}" in _documented()


def test_instance_attributes_exist_and_are_listed() -> None:
    instances = {"App": App(), "Screen": Screen()}
    for owner, name in INSTANCE_ATTRIBUTES:
        assert hasattr(instances[owner], name), f"{owner}().{name} is gone"
        assert f"{owner}.{name}" in _documented(), f"{owner}.{name} is not listed"


def test_private_modules_exist_and_are_listed() -> None:
    for module, name in MODULES:
        assert hasattr(importlib.import_module(module), name), f"{module}.{name} is gone"
        assert module in _documented()
