"""``gpai serve FILE``: the workbook UI in a web browser (textual-serve, extra ``web``)."""

from __future__ import annotations

import ipaddress
import shlex
import sys
from datetime import date
from pathlib import Path

import click

from gpai_tui.cli.complete import workbook_paths
from gpai_tui.cli.params import as_of_option
from gpai_tui.errors import UsageError
from gpai_tui.text import safe


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def open_command(file: Path, as_of: date | None) -> str:
    """The command each browser tab runs: ``gpai open FILE`` with this interpreter."""
    parts = [sys.executable, "-m", "gpai_tui", "open", str(file.resolve())]
    if as_of is not None:
        parts += ["--as-of", as_of.isoformat()]
    return shlex.join(parts)


@click.command()
@click.argument("file", type=click.Path(path_type=Path), shell_complete=workbook_paths)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but loopback exposes the workbook to the network "
    "WITHOUT authentication.",
)
@as_of_option
def serve(file: Path, port: int, host: str, as_of: date | None) -> None:
    """Serve workbook FILE's UI to a web browser (needs: pip install 'gpai-tui[web]').

    Each browser tab runs its own `gpai open FILE`: the first one edits, later ones
    open read-only through the file lock, as a second terminal would. Listens on
    localhost only unless --host says otherwise; there is no authentication.
    """
    from gpai_tui.workbook import load_workbook

    load_workbook(file)  # a bad file is refused before anything listens
    try:
        from textual_serve.server import Server
    except ImportError:
        raise UsageError(
            "gpai serve needs the optional web extra: pip install 'gpai-tui[web]'"
        ) from None
    if not is_loopback(host):
        click.echo(
            f"gpai serve: WARNING: listening on {safe(host)}: anyone who can reach this "
            "address can read and edit the workbook; there is no authentication.",
            err=True,
        )
    url_host = f"[{host}]" if ":" in host else host
    click.echo(f"gpai serve: {safe(str(file))} at http://{safe(url_host)}:{port}/", err=True)
    server = Server(open_command(file, as_of), host=host, port=port, title=f"gpai: {file.name}")
    server.serve()
