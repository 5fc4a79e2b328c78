"""Note cache: a note that has not changed is never parsed or run through spaCy again.

Each note has one entry: the note as read, the claims extracted from it and the cards
last made from them (a `CachedNote`), followed in the same file by what spaCy read in
those claims (their `ParsedClaim`s), which is read only when the cards must be made
again. Its key hashes the note's
bytes and name together with everything else that changes the result: the version
of cards and the source of its read and extract stages, the spaCy version, and the
name and version of the pipeline. A build in which every note hits the cache does
not import spaCy at all.

The cache holds what the latest builds need and no more: each build records which
entries it used, one record per notes folder (or set of notes) and pipeline, and
when a build's entries differ from its folder's last ones (a note was edited,
added or removed), every entry that no folder's last build used is removed, with the
records of folders that no longer exist. Editing a note therefore replaces its
entry rather than adding one, however often it happens. What a whole build
reported is kept too, one report per deck, so that a build with nothing to do
stops early (`BuildReports`).

The cache lives in the user's cache folder (platformdirs), or in ``CARDS_CACHE_DIR``
when that is set. Entries are written atomically; one that cannot be read (a
truncated or foreign file) is reported, treated as a miss and written afresh.
Entries are pickles: like every user cache, the folder is trusted as much as the
user's own files. Two builds of different folders at once may remove an entry the
other has just written; that costs the other a parse next time, never a wrong deck.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import importlib.util
import io
import json
import os
import pickle
import stat
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeGuard, TypeVar

from platformdirs import user_cache_dir

from . import __version__
from .extract import DEFAULT_PIPELINES, Claim, ParsedClaim
from .files import atomic_write
from .generate import NoteCards
from .read import Note, Outline
from .records import Record

__all__ = [
    "CACHE_ENV",
    "BuildReports",
    "CachedNote",
    "NoteCache",
    "Pinned",
    "cards_key",
    "default_cache_dir",
    "open_cache",
    "pipeline_name",
]

CACHE_ENV = "CARDS_CACHE_DIR"
_FORMAT = "notes-14"
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
_USES = "uses"
"""The folder of the records of which entries each folder's last build used."""
_BUILDS = "builds"
"""The folder of what each deck's last build reported."""


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


def open_cache(model: str | None) -> NoteCache:
    """The note cache for a pipeline, in `default_cache_dir`. Without a folder the
    cache is off, with one warning: it only saves time."""
    folder = default_cache_dir()
    cache = NoteCache(folder or Path(os.devnull), pipeline_name(model))
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
    `cards.generate.pins`)."""
    return _source_fingerprint(_CARD_SOURCES)


@dataclass(frozen=True, slots=True)
class CachedNote(Record):
    """A cache entry: a note, its claims, and the cards made from them under
    `cards_key`; what a build reads of every unchanged note. What spaCy read in
    the claims follows the entry in its file (`NoteCache.get_parsed`), read only
    to make the cards again."""

    note: Note
    outline: Outline
    """What coverage counts in the note, whose blocks are not kept."""
    claims: tuple[Claim, ...]
    cards_key: str
    cards: NoteCards
    pinned: Pinned | None = None
    """The cards as made keeping last build's answers, when those change them."""
    earlier: Pinned | None = None
    """The cards as made keeping the answers of the build before, when those changed
    them: keeping one answer can move another of the same note, so that a note's
    answers kept alternate from one build to the next (on bigvault, one note made
    again at every build, 0.3 s)."""


@dataclass(frozen=True, slots=True)
class Pinned(Record):
    """A note's cards made keeping some previous answers (`cards.generate.pins`)."""

    pins: tuple[tuple[str, str], ...]
    cards: NoteCards


def _is_entry(value: object) -> TypeGuard[CachedNote]:
    return isinstance(value, CachedNote) and isinstance(value.note, Note)


def _is_parsed(value: object) -> TypeGuard[tuple[CachedNote, tuple[ParsedClaim, ...]]]:
    if not isinstance(value, tuple) or len(value) != 2 or not _is_entry(value[0]):
        return False
    claims = value[1]
    return isinstance(claims, tuple) and all(
        isinstance(parsed, ParsedClaim) for parsed in claims
    )


