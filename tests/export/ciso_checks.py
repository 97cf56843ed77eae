"""What CISO Assistant requires of a framework library and of an audit CSV, written from
their source (intuitem/ciso-assistant-community; no code of theirs is copied):

* ``backend/core/models.py``: ``StoredLibrary.REQUIRED_FIELDS`` and
  ``store_library_content`` (YAML mapping; urn, name, version, objects; ``ref_id`` read
  directly; ``int(version)``; the lower-cased urn must match ``URN_REGEX``); field lengths
  of ``ReferentialObjectMixin`` (urn 255, unique; ref_id 100; name 200);
  ``RequirementAssessment.Status`` and ``.Result`` choices.
* ``backend/library/utils.py``: ``LibraryImporter.init`` (objects hold ``framework`` or
  ``frameworks``, not both; a framework is a mapping), ``FrameworkImporter`` (ref_id and
  urn required, at least one requirement node), ``RequirementNodeImporter`` (urn
  required; parent_urn, assessable, ref_id, name, description, annotation,
  implementation_groups read as given).
* ``backend/data_wizard/views.py``: ``read_csv_file`` (UTF-8 with BOM, delimiter sniffed
  among , ; tab |), ``normalize_df_columns`` (headers stripped and lower-cased, no
  duplicates), ``_reconcile_compliance_requirements`` (rows without a truthy
  ``assessable`` are skipped; ref_id first, then urn, finds the node; ``compliance_result``
  -> result, ``requirement_progress`` -> status, ``observations`` -> observation).
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

URN_REGEX = re.compile(
    r"^urn:([a-zA-Z0-9_-]+):([a-zA-Z0-9_-]+):([a-zA-Z0-9_-]+)(?::([a-zA-Z0-9_-]+))?"
    r":([0-9A-Za-z\[\]\(\)\-\._:]+)$"
)
LIBRARY_REQUIRED = {"urn", "name", "version", "objects"}
STATUS = {"to_do", "in_progress", "in_review", "done"}
RESULT = {"not_assessed", "partially_compliant", "non_compliant", "compliant", "not_applicable"}


def check_library(data: Any) -> list[str]:
    """Every reason their loader would refuse ``data`` (empty: it loads)."""
    if not isinstance(data, dict):
        return ["the YAML content must be a mapping"]
    errors = [f"missing library field {f}" for f in sorted(LIBRARY_REQUIRED - set(data))]
    if errors:
        return errors
    if not URN_REGEX.match(str(data["urn"]).lower()):
        errors.append("library URN is badly formatted")
    int(data["version"])
    if not data.get("ref_id"):
        errors.append("library ref_id missing")
    objects = data["objects"]
    if "framework" in objects and "frameworks" in objects:
        errors.append("both framework and frameworks")
    framework = objects.get("framework")
    if not isinstance(framework, dict):
        return [*errors, "objects.framework must be a mapping"]
    errors += [f"missing framework field {f}" for f in ("ref_id", "urn") if f not in framework]
    nodes = framework.get("requirement_nodes") or []
    if not nodes:
        errors.append("no requirement nodes")
    groups = {g["ref_id"] for g in framework.get("implementation_groups_definition") or []}
    seen: set[str] = set()
    for index, node in enumerate(nodes):
        where = f"node {index + 1}"
        if "urn" not in node:
            errors.append(f"{where}: missing urn")
            continue
        urn = str(node["urn"]).lower()
        if urn in seen:
            errors.append(f"{where}: duplicate urn {urn}")
        if len(urn) > 255 or not URN_REGEX.match(urn):
            errors.append(f"{where}: bad urn {urn}")
        parent = node.get("parent_urn")
        if parent is not None and str(parent).lower() not in seen:
            errors.append(f"{where}: parent {parent} is not an earlier node")
        seen.add(urn)
        if len(str(node.get("ref_id") or "")) > 100:
            errors.append(f"{where}: ref_id longer than 100")
        if len(str(node.get("name") or "")) > 200:
            errors.append(f"{where}: name longer than 200")
        if not isinstance(node.get("assessable", False), bool):
            errors.append(f"{where}: assessable is not a boolean")
        for group in node.get("implementation_groups") or []:
            if group not in groups:
                errors.append(f"{where}: undefined implementation group {group}")
    return errors


def _pandas_cell(text: str) -> Any:
    """What pandas makes of a cell their importer reads: True/False become booleans."""
    return {"True": True, "TRUE": True, "true": True, "False": False, "FALSE": False,
            "false": False}.get(text, text)  # fmt: skip


def read_audit(data: bytes) -> list[dict[str, Any]]:
    """The records their data wizard builds from an audit CSV."""
    sample = data[:8192].decode("utf-8-sig", errors="replace")
    try:
        sep = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        sep = ","
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=sep))
    head = [c.strip().lower() for c in rows[0]]
    if len(set(head)) != len(head):
        raise ValueError("DuplicateColumns")
    return [{k: _pandas_cell(v) for k, v in zip(head, row, strict=True)} for row in rows[1:]]


def reconcile(records: list[dict[str, Any]], nodes: list[dict[str, Any]]) -> dict[str, dict]:  # type: ignore[type-arg]
    """Requirement assessments (by node urn) as their importer would update them."""
    by_ref = {n.get("ref_id"): n for n in nodes}
    by_urn = {n["urn"]: n for n in nodes}
    out: dict[str, dict] = {}  # type: ignore[type-arg]
    for record in records:
        if not record.get("assessable"):
            continue
        ref_id, urn = record.get("ref_id"), record.get("urn")
        if not (ref_id or urn):
            raise ValueError("Neither ref_id nor urn provided for requirement")
        node = by_ref.get(ref_id) if ref_id else None
        if node is None and urn:
            node = by_urn.get(urn)
        if node is None or not node.get("assessable"):
            raise ValueError(f"No matching requirement found with ref_id {ref_id!r}")
        update: dict[str, Any] = {}
        if record.get("compliance_result") not in (None, ""):
            update["result"] = record["compliance_result"]
            assert update["result"] in RESULT, update
        if record.get("requirement_progress") not in (None, ""):
            update["status"] = record["requirement_progress"]
            assert update["status"] in STATUS, update
        if record.get("observations") not in (None, ""):
            update["observation"] = record["observations"]
        out[node["urn"]] = update
    return out
