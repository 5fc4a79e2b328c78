"""Making notes: their claims (spaCy), cards and checks, in worker processes.

A note's claims and cards depend on that note alone (see
`cards.generate.generate_note`), so each note can be made wherever there is a free
core. `NoteWorkers` starts making the notes it is given at once, in processes forked
from this one: each worker parses its notes (Markdown and spaCy), makes their cards,
and sends back the notes, their parsed claims and cards, never spaCy's documents
nor the notes' blocks. Meanwhile the build goes on with what it has (reading cached
notes), and collects the made notes when it needs them. When one worker is enough (a
few notes changed), it sends back the parsed claims, and the cards are made in this
process, which has a core to spare: a one-note edit's worker returned its note 0.11 s
sooner (median of five builds each way, interleaved).

A worker loads the spaCy pipeline itself, so a build whose notes are nearly all
cached never loads spaCy in the main process, and a one-note edit loads it while
the main process reads the cache. A pipeline already loaded here (a test's, a
library caller's) is inherited by the workers instead.

Where ``fork`` is not available (Windows), the notes are made in this process when
asked for, with the same result.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from multiprocessing.pool import IMapIterator, Pool
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from .errors import CardsError, NoteError, how_it_ended, interrupts_ignored
from .extract import ParsedClaim, extract_note_claims, load_nlp
from .generate import (
    NoteCards,
    hand_claims,
    load_word_frequencies,
    make_note_cards,
)
from .read import HAND_SYNTAX, HandSyntax, Note, Outline, ParsedNote, parse_note
from .read import outline as outline_of

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "NoteFile",
    "NoteWorkers",
    "ProcessedNote",
    "UnreadNote",
    "process_notes",
]

NOTES_PER_TASK = 8
"""Notes a worker makes per request: small enough to share the work out evenly
and report progress often, large enough that spaCy batches their sentences."""
MIN_NOTES_PER_WORKER = 16
"""Below this many notes per worker, one worker does the work as fast."""


@dataclass(frozen=True, slots=True)
class ProcessedNote:
    """One note as made: the note, its claims as parsed, and its cards."""

    note: Note
    claims: tuple[ParsedClaim, ...]
    cards: NoteCards
    outline: Outline
    """What coverage counts in the note: its blocks stay in the worker."""


@dataclass(frozen=True, slots=True)
class NoteFile:
    """A note to make, as read from its file: it is parsed where it is made."""

    raw: bytes
    path: Path
    name: str
    vault: Path | None = None
    syntax: HandSyntax = HAND_SYNTAX
    """How the vault writes cards by hand."""
    prose: bool = False
    """Whether paragraphs give their salient sentences (``--prose``)."""


@dataclass(frozen=True, slots=True)
class UnreadNote:
    """A note that could not be read: its name and a 'path: reason' line."""

    name: str
    message: str


@dataclass(frozen=True, slots=True)
class _ExtractedNote:
    """A note parsed in a worker, its cards to be made by the build."""

    note: Note
    claims: tuple[ParsedClaim, ...]
    outline: Outline

    def with_cards(self) -> ProcessedNote:
        """The note with its cards, made from its claims."""
        cards = make_note_cards(self.claims)
        return ProcessedNote(self.note, self.claims, cards, self.outline)


@dataclass(frozen=True, slots=True)
class _Settings:
    """What forked workers inherit: set just before the pool starts."""

    nlp: Language | None
    model: str | None
    cards: bool = True
    """Whether a worker makes the cards too, or leaves them to the build."""


WATCH_SECONDS = 1.0
"""How often a build waiting on its workers checks that they are all still there."""

_settings = _Settings(None, None)
_worker_nlp: Language | None = None
"""The pipeline a worker loaded for itself, kept for its later requests."""


class NoteWorkers:
    """Makes notes in the background from the moment it is entered.

    Notes are made without previous answers: see
    `cards.generate.note_cards.pins_matter`.

    >>> with NoteWorkers(sources, model=None, jobs=2) as maker:
    ...     ...  # other work, while the workers parse
    ...     for made in maker.results(): ...
    """

    def __init__(
        self,
        sources: Sequence[NoteFile],
        *,
        nlp: Language | None = None,
        model: str | None = None,
        jobs: int = 1,
    ) -> None:
        self.sources = list(sources)
        self.settings = _Settings(nlp, model)
        self.jobs = jobs
        self._pool: Pool | None = None
        self._pending: (
            IMapIterator[list[ProcessedNote | _ExtractedNote | UnreadNote]] | None
        ) = None
        self._workers: list[BaseProcess] = []
        self._cards_here = False

    def __enter__(self) -> NoteWorkers:
        if not self.sources or not self._in_background():
            return self
        global _settings
        tasks = [
            self.sources[start : start + NOTES_PER_TASK]
            for start in range(0, len(self.sources), NOTES_PER_TASK)
        ]
        workers = 1 if len(self.sources) < MIN_NOTES_PER_WORKER * 2 else self.jobs
        workers = min(workers, len(tasks))
        # With one worker, this process has a core to spare: the worker parses,
        # and the cards are made here while it parses the next notes.
        self._cards_here = workers == 1
        _settings = replace(self.settings, cards=not self._cards_here)
        try:
            self._pool, self._workers = _start_pool(workers)
            self._pending = self._pool.imap(_run_task, tasks)
        finally:
            _settings = _Settings(None, None)
        return self

    def _in_background(self) -> bool:
        """Workers pay when there is a pipeline to load meanwhile or cores to share."""
        if "fork" not in multiprocessing.get_all_start_methods():
            return False
        return self.settings.nlp is None or (
            self.jobs > 1 and len(self.sources) >= MIN_NOTES_PER_WORKER * 2
        )

    def results(self) -> Iterator[ProcessedNote | UnreadNote]:
        """Each note made (or the reason it could not be read), in the order given."""
        if not self.sources:
            return
        if self._pending is None:
            nlp = self.settings.nlp or load_nlp(self.settings.model)
            yield from _process(self.sources, nlp)
            return
        if self._cards_here:
            # Loaded while the worker parses, rather than at the first card: 0.10 s.
            load_word_frequencies()
        while True:
            try:
                made = self._pending.next(timeout=WATCH_SECONDS)
            except StopIteration:
                return
            except multiprocessing.TimeoutError:
                _check_workers(self._workers)
                continue
            for each in made:
                yield each.with_cards() if isinstance(each, _ExtractedNote) else each

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            if kind is None:
                self._pool.close()
            else:
                self._pool.terminate()
            self._pool.join()


def _start_pool(workers: int) -> tuple[Pool, list[BaseProcess]]:
    """A pool of `workers` forked processes that ignore Ctrl-C (the build handles
    it), and the processes, to watch."""
    context = multiprocessing.get_context("fork")
    before = {child.pid for child in multiprocessing.active_children()}
    with interrupts_ignored():
        # A worker forked later, in place of one that ended, ignores it too.
        pool = context.Pool(workers, signal.signal, (signal.SIGINT, signal.SIG_IGN))
    started = [
        child for child in multiprocessing.active_children() if child.pid not in before
    ]
    return pool, started


def _check_workers(workers: Sequence[BaseProcess]) -> None:
    """A pool whose worker is killed (by the out-of-memory killer, say) waits for
    its notes forever; a worker that ended is an error instead.

    Raises:
        CardsError: a worker process has ended while notes were being made.
    """
    for worker in workers:
        if worker.exitcode is not None:
            how = how_it_ended(worker.exitcode)
            raise CardsError(
                f"a worker process {how} while making notes (out of memory?); "
                "run again, with fewer --jobs if it recurs"
            )


def process_notes(
    sources: Sequence[NoteFile],
    nlp: Language | None = None,
    *,
    model: str | None = None,
    jobs: int = 1,
) -> Iterator[ProcessedNote | UnreadNote]:
    """Yield each note made, in the order given (see `NoteWorkers`)."""
    with NoteWorkers(sources, nlp=nlp, model=model, jobs=jobs) as maker:
        yield from maker.results()


def _run_task(
    sources: Sequence[NoteFile],
) -> list[ProcessedNote | _ExtractedNote | UnreadNote]:
    """A worker's request: runs in the forked process."""
    global _worker_nlp
    nlp = _settings.nlp or _worker_nlp
    if nlp is None:
        nlp = _worker_nlp = load_nlp(_settings.model)
    if _settings.cards:
        return list(_process(sources, nlp))
    return list(_extract(sources, nlp))


def _process(
    sources: Sequence[NoteFile], nlp: Language
) -> Iterator[ProcessedNote | UnreadNote]:
    for parsed in _extract(sources, nlp):
        yield parsed if isinstance(parsed, UnreadNote) else parsed.with_cards()


def _extract(
    sources: Sequence[NoteFile], nlp: Language
) -> Iterator[_ExtractedNote | UnreadNote]:
    for start in range(0, len(sources), NOTES_PER_TASK):
        read: list[ParsedNote | UnreadNote] = []
        for source in sources[start : start + NOTES_PER_TASK]:
            try:
                read.append(
                    parse_note(
                        source.raw,
                        source.path,
                        source.name,
                        source.vault,
                        source.syntax,
                        source.prose,
                    )
                )
            except NoteError as error:
                read.append(UnreadNote(source.name, str(error)))
        parsed = [each for each in read if isinstance(each, ParsedNote)]
        extracted = extract_note_claims(parsed, nlp)
        for each in read:
            if isinstance(each, UnreadNote):
                yield each
            else:
                claims = (*hand_claims(each.note), *next(extracted))
                yield _ExtractedNote(each.note, claims, outline_of(each))
