"""What the context line above a prompt (the note's title, its heading, the
lead-in) already says of an answer: a blank it fills in is no card
(`cards.generate.answers`)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from itertools import islice

from ..extract import Claim, Word
from .surroundings import worked_out
from .words import CONTENT_POS, WORD, is_content, zipf

__all__ = [
    "context_gives_its_key",
    "figure_given",
    "given_by_context",
    "share_given",
    "shares_context_word",
    "spelled_in_sentence",
]


_ACRONYM_PLURAL = re.compile(r"[A-Z][A-Z0-9]+s")
_SUFFIXES = ("ings", "ing", "ers", "er", "ions", "ion", "ed", "es", "s")


def _plain_stem(word: str) -> str:
    """A word without its commonest English ending: 'cutter' and 'cutting' meet,
    and an acronym's plural its singular ('PMs' and 'PM')."""
    if _ACRONYM_PLURAL.fullmatch(word):
        return word[:-1].lower()
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
        if w.pos in CONTENT_POS and not w.stop and WORD.search(w.text)
    ] or [
        # 'nine' is a stop word to spaCy; alone, it is a number the context gives.
        w.text
        for w in words
        if w.pos == "NUM" and WORD.search(w.text)
    ]
    if not content:
        return False
    parts = _context_parts(claim)
    shown, spelled = _context_stems(*parts), _context_acronyms(*parts)
    compounds = _context_compounds(*parts)
    joined = _joined_in_context(claim.text[words[0].start : words[-1].end], parts)
    # 'In [RL], ...' and 'the design of [BMIs]' under 'Reinforcement Learning'
    # and 'Brain machine interfaces'.
    return all(
        word.lower() in joined
        or (
            (word.lower() in compounds)
            if not word.isalnum()
            else (_plain_stem(word) in shown or _acronym(word) in spelled)
        )
        for word in content
    )


_HYPHENED = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)+")


def _joined_in_context(answer: str, parts: tuple[str | None, ...]) -> set[str]:
    """The pieces of the answer's hyphened words that the context line shows
    written as one word, as titles stripped of their punctuation write them:
    'St' and 'Pierre' of '[Georges St-Pierre]' under 'Georges StPierres
    philosophy'. Only words of letters: '1.5' is never given by a '15'."""
    plain = _context_words(*parts)
    return {
        piece.lower()
        for found in _HYPHENED.finditer(answer)
        if {(one := found.group().replace("-", "").lower()), one + "s"} & plain
        for piece in found.group().split("-")
    }


@functools.lru_cache(maxsize=4096)
def _context_words(*parts: str | None) -> frozenset[str]:
    return frozenset(
        word.lower() for part in parts if part for word in WORD.findall(part)
    )


_COMPOUND = re.compile(r"\w+(?:[-.+/]\w+)+\+?")


@functools.lru_cache(maxsize=4096)
def _context_compounds(*parts: str | None) -> frozenset[str]:
    """The words of the context line joined by a hyphen, point or slash, whole:
    '[CJC-1295]' under 'CJC-1295 with Ipamorelin', '[1.1]' under 'Pegasus 1.1
    …'. Such a word is shown only as a whole, never by its parts ('1.5' is not
    given by 'Step 1' and '5 tips')."""
    return frozenset(
        found.lower() for part in parts if part for found in _COMPOUND.findall(part)
    )


def _acronym(word: str) -> str:
    """An acronym without its plural 's' ('BMIs' → 'BMI'); '' for other words."""
    bare = word[:-1] if word.endswith("s") else word
    return bare if len(bare) >= 2 and bare.isupper() and bare.isalpha() else ""


@functools.lru_cache(maxsize=4096)
def _context_acronyms(*parts: str | None) -> frozenset[str]:
    """The initials of each run of two to five words of the context line, a word
    written in camel case ('ShortTerm') read as the words it joins."""
    found: set[str] = set()
    for part in parts:
        words = WORD.findall(part or "")
        # 'ShortTerm' in a title stripped of its hyphens spells S and T.
        split = [piece for word in words for piece in _CAMEL.findall(word) or [word]]
        for initials in {"".join(w[0].upper() for w in ws) for ws in (words, split)}:
            for size in range(2, 6):
                found.update(
                    initials[at : at + size] for at in range(len(initials) - size + 1)
                )
    return frozenset(found)


