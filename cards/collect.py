"""Read, extract and generate, per note: `collect` gives the notes of a build,
their claims and their cards, from the cache where it holds them and from worker
processes where it does not (see `cards.workers` and `cards.cache`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import CachedNote, NoteCache, Pinned, cards_key
from .errors import NoteError
from .extract import Claim, ParsedClaim
from .generate import Generation, NoteCards, combine, make_note_cards, pins
from .read import HAND_SYNTAX, HandSyntax, Note, Outline, find_vault, read_bytes
from .selection import Selection, Sources, as_selection
from .workers import (
    NoteFile,
    NoteWorkers,
    ProcessedNote,
    UnreadNote,
    process_notes,
)

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["Collected", "NoteBytes", "Progress", "collect", "read_note_files"]

Progress = Callable[[int, int], None]
"""Told (notes done, notes in all) as a build reads its notes."""


@dataclass(frozen=True, slots=True)
class Collected:
    """The notes of a build, their claims and cards, and what could not be read."""

    notes: list[Note]
    """The notes read."""
    outlines: list[Outline]
    """What coverage counts in each note (`cards.read.outline`)."""
    claims: list[Claim]
    note_cards: list[NoteCards]
    """Each note's cards, before near-duplicates across notes are merged."""
    skipped: list[tuple[str, str]]
    """For each note that could not be read: its name and a 'path: reason' line."""
    warnings: list[str]
    parsed: int
    """How many notes were parsed and run through spaCy (the rest came from cache)."""

    def generation(self) -> Generation:
        """The cards of every note together (see `cards.generate.combine`)."""
        return combine(self.note_cards)

    def broken_rules(self, generation: Generation) -> list[tuple[str, ...]]:
        """For each card of `generation`, the rules about single cards it breaks."""
        every = [rules for note in self.note_cards for rules in note.broken]
        return [every[origin] for origin in generation.origins]


