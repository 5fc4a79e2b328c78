"""Generate stage: claims become cloze and question/answer `Card`s.

A '**Term**: explanation' item becomes a question about the term; every other claim
becomes a cloze that hides its bold phrase, or else its best candidate answer.

How the best candidate is chosen (`rank_candidates`): candidates that would make a bad
card are removed first (longer than 8 words, no content word, edges or insides that
are not part of a phrase, a very common single word, or words the rest of the sentence
gives away); the rest are scored by kind (bold phrase, then named entity, then number,
then noun phrase), plus the salience of their words within the note (inverse document
frequency over its claims, so a word every sentence uses is a weak answer) and in
English at large (wordfreq), minus a penalty for answers past 5 words. Ties go to the
earlier span.

A note's cards depend on that note alone (`generate_note`): editing one note never
changes another's cards, and a build can make them in worker processes and cache
them with the note. Only near-duplicate merging and the ambiguity check look across
notes (`combine`).

Cards carry HTML rendered from the claim's plain text and formatting spans, escaped
here, so Markdown syntax cannot reach the learner.
"""

from __future__ import annotations

import bisect
import functools
import html
import itertools
import math
import re
import sys
import urllib.parse
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal, NamedTuple

import nh3
from wordfreq import zipf_frequency

from ..extract import Candidate, Claim, Question, Word
from ..read import Note, Span
from ..records import Record
from .mathjax import safe_math, safe_tex

__all__ = [
    "Card",
    "Dropped",
    "Generation",
    "Likeness",
    "NoteCards",
    "Salience",
    "balanced_marks",
    "claim_key",
    "combine",
    "dangling_reference",
    "generate",
    "generate_note",
    "give_away_words",
    "given_by_context",
    "lighten",
    "likeness",
    "load_word_frequencies",
    "make_cards",
    "make_tags",
    "merge_near_duplicates",
    "near_duplicate_pairs",
    "pins",
    "pins_matter",
    "rank_candidates",
    "render_html",
    "salience_index",
    "sanitize",
    "similarity",
    "tag_name",
    "visible_prompt",
    "word_count",
]

MAX_ANSWER_WORDS = 8
MAX_HIDDEN_SHARE = 0.6
"""A deletion that hides more of a sentence's content words than this leaves too
little to recall it from."""
PREFERRED_ANSWER_WORDS = 5
COMMON_WORD_ZIPF = 4.6
"""A single-word answer this frequent in English ('people', 'time', 'things') is too
vague to be worth a card (wordfreq's Zipf scale: 6 is once per thousand words)."""
CONTENT_POS = frozenset({"NOUN", "PROPN", "NUM", "VERB", "ADJ"})
SPECIFICITY_WEIGHT = 0.5
"""How much a rarer word counts: 'villain narratives' makes a better answer than
'purpose'. Measured on wordfreq's Zipf scale, where everyday words sit near 6."""
_ZIPF_CEILING = 7.0
_KIND_SCORES = {"bold": 10.0, "entity": 4.0, "number": 4.0, "phrase": 1.0}
_EDGE_POS = frozenset({"DET", "ADP", "CCONJ", "SCONJ", "PUNCT", "PART", "PRON"})
_SEPARATOR = " › "
_ALLOWED_TAGS = frozenset({"b", "i", "code", "a", "br", "sub", "sup"})
_ALLOWED_URL_SCHEMES = frozenset({"http", "https", "obsidian"})
_TAG_UNSAFE = re.compile(r"[^\w:.\-]+")
_TAG_COLONS = re.compile(r":{3,}")


@dataclass(frozen=True, slots=True)
class Card(Record):
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
    hidden: tuple[tuple[int, int], ...] = ()
    """The span of `claim.text` the card asks for: a cloze hides it, a question
    has it for its answer; empty for a card read back from a deck."""
    merged: tuple[Claim, ...] = ()
    """Claims of other notes that say the same and were merged into this card."""


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
            out.append("{{c1::")
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
            out.append("}}")
    return "".join(out)


def _safe_tex(tex: str) -> str:
    tex = safe_tex(tex)
    # '}}' in TeX would close a cloze early; TeX ignores the space.
    return tex.replace("{{", "{ {").replace("}}", "} }")


