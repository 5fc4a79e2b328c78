"""Regeneration: edited notes update their cards in Anki and keep review history.

The facts these tests rely on were checked against the official `anki` package:
Anki matches an imported note by GUID and updates it only when the package's copy
is newer; card ids, scheduling and the review log survive an update.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from anki.scheduler_pb2 import CardAnswer
from spacy.language import Language

from cards import build
from cards.errors import OutputError
from cards.identify.matching import MATCH_THRESHOLD, RETIRED_TAG, Fresh, match
from cards.identify.state import State
from tests.conftest import GLOSSARY, Anki

T1, T2, T3 = 1_700_000_000, 1_700_086_400, 1_700_172_800
EMPOWERING = "empowering-engineers-in-leadership-roles.md"
LAB_VALUES = (
    "# Lab values\n\n"
    "- **Hyperkalemia**: A serum potassium above 5.5 millimoles per litre.\n"
    "- **Hyponatremia**: A serum sodium below 135 millimoles per litre.\n"
    "- **Hypocalcemia**: A serum calcium below 8.5 milligrams per decilitre.\n"
)
"""A second note written for these tests: one of its cards is deleted, one
reworded, one left as it was (the sample notes give one card)."""


def review_everything(anki: Anki) -> int:
    """Answer every due card 'Easy', as a learner finishing today's session."""
    col, reviewed = anki.collection, 0
    deck_id = col.decks.id_for_name("Notes")
    assert deck_id is not None
    col.decks.select(deck_id)
    while queued := col.sched.get_queued_cards().cards:
        card = col.get_card(queued[0].card.id)
        card.start_timer()
        answer = col.sched.build_answer(
            card=card, states=queued[0].states, rating=CardAnswer.EASY
        )
        col.sched.answer_card(answer)
        reviewed += 1
    return reviewed


def notes_by_guid(anki: Anki) -> dict[str, dict[str, object]]:
    col = anki.collection
    found = {}
    for note_id in col.find_notes(""):
        note = col.get_note(note_id)
        card_ids = [card.id for card in note.cards()]
        reviews = sum(
            col.db.scalar("select count() from revlog where cid = ?", cid)
            for cid in card_ids
        )
        found[note.guid] = {
            "id": note.id,
            "mod": note.mod,
            "fields": list(note.fields),
            "tags": set(note.tags),
            "cards": card_ids,
            "reviews": reviews,
        }
    return found


def guid_of(notes: dict[str, dict[str, object]], needle: str) -> str:
    (guid,) = [g for g, n in notes.items() if needle in " ".join(n["fields"])]  # type: ignore[arg-type]
    return guid


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_rebuild_after_edits_updates_in_place_and_keeps_reviews(
    notes_dir: Path, tmp_path: Path, anki: Anki, nlp: Language
) -> None:
    (notes_dir / "vital-signs.md").write_text(GLOSSARY, encoding="utf-8")
    lab_values = notes_dir / "lab-values.md"
    lab_values.write_text(LAB_VALUES, encoding="utf-8")
    first = build(notes_dir, tmp_path / "v1.apkg", nlp=nlp, now=T1)
    anki.import_deck(tmp_path / "v1.apkg")
    assert review_everything(anki) == first.card_count
    before = notes_by_guid(anki)

    reworded = guid_of(before, "Hypocalcemia")
    moved = guid_of(before, "Talk to Engineers")
    deleted = guid_of(before, "Hyponatremia")
    renamed = guid_of(before, "Tachypnea")
    untouched = guid_of(before, "Hyperkalemia")

    empowering = notes_dir / EMPOWERING
    # Reword a bullet.
    edit(lab_values, "A serum calcium", "A blood calcium")
    # Move a bullet to another section's list.
    text = empowering.read_text(encoding="utf-8")
    roadmap = next(line for line in text.splitlines() if "Talk to Engineers" in line)
    text = text.replace(roadmap + "\n", "")
    invisible = next(
        line for line in text.splitlines() if "Invisible Constraints" in line
    )
    text = text.replace(invisible, invisible + "\n" + roadmap)
    empowering.write_text(text, encoding="utf-8")
    # Delete one, add one.
    hyponatremia = next(
        line for line in LAB_VALUES.splitlines() if "Hyponatremia" in line
    )
    edit(
        lab_values,
        hyponatremia,
        "- **Anion gap**: Sodium less the sum of chloride and bicarbonate in serum.",
    )
    # Rename a note, its content unchanged.
    (notes_dir / "vital-signs.md").rename(notes_dir / "signs-of-life.md")

    second = build(notes_dir, tmp_path / "v2.apkg", nlp=nlp, now=T2)
    assert (second.changes.new, second.changes.retired) == (1, 1)
    result = anki.import_deck(tmp_path / "v2.apkg")
    after = notes_by_guid(anki)

    assert not result.log.conflicting
    assert len(after) == len(before) + 1, "one note added, none duplicated"
    assert len(anki.collection.find_notes("")) == len(after)
    for guid in (reworded, moved, renamed):
        assert after[guid]["id"] == before[guid]["id"]
        assert after[guid]["cards"] == before[guid]["cards"]
        assert after[guid]["reviews"] == before[guid]["reviews"] == 1
    for guid in (reworded, moved):
        assert after[guid]["fields"] != before[guid]["fields"], "updated in place"
    assert "blood calcium" in str(after[reworded]["fields"])
    assert "Invisible Constraints" not in str(before[moved]["fields"])
    assert "note::signs-of-life" in after[renamed]["tags"]  # type: ignore[operator]
    assert RETIRED_TAG in after[deleted]["tags"]  # type: ignore[operator]
    assert after[untouched] == before[untouched], "an unchanged note is left alone"
    # Anki's log calls a note that matched by GUID but was not newer a 'duplicate':
    # it was left as it was. Exactly the changed notes were updated.
    updated = {note.id.nid for note in result.log.updated}
    left_alone = {note.id.nid for note in result.log.duplicate}
    changed = {before[g]["id"] for g in (reworded, moved, renamed, deleted)}
    assert changed <= updated
    assert before[untouched]["id"] in left_alone
    assert len(updated) == second.changes.updated + second.changes.retired
    assert len(left_alone) == second.changes.unchanged


