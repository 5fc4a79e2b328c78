"""A set of cards measured against the rules of good flashcards, the table
(`cards.generate.RULES`) that generation consults as it makes them: a one-line
summary for the end of every build, and for ``cards check`` each rule's share, the
cards that break most, and how much of what the notes stress made it onto a card.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..cloze import CLOSING, OPENING
from ..extract import Claim, ParsedClaim, words_of
from ..generate import (
    CARDS_PER_SENTENCE,
    HTML_TAG,
    MAX_ANSWER_WORDS,
    NEAR_DUPLICATE,
    NOT_A_CLAIM,
    RULES,
    Card,
    Dropped,
    Rule,
    answer_key,
    card_failures,
    field_text,
    is_hand,
    near_duplicate_pairs,
    prompt_key,
    weigh_lemmas,
    word_count,
)
from ..package import PackagedNote
from ..read import Note, Outline

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "Coverage",
    "QualityReport",
    "RuleResult",
    "card_failures",
    "check_cards",
    "check_package",
    "coverage",
    "summary_line",
]


def _ambiguous(cards: Sequence[Card]) -> set[int]:
    answers: dict[tuple[str, str], set[str]] = defaultdict(set)
    keys = []
    for card in cards:
        key = prompt_key(card)
        answers[key].add(answer_key(card))
        keys.append(key)
    return {i for i, key in enumerate(keys) if len(answers[key]) > 1}


def _crowded_sentences(cards: Sequence[Card]) -> set[int]:
    sources = Counter(
        (c.claim.note.name, c.claim.block, c.claim.sentence) for c in cards
    )
    return {
        i
        for i, c in enumerate(cards)
        if sources[(c.claim.note.name, c.claim.block, c.claim.sentence)]
        > CARDS_PER_SENTENCE
    }


def _near_duplicates(pairs: Sequence[tuple[int, int]] | None) -> set[int]:
    return {index for pair in pairs or () for index in pair}


@dataclass(frozen=True, slots=True)
class RuleResult:
    rule: Rule
    passed: int
    total: int

    @property
    def share(self) -> float:
        return self.passed / self.total if self.total else 1.0

    @property
    def ok(self) -> bool:
        return self.share >= self.rule.target


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of what the notes stress made it onto a card."""

    bold_phrases: int = 0
    bold_carded: int = 0
    bullet_items: int = 0
    bullets_carded: int = 0
    source_words: int = 0

    @property
    def bold_share(self) -> float:
        return self.bold_carded / self.bold_phrases if self.bold_phrases else 1.0

    @property
    def bullet_share(self) -> float:
        return self.bullets_carded / self.bullet_items if self.bullet_items else 1.0


@dataclass(frozen=True, slots=True)
class QualityReport:
    """Every rule's result over a set of cards, and the cards that broke rules."""

    results: tuple[RuleResult, ...]
    failures: dict[int, tuple[str, ...]] = field(default_factory=dict)
    """For each card (by index) that breaks a rule, the rules it breaks."""
    cards: tuple[Card, ...] = ()
    """The cards judged: the generator's, not those written by hand."""
    coverage: Coverage | None = None
    hand_cards: int = 0
    """Cards written by hand in the notes: made as written, counted apart."""

    @property
    def ok(self) -> bool:
        return all(result.ok for result in self.results)

    @property
    def flawless(self) -> int:
        return len(self.cards) - len(self.failures)

    @property
    def cards_per_100_words(self) -> float:
        words = self.coverage.source_words if self.coverage else 0
        return 100 * len(self.cards) / words if words else 0.0

    def worst(self, count: int = 5) -> list[tuple[Card, tuple[str, ...]]]:
        ranked = sorted(
            self.failures.items(), key=lambda item: (-len(item[1]), item[0])
        )
        return [(self.cards[index], rules) for index, rules in ranked[:count]]


def summary_line(report: QualityReport, dropped: int) -> str:
    """One line on the cards' quality, for the end of every build."""
    low = [result.rule.name for result in report.results if not result.ok]
    verdict = "every rule met" if not low else "below target: " + ", ".join(low)
    return (
        f"Quality: {report.flawless}/{len(report.cards)} cards pass every rule "
        f"({verdict}); {dropped} claims dropped, see 'cards check --dropped'"
    )


