"""How a claim's sentence opens on a card, where no sentence stands before it.

A card shows one sentence alone, so what ties it to the one before must go or be
resolved: a connective ("However, X") is dropped; an opening reference ('These',
'He', 'It') is read as what it refers to, where that can be done safely; and a
sentence that only says who said what ('He found that X') is read as what was said.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..read import ParsedNote, Span
from .candidates import Candidate, trim_edges
from .sentences import REPORTING_VERBS, recase
from .words import Word, words_of

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

__all__ = [
    "CONNECTIVES",
    "THE_OPENING",
    "NoteDocs",
    "Opening",
    "reported_clause",
    "resolve_opening",
    "without_connective",
]

CONNECTIVES = (
    *(
        (word,)
        for word in [
            "however",
            "also",
            "additionally",
            "moreover",
            "furthermore",
            "besides",
            "therefore",
            "thus",
            "hence",
            "consequently",
            "meanwhile",
            "still",
            "instead",
            "similarly",
            "likewise",
            "nevertheless",
            "nonetheless",
            "finally",
            "overall",
            "indeed",
            "importantly",
            "notably",
        ]
    ),
    ("in", "addition"),
    ("as", "a", "result"),
    ("for", "example"),
    ("for", "instance"),
    ("in", "other", "words"),
    ("on", "the", "other", "hand"),
    ("by", "contrast"),
    ("in", "contrast"),
    ("in", "fact"),
    ("in", "short"),
    ("that", "said"),
)
"""Words that tie a sentence to the one before it. On a card there is no sentence
before it, so "However, X" is read as "X"."""


def without_connective(sentence: SpacySpan) -> SpacySpan:
    """Drop a leading connective ("However,", "In addition,", "But") from a sentence."""
    words = [token.lower_ for token in sentence[:6]]
    skip = 0
    for phrase in CONNECTIVES:
        size = len(phrase)
        if tuple(words[:size]) == phrase and words[size : size + 1] == [","]:
            skip = size + 1
            break
    else:
        # 'But X' reads 'X'; a '+' the tagger calls a conjunction is a key or a sign.
        if len(sentence) > 1 and sentence[0].pos_ == "CCONJ" and sentence[0].is_alpha:
            skip = 1
    if skip and len(sentence) - skip >= 3:
        return sentence[skip:]
    return sentence


@dataclass(frozen=True, slots=True)
class Opening:
    """What a claim's first word (a pronoun, 'These') is read as on the card."""

    text: str
    words: tuple[Word, ...]
    candidates: tuple[Candidate, ...]


THE_OPENING = Opening("The", (Word(0, 3, "The", "the", "DET", "DT", True, ""),), ())
"""What 'This', 'These', 'That' and 'Those …' read as: 'These constraints' → 'The
constraints'."""
_DEMONSTRATIVES = frozenset({"this", "these", "that", "those"})
_PERSONAL = frozenset({"he", "she"})
_THING = {"it": frozenset({"NN"}), "they": frozenset({"NNS", "NNPS"})}
"""The subjects 'it' and 'they' are read as. Not a proper noun for 'it': on the
shared corpora half of the 19 such readings were wrong ('By 1909, Ikeda had developed
MSG. It was cheap' is about MSG, and the card taught a falsehood; 'France surrendered
in June. It was a massive victory'), against about one in four for common nouns."""
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


@dataclass(frozen=True, slots=True)
class NoteDocs:
    """The parsed blocks of one note, for looking back from a sentence."""

    parsed: ParsedNote
    docs: dict[int, Doc]


def _subject(sentence: SpacySpan, word: str) -> SpacySpan | None:
    """The subject of `sentence` that `word` ('it', 'they') can stand for: never
    one of a clause inside it ('A negative stain where [the background] gets
    colored. It is used for CSF samples'; 'Before [the militarist government]
    came to power, Japan's schools stressed pride. It also stressed Shinto')."""
    for chunk in sentence.noun_chunks:
        root = chunk.root
        if (
            root.dep_ in _SUBJECTS
            and root.pos_ != "PRON"
            and not any(a.dep_ in {"relcl", "advcl"} for a in root.ancestors)
        ):
            return chunk if root.tag_ in _THING[word] else None
    return None


def _anticipatory(sentence: SpacySpan) -> bool:
    """Whether an opening 'it' stands for the clause after it, not for anything
    before: 'It's advisable to examine …' read 'Profit and Loss (P&L) Statement's
    advisable to examine …' under its label (rated garbled, round 82), 'It's
    suggested that …' read 'The flavor's suggested that …'."""
    tokens = list(sentence)
    if len(tokens) < 4 or tokens[0].lower_ != "it" or tokens[1].lemma_ != "be":
        return False
    end = 2
    while end < len(tokens) and (
        tokens[end].pos_ in {"ADJ", "ADV"} or tokens[end].tag_ == "VBN"
    ):
        end += 1
    if not 2 < end < len(tokens):
        return False
    if any(t.tag_ == "VBN" for t in tokens[2:end]):  # 'It is used to treat gout'
        return tokens[end].lower_ == "that"
    return tokens[end].lower_ in {"to", "that"}


