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

import fnmatch
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal, NamedTuple

import yaml
from frontmatter.default_handlers import YAMLHandler
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin

from ..errors import NoteError
from ..records import Record
from .handsyntax import HandCard, HandSyntax, Image, find_hand_cards, image_width

__all__ = [
    "Block",
    "Image",
    "Marked",
    "Note",
    "Outline",
    "Span",
    "Stamp",
    "find_notes",
    "find_vault",
    "inline_markdown",
    "note_name",
    "outline",
    "parse_note",
    "plain_text",
    "read_bytes",
    "read_note",
    "read_text",
]

SpanKind = Literal["strong", "em", "code", "math", "link"]
"""'link' marks the text of a wikilink or Markdown link: shown as plain text, but it
tells a list of links (an index page) from a list of claims."""


class Span(NamedTuple):
    """Formatting over ``text[start:end]`` of a block."""

    start: int
    end: int
    kind: SpanKind


class Stamp(NamedTuple):
    """A timestamp into the note's video, found at ``offset`` in a block's text."""

    offset: int
    seconds: int


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
    """A paragraph without bold text, read for its salient sentences (``--prose``)."""


@dataclass(frozen=True, slots=True)
class Note(Record):
    """One Markdown file, read.

    A note is pickled without its blocks: they are what extraction reads, and
    nothing after it does (its `Outline` keeps what coverage counts).
    So the notes a worker sends back, and the cache keeps, stay small.
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
    blocks: tuple[Block, ...] = field(compare=False)
    """Not compared: a note is the same note without them (see above)."""
    metadata: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    warnings: tuple[str, ...] = ()
    """Problems the reader recovered from, one 'path: what' line each."""
    vault: str | None = None
    """The Obsidian vault the note lives in (a folder holding '.obsidian/')."""
    vault_file: str | None = None
    """The note's path inside that vault, without '.md': what Obsidian opens."""
    hand: tuple[HandCard, ...] = ()
    """The cards its owner wrote in it (`cards.handsyntax`), their lines taken out
    of `blocks`."""
    images: tuple[Image, ...] = ()
    """The images embedded in a block or right under it (kept with the note, which
    is cached without its blocks)."""

    def __reduce__(self) -> tuple[type[Any], tuple[Any, ...]]:
        return Record.__reduce__(replace(self, blocks=()) if self.blocks else self)


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


def outline(note: Note) -> Outline:
    """The outline of a note as read (with its blocks)."""
    marked = []
    for index, block in enumerate(note.blocks):
        bold = tuple(
            block.text[span.start : span.end]
            for span in block.spans
            if span.kind == "strong"
        )
        if bold or block.kind == "item":
            marked.append(Marked(index, block.kind == "item", bold))
    words = sum(len(block.text.split()) for block in note.blocks)
    return Outline(note.name, words, tuple(marked))