def _salt(model: str) -> bytes:
    """What every key hashes besides a note: what changes how notes are read."""
    return "\x1f".join(
        (
            _FORMAT,
            __version__,
            _source_fingerprint(_STAGE_SOURCES),
            _version("spacy"),
            _pipeline_identity(model),
        )
    ).encode()


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


_Stored = TypeVar("_Stored")


@dataclass
class NoteCache:
    """One entry per note (its claims and cards) under a key of its bytes and
    settings, kept while a folder's last build uses it; and each deck's report."""

    folder: Path
    model: str
    warnings: list[str] = field(default_factory=list)
    off: bool = False
    """Turned off (see `turn_off`): every note is a miss and nothing is written."""
    _salt: bytes = b""

    def __post_init__(self) -> None:
        self._salt = _salt(self.model)
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

    def has(self, key: str) -> bool:
        """Whether an entry is stored under `key` (it may still prove damaged)."""
        if self.off:
            return False
        try:
            return _entry_path(self.folder, key).is_file()
        except OSError as error:
            self.turn_off(f"{self.folder}: cannot read the cache ({error.strerror})")
            return False

    def get(self, key: str) -> CachedNote | None:
        """The note, claims and cards stored under `key`, or None."""
        return self._load(key, _is_entry, count=1)

    def get_parsed(self, key: str) -> tuple[CachedNote, tuple[ParsedClaim, ...]] | None:
        """The entry under `key` and its claims as parsed, or None."""
        return self._load(key, _is_parsed, count=2)

    def put(self, key: str, entry: CachedNote, claims: tuple[ParsedClaim, ...]) -> None:
        """Store a note's entry and its claims as parsed; a cache that cannot be
        written is skipped."""
        if not self.off:
            self._write(_write_pickles, _entry_path(self.folder, key), entry, claims)

    def _load(
        self, key: str, valid: Callable[[object], TypeGuard[_Stored]], count: int
    ) -> _Stored | None:
        """An entry's file's first `count` pickles if `valid` (see `_read_pickles`);
        else None, and a missing file aside, a warning that the entry is rebuilt."""
        path = _entry_path(self.folder, key)
        if self.off:
            return None
        try:
            found = _read_pickles(path, count)
        except OSError as error:
            self.turn_off(f"{path}: cache entry unreadable ({error.strerror})")
            return None
        if found is None:
            return None
        if found is _DAMAGED_ENTRY or not valid(found):
            self.warnings.append(f"{path}: cache entry damaged; rebuilt")
            return None
        return found

    def _write(self, write: Callable[..., None], path: Path, *values: object) -> None:
        try:
            write(path, *values)
        except OSError as error:
            self.turn_off(f"{self.folder}: cannot write the cache ({error.strerror})")

    def record_use(
        self, paths: Sequence[Path], settings: str, keys: Iterable[str | None]
    ) -> None:
        """Record the entries a build of `paths` used, with `settings` (what else
        makes its notes' keys: hand syntax, prose); if they changed since its last
        build, remove those no folder's last build used (see the module)."""
        if self.off:
            return
        where = [str(path.resolve()) for path in paths]
        name = _digest(_FORMAT, self.model, settings, *where)
        record = self.folder / _USES / f"{name}.json"
        used = sorted({key for key in keys if key})
        last = _read_json(record)
        if last is None or last.get("entries") != used:
            self._write(_write_json, record, {"paths": where, "entries": used})
            if not self.off:
                _prune(self.folder)

    @property
    def reports(self) -> BuildReports:
        """What each deck's last build reported (off when the cache is)."""
        return BuildReports(self.folder / _BUILDS, self._salt, self.off)


