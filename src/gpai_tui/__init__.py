"""gpai-tui: a terminal workbook for the EU General-Purpose AI Code of Practice.

The package root imports nothing heavy, so that headless commands start fast.
"""

__version__ = "0.1.0"
