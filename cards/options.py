"""A build's settings, resolved once: the command's flags over the notes folder's
``cards.toml`` over the defaults. Every stage reads the frozen `Options`; nothing
after `resolve_options` looks at a flag or the config file again, so a setting
cannot be merged one way for a build and another for a check.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

from .config import Config, load_config
from .read import HandSyntax
from .selection import (
    Selection,
    clean_deck_name,
    default_deck_name,
    default_output,
    default_state,
)

__all__ = ["Flags", "Options", "Subdecks", "resolve_options"]

Subdecks = Literal["notes", "folders"]
"""'notes' puts each note's cards in ``Deck::Note title``; 'folders' follows the
notes' folders."""


@dataclass(frozen=True, slots=True)
class Flags:
    """What the caller of a command asked for; None (or empty) leaves a setting
    to ``cards.toml`` and then to its default."""

    output: Path | None = None
    deck_name: str | None = None
    model: str | None = None
    state_path: Path | None = None
    jobs: int | None = None
    subdecks: Subdecks | None = None
    exclude: tuple[str, ...] = ()
    prose: bool = False
    reverse: bool = False
    dry_run: bool = False
    strict: bool = False
    use_cache: bool = True
    now: int | None = None


@dataclass(frozen=True, slots=True)
class Options:
    """Every setting a build runs with."""

    output: Path
    """Where the deck is written (``output/<notes folder>.apkg`` by default)."""
    deck_name: str
    """The Anki deck's name (the notes folder's name, capitalised, by default)."""
    model: str | None
    """The spaCy pipeline; None loads ``en_core_web_sm`` or its PyPI copy."""
    state_path: Path
    """The state file that keeps GUIDs and times between builds."""
    jobs: int
    """Worker processes that make notes: at most the cores this process may use."""
    subdecks: Subdecks | None
    exclude: tuple[str, ...]
    """Glob patterns of notes and folders to leave out (flags add to the config's)."""
    prose: bool
    """Whether paragraphs without bold give their most salient sentences too."""
    reverse: bool
    """Whether each definition card gets a reversed card, its term asked for."""
    hand: HandSyntax
    """How the notes write cards by hand."""
    config: Config
    """The notes folder's settings as written: kinds, caps and tags are read from it."""
    dry_run: bool = False
    """Work out the changes, write neither deck nor state."""
    strict: bool = False
    """Write nothing if a note cannot be read."""
    use_cache: bool = True
    now: int | None = None
    """The time stamped on new and changed cards; None reads the clock."""
    notices: tuple[str, ...] = ()
    """What the user should hear about how a flag was taken (jobs capped)."""


def resolve_options(selection: Selection, flags: Flags = Flags()) -> Options:
    """The settings of a command on `selection`: `flags` over the root's
    ``cards.toml`` over the defaults.

    Raises:
        ConfigError: the config file is not valid.
        CardsError: the deck's name is not usable.
    """
    config = load_config(selection.root)
    output = flags.output or config.output or default_output(selection)
    jobs, notices = _jobs(flags.jobs or config.jobs)
    return Options(
        output=output,
        deck_name=clean_deck_name(
            flags.deck_name or config.deck or default_deck_name(selection)
        ),
        model=flags.model or config.model,
        state_path=flags.state_path or default_state(selection),
        jobs=jobs,
        subdecks=flags.subdecks or cast("Subdecks | None", config.subdecks),
        exclude=(*config.exclude, *flags.exclude),
        prose=flags.prose or config.prose,
        reverse=flags.reverse or config.reverse,
        hand=config.hand,
        config=config,
        dry_run=flags.dry_run,
        strict=flags.strict,
        use_cache=flags.use_cache,
        now=flags.now,
        notices=notices,
    )


def _jobs(asked: int | None) -> tuple[int, tuple[str, ...]]:
    """The worker count: as asked, at most the cores here; all of them by default."""
    cores = _cores()
    if asked and asked > cores:
        return cores, (f"{asked} jobs asked for, {cores} cores here: using {cores}",)
    return asked or cores, ()


def _cores() -> int:
    """The cores this process may run on: a container's share, not the machine's."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1
