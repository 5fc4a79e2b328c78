"""Near-duplicates: cards of different notes whose claims say the same thing.

Summaries of the same source repeat each other in other words; a card is compared
with another by the weighted content lemmas of their claims (`LemmaWeights`).
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Sequence
from typing import Any, NamedTuple

from ..extract import ParsedClaim
from .card import Card
from .words import ZIPF_CEILING, content_lemmas, zipf

__all__ = [
    "NEAR_DUPLICATE_SIMILARITY",
    "LemmaWeights",
    "near_duplicate_pairs",
    "similarity",
    "weigh_lemmas",
]


NEAR_DUPLICATE_SIMILARITY = 0.45
"""Weighted Dice similarity of two claims' content lemmas, where a word counts more
the rarer it is in English. Summaries of the same episode say the same thing in other
words; on the test corpus's labelled paraphrase pairs this scores 0.40-0.78 (4 of 5
pairs reach 0.45), and distinct claims about the same subject at most 0.34."""


class LemmaWeights(NamedTuple):
    """What near-duplicate search compares of a card's claim (`similarity`): its own
    content lemmas, each weighted by its rarity in English, and its numbers.

    Kept for every card of a vault through a build, so kept small: a dict of
    floats per card was the largest thing a build held (50 of the 91 MB of a
    1,000-note vault's cached cards). Lemma names are interned when loaded, so each
    is held once however many cards use it.
    """

    lemmas: tuple[str, ...]
    """The claim's own content lemmas, in the order they first appear."""
    weights: array[float]
    """Each lemma's weight, in the same order."""
    numbers: tuple[str, ...]
    """The numbers the claim says: two claims that both say some must share one."""

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (
            _loaded_lemma_weights,
            (self.lemmas, self.weights.tobytes(), self.numbers),
        )

    def as_dict(self) -> dict[str, float]:
        """Each lemma with its weight."""
        return dict(zip(self.lemmas, self.weights, strict=True))


def _loaded_lemma_weights(
    lemmas: tuple[str, ...], weights: bytes, numbers: tuple[str, ...]
) -> LemmaWeights:
    return LemmaWeights(tuple(map(sys.intern, lemmas)), array("d", weights), numbers)


def weigh_lemmas(parsed: ParsedClaim) -> LemmaWeights:
    """What near-duplicate search compares of a card's claim."""
    weighted = _weighted_lemmas(parsed)
    return LemmaWeights(
        tuple(weighted),
        array("d", weighted.values()),
        tuple(sorted(_numbers(parsed))),
    )


def _lemma_weight(lemma: str) -> float:
    return max(0.5, ZIPF_CEILING - zipf(lemma))


def _weighted_lemmas(parsed: ParsedClaim) -> dict[str, float]:
    """The claim's own content lemmas (not a shared lead-in's) and their weights."""
    claim = parsed.claim
    own = [word for word in parsed.words if word.start >= claim.own_start]
    return {lemma: _lemma_weight(lemma) for lemma in content_lemmas(own)}


def _numbers(parsed: ParsedClaim) -> frozenset[str]:
    return frozenset(word.text for word in parsed.words if word.pos == "NUM")


def similarity(first: dict[str, float], second: dict[str, float]) -> float:
    """Weighted Dice coefficient of two claims' lemma weights (0 to 1)."""
    total = sum(first.values()) + sum(second.values())
    if not total:
        return 0.0
    shared = sum(weight for lemma, weight in first.items() if lemma in second)
    return 2 * shared / total


_MAX_POSTINGS = 200
"""A lemma in more claims than this is too common to propose duplicates by."""


def near_duplicate_pairs(
    cards: Sequence[Card], lemma_weights: Sequence[LemmaWeights]
) -> list[tuple[int, int]]:
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
    totals = [sum(each.weights) for each in lemma_weights]
    notes = [card.claim.note.name for card in cards]
    postings: dict[str, list[int]] = {}
    for index, each in enumerate(lemma_weights):
        for lemma in each.lemmas:
            postings.setdefault(lemma, []).append(index)
    # Shared weight is summed in the order lemmas first appear, whatever the
    # order of the search, so every build adds the same floats the same way.
    first_seen = {lemma: position for position, lemma in enumerate(postings)}
    rarity = {
        lemma: (len(indexes), first_seen[lemma])
        for lemma, indexes in postings.items()
        if len(indexes) <= _MAX_POSTINGS
    }
    del postings
    needed = NEAR_DUPLICATE_SIMILARITY / (2 - NEAR_DUPLICATE_SIMILARITY)
    indexed: dict[str, list[int]] = {}
    for index, each in enumerate(lemma_weights):
        # Rarest first; no two lemmas are equally rare, so nothing else compares.
        own = sorted(
            (rarity[lemma], lemma, weight)
            for lemma, weight in zip(each.lemmas, each.weights, strict=True)
            if lemma in rarity
        )
        rest = sum(weight for _, _, weight in own)
        floor = needed * totals[index] - 1e-9
        for _, lemma, weight in own:
            if rest < floor:
                break
            indexed.setdefault(lemma, []).append(index)
            rest -= weight
    proposed: set[tuple[int, int]] = set()
    for indexes in indexed.values():
        for position, first in enumerate(indexes):
            for second in indexes[position + 1 :]:
                if notes[first] != notes[second]:
                    proposed.add((first, second))
    pairs = []
    for first, second in sorted(proposed):
        total = totals[first] + totals[second]
        weights = lemma_weights[first].as_dict()
        shared = {lemma for lemma in weights if lemma in rarity}
        shared &= set(lemma_weights[second].lemmas)
        common = 0.0
        for lemma in sorted(shared, key=first_seen.__getitem__):
            common += weights[lemma]
        if not total or 2 * common / total < NEAR_DUPLICATE_SIMILARITY:
            continue
        numbers = set(lemma_weights[first].numbers), set(lemma_weights[second].numbers)
        if all(numbers) and not numbers[0] & numbers[1]:
            continue
        pairs.append((first, second))
    return pairs
