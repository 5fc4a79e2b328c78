"""Stage 2, extract: spaCy reads a `Note`'s bullets, bold and (with --prose) salient
sentences into `Claim`s, each with its answer candidates and wh-questions."""

from .claims import DEFAULT_PIPELINES, Candidate, Claim, Word, extract_claims, load_nlp
from .questions import Question

__all__ = [
    "DEFAULT_PIPELINES",
    "Candidate",
    "Claim",
    "Question",
    "Word",
    "extract_claims",
    "load_nlp",
]
