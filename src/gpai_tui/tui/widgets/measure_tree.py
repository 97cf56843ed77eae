"""The chapter → commitment → measure tree, plus the AI Act obligations outside the Code.

Drawn as a *flat* Textual ``Tree``: every row is a leaf of the hidden root, and the
outline (guides, fold icons) is part of each row's label. Textual caches a tree
line under the versions of every node on its path, so in a nested tree a new
percentage on a chapter row (each tick changes one) redrew every row below that
chapter: ~40 rows, the largest cost of a tick (benchmarks/README.md). Flat, a
changed row redraws itself only. Folding is ours: a folded group's rows are taken
out and put back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from gpai_tui.catalogue import Catalogue
from gpai_tui.engine import Evaluation, GroupResult, ItemResult
from gpai_tui.tui.labels import Colors, group_label, item_label
from gpai_tui.tui.widgets.text_view import SteadyScroll

OBLIGATIONS = "obligations"
"""Node id of the group holding the AI Act obligations outside the Code."""

FOLDED = "▶ "
UNFOLDED = "▼ "
GUIDE_STYLE = "dim"


@dataclass(frozen=True)
class NodeRef:
    """What a tree node stands for."""

    kind: Literal["chapter", "commitment", "item"]
    id: str
    """Chapter id, commitment id, ``obligations``, or a measure or obligation id."""


@dataclass(frozen=True)
class _Row:
    """One row of the outline, whether shown or folded away."""

    ref: NodeRef
    title: str
    guide: str
    """The outline drawn before the row (``│  ├─ ``)."""
    groups: tuple[str, ...]
    """The groups above this row (folding any of them hides it)."""
    shown_key: str = ""
    """A commitment's id, shown before its title."""

    @property
    def is_group(self) -> bool:
        return self.ref.kind != "item"


def _outline(catalogue: Catalogue, obligations_title: str) -> list[_Row]:
    """Every row in catalogue order, with its guide (as Textual draws a nested tree
    whose root is hidden: no guide for the top level)."""
    rows: list[_Row] = []

    def connector(last: bool) -> str:
        return "└─ " if last else "├─ "

    for chapter in catalogue.chapters:
        rows.append(_Row(NodeRef("chapter", chapter.id), chapter.title, "", ()))
        for n, commitment in enumerate(chapter.commitments):
            last_commitment = n == len(chapter.commitments) - 1
            groups = (chapter.id,)
            ref = NodeRef("commitment", commitment.id)
            guide = connector(last_commitment)
            rows.append(_Row(ref, commitment.title, guide, groups, commitment.id))
            above = "   " if last_commitment else "│  "
            for m, measure in enumerate(commitment.measures):
                guide = above + connector(m == len(commitment.measures) - 1)
                ref = NodeRef("item", measure.id)
                rows.append(_Row(ref, measure.title, guide, (*groups, commitment.id)))
    rows.append(_Row(NodeRef("chapter", OBLIGATIONS), obligations_title, "", ()))
    for n, obligation in enumerate(catalogue.obligations):
        guide = connector(n == len(catalogue.obligations) - 1)
        rows.append(_Row(NodeRef("item", obligation.id), obligation.title, guide, (OBLIGATIONS,)))
    return rows


