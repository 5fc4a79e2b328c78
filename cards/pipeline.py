"""The library entry point: `build()` runs the stages in order, from notes to a deck.

read, extract and generate run per note (`collect`, in worker processes, with the
cache); then the cards of all notes are arranged as configured, identified
against the last build's state, packaged, and checked. This module only wires the
stages (`cards.read` … `cards.package`) together and collects what the user should
hear about (skipped notes, counts, changes since the last build) into a
`BuildSummary`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .arrange import as_configured, subdeck_names
from .cache import NoteCache, open_cache
from .check import QualityReport, check_cards, check_package, summary_line
from .collect import Collected, NoteBytes, Progress, collect, read_note_files
from .errors import CardsError, OutputError, SkippedNotesError
from .extract import load_nlp
from .generate import (
    Card,
    FoundPairs,
    Generation,
    combine,
    reverse_sides,
)
from .identify import CardText, Changes, Entry, Fresh, State, match, save_state
from .last_build import LastBuild, build_time
from .options import Flags, Options, Subdecks, resolve_options
from .package import (
    DeckNote,
    Format,
    Media,
    card_fields,
    genanki_note_types,
    read_package,
    reverse_fields,
    write_deck,
    write_export,
)
from .pair_memory import pair_memory
from .read import (
    Note,
    find_vault,
)
from .reuse import inputs_key, memo, reused, same_media
from .selection import (
    DEFAULT_NOTES,
    Selection,
    Sources,
    check_output,
    default_output,
    select,
)
from .summary import BuildSummary, CheckSummary
from .writing import Interrupts, one_build_at_a_time

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "BuildSummary",
    "CheckSummary",
    "build",
    "check",
    "dry_build",
    "export",
]


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
    reverse: bool = False,
    waiting: Callable[[Path], object] | None = None,
) -> BuildSummary:
    """Build an Anki deck from a folder of Markdown notes, one note, or several.

    The settings, `output` to `reverse`, are those of `cards.options.Options`: each
    left out comes from the notes folder's ``cards.toml``, else its default.
    `nlp` is a spaCy pipeline already loaded (tests pass one, to load it once);
    `progress` is told (notes done, notes in all) while the notes are read;
    `waiting` is told the folder when another build of it is writing, before this
    one waits for it to end.

    Raises:
        SkippedNotesError: `strict` is set and some notes could not be read.
        CardsError: nothing could be built (no notes, no pipeline, output not writable).
    """
    flags = Flags(output, deck_name, model, state_path, jobs, subdecks, tuple(exclude))
    flags = replace(flags, prose=prose, reverse=reverse, dry_run=dry_run, now=now)
    flags = replace(flags, strict=strict, use_cache=use_cache)
    selection = select(source)
    options = resolve_options(selection, flags)
    check_output(options.output)
    cache = open_cache(options.model) if options.use_cache else None
    with one_build_at_a_time(options.state_path, options.dry_run, waiting):
        # The notes are read once, and what is hashed is what is made into cards: a
        # note edited while this build runs makes the next build read it again.
        inputs, listed = None, selection.listed(options.exclude)
        read = read_note_files(selection, listed, cache, options.hand, options.prose)
        if cache is not None and not options.dry_run:
            inputs = inputs_key(cache, selection, options, read)
        done_before = _done_before(cache, inputs, options)
        if done_before is not None:
            return done_before
        last = LastBuild(options.state_path, keep_corrupt=options.dry_run)
        with Interrupts(options.output, options.state_path) as interrupts:
            # read, extract, generate: per note, in workers, through the cache
            collected = _collected(selection, options, nlp, cache, progress, last, read)
            # the cards of all notes, as configured, with their images
            pairs = pair_memory(cache, selection, options)
            found = pairs.recall() if pairs else None
            generation, media = _arranged(collected, selection, options, found)
            # identify: each card's GUID and times, from the last build's state
            entries, current, changes = match(
                _fresh_cards(generation.cards, reverse=options.reverse),
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
                    last,
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
        _remember(cache, inputs, options, summary, media)
        if pairs:
            pairs.remember(generation.found)
        return summary


def _done_before(
    cache: NoteCache | None, inputs: str | None, options: Options
) -> BuildSummary | None:
    """The summary of the last build, if it read the same notes and settings
    (`inputs`) and its deck and state are as it left them: then there is nothing
    to do."""
    if cache is None or inputs is None:
        return None
    remembered = cache.reports.recall(inputs, options.output, options.state_path)
    if remembered is None or not same_media(remembered):
        return None
    return reused(remembered, options.output, options.state_path)


def _remember(
    cache: NoteCache | None,
    inputs: str | None,
    options: Options,
    summary: BuildSummary,
    media: Media,
) -> None:
    """Remember what was built, so that the next build of the same notes ends at
    once: under the notes as they were hashed before they were read, and the deck
    and state just written."""
    if cache is None or inputs is None:
        return
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
    read: Sequence[NoteBytes] | None = None,
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
        read=read,
        meanwhile=_meanwhile(last)
        if last is not None and not options.dry_run
        else None,
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


def _meanwhile(last: LastBuild) -> Callable[[], None]:
    """What a build does while its workers parse a few notes, and after: the last
    state's entries encoded, and genanki imported (see `write_deck`)."""

    def work() -> None:
        last.encode()
        genanki_note_types()

    return work


