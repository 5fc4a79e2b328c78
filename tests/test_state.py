"""The state file: what a build remembers of each card between builds."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

from cards.state import Entry, State, load_state, save_state


def test_every_entry_field_survives_a_save_and_load(tmp_path: Path) -> None:
    live = Entry(
        guid="a1",
        note="podcasts/sleep",
        kind="cloze",
        text="Light in the morning sets the clock [morning]",
        fields=("Light in the {{c1::morning}} sets the clock", "Sleep", "", ""),
        tags=("sleep", "cards::podcasts"),
        digest="d1",
        modified=1_700_000_000,
    )
    retired = Entry(
        guid="b2",
        note="books/walden",
        kind="qa",
        text="What did Thoreau plant?",
        fields=("What did Thoreau plant?", "Beans", "Walden", "", ""),
        tags=(),
        digest="d2",
        modified=1_600_000_000,
        retired=1_700_000_001,
    )
    path = tmp_path / ".cards" / "state.json"
    save_state(State({"a1": live, "b2": retired}), path)

    loaded = load_state(path)

    assert loaded.entries == {"a1": live, "b2": retired}
    assert {f.name for f in fields(Entry)} == {"guid", *_saved_keys(path)}


def _saved_keys(path: Path) -> set[str]:
    cards = json.loads(path.read_text(encoding="utf-8"))["cards"]
    return set(cards["a1"]) | set(cards["b2"])
