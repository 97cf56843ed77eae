"""The workbook header: drawn as the Rich grid it replaced, and fresh on every screen."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from gpai_tui.document import ItemEdit
from gpai_tui.engine.edit import Edit
from gpai_tui.tui.app import make_app
from gpai_tui.tui.labels import percent
from gpai_tui.tui.widgets.workbook_header import SplitLine, WorkbookHeader
from tests.tui.conftest import AS_OF, SIZE, run, settle


def _lines(renderable: RenderableType, width: int) -> list[list[tuple[str, Style | None]]]:
    console = Console(width=width, color_system="truecolor", file=open("/dev/null", "w"))  # noqa: SIM115
    options = console.options.update(width=width, height=None, highlight=False)
    lines = console.render_lines(renderable, options, pad=True)
    # No style and an empty style draw the same (padding of an empty cell has either).
    plain = ([Segment(s.text, s.style or Style()) for s in line] for line in lines)
    return [[(s.text, s.style) for s in Segment.simplify(line)] for line in plain]


def test_split_line_draws_what_the_grid_drew_at_every_width() -> None:
    plain = Text(no_wrap=True, overflow="ellipsis")
    plain.append("Aurora Labs GmbH", style="bold").append(" · ").append("Aurora-2", style="bold")
    plain.append("  example.toml", style="dim").append("  ● modified", style="bold yellow")
    wide = Text(no_wrap=True, overflow="ellipsis")
    wide.append(" READ-ONLY ", style="bold reverse yellow").append(" ")
    wide.append("株式会社テスト" * 3, style="bold").append(" · model")
    right = Text("  ", no_wrap=True).append("as of 2026-06-01  ", style="dim")
    right.append("Overall ").append("██████░░░░░░", style="green").append("  77.2%")
    for left in (plain, wide, Text("", no_wrap=True, overflow="ellipsis")):
        line = SplitLine(left, right)
        for width in range(1, 130):
            assert _lines(line, width) == _lines(line.grid(), width), (left.plain, width)


def test_headers_of_hidden_screens_are_fresh_when_shown(workbook_path: Path) -> None:
    """A tick on the Code screen does not redraw the dashboard's header at once (hidden),
    but the dashboard shows the new overall figure as soon as it is shown again."""
    app = make_app(workbook_path, as_of=AS_OF, watch_interval=None)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            dashboard = app.screen
            before = app.evaluation.overall.completeness
            await pilot.press("c")
            await settle(pilot)
            item = next(i for i in app.evaluation.items if i.applicable and i.ticked == 0)
            app.apply(ItemEdit(item.id, Edit(check=(item.checkpoints[0].id,))))
            await settle(pilot)
            after = app.evaluation.overall.completeness
            assert percent(after) != percent(before)
            shown = app.screen.query_one(WorkbookHeader).render_line(0).text
            assert percent(after) in shown
            hidden = dashboard.query_one(WorkbookHeader)
            assert percent(before) in hidden.render_line(0).text  # not redrawn while hidden
            await pilot.press("d")
            await settle(pilot)
            assert app.screen is dashboard
            assert percent(after) in hidden.render_line(0).text and "modified" in str(
                hidden.render_line(0).text
            )

    run(scenario)
