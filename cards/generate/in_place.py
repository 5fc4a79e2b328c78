"""Ask a cloze's figure, year or person where it stands: 'Pakistan bowled how
many more wides than the USA?', 'The index rose by what percentage in 2023?'.

`cards.extract.questions` moves words to make a wh-question, and does so only
where it reads the sentence as one plain clause: 1.5% to 2.5% of bullet
sentences. Most claims of real notes are longer than that (asides, a second
clause, a label before them), so their figures became clozes. A figure, a year or
a sum of money can be asked without moving anything: the wh-phrase takes the
answer's place and the sentence ends in '?', the way a quiz asks ('The telescope
cost how much?'). Unlike a blank, the wh-phrase says what kind of answer is
wanted (a count of what, a percentage, a year), which a '[...]' over '13%' does
not.

Only the answer the cloze would have hidden is asked, so the card holds the same
fact; it is asked in place only where the phrase reads as English there:

* a count: a number (or a range: '[7-9 hours]') before the plural noun it
  counts, inside the answer ('[five minutes]' -> 'how many minutes') or just
  after it ('[82] runs' -> 'how many runs');
* a percentage ('what percentage'), a sum of money ('how much'), a year after a
  preposition ('in what year'), a month and year after 'in', a full date after
  'on' ('on what date') -- none of them modifying a noun after them ('a [₹500
  billion] merger deal' would read 'a how much merger deal');
* a person's full name that opens the statement before its verb ('Who …?') or
  stands after a passive's 'by' ('by whom').

A bound at the head of the answer stays in the question ('of [at least 400]
rupees' asks 'of at least how many rupees'): the note gives the bound, not an
amount.

The phrase stands after the sentence's verb, or in its subject ('[40%] of wells
contain …' asks 'What percentage of wells contain …?', 'A ratio below [60%]
suggests …' 'A ratio below what percentage suggests …?'). A figure in a phrase
before the subject ('In [2008], CSS predicted …') stays a cloze: English asks it
only by moving words. So do two figures ('[January and July 2023]'), a figure
inside a noun phrase ('the [only two] places'), a list, a relative clause, a
quotation or a worked sum, and a claim that does not end as one statement.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import NamedTuple

from ..extract import Candidate, ParsedClaim, Word
from ..extract.wh_shapes import word_set
from ..extract.words import FINITE_TAGS
from .words import CURRENCY_SIGNS, YEAR, words_in, zipf

__all__ = ["InPlace", "calendar_date", "in_place", "unpinned_person"]

MAX_IN_PLACE_WORDS = 30
"""A question is read whole before it is answered: one longer than this asks the
learner to hold a paragraph in mind."""

_PLURAL_NOUNS = frozenset({"NNS"})
"""A common noun counted: '[Three] Musketeers' (NNPS) is a name, not a count."""
_COUNTED_MODIFIERS = frozenset({"ADJ", "NOUN"})
"""Words between a number and the plural noun it counts ('82 [first-class] runs')."""
_MODIFIED = frozenset({"NOUN", "PROPN", "ADJ", "NUM"})
"""A word after an answer that the answer modifies: 'a [10%] sales growth'."""
_BOUND_BEFORE = frozenset({"DET", "ADJ", "NUM"})
"""A word before the answer that makes it part of a noun phrase: 'the [only two]
places', 'all [three] formats', 'the top [15] cricketers' would read 'the how
many places'."""
_NAMING = frozenset({"NOUN", "PROPN", "PRON"})
"""A word before the answer that ends a noun phrase ('a hydration level [under
50%]' would read 'a hydration level what percentage'), unless the phrase is a
verb's first object ('cost the town [$4.2 million]')."""
_DESCRIBING = frozenset({"ADJ", "ADV", "VERB"})
_RELATIVES = word_set("that which who whom whose where when")
_QUOTES = frozenset("\"'“”‘’")
_JOINING = frozenset({"or", "and", "to", "-", "\u2013"})
"""A word after the answer joining it to another: '[100%] or more', '[5] to 7'."""
_COMPARATIVES = frozenset({"JJR", "RBR"})
"""'[17%] less effortful', '[3 times] faster': the figure measures the word after."""
_NUMBER_WORDS = frozenset({"NUM", "SYM"})
_TWO_FIGURES = frozenset({"and", "or", "from", "between"})
"""'[January and July 2023]', '[3 or 4]': two answers, not one."""
_RANGE_WORDS = frozenset({"to", "-", "\u2013"})
"""'[7-9] hours', '[ten to fifteen] minutes': a range is one answer to 'how many'."""
_YEAR_TEXT = YEAR.pattern
_YEAR_PREPOSITIONS = frozenset(
    {"in", "by", "since", "until", "till", "from", "after", "before", "around"}
)
_MONTHS = (
    "(?:january|february|march|april|may|june|july|august|september|october"
    "|november|december)"
)
_MONTH_YEAR = re.compile(rf"{_MONTHS} {_YEAR_TEXT}")
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_FULL_DATE = re.compile(rf"(?:{_MONTHS} {_DAY},?|{_DAY} {_MONTHS},?) {_YEAR_TEXT}")
_FRONTED = re.compile(r"(In|On|By) ")
"""A date phrase opening a statement: 'In [1914], …', 'On [May 25, 1961], …'."""
_LIST_GOES_ON = re.compile(r"[^,]{1,40}, (?:[^,]{1,40}, )*(?:and|or) ")
_NUMERAL = re.compile(r"\d[\d,.]*|[A-Za-z]+")
"""A count written in digits or in words; '[3x3] layers' is a size."""
_CURRENCY = re.compile(rf"[{CURRENCY_SIGNS}]|\b(?:dollars?|rupees?|euros?|crores?)\b")
_PERCENT = re.compile(r"%|\bper ?cent\b")
_ARITHMETIC = re.compile(r"[=\u00d7\u00f7]|\s[/*+]\s")
"""A worked sum: a figure in it is an operand, and asking it in place breaks the
sum ('5 lakh how many crores / 420 crore shares = 1,221 rupees?', round 58)."""
_BOUND = re.compile(
    r"(?i)(?:at least|at most|up to|no more than|more than|fewer than|less than"
    r"|as little as|as much as|as many as|over|under|above|below) (?=\S)"
)
"""A bound at the head of an answer stays in the question, which asks for the
bound's figure: 'Make an initial deposit of [at least 400] rupees' asks 'of at
least how many rupees?', not 'how many', which asks for an amount the note does
not give (rated vague, round 57)."""
_COMMON_SURNAME_ZIPF = 4.5
"""A name ending in a word this common is a thing's ('Tetley Tea'), not a person's
('Starc' 2.4, 'Khan' 4.3)."""
_SINGULAR_VERBS = frozenset({"VBD", "VBZ", "MD"})
"""The verbs 'who' takes: 'Who bowled …?', 'Who is …?'; never 'Who play …?'."""
_HEDGES = word_set(
    "about around approximately roughly nearly almost over under some just only "
    "more less than at least up to below above ~"
)
"""Words before a figure that say how exact it is; the answer keeps them."""


