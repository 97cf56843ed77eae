"""Audience packs of a model that inherits: nothing leaks that did not before (issue 21).

The organisation workbook carries the provider's internal records: owners, notes,
justifications, evidence file paths, and the summary's 1.1 values. A pack for the
AI Office, a national authority, downstream providers or the public must show of
them exactly what the same answers typed into the model would show (the flattened
copy, built here by hand, independently of :mod:`gpai_tui.engine.inherit`), and no
organisation-only record: nothing but the public pack's published web addresses.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

from gpai_tui.catalogue import load_catalogue
from gpai_tui.engine.inherit import load_resolved
from gpai_tui.report.export import export_bytes
from gpai_tui.report.export.formats import formats
from gpai_tui.workbook import ItemEntry, ModelProfile, Workbook, dumps_workbook, new_workbook
from gpai_tui.workbook.model import table_name
from gpai_tui.workbook.organisation import (
    Organisation,
    OrganisationProfile,
    dumps_organisation,
    new_organisation,
)

AS_OF = date(2026, 11, 25)
SECRET = "ORGONLY"
"""Marks every internal record of the organisation workbook."""
PUBLISHED = "https://acme.example/copyright-policy"


def _organisation() -> Organisation:
    org = new_organisation(
        OrganisationProfile(
            legal_name="Acme AI SAS",
            established_in_eu=False,
            eu_establishment=f"{SECRET} establishment",
            authorised_representative=f"{SECRET} representative",
        )
    )
    org.measures["CR-1.1"] = ItemEntry(
        status="done",
        owner=f"{SECRET} legal team",
        evidence=[PUBLISHED, f"internal/{SECRET}/copyright-policy.pdf"],
        notes=f"{SECRET} note: board minutes 2026-02",
        checks={"policy-document": True, "covers-measures": True, "policy-owners": True,
                "review-cycle": True, "public-summary": True},
    )  # fmt: skip
    org.measures["CR-1.5"] = ItemEntry(
        status="in-progress",
        evidence=[f"crm/{SECRET}-complaints.xlsx"],
        checks={"contact-point": True},
    )
    org.measures["SS-8.3"] = ItemEntry(
        status="not-applicable", justification=f"{SECRET} justification"
    )
    org.obligations["art-54-authorised-representative"] = ItemEntry(
        status="done",
        notes=f"{SECRET} mandate signed in Berlin",
        evidence=[f"{SECRET}-mandate.pdf"],
    )
    org.training_summary = {"provider-name": f"{SECRET} provider contact"}
    return org


def _model() -> Workbook:
    wb = new_workbook(
        ModelProfile(
            provider="Acme AI SAS",
            name="Nova",
            established_in_eu=False,
            training_compute_flop=3e25,
            placed_on_market=date(2026, 3, 1),
        )
    )
    wb.inherits = "organisation.toml"
    wb.measures["CR-1.1"] = ItemEntry(evidence=["nova/annex.pdf"])  # added on top
    wb.measures["TR-1.2"] = ItemEntry(status="done", checks={"public-contact-point": True})
    wb.mdf["provider-legal-name"] = "Acme AI SAS"
    wb.training_summary = {"model-name": "Nova"}
    return wb


def _flattened(wb: Workbook, org: Organisation) -> Workbook:
    """The provider's answers typed into the model by hand (no inheritance)."""
    flat = wb.model_copy(deep=True)
    flat.inherits = None
    for item_id in load_catalogue().provider_level_ids():
        entry = org.get_entry(item_id).model_copy(deep=True)
        own = wb.get_entry(item_id)
        entry.evidence = [*entry.evidence, *(e for e in own.evidence if e not in entry.evidence)]
        getattr(flat, table_name(item_id))[item_id] = entry
    flat.training_summary = {**org.training_summary, **flat.training_summary}
    return flat


def _text(data: bytes) -> str:
    """The readable text of an export (every member of an xlsx zip)."""
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return data.decode("utf-8")


def test_packs_of_an_inheriting_model_leak_nothing(tmp_path: Path) -> None:
    (tmp_path / "organisation.toml").write_text(dumps_organisation(_organisation()))
    (tmp_path / "nova.toml").write_text(dumps_workbook(_model()))
    resolved = load_resolved(tmp_path / "nova.toml")
    flat = _flattened(_model(), _organisation())
    checked = 0
    for spec in formats("workbook"):
        for audience in spec.audiences:
            if audience == "internal":
                continue
            kwargs = {"as_of": AS_OF, "source": "nova.toml"}
            inherited = export_bytes(resolved.workbook, spec.name, audience, **kwargs,  # type: ignore[arg-type]
                                     inheritance=resolved)  # fmt: skip
            # The same bytes as the answers typed in: inheriting shows nothing new...
            assert inherited == export_bytes(flat, spec.name, audience, **kwargs), (  # type: ignore[arg-type]
                spec.name,
                audience,
            )
            # ...and no internal record of the organisation: not its owners, notes,
            # justifications, file paths, identity or summary text; not its file name.
            text = _text(inherited)
            assert SECRET not in text, (spec.name, audience)
            assert "organisation.toml" not in text and "nova/annex.pdf" not in text
            if audience == "public":  # the one published address (public-summary ticked)
                assert PUBLISHED in text, spec.name
            else:
                assert PUBLISHED not in text, (spec.name, audience)
            checked += 1
    assert checked == 20  # md, html, json, csv, xlsx for aio, nca, dp, public
    # The internal report, by contrast, holds the provider's records, marked as such.
    report = export_bytes(resolved.workbook, "md", "internal", as_of=AS_OF, inheritance=resolved)
    assert f"{SECRET} note" in report.decode() and "the provider's answer" in report.decode()