def _the_person(people: list[SpacySpan]) -> SpacySpan | None:
    """Which of the people a sentence names a 'he' or 'she' after it stands for:
    the one it names, or its subject. 'Shaheen Afridi was expensive, despite a
    yorker to Rohit Sharma. … He also made a bizarre review call' is about
    Afridi; the last name named made the card state a falsehood (round 15)."""
    subjects = [p for p in people if _main_subject(p)]
    if len(subjects) == 1:
        return subjects[0]
    # One person named twice ("**Allan Border's Tough Era**: Allan Border faced
    # …", '**Rashid Khan** A unique spinner, Rashid Khan …') is that person; a
    # possessive alone is not ("Steve Waugh's career … He was" read "Steve
    # Waugh's was …", and the small model takes "Sri Lanka's team" for a person's).
    whole = [p for p in people if p[-1].tag_ != "POS"]
    named = {p.text.removesuffix("'s").removesuffix("\u2019s") for p in people}
    alone = len(named) == 1 and not any(map(_coordinated, people))
    if any(map(_in_a_phrase_of_its_own, people)):
        return None  # 'as a budget [Neil Wagner]', 'in Sagar, [Madhya Pradesh]'
    return whole[0] if alone and whole and not subjects else None


def _main_subject(person: SpacySpan) -> bool:
    """Whether a person is the subject of their sentence's main clause, not of a
    clause inside it ('He may present a softer face, similar to how [Shane Warne]
    would bowl': the 'he' after it is still the first one, rated false, round 76)."""
    root = person.root
    return root.dep_ in _SUBJECTS and root.head == root.sent.root


def _someone_else_leads(sentence: SpacySpan, people: list[SpacySpan]) -> bool:
    """Whether the sentence's main subject is a name not among the people named in
    full ('**Glenn McGrath**: Bumrah is considered better than even Glenn McGrath.
    He combines …' is about Bumrah, one word the person filter leaves out: the
    card read 'Glenn McGrath combines McGrath's accuracy …', round 77)."""
    from wordfreq import zipf_frequency

    root = sentence.root
    return any(
        token.dep_ in _SUBJECTS
        and token.head == root
        and (
            token.pos_ == "PROPN"
            # 'McCoy himself refused …', tagged a common noun: a rare capitalised word
            or (token.text[:1].isupper() and zipf_frequency(token.lower_, "en") < 3.0)
        )
        and not any(token.text in p.text.split() for p in people)
        for token in sentence
    )  # 'Smith' after '**Steve Smith**' is Steve Smith


_WORD = re.compile(r"\w")
_ASIDE = re.compile(r"\([^()]*\)")


def _cut_from_bold(person: SpacySpan, spans: Sequence[Span]) -> bool:
    """Whether the tagger took the start of a bold phrase for a person: '**Comparison
    Across Eras:** … Kallis … He played 166 Tests' read 'Comparison Across played
    …', rated garbled in round 81. A bold name is whole ('**Steve Smith:**',
    '**Sir Garfield Sobers**', '**Kusal Mendis (Sri Lanka)**')."""
    text = person.doc.text
    return any(
        span.kind == "strong"
        and span.start <= person.start_char < person.end_char <= span.end
        and _WORD.search(_ASIDE.sub("", text[person.end_char : span.end])) is not None
        for span in spans
    )


def _in_a_phrase_of_its_own(person: SpacySpan) -> bool:
    """Whether a person stands inside a prepositional phrase ('to use Labuschagne
    as a budget [Neil Wagner]. He bowled …', 'a book by former FBI agent [Russell
    Caleme]'): named in passing, seldom the 'he' after it (3 of 65 readings
    checked by hand were such, all wrong)."""
    return any(a.dep_ in {"prep", "agent"} for a in person.root.ancestors)


def _coordinated(person: SpacySpan) -> bool:
    """Whether a person is named beside others ('taught reverse swing to Wasim Akram
    and [Waqar Younis]. He was a sex symbol …' is about the note's Imran Khan; the
    small model took Akram for a company, rated false, round 76)."""
    root = person.root
    return root.dep_ == "conj" or any(child.dep_ == "conj" for child in root.children)


def _named_before_pronoun(
    sentence: SpacySpan, word: str, people: list[SpacySpan]
) -> list[SpacySpan]:
    """The `people` a 'he' or 'she' after `sentence` can stand for. Where the
    sentence's subject is that pronoun again and none of them is its subject, only
    those named before the pronoun: the rest are whom it met, not who it is."""
    pronoun = next(
        (t for t in sentence if t.lower_ == word and t.dep_ in _SUBJECTS), None
    )
    if pronoun is None or any(_main_subject(p) for p in people):
        return people
    return [p for p in people if p.end <= pronoun.i]


