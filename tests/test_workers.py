"""Worker processes: notes made in forked workers are the notes made here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from spacy.language import Language

from cards import build, workers
from cards.errors import OutputError

T = 1_700_000_000


def test_forked_workers_make_the_same_notes(
    notes_dir: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = sorted(notes_dir.glob("*.md"))
    sources = [workers.Source(p.read_bytes(), p, p.stem) for p in paths]
    here = list(workers.make_notes(sources, nlp, jobs=1))
    monkeypatch.setattr(workers, "MIN_NOTES_PER_WORKER", 1)
    monkeypatch.setattr(workers, "NOTES_PER_TASK", 1)
    forked = list(workers.make_notes(sources, nlp, jobs=2))
    assert all(isinstance(made, workers.Made) for made in forked + here)
    assert [made.note.name for made in forked] == [path.stem for path in paths]
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


def test_a_note_that_cannot_be_read_in_a_worker_is_skipped_in_order(
    notes_dir: Path, tmp_path: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    (notes_dir / "a-broken.md").write_text("---\n- [oops\n---\nText.")
    (notes_dir / "z-binary.md").write_bytes(b"\x00\x01")
    monkeypatch.setattr(workers, "MIN_NOTES_PER_WORKER", 1)
    monkeypatch.setattr(workers, "NOTES_PER_TASK", 1)
    summary = build(notes_dir, tmp_path / "deck.apkg", nlp=nlp, now=T, jobs=2)
    assert summary.notes_read == 2
    assert [line.split(":")[0] for line in summary.skipped] == [
        str(notes_dir / "a-broken.md"),
        str(notes_dir / "z-binary.md"),
    ]


def _write_text(path: Path, text: str) -> None:
    path.write_text(text)


def _refuse(path: Path) -> None:
    raise OutputError(f"{path}: cannot write the deck (no room)")


def _vanish() -> None:
    os._exit(1)


def test_work_in_a_forked_process_is_done_or_raises_here(tmp_path: Path) -> None:
    done = workers.in_background(_write_text, tmp_path / "out.txt", "written")
    done()
    assert (tmp_path / "out.txt").read_text() == "written"

    refused = workers.in_background(_refuse, tmp_path / "deck.apkg")
    with pytest.raises(OutputError, match="no room"):
        refused()
    with pytest.raises(OutputError):  # asked again, the same answer
        refused()

    with pytest.raises(RuntimeError, match="ended without finishing"):
        workers.in_background(_vanish)()


def test_the_state_stays_when_the_deck_cannot_be_written(
    notes_dir: Path, nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deck = tmp_path / "deck.apkg"
    build(notes_dir, deck, nlp=nlp, now=T, use_cache=False)
    state = notes_dir / ".cards" / "state.json"
    before = state.read_bytes()
    (notes_dir / "extra.md").write_text(
        "# Extra\n\n- Otters hold hands while they **sleep**.\n"
    )

    monkeypatch.setattr("cards.pipeline.write_deck", lambda *a, **k: _refuse(deck))
    with pytest.raises(OutputError, match="no room"):
        build(notes_dir, deck, nlp=nlp, now=T + 60, use_cache=False)
    assert state.read_bytes() == before
    assert [p.name for p in state.parent.iterdir()] == ["state.json"]
