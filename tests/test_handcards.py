"""Cards people wrote in their notes: found, made as written, kept through edits."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from cards import build
from cards.check import card_failures, check_cards
from cards.cli import cli
from cards.config import load_config
from cards.errors import ConfigError
from cards.extract import ParsedClaim
from cards.generate.handcards import hand_claims, is_hand, make_hand_card
from cards.package import CLOZE_NOTE_TYPE_ID, QA_NOTE_TYPE_ID
from cards.read.handsyntax import HandSyntax, find_hand_cards
from cards.read.notes import read_text
from tests.conftest import REPO, Anki, visible_text

PAIRED = REPO.parent / "shared" / "corpus" / "paired"


def _found(markdown: str, syntax: HandSyntax | None = None) -> list[tuple[str, ...]]:
    cards, _ = find_hand_cards(markdown, syntax or HandSyntax())
    return [(card.syntax, card.front, card.back) for card in cards]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("France::Paris", [("osr-singleline", "France", "Paris")]),
        (
            "Paris:::France",
            [
                ("osr-singleline", "Paris", "France"),
                ("osr-singleline", "France", "Paris"),
            ],
        ),
        (
            "Why sleep?\n?\nTo rest.\n- and clear waste\n\nAfter.",
            [("osr-multiline", "Why sleep?", "To rest.\n- and clear waste")],
        ),
        (
            "One\n?\nA\n<!--SR:!2022-03-28,7,150-->\nTwo\n??\nB",
            [
                ("osr-multiline", "One", "A"),
                ("osr-multiline", "Two", "B"),
                ("osr-multiline", "B", "Two"),
            ],
        ),
        (
            "Cells make {{c1::ATP}} in {{c2::mitochondria::organelle}}.",
            [
                (
                    "anki-cloze",
                    "Cells make {{c1::ATP}} in {{c2::mitochondria::organelle}}.",
                    "",
                )
            ],
        ),
        (
            "START\nBasic\nWhat is 2+2?\nBack: 4\nTags: maths\n<!--ID: 123-->\nEND",
            [("o2a-basic", "What is 2+2?", "4")],
        ),
        (
            "START\nCloze\nThe {capital} of {2:Spain} is $x^{2}$\nEND",
            [("o2a-cloze", "The {{c1::capital}} of {{c2::Spain}} is $x^{2}$", "")],
        ),
        # In a note tagged #flashcards, each highlight of a paragraph is a cloze.
        (
            "The ==Danube== flows to the ==Black Sea==. #flashcards",
            [
                (
                    "osr-highlight",
                    "The {{c1::Danube}} flows to the {{c2::Black Sea}}. #flashcards",
                    "",
                )
            ],
        ),
        # Not cards: untagged highlights, code, a lone '::', a question in prose.
        ("The ==Danube== flows east.", []),
        ("```cpp\nstd::vector<int> v;\n```\nUse `std::map` here.", []),
        ("Is this a question?\nYes it is.", []),
        ("::nothing before", []),
    ],
)
def test_syntaxes_are_read_with_the_plugins_defaults(
    markdown: str, expected: list[tuple[str, ...]]
) -> None:
    assert _found(markdown) == expected


def test_owners_separators_are_honoured() -> None:
    syntax = HandSyntax(
        separators=(";;",),
        multiline_separators=('<br class="f">',),
        highlights="always",
    )
    markdown = (
        "Datum is;; a frame of reference\nKey:: value is Dataview here\n\n"
        'Why index?<br class="f">\nFaster lookups.\n\nA ==highlight== anywhere.'
    )
    assert _found(markdown, syntax) == [
        ("osr-singleline", "Datum is", " a frame of reference"),
        ("osr-multiline", "Why index?", "Faster lookups."),
        ("osr-highlight", "A {{c1::highlight}} anywhere.", ""),
    ]


def test_card_lines_are_taken_out_of_the_text_the_generator_reads() -> None:
    parsed = read_text(
        "# T\n\n- Paris::France\n- The **Loire** is long.\n", Path("n.md")
    )
    assert [block.text for block in parsed.blocks] == ["The Loire is long."]
    assert len(parsed.note.hand) == 1


def test_hand_cards_are_escaped_and_sanitized() -> None:
    note = read_text(
        "What is <script>alert(1)</script> **bold**::An <img src=x onerror=alert(1)>"
        " answer with `a<b`",
        Path("evil.md"),
    ).note
    (card,) = [make_hand_card(parsed.claim) for parsed in hand_claims(note)]
    assert card.prompt == "What is <b>bold</b>"
    assert "onerror" not in card.answer and "<img" not in card.answer
    assert "<code>a&lt;b</code>" in card.answer


HAND_NOTE = """\
---
tags: [geo]
---
# Rivers

