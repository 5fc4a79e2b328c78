"""One inline HTML tag of a note, read: its name, attributes and whether it closes.

Notes exported from video tools carry timestamps as anchors
(`<a class="yt-timestamp" data-t="01:02:03">`); the reader hides them from the
card's words and keeps their time (`cards.read.inline`).
"""

from __future__ import annotations

from html.parser import HTMLParser

__all__ = ["TagReader", "is_stamp_anchor", "read_tag"]


class TagReader(HTMLParser):
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


def read_tag(html: str) -> TagReader:
    reader = TagReader()
    reader.feed(html)
    reader.close()
    return reader


def is_stamp_anchor(tag: TagReader) -> bool:
    """Whether an HTML tag opens a timestamp anchor ('<a class="yt-timestamp" …>')."""
    return tag.tag == "a" and (
        "yt-timestamp" in tag.attrs.get("class", "").split() or "data-t" in tag.attrs
    )
