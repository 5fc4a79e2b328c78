"""The cards a note's owner wrote, made into cards like every other.

`cards.read.handsyntax` finds them while the note is read (`Note.hand`). Here each
becomes a `Claim` of kind 'hand' (what the cache keeps and the state matches, so
its GUID survives edits as any card's does) and then exactly the card written: its
sides rendered from Markdown as every card is (escaped, then sanitized), tagged
like the note's other cards. The generator's rules do not judge them, and spaCy
never reads them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import Literal

from ..cloze import CLOSING, DELETION, opening
from ..extract import Claim, ParsedClaim
from ..read import HandCard, Note, inline_markdown, plain_text
from .card import Card
from .context import make_context, make_source, make_tags, tag_name
from .duplicates import weigh_lemmas
from .note_cards import NoteCards, generate_note
from .render import render_html, sanitize

__all__ = ["HAND", "hand_claims", "is_hand", "make_hand_card", "make_note_cards"]

HAND: Literal["hand"] = "hand"
"""The kind of a hand-written card's claim."""

_OPEN, _NUMBER_END, _CLOSE, _HINT_END = "\ue000", "\ue001", "\ue002", "\ue003"
"""Private-use characters that stand for a cloze's marks while its text is read
as Markdown, which would otherwise see '{{', '::' and '}}' as text to escape."""
_MARKS = re.compile(f"{_OPEN}(\\d+){_NUMBER_END}|{_CLOSE}(.*?){_HINT_END}", re.S)
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_LINE_MARKUP = re.compile(r"^\s{0,3}(?:#{1,6}\s+|(?:>\s?)+)")
_LIST_MARKER = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s+")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_NBSP = "\u00a0"


def is_hand(card: Card) -> bool:
    """Whether `card` is one its owner wrote."""
    return card.claim.kind == HAND


def _marked(markdown: str) -> str:
    def mark(match: re.Match[str]) -> str:
        hint = match.group(3) or ""
        number = f"{_OPEN}{match.group(1)}{_NUMBER_END}"
        return f"{number}{match.group(2)}{_CLOSE}{hint}{_HINT_END}"

    return DELETION.sub(mark, markdown)


def _unmarked_html(text: str) -> str:
    def restore(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            return opening(match.group(1))
        return f"::{match.group(2)}{CLOSING}" if match.group(2) else CLOSING

    return _MARKS.sub(restore, text)


def _unmarked_text(text: str) -> str:
    return _MARKS.sub("", text)


def render_side(markdown: str) -> tuple[str, str]:
    """A side of a card as (HTML, plain text), line by line; code stays code."""
    out: list[str] = []
    plain: list[str] = []
    fence: str | None = None
    for line in _marked(_COMMENT.sub("", markdown)).split("\n"):
        opened = _FENCE.match(line)
        if opened and (fence is None or line.strip().startswith(fence)):
            fence = None if fence is not None else opened.group(1)
            continue
        if fence is not None:
            code = html.escape(line, quote=False)
            indent = len(code) - len(code.lstrip(" "))
            out.append(f"<code>{_NBSP * indent}{code.lstrip(' ')}</code>")
            plain.append(_unmarked_text(line.strip()))
            continue
        line = _LINE_MARKUP.sub("", line)
        bullet = _LIST_MARKER.match(line)
        if bullet:
            line = line[bullet.end() :]
        text, spans = inline_markdown(line)
        if not text:
            continue
        rendered = render_html(text, spans)
        out.append(f"• {rendered}" if bullet else rendered)
        plain.append(_unmarked_text(text))
    return _unmarked_html("<br>".join(out)), " ".join(plain)


def hand_claims(note: Note) -> list[ParsedClaim]:
    """One claim per card the note's owner wrote, in the order written; spaCy
    reads nothing in them."""
    claims = []
    for index, card in enumerate(note.hand):
        _, text = render_side(card.front)
        claim = Claim(
            note=note,
            block=index,
            sentence=0,
            kind=HAND,
            text=text or card.front,
            line=card.line,
            section=tuple(plain_text(heading) for heading in card.section),
        )
        claims.append(ParsedClaim(claim))
    return claims


def _answers(card: HandCard) -> str:
    return " · ".join(
        plain_text(match.group(2)) for match in DELETION.finditer(card.front)
    )


def make_hand_card(claim: Claim) -> Card:
    """The card its owner wrote, from its claim (see `hand_claims`)."""
    written = claim.note.hand[claim.block]
    prompt, _ = render_side(written.front)
    tags = (*make_tags(claim.note), *(tag_name(tag) for tag in written.tags))
    if written.kind == "cloze":
        answer, answer_text = "", _answers(written)
    else:
        answer, answer_text = render_side(written.back)
    return Card(
        kind=written.kind,
        prompt=sanitize(prompt),
        answer=sanitize(answer),
        answer_text=answer_text,
        context=sanitize(make_context(claim)),
        source=make_source(claim.note, None),
        extra="",
        tags=tuple(dict.fromkeys(tag for tag in tags if tag)),
        claim=claim,
    )


def make_note_cards(
    claims: Sequence[ParsedClaim], previous: Mapping[str, str] | None = None
) -> NoteCards:
    """A note's cards: those generated from its claims, then those written by hand.

    Hand-written cards are neither judged nor dropped by the generator's rules.
    """
    generated = [parsed for parsed in claims if parsed.claim.kind != HAND]
    note_cards = generate_note(generated, previous)
    hand = [parsed for parsed in claims if parsed.claim.kind == HAND]
    if not hand:
        return note_cards
    return NoteCards(
        (*note_cards.cards, *(make_hand_card(parsed.claim) for parsed in hand)),
        note_cards.dropped,
        (*note_cards.lemma_weights, *map(weigh_lemmas, hand)),
        (*note_cards.broken, *(() for _ in hand)),
    )