_CAMEL = re.compile(r"[A-Z][a-z]+|[a-z]+|[A-Z]+(?![a-z])|\d+")


def shares_context_word(claim: Claim, words: Sequence[Word]) -> bool:
    """Whether any content word of an answer, or its first six letters, shows in
    the context line ('[progressivism]' under 'Progressive politics')."""
    return any(map(_in_context(claim), _plain_content(words)))


def context_gives_its_key(claim: Claim, words: Sequence[Word], common: float) -> bool:
    """Whether the context line shows the answer's key word and the rest of it is
    common words: '[tinnitus symptoms]' under 'Treatments and insights on
    tinnitus', '[dopamine pathways]' under 'Strategies to maintain dopamine
    levels'. In rounds 24 and 25, 9 such blanks were kept by 11% of grades and
    deleted by 83%; tested on round 26's fresh grades before it was made, the 9
    cards it drops were kept by 11%, the other 147 by 50%. A number is never
    given so ('[at least 39 years]'), unless it is part of a name the context line
    shows whole ('[GLP-1 levels]' under 'Raising GLP-1 naturally'). A person's
    name is given by its surname alone (`_surname_shown`)."""
    content = _plain_content(words)
    shown = _in_context(claim)
    if not content or any(
        c.isdigit() for w in words if w.text.isalnum() or not shown(w) for c in w.text
    ):
        return False
    if len(content) >= 2 and all(w.entity == "PERSON" for w in content):
        return _surname_shown(claim, content)
    rest = [word for word in content if not shown(word)]
    return len(rest) < len(content) and all(zipf(w.text) >= common for w in rest)


_NAME_ZIPF = 5.0
"""A capitalised word rarer than this before a surname is a first name: 'Anil'
in 'Anil Ambani's debts'; 'Of' in a Title Case heading is none."""


def _surname_shown(claim: Claim, content: Sequence[Word]) -> bool:
    """Whether the context line shows the surname of a person's name (the
    answer's `content`) with no other first name before it: '[Narendra Modi]'
    under 'Criticisms of Modi's claims' asks for a first name, '[Bertram R.
    Forer]' under 'Barnum Effect (Forer Effect)' for initials. '[Mukesh Ambani]'
    under 'Anil Ambani's debts' asks which Ambani, and stays, whatever its first
    name."""
    surname = _plain_stem(content[-1].text)
    given = {w.text.lower() for w in content[:-1]}
    for part in _context_parts(claim):
        words = WORD.findall(part or "")
        for at, word in enumerate(words):
            if not word[:1].isupper() or _plain_stem(word) != surname:
                continue
            before = words[at - 1] if at else ""
            sibling = (
                before[:1].isupper()
                and before.lower() not in given
                and zipf(before) < _NAME_ZIPF
            )
            if not sibling:
                return True
    return False


def _plain_content(words: Sequence[Word]) -> list[Word]:
    """The content words of an answer, a compound ('GLP-1', 'Node.js') among them."""
    return [
        w
        for w in words
        if is_content(w) and (w.text.isalnum() or _COMPOUND.fullmatch(w.text))
    ]


def _context_parts(claim: Claim) -> tuple[str | None, ...]:
    """What the context line above a claim's prompt is made of."""
    return (claim.note.title, *claim.section[-1:], claim.context)


@functools.lru_cache(maxsize=4096)
def _context_prefixes(*parts: str | None) -> frozenset[str]:
    return frozenset(stem[:6] for stem in _context_stems(*parts) if len(stem) >= 6)


def _in_context(claim: Claim) -> Callable[[Word], bool]:
    """Whether a word, or its first six letters, shows in a claim's context line."""
    parts = _context_parts(claim)
    shown, prefixes = _context_stems(*parts), _context_prefixes(*parts)
    compounds, spelled = _context_compounds(*parts), _context_acronyms(*parts)

    def in_context(word: Word) -> bool:
        if not word.text.isalnum():
            return word.text.lower() in compounds
        short = _acronym(word.text)
        if len(short) >= 3 and short in spelled:
            # '[GHS use]' under 'Growth hormone secretagogues'; two initials
            # are spelled by chance ('Analysis in' spells AI).
            return True
        stem = _plain_stem(word.text)
        return stem in shown or (len(stem) >= 6 and stem[:6] in prefixes)

    return in_context


