"""Block collection: a note's body becomes `Block`s of plain text.

markdown-it's flat token stream is walked once, keeping the headings above and the
lists, items and quotes open around each paragraph. What becomes a block: paragraphs
and list items (nested too), with their heading path; a paragraph of '**Label**: text'
lines gives an item per line. A paragraph ending in ':', or a short label line
('Height of a node v'), is the lead-in of a list right below it. What does not:
code, tables, raw HTML blocks, display math, footnote definitions and the
``From: [[source]]`` lines a note may open with, which become its source and header
instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from markdown_it.token import Token

from .frontmatter import opening_header
from .images import Image, image_width
from .inline import InlineText, Span, Stamp, flatten_inline
from .markdown import PARSER

__all__ = ["Block", "BlockKind", "Body", "read_body"]

BlockKind = Literal["paragraph", "item"]


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph or list item, as plain text with its formatting kept aside."""

    kind: BlockKind
    text: str
    spans: tuple[Span, ...]
    stamps: tuple[Stamp, ...]
    links: tuple[str, ...]
    section: tuple[str, ...]
    line: int
    lead_in: int | None = None
    """Index of the block this one continues: the paragraph ending in ':' that
    introduces its list, or the parent item of a nested list."""
    depth: int = 0
    prose: bool = False
    """A paragraph without bold text, read for its salient sentences (``--prose``);
    not a block of 'Label: value' fields."""
    label: bool = False
    """A paragraph short enough to name the list right below it ('Height of a node
    v', 'Operands', 'Use cases:'): no sentence, and no link, time, tag or image
    line. It is that list's lead-in, with or without a colon."""


_CALLOUT = re.compile(r"\[!([A-Za-z0-9_-]+)\][+-]?\s*")
_SKIPPED_BLOCKS = frozenset(
    {"fence", "code_block", "html_block", "math_block", "math_block_label", "hr"}
)
TITLE_LABEL = re.compile(r"[A-Z][\w'-]*(?: [A-Z][\w'-]*){1,5}")
"""Two to six capitalised words: a title, not a sentence's opening words. A bold
one before a number is a label (`_colon_after_label`); ``cards check`` flags one
still run into its text."""
_LABEL_WORDS = 6
"""A bold opening this short, followed by its text, is a label."""
LABEL_WORDS = 10
"""A paragraph of at most this many words, ending no sentence, can be a list's label."""
_SENTENCE_ENDS = (".", "!", "?", ";", ",", "\u2026", "\u3002", "\uff01", "\uff1f")
_IMAGE_REACH = 4
"""Lines below an item's first line within which an image is 'right under it'."""


@dataclass
class Body:
    """What a note's body holds: its blocks and the images that go with them, and
    the links, tags, title and opening header lines found on the way."""

    blocks: list[Block] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    """Obsidian inline #tags found anywhere in the note."""
    first_h1: str | None = None
    source: str | None = None
    """The target of a 'From: [[source]]' opening line."""
    header: dict[str, str] = field(default_factory=dict)
    """The other opening 'Key: value' lines (`cards.read.frontmatter`)."""

    def add(self, flat: InlineText, block: Block) -> None:
        """Add a block, after the images its text embeds."""
        self.images.extend(_images(flat, len(self.blocks)))
        self.blocks.append(block)

    def add_images_under(
        self, flat: InlineText, line: int, section: tuple[str, ...]
    ) -> None:
        """Images alone in a paragraph go with the item right above them."""
        if not flat.images or not self.blocks:
            return
        last = self.blocks[-1]
        if (
            last.kind == "item"
            and last.section == section
            and 0 < line - last.line <= _IMAGE_REACH
        ):
            self.images.extend(_images(flat, len(self.blocks) - 1))

    def add_header(self, header: list[tuple[str, str]], flat: InlineText) -> None:
        """Keep the note's opening header lines: a 'From: [[...]]' as its source."""
        for key, value in header:
            if key in {"from", "source"} and "[[" in value and flat.links:
                self.source = self.source or flat.links[0]
            else:
                self.header.setdefault(key, value)


def read_body(markdown: str, prose: bool = False) -> Body:
    """Read a note's body (without its frontmatter) into blocks.

    With `prose`, paragraphs without bold text are marked to be read for their
    salient sentences (`cards.extract.prose`)."""
    collector = _BlockCollector(prose)
    collector.collect(PARSER.parse(markdown))
    return collector.body


