"""Injection through the command line: every payload, every command, never interpreted.

Each payload of :mod:`tests.reliability.payloads` is put in every free-text field
of a workbook (and, in a second workbook, in an incident id and a conflict path),
saved, and run through ``status``, ``status --json``, ``plan``, ``check``, ``validate``,
``set``, ``textconv``, ``diff`` (and ``diff --json``) and ``merge``. The terminal
output must carry no raw control, C1 or bidi character, markup must come out as
written, and JSON must carry the data unchanged. Commands being built by other
developers are skipped until they exist. The costlier tests take a representative
payload of each kind in ``make test`` and every payload under ``--soak``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gpai_tui.cli import LazyGroup
from gpai_tui.workbook import dumps_workbook, load_workbook, parse_workbook, save_workbook
from tests.reliability.conftest import Outcome, gpai, make_workbook
from tests.reliability.payloads import (
    LITERAL_MARKUP,
    PAYLOADS,
    costly,
    inject,
    short,
    terminal_unsafe,
)

AS_OF = "2026-11-25"
NAMES = list(PAYLOADS)
COSTLY = costly()
"""The payloads of the tests that run several commands each: a representative of every
kind in ``make test``, all of them under ``--soak`` (see ``tests/budget.py``)."""


def available(command: str) -> bool:
    """True when the ``gpai`` command exists (others are still building some)."""
    return LazyGroup._available(command)


def needs(command: str) -> None:
    if not available(command):
        pytest.skip(f"`gpai {command}` does not exist yet")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """Per payload: ``fields`` (payload in text fields), ``keys`` (also in ids/paths)."""
    root = tmp_path_factory.mktemp("payloads")
    clean = root / "clean.toml"
    save_workbook(make_workbook(), clean)
    out: dict[str, dict[str, Path]] = {}
    for n, (name, payload) in enumerate(PAYLOADS.items()):
        folder = root / f"p{n:02d}"
        folder.mkdir()
        paths = {"clean": clean}
        for variant in ("fields", "keys"):
            path = folder / f"{variant}.toml"
            save_workbook(inject(payload, in_keys=variant == "keys"), path)
            paths[variant] = path
        out[name] = paths
    return out


def run(*args: str) -> Outcome:
    return gpai(*args)


def assert_terminal_safe(result: Outcome, what: str) -> None:
    text = result.stdout + result.stderr
    assert "Traceback" not in text, f"{what}: traceback\n{text[-2000:]}"
    assert terminal_unsafe(text) == [], f"{what}: raw {terminal_unsafe(text)} reached the terminal"


@pytest.mark.parametrize("name", NAMES)
def test_saved_and_loaded_unchanged(name: str, files: dict[str, dict[str, Path]]) -> None:
    payload = PAYLOADS[name]
    for variant in ("fields", "keys"):
        text = files[name][variant].read_text(encoding="utf-8")
        workbook = parse_workbook(text.encode("utf-8"))
        assert dumps_workbook(workbook) == text  # canonical round trip
        entry = workbook.measures["CR-1.1"]
        assert entry.notes == payload
        assert entry.owner == short(payload)
        assert entry.status == "todo"  # a quote/newline payload never makes a new table
        assert workbook.model.provider == short(payload)
        assert workbook.model.gpai_reason == payload


@pytest.mark.parametrize("name", COSTLY)
def test_status(name: str, files: dict[str, dict[str, Path]]) -> None:
    for variant in ("fields", "keys"):
        result = run("status", str(files[name][variant]), "--as-of", AS_OF)
        assert result.exit_code == 0, result.output
        assert_terminal_safe(result, f"status ({variant})")
        if name in LITERAL_MARKUP:
            assert PAYLOADS[name] in result.stdout, "markup was interpreted, not shown"


@pytest.mark.parametrize("name", NAMES)
def test_status_of_a_folder(name: str, files: dict[str, dict[str, Path]]) -> None:
    result = run("status", str(files[name]["fields"].parent), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert_terminal_safe(result, "status DIR")
    if name in LITERAL_MARKUP:
        assert short(PAYLOADS[name])[:20] in result.stdout


@pytest.mark.parametrize("name", COSTLY)
def test_status_json_keeps_the_data(name: str, files: dict[str, dict[str, Path]]) -> None:
    payload = PAYLOADS[name]
    for variant in ("fields", "keys"):
        result = run("status", str(files[name][variant]), "--json", "--as-of", AS_OF)
        assert result.exit_code == 0, result.output
        assert_terminal_safe(result, "status --json")
        data = json.loads(result.stdout)
        assert payload.strip() in data["scope"]["gpai"]["reason"]
        owners = {o["owner"] for o in data["outstanding"]} - {None}
        assert owners == {short(payload)}
        if variant == "keys":
            assert data["conflicts"] == [short(payload)]
            assert [i["id"] for i in data["incidents"]] == [short(payload)]


@pytest.mark.parametrize("name", COSTLY)
def test_plan(name: str, files: dict[str, dict[str, Path]]) -> None:
    needs("plan")
    import csv
    import io

    from markdown_it import MarkdownIt

    for variant in ("fields", "keys"):
        result = run("plan", str(files[name][variant]), "--as-of", AS_OF)
        assert result.exit_code == 0, result.output
        assert_terminal_safe(result, f"plan ({variant})")
        html = MarkdownIt("commonmark").render(result.stdout)
        assert "<a " not in html and "<em>" not in html and "<img" not in html, html[:2000]
        result = run("plan", str(files[name][variant]), "--format", "csv", "--as-of", AS_OF)
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("\ufeff")  # the byte-order mark of every CSV output
        body = result.stdout.removeprefix("\ufeff")
        assert_terminal_safe(Outcome(0, body, result.stderr), f"plan --format csv ({variant})")
        for row in csv.reader(io.StringIO(body)):
            for value in row:
                assert not value.lstrip(" \n").startswith(("=", "+", "-", "@", "\t", "\r")), value
    result = run("plan", str(files[name]["fields"].parent), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert_terminal_safe(result, "plan DIR")


@pytest.mark.parametrize("name", COSTLY)
def test_check(name: str, files: dict[str, dict[str, Path]]) -> None:
    for variant in ("fields", "keys"):
        for target in (files[name][variant], files[name][variant].parent):
            result = run(
                "check", str(target), "--no-inconsistent", "--no-overdue", "--as-of", AS_OF
            )
            assert result.exit_code == 1, result.output  # the conflict always fails
            assert_terminal_safe(result, f"check ({variant})")


@pytest.mark.parametrize("name", NAMES)
def test_validate(name: str, files: dict[str, dict[str, Path]]) -> None:
    for variant in ("fields", "keys"):
        result = run("validate", str(files[name][variant]))
        assert result.exit_code == 2, result.output  # unresolved conflict
        assert_terminal_safe(result, f"validate ({variant})")
        assert len(result.stderr.splitlines()) <= 12


@pytest.mark.parametrize("name", COSTLY)
def test_set_echo(name: str, tmp_path: Path) -> None:
    payload = PAYLOADS[name]
    path = tmp_path / "w.toml"
    save_workbook(make_workbook(), path)
    result = run(
        "set", str(path), "CR-1.2", "--owner", short(payload), "--evidence", short(payload),
        "--note", payload,
    )  # fmt: skip
    if payload.strip():
        assert result.exit_code == 0, result.output
        entry = load_workbook(path).measures["CR-1.2"]
        assert entry.notes == payload and short(payload) in entry.evidence_refs
    assert_terminal_safe(result, "set")
    bad_id = run("set", str(path), short(payload) or "x", "--status", "done")
    assert bad_id.exit_code == 2
    assert_terminal_safe(bad_id, "set with a bad id")


@pytest.mark.parametrize("name", COSTLY)
def test_textconv(name: str, files: dict[str, dict[str, Path]]) -> None:
    needs("textconv")
    for variant in ("fields", "keys"):
        result = run("textconv", str(files[name][variant]))
        assert result.exit_code == 0, result.output
        assert_terminal_safe(result, f"textconv ({variant})")


@pytest.mark.parametrize("name", NAMES)
def test_textconv_of_invalid_and_foreign_files(name: str, tmp_path: Path) -> None:
    """textconv passes files it cannot render through for git: escaped, never raw."""
    needs("textconv")
    payload = PAYLOADS[name]
    invalid = tmp_path / "invalid.toml"
    invalid.write_text(f'format = 1\ncode = "2025-07-10"\nnotes = """{payload}', "utf-8")
    foreign = tmp_path / "foreign.toml"
    foreign.write_text(f"just text {payload}\n", encoding="utf-8")
    for path in (invalid, foreign):
        result = run("textconv", str(path))
        assert result.exit_code == 0, result.output
        assert_terminal_safe(result, f"textconv {path.name}")


