"""Finding an embedded file in the vault, as Obsidian finds it, and never outside it.

``![[diagram.png]]`` names a file by its path from the vault's root, else by its name
anywhere in the vault (the note's own folder first, then the shortest path);
``![alt](relative/path.png)`` is relative to the note, or to the vault's root when
it starts with ``/``. Symlinks are followed, then checked: a file must be a regular
file inside the vault.
"""

from __future__ import annotations

import os
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from ..read import Image, Note

__all__ = ["OUTSIDE", "Vault"]

_SKIPPED_FOLDERS = frozenset({"node_modules"})
OUTSIDE = Path("/\x00outside")
"""What `Vault.find` gives for a file outside the vault: never a real path."""


@dataclass
class Vault:
    """The files of a vault (or notes folder) that its notes may embed."""

    root: Path
    _index: dict[str, list[Path]] | None = None

    def __post_init__(self) -> None:
        self.root = self.root.resolve()

    def find(self, note: Note, image: Image) -> Path | None:
        """The real file an image of `note` names; `OUTSIDE` if it is a file outside
        the vault; None if there is no such file."""
        target = urllib.parse.unquote(image.target).strip()
        if not target or "\x00" in target:
            return None
        folder = note.path.parent
        if not image.wiki:
            base = self.root if target.startswith("/") else folder
            return self._inside(base / target.lstrip("/"))
        # A path from the vault's root, else the name anywhere in it.
        direct = self._inside(self.root / target)
        if direct is not None and direct != OUTSIDE:
            return direct
        name = Path(target).name.lower()
        found = self._names().get(name, [])
        wanted = [p for p in found if p.as_posix().lower().endswith(target.lower())]
        ranked = sorted(
            wanted,
            key=lambda p: (p.parent.resolve() != folder.resolve(), len(p.parts), p),
        )
        found_outside = False
        for path in ranked:
            inside = self._inside(path)
            if inside == OUTSIDE:
                found_outside = True
            elif inside is not None:
                return inside
        return OUTSIDE if found_outside else None

    def _inside(self, path: Path) -> Path | None:
        """The real file `path` names, if it is a regular file inside the vault;
        `OUTSIDE` if it is a file outside it (a '../' path, a symlink)."""
        try:
            real = path.resolve()
            if not real.is_file():
                return None
            real.relative_to(self.root)
        except ValueError:
            return OUTSIDE
        except (OSError, RuntimeError):
            return None
        return real

    def _names(self) -> dict[str, list[Path]]:
        """Every file in the vault by lower-cased name, read once per build."""
        if self._index is None:
            index: dict[str, list[Path]] = {}
            for folder, folders, files in os.walk(self.root):
                folders[:] = sorted(
                    f
                    for f in folders
                    if f not in _SKIPPED_FOLDERS and not f.startswith(".")
                )
                for name in files:
                    index.setdefault(name.lower(), []).append(Path(folder) / name)
            self._index = index
        return self._index