_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s?%")
_RATIO = re.compile(r"\b(\d+(?:\.\d+)?)\s?[/:]\s?(\d+(?:\.\d+)?)\b")


def share_given(claim: Claim, start: int, end: int) -> bool:
    """Whether the rest of a card gives a percentage away: its complement ('70%
    in equity, the remaining [30%] in debt') or a split that names it ('80/20
    Rule: … the remaining [20%]'), in the sentence or the context line. Raters of
    rounds 53 and 54 deleted both as derivable; see round 55's footnote in the
    README for the pairs this was rated on."""
    found = _PERCENT.findall(claim.text[start:end])
    if len(found) != 1:
        return False
    share = float(found[0])
    rest = " ".join(
        part or ""
        for part in (claim.text[:start], claim.text[end:], *_context_parts(claim))
    )
    if any(abs(share + float(other) - 100) < 0.01 for other in _PERCENT.findall(rest)):
        return True
    return any(
        abs(float(a) + float(b) - 100) < 0.01 and share in {float(a), float(b)}
        for a, b in _RATIO.findall(rest)
    )


def figure_given(claim: Claim, start: int, end: int) -> bool:
    """Whether the rest of the card gives the figure ``claim.text[start:end]``
    away: a share's complement (`share_given`) or a sum the sentence's other
    figures work out (`cards.generate.surroundings.worked_out`)."""
    return share_given(claim, start, end) or worked_out(claim.text, start, end)


_CAPITALS = re.compile(r"\b[A-Z][A-Z0-9]{1,7}s?\b")


def spelled_in_sentence(text: str, start: int, end: int) -> bool:
    """Whether the rest of the sentence spells the answer ``text[start:end]`` by
    its initials or its short form: an acronym the words around it spell out
    ('Natural Language Processing: … other [NLP] applications'), words whose
    initials the sentence abbreviates ('[Methicillin-Resistant Staphylococcus]
    aureus (MRSA)'), or a word that opens with a short form shown ('GABA
    Receptors: [GABAergic] systems'). Raters deleted or edited all 6 such cards
    of rounds 26 to 32 (3 found on round 32, 3 in earlier grades)."""
    answer, rest = text[start:end], f"{text[:start]} \u2026 {text[end:]}"
    short = _acronym(answer.strip())
    if short and any(
        short in _initials(part, len(short)) for part in (text[:start], text[end:])
    ):
        return True
    shown = {_acronym(form) or form for form in _CAPITALS.findall(rest)}
    initials = "".join(part[0].upper() for part in re.findall(r"[A-Za-z]+", answer))
    rest_of_name = re.sub(r"^['\u2019]s\b", "", text[end:])  # "[Uttar Pradesh]'s PCB"
    after = "".join(part[0].upper() for part in re.findall(r"[A-Za-z]+", rest_of_name))
    if len(initials) >= 2 and any(
        len(form) > 2 and (initials + after).startswith(form) for form in shown
    ):
        return True
    return any(
        word.startswith(form) and len(word) > len(form)
        for word in WORD.findall(answer)
        for form in shown
        if len(form) >= 3
    )


_SMALL_WORDS = frozenset({"of", "on", "and", "the", "for", "to", "in", "a", "an"})
"""Words an acronym may take a letter of or not ('Return on Capital', ROC;
'Bank of England', BE or BOE)."""


def _initials(text: str, size: int) -> set[str]:
    """The initials of each run of `size` capitalised words of a text, a small
    word between two of them counted or not ('Return on Capital' spells ROC):
    lower-case words spell acronyms by chance ('Gold: Subject to' spells GST).
    A run stops once it is longer than `size`: a line of thousands of capitalised
    words is read in time proportional to its length."""
    words = WORD.findall(text)
    found: set[str] = set()
    for start, first in enumerate(words):
        if not first[:1].isupper():
            continue
        with_small: str | None = first[0]  # None once longer than `size`
        without = first[0]
        for word in islice(words, start + 1, None):
            if len(without) >= size:
                break
            small = word.lower() in _SMALL_WORDS and not word[:1].isupper()
            if not small and not word[:1].isupper():
                break
            letter = word[0].upper() if small else word[0]
            if with_small is not None:
                with_small = with_small + letter if len(with_small) < size else None
            if small:
                continue
            without += word[0]
            found.update(
                run for run in (with_small, without) if run and len(run) == size
            )
    return found
