"""The cards of one claim: its question, or its best cloze, and one more for a second
bold phrase; a label's question for the short list under it."""

from __future__ import annotations

import html
from dataclasses import replace
from typing import Literal, NamedTuple

from ..extract import Candidate, Claim, ParsedClaim, Question
from .card import Card
from .context import make_context, make_source, make_tags
from .in_place import InPlace, in_place
from .labels import definition_question, label_question, list_items
from .questions import (
    DEFINITION,
    MIN_CLUE_WORDS,
    TermQuestion,
    known_word_term,
    question_for,
    term_question,
)
from .ranking import Salience, Verdicts, figure_before_date, rank_candidates
from .render import field_text, render_html, sanitize
from .reverse import gives_away
from .rules import CARDS_PER_SENTENCE, rule_broken
from .subject import implied_subject, text_after_subject
from .words import is_content

__all__ = ["claim_key", "make_claim_cards"]


def claim_key(text: str) -> str:
    """A claim's text compared without case or spacing."""
    return " ".join(text.lower().split())


class _Placed(NamedTuple):
    """A claim with what each of its cards carries besides prompt and answer: the
    context line, the source link and the tags."""

    claim: Claim
    context: str
    source: str
    tags: tuple[str, ...]

    def card(
        self,
        kind: Literal["cloze", "qa"],
        prompt: str,
        answer: str,
        answer_text: str,
        hidden: tuple[tuple[int, int], ...],
        extra: str = "",
        shape: str = "",
    ) -> Card:
        """A card of this claim, with its context, source and tags."""
        return Card(
            kind=kind,
            prompt=prompt,
            answer=answer,
            answer_text=answer_text,
            context=self.context,
            source=self.source,
            extra=extra,
            tags=self.tags,
            claim=self.claim,
            hidden=hidden,
            shape=shape,
        )


def make_claim_cards(
    parsed: ParsedClaim,
    salience: Salience,
    previous_answer: str | None = None,
    listed: bool = False,
    verdicts: Verdicts | None = None,
) -> list[Card]:
    """Make a claim's cards: its question or best cloze, and one more for a second
    bold phrase (at most `CARDS_PER_SENTENCE`); a 'list' claim's question. The
    cards keep the claim, not what spaCy read in it.

    `listed`: the claim is an item its label's question asks for already. No
    cloze hides all of an item (see `_whole`). `verdicts`: its candidates judged already
    (`judge_candidates`)."""
    claim = parsed.claim
    placed = _Placed(
        claim,
        sanitize(make_context(claim)),
        make_source(claim.note, claim.seconds),
        make_tags(claim.note),
    )
    if claim.kind == "list":
        question = label_question(parsed)
        if question is None:
            return []
        return [_list_card(placed, question)]
    cards = []
    asked = term_question(parsed, claim.term) if claim.term is not None else None
    if asked is not None and asked.shape == "date" and claim.term is not None:
        # '**July 1937**: Marco Polo Bridge Incident' is learnt as when it happened:
        # 'What happened in July 1937?' has many answers (rated vague, rounds 9-10).
        date = Candidate(claim.term.start, claim.term.end, "entity", "DATE")
        return [_cloze_card(placed, date, "")]
    if (
        asked is not None
        and asked.shape in {DEFINITION, "function"}
        and claim.term is not None
        and known_word_term(parsed, claim.term)
    ):
        # 'What is “Cucumber”?' asks what the learner knows; the explanation pins
        # the term, so the term is hidden instead (unless the explanation or the
        # context line shows a word of it), else the explanation's best span.
        start, end = claim.term.start, claim.term.end
        shown = f"{claim.text[end:]} {field_text(placed.context)}"
        clues = [w for w in parsed.words if w.start >= end and is_content(w)]
        if (
            len(clues) >= MIN_CLUE_WORDS
            and rule_broken(parsed, start, end) is None
            and not gives_away(claim.text[start:end], shown)
        ):
            term = Candidate(start, end, "bold")
            return [_cloze_card(placed, term, "")]
        asked = None
    if asked is not None:
        cards.append(_term_card(placed, asked))
    ranked = _ranked(parsed, salience, asked, previous_answer, verdicts)
    bare = claim.own_start > 0 and _bare_item(parsed)
    if listed or bare:
        # A blank over all of an item read after its lead-in ('Examples include
        # [JSON formatters]', 'The three categories are [Spawners]') asks for one
        # of its siblings, any of which fits (rated garbled and vague, round 21);
        # so does the word naming which one a bare item is ('… include [Auger]
        # bits'), unlike a blank the rest of the item pins ('[30%] in Large Caps').
        ranked = [
            c
            for c in ranked
            if not _whole(parsed, c) and not (bare and _names_which(parsed, c))
        ]
    chosen = _chosen(ranked, CARDS_PER_SENTENCE - len(cards))
    subject = implied_subject(parsed)
    for number, candidate in enumerate(chosen):
        wh = question_for(parsed, candidate) if number == 0 else None
        asked_here = in_place(parsed, candidate) if number == 0 and wh is None else None
        if wh is not None:
            cards.append(_wh_card(placed, wh, candidate))
        elif asked_here is not None:
            cards.append(_in_place_card(placed, asked_here, candidate, subject))
        else:
            cards.append(_cloze_card(placed, candidate, subject))
    if not cards and not listed and parsed.defines is not None:
        defined = _definition_card(parsed, placed)
        if defined is not None:
            cards.append(defined)
    return cards