def test_internal_exports_mark_the_providers_answers_in_every_format(tmp_path: Path) -> None:
    """SoA, CISO Assistant audit, OSCAL results, CSV and xlsx say which answers are the
    provider's (inherited), which the model overrides, and which evidence it added."""
    import csv
    import html
    import json
    import re

    from openpyxl import load_workbook

    from tests.export.test_export_oscal import errors

    wb = _model()
    wb.measures["CR-1.5"] = ItemEntry(override=True, status="todo")
    (tmp_path / "organisation.toml").write_text(dumps_organisation(_organisation()))
    (tmp_path / "nova.toml").write_text(dumps_workbook(wb))
    resolved = load_resolved(tmp_path / "nova.toml")

    def out(fmt: str) -> bytes:
        return export_bytes(resolved.workbook, fmt, "internal", as_of=AS_OF, inheritance=resolved)

    def answers(rows: list[dict[str, str]]) -> dict[str, str]:
        return {r["id"]: r["answer"] for r in rows}

    expected = {"CR-1.1": "inherited", "CR-1.5": "overridden", "TR-1.1": "own"}
    for fmt in ("csv", "soa-csv"):
        rows = list(csv.DictReader(out(fmt).decode("utf-8-sig").splitlines()))
        assert {k: answers(rows)[k] for k in expected} == expected, fmt
    for fmt, sheet in (("xlsx", "Measures"), ("soa-xlsx", "Applicability")):
        book = load_workbook(io.BytesIO(out(fmt)), read_only=True)
        head, *body = book[sheet].iter_rows(values_only=True)
        rows = [dict(zip(head, row, strict=True)) for row in body]  # type: ignore[arg-type]
        assert {k: answers(rows)[k] for k in expected} == expected, fmt  # type: ignore[arg-type]
    soa = out("soa").decode()
    cr11 = next(line for line in soa.splitlines() if line.startswith("| CR-1.1 "))
    assert "the provider's answer (organisation workbook)" in cr11
    assert "nova/annex.pdf _(this model)_" in cr11
    cr15 = next(line for line in soa.splitlines() if line.startswith("| CR-1.5 "))
    assert "this model's own answer, in place of the provider's" in cr15
    page = html.unescape(re.sub(r"<[^>]+>", "", out("soa-html").decode()))
    assert "the provider's answer" in page and "nova/annex.pdf (this model)" in page
    audit = {
        r["ref_id"]: r["observations"]
        for r in csv.DictReader(out("ciso-audit").decode("utf-8-sig").splitlines())
    }
    assert "Answer: the provider's answer (organisation workbook)" in audit["CR-1.1"]
    assert "nova/annex.pdf (this model)" in audit["CR-1.1"]
    assert "Answer:" not in audit["TR-1.1"]
    data = json.loads(out("oscal"))
    assert errors("assessment-results", data) == []  # still valid OSCAL 1.1.3
    observations = {
        o["title"].split(":")[0].split(" ")[0]: o
        for o in data["assessment-results"]["results"][0]["observations"]
    }
    cr = observations["CR-1.1"]
    assert {"name": "answer", "ns": "urn:gpai-tui:oscal", "value": "inherited"} in cr["props"]
    sources = {e["description"]: e["props"][0]["value"] for e in cr["relevant-evidence"]}
    assert sources[f"internal/{SECRET}/copyright-policy.pdf"] == "provider"
    assert sources["nova/annex.pdf"] == "model"
    assert "props" not in observations["TR-1.1"]


def test_internal_report_names_the_provider_whose_answers_it_shows(tmp_path: Path) -> None:
    import json

    from tests.export.test_export_schema import validate

    (tmp_path / "organisation.toml").write_text(dumps_organisation(_organisation()))
    wb = _model()
    wb.model.established_in_eu = True  # disagrees with the organisation: said, not hidden
    (tmp_path / "nova.toml").write_text(dumps_workbook(wb))
    resolved = load_resolved(tmp_path / "nova.toml")
    kwargs = {"as_of": AS_OF, "inheritance": resolved}
    report = export_bytes(resolved.workbook, "md", "internal", **kwargs).decode()  # type: ignore[arg-type]
    block = report.split("## Provider (organisation workbook)")[1].split("\n## ")[0]
    assert "| Legal name | Acme AI SAS |" in block
    assert "| Organisation workbook | organisation.toml |" in block
    assert f"| Authorised representative (Art. 54) | {SECRET} representative |" in block
    assert "disagree on whether the provider is established in the EU" in block
    assert (
        "Provider (organisation workbook)"
        in export_bytes(
            resolved.workbook,
            "html",
            "internal",
            **kwargs,  # type: ignore[arg-type]
        ).decode()
    )
    data = json.loads(export_bytes(resolved.workbook, "json", "internal", **kwargs))  # type: ignore[arg-type]
    assert validate(data) == []
    provider = data["report"]["provider"]
    assert provider["legal_name"] == "Acme AI SAS" and provider["established_in_eu"] is False
    assert provider["inherits"] == "organisation.toml" and len(provider["disagreements"]) == 1
    # A model that inherits nothing has no such block (and its JSON no such key).
    flat = _flattened(_model(), _organisation())
    assert "Provider (organisation workbook)" not in export_bytes(flat, "md", "internal").decode()
    assert "provider" not in json.loads(export_bytes(flat, "json", "internal"))["report"]
