"""``gpai catalogue``: print the Code of Practice catalogue as a tree or as JSON."""

from __future__ import annotations

import json
from typing import Any

import click
from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from gpai_tui.catalogue import CURRENT_CODE, Catalogue, available_codes, load_catalogue
from gpai_tui.errors import UsageError


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
@click.option("--json", "as_json", is_flag=True, help="Print the catalogue as JSON.")
@click.option(
    "--code",
    default=CURRENT_CODE,
    show_default=True,
    metavar="VERSION",
    help="Catalogue version (the date of the Code's text).",
)
def catalogue(as_json: bool, code: str) -> None:
    """Print the Code of Practice catalogue: chapters, measures, obligations, MDF."""
    known = available_codes()
    if code not in known:
        raise UsageError(f"unknown Code version {code!r}; this tool knows {', '.join(known)}")
    cat = load_catalogue(code)
    if as_json:
        click.echo(json.dumps(catalogue_json(cat), indent=2, sort_keys=True, ensure_ascii=False))
    else:
        Console(highlight=False, soft_wrap=False).print(catalogue_tree(cat))
