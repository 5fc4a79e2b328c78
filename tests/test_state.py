"""The state file: what a build remembers of each card between builds."""

from __future__ import annotations

import json
from dataclasses import fields, replace
from pathlib import Path

import pytest

from cards.identify.state import (
    Entry,
    State,
    StateError,
    encode_entries,
    load_state,
    save_state,
)


def test_every_entry_field_survives_a_save_and_load(tmp_path: Path) -> None:
    live = Entry(
        guid="ca1a1a1a1a1a1a1a",
        note="podcasts/sleep",
        kind="cloze",
        text="Light in the morning sets the clock [morning]",
        fields=("Light in the {{c1::morning}} sets the clock", "Sleep", "", ""),
        tags=("sleep", "cards::podcasts"),
        digest="d1d1d1d1d1d1d1d1d1d1",
        modified=1_700_000_000,
    )
    retired = Entry(
        guid="cb2b2b2b2b2b2b2b",
        note="books/walden",
        kind="qa",
        text="What did Thoreau plant?",
        fields=("What did Thoreau plant?", "Beans", "Walden", "", ""),
        tags=(),
        digest="d2d2d2d2d2d2d2d2d2d2",
        modified=1_600_000_000,
        retired=1_700_000_001,
    )
    path = tmp_path / ".cards" / "state.json"
    save_state(State({live.guid: live, retired.guid: retired}), path)

    loaded = load_state(path)

    assert loaded.entries == {live.guid: live, retired.guid: retired}
    assert {f.name for f in fields(Entry)} == {"guid", *_saved_keys(path)}


def _saved_keys(path: Path) -> set[str]:
    cards = json.loads(path.read_text(encoding="utf-8"))["cards"]
    return {key for entry in cards.values() for key in entry}


GOOD_GUID, OTHER_GUID, BAD_GUID = (
    "c0123456789abcde",
    "cfedcba987654321",
    "c1111111111aaaaa",
)
T1 = 1_700_000_000


def _entry_json(**changes: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "note": "podcasts/sleep",
        "kind": "qa",
        "text": "What sets the clock?",
        "fields": ["What sets the clock?", "Light", "Sleep", "", ""],
        "tags": ["sleep"],
        "digest": "0123456789abcdef0123",
        "modified": T1,
    }
    entry.update(changes)
    return entry


def _write_state(path: Path, cards: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": 1, "cards": cards}), encoding="utf-8")


@pytest.mark.parametrize(
    ("guid", "bad", "problem"),
    [
        (BAD_GUID, {"modified": "soon"}, "'modified' is not a time in seconds"),
        (BAD_GUID, {"modified": 10**30}, "'modified' is not a time in seconds"),
        (BAD_GUID, {"modified": True}, "'modified' is not a time in seconds"),
        (BAD_GUID, {"modified": 1.5}, "'modified' is not a time in seconds"),
        (BAD_GUID, {"retired": -5}, "'retired' is not a time in seconds"),
        (
            BAD_GUID,
            {"kind": "flashcard"},
            "kind 'flashcard' is not 'cloze', 'qa' or 'reverse'",
        ),
        (BAD_GUID, {"fields": ["one"]}, "a qa card has 5 fields, not 1"),
        (BAD_GUID, {"fields": "text"}, "'fields' is not a list of texts"),
        (BAD_GUID, {"tags": [1, 2]}, "'tags' is not a list of texts"),
        (BAD_GUID, {"note": None}, "'note' is not a text"),
        (BAD_GUID, {"digest": "<script>"}, "'digest' is not a digest"),
        (
            BAD_GUID,
            {"kind": "cloze", "fields": ["no deletion", "", "", ""]},
            "a cloze without a deletion",
        ),
        ("../../x", {}, "not a GUID cards gives"),
        ("<img onerror=x>", {}, "not a GUID cards gives"),
    ],
)
def test_a_damaged_entry_is_left_out_and_the_rest_kept(
    tmp_path: Path, guid: str, bad: dict[str, object], problem: str
) -> None:
    path = tmp_path / "state.json"
    _write_state(
        path,
        {
            GOOD_GUID: _entry_json(),
            guid: _entry_json(**bad),
            OTHER_GUID: _entry_json(text="Other", retired=T1 + 1),
        },
    )
    state = load_state(path)
    assert set(state.entries) == {GOOD_GUID, OTHER_GUID}
    assert state.dropped == [f"card {guid!r}: {problem}"]


@pytest.mark.parametrize(
    "value",
    ["1" * 5000, "1e400", "NaN", "-Infinity"],
)
def test_numbers_json_cannot_hold_cost_only_their_entry(
    tmp_path: Path, value: str
) -> None:
    path = tmp_path / "state.json"
    good = json.dumps(_entry_json())
    bad = json.dumps(_entry_json(modified=0)).replace(
        '"modified": 0', f'"modified": {value}'
    )
    path.write_text(
        f'{{"version": 1, "cards": {{"{GOOD_GUID}": {good}, "{BAD_GUID}": {bad}}}}}'
    )
    state = load_state(path)
    assert set(state.entries) == {GOOD_GUID}
    assert state.dropped == [f"card {BAD_GUID!r}: 'modified' is not a time in seconds"]


def test_json_nested_too_deep_is_a_corrupt_file_not_a_bug(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text('{"version": 1, "cards": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(StateError, match="not valid JSON"):
        load_state(path)


def test_entries_encoded_ahead_write_what_encoding_them_anew_writes(
    tmp_path: Path,
) -> None:
    """A build encodes last build's entries while its workers parse; the new state
    file is the same as if every entry were encoded then, whatever the last file
    looked like (here: not as cards writes it), and a changed entry is encoded
    anew."""
    last = tmp_path / "last.json"
    cards = {
        GOOD_GUID: _entry_json(text="What sets the café's clock?"),
        OTHER_GUID: dict(reversed(_entry_json(note="podcasts/light").items())),
    }
    last.write_text(json.dumps({"cards": cards, "version": 1}, ensure_ascii=True))
    before = load_state(last)
    encoded = encode_entries(before)
    changed = before.entries[OTHER_GUID]
    now = State(dict(before.entries))
    now.entries[OTHER_GUID] = replace(changed, modified=T1 + 60)
    ahead, anew = tmp_path / "ahead.json", tmp_path / "anew.json"
    save_state(now, ahead, encoded=encoded)
    save_state(now, anew)
    assert ahead.read_bytes() == anew.read_bytes()
    assert ahead.read_bytes() != last.read_bytes()
    assert load_state(ahead).entries == now.entries