def _arranged(
    collected: Collected,
    selection: Selection,
    options: Options,
    last: FoundPairs | None = None,
) -> tuple[Generation, Media]:
    """The cards of every note together, as configured, with the images they show.

    `last` is what the last build's search for near-duplicates found (see
    `cards.pair_memory`)."""
    generation = as_configured(combine(collected.note_cards, last), options)
    media = Media(find_vault(selection.root) or selection.root)
    cards = tuple(media.with_images(generation.cards))
    return replace(generation, cards=cards), media


def _fresh_cards(cards: Sequence[Card], *, reverse: bool) -> list[Fresh]:
    """The cards as the state matches them; with `reverse`, each definition card
    followed by its reversed card, a card of its own kind and GUID."""
    if not reverse:
        return [_fresh(card) for card in cards]
    fresh = []
    for card, sides in zip(cards, reverse_sides(cards), strict=True):
        fresh.append(_fresh(card))
        if sides is not None:
            fields = reverse_fields(card, sides)
            fresh.append(replace(fresh[-1], kind="reverse", fields=fields))
    return fresh


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
    subdeck_of = subdeck_names(notes, subdecks)
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
    current: State,
    last: LastBuild,
    path: Path,
    write_the_deck: Callable[[], object],
) -> None:
    """Write the new state aside, then the deck (put in place), then the state: a
    deck that cannot be written leaves the old deck and state as they were.

    Raises:
        OutputError: the state file cannot be written.
    """
    try:
        save_state(current, path, before_replace=write_the_deck, encoded=last.encoded)
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
    kinds = Counter[str](card.kind for card in cards)
    reversed_cards = _reversed(entries)
    if reversed_cards:
        kinds["reverse"] = reversed_cards
    return BuildSummary(
        notes_read=len(collected.notes),
        skipped=tuple(message for _, message in collected.skipped),
        notes_without_cards=sum(
            1 for note in collected.notes if note.path not in with_cards
        ),
        claims=len(collected.claims),
        cards_by_kind=dict(kinds),
        changes=changes,
        deck_path=options.output if written else None,
        state_path=options.state_path if written else None,
        cards=tuple(cards),
        dropped=generation.dropped,
        quality=quality,
        quality_line=summary_line(quality, len(generation.dropped))
        + _hand_line(quality.hand_cards),
        entries=tuple(entry for entry in entries if entry.retired is None),
        deck_name=options.deck_name,
        media=tuple(sorted(media.files.items())),
    )


def _reversed(entries: Sequence[Entry]) -> int:
    """How many reversed cards the deck holds, beside the cards they reverse."""
    return sum(1 for entry in entries if entry.kind == "reverse" and not entry.retired)


def _judged(collected: Collected, generation: Generation) -> QualityReport:
    """The generator's cards measured against the rules, as build and check show."""
    return check_cards(
        generation.cards,
        collected.outlines,
        generation.dropped,
        near_duplicates=generation.similar,
        broken=collected.broken_rules(generation),
    )


def _hand_line(count: int) -> str:
    return f"; {count} cards written by hand, not judged" if count else ""


def check(
    source: Sources = DEFAULT_NOTES,
    *,
    model: str | None = None,
    nlp: Language | None = None,
    use_cache: bool = True,
    prose: bool = False,
    reverse: bool = False,
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
        report = check_package(packaged, nlp or load_nlp(model))
        if not report.cards:
            raise CardsError(f"{source}: holds no cards made by cards")
        return CheckSummary(report=report, from_deck=True)
    selection = select(source)
    # The same settings as a build, so the cards measured are the cards it makes.
    flags = Flags(
        model=model, prose=prose, reverse=reverse, use_cache=use_cache, dry_run=True
    )
    options = resolve_options(selection, flags)
    cache = open_cache(options.model) if options.use_cache else None
    collected = _collected(selection, options, nlp, cache, None, None)
    generation = as_configured(collected.generation(), options)
    report = _judged(collected, generation)
    reversed_cards = 0
    if options.reverse:
        sides = reverse_sides(generation.cards)
        reversed_cards = sum(1 for side in sides if side is not None)
    return CheckSummary(
        report=report,
        hand_cards=report.hand_cards,
        reversed=reversed_cards,
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
    reverse: bool = False,
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
        reverse=reverse,
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
    reverse: bool = False,
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
        reverse=reverse,
    )
    try:
        write_export(summary.entries, output, fmt, deck=summary.deck_name)
    except OSError as error:
        raise OutputError(f"{output}: cannot write ({error.strerror})") from None
    return summary
