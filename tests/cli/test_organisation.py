"""Organisation workbooks end to end: new, set, status, check, diff, extract, export.

A generated portfolio of one organisation and 50 models (module fixture, written
once) is copied per test; commands run in process (``gpai_tui.cli.main``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from gpai_tui.cli import main
from gpai_tui.engine import evaluate, evaluation_dict
from gpai_tui.engine.inherit import load_resolved
from gpai_tui.report.export import export_bytes, export_text
from gpai_tui.report.export.formats import formats
from gpai_tui.workbook import ItemEntry, ModelProfile, dumps_workbook, new_workbook
from gpai_tui.workbook.lock import acquire
from gpai_tui.workbook.organisation import (
    OrganisationProfile,
    dumps_organisation,
    new_organisation,
)

AS_OF = "2026-11-25"
MODELS = 50
OVERRIDING = {3: "CR-1.5", 7: "SS-8.1"}
"""Model number -> the provider-level item it answers itself."""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def _organisation_text() -> str:
    org = new_organisation(OrganisationProfile(legal_name="Acme AI", eu_establishment="Paris"))
    org.measures["CR-1.1"] = ItemEntry(
        status="done",
        evidence=["https://acme.example/copyright", "policies/copyright.pdf"],
        checks={"policy-document": True, "covers-measures": True, "policy-owners": True,
                "review-cycle": True, "public-summary": True},
    )  # fmt: skip
    org.measures["CR-1.5"] = ItemEntry(status="in-progress", checks={"contact-point": True})
    return dumps_organisation(org)


def _model_text(n: int) -> str:
    wb = new_workbook(
        ModelProfile(
            provider="Acme AI",
            name=f"Model {n}",
            training_compute_flop=3e25 if n % 2 else 2e24,
            placed_on_market=date(2026, 3, 1),
        )
    )
    wb.inherits = "../organisation.toml"
    wb.measures["TR-1.2"] = ItemEntry(status="in-progress", checks={"public-contact-point": True})
    if n in OVERRIDING:
        wb.measures[OVERRIDING[n]] = ItemEntry(override=True, status="todo", owner=f"team {n}")
    if n == 5:
        wb.measures["CR-1.1"] = ItemEntry(evidence=["model-5/annex.pdf"])
    return dumps_workbook(wb)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("portfolio")
    # A repository: the models (in models/) may inherit ../organisation.toml.
    subprocess.run(["git", "init", "-q", str(root)], check=True, timeout=30)
    (root / "organisation.toml").write_text(_organisation_text())
    (root / "models").mkdir()
    for n in range(1, MODELS + 1):
        (root / "models" / f"m{n:02}.toml").write_text(_model_text(n))
    return root


@pytest.fixture
def portfolio(generated: Path, tmp_path: Path) -> Path:
    root = tmp_path / "p"
    shutil.copytree(generated, root)
    return root


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")


def test_new_organisation_and_an_inheriting_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = tmp_path / "organisation.toml"
    code, _, err = run(capsys, "new", "--organisation", str(org), "--provider", "Acme AI",
                       "--non-eu", "--representative", "Rep GmbH, Berlin")  # fmt: skip
    assert code == 0, err
    text = org.read_text()
    assert 'legal_name = "Acme AI"' in text and "established_in_eu = false" in text
    assert 'authorised_representative = "Rep GmbH, Berlin"' in text
    assert "[obligations.art-54-authorised-representative]" in text
    assert '[measures."TR-1.1"]' not in text  # per-model items are not in it
    model = tmp_path / "m.toml"
    code, _, err = run(capsys, "new", str(model), "--provider", "Acme AI", "--model", "M",
                       "--non-eu", "--inherits", "organisation.toml")  # fmt: skip
    assert code == 0, err
    assert 'inherits = "organisation.toml"' in model.read_text()
    code, _, err = run(capsys, "new", str(tmp_path / "n.toml"), "--provider", "Acme AI",
                       "--model", "N", "--inherits", "missing.toml")  # fmt: skip
    assert code == 2 and "n.toml" in err and "missing.toml: no such file" in err
    assert not (tmp_path / "n.toml").exists()


def test_status_dir_shows_the_organisation_first_and_the_overrides(
    portfolio: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "status", str(portfolio), "--as-of", AS_OF)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[2].startswith("organisation.toml") and "ORG Acme AI" in lines[2]
    assert sum("↑ Acme AI · Model" in line for line in lines) == MODELS
    assert "models/m03.toml overrides CR-1.5" in out
    assert "models/m07.toml overrides SS-8.1" in out
    assert f"Total: {MODELS}" in out
    code, out, err = run(capsys, "status", str(portfolio), "--json", "--as-of", AS_OF)
    data = json.loads(out)
    first = data["workbooks"][0]
    assert first["organisation"] is True and first["provider"] == "Acme AI"
    rows = {Path(w["path"]).name: w for w in data["workbooks"][1:]}
    assert len(rows) == MODELS
    assert rows["m03.toml"]["inheritance"]["overridden"] == ["CR-1.5"]
    assert rows["m05.toml"]["inheritance"]["added_evidence"] == {"CR-1.1": ["model-5/annex.pdf"]}
    # Every model's figures are the ones of its resolved view.
    m1 = load_resolved(portfolio / "models" / "m01.toml").workbook
    expected = evaluation_dict(evaluate(m1, date.fromisoformat(AS_OF)))
    assert rows["m01.toml"]["overall"] == expected["overall"]
    assert rows["m01.toml"]["measures"] == expected["measures"]


def test_check_dir_checks_the_organisation_too(
    portfolio: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "check", str(portfolio), "--as-of", AS_OF)
    assert code == 0
    assert out.splitlines()[0] == f"{portfolio / 'organisation.toml'} (organisation): ok"
    # An inconsistent provider answer fails the organisation (and every model inheriting it).
    org = portfolio / "organisation.toml"
    org.write_text(org.read_text().replace('status = "in-progress"', 'status = "done"', 1))
    code, out, _ = run(capsys, "check", str(portfolio), "--no-inconsistent", "--as-of", AS_OF)
    assert code == 1
    assert out.splitlines()[0].endswith("(organisation): FAILED (2)"), out
    assert "CR-1.5 is inconsistent: done, but 3 of 4 required checkpoints not ticked" in out
    # A broken organisation file: exit 2, and each model's message names both files.
    org.write_text("format = 1\ncode = [\n")
    code, out, err = run(capsys, "check", str(portfolio), "--as-of", AS_OF)
    assert code == 2
    assert f"{portfolio / 'models' / 'm01.toml'}: inherits '../organisation.toml'" in err
    assert f"{org}" in err


def test_diff_of_the_organisation_lists_the_models_it_moves(
    portfolio: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = portfolio / "organisation.toml"
    old = tmp_path / "old-organisation.toml"
    shutil.copy(org, old)
    code, _, err = run(capsys, "set", str(org), "CR-1.5", "--check", "complaint-channel")
    assert code == 0, err
    code, out, err = run(capsys, "diff", str(old), str(org), "--json", "--as-of", AS_OF)
    assert code == 1, err
    data = json.loads(out)
    assert data["organisation"] is True and [i["id"] for i in data["items"]] == ["CR-1.5"]
    assert data["inheriting_models"] == MODELS
    moved = sorted(Path(m["path"]).name for m in data["models_changed"])
    # Model 3 answers CR-1.5 itself: the provider's change does not move it.
    assert moved == [f"m{n:02}.toml" for n in range(1, MODELS + 1) if n != 3]
    code, out, _ = run(capsys, "diff", str(old), str(org), "--as-of", AS_OF)
    assert f"Models whose figures this changes: {MODELS - 1} of {MODELS} that inherit it" in out
    assert "models/m01.toml (Acme AI · Model 1)" in out


def test_set_on_an_inherited_item_goes_where_it_belongs(
    portfolio: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = portfolio / "organisation.toml"
    m1 = portfolio / "models" / "m01.toml"
    org_before, m1_before = org.read_bytes(), m1.read_bytes()
    code, _, err = run(capsys, "set", str(m1), "CR-1.5", "--status", "done")
    assert code == 2
    assert "--organisation" in err and "--override" in err and "inherited" in err
    assert (org.read_bytes(), m1.read_bytes()) == (org_before, m1_before)
    # --organisation: the organisation file changes, the model's does not.
    code, _, err = run(capsys, "set", str(m1), "CR-1.5", "--organisation", "--owner", "legal")
    assert code == 0, err
    assert m1.read_bytes() == m1_before
    assert 'owner = "legal"' in org.read_text().split('[measures."CR-1.5"]')[1].split("[")[0]
    org_after = org.read_bytes()
    # --override: the model answers it, starting from the inherited answer.
    code, _, err = run(capsys, "set", str(m1), "CR-1.5", "--override", "--status", "todo")
    assert code == 0, err
    assert org.read_bytes() == org_after
    block = m1.read_text().split('[measures."CR-1.5"]\n')[1]
    assert block.startswith('override = true\nstatus = "todo"\nowner = "legal"\n')
    assert "contact-point = true" in block  # the inherited tick came along
    # Evidence alone is an addition on top of the provider's answer.
    code, _, err = run(capsys, "set", str(m1), "CR-1.1", "--evidence", "m1/annex.pdf")
    assert code == 0, err
    assert load_resolved(m1).added == {"CR-1.1": ("m1/annex.pdf",)}
    code, _, err = run(capsys, "set", str(m1), "CR-1.1", "--remove-evidence",
                       "policies/copyright.pdf")  # fmt: skip
    assert code == 2 and "the provider's evidence" in err
    # A broken organisation file: refused naming both files, nothing written.
    org.write_text("format = 1\ncode = [\n")
    broken, m1_now = org.read_bytes(), m1.read_bytes()
    for flag in ("--organisation", "--override"):
        code, _, err = run(capsys, "set", str(m1), "CR-1.5", flag, "--owner", "y")
        assert code == 2 and str(m1) in err and str(org) in err, flag
    assert (org.read_bytes(), m1.read_bytes()) == (broken, m1_now)


def test_set_organisation_respects_the_organisation_lock(
    portfolio: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = portfolio / "organisation.toml"
    m1 = portfolio / "models" / "m01.toml"
    before = org.read_bytes()
    with acquire(org, purpose="gpai open"):
        code, _, err = run(capsys, "set", str(m1), "CR-1.5", "--organisation", "--owner", "x")
    assert code == 2 and "organisation.toml" in err
    assert org.read_bytes() == before
    # The model's own lock does not stop an organisation edit (it is another file).
    with acquire(m1, purpose="gpai open"):
        code, _, err = run(capsys, "set", str(m1), "CR-1.5", "--organisation", "--owner", "x")
    assert code == 0, err


def _numbers(data: dict[str, object]) -> object:
    return {k: v for k, v in data.items() if k not in ("inheritance", "path")}


def test_extract_apply_on_twenty_models_keeps_every_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "models"
    folder.mkdir()
    for n in range(20):
        wb = new_workbook(ModelProfile(provider="Acme AI", name=f"M{n}", training_compute_flop=3e25,
                                       placed_on_market=date(2026, 1, 1)))  # fmt: skip
        wb.measures["CR-1.1"] = ItemEntry(
            status="done", owner="legal", evidence=["policies/copyright-v2.pdf"],
            checks={"policy-document": True, "covers-measures": True, "policy-owners": True,
                    "review-cycle": True},
        )  # fmt: skip
        if n == 4:  # one model disagrees on the complaints point
            wb.measures["CR-1.5"] = ItemEntry(status="in-progress")
        (folder / f"m{n:02}.toml").write_text(dumps_workbook(wb))
    code, before, err = run(capsys, "status", str(folder), "--json", "--as-of", AS_OF)
    assert code == 0, err
    code, out, err = run(capsys, "organisation", "extract", str(folder))
    assert code == 0, err
    assert "Nothing written" in out and not (folder / "organisation.toml").exists()
    code, out, err = run(capsys, "organisation", "extract", str(folder), "--apply")
    assert code == 0, err
    assert "Moved to the organisation (8" in out and "CR-1.5: 2 different answers" in out
    org_text = (folder / "organisation.toml").read_text()
    assert 'evidence = [\n    "policies/copyright-v2.pdf",\n]' in org_text
    m0 = (folder / "m00.toml").read_text()
    assert 'inherits = "organisation.toml"' in m0 and '[measures."CR-1.1"]' not in m0
    assert 'override = true\nstatus = "in-progress"' in (folder / "m04.toml").read_text()
    code, after, err = run(capsys, "status", str(folder), "--json", "--as-of", AS_OF)
    assert code == 0, err
    old, new = json.loads(before), json.loads(after)
    assert new["workbooks"][0]["organisation"] is True
    assert new["overall"] == old["overall"]
    assert [_numbers(w) for w in new["workbooks"][1:]] == [_numbers(w) for w in old["workbooks"]]
    # Never twice, never over a file.
    code, _, err = run(capsys, "organisation", "extract", str(folder))
    assert code == 2 and "already exists" in err


def test_exports_mark_the_providers_answers_and_packs_leak_nothing_new(
    portfolio: Path,
) -> None:
    path = portfolio / "models" / "m05.toml"
    resolved = load_resolved(path)
    flat = resolved.workbook.model_copy(update={"inherits": None})
    as_of = date.fromisoformat(AS_OF)
    # Every pack of every format is byte for byte the pack of the same answers copied
    # into the model: inheriting shows an audience nothing new (not even the file name).
    checked = 0
    for spec in formats("workbook"):
        for audience in spec.audiences:
            if audience == "internal":
                continue
            kwargs = {"as_of": as_of, "source": "m05.toml"}
            inherited = export_bytes(resolved.workbook, spec.name, audience, **kwargs,  # type: ignore[arg-type]
                                     inheritance=resolved)  # fmt: skip
            copied = export_bytes(flat, spec.name, audience, **kwargs)  # type: ignore[arg-type]
            assert inherited == copied, (spec.name, audience)
            assert b"organisation.toml" not in inherited
            checked += 1
    assert checked >= 16  # md, html, json, csv (and more) for aio, nca, dp, public
    report = export_text(resolved.workbook, "md", as_of=as_of, source="m05.toml",
                         inheritance=resolved)  # fmt: skip
    cr = report.split("### CR-1.1")[1].split("### CR-1.2")[0]
    assert "**Answer:** the provider's answer (organisation workbook)" in cr
    assert "- model-5/annex.pdf _(this model)_" in cr
    assert "policies/copyright.pdf" in cr
    data = json.loads(export_text(resolved.workbook, "json", as_of=as_of, inheritance=resolved))
    items = {i["id"]: i for ch in data["report"]["chapters"] for c in ch["commitments"]
             for i in c["measures"]}  # fmt: skip
    assert items["CR-1.1"]["origin"] == "inherited" and "origin" not in items["TR-1.1"]


def test_history_resolves_each_commit_against_its_organisation(
    portfolio: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-C", str(portfolio), "-c", "user.email=t@example.org", "-c", "user.name=t",
             *args], check=True, capture_output=True, timeout=30,
        )  # fmt: skip

    git("add", "-A")
    git("commit", "-qm", "one")
    m1 = portfolio / "models" / "m01.toml"
    code, _, err = run(capsys, "set", str(m1), "CR-1.5", "--organisation", "--status", "done",
                       "--check", "complaint-channel", "--evidence", "complaints.md")  # fmt: skip
    assert code == 0, err
    code, _, err = run(capsys, "set", str(m1), "TR-1.2", "--owner", "docs team")
    git("commit", "-qam", "two")
    code, out, err = run(capsys, "history", str(m1), "--json")
    assert code == 0, err
    points = json.loads(out)["commits"]
    code, now, _ = run(capsys, "status", str(m1), "--json")
    assert points[-1]["overall"] == json.loads(now)["overall"]
    assert points[0]["overall"] < points[-1]["overall"]  # the organisation's tick counts


def test_textconv_of_an_inheriting_model_shows_no_figures_of_its_own(
    portfolio: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "textconv", str(portfolio / "models" / "m05.toml"))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[1] == "# inherits ../organisation.toml: figures in `gpai status`"
    assert not any(line.startswith("# completeness") for line in lines)
    assert "measure CR-1.1 inherited from ../organisation.toml" in lines
    assert "measure CR-1.1 evidence + model-5/annex.pdf" in lines
    assert not any(line.startswith("measure CR-1.1 status") for line in lines)
    code, out, _ = run(capsys, "textconv", str(portfolio / "models" / "m03.toml"))
    assert "measure CR-1.5 (override) status = todo" in out.splitlines()


def test_fmt_rewrites_an_organisation_workbook_canonically(
    portfolio: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = portfolio / "organisation.toml"
    canonical = org.read_text()
    org.write_text(canonical.replace("\n[measures", "\n# a comment\n[measures", 1))
    code, _, err = run(capsys, "fmt", str(org))
    assert code == 0, err
    assert "rewritten in canonical form (hand-written comments were dropped)" in err
    assert org.read_text() == canonical
