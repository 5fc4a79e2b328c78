"""The keep-model measurement (`tools/keep_model.py`): its ranking score and fit."""

from __future__ import annotations

import numpy as np

from tools.keep_model import (
    FEATURES,
    auc,
    author_of,
    card_features,
    fit,
    held_out,
    predict,
)


def test_auc_is_the_chance_a_deleted_card_ranks_above_a_kept_one() -> None:
    deleted = np.array([0.0, 0.0, 1.0, 1.0])
    assert auc(np.array([0.1, 0.2, 0.8, 0.9]), deleted) == 1.0
    assert auc(np.array([0.9, 0.8, 0.2, 0.1]), deleted) == 0.0
    # Half-deleted cards count half on each side.
    assert auc(np.array([0.1, 0.9]), np.array([0.5, 0.5])) == 0.5


def test_the_fit_finds_a_feature_that_separates_deleted_cards() -> None:
    rng = np.random.default_rng(3)
    signal = rng.normal(size=400)
    x = np.column_stack([signal, rng.normal(size=400)])
    deleted = (signal > 0).astype(float)
    assert auc(predict(fit(x, deleted), x), deleted) > 0.95


def test_features_read_the_card_as_the_learner_sees_it() -> None:
    cloze = {
        "front": "Bread › Dough\nKnead the dough until it is [...].",
        "answer": "elastic",
        "back": "Knead the dough until it is elastic.\nBread · 12:30",
        "kind": "cloze",
    }
    question = {
        "front": "Physics\nWhen did Einstein publish special relativity?",
        "answer": "1905",
        "back": "1905\nPhysics",
        "kind": "qa",
    }
    named = dict(zip(FEATURES, card_features(cloze), strict=True))
    assert named["question"] == 0.0
    assert named["lowercase_one_word"] == 1.0
    assert named["timestamped"] == 1.0
    asked = dict(zip(FEATURES, card_features(question), strict=True))
    assert asked["question"] == 1.0
    assert asked["answer_has_digit"] == 1.0
    assert asked["timestamped"] == 0.0


def test_an_author_is_the_folder_of_a_note_or_its_set() -> None:
    assert author_of({"note": "aragusea/pan_pizza", "set": "bigvault"}) == "aragusea"
    assert (
        author_of({"note": "sleep_and_memory", "set": "hubermanlab"}) == "hubermanlab"
    )


def test_held_out_scores_come_from_a_model_that_never_saw_the_group() -> None:
    # Within each group the feature means the opposite of what it means across the
    # others: a model fitted on the other group ranks every card the wrong way.
    x = np.array([[0.0], [1.0], [0.0], [1.0]])
    deleted = np.array([0.0, 1.0, 1.0, 0.0])
    groups = np.array(["a", "a", "b", "b"])
    scores = held_out(x, deleted, groups)
    assert scores[1] < scores[0] and scores[3] > scores[2]