@dataclass(frozen=True)
class BuildReports:
    """What each deck's last build reported, one report per deck: a build whose
    notes, settings, deck and state are as the last one left them stops early. A
    report that cannot be written costs the next build that shortcut, no more."""

    folder: Path
    salt: bytes
    off: bool = False

    def fingerprint(self, parts: list[str], files: list[Path]) -> str:
        """A fingerprint of what a build reads or writes: its settings and the
        bytes of its files. Missing files count as such, so a deleted deck or
        state is a change; what is no regular file (a FIFO would never end) is
        not read, and the build says what it is."""
        digest = hashlib.sha256(self.salt)
        for part in parts:
            digest.update(part.encode() + b"\x00")
        for path in files:
            try:
                if stat.S_ISREG(path.stat().st_mode):
                    digest.update(hashlib.sha256(path.read_bytes()).digest())
                else:
                    digest.update(b"not a file")
            except OSError:
                digest.update(b"missing")
            digest.update(os.fsencode(path) + b"\x00")
        return digest.hexdigest()

    def _path(self, deck: Path, state: Path) -> Path:
        name = _digest(_FORMAT, str(deck.resolve()), str(state.resolve()))
        return self.folder / f"{name}.json"

    def recall(self, inputs: str, deck: Path, state: Path) -> dict[str, object] | None:
        """What the last build of `deck` and `state` reported, if it read the same
        `inputs` (a `fingerprint`) and left them as they are now."""
        found = None if self.off else _read_json(self._path(deck, state))
        if found is None or found.get("key") != self.fingerprint(
            [inputs], [state, deck]
        ):
            return None
        report = found.get("report")
        return report if isinstance(report, dict) else None

    def remember(
        self, inputs: str, deck: Path, state: Path, report: dict[str, object]
    ) -> None:
        """Keep what a build that read `inputs` and wrote `deck` and `state`
        reported, in place of that deck's last report."""
        if self.off:
            return
        key = self.fingerprint([inputs], [state, deck])
        value = {"key": key, "deck": str(deck.resolve()), "report": report}
        with contextlib.suppress(OSError):
            _write_json(self._path(deck, state), value)


def _entry_path(folder: Path, key: str) -> Path:
    return folder / key[:2] / f"{key}.pickle"


def _read_pickles(path: Path, count: int) -> object:
    """The first pickle in a file, or a tuple of the first `count`: None when it
    is missing, `_DAMAGED_ENTRY` when it cannot be unpickled.

    Raises:
        OSError: the file is there but cannot be read.
    """
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return None
    with handle:
        # One unpickler for all: a later pickle refers to the objects of an
        # earlier one (see `_write_pickles`). Each load stops at the end of its
        # pickle, so a build that only needs the entry never reads the rest.
        unpickler = pickle.Unpickler(handle)
        try:
            found = tuple(unpickler.load() for _ in range(count))
        except _DAMAGED:
            return _DAMAGED_ENTRY
    return found if count > 1 else found[0]


def _write_pickles(path: Path, *values: object) -> None:
    """Write values one pickle after another, atomically, with one pickler: an
    object a later value shares with an earlier one (a parsed claim's claim, its
    note) is written once, and read back as one object."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
    for value in values:
        pickler.dump(value)

    def write(temporary: Path) -> None:
        temporary.write_bytes(buffer.getvalue())

    atomic_write(path, write)


def _read_json(path: Path) -> dict[str, object] | None:
    """A JSON object read from a file; None if it is missing, unreadable or not
    one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_json(path: Path, value: Mapping[str, object]) -> None:
    text = json.dumps(value, sort_keys=True)

    def write(temporary: Path) -> None:
        temporary.write_text(text, encoding="utf-8")

    atomic_write(path, write)


def _prune(folder: Path) -> None:
    """Remove the entries no folder's last build used, the records of folders
    that are gone and the reports of decks that are gone."""
    kept: set[str] = set()
    for record in _listed(folder / _USES, ".json"):
        data = _read_json(record) or {}
        paths, entries = data.get("paths"), data.get("entries")
        if _all_exist(paths) and isinstance(entries, list):
            kept.update(str(key) for key in entries)
        else:
            _remove(record)
    for shard in _listed(folder, ""):
        if len(shard.name) == 2 and shard.is_dir():
            for entry in _listed(shard, ".pickle"):
                if entry.stem not in kept:
                    _remove(entry)
    for report in _listed(folder / _BUILDS, ".json"):
        deck = (_read_json(report) or {}).get("deck")
        if not _all_exist([deck]):
            _remove(report)


def _listed(folder: Path, suffix: str) -> list[Path]:
    """The files (or, without a suffix, everything) in a folder but temporary
    ones; none if it is gone."""
    try:
        return [
            Path(entry.path)
            for entry in os.scandir(folder)
            if entry.name.endswith(suffix) and not entry.name.startswith(".")
        ]
    except OSError:
        return []


def _all_exist(paths: object) -> bool:
    """Whether a record names paths that are all still there."""
    return isinstance(paths, list) and all(
        isinstance(path, str) and Path(path).exists() for path in paths
    )


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
