"""Settings kept with the notes: cards.toml, or [tool.cards] in pyproject.toml."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cards.cli import cli
from cards.config import load_config
from tests.conftest import GLOSSARY, Anki

FULL_EXAMPLE = """\
deck = "Podcasts"
output = "../decks/podcasts.apkg"
kinds = ["qa"]
max_cards_per_note = 3
extra_tags = ["from/cards"]
exclude = ["drafts/*"]
subdecks = "notes"
jobs = 1

[tag_rules]
"empowering-*" = ["leadership", "people/managers"]
"nothing-matches/*" = "never"
"""


def test_settings_shape_the_build(project: Path, anki: Anki) -> None:
    (project / "notes" / "cards.toml").write_text(FULL_EXAMPLE)
    (project / "notes" / "drafts").mkdir()
    (project / "notes" / "drafts" / "wip.md").write_text("- A draft about **sleep**.\n")
    (project / "notes" / "empowering-vital-signs.md").write_text(GLOSSARY)
    result = CliRunner().invoke(cli, ["build"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Read 3 notes" in result.output, "the draft folder is excluded"
    deck = project / "decks" / "podcasts.apkg"
    anki.import_deck(deck)
    col = anki.collection
    note_ids = col.find_notes("")
    # Only the glossary has Q&A items: 4 of them, capped at 3.
    assert len(note_ids) == 3
    notes = [col.get_note(note_id) for note_id in note_ids]
    assert {note.note_type()["name"] for note in notes} == {"cards: Q&A"}
    assert all("from::cards" in note.tags for note in notes)
    assert all({"leadership", "people::managers"} <= set(note.tags) for note in notes)
    assert not any("never" in note.tags for note in notes)
    names = {deck.name for deck in col.decks.all_names_and_ids()}
    assert "Podcasts::Vital signs" in names


def test_flags_win_over_settings(project: Path) -> None:
    (project / "notes" / "cards.toml").write_text('deck = "Podcasts"\nkinds = ["qa"]\n')
    result = CliRunner().invoke(
        cli, ["build", "--deck", "Mine", "-o", "mine.apkg"], catch_exceptions=False
    )
    assert result.exit_code == 0
    assert (project / "mine.apkg").exists()


def test_pyproject_tool_cards_table_is_read(project: Path) -> None:
    (project / "notes" / "pyproject.toml").write_text(
        '[project]\nname = "vault"\n\n[tool.cards]\noutput = "vault.apkg"\n'
    )
    result = CliRunner().invoke(cli, ["build", "-q"], catch_exceptions=False)
    assert result.exit_code == 0
    assert (project / "notes" / "vault.apkg").exists()


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('dek = "x"\n', "unknown key 'dek'"),
        ('kinds = ["flashcard"]\n', "kinds: expected a list of 'cloze' and 'qa'"),
        ("max_cards_per_note = 0\n", "max_cards_per_note: expected a whole number"),
        ('subdecks = "weekly"\n', "subdecks: expected 'notes', 'folders' or false"),
        ("deck = [1, 2]\n", "deck: expected a non-empty string"),
        ('tag_rules = ["x"]\n', "tag_rules: expected a table of glob = [tags]"),
        (
            '[tag_rules]\n"a/*" = [1]\n',
            "tag_rules.a/*: expected a list of strings",
        ),
        ("deck = \n", "not valid TOML"),
    ],
)
def test_bad_settings_name_the_key(project: Path, toml: str, message: str) -> None:
    (project / "notes" / "cards.toml").write_text(toml)
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {Path('notes') / 'cards.toml'}: {message}")


def test_exclude_flag_leaves_notes_out(project: Path) -> None:
    result = CliRunner().invoke(
        cli, ["build", "--exclude", "engineers-*.md"], catch_exceptions=False
    )
    assert "Read 1 notes" in result.output


def test_check_measures_the_cards_the_settings_make(project: Path) -> None:
    (project / "notes" / "cards.toml").write_text(
        'kinds = ["qa"]\nexclude = ["engineers-*"]\n'
    )
    (project / "notes" / "vital-signs.md").write_text(GLOSSARY)
    result = CliRunner().invoke(cli, ["check"], catch_exceptions=False)
    assert result.output.startswith("Checked 4 cards from 2 notes")


def test_readme_examples_are_valid_settings_files(tmp_path: Path) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    configs = []
    for example in readme.split("```toml\n")[1:]:
        (tmp_path / "cards.toml").write_text(example.split("```", 1)[0], "utf-8")
        configs.append(load_config(tmp_path))
    hand, config = configs
    assert hand.hand.separators == (";;",)
    assert hand.hand.multiline_separators == ("?", '<br class="f">')
    assert config.deck == "Podcasts"
    assert config.hand.separators == (";;",)
    assert config.tag_rules == (
        ("podcasts/*", ("podcast",)),
        ("books/**", ("book", "reading/2026")),
    )
