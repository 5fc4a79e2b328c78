"""What sets a talk's summary apart from notes written by hand: its lines read as
a summariser's wording of what was said, so a lower-case blank there is more
often the summary's choice of word than a term the talk taught.
`cards.generate.answers` asks these when it judges an answer."""

from __future__ import annotations

from collections.abc import Sequence

from ..extract import Claim, Word
from .words import zipf

__all__ = ["SUMMARY_PHRASE_ZIPF", "summary_wording", "talk_summary"]


SUMMARY_PHRASE_ZIPF = 2.8
"""A lower-case blank in a talk's summary whose rarest word is at least this common
in English is guessable; in notes written by hand the bar is
`cards.generate.answers.COMMON_PHRASE_ZIPF` (3.0). Of the graded timestamped
cards, those whose rarest word lay from 2.8 to 3.0 were kept by 38% of grades and
deleted by 50% (169 cards), those below 2.8 kept 51% and deleted 35% (434); two
raters kept 34% and deleted 28% of 25 ungraded ones it removes, 55% and 12% of the
20 their sentences make instead (round 74p). Hand-written notes' cards in that
band were kept 43% and deleted 27% (15)."""


def talk_summary(claim: Claim) -> bool:
    """Whether a claim is a line of a talk's summary: it has a timestamp, or its
    note names the video it sums up (frontmatter ``videoId``), as 30% of
    `hubermanlab/`'s and `lexfridman/`'s cards do without a timestamp; no study
    note of the corpora names a video. Their lower-case blanks from Zipf 2.6 to
    3.0 were kept by 43% of grades and deleted by 49% (64 cards), as timestamped
    ones; of the 56 graded cards the reading removed (this rule and
    `summary_wording`), 38% and 53%."""
    return claim.seconds is not None or bool(claim.note.video_id)


_WORDING_ZIPF = 4.0


def summary_wording(claim: Claim, content: Sequence[Word]) -> bool:
    """Whether a lower-case blank of two words or more opens on an everyday
    adjective (Zipf ≥ `_WORDING_ZIPF`: '[greater thermogenesis]', '[vast
    datasets]', '[physical altercations]') in a talk's summary: the learner would
    recall which adjective the summary chose. In notes written by hand such a
    phrase is most often a term ('[multiple myeloma]', '[second trimester]': study
    notes' 20 were kept by 55% of grades, deleted by 15%). Found on rounds 24 to 31
    (34 timestamped cards: kept 29%, deleted 54%); on the fresh grades of rounds 32
    to 36, 16 such cards were kept by 31% and deleted by 62%."""
    return (
        talk_summary(claim)
        and len(content) > 1
        and content[0].tag in {"JJ", "JJR", "JJS"}
        and zipf(content[0].text) >= _WORDING_ZIPF
    )
