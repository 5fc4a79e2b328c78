"""``cards preview``: one HTML page showing every card as Anki would, with its flags.

The page is read three ways: as text (what it says), against Anki's own rendering of
the same deck (that it shows what Anki shows), and in a real headless Chromium (that
the cards are visible and the filters hide the right ones).
"""

from __future__ import annotations

import html
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from playwright.sync_api import BrowserContext, Page, sync_playwright
from spacy.language import Language

from cards import BuildSummary, build, write_preview
from cards.cli import cli
from cards.generate.render import visible_prompt
from cards.package import card_fields
from cards.preview import render_card
from tests.conftest import SAMPLE_CARDS, Anki, visible_text
from tests.test_hostile import HOSTILE_HTML

FLAGGED_NOTE = """---
title: Sleep
tags: [health/sleep]
---
- The hippocampus stores memories during **the deep sleep of the early night**.
- **Adenosine**: a molecule that builds sleep pressure the longer you stay awake.
"""
"""Its cloze asks for a six-word answer: a card that breaks 'answer 1-5 words'."""

HOSTILE_NAME = "\"'><img src=x onerror=alert(1)>.md"
"""A note's file name ends up in attributes and options: it must stay text."""


def words(text: str) -> str:
    return " ".join(html.unescape(text).split())


def squashed(fragment: str) -> str:
    """Text without tags or spacing: inline tags may or may not separate words."""
    return "".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def entries(page: str) -> list[str]:
    """Each card's <article> of the page, in order."""
    return re.findall(r'<article class="entry".*?</article>', page, flags=re.S)


@dataclass(frozen=True, slots=True)
class Preview:
    summary: BuildSummary
    path: Path

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


@pytest.fixture
def sample(notes_dir: Path, tmp_path: Path, nlp: Language) -> Preview:
    """The preview of the sample notes."""
    output = tmp_path / "preview.html"
    return Preview(write_preview(notes_dir, output, nlp=nlp), output)


# The command and its options.


def test_preview_with_no_arguments_writes_output_notes_html(project: Path) -> None:
    result = CliRunner().invoke(cli, ["preview"], catch_exceptions=False)
    assert result.exit_code == 0
    html_out = Path("output") / "notes.html"
    assert result.output == f"Wrote {SAMPLE_CARDS} cards to {html_out}\n"
    page = (project / "output" / "notes.html").read_text(encoding="utf-8")
    assert len(entries(page)) == SAMPLE_CARDS
    assert not (project / "notes" / ".cards").exists(), "a preview leaves the state"
    assert not (project / "output" / "notes.apkg").exists(), "and writes no deck"


def test_preview_to_a_chosen_file_and_deck(project: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["preview", "notes", "-o", "site/cards.html", "--deck", "Podcast <notes>"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    page = (project / "site" / "cards.html").read_text(encoding="utf-8")
    assert "<title>Podcast &lt;notes&gt;: cards preview</title>" in page


def test_preview_of_one_note_and_of_several(project: Path) -> None:
    one = "notes/engineers-in-senior-leadership-positions.md"
    other = "notes/empowering-engineers-in-leadership-roles.md"
    result = CliRunner().invoke(
        cli, ["preview", one, "-o", "one.html"], catch_exceptions=False
    )
    single = len(entries((project / "one.html").read_text(encoding="utf-8")))
    assert result.output == f"Wrote {single} cards to one.html\n"
    CliRunner().invoke(
        cli, ["preview", one, other, "-o", "two.html"], catch_exceptions=False
    )
    assert (
        len(entries((project / "two.html").read_text(encoding="utf-8")))
        == SAMPLE_CARDS
        > single
    )


def test_preview_with_an_unknown_model_is_one_error_line(project: Path) -> None:
    result = CliRunner().invoke(cli, ["preview", "--model", "xx_no_such_pipeline"])
    assert result.exit_code == 1
    assert result.output.startswith(
        "Error: spaCy pipeline 'xx_no_such_pipeline' is not installed; install one"
    )
    assert len(result.output.splitlines()) == 1
    assert not (project / "output" / "notes.html").exists()


def test_no_cache_leaves_the_claim_cache_empty(
    project: Path, private_cache: Path
) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["preview", "--no-cache"], catch_exceptions=False)
    assert result.exit_code == 0
    assert not any(private_cache.iterdir())
    runner.invoke(cli, ["preview"], catch_exceptions=False)
    assert any(private_cache.iterdir())


def test_open_shows_the_page_in_a_browser(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(click, "launch", lambda url, **_: opened.append(url) or 0)
    result = CliRunner().invoke(
        cli, ["preview", "-o", "p.html", "--open"], catch_exceptions=False
    )
    assert result.exit_code == 0
    assert opened == ["p.html"]
    assert (project / "p.html").is_file()


def test_skipped_note_is_listed_and_exit_code_3(project: Path) -> None:
    (project / "notes" / "broken.md").write_text("---\n- [oops\n---\nText.")
    result = CliRunner().invoke(cli, ["preview"], catch_exceptions=False)
    assert result.exit_code == 3
    reason = f"{Path('notes') / 'broken.md'}: frontmatter is not valid YAML (line 2)"
    assert f"skipped {reason}" in result.output
    page = (project / "output" / "notes.html").read_text(encoding="utf-8")
    assert f"skipped {html.escape(reason)}" in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cards.md", None, "cards.md: a preview must be written to an .html file"),
        ("deck.apkg", None, "deck.apkg: a preview must be written to an .html file"),
        (
            "index.html",
            "<p>my home page</p>",
            "index.html: exists and is not a cards preview; not written",
        ),
    ],
)
def test_preview_never_overwrites_what_it_did_not_write(
    project: Path, name: str, content: str | None, message: str
) -> None:
    if content is not None:
        (project / name).write_text(content)
    result = CliRunner().invoke(cli, ["preview", "-o", name])
    assert result.exit_code == 1
    assert result.output == f"Error: {message}\n"
    if content is not None:
        assert (project / name).read_text() == content


