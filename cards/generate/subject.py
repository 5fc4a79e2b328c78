"""What a claim is about when it does not say: the label above its list, or the
heading above it, for an item that starts with its verb ('# Mitochondria' over
'- Contain their own circular DNA', 'Heatmap' over '- Used to show intensity')."""

from __future__ import annotations

import html

from ..extract import Claim, ParsedClaim
from .words import WORD

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
    | {"advantage", "advice", "algorithm", "alternate", "alternative", "answer"}
    | {"application", "attribute", "background", "basic", "benefit", "cause", "chapter"}
    | {"characteristic", "clinical", "common", "complication", "component", "con"}
    | {"concept", "conclusion", "consideration", "context", "day", "definition"}
    | {"description", "detail", "diagnosis", "disadvantage", "drawback", "effect"}
    | {"epidemiology", "episode", "etiology", "example", "extra", "fact", "feature"}
    | {"function", "further", "general", "highlight", "history", "idea"}
    | {"implementation", "important", "info", "information", "insight", "intro"}
    | {"introduction", "issue", "item", "key", "kind", "learning", "lecture", "lesson"}
    | {"limitation", "link", "list", "main", "management", "meaning", "mechanism"}
    | {"method", "misc", "miscellaneous", "module", "more", "name", "no", "note"}
    | {"other", "outline", "overview", "part", "pathophysiology", "pearl", "phase"}
    | {"phrase", "piece", "point", "presentation", "principle", "pro", "problem"}
    | {"prognosis", "property", "purpose", "question", "quote", "reading", "recap"}
    | {"reference", "related", "resource", "result", "review", "risk", "role", "round"}
    | {"section", "see", "sentence", "session", "several", "sign", "similar", "some"}
    | {"source", "stage", "step", "stuff", "summary", "symptom", "takeaway", "term"}
    | {"theorem", "thing", "thought", "tip", "todo", "topic", "treatment", "type"}
    | {"unit", "usage", "use", "various", "way", "week", "word", "yes"}
)
"""Words that name no one thing: a label or heading made only of these ('Key
Points', 'Types', 'Other Examples', 'Summary') says what kind of list follows,
not what it is about; and the parts every subject has ('Clinical Presentation',
'Treatment', 'History'), which stand for the subject above them."""
_NOT_A_NAME = frozenset(
    {"how", "why", "what", "when", "where", "which", "who", "whom", "whose"}
    | {"i", "you", "we", "it", "they", "this", "that", "these", "those"}
    | {"is", "are", "was", "were", "do", "does", "can", "should", "will"}
)
"""Words that make a heading a question or a sentence ('Why it matters', 'How we
got here'), not a name."""
_SUBJECT_TAGS = frozenset({"VBZ", "VBP", "VBD"})
_LABEL_TAGS = frozenset({"VBN", "MD"})
"""An item opening with one of these ('Used to show', 'Can be used') is read after
its subject and a colon: 'Heatmap: used to show'."""


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _plural(name: str) -> bool:
    """Whether a name of two words or more ends on a regular plural ('Spin
    Bowlers', 'Health Benefits'). A lone word may be a name or a Latin plural
    ('Harris', 'Mitochondria'), and a word in capitals an acronym ('GPUS'): they
    are left alone."""
    words = WORD.findall(name)
    if not words:
        return False
    last = words[-1]
    return (
        len(words) > 1
        and not last.isupper()
        and _singular(last.lower()) != last.lower()
        and not last.lower().endswith(("ss", "us", "is", "ics"))
    )


def is_generic(text: str) -> bool:
    """Whether a label or heading names no one thing: all its words are on
    `GENERIC_WORDS` ('Principles', 'Steps', 'Types', 'Key Components')."""
    words = [word.lower() for word in WORD.findall(text)]
    return all(
        word in GENERIC_WORDS or _singular(word) in GENERIC_WORDS or word.isdigit()
        for word in words
    )


def implied_subject(parsed: ParsedClaim) -> str:
    """HTML naming the subject of an item that starts with its verb, or ''.

    Study notes write '# Mitochondria' then '- Contain their own circular DNA': a
    claim about the heading's subject, which the card must name to be read alone.
    The label above the item's list is that subject when it names a thing
    (`Claim.subject`); else the nearest heading (or the note's title), when it is
    short and not generic. An item opening with a past participle or a modal
    ('Used to show', 'Can be used') reads after it and a colon.
    """
    claim = parsed.claim
    if claim.own_start or claim.term is not None or claim.kind != "item":
        return ""
    first = parsed.words[0] if parsed.words else None
    if first is None or first.tag not in _SUBJECT_TAGS | _LABEL_TAGS:
        return ""
    if first.tag == "VBN" and first.lemma == first.text.lower():
        return ""  # 'Set a cut-off': an instruction the tagger read as a participle
    if first.lemma == "do" or claim.text[first.end : first.end + 1] == ":":
        return ""  # "Don't use X" is an instruction; 'Localized: ...' a label
    subject = claim.subject
    if not subject or is_generic(subject):
        subject = _heading_subject(claim)
    if not subject or (first.tag == "VBZ" and _plural(subject)):
        # 'Spin Bowlers has taken …', 'Health Benefits improves …': a verb that
        # takes one subject under a heading naming many is about something else.
        return ""
    separator = ": " if first.tag in _LABEL_TAGS else " "
    subject = subject.rstrip(":\uff1a ")
    return html.escape(subject, quote=False) + separator


def _heading_subject(claim: Claim) -> str | None:
    """The nearest heading, when it is a short name of something."""
    subject = nearest_heading(claim)
    if not subject or len(subject.split()) > SUBJECT_WORDS or not subject[0].isalpha():
        return None
    if any(mark in subject for mark in ":?!()[]") or is_generic(subject):
        return None
    if any(word.lower() in _NOT_A_NAME for word in WORD.findall(subject)):
        return None
    return subject


def nearest_heading(claim: Claim) -> str:
    """The heading right above a claim, else its note's title."""
    return (claim.section[-1] if claim.section else claim.note.title).strip()


def text_after_subject(claim: Claim, subject: str) -> str:
    """The claim's text as it reads after an implied subject: lower case first."""
    text = claim.text
    if subject and text[:1].isupper() and not text[1:2].isupper():
        return text[:1].lower() + text[1:]
    return text
