"""The library entry point: `build()` runs every stage, from notes to a deck.

Each stage is its own module (notes, claims, cardgen, state, deck); this one only wires
them together and collects what the user should hear about (skipped notes, counts,
changes since the last build) into a `BuildSummary`.
"""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import os
import time
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .cache import (
    CachedNote,
    NoteCache,
    Pinned,
    cards_key,
    open_cache,
)
from .check import (
    QualityReport,
    cards_from_package,
    check_cards,
    summary_line,
)
from .config import CONFIG_FILE, Config, load_config
from .errors import (
    CardsError,
    InterruptedBuildError,
    NoteError,
    OutputError,
    SkippedNotesError,
)
from .extract import Claim, load_nlp
from .files import one_writer
from .generate import (
    Card,
    Dropped,
    Generation,
    NoteCards,
    claim_key,
    combine,
    is_hand,
    lighten,
    make_note_cards,
    pins,
    tag_name,
)
from .identify import (
    Changes,
    Entry,
    Fresh,
    RefusedStateError,
    State,
    StateError,
    load_state,
    match,
    save_state,
)
from .package import (
    DeckNote,
    DeckWriter,
    Format,
    Media,
    card_fields,
    read_package,
    write_export,
)
from .read import (
    HAND_SYNTAX,
    HandSyntax,
    Note,
    Outline,
    find_notes,
    find_vault,
    note_name,
    read_bytes,
)
from .workers import (
    Failed,
    Made,
    Maker,
    Source,
    made_from,
    make_notes,
)

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "BuildSummary",
    "CheckSummary",
    "Collected",
    "Selection",
    "Sources",
    "build",
    "check",
    "check_output",
    "collect",
    "default_output",
    "default_state",
    "dry_build",
    "export",
    "select",
]

DEFAULT_NOTES = Path("notes")
DEFAULT_OUTPUT_DIR = Path("output")
STATE_FOLDER = ".cards"


@dataclass(frozen=True, slots=True)
class BuildSummary:
    """What a build read, made and wrote."""

    notes_read: int
    skipped: tuple[str, ...]
    """One 'path: reason' line per note that could not be used."""
    notes_without_cards: int
    claims: int
    cards_by_kind: dict[str, int] = field(default_factory=dict)
    changes: Changes = field(default_factory=Changes)
    deck_path: Path | None = None
    """Where the deck was written; None on a dry run."""
    state_path: Path | None = None
    warnings: tuple[str, ...] = ()
    cards: tuple[Card, ...] = field(default=(), repr=False)
    """The cards made. Their claims carry no words or candidates: that language
    analysis stays in the cache (`cards.cardgen.lighten`)."""
    dropped: tuple[Dropped, ...] = field(default=(), repr=False)
    """Claims that gave no card, each with the rule that stopped it."""
    quality: QualityReport | None = field(default=None, repr=False)
    quality_line: str = ""
    entries: tuple[Entry, ...] = field(default=(), repr=False)
    """The cards as identified against the state: GUIDs, times, fields, tags."""
    deck_name: str = ""
    reused: bool = False
    """Nothing had changed since the last build: its deck and state stand."""
    media: tuple[tuple[str, Path], ...] = field(default=(), repr=False)
    """The images the cards show: (name in the deck, file), see `cards.media`."""

    @property
    def card_count(self) -> int:
        return sum(self.cards_by_kind.values())


Sources = Path | Sequence[Path]
"""What a command reads: a notes folder, one note, or several of either."""


@dataclass(frozen=True, slots=True)
class Selection:
    """The paths a command was given and the folder its notes are named from.

    One folder is its own root; one note's root is its folder; several paths share
    the deepest folder holding them all. Notes are named relative to the root, and
    the root's ``cards.toml`` applies.
    """

    paths: tuple[Path, ...]
    root: Path

    @property
    def single(self) -> Path | None:
        return self.paths[0] if len(self.paths) == 1 else None

    def notes(self, exclude: Sequence[str] = ()) -> list[Path]:
        """Every note selected, once, in the order of their names."""
        found: dict[Path, Path] = {}
        for path in self.paths:
            for note in find_notes(path, exclude):
                found.setdefault(note.absolute(), note)
        root = self.root.absolute()
        return sorted(found.values(), key=lambda note: note_name(note.absolute(), root))

    def name(self, note: Path) -> str:
        return note_name(note.absolute(), self.root.absolute())


