"""Near-duplicates: cards of different notes whose claims say the same thing.

Summaries of the same source repeat each other in other words; a card is compared
with another by the weighted content lemmas of their claims (`LemmaWeights`).
`duplicate_search` finds the pairs among a vault's cards.
"""

from __future__ import annotations

import math
import sys
from array import array
from typing import Any, NamedTuple

from ..extract import ParsedClaim
from .words import ZIPF_CEILING, content_lemmas, zipf

__all__ = [
    "NEAR_DUPLICATE_SIMILARITY",
    "LemmaWeights",
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
    """Weighted Dice coefficient of two claims' lemma weights (0 to 1).

    The shared weight is summed exactly (`math.fsum`): it depends on the two claims
    alone, not on the order their lemmas are met in.
    """
    total = sum(first.values()) + sum(second.values())
    if not total:
        return 0.0
    shared = math.fsum(weight for lemma, weight in first.items() if lemma in second)
    return 2 * shared / total
