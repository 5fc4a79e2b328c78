"""Generate stage: claims become cloze and question/answer `Card`s.

A '**Term**: explanation' item becomes a question about the term; every other claim
becomes a cloze that hides its bold phrase, or else its best candidate answer.

How the best candidate is chosen (`rank_candidates`): candidates that would make a bad
card are removed first (longer than 8 words, no content word, edges or insides that
are not part of a phrase, a very common single word, or words the rest of the sentence
gives away); the rest are scored by kind (bold phrase, then named entity, then number,
then noun phrase), plus the salience of their words across all the notes being built
(inverse document frequency over claims, so a word every note uses is a weak answer),
minus a penalty for answers past 5 words. Ties go to the earlier span.

Cards carry HTML rendered from the claim's plain text and formatting spans, escaped
here, so Markdown syntax cannot reach the learner.
"""

from __future__ import annotations

import html
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

import nh3
from wordfreq import zipf_frequency

from .claims import Candidate, Claim, Word
from .notes import Note, Span

__all__ = [
    "Card",
    "make_cards",
    "make_tags",
    "rank_candidates",
    "render_html",
    "salience_index",
    "sanitize",
]

MAX_ANSWER_WORDS = 8
PREFERRED_ANSWER_WORDS = 5
COMMON_WORD_ZIPF = 5.5
"""A single-word answer this frequent in English ('people', 'time', 'things') is too
vague to be worth a card (wordfreq's Zipf scale: 6 is once per thousand words)."""
CONTENT_POS = frozenset({"NOUN", "PROPN", "NUM", "VERB", "ADJ"})
SPECIFICITY_WEIGHT = 0.5
"""How much a rarer word counts: 'villain narratives' makes a better answer than
'purpose'. Measured on wordfreq's Zipf scale, where everyday words sit near 6."""
_ZIPF_CEILING = 7.0
_KIND_SCORES = {"bold": 10.0, "entity": 4.0, "number": 3.0, "phrase": 1.0}
_WEAK_ENTITY_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL"})
_EDGE_POS = frozenset({"DET", "ADP", "CCONJ", "SCONJ", "PUNCT", "PART", "PRON"})
_SEPARATOR = " › "
_ALLOWED_TAGS = frozenset({"b", "i", "code", "a", "br", "sub", "sup"})
_ALLOWED_URL_SCHEMES = frozenset({"http", "https", "obsidian"})
_TAG_UNSAFE = re.compile(r"[^\w:.\-]+")
_TAG_COLONS = re.compile(r":{3,}")


@dataclass(frozen=True, slots=True)
class Card:
    """One Anki note: a cloze or a question with its answer."""

    kind: Literal["cloze", "qa"]
    prompt: str
    """HTML: the cloze text with its deletion, or the question."""
    answer: str
    """HTML: the answer of a question; empty for a cloze."""
    answer_text: str
    context: str
    source: str
    extra: str
    tags: tuple[str, ...]
    claim: Claim


def render_html(
    text: str,
    spans: Sequence[Span],
    *,
    cloze: tuple[int, int] | None = None,
    start: int = 0,
    end: int | None = None,
) -> str:
    """Render ``text[start:end]`` as HTML, with its spans and an optional deletion.

    Tags are closed and reopened around every boundary, so the output is well nested
    whatever the spans overlap; math becomes MathJax ``\\(..\\)``.
    """
    end = len(text) if end is None else end
    cuts = {start, end}
    for span in spans:
        cuts.update(point for point in (span.start, span.end) if start < point < end)
    if cloze is not None:
        cuts.update(point for point in cloze if start < point < end)
    points = sorted(cuts)
    out: list[str] = []
    for lo, hi in itertools.pairwise(points):
        if cloze is not None and lo == cloze[0]:
            out.append("{{c1::")
        active = {span.kind for span in spans if span.start <= lo and hi <= span.end}
        piece = html.escape(text[lo:hi], quote=False)
        if "math" in active:
            piece = f"\\({piece}\\)"
        for kind, tag in (("code", "code"), ("em", "i"), ("strong", "b")):
            if kind in active:
                piece = f"<{tag}>{piece}</{tag}>"
        if cloze is not None and lo >= cloze[0] and hi <= cloze[1]:
            # '}}' and '::' inside a deletion would end it or start a hint.
            piece = piece.replace("}}", "} }").replace("::", ": :")
        out.append(piece)
        if cloze is not None and hi == cloze[1]:
            out.append("}}")
    return "".join(out)


