"""Prose, when asked for: a paragraph's most salient sentences become claims.

Claims come from list items and bold phrases; notes written as paragraphs give none.
With ``--prose`` (``prose = true`` in ``cards.toml``) each paragraph without bold
text also gives its most salient sentences: a few, never all of a longer paragraph.

A sentence is salient for what a learner could be asked about it: named entities and
numbers, and words rare in English (wordfreq), per word, so a long sentence does not
win by length alone. A sentence that leans on the one before it (*It*, *This*,
*They*), a question, or one too short or too long to be a card scores nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

__all__ = ["MAX_PER_PARAGRAPH", "salient_sentences", "sentence_salience"]

MAX_PER_PARAGRAPH = 3
SHARE = 0.67
"""Of a paragraph's sentences, at most this share (rounded up) become claims, and
never all of two or more."""
MIN_WORDS = 4
MAX_WORDS = 45
MIN_SALIENCE = 0.7
"""A sentence scoring below this asks nothing worth remembering."""
_CONTENT = frozenset({"NOUN", "PROPN", "NUM", "VERB", "ADJ"})
_LEANING = frozenset({"it", "this", "that", "these", "those", "they", "he", "she"})
_ZIPF_CEILING = 7.0


def sentence_salience(sentence: SpacySpan) -> float:
    """How much a sentence holds to be asked about (see the module's docstring)."""
    words = [token for token in sentence if not token.is_punct and not token.is_space]
    if not MIN_WORDS <= len(words) <= MAX_WORDS:
        return 0.0
    if words[0].lower_ in _LEANING or sentence.text.rstrip().endswith("?"):
        return 0.0
    # Imported here: wordfreq takes a fifth of a second to import, which a build
    # with nothing to parse need not pay.
    from wordfreq import zipf_frequency

    score = 0.0
    for token in words:
        if token.pos_ not in _CONTENT or token.is_stop:
            continue
        rarity = max(0.0, _ZIPF_CEILING - zipf_frequency(token.lower_, "en"))
        score += rarity / 2
        if token.ent_type_:
            score += 1.0
        if token.like_num:
            score += 0.5
    return score / math.sqrt(len(words))


def salient_sentences(sentences: Sequence[SpacySpan]) -> list[int]:
    """The indexes, in order, of a paragraph's sentences worth a claim.

    At most `MAX_PER_PARAGRAPH`, at most two thirds of a paragraph's sentences and
    never all of two or more (a paragraph of one sentence may give it)."""
    count = len(sentences)
    limit = min(MAX_PER_PARAGRAPH, math.ceil(count * SHARE), max(1, count - 1))
    scored = sorted(
        (
            (-score, index)
            for index, sentence in enumerate(sentences)
            if (score := sentence_salience(sentence)) >= MIN_SALIENCE
        )
    )
    return sorted(index for _, index in scored[:limit])
