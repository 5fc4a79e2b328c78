"""Stage 4, check: the card rules that generation keeps and `cards check` reports,
and the figures of a deck's quality."""

from .quality import (
    MUST,
    RULES,
    QualityReport,
    card_failures,
    cards_from_package,
    check_cards,
    summary_line,
)

__all__ = [
    "MUST",
    "RULES",
    "QualityReport",
    "card_failures",
    "cards_from_package",
    "check_cards",
    "summary_line",
]
