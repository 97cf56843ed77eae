"""Injection into the Rich renderables themselves, on a console that *does* parse markup.

The CLI console has markup off, but the renderables in ``gpai_tui.report`` are
reusable (the TUI, a pager, a future command may print them with markup on).
Every piece of user text must therefore be a ``Text`` object, never a markup
string: rendered on a markup-enabled, colour terminal, the payload still comes
out literally and no escape sequence other than Rich's own colours appears.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

from gpai_tui.engine import evaluate
from gpai_tui.engine.portfolio import Summary, load_one
from gpai_tui.report.status import portfolio_status, workbook_status
from gpai_tui.workbook import save_workbook
from tests.reliability.payloads import LITERAL_MARKUP, PAYLOADS, inject, short, terminal_unsafe

AS_OF = date(2026, 11, 25)
RICH_SGR = re.compile(r"\x1b\[[0-9;]*m")


def render(renderable: object) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        markup=True,
        emoji=True,
        highlight=True,
        force_terminal=True,
        color_system="truecolor",
        width=140,
    )
    console.print(renderable)
    return buffer.getvalue()


def plain(text: str) -> str:
    return RICH_SGR.sub("", text)


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_workbook_status_renderable(name: str) -> None:
    workbook = inject(PAYLOADS[name], in_keys=True)
    out = render(workbook_status(workbook, evaluate(workbook, AS_OF), "w.toml"))
    assert terminal_unsafe(plain(out)) == [], "a payload escape sequence was printed"
    if name in LITERAL_MARKUP:
        assert PAYLOADS[name] in plain(out)


@pytest.mark.parametrize("name", [*LITERAL_MARKUP, "ansi-sgr-red", "osc52-clipboard"])
def test_portfolio_renderable(name: str, tmp_path: Path) -> None:
    save_workbook(inject(PAYLOADS[name]), tmp_path / "w.toml")
    out = render(portfolio_status([Summary.of(load_one(tmp_path / "w.toml", AS_OF))], tmp_path))
    assert terminal_unsafe(plain(out)) == []
    if name in LITERAL_MARKUP:
        assert short(PAYLOADS[name])[:8] in plain(out)
