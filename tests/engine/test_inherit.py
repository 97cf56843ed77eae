"""Inheritance (engine/inherit.py): the resolved view, overrides, added evidence, safety.

The property test is the heart: a model that inherits the provider's answers has
exactly the figures of the same model with those answers copied in (flattened),
whatever the answers, the overrides, the additions and the model's scope.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gpai_tui.catalogue import load_catalogue
from gpai_tui.engine import evaluate, evaluation_dict
from gpai_tui.engine.inherit import load_resolved, resolve, resolve_workbook
from gpai_tui.workbook import (
    STATUSES,
    ItemEntry,
    ModelProfile,
    Workbook,
    WorkbookError,
    dumps_workbook,
    new_workbook,
    parse_workbook,
    save_workbook,
)
from gpai_tui.workbook.organisation import (
    Organisation,
    OrganisationProfile,
    dumps_organisation,
    load_organisation,
    new_organisation,
    parse_organisation,
    save_organisation,
)

AS_OF = date(2026, 11, 25)
CATALOGUE = load_catalogue()
PROVIDER_LEVEL = CATALOGUE.provider_level_ids()


def test_catalogue_marks_the_provider_level_items_with_a_reason() -> None:
    assert PROVIDER_LEVEL == [
        "CR-1.1",
        "CR-1.5",
        "SS-1.1",
        "SS-1.3",
        "SS-1.4",
        "SS-8.1",
        "SS-8.2",
        "SS-8.3",
        "art-54-authorised-representative",
    ]
    for item_id in PROVIDER_LEVEL:
        item = CATALOGUE.measure(item_id) or CATALOGUE.obligation(item_id)
        assert item is not None and item.provider_level
        # Every reason cites the Code's measure or the Act's article.
        assert "Measure" in item.provider_level or "Art." in item.provider_level


def model(**profile: object) -> Workbook:
    fields: dict[str, object] = {
        "provider": "Acme AI",
        "name": "M",
        "training_compute_flop": 3e25,
        "placed_on_market": date(2026, 3, 1),
    }
    fields.update(profile)
    return new_workbook(ModelProfile(**fields))  # type: ignore[arg-type]


def organisation() -> Organisation:
    org = new_organisation(OrganisationProfile(legal_name="Acme AI"))
    entry = org.entry("CR-1.1")
    entry.status = "done"
    entry.owner = "legal"
    entry.evidence = ["policy-v3.pdf"]
    entry.checks = {cp: True for cp in ("policy-document", "covers-measures", "policy-owners")}
    org.entry("SS-8.1").status = "in-progress"
    return org


def test_resolved_view_inherits_overrides_and_adds_evidence() -> None:
    org = organisation()
    wb = model()
    wb.inherits = "organisation.toml"
    wb.measures["CR-1.1"] = ItemEntry(evidence=["m/annex.pdf", "policy-v3.pdf"])
    wb.measures["SS-8.1"] = ItemEntry(override=True, status="done", evidence=["own.pdf"])
    view, origins, added = resolve(wb, org)
    cr = view.get_entry("CR-1.1")
    assert (cr.status, cr.owner) == ("done", "legal")
    assert cr.evidence_refs == ["policy-v3.pdf", "m/annex.pdf"]  # the provider's, then the model's
    assert added == {"CR-1.1": ("m/annex.pdf",)}
    assert view.get_entry("SS-8.1").status == "done"  # the override wins
    assert origins["CR-1.1"] == "inherited" and origins["SS-8.1"] == "overridden"
    assert "TR-1.1" not in origins  # per-model items are the model's own
    assert view.get_entry("CR-1.2") is wb.get_entry("CR-1.2")
    # The model itself is untouched: resolving is a view.
    assert wb.get_entry("CR-1.1").status == "todo"


def test_model_file_keeps_only_additions_and_overrides(tmp_path: Path) -> None:
    save_organisation(organisation(), tmp_path / "organisation.toml")
    wb = model()
    wb.inherits = "organisation.toml"
    wb.entry("CR-1.1").evidence = ["m/annex.pdf"]
    wb.measures["SS-8.1"] = ItemEntry(override=True, status="done", evidence=["own.pdf"])
    text = dumps_workbook(wb)
    assert 'inherits = "organisation.toml"' in text
    cr = text[text.index('[measures."CR-1.1"]') :].split("\n\n")[0]
    assert cr == '[measures."CR-1.1"]\nevidence = [\n    "m/annex.pdf",\n]'
    assert '[measures."CR-1.5"]' not in text  # nothing added: nothing written
    assert 'override = true\nstatus = "done"' in text
    (tmp_path / "m.toml").write_text(text)
    resolved = load_resolved(tmp_path / "m.toml")
    assert resolved.overrides == ("SS-8.1",)
    assert resolved.workbook.get_entry("CR-1.1").status == "done"


def test_an_inherited_item_cannot_be_answered_without_override(tmp_path: Path) -> None:
    wb = model()
    wb.inherits = "organisation.toml"
    text = dumps_workbook(wb).replace(
        '[measures."CR-1.2"]', '[measures."CR-1.1"]\nstatus = "done"\n\n[measures."CR-1.2"]'
    )
    with pytest.raises(WorkbookError) as err:
        parse_workbook(text.encode(), "m.toml")
    message = str(err.value)
    assert "CR-1.1 is inherited from organisation.toml" in message
    assert "override = true" in message


def flattened(wb: Workbook, org: Organisation) -> Workbook:
    """The same model with the provider's answers copied in by hand (no inheritance)."""
    copy = wb.model_copy(deep=True)
    copy.inherits = None
    for item_id in PROVIDER_LEVEL:
        table = copy.obligations if item_id.startswith("art-") else copy.measures
        own = wb.get_entry(item_id)
        if own.override:
            table[item_id] = own.model_copy(update={"override": False})
            continue
        entry = org.get_entry(item_id).model_copy(deep=True)
        entry.evidence = [*entry.evidence, *(e for e in own.evidence if e not in entry.evidence)]
        table[item_id] = entry
    if copy.training_summary:  # a model that keeps a summary shows the provider's 1.1
        for field_id, value in org.training_summary.items():
            copy.training_summary.setdefault(field_id, value)
    return copy


