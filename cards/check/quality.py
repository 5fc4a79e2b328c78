"""Quality stage: every card measured against the rules of good flashcards.

The rules come from Wozniak's "Twenty rules of formulating knowledge" (minimum
information, cloze deletion, no sets, context cues, sources) and Matuschak's "How to
write good prompts" (focused, precise, tractable, effortful). Each is computed on what
the learner sees: the prompt with its deletion hidden, the answer, the context line.

`cards.cardgen` already avoids breaking them; this module measures the result, so the
build can print a one-line summary and ``cards check`` can show where a deck falls
short. Rules marked *must* hold for every card; the others for at least 97%.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..extract import CONNECTIVES, Candidate, Claim, Word
from ..extract import words_of as _words
from ..generate.cardgen import (
    COMMON_WORD_ZIPF,
    MAX_ANSWER_WORDS,
    NEAR_DUPLICATE,
    NOT_A_CLAIM,
    PREFERRED_ANSWER_WORDS,
    UNRESOLVED_PRONOUNS,
    Card,
    Dropped,
    _content_lemmas,
    _cuts_entity,
    _zipf,
    balanced_marks,
    dangling_reference,
    give_away_words,
    given_by_context,
    near_duplicate_pairs,
    visible_prompt,
    word_count,
)
from ..package import PackagedNote
from ..read import Note, Outline

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "RULES",
    "Coverage",
    "QualityReport",
    "Rule",
    "RuleResult",
    "card_failures",
    "cards_from_package",
    "check_cards",
    "coverage",
    "summary_line",
]

MUST = 1.0
SHOULD = 0.97

_RESIDUE = re.compile(
    r"\*\*|__|`|\[\[|\]\]|\]\(|!\[|<a\s|data-t=|&lt;/?[A-Za-z]|\[!\w+\]|"
    r"\[\^\d+\]|^\s*[-*+•]\s|\s\|\s|\[\d{1,2}:\d{2}(?::\d{2})?\]"
)
"""Markdown, wikilink, anchor, escaped-tag, footnote, table and bullet syntax."""
_PHRASE_EDGES = frozenset({"DET", "ADP", "CCONJ", "SCONJ", "PUNCT"})
_CODE = re.compile(r"<code>.*?</code>", re.S)
_CLOZE_NUMBER = re.compile(r"\{\{c(\d+)::")
_TAG = re.compile(r"<[^>]+>")
_QUESTION_WORDS = (
    "what",
    "who",
    "whom",
    "whose",
    "when",
    "where",
    "which",
    "why",
    "how",
)
_UNRESOLVED_OPENINGS = (
    UNRESOLVED_PRONOUNS
    | {phrase[0] for phrase in CONNECTIVES if len(phrase) == 1}
    | {"but", "and", "so"}
)
"""Openings that lean on a sentence the card does not show: the pronouns and
connectives generation resolves or drops, measured here on what it produced."""


def _prose(fragment: str) -> str:
    """What the learner reads of an HTML field, code left out."""
    return html.unescape(_TAG.sub(" ", _CODE.sub(" ", fragment)))


def _answer_words(card: Card) -> list[Word]:
    claim = card.claim
    if card.hidden:
        start, end = card.hidden[0]
    else:
        start, end = claim.definition_start, len(claim.text)
    return [w for w in claim.words if start <= w.start and w.end <= end]


def _renders(card: Card) -> bool:
    prompt = _prose(visible_prompt(card)).strip()
    if card.kind == "cloze":
        return bool(prompt) and "[...]" in prompt and bool(card.answer_text.strip())
    return bool(prompt) and bool(_prose(card.answer).strip())


def _one_deletion(card: Card) -> bool:
    """One fact: a single cloze number."""
    return card.kind == "qa" or len(set(_CLOZE_NUMBER.findall(card.prompt))) == 1


def _content_answer(card: Card) -> bool:
    words = _answer_words(card)
    return bool(_content_lemmas(words)) or any(w.pos == "NUM" for w in words)


def _no_give_away(card: Card) -> bool:
    if card.kind == "qa":
        question = _prose(card.prompt).lower()
        return card.answer_text.lower().strip(" .") not in question
    if not card.hidden:
        return True
    start, end = card.hidden[0]
    return not give_away_words(card.claim, Candidate(start, end, "phrase"))


def _no_residue(card: Card) -> bool:
    fields = (visible_prompt(card), card.answer, card.context, card.answer_text)
    return not any(_RESIDUE.search(_prose(field)) for field in fields)


def _short_answer(card: Card) -> bool:
    return card.kind == "qa" or word_count(card.answer_text) <= MAX_ANSWER_WORDS


def _concise_answer(card: Card) -> bool:
    return (
        card.kind == "qa" or 1 <= word_count(card.answer_text) <= PREFERRED_ANSWER_WORDS
    )


def _whole_phrase(card: Card) -> bool:
    if card.kind == "qa":
        return True
    words = [w for w in _answer_words(card) if w.pos != "SPACE"]
    if not words:
        return False
    opener = {")": "(", "]": "["}.get(words[-1].text)
    if opener is not None and opener in card.answer_text:
        words = words[:-1]  # '(2000)' closes the bracket it opened
    if not words:
        return False
    edges = (words[0], words[-1])
    if any(w.pos in _PHRASE_EDGES and not w.entity for w in edges):
        return False
    return not _cuts_entity(card.claim, words)


def _self_contained(card: Card) -> bool:
    first = _prose(visible_prompt(card)).strip().split(maxsplit=1)[:1]
    opening = first[0].strip(",.:;\"'“”").lower() if first else ""
    return opening not in _UNRESOLVED_OPENINGS and bool(card.context.strip())


def _no_enumeration(card: Card) -> bool:
    answer = card.answer_text if card.kind == "cloze" else ""
    return answer.count(",") < 2 and not (answer.count(",") == 1 and " and " in answer)


def _qa_form(card: Card) -> bool:
    if card.kind == "cloze":
        return True
    question = _prose(card.prompt).strip()
    first = question.split(maxsplit=1)[0].lower() if question else ""
    return question.endswith("?") and first in _QUESTION_WORDS


def _not_trivial(card: Card) -> bool:
    if card.kind == "qa":
        return True
    words = [w for w in _answer_words(card) if w.pos not in {"PUNCT", "SPACE"}]
    return not (
        len(words) == 1
        and words[0].pos not in {"PROPN", "NUM"}
        and _zipf(words[0].text) >= COMMON_WORD_ZIPF
    )


_DELETION_OPENING = re.compile(r"\{\{c\d+::")
_FUSED_LABEL = re.compile(r"^(?:\{\{c\d+::)?<b>[^<]{1,80}</b>(?:\}\})? [A-Z]")
_PUNCTUATION_RESIDUE = re.compile(r",\s*[.,;:]|\s[,.;:](?:\s|$)|\(\s*\)")


def _one_blank(card: Card) -> bool:
    """One visible blank: the answer is not hidden a second time elsewhere."""
    return card.kind == "qa" or len(_DELETION_OPENING.findall(card.prompt)) == 1


def _answer_not_in_context(card: Card) -> bool:
    """The context line above the prompt does not give the answer away."""
    return not given_by_context(card.claim, _answer_words(card))


def _no_dangling_reference(card: Card) -> bool:
    """No 'them', 'its', 'this X' that nothing on the card names."""
    return dangling_reference(card.claim) is None


def _no_fused_label(card: Card) -> bool:
    """A bold label is set off from its text, not read as the sentence's start."""
    return not _FUSED_LABEL.search(card.prompt)


