"""Where a blank sits in its sentence, read from the text around it: an item of a
list, an example, an aside, one end of a range, part of a name, a count the sentence
says. `cards.generate.answers.answer_flaw` names these flaws; they are here because
they look at the words beside an answer rather than at the answer itself."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from ..extract import Candidate, Claim, ParsedClaim, Word
from .words import CURRENCY_SIGNS, NUMBER_WORDS, YEAR

__all__ = [
    "a_figure",
    "a_price",
    "an_example",
    "counted_after",
    "first_of_list",
    "glossed",
    "half_a_name",
    "half_a_range",
    "in_list",
    "in_parentheses",
    "small_count",
    "worked_example_above",
    "worked_out",
]


_TITLES = frozenset(
    {"president", "minister", "general", "king", "queen", "prince", "princess"}
    | {"dr", "mr", "mrs", "ms", "prof", "professor", "sir", "lord", "lady", "saint"}
    | {"st", "pope", "emperor", "chancellor", "senator", "governor", "judge"}
    | {"justice", "captain", "colonel", "admiral", "chairman", "ceo", "secretary"}
    | {"mayor", "sheikh", "sultan", "pm", "shri", "smt", "coach", "host"}
)
"""Words that stand before a name without being part of it: 'Prime Minister
[Abiy Ahmed]' asks for the name."""


def half_a_name(parsed: ParsedClaim, words: Sequence[Word]) -> bool:
    """Whether a span takes part of a run of capitalised proper nouns the entity
    tagger did not join ('ICICI [Prudential]', 'G [Kishan Reddy]', '[Aung San]
    Suu Kyi'), or of a name holding a figure ('Nifty [50]', '[Nifty] 50'): rated
    wrong-target, the learner recalls the whole name or none."""
    before = [w for w in parsed.words if w.end <= words[0].start][-1:]
    after = [w for w in parsed.words if w.start >= words[-1].end][:1]
    text = parsed.claim.text

    def named(word: Word) -> bool:
        return word.pos == "PROPN" and word.text[:1].isupper()

    def spaced(left: Word, right: Word) -> bool:
        return text[left.end : right.start] == " "

    def joined(left: Word, right: Word) -> bool:
        return spaced(left, right) and named(left) and named(right)

    if (
        after
        and named(words[-1])
        and words[-1].entity != "DATE"
        and _name_figure(after[0])
        and spaced(words[-1], after[0])
    ):
        return True  # '[Nifty] 50', '[NASDAQ] 100': the figure's other half
    if len(words) == 1 and _name_figure(words[0]):
        # 'Nifty [50]', 'S&P [500]', 'Boeing [737]', 'Nifty [200] Momentum': a
        # figure in an index's or a model's name is no fact of its own (rated
        # trivial and wrong-target, round 51p); '[80,000] Pakistanis', '[700] MW'
        # and '[1300] BC' count things, units and years.
        return bool(
            (
                before
                and spaced(before[0], words[0])
                and named(before[0])
                and before[0].entity != "DATE"
                and before[0].text.lower().rstrip(".") not in _TITLES
                and not _opens_sentence(text, before[0].start)
            )
            or (
                after
                and spaced(words[0], after[0])
                and named(after[0])
                and after[0].entity != "DATE"
                and not after[0].text.endswith("s")
                and not after[0].text.isupper()
            )
        )

    return bool(
        (
            before
            and joined(before[0], words[0])
            and before[0].text.lower().rstrip(".") not in _TITLES
            and not _opens_sentence(text, before[0].start)
        )
        or (after and joined(words[-1], after[0]))
    )


def _name_figure(word: Word) -> bool:
    """A figure written in digits that may be part of a name: not a year."""
    plain = word.text.replace(",", "")
    return plain.isdigit() and not YEAR.fullmatch(plain)


def _opens_sentence(text: str, start: int) -> bool:
    """Whether a word opens its sentence or a label's explanation, where any word
    is capitalised ('Featured [Ashley Mallett]', 'Wicketkeeper: [Rizwan] …')."""
    return text[:start].rstrip()[-1:] in {"", ":", ".", "!", "?", "—"}


_RANGE_AFTER = re.compile(r"\s*(?:and|or|to|-|\u2013|\u2014)\s*[-+~]?[$€£₹]?\d")
_RANGE_BEFORE = re.compile(
    r"(?:\d[%\w]*\s*(?:and|or|to|-|\u2013|\u2014)|\bbetween)\s*$", re.I
)
_SPELLED = "|".join(NUMBER_WORDS)
_SPELLED_AFTER = re.compile(rf"\s*(?:and|or|to|-)\s*(?:{_SPELLED})\b", re.I)
_SPELLED_BEFORE = re.compile(rf"\b(?:{_SPELLED})\s*(?:and|or|to|-)\s*$", re.I)


