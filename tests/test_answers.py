"""Answer choice, measured against answers a person chose without seeing the ranker.

tests/answers/paragraphs.jsonl holds 40 paragraphs in five styles, each with 4-6
answers labelled blind. The published baseline for this measure, named entities in
document order, agrees with human answers about 48% of the time on SQuAD.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from spacy.language import Language

from tests.conftest import REPO
from tools.evaluate import PER_PARAGRAPH, evaluate, main, read_paragraphs, token_f1

PUBLISHED_BASELINE = 0.48


@pytest.mark.parametrize(
    ("predicted", "truth", "f1"),
    [
        ("the hippocampus", "hippocampus", 1.0),
        ("Will Larson", "Larson", 2 / 3),
        ("senior engineers", "engineers in senior roles", 4 / 6),
        ("sleep", "memory", 0.0),
    ],
)
def test_token_f1(predicted: str, truth: str, f1: float) -> None:
    assert token_f1(predicted, truth) == pytest.approx(f1)


@pytest.mark.slow
def test_our_answers_agree_with_people_more_than_the_baselines(nlp: Language) -> None:
    paragraphs = read_paragraphs(REPO / "tests" / "answers" / "paragraphs.jsonl")
    result = evaluate(paragraphs, nlp)
    assert result.paragraphs == 40
    assert result.ours >= PUBLISHED_BASELINE
    assert result.ours >= result.baseline + 0.05


def test_the_evaluation_prints_both_scores(
    tmp_path: Path,
    nlp: Language,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`python -m tools.evaluate FILE`, with the session's pipeline."""
    paragraphs = tmp_path / "two.jsonl"
    lines = (REPO / "tests" / "answers" / "paragraphs.jsonl").read_text().splitlines()
    paragraphs.write_text("\n".join(lines[:2]) + "\n")
    monkeypatch.setattr("tools.evaluate.load_nlp", lambda: nlp)
    main([str(paragraphs)])
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == f"2 paragraphs, up to {PER_PARAGRAPH} answers each"
    assert re.fullmatch(r"ours: +[\d.]+% of \d+ answers agree", printed[1])
    assert re.fullmatch(r"baseline: +[\d.]+% of \d+ \(entities\)", printed[2])
