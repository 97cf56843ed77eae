"""The user's settings file: ``config.toml`` in the platform's config folder.

Headless (no Textual): the CLI reads the default ``--as-of`` and export folder from
it, the TUI its theme and keymap. ``GPAI_CONFIG`` names another file (tests, CI).

A file that cannot be used never stops the tool: :func:`load_config` returns the
defaults plus a warning that names the file and the line, and the caller shows it.

Example::

    theme = "textual-light"          # any Textual theme name
    export_folder = "~/reports"      # where `gpai export` writes when given a bare file name
    as_of = "today"                  # or a fixed date, 2026-08-02, for every command
    holidays = [2026-12-25, 2026-12-26]

    [keymap]                         # binding id = keys (comma-separated)
    "checkpoints.toggle" = "t"
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import tomli

ENV = "GPAI_CONFIG"
"""Environment variable naming a config file to use instead of the default one."""

KEYS = ("theme", "keymap", "export_folder", "as_of", "holidays")


@dataclass(frozen=True)
class Config:
    """The settings; every field has a default, so an empty file is valid."""

    theme: str | None = None
    """A Textual theme name (``None``: Textual's default)."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> keys, for Textual's ``App.set_keymap`` (``checkpoints.toggle = "t"``)."""
    export_folder: Path | None = None
    """Folder for ``gpai export -o NAME`` when NAME has no folder part."""
    as_of: date | None = None
    """Default ``--as-of`` for every command (``None``: today)."""
    holidays: tuple[date, ...] = ()
    """Public holidays for business-day clocks. Stored and shown; not yet used in date
    arithmetic (the engine counts Monday to Friday, see docs/RULES.md)."""


@dataclass(frozen=True)
class Loaded:
    """A config and, when the file could not be used (fully), why."""

    config: Config
    path: Path
    warning: str | None = None


def config_path() -> Path:
    """Where the settings file is (``$GPAI_CONFIG`` or the platform's config folder)."""
    override = os.environ.get(ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("gpai-tui", appauthor=False)) / "config.toml"


class ConfigError(ValueError):
    """A problem in the settings file, with the line where known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def _line_of(text: str, key: str) -> int | None:
    pattern = re.compile(rf'^[ \t]*"?{re.escape(key)}"?[ \t]*=', re.MULTILINE)
    match = pattern.search(text)
    return text[: match.start()].count("\n") + 1 if match else None


def parse_config(text: str) -> Config:
    """Parse settings ``text``; raises :class:`ConfigError` naming the line."""
    try:
        raw = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+)", str(exc))
        raise ConfigError(
            f"invalid TOML: {str(exc).split(' (at line')[0]}",
            int(match.group(1)) if match else None,
        ) from None
    unknown = [k for k in raw if k not in KEYS]
    if unknown:
        raise ConfigError(
            f"unknown setting {unknown[0]!r} (known: {', '.join(KEYS)})",
            _line_of(text, unknown[0]),
        )
    return Config(
        theme=_opt_str(raw, "theme", text),
        keymap=_keymap(raw, text),
        export_folder=_folder(raw, text),
        as_of=_as_of(raw, text),
        holidays=_holidays(raw, text),
    )


def _opt_str(raw: dict[str, Any], key: str, text: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"`{key}` must be a non-empty text", _line_of(text, key))
    return value


def _keymap(raw: dict[str, Any], text: str) -> dict[str, str]:
    value = raw.get("keymap", {})
    if not isinstance(value, dict):
        raise ConfigError("`keymap` must be a table of binding id = keys", _line_of(text, "keymap"))
    for binding_id, keys in value.items():
        if not isinstance(keys, str) or not keys.strip():
            raise ConfigError(
                f'keymap: `{binding_id}` must be keys as text, e.g. "t" or "ctrl+t,f5"',
                _line_of(text, binding_id),
            )
    return dict(value)


def _folder(raw: dict[str, Any], text: str) -> Path | None:
    value = _opt_str(raw, "export_folder", text)
    return Path(value).expanduser() if value is not None else None


def _as_of(raw: dict[str, Any], text: str) -> date | None:
    value = raw.get("as_of")
    if value is None or value == "today":
        return None
    if isinstance(value, date):
        return value
    raise ConfigError(
        '`as_of` must be "today" or a date written 2026-08-02 (no quotes)', _line_of(text, "as_of")
    )


def _holidays(raw: dict[str, Any], text: str) -> tuple[date, ...]:
    value = raw.get("holidays", [])
    if not isinstance(value, list) or not all(isinstance(d, date) for d in value):
        raise ConfigError(
            "`holidays` must be a list of dates, e.g. [2026-12-25, 2026-12-26]",
            _line_of(text, "holidays"),
        )
    return tuple(sorted(set(value)))


def load_config(path: Path | None = None) -> Loaded:
    """The user's settings; defaults (and a warning) when the file is missing or bad."""
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Loaded(Config(), path)
    except (OSError, UnicodeDecodeError) as exc:
        return Loaded(Config(), path, f"{path}: cannot be read ({exc}); using the defaults")
    try:
        return Loaded(parse_config(text), path)
    except ConfigError as exc:
        where = f"{path}:{exc.line}" if exc.line else str(path)
        return Loaded(Config(), path, f"{where}: {exc}; using the default settings")


def dumps_config(config: Config) -> str:
    """The settings in effect, as TOML (``gpai config show``)."""
    import tomli_w

    data: dict[str, Any] = {
        "theme": config.theme or "(Textual's default)",
        "export_folder": str(config.export_folder) if config.export_folder else "(none)",
        "as_of": config.as_of if config.as_of else "today",
        "holidays": list(config.holidays),
        "keymap": dict(config.keymap),
    }
    return str(tomli_w.dumps(data))