def half_a_range(text: str, start: int, end: int) -> bool:
    """Whether a number is one end of a range the card shows the other end of
    ('between [45%] and 55%', '6 to [8] hours', '[718] or 719', 'three or [four]
    percent salt'): rated wrong-target, the range is the fact; given one end of
    'six or …', the other is a guess. Rounds 26-39 drew 6 such cards with a number
    word or 'or' and deleted them by 8 of 12 grades ('one to [five] times a week'
    was kept). A figure is not one end of a number word's range: 'sold in [2012]
    to one of its rivals'."""
    after, before = text[end : end + 12], text[max(0, start - 12) : start]
    if _RANGE_AFTER.match(after) or _RANGE_BEFORE.search(before):
        return True
    spelled = text[start:end].strip().lower() in NUMBER_WORDS
    return spelled and bool(
        _SPELLED_AFTER.match(after) or _SPELLED_BEFORE.search(before)
    )


_EXAMPLE_BEFORE = re.compile(
    r"\b(?:such as|e\.g\.,?|eg,|including|for example,?|for instance,?)\s*$", re.I
)
"""What introduces an example: the thing to learn is what it is an example of
('APIs such as [AssemblyAI]' asks for one of many right answers)."""
_WORKED_EXAMPLE = re.compile(
    r"\b(?:for example|for instance|e\.g\.|examples?|suppose|imagine|let's say"
    r"|hypothetical(?:ly)?|scenarios?|simulat(?:e|es|ed|ing|ion|ions)"
    r"|assum(?:e|es|ed|ing|ption|ptions)|illustrat(?:e|es|ed|ing|ion))\b",
    re.I,
)
"""What marks a sentence, or the lead-in or heading above it, as a worked example,
a scenario or a model's assumption: its figures are inputs someone chose ('Scenario
1: invest [10,000] rupees a month', 'Savings Rate: Assumed at [20%]')."""
_EXAMPLES_INCLUDE = re.compile(r"\bexamples\b[^.:;]{0,80}?\b(?:include|are)\b", re.I)
"""A sentence listing examples: what follows its verb is one of several, any of
which would do ('Examples include the widespread interest in leaked [MMS] videos':
15 such cards graded by round 62, kept 23% and deleted 63%)."""
_LIKE_BEFORE = re.compile(r"\blike\s*$", re.I)
"""'like' introduces an example of a kind when a name follows ('constellations
like [Starlink]'), a comparison when a common noun does ('treat engineers like
mentors')."""
_SMALL_COUNT = re.compile(
    r"(?:(?:more|fewer|less) than |at least |at most )?"
    r"(?:0|1|2|zero|one|two|both|single)",
    re.I,
)


def a_figure(answer: str) -> bool:
    """Whether an answer is a figure: it holds a digit or opens with a spelled
    number ('[six] eggs', '[three years]')."""
    opening = answer.lower().split()[:2]  # 'only [two]', 'about [five] minutes'
    return any(c.isdigit() for c in answer) or any(w in NUMBER_WORDS for w in opening)


def worked_example_above(claim: Claim) -> bool:
    """Whether the nearest line above a claim (its lead-in, else its heading; never
    the note's title) marks it as part of a worked example, scenario or model's
    assumptions: 'Scenarios Tested', 'Assumptions for the 50s', 'Application
    Example:'."""
    above = claim.context or (claim.section[-1] if claim.section else None)
    return bool(above and _WORKED_EXAMPLE.search(above))


def an_example(text: str, candidate: Candidate, words: Sequence[Word]) -> bool:
    """Whether a candidate is given as an example of something the sentence names,
    stands after a sentence's 'Examples include', or is a figure of a worked
    example: 'For example, a fund with an AUM of [22] crores …', 'Infosys
    Example: … applying a [30%] discount'. Such a figure is the example's input,
    not a fact of its subject: over the graded cards of rounds 1 to 62, figures in
    sentences saying they are examples were kept 35% and deleted 41% (40 cards),
    other figures 64% and 21%."""
    before = text[max(0, candidate.start - 16) : candidate.start]
    if _EXAMPLE_BEFORE.search(before):
        return True
    listed = _EXAMPLES_INCLUDE.search(text)
    if listed is not None and candidate.start >= listed.end():
        return True  # 'Examples include Amazon's program or [Dropbox]'s …'
    if a_figure(text[candidate.start : candidate.end]) and _WORKED_EXAMPLE.search(text):
        return True
    named = candidate.kind == "entity" or words[0].pos == "PROPN"
    return named and bool(_LIKE_BEFORE.search(before))


