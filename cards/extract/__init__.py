"""Stage 2, extract: spaCy reads a `ParsedNote`'s bullets, bold and (with --prose)
salient sentences into `ParsedClaim`s: each a `Claim` (the sentence, its spans and
place, what a card shows) with what spaCy read in it (words, answer candidates,
wh-questions), which generation chooses from and the card rules judge by.

`claims` runs the stage; it reads each sentence with `sentences` (lead-ins and bold
terms), `openings` (what a card's first words are read as), `words` and
`candidates` (the answers it could hide), `questions` (the wh-questions it answers)
and `prose` (which sentences of a plain paragraph are worth a claim)."""

from .candidates import Candidate
from .claims import (
    DEFAULT_PIPELINES,
    Claim,
    ParsedClaim,
    extract_claims,
    extract_note_claims,
    load_nlp,
)
from .openings import CONNECTIVES
from .wh_shapes import Question
from .words import Word, words_of

__all__ = [
    "CONNECTIVES",
    "DEFAULT_PIPELINES",
    "Candidate",
    "Claim",
    "ParsedClaim",
    "Question",
    "Word",
    "extract_claims",
    "extract_note_claims",
    "load_nlp",
    "words_of",
]
