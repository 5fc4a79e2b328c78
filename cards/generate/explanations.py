"""How a term's explanation reads, which decides the question a '**Term**:
explanation' item asks (`cards.generate.questions.term_question`): a noun phrase
says what the term is, an opening verb what it does; a sentence with a subject
of its own, one thing said of the term, or a set to recite asks neither, and the
item becomes a cloze (rated vague or long when asked, round 8)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..extract import Word
from ..extract.lists import MAX_LIST_ITEMS
from ..extract.words import FINITE_TAGS
from .words import is_content, zipf

__all__ = [
    "does",
    "enumerates",
    "own_clause",
    "reads_as_definition",
    "spells_itself_out",
    "states_a_bound",
    "states_a_figure",
]


_RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})
_PREDICATE_OPENINGS = FINITE_TAGS | {
    "VB",
    "IN",
    "TO",
    "WRB",
    "EX",
    "PRP",
    "PRP$",
    "NNS",
    "NNPS",
}
"""Tags of an explanation's first word that open no noun phrase: a verb ('Acts
on …', which the small model may tag a plural noun; 'Flip when the colour
changes', an instruction), a preposition ('Through
the Logos …'), 'When …', 'There …', a pronoun ('It takes …', 'His state …')."""

_STATE_VERBS = frozenset(
    {"is", "are", "was", "were", "has", "have", "had", "appears", "appear", "seems"}
    | {"seem", "looks", "look", "becomes", "remains", "contains", "includes"}
    | {"consists", "lacks", "means", "tends", "varies", "gets", "feels", "resembles"}
    | {"shows", "involves", "needs", "requires"}
)
"""Verbs that say what a thing is like, not what it does: 'Has lots of RNA in
its cytoplasm' or 'Appears like a bunch of grapes' is one of its features."""


def does(answer: Sequence[Word]) -> bool:
    """Whether an explanation opens with what its term does ('DNA ligase: Seals
    the strand closed', 'Venules: drain into capillary beds'): asked 'What does
    “DNA ligase” do?', one answer fits. The small model tags such an opening verb
    as a plural noun ('Infects', 'Forms'); a plural noun is told by what follows
    it ('Brands like …', 'Signs/symptoms of …') or by a verb of its own later on
    ('Numbers in computers are represented …', 'Administrations need …')."""
    if len(answer) < 2 or answer[0].text.lower() in _STATE_VERBS:
        return False
    first, after = answer[0], answer[1]
    if first.tag in {"VBZ", "VBP"}:
        return True
    return (
        first.tag in {"NNS", "NNPS", "NNP"}
        and first.text.endswith("s")
        and not first.text.endswith(("ss", "us", "is"))
        and after.text.lower() not in {"of", "like", "such", "/", "(", ","}
        and not after.tag.startswith("W")
        and not _has_own_verb(answer[1:])
    )


def _has_own_verb(rest: Sequence[Word]) -> bool:
    """Whether a plural noun opening an explanation has a finite verb of its own,
    next to it or after a preposition's phrase and before the first comma,
    bracket or 'and': it is the subject ('Administrations need …', 'Numbers in
    computers are represented …'), not a verb with its object ('Seals the strand
    closed', 'Holds mRNA in place and aligns …', 'Acts on desmoglein 1, …')."""
    if rest[0].tag in FINITE_TAGS:
        return True
    if rest[0].tag != "IN":
        return False
    before = ""
    for word in rest:
        if word.text in {",", "(", ";", ":", "and", "or"}:
            return False
        if word.tag in FINITE_TAGS and before != "to":  # 'to ensure' is no verb
            return True
        before = word.text.lower()
    return False


_SIBLING_OPENINGS = frozenset({"another", "other"})
"""'Lard: Another traditional schnitzel fat', 'Ashraful: Another cricketer who
debuted young': a term placed among the items before it, not defined (asked
'What is “Lard”?', rated trivial and vague, rounds 26-38)."""


def reads_as_definition(answer: Sequence[Word]) -> bool:
    """Whether an explanation says what its term is: a noun phrase ('Surface
    protein that binds virus to host cells') or a gerund ('Quantizing a model
    after training'). 'What is “PAS stain”?' answered 'Fungal hyphae appear
    pink' (a clause with its own subject), 'Primarily associated with MRSA' or
    'Infects skin and nails' (a predicate about the term) asks for one of many
    things true of it (rated vague): the explanation makes a cloze instead.

    A plural opening counts as a predicate: the small model tags a verb that
    starts a fragment ('Infects', 'Forms', 'Acts on') as a plural noun.
    """
    words = [w for w in answer if w.pos != "PUNCT" or w.text in {";", ":"}]
    while words and words[0].tag in {"RB", "RBR", "RBS"}:
        words = words[1:]
    if not words or words[0].tag in _PREDICATE_OPENINGS:
        return False
    if words[0].tag == "VBG":
        # 'Quantizing a model after it has been trained' says what; 'Using too much
        # xanthan gum can give a sauce …' is a sentence with a gerund for subject.
        return not own_clause(answer)
    if len(words) > 1 and _remark(words[0], words[1]):
        return False
    if words[0].text.lower() in _SIBLING_OPENINGS:
        return False
    if _opens_with_figure(answer):
        return False
    if _features(answer) or _lists_parts(answer):
        return False
    return not own_clause(answer)


