"""Prose, when asked for: a paragraph's most salient sentences become claims.

Claims come from list items and bold phrases; notes written as paragraphs give none.
With ``--prose`` (``prose = true`` in ``cards.toml``) each paragraph without bold
text also gives its most salient sentences: a few, never all of a longer paragraph.

A sentence is salient for what a learner could be asked about it: named entities and
numbers, and words rare in English (wordfreq), per word, so a long sentence does not
win by length alone. A sentence that leans on the one before it (*It*, *This*,
*They*), a question, or one too short or too long to be a card scores nothing.
A sentence defining a term (*Voxels are the pixels of brain images*) counts for
more, and its claim carries the term and its definition as a '**Term**:
definition' item does (`defined_term`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..read import Span

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

__all__ = [
    "MAX_PER_PARAGRAPH",
    "defined_term",
    "salient_sentences",
    "sentence_salience",
]

MAX_PER_PARAGRAPH = 3
SHARE = 0.67
"""Of a paragraph's sentences, at most this share (rounded up) become claims, and
never all of two or more."""
MIN_WORDS = 4
MAX_WORDS = 45
MIN_SALIENCE = 0.7
"""A sentence scoring below this asks nothing worth remembering."""
DEFINITION_BONUS = 1.0
"""What a sentence defining a term (`defined_term`) adds to its salience: the
question it asks, what the term is, is the card learners keep."""
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
    never all of two or more (a paragraph of one sentence may give it); the most
    salient first, a sentence defining a term before others."""
    count = len(sentences)
    limit = min(MAX_PER_PARAGRAPH, math.ceil(count * SHARE), max(1, count - 1))
    scored = sorted(
        (
            (-score, index)
            for index, sentence in enumerate(sentences)
            if (score := _score(sentence)) >= MIN_SALIENCE
        )
    )
    return sorted(index for _, index in scored[:limit])


def _score(sentence: SpacySpan) -> float:
    score = sentence_salience(sentence)
    if score and defined_term(sentence) is not None:
        score += DEFINITION_BONUS
    return score


MAX_TERM_WORDS = 5
_TERM_POS = frozenset({"NOUN", "PROPN", "ADJ", "PUNCT", "NUM"})
_MEANING_VERBS = frozenset({"mean", "denote", "refer"})
_PRESENT = frozenset({"VBZ", "VBP"})
_COMPLEMENT_POS = frozenset({"ADP", "DET"})
_COMPLEMENT_PREPOSITIONS = frozenset({"of"})


def defined_term(
    sentence: SpacySpan, complements: bool = False
) -> tuple[Span, int] | None:
    """The term a sentence defines and where its definition starts, both counted
    from the sentence's start, or None.

    *Voxels are the pixels of brain images* defines *Voxels* as *the pixels of
    brain images*, as the item '**Voxels**: the pixels of brain images' would: the
    sentence's subject is a short noun phrase that opens it, and its verb is 'be'
    followed by a noun phrase, or 'means', 'denotes' or 'refers to'. The generator
    then asks what the term is, when it is one a learner defines, as it asks the
    item's (`cards.generate.questions.term_question`). With `complements`, for an
    item's sentence, the term may hold 'of' and determiners ('Size of a tree is
    number of nodes in the tree'), asked by `cards.generate.labels`."""
    root = sentence.root
    subjects = [t for t in root.children if t.dep_ == "nsubj"]
    if len(subjects) != 1 or root.i <= sentence.start:
        return None
    subject = subjects[0]
    first = subject.left_edge.i
    while first < subject.i and sentence.doc[first].pos_ == "DET":
        first += 1
    term = sentence.doc[first : subject.right_edge.i + 1]
    if subject.left_edge.i != sentence.start or term.end != root.i:
        return None
    allowed = _TERM_POS | _COMPLEMENT_POS if complements else _TERM_POS
    if len(term) > MAX_TERM_WORDS or any(t.pos_ not in allowed for t in term):
        return None
    if complements and any(
        t.pos_ == "ADP" and t.lower_ not in _COMPLEMENT_PREPOSITIONS for t in term
    ):
        return None
    if term[0].pos_ in {"PUNCT", "ADJ"} or subject.pos_ not in {"NOUN", "PROPN"}:
        return None
    person = any(t.ent_type_ == "PERSON" and t.pos_ == "PROPN" for t in term)
    if person or root.tag_ not in _PRESENT:
        return None  # a person is asked who, and a past 'was' what it is: no
    after = sentence.doc[root.i + 1 : sentence.end]
    if root.lemma_ == "be":
        attributes = [t for t in root.children if t.dep_ == "attr"]
        if not attributes or not after or after[0].pos_ not in {"DET", "ADJ", "NOUN"}:
            return None
        definition = after[0]
    elif root.lemma_ in _MEANING_VERBS:
        rest = [t for t in after if not (t.lower_ == "to" and t.i == root.i + 1)]
        if not rest:
            return None
        definition = rest[0]
    else:
        return None
    base = sentence.start_char
    return (
        Span(term.start_char - base, term.end_char - base, "strong"),
        definition.idx - base,
    )
