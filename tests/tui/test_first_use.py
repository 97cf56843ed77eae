"""What a new user trips over (issue 15): statuses in words, the NA justification, ..."""

from __future__ import annotations

import io
import re
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import cast

from rich.console import Console
from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, Footer, Input, OptionList
from textual.widgets._footer import FooterKey

from gpai_tui.catalogue import load_catalogue
from gpai_tui.engine import evaluate
from gpai_tui.engine.edit import Edit, apply_edit
from gpai_tui.engine.mdf import profile_facts
from gpai_tui.report.export import export_text
from gpai_tui.tui.app import GpaiApp, make_app
from gpai_tui.tui.glossary import GLOSSARY
from gpai_tui.tui.labels import Colors, iso, item_label
from gpai_tui.tui.screens.choice import ChoiceDialog
from gpai_tui.tui.screens.find import search, search_mdf
from gpai_tui.tui.screens.help import HelpScreen
from gpai_tui.tui.screens.mdf import MdfScreen
from gpai_tui.tui.screens.outstanding import OutstandingScreen
from gpai_tui.tui.screens.prompt import TextPromptDialog
from gpai_tui.tui.widgets.measure_tree import MeasureTree
from gpai_tui.tui.widgets.text_view import RichLines
from gpai_tui.tui.widgets.workbook_header import WorkbookHeader
from gpai_tui.words import status_prose
from gpai_tui.workbook import load_workbook, save_workbook
from gpai_tui.workbook.model import MAX_SHORT
from tests.tui.conftest import AS_OF, EXAMPLE, SIZE, run, settle


def status_cells(table: DataTable[object], column: int) -> list[str]:
    """The text of one column, row by row."""
    return [str(table.get_row_at(row)[column]) for row in range(table.row_count)]


def test_dashboard_and_outstanding_spell_statuses_in_words(app: GpaiApp) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            deadlines = app.screen.query_one("#deadlines", DataTable)
            shown = status_cells(deadlines, 3)
            assert shown and "in-progress" not in shown and "todo" not in shown
            await pilot.press("o")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, OutstandingScreen)
            table = screen.query_one(DataTable)
            shown = status_cells(table, 2)
            expected = [status_prose(o.status) for o in screen.rows()]
            assert shown == expected
            assert "in progress" in shown  # the example has measures in progress

    run(scenario)


def shown(app: GpaiApp, widget_id: str) -> str:
    """The text a widget of the detail shows, line by line."""
    widget = app.screen.query_one(f"#{widget_id}", RichLines)
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


def test_leaving_not_applicable_clears_the_justification_and_undo_restores_it(
    app: GpaiApp, workbook_path: Path
) -> None:
    def entry() -> dict[str, object]:
        data = tomllib.loads(workbook_path.read_text(encoding="utf-8"))
        return cast(dict[str, object], data["measures"]["SS-10.2"])

    justification = entry()["justification"]
    assert entry()["status"] == "not-applicable" and justification

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await app.goto_item("SS-10.2")
            await settle(pilot)
            # Marked not applicable: no legal date and no completeness in the detail.
            item = app.evaluation.item("SS-10.2")
            facts = shown(app, "item-facts")
            assert "Legal date" in facts and iso(item.due) not in facts
            heading = shown(app, "checkpoints-heading")
            assert "%" not in heading and "required ticked" not in heading
            await pilot.press("s", "ctrl+s")
            await settle(pilot)
            assert entry()["status"] == "todo" and "justification" not in entry()
            facts = shown(app, "item-facts")
            assert iso(app.evaluation.item("SS-10.2").due) in facts
            await pilot.press("ctrl+z", "ctrl+s")
            await settle(pilot)
            assert entry()["status"] == "not-applicable"
            assert entry()["justification"] == justification

    run(scenario)