@pytest.mark.parametrize("name", COSTLY)
def test_diff(name: str, files: dict[str, dict[str, Path]]) -> None:
    needs("diff")
    for variant in ("fields", "keys"):
        for old, new in (
            (files[name]["clean"], files[name][variant]),
            (files[name][variant], files[name]["clean"]),
        ):
            result = run("diff", str(old), str(new), "--as-of", AS_OF)
            assert result.exit_code == 1, result.output
            assert_terminal_safe(result, f"diff ({variant})")
            if name in LITERAL_MARKUP:
                assert short(PAYLOADS[name])[:10] in result.stdout
            result = run("diff", str(old), str(new), "--json", "--as-of", AS_OF)
            assert result.exit_code == 1, result.output
            assert_terminal_safe(result, f"diff --json ({variant})")
            json.loads(result.stdout)


@pytest.mark.parametrize("name", NAMES[::4])
def test_merge(name: str, files: dict[str, dict[str, Path]], tmp_path: Path) -> None:
    needs("merge")
    base = files[name]["clean"]
    ours = tmp_path / "ours.toml"
    ours.write_bytes(files[name]["fields"].read_bytes())
    theirs = files[name]["keys"]
    result = run("merge", str(base), str(ours), str(theirs), "model.toml")
    assert result.exit_code in (0, 1), result.output
    assert_terminal_safe(result, "merge")
    load_workbook(ours)  # the result (with conflict records) is a valid workbook


