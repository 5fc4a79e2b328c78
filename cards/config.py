"""Settings kept with the notes: ``cards.toml``, or ``[tool.cards]`` in pyproject.toml.

Every key is optional and a command-line flag given for the same setting wins.
An unknown key or a value of the wrong kind is an error that names the key, so a
typo never passes silently.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .read import HandSyntax

__all__ = ["CONFIG_FILE", "Config", "load_config"]

CONFIG_FILE = "cards.toml"
KINDS = ("cloze", "qa")


@dataclass(frozen=True, slots=True)
class Config:
    """What the notes folder asks of a build."""

    deck: str | None = None
    output: Path | None = None
    model: str | None = None
    subdecks: str | None = None
    jobs: int | None = None
    kinds: tuple[str, ...] = KINDS
    """Which card kinds to make: 'cloze', 'qa' or both."""
    max_cards_per_note: int | None = None
    extra_tags: tuple[str, ...] = ()
    tag_rules: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(glob, tags): the cards of notes whose path (``podcasts/sleep.md``, relative
    to the notes folder) matches the glob get the tags too."""
    exclude: tuple[str, ...] = ()
    """Glob patterns of notes and folders to leave out, relative to the notes folder."""
    hand: HandSyntax = field(default_factory=HandSyntax)
    """How the notes write cards by hand: the ``[hand_cards]`` table."""
    prose: bool = False
    """Whether paragraphs without bold give their salient sentences (``--prose``)."""
    reverse: bool = False
    """Whether definition cards are asked the other way too (``--reverse``)."""


def _string(key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{key}: expected a non-empty string, got {value!r}")
    return value


def _strings(key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key}: expected a list of strings, got {value!r}")
    return tuple(value)


def _positive(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(
            f"{key}: expected a whole number of at least 1, got {value!r}"
        )
    return value


def _tag_rules(key: str, value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise ConfigError(f"{key}: expected a table of glob = [tags]")
    rules = []
    for pattern, tags in value.items():
        found = [tags] if isinstance(tags, str) else tags
        rules.append((pattern, _strings(f"{key}.{pattern}", found)))
    return tuple(rules)


_HAND_KEYS = {
    "enabled": "enabled",
    "separator": "separators",
    "reversed_separator": "reversed_separators",
    "multiline_separator": "multiline_separators",
    "multiline_reversed_separator": "multiline_reversed_separators",
    "flashcard_tags": "flashcard_tags",
    "highlights": "highlights",
}


def _hand(key: str, value: Any) -> HandSyntax:
    if not isinstance(value, dict):
        raise ConfigError(f"{key}: expected a table of settings")
    unknown = sorted(set(value) - set(_HAND_KEYS))
    if unknown:
        raise ConfigError(f"{key}: unknown key {unknown[0]!r}")
    values: dict[str, Any] = {}
    for name, setting in value.items():
        where = f"{key}.{name}"
        if name == "enabled":
            if not isinstance(setting, bool):
                raise ConfigError(f"{where}: expected true or false")
            values["enabled"] = setting
        elif name == "highlights":
            if setting not in ("tagged", "always", "never"):
                raise ConfigError(f"{where}: expected 'tagged', 'always' or 'never'")
            values["highlights"] = setting
        else:
            found = _strings(where, [setting] if isinstance(setting, str) else setting)
            if not all(part.strip() for part in found):
                raise ConfigError(f"{where}: a separator cannot be empty")
            values[_HAND_KEYS[name]] = tuple(part.strip() for part in found)
    return HandSyntax(**values)


def _parse(table: dict[str, Any], where: Path) -> Config:
    known = (set(Config.__dataclass_fields__) - {"hand"}) | {"hand_cards"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}")
    values: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{where}: {key}"
        if key in {"deck", "model"}:
            values[key] = _string(name, value)
        elif key == "output":
            values[key] = where.parent / _string(name, value)
        elif key == "subdecks":
            if value is False:
                continue
            if value not in ("notes", "folders"):
                raise ConfigError(f"{name}: expected 'notes', 'folders' or false")
            values[key] = value
        elif key in {"jobs", "max_cards_per_note"}:
            values[key] = _positive(name, value)
        elif key == "tag_rules":
            values[key] = _tag_rules(name, value)
        elif key == "hand_cards":
            values["hand"] = _hand(name, value)
        elif key in {"prose", "reverse"}:
            if not isinstance(value, bool):
                raise ConfigError(f"{name}: expected true or false")
            values[key] = value
        elif key == "kinds":
            kinds = _strings(name, value)
            if not kinds or any(kind not in KINDS for kind in kinds):
                raise ConfigError(f"{name}: expected a list of 'cloze' and 'qa'")
            values[key] = kinds
        else:
            values[key] = _strings(name, value)
    return Config(**values)


def load_config(folder: Path) -> Config:
    """Read the notes folder's settings; no file means the defaults.

    Raises:
        ConfigError: the file is not valid TOML, or a key is unknown or wrong.
    """
    for name, section in ((CONFIG_FILE, None), ("pyproject.toml", ("tool", "cards"))):
        path = folder / name
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise ConfigError(f"{path}: not valid TOML ({error})") from None
        except OSError as error:
            raise ConfigError(f"{path}: cannot be read ({error.strerror})") from None
        if section is not None:
            for part in section:
                data = data.get(part, {}) if isinstance(data, dict) else {}
            if not data:
                continue
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: expected a table of settings")
        return _parse(data, path)
    return Config()
