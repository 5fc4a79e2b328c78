"""Stage 5, identify: each card keeps its GUID and review history across builds
(the state file beside the notes, matched by claim, answer and likeness)."""

from .card_text import CardText
from .matching import RETIRED_TAG, Changes, Fresh, match
from .state import (
    EncodedEntries,
    Entry,
    RefusedStateError,
    State,
    StateError,
    encode_entries,
    load_state,
    save_state,
)

__all__ = [
    "RETIRED_TAG",
    "CardText",
    "Changes",
    "EncodedEntries",
    "Entry",
    "Fresh",
    "RefusedStateError",
    "State",
    "StateError",
    "encode_entries",
    "load_state",
    "match",
    "save_state",
]
