"""People on a card: whether a label names people ('Shoaib Malik', 'AB de
Villiers', 'Alan Davidson, Shane Warne'), which is not asked what it is, as its
explanation is a remark on them, one of many; and whether a blank names who says
a sentence's point rather than what it is (`a_speaker`)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..extract import Candidate, ParsedClaim, Word
from ..read import Span
from .words import YEAR, is_short_form, trailing_aside, words_in, zipf

__all__ = ["a_source", "a_speaker", "from_a_place", "names_people"]


_NOT_NAMES = re.compile(
    r"(?:ence|ance|ment|tion|sion|ism|ity|ogy|ics|ness|sis|ing|ated|ized)$"
)
_SURNAME_ZIPF = 4.0
"""A last word this common in English ('White', 'Database', 'Candidates') is no
surname, whatever the small model's entity says ('Calcofluor White')."""
_NAME_ZIPF = 5.0
"""First names are common words ('Warren' 4.3, 'Marie' 4.2); 'Love' (5.8) is
an everyday word first."""


def _names_a_person(label: Sequence[Word]) -> bool:
    """A person's name: tagged so, two to four capitalised singular words none of
    which is an everyday word or has a common noun's ending; a particle ('de',
    'van') or initials ('AB', 'M.S.') may stand among them. The small model
    takes many a Title Case label for a person ('Causal Inference', 'Veggie
    Starters', 'Agentic Database'): asked 'Who is …?', rated garbled."""
    named = [w for w in label if w.text not in _NAME_PARTICLES]
    given = [w for w in named if not _INITIALS.fullmatch(w.text)]
    return (
        2 <= len(label) <= 4
        and bool(given)
        and label[-1] in given
        and all(w.entity == "PERSON" for w in named)
        and all(w.text[:1].isupper() and w.text[1:].islower() for w in given)
        and all(w.tag == "NNP" and not _NOT_NAMES.search(w.text) for w in given)
        and zipf(label[-1].text) < _SURNAME_ZIPF
        and all(zipf(w.text) < _NAME_ZIPF for w in given)
    )


_NAME_PARTICLES = frozenset({"de", "da", "di", "van", "von", "der", "den", "del"})
_INITIALS = re.compile(r"(?:[A-Z]\.?){1,3}")
_NAME_LIST = re.compile(r"\s*(?:,|/|&|\band\b)\s*")


def names_people(parsed: ParsedClaim, term: Span) -> bool:
    """Whether a label is a person's name or a list of names, a bracketed aside
    after it aside: 'AB de Villiers', 'Gulnaz Khatoon (Rasoolpur)', 'Rukhsar/Riya',
    'Alan Davidson, Shane Warne, Mitchell Starc'. Asked 'What is …?' or 'What
    does … do?', such a label got a remark on the people for its answer: round 28
    drew nine and its raters deleted or rewrote every one (this catches three; the
    small model tags the other names as no person). In a list of two or
    more, a name may be one word the model tags a person."""
    text = parsed.claim.text
    label = text[term.start : term.end]
    aside = trailing_aside(label)
    if aside and is_short_form(aside.group(1)):
        return False  # 'Variational Autoencoders (VAEs)': no one's name is shortened
    written = label[: aside.start()] if aside else label
    parts, start = [], term.start
    for separator in [*_NAME_LIST.finditer(written), None]:
        end = term.start + (separator.start() if separator else len(written))
        parts.append(
            [
                w
                for w in words_in(parsed, start, end)
                if any(c.isalnum() for c in w.text)
            ]
        )
        start = term.start + separator.end() if separator else end
    if not all(parts):
        return False
    if len(parts) == 1:
        return _names_a_person(parts[0])
    return all(
        _names_a_person(part) or (len(part) == 1 and _one_word_name(part[0]))
        for part in parts
    )


_PLACE_ENTITIES = frozenset({"GPE", "LOC", "NORP"})


def from_a_place(parsed: ParsedClaim, term: Span) -> bool:
    """Whether a label ends in the place it is from ('Aynaz (Karnataka)', 'Rahmat
    Shah (Afghanistan)'): a name, often of a person the tagger does not know,
    which news and sports notes hang remarks on; asked 'What is …?' or 'What does
    … do?', such cards were kept by none of 10 grades (rounds 24-38)."""
    aside = trailing_aside(parsed.claim.text[term.start : term.end])
    if aside is None or is_short_form(aside.group(1)):
        return False  # 'Line of Control (LoC)' spells a term, no place
    start, end = term.start + aside.start(1), term.start + aside.end(1)
    inside = [w for w in words_in(parsed, start, end) if w.text[:1].isalpha()]
    if not inside or not all(w.entity for w in inside):
        return False
    if all(w.entity in _PLACE_ENTITIES for w in inside):
        return True
    # The small model tags a state an organisation now and then ('Karnataka'):
    # after one name it tags a person, the aside is still where they are from.
    named = [w for w in words_in(parsed, term.start, start) if w.text[:1].isalpha()]
    return len(named) == 1 and named[0].entity == "PERSON"