def sanitize(fragment: str) -> str:
    """Pass a field through an allow-list HTML sanitizer before it reaches Anki.

    Fields are built from escaped text, so this should change nothing; it is the
    second lock on the door, because Anki shows fields in a web view that runs
    scripts.
    """
    return str(
        nh3.clean(
            fragment,
            tags=set(_ALLOWED_TAGS),
            attributes={"a": {"href"}},
            url_schemes=set(_ALLOWED_URL_SCHEMES),
            link_rel=None,
        )
    )


def _words_in(claim: Claim, start: int, end: int) -> list[Word]:
    return [word for word in claim.words if word.start >= start and word.end <= end]


def _content_lemmas(words: Iterable[Word]) -> set[str]:
    return {
        word.lemma
        for word in words
        if word.pos in CONTENT_POS and not word.stop and word.lemma.isalnum()
    }


def salience_index(claims: Sequence[Claim]) -> dict[str, float]:
    """Inverse document frequency of each content lemma over the claims."""
    counts: Counter[str] = Counter()
    for claim in claims:
        counts.update(_content_lemmas(claim.words))
    total = len(claims) + 1
    return {
        lemma: math.log(total / (count + 1)) + 1.0 for lemma, count in counts.items()
    }


def _zipf(word: str) -> float:
    return float(zipf_frequency(word.lower(), "en"))


def _balanced(text: str) -> bool:
    return (
        text.count("(") == text.count(")")
        and text.count("[") == text.count("]")
        and text.count('"') % 2 == 0
        and text.count("“") == text.count("”")
    )


def _bad_edge(word: Word) -> bool:
    """Whether a phrase may not start or end with this word ('the', 'of', 'other').

    Words inside a named entity are exempt: the tagger reads "Will" in "Will Larson"
    as an auxiliary verb.
    """
    if word.entity:
        return False
    return word.pos in _EDGE_POS or (word.stop and word.pos not in {"NUM", "PROPN"})


def _rejects(claim: Claim, candidate: Candidate) -> str | None:
    """Name the reason a candidate would make a bad answer, or None if it would not."""
    words = _words_in(claim, candidate.start, candidate.end)
    answer = claim.text[candidate.start : candidate.end]
    if not words:
        return "no words"
    if len(words) > MAX_ANSWER_WORDS:
        return "too long"
    content = _content_lemmas(words)
    if not content and candidate.kind != "number":
        return "no content word"
    if candidate.kind != "bold" and (_bad_edge(words[0]) or _bad_edge(words[-1])):
        return "not a whole phrase"
    following = [word for word in claim.words if word.start >= candidate.end][:1]
    if words[0].entity_inside or (following and following[0].entity_inside):
        return "half an entity"
    if not _balanced(answer):
        return "not a whole phrase"
    for span in claim.spans:
        if span.kind in {"code", "math"} and (
            span.start < candidate.start < span.end
            or span.start < candidate.end < span.end
        ):
            return "cuts code or math"
    if (
        len(words) == 1
        and candidate.kind == "phrase"
        and _zipf(words[0].text) >= COMMON_WORD_ZIPF
    ):
        return "trivial answer"
    visible = _content_lemmas(
        word
        for word in claim.words
        if word.end <= candidate.start or word.start >= candidate.end
    )
    if content & visible:
        return "give-away"
    return None


