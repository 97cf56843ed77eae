"""Turn every failure into a one-screen message and a documented exit code.

Expected failures (:class:`gpai_tui.errors.GpaiError` and its subclasses) print
their message to stderr and exit with their code. Anything unexpected prints a
short message, writes the full traceback to a log file in the user's state
folder, and names that file. A traceback never reaches the terminal.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from gpai_tui.cli.exit_codes import ExitCode
from gpai_tui.errors import GpaiError
from gpai_tui.state import state_dir, write_crash_log
from gpai_tui.text import safe

__all__ = ["fail", "run_guarded", "state_dir", "write_crash_log"]


def fail(message: str, code: int = ExitCode.BAD_INPUT) -> None:
    """Print ``message`` to stderr (control characters escaped) and exit."""
    click.echo(f"gpai: {safe(message)}", err=True)
    sys.exit(int(code))


def run_guarded(cli: click.Group, argv: list[str] | None) -> Any:
    """Run the click group, mapping every failure to a message and an exit code."""
    try:
        return cli.main(args=argv, prog_name="gpai", standalone_mode=False)
    except click.exceptions.Abort as exc:
        # click turns Ctrl-C into Abort: report it as the interrupt it was (130).
        if isinstance(exc.__cause__, KeyboardInterrupt):
            click.echo("gpai: interrupted", err=True)
            sys.exit(130)
        click.echo("gpai: aborted", err=True)
        sys.exit(int(ExitCode.BAD_INPUT))
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        # Usage errors: click's own formatting, but always exit 2.
        exc.show()
        sys.exit(int(ExitCode.BAD_INPUT))
    except GpaiError as exc:
        fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        click.echo("gpai: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(int(ExitCode.OK))
    except SystemExit:
        raise
    except Exception as exc:  # the last line of defence
        log = write_crash_log(exc)
        where = f"; the details are in {log}" if log else ""
        click.echo(
            f"gpai: unexpected error ({type(exc).__name__}: {safe(str(exc))[:200]}){where}",
            err=True,
        )
        sys.exit(int(ExitCode.INTERNAL))
