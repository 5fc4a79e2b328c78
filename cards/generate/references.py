"""Whether a claim stands alone on its card: no pronoun or 'this X' that nothing on
the card names, no opening that leans on the sentence before, and a subject."""

from __future__ import annotations

from collections.abc import Sequence

from ..extract import ParsedClaim, Word
from .subject import implied_subject
from .words import PLURAL_TAGS

__all__ = [
    "LABEL_POINTERS",
    "UNRESOLVED_PRONOUNS",
    "dangling_reference",
    "unresolved_start",
    "without_subject",
]


UNRESOLVED_PRONOUNS = frozenset(
    {"it", "this", "that", "these", "those", "they", "them", "he", "she", "him", "her"}
)
"""Pronouns that, opening a claim, stand for something in the sentence before."""
_SUBJECTLESS_TAGS = frozenset({"MD", "VBZ", "VBD", "VBN", "VBP"})


def without_subject(parsed: ParsedClaim) -> bool:
    """An item that starts with its verb ('Can be used with a lower dose', 'Allows
    parallelization') under a heading that cannot be its subject: nothing on the
    card says what it is about. (An instruction, 'Eat fruit whole', is whole, and so
    is 'Set a cut-off', whose verb the tagger may read as a past tense.)"""
    claim = parsed.claim
    if claim.kind != "item" or claim.own_start or claim.term is not None:
        return False
    first = parsed.words[0] if parsed.words else None
    return (
        first is not None
        and first.tag in _SUBJECTLESS_TAGS
        and (first.tag == "MD" or first.lemma != first.text.lower())
        and first.pos in {"VERB", "AUX"}
        and not first.entity
        and not implied_subject(parsed)
    )


def unresolved_start(parsed: ParsedClaim) -> str | None:
    """The pronoun a claim opens with when nothing on the card says what it means.

    An item read after its lead-in opens with the lead-in's words: 'This includes:'
    above a list leaves every item's card asking what 'this' is (rated dangling)."""
    claim = parsed.claim
    if claim.term is not None or not parsed.words:
        return None
    first = parsed.words[0]
    if first.pos == "PRON" and first.text.lower() in UNRESOLVED_PRONOUNS:
        return first.text
    return None


_PERSONAL_PRONOUNS = frozenset(
    {"he", "him", "his", "himself", "she", "her", "hers", "herself"}
)
_THING_PRONOUNS = frozenset({"it", "its", "itself"})
_PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
_DEMONSTRATIVE_WORDS = frozenset({"this", "these", "those"})
_POINTING_WORDS = frozenset(
    {"above", "below", "aforementioned", "latter", "former", "conversely"}
    | {"likewise", "similarly"}
)
"""Words that point at other lines of the note: 'the value above', 'Pigments,
conversely, have higher gearing' (than what?)."""
_REFERRING_PRONOUNS = _PERSONAL_PRONOUNS | _THING_PRONOUNS | _PLURAL_PRONOUNS
LABEL_POINTERS = (
    _DEMONSTRATIVE_WORDS
    | _POINTING_WORDS
    | {"that", "such", "other", "another", "same", "following", "further"}
)
"""Words by which a label points at what the note said around it ('Other
indicators', 'Two ways to say the same thing'): asked alone, rated dangling."""


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
            w.pos in {"NOUN", "PROPN"} and w.tag not in PLURAL_TAGS for w in earlier
        )
    if low in _PLURAL_PRONOUNS:
        nouns = [w for w in earlier if w.pos in {"NOUN", "PROPN"}]
        coordinated = len(nouns) >= 2 and any(w.text.lower() == "and" for w in earlier)
        return coordinated or any(
            w.tag in PLURAL_TAGS or w.pos == "PROPN" for w in nouns
        )
    # 'this axis', 'because of this': resolved only by the same noun said before.
    noun = after[0] if after and after[0].pos in {"NOUN", "PROPN"} else None
    return noun is not None and any(w.lemma == noun.lemma for w in earlier)


_ROLE_NOUNS = frozenset(
    {"company", "firm", "team", "group", "model", "film", "movie", "book", "study"}
    | {"author", "host", "speaker", "guest", "video", "episode", "podcast", "show"}
    | {"app", "product", "project", "organization", "organisation", "channel"}
    | {"paper", "article", "player", "brand", "fund", "startup", "government"}
)
"""Nouns a summary uses for a thing it named sentences before ('The company also
shows …', 'The film earned …'): alone on a card, rated dangling (round 14)."""


def _names_a_role(parsed: ParsedClaim) -> str | None:
    """'The company' opening a claim's own words when nothing on the card (its
    words, the note's title, its section or lead-in) says which company."""
    claim = parsed.claim
    own = [w for w in parsed.words if w.start >= claim.own_start]
    if len(own) < 3 or own[0].text.lower() != "the":
        return None
    noun, after = own[1], own[2]
    if noun.lemma not in _ROLE_NOUNS or noun.pos != "NOUN":
        return None
    if after.pos in {"NOUN", "PROPN"} or after.text.lower() == "of":
        return None  # 'The film industry', 'The study of ecology'
    shown = " ".join((claim.note.title, *claim.section, claim.context or ""))
    if noun.lemma in shown.lower() or noun.text.lower() in shown.lower():
        return None
    return f"the {noun.text}"


def dangling_reference(parsed: ParsedClaim) -> str | None:
    """A pronoun or 'this X' anywhere in the claim's own words that nothing on the
    card names ('place them into senior roles', 'its half-life'), a claim opening
    with 'Such X', or a 'does so', or None (rated dangling, round 9).

    A '**Term**: explanation' item's term counts as said before, and so does the
    heading an item starting with its verb takes as its subject (`implied_subject`).
    """
    claim = parsed.claim
    if implied_subject(parsed):
        return None
    role = _names_a_role(parsed)
    if role is not None:
        return role
    words = parsed.words
    for index, word in enumerate(words):
        if word.start < claim.own_start:
            continue
        low = word.text.lower()
        if low in _POINTING_WORDS and word.pos in {"ADV", "ADJ"}:
            return word.text
        if low == "so" and index and words[index - 1].lemma == "do":
            return "do so"  # '[...] does so using the name attribute'
        if low == "such" and word.start == claim.own_start:
            return word.text  # 'Such treatment is unprecedented': of what?
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