def select(sources: Sources) -> Selection:
    """Check the paths a command was given and find their common folder.

    Raises:
        CardsError: a path does not exist.
    """
    paths = (sources,) if isinstance(sources, Path) else tuple(sources)
    paths = paths or (DEFAULT_NOTES,)
    for path in paths:
        if not path.exists():
            raise CardsError(f"{path}: no such file or folder")
    folders = [path if path.is_dir() else path.parent for path in paths]
    if len(paths) == 1:
        return Selection(paths, folders[0])
    common = Path(os.path.commonpath([folder.absolute() for folder in folders]))
    with contextlib.suppress(ValueError):
        common = common.relative_to(Path.cwd())
    return Selection(tuple(dict.fromkeys(paths)), common)


def _source_name(selection: Selection) -> str:
    source = selection.single or selection.root
    resolved = source.resolve()
    return (resolved.stem if source.is_file() else resolved.name) or "notes"


def default_output(sources: Sources | Selection) -> Path:
    """``output/<folder or file name>.apkg``: ``notes/`` gives ``output/notes.apkg``;
    several paths are named after the folder that holds them all."""
    return DEFAULT_OUTPUT_DIR / _file_name(
        _source_name(_as_selection(sources)), ".apkg"
    )


def default_state(sources: Sources | Selection) -> Path:
    """The state file kept with the notes: ``<notes>/.cards/state.json``.

    A single note keeps its own (``.cards/<file name>.state.json`` beside it), and
    so does a selection of several paths (``.cards/selection-<hash>.state.json`` in
    their common folder, the hash naming the paths), so building part of the notes
    never retires the cards of the rest.
    """
    selection = _as_selection(sources)
    source = selection.single
    if source is None:
        root = selection.root.absolute()
        names = "\x00".join(
            sorted(
                path.absolute().relative_to(root).as_posix() for path in selection.paths
            )
        )
        digest = hashlib.sha256(names.encode()).hexdigest()[:12]
        return selection.root / STATE_FOLDER / f"selection-{digest}.state.json"
    if source.is_file():
        return source.parent / STATE_FOLDER / _file_name(source.name, ".state.json")
    return source / STATE_FOLDER / "state.json"


_NAME_MAX = 255
"""The longest file name, in bytes, on the usual file systems."""


def _file_name(stem: str, suffix: str) -> str:
    """``stem + suffix``, its stem cut short and told apart by a hash when the
    whole would be too long a file name (a note's name may use all 255 bytes)."""
    name = stem + suffix
    if len(os.fsencode(name)) <= _NAME_MAX:
        return name
    tag = "-" + hashlib.sha256(os.fsencode(stem)).hexdigest()[:12]
    room = _NAME_MAX - len(os.fsencode(tag + suffix))
    short = os.fsencode(stem)[:room].decode("utf-8", "ignore")
    return short + tag + suffix


def _as_selection(sources: Sources | Selection) -> Selection:
    return sources if isinstance(sources, Selection) else select(sources)


def _deck_name(selection: Selection) -> str:
    return _source_name(selection).replace("_", " ").replace("-", " ").capitalize()