checks = {
    item_id: [
        cp.id for cp in (CATALOGUE.measure(item_id) or CATALOGUE.obligation(item_id)).checkpoints
    ]  # type: ignore[union-attr]
    for item_id in PROVIDER_LEVEL
}

refs = st.lists(st.sampled_from(["a.pdf", "b.pdf", "https://x.example/p"]), unique=True, max_size=2)


@st.composite
def entries(draw: st.DrawFn, item_id: str) -> ItemEntry:
    status = draw(st.sampled_from(STATUSES))
    ticked = draw(st.lists(st.sampled_from(checks[item_id]), unique=True))
    return ItemEntry(
        status=status,
        evidence=draw(refs),
        justification="n/a here" if status == "not-applicable" and draw(st.booleans()) else None,
        last_done=draw(st.sampled_from([None, date(2025, 9, 1), date(2026, 10, 1)])),
        checks={cp: True for cp in ticked},
    )


@st.composite
def cases(draw: st.DrawFn) -> tuple[Workbook, Organisation]:
    org = new_organisation(OrganisationProfile(legal_name="Acme AI"))
    wb = model(
        training_compute_flop=draw(st.sampled_from([5e22, 3e24, 3e25])),
        established_in_eu=draw(st.booleans()),
        open_source=draw(st.booleans()),
        placed_on_market=draw(st.sampled_from([None, date(2025, 5, 1), date(2026, 3, 1)])),
    )
    wb.inherits = "organisation.toml"
    # The training summary's provider fields (1.1), given by either side or neither.
    for field_id in ("provider-name", "authorised-representative"):
        if draw(st.booleans()):
            org.training_summary[field_id] = f"provider's {field_id}"
    summary = draw(st.sampled_from([{}, {"model-name": "M"}, {"provider-name": "Own AI"}]))
    if summary:
        wb.training_summary = {**summary, "last-updated": date(2026, 4, 1)}
    for item_id in PROVIDER_LEVEL:
        table = org.obligations if item_id.startswith("art-") else org.measures
        table[item_id] = draw(entries(item_id))
        mine = wb.obligations if item_id.startswith("art-") else wb.measures
        kind = draw(st.sampled_from(["inherit", "add", "override"]))
        if kind == "inherit":
            mine.pop(item_id, None)
        elif kind == "add":
            mine[item_id] = ItemEntry(evidence=draw(refs))
        else:
            own = draw(entries(item_id))
            own.override = True
            mine[item_id] = own
    return wb, org


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_inheriting_never_changes_a_number(case: tuple[Workbook, Organisation]) -> None:
    wb, org = case
    inherited_ev = evaluate(resolve(wb, org)[0], AS_OF)
    inherited = evaluation_dict(inherited_ev)
    flat = flattened(wb, org)
    copied_ev = evaluate(flat, AS_OF)
    copied = evaluation_dict(copied_ev)
    assert inherited == copied
    assert inherited_ev.summary == copied_ev.summary  # the training summary's counts too
    # Through the files, too: both forms read back with the same figures.
    reread_flat = parse_workbook(dumps_workbook(flat).encode(), "flat.toml")
    reread_org = parse_organisation(dumps_organisation(org).encode(), "organisation.toml")
    reread = parse_workbook(dumps_workbook(wb).encode(), "m.toml")
    assert evaluation_dict(evaluate(reread_flat, AS_OF)) == copied
    assert evaluation_dict(evaluate(resolve(reread, reread_org)[0], AS_OF)) == copied


