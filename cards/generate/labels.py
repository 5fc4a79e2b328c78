"""The questions a name asks for what the note says it is: a label for the short
list under it (`label_question`: 'Height of a node v' over '- Length of longest
path from v to a leaf'), and an item that defines a term in a sentence of its own
(`definition_question`: 'Size of tree is number of nodes in the tree'). Both are
worded from the name's grammar (`_what_is`)."""

from __future__ import annotations

from collections.abc import Sequence

from ..extract import Claim, ParsedClaim, Word
from .explanations import enumerates, reads_as_definition, spells_itself_out
from .people import names_people
from .questions import (
    DEFINITION,
    GENERIC_LABEL_ZIPF,
    MAX_QA_ANSWER_WORDS,
    TermQuestion,
    circular,
    date_question,
    is_acronym,
    says_something,
    strip_bold,
)
from .references import LABEL_POINTERS
from .render import field_text, render_html
from .subject import is_generic
from .words import PLURAL_TAGS, word_count, words_in, zipf

__all__ = [
    "MAX_ASKED_ITEMS",
    "MAX_LIST_ANSWER_WORDS",
    "definition_question",
    "label_question",
    "list_items",
]


MAX_LIST_ANSWER_WORDS = 30
"""A list's items past this many words in all are not recalled as said: the list
asks no question, and its items make their own cards."""
MAX_ASKED_ITEMS = 2
"""A label's list of more items is not asked for whole (Wozniak: avoid sets): of
the 7 three-item lists rated in rounds 8 to 10 both raters kept none, of 13
two-item lists 5. The items make their own cards."""


def list_items(claim: Claim) -> list[tuple[int, int]]:
    """Where each item of a 'list' claim stands in its text."""
    items = []
    start = claim.definition_start
    for line in claim.text[start:].split("\n"):
        items.append((start, start + len(line)))
        start += len(line) + 1
    return items


def label_question(parsed: ParsedClaim) -> str | None:
    """The question a label asks for the short list under it, in the label's own
    words; None when the label names no one thing ('Notes', 'Key points', one
    everyday word) or the items are too long to recall as said.

    The label names a thing (`cards.extract.lists`): a noun phrase, whose head
    noun says 'is' or 'are'. A head with a complement is a definite one, asked
    with 'the' ('What is the height of a node v?', 'What are the use cases for
    `l` type?'); a name, a plural or a counted label is asked as written ('What
    is CPI?', 'What are arteries?'), a date for what happened then, and any
    other label in quotes, as `term_question` asks a term ('What is
    “Heatmap”?'). The context line above it says where the label stands.
    """
    claim = parsed.claim
    end = claim.definition_start - 1
    label = [w for w in parsed.words if w.end <= end and w.pos not in {"PUNCT", "SYM"}]
    if not label or is_generic(claim.text[:end]) or _everyday_word(label):
        return None
    if any(w.text.lower() in LABEL_POINTERS for w in label):
        return None  # 'Other indicators' of what? The note said it a line above.
    items = list_items(claim)
    answer = " ".join(claim.text[start:stop] for start, stop in items)
    if len(items) > MAX_ASKED_ITEMS or word_count(answer) > MAX_LIST_ANSWER_WORDS:
        return None
    written = strip_bold(render_html(claim.text, claim.spans, end=end))
    question = date_question(label, claim.text[:end], written) or _what_is(
        claim, label, written, end
    )
    shown = field_text(question).lower()
    if any(claim.text[a:b].lower().strip(" .") in shown for a, b in items):
        return None  # the question would hold its answer
    return question


def _what_is(
    claim: Claim, label: Sequence[Word], written: str, end: int, start: int = 0
) -> str:
    """'What is/are …?' asking for a label (the claim's text from `start` to
    `end`), worded by its grammar."""
    recased = strip_bold(
        render_html(_sentence_case(claim, label), claim.spans, start=start, end=end)
    )
    complement = _complement(claim, label)
    head = _head(label)
    verb = "are" if head.tag in PLURAL_TAGS else "is"
    determined = (
        label[0].pos in {"DET", "NUM"}
        or label[0].tag == "PRP$"
        or any(w.tag == "POS" and w.start < head.start for w in label)
    )
    if complement is not None and not determined:
        return f"What {verb} the {recased}?"
    if all(w.pos == "PROPN" or w.entity or is_acronym(w.text) for w in label):
        return f"What {verb} {written}?"
    if complement is not None or determined or verb == "are":
        return f"What {verb} {recased}?"
    return f"What {verb} \u201c{written}\u201d?"


