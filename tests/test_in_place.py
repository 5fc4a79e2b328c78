"""A cloze's figure asked where it stands: (note, question, answer) tables.

Every note here was written for these tests; each row is one bullet under one
heading, so a row is one card. The parse behind each row was checked with the
pinned pipeline.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from cards.extract.claims import ParsedClaim, extract_claims
from cards.generate.card import Card
from cards.generate.combined import generate
from cards.generate.render import field_text
from cards.generate.rules import card_failures
from cards.read.notes import read_text


def parse(item: str, nlp: Language) -> list[ParsedClaim]:
    markdown = f"# Field notes\n\n## Findings\n\n- {item}\n"
    return list(extract_claims([read_text(markdown, Path("Field notes.md"))], nlp))


def cards_of(item: str, nlp: Language) -> list[Card]:
    return list(generate(parse(item, nlp)).cards)


def questions_of(item: str, nlp: Language) -> list[tuple[str, str]]:
    return [
        (field_text(card.prompt), card.answer_text)
        for card in cards_of(item, nlp)
        if card.kind == "qa"
    ]


ASKED_IN_PLACE = [
    # a count: the plural noun after the number, or inside the answer
    (
        "The survey team counted 48 nesting pairs on the northern cliffs.",
        "The survey team counted how many nesting pairs on the northern cliffs?",
        "48",
    ),
    (
        "Let the glaze cool for ten minutes before slicing the cake.",
        "Let the glaze cool for how many minutes before slicing the cake?",
        "ten minutes",
    ),
    (
        "Let the glaze cool for ten to fifteen minutes before slicing the cake.",
        "Let the glaze cool for how many minutes before slicing the cake?",
        "ten to fifteen minutes",
    ),
    # a percentage, hedge and all in the answer
    (
        "Wetland loss in the delta reached about 35% between the two surveys.",
        "Wetland loss in the delta reached what percentage between the two surveys?",
        "about 35%",
    ),
    # a sum of money, its currency sign asked (and answered) with it, after a
    # first object
    (
        "Restoring the lighthouse cost the town $4.2 million over three years.",
        "Restoring the lighthouse cost the town how much over three years?",
        "$4.2 million",
    ),
    # a bound stays in the question: it asks for the bound's figure
    (
        "The wardens count more than 300 nesting pairs on the northern cliffs.",
        "The wardens count more than how many nesting pairs on the northern cliffs?",
        "more than 300",
    ),
    # a year after a preposition; a full date after 'on'
    (
        "The observatory on the ridge opened to visitors in 1962.",
        "The observatory on the ridge opened to visitors in what year?",
        "1962",
    ),
    (
        "The harbour bridge reopened to traffic on March 3, 2011, after two years of "
        "repairs.",
        "The harbour bridge reopened to traffic on what date, after two years of "
        "repairs?",
        "March 3, 2011",
    ),
    # a person who is the subject, or after a passive's 'by'
    (
        "Tomas Verhelst kept his composure and bowled yorkers at the death at Lord's.",
        "Who kept his composure and bowled yorkers at the death at Lord's?",
        "Tomas Verhelst",
    ),
    (
        "The first algorithm meant for a machine was published by Ada Lovelace, "
        "with notes.",
        "The first algorithm meant for a machine was published by whom, with notes?",
        "Ada Lovelace",
    ),
    (
        "The harbour bridge reopened to traffic in June 2011, after long repairs.",
        "The harbour bridge reopened to traffic in what month and year, after long "
        "repairs?",
        "June 2011",
    ),
    # a date opening its statement moves to the end of its clause
    (
        "In 1962, the observatory on the ridge opened its doors to the public and "
        "sold its first season tickets.",
        "The observatory on the ridge opened its doors to the public and sold its "
        "first season tickets in what year?",
        "1962",
    ),
    (
        "By 1998, the ferry company had sold both of its older boats, keeping only "
        "the new one.",
        "The ferry company had sold both of its older boats by what year, keeping "
        "only the new one?",
        "1998",
    ),
    # a share that opens the sentence: the question opens with it
    (
        "Roughly 40% of the sampled wells contain nitrate above the legal limit.",
        "What percentage of the sampled wells contain nitrate above the legal limit?",
        "Roughly 40%",
    ),
]


@pytest.mark.parametrize(("item", "question", "answer"), ASKED_IN_PLACE)
def test_a_figure_is_asked_where_it_stands(
    nlp: Language, item: str, question: str, answer: str
) -> None:
    assert (question, answer) in questions_of(item, nlp)


NOT_IN_PLACE = [
    # two figures are two answers
    ("The ferry sails on May 2 and June 9 from the northern pier.", ""),
    # a change from one figure to another is two
    ("Nitrate in the wells rose from 20% to 35% over the decade.", ""),
    # a figure before the verb: English asks it only by moving words, which
    # `cards.extract.questions` does where it reads the clause
    ("Some 30 volunteers, most of them students, counted the birds.", ""),
    # a date before its statement moves only to the end of a whole clause
    ("In 1962, after the fire, the observatory on the ridge reopened.", ""),
    (
        'In 1998, the mayor said that "when the ferry runs, the island lives", a line '
        "the posters repeated.",
        "",
    ),
    (
        "In 2015, the wardens fined trawlers, dredgers, and other boats in the bay "
        "for discarding nets near the reef.",
        "",
    ),
    # the figure is part of a noun phrase: 'a how much grant'
    ("The council approved a $40,000 grant for the new footbridge.", ""),
    ("The station recorded its 12 coldest nights in a single winter.", ""),
    # one of a list, inside a relative clause or a quotation, or part of a name
    ("The hijacker demanded four parachutes and $200,000 in cash.", ""),
    ("Rangers quietly ignore behaviours that 90% of visitors would never attempt.", ""),
    ('The charity gave the rangers "three tasks" before trusting them.', ""),
    ("Three Musketeers contains more sugar than corn syrup, unlike most chews.", ""),
    # a person's possessive: 'Who's notes'
    ("Ada Lovelace's notes held the first algorithm meant for a machine.", ""),
    # a person in a list of clauses: 'rip, who was economical'
    (
        "Arun Dasgupta got the ball to rip, Tomas Verhelst was economical, and the "
        "rest held firm.",
        "",
    ),
    # an operand of a worked sum
    ("Valuation: 5 lakh crores / 420 crore shares = 1,190 rupees a share.", ""),
    # a size, not a count
    ("The new model uses stacked 3x3 convolutional layers throughout.", ""),
    # a clause of its own follows: its '?' would end the wrong clause
    (
        "The colony lost 30% of its chicks in the storm; the rest fledged late.",
        "",
    ),
]


@pytest.mark.parametrize(("item", "_"), NOT_IN_PLACE)
def test_no_question_where_a_wh_phrase_in_place_would_not_read(
    nlp: Language, item: str, _: str
) -> None:
    made = cards_of(item, nlp)
    assert made, "the item still makes its card"
    assert all(card.shape != "in place" for card in made)


def test_the_question_keeps_the_label_and_breaks_no_card_rule(nlp: Language) -> None:
    (parsed,) = parse(
        "**Nesting season**: The coastal path stays closed for six weeks each spring.",
        nlp,
    )
    (card,) = generate([parsed]).cards
    assert card.shape == "in place"
    assert card.prompt == (
        "<b>Nesting season</b>: The coastal path stays closed for how many weeks "
        "each spring?"
    )
    assert card.answer_text == "six weeks"
    assert "for six weeks" in card.extra
    assert card_failures(card, parsed) == ()


def test_a_name_after_a_lead_in_that_runs_on_is_not_asked_who(nlp: Language) -> None:
    markdown = (
        "# Field notes\n\nCritics of the survey point out that\n"
        "- Tomas Verhelst has counted the nesting pairs on only two cliffs.\n"
    )
    claims = list(extract_claims([read_text(markdown, Path("Field notes.md"))], nlp))
    (card,) = generate(claims).cards
    assert card.kind == "cloze"
    assert card.answer_text == "Tomas Verhelst"
