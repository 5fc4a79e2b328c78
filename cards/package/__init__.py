"""Stage 6, package: cards go into an Anki `.apkg` (with their images), or a CSV
or JSON Lines export."""

from .deck import (
    CLOZE_MODEL,
    CSS,
    QA_MODEL,
    DeckNote,
    PackagedNote,
    card_fields,
    read_package,
    write_deck,
)
from .export import FORMATS, Format, write_export
from .media import Media

__all__ = [
    "CLOZE_MODEL",
    "CSS",
    "FORMATS",
    "QA_MODEL",
    "DeckNote",
    "Format",
    "Media",
    "PackagedNote",
    "card_fields",
    "read_package",
    "write_deck",
    "write_export",
]
