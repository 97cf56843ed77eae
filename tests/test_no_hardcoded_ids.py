"""The catalogue follows the Code, not the code (issue 12, acceptance 5).

No measure, commitment or obligation id of any shipped catalogue is written in the
source outside the catalogue data: the engine names items by their role
(``Catalogue.roles``), and the public pack, id shapes and short codes are catalogue
data, so that a revised Code can be followed by adding a catalogue file. Checked on the
Python tokens that are code or user-facing text; comments and docstrings (examples for
developers) are left out.
"""

from __future__ import annotations

import io
import re
import token
import tokenize
from pathlib import Path

from gpai_tui.catalogue import available_codes, load_catalogue

SRC = Path(__file__).resolve().parents[1] / "src" / "gpai_tui"


def _ids() -> re.Pattern[str]:
    ids: set[str] = set()
    for code in available_codes():
        catalogue = load_catalogue(code)
        ids |= {m.id for m in catalogue.measures()}
        ids |= {c.id for ch in catalogue.chapters for c in ch.commitments}
        ids |= {o.id for o in catalogue.obligations}
    words = "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
    return re.compile(rf"(?<![\w.-])({words})(?![\w-]|\.\d)")


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """String tokens of ``path`` that are not docstrings, with their line numbers."""
    out: list[tuple[int, str]] = []
    previous = token.NEWLINE
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    for tok in tokens:
        if tok.type == token.STRING or tok.type == getattr(token, "FSTRING_MIDDLE", -1):
            docstring = tok.type == token.STRING and previous in (
                token.NEWLINE,
                token.INDENT,
                token.DEDENT,
                tokenize.NL,
            )
            if not docstring:
                out.append((tok.start[0], tok.string))
        if tok.type not in (tokenize.COMMENT,):
            previous = tok.type
    return out


def test_no_item_id_is_hard_coded_in_src() -> None:
    pattern = _ids()
    found = [
        f"{path.relative_to(SRC)}:{line}: {match.group(1)}"
        for path in sorted(SRC.rglob("*.py"))
        for line, text in _code_strings(path)
        for match in pattern.finditer(text)
    ]
    assert found == [], "ids written in the source instead of the catalogue:\n" + "\n".join(found)


def test_the_check_finds_an_id(tmp_path: Path) -> None:
    """The scan is not blind: an id in a string literal is found, one in a docstring not."""
    sample = tmp_path / "sample.py"
    sample.write_text('"""About CR-1.3."""\nX = "SS-7.6"\nY = f"{X} TR-1.1"\n# CR-1.5\n')
    pattern = _ids()
    hits = [m.group(1) for _, text in _code_strings(sample) for m in pattern.finditer(text)]
    assert hits == ["SS-7.6", "TR-1.1"]
