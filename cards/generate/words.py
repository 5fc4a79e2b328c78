"""The words of a claim as the rules read them: which carry content, how common each
is in English (wordfreq's Zipf scale), and how a reader counts them."""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable

from ..extract import ParsedClaim, Word

__all__ = [
    "CALENDAR_NAMES",
    "CONTENT_POS",
    "CURRENCY_SIGNS",
    "MONTHS",
    "NUMBER_WORDS",
    "PLURAL_TAGS",
    "WORD",
    "YEAR",
    "ZIPF_CEILING",
    "content_lemmas",
    "is_content",
    "is_short_form",
    "load_word_frequencies",
    "trailing_aside",
    "word_count",
    "words_in",
    "zipf",
]


CONTENT_POS = frozenset({"NOUN", "PROPN", "NUM", "VERB", "ADJ"})
"""The parts of speech that can carry what a sentence says."""
YEAR = re.compile(r"(?:1\d{3}|20\d{2})")
"""A figure written as a year, 1000 to 2099."""
CURRENCY_SIGNS = "$€£¥₹"
"""Signs written before a sum: '$[500,000]' asks 'how much', '₹[649]' is a price."""
PLURAL_TAGS = frozenset({"NNS", "NNPS"})
"""The tagger's plural nouns."""
WORD = re.compile(r"\w+")
NUMBER_WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)
"""The numbers written as one word, each at its value's place."""
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
CALENDAR_NAMES = frozenset(
    [m.lower() for m in MONTHS]
    + [
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
    + ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
)
"""Months and weekdays, however common their words: a date a learner recalls."""
ZIPF_CEILING = 7.0
"""The Zipf frequency of the commonest English words: how rare a word is, is how
far below this it lies."""


def words_in(parsed: ParsedClaim, start: int, end: int) -> list[Word]:
    """The claim's words lying wholly inside ``[start, end)``.

    Words are in text order, so a binary search finds the first; this runs for
    every candidate answer of every claim.
    """
    words = parsed.words
    first = bisect.bisect_left(words, start, key=_word_start)
    found = []
    for word in itertools.islice(words, first, None):
        if word.start >= end:
            break
        if word.end <= end:
            found.append(word)
    return found


def _word_start(word: Word) -> int:
    return word.start


@functools.lru_cache(maxsize=1 << 16)
def _has_alnum(text: str) -> bool:
    return any(char.isalnum() for char in text)


def is_content(word: Word) -> bool:
    """Whether a word carries content: a noun, name, number, verb or adjective,
    not a stop word."""
    return word.pos in CONTENT_POS and not word.stop and _has_alnum(word.lemma)


def content_lemmas(words: Iterable[Word]) -> set[str]:
    """The lemmas of the words that carry content (`is_content`)."""
    return {
        word.lemma
        for word in words
        if word.pos in CONTENT_POS and not word.stop and _has_alnum(word.lemma)
    }


@functools.lru_cache(maxsize=1 << 16)
def zipf(word: str) -> float:
    """wordfreq's Zipf frequency; cached, as the same words recur across claims."""
    # Imported when first needed: wordfreq takes a fifth of a second to import,
    # which a build with nothing to make (its cards all cached) need not pay.
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word.lower(), "en"))


def load_word_frequencies() -> None:
    """Load wordfreq's English word list now rather than at the first card made
    (0.10 s): a process that is waiting anyway can take it on."""
    zipf("the")


def word_count(text: str) -> int:
    """Words as a reader counts them: 'four-year' and '1990s' are one word each."""
    return sum(1 for part in text.split() if _has_alnum(part))


_TRAILING_ASIDE = re.compile(r"\s*\(([^()]*)\)\s*$")


def trailing_aside(label: str) -> re.Match[str] | None:
    """The note in brackets that ends a label ('Credit Risk (Issuer Default)',
    'Nauman Ali (Pakistan)', 'Government Securities (G-Secs)'), its text the
    match's group 1."""
    return _TRAILING_ASIDE.search(label)


_SHORT_FORM = re.compile(r"(?=(?:[^A-Z]*[A-Z]){2})[A-Za-z0-9&-]{2,10}|[A-Z]")


def is_short_form(text: str) -> bool:
    """Whether a word is a short form: two or more capitals in one word of at most
    ten characters ('HIIT', 'G-Secs', 'SGBs', 'VAEs'), or one capital alone."""
    return bool(_SHORT_FORM.fullmatch(text))