def collect(
    sources: Sources | Selection,
    *,
    model: str | None = None,
    nlp: Language | None = None,
    jobs: int = 1,
    cache: NoteCache | None = None,
    progress: Progress | None = None,
    exclude: Sequence[str] = (),
    previous: Mapping[str, str] | Callable[[], Mapping[str, str]] | None = None,
    hand: HandSyntax | None = None,
    prose: bool = False,
    read: Sequence[NoteBytes] | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> Collected:
    """Read the notes selected, extract their claims and make their cards.

    Notes found in the cache are neither parsed nor run through spaCy, and their
    cards are reused. The others are made in `jobs` worker processes (see
    `cards.workers`), which start before the cache is read so that loading spaCy
    and reading the cache overlap. Cards are made without `previous` answers, and
    made again with them only for a note where they change something (see
    `cards.generate.pins`). `previous` may be a function giving them, called once
    the workers have started: reading them overlaps their loading spaCy too.
    `hand` says how the notes write cards by hand (`cards.read.handsyntax`); with
    `prose`, paragraphs give their salient sentences too (`cards.extract.prose`).
    `read` is the notes' files as `read_note_files` read them, when the caller has
    read them already. `meanwhile` is called once the cached notes are read, if
    there are notes to wait for.
    """
    selection = as_selection(sources)
    syntax = hand or HAND_SYNTAX
    notes = _Notes(cache, progress)
    if read is None:
        listed = selection.listed(exclude)
        read = read_note_files(selection, listed, cache, syntax, prose)
    notes.take_files(selection, read, syntax, prose)
    misses = [index for index, slot in enumerate(notes.slots) if not slot.cached]
    # The misses are made in the background while the cached notes are read.
    files = [notes.slots[index].file for index in misses]
    with NoteWorkers(files, nlp=nlp, model=model, jobs=jobs) as workers:
        answers = (previous() if callable(previous) else previous) or {}
        late = notes.take_cached(answers)
        if meanwhile is not None and misses:
            meanwhile()
        notes.take_processed(misses, workers.results(), answers)
    if late:
        reread = [
            replace(notes.slots[i].file, raw=_reread(notes.slots[i].file.path))
            for i in late
        ]
        notes.take_processed(late, process_notes(reread, nlp, model=model), answers)
    if cache is not None:
        keys = [slot.key for slot in notes.slots]
        cache.record_use(selection.paths, f"{syntax!r}\x00{prose}", keys)
    if progress:
        progress(len(notes.slots), len(notes.slots))
    return _collected(notes, parsed=len(misses) + len(late))


@dataclass(slots=True)
class _Slot:
    """One readable note of a build, on its way from its file to its cards."""

    file: NoteFile
    key: str | None
    """The note's cache key; None without a cache."""
    cached: bool
    """Whether the cache held an entry for the key when the file was read."""
    entry: CachedNote | None = None
    """What the cache holds (or now holds) of the note, once it is made or read."""
    in_use: NoteCards | None = None
    """The note's cards as this build uses them: made with or without `previous`."""


@dataclass
class _Notes:
    """The notes of one `collect`, in the order of their names, as each is read
    from its file, then from the cache or the workers."""

    cache: NoteCache | None
    progress: Progress | None
    slots: list[_Slot] = field(default_factory=list)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)
    """(position, name, 'path: reason'): kept in the order of the notes."""
    done: int = 0

    def take_files(
        self,
        selection: Selection,
        read: Sequence[NoteBytes],
        syntax: HandSyntax,
        prose: bool,
    ) -> None:
        """Take the notes as read from their files, each key looked up in the cache."""
        vault = find_vault(selection.root)
        for each in read:
            if each.error is not None:
                position = len(self.skipped) + len(self.slots)
                self.skipped.append((position, each.name, each.error))
                continue
            cache, key = self.cache, each.key
            cached = key is not None and cache is not None and cache.has(key)
            # A cached note's bytes are not kept: a vault's worth adds up.
            raw = b"" if cached else each.raw
            file = NoteFile(raw, each.path, each.name, vault, syntax, prose)
            self.slots.append(_Slot(file, key, cached))

    def take_cached(self, answers: Mapping[str, str]) -> list[int]:
        """Use the cached notes' cards, or make them again from their cached
        claims; the positions of those the cache no longer holds whole."""
        late = []
        for index, slot in enumerate(self.slots):
            if not slot.cached:
                continue
            cache, key = self.cache, slot.key
            hit = cache.get(key) if cache is not None and key is not None else None
            cards = _usable(hit, slot.file.path, answers) if hit else None
            if hit is not None and cards is not None:
                self._keep(slot, hit, cards)
                continue
            # Made again from the claims kept in the cache: quicker than spaCy.
            parsed = cache.get_parsed(key) if hit and cache and key else None
            if parsed is not None:
                again = _made_again(*parsed, slot.file.path)
                used = _cached_and_used(
                    again, cache, key, answers, _still(parsed[0], again)
                )
                self._keep(slot, *used)
                continue
            late.append(index)  # damaged since it was seen: made afterwards
        return late

    def take_processed(
        self,
        indexes: Sequence[int],
        results: Iterable[ProcessedNote | UnreadNote],
        answers: Mapping[str, str],
    ) -> None:
        """Use the notes just made (or say why one could not be read)."""
        for index, result in zip(indexes, results, strict=True):
            if isinstance(result, UnreadNote):
                self.skipped.append((index, result.name, result.message))
                self._advance()
            else:
                slot = self.slots[index]
                used = _cached_and_used(result, self.cache, slot.key, answers)
                self._keep(slot, *used)

    def _keep(self, slot: _Slot, entry: CachedNote, cards: NoteCards) -> None:
        slot.entry, slot.in_use = entry, cards
        self._advance()

    def _advance(self) -> None:
        self.done += 1
        if self.progress:
            self.progress(self.done, len(self.slots))


@dataclass(frozen=True, slots=True)
class NoteBytes:
    """A note's file as a build reads it, once: its bytes and cache key, or why it
    cannot be read. What the build fingerprints is what it makes cards of."""

    path: Path
    name: str
    raw: bytes
    key: str | None
    """Its cache key (its bytes, name and how they are read); None without a cache."""
    error: str | None = None
    """'path: reason' when the file cannot be read; its `raw` is empty then."""