def check_cards(
    cards: Sequence[Card],
    outlines: Sequence[Outline] = (),
    dropped: Sequence[Dropped] = (),
    *,
    near_duplicates: Sequence[tuple[int, int]] | None = None,
    broken: Sequence[tuple[str, ...]],
) -> QualityReport:
    """Measure every rule on `cards`; with their notes' `outlines`, measure
    coverage too.

    `near_duplicates` are the index pairs of `cards` that generation found to be
    near-duplicates (see `cards.generate.Generation.similar`; None counts none),
    and `broken` each card's `card_failures`. Both are worked out where the
    cards' claims were parsed: a card keeps only its claim, not its words. Cards
    written by hand are counted (`QualityReport.hand_cards`), not judged.

    Raises:
        ValueError: `broken` does not give one entry per card.
    """
    if len(broken) != len(cards):
        raise ValueError(f"{len(broken)} sets of broken rules for {len(cards)} cards")
    judged = [index for index, card in enumerate(cards) if not is_hand(card)]
    hand_cards = len(cards) - len(judged)
    if hand_cards:
        position = {index: new for new, index in enumerate(judged)}
        cards = [cards[index] for index in judged]
        broken = [broken[index] for index in judged]
        if near_duplicates is not None:
            near_duplicates = [
                (position[first], position[second])
                for first, second in near_duplicates
                if first in position and second in position
            ]
    group_failures = {
        "unambiguous": _ambiguous(cards),
        "one fact per sentence": _crowded_sentences(cards),
        "no near-duplicates": _near_duplicates(near_duplicates),
    }
    failures: dict[int, list[str]] = defaultdict(list)
    results = []
    for rule in RULES:
        if rule.check is None:
            failed = group_failures[rule.name]
        else:
            failed = {i for i, names in enumerate(broken) if rule.name in names}
        for index in failed:
            failures[index].append(rule.name)
        results.append(RuleResult(rule, len(cards) - len(failed), len(cards)))
    return QualityReport(
        results=tuple(results),
        failures={index: tuple(rules) for index, rules in sorted(failures.items())},
        cards=tuple(cards),
        coverage=coverage(cards, outlines, dropped) if outlines else None,
        hand_cards=hand_cards,
    )


_EDGE_NOISE = re.compile(r"^(?:the|a|an)\s+|[^\w\s]", re.IGNORECASE)


def _phrase_key(phrase: str) -> str:
    """A phrase compared without case, punctuation or a leading article."""
    return " ".join(_EDGE_NOISE.sub("", phrase.strip()).lower().split())


def coverage(
    cards: Sequence[Card], outlines: Sequence[Outline], dropped: Sequence[Dropped] = ()
) -> Coverage:
    """Share of bold phrases asked about and of list items that gave a card.

    A bold phrase counts when a card asks for it (it is the deletion, or the term of
    a question); one too long to be an answer (a highlighted sentence) counts when
    its block gave a card. A list item counts when a card comes from it, or from a
    note that says the same (a merged near-duplicate). Blocks that are not claims
    (links, placeholders, fragments, index pages) are left out of both counts:
    they are meant to give no card.
    """
    asked = set()
    carded = set()
    for card in cards:
        claim = card.claim
        carded.add((claim.note.name, claim.block))
        if claim.term is not None:
            term = claim.text[claim.term.start : claim.term.end]
            asked.add((claim.note.name, claim.block, _phrase_key(term)))
        asked.add((claim.note.name, claim.block, _phrase_key(card.answer_text)))
    not_claims = set()
    for drop in dropped:
        place = (drop.claim.note.name, drop.claim.block)
        if drop.rule == NEAR_DUPLICATE:
            carded.add(place)
        elif drop.rule == NOT_A_CLAIM:
            not_claims.add(place)
    bold = bold_carded = items = items_carded = words = 0
    for note in outlines:
        words += note.words
        for mark in note.marked:
            place = (note.name, mark.block)
            if place in not_claims and place not in carded:
                continue
            for text in mark.bold:
                bold += 1
                if word_count(text) > MAX_ANSWER_WORDS:
                    # A highlighted sentence marks the claim, not an answer:
                    # it counts when its block gave a card.
                    bold_carded += place in carded
                else:
                    bold_carded += (note.name, mark.block, _phrase_key(text)) in asked
            if mark.item:
                items += 1
                items_carded += place in carded
    return Coverage(bold, bold_carded, items, items_carded, words)


