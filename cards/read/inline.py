"""Inline Markdown to plain text: the words a reader would say, formatting kept aside.

The children of one parsed inline token (`cards.read.markdown`) become plain text
plus the offsets of its formatting (`Span`) and its timestamps (`Stamp`), and the
links, tags and images it names. Later stages work on offsets into that plain text,
so nothing of the Markdown syntax can leak onto a card: the deck stage renders HTML
from the spans.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, NamedTuple

from markdown_it.token import Token

from .html_tags import is_stamp_anchor, read_tag
from .markdown import PARSER, seconds_from_time
from .pointers import names_a_file, points_to_another_note

__all__ = [
    "INVISIBLE",
    "InlineText",
    "Span",
    "SpanKind",
    "Stamp",
    "flatten_inline",
    "inline_markdown",
    "plain_text",
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


_WHITESPACE = re.compile(r"\s+")
INVISIBLE = dict.fromkeys(
    [0x200B, 0x2060, 0xFEFF, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
"""Zero-width spaces and bidirectional overrides (a `str.translate` table removing
them): invisible in a note, but they can make a card read differently from its
source (and split words for the tagger)."""
_CLOSING_PUNCTUATION = frozenset(".,;:!?)]}”’")
_STRAY_MARKUP = re.compile(
    r"\*\*+|__+|\[\[[^\[\]|\n]{1,200}\||\[\[|\]\]|`+|\]\(|!\[|"
    r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?>?"
)
"""Markers the parser left as text because they were never closed (a lone '**', a
broken '<a' or an escaped '&lt;b&gt;' tag; prose puts a space after a less-than
sign, and an unclosed '[[note|' loses its target too): markup the writer meant,
never words the learner should see."""
_JOINED_MARKERS = frozenset({"[[", "]]", "**", "__", "](", "!["})


def _without_stray_markup(text: str) -> str:
    """Remove stray markers until none is left: removing '`' from '<`a' makes '<a'."""
    text = text.translate(INVISIBLE)
    while True:
        cleaned = _STRAY_MARKUP.sub("", text)
        if cleaned == text:
            return text
        text = cleaned


class _PlainText:
    """Text built piece by piece, with spans and stamps at offsets into it.

    Every edit keeps those offsets valid: a piece cut short pulls back the spans
    and stamps past its new end, an insertion moves those after it.
    """

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.open: dict[str, int | None] = {}
        """The spans opened and not yet closed, with where their words start."""
        self.spans: list[Span] = []
        self.stamps: list[Stamp] = []

    def append(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def append_words(self, text: str) -> None:
        """Append text; the spans opened since the last words start with it."""
        for kind, start in self.open.items():
            if start is None:
                self.open[kind] = self.length
        self.append(text)

    def cut_last(self, kept: str) -> None:
        """Replace the last piece by `kept`, a beginning of it."""
        self._shortened(self.length - (len(self.parts[-1]) - len(kept)))
        self.parts[-1] = kept

    def drop_last_mark(self) -> None:
        """Remove the last character and the spaces before it."""
        kept = self.parts[-1][:-1]
        while not kept.strip(" ") and len(self.parts) > 1:
            self.parts.pop()
            kept = self.parts[-1]
        kept = kept.rstrip(" ")
        self.parts[-1] = kept
        self._shortened(sum(map(len, self.parts)))

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

    def insert(self, at: int, mark: str) -> None:
        """Insert `mark` at offset `at`: spans starting there or later move with
        the text after it (a span across `at` keeps its end), and so do stamps."""
        text = self.text()
        size = len(mark)
        self.parts = [text[:at], mark, text[at:]]
        self.length += size
        self.spans = [
            Span(
                s.start + size * (s.start >= at), s.end + size * (s.start >= at), s.kind
            )
            for s in self.spans
        ]
        self.stamps = [
            Stamp(s.offset + size * (s.offset >= at), s.seconds) for s in self.stamps
        ]

    def open_span(self, kind: SpanKind) -> None:
        self.open.setdefault(kind, None)

    def close_span(self, kind: SpanKind) -> None:
        start = self.open.pop(kind, None)
        if start is not None and start < self.length:
            self.spans.append(Span(start, self.length, kind))

    def text(self) -> str:
        return "".join(self.parts)


class InlineText(_PlainText):
    """Plain text from inline tokens, with the links, tags and images they name.

    Whitespace is collapsed as it arrives, and a space left before closing punctuation
    by something removed (a timestamp anchor, say) is dropped, so offsets recorded
    along the way stay valid in the final text.
    """

    def __init__(self) -> None:
        super().__init__()
        self.pending_space = False
        self.after_removal = False
        self.links: list[str] = []
        self.tags: list[str] = []
        self.images: list[tuple[str, str, bool]] = []
        """(target, label, wiki) of each image embedded."""

    def add(self, text: str) -> None:
        text = text.translate(INVISIBLE)
        if text and self.after_removal:
            text = self._without_marks_around_removed(text)
        if not text:
            return
        self.after_removal = False
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
                self.append(" ")
            self.append_words(text)
            self.pending_space = False
        if trailing_space:
            self.pending_space = True

    def _drop_markers_across_join(self, text: str) -> str:
        """Drop a '[[', ']]', '**' or '__' formed by two pieces meeting."""
        last = self.parts[-1]
        if last and last[-1] + text[0] in _JOINED_MARKERS:
            # The spaces before the dropped half go too, even from an earlier
            # piece ('_#\n*_*' left '# ').
            length = self.length
            self.drop_last_mark()
            rest = text[1:]  # a space after it ('[*[ #*') is between words
            text = rest.lstrip(" ")
            self.pending_space = self.length < length - 1 or len(text) < len(rest)
        return text

    def _without_marks_around_removed(self, text: str) -> str:
        """What is left of `text`, the first after a timestamp, and of the text
        before it, once the marks around the removed timestamp are gone."""
        if text[0] in ")]":
            text = self._drop_brackets_around_removed(text)
            if not text:
                return text
        if self.parts and self.parts[-1].endswith(("(", "[")):
            # '[01:27:09](<a ...>[01:27:09]</a>.': the bracket of a broken link to
            # the timestamp, never closed.
            self.drop_last_mark()
            self.pending_space = False
        if self.parts and self.parts[-1].endswith(","):
            text = self._drop_comma_around_removed(text)
        return text

    def _drop_brackets_around_removed(self, text: str) -> str:
        """Remove the '(' and ')' or '[' and ']' a removed timestamp stood in."""
        opener = "(" if text[0] == ")" else "["
        if self.pending_space or not self.parts or not self.parts[-1].endswith(opener):
            return text
        self.drop_last_mark()  # and the spaces before it, in any piece
        self.pending_space = False
        return text[1:]

    def _drop_comma_around_removed(self, text: str) -> str:
        """Keep one mark where a removed timestamp stood between two.

        'efforts, [00:47:18], Yoga' reads 'efforts, Yoga', and 'giving, [00:48:27].'
        reads 'giving.': the comma before the anchor belonged to the list of anchors.
        """
        stripped = text.lstrip()
        if stripped[:1] == ",":
            return stripped[1:]
        if stripped[:1] in {".", ";", ":", "!", "?"}:
            self.cut_last(self.parts[-1][:-1])
        return text

    def space(self) -> None:
        self.pending_space = True

    def stamp(self, seconds: int | None) -> None:
        if seconds is not None:
            self.stamps.append(Stamp(self.length, seconds))
            self.after_removal = True


_HIDDEN_ELEMENTS = frozenset(
    {"script", "style", "iframe", "object", "noscript", "template", "svg"}
)
_VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
    | {"param", "source", "track", "wbr"}
)
"""Inline HTML whose content is code or media, never words of the note."""


def flatten_inline(children: Sequence[Token]) -> InlineText:
    """Turn the children of an inline token into plain text with spans."""
    out = InlineText()
    hidden_until: str | None = None
    for position, token in enumerate(children):
        kind = token.type
        if kind == "html_inline":
            tag = read_tag(token.content)
            if hidden_until is not None:
                if tag.closing and tag.tag == hidden_until:
                    hidden_until = None
            elif tag.closing or tag.self_closing or tag.tag in _VOID_ELEMENTS:
                # A tag that closes itself hides nothing after it.
                if tag.tag in {"br", "hr"}:
                    out.space()
            elif is_stamp_anchor(tag):
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
            if not names_a_file(
                token.meta["target"], token.meta["alias"]
            ) and not points_to_another_note(
                out.text(), out.pending_space, token, children[position + 1 :]
            ):
                out.open_span("link")
                out.add(_without_stray_markup(token.meta["label"]))
                out.close_span("link")
            else:  # its brackets or comma go, as a removed timestamp's do
                out.after_removal = True
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
    tokens = PARSER.parseInline(markdown)
    if not tokens:
        return "", ()
    flat = flatten_inline(tokens[0].children or [])
    return flat.text(), tuple(flat.spans)


def plain_text(markdown: str) -> str:
    """Read one line of Markdown (a title, say) as the words a reader would see."""
    tokens = PARSER.parseInline(markdown)
    return flatten_inline(tokens[0].children or []).text() if tokens else ""