def _lists_parts(answer: Sequence[Word]) -> bool:
    """Whether an explanation is a list of three or more parts, signs or uses
    ('Non-specific granules, oval nucleus, golgi complex', 'dysuria, frequent
    urination, hematuria'): what is true of the term, not what it is. Asked 'What
    is …?', none of six such answers was kept by a rater (rounds 15 to 18). A
    noun phrase with its modifiers ('A fluoropolymer known for its non-stick
    properties, heat resistance, and …', 'Graph of n nodes, with …') opens with
    an article or a preposition's phrase."""
    segments: list[list[Word]] = [[]]
    depth = 0
    for word in answer:
        if word.tag in FINITE_TAGS or word.tag in _RELATIVE_TAGS:
            return False
        depth += (word.text == "(") - (word.text == ")")
        if word.text == "," and depth == 0:
            segments.append([])
        elif depth == 0 and word.pos != "PUNCT":
            segments[-1].append(word)
    first = segments[0]
    return (
        len(segments) >= 3
        and 0 < len(first) <= 4
        and first[0].tag != "DT"
        and not any(word.tag in {"IN", "TO"} for word in first)
    )


def _features(words: Sequence[Word]) -> bool:
    """Whether an explanation opens with features and no noun they describe
    ('Thicker, inside layer', 'Non-branching, indefinite length', 'Generally
    poor'): one thing true of the term, not what it is (rated vague, round 15)."""
    first: list[Word] = []
    for word in words:
        if word.text in {",", ";", "(", "and"}:
            break
        first.append(word)
    if (
        len(first) == 1
        and first[0].pos == "PROPN"
        and zipf(first[0].text.lower()) >= 3.0
    ):
        return True  # 'Optional, but …', 'Thicker, …': the tagger's capitalised word
    return bool(first) and not any(w.pos in {"NOUN", "PROPN", "NUM"} for w in first)


_AFTER_PARTICIPLE = frozenset(
    {"IN", "TO", "RP", "RB", "DT", "RBR", "JJR", "WRB", "NNP", "PRP$", "CD"}
)
"""What follows a participle that opens a remark: its complement ('Used for …',
'Considered more of a defensive bowler'), 'when' ('Made when his team was 16
for 4'), or an object ('Defeated Rahul Tripathi', 'Scored 45'). A noun after it
makes a noun phrase ('Automated systems that …')."""


def _remark(first: Word, second: Word) -> bool:
    """Whether an explanation opens as a remark on its term, not a noun phrase for
    it: a participle or adjective with its complement ('Used for building …',
    'Specific to birds', 'Considered a good fielder', 'Bought back …', 'Composed
    mostly of …'), or someone's ('Jared's final pick …'). Podcast notes hang such
    remarks on names; asked 'What is “Infosys”?' or 'Who is …?', raters read them
    as side remarks (round 14: none of 13 kept by both). 'Programmed cell death' is
    a noun phrase. The small model tags a capitalised participle as a proper noun
    ('Acknowledged as …'), so the ending counts too; round 27's 'What is “Quinton
    de Kock”?' → 'Defeated Rahul Tripathi, …' was deleted by both raters."""
    if first.tag == "NNP" and second.tag == "POS":
        return True
    participle = first.tag == "VBN" or (
        first.text.lower().endswith("ed")
        and not first.text.lower().endswith("eed")
        and len(first.text) > 4
    )
    if participle and second.tag in _AFTER_PARTICIPLE:
        return True
    return first.pos == "ADJ" and second.tag in {"IN", "TO", "RP"}


_FIGURE = re.compile(r"[$₹€£]?\d[\d.,]*%?")
_FIGURE_HEAD_WORDS = 8


def _opens_with_figure(answer: Sequence[Word]) -> bool:
    """Whether an explanation's head is a figure ('$20 ($14.29 + 40%)', '37 (tied
    with Warne …)', 'An annualized return of 12.8%, growing …'): the label's
    value in one note's table or backtest, which 'What is “Nifty 50 TRI”?' asks
    as if it were the label's meaning. Rounds 24 to 27 asked 9 such questions
    and neither rater kept one as it stood. The head ends at the first comma or
    bracket; a number inside a name ('Type 2 diabetes') is no figure."""
    head: list[Word] = []
    for word in answer:
        if word.text in {",", "(", ";", ":"} or len(head) == _FIGURE_HEAD_WORDS:
            break
        head.append(word)
    if not head:
        return False
    if head[0].tag == "$" or _FIGURE.fullmatch(head[0].text):
        return True
    return any(word.text == "%" or word.text.endswith("%") for word in head)


