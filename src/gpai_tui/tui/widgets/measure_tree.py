"""The chapter → commitment → measure tree, plus the AI Act obligations outside the Code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from gpai_tui.catalogue import Catalogue
from gpai_tui.engine import Evaluation, ItemResult
from gpai_tui.tui.labels import Colors, group_label, item_label
from gpai_tui.tui.widgets.text_view import SteadyScroll

OBLIGATIONS = "obligations"
"""Node id of the group holding the AI Act obligations outside the Code."""


@dataclass(frozen=True)
class NodeRef:
    """What a tree node stands for."""

    kind: Literal["chapter", "commitment", "item"]
    id: str
    """Chapter id, commitment id, ``obligations``, or a measure or obligation id."""


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
        self.guide_depth = 3
        self._item_nodes: dict[str, TreeNode[NodeRef]] = {}
        self._titles: dict[str, tuple[str, str]] = {}
        self._shown: dict[str, object] = {}
        """Node key -> the engine result its label was drawn from (to skip redraws)."""

    def build(self, catalogue: Catalogue, evaluation: Evaluation, colors: Colors) -> None:
        """Create the nodes, all expanded (``space`` or a click folds one)."""
        self.clear()
        self._item_nodes.clear()
        self._shown.clear()
        for chapter in catalogue.chapters:
            node = self.root.add("", NodeRef("chapter", chapter.id), expand=True)
            self._add(chapter.id, chapter.title, node)
            for commitment in chapter.commitments:
                child = node.add("", NodeRef("commitment", commitment.id), expand=True)
                self._add(commitment.id, commitment.title, child, commitment.id)
                for measure in commitment.measures:
                    leaf = child.add_leaf("", NodeRef("item", measure.id))
                    self._add(measure.id, measure.title, leaf)
        group = self.root.add("", NodeRef("chapter", OBLIGATIONS), expand=True)
        self._add(OBLIGATIONS, evaluation.obligations_summary.title, group)
        for obligation in catalogue.obligations:
            leaf = group.add_leaf("", NodeRef("item", obligation.id))
            self._add(obligation.id, obligation.title, leaf)
        self.update_labels(evaluation, colors)

    def _add(self, key: str, title: str, node: TreeNode[NodeRef], shown_key: str = "") -> None:
        self._item_nodes[key] = node
        self._titles[key] = (title, shown_key)

    def update_labels(self, evaluation: Evaluation, colors: Colors) -> None:
        """Redraw the labels whose engine result changed."""
        groups = {g.id: g for g in (*evaluation.chapters, *evaluation.commitments)}
        groups[OBLIGATIONS] = evaluation.obligations_summary
        for key, node in self._item_nodes.items():
            assert node.data is not None
            result = evaluation.item(key) if node.data.kind == "item" else groups[key]
            if self._shown.get(key) == (result, colors):
                continue
            self._shown[key] = (result, colors)
            if isinstance(result, ItemResult):
                node.set_label(item_label(result, colors))
            else:
                title, shown_key = self._titles[key]
                node.set_label(group_label(result, title, colors, shown_key))

    def select_item(self, item_id: str) -> None:
        """Expand the way to ``item_id`` and put the cursor on it."""
        node = self._item_nodes.get(item_id)
        if node is None:
            return
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        _ = self.last_line  # rebuilds the expanded lines now, so node.line is current
        self.move_cursor(node)
        self.scroll_to_node(node, animate=False)