class MeasureTree(Tree[NodeRef], SteadyScroll):
    """Every measure and obligation with its status glyph and completeness.

    Attributes down: :meth:`build` once, then :meth:`update_labels` with each new
    evaluation. The screen listens to Textual's ``NodeHighlighted``/``NodeSelected``.
    """

    BINDINGS = [
        Binding(
            "enter",
            "select_cursor",
            "Open",
            show=False,
            tooltip="Open the measure: focus its checkpoints (fold a group)",
            id="tree.open",
        ),
        Binding("space", "toggle_node", "Fold", show=False, tooltip="Fold or unfold a group"),
        Binding("j", "cursor_down", "Down", show=False, id="tree.down"),
        Binding("k", "cursor_up", "Up", show=False, id="tree.up"),
    ]
    help_topic = "tree"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Code of Practice", id=id)
        self.show_root = False
        self._rows: list[_Row] = []
        self._folded: set[str] = set()
        self._item_nodes: dict[str, TreeNode[NodeRef]] = {}
        """Row key -> its node, for the rows shown now."""
        self._shown: dict[str, object] = {}
        """Row key -> what its label was drawn from (to skip redraws)."""
        self._evaluation: Evaluation | None = None
        self._colors = Colors()

    # -- attributes down ---------------------------------------------------------------

    def build(self, catalogue: Catalogue, evaluation: Evaluation, colors: Colors) -> None:
        """Create the rows, all unfolded (``space``, ``enter`` or a click folds a group)."""
        self._rows = _outline(catalogue, evaluation.obligations_summary.title)
        self._folded.clear()
        self._evaluation, self._colors = evaluation, colors
        self._show_rows()

    def update_labels(self, evaluation: Evaluation, colors: Colors) -> None:
        """Redraw the rows whose engine result changed."""
        self._evaluation, self._colors = evaluation, colors
        groups = self._groups(evaluation)
        for row in self._rows:
            node = self._item_nodes.get(row.ref.id)
            if node is None:
                continue
            result = evaluation.item(row.ref.id) if not row.is_group else groups[row.ref.id]
            folded = row.ref.id in self._folded
            if self._shown.get(row.ref.id) == (result, colors, folded):
                continue
            self._shown[row.ref.id] = (result, colors, folded)
            node.set_label(self._label(row, result, colors, folded))

    def select_item(self, item_id: str) -> None:
        """Unfold the way to ``item_id`` and put the cursor on it."""
        row = next((r for r in self._rows if r.ref.id == item_id), None)
        if row is None:
            return
        if self._folded.intersection(row.groups):
            self._folded.difference_update(row.groups)
            self._show_rows()
        node = self._item_nodes[item_id]
        _ = self.last_line  # rebuilds the lines now, so node.line is current
        self.move_cursor(node)
        self.scroll_to_node(node, animate=False)

    # -- folding -----------------------------------------------------------------------

    def action_toggle_node(self) -> None:
        """Fold or unfold the group under the cursor."""
        node = self.cursor_node
        if node is not None and node.data is not None and node.data.kind != "item":
            self._toggle(node.data.id)

    @on(Tree.NodeSelected)
    def _selected(self, event: Tree.NodeSelected[NodeRef]) -> None:
        """``enter`` or a click on a group folds or unfolds it (the event goes on up)."""
        data = event.node.data
        if data is not None and data.kind != "item":
            self._toggle(data.id)

    def _toggle(self, key: str) -> None:
        self._folded.symmetric_difference_update({key})
        self._show_rows()
        node = self._item_nodes[key]
        _ = self.last_line
        self.move_cursor(node)
        self.scroll_to_node(node, animate=False)

    # -- drawing -----------------------------------------------------------------------

    def _show_rows(self) -> None:
        """Put in the rows that no folded group hides."""
        self.clear()
        self._item_nodes.clear()
        self._shown.clear()
        for row in self._rows:
            if not self._folded.intersection(row.groups):
                self._item_nodes[row.ref.id] = self.root.add_leaf("", row.ref)
        if self._evaluation is not None:
            self.update_labels(self._evaluation, self._colors)

    @staticmethod
    def _groups(evaluation: Evaluation) -> dict[str, GroupResult]:
        groups = {g.id: g for g in (*evaluation.chapters, *evaluation.commitments)}
        groups[OBLIGATIONS] = evaluation.obligations_summary
        return groups

    @staticmethod
    def _label(row: _Row, result: ItemResult | GroupResult, colors: Colors, folded: bool) -> Text:
        label = Text(row.guide, style=GUIDE_STYLE)
        if isinstance(result, ItemResult):
            label.append_text(item_label(result, colors))
        else:
            label.append(FOLDED if folded else UNFOLDED)
            label.append_text(group_label(result, row.title, colors, row.shown_key))
        return label