_MEASURED = re.compile(
    r"[$₹€£]\s?\d|(?<![\w.])\d[\d,.]*\s*(?:%|percent\b|crores?\b|lakhs?\b"
    r"|rupees\b|dollars\b|years?\b|months?\b|weeks?\b|days?\b|hours?\b"
    r"|minutes?\b|grams?\b|mg\b|kg\b|km\b|°)|(?<![\w.])\d+\.\d+\b"
)


def states_a_figure(text: str) -> bool:
    """Whether an explanation states a measured figure anywhere: an amount, a
    percentage, a duration, a weight or a decimal ('Offers a distribution yield
    of 5.6%', 'Takes 12 years and 3 months'). Said of what a label does, the
    figure is the label's value in one note, which 'What does “Mindspace” do?'
    asks as if it were its function: over rounds 24 to 41, the 6 such questions
    were kept by none of 12 grades, and the explanation's cloze asks the figure
    instead. (Of a definition the figure is no sign: 'What is “Gallimimus”?' →
    'An ostrich-like dinosaur that ran at about 50 km/h' is a fair question.) A
    number inside a name ('F2,6BP', 'desmoglein 1', 'Int8') is no figure."""
    return bool(_MEASURED.search(text))


_BOUND_WORDS = frozenset(
    {"less", "more", "fewer", "greater", "higher", "lower", "above", "below"}
    | {"under", "over", "between", "minimum", "maximum", "min", "max", "within"}
    | {"<", ">", "≤", "≥", "<=", ">="}
)
_BOUND_PAIRS = frozenset(
    {("at", "least"), ("at", "most"), ("up", "to"), ("no", "more")}
)


def states_a_bound(answer: Sequence[Word]) -> bool:
    """Whether a value is a bound ('PEG ratio: Less than 1', '5-year profit
    growth: At least 15%'): the criterion a screen or a rule sets, which 'What is
    the PEG ratio?' asks as if the ratio had one value, and whose rule the
    question does not name. Rounds 24 to 27 asked 8 such questions; neither
    rater kept one as it stood."""
    words = [word.text.lower() for word in answer]
    return bool(words) and (
        words[0] in _BOUND_WORDS or tuple(words[:2]) in _BOUND_PAIRS
    )


def own_clause(answer: Sequence[Word]) -> bool:
    """Whether an explanation is a sentence with a subject of its own ('Fungal
    hyphae appear pink', 'Water is less viscous …'), not a phrase about its term
    whose verbs stand in a clause of the phrase's ('Surface protein that binds …',
    'Low concentration as water moves in')."""
    named = False  # whether a noun stands before the verb, as its subject would
    for word in answer:
        if word.text in {";", ":"} or word.tag in _RELATIVE_TAGS or word.pos == "SCONJ":
            return False
        if word.tag in FINITE_TAGS and named:
            return True
        named = named or word.pos in {"NOUN", "PROPN", "PRON"}
    return False


def enumerates(answer: Sequence[Word]) -> bool:
    """Whether an explanation is a bare enumeration of more items than a label's
    list may have (`MAX_LIST_ITEMS`): 'Glucogenic amino acids: Alanine, arginine,
    asparagine, …' is a set to recite (Wozniak's 'avoid sets'), rated long when
    a question asks for all of it."""
    if any(w.tag in FINITE_TAGS for w in answer):
        return False
    return sum(1 for w in answer if w.text == ",") + 1 > MAX_LIST_ITEMS


_FORMING = frozenset(
    {"formation", "generation", "creation", "production", "development", "growth"}
)
_DEFINITION_HEAD_WORDS = 6
_PART_LETTERS = 5
_KNOWN_PART_ZIPF = 2.0
"""A word of the answer this common ('neurons' 3.7, 'dermis' 2.4) is one the
learner reads the term by; 'fluoropolymer' (1.4) in 'Polytetrafluoroethylene' →
'A fluoropolymer known for its non-stick surface' is as hard as the term."""


def spells_itself_out(label: Sequence[Word], answer: Sequence[Word]) -> bool:
    """Whether a one-word term's meaning is read off its parts, so 'What is …?'
    asks nothing: 'Decentralization' → 'Distributing power to prevent central
    control', 'Neurogenesis' → 'Generation of new neurons', 'Angiogenesis' →
    'Formation of new blood vessels'. The head of the answer (its first six words)
    has a known word whose first five letters stand inside the term, or a
    '-genesis' is a forming. Both raters of round 24 deleted all 7 such cards
    (trivial), a pattern round 23's raters named first too; 'Lithopanspermia' →
    'The hypothesis that organisms are carried by space rocks' still asks."""
    if len(label) != 1 or not label[0].text.isalpha():
        return False
    term = label[0].text.lower()
    head = [w.text.lower() for w in answer[:_DEFINITION_HEAD_WORDS] if is_content(w)]
    return any(
        len(word) >= _PART_LETTERS
        and word[:_PART_LETTERS] in term
        and zipf(word) >= _KNOWN_PART_ZIPF
        for word in head
    ) or (term.endswith("genesis") and bool(_FORMING & set(head)))