## Europe
- The **Rhine** flows through six countries.
Longest river in France::the ==Loire==

Which sea does the Danube reach?
?
The **Black Sea**, through a delta.

The {{c1::Volga}} is Europe's {{c2::longest::superlative}} river.
"""


def _hand_deck(folder: Path, nlp: Language, text: str = HAND_NOTE) -> Path:
    (folder / "rivers.md").write_text(text, encoding="utf-8")
    output = folder / "out.apkg"
    build(folder, output, nlp=nlp)
    return output


def test_hand_cards_import_into_anki_as_written(
    tmp_path: Path, nlp: Language, anki: Anki
) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    anki.import_deck(_hand_deck(vault, nlp))
    col = anki.collection
    (qa,) = col.find_cards('"Front:Longest river in France"')
    card = col.get_card(qa)
    assert card.note_type()["id"] == QA_NOTE_TYPE_ID
    assert "the ==Loire==" not in card.answer()
    assert "Loire" in visible_text(card.answer())
    assert set(card.note().tags) >= {"geo", "note::rivers"}
    (danube,) = col.find_cards('"Front:Which sea does the Danube reach?"')
    assert "<b>Black Sea</b>, through a delta." in col.get_card(danube).answer()
    volga = col.find_cards('"Text:*Volga*"')
    assert len(volga) == 2, "one card per deletion, as Anki makes them"
    questions = sorted(col.get_card(c).question() for c in volga)
    assert col.get_card(volga[0]).note_type()["id"] == CLOZE_NOTE_TYPE_ID
    assert any("[superlative]" in q for q in questions)
    # The generator still reads the rest, and makes no second card of a hand fact.
    assert col.find_cards('"Text:*Rhine*"')
    assert len(col.find_cards("Loire")) == 1


def test_a_hand_card_keeps_its_guid_when_reworded(
    tmp_path: Path, nlp: Language
) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "n.md").write_text("Longest river in France::the Loire\n")
    before = build(vault, vault / "out.apkg", nlp=nlp)
    (vault / "n.md").write_text("The longest river in France::the Loire river\n")
    after = build(vault, vault / "out.apkg", nlp=nlp)
    assert [e.guid for e in before.entries] == [e.guid for e in after.entries]
    assert after.changes.updated == 1 and after.changes.new == 0


def test_check_counts_hand_cards_apart(tmp_path: Path, nlp: Language) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    # A hand card breaking the generator's rules (no '?', a long answer) is kept.
    (vault / "n.md").write_text(
        "- The **Rhine** flows through six countries.\n"
        "Rivers::water that flows in a channel from a source to a mouth or sea\n"
    )
    summary = build(vault, vault / "out.apkg", nlp=nlp)
    assert [is_hand(card) for card in summary.cards].count(True) == 1
    assert summary.quality is not None and len(summary.quality.cards) == 1
    assert summary.quality.hand_cards == 1
    # The rules themselves leave hand cards alone, whoever asks.
    hand = next(card for card in summary.cards if is_hand(card))
    assert card_failures(hand, ParsedClaim(hand.claim)) == ()
    report = check_cards([hand], broken=[("renders",)])
    assert report.hand_cards == 1 and not report.failures
    assert "1 cards written by hand, not judged" in summary.quality_line
    result = CliRunner().invoke(cli, ["check", str(vault)], catch_exceptions=False)
    assert "Checked 1 cards" in result.output
    assert "Written by hand: 1 cards" in result.output


def test_separators_are_set_in_cards_toml(tmp_path: Path) -> None:
    (tmp_path / "cards.toml").write_text(
        '[hand_cards]\nseparator = ";;"\nmultiline_separator = ["?", "%%"]\n'
        'highlights = "always"\nflashcard_tags = ["srs"]\n'
    )
    hand = load_config(tmp_path).hand
    assert hand.separators == (";;",)
    assert hand.multiline_separators == ("?", "%%")
    assert hand.highlights == "always" and hand.flashcard_tags == ("srs",)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[hand_cards]\nseperator = ";;"', "hand_cards: unknown key 'seperator'"),
        ('[hand_cards]\nseparator = ""', "hand_cards.separator: a separator cannot"),
        ('[hand_cards]\nhighlights = "yes"', "hand_cards.highlights: expected"),
        ("hand_cards = true", "hand_cards: expected a table of settings"),
    ],
)
def test_bad_hand_card_settings_are_one_line(
    tmp_path: Path, toml: str, message: str
) -> None:
    (tmp_path / "cards.toml").write_text(toml)
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        load_config(tmp_path)


def test_owners_syntax_in_cards_toml_reaches_the_build(
    tmp_path: Path, nlp: Language, write_note: Callable[[str, str], Path]
) -> None:
    note = write_note("n.md", "Datum is;; a frame of reference\n")
    (note.parent / "cards.toml").write_text('[hand_cards]\nseparator = ";;"\n')
    summary = build(note.parent, tmp_path / "out.apkg", nlp=nlp)
    assert [card.prompt for card in summary.cards] == ["Datum is"]


@pytest.mark.skipif(not PAIRED.is_dir(), reason="the paired corpus is not here")
def test_most_cards_of_the_paired_corpus_come_out_as_written() -> None:
    sys.path.insert(0, str(REPO / "tools"))
    try:
        from hand_pairs import evaluate
    finally:
        sys.path.remove(str(REPO / "tools"))
    counts, _ = evaluate(PAIRED)
    written = counts["qa written"] + counts["cloze written"]
    found = counts["qa found"] + counts["cloze found"]
    assert written == sum(
        len(json.loads(line)["human_cards"])
        for line in (PAIRED / "pairs.jsonl").open(encoding="utf-8")
    )
    assert found / written >= 0.9


@given(
    st.text(alphabet=":?=#`{}c1[]!()-*> \nab<>/", max_size=200),
    st.sampled_from(["tagged", "always", "never"]),
)
@settings(max_examples=300, deadline=None)
def test_finding_cards_never_raises_and_only_blanks_lines(
    markdown: str, highlights: Literal["tagged", "always", "never"]
) -> None:
    syntax = HandSyntax(highlights=highlights, separators=("::", "<b>"))
    cards, kept = find_hand_cards(markdown, syntax)
    before, after = markdown.split("\n"), kept.split("\n")
    assert len(before) == len(after)
    assert all(new in ("", old) for old, new in zip(before, after, strict=True))
    for card in cards:
        assert card.front.strip()
        assert card.kind == "cloze" or card.back.strip()
    note = read_text(markdown, Path("n.md"), syntax=syntax).note
    for parsed in hand_claims(note):
        made = make_hand_card(parsed.claim)
        assert "<script" not in made.prompt + made.answer


@pytest.mark.parametrize(
    "line", ["Created:: 2022-02-05 00:37", "Class:: GEOG150", "Course:: [[MATH 232]]"]
)
def test_a_dataview_field_is_not_a_card(line: str) -> None:
    cards, _ = find_hand_cards(f"# Week 5\n\n{line}\n", HandSyntax())
    assert cards == ()


def test_a_curly_clozes_hint_is_not_a_single_line_card() -> None:
    line = "{1:$\\sqrt{b^2-y^2}$::Expression} uses $y = b\\sin t$ as substitution"
    cards, _ = find_hand_cards(f"# Substitution\n\n{line}\n", HandSyntax())
    assert all(card.syntax != "osr-singleline" for card in cards)
