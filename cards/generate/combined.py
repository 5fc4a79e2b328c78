"""The cards of many notes combined: near-duplicates across notes merged into one
card that carries both sources, and cards whose prompt another card asks with a
different answer dropped. Only this looks across notes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from ..extract import ParsedClaim
from .card import AMBIGUOUS, NEAR_DUPLICATE, Card, Dropped
from .duplicate_search import FoundPairs, search_near_duplicates
from .duplicates import LemmaWeights
from .note_cards import NoteCards, generate_note
from .rules import answer_key, prompt_key

__all__ = ["Generation", "combine", "generate", "make_cards"]


@dataclass(frozen=True, slots=True)
class Generation:
    """The cards made from a set of claims, and the claims that made none."""

    cards: tuple[Card, ...]
    dropped: tuple[Dropped, ...]
    similar: tuple[tuple[int, int], ...] | None = None
    """Index pairs of `cards` that are near-duplicates yet both kept (see
    `combine`); None when not worked out."""
    origins: tuple[int, ...] = ()
    """For each card, its index among the notes' cards before `combine` merged
    and dropped some: what was worked out per note still applies to it."""
    found: FoundPairs | None = None
    """The near-duplicates found among the notes' cards, for the next build's
    search to start from (see `combine`); None when not worked out."""


def generate(
    claims: Sequence[ParsedClaim], *, previous: Mapping[str, str] | None = None
) -> Generation:
    """Make one card per claim that deserves one, and say why the others do not.

    The claims are grouped by note (`generate_note`), then `combine`d.
    """
    by_note: dict[str, list[ParsedClaim]] = {}
    for parsed in claims:
        by_note.setdefault(parsed.claim.note.name, []).append(parsed)
    return combine(generate_note(group, previous) for group in by_note.values())


def make_cards(claims: Sequence[ParsedClaim]) -> Iterator[Card]:
    """Yield the cards of `claims` (see `generate` for the ones that make none)."""
    yield from generate(claims).cards


def combine(notes: Iterable[NoteCards], last: FoundPairs | None = None) -> Generation:
    """Put the notes' cards together: near-duplicates across notes are merged (the
    card carries both sources), and cards whose prompt another card asks with a
    different answer are dropped.

    `last` is what the last build's search for near-duplicates found (the
    generation's `found`): the search then looks only at the cards that changed
    since, and finds what it would find from nothing.
    """
    cards: list[Card] = []
    dropped: list[Dropped] = []
    lemma_weights: list[LemmaWeights] = []
    for note in notes:
        cards.extend(note.cards)
        dropped.extend(note.dropped)
        lemma_weights.extend(note.lemma_weights)
    names = [card.claim.note.name for card in cards]
    pairs, found = search_near_duplicates(names, lemma_weights, last)
    merged_cards, merged, survivors = _merge_pairs(cards, pairs)
    final, ambiguous, kept = _drop_ambiguous(merged_cards)
    # A pair's similarity depends on its claims alone, which merging keeps: the
    # pairs left among the final cards are the ones found before, renumbered.
    origins = tuple(survivors[index] for index in kept)
    position = {origin: new for new, origin in enumerate(origins)}
    similar = tuple(
        (position[first], position[second])
        for first, second in pairs
        if first in position and second in position
    )
    return Generation(
        tuple(final), (*dropped, *merged, *ambiguous), similar, origins, found
    )


def _merge_pairs(
    cards: Sequence[Card], pairs: Sequence[tuple[int, int]]
) -> tuple[list[Card], list[Dropped], list[int]]:
    """Merge the second card of each pair of near-duplicates into the first, and
    say which cards survive (by index).

    Pairs are of cards of different notes: within one note, parallel sentences
    ("Complex I accepts electrons from NADH", "Complex II ... FADH2") are different
    facts, while two notes that summarise the same source repeat each other (see
    `near_duplicate_pairs`). The kept card carries both sources and all tags; of
    a question and a cloze, the question is kept (the note that asked its fact as
    a question read its sentence more fully).
    """
    merged_into: dict[int, int] = {}
    survivors_so_far: set[int] = set()
    for first, second in pairs:
        if first in merged_into or second in merged_into:
            continue
        if cards[first].kind != cards[second].kind and cards[second].kind == "qa":
            first, second = second, first
        if second in survivors_so_far:
            continue  # it carries another card already: both stay
        merged_into[second] = first
        survivors_so_far.add(first)
    kept: dict[int, Card] = {i: c for i, c in enumerate(cards) if i not in merged_into}
    dropped = []
    for second, first in sorted(merged_into.items()):
        survivor, duplicate = kept[first], cards[second]
        kept[first] = replace(
            survivor,
            source=_join_sources(survivor.source, duplicate.source),
            tags=tuple(dict.fromkeys((*survivor.tags, *duplicate.tags))),
            merged=(*survivor.merged, duplicate.claim),
        )
        where = f"{survivor.claim.note.name}.md:{survivor.claim.line}"
        dropped.append(Dropped(duplicate.claim, NEAR_DUPLICATE, f"merged into {where}"))
    survivors = sorted(kept)
    return [kept[i] for i in survivors], dropped, survivors


def _join_sources(first: str, second: str) -> str:
    return first if second in first else f"{first}<br>{second}"


def _drop_ambiguous(
    cards: Sequence[Card],
) -> tuple[list[Card], list[Dropped], list[int]]:
    """Keep one card per prompt (`prompt_key`): two cards that ask the same must
    agree, and a card asked twice is kept once. Also says which cards are kept."""
    first_answer: dict[tuple[str, str], str] = {}
    kept, dropped, indexes = [], [], []
    for index, card in enumerate(cards):
        if card.claim.kind == "hand":
            # Written by hand: the owner's card as written, whatever it asks.
            kept.append(card)
            indexes.append(index)
            continue
        key = prompt_key(card)
        answer = answer_key(card)
        if key in first_answer and first_answer[key] != answer:
            dropped.append(Dropped(card.claim, AMBIGUOUS, "same prompt, other answer"))
            continue
        if key in first_answer:
            dropped.append(Dropped(card.claim, NEAR_DUPLICATE, "same card twice"))
            continue
        first_answer[key] = answer
        kept.append(card)
        indexes.append(index)
    return kept, dropped, indexes
