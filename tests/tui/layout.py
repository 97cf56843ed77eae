"""Layout checks for small terminals: no scrollbar over content, nothing cut off unseen.

Textual draws a scrollbar in its own gutter and clips a container's children to the
area left of (and above) that gutter. So content is lost in two ways only:

- a widget drawn where a scrollbar is (an overlay, or a sibling placed over it);
- a widget wider (or taller) than the container that holds it, when that container
  cannot scroll on that axis: the part beyond its edge (under its scrollbar, past the
  pane's border) is cut off and nothing can bring it into view.

:func:`layout_problems` lists both for one screen, from the geometry the compositor
placed (every widget laid out, not only the ones in view), through public APIs only.
"""

from __future__ import annotations

from typing import Any

from textual.errors import NoWidget
from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget


def describe(widget: Widget) -> str:
    """``Type#id`` of the widget and its ancestors below the screen, for messages."""
    parts: list[str] = []
    node: Widget | None = widget
    while node is not None and not isinstance(node, Screen):
        parts.append(f"{type(node).__name__}#{node.id}" if node.id else type(node).__name__)
        parent = node.parent
        node = parent if isinstance(parent, Widget) else None
    return " > ".join(reversed(parts))


def content_area(widget: Widget, region: Region) -> Region:
    """Where ``widget`` (placed at ``region``) shows its children: less border,
    padding and scrollbar gutter."""
    return region.shrink(widget.styles.gutter).shrink(widget.scrollbar_gutter)


def placed_widgets(screen: Screen[Any]) -> dict[Widget, Region]:
    """Every displayed widget of ``screen`` with a non-empty region, and that region."""
    placed: dict[Widget, Region] = {}
    for widget in screen.walk_children(with_self=False):
        if not widget.display or not widget.visible:
            continue
        try:
            region = screen.find_widget(widget).region
        except NoWidget:
            continue  # inside a container that is not displayed
        if region:
            placed[widget] = region
    return placed


def scrollbars(screen: Screen[Any], placed: dict[Widget, Region]) -> list[tuple[Widget, Region]]:
    """Each shown scrollbar (and corner) as (its owner, the part of the screen it covers)."""
    shown: list[tuple[Widget, Region]] = []
    for owner in placed:
        bars: list[Widget] = []
        if owner.show_vertical_scrollbar and owner.scrollbar_size_vertical:
            bars.append(owner.vertical_scrollbar)
        if owner.show_horizontal_scrollbar and owner.scrollbar_size_horizontal:
            bars.append(owner.horizontal_scrollbar)
        for bar in bars:
            try:
                geometry = screen.find_widget(bar)
            except NoWidget:
                continue
            region = geometry.region.intersection(geometry.clip)
            if region:
                shown.append((owner, region))
    return shown


def cut_off(widget: Widget, region: Region, placed: dict[Widget, Region]) -> str | None:
    """Why part of ``widget`` can never be seen, or ``None``.

    Walks up to the first container whose content area does not hold the widget on
    an axis; that is fine only if the container scrolls on that axis. An overlay (a
    select's menu) is not clipped by the containers above it.
    """
    for horizontal in (True, False):
        inner = widget
        for ancestor in widget.ancestors:
            if inner.styles.overlay == "screen":
                break  # drawn over the screen (a menu), not clipped by its containers
            if not isinstance(ancestor, Widget) or ancestor not in placed:
                break
            inner = ancestor
            area = content_area(ancestor, placed[ancestor])
            if horizontal:
                inside = area.x <= region.x and region.right <= area.right
                scrolls = ancestor.allow_horizontal_scroll
            else:
                inside = area.y <= region.y and region.bottom <= area.bottom
                scrolls = ancestor.allow_vertical_scroll
            if inside:
                continue
            if scrolls:
                break
            side = "wider" if horizontal else "taller"
            return (
                f"{describe(widget)} ({region.width}x{region.height}) is {side} than "
                f"{describe(ancestor)} shows ({area.width}x{area.height}) and is cut off"
            )
    return None


def layout_problems(screen: Screen[Any]) -> list[str]:
    """Scrollbars drawn over content, and content cut off where no scrolling reaches it."""
    placed = placed_widgets(screen)
    problems: list[str] = []
    for owner, bar in scrollbars(screen, placed):
        for widget, region in placed.items():
            if widget is owner or widget in owner.ancestors:
                continue  # a container surrounds its own scrollbars
            try:
                geometry = screen.find_widget(widget)
            except NoWidget:  # pragma: no cover - placed above
                continue
            if region.intersection(geometry.clip).overlaps(bar):
                problems.append(f"the scrollbar of {describe(owner)} is over {describe(widget)}")
    flagged: set[Widget] = set()
    for widget, region in placed.items():
        if widget.parent in flagged:
            continue  # its container is already reported
        problem = cut_off(widget, region, placed)
        if problem:
            flagged.add(widget)
            problems.append(problem)
    return problems
