"""What the state file knows a card by, besides its note and kind: its claim's
text and, for a cloze, the answer it hides (two clozes of one sentence differ by
it). The state stores the pair as one string, ``claim [answer]``; this record is
the one place that writes and reads that form."""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["CardText"]


class CardText(NamedTuple):
    """A card's claim text and, for a cloze, its answer."""

    claim: str
    answer: str | None = None

    @property
    def stored(self) -> str:
        """The form the state file keeps: ``claim [answer]`` for a cloze."""
        return self.claim if self.answer is None else f"{self.claim} [{self.answer}]"

    @classmethod
    def read(cls, kind: str, stored: str) -> CardText:
        """The pair back from the state file's form of a card of `kind`."""
        if kind != "cloze" or not stored.endswith("]"):
            return cls(stored)
        claim, _, answer = stored[:-1].rpartition(" [")
        return cls(claim, answer)
