"""Worker processes: notes made in forked workers are the notes made here."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from cards import build, workers
from cards.notes import read_note

T = 1_700_000_000


def test_forked_workers_make_the_same_notes(
    notes_dir: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = [read_note(path, notes_dir) for path in sorted(notes_dir.glob("*.md"))]
    here = list(workers.make_notes(notes, nlp, jobs=1))
    monkeypatch.setattr(workers, "MIN_NOTES_PER_WORKER", 1)
    monkeypatch.setattr(workers, "NOTES_PER_TASK", 1)
    forked = list(workers.make_notes(notes, nlp, jobs=2))
    assert [made.note.name for made in forked] == [note.name for note in notes]
    assert [made.claims for made in forked] == [made.claims for made in here]
    assert [made.cards for made in forked] == [made.cards for made in here]


def test_a_build_in_workers_writes_the_same_deck(
    notes_dir: Path, tmp_path: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    def deck(jobs: int) -> bytes:
        path = tmp_path / f"{jobs}.apkg"
        state = tmp_path / f"{jobs}.json"
        build(
            notes_dir,
            path,
            nlp=nlp,
            now=T,
            jobs=jobs,
            use_cache=False,
            state_path=state,
        )
        return path.read_bytes()

    alone = deck(1)
    monkeypatch.setattr(workers, "MIN_NOTES_PER_WORKER", 1)
    monkeypatch.setattr(workers, "NOTES_PER_TASK", 1)
    assert deck(2) == alone
