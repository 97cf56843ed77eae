"""How much a costly test runs: less in ``make test``, everything under ``--soak``.

``make test`` must stay under five minutes on a two-core machine. So the costly
property tests run a third of their examples there (each run draws new ones, so
the coverage adds up across runs), and the injection tests that run every payload
through several commands take a representative payload of each kind
(``tests.reliability.payloads.CORE``). ``make soak`` (``pytest --soak``) runs all.
``tests/conftest.py`` sets :data:`SOAK_ENV` before any test module is imported.
"""

from __future__ import annotations

import os

SOAK_ENV = "GPAI_TEST_SOAK"


def soak() -> bool:
    """This run is ``pytest --soak``."""
    return os.environ.get(SOAK_ENV) == "1"


def examples(full: int) -> int:
    """``full`` under ``--soak``; otherwise a third of it, at least 20."""
    return full if soak() else max(20, full // 3)
