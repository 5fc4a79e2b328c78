"""Ask for one fact of a sentence: wh-questions read off its dependency parse.

A cloze hides a span; a question asks for it in the learner's own language. This
module turns one parsed declarative sentence into questions whose answer is a
contiguous entity or number of that sentence:

* the subject is a named entity: "Who/What <rest of the sentence>?";
* a date after "in/on/during" (or a bare date adverb) on the main verb: "When ...?";
* a place after "in/at" (or "to" after a verb of motion): "Where ...?";
* the object is a named entity: "Who/What did X <verb> ...?";
* the people after the "by" of a passive: "By whom was X founded?";
* a counted plural object: "How many <noun> does X have?", "How many <noun> are
  there ...?"; an amount of money: "How much did X raise?"; a percentage after "by":
  "By how much ...?"; a span of time after "for": "How long did X last?"; "at the age
  of <number>": "At what age did X ...?";
* "The <noun phrase> is <entity>": "What/Who is the <noun phrase>?".

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

Nothing here imports spaCy at run time: the sentence arrives parsed, so only the
claims stage pays for loading a pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["MAX_QUESTION_WORDS", "Question", "wh_questions"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MAX_QUESTION_WORDS = 25
"""Longer questions are hard to hold in mind while recalling the answer."""


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


class _Clause(NamedTuple):
    """A sentence that passed the safety checks, with the parts every rule needs."""

    sentence: Span
    words: tuple[Token, ...]
    """The sentence's tokens without its final full stop."""
    root: Token
    subject: Token
    subject_words: frozenset[int]
    lead: frozenset[int]
    """A fronted sentence adverb and its comma ('Similarly, ...'): cut from every
    question, since it links to a sentence the learner will not see."""
    guarded: frozenset[int]
    """Tokens inside quotes or brackets (or those marks): never cut or moved."""


