"""The rules a card must hold, in one table (`RULES`): generation consults it as it
makes cards, and ``cards check`` reports from it.

The rules come from Wozniak's "Twenty rules of formulating knowledge" (minimum
information, cloze deletion, no sets, context cues, sources) and Matuschak's "How to
write good prompts" (focused, precise, tractable, effortful). Rules marked *must*
hold for every card; the others for at least 97%.

A rule is judged at one moment or more, each on what is at hand then:

- on a finished card (`Rule.check`), on what the learner sees: the prompt with its
  deletion hidden, the answer, the context line, with the words of the claim it
  was made from (`card_failures`, as generation makes it; a card keeps only its
  claim). ``cards check`` reports these.
- on a candidate answer, a span of a claim, before it is a card (`Rule.answer`):
  generation passes over every candidate that breaks one (`rejects`). The two
  moments call one predicate: an answer's length, an enumeration, a give-away, an
  answer the context line shows.
- on a set of cards, for the rules without a `check`: generation keeps them as it
  makes cards (`CARDS_PER_SENTENCE`) and combines notes (near-duplicates merged,
  one answer per `prompt_key`); the check counts them over a deck.

Where generation judges a claim or a candidate and the check judges the finished
card, the judgments differ, and they stay apart here rather than be forced into one:

- Generation drops a claim before it has an answer (`generate_note`) when a
  reference in it names nothing (`dangling_reference`, which the check applies to
  the card's claim), a quotation or bracket in its own text is left open
  (`balanced_marks`, which the check applies to the prompt as shown), or it opens
  leaning on the sentence before (`unresolved_start`, `without_subject`; the check
  reads the prompt's first word).
- Generation judges a candidate's edges, content words and commonness by its kind
  ('whole phrase', 'content-word answer', 'not trivial') and passes over the label
  of its line, which the check sees as a fused bold label ('no fused label').
  `answer_flaw` holds these, and the judgments no finished card is held to: half a
  word, an item of a list, an aside, a guessable blank...
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..cloze import CLOSING, OPENING
from ..extract import CONNECTIVES, Candidate, ParsedClaim, Word
from ..read import TITLE_LABEL
from .answers import (
    COMMON_WORD_ZIPF,
    answer_flaw,
    cuts_entity,
    give_away_words,
)
from .card import Card
from .context_words import given_by_context
from .references import UNRESOLVED_PRONOUNS, dangling_reference
from .render import HTML_TAG, field_text, visible_prompt
from .statements import balanced_marks
from .words import content_lemmas, word_count, words_in, zipf

__all__ = [
    "CARDS_PER_SENTENCE",
    "MAX_ANSWER_WORDS",
    "MUST",
    "PREFERRED",
    "PREFERRED_ANSWER_WORDS",
    "RULES",
    "SHOULD",
    "Rule",
    "answer_key",
    "card_failures",
    "prompt_key",
    "rejects",
    "rule_broken",
]

MUST = 1.0
SHOULD = 0.97
PREFERRED = 0.95
"""The target of a preference, not a rule: an answer of 1-5 words. A phrase the
note's author bolded is blanked whole up to `MAX_ANSWER_WORDS`; of the shared
corpora's clozes 98-100% keep to five words, of the test corpus's 96.8%."""
MAX_ANSWER_WORDS = 8
"""No answer is longer: a longer one is not recalled as said (minimum information)."""
PREFERRED_ANSWER_WORDS = 5
"""An answer is best at most this long; ranking takes a point per word past it."""
CARDS_PER_SENTENCE = 2
"""At most this many cards ask about one sentence: its question or best cloze, and
a second bold phrase."""

_RESIDUE = re.compile(
    r"\*\*|__|`|\[\[|\]\]|\]\(|!\[|<a\s|data-t=|&lt;/?[A-Za-z]|\[!\w+\]|"
    r"\[\^\d+\]|^\s*[-*+•]\s|\s\|\s|\[\d{1,2}:\d{2}(?::\d{2})?\]"
)
"""Markdown, wikilink, anchor, escaped-tag, footnote, table and bullet syntax."""
_PHRASE_EDGES = frozenset({"DET", "ADP", "CCONJ", "SCONJ", "PUNCT"})
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
_FUSED_LABEL = re.compile(
    f"^(?:{OPENING.pattern})?(?:<b>[^<]{{1,80}}</b>(?:{re.escape(CLOSING)})? [A-Z]"
    f"|<b>{TITLE_LABEL.pattern}</b>(?:{re.escape(CLOSING)})? \\d)"
)
"""A bold label run into its text: a capital after it, or a number after a Title
Case label ('<b>National Budget</b> 75% of …'): what `cards.read` sets off."""
_PUNCTUATION_RESIDUE = re.compile(r",\s*[.,;:]|\s[,.;:](?:\s|$)|\(\s*\)")


def _answer_words(card: Card, parsed: ParsedClaim) -> list[Word]:
    claim = card.claim
    if card.hidden:
        start, end = card.hidden[0]
    else:
        start, end = claim.definition_start, len(claim.text)
    return [w for w in parsed.words if start <= w.start and w.end <= end]


def _too_long(answer: str) -> bool:
    return word_count(answer) > MAX_ANSWER_WORDS


def _enumerates(answer: str) -> bool:
    """Whether an answer is a list ('a, b and c'): asked as one, it is a set."""
    return answer.count(",") >= 2 or (answer.count(",") == 1 and " and " in answer)


def _renders(card: Card, parsed: ParsedClaim) -> bool:
    prompt = field_text(visible_prompt(card)).strip()
    if card.kind == "cloze":
        return bool(prompt) and "[...]" in prompt and bool(card.answer_text.strip())
    return bool(prompt) and bool(field_text(card.answer).strip())


def _one_deletion(card: Card, parsed: ParsedClaim) -> bool:
    """One fact: a single cloze number."""
    return card.kind == "qa" or len(set(OPENING.findall(card.prompt))) == 1


def _content_answer(card: Card, parsed: ParsedClaim) -> bool:
    words = _answer_words(card, parsed)
    return bool(content_lemmas(words)) or any(w.pos == "NUM" for w in words)


def _no_give_away(card: Card, parsed: ParsedClaim) -> bool:
    if card.kind == "qa":
        question = field_text(card.prompt).lower()
        return card.answer_text.lower().strip(" .") not in question
    if not card.hidden:
        return True
    start, end = card.hidden[0]
    return not give_away_words(parsed, start, end)


def _no_residue(card: Card, parsed: ParsedClaim) -> bool:
    fields = (visible_prompt(card), card.answer, card.context, card.answer_text)
    return not any(_RESIDUE.search(field_text(field)) for field in fields)


def _short_answer(card: Card, parsed: ParsedClaim) -> bool:
    return card.kind == "qa" or not _too_long(card.answer_text)


def _concise_answer(card: Card, parsed: ParsedClaim) -> bool:
    return (
        card.kind == "qa" or 1 <= word_count(card.answer_text) <= PREFERRED_ANSWER_WORDS
    )


def _whole_phrase(card: Card, parsed: ParsedClaim) -> bool:
    if card.kind == "qa":
        return True
    words = [w for w in _answer_words(card, parsed) if w.pos != "SPACE"]
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
    return not cuts_entity(parsed, words)


def _self_contained(card: Card, parsed: ParsedClaim) -> bool:
    first = field_text(visible_prompt(card)).strip().split(maxsplit=1)[:1]
    opening = first[0].strip(",.:;\"'“”").lower() if first else ""
    return opening not in _UNRESOLVED_OPENINGS and bool(card.context.strip())


def _no_enumeration(card: Card, parsed: ParsedClaim) -> bool:
    return card.kind != "cloze" or not _enumerates(card.answer_text)


def _qa_form(card: Card, parsed: ParsedClaim) -> bool:
    if card.kind == "cloze":
        return True
    question = field_text(card.prompt).strip()
    # The question word opens the question, or stands where the answer stood
    # ('The telescope cost how much?', `cards.generate.in_place`).
    words = {word.lower() for word in re.findall(r"\w+", question)}
    return question.endswith("?") and not words.isdisjoint(_QUESTION_WORDS)


def _not_trivial(card: Card, parsed: ParsedClaim) -> bool:
    if card.kind == "qa":
        return True
    words = [w for w in _answer_words(card, parsed) if w.pos not in {"PUNCT", "SPACE"}]
    return not (
        len(words) == 1
        and words[0].pos not in {"PROPN", "NUM"}
        and zipf(words[0].text) >= COMMON_WORD_ZIPF
    )


def _one_blank(card: Card, parsed: ParsedClaim) -> bool:
    """One visible blank: the answer is not hidden a second time elsewhere."""
    return card.kind == "qa" or len(OPENING.findall(card.prompt)) == 1


def _answer_not_in_context(card: Card, parsed: ParsedClaim) -> bool:
    """The context line above the prompt does not give the answer away."""
    return not given_by_context(card.claim, _answer_words(card, parsed))


def _no_dangling_reference(card: Card, parsed: ParsedClaim) -> bool:
    """No 'them', 'its', 'this X' that nothing on the card names."""
    return dangling_reference(parsed) is None


def _no_fused_label(card: Card, parsed: ParsedClaim) -> bool:
    """A bold label is set off from its text, not read as the sentence's start."""
    return not _FUSED_LABEL.search(card.prompt)


