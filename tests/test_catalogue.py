"""The packaged Code of Practice catalogue matches the reference, and ``gpai catalogue`` prints it.

The expected titles, audiences and deadlines below are transcribed by hand from
the project reference (code-of-practice.md), so that a typo in the data file
shows up as a failing test rather than as wrong compliance content.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from gpai_tui.catalogue import CURRENT_CODE, Catalogue, available_codes, load_catalogue
from gpai_tui.cli import cli

KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

MEASURE_TITLES: dict[str, str] = {
    "TR-1.1": "Drawing up and keeping up-to-date model documentation",
    "TR-1.2": "Providing relevant information",
    "TR-1.3": "Ensuring quality, integrity, and security of information",
    "CR-1.1": "Draw up, keep up-to-date and implement a copyright policy",
    "CR-1.2": "Reproduce and extract only lawfully accessible copyright-protected content "
    "when crawling the World Wide Web",
    "CR-1.3": "Identify and comply with rights reservations when crawling the World Wide Web",
    "CR-1.4": "Mitigate the risk of copyright-infringing outputs",
    "CR-1.5": "Designate a point of contact and enable the lodging of complaints",
    "SS-1.1": "Creating the Framework",
    "SS-1.2": "Implementing the Framework",
    "SS-1.3": "Updating the Framework",
    "SS-1.4": "Framework notifications",
    "SS-2.1": "Systemic risk identification process",
    "SS-2.2": "Systemic risk scenarios",
    "SS-3.1": "Model-independent information",
    "SS-3.2": "Model evaluations",
    "SS-3.3": "Systemic risk modelling",
    "SS-3.4": "Systemic risk estimation",
    "SS-3.5": "Post-market monitoring",
    "SS-4.1": "Systemic risk acceptance criteria and acceptance determination",
    "SS-4.2": "Proceeding or not proceeding based on systemic risk acceptance determination",
    "SS-5.1": "Appropriate safety mitigations",
    "SS-6.1": "Security Goal",
    "SS-6.2": "Appropriate security mitigations",
    "SS-7.1": "Model description and behaviour",
    "SS-7.2": "Reasons for proceeding",
    "SS-7.3": "Documentation of systemic risk identification, analysis, and mitigation",
    "SS-7.4": "External reports",
    "SS-7.5": "Material changes to the systemic risk landscape",
    "SS-7.6": "Model Report updates",
    "SS-7.7": "Model Report notifications",
    "SS-8.1": "Definition of clear responsibilities",
    "SS-8.2": "Allocation of appropriate resources",
    "SS-8.3": "Promotion of a healthy risk culture",
    "SS-9.1": "Methods for serious incident identification",
    "SS-9.2": "Relevant information for serious incident tracking, documentation, and reporting",
    "SS-9.3": "Reporting timelines",
    "SS-9.4": "Retention period",
    "SS-10.1": "Additional documentation",
    "SS-10.2": "Public transparency",
}

COMMITMENT_TITLES: dict[str, str] = {
    "TR-1": "Documentation",
    "CR-1": "Copyright policy",
    "SS-1": "Safety and Security Framework",
    "SS-2": "Systemic risk identification",
    "SS-3": "Systemic risk analysis",
    "SS-4": "Systemic risk acceptance determination",
    "SS-5": "Safety mitigations",
    "SS-6": "Security mitigations",
    "SS-7": "Safety and Security Model Reports",
    "SS-8": "Systemic risk responsibility allocation",
    "SS-9": "Serious incident reporting",
    "SS-10": "Additional documentation and transparency",
}

# (field id, audiences) from the ticks of the reference tables, section 3.
MDF_AUDIENCES: list[tuple[str, tuple[str, ...]]] = [
    ("provider-legal-name", ("aio", "nca", "dp")),
    ("model-authenticity", ("aio", "nca")),
    ("design-specification", ("aio", "nca")),
    ("input-max-size", ("dp",)),
    ("parameter-count", ("aio",)),
    ("parameter-count-range", ("nca", "dp")),
    ("distribution-channels-authorities", ("aio", "nca")),
    ("distribution-channels-downstream", ("dp",)),
    ("licence-category", ("dp",)),
    ("integration-technical-means", ("dp",)),
    ("training-design-specification", ("aio", "nca")),
    ("data-provenance", ("aio", "nca", "dp")),
    ("data-points-nca", ("nca",)),
    ("data-points-aio", ("aio",)),
    ("training-time-nca", ("nca",)),
    ("training-time-aio", ("aio",)),
    ("training-compute-aio", ("aio",)),
    ("inference-methodology", ("aio", "nca")),
]

MDF_SECTION_SIZES = [2, 6, 8, 5, 6, 2, 9, 5, 4]


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


def test_current_code_is_shipped() -> None:
    assert CURRENT_CODE in available_codes()


def test_chapters(cat: Catalogue) -> None:
    got = [(ch.id, ch.prefix, ch.applies) for ch in cat.chapters]
    assert got == [
        ("transparency", "TR", "all-except-open-source"),
        ("copyright", "CR", "all"),
        ("safety-and-security", "SS", "systemic-risk"),
    ]


def test_commitments(cat: Catalogue) -> None:
    got = {c.id: c.title for ch in cat.chapters for c in ch.commitments}
    assert got == COMMITMENT_TITLES
    assert list(got) == list(COMMITMENT_TITLES)  # in order


def test_measure_ids_and_titles(cat: Catalogue) -> None:
    measures = cat.measures()
    assert [m.id for m in measures] == list(MEASURE_TITLES)
    assert len(measures) == 40
    assert {m.id: m.title for m in measures} == MEASURE_TITLES


def test_measures_sit_in_their_chapter_and_commitment(cat: Catalogue) -> None:
    for ch in cat.chapters:
        for c in ch.commitments:
            assert c.id.startswith(f"{ch.prefix}-")
            for m in c.measures:
                assert m.id.startswith(f"{c.id}.")
                assert m.applies == ch.applies


def test_measure_articles_sample(cat: Catalogue) -> None:
    def articles(mid: str) -> tuple[str, ...]:
        m = cat.measure(mid)
        assert m is not None
        return m.articles

    assert articles("TR-1.1") == ("Art. 53(1)(a)", "Annex XI §1", "Art. 53(1)(b)", "Annex XII")
    assert "Art. 53(1)(c)" in articles("CR-1.3")
    assert "Art. 4(3) Directive (EU) 2019/790" in articles("CR-1.3")
    assert "Art. 55(1)" in articles("SS-9.3")
    assert "Art. 56(5)" in articles("SS-7.7")
    assert "Art. 53(1)(a)" in articles("SS-10.1")


def test_checkpoints(cat: Catalogue) -> None:
    for m in cat.measures():
        assert m.checkpoints, m.id
        ids = [cp.id for cp in m.checkpoints]
        assert len(ids) == len(set(ids)), m.id
        for cp in m.checkpoints:
            assert KEBAB.match(cp.id), (m.id, cp.id)
            assert cp.label.strip()


def test_checkpoints_from_the_workbook_sketch(cat: Catalogue) -> None:
    cr13 = cat.measure("CR-1.3")
    assert cr13 is not None
    assert cr13.checkpoint("robots-txt") is not None
    assert cr13.checkpoint("other-protocols") is not None
    assert cr13.checkpoint("crawler-disclosure-page") is not None


def test_optional_checkpoints_are_not_required(cat: Catalogue) -> None:
    optional = {
        ("TR-1.2", "publication-decision"),
        ("CR-1.1", "public-summary"),
        ("CR-1.3", "search-indexing"),
        ("CR-1.3", "standards-participation"),
        ("CR-1.4", "open-source-notice"),
    }
    for mid, cid in optional:
        m = cat.measure(mid)
        assert m is not None
        cp = m.checkpoint(cid)
        assert cp is not None and cp.required is False, (mid, cid)


def test_tr11_has_the_derived_mdf_checkpoint(cat: Catalogue) -> None:
    m = cat.measure("TR-1.1")
    assert m is not None
    cp = m.checkpoint("mdf-completed")
    assert cp is not None and cp.derived == "mdf-complete"
    derived = [(m.id, cp.id) for m in cat.measures() for cp in m.checkpoints if cp.derived]
    assert derived == [("TR-1.1", "mdf-completed")]


def test_ss93_incident_clocks(cat: Catalogue) -> None:
    m = cat.measure("SS-9.3")
    assert m is not None
    initial = {
        t.incident_class: (t.amount, t.unit) for t in m.time_limits if t.kind == "incident-initial"
    }
    assert initial == {
        "critical-infrastructure": (2, "days"),
        "cybersecurity": (5, "days"),
        "death": (10, "days"),
        "health-rights-property-environment": (15, "days"),
    }
    rest = {(t.kind, t.amount, t.unit, t.trigger) for t in m.time_limits}
    assert ("incident-intermediate", 4, "weeks", "initial-report") in rest
    assert ("incident-final", 60, "days", "resolution") in rest


@pytest.mark.parametrize(
    ("mid", "kind", "amount", "unit", "trigger"),
    [
        ("TR-1.1", "retention", 10, "years", "placing-on-market"),
        ("TR-1.2", "after-event", 14, "days", "dp-request"),
        ("TR-1.2", "after-event", None, None, "aio-request"),
        ("SS-1.1", "after-event", 4, "weeks", "notification"),
        ("SS-1.1", "before-event", 2, "weeks", "placing-on-market"),
        # Reference §16.1: first assessment 12 months after placing, then every 12 months.
        ("SS-1.3", "after-event", 12, "months", "placing-on-market"),
        ("SS-1.3", "recurring", 12, "months", "placing-on-market"),
        # §16.1: from the recorded Framework confirmation date.
        ("SS-1.4", "after-event", 5, "business-days", "framework-confirmed"),
        ("SS-7.6", "recurring", 6, "months", "placing-on-market"),
        ("SS-7.7", "after-event", 5, "business-days", "confirmation"),
        # §16.1: a delay of up to 15 business days beyond the normal deadline.
        ("SS-7.7", "extension", 15, "business-days", "normal-deadline"),
        # §16.1: Appendix 4.3 access reviews, Appendix 2.2 re-anchoring.
        ("SS-6.2", "recurring", 6, "months", "placing-on-market"),
        ("SS-3.5", "after-event", 6, "months", "reference-status-lost"),
        ("SS-9.4", "retention", 5, "years", "documentation-or-incident-date"),
        ("SS-10.1", "retention", 10, "years", "placing-on-market"),
    ],
)
def test_time_limits(
    cat: Catalogue, mid: str, kind: str, amount: int | None, unit: str | None, trigger: str
) -> None:
    m = cat.measure(mid)
    assert m is not None
    assert (kind, amount, unit, trigger) in {
        (t.kind, t.amount, t.unit, t.trigger) for t in m.time_limits
    }


def test_time_limit_shapes(cat: Catalogue) -> None:
    limits = [t for m in cat.measures() for t in m.time_limits]
    limits += [t for o in cat.obligations for t in o.time_limits]
    for t in limits:
        assert t.description.strip()
        assert (t.amount is None) == (t.unit is None)
        if t.kind in ("before-market", "no-limit"):
            assert t.amount is None
        if t.kind in ("recurring", "retention", "extension") or t.kind.startswith("incident-"):
            assert t.amount is not None and t.trigger
        assert (t.incident_class is not None) == (t.kind == "incident-initial")


def test_obligations(cat: Catalogue) -> None:
    got = {o.id: (o.articles, o.applies) for o in cat.obligations}
    assert got == {
        "art-52-notification": (("Art. 52(1)",), "systemic-risk"),
        "art-53-1-d-training-summary": (("Art. 53(1)(d)",), "all"),
        "art-54-authorised-representative": (("Art. 54",), "all-except-open-source"),
    }
    notify = cat.obligation("art-52-notification")
    assert notify is not None
    assert [(t.kind, t.amount, t.unit, t.trigger) for t in notify.time_limits] == [
        ("after-event", 2, "weeks", "threshold-known")
    ]
    rep = cat.obligation("art-54-authorised-representative")
    assert rep is not None
    assert {(t.kind, t.amount, t.unit) for t in rep.time_limits} == {
        ("before-market", None, None),
        ("retention", 10, "years"),
    }
    for o in cat.obligations:
        ids = [cp.id for cp in o.checkpoints]
        assert len(ids) == len(set(ids)) and all(KEBAB.match(i) for i in ids)


def test_item_ids_are_unique(cat: Catalogue) -> None:
    ids = cat.item_ids()
    assert len(ids) == len(set(ids)) == 43


def test_mdf_sections(cat: Catalogue) -> None:
    assert [s.number for s in cat.mdf] == list(range(9))
    assert [len(s.fields) for s in cat.mdf] == MDF_SECTION_SIZES
    assert cat.mdf[0].id == "header"
    assert [f.id for f in cat.mdf[0].fields] == ["last-updated", "document-version"]
    assert all(f.audiences == ("aio", "nca", "dp") for f in cat.mdf[0].fields)


def test_mdf_field_ids_unique(cat: Catalogue) -> None:
    ids = [f.id for f in cat.mdf_fields()]
    assert len(ids) == len(set(ids)) == sum(MDF_SECTION_SIZES)


@pytest.mark.parametrize(("field_id", "audiences"), MDF_AUDIENCES)
def test_mdf_audiences(cat: Catalogue, field_id: str, audiences: tuple[str, ...]) -> None:
    f = cat.mdf_field(field_id)
    assert f is not None, field_id
    assert f.audiences == audiences


def test_mdf_audience_totals(cat: Catalogue) -> None:
    fields = cat.mdf_fields()
    totals = {a: sum(a in f.audiences for f in fields) for a in ("aio", "nca", "dp")}
    assert totals == {"aio": 36, "nca": 36, "dp": 24}


def test_mdf_unverified_follows_basis(cat: Catalogue) -> None:
    for f in cat.mdf_fields():
        assert f.unverified is (f.basis != "F"), f.id
        if f.basis == "?":
            assert f.audiences == ("dp",), f.id


def test_mdf_repeats_per_modality(cat: Catalogue) -> None:
    repeating = {f.id for f in cat.mdf_fields() if f.repeats == "modality"}
    assert repeating == {"input-max-size", "output-max-size", "data-points-nca", "data-points-aio"}


def test_specified_risks(cat: Catalogue) -> None:
    assert [r.id for r in cat.specified_risks] == [
        "cbrn",
        "loss-of-control",
        "cyber-offence",
        "harmful-manipulation",
    ]


def test_cli_json() -> None:
    result = CliRunner().invoke(cli, ["catalogue", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["code"] == CURRENT_CODE
    assert len(data["chapters"]) == 3
    commitments = [c for ch in data["chapters"] for c in ch["commitments"]]
    assert len(commitments) == 12
    measures = [m for c in commitments for m in c["measures"]]
    assert [m["id"] for m in measures] == list(MEASURE_TITLES)
    assert set(measures[0]["checkpoints"][0]) == {"id", "label", "required", "derived", "only_if"}
    assert len(data["obligations"]) == 3
    assert [len(s["fields"]) for s in data["mdf"]] == MDF_SECTION_SIZES
    assert len(data["specified_risks"]) == 4


def test_cli_json_is_stable() -> None:
    runner = CliRunner()
    first = runner.invoke(cli, ["catalogue", "--json"]).output
    assert runner.invoke(cli, ["catalogue", "--json"]).output == first


def test_cli_tree() -> None:
    result = CliRunner().invoke(cli, ["catalogue"], env={"FORCE_COLOR": None})
    assert result.exit_code == 0, result.output
    assert "SS-9.3" in result.output
    assert "art-54-authorised-representative" in result.output
    assert "\x1b[" not in result.output  # not a terminal: no colour


def test_cli_unknown_code_exits_2() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "gpai_tui", "catalogue", "--code", "1999-01-01"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "1999-01-01" in proc.stderr
    assert "Traceback" not in proc.stderr