def test_completeness_is_the_same_inherited_or_copied(tmp_path: Path) -> None:
    save_organisation(organisation(), tmp_path / "organisation.toml")
    wb = model()
    wb.inherits = "organisation.toml"
    save_workbook(wb, tmp_path / "m.toml")
    inherited = evaluate(load_resolved(tmp_path / "m.toml").workbook, AS_OF)
    copied = evaluate(flattened(wb, organisation()), AS_OF)
    assert inherited.overall == copied.overall
    assert inherited.item("CR-1.1").completeness == 75.0
    assert inherited.chapters == copied.chapters


# --- safety ----------------------------------------------------------------------------------


def inheriting(tmp_path: Path, inherits: str, name: str = "m.toml") -> Path:
    wb = model()
    wb.inherits = inherits
    path = tmp_path / name
    path.write_text(dumps_workbook(wb))
    return path


def test_missing_or_invalid_organisation_names_both_files(tmp_path: Path) -> None:
    path = inheriting(tmp_path, "organisation.toml")
    with pytest.raises(WorkbookError) as err:
        load_resolved(path)
    assert str(path) in str(err.value) and "organisation.toml: no such file" in str(err.value)
    (tmp_path / "organisation.toml").write_text('format = 1\ncode = "2025-07-10"\n[organisation]\n')
    with pytest.raises(WorkbookError) as err:
        load_resolved(path)
    assert str(path) in str(err.value)
    assert f"{tmp_path / 'organisation.toml'}" in str(err.value)
    assert "legal_name" in str(err.value)


def test_only_one_level_and_only_provider_level_items(tmp_path: Path) -> None:
    text = dumps_organisation(organisation())
    chained = text.replace('code = "2025-07-10"\n', 'code = "2025-07-10"\ninherits = "x.toml"\n')
    with pytest.raises(WorkbookError, match="one level only"):
        parse_organisation(chained.encode(), "organisation.toml")
    per_model = text + '\n[measures."TR-1.1"]\nstatus = "done"\n'
    with pytest.raises(WorkbookError, match="per-model item"):
        parse_organisation(per_model.encode(), "organisation.toml")
    # A model's workbook named as the organisation is refused too.
    (tmp_path / "other.toml").write_text(dumps_workbook(model()))
    with pytest.raises(WorkbookError, match="not an organisation workbook"):
        load_resolved(inheriting(tmp_path, "other.toml"))
    # And an organisation file is not a model's workbook.
    with pytest.raises(WorkbookError, match="is an organisation workbook"):
        parse_workbook(text.encode(), "organisation.toml")


