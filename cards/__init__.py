"""cards: turn a folder of Markdown notes into a spaced-repetition deck for Anki.

The pipeline, one subpackage per stage, in the order a note goes through them:

    read/       Markdown file -> ParsedNote: the Note and its plain-text blocks
    extract/    ParsedNote + spaCy -> ParsedClaims: a Claim and its words, answer
                candidates and questions
    generate/   ParsedClaims -> Cards (cloze or question/answer, context, source,
                tags), each keeping its Claim
    check/      the card rules generation keeps and ``cards check`` reports
    identify/   Cards -> GUIDs kept across builds (the state file)
    package/    Cards -> .apkg (with images), CSV or JSON Lines

    pipeline.py build(), check(), export(): the stages in order
    workers.py  read, extract and generate notes in worker processes
    cache.py    each unchanged note's claims and cards, kept between builds
    preview.py  one HTML page of the cards, as Anki shows them
    cli.py      the ``cards`` command, a thin layer over the pipeline
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("cards")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

from .errors import CardsError, ModelError, NoteError, OutputError
from .extract import Claim
from .generate import Card
from .pipeline import BuildSummary, CheckSummary, build, check, export
from .preview import write_preview
from .read import Note

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