def _no_punctuation_residue(card: Card) -> bool:
    """No ',.' or ' ,' left where something (a timestamp) was removed."""
    fields = (visible_prompt(card), card.answer, card.answer_text)
    return not any(
        _PUNCTUATION_RESIDUE.search(html.unescape(_TAG.sub("", field)))
        for field in fields
    )


def _quotes_closed(card: Card) -> bool:
    return balanced_marks(_prose(visible_prompt(card)))


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of good cards: its name, its target share, and what it checks."""

    name: str
    target: float
    description: str
    check: Callable[[Card], bool] | None = None
    """Checks one card; None for rules about pairs or groups of cards."""


RULES: tuple[Rule, ...] = (
    Rule("renders", MUST, "every card shows a prompt and an answer", _renders),
    Rule("one deletion", MUST, "a cloze hides exactly one span", _one_deletion),
    Rule(
        "content-word answer", MUST, "the answer holds a content word", _content_answer
    ),
    Rule(
        "no give-away", MUST, "no word of the answer shows in the prompt", _no_give_away
    ),
    Rule(
        "no markup residue", MUST, "no Markdown or HTML syntax is visible", _no_residue
    ),
    Rule("unambiguous", MUST, "no two cards ask the same with other answers"),
    Rule("one visible blank", MUST, "a cloze shows one blank", _one_blank),
    Rule(
        "answer not in context",
        MUST,
        "the context line does not show the answer",
        _answer_not_in_context,
    ),
    Rule(
        "no dangling reference",
        MUST,
        "every pronoun names something on the card",
        _no_dangling_reference,
    ),
    Rule("no fused label", MUST, "a bold label is set off", _no_fused_label),
    Rule(
        "no punctuation residue",
        MUST,
        "no ',.' or ' ,' left in the text",
        _no_punctuation_residue,
    ),
    Rule("closed quotes", MUST, "every quote opened is closed", _quotes_closed),
    Rule(
        "answer at most 8 words", SHOULD, "a cloze answer is never long", _short_answer
    ),
    Rule("answer 1-5 words", SHOULD, "a cloze answer is short", _concise_answer),
    Rule(
        "whole phrase", SHOULD, "the answer is a whole phrase or entity", _whole_phrase
    ),
    Rule(
        "self-contained", SHOULD, "no dangling 'It', 'This', 'However'", _self_contained
    ),
    Rule("no enumeration", SHOULD, "no list of three as one answer", _no_enumeration),
    Rule(
        "question form",
        SHOULD,
        "a question asks what/who/when..., ends in '?'",
        _qa_form,
    ),
    Rule("not trivial", SHOULD, "the answer is not an everyday word", _not_trivial),
    Rule("one fact per sentence", SHOULD, "at most 2 cards per source sentence"),
    Rule("no near-duplicates", SHOULD, "no two cards say the same thing"),
)


def _ambiguous(cards: Sequence[Card]) -> set[int]:
    answers: dict[tuple[str, str], set[str]] = defaultdict(set)
    keys = []
    for card in cards:
        key = (card.context, " ".join(visible_prompt(card).lower().split()))
        answers[key].add(" ".join(card.answer_text.lower().split()))
        keys.append(key)
    return {i for i, key in enumerate(keys) if len(answers[key]) > 1}


def _crowded_sentences(cards: Sequence[Card]) -> set[int]:
    sources = Counter(
        (c.claim.note.name, c.claim.block, c.claim.sentence) for c in cards
    )
    return {
        i
        for i, c in enumerate(cards)
        if sources[(c.claim.note.name, c.claim.block, c.claim.sentence)] > 2
    }


def _near_duplicates(
    cards: Sequence[Card], pairs: Sequence[tuple[int, int]] | None
) -> set[int]:
    found = near_duplicate_pairs(cards) if pairs is None else pairs
    return {index for pair in found for index in pair}


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
    coverage: Coverage | None = None

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


def card_failures(card: Card) -> tuple[str, ...]:
    """The rules about single cards that `card` breaks.

    They depend on the card alone (not its source or tags, which merging
    near-duplicates changes), so a note's can be worked out with its cards and kept.
    """
    return tuple(
        rule.name for rule in RULES if rule.check is not None and not rule.check(card)
    )


def check_cards(
    cards: Sequence[Card],
    outlines: Sequence[Outline] = (),
    dropped: Sequence[Dropped] = (),
    *,
    near_duplicates: Sequence[tuple[int, int]] | None = None,
    broken: Sequence[tuple[str, ...]] | None = None,
) -> QualityReport:
    """Measure every rule on `cards`; with their notes' `outlines`, measure
    coverage too.

    `near_duplicates` are the index pairs of `cards` that generation found alike
    (see `cards.cardgen.Generation.similar`), and `broken` each card's
    `card_failures`; what is not given is worked out here.
    """
    if broken is None:
        broken = [card_failures(card) for card in cards]
    group_failures = {
        "unambiguous": _ambiguous(cards),
        "one fact per sentence": _crowded_sentences(cards),
        "no near-duplicates": _near_duplicates(cards, near_duplicates),
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


_DELETION = re.compile(r"\{\{c\d+::(.*?)(?:::[^}]*)?\}\}", re.S)
_OPEN, _CLOSE = "\x01", "\x02"


def _plain_with_deletions(fragment: str) -> tuple[str, list[tuple[int, int]]]:
    """A field's text as the learner reads it, with where its deletions stand."""
    marked = _DELETION.sub(lambda m: f"{_OPEN}{m.group(1)}{_CLOSE}", fragment)
    text = " ".join(html.unescape(_TAG.sub(" ", marked)).split())
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


