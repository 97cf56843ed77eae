"""``gpai summary check``: what the training summary misses or contradicts.

Each finding names the field and says what is wrong in plain words. Kinds:
``missing`` (a required field is empty) and the inconsistencies below, each with
the rule it follows from (Art. 53(1)(d) and the template, reference section 10).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gpai_tui.catalogue.summary import load_summary_template
from gpai_tui.engine.dates import add
from gpai_tui.engine.summary import is_filled, is_required
from gpai_tui.engine.summary_prefill import copyright_signatory
from gpai_tui.workbook import Workbook

SOURCE_SECTIONS: dict[str, tuple[str, str]] = {
    "public-datasets-used": ("public-datasets-modalities", "2.1"),
    "licensed-data-used": ("licensed-data-modalities", "2.2.1"),
    "third-party-data-used": ("third-party-data-modalities", "2.2.2"),
    "crawled-data-used": ("crawled-modalities", "2.3"),
    "user-data-used": ("user-data-modalities", "2.4"),
    "synthetic-data-used": ("synthetic-data-modalities", "2.5"),
}
"""Yes/no of a data-source section -> (its modalities field, section number)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: the field it is about, its kind, and what is wrong."""

    field: str
    kind: str
    message: str


def _month(text: object) -> date | None:
    if not isinstance(text, str) or len(text.strip()) != 7:
        return None
    month, _, year = text.strip().partition("/")
    try:
        return date(int(year), int(month), 1)
    except ValueError:
        return None


def check_summary(workbook: Workbook, as_of: date | None = None) -> list[Finding]:
    """Every missing required field, then every inconsistency, in template order."""
    as_of = as_of or date.today()
    template = load_summary_template()
    v = workbook.training_summary
    out: list[Finding] = []
    for field in template.fields():
        if is_required(field, workbook) and not is_filled(v.get(field.id)):
            section = template.section_of(field.id)
            why = f" (required because {field.required_if})" if field.required_if else ""
            out.append(
                Finding(field.id, "missing", f"{section.heading}: {field.label} is empty{why}")
            )
    # A "no" (or unanswered) yes/no with answers under it: the section contradicts itself.
    for field in template.fields():
        rule = field.required_if or ""
        if rule.startswith("yes:") and v.get(rule[4:]) is not True and is_filled(v.get(field.id)):
            out.append(
                Finding(
                    field.id,
                    "contradiction",
                    f"{field.id} is filled but {rule[4:]} is not answered yes",
                )
            )
    if v.get("crawled-data-used") is True and not v.get("crawlers"):
        out.append(Finding("crawlers", "no-crawler", "web data declared but no crawler named"))
    if v.get("crawled-data-used") is True and not v.get("top-domains"):
        out.append(
            Finding("top-domains", "no-domains", "web data declared but no top domains listed")
        )
    if v.get("training-continues") is True and not is_filled(v.get("update-cadence")):
        out.append(
            Finding(
                "update-cadence",
                "no-cadence",
                "training continues on new data but no update cadence is given "
                "(believed at least every six months [unverified])",
            )
        )
    declared = v.get("modalities")
    declared = declared if isinstance(declared, list) else []
    sizes = v.get("training-data-size")
    sizes = sizes if isinstance(sizes, dict) else {}
    for modality in declared:
        if modality not in sizes:
            out.append(
                Finding(
                    "training-data-size",
                    "no-size-band",
                    f"no size band for the declared modality {modality}",
                )
            )
    for modality in sizes:
        if modality not in declared:
            out.append(
                Finding(
                    "training-data-size",
                    "undeclared-modality",
                    f"a size band is given for {modality}, which 1.3 does not declare",
                )
            )
    answered = [k for k in SOURCE_SECTIONS if k in v]
    for used, (modalities_id, number) in SOURCE_SECTIONS.items():
        listed = v.get(modalities_id)
        if v.get(used) is True and isinstance(listed, list):
            for modality in listed:
                if modality not in declared:
                    out.append(
                        Finding(
                            modalities_id,
                            "undeclared-modality",
                            f"{number} lists {modality}, which 1.3 does not declare",
                        )
                    )
    if (
        declared
        and len(answered) == len(SOURCE_SECTIONS)
        and not any(v.get(k) is True for k in [*SOURCE_SECTIONS, "other-data-used"])
    ):
        out.append(
            Finding("other-data-used", "no-source", "training data declared but no source is")
        )
    profile = workbook.model
    name = v.get("model-name")
    if isinstance(name, str) and name.strip() and profile.name.lower() not in name.lower():
        out.append(
            Finding("model-name", "wrong-model", f"the model name does not name {profile.name}")
        )
    provider = v.get("provider-name")
    if (
        isinstance(provider, str)
        and provider.strip()
        and profile.provider.lower() not in provider.lower()
    ):
        out.append(
            Finding(
                "provider-name",
                "wrong-provider",
                f"the provider named is not the profile's provider {profile.provider}",
            )
        )
    updated = v.get("last-updated")
    latest = _month(v.get("latest-collection-date"))
    if isinstance(updated, date):
        if updated > as_of:
            out.append(Finding("last-updated", "future-date", "last updated in the future"))
        if latest is not None and latest > updated:
            out.append(
                Finding(
                    "latest-collection-date",
                    "after-update",
                    "data collected after the summary's last update: update the summary",
                )
            )
        if v.get("training-continues") is True and add(updated, 6, "months") < as_of:
            out.append(
                Finding(
                    "last-updated",
                    "stale",
                    "training continues and the summary is over six months old "
                    "(cadence [unverified])",
                )
            )
    if latest is not None and latest > as_of:
        out.append(
            Finding("latest-collection-date", "future-date", "latest collection date in the future")
        )
    signed = copyright_signatory(workbook)
    answer = v.get("copyright-signatory")
    if isinstance(answer, bool) and answer != signed:
        out.append(
            Finding(
                "copyright-signatory",
                "signatory",
                "3.1's signatory answer differs from the workbook's signatory status",
            )
        )
    version = v.get("summary-version")
    links = v.get("earlier-version-links")
    if isinstance(links, dict) and isinstance(version, str) and version.strip() in links:
        out.append(
            Finding(
                "earlier-version-links",
                "current-as-earlier",
                f"version {version.strip()} is listed as an earlier version of itself",
            )
        )
    if v.get("top-domains") and not v.get("top-domains-method"):
        out.append(
            Finding(
                "top-domains",
                "no-method",
                "the domain list has no recorded method (run gpai summary domains FILE CSV)",
            )
        )
    return out
