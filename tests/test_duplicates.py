"""Near-duplicate search after an edit: starting from the last build's pairs, it
finds what a search from nothing finds."""

from __future__ import annotations

import random
from array import array
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language

import cards.pipeline
from cards import build
from cards.generate import Generation, NoteCards, combine
from cards.generate.duplicate_search import FoundPairs, search_near_duplicates
from cards.generate.duplicates import LemmaWeights

Vault = dict[str, list[LemmaWeights]]
"""Each note's cards, as near-duplicate search reads them."""

# Weights that are not exact binary fractions, so that the order they are added
# in changes the sum's last bit.
WORDS = {f"w{rank}": 0.5 + (rank % 11) * 0.37 for rank in range(60)}


def a_card(rng: random.Random) -> LemmaWeights:
    """A claim's lemmas, the first words of `WORDS` the commonest (in many cards)."""
    words = list(WORDS)
    lemmas = list(
        dict.fromkeys(
            rng.choices(words, weights=[1 / (rank + 1) for rank in range(60)], k=5)
        )
    )
    numbers = (rng.choice("123"),) if rng.random() < 0.2 else ()
    return LemmaWeights(tuple(lemmas), array("d", map(WORDS.get, lemmas)), numbers)


def a_note(rng: random.Random, vault: Vault) -> list[LemmaWeights]:
    """A note's cards, some of them another note's (summaries repeat each other)."""
    cards = [a_card(rng) for _ in range(rng.randint(1, 5))]
    others = [card for note in vault.values() for card in note]
    if others and rng.random() < 0.5:
        cards.insert(rng.randrange(len(cards) + 1), rng.choice(others))
    return cards


def edit(rng: random.Random, vault: Vault, number: int) -> None:
    """Change the vault one of several ways a user does."""
    how = rng.choice(["edit", "add", "copy", "remove", "rename", "reorder"])
    name = rng.choice(sorted(vault))
    if how == "edit":
        vault[name] = a_note(rng, vault)
    elif how == "add":
        vault[f"added-{number}"] = a_note(rng, vault)
    elif how == "copy":
        vault[f"copied-{number}"] = list(vault[name])
    elif how == "remove" and len(vault) > 2:
        del vault[name]
    elif how == "rename":
        vault[f"renamed-{number}"] = vault.pop(name)
    else:
        rng.shuffle(vault[name])


def search(vault: Vault, last: FoundPairs | None) -> tuple[list, FoundPairs]:
    """Search the vault's cards in the order of their notes' names, as a build."""
    names = [name for name in sorted(vault) for _ in vault[name]]
    weights = [card for name in sorted(vault) for card in vault[name]]
    return search_near_duplicates(names, weights, last)


def edited_vaults(seed: int) -> Iterator[Vault]:
    """A vault of 12 notes, then the same after each of 8 rounds of edits."""
    rng = random.Random(seed)
    vault: Vault = {}
    for number in range(12):
        vault[f"note-{number}"] = a_note(rng, vault)
    yield vault
    for number in range(8):
        for _ in range(rng.randint(1, 3)):
            edit(rng, vault, number)
        yield vault


LIMIT = 8
"""Of `_MAX_POSTINGS`, so that in a vault this small, edits move lemmas across it."""


@pytest.mark.parametrize("seed", range(20))
def test_a_search_after_edits_finds_what_a_search_from_nothing_finds(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("cards.generate.duplicate_search._MAX_POSTINGS", LIMIT)
    found = None
    for vault in edited_vaults(seed):
        pairs, found = search(vault, found)
        assert (pairs, found) == search(vault, None)


def test_the_vaults_searched_have_pairs_and_lemmas_that_cross_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # What the test above relies on, so that it cannot pass by finding nothing.
    monkeypatch.setattr("cards.generate.duplicate_search._MAX_POSTINGS", LIMIT)
    pairs = crossed = 0
    for seed in range(20):
        last = None
        for vault in edited_vaults(seed):
            found = search(vault, None)[1]
            pairs += len(found.pairs)
            crossed += last is not None and found.common != last.common
            last = found
    assert pairs > 1000
    assert crossed > 30


def test_a_build_after_an_edit_starts_from_the_last_builds_pairs(
    tmp_path: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    sleep = "- Adenosine builds **sleep pressure** while you stay awake.\n"
    (notes / "a.md").write_text(sleep)
    (notes / "b.md").write_text("- Light at dawn sets the **circadian clock**.\n")
    (notes / "c.md").write_text(sleep)
    monkeypatch.setenv("CARDS_CACHE_DIR", str(tmp_path / "cache"))
    build(notes, tmp_path / "first.apkg", nlp=nlp)
    (notes / "b.md").write_text("- Light at dusk delays the **circadian clock**.\n")
    started_from = []

    def combine_spied(note_cards: list[NoteCards], last: FoundPairs) -> Generation:
        started_from.append(last)
        return combine(note_cards, last)

    monkeypatch.setattr(cards.pipeline, "combine", combine_spied)
    searched = build(notes, tmp_path / "second.apkg", nlp=nlp)
    afresh = build(notes, tmp_path / "third.apkg", nlp=nlp, use_cache=False)
    assert started_from[0] is not None
    assert started_from[0].pairs
    assert started_from[1] is None
    assert [d.rule for d in searched.dropped] == ["near-duplicate"]
    assert searched.cards == afresh.cards
    assert searched.dropped == afresh.dropped


def test_a_damaged_record_of_last_builds_pairs_costs_only_time(
    tmp_path: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    sleep = "- Adenosine builds **sleep pressure** while you stay awake.\n"
    (notes / "a.md").write_text(sleep)
    (notes / "b.md").write_text(sleep)
    monkeypatch.setenv("CARDS_CACHE_DIR", str(tmp_path / "cache"))
    first = build(notes, tmp_path / "first.apkg", nlp=nlp)
    [record] = (tmp_path / "cache").rglob("pairs/*.pickle")
    record.write_bytes(record.read_bytes()[:-20])
    (notes / "c.md").write_text("- Light at dawn sets the **circadian clock**.\n")
    second = build(notes, tmp_path / "second.apkg", nlp=nlp)
    assert [d.rule for d in first.dropped] == ["near-duplicate"]
    assert second.dropped == first.dropped
    assert record.stat().st_size > 0
