"""Near-duplicate search: which cards of different notes say the same thing, found
through an inverted index (never pair by pair), and found again after an edit by
searching only the cards that changed.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..records import Record
from .card import Card
from .duplicates import NEAR_DUPLICATE_SIMILARITY, LemmaWeights

__all__ = ["FoundPairs", "near_duplicate_pairs", "search_near_duplicates"]


_MAX_POSTINGS = 200
"""A lemma in more claims than this is too common to propose duplicates by."""

_Pair = tuple[int, int]


@dataclass(frozen=True, slots=True)
class FoundPairs(Record):
    """The near-duplicate pairs one search found, for the next to start from.

    A card is named by its note's digest and its place among the note's cards, not
    by its index in the build, which an added note shifts: the next search keeps
    the pairs of cards whose notes' digests it finds again (see
    `search_near_duplicates`).
    """

    groups: tuple[bytes, ...]
    """Each note's digest: its name and what search compares of each of its cards."""
    pairs: tuple[tuple[int, int, int, int], ...]
    """Each pair's cards, as (note, place among its cards) in `groups`, twice."""
    common: frozenset[str]
    """The lemmas in more than `_MAX_POSTINGS` claims, which decide nothing."""


def near_duplicate_pairs(
    cards: Sequence[Card], lemma_weights: Sequence[LemmaWeights]
) -> list[_Pair]:
    """Index pairs of cards from different notes whose claims say the same thing.

    Kept when their `similarity` over the lemmas in at most `_MAX_POSTINGS` claims
    reaches `NEAR_DUPLICATE_SIMILARITY` and they share a number if both have one.

    Pairs are proposed by prefix filtering, so a large vault is never compared pair
    by pair: two claims can only be that similar if they share a shared weight of
    at least s/(2 - s) of either one's total, so each claim is indexed by its
    rarest lemmas only, up to where the rest weigh less than that; every pair that
    can qualify shares one of them. `lemma_weights` gives each card's
    `LemmaWeights`, weighed while its claim's words were at hand (a card keeps
    only its claim).
    """
    notes = [card.claim.note.name for card in cards]
    return search_near_duplicates(notes, lemma_weights)[0]


def search_near_duplicates(
    notes: Sequence[str],
    lemma_weights: Sequence[LemmaWeights],
    last: FoundPairs | None = None,
) -> tuple[list[_Pair], FoundPairs]:
    """`near_duplicate_pairs` of cards given by their notes' names and their
    `LemmaWeights`, and what was found, starting from what the `last` search found.

    A pair's verdict depends on its two cards alone, but for which lemmas are too
    common to count: the pairs of unchanged notes' cards are kept, and only the
    cards of new or changed notes, and of every card holding a lemma that became
    too common or stopped being, are searched for partners. The pairs are those a
    search from nothing finds: a one-note edit searches a few cards, not the vault.
    """
    index = _Index(notes, lemma_weights)
    carried, searched = _carried(index, last)
    pairs = sorted(carried | index.search(searched))
    return pairs, _found(index, pairs)