def test_preview_replaces_its_own_page(project: Path) -> None:
    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(cli, ["preview", "-o", "p.html"], catch_exceptions=False)
        assert result.exit_code == 0


# What the page says.


def test_every_card_is_on_the_page_front_and_back(sample: Preview) -> None:
    summary, page = sample.summary, sample.text
    articles = entries(page)
    assert len(articles) == len(summary.cards) == SAMPLE_CARDS
    for card, article in zip(summary.cards, articles, strict=True):
        text = squashed(article)
        assert squashed(visible_prompt(card)) in text
        assert squashed(card.answer_text) in text, "the back shows the answer"
        assert squashed(card.claim.note.title) in text, "and the context"
        assert "youtube.com/watch?v=Z9ftpRhRiJE" in article, "and the source link"
        assert all(tag in text for tag in card.tags)
        assert "Passes every rule" in article
    shown = f'<span id="shown">{SAMPLE_CARDS}</span> of {SAMPLE_CARDS} cards shown'
    assert f'id="count">{shown}' in page


def test_every_text_and_script_is_inline(sample: Preview) -> None:
    page = sample.text
    assert not re.search(r"<(?:link|img|iframe)\b|\bsrc=|@import|url\(", page)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_flags_are_the_rules_cards_check_finds_broken(
    write_note: Callable[[str, str], Path], nlp: Language, tmp_path: Path
) -> None:
    note = write_note("sleep.md", FLAGGED_NOTE)
    output = tmp_path / "preview.html"
    summary = write_preview(note.parent, output, nlp=nlp)
    assert summary.quality is not None
    failures = summary.quality.failures
    assert list(failures.values()) == [("answer 1-5 words",)]
    for index, article in enumerate(entries(output.read_text(encoding="utf-8"))):
        if index in failures:
            assert '<li class="should"' in article
            assert "answer 1-5 words" in article
            assert 'data-flags="1"' in article
        else:
            assert "Passes every rule" in article
    assert "1 pass every rule" in output.read_text(encoding="utf-8")


def test_front_and_back_are_what_anki_shows(
    sample: Preview, notes_dir: Path, tmp_path: Path, anki: Anki, nlp: Language
) -> None:
    summary = sample.summary
    deck = tmp_path / "deck.apkg"
    build(notes_dir, deck, nlp=nlp)
    anki.import_deck(deck)
    col = anki.collection
    ours = {card_fields(card)[0]: render_card(card) for card in summary.cards}
    card_ids = col.find_cards("")
    assert len(card_ids) == len(ours)
    for card_id in card_ids:
        card = col.get_card(card_id)
        front, back = ours[card.note().fields[0]]
        assert words(visible_text(front)) == words(visible_text(card.question()))
        assert words(visible_text(back)) == words(visible_text(card.answer()))


