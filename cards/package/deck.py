"""Writing the deck: cards' notes become an Anki ``.apkg`` file.

genanki writes the collection, its decks and note types; the notes' rows are the
ones genanki's ``Note`` writes, inserted in batches (see `_insert_notes`). This
module adds what genanki lacks for regeneration: per-note modification times
(genanki stamps every note with one package time), fixed zip entry dates so the
same cards give the same bytes, and an atomic write (temporary file in the target
folder, then rename) so an interrupted build never leaves a half-written deck.

The deck is written in the build's own process, once the build has checked its
cards; `cards.pipeline` puts it in place just before the new state. A process of its
own, writing meanwhile, was not worth its 270 lines. Timed in turns on a shared
2-core machine (one note edited, then rebuilt with ``--jobs 2``; 20 pairs, three
notes), a rebuild of hubermanlab (1,891 cards) took a median 3.95 s with that process
and 3.98 s without. On bigvault (11,631 cards) the machine's load swamped any
difference (single rebuilds took 12 to 29 s); writing its deck takes 0.39 s, the
most such a process can hide, under 5% of any of those rebuilds.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import shutil
import sqlite3
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cloze import COUNTED
from ..errors import OutputError
from ..files import atomic_write, temporary_path
from .note_types import NOTE_TYPES

if TYPE_CHECKING:
    import genanki

__all__ = [
    "DECK_ID",
    "DeckNote",
    "MediaFiles",
    "genanki_note_types",
    "subdeck_id",
    "write_deck",
]

DECK_ID = 1676331507
_ZIP_LEVEL = 1


@dataclass(frozen=True, slots=True)
class DeckNote:
    """A card as it goes into the package: with its GUID and modification time."""

    kind: str
    fields: tuple[str, ...]
    """In the order of the note type's fields: see `card_fields`."""
    tags: tuple[str, ...]
    guid: str
    mod: int
    """Seconds since the epoch when this card's content last changed."""
    deck: str = ""
    """A subdeck of the package's deck (``Deck::<this>``); empty for the deck itself."""


MediaFiles = Sequence[tuple[str, Path]]
"""The package's media: (name the cards use, file to read), as `Media` found them."""


def write_deck(
    entries: Iterable[DeckNote], path: Path, *, name: str, media: MediaFiles = ()
) -> int:
    """Write the notes as one deck to `path`, atomically; return how many were written.

    The same notes and media give byte-identical files (see `_Package.of`). A deck
    that cannot be written, or whose writing is interrupted, leaves the one at
    `path` as it was and no temporary file behind.

    Raises:
        OutputError: the folder cannot be created or written.
    """
    planned = _Package.of(entries, name)

    def write(target: Path) -> None:
        # Built in a file, not in memory: a vault's collection can be hundreds of
        # megabytes, and the zip takes it from disk rather than from a second copy.
        with temporary_path(path.parent, ".anki2") as database:
            _write_collection(database, planned)
            _zip_collection(target, database, media)

    try:
        atomic_write(path, write)
    except (OSError, sqlite3.Error) as error:
        # A full disk shows as an OSError, or as SQLite's 'database or disk is full'.
        reason = error.strerror if isinstance(error, OSError) else str(error)
        raise OutputError(f"{path}: cannot write the deck ({reason})") from None
    return planned.count


@cache
def genanki_note_types() -> dict[str, genanki.Model]:
    """`NOTE_TYPES` as genanki writes them. genanki is imported here, when a deck
    is written: a build with nothing to write does without it (0.09 s of imports,
    most of them the asyncio it brings along)."""
    import genanki

    return {
        kind: genanki.Model(
            note_type.model_id,
            note_type.name,
            fields=[dict(field) for field in note_type.fields],
            templates=[dict(template) for template in note_type.templates],
            css=note_type.css,
            model_type=genanki.Model.CLOZE
            if note_type.cloze
            else genanki.Model.FRONT_BACK,
            sort_field_index=note_type.sort_field_index,
        )
        for kind, note_type in NOTE_TYPES.items()
    }


def card_numbers(kind: str, fields: tuple[str, ...]) -> list[int]:
    """The cards a note gives (their 'ord's, from 0), as genanki counts them: one per
    cloze number, or one per template whose required fields are filled."""
    if kind == "cloze":
        numbers = {int(number) for number in COUNTED.findall(fields[0])}
        return sorted(number - 1 for number in numbers if number > 0)
    required = genanki_note_types()[kind]._req
    return [
        template
        for template, any_or_all, wanted in required
        if (any if any_or_all == "any" else all)(fields[i] for i in wanted)
    ]


