"""The walk: a guided interview, one plain question per screen (key ``g``).

The route (which questions, in which order) is :func:`gpai_tui.engine.walk.route`; the
question, why it matters and the evidence examples are the catalogue's walk guide
(:func:`gpai_tui.catalogue.walk.guide_for`). Every answer is ONE typed change
(:class:`~gpai_tui.document.ItemEdit`) through the app, so ``ctrl+z`` undoes the answer
and brings its question back; the workbook is saved after each answer (atomically, as
everywhere), and the position is remembered per workbook (:mod:`gpai_tui.tui.walk_resume`).

Keys on a question: ``y`` yes (then an optional evidence reference), ``n`` not yet (then an
owner and a target date, so the gap becomes a task in ``gpai plan``), ``s`` skip for now,
``?`` more help, ``b`` back. On a recap ``enter`` accepts the suggested status; on a chapter
summary ``enter`` goes on.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar, cast

from rich.console import Group, RenderableType
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Input, Static

from gpai_tui.catalogue import load_catalogue
from gpai_tui.catalogue.walk import guide_for
from gpai_tui.document import ItemEdit, ReadOnlyError
from gpai_tui.engine.edit import Edit
from gpai_tui.engine.results import GroupResult, ItemResult, pct
from gpai_tui.engine.walk import Step, route, suggest_status, walked_measures
from gpai_tui.text import one_line, safe
from gpai_tui.tui import walk_resume
from gpai_tui.tui.labels import iso
from gpai_tui.tui.screens.base import ModeScreen
from gpai_tui.tui.widgets.workbook_header import WorkbookHeader

if TYPE_CHECKING:
    from gpai_tui.tui.app import GpaiApp

ANSWER_WORDS = {"yes": "yes", "no": "not yet", "skip": "skipped"}

STEP_KEYS: tuple[tuple[str, str, str], ...] = (
    ("enter", "accept", "Continue"),
    ("r", "restart", "Start over"),
    ("y", "answer('yes')", "Yes"),
    ("n", "answer('no')", "Not yet"),
    ("s", "answer('skip')", "Skip"),
    ("?", "more", "More"),
    ("b", "back", "Back"),
    ("^z", "undo", "Undo"),
    ("esc", "leave", "Leave"),
)
"""The footer's keys (key shown, action, label), shown when the step takes them."""

FORM_KEYS = {
    "yes": (("enter", "Save the answer"), ("esc", "Back to the question")),
    "no": (("tab", "Next field"), ("enter", "Save the answer"), ("esc", "Back to the question")),
}


def _parse(action: str) -> tuple[str, tuple[object, ...]]:
    """``answer('yes')`` -> ``("answer", ("yes",))``."""
    name, _, rest = action.partition("(")
    return name, ((rest.rstrip(")").strip("'"),) if rest else ())


@dataclass(frozen=True, slots=True)
class _Done:
    """One move of the walk, for undo: where it was, and the change it made (if any)."""

    position: int
    key: tuple[str, str] | None
    previous: str | None
    """The answer recorded before (``None``: none)."""
    label: str | None
    """The document's label of the change (``None``: the move changed nothing)."""


