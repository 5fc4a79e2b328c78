"""The text the commands print: one line per problem, and the report of a check.

Everything printed comes from notes or decks, which anyone may have written, so
every line goes through `one_line`: no control character reaches the terminal.
"""

from __future__ import annotations

from .generate import Card, visible_prompt
from .summary import CheckSummary

__all__ = ["check_lines", "dropped_lines", "one_line"]


def one_line(text: str) -> str:
    """A problem as one printable line: a file name may hold a line break or a
    control character, which would forge or hide a line."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def where_of(card: Card) -> str:
    claim = card.claim
    return f"{claim.note.path}:{claim.line}" if claim.line else str(claim.note.path)


def shown(text: str, limit: int = 100) -> str:
    # A deck's fields are anyone's text: no escape sequence reaches the terminal.
    flat = one_line(" ".join(text.split()))
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def check_lines(summary: CheckSummary, worst: int) -> list[str]:
    """What `cards check` prints: the counts, coverage, each rule's share against
    its target, the `worst` cards and how many claims were dropped."""
    lines: list[str] = []
    report = summary.report
    coverage = report.coverage
    if summary.from_deck:
        lines.append(f"Checked {len(report.cards)} cards from the deck")
    else:
        words = coverage.source_words if coverage else 0
        lines.append(
            f"Checked {len(report.cards)} cards from {summary.notes_read} notes "
            f"({words:,} source words): {report.cards_per_100_words:.1f} cards "
            "per 100 words"
        )
    if summary.hand_cards:
        lines.append(
            f"Written by hand: {summary.hand_cards} cards, made as written and "
            "not judged by the rules"
        )
    if summary.reversed:
        lines.append(
            f"Reversed: {summary.reversed} definition cards asked the other way "
            "too, their term from its meaning (--reverse)"
        )
    if coverage is not None:
        lines.append(
            f"Coverage: {coverage.bold_carded}/{coverage.bold_phrases} bold phrases "
            f"({coverage.bold_share:.1%}), {coverage.bullets_carded}/"
            f"{coverage.bullet_items} list items ({coverage.bullet_share:.1%})"
        )
    lines.append("")
    lines.append(f"{'rule':<24} {'pass':>11} {'share':>7} {'target':>7}")
    for result in report.results:
        mark = "ok" if result.ok else "LOW"
        lines.append(
            f"{result.rule.name:<24} {f'{result.passed}/{result.total}':>11} "
            f"{result.share:>7.1%} {result.rule.target:>7.0%}  {mark}"
        )
    worst_cards = report.worst(worst)
    if worst_cards:
        lines.append("")
        lines.append("Worst cards:")
        for card, rules in worst_cards:
            lines.append(f"  {where_of(card)}  [{', '.join(rules)}]")
            lines.append(f"      {shown(visible_prompt(card))}")
    if not summary.from_deck:
        lines.append("")
        lines.append(
            f"{len(summary.dropped)} claims dropped by a rule; "
            "'cards check --dropped' lists them"
        )
    return lines


def dropped_lines(summary: CheckSummary) -> list[str]:
    """What `cards check --dropped` prints: each claim that gave no card, the rule
    that stopped it, and where it is."""
    lines: list[str] = []
    for drop in summary.dropped:
        claim = drop.claim
        where = f"{claim.note.path}:{claim.line}"
        detail = f" ({drop.detail})" if drop.detail else ""
        lines.append(f"{where}  {drop.rule}{detail}: {shown(claim.text, 200)}")
    return lines
