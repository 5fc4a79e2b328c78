"""Can the cards learners delete be told from the card alone? A measurement.

The learner issue (#13) suggests learning a filter from the raters' grades in
``ratings/``. This fits a logistic regression of "deleted" on what a generator
knows of a card when it makes it (its answer's length, rarest word, case and
digits; the share of the sentence it hides; the prompt's two rarest words;
question or cloze; a timestamped source) and scores it as a filter would be used:
leaving one round out at a time, then one author out at a time (the notes of one
channel or one owner's vault), it ranks the held-out cards, drops the worst-ranked
10%, 20% and 30% and reports what learners kept of the rest. Leaving an author out
is the figure that counts: the product meets notes nobody graded, and a round left
out still trains on other cards of the same notes.

usage: python -m tools.keep_model output/rating/r54 ...

Each folder is one `tools.rating` ``sample`` wrote (not committed, as it quotes the
notes): the ``cards.jsonl`` its raters saw and an export of each set, which holds
every card that tree's build makes. The grades come from every round in
``ratings/``, matched by card hash, so one fresh folder finds all the graded cards
the build still makes. NumPy comes with spaCy.
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
from tools.rating import ROOT, card_hash, learner_view

__all__ = [
    "FEATURES",
    "auc",
    "author_of",
    "card_features",
    "fit",
    "held_out",
    "main",
    "predict",
]

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


Graded = tuple[str, str, dict[str, str], list[str]]
"""A graded card: the round that graded it, the author whose note it came from,
the card as the learner saw it, and its grades."""


def author_of(card: dict[str, str]) -> str:
    """Whose notes a card came from: the folder its note sits in within its set
    ('aragusea/…', 'bjamturley__MedSchoolAtlas/…'), or the set when its notes
    sit loose (hubermanlab and lexfridman are one channel each)."""
    note = card.get("note", "")
    return note.split("/", 1)[0] if "/" in note else card.get("set", "")


def _grades_by_card() -> dict[str, tuple[str, list[str]]]:
    """Every card ``ratings/`` grades: the first round that graded it, and the
    grades of every round that did (a paired round may grade a card again)."""
    found: dict[str, tuple[str, list[str]]] = {}
    for path in sorted((ROOT / "ratings").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            first, grades = found.get(row["card"], (row["round"], []))
            found[row["card"]] = (first, grades + list(row["grades"]))
    return found


def _graded(folders: Sequence[Path]) -> list[Graded]:
    """The graded cards among each folder's cards: a round's ``cards.jsonl``, or
    the exports beside it (`tools.rating` ``sample`` writes one a set), which
    hold every card today's build makes, so a card any round graded is found
    again by its hash when the build still makes it."""
    grades = _grades_by_card()
    view = learner_view()
    rows: dict[str, Graded] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                row = json.loads(line)
                if "fields" in row:  # an export: one row a note of the deck
                    cards = view.learner_cards(row)
                    for card in cards:
                        card.update(kind=row["kind"], note=row.get("note", ""))
                        card["set"] = path.stem
                else:
                    cards = [row] if "front" in row else []
                for card in cards:
                    key = card_hash(card)
                    if key in grades and key not in rows:
                        first, given = grades[key]
                        rows[key] = (first, author_of(card), card, given)
    return list(rows.values())


def held_out(x: np.ndarray, y: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Each card's score from a model fitted without its group's cards."""
    scores = np.zeros(len(y))
    for name in sorted(set(groups)):
        train = groups != name
        scores[~train] = predict(fit(x[train], y[train]), x[~train])
    return scores


def main(argv: Sequence[str] | None = None) -> None:
    folders = [Path(arg) for arg in (sys.argv[1:] if argv is None else argv)]
    rows = _graded(folders)
    if not rows:
        raise SystemExit("no graded cards found")
    x = np.array([card_features(card) for _, _, card, _ in rows])
    deleted = np.array([g.count("D") / len(g) for *_, g in rows])
    kept = np.array([g.count("K") / len(g) for *_, g in rows])
    rounds = np.array([name for name, *_ in rows])
    authors = np.array([author for _, author, *_ in rows])
    print(
        f"{len(rows)} graded cards of {len(set(rounds))} rounds "
        f"and {len(set(authors))} authors"
    )
    first = np.array([{"K": 0, "E": 1, "D": 2}[g[0]] for *_, g in rows])
    second = np.array([float(g[1] == "D") for *_, g in rows])
    print(f"one rater's grade ranking the other's deletions: {auc(first, second):.3f}")
    # Leaving a round out still trains on other cards of the same notes; leaving
    # an author out asks what the product meets: notes nobody graded.
    for name, groups in (("round", rounds), ("author", authors)):
        scores = held_out(x, deleted, groups)
        print(f"leave-one-{name}-out AUC for 'deleted': {auc(scores, deleted):.3f}")
        for dropped in (0.0, 0.1, 0.2, 0.3):
            keep = scores <= np.quantile(scores, 1 - dropped) if dropped else kept >= 0
            print(
                f"  drop the worst {dropped:.0%}: {keep.sum()} cards, "
                f"kept {kept[keep].mean():.0%}, deleted {deleted[keep].mean():.0%}"
            )
    model = fit(x, deleted)
    for name, weight in sorted(
        zip(FEATURES, model[2], strict=True), key=lambda t: -abs(t[1])
    ):
        print(f"  {name:28s}{weight:+.2f}")


if __name__ == "__main__":
    main()
