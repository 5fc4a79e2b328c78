"""Package stage: cards become an Anki ``.apkg`` file.

genanki writes the collection, its decks and note types; the notes' rows are the
ones genanki's ``Note`` writes, inserted in batches (see `_insert_notes`). This
module adds what genanki lacks for regeneration: per-note modification times
(genanki stamps every note with one package time), fixed zip entry dates so the
same cards give the same bytes, and an atomic write (temporary file in the target
folder, then rename) so an interrupted build never leaves a half-written deck.

The note types' ids are fixed: changing a note type's fields or templates under the
same id makes Anki freeze existing notes, so such a change needs a new id (see the
README). CSS and the HTML of templates may change freely.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import shutil
import sqlite3
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import genanki

from .cardgen import Card
from .errors import OutputError
from .files import atomic_write, temporary_path

__all__ = [
    "CLOZE_MODEL_ID",
    "DECK_ID",
    "QA_MODEL_ID",
    "DeckNote",
    "PackagedNote",
    "card_fields",
    "read_package",
    "write_deck",
]

CLOZE_MODEL_ID = 1553009025
QA_MODEL_ID = 2081677738
DECK_ID = 1676331507
_ZIP_LEVEL = 1

CSS = """\
.card {
  font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 1.25rem;
  line-height: 1.5;
  text-align: left;
  color: #1d1d1f;
  background: #fdfdfb;
  max-width: 42rem;
  margin: 0 auto;
  padding: 0.75rem 1rem;
}
.context {
  font-size: 0.8rem;
  color: #6b6b70;
  margin-bottom: 0.9rem;
  letter-spacing: 0.01em;
}
.prompt { font-size: 1.25rem; }
.answer { margin-top: 0.5rem; }
.cloze { font-weight: 600; color: #0a58ca; }
.extra { margin-top: 0.9rem; font-size: 0.95rem; color: #3a3a3c; }
.source { margin-top: 1.2rem; font-size: 0.8rem; color: #6b6b70; }
.source a { color: inherit; }
code {
  font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace;
  font-size: 0.9em;
  background: rgba(127, 127, 127, 0.15);
  padding: 0.05em 0.3em;
  border-radius: 4px;
}
hr#answer { border: none; border-top: 1px solid rgba(127, 127, 127, 0.35); }
.mobile .card { font-size: 1.1rem; padding: 0.5rem; }
.nightMode.card, .night_mode .card { color: #e6e6e6; background: #1e1e20; }
.nightMode .context, .night_mode .context,
.nightMode .source, .night_mode .source { color: #a1a1a6; }
.nightMode .extra, .night_mode .extra { color: #d0d0d4; }
.nightMode .cloze, .night_mode .cloze { color: #6ea8fe; }
"""

_CONTEXT = '<div class="context">{{Context}}</div>'
_CLOZE = '<div class="prompt">{{cloze:Text}}</div>'
_TAIL = (
    '{{#Extra}}<div class="extra">{{Extra}}</div>{{/Extra}}\n'
    '<div class="source">{{Source}}</div>'
)

CLOZE_MODEL = genanki.Model(
    CLOZE_MODEL_ID,
    "cards: Cloze",
    fields=[
        {"name": "Text"},
        {"name": "Context"},
        {"name": "Source"},
        {"name": "Extra"},
    ],
    templates=[
        {
            "name": "Cloze",
            "qfmt": f"{_CONTEXT}\n{_CLOZE}",
            "afmt": f"{_CONTEXT}\n{_CLOZE}\n{_TAIL}",
        }
    ],
    css=CSS,
    model_type=genanki.Model.CLOZE,
)

QA_MODEL = genanki.Model(
    QA_MODEL_ID,
    "cards: Q&A",
    fields=[
        {"name": "Front"},
        {"name": "Back"},
        {"name": "Context"},
        {"name": "Source"},
        {"name": "Extra"},
    ],
    templates=[
        {
            "name": "Card 1",
            "qfmt": f'{_CONTEXT}\n<div class="prompt">{{{{Front}}}}</div>',
            "afmt": (
                "{{FrontSide}}\n<hr id=answer>\n"
                f'<div class="answer">{{{{Back}}}}</div>\n{_TAIL}'
            ),
        }
    ],
    css=CSS,
)


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


def card_fields(card: Card) -> tuple[str, ...]:
    """A card's fields in its note type's order."""
    if card.kind == "cloze":
        return (card.prompt, card.context, card.source, card.extra)
    return (card.prompt, card.answer, card.context, card.source, card.extra)


_MODELS = {"cloze": CLOZE_MODEL, "qa": QA_MODEL}
_CLOZE_NUMBER = re.compile(r"{{c(\d+)::.+?}}", re.DOTALL)


def _card_ords(entry: DeckNote) -> list[int]:
    """The cards a note gives, as genanki counts them: one per cloze number, or
    one per template whose required fields are filled."""
    if entry.kind == "cloze":
        numbers = {int(number) for number in _CLOZE_NUMBER.findall(entry.fields[0])}
        return sorted(number - 1 for number in numbers if number > 0)
    required = QA_MODEL._req
    return [
        template
        for template, any_or_all, fields in required
        if (any if any_or_all == "any" else all)(entry.fields[i] for i in fields)
    ]


def _insert_notes(
    cursor: sqlite3.Cursor,
    decks: Iterable[tuple[int, list[DeckNote]]],
    ids: Iterator[int],
) -> None:
    """Insert the notes and their cards, row for row as genanki's ``Note`` would.

    genanki builds a ``Note`` object per card and inserts one row at a time, which
    cost a 21,000-card vault 1.4 s of every build; these are the same rows, with
    ids from the same counter in the same order, inserted in batches.
    """
    notes: list[tuple[Any, ...]] = []
    cards: list[tuple[Any, ...]] = []
    for deck_id, entries in decks:
        for entry in entries:
            note_id = next(ids)
            tags = " ".join(sorted(set(entry.tags)))
            notes.append(
                (
                    note_id,
                    entry.guid,
                    _MODELS[entry.kind].model_id,
                    entry.mod,
                    -1,  # usn
                    f" {tags} ",
                    "\x1f".join(entry.fields),
                    entry.fields[0],  # sort field
                    0,  # checksum: Anki works it out
                    0,  # flags
                    "",  # data
                )
            )
            for ord_ in _card_ords(entry):
                # id, note, deck, ord, mod, usn, then a new card's zeros
                row = (next(ids), note_id, deck_id, ord_, entry.mod, -1)
                cards.append((*row, *_NEW_CARD))
            if len(notes) >= _BATCH:
                _flush(cursor, notes, cards)
    _flush(cursor, notes, cards)


_NEW_CARD = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "")
"""type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data."""
_BATCH = 2000


def _flush(
    cursor: sqlite3.Cursor, notes: list[tuple[Any, ...]], cards: list[tuple[Any, ...]]
) -> None:
    cursor.executemany(f"INSERT INTO notes VALUES({_marks(11)})", notes)
    cursor.executemany(f"INSERT INTO cards VALUES({_marks(18)})", cards)
    notes.clear()
    cards.clear()


def _marks(count: int) -> str:
    return ",".join("?" * count)


def _subdeck_id(full_name: str) -> int:
    """A fixed id for a subdeck, from its name (Anki matches decks by name anyway)."""
    digest = hashlib.sha256(full_name.encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def write_deck(entries: Iterable[DeckNote], path: Path, *, name: str) -> int:
    """Write the notes as one deck to `path`, atomically; return how many were written.

    The package's own timestamp (which seeds note and card ids) is the newest note
    time, so the same notes give byte-identical files.

    Raises:
        OutputError: the folder cannot be created or written.
    """
    entries = list(entries)
    decks = {"": genanki.Deck(DECK_ID, name)}
    members: dict[str, list[DeckNote]] = {"": []}
    for entry in entries:
        if entry.deck not in decks:
            full = f"{name}::{entry.deck}"
            decks[entry.deck] = genanki.Deck(_subdeck_id(full), full)
            members[entry.deck] = []
        # genanki writes the note types a deck's notes use with the deck.
        decks[entry.deck].add_model(_MODELS[entry.kind])
        members[entry.deck].append(entry)
    timestamp = max((entry.mod for entry in entries), default=0)
    package = genanki.Package(list(decks.values()))
    grouped = [(decks[key].deck_id, members[key]) for key in decks]
    try:
        _write_package(package, grouped, path, timestamp)
    except OSError as error:
        raise OutputError(f"{path}: cannot write the deck ({error.strerror})") from None
    return len(entries)


def _zip_collection(target: Path, database: Path) -> None:
    """The package: the collection and an empty media list.

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
        with archive.open("media", "w") as member:
            member.write(b"{}")


def _write_package(
    package: genanki.Package,
    decks: list[tuple[int, list[DeckNote]]],
    path: Path,
    timestamp: int,
) -> None:
    def write_zip(target: Path) -> None:
        # Built in a file, not in memory: a vault's collection can be hundreds of
        # megabytes, and the zip takes it from disk rather than from a second copy.
        with temporary_path(path.parent, ".anki2") as database:
            connection = sqlite3.connect(database)
            try:
                connection.execute("PRAGMA journal_mode = OFF")
                connection.execute("PRAGMA synchronous = OFF")
                # genanki writes the collection, decks and note types; the notes
                # follow with ids from the same counter.
                cursor = connection.cursor()
                ids = itertools.count(timestamp * 1000)
                package.write_to_db(cursor, timestamp, ids)
                _insert_notes(cursor, decks, ids)
                connection.commit()
            finally:
                connection.close()
            _zip_collection(target, database)

    atomic_write(path, write_zip)


@dataclass(frozen=True, slots=True)
class PackagedNote:
    """A note read back from an ``.apkg``, as Anki would import it."""

    kind: str
    """'cloze' or 'qa' for the note types cards makes, else the note type's name."""
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    guid: str


def read_package(path: Path) -> list[PackagedNote]:
    """Read the notes of an Anki package (a deck written by cards or another tool).

    Raises:
        OutputError: the file is not an Anki package.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            name = next(
                (n for n in ("collection.anki21", "collection.anki2") if n in names),
                None,
            )
            if name is None:
                raise OutputError(f"{path}: not an Anki package (no collection inside)")
            data = archive.read(name)
    except (OSError, zipfile.BadZipFile):
        raise OutputError(f"{path}: not an Anki package") from None
    with temporary_path(
        path.parent if path.parent.exists() else Path("."), ".anki2"
    ) as db:
        db.write_bytes(data)
        connection = sqlite3.connect(db)
        try:
            rows = connection.execute(
                "SELECT guid, mid, flds, tags FROM notes"
            ).fetchall()
            (models_json,) = connection.execute("SELECT models FROM col").fetchone()
        except sqlite3.DatabaseError as error:
            raise OutputError(f"{path}: not an Anki package ({error})") from None
        finally:
            connection.close()
    models = json.loads(models_json or "{}")
    kinds = {CLOZE_MODEL_ID: "cloze", QA_MODEL_ID: "qa"}
    return [
        PackagedNote(
            kind=kinds.get(int(mid), str(models.get(str(mid), {}).get("name", mid))),
            fields=tuple(fields.split("\x1f")),
            tags=tuple(tags.split()),
            guid=guid,
        )
        for guid, mid, fields, tags in rows
    ]