def test_a_field_error_toast_goes_once_the_value_is_fixed(
    app: GpaiApp, workbook_path: Path
) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await app.goto_item("CR-1.3")
            await settle(pilot)
            owner = app.screen.query_one("#owner", Input)
            owner.focus()
            too_long = "x" * (MAX_SHORT + 1)
            for length in (0, 1):  # two refused keys: one toast, not two
                owner.value = too_long + "y" * length
                await settle(pilot)
            errors = [n for n in app._notifications if n.severity == "error"]
            assert len(errors) == 1 and "owner" in errors[0].message
            owner.value = "m.rossi-2"
            await settle(pilot)
            assert not [n for n in app._notifications if n.severity == "error"]
            await pilot.press("ctrl+s")
            await settle(pilot)
            data = tomllib.loads(workbook_path.read_text(encoding="utf-8"))
            assert data["measures"]["CR-1.3"]["owner"] == "m.rossi-2"

    run(scenario)


def test_keys_typed_while_a_dialog_opens_go_to_the_dialog(
    app: GpaiApp, workbook_path: Path
) -> None:
    """``a`` then a reference and ``enter`` arrive together (a fast typist, a paste of
    keys): the dialog opens from a worker, and none of the keys reach the editor."""

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await app.goto_item("CR-1.3")  # the checkpoint list has the focus
            await settle(pilot)
            before = app.workbook.get_entry("CR-1.3").model_copy()
            for key in ["a", *"docs/x.md", "enter"]:  # all queued before any is handled
                character = key if len(key) == 1 else ("\r" if key == "enter" else None)
                app.post_message(events.Key(key if key != "." else "full_stop", character))
            await settle(pilot)
            await settle(pilot)
            entry = app.workbook.get_entry("CR-1.3")
            assert entry.evidence_refs == [*before.evidence_refs, "docs/x.md"]
            assert entry.status == before.status and entry.checks == before.checks

    run(scenario)


def test_find_searches_what_an_officer_writes_and_says_where() -> None:
    workbook = load_workbook(EXAMPLE)
    evaluation = evaluate(workbook, AS_OF)
    cases = {
        "COMP-214": ("TR-1.1", "notes"),  # a ticket in the notes
        "aurora-2-v2.1.pdf": ("TR-1.1", "evidence"),
        "safe reference model": ("SS-10.2", "justification"),
        "m.rossi": ("CR-1.3", "owner"),
    }
    for query, (item_id, where) in cases.items():
        found = {f.key: f for f in search(evaluation, query, workbook)}
        assert item_id in found, query
        assert found[item_id].where == where and query.lower() in found[item_id].snippet.lower()
    label = evaluation.item("CR-1.3").checkpoints[0].label
    words = " ".join(label.split()[:3])
    assert any(f.where == "checkpoint" for f in search(evaluation, words, workbook))
    form = load_catalogue(workbook.code)
    mixture = search_mdf(form, workbook, "mixture-of-experts")
    assert [(f.key, f.where) for f in mixture] == [("mdf:model-architecture", "value")]


def test_find_on_the_mdf_screen_goes_to_the_form_field(app: GpaiApp) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("m")
            await settle(pilot)
            await pilot.press("slash", *"mixture", "enter")
            await settle(pilot)
            assert app.current_mode == "mdf"
            assert getattr(app.screen, "field_id", None) == "model-architecture"

    run(scenario)


def test_tree_width_shows_whole_titles_and_brackets_change_it_for_good(
    workbook_path: Path,
) -> None:
    widths: list[int] = []

    async def scenario(presses: tuple[str, ...]) -> None:
        app = make_app(workbook_path, as_of=AS_OF, watch_interval=None)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("c")
            await settle(pilot)
            tree = app.screen.query_one(MeasureTree)
            widths.append(tree.outer_size.width)
            # Every measure row with a title of 45 characters fits: guide (6 cells),
            # glyph, id, percent and title, then the border and scroll bar.
            colors = Colors.from_theme(app.theme_variables)
            for item in app.evaluation.items:
                if item.kind == "measure" and item.applicable:
                    short = replace(item, title=item.title[:45])
                    assert 6 + item_label(short, colors).cell_len + 2 <= tree.outer_size.width
            if presses:
                await pilot.press(*presses)
                await settle(pilot)
                widths.append(tree.outer_size.width)

    run(lambda: scenario(("right_square_bracket", "right_square_bracket")))
    run(lambda: scenario(("left_square_bracket",)))
    run(lambda: scenario(()))
    assert widths[1] == widths[0] + 8  # wider by two steps
    assert widths[2] == widths[1]  # remembered by the next session
    assert widths[3] == widths[2] - 4 == widths[4]


