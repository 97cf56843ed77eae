"""Bad workbook files: one readable message each, exit 2, never a traceback.

The committed corpus lives in ``bad/`` (small files; ``bad/.gitattributes`` keeps
their bytes exactly). Big or machine-specific cases (20 MB, 200,000 characters,
6,000 evidence entries, deep nesting, folders, missing or unreadable files) are
generated at test time. Every case is run through ``gpai validate`` as a real
subprocess and through :func:`load_workbook`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import gpai_tui.catalogue
from gpai_tui.workbook import WorkbookError, load_workbook, save_workbook
from tests.workbook.conftest import EXAMPLE

GpaiRunner = Callable[..., "subprocess.CompletedProcess[str]"]

BAD_DIR = Path(__file__).resolve().parent / "bad"

MINIMAL = """\
format = 1
code = "2025-07-10"

[model]
provider = "Aurora Labs GmbH"
name = "Aurora-2"
"""
"""The smallest valid workbook (every measure left out)."""


@dataclass(frozen=True)
class Expect:
    """What the message for one bad file must say.

    ``where`` is what follows the file name on the first line (``":10"``,
    ``":10:15"``, or ``""`` when no line is known); ``None`` skips that check.
    """

    where: str | None
    says: tuple[str, ...]


def expect(where: str | None, *says: str) -> Expect:
    return Expect(where, says)


COMMITTED: dict[str, Expect] = {
    "invalid-toml.toml": expect(":10:15", "invalid TOML"),
    "status-not-a-string.toml": expect(
        ":10",
        "expected one of 'todo', 'in-progress', 'done' or 'not-applicable', got 3",
        '(at measures."TR-1.1".status)',
    ),
    "established-in-eu-string.toml": expect(
        ":8", "expected true or false, got 'yes'", "(at model.established_in_eu)"
    ),
    "target-not-a-date.toml": expect(
        ":11", "expected a date such as 2026-12-31, got 'soon'", '(at measures."TR-1.1".target)'
    ),
    "unknown-top-level-key.toml": expect(
        ":9", "unknown key 'mesures'", "(at mesures)", "hint: did you mean 'measures'?"
    ),
    "unknown-key-in-measure.toml": expect(
        ":10",
        "unknown key 'stauts'",
        '(at measures."TR-1.1".stauts)',
        "hint: did you mean 'status'?",
    ),
    "unknown-measure-id.toml": expect(
        ":9",
        "unknown measure id 'CR-1.9' in Code 2025-07-10",
        '(at measures."CR-1.9")',
        "hint: did you mean 'CR-1.",
    ),
    "unknown-obligation-id.toml": expect(
        ":9",
        "unknown obligation id 'art-54-authorized-representative'",
        "hint: did you mean 'art-54-authorised-representative'?",
    ),
    "unknown-checkpoint.toml": expect(
        ":13",
        "unknown checkpoint 'robots-text' for CR-1.3",
        '(at measures."CR-1.3".checks.robots-text)',
        "hint: did you mean 'robots-txt'?",
    ),
    "derived-checkpoint-ticked.toml": expect(
        ":13",
        "checkpoint 'mdf-completed' of TR-1.1 is computed",
        "cannot be ticked by hand",
        '(at measures."TR-1.1".checks.mdf-completed)',
        "hint: remove this line",
    ),
    "unknown-status.toml": expect(
        ":10", "got 'donee'", '(at measures."TR-1.1".status)', "hint: did you mean 'done'?"
    ),
    "format-newer.toml": expect(
        ":2", "written in workbook format 99", "reads format 2 and older", "upgrade gpai-tui"
    ),
    "format-missing.toml": expect("", "missing `format`", "format = 2", "[code] table"),
    "format-string.toml": expect(":2", "`format` must be a positive whole number, got '1'"),
    "format-zero.toml": expect(":2", "`format` must be a positive whole number, got 0"),
    "unknown-code.toml": expect(
        ":3", "unknown Code of Practice version '2024-01-01'", "knows 2025-07-10"
    ),
    "code-missing.toml": expect("", "missing or invalid `code`", 'version = "2025-07-10"'),
    "empty.toml": expect("", "file is empty", "gpai new"),
    "whitespace-only.toml": expect("", "file is empty"),
    "comment-only.toml": expect("", "missing `format`"),
    "model-missing.toml": expect("", "missing required key 'model'", "(at model)"),
    "provider-empty.toml": expect(":6", "at least 1 character", "(at model.provider)"),
    "duplicate-key.toml": expect(":12:18", "Cannot overwrite a value", "defined twice"),
    "duplicate-table.toml": expect(
        ":12:19", 'table [measures."TR-1.1"] is declared twice', "defined twice"
    ),
    "mdf-table-for-single-field.toml": expect(
        ":9", "MDF field 'model-name' takes one text value, not a table", "(at mdf.model-name)"
    ),
    "mdf-unknown-field.toml": expect(
        ":10",
        "unknown Model Documentation Form field 'model-nam'",
        "hint: did you mean 'model-name'?",
    ),
    "mdf-not-text.toml": expect(
        ":10", "expected text", "got 410000000000", "(at mdf.parameter-count)"
    ),
    "mdf-repeating-value-not-text.toml": expect(
        ":11", "expected text, got 20", "(at mdf.input-max-size.images)"
    ),
    "datetime-for-date.toml": expect(
        ":11",
        "expected a date such as 2026-12-31, got 2026-12-15T10:00:00",
        '(at measures."TR-1.1".target)',
        "hint: write the date alone, without a time: 2026-12-15",
    ),
    "time-for-date.toml": expect(":11", "expected a date such as 2026-12-31, got 10:30:00"),
    "negative-compute.toml": expect(
        ":8", "greater than or equal to 0, got -3.1e+25", "(at model.training_compute_flop)"
    ),
    "infinite-compute.toml": expect(
        ":8", "expected a finite number, got inf", "(at model.training_compute_flop)"
    ),
    "nan-compute.toml": expect(":8", "expected a finite number, got nan"),
    "incident-key-typo.toml": expect(
        ":10",
        "unknown key 'clas'",
        "(at incidents.INC-1.clas)",
        "hint: did you mean 'class'?",
    ),
    "incident-unknown-class.toml": expect(
        ":10", "got 'cyber'", "(at incidents.INC-1.class)", "hint: did you mean 'cybersecurity'?"
    ),
    "checks-not-bool.toml": expect(
        ":13", "expected true or false, got 'yes'", '(at measures."CR-1.3".checks.robots-txt)'
    ),
    "measures-not-a-table.toml": expect(":4", "expected a table, got 'all done'", "(at measures)"),
    "evidence-not-a-list.toml": expect(
        ":11", "expected a list, got 'docs/mdf.pdf'", '(at measures."TR-1.1".evidence)'
    ),
    "array-of-measure-tables.toml": expect(":5", "expected a table, got an array", "(at measures)"),
    "line-separator-in-notes.toml": expect(":12", "got 'donee'"),
    "bom.toml": expect(":1:1", "byte-order mark", "without BOM"),
    "crlf.toml": expect(":1", "CRLF", "LF only", "dos2unix"),
    "cr-inside.toml": expect(":7", "CR or CRLF"),
    "latin-1.toml": expect(":6", "not UTF-8"),
    "binary-garbage.toml": expect(None, "binary"),
    # Format 2 (issue 12): the [code] table, the new profile keys, the second incident class.
    "code-table-no-version.toml": expect(":4", "missing or invalid `code`", "version"),
    "signed-unknown-chapter.toml": expect(
        ":6", "got 'copyrite'", "(at code.signed[1])", "hint: did you mean 'copyright'?"
    ),
    "code-table-unknown-key.toml": expect(
        ":6", "unknown key 'signd'", "(at code.signd)", "hint: did you mean 'signed'?"
    ),
    "open-source-condition-string.toml": expect(
        ":11", "expected true or false, got 'yes'", "(at model.oss_weights_public)"
    ),
    "designated-on-not-a-date.toml": expect(
        ":11", "expected a date such as 2026-12-31, got 'last spring'", "(at model.designated_on)"
    ),
    "incident-unknown-other-class.toml": expect(
        ":13", "got 'deaths'", "(at incidents.INC-1.other_class)", "did you mean 'death'?"
    ),
}


def test_corpus_is_complete() -> None:
    """Every committed bad file has an expectation, and there are at least 20 of them."""
    on_disk = {p.name for p in BAD_DIR.iterdir() if not p.name.startswith(".")}
    assert on_disk == set(COMMITTED)
    assert len(on_disk) >= 20


# ---------------------------------------------------------------------------
# Generated cases
# ---------------------------------------------------------------------------

BASE = "# bad: generated\n" + MINIMAL
"""Lines: 1 comment, 2 format, 3 code, 4 blank, 5 [model], 6 provider, 7 name."""


def _code(code: str) -> str:
    return BASE.replace('code = "2025-07-10"', f'code = "{code}"')


def _generate(folder: Path) -> dict[str, tuple[Path, Expect]]:
    cases: dict[str, tuple[Path, Expect]] = {}

    def add(name: str, text: str | bytes, rule: Expect) -> None:
        path = folder / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        cases[name] = (path, rule)

    huge = BASE.encode() + b"# padding padding padding padding padding padding\n" * 420_000
    assert len(huge) > 20_000_000
    add("huge-20mb.toml", huge, expect("", "file is 20.0 MB", "limited to 10 MB"))
    add(
        "value-200000-chars.toml",
        BASE + '\n[measures."TR-1.1"]\nnotes = "' + "n" * 200_000 + '"\n',
        expect(":10", "text is 200,000 characters long; at most 100,000 are allowed"),
    )
    evidence = ",\n".join(f'    "evidence/{i}.pdf"' for i in range(6_000))
    add(
        "evidence-6000.toml",
        BASE + f'\n[measures."TR-1.1"]\nevidence = [\n{evidence},\n]\n',
        expect(":10", "list has 6,000 items; at most 5,000 are allowed"),
    )
    add(
        "nested-arrays.toml",
        BASE.replace("[model]", "deep = " + "[" * 100_000 + "]" * 100_000 + "\n\n[model]"),
        expect(None, "values are nested too deeply"),
    )
    add(
        "nested-tables.toml",
        BASE.replace("[model]", "deep = " + "{a = " * 5_000 + "1" + "}" * 5_000 + "\n\n[model]"),
        expect(None, "values are nested too deeply"),
    )
    add(
        "status-5000-chars.toml",
        BASE + '\n[measures."TR-1.1"]\nstatus = "' + "x" * 5_000 + '"\n',
        expect(":10", "expected one of 'todo'", "got 'xxxxxxxx"),
    )
    add(
        "key-5000-chars.toml",
        BASE.replace("[model]", "k" * 5_000 + " = 1\n\n[model]"),
        expect(":5", "unknown key 'kkkkkkkk"),
    )
    add(
        "measure-id-5000-chars.toml",
        BASE + '\n[measures."' + "C" * 5_000 + '"]\nstatus = "done"\n',
        expect(":9", "unknown measure id 'CCCCCCCC"),
    )
    add(
        "code-5000-chars.toml",
        _code("c" * 5_000),
        expect(":3", "unknown Code of Practice version 'cccccccc"),
    )
    # A code that is a path must never load some other TOML file as a catalogue.
    evil = folder / "not-a-catalogue.toml"
    evil.write_text('title = "not a catalogue"\n', encoding="utf-8")
    add(
        "code-absolute-path.toml",
        _code(str(evil.with_suffix(""))),
        expect(":3", "unknown Code of Practice version"),
    )
    data_dir = Path(gpai_tui.catalogue.__file__).parent / "data"
    relative = os.path.relpath(evil.with_suffix(""), data_dir)
    add("code-relative-path.toml", _code(relative), expect(":3", "unknown Code of Practice"))
    add(
        "code-traversal-to-real-catalogue.toml",
        _code("../data/2025-07-10"),
        expect(":3", "unknown Code of Practice version '../data/2025-07-10'"),
    )
    (folder / "folder.toml").mkdir()
    cases["folder.toml"] = (folder / "folder.toml", expect("", "is a folder"))
    cases["missing.toml"] = (folder / "missing.toml", expect("", "no such file"))
    return cases


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Expect]]:
    return _generate(tmp_path_factory.mktemp("generated-bad"))


GENERATED_NAMES = [
    "huge-20mb.toml",
    "value-200000-chars.toml",
    "evidence-6000.toml",
    "nested-arrays.toml",
    "nested-tables.toml",
    "status-5000-chars.toml",
    "key-5000-chars.toml",
    "measure-id-5000-chars.toml",
    "code-5000-chars.toml",
    "code-absolute-path.toml",
    "code-relative-path.toml",
    "code-traversal-to-real-catalogue.toml",
    "folder.toml",
    "missing.toml",
]


def _case(name: str, generated: dict[str, tuple[Path, Expect]]) -> tuple[Path, Expect]:
    if name in COMMITTED:
        return BAD_DIR / name, COMMITTED[name]
    return generated[name]


ALL_NAMES = [*sorted(COMMITTED), *GENERATED_NAMES]


def test_generated_names_are_listed(generated: dict[str, tuple[Path, Expect]]) -> None:
    assert set(generated) == set(GENERATED_NAMES)


# ---------------------------------------------------------------------------
# The checks
# ---------------------------------------------------------------------------

MAX_LINES = 10
MAX_CHARS = 1_200
"""One screen: at most 10 lines, and not more text than fits (file name aside)."""


def assert_one_message(stderr: str, path: Path, rule: Expect) -> None:
    lines = stderr.rstrip("\n").split("\n")
    assert "Traceback" not in stderr
    assert 1 <= len(lines) <= MAX_LINES, stderr
    assert len(stderr.replace(str(path), "")) <= MAX_CHARS, stderr[:2000]
    assert lines[0].startswith(f"{path}"), stderr
    assert sum(line.startswith(str(path)) for line in lines) == 1, "one message per file"
    if rule.where is not None:
        assert lines[0].startswith(f"{path}{rule.where}: "), stderr
    for text in rule.says:
        assert text in stderr, f"{text!r} not in:\n{stderr}"


@pytest.mark.parametrize("name", ALL_NAMES)
def test_validate_reports_one_message(name: str, generated: dict[str, tuple[Path, Expect]]) -> None:
    # In process, through the real entry point (a subprocess per file cost ~0.3 s of CPU
    # each); the real subprocess runs every committed file at once (next tests).
    from tests.reliability.conftest import gpai as gpai_in_process

    path, rule = _case(name, generated)
    result = gpai_in_process("validate", str(path))
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stdout
    assert_one_message(result.stderr, path, rule)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_load_raises_workbook_error(name: str, generated: dict[str, tuple[Path, Expect]]) -> None:
    path, rule = _case(name, generated)
    with pytest.raises(WorkbookError) as info:
        load_workbook(path)
    message = str(info.value)
    assert message.startswith(str(path))
    for text in rule.says:
        assert text in message


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path: Path, gpai: GpaiRunner) -> None:
    path = tmp_path / "locked.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    path.chmod(0o000)
    try:
        result = gpai("validate", path)
        assert result.returncode == 2
        assert_one_message(result.stderr, path, expect("", "permission denied"))
        with pytest.raises(WorkbookError, match="permission denied"):
            load_workbook(path)
    finally:
        path.chmod(0o644)


# ---------------------------------------------------------------------------
# Valid files, and valid and bad together
# ---------------------------------------------------------------------------


@pytest.fixture
def valid_files(tmp_path: Path, example_path: Path) -> list[Path]:
    minimal = tmp_path / "minimal.toml"
    minimal.write_text(MINIMAL, encoding="utf-8")
    saved = tmp_path / "saved.toml"
    save_workbook(load_workbook(example_path), saved)
    return [example_path, minimal, saved]


def test_valid_files_exit_0(valid_files: list[Path], gpai: GpaiRunner) -> None:
    result = gpai("validate", *valid_files)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [f"{p}: ok" for p in valid_files]
    quiet = gpai("validate", "--quiet", *valid_files)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")


def test_valid_and_bad_together(valid_files: list[Path], gpai: GpaiRunner) -> None:
    bad = [BAD_DIR / "unknown-status.toml", BAD_DIR / "empty.toml", BAD_DIR / "bom.toml"]
    mixed = [valid_files[0], bad[0], valid_files[1], bad[1], bad[2], valid_files[2]]
    result = gpai("validate", *mixed)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    messages = [line for line in result.stderr.splitlines() if not line.startswith("  ")]
    assert [m.split(":", 1)[0] for m in messages] == [str(p) for p in bad]
    assert result.stdout.splitlines() == [f"{p}: ok" for p in valid_files]


def test_every_committed_bad_file_in_one_run(gpai: GpaiRunner) -> None:
    paths = [BAD_DIR / name for name in sorted(COMMITTED)]
    result = gpai("validate", *paths)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    starts = [line for line in result.stderr.splitlines() if line.startswith(str(BAD_DIR))]
    assert [line.split(":", 1)[0] for line in starts] == [str(p) for p in paths]


def test_unresolved_conflicts_fail_validation(
    tmp_path: Path, example_path: Path, gpai: GpaiRunner
) -> None:
    path = tmp_path / "conflicted.toml"
    text = example_path.read_text(encoding="utf-8")
    text += '\n[conflicts."measures.CR-1.3.status"]\nours = "done"\ntheirs = "todo"\n'
    path.write_text(text, encoding="utf-8")
    load_workbook(path)  # a valid file ...
    result = gpai("validate", path)  # ... that is not done yet
    assert result.returncode == 2
    assert_one_message(
        result.stderr, path, expect("", "1 unresolved merge conflict", "measures.CR-1.3.status")
    )


def test_validate_runs_as_a_module_entry_point() -> None:
    """The subprocess form used above is the real one (``python -m gpai_tui``)."""
    result = subprocess.run(
        [sys.executable, "-m", "gpai_tui", "validate", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0 and "FILES" in result.stdout


def test_a_key_with_line_breaks_keeps_the_message_on_one_line_per_part(tmp_path: Path) -> None:
    # Found by the soak fuzz (mutated documents): a date out of range under a key holding
    # line breaks printed the key raw, so the "(at ...)" part ran over many lines.
    from gpai_tui.workbook.errors import format_key_path

    assert format_key_path(["incidents", 'a\nb\t"c"', "aware"]) == (
        'incidents."a\\nb\\t\\"c\\"".aware'
    )
    key = "\\n# Fake heading\\n---\\n" * 3  # TOML escapes: the key holds real line breaks
    text = EXAMPLE.read_text(encoding="utf-8") + (
        f'\n[incidents."{key}"]\nclass = "cybersecurity"\ntitle = "t"\naware = 1899-01-01\n'
    )
    path = tmp_path / "w.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WorkbookError) as caught:
        load_workbook(path)
    message = str(caught.value)
    assert "1899-01-01 is outside the range" in message
    assert len(message.splitlines()) == 2, message  # the problem, then the hint
