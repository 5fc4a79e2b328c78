"""Properties of the reader and the renderer, on Markdown-heavy input."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from cards.errors import NoteError
from cards.generate.render import render_html, sanitize
from cards.read.notes import read_text

PIECES = [
    *"#*_`[]()!-|>:$=\\\n\t ab1<>/\"'",
    *["[[", "]]", "**", "```", "$$", "<a href='x'>", "</a>", "[00:01:02]", "\u202e"],
]
MARKDOWN = st.lists(st.sampled_from(PIECES), max_size=80).map("".join)
"""Markdown-heavy text: a naive cleaner passes plain prose and fails on '*#'."""


@settings(max_examples=300, deadline=None)
@given(MARKDOWN)
@example("[*[\t#*")  # the space after a dropped '[[' half once opened the block
def test_reader_never_fails_and_keeps_offsets_valid(markdown: str) -> None:
    try:
        note = read_text(markdown, Path("fuzz.md"))
    except NoteError:
        return
    for block in note.blocks:
        assert block.text == block.text.strip()
        assert "  " not in block.text
        assert "\u202e" not in block.text
        for span in block.spans:
            assert 0 <= span.start < span.end <= len(block.text)
        for stamp in block.stamps:
            assert 0 <= stamp.offset <= len(block.text)


@settings(max_examples=300, deadline=None)
@given(MARKDOWN)
def test_rendered_text_is_safe_and_sanitizing_changes_nothing(markdown: str) -> None:
    try:
        note = read_text(markdown, Path("fuzz.md"))
    except NoteError:
        return
    for block in note.blocks:
        html = render_html(block.text, block.spans)
        assert sanitize(html) == html
        assert not re.search(r"<(?!/?(b|i|code)>)", html)
