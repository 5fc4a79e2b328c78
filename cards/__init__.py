"""cards: turn a folder of Markdown notes into a spaced-repetition deck for Anki.

The pipeline, one module per stage:

    notes.py    read      path -> Note (frontmatter, Markdown tree, plain-text blocks)
    claims.py   extract   Note + spaCy -> Claim
    cardgen.py  generate  Claim -> Card (cloze or question/answer)
    deck.py     package   Cards -> .apkg
    pipeline.py build()   runs the stages
    preview.py  preview   Cards -> one HTML page, as Anki shows them
    cli.py      the ``cards`` command, a thin layer over build()
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("cards")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

from .cardgen import Card
from .claims import Claim
from .errors import CardsError, ModelError, NoteError, OutputError
from .notes import Note
from .pipeline import BuildSummary, CheckSummary, build, check, export
from .preview import write_preview

__all__ = [
    "BuildSummary",
    "Card",
    "CardsError",
    "CheckSummary",
    "Claim",
    "ModelError",
    "Note",
    "NoteError",
    "OutputError",
    "__version__",
    "build",
    "check",
    "export",
    "write_preview",
]
