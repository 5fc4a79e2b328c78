"""Stage 1, read: a Markdown file becomes a `Note` (frontmatter, outline, plain-text
blocks with their bold spans, links, timestamps, images and hand-written cards)."""

from .handsyntax import HandCard, HandSyntax, images_in
from .notes import (
    HAND_SYNTAX,
    Block,
    Image,
    Note,
    Outline,
    Span,
    find_notes,
    find_vault,
    inline_markdown,
    note_name,
    outline,
    parse_note,
    plain_text,
    read_bytes,
)

__all__ = [
    "HAND_SYNTAX",
    "Block",
    "HandCard",
    "HandSyntax",
    "Image",
    "Note",
    "Outline",
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
]
