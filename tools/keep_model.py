"""Can the cards learners delete be told from the card alone? A measurement.

The learner issue (#13) suggests learning a filter from the raters' grades in
``ratings/``. This fits a logistic regression of "deleted" on what a generator
knows of a card when it makes it (its answer's length, rarest word, case and
digits; the share of the sentence it hides; the prompt's two rarest words;
question or cloze; a timestamped source) and scores it as a filter would be used:
leaving one round out at a time, it ranks the held-out round's cards, then drops
the worst-ranked 10%, 20% and 30% and reports what learners kept of the rest.

usage: python -m tools.keep_model output/rating/r14 output/rating/r15 ...

Each folder holds the ``cards.jsonl`` a round's raters saw (`tools.rating`'s
``sample``; not committed, as it quotes the notes); the grades come from
``ratings/<round>.jsonl``, matched by card hash. NumPy comes with spaCy.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from cards.generate.words import zipf
from tools.rating import ROOT, card_hash

__all__ = ["FEATURES", "auc", "card_features", "fit", "main", "predict"]

FEATURES = (
    "question",
    "answer_words",
    "answer_has_digit",
    "answer_capitalised",
    "answer_rarest_zipf",
    "answer_mean_zipf",
    "hidden_share",
    "prompt_rarest_zipf",
    "prompt_second_rarest_zipf",
    "prompt_words",
    "lowercase_one_word",
    "timestamped",
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*|\d[\d,.%]*")
_STOP = frozenset(
    {"the", "a", "an", "of", "to", "in", "on", "and", "or", "for", "with", "by"}
    | {"at", "from", "as", "is", "are", "was", "were", "be", "been", "being"}
    | {"that", "this", "it", "its"}
)
_BLANK = "[...]"


def card_features(card: dict[str, str]) -> list[float]:
    """`FEATURES` of a card as the learner sees it (`sample.py`'s front/answer)."""
    lines = card["front"].split("\n")
    prompt, answer = lines[-1], card["answer"]
    answer_words = _WORD.findall(answer)
    prompt_words = _WORD.findall(prompt.replace(_BLANK, " "))
    content = [w for w in answer_words if w.lower() not in _STOP] or answer_words
    answer_zipfs = [zipf(w) for w in content if not w[0].isdigit()] or [4.0]
    prompt_zipfs = [
        *sorted(
            zipf(w)
            for w in prompt_words
            if w.lower() not in _STOP and not w[0].isdigit()
        ),
        5.0,
        5.0,
    ]
    one_lower = len(answer_words) == 1 and answer_words[0][0].islower()
    return [
        float(card["kind"] == "qa"),
        math.log1p(len(answer_words)),
        float(any(c.isdigit() for c in answer)),
        float(bool(answer_words) and answer_words[0][0].isupper()),
        min(answer_zipfs),
        sum(answer_zipfs) / len(answer_zipfs),
        len(answer_words) / (len(answer_words) + len(prompt_words) + 1),
        prompt_zipfs[0],
        prompt_zipfs[1],
        math.log1p(len(prompt_words)),
        float(one_lower),
        float(bool(re.search(r"· \d+:\d\d", card.get("back", "")))),
    ]


Model = tuple[np.ndarray, np.ndarray, np.ndarray, float]


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 3000) -> Model:
    """Logistic regression by gradient descent on standardised features; `y` may
    be a share (half a card deleted when one rater of two deleted it)."""
    mean, spread = x.mean(0), x.std(0) + 1e-9
    z = (x - mean) / spread
    weights, bias = np.zeros(x.shape[1]), 0.0
    for _ in range(steps):
        error = 1 / (1 + np.exp(-(z @ weights + bias))) - y
        weights -= 0.5 * (z.T @ error / len(y) + l2 * weights / len(y))
        bias -= 0.5 * float(error.mean())
    return mean, spread, weights, bias


def predict(model: Model, x: np.ndarray) -> np.ndarray:
    mean, spread, weights, bias = model
    return 1 / (1 + np.exp(-(((x - mean) / spread) @ weights + bias)))


def auc(scores: np.ndarray, share: np.ndarray) -> float:
    """The chance that a deleted card outranks a kept one, each card counting as
    `share` deleted and 1 - `share` kept; a tie counts half, and a card is never
    paired with itself."""
    kept = 1 - share
    below, total = 0.0, 0.0
    for score in np.unique(scores):
        tied = scores == score
        deleted_here, kept_here = share[tied].sum(), kept[tied].sum()
        within = deleted_here * kept_here - (share[tied] * kept[tied]).sum()
        total += deleted_here * below + within / 2
        below += kept_here
    pairs = share.sum() * kept.sum() - (share * kept).sum()
    return float(total / pairs)


def _graded(folders: Sequence[Path]) -> list[tuple[str, dict[str, str], list[str]]]:
    rows = []
    for folder in folders:
        grades_file = ROOT / "ratings" / f"{folder.name}.jsonl"
        if not grades_file.exists():
            raise SystemExit(f"{grades_file}: no grades for {folder}")
        grades = {
            row["card"]: row["grades"]
            for row in map(json.loads, grades_file.read_text().splitlines())
        }
        for line in (folder / "cards.jsonl").read_text(encoding="utf-8").splitlines():
            card = json.loads(line)
            found = grades.get(card_hash(card))
            if found is not None:
                rows.append((folder.name, card, found))
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    folders = [Path(arg) for arg in (sys.argv[1:] if argv is None else argv)]
    rows = _graded(folders)
    if not rows:
        raise SystemExit("no graded cards found")
    rounds = np.array([name for name, _, _ in rows])
    x = np.array([card_features(card) for _, card, _ in rows])
    deleted = np.array([g.count("D") / len(g) for _, _, g in rows])
    kept = np.array([g.count("K") / len(g) for _, _, g in rows])
    held_out = np.zeros(len(rows))
    for name in sorted(set(rounds)):
        train = rounds != name
        held_out[~train] = predict(fit(x[train], deleted[train]), x[~train])
    first = np.array([{"K": 0, "E": 1, "D": 2}[g[0]] for _, _, g in rows])
    second = np.array([float(g[1] == "D") for _, _, g in rows])
    print(f"{len(rows)} graded cards of {len(set(rounds))} rounds")
    print(f"leave-one-round-out AUC for 'deleted': {auc(held_out, deleted):.3f}")
    print(f"one rater's grade ranking the other's deletions: {auc(first, second):.3f}")
    for dropped in (0.0, 0.1, 0.2, 0.3):
        keep = held_out <= np.quantile(held_out, 1 - dropped) if dropped else kept >= 0
        print(
            f"drop the worst {dropped:.0%}: {keep.sum()} cards, "
            f"kept {kept[keep].mean():.0%}, deleted {deleted[keep].mean():.0%}"
        )
    model = fit(x, deleted)
    for name, weight in sorted(
        zip(FEATURES, model[2], strict=True), key=lambda t: -abs(t[1])
    ):
        print(f"  {name:28s}{weight:+.2f}")


if __name__ == "__main__":
    main()
