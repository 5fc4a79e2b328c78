"""Stage 6, package: cards go into an Anki `.apkg` (with their images), or a CSV
or JSON Lines export."""

from .deck import DeckNote, genanki_note_types, write_deck
from .export import FORMATS, Format, write_export
from .media import Media
from .note_types import (
    CLOZE_NOTE_TYPE,
    CLOZE_NOTE_TYPE_ID,
    CSS,
    NOTE_TYPES,
    QA_NOTE_TYPE,
    QA_NOTE_TYPE_ID,
    REVERSE_NOTE_TYPE,
    REVERSE_NOTE_TYPE_ID,
    card_fields,
    reverse_fields,
)
from .reading import PackagedNote, read_package

__all__ = [
    "CLOZE_NOTE_TYPE",
    "CLOZE_NOTE_TYPE_ID",
    "CSS",
    "FORMATS",
    "NOTE_TYPES",
    "QA_NOTE_TYPE",
    "QA_NOTE_TYPE_ID",
    "REVERSE_NOTE_TYPE",
    "REVERSE_NOTE_TYPE_ID",
    "DeckNote",
    "Format",
    "Media",
    "PackagedNote",
    "card_fields",
    "genanki_note_types",
    "read_package",
    "reverse_fields",
    "write_deck",
    "write_export",
]
