"""The training summary of a model that inherits an organisation workbook (issue 21).

Section 1.1 of the template (provider name and contact, authorised representative)
describes the provider: the template marks those fields ``provider_level`` and an
organisation workbook may hold them. A model that keeps a summary shows the
provider's values unless it gives its own; the published summary reads exactly as
the same values written into the model (the flattened copy), and its numbers are
the same.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from gpai_tui.catalogue.summary import load_summary_template
from gpai_tui.cli import main
from gpai_tui.engine import evaluate, evaluation_dict
from gpai_tui.engine.inherit import load_resolved
from gpai_tui.engine.org_diff import diff_organisations
from gpai_tui.workbook import ModelProfile, Workbook, WorkbookError, dumps_workbook, new_workbook
from gpai_tui.workbook.organisation import (
    Organisation,
    OrganisationProfile,
    dumps_organisation,
    load_organisation,
    new_organisation,
    parse_organisation,
)

AS_OF = date(2026, 11, 25)
PROVIDER = "Acme AI SAS, 1 rue de la Paix, Paris; summary@acme.example"
REPRESENTATIVE = "Acme EU Rep GmbH, Berlin; rep@acme.example"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def _organisation() -> Organisation:
    org = new_organisation(OrganisationProfile(legal_name="Acme AI SAS", established_in_eu=False))
    org.training_summary = {"provider-name": PROVIDER, "authorised-representative": REPRESENTATIVE}
    return org


def _model(**summary: object) -> Workbook:
    wb = new_workbook(
        ModelProfile(
            provider="Acme AI SAS",
            name="Nova",
            version="2",
            established_in_eu=False,  # Art. 54: 1.1's representative is asked
            training_compute_flop=2e24,
            placed_on_market=date(2026, 3, 1),
        )
    )
    wb.inherits = "organisation.toml"
    wb.training_summary = {"model-name": "Nova 2", **summary}  # type: ignore[dict-item]
    return wb


def _write(folder: Path, wb: Workbook, org: Organisation | None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if org is not None:
        (folder / "organisation.toml").write_text(dumps_organisation(org))
    path = folder / "nova.toml"
    path.write_text(dumps_workbook(wb))
    return path


def _flattened(wb: Workbook, org: Organisation) -> Workbook:
    """The same model with the provider's 1.1 values copied in by hand."""
    flat = wb.model_copy(deep=True)
    flat.inherits = None
    for field_id in load_summary_template().provider_level_ids():
        if field_id not in flat.training_summary and field_id in org.training_summary:
            flat.training_summary[field_id] = org.training_summary[field_id]
    return flat


def test_the_template_marks_section_1_1_as_the_providers() -> None:
    template = load_summary_template()
    assert template.provider_level_ids() == ["provider-name", "authorised-representative"]
    for field_id in template.provider_level_ids():
        field = template.field(field_id)
        assert field is not None and template.section_of(field_id).number == "1.1"
        assert field.provider_level is not None
        assert "Art. 5" in field.provider_level and "reference section 10" in field.provider_level


def test_summary_shows_the_providers_values_like_the_flattened_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = _organisation()
    model = _write(tmp_path / "inherits", _model(), org)
    flat = _write(tmp_path / "flat", _flattened(_model(), org), None)
    for fmt in ("md", "html", "json"):
        code, inherited, err = run(capsys, "summary", str(model), "--format", fmt)
        assert code == 0, err
        code, copied, err = run(capsys, "summary", str(flat), "--format", fmt)
        assert code == 0, err
        assert "Acme AI SAS, 1 rue de la Paix" in inherited and "Acme EU Rep GmbH" in inherited
        if fmt == "json":
            data = json.loads(inherited)
            fields = {f["id"]: f for p in data["parts"] for s in p["sections"] for f in s["fields"]}
            assert fields["provider-name"]["value"] == PROVIDER
            assert fields["provider-name"]["origin"] == "inherited"
            assert fields["authorised-representative"]["origin"] == "inherited"
            assert "origin" not in fields["model-name"]
            # Apart from the provenance mark, the same document as the copy.
            for f in fields.values():
                f.pop("origin", None)
            assert data == json.loads(copied)
        else:
            # The published page reads exactly as the same values written in the model.
            assert inherited == copied, fmt
            assert "organisation.toml" not in inherited
    # The numbers are the copy's: summary completeness, derived checkpoints, all.
    resolved = load_resolved(model)
    assert resolved.summary_origins == {
        "provider-name": "inherited",
        "authorised-representative": "inherited",
    }
    ev = evaluate(resolved.workbook, AS_OF)
    assert evaluation_dict(ev) == evaluation_dict(evaluate(_flattened(_model(), org), AS_OF))
    assert ev.summary.filled == evaluate(_model(), AS_OF).summary.filled + 2
    code, out, _ = run(capsys, "summary", "check", str(model), "--json")
    assert code == 1 and {"provider-name", "authorised-representative"}.isdisjoint(
        f["field"] for f in json.loads(out)["findings"]
    )


