"""Fuzzing the loader and ``gpai validate``: only ``WorkbookError`` / exit 2 ever comes out.

Four generators feed :func:`parse_workbook`:

* arbitrary TOML documents: random nested tables, arrays and scalars (every TOML
  type, with keys drawn from the workbook's own vocabulary and from anywhere),
  dumped with tomli-w;
* valid workbooks mutated as data: a value anywhere replaced, a key removed or
  added, then dumped;
* valid workbook *text* mutated: bytes flipped, lines deleted, duplicated or
  swapped, chunks spliced in from the injection corpus, the text cut short;
* arbitrary bytes.

A document that loads must also evaluate, render, dump and load again to the
same canonical text. A document that does not must give one ``WorkbookError``
whose message fits on a screen. A sample of every generator also goes through
``gpai validate`` in-process via the real entry point (exit 0 or 2, no
traceback, nothing raw reaching the terminal).

Examples per generator: a few hundred in ``make test``; ``--soak`` runs 25 times
as many. The counts are printed (run with ``-s``).
"""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rich.console import Console

from gpai_tui.catalogue import load_catalogue
from gpai_tui.engine import evaluate
from gpai_tui.engine.serialize import evaluation_dict
from gpai_tui.report.status import workbook_status
from gpai_tui.workbook import WorkbookError, dumps_workbook, parse_workbook, to_document
from tests.budget import examples as budget
from tests.reliability.conftest import gpai, make_workbook
from tests.reliability.payloads import PAYLOADS, terminal_unsafe

CATALOGUE = load_catalogue()
AS_OF = date(2026, 11, 25)
BASE = 300
"""Examples per generator in the bounded run."""

VOCABULARY = sorted(
    {
        "format", "code", "model", "measures", "obligations", "incidents", "mdf",
        "conflicts", "provider", "name", "version", "established_in_eu",
        "training_compute_flop", "generates", "gpai", "gpai_reason", "open_source",
        "systemic_risk", "threshold_known", "placed_on_market", "downstream_modifier",
        "original_compute_flop", "modification_compute_flop", "status", "owner", "target",
        "last_done", "evidence", "notes", "justification", "checks", "class", "title",
        "aware", "resolved", "initial_report", "intermediate_reports", "final_report",
        "ours", "theirs", "base", "todo", "done", "in-progress", "not-applicable", "auto",
        "yes", "no", "designated", "none", "text", "death", "cybersecurity",
        "2025-07-10",
        *CATALOGUE.item_ids(),
        *(cp.id for m in [*CATALOGUE.measures(), *CATALOGUE.obligations] for cp in m.checkpoints),
        *(f.id for f in CATALOGUE.mdf_fields()),
    }
)  # fmt: skip

keys = st.one_of(
    st.sampled_from(VOCABULARY),
    st.text(max_size=12),
    st.sampled_from(list(PAYLOADS.values())).map(lambda s: s[:40]),
)
texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from(VOCABULARY),
    st.sampled_from(list(PAYLOADS.values())),
)
scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    texts,
    st.dates(),
    st.times(),
    st.datetimes(timezones=st.sampled_from([None, UTC, timezone(timedelta(hours=5))])),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=25,
)
documents = st.dictionaries(keys, values, max_size=8)


def _counted(counter: dict[str, int], name: str) -> None:
    counter[name] = counter.get(name, 0) + 1


def check_bytes(data: bytes, source: str = "fuzz.toml") -> None:
    """The property: a Workbook that works end to end, or one readable WorkbookError."""
    try:
        workbook = parse_workbook(data, source)
    except WorkbookError as exc:
        message = str(exc)
        assert len(message) <= 2_000, f"message of {len(message)} characters"
        assert len(message.splitlines()) <= 8, message
        return
    evaluation = evaluate(workbook, AS_OF)
    json.dumps(evaluation_dict(evaluation, source))
    buffer = io.StringIO()
    Console(file=buffer, width=100, markup=False).print(
        workbook_status(workbook, evaluation, source)
    )
    text = dumps_workbook(workbook)
    again = parse_workbook(text.encode("utf-8"), source)
    assert dumps_workbook(again) == text


def _dump(doc: dict[str, Any]) -> bytes:
    try:
        return tomli_w.dumps(doc, multiline_strings=True).encode("utf-8")
    except (TypeError, ValueError):
        assume(False)
        raise AssertionError from None  # unreachable


def _valid_document() -> dict[str, Any]:
    workbook = make_workbook()
    entry = workbook.entry("CR-1.1")
    entry.owner, entry.evidence, entry.notes = "m.rossi", ["a.md", "b.md"], "line 1\nline 2"
    return to_document(workbook)


