"""The Code screen: the measure tree on the left, the selected measure on the right."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Tree

from gpai_tui.catalogue import Catalogue, load_catalogue
from gpai_tui.engine.edit import Edit
from gpai_tui.evidence import EvidenceError, is_uri
from gpai_tui.tui.evidence_actions import open_evidence, record_evidence
from gpai_tui.tui.labels import Colors
from gpai_tui.tui.screens.base import ModeScreen
from gpai_tui.tui.screens.prompt import evidence_dialog, not_applicable_dialog
from gpai_tui.tui.ui_state import recall, remember
from gpai_tui.tui.widgets.evidence_list import EvidenceList
from gpai_tui.tui.widgets.measure_detail import MeasureDetail
from gpai_tui.tui.widgets.measure_tree import OBLIGATIONS, MeasureTree, NodeRef
from gpai_tui.tui.widgets.path_suggester import PathSuggester
from gpai_tui.tui.widgets.preview import group_summary
from gpai_tui.tui.widgets.status_field import next_status_edit
from gpai_tui.tui.widgets.workbook_header import KeyFooter, WorkbookHeader
from gpai_tui.workbook import EvidenceItem

if TYPE_CHECKING:
    from gpai_tui.tui.app import GpaiApp


TREE_WIDTH_KEY = "tree_width"
"""The remembered tree width (:mod:`gpai_tui.tui.ui_state`)."""
TREE_WIDE = 72
"""The default tree width on a wide screen: a measure row (guide, glyph, id, percent)
then a whole title of 45 characters or more."""
WIDE_SCREEN = 110
"""From this many columns the tree takes :data:`TREE_WIDE`; below, 45% of the screen."""
TREE_MIN = 20
DETAIL_MIN = 30
TREE_STEP = 4


class MainScreen(ModeScreen):
    """Walk the Code: chapters → commitments → measures, and edit the selected measure.

    While the tree has the focus the right-hand side previews the highlighted node (one
    block of text, so moving is cheap); entering a measure (``enter``, ``tab``, a jump
    that focuses its checkpoints, or a click) shows its editor, and going back to the
    tree shows the preview again.
    """

    BINDINGS = [
        Binding(
            "s",
            "cycle_status",
            "Status",
            tooltip="Cycle the status: to do → in progress → done → to do",
            id="code.status",
        ),
        Binding(
            "x",
            "not_applicable",
            "N/A",
            tooltip="Mark not applicable (a written justification is required)",
            id="code.not-applicable",
        ),
        Binding(
            "n",
            "app.next_outstanding(1)",
            "Next",
            tooltip="Next outstanding measure",
            id="code.next",
        ),
        Binding("a", "add_evidence", "Add evidence", show=False, id="code.add-evidence"),
        Binding(
            "tab",
            "tab",
            "Edit",
            show=False,
            tooltip="Edit the highlighted measure (from the tree)",
            id="code.edit",
        ),
        Binding("shift+tab", "back_tab", "Previous field", show=False, id="code.back-tab"),
        Binding(
            "left_square_bracket",
            "tree_width(-1)",
            "Narrower tree",
            show=False,
            tooltip="Make the tree narrower (remembered)",
            id="code.tree-narrower",
        ),
        Binding(
            "right_square_bracket",
            "tree_width(1)",
            "Wider tree",
            show=False,
            tooltip="Make the tree wider: longer titles (remembered)",
            id="code.tree-wider",
        ),
        Binding("escape", "focus_tree", "Tree", tooltip="Back to the tree", id="code.tree"),
        # The detail is the one scroll area of the editor; these keys scroll it from any
        # field (priority: lists and the notes would otherwise take them).
        Binding("pageup", "scroll_detail(-1)", "Page up", show=False, priority=True),
        Binding("pagedown", "scroll_detail(1)", "Page down", show=False, priority=True),
    ]
    help_topic = "code"

    def __init__(self) -> None:
        super().__init__()
        self._pending: tuple[str, bool] | None = None
        self._built = False

    @property
    def gpai(self) -> GpaiApp:
        """The app, typed."""
        return cast("GpaiApp", self.app)

    @property
    def item_id(self) -> str | None:
        """The measure or obligation shown on the right, if any."""
        return self.query_one(MeasureDetail).item_id

    @property
    def catalogue(self) -> Catalogue:
        """The catalogue of the open workbook."""
        return load_catalogue(self.gpai.workbook.code)

    def palette(self) -> Colors:
        """Theme colours for Rich labels."""
        return Colors.from_theme(self.app.theme_variables)

    def compose(self) -> ComposeResult:
        yield WorkbookHeader()
        with Horizontal(id="code-body"):
            yield MeasureTree(id="tree")
            yield MeasureDetail(id="detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._size_tree()
        self.call_after_refresh(self._build)

    def on_resize(self) -> None:
        self._size_tree()

    def tree_width(self) -> int:
        """The tree's width in cells: the remembered one, else the default, within the
        screen (the detail keeps at least :data:`DETAIL_MIN` cells)."""
        screen = self.app.size.width
        remembered = recall(TREE_WIDTH_KEY)
        if isinstance(remembered, int) and not isinstance(remembered, bool):
            width = remembered
        else:
            width = TREE_WIDE if screen >= WIDE_SCREEN else screen * 45 // 100
        return max(TREE_MIN, min(width, screen - DETAIL_MIN))

    def _size_tree(self) -> None:
        self.query_one(MeasureTree).styles.width = self.tree_width()

    def action_tree_width(self, step: int) -> None:
        """``[`` / ``]``: the tree narrower or wider by :data:`TREE_STEP` cells."""
        screen = self.app.size.width
        width = max(TREE_MIN, min(self.tree_width() + step * TREE_STEP, screen - DETAIL_MIN))
        remember(TREE_WIDTH_KEY, width)
        self._size_tree()

    def _build(self) -> None:
        """Build the tree after the first paint, then apply a pending jump."""
        tree = self.query_one(MeasureTree)
        tree.build(self.catalogue, self.gpai.evaluation, self.palette())
        self._built = True
        self.watch(self.gpai, "evaluation", self._evaluated, init=False)
        self.watch(self.gpai, "generation", self._reloaded, init=False)
        self.watch(self.gpai, "theme", self._evaluated, init=False)
        tree.focus()
        if self._pending is not None:
            item_id, focus = self._pending
            self._pending = None
            self.show_item(item_id, focus_checkpoints=focus)
        elif tree.cursor_node is None or tree.cursor_line < 0:
            tree.move_cursor_to_line(0)

    # -- showing -----------------------------------------------------------------------

    def show_item(self, item_id: str, *, focus_checkpoints: bool = True) -> None:
        """Select ``item_id`` in the tree and show it: in the editor with its checkpoints
        focused, or previewed with the tree focused."""
        if not self._built:
            self._pending = (item_id, focus_checkpoints)
            return
        self.query_one(MeasureTree).select_item(item_id)
        self._show(NodeRef("item", item_id), edit=focus_checkpoints)
        if focus_checkpoints:
            self.query_one(MeasureDetail).focus_checkpoints()
        else:
            self.query_one(MeasureTree).focus()

    def _show(self, ref: NodeRef, *, reload: bool = False, edit: bool | None = None) -> None:
        """Show ``ref`` on the right; ``edit`` picks the editor (``None``: keep the mode
        when it is the same item, else preview)."""
        detail = self.query_one(MeasureDetail)
        evaluation = self.gpai.evaluation
        colors = self.palette()
        if ref.kind == "item":
            if edit is None:
                edit = detail.editing and detail.item_id == ref.id
            item = evaluation.item(ref.id)
            source = self.catalogue.measure(ref.id) or self.catalogue.obligation(ref.id)
            summary = source.summary if source is not None else ""
            from gpai_tui.tui.inherited import marker

            summary = marker(self.gpai, ref.id) + summary
            entry = self.gpai.view.get_entry(ref.id)
            if edit:
                rows = self.gpai.evidence_states.rows(entry.evidence, evaluation.as_of)
                detail.show_item(item, entry, summary, colors, reload=reload, evidence=rows)
            else:
                detail.show_preview(item, entry, summary, colors)
                self._leave_editor()
            return
        if ref.id == OBLIGATIONS:
            group = evaluation.obligations_summary
            title, summary = group.title, "AI Act obligations outside the Code's measures."
            items = [i for i in evaluation.items if i.kind == "obligation"]
        elif ref.kind == "chapter":
            group = next(g for g in evaluation.chapters if g.id == ref.id)
            chapter = next(c for c in self.catalogue.chapters if c.id == ref.id)
            title, summary = chapter.title, chapter.summary
            items = [i for i in evaluation.items if i.chapter == ref.id]
        else:
            group = next(g for g in evaluation.commitments if g.id == ref.id)
            commitment = next(
                c for ch in self.catalogue.chapters for c in ch.commitments if c.id == ref.id
            )
            title, summary = f"{commitment.id} {commitment.title}", commitment.summary
            items = [i for i in evaluation.items if i.commitment == ref.id]
        detail.show_group(group_summary(group, title, summary, items, colors))
        self._leave_editor()

    def _leave_editor(self) -> None:
        """With the editor hidden, its widgets must not keep the focus (a key would edit
        a measure no longer shown): the tree takes it."""
        focused = self.focused
        if focused is not None and self.query_one(MeasureDetail) in focused.ancestors:
            self.query_one(MeasureTree).focus()

    def _current_ref(self) -> NodeRef | None:
        node = self.query_one(MeasureTree).cursor_node
        return node.data if node is not None else None

    def _evaluated(self, *_: Any) -> None:
        self.query_one(MeasureTree).update_labels(self.gpai.evaluation, self.palette())
        self._refresh_detail()

    def _reloaded(self, *_: Any) -> None:
        self._refresh_detail(reload=True)

    def _refresh_detail(self, *, reload: bool = False) -> None:
        item_id = self.item_id
        if item_id is not None:
            self._show(NodeRef("item", item_id), reload=reload)
        elif (ref := self._current_ref()) is not None:
            self._show(ref)

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted[NodeRef]) -> None:
        if event.node.data is not None:
            self._show(event.node.data)

    @on(Tree.NodeSelected)
    def _selected(self, event: Tree.NodeSelected[NodeRef]) -> None:
        if event.node.data is not None and event.node.data.kind == "item":
            self.action_edit()

    def action_tab(self) -> None:
        """``tab``: from the tree, enter the highlighted measure; in the editor, the next
        field in reading order (after the notes, the tree again)."""
        if self.query_one(MeasureTree).has_focus:
            self.action_edit()
        else:
            self.focus_next()

    def action_back_tab(self) -> None:
        """``shift+tab``: the ring backwards; from the tree, the measure's last field."""
        if self.query_one(MeasureTree).has_focus:
            self.action_edit()
            if self.item_id is not None:
                detail = self.query_one(MeasureDetail)
                detail.query_one(f"#{detail.last_field}").focus()
        else:
            self.focus_previous()

    def action_edit(self) -> None:
        """Enter the highlighted measure: its editor, with the checkpoints focused."""
        item_id = self._need_item()
        if item_id is not None:
            self._show(NodeRef("item", item_id), edit=True)
            self.query_one(MeasureDetail).focus_checkpoints()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The editor while the focus is in it; the preview once the tree has it."""
        detail = self.query_one(MeasureDetail)
        item_id = detail.item_id
        if item_id is None:
            return
        if isinstance(event.widget, MeasureTree):
            if detail.editing:
                self._show(NodeRef("item", item_id), edit=False)
        elif not detail.editing and detail in event.widget.ancestors:
            self._show(NodeRef("item", item_id), edit=True)

    # -- editing -----------------------------------------------------------------------

    @on(MeasureDetail.Edited)
    def _edited(self, event: MeasureDetail.Edited) -> None:
        event.stop()  # handled here: nothing above the screen handles it
        self.gpai.edit_item(event.item_id, event.edit, typing=event.typing)

    @on(MeasureDetail.EditRequested)
    def _edit_requested(self) -> None:
        self.action_edit()

    @on(MeasureDetail.FieldChecked)
    def _checked(self, event: MeasureDetail.FieldChecked) -> None:
        self.gpai.set_field_error(event.key, event.error)

    def _need_item(self) -> str | None:
        item_id = self.item_id
        if item_id is None:
            self.notify("Select a measure first.", markup=False)
        return item_id

    def action_cycle_status(self) -> None:
        """to do → in progress → done → to do (not-applicable → todo)."""
        item_id = self._need_item()
        if item_id is not None:
            status = self.gpai.view.get_entry(item_id).status
            self.gpai.edit_item(item_id, next_status_edit(status))

    @work(exit_on_error=False, group="dialogs")
    async def action_not_applicable(self) -> None:
        """Ask for a justification, then mark the selected measure not applicable."""
        item_id = self._need_item()
        if item_id is None:
            return
        entry = self.gpai.view.get_entry(item_id)
        title = self.gpai.evaluation.item(item_id).title
        dialog = not_applicable_dialog(item_id, title, entry.justification or "")
        justification = await self.app.push_screen_wait(dialog)
        if justification is not None:
            self.gpai.edit_item(
                item_id, Edit(status="not-applicable", justification=justification.strip())
            )

    @work(exit_on_error=False, group="dialogs")
    async def action_add_evidence(self) -> None:
        """Ask for a reference and add it to the selected measure's evidence."""
        item_id = self._need_item()
        if item_id is None:
            return
        existing = self.gpai.view.get_entry(item_id).evidence_refs
        suggester = PathSuggester(self.gpai.path)
        ref = await self.app.push_screen_wait(evidence_dialog(item_id, existing, "", suggester))
        if ref is None:
            return
        ref = ref.strip()
        try:
            item = record_evidence(ref, self.gpai.path, self.gpai.evaluation.as_of)
        except EvidenceError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        added = self.gpai.edit_item(item_id, Edit(put_evidence=(item,)))
        if added and item.sha256 is None and not is_uri(ref):
            self.notify(f"No such file: {ref} is recorded as a reference only", markup=False)

    @on(EvidenceList.OpenRequested)
    async def _open_evidence(self, event: EvidenceList.OpenRequested) -> None:
        """Open a local file (system opener or $PAGER); copy a URL to the clipboard."""
        await open_evidence(self.gpai, event.row)

    def refresh_evidence(self) -> None:
        """Check the evidence on disk again (the terminal got the focus back)."""
        self._refresh_detail()

    @on(EvidenceList.EditRequested)
    @work(exit_on_error=False, group="dialogs")
    async def _edit_evidence(self, event: EvidenceList.EditRequested) -> None:
        item_id = self.item_id
        if item_id is None:
            return
        items = list(self.gpai.view.get_entry(item_id).evidence)
        existing = [item.ref for item in items]
        ref = await self.app.push_screen_wait(evidence_dialog(item_id, existing, event.ref))
        if ref is None or ref.strip() == event.ref or event.ref not in existing:
            return
        # apply_edit appends additions, so re-add the tail to keep the order; the
        # renamed item keeps its dates and label, not the hash of the old file.
        at = existing.index(event.ref)
        renamed = items[at].model_copy(update={"ref": ref.strip(), "sha256": None})
        tail = items[at + 1 :]
        self.gpai.edit_item(
            item_id,
            Edit(
                remove_evidence=(event.ref, *(t.ref for t in tail)),
                put_evidence=(EvidenceItem.model_validate(renamed.model_dump()), *tail),
            ),
        )

    @on(EvidenceList.RemoveRequested)
    def _remove_evidence(self, event: EvidenceList.RemoveRequested) -> None:
        item_id = self.item_id
        if item_id is not None and self.gpai.edit_item(item_id, Edit(remove_evidence=(event.ref,))):
            self.notify(f"Removed evidence: {event.ref}", markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``escape`` (back to the tree) is offered only away from the tree."""
        if action in ("cycle_status", "not_applicable", "add_evidence") and self.gpai.read_only:
            return False  # read-only: editing keys leave the footer
        if action == "focus_tree":
            return not self.query_one(MeasureTree).has_focus
        if action == "scroll_detail":
            return self.query_one(MeasureDetail).editing
        return True

    def action_scroll_detail(self, step: int) -> None:
        """Scroll the measure's editor a page up (``-1``) or down (``1``)."""
        detail = self.query_one(MeasureDetail)
        if step < 0:
            detail.scroll_page_up(animate=False)
        else:
            detail.scroll_page_down(animate=False)

    def action_focus_tree(self) -> None:
        """Back to the tree."""
        self.query_one(MeasureTree).focus()
