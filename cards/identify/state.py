"""Identity stage: this build's cards matched to the last build's GUIDs.

Anki recognises a note by its GUID alone, and replaces a known note only when the
package's copy is newer. So each card keeps a GUID for as long as its claim lives,
and carries the time its content last changed. Both are recorded in a state file
kept with the notes (``.cards/state.json``), one card per line in GUID order, so it
diffs well in git.

Matching, one to one, in two passes:

1. the same claim text (case and spacing aside) and kind, anywhere in the notes,
   so moving a bullet, reordering sections or renaming a file keeps the GUID;
2. for what is left, fuzzy similarity of the claim text (rapidfuzz's normalised
   Levenshtein ratio) within the same note, or between notes that appeared and
   disappeared in this build (a renamed and edited file), best pairs first.

`MATCH_THRESHOLD` is 70. On the sample notes, two different claims of the same note
score at most 51; a reworded claim scores 85-92 and a fixed typo 98; a sentence
rewritten from scratch scores about 55 and becomes a new card. A claim that is gone
is *retired*: it stays in the deck, tagged `RETIRED_TAG`, so the learner can find and
delete it; its GUID is never given to another claim.

A new card's GUID is derived from its note and text at birth. That is only its
starting value; what keeps it is the state. It also means a build that was killed
after writing the deck but before writing the state gives the same GUIDs again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from ..files import atomic_write
from ..generate import sanitize, tag_name

__all__ = [
    "MATCH_THRESHOLD",
    "RETIRED_TAG",
    "STATE_VERSION",
    "Changes",
    "Entry",
    "Fresh",
    "RefusedStateError",
    "State",
    "StateError",
    "load_state",
    "match",
    "save_state",
]

STATE_VERSION = 1
MATCH_THRESHOLD = 70.0
RETIRED_TAG = "cards::retired"


@dataclass(frozen=True, slots=True)
class Entry:
    """What the state remembers of one card."""

    guid: str
    note: str
    """The name of the note it came from (path without '.md')."""
    kind: str
    text: str
    """The claim's plain text: what matching compares."""
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    digest: str
    """Hash of kind, fields and tags, recorded with the card. Whether a card was
    updated is decided by its content (see `_unchanged`); an unchanged card keeps
    its entry's digest."""
    modified: int
    """When the card's content last changed (seconds since the epoch)."""
    retired: int | None = None
    """When its claim disappeared from the notes, if it has."""


@dataclass(frozen=True, slots=True)
class Fresh:
    """A card of this build, as the identity stage needs it."""

    note: str
    kind: str
    text: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    """Other wordings of the same card: the claims of near-duplicates merged into
    it. Which of them carries the card may change between builds; the GUID must
    not."""


@dataclass
class State:
    """Every card the notes have given, live or retired, by GUID."""

    entries: dict[str, Entry] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    """Entries of the file left out as damaged: 'card GUID: what is wrong'."""

    @cached_property
    def texts(self) -> _Texts:
        """The entries by text, as matching looks them up. Worked out once: a build
        asks for it while its workers load spaCy, so `match` finds it ready. (So a
        state's entries are not to be changed once it is asked for.)"""
        return _Texts.of(self.entries)


@dataclass(frozen=True, slots=True)
class _Texts:
    """GUIDs by (kind, text as compared), each list in GUID order."""

    live: dict[tuple[str, str], list[str]]
    claims: dict[tuple[str, str], list[str]]
    """Live cards by the claim of a cloze's text (see `_claim_part`)."""
    retired: dict[tuple[str, str], list[str]]

    @classmethod
    def of(cls, entries: dict[str, Entry]) -> _Texts:
        live: dict[tuple[str, str], list[str]] = defaultdict(list)
        claims: dict[tuple[str, str], list[str]] = defaultdict(list)
        retired: dict[tuple[str, str], list[str]] = defaultdict(list)
        for guid, entry in sorted(entries.items()):
            text = _normal(entry.text)
            if entry.retired is not None:
                retired[(entry.kind, text)].append(guid)
                continue
            live[(entry.kind, text)].append(guid)
            claims[(entry.kind, _normal(_claim_part(entry.text)))].append(guid)
        return cls(dict(live), dict(claims), dict(retired))


@dataclass(frozen=True, slots=True)
class Changes:
    """How this build's cards relate to the last build's."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    """Cards whose claim disappeared in this build."""


_DIGEST_JSON = json.JSONEncoder(ensure_ascii=False)
_STATE_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
"""Made once: ``json.dumps`` with options builds an encoder per call, and a vault's
state has tens of thousands of cards. Their output is ``json.dumps``'s."""