_COUNTS = {word: number for number, word in enumerate(NUMBER_WORDS)}
_LIST_SEPARATOR = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
_INTRODUCED_LIST = re.compile(
    r"^[^.:;\u2013\u2014]{0,60}?(?::|\s[\u2013\u2014]\s?|[\u2013\u2014])\s*(?P<items>[^.;]+)"
)


def small_count(answer: str) -> bool:
    """Whether an answer is a count of none, one or two without a unit: the sentence
    says it ('the [two] points', 'more than [1] row')."""
    return bool(_SMALL_COUNT.fullmatch(answer.strip()))


_BRACKETED_LIST = re.compile(r"^[^.:;()]{0,40}?\((?P<items>[^()]+)\)")


def counted_after(answer: str, text: str, end: int) -> bool:
    """Whether a count is the number of items the sentence lists right after it
    ('rely on [three] primary sources: promoter money, advances, and debt', 'all
    [three] results (win, loss, draw)', rated trivial in round 39): the learner
    counts the answer off the card."""
    word = answer.strip().lower()
    number = int(word) if word.isdecimal() else _COUNTS.get(word)
    if number is None or number < 2:
        return False
    after = text[end:]
    for found in (_INTRODUCED_LIST.match(after), _BRACKETED_LIST.match(after)):
        if found is None:
            continue
        items = [i for i in _LIST_SEPARATOR.split(found["items"]) if i.strip()]
        if len(items) == number:
            return True
    return False


_LIST_BEFORE = re.compile(r"(?:,|\band|\bor|&|/)\s*$", re.I)
_LIST_AFTER = re.compile(r"^\s*(?:[,/&.;:)]|\band\b|\bor\b|$)", re.I)
_LIST_FOLLOWS = re.compile(
    r"^\s*,\s*(?:[^,.;:()\s][^,.;:()]{0,29},\s*)+(?:and|or|&)\s"
    r"|^\s*,\s*(?:[^,.;:()\s][^,.;:()]{0,29},\s*){3}",
    re.I,
)


_LAST_OF_LIST = re.compile(
    r"(?:[^,;:.()\s][^,;:.()]{0,39},\s*){2,}(?:and|or)\s+(?:the\s+)?$", re.I
)
"""The end of an enumeration of three or more before a span: 'like DLF, Lodha,
Sobha, or [...]', 'UAA, UGA, and [...]'."""


def in_list(text: str, start: int, end: int) -> bool:
    """Whether a span is a bare item of an enumeration ('Ray, [...], and Nair',
    'wars or [...].'): asked alone, any other item would be as right. An item
    with words of its own ('10 minutes of movement') says which one it is. The
    last of three or more is one too when the sentence goes on ('brands like DLF,
    Lodha, Sobha, or [...] command a premium'): of 11 such blanks rated in rounds
    24 to 31, raters kept 27% and deleted 45%."""
    if _LAST_OF_LIST.search(text[max(0, start - 160) : start]):
        return True
    return bool(_LIST_BEFORE.search(text[max(0, start - 6) : start])) and bool(
        _LIST_AFTER.match(text[end : end + 6])
    )


def first_of_list(text: str, end: int) -> bool:
    """Whether a span ending at `end` opens an enumeration of three or more
    ('[...], Sivas, and Tunceli'), or of five or more without a closing 'and'
    ('[...], arginine, asparagine, aspartate, …'): known by the items after it.
    The author's bold marks the item that matters, so bold answers are not asked
    this."""
    return bool(_LIST_FOLLOWS.match(text[end : end + 100]))


def in_parentheses(text: str, start: int, end: int) -> bool:
    """Whether a span is an aside: inside parentheses, or a figure the parentheses
    after it restate ('212 °F (100 °C)')."""
    depth = text.count("(", 0, start) - text.count(")", 0, start)
    if depth > 0:
        return True
    after = text[end : end + 4].lstrip(" °FCK%")
    return after.startswith("(") and any(c.isdigit() for c in text[start:end])


def glossed(text: str, end: int) -> bool:
    """Whether brackets right after a span say what it is ('Mix some [...] (Pecorino
    or Parmesan)', 'an address and [...] (number of items)', '[...] (UTIs)'): rated
    trivial, the gloss gives the blank away. A phrase the author bolded is still
    asked: the note marks it as the thing to learn."""
    return text[end : end + 2].lstrip().startswith("(")


_WRITTEN_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w]|[.,]\d)"
)
_YEARS = re.compile(r"\s*years?\b", re.I)
_SMALLEST_TERM = 10.0
"""A sum's or difference's terms must each be this large: '[11] inputs between
January 2 and February 13' is chance."""
_SMALLEST_DIVISOR = 5.0
"""'[6] for 76 … 3 for 18' divides by chance; '72 divided by 8' does not."""


