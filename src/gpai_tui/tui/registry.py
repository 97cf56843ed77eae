"""The one place that lists the app's screens and command-palette commands.

To add a screen (the MDF screen, say): add a :class:`ScreenSpec` to :data:`SCREENS`;
the app registers it as a mode, binds its key and adds a ``go:`` palette command.
Export commands (``export: Markdown``) come from the format registry
(:data:`gpai_tui.report.export.formats.REGISTRY`), one per workbook format.
To add another palette command: add a :class:`PaletteCommand` to
:data:`_LISTED` whose ``action`` is an action string the app runs
(``app.save``, ``screen.cycle_status``, ...). Give it the ``binding_id`` of the
key that does the same, if any, and the palette shows that key.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from textual.binding import Binding

if TYPE_CHECKING:
    from gpai_tui.report.export.formats import FormatSpec


@dataclass(frozen=True)
class ScreenSpec:
    """A top-level screen, reachable by a key from anywhere."""

    name: str
    """Mode name (also the binding id suffix: ``go.<name>``)."""
    key: str
    """Key that shows it."""
    label: str
    """Short label for the Footer."""
    title: str
    """Palette title, "go: ..."."""
    help: str
    """One sentence for the palette and the keys screen."""
    factory: str
    """``module:Class`` of the screen, imported on first use (keeps start-up fast)."""


SCREENS: tuple[ScreenSpec, ...] = (
    ScreenSpec(
        "dashboard",
        "d",
        "Dashboard",
        "go: Dashboard",
        "Progress per chapter, next deadlines, overdue and inconsistent counts",
        "gpai_tui.tui.screens.dashboard:DashboardScreen",
    ),
    ScreenSpec(
        "code",
        "c",
        "Code",
        "go: Code of Practice measures",
        "Walk chapters, commitments and measures; edit progress",
        "gpai_tui.tui.screens.main:MainScreen",
    ),
    ScreenSpec(
        "outstanding",
        "o",
        "Outstanding",
        "go: Outstanding obligations",
        "Every outstanding obligation with its legal date, target, owner and status",
        "gpai_tui.tui.screens.outstanding:OutstandingScreen",
    ),
    ScreenSpec(
        "incidents",
        "i",
        "Incidents",
        "go: Serious incidents",
        "Serious incidents and their report clocks; add, resolve, mark reports sent",
        "gpai_tui.tui.screens.incidents:IncidentsScreen",
    ),
    ScreenSpec(
        "mdf",
        "m",
        "MDF",
        "go: Model Documentation Form",
        "Fill in the form field by field; see each audience's pack fill up",
        "gpai_tui.tui.screens.mdf:MdfScreen",
    ),
    ScreenSpec(
        "summary",
        "t",
        "Summary",
        "go: Training-content summary",
        "Fill the public summary of training content (Art. 53(1)(d)) on the Commission's template",
        "gpai_tui.tui.screens.summary:SummaryScreen",
    ),
    ScreenSpec(
        "profile",
        "p",
        "Profile",
        "go: Model profile",
        "Edit the scoping answers; see applicability and deadlines change",
        "gpai_tui.tui.screens.profile:ProfileScreen",
    ),
    ScreenSpec(
        "walk",
        "g",
        "Walk",
        "go: Walk through the Code",
        "A guided interview: one plain question per checkpoint, answers saved as you go",
        "gpai_tui.tui.screens.walk:WalkScreen",
    ),
)
"""Top-level screens, in the order the keys screen lists them. The first is shown first."""


def go_binding(name: str, *, show: bool = True) -> Binding:
    """The binding that shows screen ``name`` (id ``go.<name>``, so a keymap moves it).

    The app binds every screen's key without showing it in the Footer; a screen
    lists the few it wants visible with this (the Footer keeps 4-7 keys).
    """
    spec = next(s for s in SCREENS if s.name == name)
    return Binding(
        spec.key,
        f"app.go('{name}')",
        spec.label,
        show=show,
        tooltip=f"{spec.label}: {spec.help}",
        id=f"go.{name}",
    )


@dataclass(frozen=True)
class PaletteCommand:
    """A command-palette entry, named "area: Verb object"."""

    title: str
    """What the palette shows, e.g. ``workbook: Save``."""
    help: str
    """One sentence under the title."""
    action: str
    """Action string run by ``App.run_action`` (``app.save``, ``screen.cycle_status``)."""
    binding_id: str | None = None
    """Id of the binding that does the same; its key is shown with the help."""
    screen: str | None = None
    """Only offered when this mode is active (``None``: everywhere)."""
    read_only: bool | None = None
    """Offered only while the file is read-only (``True``), only while it is editable
    (``False``: every editing command), or always (``None``)."""


def _export_command(fmt: FormatSpec) -> PaletteCommand:
    """``export: Markdown`` from the format registry."""
    if len(fmt.audiences) > 1:
        what, ask = "the report or an audience pack", "; asks for whom"
    else:
        what, ask = f"the {fmt.audiences[0]} report", ""
    return PaletteCommand(
        f"export: {fmt.title}", f"Export {what} as {fmt.title}{ask}", f"app.export({fmt.name!r})"
    )


_EXPORTS = PaletteCommand("export: ...", "", "")
"""Where :func:`commands` puts one ``export:`` command per workbook format of the
registry (report/export/formats.py), read on first use: not before the first frame."""

_WALK_COMMANDS = tuple(
    PaletteCommand(
        f"walk: {title}",
        f"The guided interview through the {title} chapter only",
        f"app.walk({chapter!r})",
        read_only=False,
    )
    for chapter, title in (
        ("transparency", "Transparency"),
        ("copyright", "Copyright"),
        ("safety-and-security", "Safety and Security"),
    )
)
"""``walk: <chapter>``: the walk started at one chapter."""

_LISTED: tuple[PaletteCommand, ...] = (
    PaletteCommand(
        "workbook: Save", "Save the workbook to its file", "app.save", "app.save", read_only=False
    ),
    PaletteCommand(
        "workbook: Undo",
        "Undo the last change (any screen); a notice says what was undone",
        "app.undo",
        "app.undo",
        read_only=False,
    ),
    PaletteCommand(
        "workbook: Redo", "Redo the last undone change", "app.redo", "app.redo", read_only=False
    ),
    PaletteCommand(
        "workbook: Try to take the lock",
        "The file is read-only because another gpai holds its lock: try to take it now",
        "app.take_lock",
        read_only=True,
    ),
    PaletteCommand(
        "workbook: Reload from disk",
        "Replace the open workbook with the file on disk (asks first if you have edits)",
        "app.reload",
    ),
    PaletteCommand(
        "workbook: Chapters of the Code signed",
        "Which chapters the provider signed (a chapter not signed asks for the other "
        "adequate means); undoable",
        "app.signatory",
        read_only=False,
    ),
    PaletteCommand(
        "workbook: Resolve conflicts",
        "Pick ours, theirs or base (or type the value) for each unresolved merge conflict",
        "app.resolve_conflicts",
        read_only=False,
    ),
    PaletteCommand(
        "workbook: Quit", "Quit (asks first about unsaved changes)", "app.quit", "app.quit"
    ),
    PaletteCommand("go: Find measure", "Jump to a measure by id or words", "app.find", "app.find"),
    PaletteCommand(
        "go: Next outstanding measure",
        "The next measure that is not done",
        "app.next_outstanding(1)",
        "app.next",
    ),
    PaletteCommand(
        "go: Previous outstanding measure",
        "The previous measure that is not done",
        "app.next_outstanding(-1)",
        "app.previous",
    ),
    PaletteCommand(
        "measure: Cycle status",
        "to do → in progress → done → to do",
        "screen.cycle_status",
        "code.status",
        screen="code",
        read_only=False,
    ),
    PaletteCommand(
        "measure: Mark not applicable",
        "Record why the selected measure does not apply",
        "screen.not_applicable",
        "code.not-applicable",
        screen="code",
        read_only=False,
    ),
    PaletteCommand(
        "measure: Add evidence",
        "Add an evidence reference to the selected measure",
        "screen.add_evidence",
        "code.add-evidence",
        screen="code",
        read_only=False,
    ),
    *_WALK_COMMANDS,
    _EXPORTS,
    PaletteCommand("help: Show all keys", "Every key, grouped by screen", "app.keys", "app.keys"),
    PaletteCommand(
        "help: Help for the focused widget",
        "What the focused part of the screen does",
        "app.help_focused",
        "app.help",
    ),
)
"""Our palette commands (the export commands at :data:`_EXPORTS`): see :func:`commands`."""


@cache
def commands() -> tuple[PaletteCommand, ...]:
    """Our palette commands; the app adds a ``go:`` command per screen and Textual's own.

    Built on first use (the palette, the keys screen): the export commands come from
    the format registry, whose modules the first frame does not need.
    """
    from gpai_tui.report.export.formats import formats

    exports = tuple(_export_command(f) for f in formats("workbook"))
    return tuple(c for listed in _LISTED for c in (exports if listed is _EXPORTS else (listed,)))


HELP_WIDGETS: tuple[tuple[str, str], ...] = (
    ("Measure tree", "gpai_tui.tui.widgets.measure_tree:MeasureTree"),
    ("Checkpoints", "gpai_tui.tui.widgets.checkpoint_list:CheckpointList"),
    ("Evidence", "gpai_tui.tui.widgets.evidence_list:EvidenceList"),
    ("Tables", "gpai_tui.tui.widgets.key_table:KeyTable"),
    ("Find (/)", "gpai_tui.tui.screens.find:FindDialog"),
)
"""Widgets whose own keys the keys screen (``?``) lists, after the screens' keys."""


def __getattr__(name: str) -> tuple[PaletteCommand, ...]:
    """``COMMANDS``: :func:`commands` (kept for the tests and older callers)."""
    if name == "COMMANDS":
        return commands()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