def digest(kind: str, fields: Sequence[str], tags: Iterable[str]) -> str:
    payload = _DIGEST_JSON.encode([kind, list(fields), sorted(tags)])
    return hashlib.sha256(payload.encode()).hexdigest()[:20]


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def _birth_guid(card: Fresh, taken: set[str]) -> str:
    """A GUID for a card the state has never seen, unique among all ever given."""
    seed = f"{card.note}\x1f{card.kind}\x1f{_normal(card.text)}"
    for salt in range(1_000_000):
        guid = "c" + hashlib.sha256(f"{seed}\x1f{salt}".encode()).hexdigest()[:15]
        if guid not in taken:
            return guid
    raise RuntimeError("no free GUID")  # pragma: no cover - 16 hex digits


def _claim_part(text: str) -> str:
    """A cloze entry's text is 'claim [answer]'; this is the claim."""
    return text.rsplit(" [", 1)[0] if text.endswith("]") else text


def _pair_exact(
    cards: Sequence[Fresh],
    texts: _Texts,
    live: dict[str, Entry],
    pairs: dict[int, str],
) -> None:
    """Pair cards with entries of the same text, most certain pairs first.

    Priorities: same text and content (nothing changed), same text in the same
    note, same text elsewhere (a moved bullet or renamed file), the same claim
    under another merged wording, and last a retired entry of the same text,
    which comes back rather than leaving the card's history behind. Only entries
    in `live` pair as live ones: the others belong to notes kept as they were.
    """
    # One list per priority, each in (card, GUID) order as it is filled: cards
    # are visited in order, and each text's GUIDs were listed in order.
    ranked: list[list[tuple[int, str]]] = [[], [], [], [], []]
    for index, card in enumerate(cards):
        key = (card.kind, _normal(card.text))
        for guid in texts.live.get(key, ()):
            entry = live.get(guid)
            if entry is None:
                continue
            priority = 0 if _unchanged(entry, card) else 1
            ranked[priority if entry.note == card.note else 2].append((index, guid))
        for alias in card.aliases:
            for guid in texts.claims.get((card.kind, _normal(alias)), ()):
                if guid in live:
                    ranked[3].append((index, guid))
        for guid in texts.retired.get(key, ()):
            ranked[4].append((index, guid))
    ranked[3].sort()  # a card's aliases may list GUIDs out of order
    taken: set[str] = set()
    for pairings in ranked:
        for index, guid in pairings:
            if index in pairs or guid in taken:
                continue
            pairs[index] = guid
            taken.add(guid)
            live.pop(guid, None)


def _unchanged(entry: Entry, card: Fresh) -> bool:
    """Whether a card's content is the entry's: what equal digests tell, without
    hashing every card of the vault (an entry's digest is its content's)."""
    return (
        entry.kind == card.kind
        and entry.fields == card.fields
        and (entry.tags == card.tags or sorted(entry.tags) == sorted(card.tags))
    )


def _pair_similar(
    cards: Sequence[Fresh], live: dict[str, Entry], pairs: dict[int, str]
) -> None:
    open_cards = [i for i in range(len(cards)) if i not in pairs]
    new_notes = {cards[i].note for i in open_cards} - {e.note for e in live.values()}
    gone_notes = {e.note for e in live.values()} - {c.note for c in cards}

    def group(note: str) -> str:
        # Notes that appeared and notes that disappeared may be the same file renamed.
        return "\x00moved" if note in new_notes or note in gone_notes else note

    scored = []
    for index in open_cards:
        card = cards[index]
        text = _normal(card.text)
        for guid, entry in live.items():
            if entry.kind != card.kind or group(entry.note) != group(card.note):
                continue
            score = fuzz.ratio(text, _normal(entry.text), score_cutoff=MATCH_THRESHOLD)
            if score:
                scored.append((-score, index, guid))
    for _, index, guid in sorted(scored):
        if index not in pairs and guid in live:
            pairs[index] = guid
            del live[guid]


def _later(now: int, entry: Entry) -> int:
    """A time Anki will see as newer than the entry's, even within the same second."""
    return max(now, entry.modified + 1)


