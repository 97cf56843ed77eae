"""The headless core and the CLI entry point never import Textual.

Each module is imported (and each headless command run) in a fresh interpreter, so
modules already loaded by other tests cannot hide an import. The package root
imports nothing heavy, so that every command starts fast.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEADLESS_MODULES = [
    "gpai_tui.catalogue",
    "gpai_tui.cli",
    "gpai_tui.workbook",
    "gpai_tui.engine",
    "gpai_tui.report",
    "gpai_tui.report.status",
    "gpai_tui.cli.commands.validate",
]


@pytest.mark.parametrize("module", HEADLESS_MODULES)
def test_module_does_not_import_textual(module: str) -> None:
    code = (
        "import importlib, sys\n"
        f"importlib.import_module({module!r})\n"
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(leaked))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "", f"{module} imports {proc.stdout.strip()}"


EXAMPLE = str(Path(__file__).resolve().parents[1] / "workbooks" / "example.toml")
HEAVY = ("textual", "pydantic", "pydantic_core", "rich", "click", "tomli_w")
"""Packages that ``import gpai_tui`` alone must not load (each costs milliseconds)."""


def _loaded_after(code: str) -> set[str]:
    """Top-level packages loaded in a fresh interpreter after running ``code``."""
    script = (
        f"{code}\nimport sys\nprint(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    return set(proc.stdout.split())


def test_package_root_imports_nothing_heavy() -> None:
    loaded = _loaded_after("import gpai_tui")
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


@pytest.mark.parametrize(
    "args",
    [
        ["status", EXAMPLE],
        ["status", EXAMPLE, "--json"],
        ["check", EXAMPLE],
        ["validate", EXAMPLE],
        ["status", str(Path(EXAMPLE).parent)],
        ["check", str(Path(EXAMPLE).parent), "--no-overdue"],
    ],
    ids=lambda a: " ".join(Path(x).name if "/" in x else x for x in a),
)
def test_headless_commands_never_import_textual(args: list[str]) -> None:
    """Running the command (not just importing it) leaves Textual unloaded."""
    code = (
        "import contextlib, io, sys\n"
        f"sys.argv = ['gpai', *{args!r}]\n"
        "from gpai_tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    main()\n"
    )
    loaded = _loaded_after(code)
    assert "gpai_tui" in loaded and "click" in loaded  # the command really ran
    assert "textual" not in loaded
