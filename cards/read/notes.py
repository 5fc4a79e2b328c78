"""Read stage: a Markdown file becomes a `ParsedNote`: the `Note` (what it is and
says of itself) and its plain-text blocks.

A note is read in steps, each a module of this package:

1. `folders`: the Markdown files under a folder, the vault holding them, their bytes;
2. `frontmatter`: the YAML frontmatter (or exported 'Key: value' lines) split off;
3. `handsyntax`: the cards its owner wrote by hand taken out (their lines blanked);
4. `markdown`: the body parsed by CommonMark with Obsidian's inline syntax;
5. `blocks`: the parse tree walked into paragraphs and list items, each flattened
   by `inline` into plain text with the offsets of its formatting (`Span`),
   timestamps (`Stamp`) and the targets of its links.

Later stages work on offsets into that plain text, so nothing of the Markdown syntax
can leak onto a card: the deck stage renders HTML from the spans.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import NoteError
from ..records import Record
from .blocks import Block, read_body
from .folders import find_vault, note_name, read_bytes
from .frontmatter import first_string, fused_source, split_frontmatter, string_list
from .handsyntax import HAND_SYNTAX, HandCard, HandSyntax, find_hand_cards
from .images import Image
from .inline import INVISIBLE, Span, plain_text
from .markdown import SHORT_TIME, note_times

__all__ = [
    "Marked",
    "Note",
    "Outline",
    "ParsedNote",
    "Span",
    "outline",
    "parse_note",
    "read_note",
    "read_text",
]
# `Span` is named here too: the records a note is made of are read from this module.


@dataclass(frozen=True, slots=True)
class Note(Record):
    """One Markdown file, read: what it is and what it says of itself (its name,
    title, tags, links, hand-written cards and images), not its text.

    The text is a `ParsedNote`'s: extraction reads it and nothing after it does,
    so this record is what a card, a worker's reply and the cache hold of a note.
    """

    path: Path
    name: str
    """The path relative to the notes folder, without '.md', with '/' separators."""
    title: str
    tags: tuple[str, ...]
    aliases: tuple[str, ...]
    source: str | None
    """Target of the note's ``From: [[...]]`` line."""
    video_id: str | None
    url: str | None
    links: tuple[str, ...]
    metadata: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    warnings: tuple[str, ...] = ()
    """Problems the reader recovered from, one 'path: what' line each."""
    vault: str | None = None
    """The Obsidian vault the note lives in (a folder holding '.obsidian/')."""
    vault_file: str | None = None
    """The note's path inside that vault, without '.md': what Obsidian opens."""
    hand: tuple[HandCard, ...] = ()
    """The cards its owner wrote in it (`cards.read.handsyntax`), their lines taken out
    of its blocks."""
    images: tuple[Image, ...] = ()
    """The images embedded in a block or right under it."""


@dataclass(frozen=True, slots=True)
class ParsedNote:
    """A note with its body: the plain-text blocks extraction reads.

    Only a worker holds one, while it extracts the note's claims and outlines it;
    what leaves it is the `Note` alone.
    """

    note: Note
    blocks: tuple[Block, ...]


class Marked(NamedTuple):
    """A block with what coverage counts: its bold phrases, or its being an item."""

    block: int
    item: bool
    bold: tuple[str, ...]
    """The text of each bold (or highlighted) phrase."""


class Outline(NamedTuple):
    """What the quality check's coverage counts in one note (bold phrases, list
    items, words); a build keeps this rather than the note's blocks. Made here,
    with the reading: a change to it is a change to how notes are read, which
    the cache's key covers."""

    name: str
    words: int
    marked: tuple[Marked, ...]


def outline(parsed: ParsedNote) -> Outline:
    """The outline of a note, from its blocks."""
    marked = []
    for index, block in enumerate(parsed.blocks):
        bold = tuple(
            block.text[span.start : span.end]
            for span in block.spans
            if span.kind == "strong"
        )
        if bold or block.kind == "item":
            marked.append(Marked(index, block.kind == "item", bold))
    words = sum(len(block.text.split()) for block in parsed.blocks)
    return Outline(parsed.note.name, words, tuple(marked))


