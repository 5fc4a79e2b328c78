"""What makes a span of a claim a bad answer, judged before it is a card: half a
phrase, a word or an entity, an item of a list, an aside, a blank the rest of the
sentence or the context line fills in.

The judgments of an answer that a finished card is held to as well (its length, an
enumeration, a give-away, an answer the context line shows) are rules of the table
in `cards.generate.rules`, whose `rejects` makes them after `answer_flaw`; their
predicates, `give_away_words` and `given_by_context`, are here.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from ..extract import Candidate, Claim, ParsedClaim, Word
from .statements import brackets_and_quotes_closed
from .words import (
    CONTENT_POS,
    WORD,
    content_lemmas,
    is_content,
    words_in,
    zipf,
)

__all__ = [
    "COMMON_WORD_ZIPF",
    "GUESSABLE_ZIPF",
    "MAX_HIDDEN_SHARE",
    "answer_flaw",
    "cuts_entity",
    "give_away_words",
    "given_by_context",
    "own_content_words",
]


MAX_HIDDEN_SHARE = 0.6
"""A deletion that hides more of a sentence's content words than this leaves too
little to recall it from."""
COMMON_WORD_ZIPF = 4.6
"""A single-word answer this frequent in English ('people', 'time', 'things') is too
vague to be worth a card (wordfreq's Zipf scale: 6 is once per thousand words)."""
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
    the rest).

    `own_content` (the claim's own content words) may be passed in when many
    candidates of one claim are judged.
    """
    claim = parsed.claim
    words = words_in(parsed, candidate.start, candidate.end)
    answer = claim.text[candidate.start : candidate.end]
    if not words:
        return "no words"
    content = content_lemmas(words)
    if not content and candidate.kind != "number":
        return "no content word"
    if candidate.kind != "bold" and (_bad_edge(words[0]) or _bad_edge(words[-1])):
        return "not a whole phrase"
    if cuts_entity(parsed, words):
        return "half an entity"
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
    for span in claim.spans:
        if span.kind in {"code", "math"} and (
            span.start < candidate.start < span.end
            or span.start < candidate.end < span.end
        ):
            return "cuts code or math"
    if (
        len(words) == 1
        and candidate.kind == "phrase"
        and zipf(words[0].text) >= COMMON_WORD_ZIPF
    ):
        return "trivial answer"
    if candidate.kind in {"phrase", "entity"} and _guessable(words):
        return "guessable"
    if (
        _spelled_number(candidate, answer)
        and answer.lower() in _SMALL_NUMBERS
        and (answer.lower() == "one" or claim.text[candidate.end :].startswith(" of"))
    ):
        return "guessable"  # 'one of the most', 'the first of many'

    if candidate.start == claim.own_start and claim.text[candidate.end :].startswith(
        ":"
    ):
        return "the label of its line"
    if _in_list(claim.text, candidate.start, candidate.end):
        return "one item of a list"
    if _in_parentheses(claim.text, candidate.start, candidate.end):
        return "an aside in parentheses"
    if "_" in answer:
        return "a file name"
    if any(
        span.kind == "math"
        and span.start < candidate.end
        and candidate.start < span.end
        for span in claim.spans
    ):
        return "math"
    return None


_SUFFIXES = ("ings", "ing", "ers", "er", "ions", "ion", "ed", "es", "s")


def _plain_stem(word: str) -> str:
    """A word without its commonest English ending: 'cutter' and 'cutting' meet."""
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            if word[-1] == word[-2]:
                word = word[:-1]  # 'cutt(ing)'
            return word
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


@functools.lru_cache(maxsize=4096)
def _context_stems(*parts: str | None) -> frozenset[str]:
    return frozenset(
        _plain_stem(word) for part in parts if part for word in WORD.findall(part)
    )


def given_by_context(claim: Claim, words: Sequence[Word]) -> bool:
    """Whether every content word of an answer shows in the context line above the
    prompt (the note's title, its heading, the lead-in): a blank it fills in."""
    content = [
        w.text
        for w in words
        if w.pos in CONTENT_POS and not w.stop and w.text.isalnum()
    ]
    if not content:
        return False
    shown = _context_stems(claim.note.title, *claim.section[-1:], claim.context)
    return all(_plain_stem(word) in shown for word in content)


_SMALL_NUMBERS = frozenset(
    {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
    | {"first", "second", "third"}
)


def _spelled_number(candidate: Candidate, answer: str) -> bool:
    return candidate.kind == "number" and not any(c.isdigit() for c in answer)


GUESSABLE_ZIPF = 3.5
"""A blank whose rarest word is at least this common in English is filled in from
the sentence around it: rated by two learners on 96 clozes of real notes, answers
whose rarest word lies below this were kept half the time, the others a fifth."""


def _guessable(words: Sequence[Word]) -> bool:
    content = [w for w in words if is_content(w) and any(c.isalpha() for c in w.text)]
    if not content:
        return False
    return min(zipf(w.text) for w in content) >= GUESSABLE_ZIPF


_LIST_BEFORE = re.compile(r"(?:,|\band|\bor|&|/)\s*$", re.I)
_LIST_AFTER = re.compile(r"^\s*(?:[,/&.;:)]|\band\b|\bor\b|$)", re.I)


def _in_list(text: str, start: int, end: int) -> bool:
    """Whether a span is a bare item of an enumeration ('Ray, [...], and Nair',
    'wars or [...].'): asked alone, any other item would be as right. An item
    with words of its own ('10 minutes of movement') says which one it is."""
    return bool(_LIST_BEFORE.search(text[max(0, start - 6) : start])) and bool(
        _LIST_AFTER.match(text[end : end + 6])
    )


def _in_parentheses(text: str, start: int, end: int) -> bool:
    """Whether a span is an aside: inside parentheses, or a figure the parentheses
    after it restate ('212 °F (100 °C)')."""
    depth = text.count("(", 0, start) - text.count(")", 0, start)
    if depth > 0:
        return True
    after = text[end : end + 4].lstrip(" °FCK%")
    return after.startswith("(") and any(c.isdigit() for c in text[start:end])


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
