"""An item that defines a term in a sentence of its own ('Size of a tree is number
of nodes in the tree'): when every blank of it is guessable alone, it asks what the
term is; when a blank makes a card, the cloze stays.

Every note here was written for these tests, and its parse checked with the pinned
pipeline (see test_questions.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from cards.extract import extract_claims
from cards.generate.handcards import make_note_cards
from cards.read.notes import read_text

QA, CLOZE = "qa", "cloze"


def cards_of(item: str, nlp: Language) -> list[tuple[str, str, str]]:
    note = read_text(f"## Weather and trees\n\n- {item}\n", Path("terms.md"))
    cards = make_note_cards(list(extract_claims([note], nlp))).cards
    return [(card.kind, card.prompt, card.answer) for card in cards]


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        # Every word is common, so each blank alone was guessable and the item
        # made no card; the definition is the fact.
        (
            "Size of a tree is number of nodes in the tree",
            [(QA, "What is the size of a tree?", "number of nodes in the tree")],
        ),
        # A leading 'The' is no part of the question's name.
        (
            "The size of a tree is the number of nodes in the tree",
            [(QA, "What is the size of a tree?", "the number of nodes in the tree")],
        ),
        (
            "Humidity is the amount of water vapour in the air",
            [(QA, "What is “Humidity”?", "the amount of water vapour in the air")],
        ),
        (
            "Dew point is the temperature at which air becomes saturated",
            [
                (
                    QA,
                    "What is “Dew point”?",
                    "the temperature at which air becomes saturated",
                )
            ],
        ),
        # A comparison or a ranking says what the term is like, not what it is.
        ("Fog is the most common hazard at the coast", []),
        # Two words are a remark, not a definition.
        ("Coastal fog is a concern", []),
        # A rare term makes a cloze, as it did before: the fallback adds cards only.
        (
            "Sleet is a mixture of rain and snow",
            [(CLOZE, "{{c1::Sleet}} is a mixture of rain and snow", "")],
        ),
    ],
)
def test_an_item_defining_a_term_asks_what_it_is_when_no_blank_would_do(
    item: str, expected: list[tuple[str, str, str]], nlp: Language
) -> None:
    assert cards_of(item, nlp) == expected