class InPlace(NamedTuple):
    """Where a claim's text is replaced by a wh-phrase, and the phrase."""

    start: int
    end: int
    phrase: str
    answer_start: int
    """Where the answer shown on the back starts: the blank's start, or its
    currency sign's, which the question no longer shows ('$[10,000]' asks 'how
    much' and answers '$10,000')."""
    trailing_at: int | None = None
    """Where `trailing` goes, for a date moved from the front of its statement."""
    trailing: str = ""


def in_place(parsed: ParsedClaim, candidate: Candidate) -> InPlace | None:
    """The wh-phrase asking for `candidate` where it stands in its claim, or None
    where no phrase reads as English there (see the module's docstring)."""
    text = parsed.claim.text.rstrip()
    if not _one_statement(text, candidate.end) or _ARITHMETIC.search(text):
        return None  # '5 lakh [12,145] crores / 420 crore shares = …' is a sum
    start, end = candidate.start, candidate.end
    if start and text[start - 1] in CURRENCY_SIGNS:
        start -= 1  # '$[500,000]' is a sum, asked 'how much', not '$how much'
    answer_start = start
    inside = words_in(parsed, candidate.start, end)
    before = [w for w in parsed.words if w.end <= start]
    after = [w for w in parsed.words if w.start >= end]
    statement = _statement_start(parsed, start)
    own_before = [w for w in before if w.start >= statement]
    fronted = _fronted_date(parsed, candidate, statement)
    if fronted is not None:
        return fronted
    lead = text[:statement].rstrip()
    opens = (not lead or lead[-1] in ".:!?") and not any(
        w.pos not in {"PUNCT", "DET"} for w in own_before
    )  # a lead-in without a colon runs on: 'critics point out that [Rahul Gandhi]'
    if not inside or not _stands_askable(before, own_before, after, opens):
        return None
    phrase = _phrase(text[start:end], inside, before, after, opens)
    if phrase is None:
        return None
    if opens and before and before[-1].pos == "DET" and before[-1].start >= statement:
        start = before[-1].start  # 'The [40%] who …' asks 'What percentage …'
    bound = _BOUND.match(text, start)
    if bound is not None:
        start = bound.end()  # '[at least 400]' asks 'at least how many rupees'
    if not text[:start].strip() or text[:start].rstrip()[-1] in ".:!?":
        phrase = phrase[:1].upper() + phrase[1:]
    words = len(text[:start].split()) + len(phrase.split())
    if words + len(text[end:].split()) > MAX_IN_PLACE_WORDS:
        return None
    return InPlace(start, end, phrase, answer_start)


