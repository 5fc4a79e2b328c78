"""A short label line above a list: the question it asks for its items, and the
subject it gives the items that start with their verb.

Every note here was written for these tests, and its parse checked with the pinned
pipeline (see test_questions.py): a failure after a model upgrade means re-checking
the parse before changing a rule.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from cards.extract import extract_claims
from cards.generate import Card
from cards.generate.handcards import make_note_cards
from cards.generate.subject import implied_subject
from cards.read.notes import read_text

QA = "qa"


def cards_of(markdown: str, nlp: Language) -> list[Card]:
    note = read_text(markdown, Path("weather.md"))
    return list(make_note_cards(list(extract_claims([note], nlp))).cards)


def shown(cards: list[Card]) -> list[tuple[str, str, str]]:
    """Each card as (kind, prompt, answer), in the note's order."""
    return [(card.kind, card.prompt, card.answer) for card in cards]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        # A label and one item: one question, in the label's own words.
        (
            "## Atmosphere\n\nBoiling point of water\n"
            "- 100 degrees Celsius at sea level\n",
            [
                (
                    QA,
                    "What is the boiling point of water?",
                    "100 degrees Celsius at sea level",
                )
            ],
        ),
        # A code span keeps its formatting; a verb-like first word is read as the
        # noun it is ('Use cases').
        (
            "## Atmosphere\n\nUse cases for `METAR` reports\n"
            "- Briefing pilots before departure\n"
            "- Planning airport ground operations\n",
            [
                (
                    QA,
                    "What are the use cases for <code>METAR</code> reports?",
                    "Briefing pilots before departure<br>"
                    "Planning airport ground operations",
                )
            ],
        ),
        # A label ending on 'is', which its item finishes: asked for what it names.
        (
            "## Atmosphere\n\nDew point is\n"
            "- The temperature at which air becomes saturated with water vapour\n",
            [
                (
                    QA,
                    "What is \u201cDew point\u201d?",
                    "The temperature at which air becomes saturated with water vapour",
                ),
            ],
        ),
        # An item starting with a participle or a modal takes the label as its
        # subject.
        (
            "## Atmosphere\n\nBarometer\n"
            "- Used to measure air pressure in hectopascals.\n",
            [
                (
                    QA,
                    "What is \u201cBarometer\u201d?",
                    "Used to measure air pressure in hectopascals.",
                ),
                (
                    "cloze",
                    "Barometer: used to measure air pressure in {{c1::hectopascals}}.",
                    "",
                ),
            ],
        ),
        # ... or, without a label, a heading that names something.
        (
            "## Radiosonde\n\n"
            "- Used to profile temperature and humidity through the troposphere.\n",
            [
                (
                    "cloze",
                    "Radiosonde: used to profile temperature and humidity through "
                    "the {{c1::troposphere}}.",
                    "",
                )
            ],
        ),
        # A heading made of generic words names nothing: the item has no subject.
        (
            "## Key Principles\n\n"
            "- Used to profile temperature and humidity through the troposphere.\n",
            [],
        ),
    ],
)
def test_label_asks_for_its_list(
    markdown: str, expected: list[tuple[str, str, str]], nlp: Language
) -> None:
    assert shown(cards_of(markdown, nlp)) == expected


TWO_CLOUDS = (
    "## Atmosphere\n\nKinds of clouds\n"
    "- Cumulus clouds are puffy and white.\n"
    "- Stratus clouds cover the sky in flat grey sheets.\n"
)


def test_a_label_over_two_items_asks_one_question(nlp: Language) -> None:
    cards = cards_of(TWO_CLOUDS, nlp)
    (question,) = [card for card in cards if card.kind == QA and card.shape != "wh"]
    assert question.prompt == "What are the kinds of clouds?"
    assert question.answer == (
        "Cumulus clouds are puffy and white.<br>"
        "Stratus clouds cover the sky in flat grey sheets."
    )
    assert question.context == "weather › Atmosphere"
    items = [card for card in cards if card is not question]
    # The items keep their cards, under the label, none asking a whole item:
    # 'What is puffy and white?' → 'Cumulus clouds', 'Stratus' in a cloze.
    assert [card.context for card in items] == [
        "weather › Atmosphere › Kinds of clouds"
    ] * 2
    assert all(card.answer_text != card.claim.text.rstrip(".") for card in items)


