"""Which wikilinks are words of their sentence, and which point elsewhere.

A link usually says words of the sentence ('… relevant in [[mood disorders]]').
Notes written by tools also hang links on a sentence as pointers to related notes
('… to help set your biological clock [[light_and_circadian_rhythms | impact of
light on circadian rhythms]].') or to attachments ('[[Volumes Notes.pdf]]'): read
as words, they fuse into the sentence and the card reads garbled. The reader
(`cards.read.inline`) keeps such a link among the note's links and leaves its words
out of the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from markdown_it.token import Token

from .html_tags import is_stamp_anchor, read_tag
from .markdown import seconds_from_time

__all__ = ["names_a_file", "points_to_another_note"]

_ATTACHMENT_SUFFIXES = frozenset(
    {".pdf", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".mp3"}
    | {".mp4", ".m4a", ".wav", ".ogg", ".webm", ".mov", ".doc", ".docx", ".xls"}
    | {".xlsx", ".ppt", ".pptx", ".csv", ".zip", ".canvas"}
)
"""Files a note links to rather than notes ('[[Volumes Notes.pdf]]'); a note's
own name may hold a dot ('[[Node.js]]'), so only these count."""


def names_a_file(target: str, alias: str) -> bool:
    """Whether a wikilink shows only an attachment's file name: as card text
    ('Positive will equal negative Volumes Notes.pdf') it is noise (rated
    garbled). An alias ('[[paper.pdf|the 2019 paper]]') is kept."""
    suffix = Path(target).suffix.lower()
    return suffix in _ATTACHMENT_SUFFIXES and not alias.strip()


_JOINING = (
    "a an the of in on at to for with by from into about as like than and or nor "
    "but such via through between among within without during under over including "
    "is are was were be been its their his her our your my this that these those "
    "any some all each every no other more most see out also read visit"
)
_JOINING_WORDS = frozenset(_JOINING.split())
"""Words after which a link is part of the sentence: '… relevant in [[mood disorders]]',
'… see [[black holes and the universe]]'."""
_INVITING_WORDS = frozenset({"learn", "explore", "discover", "watch", "link"})
"""A link's alias that invites the reader to another note ('learn about genetic
predispositions', 'explore exercise strategies', 'link to fertility issues' or
just 'link'), hung on the sentence's end: read as words, it ran into the sentence
(rated garbled, rounds 57, 59 and 84)."""
_LINK_WORD = re.compile(r"[a-z0-9]+")
_SENTENCE_BREAK = re.compile(r"[.!?]\s")
_REPEATED_WORDS = 3
"""Words an alias needs to be told as repeating its sentence: two ('the brain')
are said twice in a sentence by chance."""


def points_to_another_note(
    before: str, pending_space: bool, link: Token, rest: Sequence[Token]
) -> bool:
    """Whether a wikilink points to a related note instead of saying words of it
    ('… deficiencies [[rational_approach | Rational Approach]] [02:26:05].', rated
    garbled, round 23). `before` is the block's text read so far, `pending_space`
    whether a space ends it, `rest` the tokens after the link.

    Such a link ends its sentence (bar timestamps; a bare file name may precede a
    ':') after a word not leading into it, and either its words are two or more
    of its target's name ('its global [[influence]]' is the sentence's own) or
    three or more of its sentence's ('… rich in sulphoraphane, to support phase
    two detox processes [[x | Promote liver detoxification through dietary
    means]]', round 37), said there as one run. It may also repeat the words just
    before it, or be a file name glued on ('light[[x_y]]')."""
    if _bracketed_pointer(link.meta["alias"], link.meta["target"]):
        return True
    label_words = _link_words(link.meta["label"])
    before = before.rstrip()
    previous = _link_words(before[-200:])
    if len(label_words) >= 2 and previous[-len(label_words) :] == label_words:
        return True
    target_words = set(_link_words(link.meta["target"]))
    named = len(label_words) >= 2 and set(label_words) <= target_words
    if label_words and _only_stamps_follow(rest):
        if label_words[0] in _INVITING_WORDS and (
            len(label_words) >= 2 or label_words == ["link"]
        ):
            return True  # '… not determinative [[x | learn about predispositions]]'
        said = set(label_words) - _JOINING_WORDS
        if (
            len(said) >= 2
            and said <= target_words
            and before.endswith("(")
            and _closes_first(rest)
        ):
            return True  # '… the follicular phase ([[x | the impact of …]])'
    if not label_words or label_words[0] in _JOINING_WORDS:
        return False
    repeated = len(set(label_words)) >= _REPEATED_WORDS and _said_in(
        label_words, _link_words(_SENTENCE_BREAK.split(before[-600:])[-1])
    )
    if not (named or repeated):
        return False
    bare_file_name = not link.meta["alias"] and "_" in link.meta["target"]
    if named and bare_file_name and not pending_space and before[-1:].isalnum():
        return True
    return (
        before[-1:].isalnum()
        and bool(previous)
        and previous[-1] not in _JOINING_WORDS
        and _only_stamps_follow(rest, colon=bare_file_name)
    )


def _said_in(words: list[str], sentence: list[str]) -> bool:
    """Whether `words` stand in `sentence` as one run, in their order."""
    size = len(words)
    return any(sentence[i : i + size] == words for i in range(len(sentence) - size + 1))


def _link_words(text: str) -> list[str]:
    """A link's words as its file name spells them ('dopamine's': 'dopamines')."""
    return _LINK_WORD.findall(re.sub(r"[-'’]", "", text.lower()))


_SENTENCE_END = frozenset(" .!?()[]")
"""What may follow a related note's link: not a ':' leading into a list."""


_BRACKETED = re.compile(r"\(\s*([^()]*?)[\s,;]*\)")


def _bracketed_pointer(alias: str, target: str) -> bool:
    """Whether an alias wholly in brackets points to its note: a time in it
    ('[[x | (02:13:33)]]'), the word 'link', or two or more words of the target's
    name ('[[impact_of_light_on_circadian_rhythms | (Impact of Light on Circadian
    Rhythms)]]'). Read as words, such an aside ran into the sentence (rated
    garbled, round 80). A bracketed gloss stays: '(TMS)', '(exposure to certain
    endocrine disruptors)'."""
    found = _BRACKETED.fullmatch(alias.strip())
    if found is None:
        return False
    inside = found.group(1)
    if seconds_from_time(inside) is not None or inside.lower() == "link":
        return True
    shared = (set(_link_words(inside)) & set(_link_words(target))) - _JOINING_WORDS
    return len(shared) >= 2


def _closes_first(rest: Sequence[Token]) -> bool:
    """Whether the text after a link opens with the ')' closing the bracket it
    stands alone in."""
    first = next((t for t in rest if t.type == "text" and t.content.strip()), None)
    return first is not None and first.content.lstrip().startswith(")")


def _only_stamps_follow(rest: Sequence[Token], colon: bool = False) -> bool:
    """Whether only timestamps, spaces and punctuation (or ':') end the sentence."""
    ends = _SENTENCE_END | {":"} if colon else _SENTENCE_END
    hidden = False
    for token in rest:
        if token.type == "html_inline":
            tag = read_tag(token.content)
            hidden = not tag.closing and is_stamp_anchor(tag)
            continue
        if hidden or token.type in {"timestamp", "softbreak", "hardbreak"}:
            continue
        if token.type == "text" and token.content.lstrip()[:1] in {".", "!", "?"}:
            return True  # the sentence ends; the next one is not the link's
        if token.type != "text" or set(token.content) - ends:
            return False
    return True
