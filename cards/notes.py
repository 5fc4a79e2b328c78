"""Read stage: a Markdown file becomes a `Note` of plain-text blocks.

A note is parsed with a CommonMark parser (markdown-it-py) extended by two inline rules
of our own, for Obsidian's ``[[target|alias]]`` links and for bare ``[hh:mm:ss]``
timestamps. The parse tree is flattened into `Block`s: the plain text a reader would
say, plus the offsets of its formatting (`Span`), its timestamps (`Stamp`) and the
targets of its links. Later stages work on offsets into that plain text, so nothing of
the Markdown syntax can leak onto a card: the deck stage renders HTML from the spans.

What becomes a block: paragraphs and list items (nested too), with their heading path.
What does not: code, tables, raw HTML blocks, display math, footnote definitions and
the ``From: [[source]]`` line, which becomes the note's source instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal

import frontmatter
import yaml
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .errors import NoteError

__all__ = ["Block", "Note", "Span", "Stamp", "find_notes", "read_note", "read_text"]

SpanKind = Literal["strong", "em", "code", "math"]


@dataclass(frozen=True, slots=True)
class Span:
    """Formatting over ``text[start:end]`` of a block."""

    start: int
    end: int
    kind: SpanKind


@dataclass(frozen=True, slots=True)
class Stamp:
    """A timestamp into the note's video, found at ``offset`` in a block's text."""

    offset: int
    seconds: int


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph or list item, as plain text with its formatting kept aside."""

    kind: Literal["paragraph", "item"]
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


@dataclass(frozen=True, slots=True)
class Note:
    """One Markdown file, read."""

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
    blocks: tuple[Block, ...]
    metadata: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


