"""A list item's sentence and the text around it: the lead-in it finishes or shows
("There is now an opportunity to:"), the bold term it explains ("**Term**: ..."),
and the case of its first letter once it stands elsewhere in a sentence."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..read import Block, ParsedNote, Span
from .words import FINITE_TAGS

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

__all__ = [
    "REPORTING_VERBS",
    "bold_term",
    "joined_sentences",
    "lead_in",
    "lead_prefix",
    "recase",
]

_INCOMPLETE_ENDINGS = frozenset({"ADP", "PART", "AUX", "DET", "SCONJ", "CCONJ", "VERB"})
"""A lead-in whose last word is one of these parts of speech ("...an opportunity to:",
"...issues include:") needs its list item to finish the sentence."""
_TERM_SEPARATORS = (":", "\u2013", "\u2014", "- ")
"""What stands between a bold term and its explanation: a colon or a dash."""


def joined_sentences(parsed: ParsedNote, docs: dict[int, Doc]) -> dict[int, str]:
    """For each item that finishes its lead-in, the sentence a reader hears.

    The item is parsed again inside that sentence: alone, "Treat engineers like peers"
    reads to the tagger as a noun phrase; after "an opportunity to" it is a verb.
    """
    joined = {}
    for index, doc in docs.items():
        block = parsed.blocks[index]
        if block.kind != "item" or bold_term(block)[0] is not None:
            continue
        lead, finishes = lead_in(parsed, block, docs)
        sentences = list(doc.sents)
        if lead is None or not finishes or not sentences:
            continue
        if _a_clause_of_its_own(lead, sentences[0]):
            continue
        own = sentences[0].text.rstrip()
        if _lowercase_first(sentences[0]):
            own = recase(own, str.lower)
        joined[index] = lead_prefix(lead) + own
    return joined


REPORTING_VERBS = frozenset(
    {
        "argue",
        "believe",
        "claim",
        "conclude",
        "explain",
        "find",
        "note",
        "observe",
        "point",
        "report",
        "say",
        "show",
        "suggest",
        "think",
        "write",
        "warn",
        "stress",
        "emphasise",
        "emphasize",
        "insist",
        "add",
        "recommend",
        "estimate",
    }
)
"""Verbs whose object is a clause ('The report said the outfield was slow')."""


def _a_clause_of_its_own(lead: SpacySpan, item: SpacySpan) -> bool:
    """Whether an item after a lead-in ending on a verb or a preposition is a
    clause with its own subject and tense, which that lead-in cannot take:
    'However, some performances stood out:' + '**Chris Woakes** made a comeback'
    read as one sentence 'stood out Chris Woakes made a comeback', and 'Certain
    restrictions apply:' + 'Joint accounts are not permitted' as garbled. The item
    stands alone, the lead-in above it as context. After 'because:', 'that:' or
    'are:' a clause does finish the sentence."""
    words = [token for token in lead if not token.is_punct]
    if not words or words[-1].pos_ not in {"VERB", "ADP"}:
        return False
    if words[-1].lemma_.lower() in REPORTING_VERBS:
        return False  # 'The pitch report said:' + 'the outfield was slow'
    root = item.root
    subjects = [
        child
        for child in root.children
        if child.dep_ in {"nsubj", "nsubjpass"} and child.left_edge.i == item.start
    ]
    finite = root.tag_ in FINITE_TAGS or any(
        child.dep_ in {"aux", "auxpass"} and child.tag_ in FINITE_TAGS
        for child in root.children
    )
    tail = [token for token in item if not token.is_punct and token.i > root.i]
    # 'Forstner bits' alone reads to the tagger as a subject and its verb.
    return root.pos_ in {"VERB", "AUX"} and bool(subjects) and finite and bool(tail)


def lead_prefix(lead: SpacySpan) -> str:
    """The lead-in as it stands before the item that finishes it, without its ':'."""
    return lead.text.rstrip().rstrip(":").rstrip() + " "


def lead_in(
    parsed: ParsedNote, block: Block, docs: dict[int, Doc]
) -> tuple[SpacySpan | None, bool]:
    """The lead-in sentence of an item, and whether the item finishes it.

    A lead-in ending in ':' is finished by an item when it ends on a word that
    cannot end a sentence ('Issues include:'); so is a label line without a colon
    (`cards.read.Block.label`), when it ends on that word itself ('GPS finds
    location by') and a verb there follows an auxiliary ('Turing complete must
    have'): the tagger reads many a label's last noun as a verb ('Jet streams'),
    and 'Pivoting' or 'SF - Sign Flag (for signed)' above a list names it.
    """
    if block.lead_in is None or block.lead_in not in docs:
        return None, False
    sentences = list(docs[block.lead_in].sents)
    if not sentences:
        return None, False
    last = sentences[-1]
    words = [token for token in last if not token.is_punct]
    if not words or words[-1].pos_ not in _INCOMPLETE_ENDINGS:
        return last, False
    if last.text.rstrip().endswith(":"):
        return last, True
    final = words[-1]
    finishes = (
        parsed.blocks[block.lead_in].label
        and final.i == last.end - 1
        and (final.pos_ != "VERB" or (len(words) > 1 and words[-2].pos_ == "AUX"))
    )
    return last, finishes


def bold_term(block: Block) -> tuple[Span | None, int]:
    """Find a '**Term**: explanation' opening: the term, and where the rest starts."""
    first = next((span for span in block.spans if span.kind == "strong"), None)
    if first is None or first.start != 0:
        return None, 0
    text = block.text
    inner = text[first.start : first.end]
    if inner.rstrip().endswith(":"):
        term_end = first.start + len(inner.rstrip()) - 1
        after = first.end
    elif text[first.end :].lstrip().startswith(_TERM_SEPARATORS):
        term_end = first.end
        rest = text[first.end :]
        after = first.end + len(rest) - len(rest.lstrip()) + 1
    else:
        return None, 0
    while after < len(text) and text[after].isspace():
        after += 1
    if term_end <= first.start or after >= len(text):
        return None, 0
    return Span(first.start, term_end, "strong"), after


def recase(text: str, change: Callable[[str], str]) -> str:
    """Change the case of the first letter, unless that would change the length
    ('ﬁ'.upper() is 'FI'): every offset into the text must stay valid."""
    first = change(text[:1])
    return first + text[1:] if len(first) == len(text[:1]) else text


def _lowercase_first(sentence: SpacySpan) -> bool:
    """Whether an item's first word loses its capital when it finishes a lead-in:
    the article 'A' too, which has no lower-case letters to tell it by ('Past
    projects include A chatbot for renters' read garbled, rounds 34 and 40)."""
    first = sentence[0]
    if first.text == "A" and first.pos_ == "DET":
        return True
    return (
        first.pos_ != "PROPN"
        and not first.ent_type_
        and first.text != "I"
        and first.text[1:].islower()
    )