def clean_deck_name(name: str) -> str:
    """Drop control, format and bidirectional characters from a deck name.

    Raises:
        CardsError: nothing printable is left.
    """
    cleaned = "".join(
        char for char in name if unicodedata.category(char) not in {"Cc", "Cf"}
    ).strip()
    if not cleaned.strip(":"):
        raise CardsError(f"{name!r}: not a usable deck name")
    return cleaned


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
    selection = _as_selection(sources)
    syntax = hand or HAND_SYNTAX
    vault = find_vault(selection.root)
    paths = selection.notes(exclude)
    slots: list[CachedNote | None] = []
    keys: list[str | None] = []
    files: list[Source] = []
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
        files.append(Source(b"" if cached else raw, path, name, vault, syntax, prose))
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

    def add(index: int, made: Made | Failed, previous: Mapping[str, str]) -> None:
        if isinstance(made, Failed):
            skipped.append((index, made.name, made.message))
            advance()
        else:
            keep(index, *_made(made, cache, keys[index], previous))

    # The misses are made in the background while the cached notes are read.
    with Maker([files[i] for i in misses], nlp=nlp, model=model, jobs=jobs) as maker:
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
            # Made again from the claims kept in the cache: quicker than spaCy.
            full = cache.get_claims(key) if hit and cache and key else None
            if hit is not None and full is not None:
                again = _remade(hit, full, files[index].path)
                keep(index, *_made(again, cache, key, previous))
                continue
            late.append(index)  # damaged since it was seen: made afterwards
        for index, result in zip(misses, maker.results(), strict=True):
            add(index, result, previous)
    if late:
        reread = [replace(files[i], raw=_reread(files[i].path)) for i in late]
        made_late = make_notes(reread, nlp, model=model)
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


