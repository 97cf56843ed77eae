"""The training-summary screen (``t``): the Commission's template, section by section.

Left, the template's parts and sections with filled/required counts, and the fields
shown for this workbook: ``●`` filled, ``○`` empty, ``◌`` a proposal is waiting.
Fields behind a yes/no (2.1 - 2.6, the update cadence) appear once it is answered
yes. Right, the highlighted field: the template's wording, what to write in plain
words, and its editor: a text box, or a choice list for yes/no, modalities and size
bands (the template's bins). A value the workbook already knows (profile, MDF,
Copyright Measure 1.3) is shown as a proposal until ``a`` accepts it or the officer
types a value; nothing is written before that. Every edit goes through
:func:`gpai_tui.engine.summary.apply_summary_edit` and the counts come from the engine.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from gpai_tui.catalogue.summary import (
    SUMMARY_MODALITIES,
    SummaryField,
    expected,
    load_summary_template,
)
from gpai_tui.document import SummaryEdit
from gpai_tui.engine.summary import (
    is_filled,
    is_required,
    is_shown,
    parse_value,
    show_value,
    summary_problem,
    summary_result,
)
from gpai_tui.engine.summary_prefill import Proposal, proposals
from gpai_tui.errors import UsageError
from gpai_tui.text import safe
from gpai_tui.tui.labels import Colors
from gpai_tui.tui.registry import go_binding
from gpai_tui.tui.screens.base import ModeScreen
from gpai_tui.tui.widgets.workbook_header import KeyFooter, WorkbookHeader
from gpai_tui.workbook import SummaryValue

if TYPE_CHECKING:
    from gpai_tui.tui.app import GpaiApp

FILLED, EMPTY, PROPOSED = "●", "○", "◌"
"""Markers that read without colour."""
CHOICE_TYPES = ("yes-no", "modalities", "size-bands")
"""Field types edited with the choice list rather than a text box."""


def _editor_text(field: SummaryField, value: SummaryValue | None) -> str:
    """A stored value as the text box shows it (one entry per line)."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return "\n".join(f"{k} = {v}" for k, v in value.items())
    if isinstance(value, list):
        return "\n".join(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _from_editor(field: SummaryField, text: str) -> SummaryValue | None:
    """What the officer typed, in the field's type (``UsageError`` if it does not fit)."""
    if field.type == "datasets":
        text = "\n".join(line for line in text.splitlines() if line.strip())
    return parse_value(field.id, text)


class SummaryScreen(ModeScreen):
    """The summary. ``enter`` edits, ``a`` accepts a proposal, ``escape`` returns."""

    BINDINGS = [
        Binding("enter", "edit", "Edit", show=False, id="summary.edit"),
        Binding("escape", "back", "Fields", id="summary.back"),
        Binding("a", "accept", "Accept proposal", id="summary.accept"),
        Binding("j", "move(1)", "Down", show=False, id="summary.down"),
        Binding("k", "move(-1)", "Up", show=False, id="summary.up"),
        go_binding("code"),
        go_binding("mdf"),
    ]
    CSS_PATH = "summary.tcss"
    help_topic = "summary"

    def __init__(self) -> None:
        super().__init__()
        self.template = load_summary_template()
        self.field_id: str | None = None
        """The field shown on the right."""
        self._shown_text = ""
        """The text put in the editor (so only real typing becomes an edit)."""
        self._listed: tuple[str, ...] = ()
        """Option ids of the field list as last built."""
        self._proposals: dict[str, Proposal] = {}
        self._statics: dict[str, Text] = {}
        """Selector -> the text a Static shows (see :meth:`_update`)."""
        self._drawn: dict[str, Any] = {}
        """Option id -> its prompt as last drawn."""

    @property
    def gpai(self) -> GpaiApp:
        """The app, typed."""
        return cast("GpaiApp", self.app)

    def compose(self) -> ComposeResult:
        yield WorkbookHeader()
        yield Static(id="summary-counts", classes="section")
        with Horizontal(id="summary-body"):
            yield OptionList(id="summary-fields")
            with VerticalScroll(id="summary-detail"):
                yield Static(id="summary-field-title")
                yield Static(id="summary-field-facts")
                yield Static(id="summary-proposal")
                yield Label("Value", id="summary-value-label", classes="section")
                yield OptionList(id="summary-choice")
                yield TextArea(id="summary-value", soft_wrap=True, tab_behavior="focus")
                yield Static(id="summary-problem")
        yield KeyFooter()  # rebuilt only when its keys change (a switch costs none)

    def on_mount(self) -> None:
        # Hidden, it draws once when shown again (not on every edit elsewhere).
        self.redraw_on(self._redraw, "evaluation", "theme")
        self.watch(self.gpai, "generation", self._reload, init=False)
        first = self.template.parts[0].sections[0].fields[0]
        self._redraw()
        field_list = self.query_one("#summary-fields", OptionList)
        field_list.highlighted = field_list.get_option_index(first.id)
        field_list.focus()

    # -- attributes down ---------------------------------------------------------------

    def _row(self, field: SummaryField, colors: Colors) -> Text:
        workbook = self.gpai.view
        value = workbook.training_summary.get(field.id)
        row = Text(no_wrap=False)
        if is_filled(value):
            row.append(FILLED, style=colors.success)
        elif field.id in self._proposals:
            row.append(PROPOSED, style=f"bold {colors.warning}")
        else:
            row.append(EMPTY, style="dim")
        row.append("  ")
        row.append(field.label)
        if field.id in self._proposals and not is_filled(value):
            row.append("  proposed", style=f"italic {colors.warning}")
        elif self._origin(field.id) == "inherited":
            row.append("  the provider's", style="dim")
        elif not is_required(field, workbook):
            row.append("  optional", style="dim")
        return row

    def _redraw(self, *_: Any) -> None:
        """Counts, the field list (fields behind a yes/no come and go) and the facts."""
        colors = Colors.from_theme(self.app.theme_variables)
        workbook = self.gpai.view  # the provider's values in place (issue 21)
        inheritance = self.gpai.inheritance
        self._proposals = proposals(workbook, inheritance.organisation if inheritance else None)
        result = summary_result(workbook, self.template)
        counts = Text()
        counts.append("Public summary of training content  ", style="bold")
        counts.append(f"{result.filled}/{result.required} required fields filled")
        if self._proposals:
            counts.append(
                f"  ·  {len(self._proposals)} proposed value(s) to review "
                f"({PROPOSED}; `a` accepts)",
                style=colors.warning,
            )
        self._update("#summary-counts", counts)
        section_counts = {s.id: s for s in result.sections}
        options: list[Option] = []
        for part in self.template.parts:
            options.append(
                Option(Text(part.heading, style="bold"), id=f"part:{part.id}", disabled=True)
            )
            for section in part.sections:
                shown = [f for f in section.fields if is_shown(f, workbook)]
                count = section_counts[section.id]
                style = colors.success if count.complete else ""
                heading = Text("  ")
                heading.append(section.heading, style="bold")
                heading.append(f"  {count.filled}/{count.required}", style=style)
                options.append(Option(heading, id=f"section:{section.id}", disabled=True))
                options.extend(Option(self._row(f, colors), id=f.id) for f in shown)
        field_list = self.query_one("#summary-fields", OptionList)
        ids = tuple(o.id or "" for o in options)
        if ids != self._listed:
            highlighted = self.field_id
            field_list.clear_options()
            field_list.add_options(options)
            self._listed = ids
            if highlighted in ids:
                field_list.highlighted = ids.index(highlighted)
        else:  # only rows whose text changed (a redraw per keystroke stays cheap)
            for option in options:
                if option.id and self._drawn.get(option.id) != option.prompt:
                    field_list.replace_option_prompt(option.id, option.prompt)
        self._drawn = {o.id: o.prompt for o in options if o.id}
        if self.field_id is not None:
            self._facts(self.field_id, colors)
            self._choices(self.field_id)

    def _update(self, selector: str, text: Text) -> None:
        """Update a Static only when its text changed (an update re-lays the screen)."""
        if self._statics.get(selector) != text:
            self._statics[selector] = text
            self.query_one(selector, Static).update(text)

    def _facts(self, field_id: str, colors: Colors) -> None:
        field = self.template.field(field_id)
        assert field is not None
        workbook = self.gpai.view
        section = self.template.section_of(field_id)
        title = Text().append(field.label, style=f"bold {colors.accent}")
        title.append(f"\n{section.heading}  ·  {field.id}", style="dim")
        self._update("#summary-field-title", title)
        facts = Text()
        filled = is_filled(workbook.training_summary.get(field_id))
        facts.append(f"{FILLED} filled" if filled else f"{EMPTY} empty", style="bold")
        facts.append(
            "   required" if is_required(field, workbook) else "   optional here", style="dim"
        )
        facts.append(f"   takes {expected(field)}", style="dim")
        if field.unverified:
            facts.append("\nPart of this rule is not confirmed [unverified].", style=colors.warning)
        if not field.public:
            facts.append("\nKept for you; never published.", style=colors.warning)
        facts.append(self._origin_text(field_id), style=colors.accent)
        facts.append(f"\n\n{field.help}")
        if field.type == "size-bands":
            facts.append(
                "\nPick a band per modality below (enter on it again clears it).",
                style="dim",
            )
        facts.append(f"\n\nSource: {field.source}", style="dim")
        self._update("#summary-field-facts", facts)
        proposal = self._proposals.get(field_id)
        box = self.query_one("#summary-proposal", Static)
        if proposal is None:
            box.display = False
        else:
            text = Text()
            text.append(
                f"{PROPOSED} Proposed from {proposal.source}", style=f"bold {colors.warning}"
            )
            text.append(" (not written until you accept it: press a)\n", style=colors.warning)
            text.append(safe(show_value(proposal.value, self.template)))
            self._update("#summary-proposal", text)
            box.display = True

    def _choices(self, field_id: str) -> None:
        """Fill the choice list of a yes/no, modalities or size-band field."""
        field = self.template.field(field_id)
        assert field is not None
        choice = self.query_one("#summary-choice", OptionList)
        if field.type not in CHOICE_TYPES:
            choice.display = False
            return
        value = self.gpai.view.training_summary.get(field_id)
        options: list[Option] = []

        def mark(on: bool, label: str) -> Text:
            return Text(f"{FILLED if on else EMPTY} {label}")

        if field.type == "yes-no":
            options = [
                Option(mark(value is True, "Yes"), id="yes:true"),
                Option(mark(value is False, "No"), id="yes:false"),
            ]
        elif field.type == "modalities":
            chosen = value if isinstance(value, list) else []
            options = [Option(mark(m in chosen, m), id=f"mod:{m}") for m in SUMMARY_MODALITIES]
        else:
            bands = value if isinstance(value, dict) else {}
            declared = self.gpai.view.training_summary.get("modalities")
            modalities = declared if isinstance(declared, list) and declared else SUMMARY_MODALITIES
            for modality in modalities:
                bins = self.template.bins_for(modality)
                if bins is None:
                    continue
                if not bins.bins:  # "other": the provider's own unit
                    given = bands.get(modality)
                    label = f"{modality}: {given}" if given else f"{modality}: give a size…"
                    options.append(Option(mark(bool(given), label), id=f"own:{modality}"))
                    continue
                options.append(
                    Option(Text(f"{modality} ({bins.unit})", style="bold"), disabled=True)
                )
                options.extend(
                    Option(mark(bands.get(modality) == b.id, b.label), id=f"band:{modality}:{b.id}")
                    for b in bins.bins
                )
        highlighted = choice.highlighted
        choice.clear_options()
        choice.add_options(options)
        if highlighted is not None and highlighted < len(options):
            choice.highlighted = highlighted
        choice.display = True

    def show_field(self, field_id: str) -> None:
        """Show ``field_id`` on the right, loading its value into its editor."""
        field = self.template.field(field_id)
        if field is None:
            return
        changed = field_id != self.field_id
        self.field_id = field_id
        self._facts(field_id, Colors.from_theme(self.app.theme_variables))
        editor = self.query_one("#summary-value", TextArea)
        editor.display = field.type not in CHOICE_TYPES
        if changed:
            self.query_one("#summary-choice", OptionList).highlighted = None
        self._choices(field_id)
        self._update("#summary-problem", Text())
        if editor.display:
            text = safe(_editor_text(field, self.gpai.view.training_summary.get(field_id)))
            self._shown_text = text
            editor.load_text(text)
            # The provider's value is changed where it belongs (enter asks), not typed over.
            editor.read_only = self._origin(field_id) == "inherited"

    def _origin(self, field_id: str) -> str:
        """``inherited``, ``overridden`` or ``own`` (:mod:`gpai_tui.engine.inherit`)."""
        resolved = self.gpai.inheritance
        return "own" if resolved is None else resolved.summary_origin(field_id)

    def _origin_text(self, field_id: str) -> str:
        """A line saying the value is the provider's, or this model's in its place."""
        resolved = self.gpai.inheritance
        origin = self._origin(field_id)
        if resolved is None or resolved.organisation is None:
            return ""
        if (
            origin == "own"
            and is_filled(resolved.organisation.training_summary.get(field_id))
            and not resolved.own.training_summary
        ):
            return (
                f"\nThe provider's value (in {resolved.own.inherits}) shows here once this "
                "model's summary has a value of its own."
            )
        if origin == "own":
            return ""
        if origin == "inherited":
            return (
                f"\nInherited: the provider's value, from {resolved.own.inherits}. Enter "
                "asks: change it for the organisation, or override it for this model."
            )
        return (
            f"\nOverridden: this model's own value (not the provider's in "
            f"{resolved.own.inherits}). Clearing it shows the provider's again."
        )

    def _reload(self, *_: Any) -> None:
        """The workbook was replaced (reload from disk): show its values."""
        self._listed = ()
        self._redraw()
        if self.field_id is not None:
            self.show_field(self.field_id)

    # -- user actions ------------------------------------------------------------------

    def _today(self) -> date:
        return self.gpai.as_of or date.today()

    def _set(self, field_id: str, value: SummaryValue | None, *, typing: bool = False) -> bool:
        """Apply one field's new value; ``typing``: a key of a value being typed, undone
        with the rest of it."""
        problem = summary_problem(field_id, value)
        if problem is not None:
            warning = Colors.from_theme(self.app.theme_variables).warning
            self._update("#summary-problem", Text(problem, style=warning))
            return False
        self._update("#summary-problem", Text())
        change = SummaryEdit(field_id, value, self._today())
        return self.gpai.apply(change, typing=typing) is not None

    @on(OptionList.OptionHighlighted, "#summary-fields")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and ":" not in event.option.id:
            self.show_field(event.option.id)

    @on(OptionList.OptionSelected, "#summary-fields")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_edit()

    @on(OptionList.OptionSelected, "#summary-choice")
    def _chose(self, event: OptionList.OptionSelected) -> None:
        field = self.template.field(self.field_id or "")
        option = event.option.id or ""
        if field is None or ":" not in option:
            return
        current = self.gpai.workbook.training_summary.get(field.id)
        kind, _, rest = option.partition(":")
        value: SummaryValue | None
        if kind == "own":
            self._ask_own_size(field.id, rest)
            return
        if kind == "yes":
            value = rest == "true"
        elif kind == "mod":
            chosen = list(current) if isinstance(current, list) else []
            value = [m for m in chosen if m != rest] if rest in chosen else [*chosen, rest]
        else:
            modality, _, band = rest.partition(":")
            bands = dict(current) if isinstance(current, dict) else {}
            if bands.get(modality) == band:
                bands.pop(modality)
            else:
                bands[modality] = band
            value = bands
        if self._set(field.id, value):
            self._choices(field.id)

    @work(exit_on_error=False, group="dialogs")
    async def _ask_own_size(self, field_id: str, modality: str) -> None:
        """Ask for the size of a modality without bins (``other``), in the provider's unit."""
        from gpai_tui.tui.screens.prompt import TextPromptDialog

        current = self.gpai.workbook.training_summary.get(field_id)
        bands = dict(current) if isinstance(current, dict) else {}
        size = await self.app.push_screen_wait(
            TextPromptDialog(
                f"Size of the {modality} training data",
                "The template has no bands here: give the amount with its unit "
                "(e.g. 2 million 3D meshes). Empty clears it.",
                value=bands.get(modality, ""),
                ok="Set",
            )
        )
        if size is None:
            return
        if size.strip():
            bands[modality] = size.strip()
        else:
            bands.pop(modality, None)
        if self._set(field_id, bands):
            self._choices(field_id)

    def action_edit(self) -> None:
        """Move the focus to the shown field's editor (text box or choice list); on
        the provider's inherited value, ask where the change goes first."""
        if self.field_id is not None and self._origin(self.field_id) == "inherited":
            self._ask_inherited(self.field_id)
            return
        for selector in ("#summary-value", "#summary-choice"):
            widget = self.query_one(selector)
            if widget.display:
                widget.focus()
                if isinstance(widget, TextArea):
                    widget.move_cursor(widget.document.end)
                elif isinstance(widget, OptionList) and widget.highlighted is None:
                    widget.action_first()
                return

    def _goes_to_organisation(self, field_id: str) -> bool:
        """A provider's field of a model that inherits, not yet its own value: a value
        for it may belong in the organisation file."""
        resolved = self.gpai.inheritance
        field = self.template.field(field_id)
        return (
            resolved is not None
            and resolved.organisation is not None
            and field is not None
            and field.provider_level is not None
            and self._origin(field_id) != "overridden"
        )

    @work(exit_on_error=False, group="dialogs")
    async def _ask_inherited(self, field_id: str, proposed: SummaryValue | None = None) -> None:
        """Organisation (the provider's value, saved in its file under its lock) or
        override (this model's own value from now on, starting from the provider's)."""
        from gpai_tui.tui.screens.choice import Choice, ChoiceDialog
        from gpai_tui.tui.screens.prompt import TextPromptDialog

        resolved = self.gpai.inheritance
        assert resolved is not None and resolved.organisation_path is not None
        if self.gpai.read_only:
            self.notify("Read-only: nothing changed.", severity="warning", markup=False)
            return
        key = f"training_summary.{field_id}"
        answer = self.gpai.inherited_choice.get(key)
        if answer is None:
            answer = await self.app.push_screen_wait(
                ChoiceDialog(
                    "Inherited value",
                    f"{field_id} describes the provider: {resolved.own.inherits} holds it "
                    "for every model that inherits it.\nChange it for the organisation: "
                    f"{resolved.organisation_path.name} is saved now, for every model that "
                    "inherits it.\nOverride for this model: this workbook gives its own "
                    "value from now on.",
                    [
                        Choice("organisation", "Change for the organisation", "primary"),
                        Choice("override", "Override for this model", "warning"),
                        Choice("cancel", "Cancel"),
                    ],
                    focus="organisation",
                )
            )
            if answer not in ("organisation", "override"):
                return
            self.gpai.inherited_choice[key] = answer
        current = self.gpai.view.training_summary.get(field_id)
        if proposed is not None:
            current = proposed
        if answer == "override":
            # The model's own value, starting from the provider's: one undoable change.
            if self._set(field_id, current):
                self.show_field(field_id)
                self.action_edit()
            return
        field = self.template.field(field_id)
        assert field is not None
        typed = await self.app.push_screen_wait(
            TextPromptDialog(
                f"{field.label} (the provider's)",
                f"Saved in {resolved.organisation_path.name} for every model that inherits "
                "it. Empty clears it there.",
                value=_editor_text(field, current),
                ok="Save",
            )
        )
        if typed is None:
            return
        self._to_organisation(field, typed)

    def _to_organisation(self, field: SummaryField, typed: str) -> None:
        """Save the provider's value in the organisation file (its own lock), then show
        the re-resolved view."""
        from gpai_tui.document.organisation_edit import edit_organisation_summary
        from gpai_tui.errors import GpaiError

        resolved = self.gpai.inheritance
        assert resolved is not None and resolved.organisation_path is not None
        org_file = resolved.organisation_path
        try:
            changed = edit_organisation_summary(
                org_file,
                field.id,
                _from_editor(field, typed),
                purpose="gpai open (organisation edit)",
                wait=0.0,
            )
        except (UsageError, GpaiError, OSError) as exc:
            self.notify(str(exc), title="Not changed", severity="error", markup=False)
            return
        self.gpai.document.refresh()  # re-read the organisation
        self.gpai.mirror()
        if changed:
            self.notify(
                f"{field.id}: saved in {org_file.name} for every model that inherits it.",
                markup=False,
            )
        self.show_field(field.id)

    def action_accept(self) -> None:
        """Write the shown field's proposal (``a``)."""
        proposal = self._proposals.get(self.field_id or "")
        if self.field_id is None or proposal is None:
            self.notify("No proposal for this field.", markup=False)
            return
        if self._goes_to_organisation(self.field_id):
            # The provider's field: for every model (organisation) or this one (override).
            self._ask_inherited(self.field_id, proposal.value)
            return
        if self._set(self.field_id, proposal.value):
            self.show_field(self.field_id)

    def action_move(self, step: int) -> None:
        """Move in the field list (``j`` / ``k``)."""
        field_list = self.query_one("#summary-fields", OptionList)
        if step > 0:
            field_list.action_cursor_down()
        else:
            field_list.action_cursor_up()

    def action_back(self) -> None:
        """Back to the field list."""
        self.query_one("#summary-fields", OptionList).focus()

    @on(TextArea.Changed, "#summary-value")
    def _typed(self, event: TextArea.Changed) -> None:
        editor = event.text_area
        if self.field_id is None or editor.text == self._shown_text:
            return
        self._shown_text = editor.text
        field = self.template.field(self.field_id)
        assert field is not None
        try:
            value = _from_editor(field, editor.text)
        except UsageError as exc:
            warning = Colors.from_theme(self.app.theme_variables).warning
            self._update("#summary-problem", Text(str(exc), style=warning))
            return
        self._set(field.id, value, typing=True)
