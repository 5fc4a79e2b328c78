"""The questions a card asks instead of a blank: of a '**Term**: explanation' item
(`term_question`), or the wh-question the sentence answers (`question_for`). A
label's question for the list under it, and an item's defining its term, are in
`cards.generate.labels`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from ..extract import Candidate, Claim, ParsedClaim, Question, Word
from ..read import Span
from .answers import GUESSABLE_ZIPF
from .explanations import (
    does,
    enumerates,
    reads_as_definition,
    spells_itself_out,
    states_a_bound,
    states_a_figure,
)
from .people import from_a_place, names_people
from .references import LABEL_POINTERS
from .render import render_html
from .subject import ATTRIBUTE_ZIPF, is_generic
from .words import (
    MONTHS,
    PLURAL_TAGS,
    content_lemmas,
    is_content,
    is_short_form,
    trailing_aside,
    word_count,
    words_in,
    zipf,
)

__all__ = [
    "DEFINITION",
    "GENERIC_LABEL_ZIPF",
    "MAX_QA_ANSWER_WORDS",
    "MIN_CLUE_WORDS",
    "SHAPES",
    "TermQuestion",
    "circular",
    "date_question",
    "is_acronym",
    "known_word_term",
    "question_for",
    "says_something",
    "strip_bold",
    "term_question",
]


MAX_QA_ANSWER_WORDS = 22
"""A question's answer past this many words is not recalled as said (minimum
information): its first clause is asked for, or the item becomes a cloze."""
GENERIC_LABEL_ZIPF = 4.0
"""A one-word label this common in English ('Benefits', 'Process', 'Prediction')
names no one thing: asked for its meaning, many answers would be right."""
KNOWN_WORD_ZIPF = 3.0
"""A one-word term at least this common in English ('Cucumber', 'Celery',
'Seasoning', 'Budgeting') names a thing the learner knows already: asked 'What is
“Cucumber”?', the note's answer ('A mild taste that won't overpower the egg') is
what it does here, not what it is (`known_word_term`)."""
MIN_CLUE_WORDS = 3
"""Content words an explanation needs to pin its term when the term is hidden:
'Immunotherapy: A novel approach' or 'Diaphragm: Good for all frequencies' fits
many terms."""
DEFINITION = "definition"
"""A question asking a term's meaning ('What is “Tachypnea”?'): the one shape
whose reverse ('A breathing rate above…' → 'Tachypnea') pins one answer."""
SHAPES = (DEFINITION, "function", "value", "date", "list", "wh")
"""What a question card asks for (`Card.shape`): a term's meaning, what it does,
a label's value, what happened at a date, a label's short list, or the answer of
a wh-question made from a sentence."""


class TermQuestion(NamedTuple):
    """The question a '**Term**: explanation' item asks."""

    text: str
    end: int
    """Where its answer, the explanation, ends in the claim's text."""
    shape: str
    """Which of `SHAPES` it is."""


_CLAUSE_END = re.compile(
    r";|\s[\u2013\u2014]\s|\.\s|,\s(?:which|but|while|so|as)\b|\s\(e\.g\."
)


def _answer_end(claim: Claim) -> int | None:
    """Where a term's answer ends: the whole explanation when short, else its first
    clause when that is short and says something; None when neither is."""
    start = claim.definition_start
    text = claim.text
    if word_count(text[start:]) <= MAX_QA_ANSWER_WORDS:
        return len(text)
    match = _CLAUSE_END.search(text, start)
    if match is None:
        return None
    clause = text[start : match.start()]
    if 3 <= word_count(clause) <= MAX_QA_ANSWER_WORDS:
        return match.start()
    return None


def _label_asks_nothing(parsed: ParsedClaim, label: Sequence[Word]) -> bool:
    """Whether a label makes a poor question: an instruction or a step ('Talk to
    Engineers'), a label the explanation repeats ('Eat fruit whole': 'consume fruit
    whole'), or one everyday word ('Benefits')."""
    claim = parsed.claim
    content = [w for w in label if is_content(w)]
    if not content:
        return True
    if label[0].pos == "VERB" or label[0].tag in {"VB", "VBP", "VBG"}:
        return True
    explanation = [w for w in parsed.words if w.start >= claim.definition_start]
    if explanation and explanation[0].tag == "VB":
        # 'Understand Incentives: Acknowledge that...': the item is a step to take,
        # whatever the tagger made of its Title Case label.
        return True
    explained = content_lemmas(explanation)
    repeated = sum(1 for w in content if w.lemma in explained)
    if repeated * 2 >= len(content):
        return True
    only = content[0]
    return (
        len(content) == 1
        and len(label) == 1
        and only.pos != "PROPN"
        and not only.entity
        and zipf(only.text) >= GENERIC_LABEL_ZIPF
    )


def term_question(parsed: ParsedClaim, term: Span) -> TermQuestion | None:
    """The question a '**Term**: explanation' item asks, and where its answer ends;
    None when a cloze over the explanation makes the better card.

    A date is the date shape, which `cards.generate.claim_cards` makes a cloze
    on the date ('[...]: The Estates-General met'); a label with a short value
    ('Boiling point at sea level: 100 °C') is asked for the value; a named
    concept for its meaning.
    The note's title and heading stand above the question as its frame.
    """
    claim = parsed.claim
    label = [w for w in words_in(parsed, term.start, term.end) if w.pos != "PUNCT"]
    end = _answer_end(claim)
    if not label or end is None:
        return None
    if claim.text[:end].rstrip().endswith("?"):
        return None  # 'Question to search: Why does ...?' is a question, not a fact
    text = strip_bold(
        render_html(claim.text, claim.spans, start=term.start, end=term.end)
    )
    when = date_question(label, claim.text[term.start : term.end], text)
    if when is not None:
        # '**5 May**: The Estates-General met' is a date, not a term.
        return TermQuestion(when, end, "date")
    answer = [w for w in parsed.words if claim.definition_start <= w.start < end]
    verb = "are" if label[-1].tag in PLURAL_TAGS else "is"
    verbless = not any(w.pos in {"VERB", "AUX"} for w in answer)
    if verbless and len(answer) <= 6 and any(w.pos == "NUM" for w in answer):
        # A value: 'Boiling point at sea level: 100 °C' asks for it; 'Septic
        # shock: 40-70%' does not say of what, and becomes a cloze.
        if not _measures(label) or states_a_bound(answer):
            return None
        return TermQuestion(f"What {verb} the {text.lower()}?", end, "value")
    written = claim.text[term.start : term.end]
    if (
        is_generic(written)
        and not LABEL_POINTERS & {w.text.lower() for w in label}
        and not reads_as_definition(answer)
    ):
        # 'Prognosis: Generally poor …': alone, 'What is “Prognosis”?' asks for
        # the word's meaning (rated vague, rounds 13 and 15), and 'What is the
        # prognosis of <section>?' was kept by 2 of 26 grades (rounds 14-18): a
        # property has many answers. 'Etiology: Study of the cause of disease'
        # defines the word itself, and is asked so (round 17).
        return None
    if _label_asks_nothing(parsed, label):
        return None
    if not says_something(answer):
        return None  # 'Black Pepper: A good amount.' says nothing to recall
    if verbless and len(answer) <= 8 and _is_attribute(label):
        return None  # 'Other Names: Valley fever' is a property, as above
    if enumerates(answer):
        return None  # 'M3: secretions, peristalsis, ... (eight effects)' is a set
    if names_people(parsed, term) or from_a_place(parsed, term):
        # 'Who is Shoaib Malik?' → 'Considered a good fielder.': one remark of
        # many on a name, or no person at all ('Who is Myasthenia Gravis?'):
        # kept by 3 of 24 grades (rounds 14-18).
        return None
    if not _is_term_of_art(claim.text[term.start : term.end], label):
        return None
    if circular(label, answer):
        return None
    if does(answer):
        # Of a term only: a Title Case label says what it does by its name ('What
        # does “Tool Calling” do?' was rated trivial, 3 of 7 deleted, round 12).
        # Nor of a plural: 'What do “Zucchini” do?', 'What do “Partial
        # withdrawals” do?' ask what things of a kind do, not what one term does:
        # 1 of 12 grades kept such a question (rounds 24-39).
        if verb == "are" or states_a_figure(claim.text[claim.definition_start : end]):
            return None
        return TermQuestion(f"What does “{text}” do?", end, "function")
    if not reads_as_definition(answer) or spells_itself_out(label, answer):
        return None
    if _title_with_aside(written):
        return None
    return TermQuestion(f"What {verb} “{text}”?", end, DEFINITION)


def says_something(answer: Sequence[Word]) -> bool:
    """Whether an explanation holds anything to recall: a figure, a name or a word
    rarer than everyday ones ('A good amount' holds none)."""
    return any(
        w.pos in {"NUM", "PROPN"} or (is_content(w) and zipf(w.text) < 5.0)
        for w in answer
    )


def known_word_term(parsed: ParsedClaim, term: Span) -> bool:
    """Whether a '**Term**: explanation' item's term is one everyday word, not an
    acronym or a name: the learner knows what it is, and its explanation says what
    it is for in the note. Such a term is the better answer: '[...]: A mild taste
    that won't overpower the egg, providing fresh, watery crunch' asks for the
    cucumber, as both raters of round 20 asked. In rounds 14 to 20, one-word terms
    this common asked 'What is …?' or 'What does … do?' were kept by 29% of grades
    and deleted by 24% (17 cards); rarer ones ('Curare', 'Etiology', 'Apoptosis')
    by 57% and 17% (47 cards)."""
    label = [
        w
        for w in words_in(parsed, term.start, term.end)
        if any(c.isalnum() for c in w.text)
        and not _in_brackets(parsed.claim.text, term.start, w)
    ]
    if len(label) != 1:
        return False
    only = label[0]
    return (
        only.text.isalpha()
        and not is_acronym(only.text)
        and zipf(only.text) >= KNOWN_WORD_ZIPF
    )


def _in_brackets(text: str, start: int, word: Word) -> bool:
    """Whether a word of a term stands in brackets: 'Peeling (Optional)'."""
    before = text[start : word.start]
    return before.count("(") > before.count(")")


def circular(label: Sequence[Word], answer: Sequence[Word]) -> bool:
    """Whether an explanation says its term again ('Diversification: The portfolio
    is diversified'): asked for the meaning, the card gives the term's own word back
    (rated trivial): every content word of the term shows again, by its first six
    letters. ('Feedback inhibition: a product that inhibits...' still asks.)"""
    stems = {w.text.lower()[:6] for w in label if is_content(w)}
    said = {w.text.lower()[:6] for w in answer if is_content(w)}
    return bool(stems) and all(len(stem) == 6 for stem in stems) and stems <= said


_TITLE_WORDS = re.compile(
    r"\s(?:and|or|to|for|of|on|in|with|from|vs\.?|versus|&)\s|^(?:no|the|a|an)\s",
    re.I,
)
_TITLE_CASE = re.compile(r"[A-Z0-9][\w'-]*(?:\s+[A-Z0-9][\w'-]*)+")
"""'Purposeless Action Sequences', 'Monologues Over Action': a bullet's title, as
podcast summaries write them; a term is written in the sentence's case. For one
with an aside in brackets, see `_title_with_aside`."""


def _title_with_aside(label_text: str) -> bool:
    """Whether a label is a title in Title Case with a note in brackets after it
    ('Credit Risk (Issuer Default)', 'Quarter 1 (Hypertrophy)', 'Nauman Ali
    (Pakistan)'), which the bracket hid from `_TITLE_CASE`: asked 'What is …?',
    9 such questions of rounds 24 to 29 were kept by 1 of 18 grades, deleted by
    8. A short form or a symbol in the brackets ('Government Securities
    (G-Secs)', 'Flow Loss (L_flow)') makes the label a term it spells out."""
    aside = trailing_aside(label_text)
    return (
        aside is not None
        and not is_short_form(aside.group(1))
        and "_" not in aside.group(1)
        and bool(_TITLE_CASE.fullmatch(label_text[: aside.start()]))
    )


def _is_term_of_art(label_text: str, label: Sequence[Word]) -> bool:
    """Whether a label names a concept a learner defines ('Tachypnea', 'Feedback
    inhibition', 'Resend'), not a section title ('Harmful Content for Children',
    'Political Control', 'No Complacency') whose text is a claim of its own."""
    if _TITLE_WORDS.search(label_text) or _TITLE_CASE.fullmatch(label_text):
        return False
    content = [w for w in label if is_content(w) and any(c.isalpha() for c in w.text)]
    return bool(content) and min(zipf(w.text) for w in content) < GUESSABLE_ZIPF


_MEASURES = frozenset(
    {"age", "amount", "capacity", "cost", "count", "date", "dose", "duration"}
    | {"frequency", "height", "incidence", "length", "level", "limit", "mass"}
    | {"mortality", "number", "percentage", "point", "population", "prevalence"}
    | {"price", "range", "rate", "ratio", "share", "size", "speed", "temperature"}
    | {"threshold", "time", "uptime", "value", "volume", "weight", "width", "year"}
)
"""Nouns that name a measure: a label ending in one ('Boiling point at sea level',
'Target uptime') asks for a value; 'Septic shock: 40-70%' does not say of what."""


def _measures(label: Sequence[Word]) -> bool:
    nouns = [w for w in label if w.pos in {"NOUN", "PROPN"}]
    heads = {w.lemma for w in nouns[:1]} | {w.lemma for w in nouns[-1:]}
    return bool(heads & _MEASURES)


def _is_attribute(label: Sequence[Word], max_words: int = 3) -> bool:
    """Whether a label names a property of something ('Other Names', 'Clinical
    Features'): a few everyday words, no entity."""
    content = [w for w in label if is_content(w)]
    return (
        0 < len(label) <= max_words
        and all(not w.entity for w in content)
        and all(zipf(w.text) >= ATTRIBUTE_ZIPF for w in content)
    )


_YEAR = re.compile(r"1\d{3}s?|20\d{2}s?")
_DAY = re.compile(r"\b\d{1,2}(st|nd|rd|th)?\s+[A-Z][a-z]+|[A-Z][a-z]+\s+\d{1,2}\b")
_MONTH = rf"(?:{'|'.join(MONTHS)}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b"
_CALENDAR = re.compile(rf"\b(?:{_YEAR.pattern})\b|\b{_MONTH}")
"""A year or a month: what makes a label a date to ask about. 'Age 65', 'Less
than 35 years' or '~24 Weeks' are DATE entities too, but 'What happened on Age
65?' asks nothing (rated garbled)."""


def date_question(label: Sequence[Word], plain: str, rendered: str) -> str | None:
    """What happened at a label that is a date ('5 May', 'March 1932'), else None."""
    if not all(word.entity == "DATE" or _YEAR.fullmatch(word.text) for word in label):
        return None
    if not _CALENDAR.search(plain):
        return None
    return f"What happened {'on' if _DAY.search(plain) else 'in'} {rendered}?"


def strip_bold(html_text: str) -> str:
    return html_text.replace("<b>", "").replace("</b>", "")


def is_acronym(text: str) -> bool:
    return len(text) >= 2 and text.isupper()


def question_for(parsed: ParsedClaim, candidate: Candidate) -> Question | None:
    """The wh-question whose answer is exactly this candidate, if the sentence has
    one: 'When did Marie Curie win her second Nobel Prize?' asks for the same fact
    as a blank over '1911', in words a learner answers without the sentence."""
    claim = parsed.claim
    for question in parsed.questions:
        if question.end != candidate.end or question.start > candidate.start:
            continue
        extra = claim.text[question.start : candidate.start].strip().lower()
        if extra in {"", "the", "a", "an"}:
            return question
    return None
