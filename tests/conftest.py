"""Shared fixtures: the real spaCy pipeline (loaded once) and a real Anki collection."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from anki.collection import (
    Collection,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)
from anki.import_export_pb2 import ImportResponse
from spacy.language import Language

from cards import build
from cards.extract.claims import load_nlp

REPO = Path(__file__).resolve().parent.parent
SAMPLE_NOTES = REPO / "notes"
SAMPLE_CARDS = 1
"""The cards the sample notes give: most of their bold labels are instructions
whose items name PMs and EMs, which the heading 'EM-PM Relationships' gives away,
and most other blanks are common words the sentence fills in."""

MARKUP_RESIDUE = re.compile(
    r"\*\*|__|`|\[\[|\]\]|\]\(|!\[|<a\s+class|data-t=|&lt;/?[A-Za-z]|\[!\w+\]|"
    r"\[\d{1,2}:\d{2}(?::\d{2})?\]"
)
"""What must never reach the learner: Markdown, wikilink, anchor or callout syntax."""


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp()


@pytest.fixture(autouse=True)
def private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets an empty note cache of its own, never the user's."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("CARDS_CACHE_DIR", str(folder))
    return folder


def _copy_sample_notes(target: Path) -> Path:
    shutil.copytree(SAMPLE_NOTES, target, ignore=shutil.ignore_patterns(".*"))
    return target


@pytest.fixture(scope="session")
def warm_cache_dir(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> Path:
    """A note cache holding the sample notes, made once for the whole session."""
    folder = tmp_path_factory.mktemp("warm-cache")
    notes = _copy_sample_notes(tmp_path_factory.mktemp("warm") / "notes")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CARDS_CACHE_DIR", str(folder))
        build(notes, notes.parent / "notes.apkg", nlp=nlp)
    return folder


@pytest.fixture
def warm_cache(warm_cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The session's warm cache in place of the test's empty one, for a test that
    builds copies of the sample notes (`project`, `notes_dir`) and looks at what
    it gets, not at the cache: their notes are read from it, not parsed again."""
    monkeypatch.setenv("CARDS_CACHE_DIR", str(warm_cache_dir))
    return warm_cache_dir


@pytest.fixture
def notes_dir(tmp_path: Path) -> Path:
    """A copy of the sample notes the default build reads."""
    return _copy_sample_notes(tmp_path / "notes")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding a copy of notes/, as after a clone, made current."""
    _copy_sample_notes(tmp_path / "notes")
    monkeypatch.chdir(tmp_path)
    return tmp_path


GLOSSARY = (
    "# Vital signs\n\n"
    "- **Tachypnea**: A breathing rate above twenty breaths a minute in an adult.\n"
    "- **Homeostasis**: The body's balancing of temperature and acidity.\n"
    "- **Bradycardia**: A resting heart rate below sixty beats a minute.\n"
    "- **Hypoxemia**: An abnormally low level of oxygen in arterial blood.\n"
)
"""A note written for the tests whose four items are asked as questions: the
sample notes' labels are steps and titles, which become clozes."""


def visible_text(html: str) -> str:
    """What a learner sees of a rendered card: no style, no tags, entities kept."""
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def prose_text(html: str) -> str:
    """The visible text outside code: where Markdown syntax would be residue."""
    return visible_text(re.sub(r"<code>.*?</code>", " ", html, flags=re.S))


class Anki:
    """A fresh Anki collection that decks are imported into, as a user would."""

    def __init__(self, folder: Path) -> None:
        self.collection = Collection(str(folder / "collection.anki2"))

    def import_deck(self, path: Path) -> ImportResponse:
        request = ImportAnkiPackageRequest(
            package_path=str(path), options=ImportAnkiPackageOptions()
        )
        return self.collection.import_anki_package(request)

    def close(self) -> None:
        self.collection.close()


@pytest.fixture
def anki(tmp_path: Path) -> Iterator[Anki]:
    folder = tmp_path / "anki"
    folder.mkdir()
    collection = Anki(folder)
    yield collection
    collection.close()


@pytest.fixture
def write_note(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a note into a fresh notes folder and return its path."""
    folder = tmp_path / "vault"
    folder.mkdir(exist_ok=True)

    def write(name: str, text: str) -> Path:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write