def cards_from_package(notes: Sequence[PackagedNote], nlp: Language) -> list[Card]:
    """Rebuild checkable cards from a deck's notes: its fields, read again by spaCy.

    Only the two note types cards makes can be checked; a deck knows nothing of the
    notes it came from, so coverage and source lines are not available.
    """
    ours = [note for note in notes if note.kind in {"cloze", "qa"}]
    texts = []
    for packaged in ours:
        if packaged.kind == "cloze":
            texts.append(_plain_with_deletions(packaged.fields[0]))
        else:
            texts.append(_plain_with_deletions(packaged.fields[1]))
    cards = []
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
            title=_prose(context).split("›")[0].strip(),
            tags=(),
            aliases=(),
            source=None,
            video_id=None,
            url=None,
            links=(),
            blocks=(),
        )
        claim = Claim(
            note=note,
            block=index,
            sentence=0,
            kind="sentence",
            text=text,
            words=tuple(_words(doc[:], 0)),
        )
        cloze = packaged.kind == "cloze"
        fields = packaged.fields
        cards.append(
            Card(
                kind="cloze" if cloze else "qa",
                prompt=fields[0],
                answer="" if cloze else fields[1],
                answer_text=text[hidden[0][0] : hidden[0][1]]
                if cloze and hidden
                else text,
                context=context,
                source=fields[2 if cloze else 3],
                extra=fields[3 if cloze else 4],
                tags=packaged.tags,
                claim=claim,
                hidden=tuple(hidden),
            )
        )
    return cards
