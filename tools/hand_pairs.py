"""How many of the cards people wrote in their notes come out as written.

usage: python tools/hand_pairs.py [PAIRED_DIR] [--misses N]

PAIRED_DIR (default ../shared/corpus/paired) holds ``pairs.jsonl`` and
``originals/<owner>__<name>/<path>``: real notes and the cards written in them.
Each original is read with its vault's own separators (`SYNTAXES`, what each
owner set in the plugin) and its hand-written cards made; a card of
``pairs.jsonl`` comes out as written when one of them has the same sides (both
rendered by cards, compared without case, spacing or punctuation), and a cloze
when one hides the same answer in the same text. No spaCy: only reading.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from rapidfuzz import fuzz

from cards.generate.handcards import hand_claims, make_hand_card, render_side
from cards.read.handsyntax import HandSyntax
from cards.read.notes import read_note

SYNTAXES = {
    "iturdikulov/notes": HandSyntax(
        separators=('<wbr class="f">',),
        multiline_separators=('<br class="f">', '<span class="f"></span>'),
        highlights="always",
    ),
    "ransurf/quartz": HandSyntax(
        separators=(";;",),
        reversed_separators=(";;;",),
        highlights="never",
    ),
    "nguyenhphilip/my-dg": HandSyntax(),
}
"""Each vault's separators, as its owner set them (see the corpus README)."""
SAME = 90.0
"""rapidfuzz ratio from which two sides read the same (a stray mark or space)."""
_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::[^{}]*)?\}\}", re.S)
_TAG = re.compile(r"<[^>]+>")


def _words(html_text: str) -> str:
    text = _TAG.sub(" ", _CLOZE.sub(r"\1", html_text))
    return " ".join(re.findall(r"\w+", text.lower()))


def _side(markdown: str) -> str:
    return _words(render_side(markdown)[0])


def _same(first: str, second: str) -> bool:
    return first == second or fuzz.ratio(first, second) >= SAME


def evaluate(folder: Path) -> tuple[Counter[str], list[str]]:
    """Count hand cards found per syntax; list the ones missed."""
    counts: Counter[str] = Counter()
    misses: list[str] = []
    for row in map(json.loads, (folder / "pairs.jsonl").open(encoding="utf-8")):
        repo = row["repo"]
        path = folder / "originals" / repo.replace("/", "__") / row["path"]
        note = read_note(path, path.parent, SYNTAXES[repo]).note
        made = [make_hand_card(parsed.claim) for parsed in hand_claims(note)]
        qa = [(_words(c.prompt), _words(c.answer)) for c in made if c.kind == "qa"]
        clozes = [c.prompt for c in made if c.kind == "cloze"]
        for card in row["human_cards"]:
            if "front" in card:
                want = (_side(card["front"]), _side(card["back"]))
                found = any(_same(want[0], f) and _same(want[1], b) for f, b in qa)
            else:
                text = _side(card["cloze_text"])
                answer = _side(card["answer"])
                found = any(
                    _same(_words(prompt), text)
                    and any(_words(a) == answer for a in _CLOZE.findall(prompt))
                    for prompt in clozes
                )
            kind = "qa" if "front" in card else "cloze"
            counts[f"{kind} written"] += 1
            counts[f"{kind} found"] += found
            if not found:
                misses.append(f"{repo}/{row['path']}: {json.dumps(card)[:160]}")
        counts["made"] += len(made)
    return counts, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "folder", nargs="?", type=Path, default=Path("../shared/corpus/paired")
    )
    parser.add_argument("--misses", type=int, default=0)
    args = parser.parse_args()
    counts, misses = evaluate(args.folder)
    written = counts["qa written"] + counts["cloze written"]
    found = counts["qa found"] + counts["cloze found"]
    print(
        f"hand cards written {written}, made as written {found} "
        f"({found / max(written, 1):.1%}): Q&A {counts['qa found']}/"
        f"{counts['qa written']}, cloze {counts['cloze found']}/"
        f"{counts['cloze written']}; cards made {counts['made']}"
    )
    for line in misses[: args.misses]:
        print("  missed", line)


if __name__ == "__main__":
    main()
