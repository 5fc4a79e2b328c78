"""Matching: this build's cards paired with the last build's entries, so that each
card keeps its GUID.

Anki recognises a note by its GUID alone, and replaces a known note only when the
package's copy is newer. So each card keeps a GUID for as long as its claim lives,
and carries the time its content last changed.

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
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from .state import Entry, State, TextIndex, compared_text, digest, safe_entry

__all__ = ["MATCH_THRESHOLD", "RETIRED_TAG", "Changes", "Fresh", "match"]

MATCH_THRESHOLD = 70.0
RETIRED_TAG = "cards::retired"


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


@dataclass(frozen=True, slots=True)
class Changes:
    """How this build's cards relate to the last build's."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    """Cards whose claim disappeared in this build."""


def _birth_guid(card: Fresh, taken: set[str]) -> str:
    """A GUID for a card the state has never seen, unique among all ever given."""
    seed = f"{card.note}\x1f{card.kind}\x1f{compared_text(card.text)}"
    for salt in range(1_000_000):
        guid = "c" + hashlib.sha256(f"{seed}\x1f{salt}".encode()).hexdigest()[:15]
        if guid not in taken:
            return guid
    raise RuntimeError("no free GUID")  # pragma: no cover - 16 hex digits


def _pair_exact(
    cards: Sequence[Fresh],
    texts: TextIndex,
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
        key = (card.kind, compared_text(card.text))
        for guid in texts.live.get(key, ()):
            entry = live.get(guid)
            if entry is None:
                continue
            priority = 0 if _unchanged(entry, card) else 1
            ranked[priority if entry.note == card.note else 2].append((index, guid))
        for alias in card.aliases:
            for guid in texts.claims.get((card.kind, compared_text(alias)), ()):
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
    # Imported here: a build with nothing to do matches nothing.
    from rapidfuzz import fuzz

    open_cards = [i for i in range(len(cards)) if i not in pairs]
    new_notes = {cards[i].note for i in open_cards} - {e.note for e in live.values()}
    gone_notes = {e.note for e in live.values()} - {c.note for c in cards}

    def group(note: str) -> str:
        # Notes that appeared and notes that disappeared may be the same file renamed.
        return "\x00moved" if note in new_notes or note in gone_notes else note

    scored = []
    for index in open_cards:
        card = cards[index]
        text = compared_text(card.text)
        for guid, entry in live.items():
            if entry.kind != card.kind or group(entry.note) != group(card.note):
                continue
            score = fuzz.ratio(
                text, compared_text(entry.text), score_cutoff=MATCH_THRESHOLD
            )
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
        entry = safe_entry(entry)
        entries[guid] = entry
        written.append(entry)
    return written, State(entries), Changes(**counts)
