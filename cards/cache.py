"""Claim cache: a note that has not changed is never parsed or run through spaCy again.

An entry holds one note as read, the claims extracted from it, and the cards last
made from them (see `CachedNote`). Its key hashes the
note's bytes and name together with everything else that changes the result: the
version of cards and the source of its read and extract stages, the spaCy version,
and the name and version of the pipeline. A build in which every note hits the cache
does not import spaCy at all.

The cache lives in the user's cache folder (platformdirs), or in ``CARDS_CACHE_DIR``
when that is set. Entries are written atomically; one that cannot be read (a
truncated or foreign file) is reported, treated as a miss and written afresh.
Entries are pickles: like every user cache, the folder is trusted as much as the
user's own files.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeGuard, TypeVar

from platformdirs import user_cache_dir

from . import __version__
from .extract import DEFAULT_PIPELINES, Claim
from .files import atomic_write
from .generate import NoteCards
from .read import Note, Outline
from .records import Record

__all__ = [
    "CACHE_ENV",
    "CachedNote",
    "ClaimCache",
    "Pinned",
    "cards_key",
    "default_cache_dir",
    "open_cache",
    "pipeline_name",
]

CACHE_ENV = "CARDS_CACHE_DIR"
_FORMAT = "claims-10"
_STAGE_SOURCES = ("cloze.py", "read", "extract")
_CARD_SOURCES = ("cloze.py", "generate", "check")
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
_DAMAGED_ENTRY = object()


def default_cache_dir() -> Path | None:
    """``$CARDS_CACHE_DIR``, else the platform's user cache folder for cards; None
    where there is none (no home folder, as in a container with an unknown user)."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    try:
        return Path(user_cache_dir("cards"))
    except (RuntimeError, KeyError, OSError):
        return None


def open_cache(model: str | None) -> ClaimCache:
    """The claim cache for a pipeline, in `default_cache_dir`. Without a folder the
    cache is off, with one warning: it only saves time."""
    folder = default_cache_dir()
    cache = ClaimCache(folder or Path(os.devnull), pipeline_name(model))
    if folder is None:
        cache.turn_off(
            "no cache folder (no home folder; set CARDS_CACHE_DIR or XDG_CACHE_HOME)"
        )
    return cache


def pipeline_name(model: str | None) -> str:
    """The spaCy pipeline a build will load, found without importing spaCy."""
    if model:
        return model
    for name in DEFAULT_PIPELINES:
        if importlib.util.find_spec(name) is not None:
            return name
    return DEFAULT_PIPELINES[-1]


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def _pipeline_identity(name: str) -> str:
    path = Path(name)
    if path.is_dir():
        meta = path / "meta.json"
        stamp = meta.read_bytes() if meta.is_file() else str(path.stat().st_mtime)
        return f"{path.resolve()}:{hashlib.sha256(str(stamp).encode()).hexdigest()}"
    return f"{name}=={_version(name)}"


def _source_fingerprint(sources: tuple[str, ...]) -> str:
    """The source of the cached stages (their subpackages' modules and the modules
    they share): changing it starts a fresh cache."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for source in sources:
        path = package / source
        for module in [path] if path.is_file() else sorted(path.glob("*.py")):
            digest.update(module.name.encode())
            digest.update(module.read_bytes())
    return digest.hexdigest()


@functools.cache
def cards_key() -> str:
    """What a note's cached cards were made and checked by: the generate stage's
    and the quality rules' source. They are made without previous answers (see
    `cards.cardgen.pins`)."""
    return _source_fingerprint(_CARD_SOURCES)


@dataclass(frozen=True, slots=True)
class CachedNote(Record):
    """A cache entry: a note, its claims, and the cards made from them under
    `cards_key`; what a build reads of every unchanged note. The claims carry no
    words or candidates (see `cards.cardgen.lighten`): those are stored beside
    the entry (`ClaimCache.get_claims`), read only to make the cards again."""

    note: Note
    claims: tuple[Claim, ...]
    cards_key: str = ""
    cards: NoteCards | None = None
    broken: tuple[tuple[str, ...], ...] = ()
    """For each card, the rules about single cards it breaks."""
    pinned: Pinned | None = None
    """The cards as made keeping last build's answers, when those change them."""
    outline: Outline | None = None
    """What coverage counts in the note, whose blocks are not kept."""


@dataclass(frozen=True, slots=True)
class Pinned(Record):
    """A note's cards made keeping some previous answers (`cards.cardgen.pins`)."""

    pins: tuple[tuple[str, str], ...]
    cards: NoteCards
    broken: tuple[tuple[str, ...], ...]


def _is_entry(value: object) -> TypeGuard[CachedNote]:
    return isinstance(value, CachedNote) and isinstance(value.note, Note)