def _definition_card(parsed: ParsedClaim, placed: _Placed) -> Card | None:
    """The question of an item that defines a term in a sentence of its own
    (`definition_question`), its answer the definition."""
    assert parsed.defines is not None
    asked = definition_question(parsed)
    if asked is None:
        return None
    term, start = parsed.defines
    claim = replace(parsed.claim, term=term, definition_start=start)
    return _term_card(placed._replace(claim=claim), asked)


def _ranked(
    parsed: ParsedClaim,
    salience: Salience,
    asked: TermQuestion | None,
    previous_answer: str | None,
    verdicts: Verdicts | None,
) -> list[Candidate]:
    """The claim's candidate answers in the order its clozes take them. A term
    item's come from its explanation; when the term is `asked` already, only the
    bold phrases after its answer (a blank inside the answer asks the same fact
    again, rated duplicate); a candidate a wh-question asks for, and last build's
    answer, come first."""
    claim = parsed.claim
    ranked = rank_candidates(parsed, salience, verdicts)
    if claim.term is not None and (asked is not None or claim.kind == "item"):
        start = claim.definition_start if asked is None else asked.end
        ranked = [
            c
            for c in ranked
            if c.start >= start and (asked is None or c.kind == "bold")
        ]
    asks = [
        c for c in ranked if c.kind in {"entity", "number"} and question_for(parsed, c)
    ]
    if asks and ranked[0].kind != "bold" and asks[0] is not ranked[0]:
        # A question that pins one answer beats a blank over a better-ranked span.
        ranked = [asks[0], *(c for c in ranked if c is not asks[0])]
    figure_first = figure_before_date(parsed, ranked)
    if figure_first is not ranked and not (
        question_for(parsed, ranked[0]) or in_place(parsed, ranked[0])
    ):
        # A date asked as a question beside another figure was kept 64% (37
        # graded), as a blank 35% (43): only the blank gives way to the figure.
        ranked = figure_first
    if previous_answer is not None:
        # Only the first candidate asking it moves up: when last build's answer is
        # this build's first choice anyway, nothing changes (see `pins_matter`).
        wanted = claim_key(previous_answer)
        for index, candidate in enumerate(ranked):
            if claim_key(claim.text[candidate.start : candidate.end]) == wanted:
                ranked = [candidate, *ranked[:index], *ranked[index + 1 :]]
                break
    return ranked


def _whole(parsed: ParsedClaim, candidate: Candidate) -> bool:
    """Whether a candidate holds every content word of the claim's own text."""
    return all(
        candidate.start <= word.start and word.end <= candidate.end
        for word in parsed.words
        if word.start >= parsed.claim.own_start and is_content(word)
    )


BARE_ITEM_WORDS = 5
"""An item after its lead-in this short, with no verb, is a name or a noun phrase:
one of the list's members, not a statement about one."""


def _bare_item(parsed: ParsedClaim) -> bool:
    """Whether a claim's own words, after its lead-in, are a bare name or phrase
    ('Forstner bits', 'Uber Cannibals')."""
    own = [
        w
        for w in parsed.words
        if w.start >= parsed.claim.own_start and w.pos not in {"PUNCT", "SPACE"}
    ]
    return len(own) <= BARE_ITEM_WORDS and not any(
        w.pos in {"VERB", "AUX"} for w in own
    )


