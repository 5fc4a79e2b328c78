"""The patterns that make a learner delete a card, each pinned by (note, expected).

Every note here was written for these tests. Each table row is one shape of note
that used to give a card a learner deletes on sight (a trivial blank, a blank on
the wrong word, a 'them' nothing names, a garbled sentence), and what it gives now.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from cards.check.quality import card_failures
from cards.extract.claims import ParsedClaim, extract_claims
from cards.generate.card import Card, Dropped
from cards.generate.combined import generate
from cards.read.notes import read_text


def build(markdown: str, nlp: Language) -> tuple[tuple[Card, ...], tuple[Dropped, ...]]:
    made = generate(parse(markdown, nlp))
    return made.cards, made.dropped


def parse(markdown: str, nlp: Language) -> list[ParsedClaim]:
    return list(extract_claims([read_text(markdown, Path("Cell biology.md"))], nlp))


def shown(card: Card) -> tuple[str, str]:
    """What the learner sees: the prompt (a cloze's blank as [...]) and the answer."""
    prompt = card.prompt
    if card.kind == "cloze":
        start = prompt.index("{{c1::")
        end = prompt.index("}}", start)
        prompt = prompt[:start] + "[...]" + prompt[end + 2 :]
    return prompt.replace("<b>", "").replace("</b>", ""), card.answer_text


# 1. Trivial blanks: what the context line above the prompt already says.
@pytest.mark.parametrize(
    ("markdown", "not_asked"),
    [
        (
            "# Mitochondria\n\n"
            "- Mitochondria turn pyruvate into acetyl-CoA in the matrix.\n",
            "Mitochondria",
        ),
        (
            "## The Krebs cycle\n\n"
            "- The Krebs cycle runs in the mitochondrial matrix.\n",
            "Krebs cycle",
        ),
    ],
)
def test_a_blank_never_holds_what_the_context_line_shows(
    nlp: Language, markdown: str, not_asked: str
) -> None:
    cards, _ = build(markdown, nlp)
    assert cards
    assert all(not_asked not in card.answer_text for card in cards)


# 3. Dangling references anywhere in the sentence.
@pytest.mark.parametrize(
    ("markdown", "pronoun"),
    [
        ("- There is an opportunity to place them into senior roles.\n", "them"),
        ("- Its half-life is about 5,730 years in most soils.\n", "Its"),
        ("- The committee rejected this proposal after a long debate.\n", "this"),
        ("- The new rules made his position at the bank untenable.\n", "his"),
    ],
)
def test_a_pronoun_that_names_nothing_on_the_card_drops_the_claim(
    nlp: Language, markdown: str, pronoun: str
) -> None:
    cards, dropped = build(markdown, nlp)
    assert cards == ()
    (reason,) = dropped
    assert reason.rule == "self-contained"
    assert repr(pronoun) in reason.detail


@pytest.mark.parametrize(
    "markdown",
    [
        # The referent stands earlier in the same sentence.
        "- Enzymes stabilise the transition state, so they accelerate hydrolysis.\n",
        "- Marie Curie isolated radium after she refined tonnes of pitchblende.\n",
        # 'it' with no referent at all: nothing is missing.
        "- In winter it is hard to keep a greenhouse warm without paraffin heaters.\n",
    ],
)
def test_a_pronoun_whose_referent_is_on_the_card_is_kept(
    nlp: Language, markdown: str
) -> None:
    cards, _ = build(markdown, nlp)
    assert cards


# 4. Items that start with their verb are about the heading's subject.
def test_an_item_starting_with_its_verb_names_the_heading_as_subject(
    nlp: Language,
) -> None:
    cards, _ = build(
        "# Insulin\n\n- Was first purified by Banting and Best in Toronto.\n"
        "- Is secreted by the beta cells of the pancreas after a meal.\n",
        nlp,
    )
    prompts = [shown(card)[0] for card in cards]
    assert prompts
    assert all(prompt.startswith("Insulin ") for prompt in prompts)


# 5. Garbled cards.
@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        # A bold label run into its sentence is set off with a colon.
        (
            "- **Cold start** New users have no history, so a recommender knows "
            "little about what new users like.\n",
            "Cold start: New users",
        ),
        # A removed timestamp leaves no ',,' or ',.' behind.
        (
            '- Yoga spread through the efforts of Indra Devi, <a class="yt-timestamp" '
            'data-t="00:01:02">[00:01:02]</a>, and of B. K. S. Iyengar in London.\n',
            "Indra Devi, and of",
        ),
    ],
)
def test_labels_and_removed_timestamps_leave_clean_text(
    nlp: Language, markdown: str, text: str
) -> None:
    cards, _ = build(markdown, nlp)
    assert cards
    assert any(text in card.claim.text for card in cards)
    assert all(",," not in card.claim.text for card in cards)


