"""Reversed definitions (``--reverse``): a definition card asked the other way too,
as its own note, judged by the official Anki importer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from spacy.language import Language

from cards import build
from cards.cli import cli
from cards.config import load_config
from cards.errors import ConfigError
from cards.generate import reverse_sides
from cards.package import QA_NOTE_TYPE_ID, REVERSE_NOTE_TYPE_ID
from cards.pipeline import dry_build
from cards.preview import render_card
from tests.conftest import GLOSSARY, Anki, visible_text
from tests.test_regenerate import T1, T2, T3, notes_by_guid, review_everything

T4 = T3 + 86_400

SHAPES = """\
# Lab notes

## Water

- **Boiling point at sea level**: 100 °C
- **Feedback inhibition**: A product that inhibits the enzyme making it.
- **Tachypnea**: A breathing rate above twenty breaths a minute in an adult.
- **1905**: Einstein published four papers on light and matter.
- Marie Curie won her second Nobel Prize, in chemistry, in 1911.

## Trees

Height of a node v

- Length of the longest path from v to a leaf

## Fever

- **Pyrexia**: A body temperature above thirty-eight degrees.
- **Hyperpyrexia**: A body temperature above forty-one degrees.
- **Febricula**: A body temperature above thirty-eight degrees.
"""
"""One item of each shape a question takes, written for these tests."""


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> dict[str, str]:
    """Each question of `SHAPES` with its shape, and 'reversed' when --reverse
    gives it a reversed card."""
    notes = tmp_path_factory.mktemp("shapes") / "notes"
    notes.mkdir()
    (notes / "lab.md").write_text(SHAPES, encoding="utf-8")
    summary = dry_build(notes, nlp=nlp, use_cache=False, reverse=True)
    sides = reverse_sides(summary.cards)
    return {
        visible_text(card.prompt): card.shape + (" reversed" if side else "")
        for card, side in zip(summary.cards, sides, strict=True)
        if card.kind == "qa"
    }


@pytest.mark.parametrize(
    ("question", "shape"),
    [
        ("What is “Tachypnea”?", "definition reversed"),
        # The definition holds the term's word ('inhibits'): its reverse gives it.
        ("What is “Feedback inhibition”?", "definition"),
        ("What is the boiling point at sea level?", "value"),
        ("When did Marie Curie win her second Nobel Prize, in chemistry?", "wh"),
        ("What is the height of a node v?", "list"),
        # Two terms share a definition: reversed, it would have two answers.
        ("What is “Pyrexia”?", "definition"),
        ("What is “Febricula”?", "definition"),
        ("What is “Hyperpyrexia”?", "definition reversed"),
    ],
)
def test_only_a_term_s_meaning_is_reversed(
    shapes: dict[str, str], question: str, shape: str
) -> None:
    assert shapes[question] == shape


def glossary(tmp_path: Path) -> Path:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "vital-signs.md").write_text(GLOSSARY, encoding="utf-8")
    return notes


def test_a_definition_gets_a_reversed_card_only_with_the_option(
    tmp_path: Path, anki: Anki, nlp: Language
) -> None:
    notes = glossary(tmp_path)
    plain = build(notes, tmp_path / "plain.apkg", nlp=nlp, dry_run=True)
    assert "reverse" not in plain.cards_by_kind
    summary = build(notes, tmp_path / "deck.apkg", nlp=nlp, reverse=True)
    assert summary.cards_by_kind == {"qa": 4, "reverse": 4}

    result = anki.import_deck(tmp_path / "deck.apkg")
    assert len(result.log.new) == 8 and not result.log.conflicting
    col = anki.collection
    forward = col.find_cards('"Front:What is “Tachypnea”?"')
    reverse = col.find_cards('Term:Tachypnea "note:cards: Reversed"')
    assert len(forward) == len(reverse) == 1
    assert col.get_card(forward[0]).note_type()["id"] == QA_NOTE_TYPE_ID
    card = col.get_card(reverse[0])
    assert card.note_type()["id"] == REVERSE_NOTE_TYPE_ID
    front, back = visible_text(card.question()), visible_text(card.answer())
    assert "A breathing rate above twenty breaths" in front
    assert "Which term is this?" in front and "Vital signs" in front
    assert "Tachypnea" not in front, "the front gives nothing away"
    assert "Tachypnea" in back


def test_turning_reverse_on_and_off_keeps_every_card_s_history(
    tmp_path: Path, anki: Anki, nlp: Language
) -> None:
    notes = glossary(tmp_path)
    build(notes, tmp_path / "v1.apkg", nlp=nlp, now=T1)
    anki.import_deck(tmp_path / "v1.apkg")
    assert review_everything(anki) == 4
    before = notes_by_guid(anki)

    build(notes, tmp_path / "v2.apkg", nlp=nlp, now=T2, reverse=True)
    turned_on = anki.import_deck(tmp_path / "v2.apkg")
    assert len(turned_on.log.new) == 4 and not turned_on.log.conflicting
    on = notes_by_guid(anki)
    for guid, note in before.items():
        assert on[guid] == note, "the questions are left as they were"
    reversed_guids = set(on) - set(before)
    assert len(reversed_guids) == 4
    assert review_everything(anki) == 4, "only the reversed cards are new"

    build(notes, tmp_path / "v3.apkg", nlp=nlp, now=T3)
    turned_off = anki.import_deck(tmp_path / "v3.apkg")
    assert not turned_off.log.conflicting and not turned_off.log.new
    off = notes_by_guid(anki)
    for guid in before:
        assert off[guid] == on[guid]
    for guid in reversed_guids:
        assert "cards::retired" in off[guid]["tags"]  # type: ignore[operator]
        assert off[guid]["reviews"] == 1

    back_on = build(notes, tmp_path / "v4.apkg", nlp=nlp, now=T4, reverse=True)
    assert back_on.changes.new == 0, "turned on again, the same reversed cards"
    anki.import_deck(tmp_path / "v4.apkg")
    again = notes_by_guid(anki)
    assert set(again) == set(on)
    for guid in reversed_guids:
        assert "cards::retired" not in again[guid]["tags"]  # type: ignore[operator]
        assert again[guid]["cards"] == on[guid]["cards"]


def test_reverse_from_cards_toml_and_a_bad_value_is_one_line(tmp_path: Path) -> None:
    notes = glossary(tmp_path)
    (notes / "cards.toml").write_text("reverse = true\n")
    assert load_config(notes).reverse
    runner = CliRunner()
    args = ["build", str(notes), "-o", str(tmp_path / "a.apkg"), "--dry-run"]
    result = runner.invoke(cli, args, catch_exceptions=False)
    assert "8 cards (0 cloze, 4 Q&A, 4 reversed)" in result.output
    (notes / "cards.toml").write_text('reverse = "yes"\n')
    with pytest.raises(ConfigError, match="reverse: expected true or false"):
        load_config(notes)
    result = runner.invoke(cli, args)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {notes / 'cards.toml'}: reverse: expected true or false\n"
    )


def test_check_counts_the_reversed_cards(tmp_path: Path) -> None:
    notes = glossary(tmp_path)
    runner = CliRunner()
    plain = runner.invoke(cli, ["check", str(notes)], catch_exceptions=False)
    assert "Reversed" not in plain.output
    result = runner.invoke(
        cli, ["check", str(notes), "--reverse"], catch_exceptions=False
    )
    assert result.output.splitlines()[1] == (
        "Reversed: 4 definition cards asked the other way too, their term from "
        "its meaning (--reverse)"
    )


def test_export_holds_the_reversed_cards(tmp_path: Path) -> None:
    notes = glossary(tmp_path)
    target = tmp_path / "cards.jsonl"
    result = CliRunner().invoke(
        cli,
        ["export", str(notes), "--format", "jsonl", "-o", str(target), "--reverse"],
        catch_exceptions=False,
    )
    assert result.output == f"Exported 8 cards to {target}\n"
    rows = [json.loads(line) for line in target.read_text().splitlines()]
    reversed_rows = [row for row in rows if row["kind"] == "reverse"]
    assert len(reversed_rows) == 4
    assert {row["fields"]["Term"] for row in reversed_rows} == {
        "Tachypnea",
        "Homeostasis",
        "Bradycardia",
        "Hypoxemia",
    }


def test_the_preview_shows_the_reversed_card_as_anki_does(
    tmp_path: Path, anki: Anki, nlp: Language
) -> None:
    notes = glossary(tmp_path)
    summary = build(notes, tmp_path / "deck.apkg", nlp=nlp, reverse=True)
    anki.import_deck(tmp_path / "deck.apkg")
    col = anki.collection
    for card, sides in zip(summary.cards, reverse_sides(summary.cards), strict=True):
        assert sides is not None
        front, back = render_card(card, reverse=sides)
        (card_id,) = col.find_cards(f'"Term:{visible_text(sides.term)}"')
        shown = col.get_card(card_id)
        assert visible_text(front).split() == visible_text(shown.question()).split()
        assert visible_text(back).split() == visible_text(shown.answer()).split()
    page = CliRunner().invoke(
        cli,
        ["preview", str(notes), "-o", str(tmp_path / "p.html"), "--reverse"],
        catch_exceptions=False,
    )
    assert page.exit_code == 0
    html = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert html.count("<h2>Reversed front</h2>") == 4
    assert "(0 cloze, 4 Q&amp;A, 4 reversed)" in html
