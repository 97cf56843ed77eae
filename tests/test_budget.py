"""The example budget: a third in ``make test``, everything under ``--soak``."""

from __future__ import annotations

import pytest

from tests.budget import SOAK_ENV, examples


def test_make_test_runs_a_third_and_soak_runs_all(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SOAK_ENV, "0")
    assert (examples(300), examples(30)) == (100, 20)
    monkeypatch.setenv(SOAK_ENV, "1")
    assert (examples(300), examples(30)) == (300, 30)


def test_this_run_set_the_budget(pytestconfig: pytest.Config) -> None:
    import os

    assert os.environ[SOAK_ENV] == ("1" if pytestconfig.getoption("--soak") else "0")


def test_the_core_payloads_exist_and_cover_every_kind() -> None:
    from tests.reliability.payloads import CORE, PAYLOADS

    assert set(CORE) <= set(PAYLOADS) and len(CORE) == len(set(CORE))
    kinds = [  # the groups of the corpus, as its comments name them
        ("rich-", "textual-"), ("ansi-", "osc", "dcs-", "c1-"), ("bidi-", "zero-", "line-"),
        ("nul", "bel", "backspace", "carriage-", "vertical-", "del", "escape-"),
        ("html-", "js-"), ("csv-",), ("md-",), ("toml-",),
        ("newlines", "long-", "format-", "wide-"),
    ]  # fmt: skip
    every: tuple[str, ...] = sum(kinds, ())
    assert all(name.startswith(every) for name in PAYLOADS)
    for kind in kinds:
        assert any(name.startswith(kind) for name in CORE), kind
