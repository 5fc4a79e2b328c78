"""The words of a claim: each token with what the quality rules need to know of it."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

__all__ = ["FINITE_TAGS", "Word", "words_of"]

FINITE_TAGS = frozenset({"VBZ", "VBP", "VBD", "MD"})
"""The tagger's finite verbs: a clause's tense ('made', 'is', 'can')."""


class Word(NamedTuple):
    """One token of a claim, with what the quality rules need to know of it.

    The leaf records (Word, Candidate, and notes' Span and Stamp) are named tuples
    rather than dataclasses: a vault has hundreds of thousands of them, and the
    claim cache loads tuples several times faster.
    """

    start: int
    end: int
    text: str
    lemma: str
    pos: str
    tag: str
    stop: bool
    entity: str
    """The entity type, '' outside an entity."""
    entity_inside: bool = False
    """Whether the word continues an entity begun by the word before it."""


def words_of(sentence: SpacySpan, shift: int) -> list[Word]:
    """The words of a parsed sentence (spaces left out), their offsets moved to
    where the sentence starts `shift` characters into a claim's text."""
    base = sentence.start_char
    return [
        Word(
            start=token.idx - base + shift,
            end=token.idx + len(token.text) - base + shift,
            text=token.text,
            lemma=token.lemma_.lower(),
            # Interned: a few dozen tags recur in every word, and a cached note
            # then stores each once.
            pos=sys.intern(token.pos_),
            tag=sys.intern(token.tag_),
            stop=token.is_stop,
            entity=sys.intern(token.ent_type_),
            entity_inside=token.ent_iob_ == "I",
        )
        for token in sentence
        if not token.is_space
    ]
