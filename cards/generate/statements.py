"""Which claims state a fact at all: not a template placeholder, a table row, a task,
a list of links, a web address, an entry of a reference list, an outline's fragment
or an index page, and no quotation or bracket left open."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..extract import Claim, ParsedClaim
from .words import NUMBER_WORDS

__all__ = [
    "FRAGMENT_WORDS",
    "LINK_LIST_SHARE",
    "LIST_PAGE_SHARE",
    "MIN_CLAIM_WORDS",
    "MIN_DEFINITION_WORDS",
    "REFERENCE_ENTRY",
    "TABLE_ROW",
    "balanced_marks",
    "brackets_and_quotes_closed",
    "citing_blocks",
    "list_pages",
    "not_a_statement",
    "table_rows",
]


REFERENCE_ENTRY = "an entry of a reference list"
TABLE_ROW = "a row of a table: three or more lines alike but for names and figures"
MIN_CLAIM_WORDS = 4
MIN_DEFINITION_WORDS = 3
LINK_LIST_SHARE = 0.6
"""A block whose text is mostly link labels is a list of links (an index page, a
table of contents), not a statement."""
_NOT_A_STATEMENT = re.compile(r"\[[ xX]?\]\s|(?:ex|e\.g|example)\s*[:).]", re.I)
"""A task ('[ ] read chapter 3') or a worked example ('Ex) 001 rounds to even')."""
_CUT_OFF = re.compile(r"(?<!\betc)(?:…|\.\.\.)\s*$", re.I)
"""A line that trails off ('… was due to…'): not 'apples, pears, etc...'."""
_RUN_ON = re.compile(r"(?:and|or|but|then)\b", re.I)
"""An item opening with one of these goes on with the item before it."""
_WEB_ADDRESS = re.compile(r"\bhttps?://|\bwww\.\w|\b[\w.+-]+@[\w-]+\.\w", re.I)
"""A URL or an email address shown as text: a string to look up, not to learn, and
the blank a card would make of the sentence around it is the address or a setting."""
_REFERENCE_HEADINGS = re.compile(
    r"(?:references?|bibliography|works cited|citations?|sources?|further reading|"
    r"reading list|literature|footnotes)\W*",
    re.I,
)
"""Headings of the lists of works a note cites: titles, authors and sample sizes,
nothing the note teaches."""
_POINTER_HEADINGS = re.compile(
    r"(?:see also|learn more|backlinks|"
    r"(?:other )?related(?: (?:topics|notes|links|concepts|reading|ideas))?|"
    r"(?:other )?relevant (?:topics|notes|links|concepts|reading|ideas)|"
    r"further (?:exploration|reading(?: and exploration)?)|"
    r"(?:additional |further |more )?resources|(?:external |useful )?links)\W*",
    re.I,
)
"""Headings of a note's pointers to other notes ('Related Topics', 'Further
Exploration', 'Learn More'): 'For more on black holes' role in [cosmology], see
…' is a link's text, which both raters deleted wherever round 27 drew one."""
_CITATION = re.compile(
    r"\((?:19|20)\d\d[a-z]?\)\.|\bet al\.?,? \(?(?:19|20)\d\d|"
    r"^[A-Z][\w'’-]+, (?:[A-Z]\. ?){1,3}(?:,|&|and\b)"
)
"""An entry citing a work: 'Surname, A. B., & Other, C. (2020).'"""
_PLACEHOLDERS = re.compile(r"\{\{|<%|\bTODO\b|\bTBD\b|\bFIXME\b|\blorem ipsum\b", re.I)
LIST_PAGE_SHARE = 0.6
"""A note in which this share of list items are links or short verbless fragments
is an index, a table of contents or an outline: none of it is a claim."""
FRAGMENT_WORDS = 8


def _is_fragment(parsed: ParsedClaim) -> bool:
    """A line too short, or short and without a verb or a full stop, to state a fact.

    'Lecture 6: Logistic regression' and 'Inhibitors:' are outline lines. The full
    stop matters because the small English model sometimes tags a verb as a noun
    ('the cortex stores memories.'); outlines and tables of contents have none.
    """
    claim = parsed.claim
    words = [w for w in parsed.words if w.pos not in {"PUNCT", "SYM", "SPACE"}]
    if len(words) < MIN_CLAIM_WORDS:
        return True
    has_verb = any(word.pos in {"VERB", "AUX"} for word in words)
    ends_sentence = claim.text.rstrip("\"'”’)").endswith((".", "!", "?"))
    return not has_verb and not ends_sentence and len(words) <= FRAGMENT_WORDS


def citing_blocks(claims: Sequence[ParsedClaim]) -> set[tuple[str, int]]:
    """The blocks (note name, block index) that cite a work: every sentence of one
    is part of the reference, the title after 'Surname, A. (2011).' too."""
    return {
        (parsed.claim.note.name, parsed.claim.block)
        for parsed in claims
        if _CITATION.search(parsed.claim.text[parsed.claim.own_start :])
    }


_FIGURE = re.compile(
    rf"[+\-\u2212]?\d[\d.,]*%?|\b(?:plus|minus|{'|'.join(NUMBER_WORDS[:11])})\b", re.I
)
_NAME = re.compile(
    r"(?:\b[A-Z][\w.'’-]*\s*(?:(?:de|du|da|van|von|der|al|bin|ul|la|le)\s+(?=[A-Z]))?)+"
)
"""Capitalised words, particles between them ('AB de Villiers', 'Faf du Plessis')."""
_LABEL = re.compile(r"^[^:]{1,40}:\s+")
TABLE_ROWS = 3
"""Lines of one note alike but for their names and figures ('Bairstow's true
average was 7 and true strike rate was 20', 'Shaw's true average was minus 8 and
…'), at least this many, each with two figures or more: a table written out as
sentences. Blanked, a row asks for a name from two figures or a figure of one
row (rounds 26 to 30: 16 such cards, all deleted by both raters; this drops 15,
the 16th having one figure). Each row names its key ('Bairstow'): 'Test
Cricket: 9 wickets in 40 matches', under the player's heading, was kept (round
28). A timeline's rows ('In 1940, Germany invaded France') have one figure each,
and stay."""


def _skeleton(claim: Claim) -> tuple[str, int]:
    """A claim's own text with its label gone, its figures masked '#' and its
    capitalised names 'N'; and how many figures it held."""
    text = _LABEL.sub("", claim.text[claim.own_start :])
    masked, figures = _FIGURE.subn("#", text)
    masked = re.sub(r"#(?:\s+#)+", "#", _NAME.sub("N ", masked))  # 'minus 8'
    return " ".join(masked.split()), figures


MAX_PAIRING_WORDS = 3
"""Lines of one note alike but for the two people each names, in at most this
many words of their own ('Chris Gayle defeated Hardik Pandya', 'Tilak Varma
defeated Nitish Rana'), are a bracket's results written as sentences: asked
'Who defeated Nitish Rana?', the answer is one pairing of dozens (rounds 31 and
32: 16 such questions, all deleted by both raters). A pairing that says which match
('… was eliminated in the semi-finals by …') has words of its own, and stays."""


def table_rows(claims: Sequence[ParsedClaim]) -> set[tuple[str, int, int]]:
    """The claims that are rows of a table written as sentences (`TABLE_ROWS`),
    or of a bracket's results (`MAX_PAIRING_WORDS`), each named by its note,
    block and sentence."""
    rows: dict[tuple[str, str], list[Claim]] = {}
    pairings: dict[tuple[str, str], list[tuple[Claim, bool]]] = {}
    for parsed in claims:
        claim = parsed.claim
        skeleton, figures = _skeleton(claim)
        parts = skeleton.split()
        words = [w for w in parts if w not in {"#", "N"}]
        key = (claim.note.name, skeleton)
        if figures >= 2 and len(words) >= 3 and "N" in parts:
            rows.setdefault(key, []).append(claim)
        elif not figures and parts.count("N") >= 2 and len(words) <= MAX_PAIRING_WORDS:
            pairings.setdefault(key, []).append((claim, _people(parsed) >= 2))
    for key, alike in pairings.items():
        # The small model misses some names: most rows naming two people will do.
        if sum(people for _, people in alike) * 2 >= len(alike):
            rows[key] = [claim for claim, _ in alike]
    return {
        (claim.note.name, claim.block, claim.sentence)
        for alike in rows.values()
        if len(alike) >= TABLE_ROWS
        for claim in alike
    }


def _people(parsed: ParsedClaim) -> int:
    """How many people a claim names (its PERSON entities)."""
    return sum(1 for w in parsed.words if w.entity == "PERSON" and not w.entity_inside)


def list_pages(claims: Sequence[ParsedClaim]) -> set[str]:
    """The notes whose list items are mostly links or fragments."""
    items: dict[str, list[bool]] = {}
    for parsed in claims:
        claim = parsed.claim
        if claim.kind == "item" and claim.sentence == 0:
            weak = _is_fragment(parsed) or _link_share(claim) >= LINK_LIST_SHARE
            items.setdefault(claim.note.name, []).append(weak)
    return {
        note
        for note, flags in items.items()
        if len(flags) >= 4 and sum(flags) >= LIST_PAGE_SHARE * len(flags)
    }


def _link_share(claim: Claim) -> float:
    own = claim.text[claim.own_start :]
    linked = sum(
        span.end - span.start
        for span in claim.spans
        if span.kind == "link" and span.start >= claim.own_start
    )
    return linked / max(len(own), 1)


MAX_FOREIGN_SHARE = 0.1
"""A claim whose letters are more than this share outside plain ASCII is in
another language ('Наконец, бывает музыка…', 'Tā hěn cōngmíng', '我学韩语了 - le
indicates …'): the English pipeline blanks fragments of it (round 9: rated vague
or garbled). A name in an English sentence ('Søberg', 'Çanakkale') is far below."""


def _foreign_share(text: str) -> float:
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for char in letters if not char.isascii()) / len(letters)


MNEMONIC_LETTERS = 3
"""Bold first letters on this many words make a line a mnemonic ('**C**ourtney
**L**ove **G**ets **S**yphilis **B**iweekly'): its words are a memory aid, not a
fact, and asked 'Who does Courtney Love get?' they make nonsense."""


def _mnemonic(claim: Claim) -> bool:
    text = claim.text
    initials = sum(
        1
        for span in claim.spans
        if span.kind == "strong"
        and span.end - span.start == 1
        and text[span.start].isalpha()
        and text[span.end : span.end + 1].isalpha()
    )
    return initials >= MNEMONIC_LETTERS


def not_a_statement(parsed: ParsedClaim) -> str | None:
    """Why a claim is not a statement worth a card, or None if it is one."""
    claim = parsed.claim
    own = claim.text[claim.own_start :]
    if _PLACEHOLDERS.search(own):
        return "template placeholder"
    if "|" in "".join(_outside_code(claim)):
        return "a table row"
    if own.rstrip("\"'”’) ").endswith("?") and claim.kind != "list":
        return "a question, not a fact"
    if (
        own.rstrip().endswith((":", "\uff1a"))
        and not claim.bold
        and claim.kind != "list"
    ):
        # 'Lynch sorted company stories into [six] major types:': the fact ends in
        # the list below, which the card does not show. A phrase the author
        # bolds is the fact, list or not.
        return "the lead-in of a list"
    if _CUT_OFF.search(own) and claim.kind != "list":
        # 'From the Meiji period till the 1930s, Japan had used propaganda to
        # encourage…': the author stopped mid-sentence (rated garbled, round 19).
        return "cut off mid-sentence"
    if _NOT_A_STATEMENT.match(own):
        return "a task or an example"
    if any(_REFERENCE_HEADINGS.fullmatch(head.strip()) for head in claim.section):
        return REFERENCE_ENTRY
    if any(_POINTER_HEADINGS.fullmatch(head.strip()) for head in claim.section):
        return "a pointer to other notes"
    if _WEB_ADDRESS.search("".join(_outside_code(claim))):
        return "a web or email address"
    if _link_share(claim) >= LINK_LIST_SHARE:
        return "a list of links"
    if _foreign_share(claim.text) > MAX_FOREIGN_SHARE:
        return "not English"
    if _mnemonic(claim):
        return "a mnemonic"
    if claim.kind == "list":
        return _list_flaw(claim)
    words = [word for word in parsed.words if word.pos not in {"PUNCT", "SYM", "SPACE"}]
    if claim.term is not None:
        definition = [w for w in words if w.start >= claim.definition_start]
        if len(definition) < MIN_DEFINITION_WORDS:
            return "a term without an explanation"
        return None
    own_words = [word for word in words if word.start >= claim.own_start]
    if not own_words or _is_fragment(parsed):
        return "a fragment, not a sentence"
    return None


def _list_flaw(claim: Claim) -> str | None:
    """Why a label's list states no fact: an item is a task, an example, a link or
    the lead-in of a list of its own ('Standard security:'), or its items are one
    sentence ('the first half of the night,' / 'and REM periods get longer')."""
    items = claim.text[claim.definition_start :].split("\n")
    if any(_NOT_A_STATEMENT.match(item) for item in items):
        return "a task or an example"
    if any(item.rstrip().endswith("?") for item in items):
        return "a list of questions"
    if any("://" in item or item.startswith("www.") for item in items):
        return "a list of links"
    if any(item.rstrip().endswith((":", "\uff1a")) for item in items):
        return "a list of lead-ins to lists"
    if any(item.rstrip().endswith((",", ";")) for item in items) or any(
        _RUN_ON.match(item) for item in items
    ):
        return "a sentence run over its items"
    return None


def brackets_and_quotes_closed(text: str) -> bool:
    """Whether every parenthesis, square bracket and double quotation mark opened
    in a text is closed in it."""
    return (
        text.count("(") == text.count(")")
        and text.count("[") == text.count("]")
        and text.count('"') % 2 == 0
        and text.count("“") == text.count("”")
    )


def balanced_marks(text: str) -> bool:
    """Whether every quotation and bracket, braces too, opened in a text is closed
    in it."""
    return brackets_and_quotes_closed(text) and text.count("{") == text.count("}")


def _outside_code(claim: Claim) -> Iterator[str]:
    """The claim's text outside code and math spans, in pieces."""
    at = claim.own_start
    for span in sorted(claim.spans, key=lambda span: span.start):
        if span.kind in {"code", "math"} and span.end > at:
            yield claim.text[at : max(at, span.start)]
            at = span.end
    yield claim.text[at:]
