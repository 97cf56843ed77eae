"""OSCAL 1.1 (JSON): the Code as a catalog, a workbook as assessment results.

**Catalog** (``gpai catalogue --format oscal``): groups are the chapters (class
``chapter``) holding the commitments (class ``commitment``); controls are the measures
(class ``measure``); the AI Act obligations outside the Code are one more group. A
control has a ``label`` prop (``TR-1.1``), one ``article`` prop per article cited, an
``applies`` prop, a ``statement`` part (the summary) and one ``assessment-objective``
part per checkpoint (prop ``required``).

**Assessment results** (``gpai export --format oscal``, internal only): one result as of
the export date; ``reviewed-controls`` lists every applicable item; one finding per
applicable measure or obligation, targeting its statement, ``satisfied`` when it is done
with every required checkpoint ticked (and consistent), else ``not-satisfied``, with the
reason; one observation per finding (method ``EXAMINE``) carrying the completeness, the
checkpoints ticked and open, and the evidence as ``relevant-evidence`` (web addresses as
``href``). Items out of scope or marked not applicable get no finding.

Custom props live in the namespace :data:`NS`. UUIDs are name-based (uuid5) from the
catalogue version, the model and the as-of date, so the same workbook gives the same
bytes. Text is made visible with :func:`gpai_tui.text.safe`; JSON's escapes keep the rest.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

from gpai_tui.catalogue import Catalogue
from gpai_tui.catalogue.models import Checkpoint
from gpai_tui.engine import ItemResult, pct
from gpai_tui.report.export.content import ORIGIN_WORDS, ExportDocument, ItemDoc, is_web_address
from gpai_tui.text import safe, safe_json
from gpai_tui.workbook.model import table_name

OSCAL_VERSION = "1.1.3"
"""The OSCAL version written (validated against NIST's 1.1.3 release schemas)."""

NS = "urn:gpai-tui:oscal"
"""Namespace of our own prop names."""

_UUID_NS = uuid.UUID("6f0b6f7e-9a55-5d1a-8f1e-3c1c2a9e0c17")


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(_UUID_NS, "\x1f".join(parts)))