def match(
    cards: Sequence[Fresh],
    state: State,
    *,
    now: int,
    kept_notes: Iterable[str] = (),
) -> tuple[list[Entry], State, Changes]:
    """Give every card a GUID and a modification time.

    Args:
        cards: this build's cards.
        state: the last build's state.
        now: the time to stamp on new and changed cards.
        kept_notes: notes that could not be read this time; their cards are kept
            as they were rather than retired.

    Returns:
        The entries to write, in the order of `cards` followed by retired ones; the
        new state; and the counts of new, updated, unchanged and retired cards.
    """
    kept = set(kept_notes)
    live = {
        guid: entry
        for guid, entry in state.entries.items()
        if entry.retired is None and entry.note not in kept
    }
    pairs: dict[int, str] = {}
    _pair_exact(cards, state.texts, live, pairs)
    _pair_similar(cards, live, pairs)

    taken = set(state.entries)
    entries: dict[str, Entry] = {}
    counts = {"new": 0, "updated": 0, "unchanged": 0, "retired": 0}
    for index, card in enumerate(cards):
        paired = pairs.get(index)
        before = state.entries[paired] if paired is not None else None
        if before is not None and _unchanged(before, card):
            guid, card_digest = before.guid, before.digest
            modified, outcome = before.modified, "unchanged"
        elif before is not None:
            guid, card_digest = before.guid, digest(card.kind, card.fields, card.tags)
            modified, outcome = _later(now, before), "updated"
        else:
            guid = _birth_guid(card, taken)
            card_digest = digest(card.kind, card.fields, card.tags)
            taken.add(guid)
            modified, outcome = now, "new"
        counts[outcome] += 1
        entries[guid] = Entry(
            guid=guid,
            note=card.note,
            kind=card.kind,
            text=card.text,
            fields=card.fields,
            tags=card.tags,
            digest=card_digest,
            modified=modified,
        )
    written = list(entries.values())
    for guid, entry in sorted(state.entries.items()):
        if guid in entries:
            continue  # matched this build, revived retired entries included
        if entry.note in kept and entry.retired is None:
            entries[guid] = entry
            continue
        if entry.retired is None:
            counts["retired"] += 1
            tags = tuple(sorted({*entry.tags, RETIRED_TAG}))
            entry = Entry(
                **{
                    **asdict(entry),
                    "tags": tags,
                    "digest": digest(entry.kind, entry.fields, tags),
                    "modified": _later(now, entry),
                    "retired": now,
                }
            )
        entry = _made_safe(entry)
        entries[guid] = entry
        written.append(entry)
    return written, State(entries), Changes(**counts)


class StateError(ValueError):
    """The state file is not one this version of cards wrote."""


class RefusedStateError(StateError):
    """The state file is no file to read: not a regular file, or far too large."""


class _DamagedEntry(ValueError):
    """One entry of the state file is not in the shape cards writes."""


MAX_STATE_BYTES = 512 << 20
"""A vault of 21,000 cards keeps about 20 MB of state; a file over this is refused
rather than read into memory."""
_LATEST_TIME = 253_402_300_799
"""The last second of the year 9999: any later time is no time a build stamped."""
_GUID = re.compile(r"c[0-9a-f]{15}")
_DIGEST = re.compile(r"[0-9a-f]{20}")
_FIELDS = {"cloze": 4, "qa": 5}
"""How many fields each kind's note type has (see `cards.deck.card_fields`)."""
_MAX_TEXT = 1 << 20
_PLAIN_FIELD = re.compile(
    r"(?:[^<&\\]|&(?:amp|lt|gt|quot|#x27);|</?(?:b|i|code|sub|sup)>|<br>|</a>"
    r'|<a href="(?:https?|obsidian)://(?:[^"<>&\\]|&amp;)*">)*'
)
"""A field that can hold nothing unsafe: text without math, and the tags and links
cards writes. Such a field needs no sanitizer (a fifth of the time per card)."""


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if type(value) is not str or len(value) > _MAX_TEXT:
        raise _DamagedEntry(f"{key!r} is not a text")
    return value


def _texts(data: dict[str, Any], key: str) -> tuple[str, ...]:
    # map() keeps the loops in C: a vault's state has tens of thousands of entries.
    values = data.get(key)
    if type(values) is not list or not {*map(type, values)} <= {str}:
        raise _DamagedEntry(f"{key!r} is not a list of texts")
    if sum(map(len, values)) > _MAX_TEXT:
        raise _DamagedEntry(f"{key!r} is too long")
    return tuple(values)


def _time(data: dict[str, Any], key: str) -> int:
    value = data.get(key)
    if type(value) is not int or not 0 <= value <= _LATEST_TIME:
        raise _DamagedEntry(f"{key!r} is not a time in seconds")
    return value


def _entry_from_json(guid: str, data: object) -> Entry:
    """An entry as the file holds it, checked field by field.

    Raises:
        _DamagedEntry: a value of the wrong type, range, kind or shape.
    """
    if not _GUID.fullmatch(guid):
        raise _DamagedEntry("not a GUID cards gives")
    if not isinstance(data, dict):
        raise _DamagedEntry("not a mapping")
    kind = _text(data, "kind")
    fields = _texts(data, "fields")
    if kind not in _FIELDS:
        raise _DamagedEntry(f"kind {kind[:20]!r} is neither 'cloze' nor 'qa'")
    if len(fields) != _FIELDS[kind]:
        raise _DamagedEntry(
            f"a {kind} card has {_FIELDS[kind]} fields, not {len(fields)}"
        )
    if kind == "cloze" and "{{c1::" not in fields[0]:
        raise _DamagedEntry("a cloze without a deletion")
    card_digest = _text(data, "digest")
    if not _DIGEST.fullmatch(card_digest):
        raise _DamagedEntry("'digest' is not a digest")
    return Entry(
        guid=guid,
        note=_text(data, "note"),
        kind=kind,
        text=_text(data, "text"),
        fields=fields,
        tags=_texts(data, "tags"),
        digest=card_digest,
        modified=_time(data, "modified"),
        retired=None if data.get("retired") is None else _time(data, "retired"),
    )