VALID_DOC = _valid_document()
VALID_TEXT = dumps_workbook(parse_workbook(_dump(VALID_DOC)))


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out.extend(_paths(v, (*prefix, i)))
    return out


PATHS = _paths(VALID_DOC)[1:]


@st.composite
def mutated_documents(draw: st.DrawFn) -> dict[str, Any]:
    doc = json.loads(json.dumps(VALID_DOC, default=str))  # deep copy, dates as text
    doc = _restore_dates(doc, VALID_DOC)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(PATHS))
        parent: Any = doc
        try:
            for part in path[:-1]:
                parent = parent[part]
            last = path[-1]
            action = draw(st.sampled_from(["set", "delete", "add"]))
            if action == "set":
                parent[last] = draw(values)
            elif action == "delete" and isinstance(parent, dict):
                parent.pop(last, None)
            elif isinstance(parent, dict):
                parent[draw(keys)] = draw(values)
            elif isinstance(parent, list):
                parent.append(draw(values))
        except (KeyError, IndexError, TypeError):
            continue
    return doc


def _restore_dates(copy: Any, original: Any) -> Any:
    if isinstance(original, dict):
        return {k: _restore_dates(copy[k], v) for k, v in original.items()}
    if isinstance(original, list):
        return [_restore_dates(c, o) for c, o in zip(copy, original, strict=True)]
    if isinstance(original, (date, datetime, time)):
        return original
    return copy


@st.composite
def mutated_texts(draw: st.DrawFn) -> bytes:
    lines = VALID_TEXT.split("\n")
    for _ in range(draw(st.integers(1, 5))):
        n = draw(st.integers(0, max(len(lines) - 1, 0)))
        action = draw(
            st.sampled_from(["delete", "duplicate", "swap", "splice", "replace", "cut", "flip"])
        )
        if not lines:
            break
        if action == "delete":
            del lines[n]
        elif action == "duplicate":
            lines.insert(n, lines[n])
        elif action == "swap":
            m = draw(st.integers(0, len(lines) - 1))
            lines[n], lines[m] = lines[m], lines[n]
        elif action == "splice":
            at = draw(st.integers(0, len(lines[n])))
            lines[n] = lines[n][:at] + draw(texts) + lines[n][at:]
        elif action == "replace":
            lines[n] = draw(st.text(max_size=60))
        elif action == "cut":
            lines = lines[:n]
        else:
            raw = bytearray(lines[n].encode("utf-8"))
            if raw:
                i = draw(st.integers(0, len(raw) - 1))
                raw[i] = draw(st.integers(0, 255))
            return (
                ("\n".join(lines[:n]) + "\n").encode()
                + bytes(raw)
                + ("\n" + "\n".join(lines[n + 1 :])).encode()
            )
    return "\n".join(lines).encode("utf-8")


GENERATORS = {
    "toml-documents": documents.map(_dump),
    "mutated-documents": mutated_documents().map(_dump),
    "mutated-text": mutated_texts(),
    "bytes": st.binary(max_size=2_000),
}


@pytest.mark.parametrize("generator", list(GENERATORS))
def test_loader_only_raises_workbook_error(generator: str, soak: bool) -> None:
    counter: dict[str, int] = {}
    examples = BASE * 25 if soak else budget(BASE)

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(GENERATORS[generator])
    def run(data: bytes) -> None:
        _counted(counter, "examples")
        try:
            parse_workbook(data, "fuzz.toml")
            _counted(counter, "valid")
        except WorkbookError:
            pass
        check_bytes(data)

    run()
    print(f"\nfuzz loader [{generator}]: {counter}")
    assert counter["examples"] >= examples // 2


@pytest.mark.parametrize("generator", list(GENERATORS))
def test_gpai_validate_exits_0_or_2(generator: str, soak: bool, tmp_path: Path) -> None:
    counter: dict[str, int] = {}
    examples = (BASE // 6) * (25 if soak else 1)
    path = tmp_path / "fuzz.toml"

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(GENERATORS[generator])
    def run(data: bytes) -> None:
        _counted(counter, "examples")
        path.write_bytes(data)
        outcome = gpai("validate", str(path))
        _counted(counter, f"exit {outcome.exit_code}")
        assert outcome.exit_code in (0, 2), outcome.output
        assert "Traceback" not in outcome.output
        assert terminal_unsafe(outcome.output) == [], outcome.output
        assert len(outcome.stderr) <= 2_500

    run()
    print(f"\nfuzz validate [{generator}]: {counter}")


def test_valid_seed_document_loads() -> None:
    check_bytes(_dump(VALID_DOC))
    assert parse_workbook(VALID_TEXT.encode("utf-8")).measures["CR-1.1"].owner == "m.rossi"