def test_a_paragraph_of_labelled_lines_gives_one_claim_per_line(
    nlp: Language,
) -> None:
    cards, _ = build(
        "## Lymphatic system\n\n"
        "**Lymph nodes**: Filter lymph through macrophages before the "
        "subclavian veins\n"
        "**Thymus**: Where T cells mature before puberty\n",
        nlp,
    )
    texts = {card.claim.text for card in cards}
    assert texts == {
        "Lymph nodes: Filter lymph through macrophages before the subclavian veins",
        "Thymus: Where T cells mature before puberty",
    }


def test_a_cloze_has_one_blank_even_when_its_answer_recurs(nlp: Language) -> None:
    cards, _ = build(
        "- **ATP synthase** lets protons flow back and uses that flow to make ATP.\n",
        nlp,
    )
    assert cards
    for card in cards:
        assert card.prompt.count("{{c1::") <= 1
        assert card.answer_text != "ATP synthase"


def test_a_quote_opened_and_never_closed_gives_no_card(nlp: Language) -> None:
    cards, dropped = build(
        '- The minister called the plan "a betrayal of the farmers in 1932.\n', nlp
    )
    assert cards == ()
    assert dropped[0].detail == "a quote or bracket opened and not closed"


def test_a_bracket_opened_and_never_closed_gives_no_card(nlp: Language) -> None:
    cards, dropped = build(
        "- Substitute {x = a sin θ when the integrand holds a root of a difference.\n",
        nlp,
    )
    assert cards == ()
    assert dropped[0].detail == "a quote or bracket opened and not closed"


# Questions that pin one answer (the shapes of '**Label**: text' items).
@pytest.mark.parametrize(
    ("markdown", "question", "answer"),
    [
        # A value: asked for the value.
        (
            "## Water\n\n- **Boiling point at sea level**: 100 °C\n",
            "What is the boiling point at sea level?",
            "100 °C",
        ),
        # A property of the heading's subject: asked in that frame.
        (
            "## Coccidioides\n\n- **Other names**: Valley fever, desert rheumatism\n",
            "What are the other names of Coccidioides?",
            "Valley fever, desert rheumatism",
        ),
        # A named concept: asked for its meaning, the answer its first clause.
        (
            "- **Apoptosis**: Programmed cell death; it removes damaged or unneeded "
            "cells without inflammation, and it shapes the fingers of the embryo as "
            "they separate during development.\n",
            "What is “Apoptosis”?",
            "Programmed cell death",
        ),
        # A date: what happened then.
        (
            "- **1905**: Einstein published four papers on light and matter.\n",
            "What happened in 1905?",
            "Einstein published four papers on light and matter.",
        ),
        # A sentence with an entity: a wh-question from its parse.
        (
            "- Marie Curie won her second Nobel Prize, in chemistry, in 1911.\n",
            "Who won her second Nobel Prize, in chemistry, in 1911?",
            "Marie Curie",
        ),
    ],
)
def test_questions_pin_one_answer(
    nlp: Language, markdown: str, question: str, answer: str
) -> None:
    cards, _ = build(markdown, nlp)
    asked = [shown(card) for card in cards if card.kind == "qa"]
    assert (question, answer) in asked


@pytest.mark.parametrize(
    "markdown",
    [
        # A step to take: the label is an instruction, not a concept.
        "- **Talk to engineers**: Engineers usually know whether sprint planning "
        "works and where the bottlenecks sit.\n",
        # One everyday word names no one thing.
        "- **Benefits**: Teams that pair on reviews ship fewer regressions.\n",
        # A bullet's title, in Title Case, is not a term a learner defines.
        "- **Purposeless Action Sequences**: The sequel replaces its plot with "
        "choreographed brawls that change nothing for Morpheus.\n",
        # The explanation repeats the label.
        "- **Eat fruit whole**: Eat fruit whole rather than juiced, to keep its "
        "polyphenols.\n",
    ],
)
def test_labels_that_ask_nothing_become_clozes_of_their_explanation(
    nlp: Language, markdown: str
) -> None:
    cards, _ = build(markdown, nlp)
    assert cards
    assert all(card.kind == "cloze" for card in cards)
    for card in cards:
        assert card.hidden[0][0] >= card.claim.definition_start


def test_every_question_ends_in_a_question_mark_and_gives_nothing_away(
    nlp: Language,
) -> None:
    claims = parse(
        "## Computing history\n\n"
        "- Alan Turing proposed the imitation game in 1950.\n"
        "- Google was founded in 1998 by Larry Page and Sergey Brin.\n"
        "- **Turing machine**: An abstract machine that reads and writes symbols "
        "on a tape.\n",
        nlp,
    )
    parsed = {id(each.claim): each for each in claims}
    questions = [card for card in generate(claims).cards if card.kind == "qa"]
    assert len(questions) >= 2
    for card in questions:
        assert card.prompt.endswith("?")
        assert card.answer_text.lower() not in card.prompt.lower()
        assert card_failures(card, parsed[id(card.claim)]) == ()
