"""Export stage: the cards of a build as text, for Anki's text import or for scripts.

``csv`` is Anki's text-import format: tab-separated, with the header lines that tell
File › Import the note type, deck, GUID and tags columns, so a re-import updates the
cards it made before instead of duplicating them. The note types must exist in the
collection (importing the ``.apkg`` once creates them). ``jsonl`` holds one card per
line for scripts: GUID, kind, named fields, tags, deck and the note it came from.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from ..files import atomic_write
from ..identify import Entry
from .note_types import NOTE_TYPES

__all__ = ["FORMATS", "write_export"]

Format = Literal["csv", "jsonl"]
FORMATS: tuple[Format, ...] = ("csv", "jsonl")
_FIELD_NAMES = {
    kind: [field["name"] for field in note_type.fields]
    for kind, note_type in NOTE_TYPES.items()
}
_NOTE_TYPE_NAMES = {kind: note_type.name for kind, note_type in NOTE_TYPES.items()}
_WIDEST = max(len(names) for names in _FIELD_NAMES.values())


def _csv(entries: Sequence[Entry], deck: str) -> str:
    out = io.StringIO()
    tags_column = 3 + _WIDEST + 1
    out.write(
        "#separator:tab\n#html:true\n#notetype column:1\n#deck column:2\n"
        f"#guid column:3\n#tags column:{tags_column}\n"
    )
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    for entry in entries:
        fields = list(entry.fields) + [""] * (_WIDEST - len(entry.fields))
        writer.writerow(
            [
                _NOTE_TYPE_NAMES[entry.kind],
                deck,
                entry.guid,
                *fields,
                " ".join(entry.tags),
            ]
        )
    return out.getvalue()


def _jsonl(entries: Sequence[Entry], deck: str) -> str:
    lines = [
        json.dumps(
            {
                "guid": entry.guid,
                "kind": entry.kind,
                "fields": dict(
                    zip(_FIELD_NAMES[entry.kind], entry.fields, strict=True)
                ),
                "tags": list(entry.tags),
                "deck": deck,
                "note": entry.note,
            },
            ensure_ascii=False,
        )
        for entry in entries
    ]
    return "".join(line + "\n" for line in lines)


def write_export(
    entries: Sequence[Entry], path: Path, fmt: Format, *, deck: str
) -> None:
    """Write the cards to `path` in `fmt`, atomically.

    Raises:
        OSError: the file cannot be written.
    """
    text = _csv(entries, deck) if fmt == "csv" else _jsonl(entries, deck)

    def write(temporary: Path) -> None:
        temporary.write_text(text, encoding="utf-8")

    atomic_write(path, write)