_FIELD_DELETION = re.compile(
    OPENING.pattern + r"(.*?)(?:::[^}]*)?" + re.escape(CLOSING), re.S
)
"""A deletion in a deck's field, with its card number and its answer. Not
`cards.cloze.DELETION`, whose hint holds no braces: here a hint runs to the
closing braces, so that in ``{{c1::a::b{x}}`` the answer is 'a'."""
_OPEN, _CLOSE = "\x01", "\x02"


def _plain_with_deletions(fragment: str) -> tuple[str, list[tuple[int, int]]]:
    """A field's text as the learner reads it, with where its deletions stand."""
    marked = _FIELD_DELETION.sub(lambda m: f"{_OPEN}{m.group(2)}{_CLOSE}", fragment)
    text = " ".join(html.unescape(HTML_TAG.sub(" ", marked)).split())
    text = text.replace(f"{_OPEN} ", _OPEN).replace(f" {_CLOSE}", _CLOSE)
    plain: list[str] = []
    hidden: list[tuple[int, int]] = []
    start = 0
    for char in text:
        if char == _OPEN:
            start = len(plain)
        elif char == _CLOSE:
            hidden.append((start, len(plain)))
        else:
            plain.append(char)
    return "".join(plain), hidden


def check_package(notes: Sequence[PackagedNote], nlp: Language) -> QualityReport:
    """Measure the cards of a deck's notes: their fields, read again by spaCy.

    Only the two note types cards makes can be checked; a deck knows nothing of the
    notes it came from, so coverage and source lines are not available.
    """
    made = _cards_from_package(notes, nlp)
    cards = [card for card, _ in made]
    weights = [weigh_lemmas(parsed) for _, parsed in made]
    return check_cards(
        cards,
        near_duplicates=near_duplicate_pairs(cards, weights),
        broken=[card_failures(card, parsed) for card, parsed in made],
    )


def _cards_from_package(
    notes: Sequence[PackagedNote], nlp: Language
) -> list[tuple[Card, ParsedClaim]]:
    """Rebuild checkable cards from a deck's notes, each with its claim parsed."""
    ours = [note for note in notes if note.kind in {"cloze", "qa"}]
    texts = []
    for packaged in ours:
        if packaged.kind == "cloze":
            texts.append(_plain_with_deletions(packaged.fields[0]))
        else:
            texts.append(_plain_with_deletions(packaged.fields[1]))
    made = []
    docs = nlp.pipe((text for text, _ in texts), batch_size=256)
    for index, (packaged, (text, hidden), doc) in enumerate(
        zip(ours, texts, docs, strict=True)
    ):
        name = next(
            (tag[len("note::") :] for tag in packaged.tags if tag.startswith("note::")),
            packaged.guid,
        )
        context = packaged.fields[1 if packaged.kind == "cloze" else 2]
        note = Note(
            path=Path(f"{name}.md"),
            name=name,
            title=field_text(context).split("›")[0].strip(),
            tags=(),
            aliases=(),
            source=None,
            video_id=None,
            url=None,
            links=(),
        )
        claim = Claim(note=note, block=index, sentence=0, kind="sentence", text=text)
        cloze = packaged.kind == "cloze"
        fields = packaged.fields
        card = Card(
            kind="cloze" if cloze else "qa",
            prompt=fields[0],
            answer="" if cloze else fields[1],
            answer_text=text[hidden[0][0] : hidden[0][1]] if cloze and hidden else text,
            context=context,
            source=fields[2 if cloze else 3],
            extra=fields[3 if cloze else 4],
            tags=packaged.tags,
            claim=claim,
            hidden=tuple(hidden),
        )
        made.append((card, ParsedClaim(claim, tuple(words_of(doc[:], 0)))))
    return made
