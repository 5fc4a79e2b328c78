"""A sentence read as one plain declarative clause, or refused: the safety checks
every wh-question rule relies on, and the parts of the clause they name.

A sentence is refused when its subject is a pronoun, a demonstrative or a bare common
noun in a clause naming nothing (the referent is in another sentence), when it has no
finite main verb (imperatives, fragments, list labels), when it is negated,
coordinated or holds a reported clause, and when its quotation marks or brackets do
not pair up.

A trailing tail (a clause opened by 'after', 'because', 'while', 'when', 'although',
'though' or 'until', a participle after a comma, or ', for example, ...' material) is
cut rather than refused: the clause read is the main clause before it, marked `tail`
so that only the shapes safe on a cut clause are asked of it. A parenthetical 'for
example' is cut like a fronted adverb.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = [
    "DO_SUPPORT",
    "INDEFINITE",
    "NUMERIC_LABELS",
    "Clause",
    "read_clause",
    "read_predicate",
]


class Clause(NamedTuple):
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
    tail: bool
    """Whether a trailing clause or example was cut from the sentence to read it."""
    example: bool
    """Whether the sentence is given as an example ('For example, X ...', 'X, for
    instance, ...'; the claims stage may have cut the 'For example,' already): its
    subject is one of the several the note has in mind."""


NUMERIC_LABELS = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"}
)
"""The entity labels of numbers (ordinals too): no proper name among them."""
INDEFINITE = frozenset({"a", "an", "some", "many", "several", "one", "any"})
DO_SUPPORT = {"VBD": "did", "VBZ": "does", "VBP": "do"}
"""The auxiliary a question adds for a verb of each tense without one."""
_LINKING_ADVERBS = frozenset(
    ["also", "then", "thus", "therefore", "too", "further", "additionally"]
)
"""'The US also extended ...' points at a sentence the card will not show."""
_BLOCKING_DEPS = frozenset(
    {"ccomp", "csubj", "csubjpass", "parataxis", "advcl", "dep", "meta", "intj"}
)
"""Clauses whose meaning changes, or whose grammar breaks, when words move around
them ('X said that ...', 'Because ..., X ...')."""
_TAIL_MARKS = frozenset(
    {"after", "because", "while", "when", "although", "though", "until"}
)
"""Words opening a trailing clause that adds to the main clause but does not change
what it says: 'Pakistan won the World Cup in 1992 after Imran Khan ...'."""
_EXAMPLE_WORDS = frozenset({"example", "instance"})
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


def read_clause(sentence: Span, labelled: bool = False) -> Clause | None:
    """Check that a sentence is one plain declarative clause, and name its parts.

    A `labelled` sentence stands under a label that may be what its pronouns
    stand for (`cards.extract.frames`): 'Cipla: In August 2018, its cough syrup
    failed …'. Its 'he', 'it', 'its' are left to the card's check of references,
    which drops the claim, questions and all, when the label cannot be theirs."""
    words = _sentence_words(sentence)
    if words is None:
        return None
    guarded = _guarded(words)
    if guarded is None:
        return None
    main = _without_tail(words, guarded)
    return _clause(sentence, main, guarded, len(main) < len(words), labelled)


def _clause(
    sentence: Span,
    words: tuple[Token, ...],
    guarded: frozenset[int],
    tail: bool,
    labelled: bool,
    loose: bool = False,
) -> Clause | None:
    """The clause of `words`, when it has one finite main verb with one subject
    (`_root_and_subject`, strict or `loose`), opens with no word a question cannot
    keep (`_lead`), and its subject is one run of words that names something
    this sentence says (`_leans_elsewhere`, `_names_nothing`)."""
    parts = _root_and_subject(words, loose)
    if parts is None:
        return None
    root, subject = parts
    lead = _lead(words, root)
    if lead is None:
        return None
    if not loose:
        lead |= _example_aside(words, root)
    subject_words = frozenset(t.i for t in subject.subtree)
    if _leans_elsewhere(sentence, words, root, subject, subject_words, labelled):
        return None
    if _names_nothing(words, subject, subject_words, tail):
        return None
    if max(subject_words) - min(subject_words) + 1 != len(subject_words):
        return None
    example = any(_is_example(word) for word in sentence.sent)
    return Clause(
        sentence,
        words,
        root,
        subject,
        subject_words,
        frozenset(lead),
        guarded,
        tail,
        example,
    )


def read_predicate(sentence: Span, labelled: bool = False) -> Clause | None:
    """Read a sentence only as far as asking for its subject needs: 'What <the
    rest, word for word>?' moves no word, so a second predicate or a clause after
    the verb ('… builds up during the day and creates sleep pressure') reads as
    well in the question as in the sentence. The subject must still be the one
    subject of a finite main verb, name nothing another sentence says nor be a
    lone common noun in a sentence without a name, and the sentence hold no
    negation and no pronoun but its subject; `labelled` as in `read_clause`."""
    words = _sentence_words(sentence)
    guarded = _guarded(words) if words is not None else None
    if words is None or guarded is None:
        return None
    return _clause(sentence, words, guarded, False, labelled, loose=True)


_LOOSE_BLOCKING_DEPS = frozenset({"parataxis", "dep", "meta", "intj", "csubj"})
"""What `read_predicate` still refuses: a parse that joins two sentences or could
not place a word."""
_PRONOUN_TAGS = frozenset({"PRP", "PRP$", "WP", "WRB", "EX"})


def _without_tail(
    words: tuple[Token, ...], guarded: frozenset[int]
) -> tuple[Token, ...]:
    """The words before a trailing clause or ', for example, ...', and the comma
    before it; all the words when the sentence has no such tail."""
    roots = [word for word in words if word.dep_ == "ROOT"]
    if len(roots) != 1:
        return words
    root, last = roots[0], words[-1]
    for child in root.children:
        start = child.left_edge
        if start.i <= root.i or start.i in guarded or child.right_edge.i != last.i:
            continue
        if child.dep_ == "advcl" and child.tag_ == "VBG" and start.i == child.i:
            # ', killing 20 people': a participle after a comma adds to the event.
            if start.nbor(-1).text != ",":
                continue
        elif child.dep_ == "advcl":
            opener = start.dep_ in {"mark", "advmod"} and start.head.i == child.i
            if not (opener and start.lower_ in _TAIL_MARKS):
                continue
        elif not (_is_example(child) and start.nbor(-1).text == ","):
            continue
        else:
            # ', for example, at Macworld' runs to the end: all of it goes.
            start = start.nbor(-1)
        kept = words[: start.i - words[0].i]
        while kept and kept[-1].text == ",":
            kept = kept[:-1]
        return kept
    return words


def _is_example(word: Token) -> bool:
    """Whether a word is the 'for' of 'for example' or 'for instance'."""
    objects = [c.lower_ for c in word.children]
    return (
        word.lower_ == "for"
        and word.dep_ == "prep"
        and len(objects) == 1
        and objects[0] in _EXAMPLE_WORDS
    )


def _example_aside(words: tuple[Token, ...], root: Token) -> set[int]:
    """A 'for example' inside the clause and the commas around it, to be cut from
    every question: 'Ricky Ponting, for example, scored ...'."""
    kept = {word.i for word in words}
    aside: set[int] = set()
    for child in root.children:
        if child.i not in kept or not _is_example(child):
            continue
        aside |= {t.i for t in child.subtree}
        before, after = min(aside) - 1, max(aside) + 1
        if after in kept and child.doc[after].text == ",":
            aside.add(after)
        if before in kept and child.doc[before].text == ",":
            aside.add(before)
    return aside


def _sentence_words(sentence: Span) -> tuple[Token, ...] | None:
    """The sentence's words without its final full stop; None for a sentence that
    is not prose (markup, formulas, other scripts) or holds another sentence."""
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
    return words


def _root_and_subject(
    words: tuple[Token, ...], loose: bool = False
) -> tuple[Token, Token] | None:
    """The finite main verb and its one subject before it, in a clause that is not
    negated, coordinated or holding another clause; else None. A `loose` reading
    (`read_predicate`) allows a second predicate and a clause after the verb,
    refuses a 'there' subject and any possessive pronoun but the subject's."""
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
    kept = {word.i for word in words}
    children = [c for c in root.children if c.i in kept]
    if loose:
        if subject.dep_ == "expl" or any(
            c.dep_ in _LOOSE_BLOCKING_DEPS for c in children
        ):
            return None
    elif any(c.dep_ in _BLOCKING_DEPS for c in children):
        return None
    elif any(c.dep_ == "conj" for c in children):
        # A second predicate, or one the tagger misread: in 'Germany invaded
        # Poland in 1939 and annexed Austria' it takes 'annexed' for an adjective
        # and asks 'When did Germany invade Poland and annexed Austria?'.
        return None
    if any(word.dep_ == "neg" or word.lower_ in {"not", "never"} for word in words):
        return None
    pronouns = _PRONOUN_TAGS if loose else _PRONOUN_TAGS - {"PRP$"}
    if any(word.tag_ in pronouns and word.i != subject.i for word in words):
        return None
    return root, subject


def _lead(words: tuple[Token, ...], root: Token) -> set[int] | None:
    """The words that link the sentence to one before it (a fronted adverb and
    its comma, 'also'); None when it opens with a word no question can keep."""
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
    return lead


_THIRD_PERSON = frozenset({"he", "she", "it", "they", "his", "her", "its", "their"})
"""The pronouns a label may stand for; 'we', 'you' and 'this' it cannot."""


def _leans_elsewhere(
    sentence: Span,
    words: tuple[Token, ...],
    root: Token,
    subject: Token,
    subject_words: frozenset[int],
    labelled: bool = False,
) -> bool:
    """Whether the clause names something only another sentence says: a pronoun
    or demonstrative subject, 'this company', 'such cases', 'his'. Under a label
    (`labelled`), a personal pronoun or possessive may stand for the label."""
    personal = labelled and subject.lower_ in _THIRD_PERSON
    if any(
        word.lower_ == "which" and word.i > 0 and word.nbor(-1).text == ","
        for word in words
    ):
        # A non-restrictive 'which' often stands for the whole clause before it.
        return True
    if subject.dep_ == "expl":
        if subject.lower_ != "there" or root.lemma_ != "be":
            return True
    elif (
        (subject.pos_ == "PRON" and not personal)
        or subject.lower_ in _DEMONSTRATIVES
        or (subject.lower_ in _QUANTIFIERS and len(subject_words) == 1)
    ):
        return True
    if any(
        word.lower_ in _DEMONSTRATIVES and word.dep_ in {"det", "predet"}
        for word in words
    ):
        # 'this company', 'these interactions': the referent is in another sentence.
        return True
    if any(
        sentence.doc[i].tag_ == "PRP$"
        and not (labelled and sentence.doc[i].lower_ in _THIRD_PERSON)
        for i in subject_words
    ):
        return True
    if any(
        word.lower_ == "such"
        and (word.i + 1 == len(word.doc) or word.nbor(1).lower_ != "as")
        for word in words
    ):
        # 'such cases' are cases described in another sentence; 'such as' is fine.
        return True
    if sentence.doc[min(subject_words)].lower_ in INDEFINITE - {"a", "an"}:
        # 'One stock, ..., grew': one of some set the note named before.
        return True
    # 'his' with no person as the subject points at someone named elsewhere.
    return (
        not labelled
        and subject.ent_type_ != "PERSON"
        and any(word.lower_ in {"his", "her"} for word in words)
    )


def _names_nothing(
    words: tuple[Token, ...], subject: Token, subject_words: frozenset[int], tail: bool
) -> bool:
    """Whether nothing in the clause is a name, where one is needed to pin it.

    A lone common noun subject needs one: 'Construction began in 1990' asks 'When
    did construction begin?', of which building the sentence before says;
    'Aspirin was first synthesised by Felix Hoffmann' is pinned by the name. So does
    a clause cut from its tail, whose subject lost the words around it ('the firm sold
    its shares in May 2021 after ...': which firm?); and there a subject or object
    that is 'a' or 'an' something needs a name of its own, as the tail often said
    which ('The Vatican issued a decree in 2009, declaring ...').
    """
    if tail and any(
        phrase.left_edge.lower_ in {"a", "an"}
        and not any(_is_name(word) for word in phrase.subtree)
        for phrase in (subject, *(c for c in subject.head.children if c.dep_ == "dobj"))
    ):
        return True
    if not tail and (len(subject_words) != 1 or subject.pos_ != "NOUN"):
        return False
    return not any(_is_name(word) for word in words)


def _is_name(word: Token) -> bool:
    """A proper noun or a named entity; 'November' is a proper noun, but a date
    names nothing the subject could be."""
    return word.ent_type_ not in NUMERIC_LABELS and (
        word.pos_ == "PROPN" or word.ent_type_ != ""
    )


def _is_finite(root: Token) -> bool:
    """Whether the main verb carries tense: no imperatives, no '-ing' fragments."""
    if root.pos_ not in {"VERB", "AUX"}:
        return False
    auxiliaries = [c for c in root.children if c.dep_ in {"aux", "auxpass"}]
    if auxiliaries:
        first = auxiliaries[0]
        return first.i < root.i and first.tag_ in {"MD", "VBD", "VBZ", "VBP"}
    return root.tag_ in DO_SUPPORT


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
