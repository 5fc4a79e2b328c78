"""The ``cards`` command, driven as a user would drive it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cards import __version__
from cards.cli import cli
from tests.conftest import GLOSSARY, SAMPLE_CARDS, Anki


def test_build_with_no_arguments_reads_notes_and_writes_output(
    project: Path, warm_cache: Path
) -> None:
    result = CliRunner().invoke(cli, ["build"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (project / "output" / "notes.apkg").is_file()
    lines = result.output.splitlines()
    assert lines[0].startswith("Read 2 notes (0 skipped, 1 without cards): ")
    assert "cloze" in lines[0] and "Q&A" in lines[0]
    passed = f"{SAMPLE_CARDS}/{SAMPLE_CARDS}"
    quality = f"Quality: {passed} cards pass every rule (every rule met)"
    assert lines[1].startswith(quality)
    assert lines[2].startswith("Changes since the last build: ")
    assert lines[-1] == f"Wrote {Path('output') / 'notes.apkg'}"


def test_build_to_a_chosen_file_and_deck(project: Path, warm_cache: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["build", "notes", "-o", "decks/podcast.apkg", "--deck", "Podcast", "--quiet"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    assert result.output == ""
    assert (project / "decks" / "podcast.apkg").is_file()


def test_build_one_file(project: Path, warm_cache: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["build", "notes/engineers-in-senior-leadership-positions.md"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    assert (
        project / "output" / "engineers-in-senior-leadership-positions.apkg"
    ).exists()


def test_skipped_note_is_one_line_and_exit_code_3(
    project: Path, warm_cache: Path
) -> None:
    (project / "notes" / "broken.md").write_text("---\n- [oops\n---\nText.")
    result = CliRunner().invoke(cli, ["build"], catch_exceptions=False)
    assert result.exit_code == 3
    assert (
        f"skipped {Path('notes') / 'broken.md'}: frontmatter is not valid YAML (line 2)"
        in result.output
    )
    assert (project / "output" / "notes.apkg").is_file()


def test_folder_without_notes_is_an_error(project: Path) -> None:
    (project / "empty").mkdir()
    result = CliRunner().invoke(cli, ["build", "empty"])
    assert result.exit_code == 1
    assert result.output == "Error: empty: no Markdown notes found\n"


def test_missing_folder_is_a_usage_error(project: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "nowhere"])
    assert result.exit_code == 2
    assert "'nowhere' does not exist" in result.output


def test_unknown_model_says_how_to_install_one(project: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "--model", "xx_no_such_pipeline"])
    assert result.exit_code == 1
    assert result.output.startswith(
        "Error: spaCy pipeline 'xx_no_such_pipeline' is not installed; install one"
    )


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.output == f"cards, version {__version__}\n"


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"]])
def test_help_shows_an_example(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0
    assert "cards build" in result.output


def test_python_dash_m_cards_runs_the_cli() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "cards", "--version"], capture_output=True, text=True
    )
    assert result.stdout == f"cards, version {__version__}\n"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "notes.md",
            b"# My precious note\n",
            "a deck must be written to an .apkg file",
        ),
        (
            "deck.apkg",
            b"not a zip",
            "exists and is not an Anki package; not overwritten",
        ),
    ],
)
def test_output_never_overwrites_what_is_not_a_deck(
    project: Path, name: str, content: bytes, message: str
) -> None:
    target = project / name
    target.write_bytes(content)
    result = CliRunner().invoke(cli, ["build", "-o", name])
    assert result.exit_code == 1
    assert result.output == f"Error: {name}: {message}\n"
    assert target.read_bytes() == content


def test_output_overwrites_a_previous_deck(project: Path, warm_cache: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["build", "-q", "-o", "deck.apkg"]).exit_code == 0
    assert runner.invoke(cli, ["build", "-q", "-o", "deck.apkg"]).exit_code == 0


def test_a_bug_is_one_line_unless_debug(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("cards.cli.build_deck", broken)
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: ZeroDivisionError: division by zero (this is a bug in cards; please "
        "report it with the command you ran; run with --debug for the details)\n"
    )
    result = CliRunner().invoke(cli, ["--debug", "build"])
    assert isinstance(result.exception, ZeroDivisionError)


def test_warnings_are_printed_and_keep_exit_code_0(
    project: Path, warm_cache: Path
) -> None:
    (project / "notes" / "odd.md").write_text(
        "---\nTags: #a\nSource: Lecture 7: Week 2\n---\n"
        "- The **pons** relays signals.\n"
    )
    result = CliRunner().invoke(cli, ["build"], catch_exceptions=False)
    assert result.exit_code == 0
    assert (
        f"warning: {Path('notes') / 'odd.md'}: frontmatter is not valid YAML (line 3); "
        "read as 'Key: value' lines"
    ) in result.output


def test_dry_run_prints_changes_and_writes_nothing(
    project: Path, warm_cache: Path
) -> None:
    result = CliRunner().invoke(cli, ["build", "--dry-run"], catch_exceptions=False)
    assert result.exit_code == 0
    assert re.search(r"Changes since the last build: \d+ new, 0 updated", result.output)
    assert result.output.splitlines()[-1] == "Dry run: nothing written"
    assert not (project / "output").exists()


def test_deck_name_loses_control_and_bidi_characters(
    project: Path, warm_cache: Path, anki: Anki
) -> None:
    result = CliRunner().invoke(
        cli,
        ["build", "-q", "--deck", "Pod\u202ecasts\x07::Sleep"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    anki.import_deck(project / "output" / "notes.apkg")
    assert anki.collection.decks.by_name("Podcasts::Sleep") is not None


def test_unusable_deck_name_is_an_error(project: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "--deck", "\u202e::"])
    assert result.exit_code == 1
    assert result.output == "Error: '\\u202e::': not a usable deck name\n"


def test_check_reports_every_rule_and_coverage(project: Path, warm_cache: Path) -> None:
    result = CliRunner().invoke(cli, ["check"], catch_exceptions=False)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert re.fullmatch(
        rf"Checked {SAMPLE_CARDS} cards from 2 notes \([\d,]+ source words\): "
        r"[\d.]+ cards per 100 words",
        lines[0],
    )
    assert lines[1] == "Coverage: 1/7 bold phrases (14.3%), 1/9 list items (11.1%)"
    passed = f"{SAMPLE_CARDS}/{SAMPLE_CARDS}"
    deletion = rf"^one deletion +{passed} +100\.0% +100% +ok$"
    assert re.search(deletion, result.output, re.M)
    assert "13 claims dropped by a rule" in result.output


def test_check_dropped_names_file_line_and_rule(
    project: Path, warm_cache: Path
) -> None:
    result = CliRunner().invoke(cli, ["check", "--dropped"], catch_exceptions=False)
    lines = result.output.splitlines()
    assert len(lines) == 13
    assert (
        f"{Path('notes') / 'empowering-engineers-in-leadership-roles.md'}:36  "
        "self-contained ('This' names nothing on the card): Shared Performance "
        "Ratings: This can extend to other functions like "
        'design managers or even business leadership in a "trifecta" approach.'
    ) in lines
    assert (
        f"{Path('notes') / 'engineers-in-senior-leadership-positions.md'}:12  "
        "self-contained ('them' names nothing on the card): There is now an "
        "opportunity to place them into truly senior leadership roles"
    ) in [line.split(" without", 1)[0] for line in lines]
    # A claim with no good answer names the answers weighed and why each was refused.
    (invisible,) = [line for line in lines if ":37  no good answer ('Invisible" in line]
    weighed = "'PMs': given by the context line; 'engineering managers': guessable"
    assert weighed in invisible


def test_check_strict_fails_a_deck_that_breaks_a_rule(project: Path) -> None:
    from cards.package.deck import DeckNote, write_deck

    bad = DeckNote(
        "cloze",
        ("This makes {{c1::sleep}} and {{c2::memory}} better.", "Sleep", "", ""),
        (),
        guid="bad",
        mod=1,
    )
    write_deck([bad], project / "bad.apkg", name="Bad")
    result = CliRunner().invoke(cli, ["check", "bad.apkg", "--strict"])
    assert result.exit_code == 1
    assert (
        "Error: below target: one deletion, one visible blank, answer not in "
        "context, no dangling reference, self-contained, not trivial"
    ) in result.output
    assert "Checked 1 cards from the deck" in result.output


def test_check_finds_near_duplicates_in_a_deck(project: Path) -> None:
    from cards.package.deck import DeckNote, write_deck

    same = "Morning light sets the {{c1::circadian clock}} for the day."
    write_deck(
        [
            DeckNote("cloze", (same, "Sleep", "", ""), (f"note::{name}",), name, 1)
            for name in ("a", "b")
        ],
        project / "twice.apkg",
        name="Twice",
    )
    result = CliRunner().invoke(cli, ["check", "twice.apkg"], catch_exceptions=False)
    assert "a.md  [no near-duplicates]" in result.output
    assert "b.md  [no near-duplicates]" in result.output


def test_check_strict_passes_the_sample_notes(project: Path, warm_cache: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "--strict"], catch_exceptions=False)
    assert result.exit_code == 0


def test_export_csv_reimports_into_anki_by_guid(
    project: Path, warm_cache: Path, anki: Anki
) -> None:
    from anki.collection import ImportCsvRequest

    runner = CliRunner()
    assert runner.invoke(cli, ["build", "-q"], catch_exceptions=False).exit_code == 0
    result = runner.invoke(cli, ["export", "--format", "csv"], catch_exceptions=False)
    csv_out = Path("output") / "notes.csv"
    assert result.output == f"Exported {SAMPLE_CARDS} cards to {csv_out}\n"
    csv_path = project / "output" / "notes.csv"
    assert csv_path.read_text().startswith("#separator:tab\n#html:true\n")
    anki.import_deck(project / "output" / "notes.apkg")
    col = anki.collection
    before = sorted(col.find_notes(""))
    metadata = col.get_csv_metadata(path=str(csv_path), delimiter=None)
    log = col.import_csv(ImportCsvRequest(path=str(csv_path), metadata=metadata)).log
    assert not log.new, "every row matched a card by its GUID"
    assert sorted(col.find_notes("")) == before


def test_export_jsonl_has_one_card_per_line(project: Path, warm_cache: Path) -> None:
    import json

    (project / "notes" / "vital-signs.md").write_text(GLOSSARY)
    result = CliRunner().invoke(
        cli,
        ["export", "--format", "jsonl", "-o", "cards.jsonl"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    cards = [
        json.loads(line) for line in (project / "cards.jsonl").read_text().splitlines()
    ]
    assert len(cards) == SAMPLE_CARDS + 4
    assert set(cards[0]) == {"guid", "kind", "fields", "tags", "deck", "note"}
    kinds = {card["kind"]: card for card in cards}
    assert set(kinds["qa"]["fields"]) == {"Front", "Back", "Context", "Source", "Extra"}
    assert set(kinds["cloze"]["fields"]) == {"Text", "Context", "Source", "Extra"}
    assert not (project / "notes" / ".cards").exists(), "export leaves the state alone"


def test_export_refuses_to_write_a_deck(project: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "-o", "deck.apkg"])
    assert result.exit_code == 1
    assert result.output == "Error: deck.apkg: use 'cards build' to write a deck\n"


def test_subdecks_follow_note_titles_or_folders(
    project: Path, warm_cache: Path, anki: Anki
) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["build", "-q", "--subdecks"], catch_exceptions=False)
    assert result.exit_code == 0
    anki.import_deck(project / "output" / "notes.apkg")
    names = {deck.name for deck in anki.collection.decks.all_names_and_ids()}
    assert "Notes::Empowering engineers in leadership roles" in names

    nested = project / "notes" / "leadership" / "deep"
    nested.mkdir(parents=True)
    (project / "notes" / "empowering-engineers-in-leadership-roles.md").rename(
        nested / "empowering.md"
    )
    result = runner.invoke(
        cli,
        ["build", "-q", "--subdecks=folders", "-o", "folders.apkg"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    # Anki leaves an updated card in the deck it is in: look in a new collection.
    (project / "fresh").mkdir()
    fresh = Anki(project / "fresh")
    try:
        fresh.import_deck(project / "folders.apkg")
        col = fresh.collection
        (card_id,) = col.find_cards('"Text:*inefficiencies*"')
        assert col.decks.name(col.get_card(card_id).did) == "Notes::leadership::deep"
    finally:
        fresh.close()


FIRST = Path("notes/empowering-engineers-in-leadership-roles.md")
SECOND = Path("notes/engineers-in-senior-leadership-positions.md")


def test_build_several_files_keeps_its_own_state(
    project: Path, warm_cache: Path
) -> None:
    result = CliRunner().invoke(
        cli,
        ["build", str(FIRST), str(SECOND), "-o", "two.apkg"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Read 2 notes (0 skipped, 1 without cards)")
    assert (project / "two.apkg").is_file()
    states = list((project / "notes" / ".cards").glob("selection-*.state.json"))
    assert len(states) == 1, "a selection keeps its own state in the notes folder"
    assert not (project / "notes" / ".cards" / "state.json").exists()


def test_build_a_folder_and_a_file_elsewhere_into_one_deck(
    project: Path, anki: Anki
) -> None:
    (project / "more").mkdir()
    (project / "more" / "sleep.md").write_text(
        "# Sleep\n\n- Viewing **morning sunlight** sets the circadian clock.\n"
    )
    result = CliRunner().invoke(
        cli,
        ["build", "notes", "more/sleep.md", "-o", "mix.apkg"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Read 3 notes")
    anki.import_deck(project / "mix.apkg")
    col = anki.collection
    texts = [col.get_note(i)["Text"] for i in col.find_notes('"note:cards: Cloze"')]
    assert any("morning sunlight" in text for text in texts)
    # Notes are named from the folder holding every path: here the project itself.
    tags = {tag for i in col.find_notes("") for tag in col.get_note(i).tags}
    assert "note::more::sleep" in tags
    assert any(tag.startswith("note::notes::") for tag in tags)


def test_a_note_given_twice_is_read_once(project: Path, warm_cache: Path) -> None:
    result = CliRunner().invoke(
        cli, ["build", "notes", str(FIRST), "--dry-run"], catch_exceptions=False
    )
    assert result.output.startswith("Read 2 notes")


def test_check_and_export_take_several_paths(project: Path, warm_cache: Path) -> None:
    checked = CliRunner().invoke(
        cli, ["check", str(FIRST), str(SECOND)], catch_exceptions=False
    )
    assert checked.output.startswith(f"Checked {SAMPLE_CARDS} cards from 2 notes")
    exported = CliRunner().invoke(
        cli,
        ["export", str(FIRST), str(SECOND), "--format", "jsonl", "-o", "two.jsonl"],
        catch_exceptions=False,
    )
    assert exported.output == f"Exported {SAMPLE_CARDS} cards to two.jsonl\n"


def test_check_a_deck_with_notes_is_an_error(project: Path, warm_cache: Path) -> None:
    CliRunner().invoke(cli, ["build", "-q"], catch_exceptions=False)
    result = CliRunner().invoke(cli, ["check", "output/notes.apkg", "notes"])
    assert result.exit_code == 1
    assert result.output == "Error: output/notes.apkg: a deck is checked on its own\n"


def test_build_jobs_and_no_cache(project: Path, private_cache: Path) -> None:
    runner = CliRunner()
    cold = runner.invoke(
        cli, ["build", "--jobs", "1", "--no-cache", "-q"], catch_exceptions=False
    )
    assert cold.exit_code == 0
    assert not any(private_cache.iterdir()), "--no-cache neither reads nor writes"
    first = (project / "output" / "notes.apkg").read_bytes()
    warm = runner.invoke(cli, ["build", "-j", "2", "-q"], catch_exceptions=False)
    assert warm.exit_code == 0
    assert any(private_cache.iterdir())
    assert (project / "output" / "notes.apkg").read_bytes() == first
    zero = runner.invoke(cli, ["build", "--jobs", "0"])
    assert zero.exit_code == 2


def test_check_worst_model_and_no_cache(project: Path, private_cache: Path) -> None:
    (project / "notes" / "sleep.md").write_text(
        "# Sleep\n\n- The hippocampus stores memories during "
        "**the deep sleep of the early night**.\n"
        "- Light at night delays **the circadian clock of the brain's master "
        "pacemaker**.\n"
    )
    runner = CliRunner()
    result = runner.invoke(
        cli, ["check", "--worst", "1", "--no-cache"], catch_exceptions=False
    )
    worst = result.output.split("Worst cards:\n", 1)[1].split("\n\n", 1)[0]
    assert len(worst.splitlines()) == 2, "one card: where it is, and its prompt"
    assert f"{Path('notes') / 'sleep.md'}:" in worst
    assert not any(private_cache.iterdir())
    none = runner.invoke(cli, ["check", "--worst", "0"], catch_exceptions=False)
    assert "Worst cards:" not in none.output
    bad = runner.invoke(cli, ["check", "--model", "xx_no_such_pipeline"])
    assert bad.exit_code == 1
    assert bad.output.startswith("Error: spaCy pipeline 'xx_no_such_pipeline'")


def test_export_deck_model_and_no_cache(project: Path, private_cache: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        cli,
        ["export", "--deck", "Mine", "--no-cache", "--output", "mine.csv"],
        catch_exceptions=False,
    )
    assert result.output == f"Exported {SAMPLE_CARDS} cards to mine.csv\n"
    rows = (project / "mine.csv").read_text(encoding="utf-8").splitlines()
    cards = [row.split("\t") for row in rows if not row.startswith("#")]
    assert len(cards) == SAMPLE_CARDS
    assert {card[1] for card in cards} == {"Mine"}
    assert not any(private_cache.iterdir())
    bad = runner.invoke(cli, ["export", "--model", "xx_no_such_pipeline"])
    assert bad.exit_code == 1
    assert bad.output.startswith("Error: spaCy pipeline 'xx_no_such_pipeline'")