class _Structure:
    """Where the walk is: the headings above it, the lists, items and quotes open
    around it, the paragraph right before it, and whether it is in a table or in
    footnotes (read for nothing)."""

    def __init__(self) -> None:
        self.headings: list[tuple[int, str]] = []
        self.stack: list[tuple[str, Any]] = []
        """("list", lead_in), ("item", its block's index, None before its first
        paragraph) or ("quote", its callout's title or None)."""
        self.previous_paragraph: int | None = None
        self.skip_depth = 0

    def follow(self, token: Token, blocks: Sequence[Block]) -> bool:
        """Follow a token that opens or closes a container or a block read for
        nothing; whether it was one, or stands where nothing is read."""
        kind = token.type
        if kind in {"table_open", "footnote_block_open"}:
            self.skip_depth += 1
            self.previous_paragraph = None
        elif kind in {"table_close", "footnote_block_close"}:
            self.skip_depth -= 1
        elif self.skip_depth:
            pass
        elif kind in {"bullet_list_open", "ordered_list_open"}:
            self.stack.append(("list", self._lead_in_of_list(blocks)))
        elif kind in {"bullet_list_close", "ordered_list_close"}:
            self.stack.pop()
            self.previous_paragraph = None
        elif kind == "list_item_open":
            self.stack.append(("item", None))
        elif kind == "list_item_close":
            self.stack.pop()
        elif kind == "blockquote_open":
            self.stack.append(("quote", None))
        elif kind == "blockquote_close":
            self.stack.pop()
            self.previous_paragraph = None
        elif kind in _SKIPPED_BLOCKS:
            self.previous_paragraph = None
        else:
            return False
        return True

    def _lead_in_of_list(self, blocks: Sequence[Block]) -> int | None:
        """What a list opening here continues: the item it is nested in, else the
        paragraph right before it when that ends in ':' or is a label."""
        for kind, value in reversed(self.stack):
            if kind == "item":
                return value  # type: ignore[no-any-return]
            if kind == "list":
                break
        previous = self.previous_paragraph
        if previous is not None and (
            blocks[previous].text.endswith(":") or blocks[previous].label
        ):
            return previous
        return None

    def enter_heading(self, level: int, text: str) -> None:
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        self.headings.append((level, text))
        self.previous_paragraph = None

    def section(self) -> tuple[str, ...]:
        callouts = tuple(
            title for kind, title in self.stack if kind == "quote" and title
        )
        return tuple(text for _, text in self.headings if text) + callouts

    def depth(self) -> int:
        """How many lists are open."""
        return sum(1 for kind, _ in self.stack if kind == "list")

    def in_item(self) -> bool:
        return bool(self.stack) and self.stack[-1][0] == "item"

    def in_quote(self) -> bool:
        return any(kind == "quote" for kind, _ in self.stack)

    def list_lead_in(self) -> int | None:
        """The lead-in of the innermost open list."""
        lists = (value for kind, value in reversed(self.stack) if kind == "list")
        return next(lists)  # type: ignore[no-any-return]