HOSTILE_FILE_NAMES = [
    "\x1b[31mred\x1b[0m.toml",
    "\x1b]52;c;ZXZpbA==\x07.toml",
    "invoice\u202efdp.toml",
    "[bold red]x.toml",
    "tab\there.toml",
    "new\nline.toml",
]


@pytest.mark.parametrize("file_name", HOSTILE_FILE_NAMES)
def test_hostile_file_names(file_name: str, tmp_path: Path) -> None:
    """A cloned repository can carry any file name: shown escaped, never executed."""
    good = tmp_path / file_name
    save_workbook(make_workbook(), good)
    bad = tmp_path / ("bad-" + file_name)
    bad.write_text("format = [", encoding="utf-8")
    for args in (
        ("status", str(tmp_path), "--as-of", AS_OF),
        ("status", str(tmp_path), "--json", "--as-of", AS_OF),
        ("check", str(tmp_path), "--as-of", AS_OF),
        ("validate", str(good), str(bad)),
        ("status", str(bad)),
        ("status", str(good), "--as-of", AS_OF),
        ("set", str(bad), "CR-1.1", "--status", "done"),
    ):
        result = run(*args)
        assert result.exit_code in (0, 1, 2), result.output
        assert_terminal_safe(result, " ".join(args[:1]))
        if file_name.startswith("[bold") and args[0] != "set":
            assert "[bold red]x" in result.output
