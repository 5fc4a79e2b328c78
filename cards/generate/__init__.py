"""Stage 3, generate: `ParsedClaim`s become `Card`s (a cloze or a question and
answer), each with its context, source line and tags, and keeping its `Claim` but
not what spaCy read in it; hand-written cards as written.

A '**Term**: explanation' item becomes a question about the term; every other claim
becomes a cloze that hides its bold phrase, or else its best candidate answer. The
modules, from a note's claims to a deck's cards:

- `note_cards`: a note's cards, made from that note alone (`generate_note`), and
  last build's answers that keep them as they were (`pins`);
- `statements`, `references`: whether a claim states a fact, and stands alone;
- `claim_cards`: a claim's cards: its `questions`, or clozes over its best answers
  (`ranking`);
- `answers`, `rules`: what makes a bad answer, and the table of the rules every card
  must hold, which ``cards check`` reports from;
- `words`, `subject`: the words the rules read, and the heading an item is about;
- `card`, `render`, `context`: the records, their HTML, and the context line,
  source and tags around it;
- `combined`, `duplicates`, `duplicate_search`: the cards of many notes together,
  near-duplicates merged (searched for among the cards that changed since the
  last build);
- `handcards`: the cards a note's owner wrote; `mathjax`: the TeX a card may hold;
- `reverse`: a definition's reversed card, for ``--reverse``.
"""

from .card import NEAR_DUPLICATE, NOT_A_CLAIM, Card, Dropped
from .claim_cards import claim_key
from .combined import Generation, combine, generate
from .context import tag_name
from .duplicate_search import FoundPairs, near_duplicate_pairs
from .duplicates import weigh_lemmas
from .handcards import hand_claims, is_hand, make_note_cards
from .note_cards import NoteCards, generate_note, pins
from .render import HTML_TAG, field_text, sanitize, visible_prompt
from .reverse import ReverseSides, reverse_sides
from .rules import (
    CARDS_PER_SENTENCE,
    MAX_ANSWER_WORDS,
    MUST,
    RULES,
    Rule,
    answer_key,
    card_failures,
    prompt_key,
)
from .words import load_word_frequencies, word_count

__all__ = [
    "CARDS_PER_SENTENCE",
    "HTML_TAG",
    "MAX_ANSWER_WORDS",
    "MUST",
    "NEAR_DUPLICATE",
    "NOT_A_CLAIM",
    "RULES",
    "Card",
    "Dropped",
    "FoundPairs",
    "Generation",
    "NoteCards",
    "ReverseSides",
    "Rule",
    "answer_key",
    "card_failures",
    "claim_key",
    "combine",
    "field_text",
    "generate",
    "generate_note",
    "hand_claims",
    "is_hand",
    "load_word_frequencies",
    "make_note_cards",
    "near_duplicate_pairs",
    "pins",
    "prompt_key",
    "reverse_sides",
    "sanitize",
    "tag_name",
    "visible_prompt",
    "weigh_lemmas",
    "word_count",
]
