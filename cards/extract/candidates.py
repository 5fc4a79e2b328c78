"""Answer candidates: the spans of a claim that could be hidden or asked for.

spaCy proposes them: bold phrases (without edge quotes and a leading article),
named entities, numbers and noun chunks, each without the determiners, pronouns,
prepositions and punctuation at its edges. Choosing among them is the generate
stage's job.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

from ..read import Span

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

__all__ = ["NUMBER_LABELS", "Candidate", "find_candidates", "trim_edges"]

NUMBER_LABELS = frozenset({"CARDINAL", "QUANTITY", "PERCENT", "MONEY", "DATE", "TIME"})
_SKIPPED_ENTITY_LABELS = frozenset({"ORDINAL"})
_STRIPPED_AT_EDGES = frozenset(
    {"DET", "PRON", "ADP", "CCONJ", "SCONJ", "PUNCT", "PART"}
)


class Candidate(NamedTuple):
    """A span of a claim that could be hidden or asked for."""

    start: int
    end: int
    kind: Literal["bold", "entity", "number", "phrase"]
    label: str = ""


def trim_edges(span: SpacySpan) -> SpacySpan | None:
    """Strip determiners, pronouns, prepositions and punctuation from a span's edges.

    The 'least' of a stripped 'at least' goes too: the small model makes 'At least
    15%' one entity and one noun chunk, which left the blank 'At [least 15%]'.
    """
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].pos_ in _STRIPPED_AT_EDGES or doc[start].is_space
    ):
        start += 1
    if (
        span.start < start < end - 1
        and doc[start - 1].lower_ == "at"
        and doc[start].lower_ in {"least", "most"}
    ):
        start += 1
    while end > start and (
        doc[end - 1].pos_ in _STRIPPED_AT_EDGES or doc[end - 1].is_space
    ):
        end -= 1
    if start >= end:
        return None
    return doc[start:end]


def find_candidates(
    sentence: SpacySpan,
    spans: Sequence[Span],
    shift: int,
    own_start: int,
    *,
    spans_in_text: bool = False,
) -> list[Candidate]:
    """Bold phrases, entities, numbers and noun chunks of a sentence, deduplicated.

    Offsets are moved into the claim's text: by ``shift - sentence.start_char``, or
    not at all for `spans` already given in the claim's coordinates.
    """
    base = sentence.start_char
    found: dict[tuple[int, int], Candidate] = {}

    def add(
        start: int, end: int, kind: str, label: str = "", moved: bool = False
    ) -> None:
        if not moved:
            start, end = start - base + shift, end - base + shift
        if start < own_start or (start, end) in found:
            return
        found[(start, end)] = Candidate(start, end, kind, label)  # type: ignore[arg-type]

    doc = sentence.doc
    for span in spans:
        if span.kind != "strong":
            continue
        start, end = span.start, span.end
        if spans_in_text:
            # Spans in the claim's coordinates: map them back onto the sentence.
            start, end = start - shift + base, end - shift + base
        elif not (base <= start and end <= sentence.end_char):
            continue
        core = _bold_core(doc.char_span(start, end, alignment_mode="expand"))
        if core is not None:
            start, end = max(start, core.start_char), min(end, core.end_char)
        add(start, end, "bold")
    for entity in sentence.ents:
        if entity.label_ in _SKIPPED_ENTITY_LABELS:
            continue
        trimmed = trim_edges(entity)
        if trimmed is None:
            continue
        kind = "number" if entity.label_ in NUMBER_LABELS else "entity"
        add(trimmed.start_char, trimmed.end_char, kind, entity.label_)
    for token in sentence:
        if token.like_num and not token.ent_type_:
            add(token.idx, token.idx + len(token.text), "number", "NUM")
    for chunk in sentence.noun_chunks:
        if chunk.root.pos_ == "PRON":
            continue
        trimmed = trim_edges(chunk)
        if trimmed is not None:
            add(trimmed.start_char, trimmed.end_char, "phrase", chunk.root.pos_)
    return sorted(found.values(), key=lambda c: (c.start, c.end))


def _bold_core(span: SpacySpan | None) -> SpacySpan | None:
    """A bold phrase without its edge quotes, punctuation and leading article.

    '**"Civil Disobedience"**' asks for the words, not the quotation marks, and
    '**The Marquis de Lafayette**' hides 'Marquis de Lafayette' after 'The'.
    """
    if span is None:
        return None
    doc, start, end = span.doc, span.start, span.end
    while start < end and (doc[start].is_punct or doc[start].pos_ == "DET"):
        start += 1
    while end > start and doc[end - 1].is_punct and not _closes_inside(doc[start:end]):
        end -= 1
    return doc[start:end] if start < end else None


def _closes_inside(span: SpacySpan) -> bool:
    """Whether the span's last token closes a bracket the span opened."""
    last = span[-1].text
    opener = {")": "(", "]": "[", "}": "{"}.get(last)
    return opener is not None and opener in span.text[:-1]
