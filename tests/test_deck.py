"""The package stage, judged by the official Anki importer rather than by genanki."""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import genanki
import pytest
from spacy.language import Language

from cards import build
from cards.errors import OutputError
from cards.package import deck as deck_module
from cards.package.deck import (
    BATCH,
    DECK_ID,
    DeckNote,
    genanki_note_types,
    subdeck_id,
    write_deck,
)
from cards.package.note_types import (
    CLOZE_NOTE_TYPE_ID,
    QA_NOTE_TYPE_ID,
)
from cards.read import read_note
from tests.conftest import (
    GLOSSARY,
    MARKUP_RESIDUE,
    Anki,
    prose_text,
    visible_text,
)


@pytest.fixture
def sample_deck(notes_dir: Path, tmp_path: Path, nlp: Language) -> Path:
    """The sample notes' deck, with a glossary note whose items are questions."""
    notes = tmp_path / "sample" / "notes"
    shutil.copytree(notes_dir, notes, ignore=shutil.ignore_patterns(".*"))
    (notes / "vital-signs.md").write_text(GLOSSARY, encoding="utf-8")
    output = tmp_path / "out" / "notes.apkg"
    build(notes, output, nlp=nlp)
    return output


def test_sample_deck_imports_with_both_note_types(
    sample_deck: Path, anki: Anki
) -> None:
    result = anki.import_deck(sample_deck)
    col = anki.collection
    assert len(result.log.new) > 0
    assert not result.log.conflicting and not result.log.duplicate
    note_types = {col.models.get(col.get_note(n).mid)["id"] for n in col.find_notes("")}
    assert note_types == {CLOZE_NOTE_TYPE_ID, QA_NOTE_TYPE_ID}
    names = {model.name for model in col.models.all_names_and_ids()}
    assert {"cards: Cloze", "cards: Q&A"} <= names
    assert col.decks.by_name("Notes") is not None


def test_every_card_renders_without_markup(sample_deck: Path, anki: Anki) -> None:
    anki.import_deck(sample_deck)
    col = anki.collection
    card_ids = col.find_cards("")
    assert len(card_ids) == len(col.find_notes(""))
    for card_id in card_ids:
        card = col.get_card(card_id)
        question, answer = card.question(), card.answer()
        front, back = visible_text(question), visible_text(answer)
        assert front.strip() and back.strip(), f"empty card {card_id}"
        assert not MARKUP_RESIDUE.search(prose_text(question)), front
        assert not MARKUP_RESIDUE.search(prose_text(answer)), back
        assert 'class="context short"' in question
        assert 'class="context"' in answer
        if card.note_type()["id"] == CLOZE_NOTE_TYPE_ID:
            assert "[...]" in front, "a cloze card without a deletion"
        if "Vital signs" not in question:
            assert "youtube.com/watch?v=Z9ftpRhRiJE" in answer


def test_sample_cards_read_as_expected(sample_deck: Path, anki: Anki) -> None:
    anki.import_deck(sample_deck)
    col = anki.collection
    (qa_id,) = col.find_cards('"Front:*Tachypnea*"')
    card = col.get_card(qa_id)
    assert "What is “Tachypnea”?" in card.question()
    assert "twenty breaths a minute" in card.answer()
    assert "Vital signs" in card.question()

    (cloze_id,) = col.find_cards('"Text:*inefficiencies*"')
    card = col.get_card(cloze_id)
    front = visible_text(card.question())
    assert re.search(r"the reasons for any\s+\[\.\.\.\]\s*\.", front)
    assert "inefficiencies" in visible_text(card.answer())
    assert "t=3032" in card.answer()
    assert "Measuring Engineering Productivity and Alignment" in card.question()
    assert set(card.note().tags) >= {
        "source::lennyspodcast",
        "note::empowering-engineers-in-leadership-roles",
    }