MIN_UNPINNED_WORDS = 11
"""Words that pin a person without a name or a number: 'Who can switch between
bowling over and around the wicket …?'."""


def unpinned_person(parsed: ParsedClaim, candidate: Candidate) -> bool:
    """Whether `candidate` is a person's full name opening a statement that pins
    nobody: under `MIN_UNPINNED_WORDS` words after the name, none of them another
    name or a number ('[Sarfaraz Ahmed] was a decent wicket-keeper', asked 'Who
    was a decent wicket-keeper?'). Many people fit, as a question or as a blank.
    Over the graded 'Who …?' questions, 28 of under 12 words and no digit or
    capitalised word were kept 36% and deleted 43%, 75 with one 71% and 14%."""
    if not _a_person(words_in(parsed, candidate.start, candidate.end)):
        return False
    text = parsed.claim.text
    if text[_statement_start(parsed, candidate.start) : candidate.start].strip():
        return False  # 'Led by [Imran Khan]' is asked 'by whom', pinned by its verb
    statement_end = next(
        (m.start() for m in _SENTENCE_BREAK.finditer(text, candidate.end)), len(text)
    )
    rest = [
        w
        for w in parsed.words
        if candidate.end <= w.start and w.end <= statement_end and w.pos != "PUNCT"
    ]
    if not rest or rest[0].pos not in {"VERB", "AUX"}:
        return False
    pinned = any(
        w.pos == "PROPN" or (w.tag == "CD" and w.text.lower() != "one") for w in rest
    )  # 'one of the greatest …' counts nothing
    return not pinned and len(rest) < MIN_UNPINNED_WORDS


def _stands_askable(
    before: Sequence[Word],
    own_before: Sequence[Word],
    after: Sequence[Word],
    opens: bool,
) -> bool:
    """Whether a wh-phrase reads as English where the answer stands: after its
    statement's verb, or in its subject before the verb; not inside a noun phrase,
    one of a list ('parachutes and [$5]'), opening a relative clause ('behaviours
    that [90%] of people …' would read 'that what percentage'), in a quotation, in
    a subordinate clause before the main one ('If sold after how many months,
    LTCG applies?'), nor joined to a figure after it ('[100%] or more')."""
    subject = opens or _in_subject(own_before)
    if not (_predicate_begun(own_before) or (subject and _verb_after(after))):
        return False
    if (
        not opens
        and before
        and (
            _in_noun_phrase(before)
            or before[-1].pos == "CCONJ"
            or before[-1].text.lower() in _RELATIVES
            or before[-1].text in _QUOTES
        )
    ):
        return False
    if (
        own_before
        and own_before[0].pos == "SCONJ"
        and any(w.text == "," for w in after)
    ):
        return False
    return not (after and after[0].text.lower() in _JOINING)


def _predicate_begun(own_before: Sequence[Word]) -> bool:
    """Whether the statement's verb stands before the answer: a finite verb, a
    verb opening a predicate whose subject is left out ('Scored [82] runs'), or a
    verb right after a noun, which the small model tags a participle as often as
    a past tense ('The observatory opened …'), unlike one after a determiner ('An
    annualized return of [11.4%]', a noun phrase)."""
    if not own_before:
        return False
    if own_before[0].pos == "VERB" or own_before[0].tag in FINITE_TAGS:
        return True
    return any(
        word.tag in FINITE_TAGS
        or (word.pos == "VERB" and word.tag == "VBN" and previous.pos in _NAMING)
        for previous, word in itertools.pairwise(own_before)
    )


def _in_subject(own_before: Sequence[Word]) -> bool:
    """Whether the words before the answer, from the start of its statement, are
    the head of the subject and a preposition: 'A ratio below [60%] suggests …'
    asks 'A ratio below what percentage suggests …?', no word moved."""
    return (
        len(own_before) >= 2
        and own_before[0].pos in {"DET", "NOUN", "PROPN", "ADJ"}
        and own_before[-1].pos == "ADP"
        and all(w.pos not in {"PUNCT", "VERB", "AUX", "SCONJ"} for w in own_before)
    )


