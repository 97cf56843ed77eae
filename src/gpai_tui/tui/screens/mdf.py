"""The Model Documentation Form screen: sections and fields, audiences, values, completeness.

Left, every section and field of the form: a filled (``●``) or empty (``○``) marker, the
audience badges (AIO / NCA / DP) and the name. Right, the highlighted field: what to
write, who receives it, and its value in a multi-line editor (one editor per modality
or version for repeating fields). Above, how full each audience's pack is
("downstream pack: 14/19 fields"), or why the form is not required. Every edit goes
through the document (``MdfEdit``, undoable) and the counts come from the engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from gpai_tui.catalogue import MdfField, load_catalogue
from gpai_tui.document import MdfEdit
from gpai_tui.engine.mdf import (
    AUDIENCE_BADGES,
    AUDIENCE_LABELS,
    AUDIENCES,
    is_filled,
    pack_count_text,
    profile_facts,
)
from gpai_tui.text import safe
from gpai_tui.tui.labels import Colors
from gpai_tui.tui.registry import go_binding
from gpai_tui.tui.screens.base import ModeScreen
from gpai_tui.tui.widgets.workbook_header import KeyFooter, WorkbookHeader
from gpai_tui.workbook import MdfValue

if TYPE_CHECKING:
    from gpai_tui.tui.app import GpaiApp

MODALITIES = ("text", "images", "audio", "video", "other")
"""Entries offered for a field that repeats per modality (others can be added)."""
FILLED, EMPTY = "●", "○"
"""Markers that read without colour."""


def badges(field: MdfField, colors: Colors) -> Text:
    """``AIO NCA DP`` with a fixed slot per audience, so the names line up."""
    text = Text()
    for audience in AUDIENCES:
        badge = AUDIENCE_BADGES[audience]
        if audience in field.audiences:
            text.append(badge, style=f"bold {colors.accent}")
        else:
            text.append("·".ljust(len(badge)), style="dim")
        text.append(" ")
    return text


def field_prompt(
    field: MdfField, value: MdfValue | None, colors: Colors, prefill: str | None = None
) -> Text:
    """One row of the field list: marker, badges, name (and "pre-filled" while a
    value from the profile waits to be accepted)."""
    filled = is_filled(value)
    prompt = Text(no_wrap=False)
    prompt.append(FILLED if filled else EMPTY, style=colors.success if filled else "dim")
    prompt.append(" ")
    prompt.append_text(badges(field, colors))
    prompt.append(field.name)
    if not filled and prefill is not None:
        prompt.append("  pre-filled", style=f"italic {colors.warning}")
    return prompt


class MdfScreen(ModeScreen):
    """The form. ``enter`` edits the highlighted field, ``escape`` returns to the list."""

    BINDINGS = [
        Binding("enter", "edit", "Edit", show=False, id="mdf.edit"),
        Binding("escape", "back", "Fields", id="mdf.back"),
        Binding("a", "add_entry", "Add entry", show=False, id="mdf.add-entry"),
        Binding(
            "f",
            "accept_prefill",
            "Accept pre-fill",
            show=False,
            tooltip="Keep the value pre-filled from the profile",
            id="mdf.accept",
        ),
        Binding("j", "move(1)", "Down", show=False, id="mdf.down"),
        Binding("k", "move(-1)", "Up", show=False, id="mdf.up"),
        go_binding("code"),
        go_binding("dashboard"),
    ]
    CSS_PATH = "mdf.tcss"
    help_topic = "mdf"

    def __init__(self) -> None:
        super().__init__()
        self.catalogue = load_catalogue()
        """The catalogue of the open workbook (set again on mount)."""
        self.field_id: str | None = None
        """The field shown on the right."""
        self._shown: dict[str, str] = {}
        """Editor id -> the text put in it (so only real typing becomes an edit)."""
        self._keys: list[str] = []
        """Entry names of the repeating field shown, in editor order."""
        self._drawn: dict[str, tuple[bool, Colors, str | None]] = {}
        """Field id -> (filled, colours) of the row as last drawn."""

    @property
    def gpai(self) -> GpaiApp:
        """The app, typed."""
        return cast("GpaiApp", self.app)

    def compose(self) -> ComposeResult:
        yield WorkbookHeader()
        yield Static(id="mdf-summary", classes="section")
        with Horizontal(id="mdf-body"):
            yield OptionList(id="mdf-fields")
            with VerticalScroll(id="mdf-detail"):
                yield Static(id="mdf-field-title")
                yield Static(id="mdf-field-facts")
                yield Label("Value", id="mdf-value-label", classes="section")
                yield TextArea(id="mdf-value", soft_wrap=True, tab_behavior="focus")
                yield Vertical(id="mdf-entries")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.catalogue = load_catalogue(self.gpai.workbook.code)
        colors = Colors.from_theme(self.app.theme_variables)
        facts = profile_facts(self.gpai.workbook)
        options: list[Option | None] = []
        for section in self.catalogue.mdf:
            title = f"{section.number}. {section.title}" if section.number else section.title
            options.append(
                Option(Text(title, style="bold"), id=f"section:{section.id}", disabled=True)
            )
            for field in section.fields:
                value = self.gpai.workbook.mdf.get(field.id)
                prefill = facts.get(field.id)
                options.append(Option(field_prompt(field, value, colors, prefill), id=field.id))
        field_list = self.query_one(OptionList)
        field_list.add_options(options)
        # Hidden, it draws once when shown again (not on every edit elsewhere).
        self.redraw_on(self._redraw, "evaluation", "theme")
        self.watch(self.gpai, "generation", self._reload, init=False)
        first = next(f for s in self.catalogue.mdf for f in s.fields)
        field_list.highlighted = field_list.get_option_index(first.id)
        field_list.focus()
        self._redraw()

    # -- attributes down ---------------------------------------------------------------

    def _redraw(self, *_: Any) -> None:
        """Counts, markers and the shown field's facts (never the text being typed)."""
        colors = Colors.from_theme(self.app.theme_variables)
        mdf = self.gpai.evaluation.mdf
        summary = Text()
        summary.append("Model Documentation Form  ", style="bold")
        summary.append(f"{mdf.filled}/{mdf.total} fields filled\n")
        packs = []
        for audience in AUDIENCES:
            filled, total = mdf.per_audience[audience]
            style = colors.success if filled == total else ""
            packs.append(Text(pack_count_text(audience, filled, total), style=style))
        summary.append_text(Text("  ·  ").join(packs))
        if not mdf.required:
            summary.append("\nNot required for this model: ", style=f"bold {colors.warning}")
            summary.append(safe(mdf.reason), style=colors.warning)
        self.query_one("#mdf-summary", Static).update(summary)
        field_list = self.query_one(OptionList)
        facts = profile_facts(self.gpai.workbook)
        for field in self.catalogue.mdf_fields():
            value = self.gpai.workbook.mdf.get(field.id)
            prefill = facts.get(field.id)
            state = (is_filled(value), colors, prefill)
            if self._drawn.get(field.id) != state:  # only rows whose marker changed
                self._drawn[field.id] = state
                prompt = field_prompt(field, value, colors, prefill)
                field_list.replace_option_prompt(field.id, prompt)
        if self.field_id is not None:
            self._facts(self.field_id, colors)

    def _facts(self, field_id: str, colors: Colors) -> None:
        field = self.catalogue.mdf_field(field_id)
        assert field is not None
        title = Text().append(field.name, style=f"bold {colors.accent}")
        title.append(f"  {field.id}", style="dim")
        self.query_one("#mdf-field-title", Static).update(title)
        facts = Text()
        filled = is_filled(self.gpai.workbook.mdf.get(field_id))
        facts.append(f"{FILLED} filled" if filled else f"{EMPTY} empty", style="bold")
        facts.append("   For: ")
        facts.append_text(badges(field, colors))
        names = ", ".join(AUDIENCE_LABELS[a] for a in AUDIENCES if a in field.audiences)
        facts.append(f"({names})", style="dim")
        if field.unverified:
            facts.append("\nRecipients not confirmed on the final form", style=colors.warning)
            facts.append(f" (basis {field.basis}).", style="dim")
        if field.description:
            facts.append(f"\n\n{field.description}")
        if field.repeats:
            facts.append(f"\n\nOne value per {field.repeats}; `a` adds a {field.repeats}.")
        prefill = profile_facts(self.gpai.workbook).get(field_id)
        if not filled and prefill is not None:
            facts.append("\n\nPre-filled from the model profile: ", style=f"bold {colors.warning}")
            facts.append(safe(prefill))
            facts.append("\nf accepts it (or type your own value); until then it is empty.")
        self.query_one("#mdf-field-facts", Static).update(facts)

    def show_field(self, field_id: str) -> None:
        """Show ``field_id`` on the right, loading its value into the editor(s)."""
        field = self.catalogue.mdf_field(field_id)
        if field is None:
            return
        self.field_id = field_id
        self._facts(field_id, Colors.from_theme(self.app.theme_variables))
        value = self.gpai.workbook.mdf.get(field_id)
        editor = self.query_one("#mdf-value", TextArea)
        editor.display = field.repeats is None
        self.query_one("#mdf-value-label", Label).display = field.repeats is None
        self._shown = {}
        if field.repeats is None:
            text = safe(value.replace("\r\n", "\n")) if isinstance(value, str) else ""
            self._shown["mdf-value"] = text
            editor.load_text(text)
        self._build_entries(field, value)

    def _build_entries(self, field: MdfField, value: MdfValue | None) -> None:
        box = self.query_one("#mdf-entries", Vertical)
        box.remove_children()
        self._keys = []
        if field.repeats is None:
            return
        table = value if isinstance(value, dict) else {}
        keys = list(table)
        if field.repeats == "modality":
            keys += [m for m in MODALITIES if m not in table]
        for key in keys:
            self._add_editor(key, safe(table.get(key, "").replace("\r\n", "\n")))

    def _add_editor(self, key: str, text: str) -> TextArea:
        index = len(self._keys)
        self._keys.append(key)
        editor = TextArea(text, id=f"mdf-entry-{index}", soft_wrap=True, tab_behavior="focus")
        self._shown[f"mdf-entry-{index}"] = text
        box = self.query_one("#mdf-entries", Vertical)
        box.mount(Label(Text(safe(key, keep_newlines=False), style="bold"), classes="section"))
        box.mount(editor)
        return editor

    def _reload(self, *_: Any) -> None:
        """The workbook was replaced (reload from disk): show its values."""
        if self.field_id is not None:
            self.show_field(self.field_id)
        self._redraw()

    # -- user actions ------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#mdf-fields")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and not event.option.id.startswith("section:"):
            self.show_field(event.option.id)

    @on(OptionList.OptionSelected, "#mdf-fields")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_edit()

    def action_accept_prefill(self) -> None:
        """``f``: store the value pre-filled from the profile in the shown field."""
        field_id = self.field_id
        prefill = profile_facts(self.gpai.workbook).get(field_id or "")
        if field_id is None or prefill is None:
            self.notify("Nothing pre-filled here.", markup=False)
            return
        if is_filled(self.gpai.workbook.mdf.get(field_id)):
            self.notify("This field already has a value.", markup=False)
            return
        if self.gpai.apply(MdfEdit(field_id, prefill)) is not None:
            self.show_field(field_id)

    def select_field(self, field_id: str) -> None:
        """Highlight ``field_id`` in the list and show it (find's ``enter``)."""
        field_list = self.query_one(OptionList)
        field_list.highlighted = field_list.get_option_index(field_id)
        self.show_field(field_id)
        field_list.focus()

    def action_edit(self) -> None:
        """Move the focus to the value editor of the shown field."""
        editors = [e for e in self.query("#mdf-detail TextArea").results(TextArea) if e.display]
        if editors:
            editors[0].focus()
            editors[0].move_cursor(editors[0].document.end)

    def action_move(self, step: int) -> None:
        """Move in the field list (``j`` / ``k``)."""
        field_list = self.query_one(OptionList)
        if step > 0:
            field_list.action_cursor_down()
        else:
            field_list.action_cursor_up()

    def action_back(self) -> None:
        """Back to the field list."""
        self.query_one(OptionList).focus()

    @work(exit_on_error=False, group="dialogs")
    async def action_add_entry(self) -> None:
        """Add a modality (or version) to the shown repeating field."""
        field = self.catalogue.mdf_field(self.field_id or "")
        if field is None or field.repeats is None:
            self.notify("Only repeating fields take more entries.", markup=False)
            return
        from gpai_tui.tui.screens.prompt import TextPromptDialog

        def check(value: str) -> str | None:
            name = value.strip()
            if not name:
                return f"Give the {field.repeats} a name."
            if name in self._keys:
                return f"{name} is already listed."
            return None

        name = await self.app.push_screen_wait(
            TextPromptDialog(
                f"Add a {field.repeats} to {field.name}",
                f"The {field.repeats} this value is for (e.g. "
                + ("text, images" if field.repeats == "modality" else "2.1")
                + ").",
                ok="Add",
                check=check,
            )
        )
        if name:
            self._add_editor(name.strip(), "").focus()

    @on(TextArea.Changed)
    def _typed(self, event: TextArea.Changed) -> None:
        editor = event.text_area
        if editor.id is None or editor.id not in self._shown or self.field_id is None:
            return
        if editor.text == self._shown[editor.id]:
            return
        self._shown[editor.id] = editor.text
        field = self.catalogue.mdf_field(self.field_id)
        assert field is not None
        value: MdfValue
        if field.repeats is None:
            value = editor.text
        else:
            value = {}
            for index, key in enumerate(self._keys):
                text = self.query_one(f"#mdf-entry-{index}", TextArea).text
                if key in value:
                    continue
                value[key] = text
        self.gpai.apply(MdfEdit(field.id, value), typing=True)
