"""Around the notes: file names, the claim cache, concurrent builds, archives."""

from __future__ import annotations

import contextlib
import os
import pwd
import signal
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from spacy.language import Language

from cards import build, pipeline
from cards.cli import cli
from cards.errors import CardsError
from cards.files import one_writer
from cards.package.deck import DeckNote, write_deck
from cards.workers import NoteFile, NoteWorkers, ProcessedNote

NOTE = "- The **hippocampus** stores memories of the day's events at night.\n"


def test_a_note_whose_name_is_not_utf8_costs_only_itself(
    notes_dir: Path, tmp_path: Path
) -> None:
    bad = os.fsdecode(bytes(notes_dir) + b"/caf\xe9.md")
    Path(bad).write_text(NOTE, encoding="utf-8")
    deck = tmp_path / "a.apkg"
    result = CliRunner().invoke(cli, ["build", str(notes_dir), "-o", str(deck)])
    assert result.exit_code == 3, result.output
    skipped = [line for line in result.output.splitlines() if "skipped " in line]
    assert skipped == [f"skipped {notes_dir}/caf\\xe9.md: file name is not UTF-8"]
    assert deck.exists()


def test_a_line_break_in_a_file_name_cannot_forge_a_line(
    notes_dir: Path, tmp_path: Path
) -> None:
    (notes_dir / "a\nskipped b.md").write_text("---\n- [unclosed\n---\nText.\n")
    result = CliRunner().invoke(
        cli, ["build", str(notes_dir), "-o", str(tmp_path / "a.apkg")]
    )
    assert result.exit_code == 3, result.output
    skipped = [line for line in result.output.splitlines() if "skipped " in line]
    assert skipped == [
        f"skipped {notes_dir}/a\\nskipped b.md: frontmatter is not valid YAML (line 2)"
    ]