def rank_candidates(
    claim: Claim, salience: dict[str, float] | None = None
) -> list[Candidate]:
    """Return the acceptable candidate answers of a claim, best first."""
    salience = salience or {}
    scored = []
    for candidate in claim.candidates:
        if _rejects(claim, candidate) is not None:
            continue
        words = _words_in(claim, candidate.start, candidate.end)
        score = _KIND_SCORES[candidate.kind]
        if candidate.kind == "entity" and candidate.label in _WEAK_ENTITY_LABELS:
            score -= 1.0
        lemmas = _content_lemmas(words)
        if lemmas:
            score += max(salience.get(lemma, 1.0) for lemma in lemmas)
            score += SPECIFICITY_WEIGHT * (
                _ZIPF_CEILING - min(_zipf(word.text) for word in words if not word.stop)
            )
        if len(words) > PREFERRED_ANSWER_WORDS:
            score -= len(words) - PREFERRED_ANSWER_WORDS
        scored.append((-score, candidate.start, candidate))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [candidate for _, _, candidate in scored]


def _format_time(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def make_source(note: Note, seconds: int | None) -> str:
    """HTML for where a card comes from: the video at its time, a URL, or the file."""
    title = html.escape(note.title)
    if note.video_id:
        url = f"https://www.youtube.com/watch?v={note.video_id}"
        label = title
        if seconds is not None:
            url += f"&t={seconds}s"
            label += f" · {_format_time(seconds)}"
        return f'<a href="{html.escape(url)}">{label}</a>'
    if note.url and note.url.startswith(("https://", "http://")):
        return f'<a href="{html.escape(note.url)}">{title}</a>'
    return f"{title} · {html.escape(note.name)}.md"


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


def make_tags(note: Note) -> tuple[str, ...]:
    """Anki tags of a note's cards: source, frontmatter tags, link topics, the note."""
    tags = []
    if note.source:
        tags.append(_tag("source", note.source))
    tags.extend(_tag(tag) for tag in note.tags)
    tags.extend(_tag("topic", link) for link in note.links if link != note.source)
    tags.append(_tag("note", note.name))
    return tuple(dict.fromkeys(tag for tag in tags if tag))


def _question(claim: Claim, term: Span) -> str:
    """Ask about a term.

    'What is meant by' reads right for every kind of term a note uses as a label,
    nouns ("Invisible Constraints") and actions ("Talk to Engineers") alike; a tagger
    cannot tell those apart in Title Case, so the question does not try.
    """
    text = render_html(claim.text, claim.spans, start=term.start, end=term.end)
    return f"What is meant by “{_strip_bold(text)}”?"


def _strip_bold(html_text: str) -> str:
    return html_text.replace("<b>", "").replace("</b>", "")


def make_cards(
    claims: Sequence[Claim], salience: dict[str, float] | None = None
) -> Iterator[Card]:
    """Yield one card per claim that has an acceptable answer."""
    if salience is None:
        salience = salience_index(claims)
    for claim in claims:
        card = make_card(claim, salience)
        if card is not None:
            yield card


def make_card(claim: Claim, salience: dict[str, float]) -> Card | None:
    """Make the card of one claim, or None when nothing in it is worth asking."""
    context = sanitize(make_context(claim))
    source = sanitize(make_source(claim.note, claim.seconds))
    tags = make_tags(claim.note)
    if claim.term is not None:
        definition = claim.text[claim.definition_start :]
        return Card(
            kind="qa",
            prompt=sanitize(_question(claim, claim.term)),
            answer=sanitize(
                render_html(claim.text, claim.spans, start=claim.definition_start)
            ),
            answer_text=definition,
            context=context,
            source=source,
            extra="",
            tags=tags,
            claim=claim,
        )
    ranked = rank_candidates(claim, salience)
    if not ranked:
        return None
    best = ranked[0]
    return Card(
        kind="cloze",
        prompt=sanitize(
            render_html(claim.text, claim.spans, cloze=(best.start, best.end))
        ),
        answer="",
        answer_text=claim.text[best.start : best.end],
        context=context,
        source=source,
        extra="",
        tags=tags,
        claim=claim,
    )
