"""A card's HTML: rendered from a claim's plain text and formatting spans, escaped,
then passed through an allow-list sanitizer, so Markdown syntax cannot reach the
learner and nothing in a note can run in Anki's web view; and read back as the
learner sees it.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Sequence

import nh3

from ..cloze import CLOSING, DELETION, opening
from ..read import Span
from .card import Card
from .mathjax import safe_math, safe_tex

__all__ = ["HTML_TAG", "field_text", "render_html", "sanitize", "visible_prompt"]


_ALLOWED_TAGS = frozenset({"b", "i", "code", "a", "br", "sub", "sup"})
_ALLOWED_URL_SCHEMES = frozenset({"http", "https", "obsidian"})
HTML_TAG = re.compile(r"<[^>]+>")
"""An HTML tag, opening or closing, with its attributes."""
_CODE = re.compile(r"<code>.*?</code>", re.S)


def render_html(
    text: str,
    spans: Sequence[Span],
    *,
    cloze: tuple[int, int] | None = None,
    hidden: Sequence[tuple[int, int]] = (),
    start: int = 0,
    end: int | None = None,
) -> str:
    """Render ``text[start:end]`` as HTML, with its spans and an optional deletion.

    The deletion hides `cloze` and every span in `hidden`, all as one cloze ``c1``
    (one card, one fact). Tags are closed and reopened around every boundary, so
    the output is well nested whatever the spans overlap; math becomes MathJax.
    """
    end = len(text) if end is None else end
    deletions = sorted({*hidden, *([cloze] if cloze else [])})
    cuts = {start, end}
    for span in spans:
        cuts.update(point for point in (span.start, span.end) if start < point < end)
    for deletion in deletions:
        cuts.update(point for point in deletion if start < point < end)
    opens = {lo for lo, _ in deletions}
    closes = {hi for _, hi in deletions}
    points = sorted(cuts)
    out: list[str] = []
    for lo, hi in itertools.pairwise(points):
        if lo in opens:
            out.append(opening(1))
        active = {span.kind for span in spans if span.start <= lo and hi <= span.end}
        piece = html.escape(text[lo:hi], quote=False)
        if "math" in active:
            piece = f"\\({_safe_tex(piece)}\\)"
        else:
            # '{{c2::' in a note must stay text, not become a second deletion.
            piece = piece.replace("{{", "{\u200b{").replace("}}", "}\u200b}")
        for kind, tag in (("code", "code"), ("em", "i"), ("strong", "b")):
            if kind in active:
                piece = f"<{tag}>{piece}</{tag}>"
        if any(a <= lo and hi <= b for a, b in deletions):
            # '}}' and '::' inside a deletion would end it or start a hint.
            piece = piece.replace("}}", "} }").replace("::", ": :")
        out.append(piece)
        if hi in closes:
            out.append(CLOSING)
    # MathJax reads what follows a formula's opener as TeX too ('$\(x\)$\a'):
    # made safe here, as `sanitize` would, so sanitizing a field changes nothing.
    return safe_math("".join(out))


def _safe_tex(tex: str) -> str:
    tex = safe_tex(tex)
    # '}}' in TeX would close a cloze early; TeX ignores the space.
    return tex.replace("{{", "{ {").replace("}}", "} }")


def sanitize(fragment: str) -> str:
    """Pass a field through an allow-list HTML sanitizer before it reaches Anki.

    Fields are built from escaped text, so this should change nothing; it is the
    second lock on the door, because Anki shows fields in a web view that runs
    scripts. Math passes the MathJax allow-list (`cards.generate.mathjax`) too,
    since the web view typesets it.
    """
    return safe_math(
        nh3.clean(
            fragment,
            tags=set(_ALLOWED_TAGS),
            attributes={"a": {"href"}},
            url_schemes=set(_ALLOWED_URL_SCHEMES),
            link_rel=None,
        )
    )


def visible_prompt(card: Card) -> str:
    """The prompt as the learner reads it, deletion hidden, tags removed."""
    text = DELETION.sub("[...]", card.prompt) if card.kind == "cloze" else card.prompt
    return html.unescape(HTML_TAG.sub("", text))


def field_text(fragment: str) -> str:
    """What the learner reads of an HTML field, code left out."""
    return html.unescape(HTML_TAG.sub(" ", _CODE.sub(" ", fragment)))
