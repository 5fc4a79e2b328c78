"""Reversed definitions (``--reverse``): a definition card asked the other way, its
definition shown and its term recalled.

Only a term's meaning reverses into one answer. The other questions would come back
as prompts with many right answers: '100 °C' asks for no one label, a list's items
for no one heading, and a wh-question's answer was cut from a sentence that the
reverse would have to show whole. A definition reverses into no card when what the
learner sees gives the term away (the definition or the context line holds a word
of it: 'Feedback inhibition' explained as 'a product that inhibits…'), or when two
terms share it, which would give the reverse two answers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from .card import Card
from .questions import DEFINITION
from .render import field_text, render_html, sanitize

__all__ = ["ReverseSides", "gives_away", "reverse_sides"]


class ReverseSides(NamedTuple):
    """What a definition's reversed card shows, and what it asks for (HTML)."""

    definition: str
    term: str


_WORD = re.compile(r"[^\W_]+")
_STEM = 5
"""Letters of a term's word that, opening a shown word, give the word away:
'Tachypnea' is given away by 'tachypneic', 'Inhibition' by 'inhibits'. A longer
stem would miss inflections; a shorter one would refuse more reverses (a term
missing its reverse costs less than a reverse that shows its answer)."""
_ROOT = 4
"""Letters of a shown word that, opening a word of the term, give it away: 'peel'
gives 'Peeling' away, 'cell' 'Cellulitis' (a loss the reverse can afford)."""
_SHORT = 2
"""Words of at most this many letters ('of', 'pH') count only when the term has
no longer word, and then only whole."""


def reverse_sides(cards: Sequence[Card]) -> list[ReverseSides | None]:
    """For each card, the sides of its reversed card, or None: not a definition,
    a definition that gives its term away, or one another term shares."""
    keys = [_definition_key(card) if card.shape == DEFINITION else "" for card in cards]
    shared = Counter(key for key in keys if key)
    return [
        _sides(card) if key and shared[key] == 1 else None
        for card, key in zip(cards, keys, strict=True)
    ]


def _definition_key(card: Card) -> str:
    return " ".join(card.answer_text.lower().split())


def _sides(card: Card) -> ReverseSides | None:
    claim = card.claim
    term = claim.term
    if term is None:
        return None
    plain = claim.text[term.start : term.end]
    shown = f"{card.answer_text} {field_text(card.context)}"
    if gives_away(plain, shown):
        return None
    rendered = render_html(claim.text, claim.spans, start=term.start, end=term.end)
    # The term is bold in the note ('**Term**: …'); as an answer it needs no bold.
    term_html = rendered.replace("<b>", "").replace("</b>", "")
    return ReverseSides(card.answer, sanitize(term_html))


def gives_away(term: str, shown: str) -> bool:
    """Whether `shown` holds a word of `term`, a word that starts as one does, or
    one a word of it starts with ('Peeling' explained as 'Peel the potatoes')."""
    words = _WORD.findall(term.lower())
    long_words = [word for word in words if len(word) > _SHORT]
    seen = _WORD.findall(shown.lower())
    if not long_words:
        return any(word in seen for word in words)
    return any(
        word.startswith(term_word[:_STEM])
        or (len(word) >= _ROOT and term_word.startswith(word))
        for word in seen
        for term_word in long_words
    )
