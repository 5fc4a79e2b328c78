"""Anki's cloze syntax, written once for every stage that reads or writes it.

A deletion is ``{{c1::answer}}`` or ``{{c1::answer::hint}}``: Anki hides the answer
(showing the hint, or ``[...]``) on card 1 of the note and shows it on the back.
Notes can hold deletions their owners wrote; cards made here hold one, ``c1``.
"""

from __future__ import annotations

import re

DELETION = re.compile(r"\{\{c(\d+)::(.*?)(?:::([^{}]*?))?\}\}", re.S)
"""A whole deletion: its card number, its answer and its hint (or None)."""

OPENING = re.compile(r"\{\{c(\d+)::")
"""Where a deletion opens, with its card number."""

CLOSING = "}}"
"""Where a deletion closes."""


def opening(number: int | str = 1) -> str:
    """The opening of a deletion on card `number`: ``{{c1::``."""
    return f"{{{{c{number}::"


def deletion(answer: str, number: int = 1, hint: str | None = None) -> str:
    """`answer` hidden on card `number`, with `hint` shown in its place if given."""
    tail = f"::{hint}" if hint else ""
    return f"{opening(number)}{answer}{tail}{CLOSING}"


RENDERED = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.S)
"""A deletion as Anki renders it: like `DELETION`, but its hint runs to the closing
braces, braces and all (Anki shows ``{{c1::a::b{c}}}`` as ``[b{c]``, where `DELETION`
reads no hint and the answer ``a::b{c``)."""

COUNTED = re.compile(r"\{\{c(\d+)::.+?\}\}", re.S)
"""A deletion as genanki finds it when it counts a note's cards. A deck's rows are
genanki's, so its cards are counted as genanki counts them: unlike `DELETION`, this
takes no empty deletion (``{{c2::}}`` runs on to the next closing braces)."""
