"""What a claim is about when it does not say: the heading above an item that starts
with its verb ('# Mitochondria' over '- Contain their own circular DNA')."""

from __future__ import annotations

import html

from ..extract import Claim
from .words import WORD, zipf

__all__ = [
    "ATTRIBUTE_ZIPF",
    "GENERIC_WORDS",
    "SUBJECT_WORDS",
    "implied_subject",
    "is_generic",
    "nearest_heading",
    "text_after_subject",
]


SUBJECT_WORDS = 4
"""A heading this short ('Mitochondria', 'The Treaty of Versailles') can be the
subject of the items under it that start with their verb."""
ATTRIBUTE_ZIPF = 4.0
"""A label whose every content word is at least this common ('Other Names',
'Clinical Context', 'Key Features') names a property of something, not a thing."""

GENERIC_WORDS = frozenset(
    {"a", "an", "the", "and", "or", "of", "for", "to", "in", "on", "with", "vs", "my"}
    | {"advantage", "algorithm", "answer", "application", "attribute", "background"}
    | {"basic", "benefit", "chapter", "characteristic", "component", "con", "concept"}
    | {"conclusion", "consideration", "context", "day", "definition", "description"}
    | {"detail", "disadvantage", "drawback", "episode", "example", "extra", "fact"}
    | {"feature", "further", "general", "highlight", "idea", "implementation"}
    | {"important", "info", "information", "insight", "intro", "introduction", "issue"}
    | {"item", "key", "kind", "learning", "lecture", "lesson", "limitation", "link"}
    | {"list", "main", "method", "misc", "miscellaneous", "module", "more", "name"}
    | {"note", "other", "outline", "overview", "part", "phase", "point", "principle"}
    | {"pro", "problem", "property", "purpose", "question", "quote", "reading", "recap"}
    | {"reference", "related", "resource", "result", "review", "round", "section"}
    | {"see", "session", "source", "stage", "step", "stuff", "summary", "takeaway"}
    | {"term", "theorem", "thing", "thought", "tip", "todo", "topic", "type", "unit"}
    | {"usage", "use", "various", "way", "week"}
)
"""Words that name no one thing: a label or heading made only of these ('Key
Points', 'Types', 'Other Examples', 'Summary') says what kind of list follows,
not what it is about."""


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def is_generic(text: str) -> bool:
    """Whether a label or heading names no one thing: all its words are on
    `GENERIC_WORDS` ('Principles', 'Steps', 'Types', 'Key Components')."""
    words = [_singular(word.lower()) for word in WORD.findall(text)]
    return all(word in GENERIC_WORDS or word.isdigit() for word in words)


def implied_subject(claim: Claim) -> str:
    """HTML naming the subject of an item that starts with its verb, or ''.

    Study notes write '# Mitochondria' then '- Contain their own circular DNA': a
    claim about the heading's subject, which the card must name to be read alone.
    The nearest heading (else the note's title) is that subject when it is short.
    """
    if claim.own_start or claim.term is not None or claim.kind != "item":
        return ""
    first = claim.words[0] if claim.words else None
    if first is None or first.tag not in {"VBZ", "VBP", "VBD"}:
        return ""
    subject = nearest_heading(claim)
    if not subject or len(subject.split()) > SUBJECT_WORDS or not subject[0].isalpha():
        return ""
    if any(mark in subject for mark in ":?!()[]"):
        return ""
    if all(zipf(word) >= ATTRIBUTE_ZIPF for word in WORD.findall(subject)):
        return ""  # 'Principles', 'Steps': a heading that names no subject
    return html.escape(subject, quote=False) + " "


def nearest_heading(claim: Claim) -> str:
    """The heading right above a claim, else its note's title."""
    return (claim.section[-1] if claim.section else claim.note.title).strip()


def text_after_subject(claim: Claim, subject: str) -> str:
    """The claim's text as it reads after an implied subject: lower case first."""
    text = claim.text
    if subject and text[:1].isupper() and not text[1:2].isupper():
        return text[:1].lower() + text[1:]
    return text
