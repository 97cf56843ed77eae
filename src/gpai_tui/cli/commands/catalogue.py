"""``gpai catalogue``: print the Code of Practice catalogue as a tree, as JSON, or in an
interchange format of the registry (CISO Assistant library, OSCAL catalog)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from gpai_tui.catalogue import CURRENT_CODE, Catalogue, available_codes, load_catalogue
from gpai_tui.errors import UsageError
from gpai_tui.report.export.formats import formats, help_text

_FORMATS = ("tree", "json", *(s.name for s in formats("catalogue")))


def catalogue_json(cat: Catalogue) -> dict[str, Any]:
    """The whole catalogue as plain JSON-ready data, in catalogue order."""
    return cat.model_dump(mode="json")


def catalogue_tree(cat: Catalogue) -> Tree:
    """A Rich tree of the catalogue; every data string goes in as plain text, never markup."""
    root = Tree(Text.assemble((cat.title, "bold"), f"  (Code {cat.code})"))
    for chapter in cat.chapters:
        ch_node = root.add(
            Text.assemble(
                (chapter.title, "bold"), (f"  {chapter.prefix}, {chapter.applies}", "dim")
            )
        )
        for commitment in chapter.commitments:
            c_node = ch_node.add(Text.assemble((commitment.id, "bold cyan"), " ", commitment.title))
            for m in commitment.measures:
                c_node.add(Text.assemble((m.id, "cyan"), " ", m.title, (f"  {m.applies}", "dim")))
    obligations = root.add(Text("AI Act obligations outside the Code", style="bold"))
    for o in cat.obligations:
        obligations.add(Text.assemble((o.id, "cyan"), " ", o.title, (f"  {o.applies}", "dim")))
    mdf = root.add(Text("Model Documentation Form", style="bold"))
    for section in cat.mdf:
        count = len(section.fields)
        mdf.add(
            Text.assemble(
                (f"{section.number}", "cyan"),
                f" {section.title}",
                (f"  {count} field{'s' if count != 1 else ''}", "dim"),
            )
        )
    risks = root.add(Text("Specified systemic risks", style="bold"))
    for r in cat.specified_risks:
        risks.add(Text.assemble((r.id, "cyan"), " ", r.title))
    return root


@click.command()
@click.option(
    "--json", "as_json", is_flag=True, help="Print the catalogue as JSON (--format json)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_FORMATS),
    default="tree",
    show_default=True,
    help="tree: for reading; json: the catalogue data; " + help_text("catalogue"),
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write to this file (atomically) instead of standard output.",
)
@click.option(
    "--code",
    default=CURRENT_CODE,
    show_default=True,
    metavar="VERSION",
    help="Catalogue version (the date of the Code's text).",
)
def catalogue(as_json: bool, fmt: str, output: Path | None, code: str) -> None:
    """Print the Code of Practice catalogue: chapters, measures, obligations, MDF.

    \b
    Examples:
      gpai catalogue
      gpai catalogue --format ciso-library -o gpai-code.yaml
      gpai catalogue --format oscal -o gpai-code.oscal.json
    """
    known = available_codes()
    if code not in known:
        raise UsageError(f"unknown Code version {code!r}; this tool knows {', '.join(known)}")
    if as_json:
        fmt = "json"
    if output is not None and output.is_dir():
        raise UsageError(f"{output}: is a folder; give a file name with -o")
    cat = load_catalogue(code)
    if fmt == "tree":
        if output is not None:
            raise UsageError("-o needs --format json, ciso-library or oscal")
        Console(highlight=False, soft_wrap=False).print(catalogue_tree(cat))
        return
    if fmt == "json":
        text = json.dumps(catalogue_json(cat), indent=2, sort_keys=True, ensure_ascii=False)
        data = (text + "\n").encode("utf-8")
    else:
        from gpai_tui.report.export import catalogue_bytes

        data = catalogue_bytes(cat, fmt)
    if output is None:
        click.echo(data, nl=False)
        return
    from gpai_tui.text import safe
    from gpai_tui.workbook import atomic_write

    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"{output}: the folder {folder} does not exist")
    atomic_write(output, data)
    click.echo(f"wrote {safe(str(output))}", err=True)