def _no_punctuation_residue(card: Card, parsed: ParsedClaim) -> bool:
    """No ',.' or ' ,' left where something (a timestamp) was removed."""
    fields = (visible_prompt(card), card.answer, card.answer_text)
    return not any(
        _PUNCTUATION_RESIDUE.search(html.unescape(HTML_TAG.sub("", field)))
        for field in fields
    )


def _quotes_closed(card: Card, parsed: ParsedClaim) -> bool:
    return balanced_marks(field_text(visible_prompt(card)))


def _short_span(parsed: ParsedClaim, start: int, end: int) -> bool:
    return not _too_long(parsed.claim.text[start:end])


def _span_not_enumerating(parsed: ParsedClaim, start: int, end: int) -> bool:
    return not _enumerates(parsed.claim.text[start:end])


def _span_not_given_away(parsed: ParsedClaim, start: int, end: int) -> bool:
    # Hiding the repeated word too would put two blanks on one card.
    return not give_away_words(parsed, start, end)


def _span_not_in_context(parsed: ParsedClaim, start: int, end: int) -> bool:
    return not given_by_context(parsed.claim, words_in(parsed, start, end))


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of good cards: its name, its target share, and what judges it."""

    name: str
    target: float
    description: str
    check: Callable[[Card, ParsedClaim], bool] | None = None
    """Whether a finished card holds the rule, judged with the parsed claim it was
    made from (the card keeps only the claim, not its words); None for rules
    about pairs or groups of cards."""
    answer: Callable[[ParsedClaim, int, int], bool] | None = None
    """Whether the candidate answer ``claim.text[start:end]`` holds the rule, for
    the rules that can be judged before a card is made."""


RULES: tuple[Rule, ...] = (
    Rule("renders", MUST, "every card shows a prompt and an answer", _renders),
    Rule("one deletion", MUST, "a cloze hides exactly one span", _one_deletion),
    Rule(
        "content-word answer", MUST, "the answer holds a content word", _content_answer
    ),
    Rule(
        "no give-away",
        MUST,
        "no word of the answer shows in the prompt",
        _no_give_away,
        _span_not_given_away,
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
        _span_not_in_context,
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
        "answer at most 8 words",
        SHOULD,
        "a cloze answer is never long",
        _short_answer,
        _short_span,
    ),
    Rule("answer 1-5 words", PREFERRED, "a cloze answer is short", _concise_answer),
    Rule(
        "whole phrase", SHOULD, "the answer is a whole phrase or entity", _whole_phrase
    ),
    Rule(
        "self-contained", SHOULD, "no dangling 'It', 'This', 'However'", _self_contained
    ),
    Rule(
        "no enumeration",
        SHOULD,
        "no list of three as one answer",
        _no_enumeration,
        _span_not_enumerating,
    ),
    Rule(
        "question form",
        SHOULD,
        "a question asks what/who/when..., ends in '?'",
        _qa_form,
    ),
    Rule("not trivial", SHOULD, "the answer is not an everyday word", _not_trivial),
    Rule(
        "one fact per sentence",
        SHOULD,
        f"at most {CARDS_PER_SENTENCE} cards per source sentence",
    ),
    Rule("no near-duplicates", SHOULD, "no two cards say the same thing"),
)

_ANSWER_RULES = tuple(
    (rule.name, rule.answer) for rule in RULES if rule.answer is not None
)


def rejects(
    parsed: ParsedClaim, candidate: Candidate, own_content: Sequence[Word] | None = None
) -> str | None:
    """Name the reason a candidate would make a bad answer, or None if it would not:
    generation's own judgment of an answer (`answer_flaw`), then each rule of the
    table that judges one.

    `own_content` (the claim's own content words) may be passed in when many
    candidates of one claim are judged.
    """
    flaw = answer_flaw(parsed, candidate, own_content)
    if flaw is not None:
        return flaw
    return rule_broken(parsed, candidate.start, candidate.end)


def rule_broken(parsed: ParsedClaim, start: int, end: int) -> str | None:
    """The first rule of the table that the answer ``claim.text[start:end]`` would
    break (its words given away, shown by the context line, too long, a list), or
    None."""
    for name, holds in _ANSWER_RULES:
        if not holds(parsed, start, end):
            return name
    return None


def card_failures(card: Card, parsed: ParsedClaim) -> tuple[str, ...]:
    """The rules about single cards that `card`, made from `parsed`, breaks.

    They depend on the card alone (not its source or tags, which merging
    near-duplicates changes), so a note's are worked out as its cards are made,
    while their claims' words are at hand, and kept. A card written by hand breaks
    none: the rules judge the generator's cards.
    """
    if card.claim.kind == "hand":
        return ()
    return tuple(
        rule.name
        for rule in RULES
        if rule.check is not None and not rule.check(card, parsed)
    )


def prompt_key(card: Card) -> tuple[str, str]:
    """What a card asks, as the learner reads it: its context line and its prompt,
    without case or spacing. Cards that ask the same must agree ("unambiguous")."""
    return (card.context, " ".join(visible_prompt(card).lower().split()))


def answer_key(card: Card) -> str:
    """A card's answer without case or spacing, as `prompt_key` compares them."""
    return " ".join(card.answer_text.lower().split())
