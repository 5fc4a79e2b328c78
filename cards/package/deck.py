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
import re
import shutil
import sqlite3
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import genanki

from ..errors import OutputError
from ..files import atomic_write, temporary_path
from ..generate import Card

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
  overflow-wrap: anywhere;
}
.context.short {
  display: -webkit-box;
  -webkit-box-orient: vertical;
  -webkit-line-clamp: 2;
  overflow: hidden;
}
.prompt { font-size: 1.25rem; overflow-wrap: anywhere; }
.answer { margin-top: 0.5rem; overflow-wrap: anywhere; }
.divider {
  height: 0;
  margin: 0.9rem 0;
  border: none;
  border-top: 1px solid rgba(127, 127, 127, 0.35);
}
.cloze { font-weight: 600; color: #0a58ca; }
.extra { margin-top: 0.9rem; font-size: 0.95rem; color: #3a3a3c; }
.extra img { max-width: 100%; height: auto; }
.source { margin-top: 1.2rem; font-size: 0.8rem; color: #6b6b70; }
.source a { color: #0a58ca; text-decoration: underline; }
code {
  font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace;
  font-size: 0.9em;
  background: rgba(127, 127, 127, 0.15);
  padding: 0.05em 0.3em;
  border-radius: 4px;
}
.mobile .card { font-size: 1.1rem; padding: 0.5rem; }
.nightMode.card, .night_mode .card { color: #e6e6e6; background: #1e1e20; }
.nightMode .context, .night_mode .context,
.nightMode .source, .night_mode .source { color: #a1a1a6; }
.nightMode .extra, .night_mode .extra { color: #d0d0d4; }
.nightMode .cloze, .night_mode .cloze,
.nightMode .source a, .night_mode .source a { color: #6ea8fe; }
"""

_SHORT_CONTEXT = '<div class="context short">{{Context}}</div>'
"""On the front a long context stops after two lines (a lead-in sentence ran to four
on a phone); the back shows it whole."""
_CONTEXT = '<div class="context">{{Context}}</div>'
_CLOZE = '<div class="prompt">{{cloze:Text}}</div>'
_FRONT = '<div class="prompt">{{Front}}</div>'
_DIVIDER = '<div id="answer" class="divider"></div>'
"""Where the answer starts (Anki scrolls to '#answer'): a rule of our own, since an
'<hr>' took Anki's own style as well as ours and showed a double line."""
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
            "name": "Cloze deletion",
            "qfmt": f"{_SHORT_CONTEXT}\n{_CLOZE}",
            "afmt": f"{_CONTEXT}\n{_CLOZE}\n{_TAIL}",
        }
    ],
    css=CSS,
    model_type=genanki.Model.CLOZE,
    # Browse sorts on this field: the text would show '{{c1::' when a cloze
    # starts with its blank.
    sort_field_index=1,
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
            "name": "Question and answer",
            "qfmt": f"{_SHORT_CONTEXT}\n{_FRONT}",
            "afmt": (
                f"{_CONTEXT}\n{_FRONT}\n{_DIVIDER}\n"
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


_Batches = Iterable[tuple[int, Sequence[DeckNote]]]
"""The notes of a package by deck id, in order."""


def card_fields(card: Card) -> tuple[str, ...]:
    """A card's fields in its note type's order."""
    if card.kind == "cloze":
        return (card.prompt, card.context, card.source, card.extra)
    return (card.prompt, card.answer, card.context, card.source, card.extra)


_MODELS = {"cloze": CLOZE_MODEL, "qa": QA_MODEL}
_CLOZE_NUMBER = re.compile(r"{{c(\d+)::.+?}}", re.DOTALL)


def _card_ords(kind: str, fields: tuple[str, ...]) -> list[int]:
    """The cards a note gives, as genanki counts them: one per cloze number, or
    one per template whose required fields are filled."""
    if kind == "cloze":
        numbers = {int(number) for number in _CLOZE_NUMBER.findall(fields[0])}
        return sorted(number - 1 for number in numbers if number > 0)
    required = QA_MODEL._req
    return [
        template
        for template, any_or_all, wanted in required
        if (any if any_or_all == "any" else all)(fields[i] for i in wanted)
    ]


def _insert_notes(cursor: sqlite3.Cursor, decks: _Batches, ids: Iterator[int]) -> None:
    """Insert the notes and their cards, row for row as genanki's ``Note`` would.

    genanki builds a ``Note`` object per card and inserts one row at a time, which
    cost a 21,000-card vault 1.4 s of every build; these are the same rows, with
    ids from the same counter in the same order, inserted in batches.
    """
    notes: list[tuple[Any, ...]] = []
    cards: list[tuple[Any, ...]] = []
    for deck_id, batch in decks:
        for note in batch:
            kind, fields, tags, guid, mod = (
                note.kind,
                note.fields,
                note.tags,
                note.guid,
                note.mod,
            )
            note_id = next(ids)
            listed = " ".join(sorted(set(tags)))
            notes.append(
                (
                    note_id,
                    guid,
                    _MODELS[kind].model_id,
                    mod,
                    -1,  # usn
                    f" {listed} ",
                    "\x1f".join(fields),
                    fields[_MODELS[kind].sort_field_index],
                    0,  # checksum: Anki works it out
                    0,  # flags
                    "",  # data
                )
            )
            for ord_ in _card_ords(kind, fields):
                # id, note, deck, ord, mod, usn, then a new card's zeros
                row = (next(ids), note_id, deck_id, ord_, mod, -1)
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
        decks = {"": genanki.Deck(DECK_ID, name)}
        members: dict[str, list[DeckNote]] = {"": []}
        timestamp = 0
        for entry in entries:
            if entry.deck not in decks:
                full = f"{name}::{entry.deck}"
                decks[entry.deck] = genanki.Deck(_subdeck_id(full), full)
                members[entry.deck] = []
            # genanki writes the note types a deck's notes use with the deck.
            decks[entry.deck].add_model(_MODELS[entry.kind])
            members[entry.deck].append(entry)
            timestamp = max(timestamp, entry.mod)
        grouped = [(decks[key].deck_id, members[key]) for key in decks]
        return cls(genanki.Package(list(decks.values())), grouped, timestamp)

    @property
    def count(self) -> int:
        return sum(len(notes) for _, notes in self.decks)


MediaFiles = Sequence[tuple[str, Path]]
"""The package's media: (name the cards use, file to read), as `cards.media` found
them."""


def write_deck(
    entries: Iterable[DeckNote], path: Path, *, name: str, media: MediaFiles = ()
) -> int:
    """Write the notes as one deck to `path`, atomically; return how many were written.

    The same notes and media give byte-identical files (see `_Package.of`).

    Raises:
        OutputError: the folder cannot be created or written.
    """
    planned = _Package.of(entries, name)
    try:
        _write_package(
            planned.package, planned.decks, path, planned.timestamp, media=media
        )
    except (OSError, sqlite3.Error) as error:
        raise _unwritable(path, error) from None
    return planned.count


def _unwritable(path: Path, error: OSError | sqlite3.Error) -> OutputError:
    """A full disk shows as an OSError, or as SQLite's 'database or disk is full'."""
    reason = error.strerror if isinstance(error, OSError) else str(error)
    return OutputError(f"{path}: cannot write the deck ({reason})")


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


def _write_package(
    package: genanki.Package,
    decks: _Batches,
    path: Path,
    timestamp: int,
    media: MediaFiles = (),
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
            _zip_collection(target, database, media)

    atomic_write(path, write_zip)


@dataclass(frozen=True, slots=True)
class PackagedNote:
    """A note read back from an ``.apkg``, as Anki would import it."""

    kind: str
    """'cloze' or 'qa' for the note types cards makes, else the note type's name."""
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    guid: str


MAX_COLLECTION_BYTES = 256 << 20
"""The largest collection `read_package` inflates (a deck of 21,000 cards holds
about 30 MB): a small zip may inflate to gigabytes."""


def _inflate(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, path: Path
) -> None:
    """Write a member of an archive to `target`, a chunk at a time, stopping at
    `MAX_COLLECTION_BYTES` by the size it declares and by the size it inflates to.

    Raises:
        OutputError: the member is larger than that.
    """
    too_large = OutputError(
        f"{path}: its collection inflates to over "
        f"{MAX_COLLECTION_BYTES >> 20} MB; not read"
    )
    if member.file_size > MAX_COLLECTION_BYTES:
        raise too_large
    written = 0
    with archive.open(member) as source, target.open("wb") as out:
        while chunk := source.read(1 << 20):
            written += len(chunk)
            if written > MAX_COLLECTION_BYTES:
                raise too_large
            out.write(chunk)


def _read_collection(db: Path, path: Path) -> tuple[list[Any], str | None]:
    """The notes' rows and the note types of a collection file."""
    connection = sqlite3.connect(db)
    try:
        rows = connection.execute("SELECT guid, mid, flds, tags FROM notes").fetchall()
        (models_json,) = connection.execute("SELECT models FROM col").fetchone()
    except sqlite3.DatabaseError as error:
        raise OutputError(f"{path}: not an Anki package ({error})") from None
    finally:
        connection.close()
    return rows, models_json


def read_package(path: Path) -> list[PackagedNote]:
    """Read the notes of an Anki package (a deck written by cards or another tool).

    Raises:
        OutputError: the file is not an Anki package.
    """
    folder = path.parent if path.parent.exists() else Path(".")
    try:
        with zipfile.ZipFile(path) as archive, temporary_path(folder, ".anki2") as db:
            names = set(archive.namelist())
            name = next(
                (n for n in ("collection.anki21", "collection.anki2") if n in names),
                None,
            )
            if name is None:
                raise OutputError(f"{path}: not an Anki package (no collection inside)")
            _inflate(archive, archive.getinfo(name), db, path)
            rows, models_json = _read_collection(db, path)
    except (OSError, zipfile.BadZipFile, zlib.error, NotImplementedError):
        raise OutputError(f"{path}: not an Anki package") from None
    try:
        models = json.loads(str(models_json or "{}"))
    except (ValueError, RecursionError):
        raise OutputError(f"{path}: not an Anki package (its note types)") from None
    models = models if isinstance(models, dict) else {}
    kinds = {CLOZE_MODEL_ID: "cloze", QA_MODEL_ID: "qa"}
    found = []
    for guid, mid, joined, tags in rows:
        fields = tuple(str(joined).split("\x1f"))
        kind = kinds.get(mid)
        if kind is None or len(fields) != len(_MODELS[kind].fields):
            # Not one of ours, or not as we write it: not checked as ours.
            kind = _model_name(models, mid)
        found.append(
            PackagedNote(kind, fields, tuple(str(tags).split()), guid=str(guid))
        )
    return found


def _model_name(models: dict[str, Any], mid: object) -> str:
    model = models.get(str(mid))
    name = model.get("name") if isinstance(model, dict) else None
    return str(name if name is not None else mid)
