"""The abbreviations a new user meets, in words: a glossary for help, and a short gloss
beside the first use of each on a screen (the profile screen).

Legal sources: the AI Office (Art. 3(47) AI Act), national competent authorities
(Art. 3(48), Art. 70), downstream providers (Art. 3(68)), the Model Documentation Form
(Code of Practice, Transparency chapter), FLOP as the compute measure (Art. 51(2)).
"""

from __future__ import annotations

import re

GLOSSARY: dict[str, str] = {
    "AIO": "the AI Office",
    "NCA": "national competent authority",
    "DP": "downstream provider",
    "MDF": "Model Documentation Form",
    "FLOP": "floating-point operations",
}
"""Abbreviation -> its meaning, in the order the glossary lists them."""


def gloss_first(text: str, seen: set[str]) -> str:
    """``text`` with ``(meaning)`` (``, meaning`` inside brackets) after the first use
    of each abbreviation not in ``seen`` (which then holds it): only the first use on a
    screen is explained."""
    for term, meaning in GLOSSARY.items():
        if term in seen:
            continue
        found = re.search(rf"\b{term}\b(\))?", text)
        if found is not None:
            # Inside brackets already ("compute (FLOP)"): "(FLOP, floating-point ...)".
            gloss = f"{term}, {meaning}" if found.group(1) else f"{term} ({meaning})"
            text = text[: found.start()] + gloss + text[found.start() + len(term) :]
            seen.add(term)
    return text


def glossary_rows() -> list[tuple[str, str]]:
    """(abbreviation, meaning) rows for the help."""
    return list(GLOSSARY.items())