def test_a_note_with_a_very_long_name_builds_on_its_own(
    tmp_path: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    note = tmp_path / ("é" * 125 + ".md")  # 253 bytes; its state file's, 264
    note.write_text(NOTE, encoding="utf-8")
    summary = build(note, nlp=nlp)
    assert summary.card_count
    assert summary.state_path is not None and summary.state_path.exists()
    assert len(os.fsencode(summary.state_path.name)) <= 255
    again = build(note, nlp=nlp)
    assert again.reused or again.changes.unchanged == summary.card_count


@pytest.fixture
def homeless(monkeypatch: pytest.MonkeyPatch) -> None:
    """A container's user: no HOME, no entry in the password database."""
    for name in ("HOME", "XDG_CACHE_HOME", "CARDS_CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)

    def unknown(uid: int) -> pwd.struct_passwd:
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr(pwd, "getpwuid", unknown)


@pytest.mark.usefixtures("homeless")
def test_no_home_means_no_cache_and_one_warning(
    notes_dir: Path, tmp_path: Path, nlp: Language
) -> None:
    summary = build(notes_dir, tmp_path / "a.apkg", nlp=nlp)
    assert summary.card_count and (tmp_path / "a.apkg").exists()
    assert summary.warnings == (
        "no cache folder (no home folder; set CARDS_CACHE_DIR or XDG_CACHE_HOME); "
        "going on without the cache",
    )


def test_an_unwritable_cache_is_one_warning_for_the_build(
    notes_dir: Path, tmp_path: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CARDS_CACHE_DIR", str(blocker / "cache"))
    summary = build(notes_dir, tmp_path / "a.apkg", nlp=nlp)
    assert summary.card_count and (tmp_path / "a.apkg").exists()
    assert summary.warnings == (
        f"{blocker / 'cache' / 'notes-14'}: cannot write the cache (Not a directory); "
        "going on without the cache",
    )


HOLD = """
import sys
import zipfile
from pathlib import Path

from cards.files import one_writer

with one_writer(Path(sys.argv[1])):
    print("holding", flush=True)
    sys.stdin.read()
"""


@pytest.mark.slow
def test_a_second_build_of_the_same_notes_waits_for_the_first(
    notes_dir: Path, tmp_path: Path
) -> None:
    """Two processes: one holds the notes folder as a build does, the other is a
    real build, which waits for it and says so, and only then writes."""
    deck = tmp_path / "a.apkg"
    first = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(notes_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    second = None
    try:
        assert first.stdout is not None and first.stdin is not None
        assert first.stdout.readline() == "holding\n"
        second = subprocess.Popen(
            [sys.executable, "-m", "cards", "build", str(notes_dir), "-o", str(deck)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert second.stderr is not None
        line = second.stderr.readline()
        assert line == f"Waiting for another build of {notes_dir} to finish\n"
        assert second.poll() is None
        assert not deck.exists() and not (notes_dir / ".cards").exists()
        first.stdin.close()
        assert first.wait(timeout=60) == 0
        out, err = second.communicate(timeout=600)
        assert second.returncode == 0, err
        assert deck.exists() and f"Wrote {deck}" in out
    finally:
        first.kill()
        if second is not None:
            second.kill()


def test_builds_of_other_folders_do_not_wait(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    told: list[Path] = []
    with (
        one_writer(tmp_path / "a", told.append),
        one_writer(tmp_path / "b", told.append),
    ):
        pass
    assert told == []


@pytest.fixture
def bomb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A deck whose 60 KB zip inflates to 8 MB, against a limit of 2 MB."""
    monkeypatch.setattr(
        "cards.package.reading.MAX_COLLECTION_BYTES", 2 << 20, raising=False
    )
    path = tmp_path / "bomb.apkg"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("collection.anki2", "w") as member,
    ):
        for _ in range(8):
            member.write(bytes(1 << 20))
    return path


def test_a_deck_that_inflates_too_far_is_refused_and_leaves_nothing(
    bomb: Path, tmp_path: Path
) -> None:
    assert bomb.stat().st_size < 64 << 10
    result = CliRunner().invoke(cli, ["check", str(bomb)])
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [
        f"Error: {bomb}: its collection inflates to over 2 MB; not read"
    ]
    assert list(tmp_path.iterdir()) == [bomb]


def test_a_deck_that_lies_about_its_size_is_stopped_at_the_limit(
    bomb: Path, tmp_path: Path
) -> None:
    data = bytearray(bomb.read_bytes())
    # The sizes the local header and the central directory declare: 1 KB.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.index(signature) + offset
        data[at : at + 4] = (1024).to_bytes(4, "little")
    bomb.write_bytes(bytes(data))
    result = CliRunner().invoke(cli, ["check", str(bomb)])
    assert result.exit_code == 1, result.output
    assert len(result.output.splitlines()) == 1
    assert result.output.startswith(f"Error: {bomb}: ")
    assert list(tmp_path.iterdir()) == [bomb]


def test_jobs_beyond_the_cores_are_capped_with_a_note(
    notes_dir: Path, tmp_path: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[int] = []
    collect = pipeline.collect

    def spy(*args: Any, **options: Any) -> pipeline.Collected:
        asked.append(options["jobs"])
        return collect(*args, **options)

    monkeypatch.setattr(pipeline, "collect", spy)
    cores = len(os.sched_getaffinity(0))
    summary = build(notes_dir, tmp_path / "a.apkg", nlp=nlp, jobs=1000)
    assert asked == [cores]
    assert summary.warnings[0] == (
        f"1000 jobs asked for, {cores} cores here: using {cores}"
    )


@pytest.mark.parametrize("placed", [True, False])
def test_an_interrupt_while_writing_says_what_was_written(
    notes_dir: Path,
    tmp_path: Path,
    nlp: Language,
    monkeypatch: pytest.MonkeyPatch,
    placed: bool,
) -> None:
    save_state = pipeline.save_state

    def interrupted(
        state: Any, path: Path, *, before_replace: Any, **given: Any
    ) -> None:
        def ctrl_c() -> None:
            if placed:
                before_replace()  # the deck is put in place
            raise KeyboardInterrupt

        save_state(state, path, before_replace=ctrl_c, **given)

    monkeypatch.setattr(pipeline, "save_state", interrupted)
    deck, state = tmp_path / "a.apkg", notes_dir / ".cards" / "state.json"
    with pytest.raises(BaseException) as caught:
        build(notes_dir, deck, nlp=nlp)
    assert isinstance(caught.value, CardsError)
    if placed:
        assert str(caught.value) == (
            f"interrupted after writing {deck}, before writing {state}; "
            "the next build gives its cards the same GUIDs"
        )
    else:
        assert str(caught.value) == (
            f"interrupted before writing {deck}; it and the state are as they were"
        )
    assert deck.exists() == placed
    assert not state.exists()


def test_workers_leave_ctrl_c_to_the_build(
    notes_dir: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    sources = [
        NoteFile(path.read_bytes(), path, path.stem)
        for path in sorted(notes_dir.glob("*.md"))
    ]
    with NoteWorkers(sources, jobs=1) as maker:
        assert maker._workers
        for worker in maker._workers:
            assert worker.pid is not None
            os.kill(worker.pid, signal.SIGINT)  # as Ctrl-C reaches the process group
        made = list(maker.results())
    assert [type(each) for each in made] == [ProcessedNote] * len(sources)
    assert "Traceback" not in capfd.readouterr().err


def _set_fields(deck: Path, guid: str, fields: str) -> None:
    """Change a note's fields inside a deck, as another tool might write them."""
    with zipfile.ZipFile(deck) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    collection = deck.with_suffix(".anki2")
    collection.write_bytes(members["collection.anki2"])
    with contextlib.closing(sqlite3.connect(collection)) as connection, connection:
        connection.execute("UPDATE notes SET flds = ? WHERE guid = ?", (fields, guid))
    members["collection.anki2"] = collection.read_bytes()
    collection.unlink()
    with zipfile.ZipFile(deck, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_a_hostile_deck_is_checked_without_a_bug_or_escape_codes(
    tmp_path: Path,
) -> None:
    deck = tmp_path / "hostile.apkg"
    fields = ("This \x1b]0;owned\x07\x1b[2J makes {{c1::sleep}} better.", "", "", "")
    write_deck(
        [
            DeckNote("cloze", fields, (), guid="a", mod=1),
            DeckNote("qa", ("What?", "That.", "", "", ""), (), guid="b", mod=1),
        ],
        deck,
        name="Hostile",
    )
    _set_fields(deck, "b", "a Q&A note with one field")
    result = CliRunner().invoke(cli, ["check", str(deck)])
    assert result.exit_code == 0, result.output
    assert "Checked 1 cards from the deck" in result.output
    assert "This \\x1b]0;owned\\x07\\x1b[2J makes [...] better." in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
