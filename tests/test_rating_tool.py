"""The rating round's draws (`tools/rating.py`): fresh notes, fresh cards."""

from __future__ import annotations

import random
from pathlib import Path

from tools.rating import card_hash, draw, pick


def test_each_draw_takes_notes_no_earlier_draw_took(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    for channel in ("cooking", "cricket"):
        (vault / channel).mkdir(parents=True)
        for number in range(100):
            (vault / channel / f"{number:03}.md").write_text("- a note\n")
    picked = []
    for seed in (15, 16):
        out = tmp_path / str(seed)
        draw(seed, out, vault)
        picked.append({path.relative_to(out) for path in out.rglob("*.md")})
    assert all(len(notes) == 60 for notes in picked)
    assert not picked[0] & picked[1]


def test_a_card_rated_before_is_never_drawn_again() -> None:
    def card(front: str, kind: str) -> dict[str, str]:
        return {"front": front, "answer": "x", "kind": kind, "set": "study"}

    cards = [card(f"cloze {n}", "cloze") for n in range(10)]
    cards += [card(f"question {n}", "qa") for n in range(5)]
    rated = {card_hash(c) for c in cards[:8]}
    drawn = pick(cards, "study", (40, 20), rated, random.Random(1))
    assert sorted(c["front"] for c in drawn) == ["cloze 8", "cloze 9"] + [
        f"question {n}" for n in range(5)
    ]
    assert {c["set"] for c in drawn if c["kind"] == "qa"} == {"qa-study"}


def test_as_the_deck_holds_them_draws_each_kind_in_its_share() -> None:
    def card(front: str, kind: str) -> dict[str, str]:
        return {"front": front, "answer": "x", "kind": kind, "set": "talks"}

    cards = [card(f"cloze {n}", "cloze") for n in range(80)]
    cards += [card(f"question {n}", "qa") for n in range(20)]
    rated = {card_hash(c) for c in cards[80:95]}  # most questions graded already
    rng = random.Random(3)
    plain = pick(cards, "talks", (10, 0), rated, rng)
    drawn = pick(cards, "talks", (10, 0), rated, random.Random(3), as_deck=True)
    assert sum(c["kind"] == "qa" for c in drawn) == 2
    assert len(drawn) == 10 and {c["set"] for c in drawn} == {"talks"}
    assert not {card_hash(c) for c in drawn} & rated
    assert sum(c["kind"] == "qa" for c in plain) < 2
