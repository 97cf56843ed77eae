"""CISO Assistant interchange: the Code as a framework library, a workbook as an audit.

Both shapes follow CISO Assistant's own loader and importer (intuitem/ciso-assistant-
community: ``backend/core/models.py`` ``StoredLibrary.store_library_content`` and
``URN_REGEX``, ``backend/library/utils.py`` ``FrameworkImporter`` and
``RequirementNodeImporter``, ``backend/data_wizard/views.py`` ``read_csv_file``,
``normalize_df_columns`` and ``_reconcile_compliance_requirements``). No code of theirs
is used.

**Library** (``gpai catalogue --format ciso-library``): one YAML mapping with ``urn``,
``locale``, ``ref_id``, ``name``, ``description``, ``copyright``, ``version``,
``publication_date``, ``provider``, ``packager`` and ``objects.framework``. The framework
has ``implementation_groups_definition`` and ``requirement_nodes``: chapter (depth 1) →
commitment (depth 2) → measure (depth 3, assessable), then the AI Act obligations outside
the Code under one more depth-1 node. Each node has a lower-case URN matching their
``URN_REGEX`` and a ``parent_urn``; a measure's description is its summary followed by its
checkpoints, its annotation names the articles. Implementation groups:

* ``all``: every provider (catalogue ``all`` and ``all-except-open-source``; the latter
  says in its annotation that a qualifying open-source release is exempt, Art. 53(2));
* ``systemic-risk``: providers of models with systemic risk (Art. 55);
* ``non-eu``: providers established outside the EU (Art. 54).

**Audit** (``gpai export --format ciso-audit``): the compliance-assessment CSV their data
wizard reads (comma-separated, UTF-8 with BOM, every field quoted, so their delimiter
sniffing finds the comma). Columns ``assessable``, ``ref_id``, ``urn``, ``name``,
``compliance_result``, ``requirement_progress``, ``observations``; one row per measure
and obligation. Status mapping (documented in docs/FORMATS.md):

===============================================  =====================  ===============
gpai-tui                                         compliance_result      requirement_progress
===============================================  =====================  ===============
out of scope, or marked not applicable           ``not_applicable``     ``done``
done, every required checkpoint ticked           ``compliant``          ``done``
done with an inconsistency                       ``partially_compliant`` ``in_review``
in progress / to do, some checkpoint ticked      ``partially_compliant`` ``in_progress`` / ``to_do``
in progress / to do, nothing ticked              ``non_compliant``      ``in_progress`` / ``to_do``
===============================================  =====================  ===============
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence

from gpai_tui.catalogue import Catalogue
from gpai_tui.catalogue.models import Checkpoint
from gpai_tui.engine import ItemResult, pct
from gpai_tui.report.export.content import ORIGIN_WORDS, ExportDocument, ItemDoc

PACKAGER = "gpai-tui"
OBLIGATIONS_REF = "AI-ACT"
IMPLEMENTATION_GROUPS = (
    ("all", "All providers", "Every provider of a general-purpose AI model (Art. 53)."),
    (
        "systemic-risk",
        "Systemic risk",
        "Providers of general-purpose AI models with systemic risk (Art. 51, Art. 55).",
    ),
    (
        "non-eu",
        "Non-EU providers",
        "Providers established in a third country, who appoint an authorised "
        "representative (Art. 54).",
    ),
)


def framework_slug(code: str) -> str:
    """The framework part of every URN: ``gpai-cop-2025-07-10``."""
    return f"gpai-cop-{code}"


def library_urn(code: str) -> str:
    """``urn:gpai-tui:risk:library:gpai-cop-2025-07-10``."""
    return f"urn:{PACKAGER}:risk:library:{framework_slug(code)}"


def framework_urn(code: str) -> str:
    """``urn:gpai-tui:risk:framework:gpai-cop-2025-07-10``."""
    return f"urn:{PACKAGER}:risk:framework:{framework_slug(code)}"


def node_urn(code: str, ref: str) -> str:
    """``urn:gpai-tui:risk:req_node:gpai-cop-2025-07-10:tr-1.1`` (lower case, as stored)."""
    return f"urn:{PACKAGER}:risk:req_node:{framework_slug(code)}:{ref.lower()}"


def _groups(applies: str, item_id: str, non_eu_only: str) -> list[str]:
    if item_id == non_eu_only:  # the catalogue's authorised-representative role (Art. 54)
        return ["non-eu"]
    return ["systemic-risk"] if applies == "systemic-risk" else ["all"]


def _annotation(articles: tuple[str, ...], applies: str) -> str:
    text = "Articles: " + ", ".join(articles) if articles else ""
    if applies == "all-except-open-source":
        text += (
            ". Not for a qualifying free and open-source release without systemic risk "
            "(Art. 53(2))."
        )
    return text


def library_dict(cat: Catalogue) -> dict[str, object]:
    """The framework library as data, in the shape their loader reads."""
    code = cat.code
    non_eu_only = cat.roles.authorised_representative
    nodes: list[dict[str, object]] = []
    for chapter in cat.chapters:
        ch_urn = node_urn(code, chapter.prefix)
        nodes.append(
            {
                "urn": ch_urn,
                "assessable": False,
                "depth": 1,
                "ref_id": chapter.prefix,
                "name": chapter.title,
                "description": chapter.summary or chapter.title,
            }
        )
        for commitment in chapter.commitments:
            cm_urn = node_urn(code, commitment.id)
            nodes.append(
                {
                    "urn": cm_urn,
                    "assessable": False,
                    "depth": 2,
                    "parent_urn": ch_urn,
                    "ref_id": commitment.id,
                    "name": commitment.title,
                    "description": commitment.summary or commitment.title,
                }
            )
            for m in commitment.measures:
                nodes.append(
                    _assessable(code, cm_urn, 3, m.id, m.title, m.summary, m.checkpoints)
                    | {
                        "annotation": _annotation(m.articles, m.applies),
                        "implementation_groups": _groups(m.applies, m.id, non_eu_only),
                    }
                )
    ob_urn = node_urn(code, OBLIGATIONS_REF)
    nodes.append(
        {
            "urn": ob_urn,
            "assessable": False,
            "depth": 1,
            "ref_id": OBLIGATIONS_REF,
            "name": "AI Act obligations outside the Code",
            "description": "Duties of providers of general-purpose AI models that the Code "
            "of Practice does not cover.",
        }
    )
    for o in cat.obligations:
        nodes.append(
            _assessable(code, ob_urn, 2, o.id, o.title, o.summary, o.checkpoints)
            | {
                "annotation": _annotation(o.articles, o.applies),
                "implementation_groups": _groups(o.applies, o.id, non_eu_only),
            }
        )
    name = f"EU General-Purpose AI Code of Practice ({code})"
    description = (
        f"{cat.title}, version of {code}, encoded measure by measure with checkpoints by "
        "gpai-tui, plus the AI Act obligations of providers of general-purpose AI models "
        "that the Code does not cover."
    )
    return {
        "urn": library_urn(code),
        "locale": "en",
        "ref_id": f"GPAI-CoP-{code}",
        "name": name,
        "description": description,
        "copyright": "Code of Practice: European Union. Checkpoints and encoding: gpai-tui "
        "contributors, Apache-2.0.",
        "version": 1,
        "publication_date": code,
        "provider": "EU AI Office",
        "packager": PACKAGER,
        "objects": {
            "framework": {
                "urn": framework_urn(code),
                "ref_id": f"GPAI-CoP-{code}",
                "name": name,
                "description": description,
                "implementation_groups_definition": [
                    {"ref_id": ref, "name": title, "description": text}
                    for ref, title, text in IMPLEMENTATION_GROUPS
                ],
                "requirement_nodes": nodes,
            }
        },
    }


def _assessable(
    code: str,
    parent: str,
    depth: int,
    ref: str,
    title: str,
    summary: str,
    checkpoints: Sequence[Checkpoint],
) -> dict[str, object]:
    lines = [summary.strip(), "", "Checkpoints:"]
    lines += [f"- {cp.label}" + ("" if cp.required else " (optional)") for cp in checkpoints]
    return {
        "urn": node_urn(code, ref),
        "assessable": True,
        "depth": depth,
        "parent_urn": parent,
        "ref_id": ref,
        "name": title,
        "description": "\n".join(lines),
    }


# --- a small YAML writer (block style; strings double-quoted with JSON escapes) ---------------


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=True)


def _yaml(value: object, indent: int) -> Iterator[str]:
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                yield f"{pad}{key}:"
                yield from _yaml(item, indent + 2)
            else:
                yield f"{pad}{key}: {_scalar(item) if item != [] else '[]'}"
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                lines = list(_yaml(item, indent + 2))
                yield f"{pad}- {lines[0].lstrip()}"
                yield from lines[1:]
            else:
                yield f"{pad}- {_scalar(item)}"


def render_library(cat: Catalogue) -> str:
    """The framework library YAML (``gpai catalogue --format ciso-library``)."""
    data = library_dict(cat)
    head = "# CISO Assistant framework library written by gpai-tui (catalogue " + cat.code + ")\n"
    lines = list(_yaml(data, 0))
    # The publication date is a YAML date, as in their own libraries.
    lines = [f"publication_date: {cat.code}" if ln.startswith("publication_date:") else ln
             for ln in lines]  # fmt: skip
    return head + "\n".join(lines) + "\n"


# --- the audit CSV ----------------------------------------------------------------------------

AUDIT_COLUMNS = (
    "assessable",
    "ref_id",
    "urn",
    "name",
    "compliance_result",
    "requirement_progress",
    "observations",
)
"""Columns of the audit CSV (their importer lower-cases and strips the headers)."""

PROGRESS = {"todo": "to_do", "in-progress": "in_progress", "done": "done"}


def audit_values(r: ItemResult) -> tuple[str, str]:
    """(compliance_result, requirement_progress) of one item (see the module docstring)."""
    if not r.applicable:
        return "not_applicable", "done"
    if r.status == "done":
        return ("compliant", "done") if r.consistent else ("partially_compliant", "in_review")
    progress = PROGRESS.get(r.status, "to_do")
    ticked = any(cp.ticked for cp in r.checkpoints if cp.required)
    return ("partially_compliant" if ticked else "non_compliant"), progress


def _observations(doc: ItemDoc, as_of: str) -> str:
    r = doc.result
    parts = [
        f"gpai-tui, as of {as_of}: {pct(r.completeness):.1f}% complete "
        f"({r.ticked} of {r.required} required checkpoints).",
        r.reason,
    ]
    if doc.origin in ORIGIN_WORDS:  # issue 21: the provider's answer, or an override
        parts.append("Answer: " + ORIGIN_WORDS[doc.origin])
    if r.issues:
        parts.append("Issues: " + "; ".join(r.issues))
    if doc.evidence:
        parts.append(
            "Evidence: "
            + "; ".join(e + (" (this model)" if e in doc.added else "") for e in doc.evidence)
        )
    if doc.notes:
        parts.append("Notes: " + doc.notes)
    return "\n".join(parts)


def render_audit(doc: ExportDocument) -> str:
    """The compliance-assessment CSV (``gpai export --format ciso-audit``)."""
    from gpai_tui.report.export.csv_ import BOM, cell

    if doc.report is None:
        raise ValueError("the CISO Assistant audit is for the internal audience only")
    code = doc.provenance.code
    as_of = doc.provenance.as_of.isoformat()
    items = [i for c in doc.report.chapters for cm in c.commitments for i in cm.items]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(AUDIT_COLUMNS)
    for item in (*items, *doc.report.obligations):
        r = item.result
        result, progress = audit_values(r)
        writer.writerow(
            [
                "True",
                r.id,
                node_urn(code, r.id),
                cell(r.title),
                result,
                progress,
                cell(_observations(item, as_of)),
            ]
        )
    return BOM + out.getvalue()