def _made(
    made: Made,
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
        again = made_from(made.note, made.claims, make_note_cards(made.claims, kept))
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


def _remade(entry: CachedNote, claims: Sequence[Claim], path: Path) -> Made:
    """A cached note's cards made again from its full claims, at its current path."""
    note = entry.note
    if note.path != path:
        note = replace(note, path=path)
        claims = [replace(claim, note=note) for claim in claims]
    return made_from(note, claims, make_note_cards(claims), entry.outline)


def _cache(use_cache: bool, model: str | None) -> NoteCache | None:
    return open_cache(model) if use_cache else None


def check_output(path: Path) -> None:
    """Refuse to write a deck over anything but an Anki package.

    Raises:
        OutputError: the path is not an ``.apkg``, is a folder, or holds another file.
    """
    if path.suffix.lower() != ".apkg":
        raise OutputError(f"{path}: a deck must be written to an .apkg file")
    if path.is_dir():
        raise OutputError(f"{path}: is a folder")
    if path.exists() and not _is_package(path):
        raise OutputError(f"{path}: exists and is not an Anki package; not overwritten")


def _is_package(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (OSError, zipfile.BadZipFile):
        return False
    return bool(names & {"collection.anki2", "collection.anki21", "collection.anki21b"})


def _now() -> int:
    """The build's clock; ``SOURCE_DATE_EPOCH`` pins it for reproducible builds."""
    pinned = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(pinned) if pinned.isdigit() else int(time.time())


def _previous_answers(state: State) -> dict[str, str]:
    """Each live cloze's claim and the answer it asked, from last build's state."""
    answers: dict[str, str] = {}
    for entry in state.entries.values():
        if entry.kind == "cloze" and entry.retired is None and entry.text.endswith("]"):
            claim, _, answer = entry.text[:-1].rpartition(" [")
            answers.setdefault(claim_key(claim), answer)
    return answers


@dataclass
class _LastBuild:
    """Last build's state, read when first asked for: `collect` asks for its
    answers once its workers have started, so reading it overlaps their loading
    spaCy."""

    path: Path
    keep_corrupt: bool
    warnings: list[str] = field(default_factory=list)
    _state: State | None = None

    def state(self) -> State:
        if self._state is None:
            self._state = _load_state(
                self.path, self.warnings, keep_corrupt=self.keep_corrupt
            )
        return self._state

    def answers(self) -> dict[str, str]:
        state = self.state()
        # Indexed for matching now, while the workers load spaCy, not after them.
        state.texts  # noqa: B018
        return _previous_answers(state)


def _load_state(
    path: Path, warnings: list[str], *, keep_corrupt: bool = False
) -> State:
    """Read the state; a corrupt one is set aside and the build starts afresh.

    A dry run reports a corrupt state but leaves the file where it is.
    """
    try:
        state = load_state(path)
    except RefusedStateError as error:
        raise CardsError(f"{path}: state file {error}; not read") from None
    except StateError as error:
        backup = path.with_name(path.name + ".corrupt")
        try:
            if keep_corrupt:
                backup = path
            else:
                os.replace(path, backup)
        except OSError:
            backup = path
        warnings.append(
            f"{path}: state file is corrupt ({error}); kept as {backup.name}, "
            "starting a new one"
        )
    except OSError as error:
        raise CardsError(
            f"{path}: cannot read the state file ({error.strerror})"
        ) from None
    else:
        shown = state.dropped[:_SHOWN_DROPPED]
        warnings.extend(f"{path}: {line}; left out" for line in shown)
        if len(state.dropped) > len(shown):
            more = len(state.dropped) - len(shown)
            warnings.append(f"{path}: {more} more damaged cards left out")
        return state
    return State()


_SHOWN_DROPPED = 10
"""Damaged state entries named one per line; past these, one line counts the rest."""


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
    """Build an Anki deck from a folder of Markdown notes (or one note).

    Args:
        source: the notes folder, a single ``.md`` file, or several of either
            (see `Selection`).
        output: where to write the ``.apkg``; default ``output/<source name>.apkg``.
        deck_name: the Anki deck's name; default the folder's name, capitalised.
        model: the spaCy pipeline to load; default ``en_core_web_sm`` or its PyPI copy.
        nlp: an already loaded pipeline (tests pass one to load it once).
        state_path: the state file; default `default_state(source)`.
        dry_run: work out the changes but write neither deck nor state.
        strict: refuse to write anything if a note cannot be read.
        now: the time stamped on new and changed cards; default the clock.
        jobs: worker processes that make the notes (see `cards.workers`);
            default one per core, and one when only a few notes need making.
        use_cache: reuse the claims of unchanged notes (see `cards.cache`).
        progress: told (notes done, notes in all) while notes are read.
        subdecks: 'notes' puts each note's cards in ``Deck::Note title``;
            'folders' follows the notes' folders; None keeps one deck.
        exclude: glob patterns of notes and folders to leave out.
        prose: paragraphs without bold give their most salient sentences too.
        waiting: told the folder when another build of it is writing, before
            this one waits for it to end.

    Settings in the notes folder's ``cards.toml`` (see `cards.config`) fill in
    every argument left out.

    Raises:
        SkippedNotesError: `strict` is set and some notes could not be read.
        CardsError: nothing could be built (no notes, no pipeline, output not writable).
    """
    selection = select(source)
    config = load_config(selection.root)
    if exclude:
        config = replace(config, exclude=(*config.exclude, *exclude))
    if prose:
        config = replace(config, prose=True)
    output = output or config.output or default_output(selection)
    check_output(output)
    name = clean_deck_name(deck_name or config.deck or _deck_name(selection))
    model = model or config.model
    subdecks = subdecks or config.subdecks  # type: ignore[assignment]
    jobs = jobs or config.jobs
    notices = []
    cores = _cores()
    if jobs and jobs > cores:
        notices.append(f"{jobs} jobs asked for, {cores} cores here: using {cores}")
        jobs = cores
    state_path = state_path if state_path is not None else default_state(selection)
    cache = _cache(use_cache, model)
    # One build writes a folder's deck and state at a time (see `_writers`).
    with _writers(state_path, dry_run, waiting):
        inputs = ""
        if cache is not None and not dry_run:
            inputs = _inputs_key(
                cache, selection, f"{name}\x00{subdecks}", output, strict, config
            )
            remembered = cache.reports.recall(inputs, output, state_path)
            if remembered is not None and _same_media(remembered):
                return _reused(remembered, output, state_path)
        last = _LastBuild(state_path, keep_corrupt=dry_run)
        # Forked before the notes are parsed: see `cards.deck.DeckWriter`.
        with (
            _Interrupts(output, state_path) as interrupts,
            DeckWriter(forking=not dry_run) as deck_writer,
        ):
            collected = collect(
                selection,
                model=model,
                nlp=nlp,
                jobs=jobs or cores,
                cache=cache,
                progress=progress,
                exclude=config.exclude,
                previous=last.answers,
                hand=config.hand,
                prose=config.prose,
            )
            previous, state_warnings = last.state(), last.warnings
            notes, claims, skipped = (
                collected.notes,
                collected.claims,
                collected.skipped,
            )
            if not notes:
                reason = (
                    "no readable Markdown notes" if skipped else "no Markdown notes"
                )
                where = ", ".join(str(path) for path in selection.paths)
                raise CardsError(f"{where}: {reason} found")
            if strict and skipped:
                raise SkippedNotesError(tuple(message for _, message in skipped))
            generation = _as_configured(collected.generation(), config)
            media = Media(find_vault(selection.root) or selection.root)
            generation = replace(
                generation, cards=tuple(media.with_images(generation.cards))
            )
            cards = generation.cards
            warnings = [
                *notices,
                *collected.warnings,
                *state_warnings,
                *media.warnings,
            ]

            fresh = [
                Fresh(
                    note=card.claim.note.name,
                    kind=card.kind,
                    # Two clozes of one sentence differ by their answer.
                    text=card.claim.text
                    if card.kind == "qa"
                    else f"{card.claim.text} [{card.answer_text}]",
                    fields=card_fields(card),
                    tags=card.tags,
                    aliases=tuple(claim.text for claim in card.merged),
                )
                for card in cards
            ]
            entries, current, changes = match(
                fresh,
                previous,
                now=now if now is not None else _now(),
                kept_notes=(name for name, _ in skipped),
            )
            subdeck_of = _subdecks(notes, subdecks)
            if not dry_run:
                # Written by the deck's process, where there is one, while this one
                # checks the cards and writes the state; the new deck and then the new
                # state take the old ones' places only once both are written.
                deck_writer.start(
                    (
                        DeckNote(
                            e.kind,
                            e.fields,
                            e.tags,
                            guid=e.guid,
                            mod=e.modified,
                            deck=subdeck_of.get(e.note, ""),
                        )
                        for e in entries
                    ),
                    output,
                    name=name,
                    media=sorted(media.files.items()),
                )
            quality = _judged(collected, generation)
            if not dry_run:
                interrupts.writing()
                try:
                    save_state(current, state_path, before_replace=deck_writer.wait)
                except OSError as error:
                    raise OutputError(
                        f"{state_path}: cannot write the state file ({error.strerror})"
                    ) from None
        with_cards = {card.claim.note.path for card in cards}
        summary = BuildSummary(
            notes_read=len(notes),
            skipped=tuple(message for _, message in skipped),
            notes_without_cards=sum(1 for note in notes if note.path not in with_cards),
            claims=len(claims),
            cards_by_kind=dict(Counter(card.kind for card in cards)),
            changes=changes,
            deck_path=None if dry_run else output,
            state_path=None if dry_run else state_path,
            warnings=tuple(warnings),
            cards=tuple(cards),
            dropped=generation.dropped,
            quality=quality,
            quality_line=summary_line(quality, len(generation.dropped))
            + _hand_line(len(generation.cards) - len(quality.cards)),
            entries=tuple(e for e in entries if e.retired is None),
            deck_name=name,
            media=tuple(sorted(media.files.items())),
        )
        if cache is not None and not dry_run:
            # The notes were hashed before they were read; only the deck and state just
            # written are new. The next build with the same notes has nothing to do.
            cache.reports.remember(
                inputs, output, state_path, _memo(summary, media.missing)
            )
        return summary


def _cores() -> int:
    """The cores this process may run on: a container's share, not the machine's."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


@dataclass
class _Interrupts:
    """Says what was written when a build is interrupted while writing: the deck
    may be in place and the state not yet."""

    output: Path
    state: Path
    before: tuple[object, object] | None = None

    def writing(self) -> None:
        self.before = (_identity(self.output), _identity(self.state))

    def __enter__(self) -> _Interrupts:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is not KeyboardInterrupt or self.before is None:
            return
        deck, state = (
            _identity(path) != before
            for path, before in zip((self.output, self.state), self.before, strict=True)
        )
        if deck and state:
            happened = f"after writing {self.output} and {self.state}"
        elif deck:
            happened = (
                f"after writing {self.output}, before writing {self.state}; "
                "the next build gives its cards the same GUIDs"
            )
        else:
            happened = (
                f"before writing {self.output}; it and the state are as they were"
            )
        raise InterruptedBuildError(f"interrupted {happened}") from None


def _identity(path: Path) -> object:
    """What tells a file from the one that replaces it."""
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_ino, status.st_mtime_ns)


def _writers(
    state_path: Path, dry_run: bool, waiting: Callable[[Path], object] | None
) -> contextlib.AbstractContextManager[None]:
    """The lock on the folder holding the state's folder (the notes folder, or a
    note's): a second build of the same notes waits for the first, which would
    otherwise write its state and deck over the second's. A dry run writes
    nothing and takes no lock."""
    if dry_run:
        return contextlib.nullcontext()
    folder = state_path.absolute().parent.parent
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    return one_writer(folder, waiting)


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


def _as_configured(generation: Generation, config: Config) -> Generation:
    """Keep the configured kinds, at most so many per note, with the extra tags
    and the tags of every tag rule the note's path matches."""
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


Subdecks = Literal["notes", "folders"]


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


def _inputs_key(
    cache: NoteCache,
    selection: Selection,
    name: str,
    output: Path,
    strict: bool,
    config: Config,
) -> str:
    """What a build reads: notes' bytes, settings, options; not its deck or state."""
    root = selection.root
    notes = selection.notes(config.exclude)
    options = [f"deck={name}", f"output={output.resolve()}", f"strict={strict}"]
    options.append(repr(config))
    settings = [root / CONFIG_FILE, root / "pyproject.toml"]
    return cache.reports.fingerprint(options, [*notes, *settings])


def _memo(summary: BuildSummary, images_missing: bool) -> dict[str, object]:
    return {
        "notes_read": summary.notes_read,
        "skipped": list(summary.skipped),
        "notes_without_cards": summary.notes_without_cards,
        "claims": summary.claims,
        "cards_by_kind": summary.cards_by_kind,
        "quality_line": summary.quality_line,
        # The images are not among the notes' files: a build that used some is
        # reused only while each is as it was, and none missing has appeared.
        "media": [[str(path), *_stat(path)] for _, path in summary.media],
        "images_missing": images_missing,
    }


def _stat(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (-1, -1)
    return (info.st_size, info.st_mtime_ns)


def _same_media(memo: dict[str, Any]) -> bool:
    if memo.get("images_missing", True):
        return False
    return all(
        list(_stat(Path(path))) == [size, mtime]
        for path, size, mtime in memo.get("media", [])
    )


def _reused(memo: dict[str, Any], output: Path, state_path: Path) -> BuildSummary:
    """The summary of a build that found nothing to do."""
    kinds = {str(kind): int(count) for kind, count in memo["cards_by_kind"].items()}
    return BuildSummary(
        notes_read=int(memo["notes_read"]),
        skipped=tuple(str(line) for line in memo["skipped"]),
        notes_without_cards=int(memo["notes_without_cards"]),
        claims=int(memo["claims"]),
        cards_by_kind=kinds,
        changes=Changes(unchanged=sum(kinds.values())),
        deck_path=output,
        state_path=state_path,
        quality_line=str(memo["quality_line"]),
        reused=True,
    )


@dataclass(frozen=True, slots=True)
class CheckSummary:
    """What ``cards check`` found."""

    report: QualityReport
    dropped: tuple[Dropped, ...] = ()
    notes_read: int = 0
    skipped: tuple[str, ...] = ()
    from_deck: bool = False
    hand_cards: int = 0
    """Cards written by hand in the notes: counted apart, not judged."""


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
    config = load_config(selection.root)
    model = model or config.model
    collected = collect(
        selection,
        model=model,
        nlp=nlp,
        cache=_cache(use_cache, model),
        exclude=config.exclude,
        hand=config.hand,
        prose=prose or config.prose,
    )
    if not collected.notes:
        where = ", ".join(str(path) for path in selection.paths)
        raise CardsError(f"{where}: no Markdown notes found")
    generation = _as_configured(collected.generation(), config)
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