def _one_word_name(word: Word) -> bool:
    return (
        word.entity == "PERSON"
        and word.text[:1].isupper()
        and word.text[1:].islower()
        and zipf(word.text) < _NAME_ZIPF
    )


_REPORTING_VERBS = frozenset(
    {"say", "state", "note", "emphasize", "emphasise", "highlight", "argue"}
    | {"observe", "suggest", "explain", "believe", "articulate", "hint", "stress"}
    | {"point", "remark", "claim", "describe", "discuss", "reflect", "acknowledge"}
    | {"warn", "recall", "mention", "share", "add", "advocate", "recommend"}
    | {"advise", "propose", "underscore", "caution", "assert", "contend", "posit"}
)


_SOURCES = frozenset({"PERSON", "ORG", "NORP", "GPE", "PROPN"})
"""Who may be a sentence's source: people, bodies, places' governments, and
names the tagger gives no type."""
_ACCORDING_TO = re.compile(r"\baccording to\s+(?:the\s+)?$", re.I)


def a_speaker(parsed: ParsedClaim, candidate: Candidate) -> bool:
    """Whether a candidate names who says the sentence's point ('As [Carl Sagan]
    stated', '[Filmmaker Skye Fitzgerald] observes'): a summary of a talk names its
    speaker in every other sentence; what they said is the fact, rated blind."""
    last = [w for w in parsed.words if w.end <= candidate.end][-1:]
    if not last or (candidate.kind != "entity" and last[0].pos != "PROPN"):
        return False
    if _ACCORDING_TO.search(parsed.claim.text[: candidate.start]):
        # 'According to [DOL], the number of minors … rose 37%'; not 'according
        # to the [Paris Agreement]', which is what, not who.
        return candidate.label in _SOURCES
    after = [w for w in parsed.words if w.start >= candidate.end][:2]
    # The tagger reads 'Lattner highlights' as two nouns: right after a name, the
    # word is taken for the verb it most often is there.
    return bool(after) and (
        after[0].lemma in _REPORTING_VERBS
        or (
            len(after) > 1
            and after[1].pos == "VERB"
            and after[1].lemma in _REPORTING_VERBS
        )
    )


_FINDINGS = frozenset(
    {"report", "study", "survey", "interview", "analysis", "poll", "estimate"}
    | {"research", "experiment", "finding", "paper", "article", "investigation"}
    | {"audit", "census"}
)
"""What a source puts out: the fact is what it found, not who or when."""
_FINDING_BY = re.compile(
    rf"(?i:\b(?:{'|'.join(sorted(_FINDINGS))})s?\b[^.;:]{{0,40}}?"
    r"\b(?:by|from|unveiled by|released by|published by|conducted by)"
    r"\s+(?:the\s+)?)(?:[A-Z][\w.'-]*\s+(?:of\s+|for\s+)?)*$"
)
"""A name after 'by' or 'from' that a report, study or the like stands before
('a study by the University of [Innsbruck]', 'a report by the Academy, unveiled
by [IRDAI]'), not any agent ('published by [Ada Lovelace]')."""


def a_source(parsed: ParsedClaim, candidate: Candidate) -> bool:
    """Whether a candidate names who put out, or when, the report, study or
    interview whose finding the sentence states ('[NITI Aayog] reports indicate
    that …', 'a 2016 [NPR] interview', 'A [2018] study found …', 'a report by
    the National Insurance Academy, unveiled by [IRDAI], indicates that 73% …'),
    or the report itself ("[Madhumita Pandey's research] found …"): raters asked
    for the finding instead (wrong-target)."""
    text = parsed.claim.text
    if _FINDING_BY.search(text[: candidate.start]):
        return True
    own = words_in(parsed, candidate.start, candidate.end)
    if (
        own
        and own[-1].pos == "NOUN"
        and own[-1].lemma in _FINDINGS
        and any(w.tag == "POS" for w in own)
    ):
        return True  # "[Madhumita Pandey's research] found …"
    last = own[-1] if own else None
    if last is None or not (
        YEAR.fullmatch(last.text) or last.entity in _SOURCES or last.pos == "PROPN"
    ):
        return False  # 'A [30-day] experiment' says how long, not whose
    after = [w for w in parsed.words if w.start >= candidate.end][:4]
    while after and (after[0].tag == "POS" or YEAR.fullmatch(after[0].text)):
        after = after[1:]
    return (
        bool(after)
        and after[0].pos == "NOUN"
        and after[0].lemma in _FINDINGS
        and (len(after) == 1 or after[1].pos not in {"NOUN", "PROPN"})
    )  # not '[41] paper leaks'