def worked_out(text: str, start: int, end: int) -> bool:
    """Whether the answer's figure is the difference, sum or ratio of two others
    its sentence shows: 'from 10% to 12.5%, up by [2.5%]', 'double in about [9]
    years (72 divided by 8)', 'held the record from 1931 to 1971, [40 years]'.
    The learner works it out instead of recalling it (rated trivial in rounds 56,
    57, 61 and 65). Years are terms only of a span of years."""
    found = _WRITTEN_NUMBER.findall(text[start:end])
    if len(found) != 1:
        return False
    answer = _value(found[0])
    if answer < 2 or _a_year(answer):
        return False
    in_years = bool(_YEARS.search(text[start:end]) or _YEARS.match(text, end))
    shown = {
        _value(f)
        for f in _WRITTEN_NUMBER.findall(f"{text[:start]} \u2026 {text[end:]}")
    }
    terms = [v for v in shown if v >= 2 and v != answer]
    tolerance = 0.005 * answer + (0.051 if answer % 1 else 1e-9)
    for first, second in itertools.permutations(terms, 2):
        if _a_year(first) or _a_year(second):
            spanned = in_years and _a_year(first) and _a_year(second)
            if spanned and first - second == answer:
                return True
            continue
        results = [first / second] if second >= _SMALLEST_DIVISOR else []
        if min(first, second) >= _SMALLEST_TERM:
            results += [first - second, first + second]
        if any(abs(result - answer) <= tolerance for result in results):
            return True
    return False


def _value(figure: str) -> float:
    return float(figure.replace(",", ""))


def _a_year(value: float) -> bool:
    return value.is_integer() and 1900 <= value <= 2100


_MONEY_WORD = re.compile(r"\b(?:dollars?|rupees?|euros?|rs\.?|inr|usd)(?!\w)", re.I)
_SCALES = {"thousand": 1e3, "k": 1e3, "lakh": 1e5, "lakhs": 1e5, "million": 1e6}
_SCALES |= {"mn": 1e6, "crore": 1e7, "crores": 1e7, "cr": 1e7, "billion": 1e9}
_SCALES |= {"bn": 1e9, "trillion": 1e12, "tn": 1e12}
_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*([a-z]+)?(?:\s+([a-z]+))?", re.I)
BIG_SUM = 1e6
"""A sum below this is a price, a fee or a wage: '₹[2,299]/month on iPhone', 'NAV
per unit was [₹400.71]', 'a salary of [₹17,000]'. Of the graded cards asking a
sum, 30 under a million were kept 13% and deleted 53%, 14 of a million or more
(a fine, a contract, a company's worth) kept 79% and deleted none."""


def a_price(text: str, start: int, end: int) -> bool:
    """Whether the answer `text[start:end]` is a sum of money under `BIG_SUM`,
    read with the currency sign before it and a scale word after it ('₹[300]
    crore' is three billion rupees)."""
    answer = text[start:end]
    sign_before = text[max(0, start - 1) : start] in tuple(CURRENCY_SIGNS)
    if not (
        sign_before
        or any(sign in answer for sign in CURRENCY_SIGNS)
        or _MONEY_WORD.search(text, start, min(len(text), end + 10))
    ):
        return False
    amount = _AMOUNT.search(answer + text[end : end + 12])
    if amount is None or amount.start() >= len(answer):
        return False
    scale = _SCALES.get((amount.group(2) or "").lower(), 1)
    if scale > 1:  # '₹2 lakh crore' is two trillion rupees
        scale *= _SCALES.get((amount.group(3) or "").lower(), 1)
    return float(amount.group(1).replace(",", "")) * scale < BIG_SUM


def placement_flaw(
    text: str, candidate: Candidate, words: Sequence[Word]
) -> str | None:
    """The flaw of a candidate read from where it stands in `text`, or None: one
    of a list, an example, a count the sentence says, a price, an aside. A verb
    phrase ('[Rewrite rational function] as …') is judged here too, in the order
    `cards.generate.answers.answer_flaw` has always named these flaws."""
    answer = text[candidate.start : candidate.end]
    if in_list(text, candidate.start, candidate.end):
        return "one item of a list"
    if candidate.kind != "bold" and first_of_list(text, candidate.end):
        return "one item of a list"
    if candidate.kind != "bold" and an_example(text, candidate, words):
        return "an example"
    if candidate.kind != "bold" and words[0].pos == "VERB" and not words[0].entity:
        return "a verb phrase"
    if small_count(answer) or counted_after(answer, text, candidate.end):
        return "guessable"  # 'more than [1] row', '[three] sources: A, B, and C'
    if a_price(text, candidate.start, candidate.end):
        return "a price"
    if in_parentheses(text, candidate.start, candidate.end):
        return "an aside in parentheses"
    if candidate.kind != "bold" and glossed(text, candidate.end):
        return "glossed in parentheses"
    return None
