"""The Anki note types cards writes: their fields, templates and CSS.

Clozes and questions have one each; the third, for definitions reversed
(``--reverse``), is written only into decks that hold such a card. A reversed card
is a note of its own, not a second template of the question's note type: the
question's note must keep its note type whether or not ``--reverse`` is on, as
Anki's importer skips a known note whose note type changed (see the README's
*Reversed definitions*).

A note type's id is fixed: changing its fields or templates under the same id makes
Anki freeze the notes it has, so such a change needs a new id (see the README). The
CSS and the templates' HTML may change freely. genanki calls a note type a model;
here "model" is the spaCy pipeline alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..generate import Card, ReverseSides

__all__ = [
    "CLOZE_NOTE_TYPE",
    "CLOZE_NOTE_TYPE_ID",
    "CSS",
    "NOTE_TYPES",
    "QA_NOTE_TYPE",
    "QA_NOTE_TYPE_ID",
    "REVERSE_NOTE_TYPE",
    "REVERSE_NOTE_TYPE_ID",
    "NoteType",
    "card_fields",
    "reverse_fields",
]


@dataclass(frozen=True, slots=True)
class NoteType:
    """A note type, as genanki's ``Model`` takes it: `cards.package.deck` makes
    one when it writes a deck, so that a build with nothing to write never imports
    genanki (and the asyncio it brings along)."""

    model_id: int
    name: str
    fields: tuple[dict[str, str], ...]
    templates: tuple[dict[str, str], ...]
    css: str
    cloze: bool = False
    sort_field_index: int = 0


CLOZE_NOTE_TYPE_ID = 1553009025
QA_NOTE_TYPE_ID = 2081677738
REVERSE_NOTE_TYPE_ID = 1516751499

CSS = """\
.card {
  font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 1.25rem;
  line-height: 1.5;
  text-align: left;
  color: #1d1d1f;
  background: #fdfdfb;
  max-width: 42rem;
  margin: 0 auto;
  padding: 0.75rem 1rem;
}
.context {
  font-size: 0.8rem;
  color: #6b6b70;
  margin-bottom: 0.9rem;
  letter-spacing: 0.01em;
  overflow-wrap: anywhere;
}
.context.short {
  display: -webkit-box;
  -webkit-box-orient: vertical;
  -webkit-line-clamp: 2;
  overflow: hidden;
}
.prompt { font-size: 1.25rem; overflow-wrap: anywhere; }
.answer { margin-top: 0.5rem; overflow-wrap: anywhere; }
.divider {
  height: 0;
  margin: 0.9rem 0;
  border: none;
  border-top: 1px solid rgba(127, 127, 127, 0.35);
}
.cloze { font-weight: 600; color: #0a58ca; }
.extra { margin-top: 0.9rem; font-size: 0.95rem; color: #3a3a3c; }
.extra img { max-width: 100%; height: auto; }
.source { margin-top: 1.2rem; font-size: 0.8rem; color: #6b6b70; }
.source a { color: #0a58ca; text-decoration: underline; }
code {
  font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace;
  font-size: 0.9em;
  background: rgba(127, 127, 127, 0.15);
  padding: 0.05em 0.3em;
  border-radius: 4px;
}
.mobile .card { font-size: 1.1rem; padding: 0.5rem; }
.nightMode.card, .night_mode .card { color: #e6e6e6; background: #1e1e20; }
.nightMode .context, .night_mode .context,
.nightMode .source, .night_mode .source { color: #a1a1a6; }
.nightMode .extra, .night_mode .extra { color: #d0d0d4; }
.nightMode .cloze, .night_mode .cloze,
.nightMode .source a, .night_mode .source a { color: #6ea8fe; }
"""

_SHORT_CONTEXT = '<div class="context short">{{Context}}</div>'
"""On the front a long context stops after two lines (a lead-in sentence ran to four
on a phone); the back shows it whole."""
_CONTEXT = '<div class="context">{{Context}}</div>'
_CLOZE = '<div class="prompt">{{cloze:Text}}</div>'
_FRONT = '<div class="prompt">{{Front}}</div>'
_DIVIDER = '<div id="answer" class="divider"></div>'
"""Where the answer starts (Anki scrolls to '#answer'): a rule of our own, since an
'<hr>' took Anki's own style as well as ours and showed a double line."""
_TAIL = (
    '{{#Extra}}<div class="extra">{{Extra}}</div>{{/Extra}}\n'
    '<div class="source">{{Source}}</div>'
)

CLOZE_NOTE_TYPE = NoteType(
    CLOZE_NOTE_TYPE_ID,
    "cards: Cloze",
    fields=(
        {"name": "Text"},
        {"name": "Context"},
        {"name": "Source"},
        {"name": "Extra"},
    ),
    templates=(
        {
            "name": "Cloze deletion",
            "qfmt": f"{_SHORT_CONTEXT}\n{_CLOZE}",
            "afmt": f"{_CONTEXT}\n{_CLOZE}\n{_TAIL}",
        },
    ),
    css=CSS,
    cloze=True,
    # Browse sorts on this field: the text would show '{{c1::' when a cloze
    # starts with its blank.
    sort_field_index=1,
)

QA_NOTE_TYPE = NoteType(
    QA_NOTE_TYPE_ID,
    "cards: Q&A",
    fields=(
        {"name": "Front"},
        {"name": "Back"},
        {"name": "Context"},
        {"name": "Source"},
        {"name": "Extra"},
    ),
    templates=(
        {
            "name": "Question and answer",
            "qfmt": f"{_SHORT_CONTEXT}\n{_FRONT}",
            "afmt": (
                f"{_CONTEXT}\n{_FRONT}\n{_DIVIDER}\n"
                f'<div class="answer">{{{{Back}}}}</div>\n{_TAIL}'
            ),
        },
    ),
    css=CSS,
)

_ASK_CSS = """\
.ask { margin-top: 0.6rem; font-size: 0.8rem; color: #6b6b70; }
.nightMode .ask, .night_mode .ask { color: #a1a1a6; }
"""

REVERSE_NOTE_TYPE = NoteType(
    REVERSE_NOTE_TYPE_ID,
    "cards: Reversed",
    fields=(
        {"name": "Definition"},
        {"name": "Term"},
        {"name": "Context"},
        {"name": "Source"},
        {"name": "Extra"},
    ),
    templates=(
        {
            "name": "Term from its definition",
            "qfmt": (
                f'{_SHORT_CONTEXT}\n<div class="prompt">{{{{Definition}}}}</div>\n'
                '<div class="ask">Which term is this?</div>'
            ),
            "afmt": (
                f'{_CONTEXT}\n<div class="prompt">{{{{Definition}}}}</div>\n'
                f'{_DIVIDER}\n<div class="answer">{{{{Term}}}}</div>\n{_TAIL}'
            ),
        },
    ),
    # Its own copy of the style: the others' CSS stays as it was, byte for byte.
    css=CSS + _ASK_CSS,
    # Browse lists the notes by the term they ask for.
    sort_field_index=1,
)

NOTE_TYPES = {
    "cloze": CLOZE_NOTE_TYPE,
    "qa": QA_NOTE_TYPE,
    "reverse": REVERSE_NOTE_TYPE,
}
"""Each kind of card's note type; 'reverse' is a definition asked the other way."""


def card_fields(card: Card) -> tuple[str, ...]:
    """A card's fields in its note type's order."""
    if card.kind == "cloze":
        return (card.prompt, card.context, card.source, card.extra)
    return (card.prompt, card.answer, card.context, card.source, card.extra)


def reverse_fields(card: Card, sides: ReverseSides) -> tuple[str, ...]:
    """A definition card's reversed card's fields, in its note type's order."""
    return (sides.definition, sides.term, card.context, card.source, card.extra)
