"""A build with nothing to do: when the notes, settings, deck and state are as a
build left them, its summary is remembered in the cache and the build ends there
(see `cards.cache`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .cache import NoteCache
from .collect import NoteBytes
from .config import CONFIG_FILE
from .identify import Changes
from .options import Options
from .selection import Selection
from .summary import BuildSummary

__all__ = ["inputs_key", "memo", "reused", "same_media"]


def inputs_key(
    cache: NoteCache, selection: Selection, options: Options, read: Sequence[NoteBytes]
) -> str:
    """What a build reads: notes' bytes (by their cache keys, as `read`), settings,
    options; not its deck or state."""
    root = selection.root
    # A key hashes a note's name and bytes; an error names the note, its name's
    # undecodable bytes escaped.
    notes = [f"{note.key}\x00{note.error}" for note in read]
    settings = [
        f"deck={options.deck_name}\x00{options.subdecks}",
        f"output={options.output.resolve()}",
        f"strict={options.strict}",
        f"exclude={options.exclude}",
        f"prose={options.prose}",
        f"reverse={options.reverse}",
        repr(options.config),
    ]
    files = [root / CONFIG_FILE, root / "pyproject.toml"]
    return cache.reports.fingerprint([*settings, *notes], files)


def memo(summary: BuildSummary, images_missing: bool) -> dict[str, object]:
    return {
        "notes_read": summary.notes_read,
        "skipped": list(summary.skipped),
        "notes_without_cards": summary.notes_without_cards,
        "claims": summary.claims,
        "cards_by_kind": summary.cards_by_kind,
        "quality_line": summary.quality_line,
        # The images are not among the notes' files: a build that used some is
        # reused only while each is as it was, and none missing has appeared.
        "media": [[str(path), *_stat(path)] for _, path in summary.media],
        "images_missing": images_missing,
    }


def _stat(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (-1, -1)
    return (info.st_size, info.st_mtime_ns)


def same_media(memo: dict[str, Any]) -> bool:
    if memo.get("images_missing", True):
        return False
    return all(
        list(_stat(Path(path))) == [size, mtime]
        for path, size, mtime in memo.get("media", [])
    )


def reused(memo: dict[str, Any], output: Path, state_path: Path) -> BuildSummary:
    """The summary of a build that found nothing to do."""
    kinds = {str(kind): int(count) for kind, count in memo["cards_by_kind"].items()}
    return BuildSummary(
        notes_read=int(memo["notes_read"]),
        skipped=tuple(str(line) for line in memo["skipped"]),
        notes_without_cards=int(memo["notes_without_cards"]),
        claims=int(memo["claims"]),
        cards_by_kind=kinds,
        changes=Changes(unchanged=sum(kinds.values())),
        deck_path=output,
        state_path=state_path,
        quality_line=str(memo["quality_line"]),
        reused=True,
    )