def test_the_models_own_value_wins(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = _organisation()
    model = _write(tmp_path, _model(**{"provider-name": "Acme AI SAS (Nova team)"}), org)
    code, out, err = run(capsys, "summary", str(model), "--format", "json")
    assert code == 0, err
    fields = {
        f["id"]: f for p in json.loads(out)["parts"] for s in p["sections"] for f in s["fields"]
    }
    assert fields["provider-name"]["value"] == "Acme AI SAS (Nova team)"
    assert "origin" not in fields["provider-name"]
    assert fields["authorised-representative"]["value"] == REPRESENTATIVE
    assert load_resolved(model).summary_origins["provider-name"] == "overridden"


def test_a_model_that_keeps_no_summary_takes_nothing(tmp_path: Path) -> None:
    # Its summary checkpoints are ticked by hand (catalogue.summary.is_computed):
    # inheriting 1.1 must not switch them to computed, which would change its numbers.
    org = _organisation()
    wb = _model()
    wb.training_summary = {}
    obligation = wb.entry("art-53-1-d-training-summary")
    obligation.checks = {"general-information": True}
    resolved = load_resolved(_write(tmp_path, wb, org))
    assert resolved.workbook.training_summary == {} and resolved.summary_origins == {}
    plain = wb.model_copy(update={"inherits": None})
    assert evaluation_dict(evaluate(resolved.workbook, AS_OF)) == evaluation_dict(
        evaluate(plain, AS_OF)
    )


def test_set_sends_the_providers_value_where_it_belongs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = _write(tmp_path, _model(), _organisation())
    org_file = tmp_path / "organisation.toml"
    before = model.read_bytes(), org_file.read_bytes()
    code, _, err = run(capsys, "summary", "set", str(model), "provider-name", "Other")
    assert code == 2 and "--organisation" in err and "--override" in err
    assert (model.read_bytes(), org_file.read_bytes()) == before  # nothing written
    # A per-model field never goes to the organisation, from either file.
    code, _, err = run(capsys, "summary", "set", str(model), "model-name", "x", "--organisation")
    assert code == 2 and "never inherited" in err
    code, _, err = run(capsys, "summary", "set", str(org_file), "model-name", "x")
    assert code == 2 and "describes one model" in err
    assert (model.read_bytes(), org_file.read_bytes()) == before
    # --organisation: the organisation file changes, the model does not.
    code, _, err = run(
        capsys, "summary", "set", str(model), "provider-name", "Acme AI SAS, Lyon", "--organisation"
    )
    assert code == 0, err
    assert f"now shows this value ({model})" in err and "date of last update" in err
    assert load_organisation(org_file).training_summary["provider-name"] == "Acme AI SAS, Lyon"
    assert model.read_bytes() == before[0]
    assert load_resolved(model).workbook.training_summary["provider-name"] == "Acme AI SAS, Lyon"
    # --override: the model's own value, the organisation's untouched.
    org_before = org_file.read_bytes()
    code, _, err = run(
        capsys, "summary", "set", str(model), "provider-name", "Nova Ltd", "--override"
    )
    assert code == 0, err
    assert org_file.read_bytes() == org_before
    resolved = load_resolved(model)
    assert resolved.own.training_summary["provider-name"] == "Nova Ltd"
    assert resolved.summary_origin("provider-name") == "overridden"


def test_organisation_file_holds_only_the_providers_fields() -> None:
    text = dumps_organisation(_organisation())
    assert f'[training_summary]\nprovider-name = "{PROVIDER}"' in text
    assert parse_organisation(text.encode(), "o.toml").training_summary == (
        _organisation().training_summary
    )
    with pytest.raises(WorkbookError, match="describes one model"):
        parse_organisation((text + 'model-name = "Nova"\n').encode(), "o.toml")
    with pytest.raises(WorkbookError, match="expected text"):
        parse_organisation(text.replace(f'"{PROVIDER}"', "true").encode(), "o.toml")


def test_diff_of_the_organisation_names_the_summary_change() -> None:
    old = _organisation()
    new = old.model_copy(deep=True)
    new.training_summary["provider-name"] = "Acme AI SAS, Lyon"
    keeping = _model()
    own = _model(**{"provider-name": "Nova Ltd"})
    diff = diff_organisations(
        old, new, [(Path("keeps.toml"), keeping), (Path("own.toml"), own)], AS_OF
    )
    assert [(c.path, c.new) for c in diff.identity] == [
        ("training_summary.provider-name", "Acme AI SAS, Lyon")
    ]
    assert diff.changed


def test_proposals_for_1_1_come_from_the_providers_identity() -> None:
    from gpai_tui.engine.summary_prefill import proposals

    org = new_organisation(
        OrganisationProfile(
            legal_name="Acme AI SAS",
            established_in_eu=False,
            eu_establishment="Paris, France",
            authorised_representative="Acme EU Rep GmbH, Berlin",
        )
    )
    wb = _model()
    offered = proposals(wb, org)
    assert offered["provider-name"].value == "Acme AI SAS, Paris, France"
    assert offered["authorised-representative"].value == "Acme EU Rep GmbH, Berlin"
    assert "organisation workbook" in offered["provider-name"].source
    # Without the organisation, the profile's provider name (and no representative).
    alone = proposals(wb)
    assert alone["provider-name"].value == "Acme AI SAS"
    assert "authorised-representative" not in alone


def test_no_proposal_where_the_provider_has_written_its_text() -> None:
    from gpai_tui.engine.summary_prefill import proposals

    org = _organisation()  # 1.1 written in the organisation file
    wb = _model()
    wb.training_summary = {}  # keeps no summary yet: nothing inherited, nothing proposed
    assert {"provider-name", "authorised-representative"}.isdisjoint(proposals(wb, org))


def test_extract_moves_the_providers_summary_fields_that_agree(tmp_path: Path) -> None:
    from gpai_tui.engine.extract import propose
    from gpai_tui.engine.inherit import resolve

    models: list[tuple[Path, Workbook]] = []
    for n in range(3):
        wb = _model(**{"provider-name": PROVIDER, "authorised-representative": f"Rep {n}"})
        wb.inherits = None
        models.append((tmp_path / f"m{n}.toml", wb))
    alone = _model(**{"provider-name": PROVIDER, "authorised-representative": "Rep 0"})
    alone.inherits = None
    alone.training_summary = {"provider-name": PROVIDER}  # nothing else of its own
    models.append((tmp_path / "alone.toml", alone))
    proposal = propose(models, tmp_path / "organisation.toml", AS_OF)  # proves every number
    assert proposal.summary == ("provider-name",)  # the representatives differ: they stay
    assert proposal.organisation.training_summary == {"provider-name": PROVIDER}
    after = dict(proposal.models)
    assert "provider-name" not in after[tmp_path / "m0.toml"].training_summary
    # A model whose summary would be left empty keeps its copy (else it would stop being
    # kept and its summary checkpoints would change).
    assert after[tmp_path / "alone.toml"].training_summary == {"provider-name": PROVIDER}
    for path, before in models:
        view = resolve(after[path], proposal.organisation)[0]
        assert view.training_summary == before.training_summary