class _BlockCollector:
    """Walks markdown-it's flat token stream and collects blocks."""

    def __init__(self, prose: bool = False) -> None:
        self.prose = prose
        self.body = Body()
        self.structure = _Structure()

    def collect(self, tokens: Sequence[Token]) -> None:
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if self.structure.follow(token, self.body.blocks):
                pass
            elif token.type == "heading_open":
                self._heading(token, tokens[index + 1])
                index += 1
            elif token.type == "inline" and tokens[index - 1].type == "paragraph_open":
                self._paragraph(token)
            index += 1

    def _heading(self, token: Token, inline: Token) -> None:
        flat = flatten_inline(inline.children or [])
        text = flat.text()
        self.body.links.extend(flat.links)
        self.body.tags.extend(flat.tags)
        level = int(token.tag[1:])
        if level == 1 and self.body.first_h1 is None:
            self.body.first_h1 = text
        self.structure.enter_heading(level, text)

    def _paragraph(self, inline: Token) -> None:
        structure, body = self.structure, self.body
        children = list(inline.children or [])
        if structure.stack and structure.stack[-1] == ("quote", None):
            _take_callout_title(children, structure.stack)
        if structure.in_quote():
            children = _strip_callout_markers(children)
        flat = flatten_inline(children)
        _colon_after_label(flat)
        body.links.extend(flat.links)
        body.tags.extend(flat.tags)
        line = (inline.map[0] + 1) if inline.map else 0
        if not flat.text():
            body.add_images_under(flat, line, structure.section())
            return
        if not body.blocks and not structure.stack:
            header = opening_header(inline.content)
            if header is not None:
                body.add_header(header, flat)
                return
        labelled = _labelled_lines(children, by_case=not _field_lines(children))
        if not structure.in_item() and len(labelled) > 1:
            self._add_labelled_lines(labelled, line)
            return
        is_item = structure.in_item() and structure.stack[-1][1] is None
        lead_in = structure.list_lead_in() if is_item else None
        kind: BlockKind = "item" if is_item else "paragraph"
        self._add(flat, kind, line, lead_in)
        if body.blocks[-1].prose and _field_lines(children):
            body.blocks[-1] = replace(body.blocks[-1], prose=False)
        if is_item:
            structure.stack[-1] = ("item", len(body.blocks) - 1)
        structure.previous_paragraph = len(body.blocks) - 1

    def _add_labelled_lines(
        self, lines: list[tuple[int, list[Token]]], line: int
    ) -> None:
        """Read a paragraph of '**Label**: text' lines as one item per line.

        Obsidian shows each line of such a paragraph on its own, as a glossary;
        read as one paragraph, the labels fuse into a single run-on sentence.
        """
        for offset, children in lines:
            flat = flatten_inline(children)
            _colon_after_label(flat)
            if flat.text():
                kind: BlockKind = "item" if _opens_bold(children) else "paragraph"
                self._add(flat, kind, line + offset)
        self.structure.previous_paragraph = len(self.body.blocks) - 1

    def _add(
        self, flat: InlineText, kind: BlockKind, line: int, lead_in: int | None = None
    ) -> None:
        prose = self.prose and kind == "paragraph"
        block = Block(
            kind=kind,
            text=flat.text(),
            spans=tuple(flat.spans),
            stamps=tuple(flat.stamps),
            links=tuple(dict.fromkeys(flat.links)),
            section=self.structure.section(),
            line=line,
            lead_in=lead_in,
            depth=self.structure.depth(),
            prose=prose and not any(span.kind == "strong" for span in flat.spans),
            label=kind == "paragraph" and _is_label(flat),
        )
        self.body.add(flat, block)


def _images(flat: InlineText, block: int) -> list[Image]:
    """The images a block's text embeds, with their Obsidian widths read."""
    images = []
    for target, label, wiki in flat.images:
        alt, width = image_width(label)
        images.append(Image(block, target, width, wiki, alt))
    return images


def _colon_after_label(flat: InlineText) -> None:
    """Give a bold label run into its text its colon: '**Cold start** New users
    have no history' reads 'Cold start: New users have no history'.

    A short bold opening that ends no sentence, then a capitalised word, is a
    label (a glossary line, a step's title), not part of the sentence after it;
    so is a Title Case one before a number ('**National Budget** 75% of the
    budget …', rated garbled in round 21; '**Nearly** 40% of …' stays a sentence).
    """
    text = flat.text()
    label = next((s for s in flat.spans if s.kind == "strong"), None)
    if label is None or label.start != 0:
        return
    inner, after = text[: label.end], text[label.end :]
    if (
        0 < len(inner.split()) <= _LABEL_WORDS
        and not inner.rstrip().endswith((".", "!", "?", ",", ":"))
        and after[:1] == " "
        and (
            after[1:2].isupper()
            or (after[1:2].isdigit() and TITLE_LABEL.fullmatch(inner))
        )
    ):
        flat.insert(label.end, ":")


def _is_label(flat: InlineText) -> bool:
    """Whether a paragraph's text can name a list below it: a few words that end no
    sentence, in a line that is no timestamp, link, tag or image line."""
    text = flat.text().rstrip(":\uff1a").rstrip()
    if flat.stamps or flat.images or flat.tags or not any(c.isalpha() for c in text):
        return False
    if not 0 < len(text.split()) <= LABEL_WORDS or text.endswith(_SENTENCE_ENDS):
        return False
    linked = sum(span.end - span.start for span in flat.spans if span.kind == "link")
    return linked < len(text)


def _opens_bold(tokens: Sequence[Token]) -> bool:
    """Whether a line's tokens open with bold (markdown-it puts an empty text
    token before it)."""
    first = next((t for t in tokens if t.type != "text" or t.content), None)
    return first is not None and first.type == "strong_open"


