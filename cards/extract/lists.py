"""A list's label: the short line above it ('Height of a node v', 'Operands') that
names what its items are about.

A label that names a thing (a noun phrase: no sentence, no instruction) is the
subject of its items (`label_subject`), and a short list under one is a fact of its
own, its label asking for its items (`labelled_list`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..read import Block, ParsedNote, Span
from .clauses import NUMERIC_LABELS
from .sentences import lead_in
from .words import FINITE_TAGS, Word, words_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

__all__ = ["MAX_LIST_ITEMS", "LabelledList", "label_subject", "labelled_list"]

MAX_LIST_ITEMS = 3
"""A labelled list of at most this many items is one fact: a question can ask for
all of it. A longer list is a set, which no one card should ask for."""
_COLONS = frozenset({":", "\uff1a"})
"""A label holding a verb in one of these tenses is a sentence, not a name."""
_NOT_A_NAME_START = frozenset({"ADP", "SCONJ", "ADV", "PRON", "INTJ", "CCONJ"})
"""A label opening with one of these ('In practice', 'When it fails', 'Also')
qualifies what follows; it names nothing."""


@dataclass(frozen=True, slots=True)
class LabelledList:
    """A short list and its label, as one text: the label, then each item on a line
    of its own."""

    text: str
    items_start: int
    """Where the first item starts in `text`."""
    spans: tuple[Span, ...]
    words: tuple[Word, ...]
    items: tuple[int, ...]
    """The blocks of its items, in order."""
    topics: tuple[str, ...]
    seconds: int | None


def _name(parsed: ParsedNote, index: int, docs: dict[int, Doc]) -> SpacySpan | None:
    """What the label paragraph `index` names, parsed, when it names a thing: all
    of it, or what stands before the 'is' or 'are' it ends on ('Dimension of
    nullspace is', which its items finish)."""
    block = parsed.blocks[index]
    doc = docs.get(index)
    if not (block.label or _names_its_items(block)) or doc is None:
        return None
    sentences = list(doc.sents)
    if len(sentences) != 1:
        return None
    sentence = sentences[0]
    name = sentence.doc[sentence.start : _last_word(sentence) + 1]
    words = [token for token in name if not token.is_punct and not token.is_space]
    if len(words) > 1 and _copula(words[-1]) and words[-1].i == name.end - 1:
        words.pop()
        name = doc[name.start : words[-1].i + 1]
    if not words or words[0].pos_ in _NOT_A_NAME_START:
        return None
    if not block.label and not all(
        t.ent_type_ and t.ent_type_ not in NUMERIC_LABELS for t in words
    ):
        # A bold item names a person, place or body, not 'Statistics' or the
        # Title Case 'Speed & Efficiency' the tagger reads as a proper noun.
        return None
    if any(token.text in _COLONS for token in name):
        return None  # 'Useful phrase: at all costs' is a label and its text
    if any(token.tag_ in FINITE_TAGS for token in words):
        return None  # 'GPS finds location by', 'Hitler now had a majority'
    if len(words) == 1:
        # 'Register', 'Pivoting': a word alone above a list names it, whatever
        # the tagger makes of a line's first word.
        return name if words[0].is_alpha else None
    if _noun_compound(words):
        return name
    if words[0].tag_ in {"VB", "VBG"}:
        return None  # 'Install the dependencies', 'Calculating throughput'
    return name if name.root.pos_ in {"NOUN", "PROPN"} else None


def _copula(token: Token) -> bool:
    return token.lemma_ == "be" and token.tag_ in {"VBZ", "VBP"}


def _last_word(span: SpacySpan) -> int:
    """The index of a span's last token, a closing colon aside."""
    end = span.end - 1
    while end > span.start and span.doc[end].text in _COLONS:
        end -= 1
    return end


def _noun_compound(words: list[Token]) -> bool:
    """'Use cases for `l` type': a verb's form, then a bare plural and a
    complement, which the tagger reads as an instruction at a line's start. An
    instruction's object takes its article ('Install the dependencies for X')."""
    return (
        len(words) >= 3
        and words[0].tag_ == "VB"
        and words[1].tag_ == "NNS"
        and words[2].pos_ == "ADP"
    )


def label_subject(parsed: ParsedNote, index: int, docs: dict[int, Doc]) -> str | None:
    """The label of item `index`'s list when it names a thing, and the item does
    not finish it: what the item is about when it does not say."""
    block = parsed.blocks[index]
    if block.kind != "item" or block.lead_in is None:
        return None
    parent = parsed.blocks[block.lead_in]
    if (parent.kind != "paragraph" and not _names_its_items(parent)) or lead_in(
        parsed, block, docs
    )[1]:
        return None
    name = _name(parsed, block.lead_in, docs)
    return None if name is None else name.text.rstrip(":\uff1a")


_ITEM_NAME_WORDS = 4
"""An item of at most this many words, all of it bold and nothing after, with a
list nested under it stands as that list's heading: '**Ravichandran Ashwin**'
over '- Has taken 423 wickets in Asia'. It is the items' subject only when it is a
name (`_name`): a bold '**Statistics**' or '**Process**' sorts them."""


def _names_its_items(item: Block) -> bool:
    """Whether an item is a bold name heading the list nested under it."""
    text = item.text.rstrip(":\uff1a").strip()
    bold = sum(s.end - s.start for s in item.spans if s.kind == "strong")
    return (
        item.kind == "item"
        and 0 < len(text.split()) <= _ITEM_NAME_WORDS
        and bold >= len(text)
    )


def labelled_list(
    parsed: ParsedNote, index: int, docs: dict[int, Doc]
) -> LabelledList | None:
    """The label paragraph `index` and the items of the list below it, when the
    label names a thing and the list has at most `MAX_LIST_ITEMS` items."""
    items = [
        number
        for number, block in enumerate(parsed.blocks)
        if block.lead_in == index and block.kind == "item"
    ]
    if not 0 < len(items) <= MAX_LIST_ITEMS or any(i not in docs for i in items):
        return None
    name = _name(parsed, index, docs)
    if name is None:
        return None
    text = name.text.rstrip(":\uff1a")  # 'Sentences (for X):' ends in '):'
    copula = name.end <= _last_word(name.sent)  # 'Dimension of nullspace is'
    if lead_in(parsed, parsed.blocks[items[0]], docs)[1] and not copula:
        return None  # 'Examples of': its items finish it, and it names nothing
    items_start = len(text) + 1
    spans = _clipped(parsed.blocks[index].spans, 0, len(text), 0)
    words = [word for word in words_of(name, 0) if word.end <= len(text)]
    topics = list(parsed.blocks[index].links)
    stamps: list[int] = []
    for item in items:
        block = parsed.blocks[item]
        text += "\n"
        spans += _clipped(block.spans, 0, len(block.text), len(text))
        doc = docs[item]
        words += words_of(doc[0 : len(doc)], len(text))
        text += block.text
        topics += block.links
        stamps += [stamp.seconds for stamp in block.stamps]
    return LabelledList(
        text=text,
        items_start=items_start,
        spans=tuple(spans),
        words=tuple(words),
        items=tuple(items),
        topics=tuple(dict.fromkeys(topics)),
        seconds=stamps[0] if stamps else None,
    )


def _clipped(spans: tuple[Span, ...], start: int, end: int, shift: int) -> list[Span]:
    return [
        Span(max(span.start, start) + shift, min(span.end, end) + shift, span.kind)
        for span in spans
        if max(span.start, start) < min(span.end, end)
    ]