def test_sample_coverage_of_bold_phrases_and_bullet_items(
    notes_dir: Path, tmp_path: Path, nlp: Language
) -> None:
    summary = build(notes_dir, tmp_path / "deck.apkg", nlp=nlp)
    carded = {(c.claim.note.name, c.claim.block) for c in summary.cards}
    answered = {
        (c.claim.note.name, c.claim.block, c.answer_text) for c in summary.cards
    } | {
        (
            c.claim.note.name,
            c.claim.block,
            c.claim.text[c.claim.term.start : c.claim.term.end],
        )
        for c in summary.cards
        if c.claim.term is not None
    }
    notes = {
        card.claim.note.name: read_note(card.claim.note.path, notes_dir)
        for card in summary.cards
    }
    bold = [
        (name, index, block.text[span.start : span.end])
        for name, note in notes.items()
        for index, block in enumerate(note.blocks)
        for span in block.spans
        if span.kind == "strong"
    ]
    items = [
        (name, index)
        for name, note in notes.items()
        for index, block in enumerate(note.blocks)
        if block.kind == "item"
    ]
    assert bold and items
    bold_covered = sum(1 for phrase in bold if phrase in answered) / len(bold)
    items_covered = sum(1 for item in items if item in carded) / len(items)
    # A bold phrase or item whose card a learner would delete gives none.
    assert bold_covered > 0
    assert items_covered > 0


def test_same_notes_give_byte_identical_decks(
    notes_dir: Path, tmp_path: Path, nlp: Language
) -> None:
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    build(notes_dir, first, nlp=nlp)
    build(notes_dir, second, nlp=nlp)
    assert first.read_bytes() == second.read_bytes()


def test_deck_is_a_zip_with_fixed_dates_and_no_leftovers(
    sample_deck: Path,
) -> None:
    with zipfile.ZipFile(sample_deck) as archive:
        assert archive.namelist() == ["collection.anki2", "media"]
        assert {info.date_time for info in archive.infolist()} == {
            (1980, 1, 1, 0, 0, 0)
        }
    assert [path.name for path in sample_deck.parent.iterdir()] == ["notes.apkg"]
    assert sample_deck.stat().st_mode & 0o044  # readable by others, like any file


def _rows(package: Path, tmp_path: Path) -> dict[str, list[tuple[object, ...]]]:
    database = tmp_path / f"{package.stem}.anki2"
    with zipfile.ZipFile(package) as archive:
        database.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(database)
    try:
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            for table in ("notes", "cards", "col")
        }
    finally:
        connection.close()


def _genanki_rows(
    entries: list[DeckNote], tmp_path: Path
) -> dict[str, list[tuple[object, ...]]]:
    """The rows genanki itself writes for the notes, a ``Note`` object each."""
    note_types = genanki_note_types()
    decks = {"": genanki.Deck(DECK_ID, "Deck")}
    for entry in entries:
        if entry.deck not in decks:
            full = f"Deck::{entry.deck}"
            decks[entry.deck] = genanki.Deck(subdeck_id(full), full)
        note = genanki.Note(
            model=note_types[entry.kind],
            fields=list(entry.fields),
            tags=sorted(entry.tags),
            guid=entry.guid,
        )
        decks[entry.deck].add_note(note)
    theirs = tmp_path / "theirs.apkg"
    timestamp = max(entry.mod for entry in entries)
    genanki.Package(list(decks.values())).write_to_file(theirs, timestamp=timestamp)
    return _rows(theirs, tmp_path)