def test_two_builds_of_the_same_notes_are_byte_identical(
    notes_dir: Path, tmp_path: Path, nlp: Language
) -> None:
    build(notes_dir, tmp_path / "a.apkg", nlp=nlp, now=T1)
    summary = build(notes_dir, tmp_path / "b.apkg", nlp=nlp, now=T2)
    assert summary.changes.unchanged == summary.card_count
    assert (tmp_path / "a.apkg").read_bytes() == (tmp_path / "b.apkg").read_bytes()


def test_user_edits_in_anki_survive_a_rebuild_of_unchanged_notes(
    notes_dir: Path, tmp_path: Path, anki: Anki, nlp: Language
) -> None:
    build(notes_dir, tmp_path / "a.apkg", nlp=nlp, now=T1)
    anki.import_deck(tmp_path / "a.apkg")
    col = anki.collection
    note = col.get_note(col.find_notes("")[0])
    note["Extra"] = "my own mnemonic"
    col.update_note(note)
    build(notes_dir, tmp_path / "b.apkg", nlp=nlp, now=T2)
    anki.import_deck(tmp_path / "b.apkg")
    assert col.get_note(note.id)["Extra"] == "my own mnemonic"


def test_dry_run_reports_changes_and_writes_nothing(
    notes_dir: Path, tmp_path: Path, nlp: Language
) -> None:
    build(notes_dir, tmp_path / "a.apkg", nlp=nlp, now=T1)
    state = (notes_dir / ".cards" / "state.json").read_bytes()
    edit(notes_dir / EMPOWERING, "often know if", "usually know if")
    summary = build(notes_dir, tmp_path / "b.apkg", nlp=nlp, now=T2, dry_run=True)
    assert summary.changes.updated == 1
    assert not (tmp_path / "b.apkg").exists()
    assert (notes_dir / ".cards" / "state.json").read_bytes() == state


