"""Prose, when asked for: a few salient sentences of each paragraph become claims."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from spacy.language import Language

from cards import build
from cards.cli import cli
from cards.config import load_config
from cards.errors import ConfigError
from cards.extract.prose import defined_term, salient_sentences

PARAGRAPHS = """\
# The Danube

The Danube rises in the Black Forest of Germany and flows for 2,850 kilometres.
It is long. Vienna, Bratislava, Budapest and Belgrade all stand on its banks.
The river empties into the Black Sea through a delta in Romania and Ukraine.
The Danube Commission has regulated navigation on the river since 1856.

Rivers are nice.
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A few of a paragraph's sentences, never all, never one leaning on another.
        (PARAGRAPHS.split("\n\n")[1], [0, 2, 4]),
        ("Vienna sits on the Danube in Austria. Budapest sits on it in Hungary.", [0]),
        ("Rivers are nice.", []),
        ("This is where the Danube meets the Black Sea in Romania.", []),
        # A sentence defining a term comes before a more salient one.
        (
            "Voxels are the pixels of brain images. Smaller voxels give sharper"
            " images of the cortex but take longer to acquire in the scanner.",
            [0],
        ),
    ],
)
def test_salient_sentences(nlp: Language, text: str, expected: list[int]) -> None:
    assert salient_sentences(list(nlp(text).sents)) == expected


def _prose_cards(tmp_path: Path, nlp: Language, name: str, markdown: str) -> list:
    """The cards a build with --prose makes of one note (a dry run)."""
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / f"{name}.md").write_text(markdown, encoding="utf-8")
    summary = build(notes, tmp_path / "a.apkg", nlp=nlp, dry_run=True, prose=True)
    return list(summary.cards)


def test_prose_is_read_only_when_asked_for(tmp_path: Path, nlp: Language) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "danube.md").write_text(PARAGRAPHS, encoding="utf-8")
    plain = build(notes, tmp_path / "a.apkg", nlp=nlp, dry_run=True)
    assert plain.card_count == 0, "without --prose, paragraphs give nothing"
    prose = build(notes, tmp_path / "a.apkg", nlp=nlp, dry_run=True, prose=True)
    texts = {card.claim.text for card in prose.cards}
    assert 1 <= len(texts) <= 3
    assert not any(text.startswith("It ") for text in texts)


def test_prose_from_the_command_line_and_cards_toml(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "danube.md").write_text(PARAGRAPHS, encoding="utf-8")
    runner = CliRunner()
    args = ["build", str(notes), "-o", str(tmp_path / "o.apkg"), "--dry-run"]
    result = runner.invoke(cli, [*args, "--prose"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    made = re.search(r"claims, (\d+) cards", result.output)
    assert made is not None and int(made[1]) > 0
    (notes / "cards.toml").write_text("prose = true\n")
    assert load_config(notes).prose
    (notes / "cards.toml").write_text('prose = "yes"\n')
    with pytest.raises(ConfigError, match="prose: expected true or false"):
        load_config(notes)


def test_a_list_of_links_does_not_silence_the_notes_prose(
    tmp_path: Path, nlp: Language
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    links = "".join(f"- [[River {n}]]\n" for n in range(6))
    (notes / "rivers.md").write_text(f"{PARAGRAPHS}\n{links}", encoding="utf-8")
    summary = build(notes, tmp_path / "a.apkg", nlp=nlp, dry_run=True, prose=True)
    assert summary.card_count >= 1
    assert all(card.claim.kind == "sentence" for card in summary.cards)


TALK = """\
# A talk on glaciers

Marlowe Quint studied the glaciers of the Karakoram from 1998 to 2011. Quint found
that the Siachen Glacier thickened by 40 metres in that time.

Quint argues that monsoon snowfall over the Karakoram offset the warming. Quint
measured the meltwater of the Baltoro Glacier in Skardu every summer.

Quint worked with the Pakistan Meteorological Department in Islamabad. The Hunza
River carries the meltwater of the Batura Glacier to the Indus.

Quint spent the winter of 2004 in Gilgit with the hydrologist Amara Sethi. The
Gilgit River joins the Indus near Bunji.

The Karakoram Highway reached Khunjerab Pass in 1982. Quint drove it to Kashgar to
sample the Muztagh Ata ice cap.
"""


def test_prose_asks_no_name_the_note_keeps_repeating(
    tmp_path: Path, nlp: Language
) -> None:
    answers = [card.answer_text for card in _prose_cards(tmp_path, nlp, "talk", TALK)]
    assert len(answers) >= 3
    assert not any("Quint" in answer for answer in answers), answers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Voxels are the pixels of brain images.", ("Voxels", "the pixels")),
        ("The Krebs cycle is a series of reactions.", ("Krebs cycle", "a series")),
        ("Tachypnea means a fast breathing rate.", ("Tachypnea", "a fast")),
        ("Tachypnea refers to a fast breathing rate.", ("Tachypnea", "a fast")),
        # Not a term, not defined, or not what it is now.
        ("The main advantage is speed.", None),
        ("It is a protein.", None),
        ("Hyperglycemia is dangerous.", None),
        ("Insulin lowers blood glucose.", None),
        ("The Danube was a border of the Roman Empire.", None),
        ("Marie Curie is a chemist who discovered polonium.", None),
    ],
)
def test_defined_term(
    nlp: Language, text: str, expected: tuple[str, str] | None
) -> None:
    found = defined_term(next(iter(nlp(text).sents)))
    if expected is None:
        assert found is None
        return
    assert found is not None
    term, definition = found
    assert (text[term.start : term.end], text[definition:][: len(expected[1])]) == (
        expected
    )


DEFINITIONS = """\
# Brain imaging

Voxels are the pixels of brain images.

Unipolarity means that one superpower dominates the international system.
"""


def test_a_prose_definition_asks_what_its_term_is(
    tmp_path: Path, nlp: Language
) -> None:
    shown = [
        (card.kind, card.prompt, card.answer_text)
        for card in _prose_cards(tmp_path, nlp, "imaging", DEFINITIONS)
    ]
    assert any(
        kind == "qa"
        and "“Voxels”" in prompt
        and answer == "the pixels of brain images."
        for kind, prompt, answer in shown
    ), shown
    # A definition that asks no question still makes its cloze, on the term too.
    assert ("cloze", "Unipolarity") in {(kind, answer) for kind, _, answer in shown}


FIELDS = """\
# Fermat's little theorem

Created:: 2021-06-21 13:49

Proved by: Lagrange's theorem on the order of subgroups
References: Hardy and Wright, An Introduction to the Theory of Numbers (1938)

Pierre de Fermat stated the theorem in a letter to Frénicle de Bessy in 1640.
"""


def test_a_block_of_fields_is_not_prose(tmp_path: Path, nlp: Language) -> None:
    texts = [card.claim.text for card in _prose_cards(tmp_path, nlp, "fermat", FIELDS)]
    assert texts and all(text.startswith("Pierre de Fermat") for text in texts), texts


SPEAKERS = """\
# Famine and war

Documentary filmmaker Orla Brennick highlights that hunger is used as a weapon of war.

In recent years, convoys of the World Food Programme have been stopped at checkpoints.

The Tekeze Dam on the Tekeze River in Ethiopia was completed in 2009.
"""


def test_prose_asks_neither_who_said_it_nor_a_time_without_a_number(
    tmp_path: Path, nlp: Language
) -> None:
    answers = [
        card.answer_text for card in _prose_cards(tmp_path, nlp, "famine", SPEAKERS)
    ]
    assert answers, "the dam's sentence still gives its card"
    assert not any("Brennick" in a or "years" in a for a in answers), answers