class _Index:
    """A build's cards as near-duplicate search reads them: each one's note, lemma
    weights and total weight, and the cards holding each lemma."""

    def __init__(self, notes: Sequence[str], lemma_weights: Sequence[LemmaWeights]):
        self.notes = notes
        self.weights = lemma_weights
        self.totals = [sum(each.weights) for each in lemma_weights]
        self.counts = Counter(
            itertools.chain.from_iterable(each.lemmas for each in lemma_weights)
        )
        self.common = frozenset(
            lemma for lemma, count in self.counts.items() if count > _MAX_POSTINGS
        )
        self.groups, self.members = _groups(notes, lemma_weights)
        self._rare: dict[int, dict[str, float]] = {}

    def postings(self, lemmas: frozenset[str]) -> dict[str, list[int]]:
        """The cards holding each of `lemmas`, in order."""
        found: dict[str, list[int]] = {lemma: [] for lemma in lemmas}
        if not lemmas:
            return found
        for card, each in enumerate(self.weights):
            if not lemmas.isdisjoint(each.lemmas):
                for lemma in lemmas.intersection(each.lemmas):
                    found[lemma].append(card)
        return found

    def search(self, searched: bytearray) -> set[_Pair]:
        """The pairs of near-duplicates with at least one `searched` card.

        Each searched card is indexed by its prefix of lemmas, rarest first (fewest
        cards, then by name: one order for all); a pair of searched cards shares a
        lemma of both prefixes, and a searched card and another share one of the
        searched card's prefix, whatever the other's.
        """
        needed = NEAR_DUPLICATE_SIMILARITY / (2 - NEAR_DUPLICATE_SIMILARITY)
        indexed: dict[str, list[int]] = {}
        for card, each in enumerate(self.weights):
            if not searched[card]:
                continue
            own = sorted(
                (self.counts[lemma], lemma, weight)
                for lemma, weight in zip(each.lemmas, each.weights, strict=True)
                if lemma not in self.common
            )
            rest = sum(weight for _, _, weight in own)
            floor = needed * self.totals[card] - 1e-9
            for _, lemma, weight in own:
                if rest < floor:
                    break
                indexed.setdefault(lemma, []).append(card)
                rest -= weight
        notes = self.notes
        proposed: set[_Pair] = set()
        postings = self.postings(frozenset(indexed))
        for lemma, cards in indexed.items():
            others = [card for card in postings[lemma] if not searched[card]]
            for position, first in enumerate(cards):
                for second in cards[position + 1 :]:
                    if notes[first] != notes[second]:
                        proposed.add((first, second))
                for other in others:
                    if notes[first] != notes[other]:
                        proposed.add(
                            (first, other) if first < other else (other, first)
                        )
        return {pair for pair in proposed if self.near(*pair)}

    def near(self, first: int, second: int) -> bool:
        """Whether two cards are near-duplicates (see `near_duplicate_pairs`)."""
        total = self.totals[first] + self.totals[second]
        if not total:
            return False
        one, other = self.rare(first), self.rare(second)
        if len(one) > len(other):
            one, other = other, one
        shared = math.fsum(weight for lemma, weight in one.items() if lemma in other)
        if 2 * shared / total < NEAR_DUPLICATE_SIMILARITY:
            return False
        numbers = set(self.weights[first].numbers), set(self.weights[second].numbers)
        return not (all(numbers) and not numbers[0] & numbers[1])

    def rare(self, card: int) -> dict[str, float]:
        """A card's lemmas that are not too common, with their weights."""
        found = self._rare.get(card)
        if found is None:
            each = self.weights[card]
            found = self._rare[card] = {
                lemma: weight
                for lemma, weight in zip(each.lemmas, each.weights, strict=True)
                if lemma not in self.common
            }
        return found


def _carried(index: _Index, last: FoundPairs | None) -> tuple[set[_Pair], bytearray]:
    """The pairs of `last` whose cards are unchanged, by their index in this
    build, and which cards must be searched (1) for the rest."""
    if last is None:
        return set(), bytearray(b"\x01" * len(index.notes))
    was = {digest: group for group, digest in enumerate(last.groups)}
    searched = bytearray(len(index.notes))
    # The cards of each note of `last` found again, by their place in it.
    cards_of: dict[int, list[int]] = {}
    for digest, cards in zip(index.groups, index.members, strict=True):
        before = was.get(digest)
        if before is None:
            for card in cards:
                searched[card] = 1
        else:
            cards_of[before] = cards
    for cards in index.postings(index.common ^ last.common).values():
        for card in cards:
            searched[card] = 1
    carried = set()
    for group, place, other_group, other_place in last.pairs:
        if group not in cards_of or other_group not in cards_of:
            continue
        first, second = cards_of[group][place], cards_of[other_group][other_place]
        if not searched[first] and not searched[second]:
            carried.add((first, second) if first < second else (second, first))
    return carried, searched


def _found(index: _Index, pairs: list[_Pair]) -> FoundPairs:
    """What the next search starts from, given the pairs found."""
    paired = {card for pair in pairs for card in pair}
    places = {
        card: (group, place)
        for group, cards in enumerate(index.members)
        for place, card in enumerate(cards)
        if card in paired
    }
    return FoundPairs(
        tuple(index.groups),
        tuple((*places[first], *places[second]) for first, second in pairs),
        index.common,
    )


def _groups(
    notes: Sequence[str], lemma_weights: Sequence[LemmaWeights]
) -> tuple[list[bytes], list[list[int]]]:
    """Each note's digest (its name and what search compares of each of its
    cards), and its cards."""
    members: dict[str, list[int]] = {}
    for card, note in enumerate(notes):
        members.setdefault(note, []).append(card)
    digests = []
    for note, cards in members.items():
        digest = hashlib.blake2b(note.encode(), digest_size=16)
        for card in cards:
            each = lemma_weights[card]
            digest.update(
                "\x1e".join(("\x1f".join(each.lemmas), *each.numbers, "")).encode()
            )
            digest.update(each.weights.tobytes())
        digests.append(digest.digest())
    return digests, list(members.values())
