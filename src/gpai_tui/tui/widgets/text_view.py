"""Scroll views whose redraws stay cheap: a read-only text view and the layout guard.

Textual re-arranges the whole screen whenever a widget's size or virtual size
changes, and every re-arrangement repaints every scroll bar. Moving the tree cursor
refills the right-hand side, so these two costs decided how fast ``j`` felt (see
``benchmarks/README.md``). :class:`TextView` shows a Rich renderable with a virtual
height that stays the height of the view while the text fits, so new text usually
needs no re-arrangement; :class:`SteadyScroll` skips the scroll bar refresh when a
re-arrangement changed nothing about the view; :class:`RichLines` is a ``Static``
that renders its text once per change (a ``Static`` renders it again to learn its
height) and asks for a re-arrangement only when its height changed.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.segment import Segment
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget


class SteadyScroll(ScrollView):
    """A scroll view that ignores re-arrangements which change nothing about it.

    Textual 8.2's ``ScrollView._size_updated`` compares the visible size it is given
    with its own virtual size, which differ whenever there is anything to scroll, so
    every layout pass of the screen refreshed (and repainted) the scroll bars and
    posted a ``Resize``. Here the update runs only when the view's size, its
    container's size, its virtual size or its scroll bar settings changed.
    """

    _steady_key: tuple[object, ...] | None = None

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        styles = self.styles
        key = (
            size,
            container_size,
            self.virtual_size,
            styles.overflow_x,
            styles.overflow_y,
            styles.scrollbar_size_vertical,
            styles.scrollbar_size_horizontal,
        )
        if key == self._steady_key:
            return False
        self._steady_key = key
        return super()._size_updated(size, virtual_size, container_size, layout)


def render_rich(widget: Widget, renderable: RenderableType, width: int) -> list[Strip]:
    """``renderable`` wrapped to ``width`` in ``widget``'s style, as padded strips."""
    console = widget.app.console
    options = console.options.update(width=width, height=None, highlight=False)
    style = widget.rich_style
    rows = console.render_lines(renderable, options, style=style, pad=True)
    return [Strip(Segment.adjust_line_length(row, width, style), width) for row in rows]


class RichLines(Widget):
    """A Rich renderable, as tall as its text (the editor's title, summary and facts).

    :meth:`update` renders the text once, at the widget's width; the screen is
    re-arranged only when the number of lines changed.
    """

    DEFAULT_CSS = """
    RichLines {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._renderable: RenderableType = ""
        self._lines: list[Strip] | None = None
        self._width = -1

    def update(self, renderable: RenderableType) -> None:
        """Show ``renderable``."""
        before = len(self._lines) if self._lines is not None else None
        self._renderable = renderable
        width = self.content_region.width
        if width <= 0:
            self._lines = None
            self.refresh(layout=True)
            return
        self._lines = render_rich(self, renderable, width)
        self._width = width
        self.refresh(layout=len(self._lines) != before)

    def _lines_at(self, width: int) -> list[Strip]:
        """The text's lines at ``width`` (rendered now if not at that width yet)."""
        if self._lines is None or width != self._width:
            self._lines = render_rich(self, self._renderable, width)
            self._width = width
        return self._lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """The number of lines at ``width``."""
        return len(self._lines_at(width))

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the text."""
        width = self.content_region.width
        lines = self._lines_at(width)
        if 0 <= y < len(lines):
            return lines[y]
        return Strip.blank(width, self.rich_style)

    def notify_style_update(self) -> None:
        """A new theme or class: render again in the new style."""
        super().notify_style_update()
        self._width = -1


class TextView(SteadyScroll, can_focus=False):
    """A Rich renderable, wrapped to the view's width, scrolled by the wheel or bar.

    The virtual height is ``max(lines, view height)``: text that fits never changes
    it, so :meth:`show` then costs a repaint of this view only.
    """

    DEFAULT_CSS = """
    TextView {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        height: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._renderable: RenderableType = ""
        self._lines: list[Strip] = []
        self._width = 0

    @property
    def text(self) -> str:
        """The shown text as plain lines."""
        return "\n".join(strip.text.rstrip() for strip in self._lines)

    def show(self, renderable: RenderableType, *, scroll_home: bool = True) -> None:
        """Show ``renderable`` (from the top unless ``scroll_home`` is false)."""
        self._renderable = renderable
        self._render_text()
        if scroll_home and self.scroll_y:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def on_resize(self) -> None:
        """Wrap again at the new width (and keep the virtual height at least the view's)."""
        self._render_text()

    def _render_text(self) -> None:
        width = self.scrollable_content_region.width
        self._width = width
        if width <= 0:
            self._lines = []
            return
        self._lines = render_rich(self, self._renderable, width)
        height = max(len(self._lines), self.scrollable_content_region.height)
        self.virtual_size = Size(width, height)

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the view (scrolled)."""
        index = y + self.scroll_offset.y
        if 0 <= index < len(self._lines):
            return self._lines[index]
        return Strip.blank(self.scrollable_content_region.width, self.rich_style)
