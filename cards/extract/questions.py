"""Ask for one fact of a sentence: wh-questions read off its dependency parse.

A cloze hides a span; a question asks for it in the learner's own language. This
module turns one parsed declarative sentence into questions whose answer is a
contiguous entity, number or noun phrase of that sentence:

* the subject is a named entity: "Who/What <rest of the sentence>?";
* a date after "in/on/during" (or a bare date adverb) on the main verb: "When ...?";
* a place after "in/at" (or "to" after a verb of motion): "Where ...?";
* the object is a named entity: "Who/What did X <verb> ...?";
* the people after the "by" of a passive: "By whom was X founded?";
* a counted plural object: "How many <noun> does X have?", "How many <noun> are
  there ...?"; an amount of money: "How much did X raise?"; a percentage after "by":
  "By how much ...?"; a span of time after "for": "How long did X last?"; "at the age
  of <number>": "At what age did X ...?";
* "The <noun phrase> is <entity>": "What/Who is the <noun phrase>?";
* the subject or the object is a plain noun phrase: "What builds up during the
  day?", "What does caffeine block?" (`cards.extract.phrase_shapes`), asked only
  where that phrase is the blank the cloze would have chosen.

Questions are built by moving words, never by paraphrase: the answer phrase (with its
preposition and commas) is cut, the first auxiliary or the copula moves in front of
the subject, and a verb without one gets do-support ("won" -> "did ... win") with the
tense and person of the original verb.

The rules are conservative on purpose: a card that reads badly or asks for something
the sentence does not pin down costs a learner more than a missing card. A sentence is
skipped when its subject is a pronoun or demonstrative (the referent is in another
sentence), when it has no finite main verb (imperatives, fragments, list labels), when
it is negated, coordinated or holds a reported clause, and when the cut would split a
quotation or a parenthesis.

Each step is a module: `cards.extract.clauses` reads a sentence as one plain clause
(or refuses it), `cards.extract.wh_shapes` holds a rule for each shape above, and
`cards.extract.wording` moves the words.

Nothing here imports spaCy at run time: the sentence arrives parsed, so only the
claims stage pays for loading a pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from .clauses import Clause, read_clause, read_predicate
from .phrase_shapes import ask_phrase_object, ask_phrase_subject
from .wh_shapes import TAIL_SHAPES, WH_SHAPES, Question
from .words import Word, words_of

if TYPE_CHECKING:
    from spacy.tokens import Span

__all__ = [
    "MAX_FRAME_WORDS",
    "MAX_QUESTION_WORDS",
    "frame_text",
    "framed_questions",
    "label_questions",
    "sentence_questions",
    "wh_questions",
]

MAX_QUESTION_WORDS = 25
"""Longer questions are hard to hold in mind while recalling the answer."""
MAX_FRAME_WORDS = 6
"""A label longer than this is a sentence of its own, not a frame for a question."""


_WORD = re.compile(r"\w+")

_ADDITIVE = frozenset({"also", "likewise", "again"})
"""Words saying others did or were the same ('Jadeja also retired from T20Is'), or
that it happened before ('India won the series again in 2019'): asked 'Who retired
from T20Is?' or 'When did India win the series?', the sentence's answer is one of
several (rated vague, round 15). Such a sentence stays a cloze. So does one
with a bare 'instead' ('Thackeray instead visited the Kalaram Temple'): the
question would ask for an alternative to something it does not say (rated
dangling by both raters, round 20); 'instead of four' names it."""


def _points_elsewhere(sentence: Span) -> bool:
    """Whether a sentence says it is one of several, or an alternative to
    something it does not name (`_ADDITIVE`, a bare 'instead')."""
    for token in sentence:
        if token.lower_ in _ADDITIVE:
            return True
        if token.lower_ == "instead":
            after = token.doc[token.i + 1 : token.i + 2]
            if not after or after[0].lower_ != "of":
                return True
    return False


Shape = Callable[[Clause], Iterable[Question]]
_SHAPES: tuple[Shape, ...] = (*WH_SHAPES, ask_phrase_subject, ask_phrase_object)
_TAIL_SHAPES: tuple[Shape, ...] = (*TAIL_SHAPES, ask_phrase_object)
_PREDICATE_SHAPES: tuple[Shape, ...] = (ask_phrase_subject,)
"""The shape asked of a sentence only `read_predicate` reads: its subject, when
no name, with the rest of the sentence as it stands."""


def wh_questions(sentence: Span, labelled: bool = False) -> list[Question]:
    """Turn one parsed declarative sentence into questions that each pin one answer.

    Args:
        sentence: a sentence of a `Doc` parsed by a full pipeline (tagger, parser and
            entity recogniser), as `doc.sents` yields it.
        labelled: whether the sentence stands under a label its pronouns may stand
            for (`read_clause`).

    Returns:
        The questions, in the order of the rules above, without duplicates; an empty
        list for any sentence the rules cannot rewrite safely.
    """
    if _points_elsewhere(sentence):
        return []
    clause = read_clause(sentence, labelled)
    if clause is None:
        clause = read_predicate(sentence, labelled)
        if clause is None or clause.example:
            return []
        shapes = _PREDICATE_SHAPES
    elif clause.tail or clause.example:
        shapes = _TAIL_SHAPES
    else:
        shapes = _SHAPES
    questions: list[Question] = []
    seen: set[str] = set()
    for rule in shapes:
        for question in rule(clause):
            if question.text not in seen and _reads_well(question, clause):
                seen.add(question.text)
                questions.append(question)
    return questions


def _reads_well(question: Question, clause: Clause) -> bool:
    """Final checks: short enough, and it does not give its own answer away."""
    words = question.text[:-1].split()
    if len(words) > MAX_QUESTION_WORDS or len(words) < 3:
        return False
    asked = {w.strip(",").lower() for w in words}
    answer = clause.sentence.char_span(question.start, question.end)
    if answer is None:
        return False
    content = {
        t.lower_ for t in answer if t.is_alpha and not t.is_stop and len(t.text) > 1
    }
    return not content & asked


def frame_text(label: str) -> str | None:
    """A label as the frame a question or claim stands under, or None: a label of
    more than `MAX_FRAME_WORDS` words is a sentence of its own, not a frame."""
    frame = label.strip()
    return frame if frame and len(frame.split()) <= MAX_FRAME_WORDS else None


def sentence_questions(
    sentence: Span, text: str, labelled: bool = False
) -> tuple[Question, ...]:
    """The sentence's wh-questions whose answer stands where it stood in `text`
    (the claim's text is the sentence's, recased or with a closing full stop);
    `labelled` as `read_clause` says."""
    return tuple(
        question
        for question in wh_questions(sentence, labelled)
        if text[question.start : question.end] == question.answer
    )


def label_questions(
    sentence: Span, text: str, label: tuple[int, int], start: int
) -> list[Question]:
    """The wh-questions of a '**Label**: sentence' item's sentence, each framed by
    its label: 'Peace Deal: Ethiopia signed a peace agreement with Eritrea in 2018'
    asks 'Peace Deal: When did Ethiopia sign a peace agreement with Eritrea?'.

    `sentence` holds the label and the sentence after it, `text` is its text (the
    claim's, which may differ only in case), `label` the label's offsets in it and
    `start` where the sentence after it begins. That sentence is read as a clause of
    its own, and its questions are framed as `framed_questions` says."""
    frame = frame_text(text[label[0] : label[1]])
    if frame is None:
        return []
    rest = sentence.doc.char_span(
        sentence.start_char + start, sentence.end_char, alignment_mode="contract"
    )
    if rest is None or len(rest) < 4:
        return []
    shift = rest.start_char - sentence.start_char
    own = text[shift:]
    asked = [q for q in wh_questions(rest) if own[q.start : q.end] == q.answer]
    return framed_questions(asked, frame, words_of(rest, shift), shift)


def framed_questions(
    questions: Sequence[Question], frame: str, words: Sequence[Word], shift: int
) -> list[Question]:
    """Questions of a sentence asked under the label it stands under: 'Cipla: When
    did its cough syrup fail to meet standards?'. Without the label, 'What is ranked
    126th?' asks of no index.

    `questions` have their offsets in the sentence, which starts `shift` characters
    into the claim's text, and `words` are the sentence's words in the claim's
    text. A question is dropped when it would run past `MAX_QUESTION_WORDS` with
    its label, when the label holds a content word of its answer ('2004 Smoking
    Ban: When was smoking banned …?' → 'March 2004'), and when a date's question
    still shows a figure: 'Medical Education: When are there only about 108,000
    MBBS seats …?' asks the year of what the note says for its number, which 'How
    many …?' or the sentence's cloze asks instead (see `cards.generate.ranking`).
    Rounds 39 and 40 drew 10 labelled questions showing a figure, kept by 5 of 20
    grades, against 17 of 26 for the 13 without one."""
    if not questions or frame_text(frame) != frame or not words:
        return []
    frame_words = len(frame.split())
    shown = {word.lower() for word in _WORD.findall(frame)}
    opening = _capital_of_position(words[0])
    lowered = opening.lower() if opening is not None else ""
    capital = re.compile(rf"(?<= ){re.escape(opening)}\b") if opening else None
    framed = []
    for question in questions:
        begin, end = question.start + shift, question.end + shift
        said = {
            w.text.lower()
            for w in words
            if begin <= w.start and w.end <= end and w.text.isalnum() and not w.stop
        }
        if shown & said:
            continue
        if not any(
            begin <= w.start and w.end <= end and (w.entity or w.pos == "NUM")
            for w in words
        ):
            # A plain phrase under a label ('Flour: What is preferred for a
            # lighter bake?' → 'Wetter doughs'): the label names the topic and
            # the question asks for something else in it (rated vague and
            # garbled, round 47: 20 such questions kept by 48% of grades).
            continue
        asked = question.text
        if len(asked.split()) + frame_words > MAX_QUESTION_WORDS:
            continue
        if question.wh == "when" and any(c.isdigit() for c in asked):
            continue
        if capital is not None:
            asked = capital.sub(lambda _: lowered, asked, count=1)
        framed.append(question._replace(text=f"{frame}: {asked}", start=begin, end=end))
    return framed


_COMMON_ZIPF = 3.0


def _capital_of_position(word: Word) -> str | None:
    """The first word after a label, when its capital only marks where it stands:
    after a colon the tagger reads 'Smoking was banned …' as a name, and the
    question would keep 'When was Smoking banned …?'. Such a word is common in
    English (wordfreq, which folds case) and no entity of its own; an entity the
    tagger ran on from the label ('Listing Age: Companies …') counts as none
    unless the word is a proper noun. None for a word that keeps its capital.

    wordfreq cannot tell 'Apple' from 'apple': a name the tagger neither marks as
    an entity nor finds among the label's is lowered too, which is rare after a
    label (the tagger marks most names)."""
    if not word.text[:1].isupper() or not word.text[1:].islower():
        return None
    if word.entity and (not word.entity_inside or word.pos == "PROPN"):
        return None
    # Imported here, as in `cards.extract.prose`: a build with nothing to parse
    # need not pay for importing wordfreq.
    from wordfreq import zipf_frequency

    common = zipf_frequency(word.text.lower(), "en") >= _COMMON_ZIPF
    return word.text if common else None