def _verb_after(after: Sequence[Word]) -> bool:
    """Whether the clause's finite verb follows the answer, before any comma."""
    for word in after:
        if word.tag in FINITE_TAGS:
            return True
        if word.pos == "PUNCT":
            return False
    return False


def _in_noun_phrase(before: Sequence[Word]) -> bool:
    """Whether the answer stands inside a noun phrase begun before it: right after
    a determiner, adjective or noun, or after a determiner and words describing
    ('below the recommended [120] mmHg')."""
    if not before:
        return False
    if before[-1].pos in _NAMING:
        # 'a hydration level [under 50%]' is one phrase; 'cost the town [$4.2 million]'
        # names whom it cost, the verb's first object, and the sum its second.
        opening = next(
            (
                w
                for w in reversed(before)
                if w.pos not in {"NOUN", "PROPN", "ADJ", "DET"}
            ),
            None,
        )
        return opening is None or opening.pos not in {"VERB", "AUX"}
    if before[-1].pos in _BOUND_BEFORE:
        return True
    for word in reversed(before):
        if word.pos in {"DET", "PRON"}:
            return True
        if word.pos not in _DESCRIBING or word.tag in FINITE_TAGS | {"VB", "RB"}:
            return False
    return False


_SENTENCE_BREAK = re.compile(r"[.!?][\"”’)]?\s+(?=\S)|[;:]\s|\s[—\u2013]\s")
"""Where a sentence or a clause of its own ends: the question mark that replaces
the claim's full stop must close the clause that holds the answer."""


def _fronted_date(
    parsed: ParsedClaim, candidate: Candidate, statement: int
) -> InPlace | None:
    """A date opening its statement, moved to the end of the main clause: 'In
    [1914], an ice patrol was established …' asks 'An ice patrol was established
    … in what year?', 'By [1936], the military was in control of Japan' asks '…
    by what year?'. English asks a date before the subject only by moving words;
    the clause after the comma reads whole, so the date's phrase follows it (or
    comes before the clause's next comma, after its verb)."""
    text = parsed.claim.text.rstrip()
    opening = _FRONTED.fullmatch(text, statement, candidate.start)
    if opening is None or not text.startswith(", ", candidate.end):
        return None
    preposition = opening.group(1).lower()
    written = " ".join(text[candidate.start : candidate.end].lower().split())
    date = _date_phrase(written, preposition)
    rest = [w for w in parsed.words if w.start >= candidate.end + 2]
    if date is None or not rest or rest[0].start != candidate.end + 2:
        return None
    first = rest[0]
    if any(s.start < first.end and first.start < s.end for s in parsed.claim.spans):
        return None  # a bold or linked first word keeps its markup as it is
    closing = len(text.removesuffix("."))
    comma = text.find(", ", first.end, closing)
    trailing_at = closing if comma < 0 else comma
    if comma >= 0 and (
        _LIST_GOES_ON.match(text, comma + 2, closing)
        or len(re.findall(r'["“”]', text[first.start : comma])) % 2
    ):
        return None  # 'against ISIS, the Taliban and …', '"When India speaks, …"'
    if not any(w.tag in FINITE_TAGS for w in rest if w.end <= trailing_at):
        return None  # 'In [2019], after the verdict, the court …'
    if len(text[first.start : closing].split()) + 3 > MAX_IN_PLACE_WORDS:
        return None
    phrase = first.text[:1].upper() + first.text[1:]
    trailing = f" {preposition} {date}"
    return InPlace(statement, first.end, phrase, candidate.start, trailing_at, trailing)


def _one_statement(text: str, answer_end: int) -> bool:
    """Whether the claim ends as a statement, with no sentence after the answer's:
    its closing full stop becomes the question mark."""
    if not text or not (text[-1] == "." or text[-1].isalnum()):
        return False
    return _SENTENCE_BREAK.search(text, answer_end) is None


def _statement_start(parsed: ParsedClaim, answer_start: int) -> int:
    """Where the statement holding the answer starts: after the claim's lead-in,
    after a '**Label**:', after any sentence before it in the claim."""
    claim = parsed.claim
    start = max(claim.own_start, claim.definition_start if claim.term else 0)
    for match in _SENTENCE_BREAK.finditer(claim.text, start, answer_start):
        start = match.end()
    return start


