"""The wh-question shapes: one rule each, turning a `Clause` into the questions
of its shape whose answer is one contiguous entity or number of the sentence.

The rules are listed, in the order they are tried, in `cards.extract.questions`.
They are conservative on purpose: a card that reads badly or asks for something the
sentence does not pin down costs a learner more than a missing card.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from .clauses import INDEFINITE, Clause
from .wording import NUMERIC_LABELS, finish_question, inverted_question, render_words

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = [
    "TAIL_SHAPES",
    "WH_SHAPES",
    "Question",
    "answer_of",
    "word_set",
]


class Question(NamedTuple):
    """A wh-question about one sentence and the span of that sentence answering it."""

    text: str
    """The question, capitalised and ending in '?'."""
    answer: str
    """The exact text of the sentence that answers it."""
    start: int
    """Character offset of the answer within the sentence's text."""
    end: int
    wh: str
    """The question phrase: 'who', 'what', 'when', 'where', 'how many', ..."""


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_PERSON_LABELS = frozenset({"PERSON", "NORP"})
"""Entities a 'who' asks for: people, and nationalities or groups of them."""
_THING_LABELS = frozenset(
    {"ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_DATE_PREPOSITIONS = frozenset({"in", "on", "during"})
"""'by 1937', 'since 1990' and 'until 1945' ask a different question than 'when'."""
_PLACE_PREPOSITIONS = frozenset({"in", "at"})
_MOTION_VERBS = word_set(
    "move emigrate immigrate migrate travel return flee relocate sail fly "
    "go spread retreat march"
)
"""Verbs whose 'to <place>' is where the subject ends up, so 'Where ...?' fits."""
_NOT_LOCATIVE_VERBS = word_set(
    "result invest believe participate specialise specialize engage involve "
    "succeed fail rank aim target look interest trust"
)
"""Verbs whose 'in/at X' is an argument, not where something happened."""
_RELATIONAL_VERBS = word_set(
    "refer mean include involve contain consist comprise represent denote stand"
)
"""Verbs that relate two things rather than tell an event: a date or place after
them belongs to their object ('SALT refers to the treaties ... in the 1970s')."""
_CALENDAR_WORDS = word_set(
    "january february march april may june july august september october "
    "november december century centuries"
)
_DURATION_UNITS = frozenset(
    {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}
)
_RELATIVE_TIME = frozenset(
    {"ago", "day", "days", "week", "weeks", "month", "months", "year", "years"}
    | {"quarter", "last", "later", "earlier", "recently", "today", "now"}
)
_SINGULAR_AUX = {"are": "is", "were": "was", "have": "has"}
"""'Who' takes a singular verb: 'The Romans were ...' asks 'Who was ...?'."""


def _entity_phrase(clause: Clause, head: Token) -> Span | None:
    """The entity that makes up all of `head`'s phrase, bar a leading 'the'."""
    doc = clause.sentence.doc
    subtree = [t.i for t in head.subtree]
    if max(subtree) - min(subtree) + 1 != len(subtree):
        return None
    if doc[min(subtree)].lower_ in INDEFINITE:
        return None
    for entity in doc.ents:
        if entity.start <= head.i < entity.end:
            start, end = min(subtree), max(subtree) + 1
            if doc[start].lower_ == "the" and entity.start == start + 1:
                start += 1
            if (entity.start, entity.end) == (start, end):
                return entity
            return None
    return None


def answer_of(
    clause: Clause, phrase: Span, wh: str, text: str | None
) -> Question | None:
    if text is None:
        return None
    offset = clause.sentence.start_char
    return Question(
        text,
        phrase.text,
        phrase.start_char - offset,
        phrase.end_char - offset,
        wh,
    )


def _ask_subject(clause: Clause) -> Iterator[Question]:
    """'Alan Turing proposed ...' asks 'Who proposed ...?'."""
    subject = clause.subject
    opening = [w for w in clause.words if w.i not in clause.lead]
    if subject.dep_ == "expl" or min(clause.subject_words) != opening[0].i:
        return
    entity = _entity_phrase(clause, subject)
    if entity is None or entity.label_ not in _PERSON_LABELS | _THING_LABELS:
        return
    if not _predicate_pins(clause):
        return
    if not _trusted(entity, {"PERSON", "NORP", "GPE"}):
        return
    wh = "who" if entity.label_ in _PERSON_LABELS else "what"
    rest = [w for w in opening if w.i not in clause.subject_words]
    if not rest or rest[0].is_punct:
        # 'Glenn Maxwell, despite ..., was ruled out' would ask 'Who , despite ...'.
        return
    replaced: dict[int, str] = {}
    verb = rest[0]
    # The verb shows the subject's number better than the tagger does.
    if verb.lower_ in _SINGULAR_AUX:
        replaced[verb.i] = _SINGULAR_AUX[verb.lower_]
    elif verb.tag_ == "VBP":
        return
    words = render_words([(w, replaced.get(w.i, w.text)) for w in rest], clause)
    yield from _maybe(answer_of(clause, entity, wh, finish_question(f"{wh} {words}")))


def _trusted(entity: Span, lone_labels: set[str]) -> bool:
    """Whether an entity's label can choose between 'who' and 'what'.

    The small model often labels a lone capitalised word wrongly ('Napoleon' ORG,
    'Sputnik' PERSON, 'Hippocrates' ORG); names of two words and acronyms fare better.
    """
    if len(entity) > 1:
        return True
    if entity.label_ in lone_labels and entity[0].pos_ == "PROPN":
        return True
    return len(entity.text) > 1 and entity.text.isupper()


def _predicate_pins(clause: Clause) -> bool:
    """Whether 'Who <predicate>?' has one answer: 'won a prize' does not.

    A date or a number alone does not narrow it enough ('What was opened in 1869?'):
    the predicate must name something definite or proper besides.
    """
    root = clause.root
    mass_object = False
    for child in root.children:
        if child.dep_ in {"dobj", "attr"}:
            first = next(iter(child.subtree))
            if first.lower_ in INDEFINITE:
                return False
            # 'discovered penicillin': a bare singular object names one thing.
            mass_object = mass_object or (child.tag_ == "NN" and first.i == child.i)
    if mass_object:
        return True
    rest = [
        w
        for w in clause.words
        if w.i not in clause.subject_words
        and w.ent_type_ not in NUMERIC_LABELS
        and w.pos_ != "NUM"
    ]
    return any(
        w.lower_ == "the" or w.tag_ == "PRP$" or w.pos_ == "PROPN" or w.ent_type_
        for w in rest
    )


def _object_of(preposition: Token) -> Token | None:
    """The object of a preposition that has nothing else: no 'and in Asia' after it."""
    children = list(preposition.children)
    if len(children) == 1 and children[0].dep_ == "pobj":
        return children[0]
    return None


def _ask_dates(clause: Clause) -> Iterator[Question]:
    """'... won the prize in 1911' asks 'When did ... win the prize?'."""
    if clause.root.lemma_ in _RELATIONAL_VERBS:
        return
    for entity in clause.sentence.ents:
        if entity.label_ != "DATE" or not _is_point_in_time(entity):
            continue
        head = entity.root
        if head.dep_ == "pobj":
            preposition = head.head
            if (
                preposition.lower_ not in _DATE_PREPOSITIONS
                or preposition.head != clause.root
                or _object_of(preposition) is None
                or _entity_phrase(clause, head) != entity
            ):
                continue
            cut = {t.i for t in preposition.subtree}
        elif head.dep_ in {"npadvmod", "tmod"} and head.head == clause.root:
            if _entity_phrase(clause, head) != entity:
                continue
            cut = {t.i for t in head.subtree}
        else:
            continue
        text = inverted_question(clause, cut, "when")
        yield from _maybe(answer_of(clause, entity, "when", text))


def _is_point_in_time(entity: Span) -> bool:
    """A year, a date, a decade or a century; not 'today', 'each year', 'recently'
    or 'the second quarter', which need another sentence to say which."""
    if entity[0].lower_ in {"each", "every", "per", "this", "that", "these", "next"}:
        return False
    words = {t.lower_ for t in entity}
    if words & _RELATIVE_TIME:
        return False
    return bool(words & _CALENDAR_WORDS) or any(c.isdigit() for c in entity.text)


def _ask_places(clause: Clause) -> Iterator[Question]:
    """'The treaty was signed in Paris' asks 'Where was the treaty signed?'."""
    root = clause.root
    if root.lemma_ in _NOT_LOCATIVE_VERBS | _RELATIONAL_VERBS:
        return
    for preposition in root.children:
        if preposition.dep_ != "prep":
            continue
        word = preposition.lower_
        if not (
            word in _PLACE_PREPOSITIONS
            or (word == "to" and root.lemma_ in _MOTION_VERBS)
        ):
            continue
        pobj = _object_of(preposition)
        entity = None if pobj is None else _entity_phrase(clause, pobj)
        if entity is None:
            continue
        if not (
            entity.label_ in _PLACE_LABELS or (word == "at" and entity.label_ == "ORG")
        ):
            continue
        cut = {t.i for t in preposition.subtree}
        text = inverted_question(clause, cut, "where")
        yield from _maybe(answer_of(clause, entity, "where", text))


def _ask_objects(clause: Clause) -> Iterator[Question]:
    """'Marie Curie married Pierre Curie' asks 'Who did Marie Curie marry?'."""
    root = clause.root
    if root.lemma_ in {"be", "have", "include"}:
        return
    if any(c.dep_ in {"xcomp", "dative", "oprd"} for c in root.children):
        # 'X led the Congress to act' cannot lose its object: 'What did X lead to act?'
        return
    for child in root.children:
        if child.dep_ != "dobj":
            continue
        entity = _entity_phrase(clause, child)
        if entity is None or not _trusted(entity, {"GPE"}):
            continue
        if entity.label_ in _PERSON_LABELS:
            wh = "who"
        elif entity.label_ in _THING_LABELS:
            wh = "what"
        else:
            continue
        cut = {t.i for t in child.subtree}
        text = inverted_question(clause, cut, wh)
        yield from _maybe(answer_of(clause, entity, wh, text))


def _ask_agent(clause: Clause) -> Iterator[Question]:
    """'Google was founded by Larry Page and Sergey Brin' asks 'By whom was ...?'.

    'By whom' keeps the passive the sentence chose; turning it active would be a
    paraphrase, and 'Who was Google founded by in 1998?' strands the preposition
    before whatever followed the agent.
    """
    for agent in clause.root.children:
        if agent.dep_ != "agent":
            continue
        objects = [c for c in agent.children if c.dep_ == "pobj"]
        if len(objects) != 1 or list(agent.children) != objects:
            continue
        people = _people(clause, objects[0])
        if people is None:
            continue
        cut = {t.i for t in agent.subtree}
        text = inverted_question(clause, cut, "by whom")
        yield from _maybe(answer_of(clause, people, "by whom", text))


def _people(clause: Clause, head: Token) -> Span | None:
    """A phrase naming only people: 'Marie Curie', 'Larry Page and Sergey Brin'."""
    entity = _entity_phrase(clause, head)
    if entity is not None:
        return entity if entity.label_ == "PERSON" and len(entity) > 1 else None
    doc = clause.sentence.doc
    start, end = head.left_edge.i, head.right_edge.i + 1
    covered: set[int] = set()
    for entity in doc[start:end].ents:
        if entity.label_ != "PERSON" or len(entity) < 2:
            return None
        covered.update(range(entity.start, entity.end))
    rest = [t for t in doc[start:end] if t.i not in covered]
    if len(covered) < 2 or any(t.dep_ not in {"cc", "punct"} for t in rest):
        return None
    if not rest or rest[-1].lower_ != "and":
        return None
    return doc[start:end]


def _ask_durations(clause: Clause) -> Iterator[Question]:
    """'The siege lasted for eight months' asks 'How long did the siege last?'."""
    for preposition in clause.root.children:
        if preposition.dep_ != "prep" or preposition.lower_ != "for":
            continue
        pobj = _object_of(preposition)
        entity = None if pobj is None else _entity_phrase(clause, pobj)
        if (
            entity is None
            or entity.label_ != "DATE"
            or entity.root.lemma_ not in _DURATION_UNITS
            or not any(t.like_num for t in entity)
        ):
            continue
        cut = {t.i for t in preposition.subtree}
        text = inverted_question(clause, cut, "how long")
        yield from _maybe(answer_of(clause, entity, "how long", text))


def _ask_ages(clause: Clause) -> Iterator[Question]:
    """'... bought his first stock at the age of eleven' asks 'At what age ...?'."""
    for preposition in clause.root.children:
        if preposition.dep_ != "prep" or preposition.lower_ != "at":
            continue
        age = [c for c in preposition.children if c.dep_ == "pobj"]
        if len(age) != 1 or age[0].lower_ != "age":
            continue
        parts = list(age[0].children)
        if [c.lower_ for c in parts] != ["the", "of"]:
            continue
        numbers = [c for c in parts[1].children if c.dep_ == "pobj"]
        if len(numbers) != 1:
            continue
        number = numbers[0]
        # The model labels all of 'the age of eleven' DATE; the answer is the number.
        entity = clause.sentence.doc[number.left_edge.i : number.right_edge.i + 1]
        if not all(t.like_num and t.ent_type_ in {"DATE", "CARDINAL"} for t in entity):
            continue
        cut = {t.i for t in preposition.subtree}
        text = inverted_question(clause, cut, "at what age")
        yield from _maybe(answer_of(clause, entity, "at what age", text))


def _ask_amounts(clause: Clause) -> Iterator[Question]:
    """Counted plural objects ('has four chambers'), money and percentages."""
    root = clause.root
    for child in root.children:
        if child.dep_ in {"dobj", "attr"}:
            entity = _entity_phrase(clause, child)
            if entity is not None and entity.label_ == "MONEY":
                cut = {t.i for t in child.subtree}
                text = inverted_question(clause, cut, "how much")
                yield from _maybe(answer_of(clause, entity, "how much", text))
                continue
            if child.tag_ not in {"NNS", "NNPS"}:
                continue
            numbers = [c for c in child.children if c.dep_ == "nummod"]
            if len(numbers) != 1:
                continue
            number = numbers[0]
            counted = _counted_entity(number, child)
            if counted is None or _other_counts(clause, counted):
                continue
            if child.right_edge.i != child.i and (
                clause.subject.dep_ != "expl"
                or any(c.dep_ != "prep" for c in child.rights)
            ):
                # 'There are eight planets in the solar system' keeps its place
                # phrase after 'there'; elsewhere it would dangle after the verb.
                continue
            cut = {t.i for t in child.subtree if t.i <= child.i}
            moved = [
                t
                for t in child.subtree
                if t.i in cut and not counted.start <= t.i < counted.end
            ]
            if any(t.pos_ in {"DET", "PRON", "PART"} or t.is_punct for t in moved):
                continue
            front = "how many " + render_words([(t, t.text) for t in moved], clause)
            text = inverted_question(clause, cut, front)
            yield from _maybe(answer_of(clause, counted, "how many", text))
        elif child.dep_ == "prep" and child.lower_ == "by":
            pobj = _object_of(child)
            entity = None if pobj is None else _entity_phrase(clause, pobj)
            if entity is None or entity.label_ != "PERCENT":
                continue
            cut = {t.i for t in child.subtree}
            text = inverted_question(clause, cut, "by how much")
            yield from _maybe(answer_of(clause, entity, "by how much", text))


def _other_counts(clause: Clause, counted: Span) -> bool:
    """Whether another number in the sentence could be read as the answer.

    In '77 runs in six innings and 243 runs in four', cutting '77' leaves '243 runs'
    behind, and 'How many runs ...?' has two answers.
    """
    return any(
        entity.label_ == "CARDINAL" and entity.start != counted.start
        for entity in clause.sentence.ents
    )


def _counted_entity(number: Token, noun: Token) -> Span | None:
    """The CARDINAL entity holding `number`, wholly before the noun it counts."""
    for entity in number.doc.ents:
        if entity.start <= number.i < entity.end:
            if entity.label_ != "CARDINAL" or entity.end != noun.i:
                return None
            if any(t.i not in {s.i for s in noun.subtree} for t in entity):
                return None
            return entity
    return None


def _ask_identity(clause: Clause) -> Iterator[Question]:
    """'The capital of Australia is Canberra' asks 'What is the capital of ...?'."""
    root = clause.root
    if root.lemma_ != "be" or clause.subject.dep_ == "expl":
        return
    first = clause.sentence.doc[min(clause.subject_words)]
    if first.lower_ != "the" or clause.subject.ent_type_:
        return
    for child in root.children:
        if child.dep_ != "attr":
            continue
        entity = _entity_phrase(clause, child)
        if entity is None or entity.label_ == "MONEY":
            continue
        wh = "who" if entity.label_ == "PERSON" else "what"
        cut = {t.i for t in child.subtree}
        text = inverted_question(clause, cut, wh)
        yield from _maybe(answer_of(clause, entity, wh, text))


def _maybe(question: Question | None) -> Iterable[Question]:
    return () if question is None else (question,)


WH_SHAPES: tuple[Callable[[Clause], Iterable[Question]], ...] = (
    _ask_subject,
    _ask_dates,
    _ask_places,
    _ask_objects,
    _ask_agent,
    _ask_amounts,
    _ask_durations,
    _ask_ages,
    _ask_identity,
)

TAIL_SHAPES: tuple[Callable[[Clause], Iterable[Question]], ...] = (
    _ask_dates,
    _ask_objects,
    _ask_agent,
)
"""The shapes asked of a main clause whose trailing clause was cut, or of a sentence
given as an example: When, the object and By whom. Each keeps the subject as the
sentence named it and asks for a phrase of the main clause. The subject question is
not among them: with 'after Imran Khan rallied the team' cut, 'What won the World
Cup in 1992?' leans on a predicate that no longer says all the sentence did (the
earlier attempt's subject questions of cut clauses were often wrong), and an
example's subject is one of several the note has in mind ('For example, Ricky
Ponting ...')."""
