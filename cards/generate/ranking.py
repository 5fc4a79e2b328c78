"""The best answer of a claim: its candidates that would make a good card, ranked.

Candidates that would make a bad card are removed first (`rules.rejects`: longer
than 8 words, no content word, edges or insides that are not part of a phrase, a
very common single word, or words the rest of the sentence gives away); the rest
are scored by kind (bold phrase, then named entity, then number, then noun phrase),
plus the salience of their words within the note (inverse document frequency over
its claims, so a word every sentence uses is a weak answer) and in English at large
(wordfreq), minus a penalty for answers past 5 words. Ties go to the earlier span.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..extract import Candidate, ParsedClaim
from .answers import own_content_words
from .in_place import calendar_date
from .people import a_speaker
from .rules import PREFERRED_ANSWER_WORDS, rejects
from .words import ZIPF_CEILING, content_lemmas, word_count, words_in, zipf

__all__ = [
    "Salience",
    "Verdicts",
    "figure_before_date",
    "judge_candidates",
    "rank_candidates",
    "refused_answers",
    "salience_index",
]


SPECIFICITY_WEIGHT = 0.5
"""How much a rarer word counts: 'villain narratives' makes a better answer than
'purpose'. Measured on wordfreq's Zipf scale, where everyday words sit near 6."""
_KIND_SCORES = {"bold": 10.0, "entity": 4.0, "number": 4.0, "phrase": 1.0}


@dataclass(frozen=True, slots=True)
class Salience:
    """How telling a word is within a set of claims (a note's, in a build)."""

    idf: dict[str, float]
    """Inverse document frequency of each content lemma over the claims."""
    topics: dict[str, frozenset[str]]
    """Per note, the lemmas that most of its claims mention: its subject."""


TOPIC_SHARE = 0.3
"""A lemma in this share of a note's claims (at least 4 claims) is what the note is
about ('Newport' in notes on his book): asking for it on every card tests nothing."""


def salience_index(claims: Sequence[ParsedClaim]) -> Salience:
    """Measure the lemmas of a set of claims (see `Salience`)."""
    counts: Counter[str] = Counter()
    per_note: dict[str, Counter[str]] = {}
    claims_per_note: Counter[str] = Counter()
    for parsed in claims:
        lemmas = content_lemmas(parsed.words)
        counts.update(lemmas)
        name = parsed.claim.note.name
        per_note.setdefault(name, Counter()).update(lemmas)
        claims_per_note[name] += 1
    total = len(claims) + 1
    idf = {
        lemma: math.log(total / (count + 1)) + 1.0 for lemma, count in counts.items()
    }
    topics = {
        note: frozenset(
            lemma
            for lemma, count in lemma_counts.items()
            if claims_per_note[note] >= 4
            and count / claims_per_note[note] >= TOPIC_SHARE
        )
        for note, lemma_counts in per_note.items()
    }
    return Salience(idf, topics)


TOPIC_PENALTY = 3.0
_AMOUNTS = frozenset(
    {"half", "quarter", "ten", "dozen", "hundred", "thousand", "million", "billion"}
)
"""Words of an amount the tagger may not read as a number ('[tens of millions]')."""
NUMBER_BONUS = 5.0
"""What a number with digits earns in place of word salience: figures are what
notes are read for, and wordfreq says nothing about how telling '1961' is. It puts
a figure before a name or a phrase of its sentence: over rounds 24 to 33, blanks
on dates were kept by 73% of grades (47 cards) and on other figures by 64% (320),
against 53% on names (479) and 44% on lower-case phrases (452); raters asked for
the figure instead ('[Kapil Dev's 175 runs]' → '175', '[28 homozygotes]' → '28').
From 2.5, it moves 264 corpus cards (of 7,060). Checked on pairs (round 34): 28
sentences' new figure cards were kept by 59% of grades and deleted by 36%, the
cards they made before by 21% and 50%."""

SHARE_BONUS = 0.5
"""What a percentage earns over the sentence's other figures, which would
otherwise win by coming first: in 'By 2022, unemployment among graduates reached
15%' or 'an analysis of 35 stocks yielded a 91% return', the date and the sample
size set the fact up and the share is what was found (rated wrong-target, round
49). Over the graded clozes of rounds 14 to 49 that the build still makes, blanks
on percentages were kept by 73% of grades and deleted by 12% (132 cards), on dates
66% and 17% (126), on other figures 64% and 21% (542). Rated in pairs on the 147
sentences it changes (rounds 51 and 51p): kept 28% -> 50%, deleted 29% -> 39%."""


def _a_share(answer: str) -> bool:
    """Whether every figure of an answer is a percentage ('roughly 75%', '1% to
    2%'); not '50 lost 52%'."""
    figures = [word for word in answer.split() if any(c.isdigit() for c in word)]
    return bool(figures) and all(word.endswith("%") for word in figures)


Verdicts = tuple[tuple[Candidate, str | None], ...]
"""Each candidate answer of a claim with the reason it is refused, or None."""


def judge_candidates(parsed: ParsedClaim) -> Verdicts:
    """Judge each candidate answer of a claim once (`rejects`): ranking reads the
    acceptable ones, ``cards check --dropped`` the refusals."""
    own_content = own_content_words(parsed)
    return tuple(
        (candidate, rejects(parsed, candidate, own_content))
        for candidate in parsed.candidates
    )