def _moment(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def control_id(item_id: str) -> str:
    """An OSCAL token for a measure or obligation: ``tr-1.1``, ``art-54-...``."""
    return item_id.lower()


def _text(value: str) -> str:
    """Text for a string datatype: visible controls, no leading or trailing space."""
    return safe(value).strip() or "-"


def _prop(name: str, value: str, *, ns: bool = True) -> dict[str, str]:
    prop = {"name": name, "value": _text(value)}
    if ns:
        prop["ns"] = NS
    return prop


def _checkpoint_part(cid: str, cp: Checkpoint) -> dict[str, Any]:
    return {
        "id": f"{cid}_obj.{cp.id}",
        "name": "assessment-objective",
        "props": [_prop("required", "yes" if cp.required else "no")],
        "prose": cp.label,
    }


def _control(item_id: str, title: str, articles: tuple[str, ...], applies: str,
             summary: str, checkpoints: tuple[Checkpoint, ...]) -> dict[str, Any]:  # fmt: skip
    cid = control_id(item_id)
    return {
        "id": cid,
        "class": "obligation" if table_name(item_id) == "obligations" else "measure",
        "title": title,
        "props": [
            _prop("label", item_id, ns=False),
            _prop("applies", applies),
            *(_prop("article", a) for a in articles),
        ],
        "parts": [
            {"id": f"{cid}_smt", "name": "statement", "prose": summary},
            *(_checkpoint_part(cid, cp) for cp in checkpoints),
        ],
    }


def catalog_dict(cat: Catalogue) -> dict[str, Any]:
    """The OSCAL catalog as data."""
    groups: list[dict[str, Any]] = []
    for chapter in cat.chapters:
        groups.append(
            {
                "id": chapter.id,
                "class": "chapter",
                "title": chapter.title,
                "props": [_prop("label", chapter.prefix, ns=False)],
                "parts": [{"name": "overview", "prose": chapter.summary or chapter.title}],
                "groups": [
                    {
                        "id": control_id(c.id),
                        "class": "commitment",
                        "title": c.title,
                        "props": [
                            _prop("label", c.id, ns=False),
                            *(_prop("article", a) for a in c.articles),
                        ],
                        "parts": [{"name": "overview", "prose": c.summary or c.title}],
                        "controls": [
                            _control(m.id, m.title, m.articles, m.applies, m.summary, m.checkpoints)
                            for m in c.measures
                        ],
                    }
                    for c in chapter.commitments
                ],
            }
        )
    groups.append(
        {
            "id": "ai-act-obligations",
            "class": "obligations",
            "title": "AI Act obligations outside the Code",
            "controls": [
                _control(o.id, o.title, o.articles, o.applies, o.summary, o.checkpoints)
                for o in cat.obligations
            ],
        }
    )
    return {
        "catalog": {
            "uuid": _uuid("catalog", cat.code),
            "metadata": {
                "title": f"{cat.title} ({cat.code}), measures and checkpoints",
                "last-modified": _moment(date.fromisoformat(cat.code)),
                "version": cat.code,
                "oscal-version": OSCAL_VERSION,
                "remarks": "Encoded by gpai-tui: chapters and commitments as groups, "
                "measures as controls, checkpoints as assessment objectives.",
            },
            "groups": groups,
        }
    }


def _dump(data: dict[str, Any]) -> str:
    text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
    return safe_json(text) + "\n"


def render_catalog(cat: Catalogue) -> str:
    """The OSCAL catalog JSON (``gpai catalogue --format oscal``)."""
    return _dump(catalog_dict(cat))


# --- assessment results -----------------------------------------------------------------------


def satisfied(r: ItemResult) -> bool:
    """Done, every required checkpoint ticked, no inconsistency."""
    return r.applicable and r.status == "done" and r.ticked == r.required and r.consistent


def _observation(doc: ItemDoc, seed: str, as_of: date) -> dict[str, Any]:
    r = doc.result
    ticked = [cp.label for cp in r.checkpoints if cp.ticked]
    missing = [cp.label for cp in r.checkpoints if cp.required and not cp.ticked]
    lines = [
        f"{r.id}: status {r.status}, {pct(r.completeness):.1f}% complete "
        f"({r.ticked} of {r.required} required checkpoints).",
    ]
    if ticked:
        lines += ["", "In place:", *(f"- {label}" for label in ticked)]
    if missing:
        lines += ["", "Open:", *(f"- {label}" for label in missing)]
    if r.issues:
        lines += ["", "Issues:", *(f"- {issue}" for issue in r.issues)]
    observation: dict[str, Any] = {
        "uuid": _uuid(seed, "observation", r.id),
        "title": f"{r.id} as recorded in the workbook",
        "description": _text("\n".join(lines)),
        "methods": ["EXAMINE"],
        "collected": _moment(as_of),
    }
    if doc.origin in ORIGIN_WORDS:  # issue 21: the provider's answer, or an override
        observation["props"] = [_prop("answer", doc.origin)]
    evidence = []
    for ref in doc.evidence:
        entry: dict[str, Any] = {"description": _text(ref)}
        if is_web_address(ref):
            entry["href"] = ref.strip()
        if doc.origin == "inherited":
            entry["props"] = [_prop("source", "model" if ref in doc.added else "provider")]
        evidence.append(entry)
    if evidence:
        observation["relevant-evidence"] = evidence
    if doc.notes:
        observation["remarks"] = _text(doc.notes)
    return observation


def results_dict(doc: ExportDocument) -> dict[str, Any]:
    """The OSCAL assessment results as data."""
    if doc.report is None:
        raise ValueError("the OSCAL assessment results are for the internal audience only")
    p = doc.provenance
    model = f"{doc.model.provider} {doc.model.name} {doc.model.version or ''}".strip()
    seed = "\x1f".join(
        (p.code, doc.model.provider, doc.model.name, doc.model.version or "", p.as_of.isoformat())
    )
    items = [i for c in doc.report.chapters for cm in c.commitments for i in cm.items]
    items += list(doc.report.obligations)
    applicable = [i for i in items if i.result.applicable]
    observations = [_observation(i, seed, p.as_of) for i in applicable]
    findings = []
    for item, observation in zip(applicable, observations, strict=True):
        r = item.result
        ok = satisfied(r)
        findings.append(
            {
                "uuid": _uuid(seed, "finding", r.id),
                "title": f"{r.id} {r.title}",
                "description": _text(r.reason),
                "target": {
                    "type": "statement-id",
                    "target-id": f"{control_id(r.id)}_smt",
                    "status": {"state": "satisfied" if ok else "not-satisfied"},
                },
                "related-observations": [{"observation-uuid": observation["uuid"]}],
            }
        )
    metadata: dict[str, Any] = {
        "title": _text(f"Code of Practice assessment of {model}"),
        "last-modified": _moment(p.as_of),
        "version": p.as_of.isoformat(),
        "oscal-version": OSCAL_VERSION,
        "props": [_prop("generator", p.generator), _prop("code-of-practice", p.code)],
    }
    if p.git is not None:
        metadata["props"].append(_prop("git-commit", p.git.describe()))
    result: dict[str, Any] = {
        "uuid": _uuid(seed, "result"),
        "title": f"Workbook as of {p.as_of.isoformat()}",
        "description": _text(
            f"{len(applicable)} applicable items of {len(items)}: "
            f"{sum(satisfied(i.result) for i in applicable)} satisfied."
        ),
        "start": _moment(p.as_of),
        "reviewed-controls": {
            "control-selections": [
                {"include-controls": [{"control-id": control_id(i.result.id)} for i in applicable]}
                if applicable
                else {"include-all": {}}
            ]
        },
    }
    if observations:
        result["observations"] = observations
        result["findings"] = findings
    return {
        "assessment-results": {
            "uuid": _uuid(seed, "assessment-results"),
            "metadata": metadata,
            "import-ap": {
                "href": "#",
                "remarks": "No OSCAL assessment plan: the plan is the Code of Practice "
                "catalog written by gpai catalogue --format oscal.",
            },
            "results": [result],
        }
    }


def render_results(doc: ExportDocument) -> str:
    """The OSCAL assessment-results JSON (``gpai export --format oscal``)."""
    return _dump(results_dict(doc))
