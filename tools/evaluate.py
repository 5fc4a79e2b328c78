"""How often the chosen answers agree with the ones a person would choose.

The measure follows the SQuAD-style evaluations of answer selection: for each
paragraph a system proposes up to 5 answers; a proposal agrees with the human labels
when its token F1 with one of them is at least 0.5; the score is the share of
proposals that agree. The published baseline, named entities in document order,
scores about 48% on SQuAD.

Run it on a JSON-lines file of ``{"text": ..., "answers": [...]}`` paragraphs::

    python -m tools.evaluate tests/answers/paragraphs.jsonl
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cards.extract.claims import extract_claims, load_nlp
from cards.generate.ranking import rank_candidates, salience_index
from cards.read.notes import read_text

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["AGREEMENT_F1", "PER_PARAGRAPH", "Evaluation", "evaluate", "token_f1"]

AGREEMENT_F1 = 0.5
PER_PARAGRAPH = 5
_TOKEN = re.compile(r"\w+")
_ARTICLES = frozenset({"a", "an", "the"})


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    answers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Agreement with human answers: ours and the entity baseline's."""

    paragraphs: int
    ours: float
    baseline: float
    proposed: int
    baseline_proposed: int


def _tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text.lower()) if t not in _ARTICLES]


def token_f1(predicted: str, truth: str) -> float:
    """SQuAD's token F1 between two answers (case, punctuation, articles ignored)."""
    guess, gold = _tokens(predicted), _tokens(truth)
    common = sum((Counter(guess) & Counter(gold)).values())
    if not common:
        return 0.0
    precision, recall = common / len(guess), common / len(gold)
    return 2 * precision * recall / (precision + recall)


def _agrees(answer: str, truths: Sequence[str]) -> bool:
    return any(token_f1(answer, truth) >= AGREEMENT_F1 for truth in truths)


def read_paragraphs(path: Path) -> list[Paragraph]:
    paragraphs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            data = json.loads(line)
            paragraphs.append(Paragraph(data["text"], tuple(data["answers"])))
    return paragraphs


def _our_answers(paragraph: Paragraph, nlp: Language) -> list[str]:
    """One answer per sentence, best first within it, in sentence order.

    The paragraph is read as a note whose sentences are list items, so every
    sentence is a claim; its best candidate is the cloze a card would hide.
    """
    sentences = [s.text.strip() for s in nlp(paragraph.text).sents if s.text.strip()]
    markdown = "\n".join(f"- {sentence}" for sentence in sentences)
    claims = list(extract_claims([read_text(markdown, Path("paragraph.md"))], nlp))
    salience = salience_index(claims)
    answers = []
    for parsed in claims:
        ranked = rank_candidates(parsed, salience)
        if ranked:
            answers.append(parsed.claim.text[ranked[0].start : ranked[0].end])
    return answers[:PER_PARAGRAPH]


def _entity_answers(paragraph: Paragraph, nlp: Language) -> list[str]:
    return [entity.text for entity in nlp(paragraph.text).ents][:PER_PARAGRAPH]


def evaluate(paragraphs: Sequence[Paragraph], nlp: Language) -> Evaluation:
    """Score our answer choice and the entity baseline on the same paragraphs."""
    ours = agree = base = base_agree = 0
    for paragraph in paragraphs:
        for answer in _our_answers(paragraph, nlp):
            ours += 1
            agree += _agrees(answer, paragraph.answers)
        for answer in _entity_answers(paragraph, nlp):
            base += 1
            base_agree += _agrees(answer, paragraph.answers)
    return Evaluation(
        paragraphs=len(paragraphs),
        ours=agree / ours if ours else 0.0,
        baseline=base_agree / base if base else 0.0,
        proposed=ours,
        baseline_proposed=base,
    )


def main(argv: Sequence[str] = ()) -> None:
    args = list(argv) or sys.argv[1:]
    path = Path(args[0] if args else "tests/answers/paragraphs.jsonl")
    result = evaluate(read_paragraphs(path), load_nlp())
    print(f"{result.paragraphs} paragraphs, up to {PER_PARAGRAPH} answers each")
    print(f"ours:     {result.ours:.1%} of {result.proposed} answers agree")
    print(f"baseline: {result.baseline:.1%} of {result.baseline_proposed} (entities)")


if __name__ == "__main__":
    main()
