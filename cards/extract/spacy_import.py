"""Import spaCy without its command line, which a build never uses.

``spacy/__init__.py`` runs ``from .cli.info import info`` (to offer ``spacy.info``),
and importing ``spacy.cli.info`` first runs ``spacy/cli/__init__.py``, which imports
every spaCy command and what they need: typer, weasel, requests, httpx: 345
modules in all. Each build that parses a note pays for that in the worker that loads
the pipeline, while the build waits for it.

`import_spacy` puts a stand-in ``spacy.cli.info`` in ``sys.modules`` for the length
of ``import spacy``, so that the line above takes the stand-in's ``info`` instead,
and then takes the stand-in away: ``import spacy.cli`` later on imports the real
command line, and ``spacy.info`` still calls the real ``info`` (the stand-in's
imports it when called). Nothing spaCy loads a pipeline with comes from
``spacy.cli``: a pipeline's components and its config's functions are registered by
``spacy.registrations``, the language data by ``spacy.lang`` (a test checks that
loading and parsing import nothing of ``spacy.cli``).

Safe if spaCy changes: if it no longer imports ``spacy.cli.info``, the stand-in goes
unused; if it asks the stand-in for another name, the stand-in imports the real
module at that point, as ``import spacy`` would have, and hands over the real name;
if it imports the command line another way, it simply costs what it did.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import Any

__all__ = ["import_spacy"]

_CLI_INFO = "spacy.cli.info"


class _StandIn(ModuleType):
    """``spacy.cli.info`` while spaCy is imported: its `info`, the rest on demand."""

    @staticmethod
    def info(*args: Any, **kwargs: Any) -> Any:
        """Call spaCy's own `info`: the command line is imported when it is used."""
        return importlib.import_module(_CLI_INFO).info(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # what the import system asks of any module
            raise AttributeError(name)
        if sys.modules.get(_CLI_INFO) is self:
            del sys.modules[_CLI_INFO]
        return getattr(importlib.import_module(_CLI_INFO), name)


def import_spacy() -> None:
    """Import spaCy (once per process) without importing ``spacy.cli``."""
    if "spacy" in sys.modules:
        return
    stand_in = _StandIn(_CLI_INFO)
    sys.modules[_CLI_INFO] = stand_in
    try:
        import spacy  # noqa: F401
    finally:
        if sys.modules.get(_CLI_INFO) is stand_in:
            del sys.modules[_CLI_INFO]