class WalkScreen(ModeScreen):
    """The guided interview (see the module docstring)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer('yes')", "Yes", id="walk.yes"),
        Binding("n", "answer('no')", "Not yet", id="walk.no"),
        Binding("s", "answer('skip')", "Skip", id="walk.skip"),
        Binding("enter", "accept", "Accept", id="walk.accept"),
        Binding("r", "restart", "Start over", show=False, id="walk.restart"),
        Binding("question_mark", "more", "More help", key_display="?", id="walk.more"),
        Binding("b", "back", "Back", id="walk.back"),
        Binding("ctrl+z", "undo", "Undo", id="walk.undo"),
        Binding("escape", "leave", "Leave", id="walk.leave"),
    ]
    help_topic = "walk"
    AUTO_FOCUS = None
    """Nothing has the focus on a question: its keys answer it."""
    DEFAULT_CSS = """
    #walk-where { padding: 0 1; height: 2; background: $boost; }
    #walk-body { padding: 1 2 0 2; height: 1fr; }
    .walk-form { height: 1; margin: 0 2; }
    .walk-form Input { border: none; height: 1; padding: 0 1; width: 1fr; }
    .walk-form Input:focus { border: none; background-tint: $foreground 10%; }
    #walk-hint { padding: 0 2; height: 2; color: $text-muted; }
    #walk-keys { dock: bottom; height: 1; padding: 0 1; background: $panel; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.scope: str | None = None
        """What the walk was started on: a chapter or measure id (``None``: everything)."""
        self.steps: list[Step] = []
        self.position = 0
        self.answers: dict[tuple[str, str], str] = {}
        """``(measure, checkpoint)`` -> ``yes`` / ``no`` / ``skip``, answered in this walk."""
        self.form: str | None = None
        """The open input: ``yes`` (evidence) or ``no`` (owner and target), else ``None``."""
        self.offer: walk_resume.Position | None = None
        """A saved position offered for resuming (until accepted or declined)."""
        self.more = False
        self._history: list[_Done] = []
        self._save_again = False
        self._saving = False

    @property
    def gpai(self) -> GpaiApp:
        """The app, typed."""
        return cast("GpaiApp", self.app)

    def compose(self) -> ComposeResult:
        yield WorkbookHeader()
        yield Static(id="walk-where", markup=False)
        yield Static(id="walk-body", markup=False)
        # The inputs are always there (their placeholders say which key opens them):
        # answering moves nothing on the screen, so it repaints without a new layout.
        with Horizontal(id="walk-yes", classes="walk-form"):
            yield Input(
                placeholder="evidence: y, then name a file, link or ticket that shows it",
                id="walk-evidence",
            )
        with Horizontal(id="walk-no", classes="walk-form"):
            yield Input(placeholder="owner: n, then who will do it", id="walk-owner")
            yield Input(placeholder="target date: YYYY-MM-DD", id="walk-target")
        yield Static(id="walk-hint", markup=False)
        yield Static(id="walk-keys", markup=False)

    def on_mount(self) -> None:
        self.watch(self.gpai, "generation", self._replaced, init=False)

    def _replaced(self, *_: object) -> None:
        """The workbook was replaced or a change undone elsewhere: show it as it is now."""
        if self.is_current and self.form is None:
            self._show()

    # -- starting and resuming ----------------------------------------------------------

    def begin(self, scope: str | None = None, *, fresh: bool = False) -> None:
        """Start the walk on ``scope`` (chapter or measure; ``None``: everything).

        Without a scope, a walk under way goes on; otherwise a saved position of this
        workbook is offered for resuming (``fresh``: start over instead).
        """
        if scope is None and not fresh and self.steps and self.position < len(self.steps):
            self._show()
            return
        saved = None if fresh or scope is not None else walk_resume.load(self.gpai.path)
        if saved is not None:
            self.offer = saved
            self.steps = []
            self._show()
            return
        self._start(scope)

    def _start(self, scope: str | None, at: walk_resume.Position | None = None) -> None:
        self.offer = None
        self.scope = scope
        catalogue = load_catalogue(self.gpai.workbook.code)
        try:
            self.steps = route(catalogue, self.gpai.evaluation, scope)
        except KeyError:
            self.steps = route(catalogue, self.gpai.evaluation, None)
            self.scope = None
        self.position = self._locate(at) if at is not None else 0
        self.answers.clear()
        self._history.clear()
        self._moved()

    def _locate(self, at: walk_resume.Position) -> int:
        """The step of a saved position (or the first one after it in the route)."""
        for index, step in enumerate(self.steps):
            if (step.kind, step.item_id, step.checkpoint_id) == (
                at.kind,
                at.item_id,
                at.checkpoint_id,
            ):
                return index
        ids = [m.id for m in load_catalogue(self.gpai.workbook.code).measures()]
        if at.item_id in ids:
            rank = ids.index(at.item_id)
            for index, step in enumerate(self.steps):
                if step.item_id in ids and ids.index(step.item_id) >= rank:
                    return index
        return 0

    # -- drawing ------------------------------------------------------------------------

    @property
    def step(self) -> Step | None:
        """The step shown (``None``: the walk is over, or a resume is being offered)."""
        if self.offer is not None or not 0 <= self.position < len(self.steps):
            return None
        return self.steps[self.position]

    def _show(self) -> None:
        """Draw the current step and the keys it takes."""
        self._close_form()
        where = self.query_one("#walk-where", Static)
        body = self.query_one("#walk-body", Static)
        hint = self.query_one("#walk-hint", Static)
        step = self.step
        hint.update("", layout=False)
        if self.offer is not None:
            where.update(Text("The walk", style="bold"), layout=False)
            body.update(self._offer_text(self.offer), layout=False)
        elif step is None:
            where.update(Text("The walk is over", style="bold"), layout=False)
            body.update(
                Text(
                    "Every question of this walk has had an answer or was skipped. "
                    "Press g to walk again (skipped questions come back), "
                    "ctrl+z to undo the last answer, escape to leave."
                ),
                layout=False,
            )
        else:
            where.update(self._where(step), layout=False)
            body.update(self._body(step), layout=False)
        self.refresh_bindings()
        self._draw_keys()

    def _draw_keys(self) -> None:
        """The footer: the keys this step takes (its own line, redrawn without a layout:
        the stock footer re-mounts its keys whenever they change, ~30 ms per answer)."""
        if self.form is not None:
            keys = FORM_KEYS[self.form]
        else:
            keys = tuple(
                (key, label)
                for key, action, label in STEP_KEYS
                if self.check_action(*_parse(action)) is not False
            )
        text = Text(no_wrap=True, overflow="ellipsis")
        for key, label in keys:
            text.append(f" {key} ", style="bold reverse")
            text.append(f" {label} ")
        self.query_one("#walk-keys", Static).update(text, layout=False)

    def _offer_text(self, saved: walk_resume.Position) -> Text:
        at = saved.item_id or saved.chapter
        if saved.checkpoint_id:
            at = f"{at} · {saved.checkpoint_id}"
        text = Text()
        text.append("You stopped a walk here last time: ", style="bold")
        text.append(safe(at), style="bold")
        text.append("\n\nenter  continue where you stopped\nr      start over\n")
        return text

    def _chapter(self, chapter_id: str) -> GroupResult:
        return next(c for c in self.gpai.evaluation.chapters if c.id == chapter_id)

    def _where(self, step: Step) -> Text:
        """Where: "Copyright · 2 of 5 · CR-1.3 · question 1 of 4", progress, what is left."""
        chapter = self._chapter(step.chapter)
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(chapter.title, style="bold")
        if step.item_id is not None:
            measures = walked_measures(self.steps, step.chapter)
            text.append(f" · {measures.index(step.item_id) + 1} of {len(measures)} · ")
            text.append(step.item_id, style="bold")
        if step.kind == "question":
            asked = [s for s in self.steps if s.item_id == step.item_id and s.kind == "question"]
            text.append(f" · question {asked.index(step) + 1} of {len(asked)}")
        else:
            text.append(
                {"recap": " · recap", "confirm": " · not applicable", "chapter": " · summary"}[
                    step.kind
                ]
            )
        left = sum(
            1
            for s in self.steps[self.position + 1 :]
            if s.chapter == step.chapter and s.kind == "question"
        )
        text.append(
            f"\n{chapter.title}: {pct(chapter.completeness)}% of checkpoints ticked, "
            f"{chapter.done} of {chapter.applicable} measures done · "
            f"{left} question{'s' if left != 1 else ''} left in this chapter",
            style="dim",
        )
        return text

    def _body(self, step: Step) -> RenderableType:
        if step.kind == "question":
            return self._question(step)
        if step.kind == "recap":
            return self._recap(step)
        if step.kind == "confirm":
            return self._confirm(step)
        return self._summary(step)

    def _item(self, item_id: str) -> ItemResult:
        return self.gpai.evaluation.item(item_id)

    def _question(self, step: Step) -> RenderableType:
        assert step.item_id is not None and step.checkpoint_id is not None
        item = self._item(step.item_id)
        state = next(c for c in item.checkpoints if c.id == step.checkpoint_id)
        guide = guide_for(step.item_id, step.checkpoint_id, self.gpai.workbook.code)
        title = Text(one_line(f"{item.id} {item.title}", 200), style="dim")
        question = Text(guide.question if guide else state.label, style="bold")
        parts: list[RenderableType] = [title, Text(""), question]
        if not state.required:
            parts.append(Text("(encouraged, not required)", style="dim"))
        if guide is not None:
            why = Text.assemble(("Why: ", "bold"), guide.why)
            examples = Text.assemble(
                ("Evidence, for example: ", "bold"), "; ".join(guide.evidence_examples)
            )
            parts += [Text(""), why, Text(""), examples]
        answer = self.answers.get((step.item_id, step.checkpoint_id))
        now = "ticked" if state.ticked else "not ticked"
        status = Text(f"Now: {now}", style="dim")
        if answer is not None:
            status.append(f" · answered {ANSWER_WORDS[answer]} in this walk", style="dim")
        parts += [Text(""), status]
        if self.more:
            measure = load_catalogue(self.gpai.workbook.code).measure(item.id)
            summary = measure.summary if measure is not None else ""
            more = Text.assemble(("More: ", "bold"), summary)
            more.append(f" ({', '.join(item.articles)})", style="dim")
            parts += [Text(""), more]
        return Group(*parts)

    def _evidence_count(self, item_id: str) -> int:
        entry = self.gpai.workbook.measures.get(item_id) or self.gpai.workbook.obligations.get(
            item_id
        )
        return len(entry.evidence) if entry is not None else 0

    def _recap(self, step: Step) -> RenderableType:
        assert step.item_id is not None
        item = self._item(step.item_id)
        lines: list[RenderableType] = [
            Text(one_line(f"{item.id} {item.title}", 200), style="bold"),
            Text(""),
        ]
        for cp in item.checkpoints:  # one line each (cut to the width): the recap fits 80x24
            answer = self.answers.get((item.id, cp.id))
            word = ANSWER_WORDS[answer] if answer else ("computed" if cp.derived else "—")
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append("✓ " if cp.ticked else "· ", style="bold" if cp.ticked else "")
            line.append(f"{word:<8} ", style="bold" if answer == "yes" else "")
            if not cp.required:
                line.append("(encouraged) ", style="dim")
            line.append(one_line(cp.label, 200))
            lines.append(line)
        text = Text()
        evidence = self._evidence_count(item.id)
        suggested = suggest_status(item, evidence)
        text.append(f"\nEvidence references: {evidence}")
        text.append(f" · owner {one_line(item.owner or '—', 40)}")
        text.append(f" · target {iso(item.target)}")
        text.append(f"\nStatus now: {item.status} · suggested: ")
        text.append(suggested, style="bold")
        if suggested != "done":
            text.append(" (done: all required ticked, with evidence)", style="dim")
        text.append("\n\nenter  accept the suggested status · s  keep the status as it is")
        return Group(*lines, text)

    def _confirm(self, step: Step) -> Text:
        assert step.item_id is not None
        item = self._item(step.item_id)
        text = Text()
        text.append(one_line(f"{item.id} {item.title}", 200), style="bold")
        text.append("\n\nMarked not applicable. The justification on file:\n\n")
        text.append(safe(item.reason or "(none)"))
        text.append(
            "\n\nenter  the justification still holds · to make the measure apply again, "
            "open it on the Code screen (c) and change its status"
        )
        return text

    def _summary(self, step: Step) -> Text:
        chapter = self._chapter(step.chapter)
        text = Text()
        text.append(f"{chapter.title}: end of the chapter\n\n", style="bold")
        text.append(
            f"{pct(chapter.completeness)}% of its checkpoints ticked; "
            f"{chapter.done} of {chapter.applicable} applicable measures done.\n"
        )
        counts = {"yes": 0, "no": 0, "skip": 0}
        ids = set(walked_measures(self.steps, step.chapter))
        for (item_id, _), answer in self.answers.items():
            if item_id in ids:
                counts[answer] += 1
        text.append(
            f"Answers in this walk: {counts['yes']} yes, {counts['no']} not yet, "
            f"{counts['skip']} skipped.\n\n"
        )
        text.append("Next deadlines\n", style="bold")
        rows = [o for o in self.gpai.evaluation.outstanding if self._in_chapter(o.id, step.chapter)]
        if not rows:
            text.append("  nothing outstanding in this chapter\n")
        for row in rows[:6]:
            text.append(f"  {iso(row.due):<10}  {row.id:<7} ")
            text.append(f"owner {one_line(row.owner or '—', 20)} · target {iso(row.target)}")
            if row.overdue:
                text.append("  overdue", style="bold")
            text.append("\n")
        if len(rows) > 6:
            text.append(f"  and {len(rows) - 6} more (o: Outstanding; gpai plan)\n")
        text.append("\nenter  go on")
        return text

    def _in_chapter(self, item_id: str, chapter: str) -> bool:
        try:
            return self.gpai.evaluation.item(item_id).chapter == chapter
        except KeyError:
            return False

    # -- keys ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only the keys the current step takes are shown and work."""
        # The keys shown change only between kinds of step (never while an answer is
        # typed: the input takes those keys), so the footer is not rebuilt per answer.
        step = self.step
        kind = step.kind if step is not None else None
        if action == "answer":
            return kind == "question" or (kind == "recap" and parameters == ("skip",))
        if action == "more":
            return kind == "question"
        if action == "restart":
            return self.offer is not None
        if action == "accept":
            return self.offer is not None or kind in {"recap", "confirm", "chapter"}
        if action == "back":
            return self.offer is None
        return True

    def action_answer(self, answer: str) -> None:
        """``y`` / ``n`` open their inputs; ``s`` skips (on a recap: keeps the status)."""
        step = self.step
        if step is None:
            return
        if step.kind == "recap":
            self._advance(None, None)
            return
        if answer == "skip":
            assert step.item_id is not None and step.checkpoint_id is not None
            self._advance((step.item_id, step.checkpoint_id), "skip")
            return
        self._open_form(answer)

    def action_more(self) -> None:
        """Show or hide the measure's summary and articles."""
        self.more = not self.more
        self._show()

    def action_back(self) -> None:
        """Go back one step (nothing changes)."""
        if self.position > 0:
            self.position -= 1
            self._moved()

    def action_restart(self) -> None:
        """Decline the offered resume: start a new walk from the beginning."""
        walk_resume.clear(self.gpai.path)
        self._start(None)

    def action_accept(self) -> None:
        """Resume; accept a recap's suggested status; go on from a summary."""
        if self.offer is not None:
            saved = self.offer
            self._start(saved.scope, saved)
            return
        step = self.step
        if step is None:
            return
        if step.kind == "recap":
            assert step.item_id is not None
            item = self._item(step.item_id)
            suggested = suggest_status(item, self._evidence_count(item.id))
            if suggested != item.status:
                self._change(step.item_id, Edit(status=suggested), None, None)
                return
        self._advance(None, None)

    def action_leave(self) -> None:
        """Close the open input, or leave the walk for the Code screen (it is remembered)."""
        if self.form is not None:
            self._show()
            return
        self.run_worker(self.gpai.action_go("code"), exclusive=False)

    def action_undo(self) -> None:
        """Undo the last answer and show its question again."""
        if self.form is not None:
            self._show()
            return
        if not self._history:
            self.gpai.action_undo()
            return
        done = self._history[-1]
        if done.label is not None:
            try:
                applied = self.gpai.document.undo()
            except ReadOnlyError:
                self.gpai.notify("Read-only: nothing can be undone.", severity="warning")
                return
            if applied is None or applied.label != done.label:
                # Something else was changed since (on another screen): that was undone.
                self.gpai.document.generation += 1
                self.gpai.mirror()
                if applied is not None:
                    self.gpai.notify(f"Undid: {applied.label}", timeout=4)
                return
            self.gpai.document.generation += 1
            self.gpai.mirror()
            self.gpai.notify(f"Undid: {applied.label}", timeout=4)
            self._autosave()
        self._history.pop()
        if done.key is not None:
            if done.previous is None:
                self.answers.pop(done.key, None)
            else:
                self.answers[done.key] = done.previous
        self.position = done.position
        self._moved()

    # -- the inputs ---------------------------------------------------------------------

    def _open_form(self, answer: str) -> None:
        step = self.step
        assert step is not None and step.item_id is not None
        self.form = answer
        evidence = self.query_one("#walk-evidence", Input)
        owner = self.query_one("#walk-owner", Input)
        target = self.query_one("#walk-target", Input)
        hint = self.query_one("#walk-hint", Static)
        if answer == "yes":
            evidence.value = ""
            evidence.focus()
            hint.update(
                "Yes. Where is the proof? Name a file, link or ticket (optional, but an "
                "auditor will ask). enter: save the answer · escape: back to the question",
                layout=False,
            )
        else:
            item = self._item(step.item_id)
            owner.value = item.owner or ""
            target.value = item.target.isoformat() if item.target else ""
            owner.focus()
            hint.update(
                "Not yet. Who will put it in place, and by when? (optional: the gap becomes a "
                "task in gpai plan) tab: next field · enter: save · escape: back",
                layout=False,
            )
        self.refresh_bindings()
        self._draw_keys()

    def _close_form(self) -> None:
        self.form = None
        idle = self.step is None or self.step.kind != "question"
        for field in self.query(Input):
            if field.value:
                field.value = ""
            if field.disabled != idle:
                field.disabled = idle
        if self.focused is not None:
            self.set_focus(None)

    @on(events.DescendantFocus)
    def _focused(self, event: events.DescendantFocus) -> None:
        """An input reached by mouse or tab opens its answer, as its key would."""
        if not isinstance(event.widget, Input):
            return
        wanted = "yes" if event.widget.id == "walk-evidence" else "no"
        if self.form == wanted:
            return
        step = self.step
        if step is not None and step.kind == "question":
            self._open_form(wanted)  # tab from the evidence to the owner: now "not yet"
        else:
            self.set_focus(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        step = self.step
        if self.form is None or step is None or step.checkpoint_id is None:
            return
        assert step.item_id is not None
        key = (step.item_id, step.checkpoint_id)
        if self.form == "yes":
            reference = self.query_one("#walk-evidence", Input).value.strip()
            edit = Edit(check=(step.checkpoint_id,), add_evidence=(reference,) if reference else ())
            self._change(step.item_id, edit, key, "yes")
            return
        owner = self.query_one("#walk-owner", Input).value.strip()
        raw_target = self.query_one("#walk-target", Input).value.strip()
        target: date | None = None
        if raw_target:
            try:
                target = date.fromisoformat(raw_target)
            except ValueError:
                self.query_one("#walk-hint", Static).update(
                    f"The target {safe(raw_target)!r} is not a date: write it as YYYY-MM-DD "
                    "(or leave it empty).",
                    layout=False,
                )
                self.query_one("#walk-target", Input).focus()
                return
        item = self._item(step.item_id)
        ticked = any(c.id == step.checkpoint_id and c.ticked for c in item.checkpoints)
        edit = Edit(
            uncheck=(step.checkpoint_id,) if ticked else (),
            owner=owner if owner != (item.owner or "") else None,
            target=target,
            clear_target=not raw_target and item.target is not None,
        )
        self._change(step.item_id, edit, key, "no")

    # -- moving on ----------------------------------------------------------------------

    def _change(
        self, item_id: str, edit: Edit, key: tuple[str, str] | None, answer: str | None
    ) -> None:
        """Apply one answer as one change, then go to the next step."""
        from gpai_tui.tui import inherited

        if inherited.needs_choice(self.gpai, item_id, edit):
            # The provider's answer, inherited: ask where the change goes (organisation
            # or this model) instead of writing it where the save would not keep it.
            inherited.ask(self.gpai, item_id, edit)
            return
        applied = self.gpai.apply(ItemEdit(item_id, edit))
        if applied is None:
            return  # refused: the app said why; the question stays
        label = applied.label if applied.changes else None
        self._advance(key, answer, label)
        if label is not None:
            # Saved once the next question is on screen: the answer is in the document
            # (and its recovery journal) already.
            self.call_after_refresh(self._autosave)

    def _advance(
        self, key: tuple[str, str] | None, answer: str | None, label: str | None = None
    ) -> None:
        previous = self.answers.get(key) if key is not None else None
        self._history.append(_Done(self.position, key, previous, label))
        if key is not None and answer is not None:
            self.answers[key] = answer
        self.position += 1
        self.more = False
        self._moved()

    def _moved(self) -> None:
        """Draw the new position, then remember it (once it is on screen)."""
        self._show()
        self.call_after_refresh(self._remember)

    def _remember(self) -> None:
        """Write the position to the user state folder (or forget a finished walk)."""
        step = self.step
        path = self.gpai.path
        if step is None:
            if self.offer is None:
                walk_resume.clear(path)
        else:
            walk_resume.save(
                path,
                walk_resume.Position(
                    self.scope, step.kind, step.chapter, step.item_id, step.checkpoint_id
                ),
            )

    @work(exit_on_error=False, group="walk-save")
    async def _autosave(self) -> None:
        """Save after an answer, quietly; a change on disk asks as any save does."""
        if self._saving:
            self._save_again = True
            return
        self._saving = True
        try:
            while True:
                self._save_again = False
                while self.gpai.saving:
                    await asyncio.sleep(0.01)
                if self.gpai.dirty and not self.gpai.read_only:
                    from gpai_tui.tui import disk

                    await disk.save(self.gpai, quiet=True)
                if not self._save_again:
                    break
        finally:
            self._saving = False