def resolve_opening(
    parsed: ParsedNote, index: int, sentence: SpacySpan, context: NoteDocs | None
) -> Opening | None:
    """Resolve a sentence's opening reference, where that can be done safely.

    'These constraints ...' reads as 'The constraints ...'. 'He'/'She' reads as a
    person named in full earlier in the same paragraph or item. 'It'/'They' reads
    as the subject of the sentence before it in the same block, or of its parent
    item when that subject is the item's bold topic. Anything less certain stays
    unresolved and the card is not made: a wrong antecedent would teach a false
    fact, and the small English model's entities are not reliable enough to guess
    further (it reads book titles and app names as people).
    """
    first = sentence[0]
    word = first.lower_
    if word in _DEMONSTRATIVES and first.pos_ == "DET" and len(sentence) > 2:
        return THE_OPENING
    if first.pos_ != "PRON" or first.dep_ not in _SUBJECTS:
        return None
    if context is None or (word not in _PERSONAL and word not in _THING):
        return None
    if _anticipatory(sentence):
        return None
    before = [s for s in context.docs[index].sents if s.end <= sentence.start]
    if word in _PERSONAL:
        for earlier in reversed(before):
            people = [
                e
                for e in earlier.ents
                if e.label_ == "PERSON"
                and len(e) >= 2
                and not _cut_from_bold(e, parsed.blocks[index].spans)
            ]
            # 'He worked with Yehudi Menuhin. He was known as …': the second 'he'
            # is the first's, named before it ('**Russell Rebello**: A waiter, he
            # …') or further back, not Menuhin.
            people = _named_before_pronoun(earlier, word, people)
            if _someone_else_leads(earlier, people):
                return None
            if people:
                person = _the_person(people)
                return _resolved(person, "entity", "PERSON") if person else None
        return None
    if before:
        subject = _subject(before[-1], word)
        return _resolved(subject, "phrase", subject.root.pos_) if subject else None
    parent = parsed.blocks[index].lead_in
    if (
        parent is not None
        and parent in context.docs
        and parsed.blocks[parent].kind == "item"
    ):
        sentences = list(context.docs[parent].sents)
        subject = _subject(sentences[0], word) if sentences else None
        bold = [s for s in parsed.blocks[parent].spans if s.kind == "strong"]
        if subject is not None and any(
            b.start < subject.end_char and subject.start_char < b.end for b in bold
        ):
            return _resolved(subject, "phrase", subject.root.pos_)
    return None


_STANCES = frozenset({"argue", "believe", "claim", "insist", "suggest", "think"})
"""Verbs whose clause is someone's view, not a fact: 'He also claimed Islam and
Judaism originated from Hinduism' must not become the card 'Islam and Judaism
originated from Hinduism' (a summary that debunks the claim, round 77's build)."""


def reported_clause(sentence: SpacySpan) -> SpacySpan | None:
    """The clause a sentence reports: 'He found that X, a pattern ...' gives 'X, ...';
    not a view (`_STANCES`).

    A sentence that opens with a pronoun and only says who said what (an unresolved
    'He' or 'She' in book and podcast notes) still states a fact in its
    complement; that fact stands alone without guessing who 'he' is.
    """
    first = sentence[0]
    verb = first.head
    if (
        first.pos_ != "PRON"
        or first.dep_ != "nsubj"
        or verb.lemma_.lower() not in REPORTING_VERBS
        or verb.lemma_.lower() in _STANCES
    ):
        return None
    clauses = [
        child
        for child in verb.children
        if child.dep_ == "ccomp"
        and any(
            c.dep_ in {"nsubj", "nsubjpass", "csubj", "expl"} for c in child.children
        )
    ]
    if not clauses:
        return None
    doc = sentence.doc
    start = clauses[0].left_edge.i
    while start < sentence.end and (
        doc[start].dep_ == "mark" or doc[start].text == ","
    ):
        start += 1
    if sentence.end - start < 4:
        return None
    return doc[start : sentence.end]


_LABEL_COLON = re.compile(r":(?:\s|$)")


def _resolved(span: SpacySpan, kind: str, label: str) -> Opening | None:
    """What the opening pronoun reads as; None when the tagger ran a label into the
    name ('Yuzvendra Chahal: Chahal', 'Causality: posit'), which read garbled. A
    time or a ratio ('The 10:30 train') has a figure after its colon."""
    if _LABEL_COLON.search(span.text):
        return None
    text = recase(span.text, str.upper)
    core = trim_edges(span)
    candidates: tuple[Candidate, ...] = ()
    if core is not None:
        start = core.start_char - span.start_char
        candidates = (
            Candidate(start, start + len(core.text), kind, label),  # type: ignore[arg-type]
        )
    return Opening(text, tuple(words_of(span, 0)), candidates)