def _phrase(
    written: str,
    inside: Sequence[Word],
    before: Sequence[Word],
    after: Sequence[Word],
    opens: bool,
) -> str | None:
    """The wh-phrase asking for the answer `written`, by what kind of figure it is
    (`opens`: the answer opens its statement)."""
    answer = " ".join(written.lower().split())
    preposition = next(
        (w.text.lower() for w in reversed(before) if w.text.lower() not in _HEDGES),
        "",
    )  # 'from [about 5% to 20%]' stands after 'from'
    if _a_person(inside):
        return _person_phrase(before, after, opens)
    numbers = [w for w in inside if w.pos in _NUMBER_WORDS or w.tag == "CD"]
    if not numbers or any(w.text.lower() in _TWO_FIGURES for w in inside[1:]):
        return None
    modifies = bool(after) and (
        after[0].pos in _MODIFIED or after[0].tag in _COMPARATIVES
    )
    date = _date_phrase(answer, preposition)
    if date is not None:
        return None if modifies else date
    if preposition in _TWO_FIGURES and any(
        w.text.lower() in _RANGE_WORDS for w in inside
    ):
        return None  # 'from [6.5% to 3.5%]' is a change, two figures
    leading = inside[: inside.index(numbers[0])]
    if any(w.text.lower() not in _HEDGES and w.pos != "SYM" for w in leading):
        return None  # '[first 50%]', '[Slightly more than 1]': not a figure alone
    if _PERCENT.search(answer):
        return None if modifies else "what percentage"
    if _CURRENCY.search(answer):
        return None if modifies else "how much"
    return _count(inside, after)


def _a_person(inside: Sequence[Word]) -> bool:
    """Whether the answer is a person's full name: two or more capitalised words
    the tagger reads as one person, the last no everyday word. The small model
    also tags foods and firms as people ('Parmesan', 'Tetley Tea'); a one-word
    name or one ending in a common word ('Tea') is left a cloze. First names are
    common words ('Mitchell'), surnames mostly not ('Starc')."""
    return (
        len(inside) >= 2
        and all(
            word.entity == "PERSON"
            and word.pos == "PROPN"
            and word.text.isalpha()
            and word.text[:1].isupper()
            for word in inside
        )
        and zipf(inside[-1].text) < _COMMON_SURNAME_ZIPF
    )


def _person_phrase(
    before: Sequence[Word], after: Sequence[Word], opens: bool
) -> str | None:
    """'who' for a person who opens the statement before its verb ('[Mitchell
    Starc] bowled …' asks 'Who bowled …?'), 'whom' after a passive's 'by'. A name
    in a list of clauses ('Jadeja got it to rip, [Axar Patel] was economical')
    would read 'rip, who was economical'."""
    if before and before[-1].text.lower() == "by":
        return "whom"
    if opens and after and after[0].tag in _SINGULAR_VERBS:
        return "who"
    return None


def calendar_date(answer: str) -> bool:
    """Whether `answer` is a year, a month and year or a full date."""
    written = " ".join(answer.lower().split())
    return any(p.fullmatch(written) for p in (YEAR, _MONTH_YEAR, _FULL_DATE))


def _date_phrase(answer: str, preposition: str) -> str | None:
    """'in what year' for '[1962]' after a preposition, 'in what month and year'
    for '[June 2021]' after 'in', 'on what date' for '[May 15, 2020]' or '[15 May
    2020]' after 'on'."""
    if preposition in _YEAR_PREPOSITIONS and YEAR.fullmatch(answer):
        return "what year"
    if preposition == "in" and _MONTH_YEAR.fullmatch(answer):
        return "what month and year"
    if preposition == "on" and _FULL_DATE.fullmatch(answer):
        return "what date"
    return None


def _count(inside: Sequence[Word], after: Sequence[Word]) -> str | None:
    """'how many' for a number counting a plural noun: '[five minutes]' asks 'how
    many minutes', '[82] runs' asks 'how many' before 'runs'."""
    first_number = next((i for i, w in enumerate(inside) if w.tag == "CD"), None)
    if first_number is None or not _NUMERAL.fullmatch(inside[first_number].text):
        return None
    last_number = first_number
    while last_number + 1 < len(inside) and (
        inside[last_number + 1].tag == "CD"
        or inside[last_number + 1].text.lower() in _RANGE_WORDS
    ):
        last_number += 1
    if inside[last_number].tag != "CD":
        return None
    counted = inside[last_number + 1 :]
    if counted:
        if counted[-1].tag not in _PLURAL_NOUNS or any(
            w.pos not in _COUNTED_MODIFIERS for w in counted
        ):
            return None
        nouns = " ".join(w.text for w in counted)
        return f"how many {nouns}"
    for word in after[:4]:
        if word.pos not in _COUNTED_MODIFIERS:
            break
        if word.tag in _PLURAL_NOUNS:
            return "how many"
    return None
