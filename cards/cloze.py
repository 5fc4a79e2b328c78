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
