"""What a command tells its caller: the records `build` and `check` return."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .check import QualityReport
from .generate import Card, Dropped
from .identify import Changes, Entry

__all__ = ["BuildSummary", "CheckSummary"]


@dataclass(frozen=True, slots=True)
class BuildSummary:
    """What a build read, made and wrote."""

    notes_read: int
    skipped: tuple[str, ...]
    """One 'path: reason' line per note that could not be used."""
    notes_without_cards: int
    claims: int
    cards_by_kind: dict[str, int] = field(default_factory=dict)
    changes: Changes = field(default_factory=Changes)
    deck_path: Path | None = None
    """Where the deck was written; None on a dry run."""
    state_path: Path | None = None
    warnings: tuple[str, ...] = ()
    cards: tuple[Card, ...] = field(default=(), repr=False)
    """The cards made, each with its `Claim`; what spaCy read in the claims (a
    `ParsedClaim`'s) stays in the cache."""
    dropped: tuple[Dropped, ...] = field(default=(), repr=False)
    """Claims that gave no card, each with the rule that stopped it."""
    quality: QualityReport | None = field(default=None, repr=False)
    quality_line: str = ""
    entries: tuple[Entry, ...] = field(default=(), repr=False)
    """The cards as identified against the state: GUIDs, times, fields, tags."""
    deck_name: str = ""
    reused: bool = False
    """Nothing had changed since the last build: its deck and state stand."""
    media: tuple[tuple[str, Path], ...] = field(default=(), repr=False)
    """The images the cards show: (name in the deck, file); see
    `cards.package.media`."""

    @property
    def card_count(self) -> int:
        return sum(self.cards_by_kind.values())


@dataclass(frozen=True, slots=True)
class CheckSummary:
    """What ``cards check`` found."""

    report: QualityReport
    dropped: tuple[Dropped, ...] = ()
    notes_read: int = 0
    skipped: tuple[str, ...] = ()
    from_deck: bool = False
    hand_cards: int = 0
    """Cards written by hand in the notes: counted apart, not judged."""
    reversed: int = 0
    """Definition cards that a build would reverse too (``--reverse``)."""
