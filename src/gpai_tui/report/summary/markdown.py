"""The public training summary as Markdown (inert: user text escaped like the reports)."""

from __future__ import annotations

from gpai_tui.report.export.content import is_web_address
from gpai_tui.report.export.markdown import md
from gpai_tui.report.summary.content import FieldDoc, SummaryDoc, value_lines


def _link(text: str, link: str | None) -> str:
    if link is None:
        return md(text)
    if is_web_address(link):
        return f"{md(text)}: <{link.strip()}>"
    return f"{md(text)}: {md(link)}"


def _field(doc: SummaryDoc, field: FieldDoc) -> list[str]:
    lines = [f"**{md(field.label)}**", ""]
    values = value_lines(doc, field)
    if (
        field.type in ("text", "version", "month")
        or field.value is None
        or (len(values) == 1 and field.type == "yes-no")
    ):
        lines += [_link(*values[0]), ""]
    else:
        lines += [f"- {_link(text, link)}" for text, link in values] + [""]
    return lines


def render(doc: SummaryDoc) -> str:
    """The document, headings in the template's order and wording."""
    out = [f"# {md(doc.title)}", ""]
    out += [f"- **Version:** {md(doc.version, 'Not provided.')}"]
    updated = doc.last_updated.isoformat() if doc.last_updated else "Not provided."
    out += [f"- **Date of last update:** {updated}"]
    if doc.earlier:
        out += ["- **Earlier versions:**"]
        for old in doc.earlier:
            when = f" ({old.updated.isoformat()})" if old.updated else ""
            out += [f"  - {_link(f'Version {old.version}{when}', old.link)}"]
    else:
        out += ["- **Earlier versions:** none"]
    out += ["", f"_Drawn up on the Commission's template ({md(doc.template_version)})._", ""]
    for part in doc.parts:
        out += [f"## {part.number}. {md(part.title)}", ""]  # template data, trusted
        for section in part.sections:
            out += [f"### {section.number} {md(section.title)}", ""]
            if not section.fields:
                out += [md("Not applicable."), ""]
            for field in section.fields:
                out += _field(doc, field)
    return "\n".join(out).rstrip("\n") + "\n"
