"""The format registry is the one list: CLI choices, palette commands and the docs table."""

from __future__ import annotations

import re
from pathlib import Path

import click

from gpai_tui.cli.commands.catalogue import catalogue
from gpai_tui.cli.commands.export import export
from gpai_tui.report.export import EXPORT_FORMATS, FORMATS
from gpai_tui.report.export.formats import REGISTRY, formats, formats_table

DOCS = Path(__file__).parents[2] / "docs" / "FORMATS.md"


def _choices(command: click.Command, name: str) -> tuple[str, ...]:
    option = next(p for p in command.params if p.name == name)
    assert isinstance(option.type, click.Choice)
    return tuple(str(c) for c in option.type.choices)


def test_cli_choices_come_from_the_registry() -> None:
    assert _choices(export, "fmt") == EXPORT_FORMATS
    assert _choices(export, "fmt") == tuple(s.name for s in formats("workbook"))
    assert _choices(catalogue, "fmt")[2:] == tuple(s.name for s in formats("catalogue"))
    assert FORMATS == ("md", "html", "json", "csv")


def test_palette_has_one_export_command_per_format() -> None:
    from gpai_tui.tui.registry import COMMANDS

    actions = [c.action for c in COMMANDS if c.title.startswith("export: ")]
    assert actions == [f"app.export({s.name!r})" for s in formats("workbook")]
    for command in COMMANDS:  # the palette's naming rule (tests/tui/test_navigation.py)
        assert re.fullmatch(r"[a-z]+: [A-Z][\w /.-]*", command.title), command.title


def test_every_writer_imports_and_names_are_unique() -> None:
    for s in REGISTRY:
        assert callable(s.load()), s.name
        assert s.suffix.startswith(".")
    keys = [(s.source, s.name) for s in REGISTRY]
    assert len(keys) == len(set(keys))


def test_docs_table_is_the_registry() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert formats_table() in text, "regenerate the table in docs/FORMATS.md"


def test_architecture_example_is_the_real_registry_line() -> None:
    """docs/ARCHITECTURE.md shows adding xlsx as one module and one registry line."""
    docs = (Path(__file__).parents[2] / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    block = docs.split("```python\n", 1)[1].split("```", 1)[0]
    source = Path(__file__).parents[2] / "src/gpai_tui/report/export/formats.py"
    code = "\n".join(line.strip() for line in source.read_text(encoding="utf-8").splitlines())
    assert "\n".join(line.strip() for line in block.strip().splitlines()) in code
    assert "report/export/xlsx.py" in docs and spec_names().count("xlsx") == 1


def spec_names() -> list[str]:
    return [s.name for s in REGISTRY]
