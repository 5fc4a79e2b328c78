"""The cards of one note, made from that note alone (`generate_note`).

Editing one note never changes another's cards, and a build can make them in worker
processes and cache them with the note. Last build's answers (`pins`) keep the
cards of sentences nobody touched as they were.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..extract import ParsedClaim
from ..records import Record
from .card import NO_ANSWER, NOT_A_CLAIM, SELF_CONTAINED, Card, Dropped
from .claim_cards import claim_key, make_claim_cards
from .duplicates import LemmaWeights, weigh_lemmas
from .ranking import judge_candidates, refused_answers, salience_index
from .references import dangling_reference, unresolved_start, without_subject
from .rules import card_failures
from .statements import (
    REFERENCE_ENTRY,
    TABLE_ROW,
    balanced_marks,
    citing_blocks,
    list_pages,
    not_a_statement,
    table_rows,
)

__all__ = ["NoteCards", "generate_note", "pins", "pins_matter"]


@dataclass(frozen=True, slots=True)
class NoteCards(Record):
    """One note's cards and dropped claims, made from that note alone.

    The cards keep their claims, not what spaCy read in them; what later steps
    judge a card by is worked out here, while it is at hand, one entry per card.
    """

    cards: tuple[Card, ...]
    dropped: tuple[Dropped, ...]
    lemma_weights: tuple[LemmaWeights, ...]
    """What near-duplicate search compares (`cards.generate.duplicates`)."""
    broken: tuple[tuple[str, ...], ...]
    """The rules about single cards each breaks (`card_failures`)."""


def generate_note(
    claims: Sequence[ParsedClaim], previous: Mapping[str, str] | None = None
) -> NoteCards:
    """Make the cards of one note's claims, and say why the others make none.

    Claims that are not statements (links, placeholders, fragments), that lean on a
    sentence the card cannot show ("It ...", "They ..."), or that have no good
    answer are dropped.

    `previous` maps a claim's text (see `claim_key`) to the answer its cloze asked
    last build. That answer is kept while it is still acceptable, so that editing
    one sentence (which shifts the note's word salience) or a new version of cards
    does not change, and so overwrite in Anki, the cards of sentences nobody touched.
    """
    salience = salience_index(claims)
    made = _Made()
    dropped: list[Dropped] = []
    index_pages = list_pages(claims)
    citing = citing_blocks(claims)
    rows = table_rows(claims)
    listed: set[int] = set()  # the items a label's question asks for already
    for parsed in claims:
        claim = parsed.claim
        drop = _unfit(parsed, index_pages, citing, rows)
        if drop is None:
            verdicts = judge_candidates(parsed)
            claim_cards = make_claim_cards(
                parsed,
                salience,
                (previous or {}).get(claim_key(claim.text)),
                listed=claim.kind == "item" and claim.block in listed,
                verdicts=verdicts,
            )
            if claim_cards:
                made.add(claim_cards, parsed)
                listed.update(claim.items)
                continue
            drop = Dropped(claim, NO_ANSWER, refused_answers(parsed, verdicts))
        dropped.append(drop)
    return NoteCards(
        tuple(made.cards), tuple(dropped), tuple(made.weights), tuple(made.broken)
    )


@dataclass
class _Made:
    """A note's cards as they are made, each with what is judged of it."""

    cards: list[Card] = field(default_factory=list)
    weights: list[LemmaWeights] = field(default_factory=list)
    broken: list[tuple[str, ...]] = field(default_factory=list)
    contexts: dict[str, str] = field(default_factory=dict)
    tag_sets: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)

    def add(self, cards: Sequence[Card], parsed: ParsedClaim) -> None:
        """Add a claim's cards. Cards of one section share one context string,
        and cards with the same tags one tuple of them, where each claim's cards
        had their own: 6 of a build's MB per 1,000 generated notes."""
        weights = weigh_lemmas(parsed)
        for card in cards:
            context = self.contexts.setdefault(card.context, card.context)
            tags = self.tag_sets.setdefault(card.tags, card.tags)
            if context is not card.context or tags is not card.tags:
                card = replace(card, context=context, tags=tags)
            self.cards.append(card)
            self.weights.append(weights)
            self.broken.append(card_failures(card, parsed))


def _unfit(
    parsed: ParsedClaim,
    index_pages: set[str],
    citing: set[tuple[str, int]],
    rows: set[tuple[str, int, int]],
) -> Dropped | None:
    """Why a claim makes no card whatever its answer, or None: it states no fact, or
    not one that stands alone on a card (`cards.generate.rules` says how these
    judgments meet the rules a finished card is checked by)."""
    # A paragraph's sentence read with --prose (no bold) is no list item: the
    # verdict on a page's list does not reach it. Nor does it reach a label's
    # question, which asks for fragments an outline's items are.
    claim = parsed.claim
    spared = claim.kind == "list" or (claim.kind == "sentence" and not claim.bold)
    if claim.note.name in index_pages and not spared:
        reason: str | None = "an index or table of contents"
    elif (claim.note.name, claim.block) in citing:
        reason = REFERENCE_ENTRY
    elif (claim.note.name, claim.block, claim.sentence) in rows:
        reason = TABLE_ROW
    else:
        reason = not_a_statement(parsed)
    if reason is not None:
        return Dropped(claim, NOT_A_CLAIM, reason)
    pronoun = unresolved_start(parsed)
    if pronoun is not None:
        return Dropped(claim, SELF_CONTAINED, f"starts with {pronoun!r}")
    pronoun = dangling_reference(parsed)
    if pronoun is not None:
        return Dropped(claim, SELF_CONTAINED, f"{pronoun!r} names nothing on the card")
    if without_subject(parsed):
        return Dropped(claim, SELF_CONTAINED, "starts with its verb; no subject")
    if not balanced_marks(claim.text[claim.own_start :]):
        return Dropped(claim, NOT_A_CLAIM, "a quote or bracket opened and not closed")
    return None


def pins(note_cards: NoteCards, previous: Mapping[str, str]) -> dict[str, str]:
    """The `previous` answers that would change cards made without them.

    A claim's previous answer changes nothing when it is the answer its first cloze
    asks anyway (or when the claim made no card), so a note whose cards were made
    without previous answers needs making again only with these, if any; the
    cards they make are those `previous` as a whole would.
    """
    first: dict[int, str] = {}
    for card in note_cards.cards:
        if card.kind == "cloze":
            first.setdefault(id(card.claim), card.answer_text)
    found = {}
    for card in note_cards.cards:
        key = claim_key(card.claim.text)
        answer = previous.get(key)
        if answer is None:
            continue
        asked = first.get(id(card.claim))
        if asked is None or claim_key(asked) != claim_key(answer):
            found[key] = answer
    return found


def pins_matter(note_cards: NoteCards, previous: Mapping[str, str]) -> bool:
    """Whether `previous` answers would change cards made without them (`pins`)."""
    return bool(pins(note_cards, previous))
