"""How a wh-question is worded from its sentence: by moving words, never by
paraphrase.

The answer phrase (with its preposition and commas) is cut, the first auxiliary or
the copula moves in front of the subject, and a verb without one gets do-support
("won" -> "did ... win") with the tense and person of the original verb.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .clauses import DO_SUPPORT, NUMERIC_LABELS, Clause

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["NUMERIC_LABELS", "finish_question", "inverted_question", "render_words"]

_SHORT_STEM = re.compile(r"[^aeiouy]*[aeiou][^aeiouwxy]")
_NO_SILENT_E = re.compile(r"(sh|ck|([b-df-hj-np-rtv-z])\2)e$")
"""Stem endings no English verb follows with a silent 'e'."""
_UNSURE_E = re.compile(r"(ch|ss)e$")
"""'ached' is 'ache' but 'outmatched' 'outmatch', 'finessed' is 'finesse' but
'embossed' 'emboss': only the lexicon knows which."""


def inverted_question(clause: Clause, cut: set[int], front: str) -> str | None:
    """Cut words, then ask: `front`, the auxiliary or copula, the subject, the rest."""
    if cut & clause.guarded or cut & clause.subject_words:
        return None
    kept = [w for w in _without_cut(clause, cut) if w.i not in clause.lead]
    if not kept or kept[0].i != min(clause.subject_words):
        return None
    root = clause.root
    auxiliaries = [c for c in root.children if c.dep_ in {"aux", "auxpass"}]
    replaced: dict[int, str] = {}
    if auxiliaries:
        moved = auxiliaries[0]
        inverter = moved.lower_
    elif root.lemma_ == "be":
        moved = root
        inverter = root.lower_
    else:
        moved = None
        inverter = DO_SUPPORT.get(root.tag_, "")
        lemma = _base_form(root)
        if not inverter or not lemma.isalpha():
            return None
        replaced[root.i] = lemma
    if moved is not None and (moved.i < max(clause.subject_words) or "'" in inverter):
        return None
    words = [
        (w, replaced.get(w.i, w.text)) for w in kept if moved is None or w.i != moved.i
    ]
    return finish_question(f"{front} {inverter} {render_words(words, clause)}")


def _base_form(verb: Token) -> str:
    """The verb's lemma, mended where the rules guessed its silent 'e' wrong.

    A one-syllable stem ending in vowel-consonant doubles that consonant before
    '-ed' ('planned'); when it did not, the stem had an 'e' ('staged' -> 'stag').
    A verb the lemmatizer does not know gets the 'e' its first rule adds
    ('gatecrashed' -> 'gatecrashe'), which no stem ending as 'crash' does; where
    either could be right ('-ched', '-ssed'), the base form is empty and no
    question is made.
    """
    lemma: str = verb.lemma_.lower()
    if verb.lower_ == lemma + "ed" and _SHORT_STEM.fullmatch(lemma):
        return lemma + "e"
    if verb.lower_ in {lemma + "d", lemma + "s"}:
        if _NO_SILENT_E.search(lemma):
            return lemma[:-1]
        if _UNSURE_E.search(lemma):
            return ""
    return lemma


def _without_cut(clause: Clause, cut: set[int]) -> list[Token]:
    """The words left after a cut, without the commas that framed the cut phrase."""
    words = list(clause.words)
    first = min(cut)
    last = max(cut)
    drop = set(cut)
    before = words[first - words[0].i - 1] if first > words[0].i else None
    after_index = last - words[0].i + 1
    after = words[after_index] if after_index < len(words) else None
    comma_before = before is not None and before.text == ","
    comma_after = after is not None and after.text == ","
    if comma_before and (comma_after or after is None) and before is not None:
        drop.add(before.i)
        if after is not None:
            drop.add(after.i)
    elif comma_after and (before is None or comma_before) and after is not None:
        drop.add(after.i)
    return [w for w in words if w.i not in drop]


def render_words(words: list[tuple[Token, str]], clause: Clause) -> str:
    """Join words with the sentence's own spacing; lowercase a now-inner first word."""
    pieces: list[str] = []
    for index, (word, text) in enumerate(words):
        first = index == 0 and word.i == min(clause.subject_words)
        if first and not _keeps_capital(word):
            text = text.lower()
        space = word.whitespace_
        if not space and index + 1 < len(words) and words[index + 1][0].i > word.i + 1:
            # The cut words took the space: 'Germany, in 1939, invaded' has none
            # after 'Germany' but one before 'invaded'.
            space = word.doc[words[index + 1][0].i - 1].whitespace_
        pieces.append(text + space)
    joined = "".join(pieces).strip()
    joined = re.sub(r"\s+", " ", joined)
    return re.sub(r"\s+([,.;])", r"\1", joined)


def _keeps_capital(word: Token) -> bool:
    """Proper nouns, acronyms and 'I' keep their capital inside a question."""
    if word.pos_ == "PROPN" or word.text == "I":
        return True
    if word.ent_type_ not in {"", *NUMERIC_LABELS} and word.pos_ != "DET":
        return True
    return any(c.isupper() for c in word.text[1:])


def finish_question(text: str) -> str | None:
    """Capitalise, trim trailing commas and end in '?'; None for an empty question."""
    text = text.strip().rstrip(",").strip()
    if not text:
        return None
    return text[0].upper() + text[1:] + "?"
