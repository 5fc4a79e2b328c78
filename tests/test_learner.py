"""The patterns that make a learner delete a card, each pinned by (note, expected).

Every note here was written for these tests. Each table row is one shape of note
that used to give a card a learner deletes on sight (a trivial blank, a blank on
the wrong word, a 'them' nothing names, a garbled sentence), and what it gives now.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from spacy.language import Language

from cards.check.quality import card_failures
from cards.extract import Candidate
from cards.extract.claims import ParsedClaim, extract_claims
from cards.generate.card import Card, Dropped
from cards.generate.combined import generate
from cards.generate.rules import rejects
from cards.read.notes import read_text


def build(markdown: str, nlp: Language) -> tuple[tuple[Card, ...], tuple[Dropped, ...]]:
    made = generate(parse(markdown, nlp))
    return made.cards, made.dropped


def parse(markdown: str, nlp: Language) -> list[ParsedClaim]:
    return list(extract_claims([read_text(markdown, Path("Cell biology.md"))], nlp))


def refusal(markdown: str, blank: str, kind: str, nlp: Language) -> str | None:
    """Why `rejects` refuses the first `blank` of a one-claim note as an answer of
    `kind` ('entity', 'number', 'phrase'), or None."""
    (parsed,) = extract_claims([read_text(markdown, Path("Notes.md"))], nlp)
    start = parsed.claim.text.index(blank)
    return rejects(parsed, Candidate(start, start + len(blank), kind))


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
            "- The Krebs cycle turns acetyl-CoA into citrate inside the "
            "mitochondrion.\n",
            "Krebs cycle",
        ),
        # Titles stripped of their punctuation: 'ShortTerm' spells S and T,
        # 'StPierres' is 'St-Pierre' written as one word.
        (
            "# Long ShortTerm Memory Networks\n\n"
            "- **Memory cells**: LSTMs hold information in memory cells across "
            "long gaps in a sequence.\n"
            "- Hochreiter and Schmidhuber first described the architecture in "
            "1997.\n",
            "LSTMs",
        ),
        (
            "# Georges StPierres training camp\n\n"
            "- **Georges St-Pierre** is often hailed as the greatest welterweight "
            "in the history of the UFC.\n",
            "St-Pierre",
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
        (
            "- Such treatment of a foreign minister is unprecedented in Moscow.\n",
            "Such",
        ),
        ("- The directory service does so using the name attribute.\n", "do so"),
        ("- Pigment makers, conversely, carry far higher debt.\n", "conversely"),
        # The lead-in an item finishes opens with the pronoun.
        (
            "The fund sells early when a sector overheats. This includes:\n"
            "- Selling its telecom shares before the 2008 crash\n",
            "This",
        ),
        # 'The company' of a summary is the one named sentences before.
        (
            "- The company also reported a return on capital above 50% in 2021.\n",
            "the company",
        ),
        # A date is no referent, though the tagger reads its month as a name.
        ("- In March 2021, he founded a second bakery in Leeds.\n", "he"),
        ("- In June 2019, its flagship store closed in Bristol.\n", "its"),
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
        # The heading says which company.
        "## The company\n\n- The company reported a return on capital of 50% "
        "in 2021.\n",
    ],
)
def test_a_pronoun_whose_referent_is_on_the_card_is_kept(
    nlp: Language, markdown: str
) -> None:
    cards, _ = build(markdown, nlp)
    assert cards


# A labelled item's later sentences stand under its label, as its first does.
@pytest.mark.parametrize(
    ("markdown", "prompt", "answer"),
    [
        (
            "- **Harwell Foods**: A snack maker from Kent. Its oat bar won a gold "
            "medal at the Brussels fair.\n",
            "Harwell Foods: Its [...] won a gold medal at the Brussels fair.",
            "oat bar",
        ),
        # A name's 'it', and an 'it' that stands for nothing, read under the label.
        (
            "- **Keras**: A Python library. It runs on top of backend engines like "
            "TensorFlow and Theano.\n",
            "Keras: It runs on top of [...] like TensorFlow and Theano.",
            "backend engines",
        ),
        (
            "- **Sleep Environment**: Keep it dark. It is advised to lower room "
            "temperature by three degrees at night.\n",
            "Sleep Environment: It is advised to lower room temperature by how many "
            "degrees at night?",
            "three degrees",
        ),
        # A sentence that names its label needs none ('C++' is no word for \\b).
        (
            "- **C++**: A language. C++ is used by most game studios since 1998.\n",
            "C++ is used by most game studios since what year?",
            "1998",
        ),
    ],
)
def test_a_later_sentence_of_a_labelled_item_shows_its_label(
    nlp: Language, markdown: str, prompt: str, answer: str
) -> None:
    cards, _ = build(markdown, nlp)
    assert (prompt, answer) in [shown(card) for card in cards]


@pytest.mark.parametrize(
    ("markdown", "pronoun"),
    [
        # A label of everyday words names no one, though its words are capitalised.
        (
            "- **Health Issues**: A hard year. She was diagnosed with "
            "tuberculosis again in April 1931.\n",
            "She",
        ),
        # A label of everyday words is no 'it': the estrogen of the sentence before.
        (
            "- **Muscle Loss**: Estrogen declines in midlife. Without it, women can "
            "rapidly lose 3% of their muscle mass.\n",
            "it",
        ),
        # A label of generic words is no thing.
        (
            "- **Key Takeaway**: Budgets slipped. It cost the council 40 million "
            "pounds in 2021.\n",
            "It",
        ),
        # The same holds for the sentence right after the label.
        ("- **Studio Upgrade**: They have invested 40 lakhs in lighting.\n", "They"),
        (
            "- **Studio Upgrade**: A new room. They have invested 40 lakhs in "
            "lighting.\n",
            "They",
        ),
    ],
)
def test_a_label_that_names_no_one_resolves_no_pronoun(
    nlp: Language, markdown: str, pronoun: str
) -> None:
    _, dropped = build(markdown, nlp)
    assert any(
        d.rule == "self-contained" and repr(pronoun) in d.detail for d in dropped
    )


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
        # ... and so is a Title Case label before a number.
        (
            "- **Harbour Dues** 60% of the city's revenue came from harbour dues "
            "in 1850.\n",
            "Harbour Dues: 60% of",
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


@pytest.mark.parametrize(
    ("markdown", "texts"),
    [
        # '**Label**: text' lines, a glossary.
        (
            "## Lymphatic system\n\n"
            "**Lymph nodes**: Filter lymph through macrophages before the "
            "subclavian veins\n"
            "**Thymus**: Where thymocytes mature before menarche\n",
            {
                "Lymph nodes: Filter lymph through macrophages before the "
                "subclavian veins",
                "Thymus: Where thymocytes mature before menarche",
            },
        ),
        # A line ending no sentence before a capitalised line; a line wrapped
        # before a lowercase word stays in its sentence.
        (
            "## Clearance\n\n"
            "In the **spleen**, red pulp macrophages take up antibody-coated cells\n"
            "In the **liver**, Kupffer cells take up complement-coated cells\n\n"
            "Sentences wrapped before a lowercase word\n"
            "stay **one sentence** as the writer wrote them.\n",
            {
                "In the spleen, red pulp macrophages take up antibody-coated cells",
                "In the liver, Kupffer cells take up complement-coated cells",
                "Sentences wrapped before a lowercase word stay one sentence as the "
                "writer wrote them.",
            },
        ),
    ],
)
def test_lines_of_their_own_give_one_claim_each(
    nlp: Language, markdown: str, texts: set[str]
) -> None:
    cards, _ = build(markdown, nlp)
    assert {card.claim.text for card in cards} == texts


def test_a_cloze_has_one_blank_even_when_its_answer_recurs(nlp: Language) -> None:
    cards, _ = build(
        "- **ATP synthase** lets protons flow back through the cristae to make ATP.\n",
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
        # A named concept: asked for its meaning, the answer its first clause.
        (
            "- **Apoptosis**: Programmed cell death; it removes damaged or unneeded "
            "cells without inflammation, and it shapes the fingers of the embryo as "
            "they separate during development.\n",
            "What is “Apoptosis”?",
            "Programmed cell death",
        ),
        # An explanation opening with its verb says what the term does.
        (
            "- **DNA ligase**: Seals the strand closed after the repair.\n",
            "What does “DNA ligase” do?",
            "Seals the strand closed after the repair.",
        ),
        (
            "- **Trichophyton**: Infects skin, hair and nails.\n",
            "What does “Trichophyton” do?",
            "Infects skin, hair and nails.",
        ),
        # A noun phrase listing its features is still a definition.
        (
            "- **Polytetrafluoroethylene**: A fluoropolymer known for its non-stick "
            "surface, heat resistance, and chemical inertness.\n",
            "What is “Polytetrafluoroethylene”?",
            "A fluoropolymer known for its non-stick surface, heat resistance, and "
            "chemical inertness.",
        ),
        # A noun phrase with a clause of its own is still a definition.
        (
            "- **Hemagglutinin**: Surface protein that binds the virus to host "
            "cells.\n",
            "What is “Hemagglutinin”?",
            "Surface protein that binds the virus to host cells.",
        ),
        # A generic label that the explanation defines is asked its meaning.
        (
            "## Cellular adaptation\n\n- **Etiology**: Study of the cause of disease\n",
            "What is “Etiology”?",
            "Study of the cause of disease",
        ),
        # A sentence with an entity: a wh-question from its parse.
        (
            "- Marie Curie won her second Nobel Prize, in chemistry, in 1911.\n",
            "When did Marie Curie win her second Nobel Prize, in chemistry?",
            "1911",
        ),
        # A labelled item's later sentence is asked under its label.
        (
            "- **Harwell Foods**: A snack maker from Kent. Tesco dropped the "
            "company's oat bars in 2019.\n",
            "Harwell Foods: When did Tesco drop the company's oat bars?",
            "2019",
        ),
        # ... its 'its' standing for the label.
        (
            "- **Harwell Foods**: A snack maker from Kent. In August 2017, its oat "
            "bar failed a salt test in Brussels.\n",
            "Harwell Foods: When did its oat bar fail a salt test in Brussels?",
            "August 2017",
        ),
        # ... its 'she' standing for a label that names someone.
        (
            "- **Greta Lindqvist**: A Swedish chemist. In 1961, she isolated the "
            "enzyme lactase phlorizin hydrolase in Lund.\n",
            "Greta Lindqvist: When did she isolate the enzyme lactase phlorizin "
            "hydrolase in Lund?",
            "1961",
        ),
        # A label that opens with a pronoun's word is still a label.
        (
            "- **This Is Us**: An NBC drama. Dan Fogelman created the series for "
            "NBC in 2016.\n",
            "This Is Us: When did Dan Fogelman create the series for NBC?",
            "2016",
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
        # A term whose parts say what it means.
        "- **Decentralization**: Distributing power so that no central body holds "
        "control over the ledger.\n",
        "- **Angiogenesis**: Formation of new blood vessels around a tumour.\n",
        # A figure is a value from one table, not what the label means.
        "- **Zentrix 50 TRI**: An annualized return of 11.4%, growing the "
        "deposit to 41 lakhs.\n",
        "- **Adjusted Margin (FY24)**: 6.3 (₹48 / ₹7.6) for the whole group.\n",
        # A past deed on a name, or how it is seen, is a remark about it.
        "- **Quillon de Vries**: Defeated Priya Menon in the quarter-final before "
        "losing the final.\n",
        "- **Kelvanto**: Considered more of a finisher than an opener.\n",
        # A bound is the criterion a screen sets: 'What is the debt ratio?' asks
        # as if the ratio had one value.
        "## Screening for compounders\n\n- **Debt ratio**: Less than 0.4\n",
        "## Screening for compounders\n\n- **Current ratio**: At least 1.5\n",
        # What a label does, said in a figure, is its value: the cloze (or the
        # figure's question in place) asks it.
        "## Index funds\n\n- **Quality50 index**: Holds mostly large-cap stocks, "
        "about 80% of its weight.\n",
        # What a plural does is what things of a kind do: 'What do “Zucchini”
        # do?' asks nothing of a term.
        "## Stock vegetables\n\n- **Zucchini**: Adds body and a mild sweetness "
        "to a vegetable stock.\n",
    ],
)
def test_a_label_whose_explanation_is_not_its_meaning_is_not_asked_it(
    nlp: Language, markdown: str
) -> None:
    cards, dropped = build(markdown, nlp)
    assert dropped or cards
    assert not any(card.kind == "qa" and card.shape != "in place" for card in cards)


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
        # A sentence with its own subject is not what the term is.
        "- **Periodic acid-Schiff stain**: Fungal hyphae appear pink under the "
        "microscope.\n",
        # Nor is one thing said of it.
        "- **Galactomannan**: Primarily used for detecting Aspergillus early.\n",
        # Nor a list of its parts or signs.
        "- **Myelocyte**: Fine secondary granules, round nucleus, pale cytoplasm\n",
        # A term whose parts say what it means.
        "- **Neurogenesis**: Generation of new neurons, mostly in the hippocampus.\n",
        # A title with a note in brackets is still a title.
        "- **Credit Risk (Issuer Default)**: An issuer's failure to repay, which "
        "CRISIL rates before each bond issue.\n",
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


@pytest.mark.parametrize(
    "markdown",
    [
        # A property of the section's subject has many answers: 'What is the
        # prognosis of Amyloidosis?' was kept by 2 of 26 grades.
        "## Amyloidosis\n\n- **Prognosis**: Generally poor without treatment\n",
        "## Coccidioides\n\n- **Other names**: Valley fever, desert rheumatism\n",
        # So has a person: 'Who is …?' was kept by 3 of 24.
        "## Fielders\n\n- **Eknath Solkar**: An Indian fielder who changed how "
        "the short leg position was played.\n",
        # ... with a particle, an aside on where, or among other names.
        "## Keepers\n\n- **Quinton de Kock**: Does not play all formats and "
        "retired from Tests in 2021.\n",
        "## Cases\n\n- **Gulnaz Khatoon (Rasoolpur)**: A woman burned alive by "
        "a neighbour in 2021.\n",
        "## Undrafted\n\n- **Alan Davidson, Shane Warne, Mitchell Starc**: "
        "Considered for their batting talent but not true all-rounders.\n",
        # A name with the place it is from, or one the tagger takes for a
        # person beside a name it takes for anything.
        "## Cases\n\n- **Sunita (Kerala)**: A nurse who ran a village clinic for "
        "flood victims.\n",
        "## Cases\n\n- **Yasmin (Karnataka)**: A pilot who flew relief supplies "
        "after the floods.\n",
        # A term placed among the items before it is not defined.
        "## Frying fats\n\n- **Tallow**: Another traditional fat for frying "
        "potatoes.\n",
    ],
)
def test_properties_and_people_are_not_asked(nlp: Language, markdown: str) -> None:
    cards, _ = build(markdown, nlp)
    assert not [c for c in cards if c.kind == "qa" and c.shape != "in place"]


def test_a_labelled_sentence_is_asked_its_date_under_its_label(
    nlp: Language,
) -> None:
    cards, _ = build(
        "## Timeline\n\n- **Smoking Ban**: Smoking was banned in Irish pubs in 2004.\n",
        nlp,
    )
    (card,) = cards
    assert (card.kind, card.prompt, card.answer) == (
        "qa",
        "Smoking Ban: When was smoking banned in Irish pubs?",
        "2004",
    )


def test_a_term_shortened_in_brackets_is_no_name(nlp: Language) -> None:
    cards, _ = build(
        "## Generative models\n\n- **Variational Autoencoders (VAEs)**: A family "
        "of autoencoders with a probabilistic model of the latent space.\n",
        nlp,
    )
    assert [card.prompt for card in cards if card.kind == "qa"] == [
        "What are “Variational Autoencoders (VAEs)”?"
    ]


def test_a_blank_never_starts_inside_at_least(nlp: Language) -> None:
    cards, _ = build(
        "## Screening for compounders\n\n"
        "- **Current ratio**: At least 1.5, checked every quarter\n",
        nlp,
    )
    assert not [card for card in cards if card.answer_text.startswith("least")]


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


# 2. Wrong target: an example, the first of a list, a verb phrase, a small count,
# an answer its gloss or its root gives away.
@pytest.mark.parametrize(
    ("markdown", "not_asked"),
    [
        (
            "- Orbital internet is dominated by constellations like Starlink, "
            "whose ground stations are costly.\n",
            "Starlink",
        ),
        (
            "- The dialect survives in highland towns such as Kemah, where "
            "weavers still use it.\n",
            "Kemah",
        ),
        (
            "- The old dialect survived in Kemah, Divrigi, Arapgir, and Egin "
            "until the 1950s.\n",
            "Kemah",
        ),
        # The last item of three or more, though the sentence goes on.
        (
            "- Premium prices go to builders like Arcadia, Vantor, Quell, or "
            "Brisden in every city they enter.\n",
            "Brisden",
        ),
        ("- A join creates all possible pairs from two or more tables.\n", "two"),
        # The sentence spells the answer by its initials or its short form.
        (
            "- **Natural Language Processing**: Word embeddings now serve machine "
            "translation and other NLP applications.\n",
            "NLP",
        ),
        (
            "- **Rank by Return on Capital**: Compute the ROC of every firm left "
            "after the screen.\n",
            "ROC",
        ),
        (
            "- The toxin is mostly carried by Methicillin-Resistant Staphylococcus "
            "aureus (MRSA) in skin infections.\n",
            "Methicillin-Resistant Staphylococcus",
        ),
        (
            "- The tribunal questioned Lower Saxony's Water Quality Office (LSWQO) "
            "about the river.\n",
            "Lower Saxony",
        ),
        (
            "- **GABA receptors**: GABAergic systems carry inhibitory signals in "
            "the cortex.\n",
            "GABAergic",
        ),
        # A name of two words shown as one elsewhere in the sentence.
        (
            "- After the Taj Mahal, Shah Jahan's workers built an entirely new "
            "city, Shahjahanabad, later called Delhi.\n",
            "Shah Jahan",
        ),
        (
            "- Shah Jahan's workers built Shahjahanabad as his new capital.\n",
            "Shahjahanabad",
        ),
        # A count of the items the sentence lists right after it.
        (
            "- Builders rely on three sources of money: their own capital, "
            "buyers' advances, and bank loans.\n",
            "three",
        ),
        (
            "- A league match ends in one of three outcomes (win, draw, loss) for "
            "each side.\n",
            "three",
        ),
        ("- In a large bowl, combine 2 cups of flour with the yeast.\n", "2"),
        ("- For grids with more than 1 column, loop over the rows first.\n", "1"),
        # A number or date with no figure in it is a common word the sentence
        # fills in.
        ("- The pitch at the stadium can change daily in a test match.\n", "daily"),
        ("- After the coup, thousands fled the capital by train.\n", "thousands"),
        # Brackets right after the blank say what it is.
        (
            "- Mix some grated cheese (Pecorino or Parmesan) into the sauce.\n",
            "grated cheese",
        ),
        # A word of the same root shows elsewhere in the sentence.
        (
            "- Southern Albania has an intense Bektashi presence, where most "
            "Muslims follow Bektashism.\n",
            "Bektashi",
        ),
        # A lower-case phrase of common words is filled in from the sentence.
        (
            "- Hedging: Companies use forward contracts to reduce volatility in "
            "their quarterly earnings.\n",
            "volatility",
        ),
        ("- Lightly beat the eggs with a whisk or fork before frying.\n", "whisk"),
        # ... and in a talk's summary, one opening on an everyday adjective: the
        # summary's wording.
        (
            "- Entering and leaving the cold bath maximizes shivering, leading to "
            "greater thermogenesis over the day [00:12:30].\n",
            "greater thermogenesis",
        ),
        # So is a word capitalised only because it opens the explanation: the
        # small model tags these verbs nouns.
        (
            "- **Networking**: Cultivate and maintain professional networks with "
            "former colleagues.\n",
            "Cultivate",
        ),
        (
            "- **Benefits**: Facilitates falling asleep and entering deeper sleep "
            "states.\n",
            "Facilitates",
        ),
    ],
)
def test_a_blank_never_hides_an_example_a_list_item_a_verb_or_a_small_count(
    nlp: Language, markdown: str, not_asked: str
) -> None:
    cards, _ = build(markdown, nlp)
    hidden = rf"\b{re.escape(not_asked)}\b"
    assert not any(re.search(hidden, card.answer_text) for card in cards)


def test_a_blank_never_opens_with_a_verb(nlp: Language) -> None:
    note = read_text(
        "- Rewrite quartic polynomials as partial-fraction decompositions.\n",
        Path("Maths.md"),
    )
    (parsed,) = extract_claims([note], nlp)
    verb_phrase = Candidate(0, len("Rewrite quartic polynomials"), "phrase")
    assert rejects(parsed, verb_phrase) == "a verb phrase"
    noun_phrase = Candidate(
        parsed.claim.text.index("partial"), len(parsed.claim.text) - 1, "phrase"
    )
    assert rejects(parsed, noun_phrase) is None


@pytest.mark.parametrize(
    ("line", "blank", "kind", "reason"),
    [
        # Part of a name the entity tagger did not join (rated wrong-target).
        (
            "- The fund launched by ICICI Prudential tracks silver prices.\n",
            "Prudential",
            "entity",
            "half a name",
        ),
        # A figure in an index's or a model's name.
        (
            "- Momentum funds beat the Nifty 50 in most years since 2012.\n",
            "50",
            "number",
            "half a name",
        ),
        (
            "- The Nifty 200 Momentum index gained in most years.\n",
            "200",
            "number",
            "half a name",
        ),
        (
            "- Momentum funds beat the Nifty 50 in most years since 2012.\n",
            "Nifty",
            "entity",
            "half a name",
        ),
        # One end of a range whose other end the card shows.
        (
            "- Promoters held between 45% and 55% of the shares.\n",
            "45%",
            "entity",
            "half a range",
        ),
        (
            "- Adults need 7 to 9 hours of sleep a night.\n",
            "9 hours",
            "entity",
            "half a range",
        ),
        # ... or the other of two numbers either of which it may be.
        (
            "- Old recipes salted the dough with three or four pinches.\n",
            "four",
            "number",
            "half a range",
        ),
        (
            "- The relay was won by 718 or 719 points.\n",
            "718",
            "number",
            "half a range",
        ),
    ],
)
def test_a_blank_never_holds_part_of_a_name_or_range(
    nlp: Language, line: str, blank: str, kind: str, reason: str
) -> None:
    assert refusal(line, blank, kind, nlp) == reason


@pytest.mark.parametrize(
    "line",
    [
        "- The rebels killed over 8,000 Yemenis in the south.\n",
        "- The new plant will make 700 MW of solar power.\n",
    ],
)
def test_a_figure_before_a_people_or_a_unit_is_no_name(
    nlp: Language, line: str
) -> None:
    note = read_text(line, Path("N.md"))
    (parsed,) = extract_claims([note], nlp)
    figure = re.search(r"\d[\d,]*", parsed.claim.text)
    assert figure is not None
    candidate = Candidate(figure.start(), figure.end(), "number")
    assert rejects(parsed, candidate) != "half a name"


def test_a_figure_before_a_number_word_is_no_range(nlp: Language) -> None:
    line = "- The firm was sold in 2012 to one of its rivals.\n"
    assert refusal(line, "2012", "entity", nlp) is None


@pytest.mark.parametrize(
    ("line", "answer"),
    [
        # The date or the sample size sets the fact up; the share is the finding.
        ("- By 2022, unemployment among graduates in Pune reached 15%.\n", "15%"),
        ("- A study of 35 failing stocks found a 91% yearly return.\n", "91%"),
        # Without a share, the first figure still comes first.
        ("- By 2022, the city had opened 14 new metro stations.\n", "2022"),
    ],
)
def test_a_share_is_the_blank_among_the_figures_of_a_sentence(
    nlp: Language, line: str, answer: str
) -> None:
    cards, _ = build(line, nlp)
    assert [card.answer_text for card in cards] == [answer]


def test_a_title_before_a_name_is_not_part_of_it(nlp: Language) -> None:
    line = "- The treaty was signed under Prime Minister Abiy Ahmed in 2018.\n"
    assert refusal(line, "Abiy Ahmed", "entity", nlp) is None


def test_a_bold_item_of_a_list_is_still_asked(nlp: Language) -> None:
    cards, _ = build(
        "- Nucleotide excision repair fixes lesions like **thymine dimers** "
        "in the DNA strand.\n",
        nlp,
    )
    assert [card.answer_text for card in cards] == ["thymine dimers"]


# A sentence that opened 'This …' reads 'The …': what it pointed at is not on the
# card, so only a name or the noun itself is asked of it.
@pytest.mark.parametrize(
    ("second_sentence", "answers"),
    [
        ("This cut lowered mortgage costs by about 2% within a year.", []),
        ("This decision caused persistent inflationary pressures.", []),
        ("This trend was led by the Kelvaro Bank.", ["Kelvaro Bank"]),
    ],
)
def test_only_a_name_is_asked_of_a_sentence_about_an_unnamed_this(
    nlp: Language, second_sentence: str, answers: list[str]
) -> None:
    markdown = (
        f"## Rates\n\n- Savers moved deposits abroad in 2019. {second_sentence}\n"
    )
    cards, _ = build(markdown, nlp)
    assert [
        card.answer_text for card in cards if "2019" not in card.answer_text
    ] == answers


# 6. Fewer, better: no blank is one item of a list that any sibling would fill.
def test_no_blank_is_a_whole_item_after_its_lead_in(nlp: Language) -> None:
    markdown = (
        "## Woodworking\n\nNotable drill bits for deep holes include:\n\n"
        "- Auger bits\n- Forstner bits\n- Spade bits\n"
    )
    claims = [parsed.claim for parsed in parse(markdown, nlp)]
    assert [claim.text[: claim.own_start] for claim in claims] == [
        "Notable drill bits for deep holes include "
    ] * 3
    cards, _ = build(markdown, nlp)
    assert [shown(card) for card in cards if card.kind == "cloze"] == []


def test_an_item_with_a_clause_of_its_own_does_not_finish_its_lead_in(
    nlp: Language,
) -> None:
    markdown = (
        "## Second Test\n\nHowever, some individual performances stood out:\n\n"
        "- **Chris Woakes** made a comeback, taking 3 for 34 in the first innings.\n"
        "\nThe pitch report said:\n\n- the outfield was slow\n"
    )
    claims = [parsed.claim for parsed in parse(markdown, nlp)]
    assert [claim.text for claim in claims] == [
        "Chris Woakes made a comeback, taking 3 for 34 in the first innings.",
        "The pitch report said the outfield was slow",
    ]
    assert claims[0].context == "However, some individual performances stood out"


# ... nor of addresses, reference lists, pointers onward or another language.
@pytest.mark.parametrize(
    ("markdown", "reason"),
    [
        (
            "- The generator at https://example.org/noise.php works best on "
            "shuffle mode.\n",
            "a web or email address",
        ),
        (
            "- Mail is sent by ops@example.org to every engineer on call.\n",
            "a web or email address",
        ),
        (
            "## References\n\n"
            "- A longitudinal study of sleep followed 83 adults for 40 years.\n",
            "an entry of a reference list",
        ),
        (
            "- Okafor, N. B., & Lindqvist, T. (2011). Sleep spindles and "
            "recall in older adults.\n",
            "an entry of a reference list",
        ),
        # A section pointing to other notes says where to read on, not what is so.
        (
            "## Further Exploration\n\n"
            "- For more on how glaciers carve fjords, see the notes on erosion.\n",
            "a pointer to other notes",
        ),
        (
            "## Related Topics\n\n"
            "- Explore how tidal locking shapes the orbits of the Galilean moons.\n",
            "a pointer to other notes",
        ),
        (
            "### Other Relevant Topics\n\n"
            "- [[tides | Tides]]: Spring tides will be covered in later sessions.\n",
            "a pointer to other notes",
        ),
        # A table written out as sentences: a name from two figures, or a figure.
        (
            "## Knockouts\n\n"
            "- Okafor's true average was 7 and true strike rate was 20.\n"
            "- Lindqvist's true average was minus 8 and true strike rate was 27.\n"
            "- Haddad's true average was plus 3 and true strike rate was 8.\n",
            "a row of a table: three or more lines alike but for names and figures",
        ),
        # A bracket's results written out: each line pairs two people.
        (
            "## Round of 16\n\n"
            "- **Amara Okafor** defeated Lena Lindqvist.\n"
            "- **Omar Haddad** defeated Pieter de Groot.\n"
            "- **Sofia Marquez** defeated Tomas Novak.\n",
            "a row of a table: three or more lines alike but for names and figures",
        ),
        # The author stopped mid-sentence: whatever the blank, the card reads garbled.
        (
            "- Before the treaty, the two ports had traded salt and timber "
            "until the…\n",
            "cut off mid-sentence",
        ),
        # A mnemonic: bold first letters make a memory aid, not a fact.
        (
            "## Cranial nerves\n\n- **O**ld **O**lympus **T**owering **T**ops "
            "is how students remember them.\n",
            "a mnemonic",
        ),
        # Another language: the English pipeline would blank fragments of it.
        ("- Tā hěn cōngmíng, yě hěn nǔlì.\n", "not English"),
        ("- Наконец, бывает музыка и вовсе без гармонии.\n", "not English"),
        ("- 我学韩语了 - le indicates xue has finished\n", "not English"),
    ],
)
def test_addresses_and_citations_give_no_card(
    nlp: Language, markdown: str, reason: str
) -> None:
    cards, dropped = build(markdown, nlp)
    assert cards == ()
    assert dropped
    assert {drop.detail for drop in dropped} == {reason}


def test_a_list_of_what_drugs_inhibit_is_no_bracket(nlp: Language) -> None:
    cards, _ = build(
        "## Enzyme inhibitors\n\n"
        "- Allopurinol inhibits the enzyme Xanthine Oxidase.\n"
        "- Methotrexate inhibits the enzyme Dihydrofolate Reductase.\n"
        "- Celecoxib inhibits the enzyme Cyclooxygenase.\n",
        nlp,
    )
    assert len({card.claim.block for card in cards}) == 3


def test_a_timeline_is_no_table(nlp: Language) -> None:
    cards, dropped = build(
        "## The war in the west\n\n"
        "- In 1939, Germany invaded Poland from the west.\n"
        "- In 1940, Germany invaded France through the Ardennes.\n"
        "- In 1941, Germany invaded the Soviet Union in June.\n",
        nlp,
    )
    assert len({card.claim.block for card in cards}) == 3
    assert not dropped


def test_a_place_named_in_a_prose_sentence_may_be_asked(nlp: Language) -> None:
    note = read_text(
        "# Rail history\n\nThe Grand Trunk line ran from Halifax to Toronto.\n",
        Path("Rail history.md"),
        prose=True,
    )
    made = generate(list(extract_claims([note], nlp)))
    assert [card.answer_text for card in made.cards] in (["Halifax"], ["Toronto"])


@pytest.mark.parametrize(
    ("paragraph", "asked"),
    [
        (
            "Understanding how cities grow requires a multidisciplinary approach "
            "spanning economics and geography.\n",
            [],
        ),
        (
            "Leaders must balance charisma and planning while navigating "
            "uncertainty.\n",
            [],
        ),
        ("Linearity also implies additivity of responses.\n", ["additivity"]),
    ],
)
def test_a_prose_sentence_asks_no_common_phrase_unless_it_defines(
    nlp: Language, paragraph: str, asked: list[str]
) -> None:
    note = read_text(f"# Notes\n\n{paragraph}", Path("Notes.md"), prose=True)
    made = generate(list(extract_claims([note], nlp)))
    assert [card.answer_text for card in made.cards] == asked


@pytest.mark.parametrize(
    "markdown",
    [
        "# Reinforcement Learning\n\n- In recommender systems, RL predicts what a "
        "user will click from past sessions.\n",
        "# Progressive politics\n\nWhile progressivism offers an inclusive vision, "
        "it faces resistance from entrenched interests in Congress.\n",
        # An acronym's plural under its singular, and the other way round.
        "## The EM-PM handover\n\n- Before a launch, PMs and EMs often disagree "
        "about timing.\n",
        "## Renting GPUs\n\n- Spot prices for a GPU fell by half in one quarter "
        "of 2024.\n",
        # A number the lead-in spells out: 'nine' is a stop word to spaCy.
        "## The raid\n\nThe raid hit nine different rebel sites in the north. "
        "It was precise:\n- Nine rebel camps were successfully destroyed.\n",
        # An acronym's plural under the words it stands for, or spelled out.
        "# Brain machine interfaces\n\n- While BMIs hold great promise, "
        "implants still fail within years.\n",
        # The context line shows the answer's key word, and the rest is common.
        "# Treatments for tinnitus\n\n- Some supplements were studied for their "
        "capacity to reduce tinnitus symptoms.\n",
        "# Neuralink surgery\n\n- A robot inserts the Neuralink device through a "
        "small opening in the skull.\n",
        # A word joined by a hyphen or a point, shown whole.
        "## CJC-1295 with ipamorelin\n\n- Often paired with ipamorelin, CJC-1295 "
        "prolongs the release of growth hormone.\n",
        "## Pegasus 1.1 in two stages\n\n- At indexing time, Pegasus 1.1 is "
        "chosen as the engine for search.\n",
        "## Raising GLP-1 naturally\n\n- Drinking yerba mate tea raises GLP-1 "
        "levels, which speeds fat oxidation.\n",
    ],
)
def test_a_blank_is_not_the_acronym_or_word_the_context_line_shows(
    nlp: Language, markdown: str
) -> None:
    note = read_text(markdown, Path("Notes.md"), prose=True)
    made = generate(list(extract_claims([note], nlp)))
    asked = [card.answer_text for card in made.cards]
    given = {"RL", "progressivism", "EMs", "PMs", "GPU", "Nine", "BMIs"}
    given |= {"tinnitus symptoms", "Neuralink device"}
    given |= {"CJC-1295", "1.1", "GLP-1", "GLP-1 levels"}
    assert not any(answer in given for answer in asked)


@pytest.mark.parametrize(
    ("markdown", "blank", "kind", "reason"),
    [
        # An acronym the context line spells, with only common words beside it.
        (
            "# Selective serotonin reuptake inhibitors\n\n"
            "- Weight gain after long SSRI use is reported by some patients.\n",
            "long SSRI use",
            "phrase",
            "given by the context line",
        ),
        # A person whose surname the context line shows.
        (
            "# Semmelweis and handwashing\n\n- In 1847, Ignaz Semmelweis made "
            "doctors wash their hands in chlorinated lime.\n",
            "Ignaz Semmelweis",
            "entity",
            "given by the context line",
        ),
        # ... unless it shows another first name: which Huxley is the fact.
        (
            "# Aldous Huxley's essays\n\n- In 1946, Julian Huxley became the first "
            "director of UNESCO.\n",
            "Julian Huxley",
            "entity",
            None,
        ),
        # A percentage whose complement the sentence shows, or a split in the
        # context line that names it.
        (
            "- Put 70% of savings in index funds and the remaining 30% in bonds.\n",
            "30%",
            "number",
            "guessable",
        ),
        (
            "## The 80/20 rule for trusts\n\n- At most 20% of assets may sit in "
            "projects under construction.\n",
            "20%",
            "number",
            "guessable",
        ),
        (
            "- Put 70% of savings in index funds and 20% in bonds.\n",
            "20%",
            "number",
            None,
        ),
    ],
)
def test_the_context_line_or_sentence_gives_away_an_acronym_surname_or_share(
    nlp: Language, markdown: str, blank: str, kind: str, reason: str | None
) -> None:
    assert refusal(markdown, blank, kind, nlp) == reason


def test_a_joined_word_is_given_only_whole(nlp: Language) -> None:
    cards, _ = build(
        "## Step 1 of 5\n\n- The new model answers in 1.5 seconds on average.\n", nlp
    )
    assert [card.answer_text for card in cards] == ["1.5 seconds"]


@pytest.mark.parametrize(
    ("text", "prose", "not_asked"),
    [
        (
            "As Carl Sagan famously stated, extraordinary claims require "
            "extraordinary evidence.\n",
            True,
            "Carl Sagan",
        ),
        (
            "In the conversation, Lattner highlights how compilers translate "
            "human code to machine code.\n",
            True,
            "Lattner",
        ),
        # An item asks its speaker only if something else in it could be asked.
        (
            "- **Light**: Dr. Okafor recommends a cheap light pad placed beside "
            "the desk in the early morning.\n",
            False,
            "Okafor",
        ),
        # ... and a figure comes first.
        (
            "- **Sauna**: Dr. Okafor suggests a sauna 2 to 4 times a week for "
            "30-minute sessions.\n",
            False,
            "Okafor",
        ),
    ],
)
def test_a_card_asks_what_was_said_not_who_said_it(
    nlp: Language, text: str, prose: bool, not_asked: str
) -> None:
    note = read_text(f"# Talks\n\n{text}", Path("Talks.md"), prose=prose)
    made = generate(list(extract_claims([note], nlp)))
    assert not any(not_asked in card.answer_text for card in made.cards)


def test_a_name_in_another_script_keeps_an_english_sentence(nlp: Language) -> None:
    cards, _ = build(
        "- A 2021 study led by Susanna Søberg tracked winter swimmers in Denmark.\n",
        nlp,
    )
    assert cards


def test_a_blank_never_holds_shorthand(nlp: Language) -> None:
    cards, _ = build(
        "- CISC chips have a large # of instructions including special ones.\n", nlp
    )
    assert all("#" not in card.answer_text for card in cards)


def test_a_term_explained_by_its_own_word_is_not_asked_its_meaning(
    nlp: Language,
) -> None:
    cards, _ = build(
        "- **Diversification**: The portfolio is diversified across many sectors "
        "and regions.\n",
        nlp,
    )
    assert not any(card.prompt.startswith("What is") for card in cards)


@pytest.mark.parametrize(
    "markdown",
    [
        "- **Question to search**: Why does blocking serotonin create illusions "
        "of motion?\n",
        "Questions for the seminar\n\n- Why do tides lag the moon?\n"
        "- What sets the tidal range?\n",
    ],
)
def test_a_question_in_the_notes_is_not_a_fact_to_ask(
    nlp: Language, markdown: str
) -> None:
    cards, _ = build(markdown, nlp)
    assert cards == ()


# Round 8's garbled and dangling questions: a label that is not what it looks like.
@pytest.mark.parametrize(
    ("markdown", "not_asked"),
    [
        # An age is no date: 'What happened on Age 65?'
        ("- **Age 65**: The average monthly payment jumps to $881.\n", "What happened"),
        # A dye is no person, whatever the entity tagger says.
        (
            "- **Calcofluor White**: A fluorescent dye that makes fungi glow against "
            "a dark background.\n",
            "Who ",
        ),
        # A set to recite is no meaning, and none of its items is asked alone.
        (
            "- **Glucogenic amino acids**: Alanine, arginine, asparagine, aspartate, "
            "cysteine, glutamate\n",
            "",
        ),
        # A bullet's Title Case label says by its name what it does (round 12:
        # rated trivial).
        (
            "- **Tool Calling**: Enables agents to call external APIs for live data.\n",
            "What do",
        ),
        # A plural noun with a verb of its own is the sentence's subject.
        (
            "- **Data Types**: Numbers in computers are stored in a fixed number "
            "of bits.\n",
            "What do",
        ),
        # A remark hung on a name says nothing of who or what it is (round 14:
        # none of 13 such questions kept by both raters).
        ("- **Mohan Verghese**: Considered a reliable fielder.\n", "Who "),
        (
            "- **Wipro**: Bought back two million shares at a premium.\n",
            "What is",
        ),
        (
            "- **Kagiso Rabada (South Africa)**: Tom's second pick, for the new "
            "ball.\n",
            "What is",
        ),
        # An instruction is no meaning.
        ("- **Budgeting**: Regularly track income and expenses each month.\n", "What"),
        # A heading that is a pair of things, or a numbered step, is no subject to
        # ask a property of (round 15: rated garbled).
        ("## Fillet shapes and cuts\n\n- **Tail piece**: Thin tapering end\n", "What"),
        ("## 5. Leverage\n\n- **Other names**: Gearing, financial leverage\n", "What"),
        # A heading that names a category is no subject either (round 16).
        (
            "## Ingredients\n\n- **Olive oil**: Just a small drizzle for the crust\n",
            "What",
        ),
        # A label pointing at the lines around it asks nothing of its section.
        ("## Amyloidosis\n\n- **Other**: Tongue nodules, nerve deposits\n", "What"),
        # A run of features is one thing true of a term, not what it is.
        ("- **Dermis**: Thicker, inner layer of the skin\n", "What"),
        # A gerund with a verb after it is a sentence, not a meaning.
        (
            "- **Overuse**: Using too much xanthan gum can give a sauce a slimy "
            "texture.\n",
            "What is",
        ),
        # A label pointing at what the note said before names nothing alone.
        (
            "## Diabetic ketoacidosis\n\nOther indicators\n- Low bicarbonate\n"
            "- High blood urea nitrogen\n",
            "What are other",
        ),
    ],
)
def test_no_question_from_a_label_that_is_not_what_it_looks_like(
    nlp: Language, markdown: str, not_asked: str
) -> None:
    cards, _ = build(markdown, nlp)
    assert not any(card.prompt.startswith(not_asked) for card in cards)


def test_a_term_asked_for_its_meaning_has_no_blank_inside_that_meaning(
    nlp: Language,
) -> None:
    cards, _ = build(
        "- **Tachypnea**: A breathing rate above **twenty breaths** a minute.\n", nlp
    )
    assert [card.kind for card in cards] == ["qa"]


def test_a_date_label_is_asked_when_not_what_happened(nlp: Language) -> None:
    cards, _ = build(
        "- **1905**: Einstein published four papers on light and matter.\n", nlp
    )
    assert [shown(card) for card in cards] == [
        ("[...]: Einstein published four papers on light and matter.", "1905")
    ]


@pytest.mark.parametrize(
    ("markdown", "blank", "kind", "reason"),
    [
        # A figure of a worked example is the example's input, not a fact.
        (
            "- **Risk per bond**: For example, a fund with 22 crores under "
            "management may hold two bonds.\n",
            "22",
            "number",
            "an example",
        ),
        (
            "- **Harbour Example**: Applying a 30% discount gives a fair price of "
            "812 rupees.\n",
            "30%",
            "number",
            "an example",
        ),
        # Whatever follows a sentence's 'Examples include' is one of several.
        (
            "- Examples include a protest in Ravensworth that lasted through the "
            "winter.\n",
            "Ravensworth",
            "entity",
            "an example",
        ),
        # A scenario's or a model's figures are inputs someone chose, spelled or
        # in digits, and so are those under a heading that says so.
        (
            "- **Scenario 2**: Investing 5,000 rupees a month returned 11% a year.\n",
            "11%",
            "number",
            "an example",
        ),
        (
            "- **Savings rate**: Assumed at 20% for a household of four.\n",
            "20%",
            "number",
            "an example",
        ),
        (
            "- **Harbour example**: A town may keep six ferries through the winter.\n",
            "six",
            "number",
            "an example",
        ),
        (
            "## Scenarios tested\n\n"
            "- Investing 5,000 rupees a month returned 11% a year.\n",
            "11%",
            "number",
            "an example",
        ),
        # A figure in a plain statement is a fact of its subject, under any
        # heading; a name under a scenario's heading is no figure.
        (
            "- Applying a 30% discount gives the harbour's fair price of 812 rupees.\n",
            "30%",
            "number",
            None,
        ),
        (
            "## Results\n\n- Investing 5,000 rupees a month returned 11% a year.\n",
            "11%",
            "number",
            None,
        ),
        (
            "## Scenarios tested\n\n"
            "- The Harbour Fund bought shipping bonds from Calder Lines.\n",
            "Calder Lines",
            "entity",
            None,
        ),
    ],
)
def test_an_example_or_a_figure_of_a_worked_example_is_no_blank(
    nlp: Language, markdown: str, blank: str, kind: str, reason: str | None
) -> None:
    assert refusal(markdown, blank, kind, nlp) == reason


@pytest.mark.parametrize(
    ("markdown", "blank", "reason"),
    [
        # A figure the sentence's other figures give by subtraction or division.
        (
            "- The old lighthouse was the tallest on the coast for 40 years, from "
            "1931 to 1971.\n",
            "40 years",
            "guessable",
        ),
        (
            "- Doubling takes about 9 years at 8% a year (72 divided by 8).\n",
            "9 years",
            "guessable",
        ),
        # Figures that no sum of the others gives, or only small ones by chance.
        (
            "- The harbour tax rose from 10% to 12.5% last spring, reaching 40 "
            "ports.\n",
            "40 ports",
            None,
        ),
        (
            "- Tomas Verhelst took 3 for 18 and then 6 for 76 in the second match.\n",
            "6",
            None,
        ),
    ],
)
def test_a_figure_the_others_work_out_is_no_blank(
    nlp: Language, markdown: str, blank: str, reason: str | None
) -> None:
    assert refusal(markdown, blank, "number", nlp) == reason


# 6. Fewer, better: each table names a blank a rule refuses for its reason, and
# blanks beside it the rule must leave alone.
# A price is no fact a learner keeps, a large sum is.
_PRICES = [
    ("- The streaming plan costs ₹649 a month on the app store.\n", "649", True),
    ("- Each unit of the fund traded at $18.40 on Friday.\n", "$18.40", True),
    ("- A visa fee of 5000 rupees is charged at the border.\n", "5000", True),
    ("- The court fined the airline $40 million for the delays.\n", "40", False),
    ("- The bank set aside ₹300 crore for bad loans in 2023.\n", "300", False),
    ("- The scheme cost the state ₹1.5 lakh crore over a decade.\n", "1.5", False),
    ("- Add 3 pounds of potatoes to the pot.\n", "3", False),
]
# A talk summary's lower-case blank must be rarer than a hand-written note's: its
# words are the summary's choice ('break apart any [clumps]'), not a term taught.
_TALK_WORDS = [
    (
        "- Stir the sauce as it thickens to break apart any clumps [00:04:10].\n",
        "clumps",
        True,
    ),
    (
        "- Slow breathing brings a lasting calmness to the evening [00:21:05].\n",
        "calmness",
        True,
    ),
    (
        "- Stir the sauce as it thickens to break apart any clumps.\n",
        "clumps",
        False,
    ),
    # A summary's line without a timestamp, in a note naming its video.
    (
        "---\nvideoId: abc123\n---\n"
        "- Stir the sauce as it thickens to break apart any clumps.\n",
        "clumps",
        True,
    ),
    (
        "- Oak barrels give the wine its tannins and a smoky edge [00:04:10].\n",
        "tannins",
        False,
    ),
]
# In a talk's summary, a report's, study's or interview's source (or year) is not
# what it found; in notes by hand, who did the research is often the lesson.
_SOURCES = [
    (
        "- NITI Aayog reports indicate that the informal sector employs 90% of "
        "the workforce [00:03:10].\n",
        "NITI Aayog",
        "entity",
        True,
    ),
    (
        "- A 2018 study found heavy metals in some popular protein powders "
        "[00:03:10].\n",
        "2018",
        "number",
        True,
    ),
    (
        "- A study by Motilal Oswal revealed that 40% of microcaps receive no "
        "analyst coverage [00:03:10].\n",
        "Motilal Oswal",
        "entity",
        True,
    ),
    (
        "- A 2018 study by the University of Innsbruck showed that sadists "
        "prefer violent games [00:03:10].\n",
        "Innsbruck",
        "entity",
        True,
    ),
    (
        "- Psychologist Madhumita Pandey's research found that most rapists "
        "showed no remorse [00:03:10].\n",
        "Madhumita Pandey's research",
        "phrase",
        True,
    ),
    (
        "- An investigation revealed 41 paper leaks in the last five years "
        "[00:03:10].\n",
        "41",
        "number",
        False,
    ),
    (
        "- Nelson Mandela called Nehru his hero and quoted his writings [00:03:10].\n",
        "Nelson Mandela",
        "entity",
        False,
    ),
    (
        "- The CPCB fined the hotel for dumping sewage into the river [00:03:10].\n",
        "CPCB",
        "entity",
        False,
    ),
    # Notes by hand: who did the research is the lesson.
    (
        "- Deliberate practice is a concept from Anders Ericsson's research on "
        "expert performance.\n",
        "Anders Ericsson",
        "entity",
        False,
    ),
]
REFUSALS = (
    [(text, blank, "number", "a price", refused) for text, blank, refused in _PRICES]
    + [
        (text, blank, "phrase", "guessable", asked)
        for text, blank, asked in _TALK_WORDS
    ]
    + [
        (text, blank, kind, "the source, not what it found", source)
        for text, blank, kind, source in _SOURCES
    ]
)


@pytest.mark.parametrize(("markdown", "blank", "kind", "reason", "refused"), REFUSALS)
def test_a_blank_is_refused_for_its_reason_and_its_neighbours_are_not(
    nlp: Language, markdown: str, blank: str, kind: str, reason: str, refused: bool
) -> None:
    assert (refusal(markdown, blank, kind, nlp) == reason) is refused


# A person is asked only where the statement pins them: by another name, a
# number, or enough words of what they did.
@pytest.mark.parametrize(
    ("statement", "pinned"),
    [
        ("Daniel Okafor was a decent wicket-keeper.", False),
        ("Daniel Okafor is a strong finisher, important for depth.", False),
        ("Daniel Okafor is one of the finest slip fielders of all time.", False),
        ("Daniel Okafor kept wicket for Yorkshire for a decade.", True),
        ("Daniel Okafor took 212 catches behind the stumps.", True),
        (
            "Daniel Okafor taped a mirror to the dressing-room door to check his "
            "stance before every single innings.",
            True,
        ),
    ],
)
def test_a_person_is_asked_only_where_the_statement_pins_them(
    nlp: Language, statement: str, pinned: bool
) -> None:
    (parsed,) = extract_claims([read_text(f"- {statement}\n", Path("Notes.md"))], nlp)
    name = Candidate(0, len("Daniel Okafor"), "entity")
    unpinned = rejects(parsed, name) == "a person the sentence does not pin"
    assert unpinned is not pinned


# A date beside a figure says when; the figure says what happened.
@pytest.mark.parametrize(
    ("markdown", "answer"),
    [
        (
            "- Before the great 1906 earthquake, about 40 wells in the town ran dry.\n",
            "about 40",
        ),
        (
            "- A 1958 survey of over 2,000 hedgerows found no two with the same mix "
            "of shrubs.\n",
            "2,000",
        ),
        # a date asked as a question keeps its question
        ("- The harbour bridge opened to traffic in 1932.\n", "1932"),
    ],
)
def test_a_blank_takes_the_figure_before_the_date_beside_it(
    nlp: Language, markdown: str, answer: str
) -> None:
    cards, _ = build(markdown, nlp)
    assert cards[0].answer_text == answer
