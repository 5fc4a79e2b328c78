"""Last build's state: read once, when first asked for, with a corrupt file set
aside; and the answers its clozes asked, which this build keeps where it can
(see `cards.generate.pins`)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CardsError
from .generate import claim_key
from .identify import (
    CardText,
    EncodedEntries,
    RefusedStateError,
    State,
    StateError,
    encode_entries,
    load_state,
)

__all__ = ["LastBuild", "build_time"]


def build_time() -> int:
    """The build's clock; ``SOURCE_DATE_EPOCH`` pins it for reproducible builds."""
    pinned = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(pinned) if pinned.isdigit() else int(time.time())


def _previous_answers(state: State) -> dict[str, str]:
    """Each live cloze's claim and the answer it asked, from last build's state."""
    answers: dict[str, str] = {}
    for entry in state.entries.values():
        card = CardText.read(entry.kind, entry.text)
        if card.answer is not None and entry.retired is None:
            answers.setdefault(claim_key(card.claim), card.answer)
    return answers


@dataclass
class LastBuild:
    """Last build's state, read when first asked for: `collect` asks for its
    answers once its workers have started, so reading it overlaps their loading
    spaCy."""

    path: Path
    keep_corrupt: bool
    warnings: list[str] = field(default_factory=list)
    encoded: EncodedEntries | None = None
    """Its entries as the state file writes them, once `encode` is called."""
    _state: State | None = None

    def state(self) -> State:
        if self._state is None:
            self._state = _load_state(
                self.path, self.warnings, keep_corrupt=self.keep_corrupt
            )
        return self._state

    def answers(self) -> dict[str, str]:
        state = self.state()
        # Indexed for matching now, while the workers load spaCy, not after them.
        state.texts  # noqa: B018
        return _previous_answers(state)

    def encode(self) -> None:
        """Encode the entries for the new state file (`cards.identify.save_state`):
        done while the workers parse, as most of them are written again as they
        were."""
        self.encoded = encode_entries(self.state())


def _load_state(
    path: Path, warnings: list[str], *, keep_corrupt: bool = False
) -> State:
    """Read the state; a corrupt one is set aside and the build starts afresh.

    A dry run reports a corrupt state but leaves the file where it is.
    """
    try:
        state = load_state(path)
    except RefusedStateError as error:
        raise CardsError(f"{path}: state file {error}; not read") from None
    except StateError as error:
        backup = path.with_name(path.name + ".corrupt")
        try:
            if keep_corrupt:
                backup = path
            else:
                os.replace(path, backup)
        except OSError:
            backup = path
        warnings.append(
            f"{path}: state file is corrupt ({error}); kept as {backup.name}, "
            "starting a new one"
        )
    except OSError as error:
        raise CardsError(
            f"{path}: cannot read the state file ({error.strerror})"
        ) from None
    else:
        shown = state.dropped[:_SHOWN_DROPPED]
        warnings.extend(f"{path}: {line}; left out" for line in shown)
        if len(state.dropped) > len(shown):
            more = len(state.dropped) - len(shown)
            warnings.append(f"{path}: {more} more damaged cards left out")
        return state
    return State()


_SHOWN_DROPPED = 10
"""Damaged state entries named one per line; past these, one line counts the rest."""