def test_abbreviations_are_glossed_on_first_use_and_listed_in_help(app: GpaiApp) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("p")
            await settle(pilot)
            labels = [str(label.render()) for label in app.screen.query("Label.section")]
            flop = [text for text in labels if "FLOP" in text]
            assert "FLOP, floating-point operations)" in flop[0]
            assert all("(floating-point operations)" not in text for text in flop[1:])
            await pilot.press("question_mark")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)
            body = plain(app.screen.body)
            for term, meaning in GLOSSARY.items():
                assert re.search(rf"{term}\s+{meaning}", body), term

    run(scenario)


def plain(renderable: object) -> str:
    console = Console(width=100, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def test_external_change_dialog_says_what_changed_on_disk(
    app: GpaiApp, workbook_path: Path
) -> None:
    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await app.goto_item("TR-1.3")
            await pilot.press("s")  # ours: TR-1.3 in progress (unsaved)
            await settle(pilot)
            other = load_workbook(workbook_path)  # theirs: SS-1.3 in progress
            apply_edit(other, "SS-1.3", Edit(status="in-progress"))
            save_workbook(other, workbook_path)
            await pilot.press("ctrl+s")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, ChoiceDialog) and dialog.detail is not None
            text = plain(dialog.detail)
            assert "SS-1.3" in text and "TR-1.3" in text
            assert "shown here" in text and "on disk" in text
            await pilot.press("escape")
            await settle(pilot)

    run(scenario)


PROFILE_FIELDS = (
    "provider-legal-name",
    "model-name",
    "union-release-date",
    "training-compute-nca",
    "training-compute-aio",
)


def test_mdf_prefills_from_the_profile_until_accepted_and_packs_show_the_facts(
    workbook_path: Path,
) -> None:
    text = workbook_path.read_text(encoding="utf-8")
    head, mdf = text.split("\n[mdf]\n", 1)
    mdf_table, rest = mdf.split("\n[", 1) if "\n[" in mdf else (mdf, None)
    lines = mdf_table.splitlines(keepends=True)
    kept = [ln for ln in lines if not ln.startswith(tuple(f"{f} =" for f in PROFILE_FIELDS))]
    assert len(kept) == len(lines) - len(PROFILE_FIELDS)
    tail = "" if rest is None else "\n[" + rest
    workbook_path.write_text(head + "\n[mdf]\n" + "".join(kept) + tail, encoding="utf-8")
    workbook = load_workbook(workbook_path)
    facts = profile_facts(workbook)
    assert set(PROFILE_FIELDS) <= set(facts)
    assert facts["provider-legal-name"] == "Aurora Labs GmbH"
    assert facts["training-compute-aio"] == "3.1×10^25 FLOP"
    for audience in ("aio", "nca", "dp"):
        text = export_text(workbook, "md", audience, as_of=AS_OF)  # type: ignore[arg-type]
        rows = [ln for ln in text.splitlines() if "Legal name for the model provider" in ln]
        assert rows, audience
        for line in rows:
            assert "Not provided" not in line and "(from the model profile)" in line

    app = make_app(workbook_path, as_of=AS_OF, watch_interval=None)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("m")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, MdfScreen)
            screen.select_field("provider-legal-name")
            await settle(pilot)
            facts_text = str(screen.query_one("#mdf-field-facts").render())
            assert "Pre-filled from the model profile: Aurora Labs GmbH" in facts_text
            assert "provider-legal-name" not in app.workbook.mdf  # not until accepted
            await pilot.press("f", "ctrl+s")
            await settle(pilot)
            assert load_workbook(workbook_path).mdf["provider-legal-name"] == "Aurora Labs GmbH"
            facts_text = str(screen.query_one("#mdf-field-facts").render())
            assert "Pre-filled" not in facts_text

    run(scenario)