def _labelled_lines(
    children: list[Token], by_case: bool = True
) -> list[tuple[int, list[Token]]]:
    """Split a paragraph's tokens at each line break followed by a bold opening,
    and (`by_case`) at each that ends no sentence before a capitalised line.

    Obsidian shows each line of a paragraph on its own. 'In the spleen,
    macrophages … phagocytose' over 'In the liver, Kupffer cells …', read as one
    paragraph, fused into one run-on sentence (rated garbled, round 18); so did
    'See [[Rorty]]' over the line it cites for. On the shared corpora, every such
    line break (250 of them, in notes of 7 authors) stands between two lines
    of their own, never inside a sentence wrapped before a name.

    Returns (line offset, tokens) pieces; one piece when no line is split off.
    """
    pieces: list[tuple[int, list[Token]]] = [(0, [])]
    offset = 0
    for position, token in enumerate(children):
        if token.type in {"softbreak", "hardbreak"}:
            offset += 1
            rest = children[position + 1 :]
            if _opens_bold(rest) or (
                by_case and _ends_no_sentence(pieces[-1][1]) and _opens_capital(rest)
            ):
                pieces.append((offset, []))
                continue
        pieces[-1][1].append(token)
    return [(offset, tokens) for offset, tokens in pieces if tokens]


_CAPITALISED_WORD = re.compile(r"\s*[A-Z][a-z]")


def _ends_no_sentence(line: Sequence[Token]) -> bool:
    """Whether a line's last word ends no sentence: a letter, figure, bracket or
    link, not '.', ':', ',' and the like. A bold line ('**Caveats**') is the
    label of the line under it (`_colon_after_label`)."""
    last = next(
        (t for t in reversed(line) if t.type != "text" or t.content.strip()), None
    )
    if last is None or (last.type == "strong_close" and _opens_bold(line)):
        return False
    if last.type != "text":
        return last.type in {"wikilink", "link_close", "strong_close", "em_close"}
    return last.content.rstrip()[-1:].isalnum() or last.content.rstrip()[-1:] in ")]"


def _opens_capital(line: Sequence[Token]) -> bool:
    """Whether a line opens with a capitalised word ('In the liver, …')."""
    first = next((t for t in line if t.type != "text" or t.content.strip()), None)
    return (
        first is not None
        and first.type == "text"
        and _CAPITALISED_WORD.match(first.content) is not None
    )


_FIELD = re.compile(r"[A-Z][\w'-]*(?: [\w'-]+){0,3}(::?)(?:\s|$)")
"""A line opening with a short label and a colon ('Created:: 2021-06-21',
'References: Not Applicable'), or a Dataview field's two."""


def _field_lines(children: Sequence[Token]) -> bool:
    """Whether a paragraph is a block of fields, not prose: each of its lines opens
    with a label and a colon, and there are two lines or more, or Dataview's '::'
    ('Status: draft', 'Tags: #geography', 'Links: [[Maps]]', one line each)."""
    lines: list[str] = [""]
    for token in children:
        if token.type in {"softbreak", "hardbreak"}:
            lines.append("")
        elif not lines[-1] and token.type == "text":
            lines[-1] = token.content.lstrip()
        elif not lines[-1]:
            return False  # a line opening with a link, code or emphasis
    found = [_FIELD.match(line) for line in lines]
    if not all(found):
        return False
    return len(lines) > 1 or any(m.group(1) == "::" for m in found if m)


def _take_callout_title(children: list[Token], stack: list[tuple[str, Any]]) -> None:
    """Take an Obsidian callout header (``[!info] Title``) off a quote's first
    paragraph, and make it the title of the quote open on top of `stack`."""
    if not children or children[0].type != "text":
        return
    match = _CALLOUT.match(children[0].content)
    if not match:
        return
    end = next(
        (i for i, token in enumerate(children) if token.type == "softbreak"),
        len(children),
    )
    header = flatten_inline(
        [_text_token(children[0].content[match.end() :]), *children[1:end]]
    ).text()
    stack[-1] = ("quote", header or match.group(1).capitalize())
    del children[: end + 1]


def _strip_callout_markers(children: list[Token]) -> list[Token]:
    """Drop '[!type]' markers that open a line inside a quote but not the callout."""
    stripped = []
    for index, token in enumerate(children):
        at_line_start = index == 0 or children[index - 1].type == "softbreak"
        if token.type == "text" and at_line_start:
            match = _CALLOUT.match(token.content)
            if match:
                token = _text_token(token.content[match.end() :])
        stripped.append(token)
    return stripped


def _text_token(content: str) -> Token:
    return Token("text", "", 0, content=content)
