"""The extract stage: which sentences become claims, read how."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.language import Language

from cards.extract import Candidate, Claim, ParsedClaim, Word, extract_claims
from cards.extract.frames import label_frame
from cards.extract.openings import _resolved
from cards.read import Span
from cards.read.notes import read_text


def parsed_of(markdown: str, nlp: Language) -> list[ParsedClaim]:
    return list(extract_claims([read_text(markdown, Path("note.md"))], nlp))


def claims_of(markdown: str, nlp: Language) -> list[Claim]:
    return [parsed.claim for parsed in parsed_of(markdown, nlp)]


@pytest.mark.parametrize(
    ("markdown", "texts"),
    [
        # An item that finishes its lead-in is read with it, its capital dropped.
        (
            "There is now an opportunity to:\n* Treat engineers like peers.\n",
            ["There is now an opportunity to treat engineers like peers."],
        ),
        (
            "Common issues include:\n- Misaligned incentives between teams.\n",
            ["Common issues include misaligned incentives between teams."],
        ),
        (
            "Her earlier work includes:\n- A tool that sorts invoices by supplier.\n",
            ["Her earlier work includes a tool that sorts invoices by supplier."],
        ),
        # So does an item under a label line without a colon that it finishes;
        # a label line it does not finish, or an item it is nested in, is none.
        (
            "A rain gauge is read by\n- measuring the water depth each morning.\n",
            ["A rain gauge is read by measuring the water depth each morning."],
        ),
        (
            "Jet streams\n- Steer storms across the midlatitudes.\n",
            ["Steer storms across the midlatitudes."],
        ),
        (
            "- Forecasts are made by\n  - running numerical weather models.\n",
            ["Forecasts are made by", "Running numerical weather models."],
        ),
        # A complete sentence or a label before the list is context, not text.
        (
            "Sleep matters for memory:\n- Deep sleep consolidates facts.\n",
            ["Deep sleep consolidates facts."],
        ),
        # A label that names a thing and its short list are a claim of their own.
        (
            "Recommendations for teams:\n- Meet weekly with product.\n",
            [
                "Recommendations for teams\nMeet weekly with product.",
                "Meet weekly with product.",
            ],
        ),
        # Every sentence of an item, nested items too.
        (
            "- First sentence here. Second sentence here.\n  - A nested item.\n",
            ["First sentence here.", "Second sentence here.", "A nested item."],
        ),
        # Paragraphs give only their sentences that hold a bold phrase.
        (
            "Nothing bold here. The **hippocampus** stores memories. Nor here.",
            ["The hippocampus stores memories."],
        ),
        ("A paragraph with no bold at all.", []),
    ],
)
def test_which_sentences_become_claims(
    markdown: str, texts: list[str], nlp: Language
) -> None:
    assert [claim.text for claim in claims_of(markdown, nlp)] == texts


def test_joined_lead_in_is_not_part_of_the_answerable_text(nlp: Language) -> None:
    (parsed,) = parsed_of("There is now an opportunity to:\n* Treat peers well.\n", nlp)
    claim = parsed.claim
    assert claim.text[: claim.own_start] == "There is now an opportunity to "
    assert all(candidate.start >= claim.own_start for candidate in parsed.candidates)
    assert claim.context is None


def test_unjoined_lead_in_is_context(nlp: Language) -> None:
    (claim,) = [
        claim
        for claim in claims_of("Recommendations for teams:\n- Meet weekly.\n", nlp)
        if claim.kind == "item"
    ]
    assert claim.context == "Recommendations for teams"


def test_term_item_keeps_term_and_explanation(nlp: Language) -> None:
    claims = claims_of(
        "- **Invisible Constraints**: PMs may not see them. They cause friction.\n",
        nlp,
    )
    first, second = claims
    assert first.term is not None
    assert first.text[first.term.start : first.term.end] == "Invisible Constraints"
    assert first.text[first.definition_start :] == "PMs may not see them."
    assert second.term is None
    # A later sentence stands under the label, which is no part of its own words.
    assert second.text == "Invisible Constraints: They cause friction."
    assert second.text[second.own_start :] == "They cause friction."


@pytest.mark.parametrize(
    "markdown",
    ["- **Term:** the colon inside the bold.\n", "- **Term** : spaced colon.\n"],
)
def test_term_colon_inside_or_outside_bold(markdown: str, nlp: Language) -> None:
    (claim,) = claims_of(markdown, nlp)
    assert claim.term is not None
    assert claim.text[claim.term.start : claim.term.end] == "Term"


def test_claim_carries_time_topics_and_section(nlp: Language) -> None:
    (claim,) = claims_of(
        "## Part\n\n"
        '- Engineers learn from [[mentorship|mentors]] <a class="yt-timestamp" '
        'data-t="00:07:01">[00:07:01]</a>.\n',
        nlp,
    )
    assert claim.text == "Engineers learn from mentors."
    assert claim.seconds == 421
    assert claim.topics == ("mentorship",)
    assert claim.section == ("Part",)


def test_candidates_cover_bold_entities_numbers_and_noun_phrases(
    nlp: Language,
) -> None:
    (parsed,) = parsed_of(
        "- Will Larson wrote **Staff Engineer** in 2021 about senior engineers.\n",
        nlp,
    )
    text = parsed.claim.text
    found = {(text[c.start : c.end], c.kind) for c in parsed.candidates}
    assert {
        ("Staff Engineer", "bold"),
        ("Will Larson", "entity"),
        ("2021", "number"),
        ("senior engineers", "phrase"),
    } <= found


def test_a_claim_survives_pickling_with_its_words_and_candidates(
    nlp: Language,
) -> None:
    (parsed,) = parsed_of("- **Adenosine** builds sleep pressure in 16 hours.", nlp)
    again = pickle.loads(pickle.dumps(parsed))
    assert again == parsed
    assert type(again.words[0]) is Word and type(again.candidates[0]) is Candidate
    assert again.words[0].lemma == "adenosine"


def _fresh_python(script: str) -> list[str]:
    """What a fresh interpreter prints, one line each (spaCy is imported here)."""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@pytest.mark.slow
def test_loading_the_pipeline_imports_no_part_of_spacys_command_line() -> None:
    # spacy.cli imports typer, weasel, requests and ~360 modules more: a third of a
    # worker's import of spaCy. spacy.info must still be spaCy's own.
    script = (
        "import sys; from cards.extract import load_nlp; "
        "nlp = load_nlp(); nlp('Adenosine builds sleep pressure.'); "
        "print([m for m in sys.modules if m.startswith(('spacy.cli', 'typer'))]); "
        "import spacy; print(sorted(spacy.info(silent=True))[:2]); "
        "print(type(sys.modules['spacy.cli.info']).__name__)"
    )
    assert _fresh_python(script) == ["[]", "['location', 'pipelines']", "module"]


@pytest.mark.slow
def test_the_stand_in_hands_over_any_other_name_of_spacy_cli_info() -> None:
    # What a later spaCy would get if it imported more than `info` from it: the real
    # names, and the real module in its place from then on.
    script = (
        "import sys; from cards.extract.spacy_import import _StandIn; "
        "sys.modules['spacy.cli.info'] = stand_in = _StandIn('spacy.cli.info'); "
        "from spacy.cli.info import info_cli; "
        "print(info_cli.__module__, sys.modules['spacy.cli.info'] is stand_in)"
    )
    assert _fresh_python(script) == ["spacy.cli.info False"]


def test_a_name_the_tagger_ran_a_label_into_resolves_no_pronoun(nlp: Language) -> None:
    # The small model sometimes reads 'Label: Name' as one entity or noun chunk;
    # 'He took …' read as 'Yuzvendra Chahal: Chahal took …' was garbled.
    doc = nlp("Yuzvendra Chahal: Chahal bowled well. He took an early wicket.")
    assert _resolved(doc[0:4], "entity", "PERSON") is None
    assert _resolved(doc[0:3], "entity", "PERSON") is None  # 'Yuzvendra Chahal:'
    resolved = _resolved(doc[0:2], "entity", "PERSON")
    assert resolved is not None
    assert resolved.text == "Yuzvendra Chahal"
    # A time's colon is no label's.
    doc = nlp("The 10:30 train from Leeds was cancelled. It was replaced by a bus.")
    train = _resolved(doc[0:3], "phrase", "NOUN")
    assert train is not None
    assert train.text == "The 10:30 train"


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        # The tagger takes 'Comparison Across' for a person: no 'he' reads as it.
        ("Comparison Across Eras", "Comparison Across Eras: He played 166 Tests."),
        # Guards: a bold name, alone or with an aside, is still whom 'he' names.
        ("Steve Smith", "Steve Smith played 166 Tests."),
        ("Steve Smith (Australia)", "Steve Smith (Australia): Steve Smith played"),
    ],
)
def test_a_pronoun_never_reads_as_the_start_of_a_bold_label(
    label: str, expected: str, nlp: Language
) -> None:
    item = f"- **{label}:** It is said that he bowled well. He played 166 Tests."
    texts = [c.text for c in claims_of(f"# Allrounders\n\n{item}\n", nlp)]
    assert any(t.startswith(expected) for t in texts), texts


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        # An 'it' reads as the sentence before's own subject, not one of a clause
        # inside it: the card said the background is used for the samples.
        (
            "**India Ink Stain**: A negative stain where the background gets "
            "colored. It is typically used for cerebrospinal fluid samples.",
            "India Ink Stain: It is typically used for cerebrospinal fluid samples.",
        ),
        (
            "Even before the militarist government came into power, Japan's "
            "education system stressed national pride. It also stressed Shinto.",
            "Japan's education system also stressed Shinto.",
        ),
        # An 'it' that stands for the clause after it stands for nothing before.
        (
            "**Full Speed:** A popular theory is told by many. It is claimed that "
            "Joseph pocketed an ice warning.",
            "Full Speed: It is claimed that Joseph pocketed an ice warning.",
        ),
        # Guard: a passive with an infinitive of purpose is about what came before.
        (
            "Allopurinol is a cheap drug. It is used to treat gout.",
            "Allopurinol is used to treat gout.",
        ),
    ],
)
def test_it_reads_as_the_main_subject_before_it_or_as_nothing(
    item: str, expected: str, nlp: Language
) -> None:
    texts = [c.text for c in claims_of(f"# Notes\n\n- {item}\n", nlp)]
    assert expected in texts, texts


def test_a_sentence_that_names_its_label_stands_under_none(nlp: Language) -> None:
    text = "2023 Kanpur Fire: A warehouse burned down."
    doc = nlp(text)
    label = Span(0, len("2023 Kanpur Fire"), "strong")
    assert label_frame(label, doc, "It was put out by noon.") == "2023 Kanpur Fire"
    assert label_frame(label, doc, "The 2023 KANPUR FIRE spread fast.") is None
    # Words of the label are not the label: 'Kanpur Fire' may be another fire.
    assert label_frame(label, doc, "Kanpur Fire was reported at 9 pm.") is not None
