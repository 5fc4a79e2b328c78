"""The cards the next build will ask the cache for, made ahead on the spare core.

A note's cards are made keeping last build's answers where those change them
(`cards.generate.pins`), and its cache entry keeps them with the answers they
kept. Keeping one answer can change another of the same note (it changes which
words stand out there), so the answers this build's state records can keep more
of a note's answers than this build kept: the next build would then make that
note's cards again, on the process that reads the cache while its worker loads
spaCy. On bigvault that was 0.6 to 0.7 s of every build after a one-note edit.

So once a build has matched its cards, and its state is known, the notes whose
cards the next build would make again are made with the answers it will read from
that state, in a process forked for it: the worker has finished and left its core idle
while this process checks the cards and writes the deck and the state. What it
writes is a cache entry like any other: the next build uses its cards only if the
answers they kept are those it finds, and makes them again otherwise. Where fork
is not available, nothing is made ahead.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace

from .cache import NoteCache, Pinned
from .collect import CachedNoteKey
from .errors import interrupts_ignored
from .generate import make_note_cards, pins
from .identify import State
from .last_build import previous_answers

__all__ = ["made_ahead", "make_ahead"]


def make_ahead(
    cache: NoteCache, notes: Sequence[CachedNoteKey], next_state: State
) -> int:
    """Make the cards of each note whose cached ones the next build would make
    again, keeping the answers of `next_state` (read as its file lists them), and
    cache them with its entry. How many notes were made."""
    answers = previous_answers(entry for _, entry in sorted(next_state.entries.items()))
    made = 0
    for note in notes:
        kept = pins(note.entry.cards, answers)
        pinned = note.entry.pinned
        if not kept or (pinned is not None and pinned.pins == _listed(kept)):
            continue
        stored = cache.get_parsed(note.key)
        if stored is None or stored[0].note != note.entry.note:
            continue
        cards = make_note_cards(stored[1], kept)
        entry = replace(note.entry, pinned=Pinned(_listed(kept), cards))
        cache.put(note.key, entry, stored[1])
        made += 1
    return made


def _listed(kept: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(kept.items()))


@contextmanager
def made_ahead(
    cache: NoteCache | None, notes: Sequence[CachedNoteKey], next_state: State
) -> Iterator[None]:
    """Make ahead (`make_ahead`) in a forked process while the block runs, and
    wait for it at the end; stop it if the block fails."""
    if (
        cache is None
        or cache.off
        or not notes
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        yield
        return
    context = multiprocessing.get_context("fork")
    process = context.Process(
        target=make_ahead, args=(cache, notes, next_state), daemon=True
    )
    with interrupts_ignored():
        # Ctrl-C is the build's to handle; the process is stopped with it.
        process.start()
    try:
        yield
    except BaseException:
        process.terminate()
        raise
    finally:
        process.join()