def sanitize(fragment: str) -> str:
    """Pass a field through an allow-list HTML sanitizer before it reaches Anki.

    Fields are built from escaped text, so this should change nothing; it is the
    second lock on the door, because Anki shows fields in a web view that runs
    scripts. Math passes the MathJax allow-list (`cards.mathjax`) too, since the
    web view typesets it.
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


def _words_in(claim: Claim, start: int, end: int) -> list[Word]:
    """The claim's words lying wholly inside ``[start, end)``.

    Words are in text order, so a binary search finds the first; this runs for
    every candidate answer of every claim.
    """
    words = claim.words
    first = bisect.bisect_left(words, start, key=_word_start)
    found = []
    for word in itertools.islice(words, first, None):
        if word.start >= end:
            break
        if word.end <= end:
            found.append(word)
    return found


def _word_start(word: Word) -> int:
    return word.start


@functools.lru_cache(maxsize=1 << 16)
def _has_alnum(text: str) -> bool:
    return any(char.isalnum() for char in text)


def _is_content(word: Word) -> bool:
    return word.pos in CONTENT_POS and not word.stop and _has_alnum(word.lemma)


def _content_lemmas(words: Iterable[Word]) -> set[str]:
    return {
        word.lemma
        for word in words
        if word.pos in CONTENT_POS and not word.stop and _has_alnum(word.lemma)
    }


@dataclass(frozen=True, slots=True)
class Salience:
    """How telling a word is within a set of claims (a note's, in a build)."""

    idf: dict[str, float]
    """Inverse document frequency of each content lemma over the claims."""
    topics: dict[str, frozenset[str]]
    """Per note, the lemmas that most of its claims mention: its subject."""


TOPIC_SHARE = 0.3
"""A lemma in this share of a note's claims (at least 4 claims) is what the note is
about ('Newport' in notes on his book): asking for it on every card tests nothing."""


def salience_index(claims: Sequence[Claim]) -> Salience:
    """Measure the lemmas of a set of claims (see `Salience`)."""
    counts: Counter[str] = Counter()
    per_note: dict[str, Counter[str]] = {}
    claims_per_note: Counter[str] = Counter()
    for claim in claims:
        lemmas = _content_lemmas(claim.words)
        counts.update(lemmas)
        per_note.setdefault(claim.note.name, Counter()).update(lemmas)
        claims_per_note[claim.note.name] += 1
    total = len(claims) + 1
    idf = {
        lemma: math.log(total / (count + 1)) + 1.0 for lemma, count in counts.items()
    }
    topics = {
        note: frozenset(
            lemma
            for lemma, count in lemma_counts.items()
            if claims_per_note[note] >= 4
            and count / claims_per_note[note] >= TOPIC_SHARE
        )
        for note, lemma_counts in per_note.items()
    }
    return Salience(idf, topics)


@functools.lru_cache(maxsize=1 << 16)
def _zipf(word: str) -> float:
    """wordfreq's Zipf frequency; cached, as the same words recur across claims."""
    return float(zipf_frequency(word.lower(), "en"))


def load_word_frequencies() -> None:
    """Load wordfreq's English word list now rather than at the first card made
    (0.10 s): a process that is waiting anyway can take it on."""
    zipf_frequency("the", "en")


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


_ENTITY_CORE = frozenset({"PROPN", "NOUN", "NUM", "ADJ", "X"})


def _own_content(claim: Claim) -> list[Word]:
    return [w for w in claim.words if w.start >= claim.own_start and _is_content(w)]


def _cuts_entity(claim: Claim, words: Sequence[Word]) -> bool:
    """Whether a span leaves part of a named entity outside ('Larson' of 'Will Larson').

    spaCy's entities often include a leading 'the' or 'about'; leaving those out
    does not cut the entity.
    """
    before = [w for w in claim.words if w.end <= words[0].start][-1:]
    after = [w for w in claim.words if w.start >= words[-1].end][:1]
    cut_before = words[0].entity_inside and before and before[0].pos in _ENTITY_CORE
    cut_after = after and after[0].entity_inside and after[0].pos in _ENTITY_CORE
    return bool(cut_before or cut_after)


def word_count(text: str) -> int:
    """Words as a reader counts them: 'four-year' and '1990s' are one word each."""
    return sum(1 for part in text.split() if _has_alnum(part))


def _cuts_a_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` begins or ends mid-word ('70S' in '70S-type')."""
    before = text[max(start - 2, 0) : start]
    after = text[end : end + 2]
    return (
        (before[-1:].isalnum())
        or (before[-1:] == "-" and before[:1].isalnum())
        or (after[:1].isalnum())
        or (after[:1] == "-" and after[1:].isalnum())
    )


def _rejects(
    claim: Claim, candidate: Candidate, own_content: Sequence[Word] | None = None
) -> str | None:
    """Name the reason a candidate would make a bad answer, or None if it would not.

    `own_content` (the claim's own content words) may be passed in when many
    candidates of one claim are judged.
    """
    words = _words_in(claim, candidate.start, candidate.end)
    answer = claim.text[candidate.start : candidate.end]
    if not words:
        return "no words"
    if word_count(answer) > MAX_ANSWER_WORDS:
        return "too long"
    content = _content_lemmas(words)
    if not content and candidate.kind != "number":
        return "no content word"
    if candidate.kind != "bold" and (_bad_edge(words[0]) or _bad_edge(words[-1])):
        return "not a whole phrase"
    if _cuts_entity(claim, words):
        return "half an entity"
    if not _balanced(answer):
        return "not a whole phrase"
    if _cuts_a_word(claim.text, candidate.start, candidate.end):
        return "half a word"
    if answer.count(",") >= 2 or (answer.count(",") == 1 and " and " in answer):
        return "an enumeration"
    if "," in answer and candidate.kind == "phrase":
        return "not a whole phrase"
    if candidate.kind != "bold" and any(
        span.kind == "strong"
        and span.start < candidate.end
        and candidate.start < span.end
        and not (candidate.start <= span.start and span.end <= candidate.end)
        for span in claim.spans
    ):
        return "half a bold phrase"
    if own_content is None:
        own_content = _own_content(claim)
    hidden = [w for w in own_content if candidate.start <= w.start < candidate.end]
    if len(own_content) >= 3 and len(hidden) > MAX_HIDDEN_SHARE * len(own_content):
        return "hides most of the sentence"
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
    if candidate.kind in {"phrase", "entity"} and _guessable(words):
        return "guessable"
    if (
        _spelled_number(candidate, answer)
        and answer.lower() in _SMALL_NUMBERS
        and (answer.lower() == "one" or claim.text[candidate.end :].startswith(" of"))
    ):
        return "guessable"  # 'one of the most', 'the first of many'

    if candidate.start == claim.own_start and claim.text[candidate.end :].startswith(
        ":"
    ):
        return "the label of its line"
    if _in_list(claim.text, candidate.start, candidate.end):
        return "one item of a list"
    if _in_parentheses(claim.text, candidate.start, candidate.end):
        return "an aside in parentheses"
    if "_" in answer:
        return "a file name"
    if any(
        span.kind == "math"
        and span.start < candidate.end
        and candidate.start < span.end
        for span in claim.spans
    ):
        return "math"
    if give_away_words(claim, candidate):
        # Hiding the repeated word too would put two blanks on one card.
        return "give-away"
    if given_by_context(claim, words):
        return "given by the context line"
    return None


_WORD = re.compile(r"\w+")


_SUFFIXES = ("ings", "ing", "ers", "er", "ions", "ion", "ed", "es", "s")


def _plain_stem(word: str) -> str:
    """A word without its commonest English ending: 'cutter' and 'cutting' meet."""
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            if word[-1] == word[-2]:
                word = word[:-1]  # 'cutt(ing)'
            return word
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


@functools.lru_cache(maxsize=4096)
def _context_stems(*parts: str | None) -> frozenset[str]:
    return frozenset(
        _plain_stem(word) for part in parts if part for word in _WORD.findall(part)
    )


def given_by_context(claim: Claim, words: Sequence[Word]) -> bool:
    """Whether every content word of an answer shows in the context line above the
    prompt (the note's title, its heading, the lead-in): a blank it fills in."""
    content = [
        w.text
        for w in words
        if w.pos in CONTENT_POS and not w.stop and w.text.isalnum()
    ]
    if not content:
        return False
    shown = _context_stems(claim.note.title, *claim.section[-1:], claim.context)
    return all(_plain_stem(word) in shown for word in content)


_SMALL_NUMBERS = frozenset(
    {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
    | {"first", "second", "third"}
)


def _spelled_number(candidate: Candidate, answer: str) -> bool:
    return candidate.kind == "number" and not any(c.isdigit() for c in answer)


GUESSABLE_ZIPF = 3.5
"""A blank whose rarest word is at least this common in English is filled in from
the sentence around it: rated by two learners on 96 clozes of real notes, answers
whose rarest word lies below this were kept half the time, the others a fifth."""


def _guessable(words: Sequence[Word]) -> bool:
    content = [w for w in words if _is_content(w) and any(c.isalpha() for c in w.text)]
    if not content:
        return False
    return min(_zipf(w.text) for w in content) >= GUESSABLE_ZIPF


_LIST_BEFORE = re.compile(r"(?:,|\band|\bor|&|/)\s*$", re.I)
_LIST_AFTER = re.compile(r"^\s*(?:[,/&.;:)]|\band\b|\bor\b|$)", re.I)


def _in_list(text: str, start: int, end: int) -> bool:
    """Whether a span is a bare item of an enumeration ('Ray, [...], and Nair',
    'wars or [...].'): asked alone, any other item would be as right. An item
    with words of its own ('10 minutes of movement') says which one it is."""
    return bool(_LIST_BEFORE.search(text[max(0, start - 6) : start])) and bool(
        _LIST_AFTER.match(text[end : end + 6])
    )


def _in_parentheses(text: str, start: int, end: int) -> bool:
    """Whether a span is an aside: inside parentheses, or a figure the parentheses
    after it restate ('212 °F (100 °C)')."""
    depth = text.count("(", 0, start) - text.count(")", 0, start)
    if depth > 0:
        return True
    after = text[end : end + 4].lstrip(" °FCK%")
    return after.startswith("(") and any(c.isdigit() for c in text[start:end])


def give_away_words(claim: Claim, candidate: Candidate) -> list[Word]:
    """Words outside the answer that share one of its content lemmas.

    An answer with a number is given away only whole: '1 minute to breathe, 10
    minutes of movement' gives nothing of '10 minutes' away; 'three entries give
    three PDFs' gives 'three' away.
    """
    words = _words_in(claim, candidate.start, candidate.end)
    numbers = [w for w in words if w.pos == "NUM"]
    content = _content_lemmas(words) | {w.lemma for w in numbers}
    shown = [
        word
        for word in claim.words
        if (word.end <= candidate.start or word.start >= candidate.end)
        and word.lemma in content
        and word.pos in CONTENT_POS
        and (not word.stop or word.pos == "NUM")
    ]
    if numbers and {w.lemma for w in shown} != content:
        return []
    return shown


TOPIC_PENALTY = 3.0
NUMBER_BONUS = 2.5
"""What a number with digits earns in place of word salience: figures are what
notes are read for, and wordfreq says nothing about how telling '1961' is."""


def rank_candidates(claim: Claim, salience: Salience | None = None) -> list[Candidate]:
    """Return the acceptable candidate answers of a claim, best first.

    Score = kind (bold 10, entity 4, number 4, noun phrase 1)
          + salience: the highest inverse document frequency of its lemmas across
            the note's claims, and 0.5 per Zipf step its rarest word lies below 7
            (numbers with digits take a flat `NUMBER_BONUS` instead)
          - `TOPIC_PENALTY` when its words are the note's own subject
          - 1 per word past 5.
    Dates and times written in words ('morning', 'weekly') count as noun phrases.
    """
    idf = salience.idf if salience else {}
    topics = (
        salience.topics.get(claim.note.name, frozenset()) if salience else frozenset()
    )
    scored = []
    own_content = _own_content(claim)
    for candidate in claim.candidates:
        if _rejects(claim, candidate, own_content) is not None:
            continue
        words = _words_in(claim, candidate.start, candidate.end)
        answer = claim.text[candidate.start : candidate.end]
        has_digit = any(char.isdigit() for char in answer)
        kind = candidate.kind
        if kind == "number" and not has_digit:
            kind = "phrase"
        score = _KIND_SCORES[kind]
        lemmas = _content_lemmas(words)
        if kind == "number":
            score += NUMBER_BONUS
        elif lemmas:
            score += max(idf.get(lemma, 1.0) for lemma in lemmas)
            score += SPECIFICITY_WEIGHT * (
                _ZIPF_CEILING - min(_zipf(word.text) for word in words if not word.stop)
            )
        if lemmas and lemmas <= topics and kind != "bold":
            score -= TOPIC_PENALTY
        length = word_count(answer)
        if length > PREFERRED_ANSWER_WORDS:
            score -= length - PREFERRED_ANSWER_WORDS
        scored.append((-score, candidate.start, candidate))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [candidate for _, _, candidate in scored]


SUBJECT_WORDS = 4
"""A heading this short ('Mitochondria', 'The Treaty of Versailles') can be the
subject of the items under it that start with their verb."""


def _implied_subject(claim: Claim) -> str:
    """HTML naming the subject of an item that starts with its verb, or ''.

    Study notes write '# Mitochondria' then '- Contain their own circular DNA': a
    claim about the heading's subject, which the card must name to be read alone.
    The nearest heading (else the note's title) is that subject when it is short.
    """
    if claim.own_start or claim.term is not None or claim.kind != "item":
        return ""
    first = claim.words[0] if claim.words else None
    if first is None or first.tag not in {"VBZ", "VBP", "VBD"}:
        return ""
    subject = _nearest_heading(claim)
    if not subject or len(subject.split()) > SUBJECT_WORDS or not subject[0].isalpha():
        return ""
    if any(mark in subject for mark in ":?!()[]"):
        return ""
    if all(_zipf(word) >= ATTRIBUTE_ZIPF for word in _WORD.findall(subject)):
        return ""  # 'Principles', 'Steps': a heading that names no subject
    return html.escape(subject, quote=False) + " "


def _nearest_heading(claim: Claim) -> str:
    """The heading right above a claim, else its note's title."""
    return (claim.section[-1] if claim.section else claim.note.title).strip()


def _text_after(claim: Claim, subject: str) -> str:
    """The claim's text as it reads after an implied subject: lower case first."""
    text = claim.text
    if subject and text[:1].isupper() and not text[1:2].isupper():
        return text[:1].lower() + text[1:]
    return text


def _question_for(claim: Claim, candidate: Candidate) -> Question | None:
    """The wh-question whose answer is exactly this candidate, if the sentence has
    one: 'When did Marie Curie win her second Nobel Prize?' asks for the same fact
    as a blank over '1911', in words a learner answers without the sentence."""
    for question in claim.questions:
        if question.end != candidate.end or question.start > candidate.start:
            continue
        extra = claim.text[question.start : candidate.start].strip().lower()
        if extra in {"", "the", "a", "an"}:
            return question
    return None


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


MAX_QA_ANSWER_WORDS = 22
"""A question's answer past this many words is not recalled as said (minimum
information): its first clause is asked for, or the item becomes a cloze."""
GENERIC_LABEL_ZIPF = 4.0
"""A one-word label this common in English ('Benefits', 'Process', 'Prediction')
names no one thing: asked for its meaning, many answers would be right."""
_CLAUSE_END = re.compile(
    r";|\s[\u2013\u2014]\s|\.\s|,\s(?:which|but|while|so|as)\b|\s\(e\.g\."
)


def _answer_end(claim: Claim) -> int | None:
    """Where a term's answer ends: the whole explanation when short, else its first
    clause when that is short and says something; None when neither is."""
    start = claim.definition_start
    text = claim.text
    if word_count(text[start:]) <= MAX_QA_ANSWER_WORDS:
        return len(text)
    match = _CLAUSE_END.search(text, start)
    if match is None:
        return None
    clause = text[start : match.start()]
    if 3 <= word_count(clause) <= MAX_QA_ANSWER_WORDS:
        return match.start()
    return None


def _label_asks_nothing(claim: Claim, label: Sequence[Word]) -> bool:
    """Whether a label makes a poor question: an instruction or a step ('Talk to
    Engineers'), a label the explanation repeats ('Eat fruit whole': 'consume fruit
    whole'), or one everyday word ('Benefits')."""
    content = [w for w in label if _is_content(w)]
    if not content:
        return True
    if label[0].pos == "VERB" or label[0].tag in {"VB", "VBP", "VBG"}:
        return True
    explanation = [w for w in claim.words if w.start >= claim.definition_start]
    if explanation and explanation[0].tag == "VB":
        # 'Understand Incentives: Acknowledge that...': the item is a step to take,
        # whatever the tagger made of its Title Case label.
        return True
    explained = _content_lemmas(explanation)
    repeated = sum(1 for w in content if w.lemma in explained)
    if repeated * 2 >= len(content):
        return True
    only = content[0]
    return (
        len(content) == 1
        and len(label) == 1
        and only.pos != "PROPN"
        and not only.entity
        and _zipf(only.text) >= GENERIC_LABEL_ZIPF
    )


def _term_question(claim: Claim, term: Span) -> tuple[str, int] | None:
    """The question a '**Term**: explanation' item asks, and where its answer ends;
    None when a cloze over the explanation makes the better card.

    A date is asked what happened then; a label with a short value ('Boiling point
    at sea level: 100 °C') is asked for the value; a named concept for its meaning.
    The note's title and heading stand above the question as its frame.
    """
    label = [w for w in _words_in(claim, term.start, term.end) if w.pos != "PUNCT"]
    end = _answer_end(claim)
    if not label or end is None:
        return None
    text = _strip_bold(
        render_html(claim.text, claim.spans, start=term.start, end=term.end)
    )
    if all(word.entity == "DATE" or _YEAR.fullmatch(word.text) for word in label):
        # '**5 May**: The Estates-General met' is a date, not a term.
        preposition = "on" if _DAY.search(claim.text[term.start : term.end]) else "in"
        return f"What happened {preposition} {text}?", end
    answer = [w for w in claim.words if claim.definition_start <= w.start < end]
    verb = "are" if label[-1].tag in _PLURAL_TAGS else "is"
    verbless = not any(w.pos in {"VERB", "AUX"} for w in answer)
    if verbless and len(answer) <= 6 and any(w.pos == "NUM" for w in answer):
        # A value: 'Boiling point at sea level: 100 °C' asks for it; 'Septic
        # shock: 40-70%' does not say of what, and becomes a cloze.
        if not _measures(label):
            return None
        return f"What {verb} the {text.lower()}?", end
    if _label_asks_nothing(claim, label):
        return None
    if not any(
        w.pos in {"NUM", "PROPN"} or (_is_content(w) and _zipf(w.text) < 5.0)
        for w in answer
    ):
        return None  # 'Black Pepper: A good amount.' says nothing to recall
    if verbless and len(answer) <= 8 and _is_attribute(label):
        # 'Other Names: Valley fever' under '## Coccidioides' asks for the names
        # of the heading's subject; without one, nothing says whose they are.
        frame = _frame(claim)
        if frame is None:
            return None
        return f"What {verb} the {text.lower()} of {frame}?", end
    if _names_a_person(label):
        return f"Who {verb} {text}?", end
    if not _is_term_of_art(claim.text[term.start : term.end], label):
        return None
    return f"What {verb} “{text}”?", end


_TITLE_WORDS = re.compile(
    r"\s(?:and|or|to|for|of|on|in|with|from|vs\.?|versus|&)\s|^(?:no|the|a|an)\s",
    re.I,
)


_TITLE_CASE = re.compile(r"[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)+")
"""'Purposeless Action Sequences', 'Monologues Over Action': a bullet's title, as
podcast summaries write them; a term is written in the sentence's case."""


def _is_term_of_art(label_text: str, label: Sequence[Word]) -> bool:
    """Whether a label names a concept a learner defines ('Tachypnea', 'Feedback
    inhibition', 'Resend'), not a section title ('Harmful Content for Children',
    'Political Control', 'No Complacency') whose text is a claim of its own."""
    if _TITLE_WORDS.search(label_text) or _TITLE_CASE.fullmatch(label_text):
        return False
    content = [w for w in label if _is_content(w) and any(c.isalpha() for c in w.text)]
    return bool(content) and min(_zipf(w.text) for w in content) < GUESSABLE_ZIPF


_MEASURES = frozenset(
    {"age", "amount", "capacity", "cost", "count", "date", "dose", "duration"}
    | {"frequency", "height", "incidence", "length", "level", "limit", "mass"}
    | {"mortality", "number", "percentage", "point", "population", "prevalence"}
    | {"price", "range", "rate", "ratio", "share", "size", "speed", "temperature"}
    | {"threshold", "time", "uptime", "value", "volume", "weight", "width", "year"}
)
"""Nouns that name a measure: a label ending in one ('Boiling point at sea level',
'Target uptime') asks for a value; 'Septic shock: 40-70%' does not say of what."""


def _measures(label: Sequence[Word]) -> bool:
    nouns = [w for w in label if w.pos in {"NOUN", "PROPN"}]
    heads = {w.lemma for w in nouns[:1]} | {w.lemma for w in nouns[-1:]}
    return bool(heads & _MEASURES)


ATTRIBUTE_ZIPF = 4.0
"""A label whose every content word is at least this common ('Other Names',
'Clinical Context', 'Key Features') names a property of something, not a thing."""
FRAME_WORDS = 6


def _is_attribute(label: Sequence[Word], max_words: int = 3) -> bool:
    content = [w for w in label if _is_content(w)]
    return (
        0 < len(label) <= max_words
        and all(not w.entity for w in content)
        and all(_zipf(w.text) >= ATTRIBUTE_ZIPF for w in content)
    )


def _frame(claim: Claim) -> str | None:
    """The subject a claim's section is about, when its heading is a short name."""
    heading = _nearest_heading(claim).rstrip(":")
    if not heading or len(heading.split()) > FRAME_WORDS or "?" in heading:
        return None
    return html.escape(heading, quote=False)


def _names_a_person(label: Sequence[Word]) -> bool:
    """A person's name: tagged so, and not everyday words in Title Case ('Flour
    Mixture', 'Veggie Starters')."""
    return (
        2 <= len(label) <= 4
        and all(w.entity == "PERSON" for w in label)
        and all(w.text[:1].isupper() and w.text[1:].islower() for w in label)
        and any(_zipf(w.text) < ATTRIBUTE_ZIPF - 0.5 for w in label)
    )


_YEAR = re.compile(r"1\d{3}s?|20\d{2}s?")
_DAY = re.compile(r"\b\d{1,2}(st|nd|rd|th)?\s+[A-Z][a-z]+|[A-Z][a-z]+\s+\d{1,2}\b")


def _strip_bold(html_text: str) -> str:
    return html_text.replace("<b>", "").replace("</b>", "")


@dataclass(frozen=True, slots=True)
class Dropped(Record):
    """A claim that gave no card, and the rule that stopped it."""

    claim: Claim
    rule: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Generation:
    """The cards made from a set of claims, and the claims that made none."""

    cards: tuple[Card, ...]
    dropped: tuple[Dropped, ...]
    similar: tuple[tuple[int, int], ...] | None = None
    """Index pairs of `cards` that are near-duplicates yet both kept (see
    `merge_near_duplicates`); None when not worked out."""
    origins: tuple[int, ...] = ()
    """For each card, its index among the notes' cards before `combine` merged
    and dropped some: what was worked out per note still applies to it."""


NOT_A_CLAIM = "not a claim"
SELF_CONTAINED = "self-contained"
NO_ANSWER = "no good answer"
NEAR_DUPLICATE = "near-duplicate"
AMBIGUOUS = "unambiguous"
MIN_CLAIM_WORDS = 4
MIN_DEFINITION_WORDS = 3
LINK_LIST_SHARE = 0.6
"""A block whose text is mostly link labels is a list of links (an index page, a
table of contents), not a statement."""
NEAR_DUPLICATE_SIMILARITY = 0.45
"""Weighted Dice similarity of two claims' content lemmas, where a word counts more
the rarer it is in English. Summaries of the same episode say the same thing in other
words; on the test corpus's labelled paraphrase pairs this scores 0.40-0.78 (4 of 5
pairs reach 0.45), and distinct claims about the same subject at most 0.34."""
UNRESOLVED_PRONOUNS = frozenset(
    {"it", "this", "that", "these", "those", "they", "them", "he", "she", "him", "her"}
)
_NOT_A_STATEMENT = re.compile(r"\[[ xX]?\]\s|(?:ex|e\.g|example)\s*[:).]", re.I)
"""A task ('[ ] read chapter 3') or a worked example ('Ex) 001 rounds to even')."""
_PLACEHOLDERS = re.compile(r"\{\{|<%|\bTODO\b|\bTBD\b|\bFIXME\b|\blorem ipsum\b", re.I)


LIST_PAGE_SHARE = 0.6
"""A note in which this share of list items are links or short verbless fragments
is an index, a table of contents or an outline: none of it is a claim."""
FRAGMENT_WORDS = 8


def _is_fragment(claim: Claim) -> bool:
    """A line too short, or short and without a verb or a full stop, to state a fact.

    'Lecture 6: Logistic regression' and 'Inhibitors:' are outline lines. The full
    stop matters because the small English model sometimes tags a verb as a noun
    ('the cortex stores memories.'); outlines and tables of contents have none.
    """
    words = [w for w in claim.words if w.pos not in {"PUNCT", "SYM", "SPACE"}]
    if len(words) < MIN_CLAIM_WORDS:
        return True
    has_verb = any(word.pos in {"VERB", "AUX"} for word in words)
    ends_sentence = claim.text.rstrip("\"'”’)").endswith((".", "!", "?"))
    return not has_verb and not ends_sentence and len(words) <= FRAGMENT_WORDS


def _list_pages(claims: Sequence[Claim]) -> set[str]:
    """The notes whose list items are mostly links or fragments."""
    items: dict[str, list[bool]] = {}
    for claim in claims:
        if claim.kind == "item" and claim.sentence == 0:
            weak = _is_fragment(claim) or _link_share(claim) >= LINK_LIST_SHARE
            items.setdefault(claim.note.name, []).append(weak)
    return {
        note
        for note, flags in items.items()
        if len(flags) >= 4 and sum(flags) >= LIST_PAGE_SHARE * len(flags)
    }


def _link_share(claim: Claim) -> float:
    own = claim.text[claim.own_start :]
    linked = sum(
        span.end - span.start
        for span in claim.spans
        if span.kind == "link" and span.start >= claim.own_start
    )
    return linked / max(len(own), 1)


def _is_claim(claim: Claim) -> str | None:
    """Why a claim is not a statement worth a card, or None if it is one."""
    own = claim.text[claim.own_start :]
    if _PLACEHOLDERS.search(own):
        return "template placeholder"
    if "|" in "".join(_outside_code(claim)):
        return "a table row"
    if _NOT_A_STATEMENT.match(own):
        return "a task or an example"
    if _link_share(claim) >= LINK_LIST_SHARE:
        return "a list of links"
    words = [word for word in claim.words if word.pos not in {"PUNCT", "SYM", "SPACE"}]
    if claim.term is not None:
        definition = [w for w in words if w.start >= claim.definition_start]
        if len(definition) < MIN_DEFINITION_WORDS:
            return "a term without an explanation"
        return None
    own_words = [word for word in words if word.start >= claim.own_start]
    if not own_words or _is_fragment(claim):
        return "a fragment, not a sentence"
    return None


_SUBJECTLESS_TAGS = frozenset({"MD", "VBZ", "VBD", "VBN", "VBP"})


def _without_subject(claim: Claim) -> bool:
    """An item that starts with its verb ('Can be used with a lower dose', 'Allows
    parallelization') under a heading that cannot be its subject: nothing on the
    card says what it is about. (An instruction, 'Eat fruit whole', is whole, and so
    is 'Set a cut-off', whose verb the tagger may read as a past tense.)"""
    if claim.kind != "item" or claim.own_start or claim.term is not None:
        return False
    first = claim.words[0] if claim.words else None
    return (
        first is not None
        and first.tag in _SUBJECTLESS_TAGS
        and (first.tag == "MD" or first.lemma != first.text.lower())
        and first.pos in {"VERB", "AUX"}
        and not first.entity
        and not _implied_subject(claim)
    )


def balanced_marks(text: str) -> bool:
    """Whether every quotation and bracket opened in a text is closed in it."""
    return _balanced(text) and text.count("{") == text.count("}")


def _outside_code(claim: Claim) -> Iterator[str]:
    """The claim's text outside code and math spans, in pieces."""
    at = claim.own_start
    for span in sorted(claim.spans, key=lambda span: span.start):
        if span.kind in {"code", "math"} and span.end > at:
            yield claim.text[at : max(at, span.start)]
            at = span.end
    yield claim.text[at:]


def _unresolved_start(claim: Claim) -> str | None:
    """The pronoun a claim opens with when nothing on the card says what it means."""
    if claim.own_start or claim.term is not None or not claim.words:
        return None
    first = claim.words[0]
    if first.pos == "PRON" and first.text.lower() in UNRESOLVED_PRONOUNS:
        return first.text
    return None


_PERSONAL_PRONOUNS = frozenset(
    {"he", "him", "his", "himself", "she", "her", "hers", "herself"}
)
_THING_PRONOUNS = frozenset({"it", "its", "itself"})
_PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
_DEMONSTRATIVE_WORDS = frozenset({"this", "these", "those"})
_POINTING_WORDS = frozenset({"above", "below", "aforementioned", "latter", "former"})
"""Words that point at other lines of the note: 'the value above'."""
_PLURAL_TAGS = frozenset({"NNS", "NNPS"})
_REFERRING_PRONOUNS = _PERSONAL_PRONOUNS | _THING_PRONOUNS | _PLURAL_PRONOUNS


def _has_antecedent(
    pronoun: Word, earlier: Sequence[Word], after: Sequence[Word]
) -> bool:
    """Whether a word before a pronoun, on the card, can be what it stands for."""
    low = pronoun.text.lower()
    if low in _PERSONAL_PRONOUNS:
        return any(w.entity == "PERSON" or w.pos == "PROPN" for w in earlier)
    if low in _THING_PRONOUNS:
        if low == "it" and any(w.pos == "ADJ" for w in after[:3]):
            return True  # 'it is important to', 'makes it easier': no referent
        return any(
            w.pos in {"NOUN", "PROPN"} and w.tag not in _PLURAL_TAGS for w in earlier
        )
    if low in _PLURAL_PRONOUNS:
        nouns = [w for w in earlier if w.pos in {"NOUN", "PROPN"}]
        coordinated = len(nouns) >= 2 and any(w.text.lower() == "and" for w in earlier)
        return coordinated or any(
            w.tag in _PLURAL_TAGS or w.pos == "PROPN" for w in nouns
        )
    # 'this axis', 'because of this': resolved only by the same noun said before.
    noun = after[0] if after and after[0].pos in {"NOUN", "PROPN"} else None
    return noun is not None and any(w.lemma == noun.lemma for w in earlier)


def dangling_reference(claim: Claim) -> str | None:
    """A pronoun or 'this X' anywhere in the claim's own words that nothing on the
    card names ('place them into senior roles', 'its half-life'), or None.

    A '**Term**: explanation' item's term counts as said before, and so does the
    heading an item starting with its verb takes as its subject (`_implied_subject`).
    """
    if _implied_subject(claim):
        return None
    words = claim.words
    for index, word in enumerate(words):
        if word.start < claim.own_start:
            continue
        low = word.text.lower()
        if low in _POINTING_WORDS and word.pos in {"ADV", "ADJ"}:
            return word.text
        if low == "that" and word.pos == "PRON" and word.tag == "DT":
            if not _has_antecedent(word, words[:index], ()):
                return word.text
            continue
        if low in _DEMONSTRATIVE_WORDS:
            if word.pos not in {"PRON", "DET"}:
                continue
        elif word.pos != "PRON" or low not in _REFERRING_PRONOUNS:
            continue
        if not _has_antecedent(word, words[:index], words[index + 1 :]):
            return word.text
    return None


def make_cards(claims: Sequence[Claim]) -> Iterator[Card]:
    """Yield the cards of `claims` (see `generate` for the ones that make none)."""
    yield from generate(claims).cards


class Likeness(NamedTuple):
    """What near-duplicate search compares of a card's claim (`similarity`).

    Kept for every card of a vault through a build, so kept small: a dict of
    floats per card was the largest thing a build held (50 of the 91 MB of a
    1,000-note vault's cached cards). Lemma names are interned when loaded, so each
    is held once however many cards use it.
    """

    lemmas: tuple[str, ...]
    """The claim's own content lemmas, in the order they first appear."""
    weights: array[float]
    """Each lemma's weight, in the same order."""
    numbers: tuple[str, ...]

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (_loaded_likeness, (self.lemmas, self.weights.tobytes(), self.numbers))

    def weighted(self) -> dict[str, float]:
        return dict(zip(self.lemmas, self.weights, strict=True))


def _loaded_likeness(
    lemmas: tuple[str, ...], weights: bytes, numbers: tuple[str, ...]
) -> Likeness:
    return Likeness(tuple(map(sys.intern, lemmas)), array("d", weights), numbers)


def likeness(card: Card) -> Likeness:
    weighted = _weighted_lemmas(card.claim)
    return Likeness(
        tuple(weighted),
        array("d", weighted.values()),
        tuple(sorted(_numbers(card.claim))),
    )


@dataclass(frozen=True, slots=True)
class NoteCards(Record):
    """One note's cards and dropped claims, made from that note alone."""

    cards: tuple[Card, ...]
    dropped: tuple[Dropped, ...]
    likeness: tuple[Likeness, ...] = ()
    """For each card, what near-duplicate search compares (see `lighten`)."""


def lighten(made: NoteCards, shells: dict[int, Claim] | None = None) -> NoteCards:
    """The same cards, their claims without words and candidates.

    What a build keeps of a note once its cards are made and checked: the
    language analysis is what takes the memory, and it stays in the cache (see
    `cards.cache`) for the day the note's cards must be made again. Near-duplicate
    search reads the kept `likeness` instead.

    `shells` maps the id of each claim lightened to its light copy; passing the
    same mapping for several sets of cards of one note gives them the same copies
    (a cached note stores each claim once). Cards of one section share one context
    string and cards with the same tags one tuple of them, where each card had its
    own: 6 of a build's MB per 1,000 generated notes.
    """
    shells = {} if shells is None else shells
    contexts: dict[str, str] = {}
    tag_sets: dict[tuple[str, ...], tuple[str, ...]] = {}

    def shell(claim: Claim) -> Claim:
        if id(claim) not in shells:
            shells[id(claim)] = replace(claim, words=(), candidates=())
        return shells[id(claim)]

    likeness_ = made.likeness or tuple(likeness(card) for card in made.cards)
    return NoteCards(
        tuple(
            replace(
                card,
                claim=shell(card.claim),
                merged=tuple(map(shell, card.merged)),
                context=contexts.setdefault(card.context, card.context),
                tags=tag_sets.setdefault(card.tags, card.tags),
            )
            for card in made.cards
        ),
        tuple(replace(drop, claim=shell(drop.claim)) for drop in made.dropped),
        likeness_,
    )


def generate(
    claims: Sequence[Claim], *, previous: Mapping[str, str] | None = None
) -> Generation:
    """Make one card per claim that deserves one, and say why the others do not.

    The claims are grouped by note (`generate_note`), then `combine`d.
    """
    by_note: dict[str, list[Claim]] = {}
    for claim in claims:
        by_note.setdefault(claim.note.name, []).append(claim)
    return combine(generate_note(group, previous) for group in by_note.values())


def generate_note(
    claims: Sequence[Claim], previous: Mapping[str, str] | None = None
) -> NoteCards:
    """Make the cards of one note's claims, and say why the others make none.

    Claims that are not statements (links, placeholders, fragments), that lean on a
    sentence the card cannot show ("It ...", "They ..."), or that have no good
    answer are dropped.

    `previous` maps a claim's text (see `claim_key`) to the answer its cloze asked
    last build. That answer is kept while it is still acceptable, so that editing
    one sentence (which shifts the note's word salience) or a new version of cards
    does not change, and so overwrite in Anki, the cards of sentences nobody touched.
    """
    salience = salience_index(claims)
    cards: list[Card] = []
    dropped: list[Dropped] = []
    list_pages = _list_pages(claims)
    for claim in claims:
        # A paragraph's sentence read with --prose (no bold) is no list item: the
        # verdict on a page's list does not reach it.
        prose = claim.kind == "sentence" and not claim.bold
        reason = (
            "an index or table of contents"
            if claim.note.name in list_pages and not prose
            else _is_claim(claim)
        )
        if reason is not None:
            dropped.append(Dropped(claim, NOT_A_CLAIM, reason))
            continue
        pronoun = _unresolved_start(claim)
        if pronoun is not None:
            dropped.append(Dropped(claim, SELF_CONTAINED, f"starts with {pronoun!r}"))
            continue
        pronoun = dangling_reference(claim)
        if pronoun is not None:
            dropped.append(
                Dropped(claim, SELF_CONTAINED, f"{pronoun!r} names nothing on the card")
            )
            continue
        if _without_subject(claim):
            dropped.append(
                Dropped(claim, SELF_CONTAINED, "starts with its verb; no subject")
            )
            continue
        if not balanced_marks(claim.text[claim.own_start :]):
            dropped.append(
                Dropped(claim, NOT_A_CLAIM, "a quote or bracket opened and not closed")
            )
            continue
        made = make_claim_cards(
            claim, salience, (previous or {}).get(claim_key(claim.text))
        )
        if not made:
            dropped.append(Dropped(claim, NO_ANSWER))
            continue
        cards.extend(made)
    return NoteCards(
        tuple(cards), tuple(dropped), tuple(likeness(card) for card in cards)
    )


def pins(made: NoteCards, previous: Mapping[str, str]) -> dict[str, str]:
    """The `previous` answers that would change cards made without them.

    A claim's previous answer changes nothing when it is the answer its first cloze
    asks anyway (or when the claim made no card), so a note whose cards were made
    without previous answers needs making again only with these, if any; the
    cards they make are those `previous` as a whole would.
    """
    first: dict[int, str] = {}
    for card in made.cards:
        if card.kind == "cloze":
            first.setdefault(id(card.claim), card.answer_text)
    found = {}
    for card in made.cards:
        key = claim_key(card.claim.text)
        answer = previous.get(key)
        if answer is None:
            continue
        asked = first.get(id(card.claim))
        if asked is None or claim_key(asked) != claim_key(answer):
            found[key] = answer
    return found


def pins_matter(made: NoteCards, previous: Mapping[str, str]) -> bool:
    """Whether `previous` answers would change cards made without them (`pins`)."""
    return bool(pins(made, previous))


def combine(notes: Iterable[NoteCards]) -> Generation:
    """Put the notes' cards together: near-duplicates across notes are merged (the
    card carries both sources), and cards whose prompt another card asks with a
    different answer are dropped."""
    cards: list[Card] = []
    dropped: list[Dropped] = []
    alike: list[Likeness] = []
    for note in notes:
        cards.extend(note.cards)
        dropped.extend(note.dropped)
        alike.extend(note.likeness or (likeness(card) for card in note.cards))
    pairs = near_duplicate_pairs(cards, alike)
    merged_cards, merged, survivors = _merge(cards, pairs)
    final, ambiguous, kept = _drop_ambiguous(merged_cards)
    # A pair's similarity depends on its claims alone, which merging keeps: the
    # pairs left among the final cards are the ones found before, renumbered.
    origins = tuple(survivors[index] for index in kept)
    position = {origin: new for new, origin in enumerate(origins)}
    similar = tuple(
        (position[first], position[second])
        for first, second in pairs
        if first in position and second in position
    )
    return Generation(tuple(final), (*dropped, *merged, *ambiguous), similar, origins)


def _lemma_weight(lemma: str) -> float:
    return max(0.5, _ZIPF_CEILING - _zipf(lemma))


def _weighted_lemmas(claim: Claim) -> dict[str, float]:
    """The claim's own content lemmas (not a shared lead-in's) and their weights."""
    own = [word for word in claim.words if word.start >= claim.own_start]
    return {lemma: _lemma_weight(lemma) for lemma in _content_lemmas(own)}


def _numbers(claim: Claim) -> frozenset[str]:
    return frozenset(word.text for word in claim.words if word.pos == "NUM")


def similarity(first: dict[str, float], second: dict[str, float]) -> float:
    """Weighted Dice coefficient of two claims' lemma weights (0 to 1)."""
    total = sum(first.values()) + sum(second.values())
    if not total:
        return 0.0
    shared = sum(weight for lemma, weight in first.items() if lemma in second)
    return 2 * shared / total


_MAX_POSTINGS = 200
"""A lemma in more claims than this is too common to propose duplicates by."""


def near_duplicate_pairs(
    cards: Sequence[Card], alike: Sequence[Likeness] | None = None
) -> list[tuple[int, int]]:
    """Index pairs of cards from different notes whose claims say the same thing.

    Kept when their `similarity` over the lemmas in at most `_MAX_POSTINGS` claims
    reaches `NEAR_DUPLICATE_SIMILARITY` and they share a number if both have one.

    Pairs are proposed by prefix filtering, so a large vault is never compared pair
    by pair: two claims can only be that similar if they share a shared weight of
    at least s/(2 - s) of either one's total, so each claim is indexed by its
    rarest lemmas only, up to where the rest weigh less than that; every pair that
    can qualify shares one of them. `alike` gives each card's `likeness` when its
    claim's words are no longer at hand (see `lighten`).
    """
    if alike is None:
        alike = [likeness(card) for card in cards]
    totals = [sum(each.weights) for each in alike]
    notes = [card.claim.note.name for card in cards]
    postings: dict[str, list[int]] = {}
    for index, each in enumerate(alike):
        for lemma in each.lemmas:
            postings.setdefault(lemma, []).append(index)
    # Shared weight is summed in the order lemmas first appear, whatever the
    # order of the search, so every build adds the same floats the same way.
    first_seen = {lemma: position for position, lemma in enumerate(postings)}
    rarity = {
        lemma: (len(indexes), first_seen[lemma])
        for lemma, indexes in postings.items()
        if len(indexes) <= _MAX_POSTINGS
    }
    del postings
    needed = NEAR_DUPLICATE_SIMILARITY / (2 - NEAR_DUPLICATE_SIMILARITY)
    indexed: dict[str, list[int]] = {}
    for index, each in enumerate(alike):
        # Rarest first; no two lemmas are equally rare, so nothing else compares.
        own = sorted(
            (rarity[lemma], lemma, weight)
            for lemma, weight in zip(each.lemmas, each.weights, strict=True)
            if lemma in rarity
        )
        rest = sum(weight for _, _, weight in own)
        floor = needed * totals[index] - 1e-9
        for _, lemma, weight in own:
            if rest < floor:
                break
            indexed.setdefault(lemma, []).append(index)
            rest -= weight
    proposed: set[tuple[int, int]] = set()
    for indexes in indexed.values():
        for position, first in enumerate(indexes):
            for second in indexes[position + 1 :]:
                if notes[first] != notes[second]:
                    proposed.add((first, second))
    pairs = []
    for first, second in sorted(proposed):
        total = totals[first] + totals[second]
        weights = alike[first].weighted()
        shared = {lemma for lemma in weights if lemma in rarity}
        shared &= set(alike[second].lemmas)
        common = 0.0
        for lemma in sorted(shared, key=first_seen.__getitem__):
            common += weights[lemma]
        if not total or 2 * common / total < NEAR_DUPLICATE_SIMILARITY:
            continue
        numbers = set(alike[first].numbers), set(alike[second].numbers)
        if all(numbers) and not numbers[0] & numbers[1]:
            continue
        pairs.append((first, second))
    return pairs


def merge_near_duplicates(cards: Sequence[Card]) -> tuple[list[Card], list[Dropped]]:
    """Merge cards whose claims say the same thing into the first of them.

    Only claims of different notes are compared: within one note, parallel
    sentences ("Complex I accepts electrons from NADH", "Complex II ... FADH2") are
    different facts, while two notes that summarise the same source repeat each
    other (see `near_duplicate_pairs`). The kept card carries both sources and
    all tags.
    """
    kept, dropped, _ = _merge(cards, near_duplicate_pairs(cards))
    return kept, dropped


def _merge(
    cards: Sequence[Card], pairs: Sequence[tuple[int, int]]
) -> tuple[list[Card], list[Dropped], list[int]]:
    """`merge_near_duplicates` given the pairs; also says which cards survive."""
    merged_into: dict[int, int] = {}
    for first, second in pairs:
        if first in merged_into or second in merged_into:
            continue
        if cards[first].kind != cards[second].kind and cards[second].kind == "qa":
            continue
        merged_into[second] = first
    kept: dict[int, Card] = {i: c for i, c in enumerate(cards) if i not in merged_into}
    dropped = []
    for second, first in sorted(merged_into.items()):
        survivor, duplicate = kept[first], cards[second]
        kept[first] = replace(
            survivor,
            source=_join_sources(survivor.source, duplicate.source),
            tags=tuple(dict.fromkeys((*survivor.tags, *duplicate.tags))),
            merged=(*survivor.merged, duplicate.claim),
        )
        where = f"{survivor.claim.note.name}.md:{survivor.claim.line}"
        dropped.append(Dropped(duplicate.claim, NEAR_DUPLICATE, f"merged into {where}"))
    survivors = sorted(kept)
    return [kept[i] for i in survivors], dropped, survivors


def _join_sources(first: str, second: str) -> str:
    return first if second in first else f"{first}<br>{second}"


def visible_prompt(card: Card) -> str:
    """The prompt as the learner reads it, deletion hidden, tags removed."""
    text = _CLOZE.sub("[...]", card.prompt) if card.kind == "cloze" else card.prompt
    return html.unescape(_TAG.sub("", text))


_CLOZE = re.compile(r"\{\{c\d+::(.*?)\}\}", re.S)
_TAG = re.compile(r"<[^>]+>")


def drop_ambiguous(cards: Sequence[Card]) -> tuple[list[Card], list[Dropped]]:
    """Keep one card per prompt: two cards that ask the same must agree."""
    kept, dropped, _ = _drop_ambiguous(cards)
    return kept, dropped


def _drop_ambiguous(
    cards: Sequence[Card],
) -> tuple[list[Card], list[Dropped], list[int]]:
    first_answer: dict[tuple[str, str], str] = {}
    kept, dropped, indexes = [], [], []
    for index, card in enumerate(cards):
        if card.claim.kind == "hand":
            # Written by hand: the owner's card as written, whatever it asks.
            kept.append(card)
            indexes.append(index)
            continue
        key = (card.context, " ".join(visible_prompt(card).lower().split()))
        answer = " ".join(card.answer_text.lower().split())
        if key in first_answer and first_answer[key] != answer:
            dropped.append(Dropped(card.claim, AMBIGUOUS, "same prompt, other answer"))
            continue
        if key in first_answer:
            dropped.append(Dropped(card.claim, NEAR_DUPLICATE, "same card twice"))
            continue
        first_answer[key] = answer
        kept.append(card)
        indexes.append(index)
    return kept, dropped, indexes


CARDS_PER_SENTENCE = 2


def claim_key(text: str) -> str:
    """A claim's text compared without case or spacing."""
    return " ".join(text.lower().split())


def make_claim_cards(
    claim: Claim, salience: Salience, previous_answer: str | None = None
) -> list[Card]:
    """Make a claim's cards: its question or best cloze, and one more for a second
    bold phrase (at most `CARDS_PER_SENTENCE`)."""
    context = sanitize(make_context(claim))
    source = make_source(claim.note, claim.seconds)
    tags = make_tags(claim.note)
    cards = []
    asked = _term_question(claim, claim.term) if claim.term is not None else None
    if asked is not None:
        question, answer_end = asked
        cards.append(
            Card(
                kind="qa",
                prompt=sanitize(question),
                answer=sanitize(
                    render_html(
                        claim.text,
                        claim.spans,
                        start=claim.definition_start,
                        end=answer_end,
                    )
                ),
                answer_text=claim.text[claim.definition_start : answer_end],
                hidden=((claim.definition_start, answer_end),),
                context=context,
                source=source,
                extra="",
                tags=tags,
                claim=claim,
            )
        )
    ranked = rank_candidates(claim, salience)
    if claim.term is not None:
        ranked = [
            c
            for c in ranked
            if c.start >= claim.definition_start and (asked is None or c.kind == "bold")
        ]
    asks = [
        c for c in ranked if c.kind in {"entity", "number"} and _question_for(claim, c)
    ]
    if asks and ranked[0].kind != "bold" and asks[0] is not ranked[0]:
        # A question that pins one answer beats a blank over a better-ranked span.
        ranked = [asks[0], *(c for c in ranked if c is not asks[0])]
    if previous_answer is not None:
        # Only the first candidate asking it moves up: when last build's answer is
        # this build's first choice anyway, nothing changes (see `pins_matter`).
        wanted = claim_key(previous_answer)
        for index, candidate in enumerate(ranked):
            if claim_key(claim.text[candidate.start : candidate.end]) == wanted:
                ranked = [candidate, *ranked[:index], *ranked[index + 1 :]]
                break
    chosen: list[Candidate] = []
    for candidate in ranked:
        if len(cards) + len(chosen) >= CARDS_PER_SENTENCE:
            break
        if chosen and (candidate.kind != "bold" or chosen[0].kind != "bold"):
            break
        if any(c.start < candidate.end and candidate.start < c.end for c in chosen):
            continue
        chosen.append(candidate)
    subject = _implied_subject(claim)
    for number, candidate in enumerate(chosen):
        hidden = ((candidate.start, candidate.end),)
        wh = _question_for(claim, candidate) if number == 0 else None
        if wh is not None:
            cards.append(
                Card(
                    kind="qa",
                    prompt=sanitize(html.escape(wh.text, quote=False)),
                    answer=sanitize(
                        render_html(
                            claim.text,
                            claim.spans,
                            start=wh.start,
                            end=wh.end,
                        )
                    ),
                    answer_text=wh.answer,
                    context=context,
                    source=source,
                    extra=sanitize(render_html(claim.text, claim.spans)),
                    tags=tags,
                    claim=claim,
                    hidden=hidden,
                )
            )
            continue
        cards.append(
            Card(
                kind="cloze",
                prompt=sanitize(
                    subject
                    + render_html(
                        _text_after(claim, subject), claim.spans, hidden=hidden
                    )
                ),
                answer="",
                answer_text=claim.text[candidate.start : candidate.end],
                context=context,
                source=source,
                extra="",
                tags=tags,
                claim=claim,
                hidden=hidden,
            )
        )
    return cards
