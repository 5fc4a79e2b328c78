"""A note's metadata: its YAML frontmatter, or the 'Key: value' lines of one
exported from another tool (at the top of the file, or as its opening lines).

python-frontmatter splits and loads the YAML; what it holds is read leniently,
since notes write the same key many ways ('tags: [a, b]', 'tags: a, b',
'tag: "#a"').
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from ..errors import NoteError
from .markdown import strip_html

__all__ = [
    "first_string",
    "fused_source",
    "opening_header",
    "split_frontmatter",
    "string_list",
]

_YAML = YAMLHandler()
_HEADER_LINE = re.compile(r"([A-Za-z][\w -]{0,30}?)\s*:\s*(.*)")
_HEADER_KEYS = frozenset(
    {"from", "source", "tags", "tag", "date", "created", "updated", "author", "authors"}
    | {"aliases", "type", "status", "category", "categories", "topics", "url", "link"}
)


def split_frontmatter(
    text: str, path: Path, warnings: list[str]
) -> tuple[dict[str, Any], str]:
    """Split off the frontmatter: YAML, else 'Key: value' lines, else an error.

    Raises:
        NoteError: frontmatter that is neither valid YAML nor 'Key: value' lines.
    """
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


def opening_header(text: str) -> list[tuple[str, str]] | None:
    """Read a note's opening 'From: [[source]]' or 'Tags: #a #b' lines.

    Notes exported from other tools, and podcast summaries like the samples, open
    with such lines instead of (or after) YAML frontmatter: they describe the note
    and are not claims.

    Returns:
        (key in lower case, value) for each line; None unless every non-empty line
        of `text` is one, with a key notes use for their metadata.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    parsed = [_HEADER_LINE.fullmatch(strip_html(line)) for line in lines]
    if not lines or not all(
        match and match.group(1).strip().lower() in _HEADER_KEYS for match in parsed
    ):
        return None
    return [
        (match.group(1).strip().lower(), match.group(2))
        for match in parsed
        if match is not None
    ]


_FUSED_SOURCE = re.compile(
    r"\A(\s*)(?:from|source)[ \t]*:[ \t]*\[\[([^\]\n|#]+)[^\]\n]*\]\]"
    r"(?:[ \t]*<br\s*/?>)*[ \t]*(?=\n[ \t]*\S)",
    re.IGNORECASE,
)


def fused_source(markdown: str) -> tuple[str, str | None]:
    """A note's opening 'From: [[source]]' line with text on the very next line.

    Without a blank line between them, Markdown reads the two as one paragraph,
    'From: hubermanlab In the latest episode …', which `opening_header` cannot
    take for a header: the note lost its source, and the paragraph's cards began
    with 'From:'. So do 1,311 of the 5,431 notes of the shared corpora that open
    with such a line. Returns the note with that line emptied (its line kept, so
    that line numbers still count from the file's start) and the source's
    target; or the note as it is and None."""
    match = _FUSED_SOURCE.match(markdown)
    if match is None:
        return markdown, None
    return match.group(1) + markdown[match.end() :], match.group(2).strip()


def string_list(value: object) -> tuple[str, ...]:
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


def first_string(metadata: dict[str, Any], *keys: str) -> str | None:
    """The value of the first of `keys` that holds a non-empty string or number."""
    for key in keys:
        value = metadata.get(key)
        if isinstance(value, str | int) and str(value).strip():
            return str(value).strip()
    return None
