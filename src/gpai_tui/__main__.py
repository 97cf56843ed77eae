"""Allow ``python -m gpai_tui``."""

from gpai_tui.cli import main

main()
