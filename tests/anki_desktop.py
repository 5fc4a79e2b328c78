"""Drive the real Anki desktop: import a deck, review its first card, measure it.

usage: python tests/anki_desktop.py DECK.apkg OUT_DIR   (under xvfb-run)

Run by `test_anki_desktop.py` in a process of its own. Anki starts with a fresh
profile in OUT_DIR/base (its first-run language dialog answered 'English'),
imports the deck, opens the reviewer at a phone's width, and for the question, the
answer, and the answer in night mode writes what the learner sees (computed styles,
sizes) to OUT_DIR/seen.json and a screenshot to OUT_DIR/<step>.png.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import aqt
from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
from aqt import gui_hooks
from aqt.profiles import ProfileManager
from aqt.qt import QTimer

WIDTH = 400
SETTLE_MS = 1500
"""How long the reviewer's web view gets to lay a card out before it is measured."""
SETTLE_TRIES = 5

MEASURE = """(() => {
  const style = (selector) => {
    const element = document.querySelector(selector);
    return element ? getComputedStyle(element) : null;
  };
  const context = document.querySelector('.context');
  const divider = document.querySelector('#answer');
  const link = style('.source a');
  return JSON.stringify({
    body: document.body.className,
    width: document.documentElement.clientWidth,
    overflow: document.documentElement.scrollWidth
      - document.documentElement.clientWidth,
    contextText: context ? context.textContent : null,
    contextLines: context ? Math.round(context.getBoundingClientRect().height
      / parseFloat(getComputedStyle(context).lineHeight)) : null,
    contextClipped: context ? context.scrollHeight > context.clientHeight + 1 : null,
    contextColor: style('.context') && style('.context').color,
    sourceColor: style('.source') && style('.source').color,
    linkColor: link && link.color,
    linkLine: link && link.textDecorationLine,
    rules: document.querySelectorAll('hr').length,
    divider: divider && {
      top: style('#answer').borderTopStyle,
      bottom: style('#answer').borderBottomStyle,
      height: divider.getBoundingClientRect().height,
    },
  });
})()"""


def main() -> None:
    deck, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    seen: dict[str, Any] = {}
    # A fresh profile asks for a language in a modal dialog first.
    ProfileManager.setDefaultLang = (  # type: ignore[method-assign]
        lambda self, index: self.setLang("en_US")
    )

    def finish(code: int = 0) -> None:
        (out / "seen.json").write_text(json.dumps(seen, indent=2))
        assert aqt.mw is not None
        aqt.mw.close()
        QTimer.singleShot(5000, lambda: os._exit(code))

    def step(name: str, then: Any, tries: int = SETTLE_TRIES) -> None:
        """Measure the reviewer once it has settled, screenshot it, then go on.

        On a busy machine the web view may not have laid the card out when the
        time is up (its sizes come back empty): it is measured again, later."""
        assert aqt.mw is not None
        web = aqt.mw.reviewer.web

        def measured(result: str) -> None:
            seen[name] = json.loads(result)
            laid_out = all(
                seen[name].get(key) is not None
                for key in ("overflow", "contextText", "contextLines")
            )
            if not laid_out and tries > 1:
                step(name, then, tries - 1)
                return
            assert aqt.mw is not None
            aqt.mw.grab().save(str(out / f"{name}.png"))
            then()

        QTimer.singleShot(SETTLE_MS, lambda: web.evalWithCallback(MEASURE, measured))

    def opened() -> None:
        assert aqt.mw is not None and aqt.mw.col is not None
        col = aqt.mw.col
        request = ImportAnkiPackageRequest(
            package_path=str(deck), options=ImportAnkiPackageOptions()
        )
        col.import_anki_package(request)
        card = col.get_card(col.find_cards("")[0])
        seen["template"] = card.template()["name"]
        col.decks.select(card.did)
        aqt.mw.resize(WIDTH, 800)
        aqt.mw.moveToState("review")

    def question_shown(card: Any) -> None:
        gui_hooks.reviewer_did_show_question.remove(question_shown)
        step("question", show_answer)

    def show_answer() -> None:
        assert aqt.mw is not None
        aqt.mw.reviewer._showAnswer()

    def answer_shown(card: Any) -> None:
        gui_hooks.reviewer_did_show_answer.remove(answer_shown)
        step("answer", night)

    def night() -> None:
        assert aqt.mw is not None
        # The classes Anki gives the card's body in night mode.
        aqt.mw.reviewer.web.eval(
            "document.body.classList.add('nightMode', 'night_mode')"
        )
        step("night", finish)

    gui_hooks.profile_did_open.append(lambda: QTimer.singleShot(300, opened))
    gui_hooks.reviewer_did_show_question.append(question_shown)
    gui_hooks.reviewer_did_show_answer.append(answer_shown)
    aqt._run([sys.argv[0], "-b", str(out / "base")], exec=True)


if __name__ == "__main__":
    main()
