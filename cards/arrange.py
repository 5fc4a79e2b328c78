"""The cards of all notes as the notes folder's settings want them: only the
kinds asked for, at most so many per note, with the extra tags and the tags of
each tag rule; and the subdeck each note's cards go to."""

from __future__ import annotations

import fnmatch
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace

from .config import Config
from .generate import Card, Generation, tag_name
from .options import Options, Subdecks
from .read import Note

__all__ = ["as_configured", "subdeck_names"]


def _kept(
    generation: Generation, kept: Sequence[Card], position: Mapping[int, int]
) -> Generation:
    """`generation` with only `kept`, the cards at `position`'s keys."""
    similar = None
    if generation.similar is not None:
        similar = tuple(
            (position[first], position[second])
            for first, second in generation.similar
            if first in position and second in position
        )
    origins = generation.origins
    if origins:
        origins = tuple(origins[index] for index in position)
    return replace(generation, cards=tuple(kept), similar=similar, origins=origins)


def as_configured(generation: Generation, options: Options) -> Generation:
    """Keep the configured kinds, at most so many per note, with the extra tags
    and the tags of every tag rule the note's path matches."""
    config = options.config
    kept: list[Card] = []
    position: dict[int, int] = {}
    per_note = Counter[str]()
    extra = tuple(tag_name(tag) for tag in config.extra_tags)
    ruled: dict[str, tuple[str, ...]] = {}
    for index, card in enumerate(generation.cards):
        if card.kind not in config.kinds:
            continue
        note = card.claim.note.name
        if config.max_cards_per_note and per_note[note] >= config.max_cards_per_note:
            continue
        per_note[note] += 1
        if note not in ruled:
            ruled[note] = _ruled_tags(f"{note}.md", config)
        added = (*extra, *ruled[note])
        if added:
            card = replace(card, tags=tuple(dict.fromkeys((*card.tags, *added))))
        position[index] = len(kept)
        kept.append(card)
    return _kept(generation, kept, position)


def _ruled_tags(path: str, config: Config) -> tuple[str, ...]:
    return tuple(
        tag_name(tag)
        for pattern, tags in config.tag_rules
        if fnmatch.fnmatch(path, pattern)
        for tag in tags
    )


def subdeck_names(notes: Sequence[Note], mode: Subdecks | None) -> dict[str, str]:
    """Each note's subdeck: its title, or its folder path (Anki nests with '::')."""
    if mode is None:
        return {}
    if mode == "notes":
        return {note.name: _deck_part(note.title) for note in notes}
    return {
        note.name: "::".join(_deck_part(part) for part in note.name.split("/")[:-1])
        for note in notes
    }


def _deck_part(text: str) -> str:
    """One level of a deck name: '::' would start another level."""
    return " ".join(text.replace("::", ":").split())[:100]
