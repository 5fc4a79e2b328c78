"""A blind rating round (`../shared/rating/`), drawn and recorded the same way.

usage:
    python tools/rating.py draw SEED OUT_DIR
    python tools/rating.py sample ROUND SEED NAME=NOTES[@MIXED+QA] ... [--as-deck]
    python tools/rating.py grades ROUND COMMIT

``draw`` copies 30 notes of each channel of ``../shared/corpus/bigvault`` into
OUT_DIR: notes no earlier round drew, the earlier rounds being those of
`DRAWN_SEEDS` below SEED, each drawn the same way.

``sample`` builds each NOTES folder with this tree's ``cards export`` and draws, per
set, MIXED cards of any kind (40 unless given) and QA questions (20, set
``qa-NAME``) into ``output/rating/ROUND/cards.jsonl``, as ``sample.py`` shows them
to a learner. A card some round in ``ratings/`` graded is never drawn again: the
grades measure notes and cards nobody tuned on. With ``--as-deck`` the MIXED cards
are clozes and questions in the shares the set's export holds.

``grades`` writes ``ratings/ROUND.jsonl`` from the raters' ``A.jsonl`` and
``B.jsonl``: each card named by the hash ``ratings/README.md`` describes, with its
set, kind, grades and reason codes, and none of the notes' text.

Kept in the repository because the scripts that did this were lost with two
machines, and a round drawn differently measures something else.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
BIGVAULT = SHARED / "corpus" / "bigvault"
DRAWN_SEEDS = (14, 15, 16, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31)
"""The seeds of the bigvault draws rounds 14 to 30 rated (24: looked at while
tuning), in order."""
NOTES_PER_CHANNEL = 30


def draw(seed: int, out: Path, vault: Path = BIGVAULT) -> list[Path]:
    """Copy NOTES_PER_CHANNEL notes per channel no earlier draw took into `out`."""
    used: set[Path] = set()
    picked: list[Path] = []
    for earlier in [s for s in DRAWN_SEEDS if s < seed] + [seed]:
        rng = random.Random(earlier)
        picked = []
        for channel in sorted(p for p in vault.iterdir() if p.is_dir()):
            fresh = [f for f in sorted(channel.glob("*.md")) if f not in used]
            picked += rng.sample(fresh, min(NOTES_PER_CHANNEL, len(fresh)))
        used.update(picked)
    if out.exists():
        shutil.rmtree(out)
    for note in picked:
        (out / note.parent.name).mkdir(parents=True, exist_ok=True)
        shutil.copy(note, out / note.parent.name / note.name)
    return picked


def card_hash(card: dict[str, str]) -> str:
    """What names a rated card in ``ratings/``: its front and answer as shown."""
    shown = f"{card['front']}\0{card['answer']}".encode()
    return hashlib.sha256(shown).hexdigest()[:16]


def rated_cards(ratings: Path = ROOT / "ratings") -> set[str]:
    return {
        json.loads(line)["card"]
        for path in sorted(ratings.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }


def learner_view() -> ModuleType:
    """`../shared/rating/sample.py`, which shows a card as raters see it."""
    path = SHARED / "rating" / "sample.py"
    spec = importlib.util.spec_from_file_location("rating_sample", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"{path}: not found")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pick(
    cards: list[dict[str, str]],
    name: str,
    counts: tuple[int, int],
    rated: set[str],
    rng: random.Random,
    as_deck: bool = False,
) -> list[dict[str, str]]:
    """`counts` = (cards of any kind, questions) of one set, none rated before.

    Rounds that rated questions apart have graded most of a deck's questions, so
    cards of any kind drawn among those no round graded are mostly clozes. With
    `as_deck`, they are drawn kind by kind in the shares the whole set holds
    (graded or not), so that they stand for the deck a learner imports."""
    fresh = [card for card in cards if card_hash(card) not in rated]
    questions = [card for card in fresh if card["kind"] == "qa"]
    asked = rng.sample(questions, min(counts[1], len(questions)))
    rest = [card for card in fresh if card not in asked]
    if not as_deck or not cards:
        mixed = rng.sample(rest, min(counts[0], len(rest)))
    else:
        share = sum(card["kind"] == "qa" for card in cards) / len(cards)
        wanted = round(counts[0] * share)
        rest_questions = [card for card in rest if card["kind"] == "qa"]
        others = [card for card in rest if card["kind"] != "qa"]
        mixed = rng.sample(rest_questions, min(wanted, len(rest_questions)))
        mixed += rng.sample(others, min(counts[0] - len(mixed), len(others)))
    return mixed + [{**card, "set": f"qa-{name}"} for card in asked]


def sample(round_name: str, seed: int, sets: list[str], as_deck: bool = False) -> Path:
    view = learner_view()
    folder = ROOT / "output" / "rating" / round_name
    folder.mkdir(parents=True, exist_ok=True)
    rng, rated, drawn = random.Random(seed), rated_cards(), []
    for spec in sets:
        name, notes = spec.split("=", 1)
        counts = (40, 20)
        if "@" in notes:
            notes, wanted = notes.split("@", 1)
            mixed, questions = wanted.split("+")
            counts = (int(mixed), int(questions))
        export = folder / f"{name}.jsonl"
        command = [sys.executable, "-m", "cards", "export", notes]
        command += ["--format", "jsonl", "-o", str(export)]
        subprocess.run(command, check=True, cwd=ROOT)
        cards = []
        for line in export.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            for card in view.learner_cards(row):
                card.update(set=name, kind=row["kind"], note=row.get("note", ""))
                cards.append(card)
        drawn += pick(cards, name, counts, rated, rng, as_deck)
    rng.shuffle(drawn)
    out = folder / "cards.jsonl"
    with out.open("w", encoding="utf-8") as handle:
        for number, card in enumerate(drawn, 1):
            handle.write(json.dumps({"id": number, **card}, ensure_ascii=False) + "\n")
    return out


def grades(round_name: str, commit: str) -> Path:
    folder = ROOT / "output" / "rating" / round_name

    def read(name: str) -> dict[int, dict[str, str]]:
        lines = (folder / name).read_text(encoding="utf-8").splitlines()
        return {row["id"]: row for row in map(json.loads, filter(None, lines))}

    cards, first, second = read("cards.jsonl"), read("A.jsonl"), read("B.jsonl")
    out = ROOT / "ratings" / f"{round_name}.jsonl"
    with out.open("w", encoding="utf-8") as handle:
        for number, card in sorted(cards.items()):
            given = [first[number], second[number]]
            row = {
                "round": round_name,
                "built_at": commit,
                "card": card_hash(card),
                "set": card["set"],
                "kind": card["kind"],
                "grades": [g["grade"] for g in given],
                "reasons": [
                    g.get("reason", "") if g["grade"] != "K" else "" for g in given
                ],
            }
            handle.write(json.dumps(row) + "\n")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    to_draw = commands.add_parser("draw")
    to_draw.add_argument("seed", type=int)
    to_draw.add_argument("out", type=Path)
    to_sample = commands.add_parser("sample")
    to_sample.add_argument("round")
    to_sample.add_argument("seed", type=int)
    to_sample.add_argument("sets", nargs="+")
    to_sample.add_argument(
        "--as-deck",
        action="store_true",
        help="draw the MIXED cards kind by kind in the shares each set holds",
    )
    to_record = commands.add_parser("grades")
    to_record.add_argument("round")
    to_record.add_argument("commit")
    args = parser.parse_args(argv)
    if args.command == "draw":
        print(f"{len(draw(args.seed, args.out))} notes in {args.out}")
    elif args.command == "sample":
        drawn = sample(args.round, args.seed, args.sets, args.as_deck)
        print(f"cards to rate in {drawn}")
    else:
        print(f"wrote {grades(args.round, args.commit)}")


if __name__ == "__main__":
    main()
