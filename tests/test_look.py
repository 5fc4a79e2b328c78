"""Cards that look right: the note types as Anki holds them, rendered in Chromium
at a phone's width (the desktop reviewer itself is `test_anki_desktop.py`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page
from spacy.language import Language

from cards import build
from cards.package import CLOZE_NOTE_TYPE_ID, QA_NOTE_TYPE_ID
from tests.conftest import Anki
from tests.test_preview import browser

__all__ = ["browser"]

LONG_LEAD_IN = (
    "When the team had finished the long review of every service it owned, and "
    "after the quarterly planning meeting that followed it, the team wrote down "
    "these findings about the river and its delta:"
)
NOTE = f"""\
---
url: https://example.com/talk
---
# Rivers of Europe

## The Danube and the long sentences about it

{LONG_LEAD_IN}
- The **Danube** flows into the **Black Sea** through a wide delta.
- **Distributary**: a branch of a river that flows away from its main channel.

**Vienna** sits on the Danube, as do three other capitals.
"""


@pytest.fixture
def collection(tmp_path: Path, nlp: Language, anki: Anki) -> Anki:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "rivers.md").write_text(NOTE, encoding="utf-8")
    output = tmp_path / "rivers.apkg"
    build(notes, output, nlp=nlp)
    anki.import_deck(output)
    return anki


def test_templates_are_named_for_what_they_are(collection: Anki) -> None:
    note_types = collection.collection.models  # Anki's name for them
    names = {
        type_id: [template["name"] for template in note_types.get(type_id)["tmpls"]]
        for type_id in (CLOZE_NOTE_TYPE_ID, QA_NOTE_TYPE_ID)
    }
    assert names == {
        CLOZE_NOTE_TYPE_ID: ["Cloze deletion"],
        QA_NOTE_TYPE_ID: ["Question and answer"],
    }


def test_browse_sorts_clozes_on_a_field_without_cloze_syntax(
    collection: Anki,
) -> None:
    col = collection.collection
    (note_id,) = col.find_notes('"Text:{{c1::*"')  # the cloze starting with its blank
    sort_field = col.db.scalar("select sfld from notes where id = ?", note_id)
    assert sort_field == "Rivers of Europe › The Danube and the long sentences about it"
    for note_id in col.find_notes(""):
        assert "{{c" not in str(
            col.db.scalar("select sfld from notes where id = ?", note_id)
        )


def _card_html(collection: Anki, search: str) -> tuple[str, str]:
    col = collection.collection
    card = col.get_card(col.find_cards(search)[0])
    return card.question(), card.answer()


@pytest.fixture
def phone(browser: BrowserContext) -> Iterator[Page]:
    page = browser.new_page()
    page.set_viewport_size({"width": 400, "height": 800})
    yield page
    page.close()


_MEASURE = """() => {
  const style = (selector) => {
    const element = document.querySelector(selector);
    return element ? getComputedStyle(element) : null;
  };
  const context = document.querySelector('.context');
  const lines = context.getBoundingClientRect().height
    / parseFloat(getComputedStyle(context).lineHeight);
  const divider = document.querySelector('#answer');
  return {
    contextColor: style('.context').color,
    sourceColor: style('.source') && style('.source').color,
    linkColor: style('.source a') && style('.source a').color,
    linkLine: style('.source a') && style('.source a').textDecorationLine,
    contextLines: Math.round(lines),
    contextClipped: context.scrollHeight > context.clientHeight + 1,
    overflow: document.documentElement.scrollWidth
      - document.documentElement.clientWidth,
    rules: document.querySelectorAll('hr').length,
    divider: divider && {
      top: style('#answer').borderTopStyle,
      bottom: style('#answer').borderBottomStyle,
      height: divider.getBoundingClientRect().height,
    },
  };
}"""


def _measure(page: Page, html: str, *, night: bool = False) -> dict[str, Any]:
    mode = " nightMode night_mode" if night else ""
    page.set_content(f'<html><body class="card{mode}">{html}</body></html>')
    result: dict[str, Any] = page.evaluate(_MEASURE)
    return result


def test_source_links_look_like_links_day_and_night(
    collection: Anki, phone: Page
) -> None:
    _, answer = _card_html(collection, '"Text:*Vienna*"')
    for night in (False, True):
        seen = _measure(phone, answer, night=night)
        assert seen["linkLine"] == "underline"
        assert seen["linkColor"] not in {seen["contextColor"], seen["sourceColor"]}


def test_the_answer_divider_is_one_thin_line(collection: Anki, phone: Page) -> None:
    _, answer = _card_html(collection, '"Front:*Distributary*"')
    seen = _measure(phone, answer)
    assert seen["rules"] == 0, "an <hr> also takes Anki's own rule"
    assert seen["divider"]["top"] == "solid" and seen["divider"]["bottom"] == "none"
    assert seen["divider"]["height"] <= 1.5


def test_a_long_context_is_shortened_on_the_front_only(
    collection: Anki, phone: Page
) -> None:
    question, answer = _card_html(collection, '"Text:*Black Sea*"')
    front = _measure(phone, question)
    assert front["contextLines"] <= 2 and front["contextClipped"]
    assert front["overflow"] <= 0, "nothing wider than a phone"
    back = _measure(phone, answer)
    assert back["contextLines"] > 2 and not back["contextClipped"]
    assert back["overflow"] <= 0