def _names_which(parsed: ParsedClaim, candidate: Candidate) -> bool:
    """Whether a candidate in an item modifies the noun after it ('[Hanger]
    steak', '[Nifty Alpha] 50 index'): it says which of the list's members the
    item is."""
    after = next((w for w in parsed.words if w.start >= candidate.end), None)
    return (
        candidate.end > parsed.claim.own_start
        and after is not None
        and (after.pos in {"NOUN", "PROPN", "NUM"} or after.text == "&")
    )


def _chosen(ranked: list[Candidate], room: int) -> list[Candidate]:
    """The answers to ask, at most `room`: the best, and more only while they are
    bold phrases that do not overlap."""
    chosen: list[Candidate] = []
    for candidate in ranked:
        if len(chosen) >= room:
            break
        if chosen and (candidate.kind != "bold" or chosen[0].kind != "bold"):
            break
        if any(c.start < candidate.end and candidate.start < c.end for c in chosen):
            continue
        chosen.append(candidate)
    return chosen


def _term_card(placed: _Placed, asked: TermQuestion) -> Card:
    """The question a '**Term**: explanation' item asks, with its explanation (up
    to where the question says it ends) for the answer."""
    claim = placed.claim
    start, end = claim.definition_start, asked.end
    return placed.card(
        kind="qa",
        prompt=sanitize(asked.text),
        answer=sanitize(render_html(claim.text, claim.spans, start=start, end=end)),
        answer_text=claim.text[start:end],
        hidden=((start, end),),
        shape=asked.shape,
    )


def _list_card(placed: _Placed, question: str) -> Card:
    """The question a label asks, its list's items for the answer, one a line."""
    claim = placed.claim
    items = list_items(claim)
    return placed.card(
        kind="qa",
        prompt=sanitize(question),
        answer=sanitize(
            "<br>".join(
                render_html(claim.text, claim.spans, start=start, end=end)
                for start, end in items
            )
        ),
        answer_text="; ".join(claim.text[start:end] for start, end in items),
        hidden=((claim.definition_start, len(claim.text)),),
        shape="list",
    )


def _wh_card(placed: _Placed, wh: Question, candidate: Candidate) -> Card:
    """The wh-question whose answer is `candidate`, with the sentence as extra."""
    prompt = html.escape(wh.text, quote=False)
    return _asked_card(placed, prompt, (wh.start, wh.end), candidate, "wh")


def _in_place_card(
    placed: _Placed, asked: InPlace, candidate: Candidate, subject: str
) -> Card:
    """The claim asking for `candidate` where it stands (`cards.generate.in_place`),
    after its implied `subject` if any, with the sentence as extra."""
    claim = placed.claim
    text = text_after_subject(claim, subject)
    closing = len(text.rstrip().removesuffix("."))
    moved = closing if asked.trailing_at is None else asked.trailing_at
    prompt = (
        subject
        + render_html(text, claim.spans, end=asked.start)
        + html.escape(asked.phrase, quote=False)
        + render_html(text, claim.spans, start=asked.end, end=moved)
        + asked.trailing
        + render_html(text, claim.spans, start=moved, end=closing)
        + "?"
    )
    answer = (asked.answer_start, candidate.end)
    return _asked_card(placed, prompt, answer, candidate, "in place")


def _asked_card(
    placed: _Placed,
    prompt: str,
    answer: tuple[int, int],
    candidate: Candidate,
    shape: str,
) -> Card:
    """A question about one sentence: its `answer` span of the claim's text shown
    on the back, the whole sentence as extra, `candidate` hidden as its cloze would
    hide it."""
    claim = placed.claim
    start, end = answer
    return placed.card(
        kind="qa",
        prompt=sanitize(prompt),
        answer=sanitize(render_html(claim.text, claim.spans, start=start, end=end)),
        answer_text=claim.text[start:end],
        extra=sanitize(render_html(claim.text, claim.spans)),
        hidden=((candidate.start, candidate.end),),
        shape=shape,
    )


def _cloze_card(placed: _Placed, candidate: Candidate, subject: str) -> Card:
    """The claim with `candidate` hidden, after its implied `subject` if any."""
    claim = placed.claim
    hidden = ((candidate.start, candidate.end),)
    return placed.card(
        kind="cloze",
        prompt=sanitize(
            subject
            + render_html(
                text_after_subject(claim, subject), claim.spans, hidden=hidden
            )
        ),
        answer="",
        answer_text=claim.text[candidate.start : candidate.end],
        hidden=hidden,
    )