def test_never_reads_outside_the_repository_or_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    save_organisation(organisation(), outside / "organisation.toml")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "models").mkdir()
    save_organisation(organisation(), repo / "organisation.toml")
    # Up one level but inside the repository: allowed.
    ok = inheriting(repo / "models", "../organisation.toml")
    assert load_resolved(ok).organisation is not None
    for bad in ("../../outside/organisation.toml", str(outside / "organisation.toml")):
        with pytest.raises(WorkbookError) as err:
            load_resolved(inheriting(repo / "models", bad))
        assert "relative" in str(err.value) or "outside the repository" in str(err.value)
    # A symlink inside the repository that leads out is followed, then refused.
    os.symlink(outside / "organisation.toml", repo / "link.toml")
    with pytest.raises(WorkbookError, match="outside the repository"):
        load_resolved(inheriting(repo, "link.toml"))
    # Without a repository the bound is the model's own folder.
    loose = tmp_path / "loose"
    (loose / "sub").mkdir(parents=True)
    save_organisation(organisation(), loose / "organisation.toml")
    with pytest.raises(WorkbookError, match="outside this workbook's folder"):
        load_resolved(inheriting(loose / "sub", "../organisation.toml"))


def test_the_organisation_is_parsed_once_per_content(tmp_path: Path) -> None:
    save_organisation(organisation(), tmp_path / "organisation.toml")
    a = resolve_workbook(parse_workbook(dumps_workbook(_inh()).encode(), "a"), tmp_path / "a.toml")
    b = resolve_workbook(parse_workbook(dumps_workbook(_inh()).encode(), "b"), tmp_path / "b.toml")
    assert a.organisation is b.organisation  # parsed once, shared by the views
    org = load_organisation(tmp_path / "organisation.toml")
    org.entry("CR-1.5").status = "done"
    save_organisation(org, tmp_path / "organisation.toml")  # new content: read again
    c = resolve_workbook(_inh(), tmp_path / "c.toml")
    assert c.workbook.get_entry("CR-1.5").status == "done"


def _inh() -> Workbook:
    wb = model()
    wb.inherits = "organisation.toml"
    return wb


def test_the_organisation_row_is_counted_by_the_engine() -> None:
    """``organisation_figures`` is ``evaluate`` on the organisation's view: an answer
    marked done without its checkpoints counts as outstanding, as it does in every
    model that inherits it (done means done), with the same inconsistency."""
    from gpai_tui.engine.inherit import organisation_figures

    org = organisation()  # CR-1.1 done, 3 of its 4 required checkpoints ticked
    figures = organisation_figures(org, as_of=AS_OF)
    assert (figures.overall.applicable, figures.overall.done) == (len(PROVIDER_LEVEL), 0)
    assert "CR-1.1" in figures.outstanding
    assert ("CR-1.1", "done, but 1 of 4 required checkpoints not ticked") in figures.issues
    wb = model()
    wb.inherits = "organisation.toml"
    inherited = evaluate(resolve(wb, org)[0], AS_OF).item("CR-1.1")
    assert inherited.unsupported and "CR-1.1" in [o.id for o in evaluate(
        resolve(wb, org)[0], AS_OF).outstanding]  # fmt: skip
    # Tick the last one: done in the row and in the model alike.
    org.entry("CR-1.1").checks["review-cycle"] = True
    figures = organisation_figures(org, as_of=AS_OF)
    assert figures.overall.done == 1 and "CR-1.1" not in figures.outstanding
    assert figures.overall.ticked == 4 and not [i for i in figures.issues if i[0] == "CR-1.1"]
    assert not evaluate(resolve(wb, org)[0], AS_OF).item("CR-1.1").unsupported
