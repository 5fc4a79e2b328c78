"""The records of the generate stage: a `Card`, and a `Dropped` claim that gave none.

A `Dropped` record names the kind of rule that stopped its claim (`NOT_A_CLAIM`,
`SELF_CONTAINED`, `NO_ANSWER`, `NEAR_DUPLICATE`, `AMBIGUOUS`), as
``cards check --dropped`` lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..extract import Claim
from ..records import Record

__all__ = [
    "AMBIGUOUS",
    "NEAR_DUPLICATE",
    "NOT_A_CLAIM",
    "NO_ANSWER",
    "SELF_CONTAINED",
    "Card",
    "Dropped",
]


@dataclass(frozen=True, slots=True)
class Card(Record):
    """One Anki note: a cloze or a question with its answer."""

    kind: Literal["cloze", "qa"]
    prompt: str
    """HTML: the cloze text with its deletion, or the question."""
    answer: str
    """HTML: the answer of a question; empty for a cloze."""
    answer_text: str
    context: str
    source: str
    extra: str
    tags: tuple[str, ...]
    claim: Claim
    """The claim it asks about; not what spaCy read in it, which the rules judged
    the card by as it was made (`cards.generate.card_failures`)."""
    hidden: tuple[tuple[int, int], ...] = ()
    """The span of `claim.text` the card asks for: a cloze hides it, a question
    has it for its answer; empty for a card read back from a deck."""
    merged: tuple[Claim, ...] = ()
    """Claims of other notes that say the same and were merged into this card."""
    shape: str = ""
    """What a question asks for (`cards.generate.questions.SHAPES`): a term's
    meaning ('definition'), what it does, a value, a date's event, a person, an
    attribute, a label's list, or a wh-question's answer; empty for a cloze and a
    card written by hand."""


@dataclass(frozen=True, slots=True)
class Dropped(Record):
    """A claim that gave no card, and the rule that stopped it."""

    claim: Claim
    rule: str
    detail: str = ""


NOT_A_CLAIM = "not a claim"
"""The claim states no fact: a link, a placeholder, a fragment, an index page."""
SELF_CONTAINED = "self-contained"
"""The claim leans on something the card cannot show: 'It', 'them', no subject."""
NO_ANSWER = "no good answer"
"""No span of the claim makes a good answer, and it asks no question."""
NEAR_DUPLICATE = "near-duplicate"
"""A card of another note, or the same card, says the same: merged into it."""
AMBIGUOUS = "unambiguous"
"""Another card asks the same with another answer (the rule it would break)."""
