"""Stage 2, extract: spaCy reads a `Note`'s bullets, bold and (with --prose) salient
sentences into `Claim`s, each with its answer candidates and wh-questions.

`claims` runs the stage; it reads each sentence with `sentences` (lead-ins and bold
terms), `openings` (what a card's first words are read as), `words` and
`candidates` (the answers it could hide), `questions` (the wh-questions it answers)
and `prose` (which sentences of a plain paragraph are worth a claim)."""

from .candidates import Candidate
from .claims import (
    DEFAULT_PIPELINES,
    Claim,
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
    "Question",
    "Word",
    "extract_claims",
    "extract_note_claims",
    "load_nlp",
    "words_of",
]
