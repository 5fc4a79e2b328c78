"""What a card shows around its prompt and answer: the context line above the
prompt, the source line, and the card's tags."""

from __future__ import annotations

import functools
import html
import re
import urllib.parse

from ..extract import Claim
from ..read import Note
from .render import sanitize

__all__ = ["make_context", "make_source", "make_tags", "tag_name"]


_SEPARATOR = " › "
_TAG_UNSAFE = re.compile(r"[^\w:.\-]+")
_TAG_COLONS = re.compile(r":{3,}")


def _format_time(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def make_source(note: Note, seconds: int | None) -> str:
    """HTML for where a card comes from: the video at its time, a URL, or the file,
    and a link that opens the note in Obsidian when it lives in a vault; sanitized."""
    return _source(
        note.title,
        note.name,
        note.video_id,
        note.url,
        note.vault,
        note.vault_file,
        seconds,
    )


@functools.lru_cache(maxsize=4096)
def _source(
    title: str,
    name: str,
    video_id: str | None,
    url: str | None,
    vault: str | None,
    vault_file: str | None,
    seconds: int | None,
) -> str:
    # Cached: the claims of a note share a handful of sources.
    title = html.escape(title)
    if video_id:
        address = f"https://www.youtube.com/watch?v={video_id}"
        label = title
        if seconds is not None:
            address += f"&t={seconds}s"
            label += f" · {_format_time(seconds)}"
        source = f'<a href="{html.escape(address)}">{label}</a>'
    elif url and url.startswith(("https://", "http://")):
        source = f'<a href="{html.escape(url)}">{title}</a>'
    else:
        source = f"{title} · {html.escape(name)}.md"
    if vault and vault_file:
        query = urllib.parse.urlencode({"vault": vault, "file": vault_file})
        link = html.escape(f"obsidian://open?{query}")
        source += f' · <a href="{link}">open in Obsidian</a>'
    return sanitize(source)


def make_context(claim: Claim) -> str:
    """HTML for 'Note title › Section › Lead-in', shown above every prompt.

    Only the nearest heading is shown: the full path of a deep note does not fit on
    a phone, and the nearest heading is the one that says what the claim is about.
    """
    parts = [claim.note.title, *claim.section[-1:]]
    if claim.context:
        parts.append(_shorten(claim.context, 120))
    unique = [part for i, part in enumerate(parts) if part and part not in parts[:i]]
    return html.escape(_SEPARATOR.join(unique), quote=False)


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def _tag(*parts: str) -> str:
    cleaned = []
    for part in parts:
        piece = _TAG_UNSAFE.sub("_", part.strip().replace("/", "::")).strip("_:")
        if piece:
            cleaned.append(_TAG_COLONS.sub("::", piece))
    return "::".join(cleaned)


def tag_name(text: str) -> str:
    """A text as an Anki tag: no spaces, '/' nesting as '::'."""
    return _tag(text)


def make_tags(note: Note) -> tuple[str, ...]:
    """Anki tags of a note's cards: source, frontmatter tags, link topics, the note."""
    return _note_tags(note.source, note.tags, note.links, note.name)


@functools.lru_cache(maxsize=256)
def _note_tags(
    source: str | None, tags: tuple[str, ...], links: tuple[str, ...], name: str
) -> tuple[str, ...]:
    # Cached: every claim of a note carries the same tags.
    found = []
    if source:
        found.append(_tag("source", source))
    found.extend(_tag(tag) for tag in tags)
    found.extend(_tag("topic", link) for link in links if link != source)
    found.append(_tag("note", name))
    return tuple(dict.fromkeys(tag for tag in found if tag))
