"""Find the cards a note's owner wrote by hand, before the note is parsed.

Read with the defaults of the tools they come from, each settable in ``cards.toml``
(`HandSyntax`), because owners change them:

* obsidian-spaced-repetition: ``front::back`` on one line, ``front:::back`` for a
  card each way; a front, a line holding only ``?`` (``??`` both ways), then a
  back, ending at a blank line or at the plugin's ``<!--SR:...-->`` comment; in
  notes tagged ``#flashcards``, each ``==highlight==`` of a paragraph as a cloze;
* Anki's cloze written in the note, ``{{c1::text}}`` or ``{{c1::text::hint}}``;
* Obsidian_to_Anki blocks: ``START``, a note type line (``Basic``, ``Cloze``),
  the fields (``Back:`` starts the second), ``END``; its ``{text}``,
  ``{1:text}`` and ``{text::hint}`` clozes too.

The lines of each card are blanked (kept as empty lines, so line numbers hold) in
the text handed on to the parser: the automatic generator never sees them, so it
never makes a second card of the same fact. A card's sides stay Markdown here;
`cards.generate.handcards` renders them as every other card is rendered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..cloze import DELETION
from .images import Image, images_in

__all__ = ["HAND_SYNTAX", "HandCard", "HandSyntax", "find_hand_cards"]

Highlights = Literal["tagged", "always", "never"]


@dataclass(frozen=True, slots=True)
class HandSyntax:
    """How a vault writes its cards (the plugins' defaults unless set)."""

    enabled: bool = True
    separators: tuple[str, ...] = ("::",)
    """Single-line card: front, separator, back."""
    reversed_separators: tuple[str, ...] = (":::",)
    multiline_separators: tuple[str, ...] = ("?",)
    """A line holding only one of these parts the front from the back. A separator
    of 3 characters or more also counts at the end of the front's last line."""
    multiline_reversed_separators: tuple[str, ...] = ("??",)
    flashcard_tags: tuple[str, ...] = ("flashcards",)
    """Notes with one of these tags (or a tag under it) have highlight clozes."""
    highlights: Highlights = "tagged"
    """'tagged': highlights are clozes in notes with a flashcard tag; 'always' in
    every note; 'never'."""


HAND_SYNTAX = HandSyntax()
"""The plugins' own defaults."""


@dataclass(frozen=True, slots=True)
class HandCard:
    """One card as its owner wrote it: Markdown sides, clozes as ``{{cN::...}}``."""

    kind: Literal["qa", "cloze"]
    front: str
    """The question, or for a cloze the text with its ``{{cN::answer::hint}}``s."""
    back: str
    line: int
    """The line of the note (1-based, frontmatter included) where the card starts."""
    syntax: str
    """'osr-singleline', 'osr-multiline', 'osr-highlight', 'anki-cloze',
    'o2a-basic' or 'o2a-cloze'."""
    section: tuple[str, ...] = ()
    """The headings above the card, as written."""
    tags: tuple[str, ...] = field(default=())
    """Tags the card itself names (an Obsidian_to_Anki ``Tags:`` line)."""
    images: tuple[Image, ...] = ()
    """The images its sides embed: they go on its back."""


_FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*([\w-]*)")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SR_COMMENT = re.compile(r"^\s*<!--SR:.*-->\s*$")
_CODE_SPAN = re.compile(r"(`+).+?\1")


def find_hand_cards(
    body: str, syntax: HandSyntax, tags: Iterable[str] = (), offset: int = 0
) -> tuple[tuple[HandCard, ...], str]:
    """Take the hand-written cards out of a note's body.

    Args:
        body: the note without its frontmatter.
        syntax: how the vault writes cards.
        tags: the note's frontmatter tags (its inline tags are read from `body`).
        offset: the lines of frontmatter before `body`, for the cards' line numbers.

    Returns:
        The cards in the order written, and `body` with their lines left empty.
    """
    if not syntax.enabled:
        return (), body
    lines = body.split("\n")
    found = _Found(offset)
    highlights = (
        _tagged(body, tags, syntax.flashcard_tags, syntax.highlights)
        and syntax.highlights != "never"
    )
    _find_cards(lines, syntax, highlights, found)
    _find_paragraph_clozes(lines, highlights, found)
    if not found.cards:
        return (), body
    kept = "\n".join("" if i in found.blank else line for i, line in enumerate(lines))
    cards = sorted(found.cards, key=lambda card: card.line)
    return tuple(cards), kept


class _Found:
    """The cards found so far, the lines they take, and the headings above."""

    def __init__(self, offset: int) -> None:
        self.offset = offset
        self.cards: list[HandCard] = []
        self.blank: set[int] = set()
        """The indexes of the lines to leave empty in the text handed on."""
        self.headings: list[tuple[int, str]] = []

    def enter_heading(self, level: int, text: str) -> None:
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        self.headings.append((level, text))

    def add(
        self,
        kind: Literal["qa", "cloze"],
        front: str,
        back: str,
        index: int,
        syntax: str,
        tags: tuple[str, ...] = (),
    ) -> None:
        """Add a card written from line `index` on, unless a side it needs is empty."""
        front, back = front.strip("\n"), back.strip("\n")
        if not front.strip() or (kind == "qa" and not back.strip()):
            return
        self.cards.append(
            HandCard(
                kind,
                front,
                back,
                index + 1 + self.offset,
                syntax,
                tuple(text for _, text in self.headings),
                tags,
                images_in(f"{front}\n{back}"),
            )
        )


def _find_cards(
    lines: list[str], syntax: HandSyntax, highlights: bool, found: _Found
) -> None:
    """Walk the lines once for the cards that stand on lines of their own:
    Obsidian_to_Anki blocks and obsidian-spaced-repetition's cards."""
    start = 0  # where the current paragraph (a multi-line card's front) began
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        fence = _FENCE.match(line)
        if fence and not fence.group(2).startswith("ad-"):
            # Code belongs to the paragraph it stands in: a front may show some.
            index = _fence_end(lines, index)
            continue
        if fence or not stripped or _SR_COMMENT.match(line):
            # An admonition's fence ('```ad-note') holds Markdown, cards too.
            index += 1
            start = index
            continue
        heading = _HEADING.match(line)
        if heading:
            found.enter_heading(len(heading.group(1)), heading.group(2))
        if stripped == "START":
            after = _o2a_card(lines, index, found)
            if after is not None:
                found.blank.update(range(index, after))
                index = start = after
                continue
        after = _multiline_card(lines, start, index, syntax, found)
        if after is not None:
            index = start = after
            continue
        if not heading and _single_line_card(lines, index, syntax, highlights, found):
            index += 1
            start = index
            continue
        index += 1


def _fence_end(lines: list[str], start: int) -> int:
    """The index just past the code fence opened at `start`."""
    match = _FENCE.match(lines[start])
    assert match is not None
    marker = match.group(1)
    for index in range(start + 1, len(lines)):
        if lines[index].strip().startswith(marker):
            return index + 1
    return len(lines)


# obsidian-spaced-repetition: single-line cards ('front::back').

_DATAVIEW_FIELD = re.compile(r"[A-Za-z][\w-]*")
_DATAVIEW_VALUE = re.compile(
    r"\d{4}-\d{2}-\d{2}|\[\[|#\w|[A-Za-z]*\d[\w.-]*$|true$|false$", re.I
)
"""A one-word key before '::' whose value is a date, a link, a tag, a number, a
truth value or a code with digits ('GEOG150') is a Dataview inline field
('Created:: 2022-02-05', 'Class:: [[MATH 232]]'), not a card ('France::Paris'):
Dataview is the commonest Obsidian plugin."""


def _single_line_card(
    lines: list[str], index: int, syntax: HandSyntax, highlights: bool, found: _Found
) -> bool:
    """Read line `index` as a single-line card (and its highlights as a cloze)."""
    line = lines[index]
    card = _single_line(line, syntax)
    if card is None:
        return False
    front, back, reverse = card
    found.add("qa", front, back, index, "osr-singleline")
    if reverse:
        found.add("qa", back, front, index, "osr-singleline")
    if highlights:
        cloze = _cloze_of_highlights(line)
        if cloze is not None:
            found.add("cloze", cloze, "", index, "osr-highlight")
    found.blank.add(index)
    return True


def _single_line(line: str, syntax: HandSyntax) -> tuple[str, str, bool] | None:
    """(front, back, both ways) when `line` is a single-line card."""
    masked = _masked(line)
    for reverse, separators in (
        (True, syntax.reversed_separators),
        (False, syntax.separators),
    ):
        for separator in sorted(separators, key=len, reverse=True):
            at = masked.find(separator)
            if at < 0:
                continue
            if not reverse and masked.find(separator * 2, at) == at:
                continue
            front, back = line[:at], line[at + len(separator) :]
            if (
                separator == "::"
                and _DATAVIEW_FIELD.fullmatch(front.strip())
                and _DATAVIEW_VALUE.match(back.strip())
            ):
                return None  # 'Created:: 2022-02-05': a Dataview field
            if front.count("{") > front.count("}"):
                return None  # '{1:x::hint} ...': a curly cloze's hint, not a card
            if front.strip() and back.strip():
                return front, back, reverse
    return None


def _masked(line: str) -> str:
    """The line with code spans and Anki clozes blanked: no separator inside them."""

    def blank(match: re.Match[str]) -> str:
        return "\0" * len(match.group(0))

    return DELETION.sub(blank, _CODE_SPAN.sub(blank, line))


# obsidian-spaced-repetition: multi-line cards (a front, '?', a back).


def _multiline_card(
    lines: list[str], start: int, index: int, syntax: HandSyntax, found: _Found
) -> int | None:
    """Read a multi-line card whose front began at `start`, if line `index` is its
    separator; the index just past its back, or None when no card ends there."""
    separator = _multiline_separator(lines[index], syntax)
    if separator is None:
        return None
    last, reverse = separator
    front_lines = [*lines[start:index], *([last] if last else [])]
    front = "\n".join(front_lines)
    end = _back_end(lines, index + 1, syntax)
    back = "\n".join(
        text for text in lines[index + 1 : end] if not _SR_COMMENT.match(text)
    )
    if front.strip() and back.strip():
        at = start if start < index else index
        found.add("qa", front, back, at, "osr-multiline")
        if reverse:
            found.add("qa", back, front, at, "osr-multiline")
        # Headings stay: they are the section of what follows.
        found.blank.update(i for i in range(start, end) if not _HEADING.match(lines[i]))
        return end
    if not back.strip():
        found.blank.add(index)  # a separator with no back: not text
    return None


def _multiline_separator(line: str, syntax: HandSyntax) -> tuple[str, bool] | None:
    """(the front's last words, both ways) when `line` ends a front."""
    stripped = line.strip()
    for reverse, separators in (
        (True, syntax.multiline_reversed_separators),
        (False, syntax.multiline_separators),
    ):
        for separator in separators:
            if stripped == separator:
                return "", reverse
            if len(separator) >= 3 and stripped.endswith(separator):
                return stripped[: -len(separator)], reverse
    return None


def _back_end(lines: list[str], start: int, syntax: HandSyntax) -> int:
    """The index just past a multi-line card's back that starts at `start`."""
    index = start
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            return index
        if _SR_COMMENT.match(line):
            return index + 1
        if _single_line(line, syntax) is not None:
            return index  # a single-line card of its own
        fence = _FENCE.match(line)
        if fence and not fence.group(2).startswith("ad-"):
            index = _fence_end(lines, index)
            continue
        index += 1
    return index


# Highlights as clozes, and Anki's clozes written in a paragraph.

_HIGHLIGHT = re.compile(r"(?<!=)==(?![=\s])(.+?)(?<![=\s])==(?!=)")


def _tagged(
    body: str, tags: Iterable[str], wanted: Sequence[str], highlights: Highlights
) -> bool:
    """Whether the note's highlights are clozes: it has a flashcard tag, or the
    vault has them in every note."""
    if highlights != "tagged":
        return highlights == "always"
    for tag in wanted:
        name = tag.lstrip("#")
        if any(t == name or t.startswith(f"{name}/") for t in tags):
            return True
        if re.search(rf"(?:^|\s)#{re.escape(name)}(?:/[\w/-]*)?(?![\w/-])", body):
            return True
    return False


def _cloze_of_highlights(text: str) -> str | None:
    """The text with each highlight as the next cloze number; None if none."""
    masked = _CODE_SPAN.sub(lambda m: "\0" * len(m.group(0)), text)
    out, last = [], 0
    for number, match in enumerate(_HIGHLIGHT.finditer(masked), start=1):
        inner = text[match.start(1) : match.end(1)]
        out.append(f"{text[last : match.start()]}{{{{c{number}::{inner}}}}}")
        last = match.end()
    if not out:
        return None
    out.append(text[last:])
    return "".join(out)


def _find_paragraph_clozes(lines: list[str], highlights: bool, found: _Found) -> None:
    """Paragraphs (what is left of them) holding Anki clozes or highlights."""
    index = 0
    while index < len(lines):
        line = lines[index]
        fence = _FENCE.match(line)
        if fence and not fence.group(2).startswith("ad-"):
            index = _fence_end(lines, index)
            continue
        if index in found.blank or not line.strip() or fence or _HEADING.match(line):
            index += 1
            continue
        end = index
        while (
            end < len(lines)
            and end not in found.blank
            and lines[end].strip()
            and not _FENCE.match(lines[end])
            and not _HEADING.match(lines[end])
        ):
            end += 1
        text = "\n".join(lines[index:end])
        if DELETION.search(text):
            found.add("cloze", text, "", index, "anki-cloze")
            found.blank.update(range(index, end))
        elif highlights:
            cloze = _cloze_of_highlights(text)
            if cloze is not None:
                found.add("cloze", cloze, "", index, "osr-highlight")
                found.blank.update(range(index, end))
        index = max(end, index + 1)


# Obsidian_to_Anki: 'START', a note type, the fields, 'END'.

_ID_COMMENT = re.compile(r"<!--ID:\s*\d+\s*-->")
_O2A_CURLY = re.compile(r"(?<!\{)\{(?:(\d+):)?(?!\{)([^{}]+?)(?:::([^{}]*))?\}(?!\})")
_O2A_TYPES = {"basic": "qa", "cloze": "cloze"}
_O2A_LINE_LIMIT = 200
"""An Obsidian_to_Anki block without its END within this many lines is not one."""
_TAG_LINE = re.compile(r"^\s*(?:tags|TARGET DECK|DECK|TDECK)\s*:", re.IGNORECASE)


def _o2a_card(lines: list[str], start: int, found: _Found) -> int | None:
    """Read an Obsidian_to_Anki block opening at `start`; the index past it."""
    end = next(
        (
            index
            for index in range(start + 1, min(len(lines), start + _O2A_LINE_LIMIT))
            if lines[index].strip() == "END"
        ),
        None,
    )
    if end is None or end == start + 1:
        return None
    kind = _O2A_TYPES.get(lines[start + 1].strip().lower())
    if kind is None:
        return None
    tags: tuple[str, ...] = ()
    fields: list[list[str]] = [[]]
    for line in lines[start + 2 : end]:
        line = _ID_COMMENT.sub("", line)
        if _TAG_LINE.match(line):
            if line.strip().lower().startswith("tags"):
                tags = tuple(line.split(":", 1)[1].split())
            continue
        if re.match(r"^\s*Back\s*:", line) and len(fields) == 1:
            fields.append([line.split(":", 1)[1].lstrip()])
            continue
        fields[-1].append(line)
    front = "\n".join(fields[0])
    back = "\n".join(fields[1]) if len(fields) > 1 else ""
    if kind == "cloze":
        found.add("cloze", _o2a_clozes(front), back, start, "o2a-cloze", tags)
    else:
        found.add("qa", front, back, start, "o2a-basic", tags)
    return end + 1


def _o2a_clozes(text: str) -> str:
    """Obsidian_to_Anki's curly clozes (``{x}``, ``{2:x}``, ``{x::hint}``) as Anki's."""
    if DELETION.search(text):
        return text
    number = 0

    def cloze(match: re.Match[str]) -> str:
        nonlocal number
        if match.group(1):
            index = int(match.group(1))
        else:
            number += 1
            index = number
        hint = f"::{match.group(3)}" if match.group(3) else ""
        return f"{{{{c{index}::{match.group(2)}{hint}}}}}"

    # TeX's braces are not clozes: only braces outside '$...$' count.
    parts = re.split(r"(\$\$?[^$]+\$\$?)", text)
    return "".join(
        part if part.startswith("$") else _O2A_CURLY.sub(cloze, part) for part in parts
    )
