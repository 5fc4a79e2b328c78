"""The label a '**Label**: sentence. Sentence.' item's later sentences stand under.

A labelled item is about its label: in '**Cipla**: Received four notices. In
August 2018, its cough syrup failed to meet standards.', the second sentence's
'its' is Cipla's. Its card used to show the sentence alone, and the learner was
left to ask whose syrup: over rounds 24 to 42, the 180 rated cards of such later
sentences were kept by 48% of grades and called dangling by 13%, against 1% for
the first sentences, which show their label. So a later sentence is shown under
its label, as the first one is: 'Cipla: In [August 2018], its cough syrup failed
…', and its questions are asked under it too ('Cipla: When did …?').

The label is a frame, not part of the claim's own words: like a joined lead-in it
stands before `Claim.own_start`, so no blank hides it, and a pronoun after it may
stand for it (`cards.generate.references`). Such a sentence defines no term of its
own: it is about its label ('Ben Duckett: Ashwin is a strong matchup against
Duckett' is no definition of Ashwin).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from ..read import Span
from .questions import frame_text, framed_questions
from .words import words_of

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .claims import Claim, ParsedClaim

__all__ = ["label_end", "label_frame", "under_label"]


def label_frame(label: Span, doc: Doc, text: str) -> str | None:
    """The label (`label`, offsets in the item's text, which `doc` parsed) a later
    sentence whose claim reads `text` stands under, or None: a label too long for a
    frame (`frame_text`) is a sentence of its own, one the tokenizer ran into
    the text after it has no words of its own, and a sentence that names its label
    needs no frame ('Jacques Kallis: Jacques Kallis possessed …')."""
    frame = frame_text(doc.text[label.start : label.end])
    if frame is None:
        return None
    if doc.char_span(label.start, label.end, alignment_mode="contract") is None:
        return None
    if re.search(rf"(?<!\w){re.escape(frame)}(?!\w)", text, re.IGNORECASE):
        return None
    return frame


def label_end(claim: Claim) -> int:
    """Where the label a claim stands under ends in its text: a later sentence's
    frame (a bold label and ': ' before its own words), or a '**Term**:
    explanation' item's term; 0 for a claim without one."""
    if claim.term is not None:
        return claim.definition_start
    start = claim.own_start
    framed = start > 2 and claim.text[start - 2 : start] == ": "
    return start if framed and Span(0, start - 2, "strong") in claim.spans else 0


def under_label(parsed: ParsedClaim, frame: str, label: Span, doc: Doc) -> ParsedClaim:
    """A later sentence's claim shown under its item's label: `frame`, the
    `label_frame` of `label` (offsets in the item's text, which `doc` parsed)."""
    claim = parsed.claim
    read = doc.char_span(label.start, label.end, alignment_mode="contract")
    assert read is not None, "label_frame gives no frame without the label's words"
    raw = doc.text[label.start : label.end]
    shift = len(frame) + 2
    words = tuple(
        w._replace(start=w.start + shift, end=w.end + shift) for w in parsed.words
    )
    return replace(
        parsed,
        claim=replace(
            claim,
            text=f"{frame}: {claim.text}",
            spans=(
                Span(0, len(frame), "strong"),
                *(
                    s._replace(start=s.start + shift, end=s.end + shift)
                    for s in claim.spans
                ),
            ),
            own_start=claim.own_start + shift,
        ),
        # The label's words, their offsets from where the frame starts.
        words=(
            *words_of(read, read.start_char - label.start - raw.index(frame)),
            *words,
        ),
        candidates=tuple(
            c._replace(start=c.start + shift, end=c.end + shift)
            for c in parsed.candidates
        ),
        questions=tuple(framed_questions(parsed.questions, frame, words, shift)),
        defines=None,
    )