def rank_candidates(
    parsed: ParsedClaim,
    salience: Salience | None = None,
    verdicts: Verdicts | None = None,
) -> list[Candidate]:
    """Return the acceptable candidate answers of a claim, best first.

    Score = kind (bold 10, entity 4, number 4, noun phrase 1)
          + salience: the highest inverse document frequency of its lemmas across
            the note's claims, and 0.5 per Zipf step its rarest word lies below 7
            (numbers with digits take a flat `NUMBER_BONUS` instead, and a
            percentage `SHARE_BONUS` more)
          - `TOPIC_PENALTY` when its words are the note's own subject
          - 1 per word past 5.
    Dates and times written in words ('morning', 'weekly') count as noun phrases.
    A paragraph's sentence read with ``--prose`` asks for no name of the note's
    subject, and for no time written without a number.
    """
    claim = parsed.claim
    idf = salience.idf if salience else {}
    topics = (
        salience.topics.get(claim.note.name, frozenset()) if salience else frozenset()
    )
    scored = []
    prose = claim.kind == "sentence" and not claim.bold
    if verdicts is None:
        verdicts = judge_candidates(parsed)
    for candidate, refusal in verdicts:
        if refusal is not None:
            continue
        words = words_in(parsed, candidate.start, candidate.end)
        if prose and any(w.pos == "PROPN" and w.lemma in topics for w in words):
            # A name the note keeps repeating is whose talk it is ('[Blattman]
            # highlights that...', '[Kelsey's story] is a reminder'), not what
            # was said; a sentence read with --prose has no bold to say otherwise.
            continue
        answer = claim.text[candidate.start : candidate.end]
        has_digit = any(char.isdigit() for char in answer)
        kind = candidate.kind
        if kind == "number" and not has_digit:
            if prose and not any(w.pos == "NUM" or w.lemma in _AMOUNTS for w in words):
                continue  # 'In [recent years]', 'on that [day]': no figure to learn
            kind = "phrase"
        score = _KIND_SCORES[kind]
        lemmas = content_lemmas(words)
        if kind == "number":
            score += NUMBER_BONUS + (SHARE_BONUS if _a_share(answer) else 0.0)
        elif lemmas:
            score += max(idf.get(lemma, 1.0) for lemma in lemmas)
            score += SPECIFICITY_WEIGHT * (
                ZIPF_CEILING - min(zipf(word.text) for word in words if not word.stop)
            )
        if lemmas and lemmas <= topics and kind != "bold":
            score -= TOPIC_PENALTY
        length = word_count(answer)
        if length > PREFERRED_ANSWER_WORDS:
            score -= length - PREFERRED_ANSWER_WORDS
        scored.append((-score, candidate.start, candidate))
    scored.sort(key=lambda item: (item[0], item[1]))
    ranked = [candidate for _, _, candidate in scored]
    if ranked and all(c.kind != "bold" and a_speaker(parsed, c) for c in ranked):
        # Only who said it is left to ask ('Dr. [Galpin] emphasized that it might
        # not be optimal for everyone'): a sentence with nothing else to blank is
        # a remark. Rated in pairs (ratings/r35o, r35n): 15 such cards were kept by
        # 27% of grades and deleted by 43% (rounds 24-31's 9: 61% and 28%); where
        # the sentence had another blank, the speaker's card was kept 63%, deleted
        # 7%, better than the other blank, so it stays.
        return []
    return ranked


def figure_before_date(parsed: ParsedClaim, ranked: list[Candidate]) -> list[Candidate]:
    """`ranked` with a figure of the sentence ahead of a date ranked first: the
    date says when, the figure what happened ('[2,590] people died on the tracks
    in 2023', not '2,590 people died on the tracks in [2023]'). Of the graded
    blanks over a year, 43 whose sentence held another figure were kept 35%
    (raters asked for the figure: wrong-target), 95 whose sentence held none
    68%; both deleted about 18%. Returns `ranked` itself when nothing moves."""
    text = parsed.claim.text

    def figure(candidate: Candidate) -> bool:
        answer = text[candidate.start : candidate.end]
        return candidate.kind == "number" and any(c.isdigit() for c in answer)

    if not ranked or not figure(ranked[0]):
        return ranked
    if not calendar_date(text[ranked[0].start : ranked[0].end]):
        return ranked
    other = next(  # an amount: not a time ('[2 PM]'), a period or another date
        (c for c in ranked if figure(c) and c.label not in {"DATE", "TIME"}), None
    )
    if other is None:
        return ranked
    return [other, *(c for c in ranked if c is not other)]


REFUSALS_SHOWN = 4
"""How many refused answers ``cards check --dropped`` names for a claim."""


def refused_answers(parsed: ParsedClaim, verdicts: Verdicts) -> str:
    """Why a claim's candidate answers were refused, for ``cards check --dropped``:
    "'PMs': answer not in context; 'timing': guessable". A note's owner reads what
    was weighed, and so what bolding another phrase would change."""
    if not verdicts:
        return "nothing to ask: no bold, name, number or noun phrase"

    def said(candidate: Candidate) -> str:
        return " ".join(parsed.claim.text[candidate.start : candidate.end].split())

    speakers = [
        f"'{said(c)}': who says it, and nothing else to ask"
        for c, refusal in verdicts
        if refusal is None and c.kind != "bold" and a_speaker(parsed, c)
    ]
    reasons = speakers + [
        f"'{said(c)}': {refusal}" for c, refusal in verdicts if refusal is not None
    ]
    more = len(reasons) - REFUSALS_SHOWN
    shown = "; ".join(reasons[:REFUSALS_SHOWN])
    return f"{shown}; {more} more" if more > 0 else shown