def read_text(
    text: str,
    path: Path,
    name: str | None = None,
    vault: Path | None = None,
    syntax: HandSyntax = HAND_SYNTAX,
    prose: bool = False,
) -> ParsedNote:
    """Read a note from its text; `path` is only used in messages and for the name.

    `syntax` says how the vault writes cards by hand (`cards.read.handsyntax`); with
    `prose`, paragraphs without bold text are marked to be read for their salient
    sentences (`cards.extract.prose`)."""
    if "\x00" in text:
        raise NoteError(f"{path}: binary file, not Markdown text")
    warnings: list[str] = []
    metadata, markdown = split_frontmatter(text, path, warnings)
    markdown, source = fused_source(markdown)
    hand, markdown = find_hand_cards(
        markdown, syntax, string_list(metadata.get("tags", metadata.get("tag")))
    )
    body = read_body(markdown, prose)
    title = (
        plain_text(first_string(metadata, "title") or "")
        or body.first_h1
        or _title_from_stem(path.stem)
    )
    note = Note(
        path=path,
        name=name if name is not None else path.with_suffix("").as_posix(),
        title=title,
        tags=tuple(
            dict.fromkeys(
                string_list(metadata.get("tags", metadata.get("tag")))
                + string_list(body.header.get("tags", body.header.get("tag")))
                + tuple(body.tags)
            )
        ),
        aliases=string_list(metadata.get("aliases", metadata.get("alias"))),
        source=body.source or source,
        video_id=first_string(metadata, "videoId", "video_id", "youtube_id"),
        url=first_string(metadata, "url", "source", "link"),
        links=tuple(dict.fromkeys(body.links)),
        metadata=metadata,
        warnings=tuple(warnings),
        vault=vault.name if vault else None,
        vault_file=_vault_file(path, vault),
        hand=hand,
        images=tuple(body.images),
    )
    read_time = note_times(
        [s.seconds for b in body.blocks for s in b.stamps],
        short=bool(SHORT_TIME.search(markdown)),
    )
    blocks = tuple(
        replace(
            b, stamps=tuple(s._replace(seconds=read_time(s.seconds)) for s in b.stamps)
        )
        if any(read_time(s.seconds) != s.seconds for s in b.stamps)
        else b
        for b in body.blocks
    )
    return ParsedNote(note, blocks)


def _title_from_stem(stem: str) -> str:
    """A file name as a title: 'Japan_and_the_World' reads 'Japan and the World'
    (a name written with underscores for spaces shows them on every card), and
    Markdown in it reads as its words."""
    title = unicodedata.normalize("NFC", stem).translate(INVISIBLE)
    if " " not in title and "_" in title.strip("_"):
        title = " ".join(title.replace("_", " ").split())
    if "*" in title or "`" in title:
        # '**Japanese aggression towards China**.md', exported with its heading's
        # bold, showed the asterisks on every card's context line.
        title = plain_text(title) or title
    return title


def _vault_file(path: Path, vault: Path | None) -> str | None:
    if vault is None:
        return None
    try:
        return path.resolve().relative_to(vault.resolve()).with_suffix("").as_posix()
    except ValueError:
        return None


def _decode(raw: bytes, path: Path) -> str:
    if b"\x00" in raw[:8192]:
        raise NoteError(f"{path}: binary file, not Markdown text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise NoteError(
            f"{path}: not UTF-8 text (invalid byte at offset {error.start})"
        ) from None


def parse_note(
    raw: bytes,
    path: Path,
    name: str,
    vault: Path | None = None,
    syntax: HandSyntax = HAND_SYNTAX,
    prose: bool = False,
) -> ParsedNote:
    """Read a note from the bytes of its file.

    Raises:
        NoteError: not UTF-8 text, or frontmatter that is not valid YAML.
    """
    return read_text(_decode(raw, path), path, name, vault, syntax, prose)


def read_note(
    path: Path, root: Path | None = None, syntax: HandSyntax = HAND_SYNTAX
) -> ParsedNote:
    """Read one Markdown file.

    Args:
        path: the note.
        root: the notes folder; the note's name is its path relative to it.

    Raises:
        NoteError: the file cannot be read, is not UTF-8 text, or its frontmatter is
            not valid YAML.
    """
    return parse_note(
        read_bytes(path),
        path,
        note_name(path, root),
        find_vault(root or path.parent),
        syntax,
    )