class _Elements(HTMLParser):
    """Every element and attribute of a page, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend((name, value or "") for name, value in attrs)


@pytest.fixture
def hostile(tmp_path: Path, nlp: Language) -> Path:
    vault = tmp_path / "hostile"
    vault.mkdir()
    (vault / "hostile_html.md").write_text(HOSTILE_HTML, encoding="utf-8")
    (vault / HOSTILE_NAME).write_text(
        "---\ntitle: <b onmouseover=alert(1)>Bold</b>\n---\n"
        "- Sleep clears **adenosine** from the brain every night.\n",
        encoding="utf-8",
    )
    output = tmp_path / "hostile.html"
    write_preview(vault, output, nlp=nlp, use_cache=False)
    return output


def test_a_hostile_note_cannot_reach_the_page_as_code(hostile: Path) -> None:
    page = hostile.read_text(encoding="utf-8")
    parsed = _Elements()
    parsed.feed(page)
    assert parsed.tags.count("script") == 1 and parsed.tags.count("style") == 1
    assert not {"img", "iframe", "object", "embed", "base"} & set(parsed.tags)
    assert not [name for name, _ in parsed.attributes if name.startswith("on")]
    links = [value for name, value in parsed.attributes if name == "href"]
    assert all(link.startswith(("https://", "obsidian://")) for link in links), links
    assert "onerror=alert(1)&gt;.md" in page, "the file name is shown, as text"


# In a real browser.

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""The network here is closed: without these Chromium waits on connections."""


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """Debian's Chromium, driven by Playwright (which downloads no browser of its own).

    CI must run this test, so there a missing Chromium fails it; elsewhere it is
    skipped with the reason.
    """
    executable = shutil.which("chromium")
    if executable is None:
        reason = "chromium is not installed; 'make test' installs it with apt-get"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            tmp_path_factory.mktemp("chromium-profile"),
            executable_path=executable,
            headless=True,
            args=CHROMIUM_FLAGS,
        )
        yield context
        context.close()


@pytest.fixture
def open_page(browser: BrowserContext) -> Iterator[Page]:
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    page.close()
    assert not dialogs, "a script from a note ran"


def cards_shown(page: Page) -> int:
    return page.locator(".entry:visible").count()


def test_every_card_is_visible_and_the_filters_hide_the_rest(
    sample: Preview, open_page: Page
) -> None:
    summary, page = sample.summary, open_page
    page.goto(sample.path.as_uri())
    assert cards_shown(page) == SAMPLE_CARDS
    assert page.locator("#shown").inner_text() == str(SAMPLE_CARDS)

    page.select_option("select[name=kind]", "qa")
    qa = summary.cards_by_kind.get("qa", 0)
    assert cards_shown(page) == qa
    assert page.locator("#shown").inner_text() == str(qa)
    assert page.locator(".entry:visible[data-kind=cloze]").count() == 0

    page.select_option("select[name=kind]", "")
    note = "empowering-engineers-in-leadership-roles"
    page.select_option("select[name=note]", note)
    in_note = sum(1 for card in summary.cards if card.claim.note.name == note)
    assert cards_shown(page) == in_note > 0

    page.select_option("select[name=note]", "")
    page.select_option("select[name=tag]", "topic")  # a parent finds its children
    assert cards_shown(page) == SAMPLE_CARDS
    page.select_option("select[name=tag]", "")

    page.fill("input[name=q]", "reasons for any")
    assert cards_shown(page) == 1
    page.fill("input[name=q]", "passes every rule")  # the page's words, not a card's
    assert cards_shown(page) == 0
    page.fill("input[name=q]", "no card says this")
    assert cards_shown(page) == 0
    assert page.locator("#none").is_visible()
    page.fill("input[name=q]", "")
    page.check("input[name=flagged]")
    assert cards_shown(page) == 0, "every sample card passes every rule"


def test_only_the_pages_own_script_runs(sample: Preview, open_page: Page) -> None:
    """The policy is the second lock: were a script to slip past the sanitizer,
    the browser would still refuse to run it."""
    smuggled = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    page = sample.text.replace("<main>", f"<main>{smuggled}")
    sample.path.write_text(page, encoding="utf-8")
    open_page.goto(sample.path.as_uri())
    open_page.select_option("select[name=kind]", "cloze")
    shown = open_page.locator("#shown").inner_text()
    assert shown == str(sample.summary.cards_by_kind["cloze"]), (
        "the page's own script ran"
    )


def test_without_javascript_every_card_shows(sample: Preview, open_page: Page) -> None:
    session = open_page.context.new_cdp_session(open_page)
    session.send("Emulation.setScriptExecutionDisabled", {"value": True})
    open_page.goto(sample.path.as_uri())
    assert cards_shown(open_page) == SAMPLE_CARDS
    assert not open_page.locator("#filters").is_visible()


def test_a_hostile_note_runs_nothing_in_the_browser(
    hostile: Path, open_page: Page
) -> None:
    open_page.goto(hostile.as_uri())
    assert cards_shown(open_page) > 0
    assert open_page.locator("select[name=note] option").count() == 3
    open_page.select_option("select[name=note]", HOSTILE_NAME.removesuffix(".md"))
    assert cards_shown(open_page) == 1
