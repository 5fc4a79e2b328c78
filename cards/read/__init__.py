"""Stage 1, read: a Markdown file becomes a `ParsedNote`: its `Note` (name, title,
frontmatter, links, images and hand-written cards) and its plain-text blocks with
their bold spans and timestamps, which only extraction reads.

The steps, one module each, are listed in `cards.read.notes`."""

from .blocks import TITLE_LABEL, Block
from .folders import find_notes, find_vault, note_name, read_bytes
from .handsyntax import HAND_SYNTAX, HandCard, HandSyntax
from .images import Image, images_in
from .inline import Span, inline_markdown, plain_text
from .notes import (
    Note,
    Outline,
    ParsedNote,
    outline,
    parse_note,
    read_note,
    read_text,
)

__all__ = [
    "HAND_SYNTAX",
    "TITLE_LABEL",
    "Block",
    "HandCard",
    "HandSyntax",
    "Image",
    "Note",
    "Outline",
    "ParsedNote",
    "Span",
    "find_notes",
    "find_vault",
    "images_in",
    "inline_markdown",
    "note_name",
    "outline",
    "parse_note",
    "plain_text",
    "read_bytes",
    "read_note",
    "read_text",
]
