"""The images a note embeds: Obsidian's ``![[file|300]]`` and Markdown's
``![alt](path)``, with the width Obsidian reads from the label."""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["Image", "image_width", "images_in"]


class Image(NamedTuple):
    """An image a note embeds: with a list item (`block`) or a hand-written card."""

    block: int
    """The index of the block it goes with; -1 in a hand-written card."""
    target: str
    """The file as written: a name or path, or a URL."""
    width: int | None
    wiki: bool
    """``![[target]]``, found by name anywhere in the vault; else relative."""
    alt: str = ""


_WIKI_IMAGE = re.compile(r"!\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]*))?\]\]")
_MARKDOWN_IMAGE = re.compile(
    r"!\[([^\]\n]*)\]\(\s*<?([^()\s<>]+)>?(?:\s+\"[^\"]*\")?\s*\)"
)
_WIDTH = re.compile(r"^(.*?)\|?\s*(\d{1,4})(?:x\d{1,4})?$")


def image_width(label: str) -> tuple[str, int | None]:
    """Obsidian's '|300' (or '|alt|300', '300x200') as (alt, width)."""
    match = _WIDTH.match(label.strip())
    if not match:
        return label.strip(), None
    return match.group(1).strip(), int(match.group(2)) or None


def images_in(markdown: str, block: int = -1) -> tuple[Image, ...]:
    """The images a piece of Markdown embeds, in order."""
    found: list[tuple[int, Image]] = []
    for match in _WIKI_IMAGE.finditer(markdown):
        alt, width = image_width(match.group(2) or "")
        target = match.group(1).split("#", 1)[0].strip()
        found.append((match.start(), Image(block, target, width, True, alt)))
    for match in _MARKDOWN_IMAGE.finditer(markdown):
        alt, width = image_width(match.group(1))
        found.append((match.start(), Image(block, match.group(2), width, False, alt)))
    return tuple(image for _, image in sorted(found))