_PERSON_LABELS = frozenset({"PERSON", "NORP"})
"""Entities a 'who' asks for: people, and nationalities or groups of them."""
_THING_LABELS = frozenset(
    {"ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_DATE_PREPOSITIONS = frozenset({"in", "on", "during"})
"""'by 1937', 'since 1990' and 'until 1945' ask a different question than 'when'."""
_PLACE_PREPOSITIONS = frozenset({"in", "at"})
_MOTION_VERBS = _words(
    "move emigrate immigrate migrate travel return flee relocate sail fly "
    "go spread retreat march"
)
"""Verbs whose 'to <place>' is where the subject ends up, so 'Where ...?' fits."""
_NOT_LOCATIVE_VERBS = _words(
    "result invest believe participate specialise specialize engage involve "
    "succeed fail rank aim target look interest trust"
)
"""Verbs whose 'in/at X' is an argument, not where something happened."""
_RELATIONAL_VERBS = _words(
    "refer mean include involve contain consist comprise represent denote stand"
)
"""Verbs that relate two things rather than tell an event: a date or place after
them belongs to their object ('SALT refers to the treaties ... in the 1970s')."""
_CALENDAR_WORDS = _words(
    "january february march april may june july august september october "
    "november december century centuries"
)
_INDEFINITE = frozenset({"a", "an", "some", "many", "several", "one", "any"})
_NUMBER_LABELS = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"}
)
_DURATION_UNITS = frozenset(
    {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}
)
_RELATIVE_TIME = frozenset(
    {"ago", "day", "days", "week", "weeks", "month", "months", "year", "years"}
    | {"quarter", "last", "later", "earlier", "recently", "today", "now"}
)
_LINKING_ADVERBS = _words("also then thus therefore too further additionally")
"""'The US also extended ...' points at a sentence the card will not show."""
_SHORT_STEM = re.compile(r"[^aeiouy]*[aeiou][^aeiouwxy]")
_DO_SUPPORT = {"VBD": "did", "VBZ": "does", "VBP": "do"}
_SINGULAR_AUX = {"are": "is", "were": "was", "have": "has"}
"""'Who' takes a singular verb: 'The Romans were ...' asks 'Who was ...?'."""
_BLOCKING_DEPS = frozenset(
    {"ccomp", "csubj", "csubjpass", "parataxis", "advcl", "dep", "meta", "intj"}
)
"""Clauses whose meaning changes, or whose grammar breaks, when words move around
them ('X said that ...', 'Because ..., X ...')."""
_FORBIDDEN_CHARS = re.compile(r"[`*_\[\]{}<>|#=\\;:?!/@~^]|\$(?!\d)|https?:|\.\.")
"""Markup, code, formulas, lists run together and questions: not prose to rewrite."""
_TYPOGRAPHY = frozenset("’‘“”\u2013\u2014…°€£¥")
"""Characters beyond Latin script a prose sentence may hold; any other (Chinese
glosses, Cyrillic, Greek formulas) means text the English pipeline cannot parse."""
_OPENING = {"(": ")", "[": "]", "“": "”", "‘": "’"}
_QUOTES = frozenset({'"', "'"})
_QUANTIFIERS = frozenset(
    {"many", "some", "most", "all", "few", "several", "each", "one", "others", "both"}
)
"""A bare 'Many are based in Europe' counts members of a group named elsewhere."""
_DEMONSTRATIVES = frozenset(
    {"this", "that", "these", "those", "such", "both", "either", "neither", "no"}
)


def wh_questions(sentence: Span) -> list[Question]:
    """Turn one parsed declarative sentence into questions that each pin one answer.

    Args:
        sentence: a sentence of a `Doc` parsed by a full pipeline (tagger, parser and
            entity recogniser), as `doc.sents` yields it.

    Returns:
        The questions, in the order of the rules above, without duplicates; an empty
        list for any sentence the rules cannot rewrite safely.
    """
    clause = _read_clause(sentence)
    if clause is None:
        return []
    questions: list[Question] = []
    seen: set[str] = set()
    for rule in _RULES:
        for question in rule(clause):
            if question.text not in seen and _reads_well(question, clause):
                seen.add(question.text)
                questions.append(question)
    return questions


def _read_clause(sentence: Span) -> _Clause | None:
    """Check that a sentence is one plain declarative clause, and name its parts."""
    text = sentence.text.strip()
    if _FORBIDDEN_CHARS.search(text) or len(sentence) < 4 or " - " in text:
        return None
    if any(ord(c) >= 0x250 and c not in _TYPOGRAPHY for c in text):
        return None
    words = tuple(sentence)
    while words and words[-1].is_space:
        words = words[:-1]
    if not words or (words[-1].is_punct and words[-1].text != "."):
        return None
    if words[-1].text == ".":
        words = words[:-1]
    if any(word.is_space or word.text == "." for word in words):
        return None
    roots = [word for word in words if word.dep_ == "ROOT"]
    if len(roots) != 1:
        return None
    root = roots[0]
    if not _is_finite(root):
        return None
    subjects = [c for c in root.children if c.dep_ in {"nsubj", "nsubjpass", "expl"}]
    if len(subjects) != 1 or subjects[0].i > root.i:
        return None
    subject = subjects[0]
    if any(c.dep_ in _BLOCKING_DEPS for c in root.children):
        return None
    if any(c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"} for c in root.children):
        return None
    if any(word.dep_ == "neg" or word.lower_ in {"not", "never"} for word in words):
        return None
    if any(
        word.tag_ in {"PRP", "WP", "WRB", "EX"} and word.i != subject.i
        for word in words
    ):
        return None
    lead: set[int] = set()
    if (
        len(words) > 1
        and words[0].tag_ == "RB"
        and words[0].dep_ == "advmod"
        and words[0].head.i == root.i
        and words[1].text == ","
    ):
        lead = {words[0].i, words[1].i}
    elif words[0].tag_ in {"WDT", "WP", "WRB", "CC", "RB", "UH"}:
        return None
    lead |= {
        word.i
        for word in root.children
        if word.dep_ == "advmod"
        and word.lower_ in _LINKING_ADVERBS
        and word.i > words[0].i
        and word.nbor(-1).text != ","
        and (word.i + 1 == len(word.doc) or word.nbor(1).text != ",")
    }
    if any(
        word.lower_ == "which" and word.i > 0 and word.nbor(-1).text == ","
        for word in words
    ):
        # A non-restrictive 'which' often stands for the whole clause before it.
        return None
    subject_words = frozenset(t.i for t in subject.subtree)
    if subject.dep_ == "expl":
        if subject.lower_ != "there" or root.lemma_ != "be":
            return None
    elif (
        subject.pos_ == "PRON"
        or subject.lower_ in _DEMONSTRATIVES
        or (subject.lower_ in _QUANTIFIERS and len(subject_words) == 1)
    ):
        return None
    if any(
        word.lower_ in _DEMONSTRATIVES and word.dep_ in {"det", "predet"}
        for word in words
    ):
        # 'this company', 'these interactions': the referent is in another sentence.
        return None
    if any(sentence.doc[i].tag_ == "PRP$" for i in subject_words):
        return None
    if any(
        word.lower_ == "such"
        and (word.i + 1 == len(word.doc) or word.nbor(1).lower_ != "as")
        for word in words
    ):
        # 'such cases' are cases described in another sentence; 'such as' is fine.
        return None
    if sentence.doc[min(subject_words)].lower_ in _INDEFINITE - {"a", "an"}:
        # 'One stock, ..., grew': one of some set the note named before.
        return None
    if subject.ent_type_ != "PERSON" and any(
        word.lower_ in {"his", "her"} for word in words
    ):
        # 'his' with no person as the subject points at someone named elsewhere.
        return None
    if max(subject_words) - min(subject_words) + 1 != len(subject_words):
        return None
    guarded = _guarded(words)
    if guarded is None:
        return None
    return _Clause(
        sentence, words, root, subject, subject_words, frozenset(lead), guarded
    )


def _is_finite(root: Token) -> bool:
    """Whether the main verb carries tense: no imperatives, no '-ing' fragments."""
    if root.pos_ not in {"VERB", "AUX"}:
        return False
    auxiliaries = [c for c in root.children if c.dep_ in {"aux", "auxpass"}]
    if auxiliaries:
        first = auxiliaries[0]
        return first.i < root.i and first.tag_ in {"MD", "VBD", "VBZ", "VBP"}
    return root.tag_ in _DO_SUPPORT


def _guarded(words: tuple[Token, ...]) -> frozenset[int] | None:
    """Mark quoted and bracketed tokens; None when the marks do not pair up."""
    guarded: set[int] = set()
    closing: list[str] = []
    in_quote = False
    for word in words:
        if word.text in _OPENING:
            closing.append(_OPENING[word.text])
        elif closing and word.text == closing[-1]:
            closing.pop()
            guarded.add(word.i)
            continue
        elif word.text in _OPENING.values():
            return None
        elif word.text in _QUOTES and word.tag_ != "POS":
            in_quote = not in_quote
            guarded.add(word.i)
            continue
        if closing or in_quote:
            guarded.add(word.i)
    if closing or in_quote:
        return None
    return frozenset(guarded)


def _entity_phrase(clause: _Clause, head: Token) -> Span | None:
    """The entity that makes up all of `head`'s phrase, bar a leading 'the'."""
    doc = clause.sentence.doc
    subtree = [t.i for t in head.subtree]
    if max(subtree) - min(subtree) + 1 != len(subtree):
        return None
    if doc[min(subtree)].lower_ in _INDEFINITE:
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


def _answer(
    clause: _Clause, phrase: Span, wh: str, text: str | None
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


def _ask_subject(clause: _Clause) -> Iterator[Question]:
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
    words = _render([(w, replaced.get(w.i, w.text)) for w in rest], clause)
    yield from _maybe(_answer(clause, entity, wh, _finish(f"{wh} {words}")))


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


def _predicate_pins(clause: _Clause) -> bool:
    """Whether 'Who <predicate>?' has one answer: 'won a prize' does not.

    A date or a number alone does not narrow it enough ('What was opened in 1869?'):
    the predicate must name something definite or proper besides.
    """
    root = clause.root
    mass_object = False
    for child in root.children:
        if child.dep_ in {"dobj", "attr"}:
            first = next(iter(child.subtree))
            if first.lower_ in _INDEFINITE:
                return False
            # 'discovered penicillin': a bare singular object names one thing.
            mass_object = mass_object or (child.tag_ == "NN" and first.i == child.i)
    if mass_object:
        return True
    rest = [
        w
        for w in clause.words
        if w.i not in clause.subject_words
        and w.ent_type_ not in _NUMBER_LABELS
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


def _ask_dates(clause: _Clause) -> Iterator[Question]:
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
        yield from _maybe(
            _answer(clause, entity, "when", _inverted(clause, cut, "when"))
        )


def _is_point_in_time(entity: Span) -> bool:
    """A year, a date, a decade or a century; not 'today', 'each year', 'recently'
    or 'the second quarter', which need another sentence to say which."""
    if entity[0].lower_ in {"each", "every", "per", "this", "that", "these", "next"}:
        return False
    words = {t.lower_ for t in entity}
    if words & _RELATIVE_TIME:
        return False
    return bool(words & _CALENDAR_WORDS) or any(c.isdigit() for c in entity.text)


def _ask_places(clause: _Clause) -> Iterator[Question]:
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
        yield from _maybe(
            _answer(clause, entity, "where", _inverted(clause, cut, "where"))
        )


def _ask_objects(clause: _Clause) -> Iterator[Question]:
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
        yield from _maybe(_answer(clause, entity, wh, _inverted(clause, cut, wh)))


def _ask_agent(clause: _Clause) -> Iterator[Question]:
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
        yield from _maybe(
            _answer(clause, people, "by whom", _inverted(clause, cut, "by whom"))
        )


def _people(clause: _Clause, head: Token) -> Span | None:
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


def _ask_durations(clause: _Clause) -> Iterator[Question]:
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
        yield from _maybe(
            _answer(clause, entity, "how long", _inverted(clause, cut, "how long"))
        )


def _ask_ages(clause: _Clause) -> Iterator[Question]:
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
        text = _inverted(clause, cut, "at what age")
        yield from _maybe(_answer(clause, entity, "at what age", text))


def _ask_amounts(clause: _Clause) -> Iterator[Question]:
    """Counted plural objects ('has four chambers'), money and percentages."""
    root = clause.root
    for child in root.children:
        if child.dep_ in {"dobj", "attr"}:
            entity = _entity_phrase(clause, child)
            if entity is not None and entity.label_ == "MONEY":
                cut = {t.i for t in child.subtree}
                text = _inverted(clause, cut, "how much")
                yield from _maybe(_answer(clause, entity, "how much", text))
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
            front = "how many " + _render([(t, t.text) for t in moved], clause)
            text = _inverted(clause, cut, front)
            yield from _maybe(_answer(clause, counted, "how many", text))
        elif child.dep_ == "prep" and child.lower_ == "by":
            pobj = _object_of(child)
            entity = None if pobj is None else _entity_phrase(clause, pobj)
            if entity is None or entity.label_ != "PERCENT":
                continue
            cut = {t.i for t in child.subtree}
            text = _inverted(clause, cut, "by how much")
            yield from _maybe(_answer(clause, entity, "by how much", text))


def _other_counts(clause: _Clause, counted: Span) -> bool:
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


def _ask_identity(clause: _Clause) -> Iterator[Question]:
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
        yield from _maybe(_answer(clause, entity, wh, _inverted(clause, cut, wh)))


def _inverted(clause: _Clause, cut: set[int], front: str) -> str | None:
    """Cut words, then ask: `front`, the auxiliary or copula, the subject, the rest."""
    if cut & clause.guarded or cut & clause.subject_words:
        return None
    kept = [w for w in _without_cut(clause, cut) if w.i not in clause.lead]
    if not kept or kept[0].i != min(clause.subject_words):
        return None
    root = clause.root
    auxiliaries = [c for c in root.children if c.dep_ in {"aux", "auxpass"}]
    replaced: dict[int, str] = {}
    if auxiliaries:
        moved = auxiliaries[0]
        inverter = moved.lower_
    elif root.lemma_ == "be":
        moved = root
        inverter = root.lower_
    else:
        moved = None
        inverter = _DO_SUPPORT.get(root.tag_, "")
        lemma = _base_form(root)
        if not inverter or not lemma.isalpha():
            return None
        replaced[root.i] = lemma
    if moved is not None and (moved.i < max(clause.subject_words) or "'" in inverter):
        return None
    words = [
        (w, replaced.get(w.i, w.text)) for w in kept if moved is None or w.i != moved.i
    ]
    return _finish(f"{front} {inverter} {_render(words, clause)}")


def _base_form(verb: Token) -> str:
    """The verb's lemma, mended where the lookup cut a silent 'e' ('staged' -> 'stag').

    A one-syllable stem ending in vowel-consonant doubles that consonant before
    '-ed' ('planned'); when it did not, the stem had an 'e' ('staged', 'hoped').
    """
    lemma: str = verb.lemma_.lower()
    if verb.lower_ == lemma + "ed" and _SHORT_STEM.fullmatch(lemma):
        return lemma + "e"
    return lemma


def _without_cut(clause: _Clause, cut: set[int]) -> list[Token]:
    """The words left after a cut, without the commas that framed the cut phrase."""
    words = list(clause.words)
    first = min(cut)
    last = max(cut)
    drop = set(cut)
    before = words[first - words[0].i - 1] if first > words[0].i else None
    after_index = last - words[0].i + 1
    after = words[after_index] if after_index < len(words) else None
    comma_before = before is not None and before.text == ","
    comma_after = after is not None and after.text == ","
    if comma_before and (comma_after or after is None) and before is not None:
        drop.add(before.i)
        if after is not None:
            drop.add(after.i)
    elif comma_after and (before is None or comma_before) and after is not None:
        drop.add(after.i)
    return [w for w in words if w.i not in drop]


def _render(words: list[tuple[Token, str]], clause: _Clause) -> str:
    """Join words with the sentence's own spacing; lowercase a now-inner first word."""
    pieces: list[str] = []
    for index, (word, text) in enumerate(words):
        first = index == 0 and word.i == min(clause.subject_words)
        if first and not _keeps_capital(word):
            text = text.lower()
        pieces.append(text + (word.whitespace_ or ""))
    joined = "".join(pieces).strip()
    joined = re.sub(r"\s+", " ", joined)
    return re.sub(r"\s+([,.;])", r"\1", joined)


def _keeps_capital(word: Token) -> bool:
    """Proper nouns, acronyms and 'I' keep their capital inside a question."""
    if word.pos_ == "PROPN" or word.text == "I":
        return True
    if word.ent_type_ not in {"", *_NUMBER_LABELS} and word.pos_ != "DET":
        return True
    return any(c.isupper() for c in word.text[1:])


def _finish(text: str) -> str | None:
    """Capitalise, trim trailing commas and end in '?'; None for an empty question."""
    text = text.strip().rstrip(",").strip()
    if not text:
        return None
    return text[0].upper() + text[1:] + "?"


def _reads_well(question: Question, clause: _Clause) -> bool:
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


def _maybe(question: Question | None) -> Iterable[Question]:
    return () if question is None else (question,)


_RULES: tuple[Callable[[_Clause], Iterable[Question]], ...] = (
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
