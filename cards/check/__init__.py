"""Stage 4, check: a set of cards measured against the card rules
(`cards.generate.RULES`, which generation keeps) and the figures of a deck's
quality, for the build's summary line and ``cards check``."""

from .quality import (
    QualityReport,
    card_failures,
    check_cards,
    check_package,
    summary_line,
)

__all__ = [
    "QualityReport",
    "card_failures",
    "check_cards",
    "check_package",
    "summary_line",
]
