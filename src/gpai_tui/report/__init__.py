"""Rendering: Rich renderables for the terminal, and the exporters.

Never imports Textual. Everything shown comes from :func:`gpai_tui.engine.evaluate`.
"""
