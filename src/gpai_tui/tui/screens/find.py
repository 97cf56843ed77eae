"""``/``: find a measure (or, on the MDF screen, a form field) by id or words and jump to it.

Find searches everything an officer writes or reads: ids, titles, checkpoint text,
owners, statuses, notes, evidence and justifications; on the MDF screen the form's
field names, descriptions and values. Each match says where it matched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from gpai_tui.catalogue import Catalogue
from gpai_tui.engine import Evaluation, ItemResult
from gpai_tui.text import one_line
from gpai_tui.tui.labels import Colors, status_glyph, status_words
from gpai_tui.tui.widgets.workbook_header import KeyFooter
from gpai_tui.workbook import Workbook

LIMIT = 50
"""Most matches listed."""
MDF_KEY = "mdf:"
"""Prefix of a match that is an MDF field (``mdf:model-name``), not a measure."""
SHOWN_WHERE = frozenset({"id", "title"})
"""Places a match shows without a 'where' line (they are on its first line already)."""


@dataclass(frozen=True)
class Found:
    """One match: what it is (``key``), its label, and where the words were found."""

    key: str
    """A measure or obligation id, or ``mdf:`` and a form field id."""
    label: str
    where: str
    """``title``, ``notes``, ``evidence``, ``checkpoint``, ``value``..."""
    snippet: str
    """The matched text around the first word (one line)."""
    item: ItemResult | None = None


def snippet(text: str, word: str, width: int = 70) -> str:
    """One line of ``text`` around the first ``word`` (case-insensitive)."""
    flat = " ".join(text.split())
    at = flat.lower().find(word)
    start = max(0, at - width // 3) if at >= 0 else 0
    piece = flat[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(flat) else "")


def _where(fields: list[tuple[str, str]], words: list[str]) -> tuple[str, str] | None:
    """The first place holding every word (else the first word), or ``None`` when some
    word is nowhere."""
    lowered = [(name, text, text.lower()) for name, text in fields if text]
    if not all(any(w in low for _, _, low in lowered) for w in words):
        return None
    phrase = " ".join(words)
    for name, text, low in lowered:
        if all(w in low for w in words):
            return name, snippet(text, phrase if phrase in low else words[0])
    for name, text, low in lowered:
        if words[0] in low:
            return name, snippet(text, words[0])
    return None  # pragma: no cover - every word is somewhere


def item_fields(item: ItemResult, workbook: Workbook | None) -> list[tuple[str, str]]:
    """Every text of one measure or obligation a search looks at, named."""
    fields = [("id", item.id), ("title", item.title), ("owner", item.owner or "")]
    fields.append(("status", status_words(item)))
    fields += [("checkpoint", cp.label) for cp in item.checkpoints]
    if workbook is not None:
        entry = workbook.get_entry(item.id)
        fields.append(("notes", entry.notes or ""))
        for evidence in entry.evidence:
            fields.append(("evidence", evidence.ref))
            if evidence.label:
                fields.append(("evidence", evidence.label))
        fields.append(("justification", entry.justification or ""))
    return fields


def search(evaluation: Evaluation, query: str, workbook: Workbook | None = None) -> list[Found]:
    """Items matching ``query``: an exact id first, then ids starting with it, then words.

    Words match case-insensitively anywhere in :func:`item_fields` (with ``workbook``:
    notes, evidence and justifications too); every word must match.
    """
    q = query.strip().lower()
    items = list(evaluation.items)
    if not q:
        return [Found(i.id, i.title, "id", i.id, i) for i in items]
    exact = [i for i in items if i.id.lower() == q]
    prefix = [i for i in items if i.id.lower().startswith(q) and i not in exact]
    found = [Found(i.id, i.title, "id", i.id, i) for i in exact + prefix]
    words = q.split()
    for item in items:
        if item in exact or item in prefix:
            continue
        where = _where(item_fields(item, workbook), words)
        if where is not None:
            found.append(Found(item.id, item.title, where[0], where[1], item))
    return found


def matches(
    evaluation: Evaluation, query: str, workbook: Workbook | None = None
) -> list[ItemResult]:
    """The items :func:`search` finds, in its order."""
    return [f.item for f in search(evaluation, query, workbook) if f.item is not None]


def _mdf_text(value: object) -> Iterable[str]:
    if isinstance(value, dict):
        for key, text in value.items():
            yield f"{key}: {text}"
    elif isinstance(value, str):
        yield value


def search_mdf(catalogue: Catalogue, workbook: Workbook, query: str) -> list[Found]:
    """Model Documentation Form fields whose id, name, description or value hold every
    word of ``query``, in form order."""
    words = query.strip().lower().split()
    found: list[Found] = []
    for field in catalogue.mdf_fields():
        fields = [("id", field.id), ("title", field.name), ("description", field.description)]
        fields += [("value", text) for text in _mdf_text(workbook.mdf.get(field.id))]
        where = _where(fields, words) if words else ("id", field.id)
        if where is not None:
            found.append(Found(MDF_KEY + field.id, field.name, where[0], where[1]))
    return found


class FindDialog(ModalScreen[str | None]):
    """Type an id (``CR-1.3``) or words; dismiss with the chosen match's key (an id, or
    ``mdf:`` and a field id when searching the form)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="find.cancel"),
        Binding("down", "move(1)", "Next match", show=False, id="find.down"),
        Binding("up", "move(-1)", "Previous match", show=False, id="find.up"),
    ]
    help_topic = "find"

    def __init__(
        self,
        evaluation: Evaluation,
        workbook: Workbook | None = None,
        *,
        mdf: Catalogue | None = None,
    ) -> None:
        super().__init__(classes="dialog")
        self._evaluation = evaluation
        self._workbook = workbook
        self._mdf = mdf
        """Search the Model Documentation Form of this catalogue instead of measures."""
        self._found: list[Found] = []
        self._query: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box find-box"):
            if self._mdf is not None:
                title, hint = "Find a form field", "a field id or words from its name or value"
            else:
                title = "Find a measure"
                hint = "a measure id or words: title, checkpoint, owner, notes, evidence"
            yield Static(Text(title, style="bold"), classes="dialog-title")
            yield Input(placeholder=hint)
            yield OptionList(id="find-results")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._refresh("")
        self.query_one(Input).focus()

    def on_key(self, event: events.Key) -> None:
        """Keys typed before the field had the focus (right after ``/``) still count.

        They were sent to the dialog itself (the field takes every key it handles),
        so whatever reaches here is typed into the field, in order.
        """
        field = self.query_one(Input)
        if event.is_printable and event.character:
            field.insert_text_at_cursor(event.character)
        elif event.key == "backspace":
            field.action_delete_left()
        elif event.key == "enter":
            self._submit()
        else:
            return
        event.stop()
        event.prevent_default()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self._refresh(event.value)

    def _refresh(self, query: str) -> None:
        if query == self._query and self._found:
            return
        self._query = query
        colors = Colors.from_theme(self.app.theme_variables)
        if self._mdf is not None and self._workbook is not None:
            self._found = search_mdf(self._mdf, self._workbook, query)[:LIMIT]
        else:
            self._found = search(self._evaluation, query, self._workbook)[:LIMIT]
        results = self.query_one(OptionList)
        results.clear_options()
        for found in self._found:
            results.add_option(Option(found_prompt(found, colors), id=found.key))
        if self._found:
            results.highlighted = 0
        else:
            results.add_option(Option(Text("No match", style="dim"), disabled=True))

    def action_move(self, step: int) -> None:
        results = self.query_one(OptionList)
        if self._found:
            current = results.highlighted or 0
            results.highlighted = max(0, min(len(self._found) - 1, current + step))

    @on(Input.Submitted)
    def _submit(self) -> None:
        self._refresh(self.query_one(Input).value)  # typed faster than Changed arrived
        index = self.query_one(OptionList).highlighted
        if self._found and index is not None:
            self.dismiss(self._found[index].key)
        elif not self._found:
            self.notify("Nothing matches.", markup=False)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def found_prompt(found: Found, colors: Colors) -> Text:
    """A match as listed: glyph, id and title; below, where it matched (when not there)."""
    item = found.item
    prompt = status_glyph(item, colors) if item is not None else Text("·")
    prompt.append(f" {found.key.removeprefix(MDF_KEY)}  ", style="bold")
    prompt.append(one_line(found.label, 80))
    if item is not None and item.owner:
        prompt.append(f"  {one_line(item.owner, 30)}", style="dim")
    if found.where not in SHOWN_WHERE:
        prompt.append(f"\n    {found.where}: ", style="dim italic")
        prompt.append(one_line(found.snippet, 90), style="dim")
    return prompt
