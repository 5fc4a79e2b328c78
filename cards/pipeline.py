"""The library entry point: `build()` runs the stages in order, from notes to a deck.

read, extract and generate run per note (`collect`, in worker processes, with the
cache); then the cards of all notes are arranged as configured, identified
against the last build's state, packaged, and checked. This module only wires the
stages (`cards.read` … `cards.package`) together and collects what the user should
hear about (skipped notes, counts, changes since the last build) into a
`BuildSummary`.
"""

from __future__ import annotations

import fnmatch
import os
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import (
    CachedNote,
    NoteCache,
    Pinned,
    cards_key,
    open_cache,
)
from .check import QualityReport, cards_from_package, check_cards, summary_line
from .config import Config
from .errors import CardsError, NoteError, OutputError, SkippedNotesError
from .extract import Claim, load_nlp
from .generate import (
    Card,
    Generation,
    NoteCards,
    combine,
    is_hand,
    lighten,
    make_note_cards,
    pins,
    tag_name,
)
from .identify import CardText, Changes, Entry, Fresh, State, match, save_state
from .last_build import LastBuild, build_time
from .options import Flags, Options, Subdecks, resolve_options
from .package import (
    DeckNote,
    Format,
    Media,
    card_fields,
    read_package,
    write_deck,
    write_export,
)
from .read import (
    HAND_SYNTAX,
    HandSyntax,
    Note,
    Outline,
    find_vault,
    read_bytes,
)
from .reuse import inputs_key, memo, reused, same_media
from .selection import (
    DEFAULT_NOTES,
    Selection,
    Sources,
    as_selection,
    check_output,
    default_output,
    select,
)
from .summary import BuildSummary, CheckSummary
from .workers import (
    NoteFile,
    NoteWorkers,
    ProcessedNote,
    UnreadNote,
    process_notes,
    processed,
)
from .writing import Interrupts, one_build_at_a_time

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "BuildSummary",
    "CheckSummary",
    "Collected",
    "build",
    "check",
    "collect",
    "dry_build",
    "export",
]


Progress = Callable[[int, int], None]
"""Told (notes done, notes in all) as a build reads its notes."""


