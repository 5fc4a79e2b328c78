"""The cards of one note, made from that note alone (`generate_note`).

Editing one note never changes another's cards, and a build can make them in worker
processes and cache them with the note. Last build's answers (`pins`) keep the
cards of sentences nobody touched as they were.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ..extract import Claim
from ..records import Record
from .card import NO_ANSWER, NOT_A_CLAIM, SELF_CONTAINED, Card, Dropped
from .claim_cards import claim_key, make_claim_cards
from .duplicates import LemmaWeights, weigh_lemmas
from .ranking import salience_index
from .references import dangling_reference, unresolved_start, without_subject
from .statements import (
    REFERENCE_ENTRY,
    balanced_marks,
    citing_blocks,
    list_pages,
    not_a_statement,
)

__all__ = ["NoteCards", "generate_note", "lighten", "pins", "pins_matter"]


@dataclass(frozen=True, slots=True)
class NoteCards(Record):
    """One note's cards and dropped claims, made from that note alone."""

    cards: tuple[Card, ...]
    dropped: tuple[Dropped, ...]
    lemma_weights: tuple[LemmaWeights, ...] = ()
    """For each card, what near-duplicate search compares (see `lighten`)."""


def lighten(note_cards: NoteCards, shells: dict[int, Claim] | None = None) -> NoteCards:
    """The same cards, their claims without words and candidates.

    What a build keeps of a note once its cards are made and checked: the
    language analysis is what takes the memory, and it stays in the cache (see
    `cards.cache`) for the day the note's cards must be made again. Near-duplicate
    search reads the kept `lemma_weights` instead.

    `shells` maps the id of each claim lightened to its light copy; passing the
    same mapping for several sets of cards of one note gives them the same copies
    (a cached note stores each claim once). Cards of one section share one context
    string and cards with the same tags one tuple of them, where each card had its
    own: 6 of a build's MB per 1,000 generated notes.
    """
    shells = {} if shells is None else shells
    contexts: dict[str, str] = {}
    tag_sets: dict[tuple[str, ...], tuple[str, ...]] = {}

    def shell(claim: Claim) -> Claim:
        if id(claim) not in shells:
            shells[id(claim)] = replace(claim, words=(), candidates=())
        return shells[id(claim)]

    lemma_weights = note_cards.lemma_weights or tuple(
        weigh_lemmas(card) for card in note_cards.cards
    )
    return NoteCards(
        tuple(
            replace(
                card,
                claim=shell(card.claim),
                merged=tuple(map(shell, card.merged)),
                context=contexts.setdefault(card.context, card.context),
                tags=tag_sets.setdefault(card.tags, card.tags),
            )
            for card in note_cards.cards
        ),
        tuple(replace(drop, claim=shell(drop.claim)) for drop in note_cards.dropped),
        lemma_weights,
    )


def generate_note(
    claims: Sequence[Claim], previous: Mapping[str, str] | None = None
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
    cards: list[Card] = []
    dropped: list[Dropped] = []
    index_pages = list_pages(claims)
    citing = citing_blocks(claims)
    listed: set[int] = set()  # the items a label's question asks for already
    for claim in claims:
        drop = _unfit(claim, index_pages, citing)
        if drop is None:
            claim_cards = make_claim_cards(
                claim,
                salience,
                (previous or {}).get(claim_key(claim.text)),
                listed=claim.kind == "item" and claim.block in listed,
            )
            if claim_cards:
                cards.extend(claim_cards)
                listed.update(claim.items)
                continue
            drop = Dropped(claim, NO_ANSWER)
        dropped.append(drop)
    return NoteCards(
        tuple(cards), tuple(dropped), tuple(weigh_lemmas(card) for card in cards)
    )


def _unfit(
    claim: Claim, index_pages: set[str], citing: set[tuple[str, int]]
) -> Dropped | None:
    """Why a claim makes no card whatever its answer, or None: it states no fact, or
    not one that stands alone on a card (`cards.generate.rules` says how these
    judgments meet the rules a finished card is checked by)."""
    # A paragraph's sentence read with --prose (no bold) is no list item: the
    # verdict on a page's list does not reach it. Nor does it reach a label's
    # question, which asks for fragments an outline's items are.
    spared = claim.kind == "list" or (claim.kind == "sentence" and not claim.bold)
    if claim.note.name in index_pages and not spared:
        reason: str | None = "an index or table of contents"
    elif (claim.note.name, claim.block) in citing:
        reason = REFERENCE_ENTRY
    else:
        reason = not_a_statement(claim)
    if reason is not None:
        return Dropped(claim, NOT_A_CLAIM, reason)
    pronoun = unresolved_start(claim)
    if pronoun is not None:
        return Dropped(claim, SELF_CONTAINED, f"starts with {pronoun!r}")
    pronoun = dangling_reference(claim)
    if pronoun is not None:
        return Dropped(claim, SELF_CONTAINED, f"{pronoun!r} names nothing on the card")
    if without_subject(claim):
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
