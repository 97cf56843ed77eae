"""The floor for ``gpai status``: the least a Python tool can do with the same input.

It reads the file with ``tomllib``, validates it into a one-field pydantic model and
prints a three-row Rich table. Given a folder, it does that for every ``*.toml`` in it
and prints one row per file (the floor for ``gpai status DIR``).
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from pydantic import BaseModel
from rich.console import Console
from rich.table import Table


class Doc(BaseModel):
    """The one field the floor validates."""

    code: str


def read(path: Path) -> Doc:
    with path.open("rb") as fh:
        code = tomllib.load(fh)["code"]
    # Format 2 keeps the catalogue version in a [code] table; format 1 as a string.
    return Doc.model_validate({"code": code["version"] if isinstance(code, dict) else code})


def main() -> None:
    target = Path(sys.argv[1])
    table = Table("file", "code")
    if target.is_dir():
        for path in sorted(target.glob("*.toml")):
            table.add_row(path.name, read(path).code)
    else:
        doc = read(target)
        table.add_row("file", target.name)
        table.add_row("code", doc.code)
        table.add_row("rows", "3")
    Console().print(table)


if __name__ == "__main__":
    main()