def _are_claims(value: object) -> TypeGuard[tuple[Claim, ...]]:
    return isinstance(value, tuple) and all(isinstance(c, Claim) for c in value)


_Stored = TypeVar("_Stored")


@dataclass
class ClaimCache:
    """Notes and their claims, stored under a key of their bytes and settings."""

    folder: Path
    model: str
    warnings: list[str] = field(default_factory=list)
    off: bool = False
    """Turned off (see `turn_off`): every note is a miss and nothing is written."""
    _salt: bytes = b""

    def __post_init__(self) -> None:
        settings = "\x1f".join(
            (
                _FORMAT,
                __version__,
                _source_fingerprint(_STAGE_SOURCES),
                _version("spacy"),
                _pipeline_identity(self.model),
            )
        )
        self._salt = settings.encode()
        self.folder = self.folder / _FORMAT

    def turn_off(self, reason: str) -> None:
        """Stop using the cache for the rest of the build, with one warning: a
        cache that cannot be read or written costs time, never the build."""
        if not self.off:
            self.off = True
            self.warnings.append(f"{reason}; going on without the cache")

    def key(self, name: str, raw: bytes) -> str:
        digest = hashlib.sha256(self._salt)
        digest.update(b"\x00" + name.encode() + b"\x00")
        digest.update(raw)
        return digest.hexdigest()

    def _path(self, key: str, part: str = "") -> Path:
        return self.folder / key[:2] / f"{key}{part}.pickle"

    def get_claims(self, key: str) -> tuple[Claim, ...] | None:
        """The full claims stored beside the entry under `key`, or None."""
        return self._load_valid(self._path(key, ".claims"), _are_claims)

    def put_claims(self, key: str, claims: tuple[Claim, ...]) -> None:
        """Store a note's full claims beside its entry."""
        self._store(self._path(key, ".claims"), claims)

    def has(self, key: str) -> bool:
        """Whether an entry is stored under `key` (it may still prove damaged)."""
        if self.off:
            return False
        try:
            return self._path(key).is_file()
        except OSError as error:
            self.turn_off(f"{self.folder}: cannot read the cache ({error.strerror})")
            return False

    def get(self, key: str) -> CachedNote | None:
        """The note, claims and cards stored under `key`, or None."""
        return self._load_valid(self._path(key), _is_entry)

    def put(self, key: str, entry: CachedNote) -> None:
        """Store a note, its claims and cards; a cache that cannot be written is
        skipped."""
        self._store(self._path(key), entry)

    def _load_valid(
        self, path: Path, valid: Callable[[object], TypeGuard[_Stored]]
    ) -> _Stored | None:
        """What a file holds if it is `valid`; else None, and a missing file
        aside, a warning that the entry is rebuilt."""
        found = self._load(path)
        if found is None:
            return None
        if found is _DAMAGED_ENTRY or not valid(found):
            self.warnings.append(f"{path}: cache entry damaged; rebuilt")
            return None
        return found

    def _load(self, path: Path) -> object:
        """What a file holds: None when missing or unreadable, `_DAMAGED_ENTRY`
        when it cannot be unpickled."""
        if self.off:
            return None
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            self.turn_off(f"{path}: cache entry unreadable ({error.strerror})")
            return None
        try:
            return pickle.loads(data)
        except _DAMAGED:
            return _DAMAGED_ENTRY

    def _store(self, path: Path, value: object) -> None:
        if self.off:
            return
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)

        def write(temporary: Path) -> None:
            temporary.write_bytes(payload)

        self._write(path, write)

    def _write(self, path: Path, write: Callable[[Path], None]) -> None:
        try:
            atomic_write(path, write)
        except OSError as error:
            self.turn_off(f"{self.folder}: cannot write the cache ({error.strerror})")

    def build_key(self, parts: list[str], files: list[Path]) -> str:
        """A fingerprint of a whole build: its settings and the bytes of its files.

        Missing files count as such, so a deleted deck or state is a change.
        """
        digest = hashlib.sha256(self._salt)
        for part in parts:
            digest.update(part.encode() + b"\x00")
        for path in files:
            try:
                digest.update(hashlib.sha256(path.read_bytes()).digest())
            except OSError:
                digest.update(b"missing")
            digest.update(os.fsencode(path) + b"\x00")
        return digest.hexdigest()

    def recall_build(self, key: str) -> dict[str, object] | None:
        """What a build with exactly this fingerprint reported, if one ran."""
        if self.off:
            return None
        try:
            data = json.loads((self.folder / "builds" / f"{key}.json").read_text())
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def remember_build(self, key: str, report: dict[str, object]) -> None:
        if self.off:
            return
        text = json.dumps(report, sort_keys=True)

        def write(temporary: Path) -> None:
            temporary.write_text(text, encoding="utf-8")

        self._write(self.folder / "builds" / f"{key}.json", write)