@dataclass(frozen=True, slots=True)
class Collected:
    """The notes of a build, their claims and cards, and what could not be read."""

    notes: list[Note]
    """The notes read. Those read from the cache come without their blocks
    (see `cards.notes.Note`)."""
    outlines: list[Outline]
    """What coverage counts in each note (`cards.notes.outline`)."""
    claims: list[Claim]
    made: list[NoteCards]
    """Each note's cards, before near-duplicates across notes are merged."""
    broken: list[tuple[tuple[str, ...], ...]]
    """For each note's cards, the rules about single cards each breaks."""
    skipped: list[tuple[str, str]]
    """For each note that could not be read: its name and a 'path: reason' line."""
    warnings: list[str]
    parsed: int
    """How many notes were parsed and run through spaCy (the rest came from cache)."""

    def generation(self) -> Generation:
        """The cards of every note together (see `cards.cardgen.combine`)."""
        return combine(self.made)

    def broken_rules(self, generation: Generation) -> list[tuple[str, ...]]:
        """For each card of `generation`, the rules about single cards it breaks."""
        every = [rules for note in self.broken for rules in note]
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
) -> Collected:
    """Read the notes selected, extract their claims and make their cards.

    Notes found in the cache are neither parsed nor run through spaCy, and their
    cards are reused. The others are made in `jobs` worker processes (see
    `cards.workers`), which start before the cache is read so that loading spaCy
    and reading the cache overlap. Cards are made without `previous` answers, and
    made again with them only for a note where they change something (see
    `cards.cardgen.pins`). `previous` may be a function giving them, called once
    the workers have started: reading them overlaps their loading spaCy too.
    `hand` says how the notes write cards by hand (`cards.handsyntax`); with
    `prose`, paragraphs give their salient sentences too (`cards.prose`).
    """
    selection = as_selection(sources)
    syntax = hand or HAND_SYNTAX
    vault = find_vault(selection.root)
    paths = selection.notes(exclude)
    slots: list[CachedNote | None] = []
    keys: list[str | None] = []
    files: list[NoteFile] = []
    misses: list[int] = []
    skipped: list[tuple[int, str, str]] = []
    """(position, name, 'path: reason'): kept in the order of the notes."""
    for path in paths:
        name = selection.name(path)
        try:
            _check_name(path)
            raw = read_bytes(path)
        except NoteError as error:
            skipped.append((len(skipped) + len(slots), name, str(error)))
            continue
        # The vault is part of a cached note (its Obsidian link), so of its key.
        where = f"{vault.resolve()}\x00{name}" if vault else name
        if syntax != HAND_SYNTAX:
            # How cards are written by hand changes what a note's bytes mean.
            where += f"\x00{syntax!r}"
        if prose:
            where += "\x00prose"
        key = cache.key(where, raw) if cache else None
        cached = key is not None and cache is not None and cache.has(key)
        if not cached:
            misses.append(len(slots))
        slots.append(None)
        keys.append(key)
        # A cached note's bytes are not kept: a vault's worth adds up.
        files.append(NoteFile(b"" if cached else raw, path, name, vault, syntax, prose))
    done = 0

    def advance() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, len(slots))

    used: dict[int, _InUse] = {}
    """Each note's cards as this build uses them: made with or without `previous`."""

    def keep(index: int, entry: CachedNote, cards: _InUse) -> None:
        slots[index], used[index] = entry, cards
        advance()

    def add(
        index: int, made: ProcessedNote | UnreadNote, previous: Mapping[str, str]
    ) -> None:
        if isinstance(made, UnreadNote):
            skipped.append((index, made.name, made.message))
            advance()
        else:
            keep(index, *_cached_and_used(made, cache, keys[index], previous))

    # The misses are made in the background while the cached notes are read.
    with NoteWorkers(
        [files[i] for i in misses], nlp=nlp, model=model, jobs=jobs
    ) as maker:
        if callable(previous):
            previous = previous()
        previous = previous or {}
        late = []
        for index in sorted(set(range(len(slots))) - set(misses)):
            key = keys[index]
            hit = cache.get(key) if cache is not None and key is not None else None
            cards = _usable(hit, files[index].path, previous) if hit else None
            if hit is not None and cards is not None:
                keep(index, hit, cards)
                continue
            # ProcessedNote again from the claims kept in the cache: quicker than spaCy.
            full = cache.get_claims(key) if hit and cache and key else None
            if hit is not None and full is not None:
                again = _made_again(hit, full, files[index].path)
                keep(index, *_cached_and_used(again, cache, key, previous))
                continue
            late.append(index)  # damaged since it was seen: made afterwards
        for index, result in zip(misses, maker.results(), strict=True):
            add(index, result, previous)
    if late:
        reread = [replace(files[i], raw=_reread(files[i].path)) for i in late]
        made_late = process_notes(reread, nlp, model=model)
        for index, result in zip(late, made_late, strict=True):
            add(index, result, previous)
    if cache is not None:
        cache.record_use(selection.paths, f"{syntax!r}\x00{prose}", keys)
    if progress:
        progress(len(slots), len(slots))
    ready = [slot for slot in slots if slot is not None]
    made_cards = [used[index][0] for index in sorted(used)]
    broken = [used[index][1] for index in sorted(used)]
    notes = [slot.note for slot in ready]
    warnings = [warning for note in notes for warning in note.warnings]
    return Collected(
        notes=notes,
        outlines=[slot.outline for slot in ready if slot.outline is not None],
        claims=[claim for slot in ready for claim in slot.claims],
        made=made_cards,
        broken=broken,
        skipped=[(name, message) for _, name, message in sorted(skipped)],
        warnings=warnings + (cache.warnings if cache else []),
        parsed=len(misses) + len(late),
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


_InUse = tuple[NoteCards, tuple[tuple[str, ...], ...]]
"""A note's cards as a build uses them, and the single-card rules each breaks."""


def _cached_and_used(
    made: ProcessedNote,
    cache: NoteCache | None,
    key: str | None,
    previous: Mapping[str, str],
) -> tuple[CachedNote, _InUse]:
    """What the cache stores of a note just made, and the cards this build uses.

    The entry holds its cards with claims that no longer carry their words (see
    `cards.cardgen.lighten`), and the cards as last build's answers change them,
    if they do; those are the ones in use then. The full claims are cached beside
    it, for making the cards again."""
    shells: dict[int, Claim] = {}
    pinned = None
    kept = pins(made.cards, previous)
    if kept:
        again = processed(made.note, made.claims, make_note_cards(made.claims, kept))
        pinned_cards = lighten(again.cards, shells)
        pinned = Pinned(tuple(sorted(kept.items())), pinned_cards, again.broken)
    light = lighten(made.cards, shells)
    # The same light copies as the cards': pickled once, loaded once.
    claims = tuple(
        shells.get(id(claim)) or replace(claim, words=(), candidates=())
        for claim in made.claims
    )
    entry = CachedNote(
        made.note, claims, cards_key(), light, made.broken, pinned, made.outline
    )
    if cache is not None and key is not None:
        cache.put(key, entry, made.claims)
    if pinned is not None:
        return entry, (pinned.cards, pinned.broken)
    return entry, (light, made.broken)


def _reread(path: Path) -> bytes:
    """A note's bytes read again; a file that went missing since reads as empty."""
    try:
        return read_bytes(path)
    except NoteError:
        return b""


def _usable(
    entry: CachedNote, path: Path, previous: Mapping[str, str]
) -> _InUse | None:
    """A cached note's cards as they stand, if they do: made by this version, for
    the file where it is, with the previous answers that change them."""
    if entry.cards is None or entry.cards_key != cards_key() or entry.note.path != path:
        return None
    kept = pins(entry.cards, previous)
    if not kept:
        return entry.cards, entry.broken
    if entry.pinned is not None and entry.pinned.pins == tuple(sorted(kept.items())):
        return entry.pinned.cards, entry.pinned.broken
    return None


def _made_again(
    entry: CachedNote, claims: Sequence[Claim], path: Path
) -> ProcessedNote:
    """A cached note's cards made again from its full claims, at its current path."""
    note = entry.note
    if note.path != path:
        note = replace(note, path=path)
        claims = [replace(claim, note=note) for claim in claims]
    return processed(note, claims, make_note_cards(claims), entry.outline)


def _cache(use_cache: bool, model: str | None) -> NoteCache | None:
    return open_cache(model) if use_cache else None


def build(
    source: Sources = DEFAULT_NOTES,
    output: Path | None = None,
    *,
    deck_name: str | None = None,
    model: str | None = None,
    nlp: Language | None = None,
    state_path: Path | None = None,
    dry_run: bool = False,
    strict: bool = False,
    now: int | None = None,
    jobs: int | None = None,
    use_cache: bool = True,
    progress: Progress | None = None,
    subdecks: Subdecks | None = None,
    exclude: Sequence[str] = (),
    prose: bool = False,
    waiting: Callable[[Path], object] | None = None,
) -> BuildSummary:
    """Build an Anki deck from a folder of Markdown notes, one note, or several.

    The settings, `output` to `prose`, are those of `cards.options.Options`: each
    left out comes from the notes folder's ``cards.toml``, else its default.
    `nlp` is a spaCy pipeline already loaded (tests pass one, to load it once);
    `progress` is told (notes done, notes in all) while the notes are read;
    `waiting` is told the folder when another build of it is writing, before this
    one waits for it to end.

    Raises:
        SkippedNotesError: `strict` is set and some notes could not be read.
        CardsError: nothing could be built (no notes, no pipeline, output not writable).
    """
    flags = Flags(
        output, deck_name, model, state_path, jobs, subdecks, tuple(exclude), prose
    )
    flags = replace(flags, dry_run=dry_run, strict=strict, use_cache=use_cache, now=now)
    selection = select(source)
    options = resolve_options(selection, flags)
    check_output(options.output)
    cache = open_cache(options.model) if options.use_cache else None
    with one_build_at_a_time(options.state_path, options.dry_run, waiting):
        done_before = _done_before(cache, selection, options)
        if done_before is not None:
            return done_before
        last = LastBuild(options.state_path, keep_corrupt=options.dry_run)
        with Interrupts(options.output, options.state_path) as interrupts:
            # read, extract, generate: per note, in workers, through the cache
            collected = _collected(selection, options, nlp, cache, progress, last)
            # the cards of all notes, as configured, with their images
            generation, media = _arranged(collected, selection, options)
            # identify: each card's GUID and times, from the last build's state
            entries, current, changes = match(
                [_fresh(card) for card in generation.cards],
                last.state(),
                now=options.now if options.now is not None else build_time(),
                kept_notes=(name for name, _ in collected.skipped),
            )
            # check: the generated cards against the rules
            quality = _judged(collected, generation)
            # package: the deck, then the state that names its cards
            if not options.dry_run:
                interrupts.writing()
                deck_notes = _deck_notes(entries, collected.notes, options.subdecks)
                _save_state(
                    current,
                    options.state_path,
                    lambda: write_deck(
                        deck_notes,
                        options.output,
                        name=options.deck_name,
                        media=sorted(media.files.items()),
                    ),
                )
        warnings = [*options.notices, *collected.warnings, *last.warnings]
        summary = _summary(
            options, collected, generation, quality, entries, changes, media
        )
        summary = replace(summary, warnings=(*warnings, *media.warnings))
        _remember(cache, selection, options, summary, media)
        return summary


def _done_before(
    cache: NoteCache | None, selection: Selection, options: Options
) -> BuildSummary | None:
    """The summary of the last build, if it read the same notes and settings and
    its deck and state are as it left them: then there is nothing to do."""
    if cache is None or options.dry_run:
        return None
    inputs = inputs_key(cache, selection, options)
    remembered = cache.reports.recall(inputs, options.output, options.state_path)
    if remembered is None or not same_media(remembered):
        return None
    return reused(remembered, options.output, options.state_path)


def _remember(
    cache: NoteCache | None,
    selection: Selection,
    options: Options,
    summary: BuildSummary,
    media: Media,
) -> None:
    """Remember what was built, so that the next build of the same notes ends at
    once. The notes were hashed before they were read; only the deck and state just
    written are new."""
    if cache is None or options.dry_run:
        return
    inputs = inputs_key(cache, selection, options)
    cache.reports.remember(
        inputs, options.output, options.state_path, memo(summary, media.missing)
    )


def _collected(
    selection: Selection,
    options: Options,
    nlp: Language | None,
    cache: NoteCache | None,
    progress: Progress | None,
    last: LastBuild | None,
) -> Collected:
    """`collect` run with the build's settings; refused if no note is usable, or
    if `strict` and a note is not."""
    collected = collect(
        selection,
        model=options.model,
        nlp=nlp,
        jobs=options.jobs,
        cache=cache,
        progress=progress,
        exclude=options.exclude,
        previous=last.answers if last is not None else None,
        hand=options.hand,
        prose=options.prose,
    )
    if not collected.notes:
        reason = "no Markdown notes"
        if collected.skipped:
            reason = "no readable Markdown notes"
        where = ", ".join(str(path) for path in selection.paths)
        raise CardsError(f"{where}: {reason} found")
    if options.strict and collected.skipped:
        raise SkippedNotesError(tuple(message for _, message in collected.skipped))
    return collected


def _arranged(
    collected: Collected, selection: Selection, options: Options
) -> tuple[Generation, Media]:
    """The cards of every note together, as configured, with the images they show."""
    generation = _as_configured(collected.generation(), options)
    media = Media(find_vault(selection.root) or selection.root)
    cards = tuple(media.with_images(generation.cards))
    return replace(generation, cards=cards), media


def _fresh(card: Card) -> Fresh:
    """A card as the state matches it: by note, kind and text (a cloze's with its
    answer: two clozes of one sentence differ by it)."""
    answer = None if card.kind == "qa" else card.answer_text
    return Fresh(
        note=card.claim.note.name,
        kind=card.kind,
        text=CardText(card.claim.text, answer).stored,
        fields=card_fields(card),
        tags=card.tags,
        aliases=tuple(claim.text for claim in card.merged),
    )


def _deck_notes(
    entries: Sequence[Entry], notes: Sequence[Note], subdecks: Subdecks | None
) -> list[DeckNote]:
    """The live cards as the deck holds them, each in its note's subdeck."""
    subdeck_of = _subdecks(notes, subdecks)
    return [
        DeckNote(
            entry.kind,
            entry.fields,
            entry.tags,
            guid=entry.guid,
            mod=entry.modified,
            deck=subdeck_of.get(entry.note, ""),
        )
        for entry in entries
    ]


def _save_state(
    current: State, path: Path, write_the_deck: Callable[[], object]
) -> None:
    """Write the new state aside, then the deck (put in place), then the state: a
    deck that cannot be written leaves the old deck and state as they were.

    Raises:
        OutputError: the state file cannot be written.
    """
    try:
        save_state(current, path, before_replace=write_the_deck)
    except OSError as error:
        raise OutputError(
            f"{path}: cannot write the state file ({error.strerror})"
        ) from None


def _summary(
    options: Options,
    collected: Collected,
    generation: Generation,
    quality: QualityReport,
    entries: Sequence[Entry],
    changes: Changes,
    media: Media,
) -> BuildSummary:
    cards = generation.cards
    with_cards = {card.claim.note.path for card in cards}
    written = not options.dry_run
    return BuildSummary(
        notes_read=len(collected.notes),
        skipped=tuple(message for _, message in collected.skipped),
        notes_without_cards=sum(
            1 for note in collected.notes if note.path not in with_cards
        ),
        claims=len(collected.claims),
        cards_by_kind=dict(Counter(card.kind for card in cards)),
        changes=changes,
        deck_path=options.output if written else None,
        state_path=options.state_path if written else None,
        cards=tuple(cards),
        dropped=generation.dropped,
        quality=quality,
        quality_line=summary_line(quality, len(generation.dropped))
        + _hand_line(len(cards) - len(quality.cards)),
        entries=tuple(entry for entry in entries if entry.retired is None),
        deck_name=options.deck_name,
        media=tuple(sorted(media.files.items())),
    )


def _generated(generation: Generation) -> Generation:
    """The generator's cards alone: the rules judge those, not hand-written ones."""
    indexes = [i for i, card in enumerate(generation.cards) if not is_hand(card)]
    position = {index: new for new, index in enumerate(indexes)}
    return _kept(generation, [generation.cards[i] for i in indexes], position)


def _judged(collected: Collected, generation: Generation) -> QualityReport:
    """The generator's cards measured against the rules, as build and check show."""
    generated = _generated(generation)
    return check_cards(
        generated.cards,
        collected.outlines,
        generation.dropped,
        near_duplicates=generated.similar,
        broken=collected.broken_rules(generated),
    )


def _hand_line(count: int) -> str:
    return f"; {count} cards written by hand, not judged" if count else ""


def _kept(
    generation: Generation, kept: Sequence[Card], position: Mapping[int, int]
) -> Generation:
    """`generation` with only `kept`, the cards at `position`'s keys."""
    similar = None
    if generation.similar is not None:
        similar = tuple(
            (position[first], position[second])
            for first, second in generation.similar
            if first in position and second in position
        )
    origins = generation.origins
    if origins:
        origins = tuple(origins[index] for index in position)
    return replace(generation, cards=tuple(kept), similar=similar, origins=origins)


def _as_configured(generation: Generation, options: Options) -> Generation:
    """Keep the configured kinds, at most so many per note, with the extra tags
    and the tags of every tag rule the note's path matches."""
    config = options.config
    kept: list[Card] = []
    position: dict[int, int] = {}
    per_note = Counter[str]()
    extra = tuple(tag_name(tag) for tag in config.extra_tags)
    ruled: dict[str, tuple[str, ...]] = {}
    for index, card in enumerate(generation.cards):
        if card.kind not in config.kinds:
            continue
        note = card.claim.note.name
        if config.max_cards_per_note and per_note[note] >= config.max_cards_per_note:
            continue
        per_note[note] += 1
        if note not in ruled:
            ruled[note] = _ruled_tags(f"{note}.md", config)
        added = (*extra, *ruled[note])
        if added:
            card = replace(card, tags=tuple(dict.fromkeys((*card.tags, *added))))
        position[index] = len(kept)
        kept.append(card)
    return _kept(generation, kept, position)


def _ruled_tags(path: str, config: Config) -> tuple[str, ...]:
    return tuple(
        tag_name(tag)
        for pattern, tags in config.tag_rules
        if fnmatch.fnmatch(path, pattern)
        for tag in tags
    )


def _subdecks(notes: Sequence[Note], mode: Subdecks | None) -> dict[str, str]:
    """Each note's subdeck: its title, or its folder path (Anki nests with '::')."""
    if mode is None:
        return {}
    if mode == "notes":
        return {note.name: _deck_part(note.title) for note in notes}
    return {
        note.name: "::".join(_deck_part(part) for part in note.name.split("/")[:-1])
        for note in notes
    }


def _deck_part(text: str) -> str:
    """One level of a deck name: '::' would start another level."""
    return " ".join(text.replace("::", ":").split())[:100]


def check(
    source: Sources = DEFAULT_NOTES,
    *,
    model: str | None = None,
    nlp: Language | None = None,
    use_cache: bool = True,
    prose: bool = False,
) -> CheckSummary:
    """Measure the cards a notes folder gives, or the cards of a built deck.

    Raises:
        CardsError: nothing to check (no notes, not a deck, no spaCy pipeline).
    """
    decks = [
        path
        for path in ((source,) if isinstance(source, Path) else source)
        if path.suffix.lower() == ".apkg"
    ]
    if decks and not isinstance(source, Path):
        raise CardsError(f"{decks[0]}: a deck is checked on its own")
    if isinstance(source, Path) and decks:
        packaged = read_package(source)
        nlp = nlp or load_nlp(model)
        cards = cards_from_package(packaged, nlp)
        if not cards:
            raise CardsError(f"{source}: holds no cards made by cards")
        return CheckSummary(report=check_cards(cards), from_deck=True)
    selection = select(source)
    # The same settings as a build, so the cards measured are the cards it makes.
    flags = Flags(model=model, prose=prose, use_cache=use_cache, dry_run=True)
    options = resolve_options(selection, flags)
    cache = open_cache(options.model) if options.use_cache else None
    collected = _collected(selection, options, nlp, cache, None, None)
    generation = _as_configured(collected.generation(), options)
    report = _judged(collected, generation)
    return CheckSummary(
        report=report,
        hand_cards=len(generation.cards) - len(report.cards),
        dropped=generation.dropped,
        notes_read=len(collected.notes),
        skipped=tuple(message for _, message in collected.skipped),
    )


def dry_build(
    source: Sources,
    *,
    deck_name: str | None = None,
    model: str | None = None,
    nlp: Language | None = None,
    use_cache: bool = True,
    prose: bool = False,
) -> BuildSummary:
    """The cards a build would make, with the GUIDs it would give them; nothing is
    written. What `export` and the preview show."""
    return build(
        source,
        default_output(source),
        deck_name=deck_name,
        model=model,
        nlp=nlp,
        dry_run=True,
        use_cache=use_cache,
        prose=prose,
    )


def export(
    source: Sources,
    output: Path,
    fmt: Format,
    *,
    deck_name: str | None = None,
    model: str | None = None,
    nlp: Language | None = None,
    use_cache: bool = True,
    prose: bool = False,
) -> BuildSummary:
    """Write the cards a build would make as CSV (Anki's text import) or JSON lines.

    GUIDs come from the notes' state, as for a build; the state is not changed.

    Raises:
        CardsError: nothing could be built, or the file cannot be written.
    """
    if output.suffix.lower() == ".apkg":
        raise OutputError(f"{output}: use 'cards build' to write a deck")
    summary = dry_build(
        source,
        deck_name=deck_name,
        model=model,
        nlp=nlp,
        use_cache=use_cache,
        prose=prose,
    )
    try:
        write_export(summary.entries, output, fmt, deck=summary.deck_name)
    except OSError as error:
        raise OutputError(f"{output}: cannot write ({error.strerror})") from None
    return summary