def test_palette_export_asks_the_path_remembers_the_folder_and_asks_before_replacing(
    app: GpaiApp, workbook_path: Path, tmp_path: Path
) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()

    async def wait_for(pilot: Pilot[int], kind: type) -> None:
        for _ in range(100):
            await settle(pilot)
            if isinstance(app.screen, kind):
                return
        raise AssertionError(f"no {kind.__name__}: {app.screen!r}")

    async def exported(pilot: Pilot[int]) -> None:
        for _ in range(200):
            await settle(pilot)
            if any("Exported" in n.message for n in app._notifications):
                app.clear_notifications()
                return
        raise AssertionError("not exported")

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await app.run_action("export('soa-csv')")  # one audience: no question
            await wait_for(pilot, TextPromptDialog)
            field = app.screen.query_one(Input)
            assert field.value == str(workbook_path.parent.resolve() / "example.soa.csv")
            field.value = str(reports / "first.csv")
            await pilot.press("enter")
            await exported(pilot)
            assert (reports / "first.csv").is_file()

            await app.run_action("export('soa-csv')")  # the folder is remembered
            await wait_for(pilot, TextPromptDialog)
            field = app.screen.query_one(Input)
            assert field.value == str(reports.resolve() / "example.soa.csv")
            field.value = str(reports / "first.csv")
            (reports / "first.csv").write_text("keep me", encoding="utf-8")
            await pilot.press("enter")
            await wait_for(pilot, ChoiceDialog)  # it exists: replace?
            await pilot.press("escape")  # no: back to the path, nothing written
            await wait_for(pilot, TextPromptDialog)
            assert (reports / "first.csv").read_text(encoding="utf-8") == "keep me"
            await pilot.press("enter")
            await wait_for(pilot, ChoiceDialog)
            await pilot.click("#choice-overwrite")
            await exported(pilot)
            assert (reports / "first.csv").read_text(encoding="utf-8") != "keep me"

    run(scenario)


def test_header_at_80_columns_never_runs_text_together(workbook_path: Path) -> None:
    app = make_app(workbook_path, as_of=AS_OF, watch_interval=None)

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            header = app.screen.query_one(WorkbookHeader)
            line = header.render_line(0).text
            assert "as of" in line and "Overall" in line
            assert not re.search(r"\S(as of|Overall)", line), line

    run(scenario)


def test_outstanding_at_80_columns_keeps_the_title_column(workbook_path: Path) -> None:
    app = make_app(workbook_path, as_of=AS_OF, watch_interval=None)

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("o")
            await settle(pilot)
            table = app.screen.query_one(DataTable)
            columns = [str(c.label) for c in table.ordered_columns]
            assert "Title" in columns and "Target" not in columns
            title_x = sum(c.get_render_width(table) for c in table.ordered_columns[:-1])
            assert title_x + 10 <= table.size.width  # at least 10 cells of every title

    run(scenario)


def test_export_dialog_at_80x24_shows_every_option(workbook_path: Path) -> None:
    app = make_app(workbook_path, as_of=AS_OF, watch_interval=None)

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await app.run_action("export('md')")
            for _ in range(50):
                await settle(pilot)
                if app.screen.query("#export-audience"):
                    break
            options = app.screen.query_one("#export-audience", OptionList)
            assert options.option_count == 5
            box = app.screen.query_one(".dialog-box").content_region
            shown = options.scrollable_content_region.intersection(box)
            assert options.virtual_size.height <= shown.height  # nothing cut off

    run(scenario)


def test_footer_at_80_columns_keeps_keys_and_quit(workbook_path: Path) -> None:
    app = make_app(workbook_path, as_of=AS_OF, watch_interval=None)

    def whole_keys() -> set[str]:
        """Keys whose footer entry is drawn whole, left of the palette key (docked right)."""
        footer = app.screen.query_one(Footer)
        keys = list(footer.query(FooterKey))
        palette = next(k for k in keys if k.has_class("-command-palette"))
        return {
            key.key
            for key in keys
            if key is not palette and key.region.width and key.region.right <= palette.region.x
        }

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            for screen in ("d", "o", "m"):
                await pilot.press(screen)
                await settle(pilot)
                assert {"question_mark", "q"} <= whole_keys(), screen
            await app.goto_item("CR-1.3")
            await settle(pilot)
            assert {"question_mark", "q"} <= whole_keys()

    run(scenario)
