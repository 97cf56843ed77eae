"""``gpai git-setup``: configure a git repository for semantic diffs and merges.

It writes ``.gitattributes`` entries (committed, shared with the team) that give
workbook files the ``gpai`` diff and merge drivers, and the repository-local
git configuration (``.git/config``, per machine) that says how to run them:

* ``diff.gpai.textconv = <gpai> textconv``
* ``merge.gpai.name`` and ``merge.gpai.driver = <gpai> merge %O %A %B %P``

``<gpai>`` is, by default, this Python interpreter by absolute path with
``-m gpai_tui``, so git finds the tool even where ``gpai`` is not on PATH
(a virtual environment that is not activated, a GUI git client). Rerun
``gpai git-setup`` after moving the environment, or pass ``--command gpai``.
The default pattern is ``workbooks/**/*.toml``; ``--pattern`` replaces it.
With ``--gitignore`` (or a yes to the question it asks in a terminal) it also adds
the patterns of gpai's lock and save-temp files to the repository's ``.gitignore``.
Running it again changes nothing; it prints what it changed.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click

from gpai_tui.errors import UsageError

DEFAULT_PATTERNS = ("workbooks/**/*.toml",)
"""Where workbooks live in a repository, unless told otherwise."""
COMMENT = "# gpai workbooks: semantic diff and measure-aware merge (gpai git-setup)"
ATTRIBUTES = ("diff=gpai", "merge=gpai")
DRIVER_NAME = "gpai workbook merge (per measure and field)"
IGNORE_COMMENT = "# gpai-tui lock and save temp files next to workbooks (gpai git-setup)"
IGNORE_PATTERNS = (".*.gpai-lock", ".*.gpai-lock.break", ".*.gpai-tmp")
"""The hidden files gpai writes next to a workbook: the lock (and the file that
serialises breaking a stale one) and the temp file of an atomic save."""


def update_gitignore(text: str) -> tuple[str, list[str]]:
    """``.gitignore`` text with :data:`IGNORE_PATTERNS` present; and what was added."""
    lines = text.splitlines()
    present = {line.strip() for line in lines}
    missing = [p for p in IGNORE_PATTERNS if p not in present]
    if not missing:
        return text, []
    if IGNORE_COMMENT not in present:
        lines.append(IGNORE_COMMENT)
    lines += missing
    return "\n".join(lines) + "\n", [f".gitignore: added `{p}`" for p in missing]


def default_command() -> str:
    """The shell command git runs to call this gpai: this interpreter, by absolute path."""
    return f"{shlex.quote(sys.executable)} -m gpai_tui"


def update_attributes(text: str, patterns: tuple[str, ...]) -> tuple[str, list[str]]:
    """``.gitattributes`` text with the gpai entries for ``patterns``; and what changed."""
    lines = text.splitlines()
    changes: list[str] = []
    for pattern in patterns:
        found = False
        for index, line in enumerate(lines):
            tokens = line.split()
            if not tokens or tokens[0].startswith("#") or tokens[0] != pattern:
                continue
            found = True
            kept = [
                t for t in tokens[1:] if t.lstrip("-!").split("=", 1)[0] not in ("diff", "merge")
            ]
            wanted = [pattern, *kept, *ATTRIBUTES]
            if tokens != wanted:
                lines[index] = " ".join(wanted)
                changes.append(f".gitattributes: updated `{lines[index]}`")
        if not found:
            if COMMENT not in lines:
                lines.append(COMMENT)
            lines.append(" ".join((pattern, *ATTRIBUTES)))
            changes.append(f".gitattributes: added `{lines[-1]}`")
    return ("\n".join(lines) + "\n" if lines else ""), changes


@click.command("git-setup")
@click.option(
    "--pattern",
    "patterns",
    multiple=True,
    metavar="GLOB",
    help="Workbook files, as a .gitattributes pattern (repeatable). Default: workbooks/**/*.toml.",
)
@click.option(
    "--command",
    "command",
    metavar="CMD",
    default=None,
    help="How git should run gpai. Default: this Python by absolute path, -m gpai_tui.",
)
@click.option(
    "--repo",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("."),
    show_default=True,
    help="A folder inside the repository to set up.",
)
@click.option(
    "--gitignore/--no-gitignore",
    "gitignore",
    default=None,
    help="Add (or don't) the lock and temp file patterns .*.gpai-lock and .*.gpai-tmp to "
    ".gitignore. Default: ask in a terminal, leave it alone otherwise.",
)
def git_setup(
    patterns: tuple[str, ...], command: str | None, repo: Path, gitignore: bool | None
) -> None:
    """Configure this git repository for workbook diffs, merges and history.

    Writes .gitattributes entries (commit that file) and the repository-local
    diff.gpai.textconv, merge.gpai.name and merge.gpai.driver settings; with
    --gitignore, the lock and temp file patterns in .gitignore. Safe to run
    again: it prints what it changed, or that nothing needed changing.
    """
    from gpai_tui.gitutil import get_config, repo_root, set_config
    from gpai_tui.workbook import atomic_write

    patterns = patterns or DEFAULT_PATTERNS
    for pattern in patterns:
        if not pattern.strip() or any(c.isspace() for c in pattern) or '"' in pattern:
            raise UsageError(f"{pattern!r} cannot be a .gitattributes pattern (no spaces)")
        if pattern.startswith(("#", "!")):
            raise UsageError(f"{pattern!r} cannot be a .gitattributes pattern")
    root = repo_root(repo)
    cmd = command.strip() if command else default_command()
    if not cmd:
        raise UsageError("--command cannot be empty")
    changes: list[str] = []
    attributes = root / ".gitattributes"
    try:
        before = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{attributes} cannot be read ({exc})") from None
    after, attr_changes = update_attributes(before, patterns)
    if after != before:
        atomic_write(attributes, after.encode("utf-8"))
        changes += attr_changes
    for key, value in (
        ("diff.gpai.textconv", f"{cmd} textconv"),
        ("merge.gpai.name", DRIVER_NAME),
        ("merge.gpai.driver", f"{cmd} merge %O %A %B %P"),
    ):
        current = get_config(root, key)
        if current != value:
            set_config(root, key, value)
            changes.append(
                f"git config {key}: {'set' if current is None else 'changed'} to {value}"
            )
    ignore_changes, hint = _gitignore(root, gitignore)
    changes += ignore_changes
    if changes:
        click.echo(f"gpai git-setup: configured {root}")
        for change in changes:
            click.echo(f"  {change}")
        if attr_changes:
            click.echo(
                "  commit .gitattributes so that everyone gets the drivers; each "
                "clone runs `gpai git-setup` once for its local settings"
            )
    else:
        click.echo(f"gpai git-setup: {root} is already set up; nothing changed")
    if hint:
        click.echo(hint)


def _gitignore(root: Path, wanted: bool | None) -> tuple[list[str], str]:
    """Add the ignore patterns when wanted (asked in a terminal); (changes, hint)."""
    from gpai_tui.workbook import atomic_write

    path = root / ".gitignore"
    try:
        before = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path} cannot be read ({exc})") from None
    after, changes = update_gitignore(before)
    if not changes or wanted is False:
        return [], ""
    if wanted is None:
        if not _interactive():
            return [], (
                "  hint: `gpai git-setup --gitignore` adds "
                f"{', '.join(IGNORE_PATTERNS)} to .gitignore"
            )
        question = f"Add {', '.join(IGNORE_PATTERNS)} to {path}?"
        if not click.confirm(question, default=True):
            return [], ""
    atomic_write(path, after.encode("utf-8"))
    return changes, ""


def _interactive() -> bool:
    """True when a person can answer a question (stdin and stdout are terminals)."""
    return sys.stdin.isatty() and sys.stdout.isatty()
