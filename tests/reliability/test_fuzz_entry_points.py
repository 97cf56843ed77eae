"""Fuzzing every entry point that reads a workbook, not only the loader (issue 16).

Five generators, each aimed at a class that got through the first round:

* long dotted keys (with and without the lines that make a file look like a
  workbook);
* deep inline tables and arrays;
* dates anywhere from 0001-01-01 to 9999-12-31 in every date field of the model
  (found by introspection, so fields added later are covered);
* invisible and look-alike characters in the texts a workbook shows;
* file names that are not UTF-8.

Each generated file goes through ``gpai textconv``, ``gpai merge`` (as the third
side of a merge with a good workbook), ``gpai status DIR`` (beside a good
workbook), the load path of ``gpai open`` (``make_app``, everything but drawing)
and ``gpai validate``. The rules: the exit code is a documented one (never 3), no
traceback, no hidden character reaches the output, every call is quick, a file
that validates also opens and evaluates, and one that does not is refused by all.

A handful of examples per generator in ``make test``; ``--soak`` runs 40 times as many.
"""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gpai_tui.text import FILLERS, is_hidden
from gpai_tui.workbook import Incident, ItemEntry, ModelProfile, WorkbookError, save_workbook
from gpai_tui.workbook.limits import MAX_DATE, MIN_DATE
from tests.reliability.conftest import Outcome, gpai, make_workbook

HEAD = 'format = 1\ncode = "2025-07-10"\n\n[model]\nprovider = "P"\nname = "M"\n'
BASE = 6
"""Examples per generator in the bounded run."""
SECONDS = 5.0
"""Budget per call (they take milliseconds; the margin is for a loaded machine)."""


def _examples(request: pytest.FixtureRequest) -> int:
    return BASE * (40 if request.config.getoption("--soak") else 1)


def _date_fields() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for table, model in (("model", ModelProfile), ("measures", ItemEntry), ("incidents", Incident)):
        for name, info in model.model_fields.items():
            if "date" in str(info.annotation):
                out.append((table, info.alias or name))
    return out


DATE_FIELDS = _date_fields()

dotted_keys = st.builds(
    lambda parts, name, header, where: (
        (HEAD if header else "")
        + ("[mdf]\n" if where else "")
        + name
        + "".join(f".{name}" for _ in range(parts))
        + " = 1\n"
    ),
    st.integers(9, 40_000),
    st.sampled_from(["a", "x", '"q"', "measures", "k_1"]),
    st.booleans(),
    st.booleans(),
)

deep_values = st.builds(
    lambda depth, opener, header: (
        (HEAD if header else "")
        + "x = "
        + "".join(opener[i % len(opener)] for i in range(depth))
        + "1"
        + "".join({"[": "]", "{a = ": "}"}[opener[i % len(opener)]] for i in reversed(range(depth)))
        + "\n"
    ),
    st.integers(13, 30_000),
    st.sampled_from([["["], ["{a = "], ["[", "{a = "], ["{a = ", "{a = ", "["]]),
    st.booleans(),
)


def _with_date(field: tuple[str, str], when: date) -> str:
    table, key = field
    value = f"[{when.isoformat()}]" if key == "intermediate_reports" else when.isoformat()
    if table == "model":
        return HEAD + f"{key} = {value}\n"
    if table == "measures":
        return HEAD + f'\n[measures."CR-1.1"]\nstatus = "todo"\n{key} = {value}\n'
    incident = 'class = "death"\ntitle = "t"\n' + ("" if key == "aware" else "aware = 2026-01-01\n")
    return HEAD + f"\n[incidents.I1]\n{incident}{key} = {value}\n"


far_dates = st.tuples(
    st.sampled_from(DATE_FIELDS),
    st.one_of(
        st.dates(min_value=date(1, 1, 1), max_value=date(1900, 1, 1)),
        st.dates(min_value=date(2199, 12, 31), max_value=date(9999, 12, 31)),
        st.sampled_from([date(1, 1, 1), date(9999, 12, 31), MIN_DATE, MAX_DATE]),
    ),
)

_HIDDEN_SAMPLE = [
    *range(0x80, 0xA0),
    0xAD,
    *range(0x200B, 0x2010),
    *range(0x2060, 0x2065),
    *range(0x202A, 0x202F),
    0xFEFF,
    *(c for low, high in FILLERS for c in range(low, min(high, low + 3) + 1)),
    *range(0xE0000, 0xE0080, 7),
    0xE000,
    0xF0000,
    0x0378,
    0xFFFF,
    0x10FFFF,
]
hidden_texts = st.text(
    alphabet=st.one_of(st.sampled_from([chr(c) for c in _HIDDEN_SAMPLE]), st.sampled_from("ad mn")),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() != "" and any(is_hidden(c) for c in t))

