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


def _not_utf8(args: list[str]) -> str | None:
    """The first argument that is not valid UTF-8 (shown with escapes), or ``None``.

    Python hands undecodable bytes of ``argv`` over as lone surrogates; such a name
    could be neither shown, nor hashed, nor saved as text.
    """
    for arg in args:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return arg.encode("utf-8", "surrogateescape").decode("ascii", "backslashreplace")
    return None


def _os_problem(exc: OSError) -> str:
    """One line for an operating-system error that escaped a command."""
    import os

    where = exc.filename if exc.filename is not None else ""
    if isinstance(where, bytes):
        where = os.fsdecode(where)
    reason = exc.strerror or str(exc)
    if isinstance(exc, PermissionError):
        reason = "permission denied (a file or folder on the way cannot be read or written)"
    return f"{where}: {reason}" if where else reason


def run_guarded(cli: click.Group, argv: list[str] | None) -> Any:
    """Run the click group, mapping every failure to a message and an exit code.

    Besides the expected failures, two classes of environment problems are exit 2
    with one line, in every command (issue 16): an argument that is not UTF-8 (a
    file name in another encoding), and an operating-system error such as a folder
    the user cannot read.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    bad = _not_utf8(args)
    if bad is not None:
        fail(
            f"argument {bad!r} is not valid UTF-8; gpai needs UTF-8 file names and text "
            "(rename the file or folder, e.g. with convmv)"
        )
    try:
        return cli.main(args=args, prog_name="gpai", standalone_mode=False)
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
    except OSError as exc:  # a folder that cannot be read, a name too long...
        fail(_os_problem(exc))
    except UnicodeError as exc:  # a name found on disk that is not UTF-8
        fail(f"a file or folder name is not valid UTF-8 ({type(exc).__name__}); rename it")
    except Exception as exc:  # the last line of defence
        log = write_crash_log(exc)
        where = f"; the details are in {log}" if log else ""
        click.echo(
            f"gpai: unexpected error ({type(exc).__name__}: {safe(str(exc))[:200]}){where}",
            err=True,
        )
        sys.exit(int(ExitCode.INTERNAL))