def test_notes_are_the_rows_genanki_writes(tmp_path: Path) -> None:
    """The notes are inserted in batches, not through genanki's Note objects: the
    collection must hold what genanki itself would have written."""
    entries = [
        DeckNote(
            "cloze", ("A {{c1::cloze}} card", "Ctx", "Src", ""), ("b", "a"), "g1", 5
        ),
        DeckNote("qa", ("Front?", "Back", "Ctx", "Src", "x"), (), "g2", 5),
        DeckNote(
            "cloze", ("Two {{c1::a}} and {{c2::b}}", "", "", ""), ("t",), "g3", 5, "Sub"
        ),
        DeckNote("qa", ("Front 2?", "Back 2", "", "", ""), ("t",), "g4", 5, "Sub"),
        DeckNote("cloze", ("None {{c1::}} here", "", "", ""), (), "g5", 5),
    ]
    ours = tmp_path / "ours.apkg"
    assert write_deck(entries, ours, name="Deck") == len(entries)
    mine = _rows(ours, tmp_path)
    assert len(mine["cards"]) == 5  # two clozes in one note give two cards
    assert mine == _genanki_rows(entries, tmp_path)


def _many_notes(count: int, mod: int = 100) -> list[DeckNote]:
    """Notes in two decks, more than one batch of them (`cards.package.deck.BATCH`)."""
    return [
        DeckNote(
            "cloze",
            (f"Fact {{{{c1::{number}}}}}", "Ctx", "Src", ""),
            ("t",),
            f"g{number}",
            mod + number % 7,
            "Sub" if number % 3 else "",
        )
        for number in range(count)
    ]


def test_notes_in_many_batches_are_the_rows_genanki_writes(tmp_path: Path) -> None:
    # genanki stamps every note with the package's time: so do these.
    notes = [replace(note, mod=100) for note in _many_notes(2 * BATCH + 5)]
    write_deck(notes, tmp_path / "ours.apkg", name="Deck")
    assert _rows(tmp_path / "ours.apkg", tmp_path) == _genanki_rows(notes, tmp_path)


def test_the_deck_is_replaced_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the new deck is written the old one is there, whole; then the new one
    takes its place, and nothing else is left in the folder."""
    deck = tmp_path / "deck.apkg"
    write_deck(_many_notes(3), deck, name="Deck")
    before = deck.read_bytes()
    seen = []
    zip_collection = deck_module._zip_collection

    def watched(target: Path, database: Path, media: Any = ()) -> None:
        seen.append(deck.read_bytes() == before)
        zip_collection(target, database, media)

    monkeypatch.setattr(deck_module, "_zip_collection", watched)
    assert write_deck(_many_notes(5, mod=200), deck, name="Deck") == 5
    assert seen == [True]
    assert deck.read_bytes() != before
    assert [p.name for p in tmp_path.iterdir()] == ["deck.apkg"]


def _disk_full(*args: object) -> None:
    raise sqlite3.OperationalError("database or disk is full")


def _no_room(*args: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _ctrl_c(*args: object) -> None:
    raise KeyboardInterrupt


@pytest.mark.parametrize(
    ("where", "failure", "raised", "message"),
    [
        (
            "_insert_notes",
            _disk_full,
            OutputError,
            "{deck}: cannot write the deck (database or disk is full)",
        ),
        (
            "_zip_collection",
            _no_room,
            OutputError,
            "{deck}: cannot write the deck (No space left on device)",
        ),
        ("_insert_notes", _ctrl_c, KeyboardInterrupt, ""),
        ("_zip_collection", _ctrl_c, KeyboardInterrupt, ""),
    ],
)
def test_a_deck_not_written_leaves_the_last_one_and_nothing_else(
    where: str,
    failure: Callable[..., None],
    raised: type[BaseException],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A full disk is one line; Ctrl-C stops the build. Either way no deck is
    half-written: the last one stays, and no temporary file is left."""
    deck = tmp_path / "deck.apkg"
    write_deck(_many_notes(3), deck, name="Deck")
    before = deck.read_bytes()
    monkeypatch.setattr(deck_module, where, failure)
    with pytest.raises(raised) as caught:
        write_deck(_many_notes(2 * BATCH + 5), deck, name="Deck")
    assert str(caught.value) == message.format(deck=deck)
    assert deck.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["deck.apkg"]
