"""Making notes: their claims (spaCy) and their cards, in worker processes when many.

A note's claims and cards depend on that note alone (see `cards.cardgen.generate_note`),
so each note can be made wherever there is a free core. With `jobs` above one and
enough notes, the notes go to that many processes forked after the spaCy pipeline
is loaded: each worker starts at once with the parent's copy of the model, parses
its notes and makes their cards, and sends back only the claims and cards, never
spaCy's documents. The parent meanwhile has nothing to wait on but the results.

Where ``fork`` is not available (Windows), or for a handful of notes, the notes are
made in this process instead, with the same result.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .cardgen import NoteCards, generate_note
from .claims import Claim, extract_claims
from .notes import Note

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["Made", "make_notes"]

NOTES_PER_TASK = 8
"""Notes a worker makes per request: small enough to share the work out evenly
and report progress often, large enough that spaCy batches their sentences."""
MIN_NOTES_PER_WORKER = 16
"""Below this many notes per worker, one process does the work as fast."""


@dataclass(frozen=True, slots=True)
class Made:
    """One note as made: the note, its claims, and its cards."""

    note: Note
    claims: tuple[Claim, ...]
    cards: NoteCards


_worker_nlp: Language | None = None
_worker_previous: Mapping[str, str] = {}
"""What forked workers inherit: set just before the pool starts, cleared after."""


def make_notes(
    notes: Sequence[Note],
    nlp: Language,
    *,
    previous: Mapping[str, str] | None = None,
    jobs: int = 1,
) -> Iterator[Made]:
    """Yield each note made, in the order given.

    `previous` maps claim texts to the answers their clozes asked last build
    (see `generate_note`).
    """
    previous = previous or {}
    if jobs <= 1 or len(notes) < MIN_NOTES_PER_WORKER * 2 or not _can_fork():
        yield from _make(notes, nlp, previous)
        return
    global _worker_nlp, _worker_previous
    _worker_nlp, _worker_previous = nlp, previous
    try:
        tasks = [
            notes[start : start + NOTES_PER_TASK]
            for start in range(0, len(notes), NOTES_PER_TASK)
        ]
        context = multiprocessing.get_context("fork")
        with context.Pool(min(jobs, len(tasks))) as pool:
            for made in pool.imap(_make_task, tasks):
                yield from made
    finally:
        _worker_nlp, _worker_previous = None, {}


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _make_task(notes: Sequence[Note]) -> list[Made]:
    """A worker's request: runs in the forked process, with the inherited model."""
    assert _worker_nlp is not None, "make_notes sets the model before forking"
    return list(_make(notes, _worker_nlp, _worker_previous))


def _make(
    notes: Sequence[Note], nlp: Language, previous: Mapping[str, str]
) -> Iterator[Made]:
    for start in range(0, len(notes), NOTES_PER_TASK):
        chunk = notes[start : start + NOTES_PER_TASK]
        found: dict[int, list[Claim]] = {id(note): [] for note in chunk}
        for claim in extract_claims(chunk, nlp):
            found[id(claim.note)].append(claim)
        for note in chunk:
            claims = found[id(note)]
            yield Made(note, tuple(claims), generate_note(claims, previous))