_TIME = re.compile(r"(?:(\d{1,2}):)?([0-5]?\d):([0-5]\d)")
_BARE_TIMESTAMP = re.compile(r"\[((?:\d{1,2}:)?[0-5]?\d:[0-5]\d)\]")
_WHITESPACE = re.compile(r"\s+")
_INVISIBLE = dict.fromkeys(
    [0x200B, 0x2060, 0xFEFF, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
"""Zero-width spaces and bidirectional overrides: invisible in a note, but they can
make a card read differently from its source (and split words for the tagger)."""
_CLOSING_PUNCTUATION = frozenset(".,;:!?)]}”’")
_CALLOUT = re.compile(r"\[!([A-Za-z0-9_-]+)\][+-]?\s*")
_SOURCE_LINE = re.compile(r"(?:From|Source)\s*:\s*", re.IGNORECASE)
_SKIPPED_BLOCKS = frozenset(
    {"fence", "code_block", "html_block", "math_block", "math_block_label", "hr"}
)


def seconds_from_time(value: str) -> int | None:
    """Read '01:02:03', '2:03' or '00:07:01' as seconds; None if it is not a time."""
    match = _TIME.fullmatch(value.strip())
    if not match:
        return None
    hours, minutes, seconds = (int(part) if part else 0 for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    """Parse ``[[target|alias]]`` and ``![[embed]]`` as single tokens."""
    src, pos = state.src, state.pos
    embed = src.startswith("![[", pos)
    if not (embed or src.startswith("[[", pos)):
        return False
    start = pos + (3 if embed else 2)
    end = src.find("]]", start, state.posMax + 1)
    if end < 0 or "\n" in src[start:end] or "[[" in src[start:end]:
        return False
    if not silent:
        inner = src[start:end]
        target, _, alias = inner.partition("|")
        token = state.push("embed" if embed else "wikilink", "", 0)
        # Obsidian allows '\|' inside tables; the heading part (#...) is not a topic.
        target = target.rstrip("\\").strip()
        token.meta = {
            "target": target.split("#", 1)[0].strip() or target,
            "label": alias.strip() or target.split("#", 1)[-1].strip() or target,
        }
    state.pos = end + 2
    return True


def _timestamp_rule(state: StateInline, silent: bool) -> bool:
    """Parse a bare ``[00:12:34]`` as a timestamp rather than text."""
    if state.src[state.pos] != "[":
        return False
    match = _BARE_TIMESTAMP.match(state.src, state.pos, state.posMax)
    if not match:
        return False
    if not silent:
        token = state.push("timestamp", "", 0)
        token.meta = {"seconds": seconds_from_time(match.group(1))}
    state.pos = match.end()
    return True


def _make_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": True})
    parser.enable(["table", "strikethrough"])
    # Money ("$5 and $10") must not read as math: no digit or space inside the '$'.
    parser.use(dollarmath_plugin, allow_space=False, allow_digits=False)
    parser.use(footnote_plugin)
    parser.inline.ruler.before("link", "wikilink", _wikilink_rule)
    parser.inline.ruler.before("link", "timestamp", _timestamp_rule)
    return parser


_PARSER = _make_parser()


class _TagReader(HTMLParser):
    """Reads the name and attributes of one inline HTML tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tag = ""
        self.closing = False
        self.attrs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tag = tag
        self.attrs = {key: value or "" for key, value in attrs}

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.tag, self.closing = tag, True


def _read_tag(html: str) -> _TagReader:
    reader = _TagReader()
    reader.feed(html)
    reader.close()
    return reader


class _TextBuilder:
    """Accumulates plain text from inline tokens, tracking spans and stamps.

    Whitespace is collapsed as it arrives, and a space left before closing punctuation
    by something removed (a timestamp anchor, say) is dropped, so offsets recorded
    along the way stay valid in the final text.
    """

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.pending_space = False
        self.open: dict[str, int | None] = {}
        self.spans: list[Span] = []
        self.stamps: list[Stamp] = []
        self.links: list[str] = []

    def add(self, text: str) -> None:
        text = text.translate(_INVISIBLE)
        if not text:
            return
        if text[0].isspace():
            self.pending_space = True
        trailing_space = text[-1].isspace()
        text = _WHITESPACE.sub(" ", text).strip()
        if text:
            if (
                self.pending_space
                and self.length
                and text[0] not in _CLOSING_PUNCTUATION
            ):
                self._append(" ")
            for kind, start in self.open.items():
                if start is None:
                    self.open[kind] = self.length
            self._append(text)
            self.pending_space = False
        if trailing_space:
            self.pending_space = True

    def _append(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def space(self) -> None:
        self.pending_space = True

    def open_span(self, kind: SpanKind) -> None:
        self.open.setdefault(kind, None)

    def close_span(self, kind: SpanKind) -> None:
        start = self.open.pop(kind, None)
        if start is not None and start < self.length:
            self.spans.append(Span(start, self.length, kind))

    def stamp(self, seconds: int | None) -> None:
        if seconds is not None:
            self.stamps.append(Stamp(self.length, seconds))

    def text(self) -> str:
        return "".join(self.parts)


def _flatten_inline(children: Sequence[Token]) -> _TextBuilder:
    """Turn the children of an inline token into plain text with spans."""
    out = _TextBuilder()
    hidden_anchor_depth = 0
    for token in children:
        kind = token.type
        if kind == "html_inline":
            tag = _read_tag(token.content)
            if tag.tag == "a" and not tag.closing and hidden_anchor_depth == 0:
                classes = tag.attrs.get("class", "").split()
                if "yt-timestamp" in classes or "data-t" in tag.attrs:
                    out.stamp(seconds_from_time(tag.attrs.get("data-t", "")))
                    hidden_anchor_depth = 1
            elif tag.tag == "a" and tag.closing and hidden_anchor_depth:
                hidden_anchor_depth = 0
            elif tag.tag in {"br", "p", "div", "li"}:
                out.space()
            continue
        if hidden_anchor_depth:
            continue
        if kind == "text":
            out.add(token.content)
        elif kind in {"softbreak", "hardbreak"}:
            out.space()
        elif kind == "strong_open":
            out.open_span("strong")
        elif kind == "strong_close":
            out.close_span("strong")
        elif kind == "em_open":
            out.open_span("em")
        elif kind == "em_close":
            out.close_span("em")
        elif kind == "code_inline":
            out.open_span("code")
            out.add(token.content)
            out.close_span("code")
        elif kind in {"math_inline", "math_inline_double"}:
            out.open_span("math")
            out.add(token.content)
            out.close_span("math")
        elif kind == "wikilink":
            out.add(token.meta["label"])
            out.links.append(token.meta["target"])
        elif kind == "timestamp":
            out.stamp(token.meta["seconds"])
        # Images, embeds, footnote references and link markup carry no card text;
        # a link's own text arrives as ordinary text tokens.
    return out


def _heading_text(children: Sequence[Token]) -> tuple[str, list[str]]:
    flat = _flatten_inline(children)
    return flat.text(), flat.links


def _decode(raw: bytes, path: Path) -> str:
    if b"\x00" in raw[:8192]:
        raise NoteError(f"{path}: binary file, not Markdown text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise NoteError(
            f"{path}: not UTF-8 text (invalid byte at offset {error.start})"
        ) from None


def _string_list(value: object) -> tuple[str, ...]:
    """Read a frontmatter list that may be a YAML list or a comma/space string."""
    if value is None:
        return ()
    items: list[object]
    if isinstance(value, str):
        items = [part for part in re.split(r"[,\s]+", value) if part]
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        items = [value]
    cleaned = (str(item).strip().lstrip("#").strip() for item in items if item)
    return tuple(dict.fromkeys(item for item in cleaned if item))


def _first_string(metadata: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = metadata.get(key)
        if isinstance(value, str | int) and str(value).strip():
            return str(value).strip()
    return None


def _split_frontmatter(text: str, path: Path) -> tuple[dict[str, Any], str]:
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as error:
        # The context mark points at what was left open (an unclosed '['); the
        # problem mark at where the parser gave up, often the end of the block.
        mark = getattr(error, "context_mark", None) or getattr(
            error, "problem_mark", None
        )
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise NoteError(f"{path}: frontmatter is not valid YAML{where}") from None
    metadata = post.metadata if isinstance(post.metadata, dict) else {}
    return metadata, post.content


class _BlockCollector:
    """Walks markdown-it's flat token stream and collects blocks."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.headings: list[tuple[int, str]] = []
        self.first_h1: str | None = None
        self.links: list[str] = []
        self.source: str | None = None
        # Open containers: ("list", lead_in) or ("item", block index or None),
        # or ("quote", callout title or None).
        self.stack: list[tuple[str, Any]] = []
        self.previous_paragraph: int | None = None
        self.skip_depth = 0

    def section(self) -> tuple[str, ...]:
        callouts = tuple(
            title for kind, title in self.stack if kind == "quote" and title
        )
        return tuple(text for _, text in self.headings if text) + callouts

    def collect(self, tokens: Sequence[Token]) -> None:
        index = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind in {"table_open", "footnote_block_open"}:
                self.skip_depth += 1
            elif kind in {"table_close", "footnote_block_close"}:
                self.skip_depth -= 1
            elif self.skip_depth:
                pass
            elif kind == "heading_open":
                self._heading(token, tokens[index + 1])
                index += 1
            elif kind in {"bullet_list_open", "ordered_list_open"}:
                self.stack.append(("list", self._lead_in_for_list()))
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
            elif kind == "inline" and tokens[index - 1].type == "paragraph_open":
                self._paragraph(token)
            elif kind in _SKIPPED_BLOCKS:
                self.previous_paragraph = None
            index += 1

    def _heading(self, token: Token, inline: Token) -> None:
        level = int(token.tag[1:])
        text, links = _heading_text(inline.children or [])
        self.links.extend(links)
        if level == 1 and self.first_h1 is None:
            self.first_h1 = text
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        self.headings.append((level, text))
        self.previous_paragraph = None

    def _lead_in_for_list(self) -> int | None:
        for kind, value in reversed(self.stack):
            if kind == "item":
                return value  # type: ignore[no-any-return]
            if kind == "list":
                break
        previous = self.previous_paragraph
        if previous is not None and self.blocks[previous].text.endswith(":"):
            return previous
        return None

    def _paragraph(self, inline: Token) -> None:
        children = list(inline.children or [])
        self._read_callout_title(children)
        flat = _flatten_inline(children)
        text = flat.text()
        self.links.extend(flat.links)
        if not text:
            return
        if flat.links and self.source is None and not self.blocks:
            remainder = _SOURCE_LINE.match(text)
            if remainder and text[remainder.end() :].strip(" |") == (
                self._link_label(children)
            ):
                self.source = flat.links[0]
                return
        in_item = bool(self.stack) and self.stack[-1][0] == "item"
        is_item = in_item and self.stack[-1][1] is None
        lead_in = None
        if is_item:
            lead_in = next(
                value for kind, value in reversed(self.stack) if kind == "list"
            )
        depth = sum(1 for kind, _ in self.stack if kind == "list")
        line = (inline.map[0] + 1) if inline.map else 0
        self.blocks.append(
            Block(
                kind="item" if is_item else "paragraph",
                text=text,
                spans=tuple(flat.spans),
                stamps=tuple(flat.stamps),
                links=tuple(dict.fromkeys(flat.links)),
                section=self.section(),
                line=line,
                lead_in=lead_in,
                depth=depth,
            )
        )
        if is_item:
            self.stack[-1] = ("item", len(self.blocks) - 1)
        self.previous_paragraph = len(self.blocks) - 1

    @staticmethod
    def _link_label(children: Sequence[Token]) -> str:
        labels = [token.meta["label"] for token in children if token.type == "wikilink"]
        return labels[0] if len(labels) == 1 else ""

    def _read_callout_title(self, children: list[Token]) -> None:
        """Take an Obsidian callout header (``[!info] Title``) off a quote's text."""
        if not (self.stack and self.stack[-1] == ("quote", None)):
            return
        if not children or children[0].type != "text":
            return
        match = _CALLOUT.match(children[0].content)
        if not match:
            return
        end = next(
            (i for i, token in enumerate(children) if token.type == "softbreak"),
            len(children),
        )
        header = _flatten_inline(
            [_text_token(children[0].content[match.end() :]), *children[1:end]]
        ).text()
        self.stack[-1] = ("quote", header or match.group(1).capitalize())
        del children[: end + 1]


def _text_token(content: str) -> Token:
    return Token("text", "", 0, content=content)


def read_text(text: str, path: Path, name: str | None = None) -> Note:
    """Read a note from its text; `path` is only used in messages and for the name."""
    if "\x00" in text:
        raise NoteError(f"{path}: binary file, not Markdown text")
    metadata, body = _split_frontmatter(text, path)
    collector = _BlockCollector()
    collector.collect(_PARSER.parse(body))
    title = (
        _first_string(metadata, "title")
        or collector.first_h1
        or unicodedata.normalize("NFC", path.stem)
    )
    return Note(
        path=path,
        name=name if name is not None else path.with_suffix("").as_posix(),
        title=title,
        tags=_string_list(metadata.get("tags", metadata.get("tag"))),
        aliases=_string_list(metadata.get("aliases", metadata.get("alias"))),
        source=collector.source,
        video_id=_first_string(metadata, "videoId", "video_id", "youtube_id"),
        url=_first_string(metadata, "url", "source", "link"),
        links=tuple(dict.fromkeys(collector.links)),
        blocks=tuple(collector.blocks),
        metadata=metadata,
    )


def read_note(path: Path, root: Path | None = None) -> Note:
    """Read one Markdown file.

    Args:
        path: the note.
        root: the notes folder; the note's name is its path relative to it.

    Raises:
        NoteError: the file cannot be read, is not UTF-8 text, or its frontmatter is
            not valid YAML.
    """
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise NoteError(f"{path}: cannot be read ({error.strerror})") from None
    relative = path.relative_to(root) if root is not None else Path(path.name)
    return read_text(_decode(raw, path), path, relative.with_suffix("").as_posix())


_IGNORED_FOLDERS = frozenset({"templates", "node_modules"})


def find_notes(root: Path) -> Iterator[Path]:
    """Yield the Markdown files under `root` in a stable order.

    Hidden folders (``.obsidian``, ``.trash``, ``.cards``) and template folders are
    left out: they hold settings and drafts, not notes.
    """
    if root.is_file():
        yield root
        return
    for path in sorted(root.rglob("*.md")):
        relative = path.relative_to(root)
        folders = relative.parts[:-1]
        if any(
            part.startswith(".") or part.lower() in _IGNORED_FOLDERS for part in folders
        ):
            continue
        if relative.name.startswith(".") or not path.is_file():
            continue
        yield path
