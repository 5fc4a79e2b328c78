"""Images that travel with their cards: found in the vault, stored in the deck.

A note embeds an image inside a list item or right under it (see `cards.read.Image`):
``![[diagram.png]]``, found as Obsidian finds it (see `cards.package.vault`);
``![[diagram.png|300]]`` with a width; or ``![alt](relative/path.png)``, relative to
the note. The image goes on the back of that item's cards (the Extra field), and its
file into the package's media, named from its content (``diagram-1a2b3c4d5e6f.png``):
two different files never share a name, and a file embedded twice is stored once.

Anything read from disk is untrusted. An image must resolve to a regular file inside
the vault (symlinks are followed, then checked), with an image suffix. An SVG is
left out, since it can carry script; so is a file over `MAX_IMAGE_BYTES`; a remote
URL is not fetched. Each is one warning line, and the card is kept.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..generate import Card, is_hand
from ..read import Image, Note, images_in
from .vault import OUTSIDE, Vault

__all__ = ["IMAGE_SUFFIXES", "MAX_IMAGE_BYTES", "Media", "StoredImages", "card_images"]

MAX_IMAGE_BYTES = 5 * 2**20
"""Anki syncs media to phones: a photo straight off a camera is left out."""
IMAGE_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".avif", ".tif", ".tiff"}
)
_UNSAFE_NAME = re.compile(r"[^\w.-]+")
_URL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def card_images(card: Card) -> tuple[Image, ...]:
    """The images embedded with a card's claim: in its item or right under it."""
    note = card.claim.note
    if is_hand(card):
        return note.hand[card.claim.block].images
    return tuple(image for image in note.images if image.block == card.claim.block)


@dataclass
class StoredImages:
    """The files of a package's media, each named from its content, and a warning
    for each image left out."""

    vault: Vault
    files: dict[str, Path] = field(default_factory=dict)
    """Stored name -> file."""
    warnings: list[str] = field(default_factory=list)
    missing: bool = False
    """Whether an image was not found: it may be there by the next build."""
    _named: dict[Path, str | None] = field(default_factory=dict)
    _warned: set[tuple[Path, str]] = field(default_factory=set)
    _remote: dict[Path, list[str]] = field(default_factory=dict)
    """Each note's remote images: one line per note, however many it embeds."""

    def stored_name(self, note: Note, image: Image) -> str | None:
        """The name the image's file is stored under; None if it is left out."""
        target = image.target
        if _URL.match(target):
            urls = self._remote.setdefault(note.path, [])
            if target not in urls:
                urls.append(target)
            return None
        path = self.vault.find(note, image)
        if path is None:
            self.missing = True
            self._warn(note, target, "not found in the vault, left out")
            return None
        if path == OUTSIDE:
            self._warn(note, target, "is outside the vault: left out")
            return None
        if path.suffix.lower() == ".svg":
            self._warn(note, target, "is an SVG, which can carry script: left out")
            return None
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            self._warn(note, target, "is not an image file, left out")
            return None
        if path not in self._named:
            self._named[path] = self._store(note, target, path)
        return self._named[path]

    def warn_remote(self) -> None:
        """Add the warnings for the remote images met so far, a line per note."""
        for path, urls in self._remote.items():
            if len(urls) == 1:
                self.warnings.append(
                    f"{path}: image {urls[0]!r} is remote: not fetched, left out"
                )
            else:
                self.warnings.append(
                    f"{path}: {len(urls)} remote images ({urls[0]!r}, …) "
                    "not fetched, left out"
                )
        self._remote.clear()

    def _store(self, note: Note, target: str, path: Path) -> str | None:
        try:
            size = path.stat().st_size
            if size > MAX_IMAGE_BYTES:
                self._warn(
                    note,
                    target,
                    f"is {size / 2**20:.1f} MB, over the "
                    f"{MAX_IMAGE_BYTES // 2**20} MB limit: left out",
                )
                return None
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        except OSError as error:
            self._warn(note, target, f"cannot be read ({error.strerror}), left out")
            return None
        stem = _UNSAFE_NAME.sub("_", path.stem).strip("._")[:60] or "image"
        name = f"{stem}-{digest}{path.suffix.lower()}"
        self.files[name] = path
        return name

    def _warn(self, note: Note, target: str, problem: str) -> None:
        if (note.path, target) not in self._warned:
            self._warned.add((note.path, target))
            self.warnings.append(f"{note.path}: image {target!r} {problem}")


class Media:
    """The images of one build's cards: on the cards' backs, and their files for
    the package."""

    def __init__(self, root: Path) -> None:
        """`root` is the vault (or notes folder): no image is read from outside it."""
        self.stored = StoredImages(Vault(root))

    @property
    def files(self) -> dict[str, Path]:
        """Stored name -> file, for the package's media."""
        return self.stored.files

    @property
    def warnings(self) -> list[str]:
        return self.stored.warnings

    @property
    def missing(self) -> bool:
        """Whether an image was not found: it may be there by the next build."""
        return self.stored.missing

    def with_images(self, cards: Iterable[Card]) -> list[Card]:
        """The cards, each with its images on its back (the Extra field).

        A card written by hand whose question is only an image shows it as its
        question, or the image's name when the image is left out."""
        out = []
        for card in cards:
            images = card_images(card)
            if not images:
                out.append(card)
                continue
            if is_hand(card) and card.kind == "qa" and not card.prompt:
                front = images_in(card.claim.note.hand[card.claim.block].front)
                shown = self._html(card.claim.note, front)
                named = ", ".join(html.escape(image.target) for image in front)
                card = replace(card, prompt=shown or f"[image: {named}]")
                images = tuple(image for image in images if image not in front)
            html_ = self._html(card.claim.note, images)
            if html_:
                extra = f"{card.extra}<br>{html_}" if card.extra else html_
                card = replace(card, extra=extra)
            out.append(card)
        self.stored.warn_remote()
        return out

    def _html(self, note: Note, images: Iterable[Image]) -> str:
        tags = []
        for image in images:
            name = self.stored.stored_name(note, image)
            if name is None:
                continue
            width = f' width="{image.width}"' if image.width else ""
            alt = html.escape(image.alt or image.target)
            tags.append(f'<img src="{html.escape(name)}" alt="{alt}"{width}>')
        return "".join(tags)
