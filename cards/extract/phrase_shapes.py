"""The wh-question shapes whose answer is a noun phrase the entity shapes leave:
'Caffeine blocks adenosine receptors' asks 'What does caffeine block?', and
'Adenosine builds up during the day' asks 'What builds up during the day?'.

A sentence yields these questions whatever its answer would be; a card asks one
only when its phrase is the very span the ranking chose to blank
(`cards.generate.questions.question_for`), so the question asks for the fact the
cloze would have hidden, in words a learner answers without seeing the sentence.
Where the grammar is not plain (a negation, a bracket or quotation, a person the
'what' would misname, a phrase that points at another sentence) the sentence stays
a cloze: the clause readers refuse negations, and these shapes any guarded word.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .clauses import INDEFINITE, NUMERIC_LABELS, Clause
from .wh_shapes import Question, answer_of, word_set
from .wording import finish_question, inverted_question, render_words

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["ask_phrase_object", "ask_phrase_subject", "third_person"]


_PEOPLE = word_set(
    "people person man woman child kid adult individual patient student user "
    "customer client employee worker staff doctor physician nurse citizen player "
    "member leader friend parent mother father baby teacher author writer reader "
    "voter soldier official investor founder owner manager engineer scientist "
    "researcher expert athlete participant subject volunteer host guest"
)
"""Nouns for people, whom 'What …?' would misname ('What did the reforms give
jobs?'). Named people are asked 'Who …?' by the entity shapes."""
_POINTERS = frozenset({"this", "that", "these", "those", "such", "other", "same"})
"""Words of a phrase that point at something another sentence named."""
_PERSON_VERBS = word_set(
    "say argue claim suggest recommend emphasize emphasise stress highlight note "
    "explain mention describe discuss share advise warn insist propose recall "
    "admit believe think feel want decide realize realise defy"
)
"""Verbs whose subject is someone: 'What emphasized the importance of …?' would
ask 'who' of a name the tagger did not place."""
_LIGHT_VERBS = frozenset({"be", "have", "include", "do", "get", "make", "take"})
"""Verbs whose object says little without the rest: 'What does X make?'."""


def _phrase(clause: Clause, head: Token, kinds: bool = True) -> Span | None:
    """The noun phrase headed by `head`, bar a leading 'the', when it is one
    contiguous run of words naming a thing the sentence itself pins. With
    `kinds`, it may open with 'a' or 'an': 'A lymphoma is …' speaks of every
    lymphoma, where 'developed a vaccine' names one of many."""
    doc = clause.sentence.doc
    indices = sorted(t.i for t in head.subtree)
    if indices[-1] - indices[0] + 1 != len(indices):
        return None
    words = doc[indices[0] : indices[-1] + 1]
    if head.pos_ not in {"NOUN", "PROPN"} or head.lemma_.lower() in _PEOPLE:
        return None
    if any(t.ent_type_ in {"PERSON", "NORP"} for t in words):
        return None
    if any(t.lower_ in _POINTERS or t.tag_ in {"PRP", "PRP$", "WDT"} for t in words):
        return None
    if any(t.like_num or t.ent_type_ in NUMERIC_LABELS for t in words):
        # 'What does GST contribute?' → '18%': an amount is asked 'how much' of
        # what, which the sentence does not say (rated vague, round 47).
        return None
    if any(t.pos_ in {"VERB", "AUX", "CCONJ"} for t in words[-1:]) or any(
        t.pos_ in {"VERB", "AUX"} and t.dep_ == "conj" for t in words
    ):
        return None  # 'the membrane and bind ATP': a verb the parse put in it
    first = words[0]
    if first.lower_ in (INDEFINITE - {"a", "an"} if kinds else INDEFINITE):
        return None
    if first.lower_ == "the":
        return words[1:] if len(words) > 1 else None
    return words


def _may_be_someone(subject: Token) -> bool:
    """Whether a subject may name a person, whom 'What …?' would misname: a
    person or group by the tagger, or a lone capitalised name it did not place
    ('Eddy provides …'). Names the tagger placed are left to the entity
    shapes, which tell 'who' from 'what' (`ask_phrase_subject`)."""
    if subject.ent_type_ in {"PERSON", "NORP"}:
        return True
    text = subject.text
    lone = subject.n_lefts + subject.n_rights == 0
    return (
        lone and subject.pos_ == "PROPN" and text[:1].isupper() and not text.isupper()
    )


def ask_phrase_object(clause: Clause) -> Iterator[Question]:
    """'Caffeine blocks adenosine receptors' asks 'What does caffeine block?'."""
    root = clause.root
    if root.lemma_ in _LIGHT_VERBS or clause.guarded:
        return
    if any(c.dep_ in {"xcomp", "dative", "oprd"} for c in root.children):
        return
    objects = [c for c in root.children if c.dep_ == "dobj"]
    if len(objects) != 1:
        return
    phrase = _phrase(clause, objects[0], kinds=False)
    cut = {t.i for t in objects[0].subtree}
    if phrase is None or any(
        w.dep_ in {"cc", "conj"} and w.i not in cut for w in clause.words
    ):
        # 'What do neurotransmitters carry across the synapse and bind receptors?'
        # joins what is left to the wrong verb.
        return
    question = answer_of(clause, phrase, "what", inverted_question(clause, cut, "what"))
    if question is not None:
        yield question


_SINGULAR = {"are": "is", "were": "was", "have": "has", "do": "does"}
_VOWELS = frozenset("aeiou")
_NONFINITE = frozenset({"VB", "VBN", "VBG"})
"""What an auxiliary stands before: a base form or a participle."""


def third_person(verb: str) -> str | None:
    """A present-tense verb as 'what' takes it: 'connect' -> 'connects', 'carry'
    -> 'carries', 'are' -> 'is'; None for a word that is not a plain verb."""
    lowered = verb.lower()
    if lowered in _SINGULAR:
        return _SINGULAR[lowered]
    if not lowered.isalpha() or lowered != verb:
        return None
    if lowered.endswith(("s", "sh", "ch", "x", "z", "o")):
        return lowered + "es"
    if lowered.endswith("y") and len(lowered) > 1 and lowered[-2] not in _VOWELS:
        return lowered[:-1] + "ies"
    return lowered + "s"


def ask_phrase_subject(clause: Clause) -> Iterator[Question]:
    """'Adenosine receptors bind caffeine' asks 'What binds caffeine?'."""
    subject = clause.subject
    opening = [w for w in clause.words if w.i not in clause.lead]
    if subject.dep_ not in {"nsubj", "nsubjpass"}:
        return
    if min(clause.subject_words) != opening[0].i or _may_be_someone(subject):
        return
    if any(
        clause.sentence.doc[i].ent_type_ or clause.sentence.doc[i].like_num
        for i in clause.subject_words
    ):
        # A name, asked by the entity shapes where they can tell who from what;
        # an amount, which 'What must be invested …?' would not ask for.
        return
    if clause.sentence.doc[min(clause.subject_words)].lower_ in {"a", "an"} and (
        clause.root.tag_ == "VBD" or any(c.tag_ == "VBD" for c in clause.root.children)
    ):
        return  # 'A ferry sank off Zanzibar in 2012': one of many, not a kind
    if clause.guarded or clause.root.lemma_ in _PERSON_VERBS:
        return
    if any(w.lower_ in {"there", "here"} and w.dep_ == "advmod" for w in clause.words):
        return  # 'What was discovered there?'
    phrase = _phrase(clause, subject)
    rest = [w for w in opening if w.i not in clause.subject_words]
    if phrase is None or not rest or not rest[0].is_alpha:
        return
    replaced = _singular_verbs(clause, rest)
    if replaced is None:
        return
    words = render_words([(w, replaced.get(w.i, w.text)) for w in rest], clause)
    question = answer_of(clause, phrase, "what", finish_question(f"what {words}"))
    if question is not None:
        yield question


def _singular_verbs(clause: Clause, rest: list[Token]) -> dict[int, str] | None:
    """The finite verbs of the predicate, and of any predicate joined to it, as a
    singular 'what' takes them: 'Neurotransmitters carry signals and bind
    receptors' -> 'What carries signals and binds receptors?'. A joined verb the
    tagger read as a bare form ('and drain into the IVC') counts as present.
    None when the first word after the subject is no finite verb, a joined
    clause has a subject of its own, or a verb has no regular singular."""
    if rest[0].tag_ not in {"VBP", "VBZ", "VBD", "MD"}:
        return None
    if rest[0].dep_ in {"aux", "auxpass"} and rest[0].head.tag_ not in _NONFINITE:
        return None  # 'TREC tests are assays …' with 'assays' read as the verb
    if any(
        w.dep_ == "conj" and any("subj" in c.dep_ for c in w.children) for w in rest
    ):
        # 'ABRs connect areas, and backbone routers connect …'.
        return None
    plural = rest[0].tag_ not in {"VBZ", "VBD", "MD"} or rest[0].lower_ == "were"
    replaced: dict[int, str] = {}
    for word in rest:
        complements = [c for c in word.children if c.dep_ in {"attr", "acomp"}]
        if word.lemma_ == "be" and complements and plural:
            first = complements[0]
            if first.tag_ in {"NNS", "NNPS"}:
                continue  # 'Exiles are parts that …' asks 'What are parts …?'
            if first.dep_ == "attr" and first.left_edge.lower_ not in {"a", "an"}:
                return None  # a plural the tagger missed: 'What is assays …?'
        own = [c for c in word.children if c.dep_ in {"aux", "auxpass"}]
        if word.dep_ == "conj" and own:
            # 'disperse but will sink', 'span the cell and are embedded': the
            # joined verb's own auxiliary agrees, if anything does.
            word = own[0]
        joined = word.head.dep_ == "conj" or word.dep_ == "conj"
        joined = joined and (word.tag_ == "VBP" or (word.tag_ == "VB" and plural))
        present = word.tag_ in {"VBP", "VB"} or word.lower_ in _SINGULAR
        if (word is rest[0] or joined) and present:
            singular = third_person(word.text)
            if singular is None:
                return None
            replaced[word.i] = singular
    if plural and any(
        word.i not in replaced
        and word.pos_ == "VERB"
        and word.tag_ in {"VB", "VBP"}
        and word.nbor(-1).lower_ in {"and", "or"}
        for word in rest[1:]
    ):
        return None  # 'cross the membrane and bind ATP', 'bind' parsed as a noun's
    return replaced
