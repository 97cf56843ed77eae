"""Exports from the TUI: pick an audience, then deliver the file with ``App.deliver_text``
(``App.deliver_binary`` for binary formats such as xlsx).

The palette has one ``export: <format>`` command per workbook format of the registry
(:mod:`gpai_tui.report.export.formats`); each runs ``app.export(FORMAT)``, which calls
:func:`start_export`. Formats for one audience only (the statement of applicability,
OSCAL, CISO Assistant) skip the question. The
export is the same as ``gpai export`` of the workbook shown (unsaved edits included),
as of the app's date. ``deliver_text`` saves it to the downloads folder in a terminal
(the workbook's folder when there is none) and downloads it in a browser when the app
is served with ``textual serve``.
"""

from __future__ import annotations

import asyncio
import io
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import DeliveryComplete, DeliveryFailed
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from gpai_tui.engine import Evaluation
from gpai_tui.engine.mdf import AUDIENCES, pack_count_text
from gpai_tui.report.export import (
    AUDIENCE_TITLES,
    EXPORT_FORMATS,
    FORMAT_NAMES,
    ExportAudience,
    ExportFormat,
    default_filename,
    export_bytes,
)
from gpai_tui.report.export.formats import spec
from gpai_tui.report.export.provenance import git_info, history_dots
from gpai_tui.text import one_line

if TYPE_CHECKING:
    from gpai_tui.tui.app import GpaiApp

DELIVERY_PREFIX = "gpai-export:"
"""Prefix of the delivery name, so completion messages are ours (not a screenshot)."""

_WHAT: dict[str, str] = {
    "internal": "everything: scope, completeness, outstanding, measures, notes, incidents, MDF",
    "public": "chapter status, copyright policy, crawler disclosure, contact points",
}


class ExportDialog(ModalScreen[str | None]):
    """Which audience to export for; dismisses with it (``None`` on ``escape``)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]
    help_topic = "dialogs"

    def __init__(self, fmt: str, evaluation: Evaluation) -> None:
        super().__init__(classes="dialog")
        self.fmt = fmt
        self.evaluation = evaluation

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(
                Text(f"Export as {FORMAT_NAMES[self.fmt]}", style="bold"), classes="dialog-title"
            )
            yield Static(
                Text("For whom? Packs hold only the form fields meant for their audience."),
                classes="dialog-message",
            )
            options = []
            for audience in spec(self.fmt).audiences:
                prompt = Text(AUDIENCE_TITLES[audience], style="bold")
                if audience in AUDIENCES:
                    filled, total = self.evaluation.mdf.per_audience[audience]
                    what = pack_count_text(audience, filled, total)
                else:
                    what = _WHAT[audience]
                prompt.append(f"\n  {what}", style="dim")
                options.append(Option(prompt, id=audience))
            yield OptionList(*options, id="export-audience")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def export_directory(workbook: Path) -> Path:
    """Where a terminal session saves exports: the settings file's ``export_folder`` (when
    it is a folder), else the downloads folder, else the workbook's."""
    from platformdirs import user_downloads_path

    from gpai_tui.config import load_config

    configured = load_config().config.export_folder
    if configured is not None and configured.is_dir():
        return configured

    downloads = user_downloads_path()
    return downloads if downloads.is_dir() else workbook.resolve().parent


def render_export(app: GpaiApp, fmt: ExportFormat, audience: ExportAudience) -> bytes:
    """The export of the workbook shown (unsaved edits included), as ``gpai export`` makes it."""
    git = git_info(app.path, app.session.encode())
    charted = fmt == "html" and audience == "internal" and git is not None
    return export_bytes(
        app.workbook,
        fmt,
        audience,
        as_of=app.as_of or date.today(),
        source=app.path.name,
        git=git,
        history=history_dots(app.path) if charted else (),
    )


async def export_flow(app: GpaiApp, fmt: ExportFormat) -> None:
    """Ask for the audience, build the export off the event loop, deliver it."""
    format_spec = spec(fmt)
    if len(format_spec.audiences) == 1:
        audience: str | None = format_spec.audiences[0]
    else:
        audience = await app.push_screen_wait(ExportDialog(fmt, app.evaluation))
    if audience is None:
        return
    chosen = cast(ExportAudience, audience)
    data = await asyncio.to_thread(render_export, app, fmt, chosen)
    filename = default_filename(app.path.stem, fmt, chosen)
    if format_spec.binary and not app.is_web:
        # Textual 8.2's terminal delivery opens every file in text mode (its BinaryIO
        # isinstance check never matches), so binary files are written here, atomically.
        from gpai_tui.workbook import atomic_write

        path = export_directory(app.path) / filename
        try:
            await asyncio.to_thread(atomic_write, path, data)
        except OSError as exc:
            app.notify(
                f"{filename} was not exported: {one_line(str(exc), 200)}",
                title="Export failed",
                severity="error",
                markup=False,
            )
            return
        app.notify(f"Exported {filename} to {path}.", title="Export", markup=False)
        return
    if format_spec.binary:
        app.deliver_binary(
            io.BytesIO(data),
            save_directory=export_directory(app.path),
            save_filename=filename,
            mime_type=format_spec.media_type,
            name=DELIVERY_PREFIX + filename,
        )
        return
    app.deliver_text(
        io.StringIO(data.decode("utf-8")),
        save_directory=export_directory(app.path),
        save_filename=filename,
        encoding="utf-8",
        mime_type=format_spec.media_type,
        name=DELIVERY_PREFIX + filename,
    )


def start_export(app: GpaiApp, fmt: str) -> None:
    """Run :func:`export_flow` in a worker (``app.export`` calls this)."""
    if fmt not in EXPORT_FORMATS:
        app.notify(f"Unknown export format {fmt!r}.", severity="error", markup=False)
        return
    app.run_worker(
        export_flow(app, fmt),
        group="dialogs",
        exit_on_error=False,
    )


def delivered(app: GpaiApp, event: DeliveryComplete | DeliveryFailed) -> None:
    """Tell the user where an export went, or why it failed (other deliveries: ignored)."""
    if not (event.name or "").startswith(DELIVERY_PREFIX):
        return
    name = (event.name or "")[len(DELIVERY_PREFIX) :]
    if isinstance(event, DeliveryFailed):
        app.notify(
            f"{name} was not exported: {one_line(str(event.exception), 200)}",
            title="Export failed",
            severity="error",
            markup=False,
        )
        return
    where = f" to {event.path}" if event.path is not None else ""
    app.notify(f"Exported {name}{where}.", title="Export", markup=False)
