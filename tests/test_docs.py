"""The README tells the truth about the commands and the set-up."""

from __future__ import annotations

import importlib
import re

import cards
from cards.cli import cli
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    for name in cli.commands:
        assert f"cards {name}" in README, name


def test_readme_starts_with_the_two_commands_ci_uses() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("##", 1)[0]
    assert "make deck" in quick_start and "make test" in quick_start
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert [line for line in ci.splitlines() if line.startswith("make")] == [
        "make test"
    ]


def test_every_function_the_readme_calls_on_cards_is_exported() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    called = set(re.findall(r"`cards\.(\w+)\(", readme))
    assert called, "the README shows the library API"
    assert called <= set(cards.__all__)


def test_every_module_and_name_the_readme_points_at_exists() -> None:
    named = set(re.findall(r"`(cards(?:\.\w+)+)`", README)) - {"cards.toml"}
    assert "cards.read.read_note" in named
    missing = []
    for dotted in sorted(named):
        parts = dotted.split(".")
        # The longest importable module, then the attributes after it.
        for cut in range(len(parts), 0, -1):
            try:
                found: object = importlib.import_module(".".join(parts[:cut]))
            except ImportError:
                continue
            for attribute in parts[cut:]:
                found = getattr(found, attribute, None)
            if found is None:
                missing.append(dotted)
            break
        else:
            missing.append(dotted)
    assert not missing, missing
