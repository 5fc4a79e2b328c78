"""The base of the records a build caches: notes, cards, cache entries.

A frozen dataclass with slots is pickled with its state and loaded through
``dataclasses``' ``__setstate__``, which looks the class's fields up again for every
object. A cached vault holds hundreds of thousands of such records, and a build
that changed one note loads all of them; a constructor call with the fields in
order loads them in about two thirds of the time: hubermanlab's 1,113 cache entries
(notes, claims, cards) in 0.07 s against 0.11-0.12 s, and 1% smaller.

Every record the cache stores is one. `ParsedClaim` had a pickling of its own, its
words and candidates as plain tuples: the same cache was 10% smaller and written in
0.17 s against 0.28 s, but loaded in 0.25-0.27 s against 0.17-0.20 s (medians of
five, in turns): a tenth of a second of a cold build and 0.9 MB of disk did not
pay for its lines.
"""

from __future__ import annotations

import dataclasses
from typing import Any

__all__ = ["Record"]


class Record:
    """Pickled as a call of its class with its fields in order."""

    __slots__ = ()

    def __reduce__(self) -> tuple[type[Any], tuple[Any, ...]]:
        kind = type(self)
        names = _NAMES.get(kind)
        if names is None:
            names = _NAMES[kind] = tuple(
                field.name
                for field in dataclasses.fields(self)  # type: ignore[arg-type]
                if field.init
            )
        return (kind, tuple(getattr(self, name) for name in names))


_NAMES: dict[type[Any], tuple[str, ...]] = {}
"""Each record class's constructor fields, in order."""
