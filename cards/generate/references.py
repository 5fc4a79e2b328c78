"""Whether a claim stands alone on its card: no pronoun or 'this X' that nothing on
the card names, no opening that leans on the sentence before, and a subject."""

from __future__ import annotations

from collections.abc import Sequence

from ..extract import ParsedClaim, Word
from ..extract.clauses import NUMERIC_LABELS
from ..extract.frames import label_end as label_end_of
from .subject import implied_subject, is_generic
from .words import PLURAL_TAGS, zipf

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
    if claim.term is not None or not parsed.words or label_end_of(claim):
        return None  # a pronoun after a label is judged by `dangling_reference`
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


_EVERYDAY_ZIPF = 3.5
"""A label's words all this common ('Health Issues', 'Weight Management Struggle')
name no one, though Title Case makes the tagger read them as proper nouns."""


def _names_someone(label: Sequence[Word]) -> bool:
    """Whether a label can be the 'he' or 'she' after it: a person the tagger
    found, or proper nouns not all everyday words ('Babar Azam', not 'Health
    Issues'; the tagger may read a rare first name as an adjective, 'Arshdeep
    Singh', and an everyday word as a name, so the two tests need not meet on one
    word); an acronym tells nothing ('ACL Injury')."""
    if any(w.entity == "PERSON" for w in label):
        return True
    plain = [w for w in label if w.text.isalpha() and not w.text.isupper()]
    return any(w.pos == "PROPN" for w in plain) and any(
        zipf(w.text) < _EVERYDAY_ZIPF for w in plain
    )


def _names_a_thing(label: Sequence[Word]) -> bool:
    """Whether a label can be the 'it' after it: a name the tagger found, an
    acronym, or a word rarer than everyday ones ('Keras', 'Thalamus', 'PVL'), not
    a topic of everyday words ('Muscle Loss: Without it, women can lose …', where
    'it' is the estrogen of the sentence before)."""
    return any(
        (w.entity and w.entity not in NUMERIC_LABELS)
        or (w.text.isalpha() and (w.text.isupper() and len(w.text) > 1))
        or (w.text.isalpha() and zipf(w.text) < _EVERYDAY_ZIPF)
        for w in label
    )


def _reports(after: Sequence[Word]) -> bool:
    """Whether an 'it' is a reporting clause's placeholder: 'It is advised to
    lower …', 'It's suggested that …' stand for no thing."""
    return (
        len(after) >= 3
        and after[0].lemma == "be"
        and after[1].tag == "VBN"
        and after[2].text.lower() in {"that", "to"}
    )


def _plural(word: Word) -> bool:
    """A plural noun, or a capitalised one that reads plural ('Psychedelics',
    'Sunrisers Hyderabad', which the tagger may read as a person)."""
    return word.tag in PLURAL_TAGS or (
        word.pos == "PROPN" and word.text.endswith("s") and not word.text.endswith("ss")
    )


def _has_antecedent(
    pronoun: Word, earlier: Sequence[Word], after: Sequence[Word], label_end: int = 0
) -> bool:
    """Whether a word before a pronoun, on the card, can be what it stands for.

    A date or an amount is no referent: 'In March 2024, he …' and 'In August
    2018, its cough syrup …' still ask who and whose (the tagger reads a month as
    a proper noun). A label the claim stands under (its words before
    `label_end`, `cards.extract.frames.label_end`) is read by its entities, its
    words' rarity and number, as the small model tags a Title Case label's words
    proper nouns: 'Health Issues: She was diagnosed …' names no one, 'Camera
    Setup Upgrade: They have invested …' nothing plural, and a label of generic
    words nothing at all ('Key Takeaway: It cost the council …')."""
    low = pronoun.text.lower()
    if low in _DEMONSTRATIVE_WORDS or low == "that":
        # 'this axis', 'because of this': resolved only by the same noun said before.
        noun = after[0] if after and after[0].pos in {"NOUN", "PROPN"} else None
        return noun is not None and any(w.lemma == noun.lemma for w in earlier)
    named = [w for w in earlier if w.entity not in NUMERIC_LABELS]
    label = [w for w in named if w.start < label_end]
    own = [w for w in named if w.start >= label_end]
    if label and is_generic(" ".join(w.text for w in label)):
        label = []
    if low in _PERSONAL_PRONOUNS:
        return _names_someone(label) or any(
            w.entity == "PERSON" or w.pos == "PROPN" for w in own
        )
    nouns = [w for w in (*label, *own) if w.pos in {"NOUN", "PROPN"}]
    if low in _THING_PRONOUNS:
        if low == "it" and (any(w.pos == "ADJ" for w in after[:3]) or _reports(after)):
            return True  # 'it is important to', 'makes it easier': no referent
        if not _names_a_thing(label):
            nouns = [w for w in nouns if w.start >= label_end]
        return any(w.tag not in PLURAL_TAGS for w in nouns)
    coordinated = len(nouns) >= 2 and any(
        w.text.lower() == "and" for w in (*label, *own)
    )
    return (
        coordinated
        or any(_plural(w) for w in nouns)
        or any(w.pos == "PROPN" for w in own if w.pos in {"NOUN", "PROPN"})
    )


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

    A '**Term**: explanation' item's term and the label a later sentence stands
    under count as said before, by the rules of `_has_antecedent`, and so does the
    heading an item starting with its verb takes as its subject (`implied_subject`).
    """
    claim = parsed.claim
    if implied_subject(parsed):
        return None
    role = _names_a_role(parsed)
    if role is not None:
        return role
    words = parsed.words
    label_end = label_end_of(claim)
    for index, word in enumerate(words):
        if word.start < max(claim.own_start, label_end):
            continue
        low = word.text.lower()
        if low in _POINTING_WORDS and word.pos in {"ADV", "ADJ"}:
            return word.text
        if low == "so" and index and words[index - 1].lemma == "do":
            return "do so"  # '[...] does so using the name attribute'
        if low == "such" and word.start == claim.own_start:
            return word.text  # 'Such treatment is unprecedented': of what?
        if low == "that" and word.pos == "PRON" and word.tag == "DT":
            if not _has_antecedent(word, words[:index], (), label_end):
                return word.text
            continue
        if low in _DEMONSTRATIVE_WORDS:
            if word.pos not in {"PRON", "DET"}:
                continue
        elif word.pos != "PRON" or low not in _REFERRING_PRONOUNS:
            continue
        if not _has_antecedent(word, words[:index], words[index + 1 :], label_end):
            return word.text
    return None
