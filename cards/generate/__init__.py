"""Stage 3, generate: `Claim`s become `Card`s (a cloze or a question and answer),
each with its context, source line and tags; hand-written cards as written."""

from .cardgen import (
    Card,
    Dropped,
    Generation,
    NoteCards,
    claim_key,
    combine,
    lighten,
    load_word_frequencies,
    pins,
    sanitize,
    tag_name,
    visible_prompt,
)
from .handcards import hand_claims, is_hand, make_note_cards

__all__ = [
    "Card",
    "Dropped",
    "Generation",
    "NoteCards",
    "claim_key",
    "combine",
    "hand_claims",
    "is_hand",
    "lighten",
    "load_word_frequencies",
    "make_note_cards",
    "pins",
    "sanitize",
    "tag_name",
    "visible_prompt",
]
