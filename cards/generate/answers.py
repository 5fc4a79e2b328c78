"""What makes a span of a claim a bad answer, judged before it is a card: half a
phrase, a word or an entity, an item of a list, an aside, a blank the rest of the
sentence or the context line fills in.

The judgments of an answer that a finished card is held to as well (its length, an
enumeration, a give-away, an answer the context line shows) are rules of the table
in `cards.generate.rules`, whose `rejects` makes them after `answer_flaw`; their
predicates are `give_away_words` here and `given_by_context`
(`cards.generate.context_words`).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from ..extract import Candidate, Claim, ParsedClaim, Word
from .context_words import (
    context_gives_its_key,
    figure_given,
    shares_context_word,
    spelled_in_sentence,
)
from .in_place import unpinned_person
from .people import a_source, a_speaker
from .statements import brackets_and_quotes_closed
from .summaries import SUMMARY_PHRASE_ZIPF, summary_wording, talk_summary
from .surroundings import (
    a_figure,
    half_a_name,
    half_a_range,
    placement_flaw,
    worked_example_above,
)
from .words import (
    CALENDAR_NAMES,
    CONTENT_POS,
    NUMBER_WORDS,
    content_lemmas,
    is_content,
    words_in,
    zipf,
)

__all__ = [
    "COMMON_WORD_ZIPF",
    "GUESSABLE_ZIPF",
    "MAX_HIDDEN_SHARE",
    "PROSE_PHRASE_ZIPF",
    "answer_flaw",
    "cuts_entity",
    "give_away_words",
    "own_content_words",
]


MAX_HIDDEN_SHARE = 0.6
"""A deletion that hides more of a sentence's content words than this leaves too
little to recall it from."""
COMMON_WORD_ZIPF = 4.6
"""A single-word answer this frequent in English ('people', 'time', 'things') is too
vague to be worth a card (wordfreq's Zipf scale: 6 is once per thousand words)."""
_SHORTHAND = frozenset({"#", "@", "~", "^", "=>", "->", "<-", "→", "←", "|", "*"})
"""Symbols a note writes for a word ('#' for 'number', '->' for 'leads to'): said
aloud they are not the answer."""
_EDGE_POS = frozenset({"DET", "ADP", "CCONJ", "SCONJ", "PUNCT", "PART", "PRON"})


def _bad_edge(word: Word) -> bool:
    """Whether a phrase may not start or end with this word ('the', 'of', 'other').

    Words inside a named entity are exempt: the tagger reads "Will" in "Will Larson"
    as an auxiliary verb.
    """
    if word.entity:
        return False
    return word.pos in _EDGE_POS or (word.stop and word.pos not in {"NUM", "PROPN"})


_ENTITY_CORE = frozenset({"PROPN", "NOUN", "NUM", "ADJ", "X"})


def own_content_words(parsed: ParsedClaim) -> list[Word]:
    """The content words of a claim's own text, not of a lead-in it shares."""
    claim = parsed.claim
    return [w for w in parsed.words if w.start >= claim.own_start and is_content(w)]


def cuts_entity(parsed: ParsedClaim, words: Sequence[Word]) -> bool:
    """Whether a span leaves part of a named entity outside ('Larson' of 'Will Larson').

    spaCy's entities often include a leading 'the' or 'about'; leaving those out
    does not cut the entity.
    """
    before = [w for w in parsed.words if w.end <= words[0].start][-1:]
    after = [w for w in parsed.words if w.start >= words[-1].end][:1]
    cut_before = words[0].entity_inside and before and before[0].pos in _ENTITY_CORE
    cut_after = after and after[0].entity_inside and after[0].pos in _ENTITY_CORE
    return bool(cut_before or cut_after)


def _cuts_a_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` begins or ends mid-word ('70S' in '70S-type')."""
    before = text[max(start - 2, 0) : start]
    after = text[end : end + 2]
    return (
        (before[-1:].isalnum())
        or (before[-1:] == "-" and before[:1].isalnum())
        or (after[:1].isalnum())
        or (after[:1] == "-" and after[1:].isalnum())
    )


def answer_flaw(
    parsed: ParsedClaim, candidate: Candidate, own_content: Sequence[Word] | None = None
) -> str | None:
    """Name the reason a candidate would make a bad answer by the judgments that
    only generation makes, or None if it would not (see `cards.generate.rules` for
    the rest). `own_content` (the claim's own content words) may be passed in when
    many candidates of one claim are judged."""
    claim = parsed.claim
    words = words_in(parsed, candidate.start, candidate.end)
    answer = claim.text[candidate.start : candidate.end]
    if not words:
        return "no words"
    if any(not w.text.isalnum() and w.text in _SHORTHAND for w in words):
        return "shorthand"  # 'a large [#] of instructions'
    content = content_lemmas(words)
    if not content and candidate.kind != "number":
        return "no content word"
    if candidate.kind != "bold" and (_bad_edge(words[0]) or _bad_edge(words[-1])):
        return "not a whole phrase"
    if cuts_entity(parsed, words):
        return "half an entity"
    if half_a_name(parsed, words):
        return "half a name"
    if (answer[:1].isdigit() or answer.lower() in NUMBER_WORDS) and half_a_range(
        claim.text, candidate.start, candidate.end
    ):
        return "half a range"
    if not brackets_and_quotes_closed(answer):
        return "not a whole phrase"
    if _cuts_a_word(claim.text, candidate.start, candidate.end):
        return "half a word"
    if "," in answer and candidate.kind == "phrase":
        return "not a whole phrase"
    if candidate.kind != "bold" and any(
        span.kind == "strong"
        and span.start < candidate.end
        and candidate.start < span.end
        and not (candidate.start <= span.start and span.end <= candidate.end)
        for span in claim.spans
    ):
        return "half a bold phrase"
    if own_content is None:
        own_content = own_content_words(parsed)
    hidden = [w for w in own_content if candidate.start <= w.start < candidate.end]
    if len(own_content) >= 3 and len(hidden) > MAX_HIDDEN_SHARE * len(own_content):
        return "hides most of the sentence"
    if _cuts_code_or_math(claim, candidate):
        return "cuts code or math"
    if (
        len(words) == 1
        and candidate.kind == "phrase"
        and zipf(words[0].text) >= COMMON_WORD_ZIPF
    ):
        return "trivial answer"
    if _prose(claim):
        flaw = _prose_flaw(parsed, candidate, words)
        if flaw is not None:
            return flaw
    if candidate.kind in {"phrase", "entity"} and _guessable(claim, words, candidate):
        return "guessable"
    if candidate.kind != "bold" and context_gives_its_key(claim, words, GUESSABLE_ZIPF):
        return "given by the context line"  # '[tinnitus symptoms]' under 'tinnitus'
    misplaced = _misplaced(parsed, candidate, words)
    if misplaced is not None:
        return misplaced
    if _guessable_number(claim, candidate, answer, words) or figure_given(
        claim, candidate.start, candidate.end
    ):
        return "guessable"  # 'one of the [most]', '70% …, the remaining [30%]'
    if candidate.start == claim.own_start and claim.text[candidate.end :].startswith(
        ":"
    ):
        return "the label of its line"
    placed = placement_flaw(claim.text, candidate, words)
    if placed is not None:
        return placed
    if candidate.kind != "bold" and a_figure(answer) and worked_example_above(claim):
        return "an example"  # 'Scenarios Tested' above '[13%] return'
    if unpinned_person(parsed, candidate):
        return "a person the sentence does not pin"
    if _root_shown(parsed, words, candidate) or spelled_in_sentence(
        claim.text, candidate.start, candidate.end
    ):
        return "its root shows"
    if "_" in answer:
        return "a file name"
    if any(
        s.kind == "math" and s.start < candidate.end and candidate.start < s.end
        for s in claim.spans
    ):
        return "math"
    return None


def _cuts_code_or_math(claim: Claim, candidate: Candidate) -> bool:
    """Whether a span begins or ends inside a code or math span of the claim."""
    return any(
        span.kind in {"code", "math"}
        and (
            span.start < candidate.start < span.end
            or span.start < candidate.end < span.end
        )
        for span in claim.spans
    )


_SMALL_NUMBERS = frozenset(NUMBER_WORDS[1:11]) | {"first", "second", "third"}


def _spelled_number(candidate: Candidate, answer: str) -> bool:
    return candidate.kind == "number" and not any(c.isdigit() for c in answer)


_EXACT_NUMBER_WORDS = _SMALL_NUMBERS | frozenset(
    {*NUMBER_WORDS[11:], "twenty", "thirty", "forty", "fifty", "sixty", "seventy"}
    | {"eighty", "ninety", "hundred", "thousand", "million", "billion", "half"}
    | {"quarter", "dozen", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"}
)


def _guessable_number(
    claim: Claim, candidate: Candidate, answer: str, words: Sequence[Word]
) -> bool:
    """A number written in words that the sentence fills in: 'one' anywhere, or a
    small one before 'of' ('[one] of the most', 'the [first] of many'), or a
    vague quantity."""
    small = (
        _spelled_number(candidate, answer)
        and answer.lower() in _SMALL_NUMBERS
        and (answer.lower() == "one" or claim.text[candidate.end :].startswith(" of"))
    )
    return small or _vague_quantity(candidate, answer, words)


def _vague_quantity(candidate: Candidate, answer: str, words: Sequence[Word]) -> bool:
    """Whether a number or date written without a figure or an exact number word
    is a common word the sentence fills in ('change [daily]', '[thousands] fled',
    'throughout the [year]'): the entity tagger reads them as numbers and dates,
    so the guessable test of phrases never saw them (rated trivial, round 14).
    'Four years', 'a dozen' and '1918' say how many, and stay."""
    if not _spelled_number(candidate, answer):
        return False
    if any(
        w.text.lower() in _EXACT_NUMBER_WORDS or w.text.lower() in CALENDAR_NAMES
        for w in words
    ):
        return False
    said = [w for w in words if any(c.isalpha() for c in w.text)]
    return bool(said) and min(zipf(w.text) for w in said) >= GUESSABLE_ZIPF


GUESSABLE_ZIPF = 3.5
"""A blank whose rarest word is at least this common in English is filled in from
the sentence around it: rated by two learners on 96 clozes of real notes, answers
whose rarest word lies below this were kept half the time, the others a fifth."""


COMMON_PHRASE_ZIPF = 3.0
"""The same for a blank in lower case, no name or acronym in it ('[volatility]',
'[whisk] or fork'): such blanks with a rarest word from 3.0 to 3.5 were kept by
33% of grades, deleted by 52% (round 24, 27 cards); on round 25's fresh grades
the 23 cards this drops were kept by 20%, deleted by 63%."""

PROSE_PHRASE_ZIPF = 3.0
"""A paragraph's sentence read with ``--prose`` has no bold to say what its fact is;
a noun phrase whose rarest word is this common is the prose around a fact
('Understanding evolution requires a [multidisciplinary approach]'), unless the
sentence defines it. Rated blind (round 7, 40 prose cards, two learners), two thirds
of prose cards were deleted, most of them blanks on such phrases; the names, numbers,
definitions and technical terms (*additivity*, *coset*) were kept."""


def _prose_flaw(
    parsed: ParsedClaim, candidate: Candidate, words: Sequence[Word]
) -> str | None:
    """What makes a candidate of a sentence read with ``--prose`` a bad answer."""
    if (
        candidate.kind == "phrase"
        and not _defines(parsed)
        and _rarest_zipf(words) >= PROSE_PHRASE_ZIPF
    ):
        return "guessable"  # 'requires a [multidisciplinary approach]'
    if shares_context_word(parsed.claim, words):
        return "given by the context line"
    return None


def _rarest_zipf(words: Sequence[Word]) -> float:
    content = [w for w in words if is_content(w) and any(c.isalpha() for c in w.text)]
    return min((zipf(w.text) for w in content), default=0.0)


_DEFINING_VERBS = frozenset(
    {"be", "mean", "refer", "define", "denote", "involve", "imply", "consist"}
)


def _prose(claim: Claim) -> bool:
    """Whether a claim is a paragraph's sentence read with ``--prose``: no bold says
    what its fact is."""
    return claim.kind == "sentence" and not claim.bold


def _defines(parsed: ParsedClaim) -> bool:
    """Whether a sentence says what something is ('Linearity implies additivity',
    'Hierarchical planning involves abstraction'): its first verb defines.

    Elsewhere, see `PROSE_PHRASE_ZIPF`."""
    verbs = [w for w in parsed.words if w.pos in {"VERB", "AUX"}]
    return bool(verbs) and verbs[0].lemma in _DEFINING_VERBS


_NAMED = frozenset({"PERSON", "GPE", "LOC", "FAC", "EVENT", "WORK_OF_ART"})
"""Entities whose names are common words ('Toronto', 'Halifax'): how often a name
is written says nothing of whether the sentence gives it."""


def _guessable(claim: Claim, words: Sequence[Word], candidate: Candidate) -> bool:
    """Whether a blank is filled in from the sentence around it: its rarest word is
    common. A place, person or event named inside a sentence read with ``--prose``
    is exempt: such a sentence has no bold to point at its fact, and the name is
    most often it ('The railway stretches from Halifax to [Toronto]')."""
    if (
        candidate.kind == "entity"
        and candidate.label in _NAMED
        and _prose(claim)
        and candidate.start > claim.own_start
    ):
        return False
    content = [w for w in words if is_content(w) and any(c.isalpha() for c in w.text)]
    if not content:
        return False
    plain = _lower_case(claim, words)
    common = COMMON_PHRASE_ZIPF if plain else GUESSABLE_ZIPF
    if plain and talk_summary(claim):
        common = SUMMARY_PHRASE_ZIPF
    if plain and summary_wording(claim, content):
        return True  # 'leading to [greater thermogenesis]', 'analyze [vast datasets]'
    return min(zipf(w.text) for w in content) >= common


def _misplaced(
    parsed: ParsedClaim, candidate: Candidate, words: Sequence[Word]
) -> str | None:
    """What makes a blank miss the sentence's fact: it asks a figure of an unnamed
    'this'; or (in a paragraph read with ``--prose``, which has no bold to say
    what its fact is) who said the fact rather than what they said; or (in a
    talk's summary, which cites its speaker's sources in passing) the source of a
    report's finding rather than the finding."""
    if _of_an_unnamed_this(parsed, candidate, words):
        return "about an unnamed 'this'"  # 'The disruption impacts [8%] of …'
    claim = parsed.claim
    if _prose(claim) and a_speaker(parsed, candidate):
        return "who says it, not what"  # 'As [Jeremy Howard] emphasizes, ...'
    if candidate.kind != "bold" and talk_summary(claim) and a_source(parsed, candidate):
        return "the source, not what it found"  # '[NITI Aayog] reports indicate'
    return None


def _of_an_unnamed_this(
    parsed: ParsedClaim, candidate: Candidate, words: Sequence[Word]
) -> bool:
    """Whether a blank asks a figure or a lower-case phrase of a sentence that
    opened 'This …' ('This disruption impacts [8%] of revenues', read 'The
    disruption …'): what 'this' was stood in the sentence before, and the card
    says neither what the figure is of nor what the phrase belongs to. A name
    pins its fact alone, and a blank over the noun itself ('The [Kremlin]
    intends …') asks what it was. Rounds 24 to 31: the 31 cards this drops were
    kept by 29% of grades and deleted by 39% (the rest: 61% and 21%); the 18
    blanks over the noun itself were kept by 72%."""
    claim = parsed.claim
    if not parsed.demonstrative or candidate.start <= len("The "):
        return False
    if candidate.kind == "number" or any(
        c.isdigit() for c in claim.text[candidate.start : candidate.end]
    ):
        return True
    return _lower_case(claim, words)


def _lower_case(claim: Claim, words: Sequence[Word]) -> bool:
    """Whether every word of a blank is in lower case, or capitalised only for
    where it stands (`_capital_by_place`)."""
    return all(
        w.text.islower() or _capital_by_place(claim, w)
        for w in words
        if any(c.isalpha() for c in w.text)
    )


def _capital_by_place(claim: Claim, word: Word) -> bool:
    """Whether a word is capitalised only for where it stands: first of the
    sentence or of a label's explanation, no entity, no capital after the first
    letter ('Networking: [Cultivate] and maintain professional networks',
    'Benefits: [Facilitates] falling asleep'). The small model tags such a verb
    a noun, and its capital hid it from the lower-case threshold: round 28's
    raters deleted all three such blanks it drew as trivial."""
    if word.entity or not word.text[1:].islower():
        return False
    before = claim.text[claim.own_start : word.start].rstrip()
    return not before or before[-1] in ":.!?;" or word.start == claim.definition_start


_ROOT_LETTERS = 7


def _root_shown(
    parsed: ParsedClaim, words: Sequence[Word], candidate: Candidate
) -> bool:
    """Whether a word outside the answer shares the first `_ROOT_LETTERS` letters of
    one of its words ('an intense [Bektashi] presence … affiliated with Bektashism',
    'Evaluation: An [evaluator] helps …'): lemmas differ, the root gives it away.
    So does a name of two words written as one ('[Shah Jahan]'s workers built
    Shahjahanabad', rated deleted in round 33), and the other way round."""
    roots = {
        w.text.lower()[:_ROOT_LETTERS]
        for w in words
        if len(w.text) >= _ROOT_LETTERS and w.text.isalpha() and is_content(w)
    }
    # A name of two words may show as one ('[Shah Jahan]'s workers built
    # Shahjahanabad'), which shares no root with either word alone.
    alpha = [w.text.lower() for w in words if w.text.isalpha()]
    joined = {a + b for a, b in pairwise(alpha) if len(a + b) >= _ROOT_LETTERS}
    outside = [
        w.text.lower()
        for w in parsed.words
        if w.end <= candidate.start or w.start >= candidate.end
    ]
    # ... and the other way ('Shah Jahan's workers built [Shahjahanabad]').
    shown = [word for word in outside if word.isalpha()]
    pairs = {a + b for a, b in pairwise(shown) if len(a + b) >= _ROOT_LETTERS}
    return any(
        word[:_ROOT_LETTERS] in roots or any(word.startswith(pair) for pair in joined)
        for word in outside
        if len(word) >= _ROOT_LETTERS
    ) or any(word.startswith(pair) for word in alpha for pair in pairs)


def give_away_words(parsed: ParsedClaim, start: int, end: int) -> list[Word]:
    """Words outside the answer ``claim.text[start:end]`` that share one of its
    content lemmas.

    An answer with a number is given away only whole: '1 minute to breathe, 10
    minutes of movement' gives nothing of '10 minutes' away; 'three entries give
    three PDFs' gives 'three' away.
    """
    words = words_in(parsed, start, end)
    numbers = [w for w in words if w.pos == "NUM"]
    content = content_lemmas(words) | {w.lemma for w in numbers}
    shown = [
        word
        for word in parsed.words
        if (word.end <= start or word.start >= end)
        and word.lemma in content
        and word.pos in CONTENT_POS
        and (not word.stop or word.pos == "NUM")
    ]
    if numbers and {w.lemma for w in shown} != content:
        return []
    return shown
