"""The state file: what each card of the last build was, by GUID.

It is kept with the notes (``.cards/state.json``), one card per line in GUID order,
so it diffs well in git. A state file may come from elsewhere (a shared notes
repository), so it is read as untrusted: an entry not in the shape cards writes is
left out and named, and the fields and tags of an entry that goes back into a deck
pass what a note's card passes. Matching cards to its entries is `.matching`'s.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from ..files import atomic_write
from ..generate import sanitize, tag_name

__all__ = [
    "STATE_VERSION",
    "EncodedEntries",
    "Entry",
    "RefusedStateError",
    "State",
    "StateError",
    "TextIndex",
    "claim_part",
    "compared_text",
    "digest",
    "encode_entries",
    "load_state",
    "safe_entry",
    "save_state",
]

STATE_VERSION = 1


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
    updated is decided by its content (see `cards.identify.matching`); an unchanged
    card keeps its entry's digest."""
    modified: int
    """When the card's content last changed (seconds since the epoch)."""
    retired: int | None = None
    """When its claim disappeared from the notes, if it has."""


@dataclass
class State:
    """Every card the notes have given, live or retired, by GUID."""

    entries: dict[str, Entry] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    """Entries of the file left out as damaged: 'card GUID: what is wrong'."""

    @cached_property
    def texts(self) -> TextIndex:
        """The entries by text, as matching looks them up. Worked out once: a build
        asks for it while its workers load spaCy, so `match` finds it ready. (So a
        state's entries are not to be changed once it is asked for.)"""
        return TextIndex.of(self.entries)


@dataclass(frozen=True, slots=True)
class TextIndex:
    """GUIDs by (kind, text as compared), each list in GUID order."""

    live: dict[tuple[str, str], list[str]]
    claims: dict[tuple[str, str], list[str]]
    """Live cards by the claim of a cloze's text (see `claim_part`)."""
    retired: dict[tuple[str, str], list[str]]

    @classmethod
    def of(cls, entries: dict[str, Entry]) -> TextIndex:
        live: dict[tuple[str, str], list[str]] = defaultdict(list)
        claims: dict[tuple[str, str], list[str]] = defaultdict(list)
        retired: dict[tuple[str, str], list[str]] = defaultdict(list)
        for guid, entry in sorted(entries.items()):
            text = compared_text(entry.text)
            if entry.retired is not None:
                retired[(entry.kind, text)].append(guid)
                continue
            live[(entry.kind, text)].append(guid)
            claim = compared_text(claim_part(entry.text))
            claims[(entry.kind, claim)].append(guid)
        return cls(dict(live), dict(claims), dict(retired))


_DIGEST_JSON = json.JSONEncoder(ensure_ascii=False)
_STATE_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
"""Made once: ``json.dumps`` with options builds an encoder per call, and a vault's
state has tens of thousands of cards. Their output is ``json.dumps``'s."""


def digest(kind: str, fields: Sequence[str], tags: Iterable[str]) -> str:
    """What `Entry.digest` records of a card's content."""
    payload = _DIGEST_JSON.encode([kind, list(fields), sorted(tags)])
    return hashlib.sha256(payload.encode()).hexdigest()[:20]


def compared_text(text: str) -> str:
    """A text as matching compares it: case and spacing aside."""
    return " ".join(text.lower().split())


def claim_part(text: str) -> str:
    """A cloze entry's text is 'claim [answer]'; this is the claim."""
    return text.rsplit(" [", 1)[0] if text.endswith("]") else text


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
_FIELDS = {"cloze": 4, "qa": 5, "reverse": 5}
"""How many fields each kind's note type has (see
`cards.package.note_types.card_fields`)."""
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
        raise _DamagedEntry(f"kind {kind[:20]!r} is not 'cloze', 'qa' or 'reverse'")
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


def safe_entry(entry: Entry) -> Entry:
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


EncodedEntries = Mapping[str, tuple[Entry, str]]
"""Entries by GUID, each with its line of a state file (see `encode_entries`)."""


def encode_entries(state: State) -> dict[str, tuple[Entry, str]]:
    """Each entry of `state` with the line the state file gives it: worked out while
    a build waits for its workers, the new state's unchanged entries need not be
    encoded again (0.15 s for the 23,000 cards of bigvault)."""
    return {guid: (entry, _line(guid, entry)) for guid, entry in state.entries.items()}


def _line(guid: str, entry: Entry) -> str:
    return f"  {json.dumps(guid)}: {_STATE_JSON.encode(_entry_to_json(entry))}"


def save_state(
    state: State,
    path: Path,
    *,
    before_replace: Callable[[], object] | None = None,
    encoded: EncodedEntries | None = None,
) -> None:
    """Write the state atomically (see `cards.files.atomic_write`, which calls
    `before_replace` last). An entry equal to one of `encoded` is written as its
    line there.

    Raises:
        OSError: the folder cannot be created or written.
    """
    known = encoded or {}

    # One card per line, in GUID order: a changed card is a one-line diff, and
    # each line goes through json's C encoder (indenting would not). Written line
    # by line: a vault's state is tens of megabytes.
    def write(temporary: Path) -> None:
        with temporary.open("w", encoding="utf-8") as out:
            out.write('{\n "cards": {')
            separator = "\n"
            for guid, entry in sorted(state.entries.items()):
                before = known.get(guid)
                if before is not None and before[0] == entry:
                    line = before[1]
                else:
                    line = _line(guid, entry)
                out.write(f"{separator}{line}")
                separator = ",\n"
            out.write("\n }" if separator == ",\n" else "}")
            out.write(f',\n "version": {STATE_VERSION}\n}}\n')

    atomic_write(path, write, before_replace=before_replace)