def read_note_files(
    selection: Selection,
    listed: Sequence[tuple[Path, str]],
    cache: NoteCache | None,
    hand: HandSyntax | None = None,
    prose: bool = False,
) -> list[NoteBytes]:
    """Read each note listed (`Selection.listed`) and work out its cache key."""
    vault = find_vault(selection.root)
    syntax = hand or HAND_SYNTAX
    read = []
    for path, name in listed:
        try:
            _check_name(path)
            raw = read_bytes(path)
        except NoteError as error:
            read.append(NoteBytes(path, name, b"", None, str(error)))
            continue
        # The vault is part of a cached note (its Obsidian link), so of its key.
        where = f"{vault.resolve()}\x00{name}" if vault else name
        if syntax != HAND_SYNTAX:
            # How cards are written by hand changes what a note's bytes mean.
            where += f"\x00{syntax!r}"
        if prose:
            where += "\x00prose"
        read.append(
            NoteBytes(path, name, raw, cache.key(where, raw) if cache else None)
        )
    return read


def _collected(notes: _Notes, parsed: int) -> Collected:
    """What `collect` gives: the notes ready, in order, and their cards."""
    entries = [slot.entry for slot in notes.slots if slot.entry is not None]
    in_use = [slot.in_use for slot in notes.slots if slot.in_use is not None]
    read = [entry.note for entry in entries]
    warnings = [warning for note in read for warning in note.warnings]
    return Collected(
        notes=read,
        outlines=[entry.outline for entry in entries],
        claims=[claim for entry in entries for claim in entry.claims],
        note_cards=in_use,
        skipped=[(name, message) for _, name, message in sorted(notes.skipped)],
        warnings=warnings + (notes.cache.warnings if notes.cache else []),
        parsed=parsed,
    )


def _check_name(path: Path) -> None:
    """Refuse a note whose file name is not UTF-8: a note's name is in its cards'
    tags and in the state file, which are UTF-8 text.

    Raises:
        NoteError: the name, shown with its undecodable bytes escaped.
    """
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        shown = os.fsencode(path).decode("utf-8", "backslashreplace")
        raise NoteError(f"{shown}: file name is not UTF-8") from None


def _cached_and_used(
    made: ProcessedNote,
    cache: NoteCache | None,
    key: str | None,
    previous: Mapping[str, str],
    earlier: Pinned | None = None,
) -> tuple[CachedNote, NoteCards]:
    """What the cache stores of a note just made, and the cards this build uses.

    The entry holds the note's claims and cards, and the cards as last build's
    answers change them, if they do; those are the ones in use then, and
    `earlier` is kept beside them. The claims as parsed are cached beside it, for
    making the cards again."""
    pinned = None
    kept = pins(made.cards, previous)
    if kept:
        pinned = Pinned(tuple(sorted(kept.items())), make_note_cards(made.claims, kept))
    claims = tuple(parsed.claim for parsed in made.claims)
    entry = CachedNote(
        made.note, made.outline, claims, cards_key(), made.cards, pinned, earlier
    )
    if cache is not None and key is not None:
        cache.put(key, entry, made.claims)
    return entry, made.cards if pinned is None else pinned.cards


def _reread(path: Path) -> bytes:
    """A note's bytes read again; a file that went missing since reads as empty."""
    try:
        return read_bytes(path)
    except NoteError:
        return b""


def _usable(
    entry: CachedNote, path: Path, previous: Mapping[str, str]
) -> NoteCards | None:
    """A cached note's cards as they stand, if they do: made by this version, for
    the file where it is, with the previous answers that change them."""
    if entry.cards_key != cards_key() or entry.note.path != path:
        return None
    kept = pins(entry.cards, previous)
    if not kept:
        return entry.cards
    listed = tuple(sorted(kept.items()))
    for pinned in (entry.pinned, entry.earlier):
        if pinned is not None and pinned.pins == listed:
            return pinned.cards
    return None


def _still(entry: CachedNote, made: ProcessedNote) -> Pinned | None:
    """The cards of a cached note as last made keeping previous answers, if they
    hold for the note as made again (same cards code, same place)."""
    if entry.cards_key != cards_key() or entry.note != made.note:
        return None
    return entry.pinned


def _made_again(
    entry: CachedNote, claims: Sequence[ParsedClaim], path: Path
) -> ProcessedNote:
    """A cached note's cards made again from its claims as parsed, at its
    current path."""
    note = entry.note
    if note.path != path:
        note = replace(note, path=path)
        claims = [replace(p, claim=replace(p.claim, note=note)) for p in claims]
    cards = make_note_cards(claims)
    return ProcessedNote(note, tuple(claims), cards, entry.outline)