def test_state_is_sorted_and_human_diffable(
    notes_dir: Path, tmp_path: Path, nlp: Language
) -> None:
    build(notes_dir, tmp_path / "a.apkg", nlp=nlp, now=T1)
    text = (notes_dir / ".cards" / "state.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["version"] == 1
    assert list(data["cards"]) == sorted(data["cards"])
    entry = next(iter(data["cards"].values()))
    assert set(entry) == {
        "digest",
        "fields",
        "kind",
        "modified",
        "note",
        "tags",
        "text",
    }
    lines = text.split("\n")
    cards = lines[2:-4]
    assert len(cards) == len(data["cards"]), "one card per line"
    assert all(json.loads("{" + line.rstrip(",") + "}") for line in cards)


def test_corrupt_state_is_set_aside_and_rebuilt(
    notes_dir: Path, tmp_path: Path, nlp: Language
) -> None:
    state = notes_dir / ".cards" / "state.json"
    state.parent.mkdir()
    state.write_text("{not json", encoding="utf-8")
    summary = build(notes_dir, tmp_path / "a.apkg", nlp=nlp, now=T1)
    assert summary.warnings and "state file is corrupt" in summary.warnings[0]
    assert (state.parent / "state.json.corrupt").read_text() == "{not json"
    assert json.loads(state.read_text())["version"] == 1


def fresh(note: str, text: str, kind: str = "cloze") -> Fresh:
    return Fresh(note=note, kind=kind, text=text, fields=(text,), tags=())


@pytest.mark.parametrize(
    ("old", "new", "same"),
    [
        ("Treat engineers like peers.", "Treat engineers as true peers.", True),
        ("Treat engineers like peers.", "Treat enginers like peers.", True),
        (
            "Often, a compromise can be found that satisfies both parties' true needs.",
            "A deal meeting what each side really wants usually exists.",
            False,
        ),
        (
            "Deep sleep clears adenosine.",
            "Morning light sets the circadian clock.",
            False,
        ),
    ],
)
def test_similar_claims_keep_their_guid_and_rewrites_do_not(
    old: str, new: str, same: bool
) -> None:
    _, state, _ = match([fresh("n", old)], State(), now=T1)
    entries, _, changes = match([fresh("n", new)], state, now=T2)
    assert (entries[0].guid in state.entries) is same
    assert changes.retired == (0 if same else 1)


def test_threshold_separates_distinct_claims_of_the_samples(
    notes_dir: Path, tmp_path: Path, nlp: Language
) -> None:
    """No two different claims of one sample note are similar enough to be confused."""
    from itertools import combinations

    from rapidfuzz import fuzz

    summary = build(notes_dir, tmp_path / "a.apkg", nlp=nlp, now=T1)
    by_note: dict[str, list[str]] = {}
    for card in summary.cards:
        by_note.setdefault(card.claim.note.name, []).append(card.claim.text.lower())
    for texts in by_note.values():
        for a, b in combinations(texts, 2):
            assert fuzz.ratio(a, b) < MATCH_THRESHOLD - 10


def test_one_to_one_matching_never_gives_a_guid_twice() -> None:
    _, state, _ = match([fresh("n", "Treat engineers like peers.")], State(), now=T1)
    entries, _, changes = match(
        [
            fresh("n", "Treat engineers like peers."),
            fresh("n", "Treat engineers like peers!"),
        ],
        state,
        now=T2,
    )
    assert len({entry.guid for entry in entries}) == 2
    assert (changes.unchanged, changes.new) == (1, 1)


def test_a_restored_claim_revives_its_card_and_others_never_get_its_guid() -> None:
    _, state, _ = match(
        [fresh("n", "Adenosine builds sleep pressure.")], State(), now=T1
    )
    (old,) = state.entries
    entries, state, changes = match([], state, now=T2)
    assert changes.retired == 1 and RETIRED_TAG in entries[0].tags
    other, _, _ = match([fresh("n", "Melatonin rises at dusk.")], state, now=T3)
    assert other[0].guid != old
    back, _, changes = match(
        [fresh("n", "Adenosine builds sleep pressure.")], state, now=T3
    )
    assert back[0].guid == old and back[0].retired is None
    assert RETIRED_TAG not in back[0].tags
    assert changes.updated == 1


def test_identical_cards_keep_their_own_guids() -> None:
    """Two cards of the same text differ by content (their section): no swapping."""
    europe = Fresh("n", "cloze", "Rivers flood [spring]", ("x", "Europe"), ())
    quiz = Fresh("n", "cloze", "Rivers flood [spring]", ("x", "Quiz"), ())
    first, state, _ = match([europe, quiz], State(), now=T1)
    again, _, changes = match([europe, quiz], state, now=T2)
    assert [e.guid for e in again] == [e.guid for e in first]
    assert changes.unchanged == 2


def test_a_merged_card_keeps_its_guid_when_another_note_carries_it() -> None:
    sleep = Fresh("sleep", "cloze", "Caffeine lasts six hours [six hours]", ("a",), ())
    first, state, _ = match([sleep], State(), now=T1)
    book = Fresh(
        "book",
        "cloze",
        "Caffeine stays six hours [six hours]",
        ("b",),
        (),
        aliases=("Caffeine lasts six hours",),
    )
    again, _, changes = match([book], state, now=T2)
    assert again[0].guid == first[0].guid
    assert changes.retired == 0


def test_cards_of_a_note_that_could_not_be_read_stay_with_it() -> None:
    """Its cards are neither retired nor handed to the same claim elsewhere."""
    claim = "Adenosine builds sleep pressure."
    _, state, _ = match([fresh("sleep", claim)], State(), now=T1)
    (kept,) = state.entries
    elsewhere = fresh("other", claim)
    merged = Fresh("book", "cloze", "Sleep pressure builds [pressure]", ("b",), ())
    merged = replace(merged, aliases=(claim,))
    entries, after, changes = match(
        [elsewhere, merged], state, now=T2, kept_notes=["sleep"]
    )
    assert kept not in {entry.guid for entry in entries[:2]}
    assert changes.new == 2 and changes.retired == 0
    assert after.entries[kept] == state.entries[kept]


def test_tags_in_another_order_leave_a_card_unchanged() -> None:
    first = Fresh("n", "qa", "Why rest?", ("Why rest?", "To recover."), ("b", "a"))
    entries, state, _ = match([first], State(), now=T1)
    again, _, changes = match([replace(first, tags=("a", "b"))], state, now=T2)
    assert again[0].guid == entries[0].guid and again[0].modified == T1
    assert changes.unchanged == 1


def test_same_second_edit_is_still_newer() -> None:
    _, state, _ = match([fresh("n", "Treat engineers like peers.")], State(), now=T1)
    (entry,), _, _ = match([fresh("n", "Treat engineers as peers.")], state, now=T1)
    assert entry.modified == T1 + 1


STOP_WHEN_WRITING = """
import os, sys, tempfile, threading
from cards.cli import cli

folder, build, make_temporary = sys.argv.pop(1), os.getpid(), tempfile.mkstemp

def mkstemp(*args, **kwargs):
    made = make_temporary(*args, **kwargs)
    if os.getpid() == build and os.path.dirname(made[1]) == folder:
        print("writing", flush=True)
        threading.Event().wait()  # until the test kills the build
    return made

tempfile.mkstemp = mkstemp
cli(prog_name="cards")
"""
"""`cards ARGS` that says 'writing' and stops as soon as the build process makes its
first temporary file in FOLDER (python -c STOP_WHEN_WRITING FOLDER ARGS)."""


@pytest.mark.slow
def test_killed_build_leaves_previous_deck_and_state_intact(
    notes_dir: Path, tmp_path: Path, warm_cache: Path
) -> None:
    """SIGKILL a build as soon as it starts writing; nothing half-written remains."""
    deck = tmp_path / "deck.apkg"
    arguments = ["build", str(notes_dir), "-o", str(deck), "-q"]
    command = [sys.executable, "-m", "cards", *arguments]
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(T1)}
    subprocess.run(command, check=True, env=env)
    old_deck = deck.read_bytes()
    state = notes_dir / ".cards" / "state.json"
    old_state = state.read_bytes()
    edit(notes_dir / EMPOWERING, "often know if", "usually know if")

    env["SOURCE_DATE_EPOCH"] = str(T2)
    stopping = [sys.executable, "-c", STOP_WHEN_WRITING, str(tmp_path), *arguments]
    process = subprocess.Popen(stopping, env=env, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    try:
        assert process.stdout.readline() == "writing\n"
        assert [p for p in tmp_path.iterdir() if p.name.startswith(".cards-tmp-")]
    finally:
        process.kill()
        process.wait()
        process.stdout.close()
    assert process.returncode == -signal.SIGKILL
    with zipfile.ZipFile(deck) as archive:
        assert archive.testzip() is None
    assert deck.read_bytes() == old_deck
    assert state.read_bytes() == old_state

    # The next build finishes the job and clears what the killed one left.
    subprocess.run(command, check=True, env=env)
    assert deck.read_bytes() != old_deck
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".cards-tmp-")]
    assert not [p for p in state.parent.iterdir() if p.name.startswith(".cards-tmp-")]


def _no_room(*args: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_the_state_stays_when_the_deck_cannot_be_written(
    notes_dir: Path, nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deck = tmp_path / "deck.apkg"
    build(notes_dir, deck, nlp=nlp, now=T1, use_cache=False)
    state = notes_dir / ".cards" / "state.json"
    before = state.read_bytes()
    (notes_dir / "extra.md").write_text(
        "# Extra\n\n- Otters hold hands while they **sleep**.\n"
    )

    monkeypatch.setattr("cards.package.deck._zip_collection", _no_room)
    with pytest.raises(OutputError, match="No space left on device"):
        build(notes_dir, deck, nlp=nlp, now=T2, use_cache=False)
    assert state.read_bytes() == before
    assert [p.name for p in state.parent.iterdir()] == ["state.json"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".cards-tmp-")]