def _head(label: Sequence[Word]) -> Word:
    """A label's head: its last noun before a complement or a clause opens
    ('cases' in 'Use cases for `l` type', 'ways' in 'Two ways to say it',
    'Conditions' in 'Kant and Mill's Conditions for X'), else its last word."""
    head = None
    for word in label:
        if head is not None and (
            word.pos in {"ADP", "VERB", "AUX", "SCONJ"}
            or (word.pos == "PART" and word.tag != "POS")
            or word.text == "("
        ):
            break
        if word.pos in {"NOUN", "PROPN"}:
            head = word
    return head or label[-1]


def _complement(claim: Claim, label: Sequence[Word]) -> Word | None:
    """The preposition that opens the complement of a label's head ('of' in
    'Height of a node v'), outside brackets ('CF (for unsigned)')."""
    for word in label[1:]:
        before = claim.text[: word.start]
        if word.pos == "ADP" and before.count("(") == before.count(")"):
            return word
    return None


def _everyday_word(label: Sequence[Word]) -> bool:
    """One everyday word ('Regulation', 'Comparison', however the tagger reads its
    capital, and the small model takes many a capital for a name): asked for,
    many answers would be right."""
    only = label[0]
    return (
        len(label) == 1
        and not is_acronym(only.text)
        and zipf(only.text) >= GENERIC_LABEL_ZIPF
    )


def _sentence_case(claim: Claim, label: Sequence[Word]) -> str:
    """The claim's text with the label's capitalised common words in lower case
    ('Height of a node v' asked as 'What is the height of a node v?')."""
    text = claim.text
    for word in label:
        if (
            word.pos != "PROPN"
            # The small model takes many a capitalised noun for a name ('Size').
            and (word.entity in {"", "CARDINAL", "ORDINAL"} or word.pos == "NOUN")
            and word.text[:1].isupper()
            and word.text[1:].islower()
        ):
            lower = word.text[0].lower()
            if len(lower) == 1:  # every offset into the text must stay valid
                text = text[: word.start] + lower + text[word.start + 1 :]
    return text


MIN_DEFINITION_WORDS = 3
"""A shorter predicate says too little to be a definition ('a concern')."""


def definition_question(parsed: ParsedClaim) -> TermQuestion | None:
    """The question an item asks that defines a term in a sentence of its own
    (`ParsedClaim.defines`): 'Size of tree is number of nodes in the tree' asks
    'What is the size of tree?' for 'number of nodes in the tree'; None when the
    term names no one thing, or the rest is no short definition of it.

    Asked only of an item no blank makes a card of (`cards.generate.claim_cards`):
    a definition in everyday words leaves every blank guessable alone, yet what
    the term means is the fact its owner wrote down."""
    assert parsed.defines is not None
    claim = parsed.claim
    term, start = parsed.defines
    label = [w for w in words_in(parsed, term.start, term.end) if w.pos != "PUNCT"]
    answer = [w for w in parsed.words if w.start >= start]
    written = claim.text[term.start : term.end]
    if not label or not answer or is_generic(written) or _everyday_word(label):
        return None
    if any(w.text.lower() in LABEL_POINTERS for w in label):
        return None
    said = word_count(claim.text[start:])
    if (
        names_people(parsed, term)
        or not MIN_DEFINITION_WORDS <= said <= MAX_QA_ANSWER_WORDS
    ):
        return None  # 'Seam bowling strength is a concern' (deleted, round 33)
    if not says_something(answer):
        return None  # 'Nullspace is a subspace' says too little to recall
    if (
        enumerates(answer)
        or circular(label, answer)
        or spells_itself_out(label, answer)
    ):
        return None
    if not reads_as_definition(answer) or _relative(answer):
        return None
    question = _what_is(
        claim,
        label,
        strip_bold(
            render_html(claim.text, claim.spans, start=term.start, end=term.end)
        ),
        term.end,
        term.start,
    )
    if claim.text[start:].lower().strip(" .") in field_text(question).lower():
        return None
    return TermQuestion(question, len(claim.text), DEFINITION)


_RELATIVE_WORDS = frozenset(
    {"another", "opposite", "same", "other", "similar", "most", "best", "worst"}
    | {"main", "key", "only", "first", "last", "one", "major", "primary", "biggest"}
)
"""Words that make a sentence's predicate a comparison or a ranking, not what the
term is: 'Vasodilation is the opposite, where …', 'Catfish are another option for
food', 'CPU is the most versatile hardware accelerator'."""


def _relative(answer: Sequence[Word]) -> bool:
    """Whether a predicate opens by relating its term to others (`_RELATIVE_WORDS`,
    or a superlative) rather than saying what it is."""
    opening = [w for w in answer if w.pos != "PUNCT"][:3]
    return any(
        w.text.lower() in _RELATIVE_WORDS or w.tag in {"JJS", "RBS"} for w in opening
    )
