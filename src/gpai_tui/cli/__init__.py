"""The ``gpai`` command line.

Commands are registered by name and imported only when they run, so that
``gpai status`` never pays for Textual or for the exporters. The CLI holds no
business logic: it parses arguments, calls the core, prints, and maps failures
to the documented exit codes (:class:`gpai_tui.cli.exit_codes.ExitCode`).
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

import click

from gpai_tui import __version__

# name -> "module:attribute". Each module lives in gpai_tui.cli.commands.
COMMANDS: dict[str, str] = {
    "catalogue": "gpai_tui.cli.commands.catalogue:catalogue",
    "validate": "gpai_tui.cli.commands.validate:validate",
    "new": "gpai_tui.cli.commands.new:new",
    "set": "gpai_tui.cli.commands.set_:set_",
    "profile": "gpai_tui.cli.commands.profile:profile",
    "incident": "gpai_tui.cli.commands.incident:incident",
    "status": "gpai_tui.cli.commands.status:status",
    "plan": "gpai_tui.cli.commands.plan:plan",
    "check": "gpai_tui.cli.commands.check:check",
    "open": "gpai_tui.cli.commands.open_:open_",
    "export": "gpai_tui.cli.commands.export:export",
    "diff": "gpai_tui.cli.commands.diff:diff",
    "textconv": "gpai_tui.cli.commands.textconv:textconv",
    "merge": "gpai_tui.cli.commands.merge:merge",
    "git-setup": "gpai_tui.cli.commands.git_setup:git_setup",
    "history": "gpai_tui.cli.commands.history:history",
    "migrate": "gpai_tui.cli.commands.migrate:migrate",
    "fmt": "gpai_tui.cli.commands.fmt:fmt",
    "config": "gpai_tui.cli.commands.config:config",
    "serve": "gpai_tui.cli.commands.serve:serve",
    "mdf": "gpai_tui.cli.commands.mdf:mdf",
    "summary": "gpai_tui.cli.commands.summary:summary",
    "evidence": "gpai_tui.cli.commands.evidence:evidence",
    "bundle": "gpai_tui.cli.commands.bundle:bundle",
    "organisation": "gpai_tui.cli.commands.organisation:organisation",
}

SHORT_HELP: dict[str, str] = {
    "catalogue": "Print the Code of Practice catalogue.",
    "validate": "Check workbook files for errors.",
    "new": "Create a new workbook.",
    "set": "Edit one measure or obligation from a script.",
    "profile": "Print or set the model profile and the chapters signed.",
    "migrate": "Move a workbook to another Code version or the newest format.",
    "incident": "Record serious incidents and their reports from a script.",
    "status": "Show completeness and outstanding obligations.",
    "plan": "Print the work plan: what is left, with owners and legal dates.",
    "check": "Fail (exit 1) when a workbook misses its gates; for CI.",
    "open": "Open a workbook in the terminal UI.",
    "export": "Export a report or an audience pack.",
    "diff": "Show what changed in compliance terms between two workbooks.",
    "textconv": "Print a canonical line view of a workbook (for git diff).",
    "merge": "Three-way merge of workbooks (a git merge driver).",
    "git-setup": "Configure this git repository for workbook diffs and merges.",
    "history": "Show completeness over the git history of a workbook.",
    "fmt": "Rewrite workbooks in canonical form (drops comments).",
    "config": "Show the settings file's path or the settings in effect.",
    "serve": "Serve a workbook's UI to a web browser (extra: web).",
    "mdf": "Print or set one Model Documentation Form field.",
    "summary": "Fill, check and export the public summary of training content.",
    "evidence": "Record evidence files with their SHA-256 and verify them.",
    "bundle": "Write or verify a deterministic audit bundle (zip) for an auditor.",
    "organisation": "Organisation workbooks: extract the provider's shared answers.",
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if self._available(name)]

    @staticmethod
    def _available(name: str) -> bool:
        module = COMMANDS[name].split(":")[0]
        return importlib.util.find_spec(module) is not None

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None or not self._available(cmd_name):
            return None
        module_name, attr = target.split(":")
        command: click.Command = getattr(importlib.import_module(module_name), attr)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(n, SHORT_HELP.get(n, "")) for n in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _print_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """``gpai --version``: the tool's version and the Code of Practice versions it knows."""
    if not value or ctx.resilient_parsing:
        return
    from gpai_tui.catalogue import CURRENT_CODE, available_codes

    codes = ", ".join(available_codes())
    click.echo(f"gpai {__version__}\ncatalogue: Code of Practice {CURRENT_CODE} (knows {codes})")
    ctx.exit()


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and the catalogue version, then exit.",
)
def cli() -> None:
    """gpai: walk a general-purpose AI model through the EU GPAI Code of Practice.

    Workbooks are TOML files, one per model, kept in git. Exit codes: 0 ok,
    1 check failed (or changes found, for diff), 2 usage or bad input,
    3 unexpected error (a log file is named).
    """


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point."""
    import gc

    # Start-up builds tens of thousands of long-lived objects (modules, pydantic
    # schemas, the catalogue) that the cyclic collector would walk again and again:
    # 10-60 ms of every command. A headless command is short and its data has no
    # cycles to collect, so it runs without it; the TUI freezes what start-up built
    # and turns it back on (tui.launch).
    gc.disable()
    from gpai_tui.cli.errors import run_guarded

    try:
        return run_guarded(cli, argv)
    finally:
        gc.enable()