def _made_safe(entry: Entry) -> Entry:
    """An entry whose fields and tags pass what a note's card passes, as a
    state file from elsewhere (a shared notes repository) may hold anything."""
    fields = tuple(
        value if _PLAIN_FIELD.fullmatch(value) else sanitize(value)
        for value in entry.fields
    )
    tags = tuple(dict.fromkeys(tag for tag in map(tag_name, entry.tags) if tag))
    if fields == entry.fields and tags == entry.tags:
        return entry
    return replace(
        entry, fields=fields, tags=tags, digest=digest(entry.kind, fields, tags)
    )


def _read_state_file(path: Path) -> bytes | None:
    """The bytes of a state file; None when there is none.

    Raises:
        StateError: not a regular file, or over `MAX_STATE_BYTES`.
        OSError: the file exists but cannot be read.
    """
    try:
        # Non-blocking, so that a FIFO in its place cannot hang the build.
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode):
            raise RefusedStateError("not a regular file")
        if status.st_size > MAX_STATE_BYTES:
            raise RefusedStateError(
                f"too large ({status.st_size >> 20} MB; "
                f"the limit is {MAX_STATE_BYTES >> 20} MB)"
            )
    except BaseException:
        os.close(handle)
        raise
    with open(handle, "rb") as file:
        return file.read(MAX_STATE_BYTES + 1)


def _whole_number(text: str) -> int | str:
    # Digits past any time cards stamps stay text, for the entry's check to refuse:
    # int() of thousands of digits is slow, and refused by Python past 4,300.
    return int(text) if len(text) <= 20 else text


def load_state(path: Path) -> State:
    """Read a state file; a missing file is an empty state.

    An entry that is not in the shape cards writes is left out and named in
    `State.dropped`; the others are kept.

    Raises:
        RefusedStateError: not a regular file, or too large.
        StateError: not valid JSON, or not in the expected shape.
        OSError: the file exists but cannot be read.
    """
    raw = _read_state_file(path)
    if raw is None:
        return State()
    if len(raw) > MAX_STATE_BYTES:
        raise RefusedStateError(f"too large (the limit is {MAX_STATE_BYTES >> 20} MB)")
    try:
        data = json.loads(raw.decode("utf-8"), parse_int=_whole_number)
    except (ValueError, RecursionError) as error:
        raise StateError(f"not valid JSON ({error})") from None
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        raise StateError(f"not a version {STATE_VERSION} state file")
    cards = data.get("cards")
    if not isinstance(cards, dict):
        raise StateError("no 'cards' mapping")
    state = State()
    for guid, value in cards.items():
        try:
            state.entries[guid] = _entry_from_json(guid, value)
        except _DamagedEntry as error:
            state.dropped.append(f"card {guid[:40]!r}: {error}")
    return state


def _entry_to_json(entry: Entry) -> dict[str, Any]:
    # Field by field rather than dataclasses.asdict, which deep-copies every
    # string: a vault's state holds tens of thousands of entries.
    data: dict[str, Any] = {
        "note": entry.note,
        "kind": entry.kind,
        "text": entry.text,
        "fields": list(entry.fields),
        "tags": list(entry.tags),
        "digest": entry.digest,
        "modified": entry.modified,
    }
    if entry.retired is not None:
        data["retired"] = entry.retired
    return data


def save_state(
    state: State, path: Path, *, before_replace: Callable[[], object] | None = None
) -> None:
    """Write the state atomically (see `cards.files.atomic_write`, which calls
    `before_replace` last).

    Raises:
        OSError: the folder cannot be created or written.
    """

    # One card per line, in GUID order: a changed card is a one-line diff, and
    # each line goes through json's C encoder (indenting would not). Written line
    # by line: a vault's state is tens of megabytes.
    def write(temporary: Path) -> None:
        with temporary.open("w", encoding="utf-8") as out:
            out.write('{\n "cards": {')
            separator = "\n"
            for guid, entry in sorted(state.entries.items()):
                data = _STATE_JSON.encode(_entry_to_json(entry))
                out.write(f"{separator}  {json.dumps(guid)}: {data}")
                separator = ",\n"
            out.write("\n }" if separator == ",\n" else "}")
            out.write(f',\n "version": {STATE_VERSION}\n}}\n')

    atomic_write(path, write, before_replace=before_replace)