def subdeck_id(full_name: str) -> int:
    """A fixed id for a subdeck, from its name (Anki matches decks by name anyway)."""
    digest = hashlib.sha256(full_name.encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


@dataclass(frozen=True, slots=True)
class _Package:
    """What a deck is written from: genanki's decks and note types, its notes
    grouped by deck, and the time that seeds its ids."""

    package: genanki.Package
    decks: list[tuple[int, list[DeckNote]]]
    timestamp: int

    @classmethod
    def of(cls, entries: Iterable[DeckNote], name: str) -> _Package:
        """The package of the notes as deck `name` and its subdecks.

        Its own timestamp (which seeds note and card ids) is the newest note time,
        so the same notes give byte-identical files."""
        import genanki

        note_types = genanki_note_types()
        decks = {"": genanki.Deck(DECK_ID, name)}
        members: dict[str, list[DeckNote]] = {"": []}
        timestamp = 0
        for entry in entries:
            if entry.deck not in decks:
                full = f"{name}::{entry.deck}"
                decks[entry.deck] = genanki.Deck(subdeck_id(full), full)
                members[entry.deck] = []
            # genanki writes the note types a deck's notes use with the deck.
            decks[entry.deck].add_model(note_types[entry.kind])
            members[entry.deck].append(entry)
            timestamp = max(timestamp, entry.mod)
        grouped = [(decks[key].deck_id, members[key]) for key in decks]
        return cls(genanki.Package(list(decks.values())), grouped, timestamp)

    @property
    def count(self) -> int:
        return sum(len(notes) for _, notes in self.decks)


def _write_collection(database: Path, planned: _Package) -> None:
    """The SQLite collection: genanki writes the collection, decks and note types;
    the notes follow with ids from the same counter."""
    connection = sqlite3.connect(database)
    try:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        cursor = connection.cursor()
        ids = itertools.count(planned.timestamp * 1000)
        planned.package.write_to_db(cursor, planned.timestamp, ids)
        _insert_notes(cursor, planned.decks, ids)
        connection.commit()
    finally:
        connection.close()


def _insert_notes(
    cursor: sqlite3.Cursor,
    decks: Iterable[tuple[int, Sequence[DeckNote]]],
    ids: Iterator[int],
) -> None:
    """Insert the notes and their cards, row for row as genanki's ``Note`` would.

    genanki builds a ``Note`` object per card and inserts one row at a time, which
    cost a 21,000-card vault 1.4 s of every build; these are the same rows, with
    ids from the same counter in the same order, inserted in batches.
    """
    notes: list[tuple[Any, ...]] = []
    cards: list[tuple[Any, ...]] = []
    for deck_id, batch in decks:
        for note in batch:
            note_id = next(ids)
            note_type = NOTE_TYPES[note.kind]
            listed = " ".join(sorted(set(note.tags)))
            notes.append(
                (
                    note_id,
                    note.guid,
                    note_type.model_id,
                    note.mod,
                    -1,  # usn
                    f" {listed} ",
                    "\x1f".join(note.fields),
                    note.fields[note_type.sort_field_index],
                    0,  # checksum: Anki works it out
                    0,  # flags
                    "",  # data
                )
            )
            for number in card_numbers(note.kind, note.fields):
                # id, note, deck, ord, mod, usn, then a new card's zeros
                row = (next(ids), note_id, deck_id, number, note.mod, -1)
                cards.append((*row, *_NEW_CARD))
            if len(notes) >= BATCH:
                _flush(cursor, notes, cards)
    _flush(cursor, notes, cards)


_NEW_CARD = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "")
"""type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data."""
BATCH = 2000
"""Notes inserted at a time."""


def _flush(
    cursor: sqlite3.Cursor, notes: list[tuple[Any, ...]], cards: list[tuple[Any, ...]]
) -> None:
    cursor.executemany(f"INSERT INTO notes VALUES({_marks(11)})", notes)
    cursor.executemany(f"INSERT INTO cards VALUES({_marks(18)})", cards)
    notes.clear()
    cards.clear()


def _marks(count: int) -> str:
    return ",".join("?" * count)


def _zip_collection(target: Path, database: Path, media: MediaFiles = ()) -> None:
    """The package: the collection, then the media list and files.

    Anki's package names each media file by its number in the zip and maps the
    numbers to names in the 'media' member. Files are stored in name order, so the
    same media give the same bytes; images are compressed already.

    Members opened by name are dated 1980-01-01 (zipfile's default), so the same
    cards give the same bytes. Level 1 compression: the default level took three
    times as long (0.38 s against 0.12 s for a 21,000-card collection of 26 MB)
    for a package 13% smaller.
    """
    with zipfile.ZipFile(
        target, "w", zipfile.ZIP_DEFLATED, compresslevel=_ZIP_LEVEL
    ) as archive:
        with (
            archive.open("collection.anki2", "w") as member,
            database.open("rb") as collection,
        ):
            shutil.copyfileobj(collection, member, 1 << 20)
        ordered = sorted(dict(media).items())
        listing = {str(number): name for number, (name, _) in enumerate(ordered)}
        with archive.open("media", "w") as member:
            member.write(json.dumps(listing, sort_keys=True).encode())
        for number, (_, file) in enumerate(ordered):
            info = zipfile.ZipInfo(str(number))
            info.compress_type = zipfile.ZIP_STORED
            with archive.open(info, "w") as member, file.open("rb") as source:
                shutil.copyfileobj(source, member, 1 << 20)