bad_names = (
    st.binary(min_size=1, max_size=40)
    .map(lambda b: bytes(c for c in b if c not in b"/\x00.") or b"\xff")
    .filter(lambda b: not _is_utf8(b))
)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _call(*args: str) -> Outcome:
    start = time.monotonic()
    outcome = gpai(*args)
    assert time.monotonic() - start < SECONDS, (args[0], time.monotonic() - start)
    assert outcome.exit_code in (0, 1, 2), (args[0], outcome.exit_code, outcome.output[-500:])
    assert "Traceback" not in outcome.output and "unexpected error" not in outcome.output
    visible = outcome.output.lstrip("\ufeff")
    assert not any(is_hidden(ch) for ch in visible if ch not in "\t\n"), args[0]
    return outcome


def _open_headless(path: Path) -> bool:
    """The load path of `gpai open` (everything before the first frame); True if it opened."""
    from gpai_tui.tui.app import make_app

    start = time.monotonic()
    try:
        make_app(path, as_of=date(2026, 11, 25))
    except WorkbookError:
        return False
    finally:
        assert time.monotonic() - start < SECONDS
    return True


def _through_every_entry_point(folder: Path, text: str | bytes) -> dict[str, Any]:
    """Run one generated file through the five entry points; what each said."""
    for old in folder.iterdir():
        old.unlink()
    good = folder / "good.toml"
    save_workbook(make_workbook(), good)
    path = folder / "fuzz.toml"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    copy = folder / "ours.toml"
    copy.write_bytes(good.read_bytes())
    valid = _call("validate", str(path)).exit_code == 0
    conv = _call("textconv", str(path))
    assert conv.exit_code == 0
    merged = _call("merge", str(good), str(copy), str(path))
    if not valid:  # refused as a side of the merge; ours untouched
        assert merged.exit_code == 2 and copy.read_bytes() == good.read_bytes()
    status = _call("status", str(folder))
    assert "Test Provider" in status.stdout  # the good workbook is always listed
    assert status.exit_code == (0 if valid else 2)
    opened = _open_headless(path)
    assert opened == valid
    return {"valid": valid, "textconv": conv.stdout}


def _fuzz(request: pytest.FixtureRequest, tmp_path: Path, strategy: Any, check: Any) -> None:
    folder = tmp_path / "fuzz"
    folder.mkdir()

    @settings(
        max_examples=_examples(request),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def run(example: Any) -> None:
        check(folder, example)

    run()


def test_fuzz_long_dotted_keys(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    def check(folder: Path, text: str) -> None:
        assert not _through_every_entry_point(folder, text)["valid"]

    _fuzz(request, tmp_path, dotted_keys, check)


def test_fuzz_deep_inline_tables(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    def check(folder: Path, text: str) -> None:
        assert not _through_every_entry_point(folder, text)["valid"]

    _fuzz(request, tmp_path, deep_values, check)


def test_fuzz_far_dates_in_every_date_field(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    def check(folder: Path, example: tuple[tuple[str, str], date]) -> None:
        field, when = example
        result = _through_every_entry_point(folder, _with_date(field, when))
        assert result["valid"] == (MIN_DATE <= when <= MAX_DATE), (field, when)

    _fuzz(request, tmp_path, far_dates, check)


def test_fuzz_invisible_characters(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    def check(folder: Path, text: str) -> None:
        workbook = make_workbook(provider=text, name=text)
        entry = workbook.entry("CR-1.1")
        entry.owner = text
        entry.notes = text
        entry.evidence = [text]
        workbook.mdf["input-max-size"] = {text: text}
        from gpai_tui.workbook import dumps_workbook

        result = _through_every_entry_point(folder, dumps_workbook(workbook))
        assert result["valid"]
        assert text not in result["textconv"]

    _fuzz(request, tmp_path, hidden_texts, check)


def test_fuzz_non_utf8_paths(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    folder = tmp_path / "names"
    folder.mkdir()
    raw_folder = os.fsencode(folder)

    def check(_: Path, name: bytes) -> None:
        for old in folder.iterdir():
            old.unlink()
        save_workbook(make_workbook(), folder / "good.toml")
        path = Path(os.fsdecode(raw_folder + b"/" + name + b".toml"))
        save_workbook(make_workbook(provider="Odd Name"), path)
        for command in (["validate"], ["textconv"], ["status"], ["open"], ["set"]):
            extra = ["CR-1.1", "--owner", "x"] if command == ["set"] else []
            outcome = _call(*command, str(path), *extra)
            assert outcome.exit_code == 2 and "not valid UTF-8" in outcome.stderr
        status = _call("status", str(folder))
        assert status.exit_code == 0 and "Odd Name" in status.stdout
        check_dir = _call("check", str(folder))
        assert check_dir.exit_code in (0, 1)
        merged = _call("merge", str(path), str(path), str(path))
        assert merged.exit_code == 2
        assert _open_headless(path)

    _fuzz(request, tmp_path, bad_names, check)