@pytest.mark.parametrize(
    "markdown",
    [
        # Three items: a set to recite (none of seven was kept by both raters).
        "## Atmosphere\n\nKinds of clouds\n"
        "- Cumulus clouds are puffy and white.\n"
        "- Stratus clouds cover the sky in flat grey sheets.\n"
        "- Cirrus clouds are thin wisps made of ice crystals.\n",
        # More than three items: a set, which no one card asks for.
        "## Atmosphere\n\nLayers of the atmosphere\n"
        "- The troposphere holds most of the water vapour.\n"
        "- The stratosphere holds the ozone layer.\n"
        "- The mesosphere burns up most meteors.\n"
        "- The thermosphere absorbs X-rays from the Sun.\n"
        "- The exosphere fades into space.\n",
        # An instruction, not a thing.
        "## Atmosphere\n\nMeasure the rainfall\n"
        "- Empty the rain gauge every morning.\n"
        "- Record the depth in millimetres.\n",
        # Generic words that name no one thing.
        "## Atmosphere\n\nKey points\n- Cumulonimbus clouds bring thunderstorms.\n",
        "## Atmosphere\n\nNotes\n- Cumulonimbus clouds bring thunderstorms.\n",
        # A sentence is no label.
        "## Atmosphere\n\nClouds form when rising air cools.\n"
        "- Cumulus clouds are puffy and white.\n",
    ],
)
def test_no_question_without_a_label_naming_a_short_list(
    markdown: str, nlp: Language
) -> None:
    cards = cards_of(markdown, nlp)
    assert cards, "the items still give their cards"
    # An item may still be asked its own wh-question; the label asks none.
    assert [card for card in cards if card.kind == QA and card.shape != "wh"] == []


def test_items_over_five_keep_their_cards_with_the_label_as_context(
    nlp: Language,
) -> None:
    cards = cards_of(
        "## Atmosphere\n\nLayers of the atmosphere\n"
        "- The troposphere holds most of the water vapour.\n"
        "- The stratosphere holds the ozone layer.\n"
        "- The mesosphere burns up most meteors.\n"
        "- The thermosphere absorbs X-rays from the Sun.\n"
        "- The exosphere fades into space.\n",
        nlp,
    )
    # Each blank is the item's subject, so each card asks for it.
    assert [(card.prompt, card.answer_text) for card in cards] == [
        ("What holds the ozone layer?", "stratosphere"),
        ("What burns up most meteors?", "mesosphere"),
        ("What absorbs X-rays from the Sun?", "thermosphere"),
        ("What fades into space?", "exosphere"),
    ]
    assert {card.context for card in cards} == {
        "weather › Atmosphere › Layers of the atmosphere"
    }


@pytest.mark.parametrize(
    ("markdown", "subject"),
    [
        # The label above the list, else a heading that names something.
        ("Barometer\n- Used to measure air pressure.\n", "Barometer: "),
        ("## Hygrometer\n\n- Can be calibrated with salt solutions.\n", "Hygrometer: "),
        ("## Mitochondria\n\n- Contains its own circular DNA.\n", "Mitochondria "),
        # A generic label gives way to the heading; a generic heading names nothing.
        ("## Hygrometer\n\nNotes\n- Can be calibrated with salt.\n", "Hygrometer: "),
        ("## Key Principles\n\n- Can be calibrated with salt solutions.\n", ""),
        ("## Clinical Presentation\n\n- Presents with fever and chills.\n", ""),
        ("## Why it matters\n\n- Can be calibrated with salt solutions.\n", ""),
        # An instruction, or an item that is a label of its own, takes none.
        ("## Anemometer\n\n- Don't mount it below the roof line.\n", ""),
        ("## Anemometer\n\n- Calibrated: checked against a wind tunnel.\n", ""),
        # A verb taking one subject is not about a heading naming many.
        (
            "## Red light therapy\n\n- Improves eyesight after 40.\n",
            "Red light therapy ",
        ),
        ("## Health Benefits\n\n- Improves eyesight after 40.\n", ""),
    ],
)
def test_an_item_starting_with_its_verb_takes_a_subject(
    markdown: str, subject: str, nlp: Language
) -> None:
    note = read_text(markdown, Path("weather.md"))
    (item,) = [c for c in extract_claims([note], nlp) if c.claim.kind == "item"]
    assert implied_subject(item) == subject


def test_a_bold_name_heading_a_nested_list_is_its_items_subject(
    nlp: Language,
) -> None:
    note = read_text(
        "## Spin bowlers\n\n"
        "- **Ravi Ashwin**\n    - Has taken 423 wickets in Asia.\n"
        "- **Statistics**\n    - Has taken 31 wickets at home.\n",
        Path("cricket.md"),
    )
    nested = [c for c in extract_claims([note], nlp) if c.claim.text.startswith("Has")]
    # A bold word that sorts the items ('Statistics') is no name, and the plural
    # heading does not take 'has'.
    assert [implied_subject(item) for item in nested] == ["Ravi Ashwin ", ""]


def test_a_bold_name_with_its_timestamp_is_its_items_subject(nlp: Language) -> None:
    # Talk summaries time every line, the name over a nested list too; the
    # heading above it is no nearer subject ('Notable Cases: remembered for …').
    note = read_text(
        "## Notable cases\n\n"
        "- **Michael Clarke** [00:21:35]:\n"
        "    - Remembered for taking 6/9 in India [00:22:09].\n",
        Path("cricket.md"),
    )
    (nested,) = [
        c for c in extract_claims([note], nlp) if c.claim.text.startswith("Remembered")
    ]
    assert implied_subject(nested) == "Michael Clarke: "