_TIME = re.compile(r"(?:(\d{1,2}):)?([0-5]?\d):([0-5]\d)")
_CLOCK = r"(?:\d{1,2}:)?[0-5]?\d:[0-5]\d"
"""A time as notes write it, 'mm:ss' or 'h:mm:ss'."""
_BARE_TIMESTAMP = re.compile(rf"\[({_CLOCK})\]")
_WHITESPACE = re.compile(r"\s+")
_INVISIBLE = dict.fromkeys(
    [0x200B, 0x2060, 0xFEFF, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
"""Zero-width spaces and bidirectional overrides: invisible in a note, but they can
make a card read differently from its source (and split words for the tagger)."""
_CLOSING_PUNCTUATION = frozenset(".,;:!?)]}”’")
_STRAY_MARKUP = re.compile(
    r"\*\*+|__+|\[\[[^\[\]|\n]{1,200}\||\[\[|\]\]|`+|\]\(|!\[|"
    r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?>?"
)
"""Markers the parser left as text because they were never closed (a lone '**', a
broken '<a' or an escaped '&lt;b&gt;' tag; prose puts a space after a less-than
sign, and an unclosed '[[note|' loses its target too): markup the writer meant,
never words the learner should see."""


def _without_stray_markup(text: str) -> str:
    """Remove stray markers until none is left: removing '`' from '<`a' makes '<a'."""
    text = text.translate(_INVISIBLE)
    while True:
        cleaned = _STRAY_MARKUP.sub("", text)
        if cleaned == text:
            return text
        text = cleaned


_JOINED_MARKERS = frozenset({"[[", "]]", "**", "__", "](", "!["})
_CALLOUT = re.compile(r"\[!([A-Za-z0-9_-]+)\][+-]?\s*")
_HEADER_KEYS = frozenset(
    {"from", "source", "tags", "tag", "date", "created", "updated", "author", "authors"}
    | {"aliases", "type", "status", "category", "categories", "topics", "url", "link"}
)
_HTML_TAG = re.compile(r"<[^<>]*>")


def _strip_html(line: str) -> str:
    return _HTML_TAG.sub("", line).strip()


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
    inner = src[start:end]
    target, _, alias = inner.partition("|")
    # '[[note|[00:27:00]]]': a time in the episode, linked to a related note. The
    # alias is a timestamp (bare or a yt-timestamp anchor), not words; ']]' ends
    # a bracket early.
    time = _LINKED_TIME.fullmatch(_strip_html(alias))
    after = end + 2
    if time and alias.lstrip().startswith("[") and src.startswith("]", after):
        after += 1
    if not silent:
        token = state.push("embed" if embed else "wikilink", "", 0)
        # Obsidian allows '\|' inside tables; the heading part (#...) is not a topic.
        target = target.rstrip("\\").strip()
        label = alias.strip() or _readable_target(target)
        token.meta = {
            "target": target.split("#", 1)[0].strip() or target,
            "label": "" if time else label,
            "alias": alias,
        }
        if time and not embed:
            stamp = state.push("timestamp", "", 0)
            stamp.meta = {"seconds": seconds_from_time(time.group(1))}
    state.pos = after
    return True


_LINKED_TIME = re.compile(rf"\[?\s*({_CLOCK})\s*\]?")


_HASHTAG = re.compile(r"#([A-Za-z_][\w/-]*|\d+[A-Za-z_][\w/-]*)")


def _readable_target(target: str) -> str:
    """A link without an alias reads as its target, as Obsidian shows it, but
    with the underscores of a file name read as spaces ('sleep_and_memory')."""
    label = target.split("#", 1)[-1].strip() or target
    if " " not in label and "_" in label.strip("_"):
        label = " ".join(label.replace("_", " ").split())
    return label


def _hashtag_rule(state: StateInline, silent: bool) -> bool:
    """Parse an Obsidian inline tag (``#ml/supervised``): a tag, not card text."""
    src, pos = state.src, state.pos
    if src[pos] != "#" or (
        pos > 0 and not src[pos - 1].isspace() and src[pos - 1] != "("
    ):
        return False
    match = _HASHTAG.match(src, pos, state.posMax)
    if not match:
        return False
    if not silent:
        token = state.push("hashtag", "", 0)
        token.meta = {"tag": match.group(1).rstrip("/-")}
    state.pos = match.end()
    return True


def _highlight_rule(state: StateInline, silent: bool) -> bool:
    """Parse Obsidian's ``==highlight==``, which cards read as bold: a key phrase."""
    src, pos = state.src, state.pos
    if not src.startswith("==", pos) or src.startswith("===", pos):
        return False
    end = src.find("==", pos + 2, state.posMax + 1)
    inner = src[pos + 2 : end] if end > 0 else ""
    if not inner.strip() or inner != inner.strip() or "\n" in inner:
        return False
    if not silent:
        state.push("strong_open", "strong", 1)
        old_max = state.posMax
        state.pos, state.posMax = pos + 2, end
        state.md.inline.tokenize(state)
        state.posMax = old_max
        state.push("strong_close", "strong", -1)
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
    end = match.end()
    if state.src.startswith("(", end):
        # '[00:09:15](#t=00:09:15)': the link to the time is part of the timestamp.
        close = state.src.find(")", end, state.posMax + 1)
        if close > 0 and " " not in state.src[end:close]:
            end = close + 1
    state.pos = end
    return True


def _make_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": True})
    # markdown-it leaves '[text](javascript:...)' unparsed, as literal text. Cards
    # never carry a note's link targets, so every link may parse as a link and
    # keep only its text.
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    parser.enable(["table", "strikethrough"])
    # Money ("$5 and $10") must not read as math: no digit or space inside the '$'.
    parser.use(dollarmath_plugin, allow_space=False, allow_digits=False)
    parser.use(footnote_plugin)
    parser.inline.ruler.before("link", "wikilink", _wikilink_rule)
    parser.inline.ruler.before("link", "timestamp", _timestamp_rule)
    parser.inline.ruler.before("emphasis", "highlight", _highlight_rule)
    parser.inline.ruler.push("hashtag", _hashtag_rule)
    return parser


_PARSER = _make_parser()
HAND_SYNTAX = HandSyntax()
"""The plugins' own defaults."""


class _TagReader(HTMLParser):
    """Reads the name and attributes of one inline HTML tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tag = ""
        self.closing = False
        self.self_closing = False
        self.attrs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tag = tag
        self.attrs = {key: value or "" for key, value in attrs}

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.self_closing = True

    def handle_endtag(self, tag: str) -> None:
        self.tag, self.closing = tag, True


def _read_tag(html: str) -> _TagReader:
    reader = _TagReader()
    reader.feed(html)
    reader.close()
    return reader


_LABEL_WORDS = 6
"""A bold opening this short, followed by its text, is a label."""


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
        self.tags: list[str] = []
        self.images: list[tuple[str, str, bool]] = []
        """(target, label, wiki) of each image embedded."""
        self.after_stamp = False

    def add(self, text: str) -> None:
        text = text.translate(_INVISIBLE)
        if not text:
            return
        if self.after_stamp and text[0] in ")]":
            text = self._drop_brackets_around_stamp(text)
            if not text:
                return
        if self.after_stamp and self.parts and self.parts[-1].endswith(("(", "[")):
            # '[01:27:09](<a ...>[01:27:09]</a>.': the bracket of a broken link to
            # the timestamp, never closed.
            self._drop_last_mark()
        if self.after_stamp and self.parts and self.parts[-1].endswith(","):
            text = self._drop_comma_around_stamp(text)
            if not text:
                return
        self.after_stamp = False
        if text[0].isspace():
            self.pending_space = True
        trailing_space = text[-1].isspace()
        text = _WHITESPACE.sub(" ", text).strip()
        if text and not self.pending_space and self.parts:
            text = self._drop_markers_across_join(text)
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

    def _drop_markers_across_join(self, text: str) -> str:
        """Drop a '[[', ']]', '**' or '__' formed by two pieces meeting."""
        last = self.parts[-1]
        if last and last[-1] + text[0] in _JOINED_MARKERS:
            kept = last[:-1].rstrip(" ")
            self.pending_space = len(kept) < len(last) - 1
            self.parts[-1] = kept
            self._shortened(self.length - (len(last) - len(kept)))
            text = text[1:]
        return text

    def _shortened(self, length: int) -> None:
        """Pull spans and stamps back inside text that lost its last characters."""
        self.length = length
        self.open = {
            kind: None if start is None else min(start, length)
            for kind, start in self.open.items()
        }
        self.spans = [
            Span(span.start, min(span.end, length), span.kind)
            for span in self.spans
            if span.start < length
        ]
        self.stamps = [Stamp(min(s.offset, length), s.seconds) for s in self.stamps]

    def _drop_brackets_around_stamp(self, text: str) -> str:
        """Remove the '(' and ')' or '[' and ']' a removed timestamp stood in."""
        opener = "(" if text[0] == ")" else "["
        if self.pending_space or not self.parts or not self.parts[-1].endswith(opener):
            return text
        last = self.parts[-1][:-1].rstrip(" ")
        self._shortened(self.length - (len(self.parts[-1]) - len(last)))
        self.parts[-1] = last
        self.pending_space = False
        return text[1:]

    def _drop_last_mark(self) -> None:
        """Remove the last character and the spaces before it."""
        kept = self.parts[-1][:-1]
        while not kept.strip(" ") and len(self.parts) > 1:
            self.parts.pop()
            kept = self.parts[-1]
        kept = kept.rstrip(" ")
        self.parts[-1] = kept
        self._shortened(sum(map(len, self.parts)))
        self.pending_space = False

    def _drop_comma_around_stamp(self, text: str) -> str:
        """Keep one mark where a removed timestamp stood between two.

        'efforts, [00:47:18], Yoga' reads 'efforts, Yoga', and 'giving, [00:48:27].'
        reads 'giving.': the comma before the anchor belonged to the list of anchors.
        """
        stripped = text.lstrip()
        if stripped[:1] == ",":
            return stripped[1:]
        if stripped[:1] in {".", ";", ":", "!", "?"}:
            last = self.parts[-1][:-1]
            self._shortened(self.length - 1)
            self.parts[-1] = last
        return text

    def colon_after_label(self) -> None:
        """Give a bold label run into its text its colon: '**Cold start** New users
        have no history' reads 'Cold start: New users have no history'.

        A short bold opening that ends no sentence, then a capitalised word, is a
        label (a glossary line, a step's title), not part of the sentence after it.
        """
        text = self.text()
        label = next((s for s in self.spans if s.kind == "strong"), None)
        if label is None or label.start != 0:
            return
        inner, after = text[: label.end], text[label.end :]
        if not (
            0 < len(inner.split()) <= _LABEL_WORDS
            and not inner.rstrip().endswith((".", "!", "?", ",", ":"))
            and after[:1] == " "
            and after[1:2].isupper()
        ):
            return
        at = label.end
        self.parts = [text[:at], ":", text[at:]]
        self.length += 1
        self.spans = [
            Span(s.start + (s.start >= at), s.end + (s.start >= at), s.kind)
            for s in self.spans
        ]
        self.stamps = [
            Stamp(s.offset + (s.offset >= at), s.seconds) for s in self.stamps
        ]

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
            self.after_stamp = True

    def text(self) -> str:
        return "".join(self.parts)


_HIDDEN_ELEMENTS = frozenset(
    {"script", "style", "iframe", "object", "noscript", "template", "svg"}
)
_VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
    | {"param", "source", "track", "wbr"}
)
"""Inline HTML whose content is code or media, never words of the note."""


def _flatten_inline(children: Sequence[Token]) -> _TextBuilder:
    """Turn the children of an inline token into plain text with spans."""
    out = _TextBuilder()
    hidden_until: str | None = None
    for position, token in enumerate(children):
        kind = token.type
        if kind == "html_inline":
            tag = _read_tag(token.content)
            if hidden_until is not None:
                if tag.closing and tag.tag == hidden_until:
                    hidden_until = None
            elif tag.closing or tag.self_closing or tag.tag in _VOID_ELEMENTS:
                # A tag that closes itself hides nothing after it.
                if tag.tag in {"br", "hr"}:
                    out.space()
            elif tag.tag == "a" and (
                "yt-timestamp" in tag.attrs.get("class", "").split()
                or "data-t" in tag.attrs
            ):
                out.stamp(seconds_from_time(tag.attrs.get("data-t", "")))
                hidden_until = "a"
            elif tag.tag in _HIDDEN_ELEMENTS:
                hidden_until = tag.tag
            elif tag.tag in {"br", "p", "div", "li"}:
                out.space()
            continue
        if hidden_until is not None:
            continue
        if kind == "text":
            out.add(_without_stray_markup(token.content))
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
            # '**', '[[' and backticks mean nothing in LaTeX: they are Markdown
            # that a stray '$' swallowed.
            out.open_span("math")
            out.add(_without_stray_markup(token.content))
            out.close_span("math")
        elif kind == "wikilink":
            out.open_span("link")
            out.add(_without_stray_markup(token.meta["label"]))
            out.close_span("link")
            out.links.append(token.meta["target"])
        elif kind == "embed":
            suffix = Path(token.meta["target"]).suffix.lower()
            if suffix and suffix != ".md":  # not another note, shown inline
                out.images.append((token.meta["target"], token.meta["alias"], True))
        elif kind == "image":
            source = token.attrGet("src")
            if isinstance(source, str) and source:
                out.images.append((source, token.content, False))
        elif kind == "link_open":
            out.open_span("link")
        elif kind == "link_close":
            out.close_span("link")
        elif kind == "timestamp":
            out.stamp(token.meta["seconds"])
        elif kind == "hashtag":
            out.tags.append(token.meta["tag"])
            if not _only_tags_follow(children[position + 1 :]):
                # Mid-sentence, '#ml/supervised learning' still reads as words.
                out.add(token.meta["tag"])
        # Images, embeds, footnote references and link markup carry no card text;
        # a link's own text arrives as ordinary text tokens.
    return out


def _only_tags_follow(rest: Sequence[Token]) -> bool:
    """Whether nothing but tags, spaces and punctuation follows: trailing tags."""
    return all(
        token.type in {"hashtag", "softbreak", "hardbreak"}
        or (token.type == "text" and not any(c.isalnum() for c in token.content))
        for token in rest
    )


def inline_markdown(markdown: str) -> tuple[str, tuple[Span, ...]]:
    """Read one line of Markdown as plain text and the spans of its formatting."""
    tokens = _PARSER.parseInline(markdown)
    if not tokens:
        return "", ()
    flat = _flatten_inline(tokens[0].children or [])
    return flat.text(), tuple(flat.spans)


def plain_text(markdown: str) -> str:
    """Read one line of Markdown (a title, say) as the words a reader would see."""
    tokens = _PARSER.parseInline(markdown)
    return _flatten_inline(tokens[0].children or []).text() if tokens else ""


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
    scalars = (item for item in items if isinstance(item, str | int | float))
    cleaned = (str(item).strip().lstrip("#").strip() for item in scalars if item)
    return tuple(dict.fromkeys(item for item in cleaned if item))


def _first_string(metadata: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = metadata.get(key)
        if isinstance(value, str | int) and str(value).strip():
            return str(value).strip()
    return None


_YAML = YAMLHandler()
_HEADER_LINE = re.compile(r"([A-Za-z][\w -]{0,30}?)\s*:\s*(.*)")


def _header_lines(text: str) -> dict[str, str] | None:
    """Read 'Key: value' lines, as notes exported from other tools write them.

    Returns None unless every non-empty line has that shape.
    """
    metadata = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        match = _HEADER_LINE.fullmatch(line.strip())
        if not match:
            return None
        metadata[match.group(1).strip().lower()] = match.group(2).strip()
    return metadata


def _split_frontmatter(
    text: str, path: Path, warnings: list[str]
) -> tuple[dict[str, Any], str]:
    """Split off the frontmatter: YAML, else 'Key: value' lines, else an error."""
    if not _YAML.detect(text):
        return {}, text
    try:
        block, body = _YAML.split(text)
    except ValueError:
        return {}, text
    try:
        metadata = _YAML.load(block)
    except yaml.YAMLError as error:
        # The context mark points at what was left open (an unclosed '['); the
        # problem mark at where the parser gave up, often the end of the block.
        mark = getattr(error, "context_mark", None) or getattr(
            error, "problem_mark", None
        )
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = f"{path}: frontmatter is not valid YAML{where}"
        lenient = _header_lines(block)
        if lenient is None:
            raise NoteError(problem) from None
        warnings.append(f"{problem}; read as 'Key: value' lines")
        return lenient, body
    if metadata is not None and not isinstance(metadata, dict):
        warnings.append(f"{path}: frontmatter is not a mapping of keys; ignored")
        return {}, body
    return metadata or {}, body


class _BlockCollector:
    """Walks markdown-it's flat token stream and collects blocks."""

    def __init__(self, prose: bool = False) -> None:
        self.prose = prose
        self.blocks: list[Block] = []
        self.headings: list[tuple[int, str]] = []
        self.first_h1: str | None = None
        self.links: list[str] = []
        self.tags: list[str] = []
        """Obsidian inline #tags found anywhere in the note."""
        self.source: str | None = None
        # Open containers: ("list", lead_in) or ("item", block index or None),
        # or ("quote", callout title or None).
        self.stack: list[tuple[str, Any]] = []
        self.previous_paragraph: int | None = None
        self.skip_depth = 0
        self.header: dict[str, str] = {}
        self.images: list[Image] = []

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
        flat = _flatten_inline(inline.children or [])
        text = flat.text()
        self.links.extend(flat.links)
        self.tags.extend(flat.tags)
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
        if any(kind == "quote" for kind, _ in self.stack):
            children = _strip_callout_markers(children)
        flat = _flatten_inline(children)
        flat.colon_after_label()
        text = flat.text()
        self.links.extend(flat.links)
        self.tags.extend(flat.tags)
        line = (inline.map[0] + 1) if inline.map else 0
        if not text:
            self._images_under(flat, line)
            return
        if not self.blocks and not self.stack and self._read_header(inline, flat):
            return
        in_item = bool(self.stack) and self.stack[-1][0] == "item"
        line = (inline.map[0] + 1) if inline.map else 0
        labelled = _labelled_lines(children)
        if not in_item and len(labelled) > 1:
            self._add_labelled_lines(labelled, line)
            return
        is_item = in_item and self.stack[-1][1] is None
        lead_in = None
        if is_item:
            lead_in = next(
                value for kind, value in reversed(self.stack) if kind == "list"
            )
        depth = sum(1 for kind, _ in self.stack if kind == "list")
        kind: BlockKind = "item" if is_item else "paragraph"
        self._add_images(flat, len(self.blocks))
        self.blocks.append(self._block(flat, kind, line, depth, lead_in))
        if is_item:
            self.stack[-1] = ("item", len(self.blocks) - 1)
        self.previous_paragraph = len(self.blocks) - 1

    def _add_labelled_lines(
        self, lines: list[tuple[int, list[Token]]], line: int
    ) -> None:
        """Read a paragraph of '**Label**: text' lines as one item per line.

        Obsidian shows each line of such a paragraph on its own, as a glossary;
        read as one paragraph, the labels fuse into a single run-on sentence.
        """
        depth = sum(1 for kind, _ in self.stack if kind == "list")
        for offset, children in lines:
            flat = _flatten_inline(children)
            flat.colon_after_label()
            text = flat.text()
            if not text:
                continue
            kind: BlockKind = "item" if _opens_bold(children) else "paragraph"
            self._add_images(flat, len(self.blocks))
            self.blocks.append(self._block(flat, kind, line + offset, depth))
        self.previous_paragraph = len(self.blocks) - 1

    def _block(
        self,
        flat: _TextBuilder,
        kind: BlockKind,
        line: int,
        depth: int,
        lead_in: int | None = None,
    ) -> Block:
        return Block(
            kind=kind,
            text=flat.text(),
            spans=tuple(flat.spans),
            stamps=tuple(flat.stamps),
            links=tuple(dict.fromkeys(flat.links)),
            section=self.section(),
            line=line,
            lead_in=lead_in,
            depth=depth,
            prose=self.prose
            and kind == "paragraph"
            and not any(span.kind == "strong" for span in flat.spans),
        )

    def _add_images(self, flat: _TextBuilder, block: int) -> None:
        for target, label, wiki in flat.images:
            alt, width = image_width(label)
            self.images.append(Image(block, target, width, wiki, alt))

    def _images_under(self, flat: _TextBuilder, line: int) -> None:
        """Images alone in a paragraph go with the item right above them."""
        if not flat.images or not self.blocks:
            return
        last = self.blocks[-1]
        if (
            last.kind == "item"
            and last.section == self.section()
            and 0 < line - last.line <= _IMAGE_REACH
        ):
            self._add_images(flat, len(self.blocks) - 1)

    def _read_header(self, inline: Token, flat: _TextBuilder) -> bool:
        """Read a note's opening 'From: [[source]]' or 'Tags: #a #b' lines.

        Notes exported from other tools, and podcast summaries like the samples,
        open with such lines instead of (or after) YAML frontmatter: they describe
        the note and are not claims.
        """
        lines = [line.strip() for line in inline.content.splitlines() if line.strip()]
        parsed = [_HEADER_LINE.fullmatch(_strip_html(line)) for line in lines]
        if not lines or not all(
            match and match.group(1).strip().lower() in _HEADER_KEYS for match in parsed
        ):
            return False
        for match in parsed:
            assert match is not None
            key, value = match.group(1).strip().lower(), match.group(2)
            if key in {"from", "source"} and "[[" in value and flat.links:
                self.source = self.source or flat.links[0]
            else:
                self.header.setdefault(key, value)
        return True

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


def _opens_bold(tokens: Sequence[Token]) -> bool:
    """Whether a line's tokens open with bold (markdown-it puts an empty text
    token before it)."""
    first = next((t for t in tokens if t.type != "text" or t.content), None)
    return first is not None and first.type == "strong_open"


def _labelled_lines(children: list[Token]) -> list[tuple[int, list[Token]]]:
    """Split a paragraph's tokens at each line break followed by a bold opening.

    Returns (line offset, tokens) pieces; one piece when no line after the first
    opens with bold.
    """
    pieces: list[tuple[int, list[Token]]] = [(0, [])]
    offset = 0
    for position, token in enumerate(children):
        if token.type in {"softbreak", "hardbreak"}:
            offset += 1
            if _opens_bold(children[position + 1 :]):
                pieces.append((offset, []))
                continue
        pieces[-1][1].append(token)
    return [(offset, tokens) for offset, tokens in pieces if tokens]


_IMAGE_REACH = 4
"""Lines below an item's first line within which an image is 'right under it'."""


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


def find_vault(path: Path) -> Path | None:
    """The Obsidian vault holding `path`: the nearest folder with '.obsidian/'."""
    for folder in [path, *path.parents] if path.is_dir() else path.parents:
        if (folder / ".obsidian").is_dir():
            return folder
    return None


def _title_from_stem(stem: str) -> str:
    """A file name as a title: 'Japan_and_the_World' reads 'Japan and the World'
    (a name written with underscores for spaces shows them on every card)."""
    title = unicodedata.normalize("NFC", stem).translate(_INVISIBLE)
    if " " not in title and "_" in title.strip("_"):
        title = " ".join(title.replace("_", " ").split())
    return title


def read_text(
    text: str,
    path: Path,
    name: str | None = None,
    vault: Path | None = None,
    syntax: HandSyntax = HAND_SYNTAX,
    prose: bool = False,
) -> Note:
    """Read a note from its text; `path` is only used in messages and for the name.

    `syntax` says how the vault writes cards by hand (`cards.handsyntax`); with
    `prose`, paragraphs without bold text are marked to be read for their salient
    sentences (`cards.prose`)."""
    if "\x00" in text:
        raise NoteError(f"{path}: binary file, not Markdown text")
    warnings: list[str] = []
    metadata, body = _split_frontmatter(text, path, warnings)
    hand, body = find_hand_cards(
        body, syntax, _string_list(metadata.get("tags", metadata.get("tag")))
    )
    collector = _BlockCollector(prose)
    collector.collect(_PARSER.parse(body))
    title = (
        plain_text(_first_string(metadata, "title") or "")
        or collector.first_h1
        or _title_from_stem(path.stem)
    )
    return Note(
        path=path,
        name=name if name is not None else path.with_suffix("").as_posix(),
        title=title,
        tags=tuple(
            dict.fromkeys(
                _string_list(metadata.get("tags", metadata.get("tag")))
                + _string_list(
                    collector.header.get("tags", collector.header.get("tag"))
                )
                + tuple(collector.tags)
            )
        ),
        aliases=_string_list(metadata.get("aliases", metadata.get("alias"))),
        source=collector.source,
        video_id=_first_string(metadata, "videoId", "video_id", "youtube_id"),
        url=_first_string(metadata, "url", "source", "link"),
        links=tuple(dict.fromkeys(collector.links)),
        blocks=tuple(collector.blocks),
        metadata=metadata,
        warnings=tuple(warnings),
        vault=vault.name if vault else None,
        vault_file=_vault_file(path, vault),
        hand=hand,
        images=tuple(collector.images),
    )


def _vault_file(path: Path, vault: Path | None) -> str | None:
    if vault is None:
        return None
    try:
        return path.resolve().relative_to(vault.resolve()).with_suffix("").as_posix()
    except ValueError:
        return None


def read_bytes(path: Path) -> bytes:
    """Read a note file's bytes, refusing files too large to be notes.

    Raises:
        NoteError: the file cannot be read or is over `MAX_NOTE_BYTES`.
    """
    try:
        size = path.stat().st_size
        if size > MAX_NOTE_BYTES:
            raise NoteError(
                f"{path}: too large ({size / 2**20:.0f} MB; notes over "
                f"{MAX_NOTE_BYTES // 2**20} MB are skipped)"
            )
        return path.read_bytes()
    except OSError as error:
        raise NoteError(f"{path}: cannot be read ({error.strerror})") from None


def note_name(path: Path, root: Path | None) -> str:
    """A note's name: its path relative to the notes folder, without '.md'."""
    relative = path.relative_to(root) if root is not None else Path(path.name)
    return relative.with_suffix("").as_posix()


def parse_note(
    raw: bytes,
    path: Path,
    name: str,
    vault: Path | None = None,
    syntax: HandSyntax = HAND_SYNTAX,
    prose: bool = False,
) -> Note:
    """Read a note from the bytes of its file.

    Raises:
        NoteError: not UTF-8 text, or frontmatter that is not valid YAML.
    """
    return read_text(_decode(raw, path), path, name, vault, syntax, prose)


def read_note(
    path: Path, root: Path | None = None, syntax: HandSyntax = HAND_SYNTAX
) -> Note:
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


MAX_NOTE_BYTES = 8 * 2**20
"""Real notes are kilobytes; a file of many megabytes is an export or a dump, and
reading it would stall the build for everyone else's notes."""
_IGNORED_FOLDERS = frozenset({"templates", "node_modules"})


def find_notes(root: Path, exclude: Sequence[str] = ()) -> Iterator[Path]:
    """Yield the Markdown files under `root` in a stable order.

    Hidden folders (``.obsidian``, ``.trash``, ``.cards``) and template folders are
    left out: they hold settings and drafts, not notes. So is anything matching a
    glob of `exclude`, tried on the path relative to `root` and on each folder.
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
        if any(
            fnmatch.fnmatch(relative.as_posix(), pattern)
            or any(fnmatch.fnmatch(folder, pattern) for folder in folders)
            for pattern in exclude
        ):
            continue
        if relative.name.startswith("."):
            continue
        # A broken link is yielded so that reading it reports it; folders are not.
        if path.is_file() or (path.is_symlink() and not path.exists()):
            yield path
