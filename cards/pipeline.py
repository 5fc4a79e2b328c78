"""The library entry point: `build()` runs read → extract → generate → package.

Each stage is its own module (notes, claims, cardgen, deck); this one only wires them
together, collects what the user should hear about (skipped notes, counts) into a
`BuildSummary`, and decides identities and times for the package.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .cardgen import Card, make_cards
from .claims import extract_claims, load_nlp
from .deck import DeckNote, write_deck
from .errors import CardsError, NoteError
from .notes import Note, find_notes, read_note

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["BuildSummary", "build", "default_output", "read_notes"]

DEFAULT_NOTES = Path("notes")
DEFAULT_OUTPUT_DIR = Path("output")


@dataclass(frozen=True, slots=True)
class BuildSummary:
    """What a build read, made and wrote."""

    notes_read: int
    skipped: tuple[str, ...]
    """One 'path: reason' line per note that could not be used."""
    notes_without_cards: int
    claims: int
    cards_by_kind: dict[str, int] = field(default_factory=dict)
    deck_path: Path | None = None
    cards: tuple[Card, ...] = field(default=(), repr=False)

    @property
    def card_count(self) -> int:
        return sum(self.cards_by_kind.values())


def default_output(source: Path) -> Path:
    """``output/<folder or file name>.apkg``: ``notes/`` gives ``output/notes.apkg``."""
    name = source.resolve().stem if source.is_file() else source.resolve().name
    return DEFAULT_OUTPUT_DIR / f"{name or 'notes'}.apkg"


def _deck_name(source: Path) -> str:
    name = source.resolve().stem if source.is_file() else source.resolve().name
    return (name or "Notes").replace("_", " ").replace("-", " ").capitalize()


def read_notes(source: Path) -> tuple[list[Note], list[str]]:
    """Read every note under `source`; return the notes and one line per skipped one."""
    root = source if source.is_dir() else source.parent
    notes, skipped = [], []
    for path in find_notes(source):
        try:
            notes.append(read_note(path, root))
        except NoteError as error:
            skipped.append(str(error))
    return notes, skipped


def _guid(key: str) -> str:
    """A GUID from a card's position (note, block, sentence), never from its wording."""
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _modified(note: Note) -> int:
    """When the note's file last changed: the modification time its cards carry."""
    try:
        return int(note.path.stat().st_mtime)
    except OSError:
        return 0


def _entries(cards: Iterable[Card]) -> list[DeckNote]:
    times: dict[Path, int] = {}
    entries = []
    for card in cards:
        note = card.claim.note
        if note.path not in times:
            times[note.path] = _modified(note)
        entries.append(DeckNote(card=card, guid=_guid(card.key), mod=times[note.path]))
    return entries


def build(
    source: Path = DEFAULT_NOTES,
    output: Path | None = None,
    *,
    deck_name: str | None = None,
    model: str | None = None,
    nlp: Language | None = None,
) -> BuildSummary:
    """Build an Anki deck from a folder of Markdown notes (or one note).

    Args:
        source: the notes folder or a single ``.md`` file.
        output: where to write the ``.apkg``; default ``output/<source name>.apkg``.
        deck_name: the Anki deck's name; default the folder's name, capitalised.
        model: the spaCy pipeline to load; default ``en_core_web_sm`` or its PyPI copy.
        nlp: an already loaded pipeline (tests pass one to load it once).

    Raises:
        CardsError: nothing could be built (no notes, no pipeline, output not writable).
    """
    if not source.exists():
        raise CardsError(f"{source}: no such file or folder")
    notes, skipped = read_notes(source)
    if not notes:
        reason = "no readable Markdown notes" if skipped else "no Markdown notes"
        raise CardsError(f"{source}: {reason} found")
    if nlp is None:
        nlp = load_nlp(model)
    claims = list(extract_claims(notes, nlp))
    cards = list(make_cards(claims))
    output = output if output is not None else default_output(source)
    write_deck(_entries(cards), output, name=deck_name or _deck_name(source))
    with_cards = {card.claim.note.path for card in cards}
    return BuildSummary(
        notes_read=len(notes),
        skipped=tuple(skipped),
        notes_without_cards=sum(1 for note in notes if note.path not in with_cards),
        claims=len(claims),
        cards_by_kind=dict(Counter(card.kind for card in cards)),
        deck_path=output,
        cards=tuple(cards),
    )
