"""What the last build's search for near-duplicates found, kept in the note cache.

Finding the near-duplicates of a vault's cards is the one step of a build that
compares every note's cards with every other's (`cards.generate.combine`). A build
keeps what it found beside the note cache's entries, one file per notes folder,
so that the next one searches only the cards that changed. On bigvault (1,906 real
notes, 17,613 cards before merging), searching every card took 4 to 8 s on this
project's shared machine; after a one-note edit, the search takes 0.1 to 0.25 s.

What is kept names each card by a digest of its note's cards (see
`cards.generate.FoundPairs`), so a file of another folder, of other settings or of
an older build is never wrong, only less use; one written by other code (another
version of the generate stage) is not read. A file that cannot be read or written
costs the next build its head start, no more.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
from dataclasses import dataclass
from pathlib import Path

from .cache import NoteCache, cards_key
from .files import atomic_write
from .generate import FoundPairs
from .options import Options
from .selection import Selection

__all__ = ["PairMemory", "pair_memory"]

_FOLDER = "pairs"
_DAMAGED = (
    pickle.UnpicklingError,
    EOFError,
    AttributeError,
    ImportError,
    IndexError,
    KeyError,
    TypeError,
    ValueError,
)
"""What unpickling a truncated or foreign file raises."""


@dataclass(frozen=True, slots=True)
class PairMemory:
    """Where a notes folder's last search for near-duplicates is kept."""

    path: Path
    paths: tuple[str, ...]
    """The notes folders (or notes) it is about, resolved: the file is removed
    when they are gone."""

    def recall(self) -> FoundPairs | None:
        """What the last search found, if this version of cards wrote it."""
        try:
            with self.path.open("rb") as handle:
                pickle.load(handle)  # the paths, for `_prune`
                stamp, found = pickle.load(handle)
        except (OSError, *_DAMAGED):
            return None
        if stamp != cards_key() or not isinstance(found, FoundPairs):
            return None
        return found

    def remember(self, found: FoundPairs | None) -> None:
        """Keep what this build's search found, in place of the last one's."""
        if found is None:
            return
        payloads = [
            pickle.dumps(self.paths, pickle.HIGHEST_PROTOCOL),
            pickle.dumps((cards_key(), found), pickle.HIGHEST_PROTOCOL),
        ]

        def write(temporary: Path) -> None:
            temporary.write_bytes(b"".join(payloads))

        with contextlib.suppress(OSError):
            new = not self.path.exists()
            atomic_write(self.path, write)
            if new:
                _prune(self.path.parent)


def pair_memory(
    cache: NoteCache | None, selection: Selection, options: Options
) -> PairMemory | None:
    """Where the search of a build of `selection` is kept; None without a cache."""
    if cache is None or cache.off:
        return None
    paths = tuple(str(path.resolve()) for path in selection.paths)
    settings = (cache.model, repr(options.hand), str(options.prose), *paths)
    name = hashlib.sha256("\x00".join(settings).encode()).hexdigest()
    return PairMemory(cache.folder / _FOLDER / f"{name}.pickle", paths)


def _prune(folder: Path) -> None:
    """Remove the files of notes folders that are gone."""
    for path in folder.glob("*.pickle"):
        try:
            with path.open("rb") as handle:
                paths = pickle.load(handle)
        except (OSError, *_DAMAGED):
            paths = None
        if not isinstance(paths, tuple) or not all(Path(p).exists() for p in paths):
            with contextlib.suppress(OSError):
                path.unlink()
