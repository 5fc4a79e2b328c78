"""Drive the real Anki desktop: import a deck, review its first card, measure it.

usage: python tests/anki_desktop.py DECK.apkg OUT_DIR   (with DISPLAY set)

Run by `test_anki_desktop.py` in a process of its own, on an Xvfb display of its
own. Anki starts with a fresh profile in OUT_DIR/base (its first-run language
dialog answered 'English'), imports the deck, opens the reviewer at a phone's
width, and for the question, the answer, and the answer in night mode writes what
the learner sees (computed styles, sizes) to OUT_DIR/seen.json and a screenshot to
OUT_DIR/<step>.png. When something goes wrong, seen.json has an "error" instead.

Each side is measured when Anki's web view has shown it, never after a delay.
Anki's Python hooks (`reviewer_did_show_question`) run as soon as the card is
handed to the web view, which shows it later, in its own time: it loads the
reviewer's page first, then puts in the card's HTML with its <style>, gives the body
the card's classes and, last, runs its `onShownHook`. A script that the
`card_will_show` hook adds to the card registers there; it waits for the web view
to be the window's width, for fonts and for two frames, checks that the card's CSS
applies, and sends the measurements back through `pycmd`. One timeout covers the
whole run and says what it was waiting for.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path
from typing import Any, NoReturn

import aqt
from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
from aqt import gui_hooks
from aqt.profiles import ProfileManager
from aqt.qt import QTimer

WIDTH = 400
TIMEOUT_S = 120
"""How long Anki gets for the whole run, start to night mode, before it fails."""
MESSAGE = "cards-seen:"

MEASURE = """() => {
  const style = (selector) => {
    const element = document.querySelector(selector);
    return element ? getComputedStyle(element) : null;
  };
  const context = document.querySelector('.context');
  const divider = document.querySelector('#answer');
  const link = style('.source a');
  return {
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
  };
}"""

REPORT = f"""async (step, render) => {{
  const send = (report) =>
    pycmd({json.dumps(MESSAGE)} + JSON.stringify({{step, render, ...report}}));
  try {{
    if (window.innerWidth !== {WIDTH}) {{
      send({{waiting: `the web view to be {WIDTH} px wide, `
        + `not ${{window.innerWidth}}, for the ${{step}}`}});
      await new Promise((resolve) => {{
        const resized = () => {{
          if (window.innerWidth === {WIDTH}) {{
            window.removeEventListener('resize', resized);
            resolve();
          }}
        }};
        window.addEventListener('resize', resized);
      }});
    }}
    await document.fonts.ready;
    await new Promise((resolve) =>
      requestAnimationFrame(() => requestAnimationFrame(resolve)));
    // Only the note type's CSS gives the body a maximum width.
    const maxWidth = getComputedStyle(document.body).maxWidth;
    if (!document.body.classList.contains('card') || maxWidth === 'none') {{
      send({{error: `Anki showed the ${{step}} before the card's style `
        + `applied (body class '${{document.body.className}}', `
        + `max-width ${{maxWidth}})`}});
      return;
    }}
    send({{seen: ({MEASURE})()}});
  }} catch (error) {{
    send({{error: `measuring the ${{step}} failed: ${{error}}`}});
  }}
}}"""
"""Report a side once the web view is the window's width and has drawn it."""


def main() -> None:
    deck, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    seen: dict[str, Any] = {}
    waiting = ["Anki to open its profile"]
    # How many times the reviewer has been given a side of a card to show.
    renders = [0]
    # A fresh profile asks for a language in a modal dialog first.
    ProfileManager.setDefaultLang = (  # type: ignore[method-assign]
        lambda self, index: self.setLang("en_US")
    )
    # No update checks: offline (as in CI) they fail over the network at a moment
    # of their own, during the reviewer's first renders. One run of the suite on a
    # fresh clone (2026-12-07) never got the question's report, after such a
    # failure; without the checks, Anki's start touches no network.
    ProfileManager.check_for_updates = lambda self: False  # type: ignore[method-assign]
    ProfileManager.check_for_addon_updates = (  # type: ignore[method-assign]
        lambda self: False
    )

    def finish(error: str | None = None) -> NoReturn:
        if error is not None:
            seen["error"] = error
        (out / "seen.json").write_text(json.dumps(seen, indent=2))
        # The test kills what is left (web view processes, Xvfb); a clean
        # shutdown of a throwaway profile would only cost time.
        os._exit(0 if error is None else 1)

    def timed_out() -> NoReturn:
        finish(f"gave up after {TIMEOUT_S} s waiting for {waiting[0]}")

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
        waiting[0] = "the reviewer to show the question"
        aqt.mw.moveToState("review")

    def card_will_show(text: str, card: Any, kind: str) -> str:
        step = {"reviewQuestion": "question", "reviewAnswer": "answer"}.get(kind)
        if step is None:
            return text
        renders[0] += 1
        # Braces, so that Anki's queue of cards to show does not wait on the report.
        call = f"onShownHook.push(() => {{ ({REPORT})('{step}', {renders[0]}); }})"
        return f"{text}<script>{call}</script>"

    def received(
        handled: tuple[bool, Any], message: str, context: Any
    ) -> tuple[bool, Any]:
        if not message.startswith(MESSAGE):
            return handled
        report = json.loads(message.removeprefix(MESSAGE))
        if report["render"] != renders[0]:
            # Anki shows the first question twice: _showQuestion() gives the web
            # view focus, and the focus change refreshes the reviewer again from
            # inside nextCard(), before it has noted the queue shown. Only the
            # later render counts; it reports in its turn.
            return (True, None)
        step = report["step"]
        if "waiting" in report:
            waiting[0] = report["waiting"]
            return (True, None)
        if "error" in report:
            finish(report["error"])
        seen[step] = report["seen"]
        assert aqt.mw is not None
        aqt.mw.grab().save(str(out / f"{step}.png"))
        # Go on once this message is handled, not inside the web view's callback.
        QTimer.singleShot(0, then[step])
        return (True, None)

    def show_answer() -> None:
        assert aqt.mw is not None
        waiting[0] = "the reviewer to show the answer"
        aqt.mw.reviewer._showAnswer()

    def night() -> None:
        assert aqt.mw is not None
        waiting[0] = "the answer in night mode"
        # The classes Anki gives the card's body in night mode.
        aqt.mw.reviewer.web.eval(
            "document.body.classList.add('nightMode', 'night_mode');"
            f"({REPORT})('night', {renders[0]})"
        )

    then = {"question": show_answer, "answer": night, "night": finish}
    # A thread of its own, so that it runs from the start, before Qt does, and
    # even if Qt's event loop hangs.
    threading.Timer(TIMEOUT_S, timed_out).start()
    # On the next turn of the event loop, once Anki has finished opening it.
    gui_hooks.profile_did_open.append(lambda: QTimer.singleShot(0, opened))
    gui_hooks.card_will_show.append(card_will_show)
    gui_hooks.webview_did_receive_js_message.append(received)
    aqt._run([sys.argv[0], "-b", str(out / "base")], exec=True)
    finish(f"Anki quit while waiting for {waiting[0]}")


if __name__ == "__main__":
    main()
