"""Broken and hostile notes: one clear line each, nothing lost, nothing executed."""

from __future__ import annotations

import json
import os
import re
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from cards import build
from cards.cli import cli
from cards.errors import NoteError
from cards.extract.claims import extract_claims
from cards.generate.combined import make_cards
from cards.generate.context_words import spelled_in_sentence
from cards.generate.handcards import make_note_cards
from cards.generate.render import sanitize
from cards.read.folders import MAX_NOTE_BYTES
from cards.read.handsyntax import HandSyntax
from cards.read.notes import read_text
from tests.conftest import MARKUP_RESIDUE, Anki, prose_text, visible_text

GOOD = """---
title: Sleep and memory
videoId: abcdefghijk
---
From: [[sleeppodcast]]

Key findings about sleep:
- **Adenosine**: a molecule that builds sleep pressure the longer you stay awake.
- Deep sleep in the first half of the night helps the hippocampus store memories.
"""

HOSTILE_HTML = """---
title: <script>alert('title')</script> Hostile
url: javascript:alert(1)
tags: [ok, "<img src=x onerror=alert(1)>"]
---
- **Melatonin**: a hormone <script>alert(1)</script> released in darkness.
- Caffeine <iframe src="https://evil.example"></iframe> blocks adenosine receptors.
- Light <img src=x onerror="alert(1)"> at dawn resets the **circadian clock**.
- See [the study](javascript:alert(1)) and [data](data:text/html;base64,PHNjcmlwdD4=).
- The \u202eevil\u202c override hides in the **suprachiasmatic nucleus** text.
- <style>body{display:none}</style>Naps <object data="x"></object> shorter than 30
  minutes avoid **sleep inertia**.
"""

EXPECTED_SKIPS = {
    "bad_yaml.md": "frontmatter is not valid YAML (line 2)",
    "latin1.md": "not UTF-8 text (invalid byte at offset 5)",
    "binary.md": "binary file, not Markdown text",
    "huge.md": f"too large (10 MB; notes over {MAX_NOTE_BYTES >> 20} MB are skipped)",
    "broken.md": "cannot be read (No such file or directory)",
    os.fsdecode(b"caf\xe9.md"): "file name is not UTF-8",
}
UNSAFE = re.compile(
    r"<script|<iframe|<style|<object|<img|\bon\w+=|javascript:|data:text|\u202e",
    re.IGNORECASE,
)


@pytest.fixture
def hostile_vault(tmp_path: Path) -> Path:
    """A notes folder holding every kind of broken or hostile note at once."""
    vault = tmp_path / "vault"
    vault.mkdir()

    def write(name: str, content: str | bytes) -> None:
        path = vault / name
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)

    write("good.md", GOOD)
    write(os.fsdecode(b"caf\xe9.md"), "- The **espresso** is Italian coffee.\n")
    write("hostile_html.md", HOSTILE_HTML)
    write("bad_yaml.md", "---\n- [unclosed\n---\n- A claim about **sleep**.\n")
    write(
        "not_a_mapping.md",
        "---\n- one\n- two\n---\n- The **pineal gland** makes melatonin at night.\n",
    )
    write("latin1.md", "- Caf\xe9 culture loves **espresso**.\n".encode("latin-1"))
    write("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    write("empty.md", "")
    write("huge.md", ("- Filler sentence about **nothing** in particular.\n" * 200_000))
    write(
        "deep_list.md",
        "".join("  " * i + f"- level {i} **deep**\n" for i in range(300)),
    )
    write("deep_quote.md", ">" * 5000 + " The **amygdala** handles fear.\n")
    write(
        "unclosed.md", "- The **hippocampus stores memories.\n\n```python\nprint(1)\n"
    )
    write(
        "crlf_bom.md",
        b"\xef\xbb\xbf---\r\ntitle: Windows\r\n---\r\n- The **cortex** is folded.\r\n",
    )
    write(
        "tabs.md",
        "- A parent item says **REM sleep** brings dreams.\n\t- Tabs indent a child.\n",
    )
    write("zero_width.md", "- The hippo\u200bcampus forms **episodic memories**.\n")
    write(
        "long_title.md",
        f"---\ntitle: {'Very long ' * 500}\n---\n- **Glymphatic** flow clears waste.\n",
    )
    write("long_line.md", "- A **bold** start and " + "many words " * 100_000 + "\n")
    (vault / "loop").symlink_to(vault, target_is_directory=True)
    (vault / "broken.md").symlink_to(vault / "nowhere.md")
    if os.geteuid() != 0:
        write("unreadable.md", "- Secret.\n")
        (vault / "unreadable.md").chmod(0)
        EXPECTED_SKIPS_FOR_USER = {
            "unreadable.md": "cannot be read (Permission denied)"
        }
        EXPECTED_SKIPS.update(EXPECTED_SKIPS_FOR_USER)
    return vault


def test_hostile_vault_builds_with_one_line_per_bad_note(
    hostile_vault: Path, tmp_path: Path, anki: Anki
) -> None:
    deck = tmp_path / "out" / "hostile.apkg"
    result = CliRunner().invoke(cli, ["build", str(hostile_vault), "-o", str(deck)])
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output
    skipped = sorted(
        line for line in result.output.splitlines() if line.startswith("skipped ")
    )
    assert skipped == sorted(
        f"skipped {_shown(hostile_vault / name)}: {reason}"
        for name, reason in EXPECTED_SKIPS.items()
    )
    warnings = [
        line for line in result.output.splitlines() if line.startswith("warning")
    ]
    assert warnings == [
        f"warning: {hostile_vault / 'not_a_mapping.md'}: frontmatter is not a mapping "
        "of keys; ignored"
    ]

    anki.import_deck(deck)
    col = anki.collection
    shown = []
    for card_id in col.find_cards(""):
        card = col.get_card(card_id)
        question, answer = card.question(), card.answer()
        shown.append(visible_text(answer))
        without_style = re.sub(r"<style>.*?</style>", "", answer, flags=re.S)
        assert not UNSAFE.search(without_style), without_style
        assert not MARKUP_RESIDUE.search(prose_text(question))
    for note_id in col.find_notes(""):
        assert not UNSAFE.search(" ".join(col.get_note(note_id).tags))
    everything = "\n".join(shown)
    for phrase in [
        "Adenosine",  # good.md
        "Melatonin",  # hostile_html.md, its scripts gone
        "circadian clock",
        "sleep inertia",
        "pineal gland",  # frontmatter that is not a mapping
        "cortex",  # CRLF and BOM
        "REM sleep",  # tabs
        "episodic memories",  # zero-width space removed
        "Glymphatic",  # 5,000-character title
    ]:
        assert phrase in everything, phrase
    assert "evil" in everything and "\u202e" not in everything


def _shown(path: Path) -> str:
    """A path as a skip line shows it: bytes that are not UTF-8 escaped."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def test_strict_turns_any_skip_into_exit_1_without_writing(
    hostile_vault: Path, tmp_path: Path
) -> None:
    deck = tmp_path / "strict.apkg"
    result = CliRunner().invoke(
        cli, ["build", str(hostile_vault), "-o", str(deck), "--strict"]
    )
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f"Error: {len(EXPECTED_SKIPS)} notes could not be read; "
        "nothing written (--strict)"
    )
    assert not deck.exists()
    assert not (hostile_vault / ".cards").exists()


BLOCKS = st.sampled_from(
    [
        "# Heading **bold**\n",
        "## Section [[link|alias]]\n",
        "- item with **bold phrase** here.\n",
        "  - nested item about *emphasis* and `code`.\n",
        "1. numbered claim with $x^2$ math.\n",
        "> [!info] Callout\n> quoted **claim** inside.\n",
        "Lead-in that is incomplete, like:\n",
        "Paragraph with **bold** and a [link](https://x.org) [00:01:02].\n",
        "| a | b |\n|---|---|\n| 1 | 2 |\n",
        "```\ncode **not** prose\n```\n",
        '<a class="yt-timestamp" data-t="00:00:05">[00:00:05]</a>\n',
        "<script>alert(1)</script>\n",
        "\n",
    ]
)
NOISE = st.text(alphabet=list("*_`[]()!#|<>:$=\\- \tab\u202e\u200b"), max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(BLOCKS, NOISE), min_size=1, max_size=12))
def test_any_note_gives_safe_clean_cards(
    nlp: Language, parts: list[tuple[str, str]]
) -> None:
    markdown = "".join(
        block.replace("claim", f"claim {noise}") for block, noise in parts
    )
    try:
        note = read_text(markdown, Path("fuzz.md"))
    except NoteError:
        return
    for card in make_cards(list(extract_claims([note], nlp))):
        for field in (card.prompt, card.answer, card.context, card.source, card.extra):
            assert sanitize(field) == field
            assert sanitize(sanitize(field)) == sanitize(field)
            assert not UNSAFE.search(field), field
            assert not MARKUP_RESIDUE.search(prose_text(field)), field


@pytest.mark.parametrize(
    ("name", "markdown", "forbidden"),
    [
        # Cloze syntax in a note that does not write cards by hand stays text:
        # one card, one deletion.
        (
            "lead.md",
            "Use {{c2::secret}} wisely to:\n- Keep a **journal** daily.",
            "{{c2",
        ),
        # TeX that would make a link or load an extension is taken out of math.
        (
            "tex.md",
            "- The **energy** is $\\href{javascript:alert(1)}{E}=mc^2$ here.",
            "javascript",
        ),
        # A void or self-closing tag hides nothing after it.
        ("embed.md", "- See <embed src=a.pdf> the **Danube** flow east.", None),
        # A wikilink's label is cleaned like any text.
        ("link.md", "- The [[Danube|**Danube**]] flows into the **Black Sea**.", "**"),
    ],
)
def test_note_syntax_cannot_become_card_syntax(
    nlp: Language, tmp_path: Path, name: str, markdown: str, forbidden: str | None
) -> None:
    note = read_text(markdown, tmp_path / name, syntax=HandSyntax(enabled=False))
    cards = list(make_cards(list(extract_claims([note], nlp))))
    assert cards, "the note's claim still gives a card"
    for card in cards:
        assert len(set(re.findall(r"\{\{c(\d+)::", card.prompt))) == 1
        if forbidden:
            assert forbidden not in card.prompt + card.context
    if name == "embed.md":
        assert "Danube" in cards[0].answer_text


def test_yaml_alias_bomb_in_tags_is_not_expanded() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    note = read_text(f"---\n{bomb}tags: [*i, ok]\n---\nText.", Path("bomb.md")).note
    assert note.tags == ("ok",)


def test_file_name_title_loses_bidi_overrides() -> None:
    note = read_text("- Text here.", Path("evil\u202etxt.md")).note
    assert note.title == "eviltxt"


def test_ligatures_keep_offsets_right(nlp: Language) -> None:
    note = read_text(
        "- \ufb01nding the **hippocampus** matters for memory.", Path("l.md")
    )
    (card,) = make_cards(list(extract_claims([note], nlp)))
    assert card.answer_text == "hippocampus"


POISON = (
    "<script>alert(1)</script><img src=x onerror=alert(1)>"
    '<a href="javascript:alert(1)">link</a> \\(\\href{javascript:alert(1)}{E}\\)'
)


def _poisoned_state(state: Path) -> tuple[str, str]:
    """Add a retired and a live card of a note that is gone, both poisoned, to a
    build's state; return their GUIDs."""
    data = json.loads(state.read_text(encoding="utf-8"))
    poisoned = {
        "note": "gone",
        "kind": "qa",
        "fields": [POISON, POISON, POISON, "", ""],
        "tags": ["<img src=x onerror=alert(1)>", "ok"],
        "digest": "0123456789abcdef0123",
        "modified": 1_600_000_000,
    }
    retired, live = "c000000000000001", "c000000000000002"
    data["cards"][retired] = {**poisoned, "text": "One", "retired": 1_600_000_001}
    data["cards"][live] = {**poisoned, "text": "Two"}
    state.write_text(json.dumps(data), encoding="utf-8")
    return retired, live


def test_a_poisoned_state_file_reaches_the_deck_sanitized(
    notes_dir: Path, tmp_path: Path, nlp: Language, anki: Anki
) -> None:
    build(notes_dir, tmp_path / "a.apkg", nlp=nlp, now=1_700_000_000)
    guids = _poisoned_state(notes_dir / ".cards" / "state.json")
    deck = tmp_path / "b.apkg"
    summary = build(notes_dir, deck, nlp=nlp, now=1_700_000_100)
    assert summary.changes.retired == 1
    anki.import_deck(deck)
    col = anki.collection
    checked = 0
    for note_id in col.find_notes(""):
        note = col.get_note(note_id)
        if note.guid not in guids:
            continue
        checked += 1
        assert "ok" in note.tags
        assert not UNSAFE.search(" ".join(note.tags))
        for card in note.cards():
            shown = card.question() + card.answer()
            shown = re.sub(r"<style>.*?</style>", "", shown, flags=re.S)
            assert not UNSAFE.search(shown), shown
            assert "\\href" not in shown
    assert checked == 2


def test_a_damaged_state_entry_costs_only_itself(
    notes_dir: Path, tmp_path: Path, nlp: Language
) -> None:
    first = build(notes_dir, tmp_path / "a.apkg", nlp=nlp, now=1_700_000_000)
    state = notes_dir / ".cards" / "state.json"
    data = json.loads(state.read_text(encoding="utf-8"))
    damaged = sorted(data["cards"])[0]
    data["cards"][damaged]["modified"] = "yesterday"
    state.write_text(json.dumps(data), encoding="utf-8")

    again = build(notes_dir, tmp_path / "b.apkg", nlp=nlp, now=1_700_000_100)

    assert again.warnings == (
        f"{state}: card {damaged!r}: 'modified' is not a time in seconds; left out",
    )
    assert again.changes.unchanged == first.card_count - 1
    assert {e.guid for e in again.entries} == {e.guid for e in first.entries}
    assert not state.with_name("state.json.corrupt").exists()


@pytest.mark.parametrize("kind", ["fifo", "folder", "huge"])
def test_a_state_file_that_is_no_file_is_refused_with_one_line(
    notes_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    warm_cache: Path,
) -> None:
    deck = tmp_path / "a.apkg"
    command = ["build", str(notes_dir), "-o", str(deck)]
    # A build first: the next one compares the deck and state with its report.
    assert CliRunner().invoke(cli, command, catch_exceptions=False).exit_code == 0
    written = deck.read_bytes()
    state = notes_dir / ".cards" / "state.json"
    state.unlink()
    reason = "not a regular file"
    if kind == "fifo":
        os.mkfifo(state)
        # Reading a FIFO with a writer waits for ever: the writer is this test.
        writer = os.open(state, os.O_RDWR)
        signal.signal(signal.SIGALRM, _took_too_long)
        signal.alarm(20)
    elif kind == "folder":
        state.mkdir()
    else:
        monkeypatch.setattr(
            "cards.identify.state.MAX_STATE_BYTES", 1 << 20, raising=False
        )
        with state.open("wb") as sparse:
            sparse.truncate(3 << 20)
        reason = "too large (3 MB; the limit is 1 MB)"
    try:
        result = CliRunner().invoke(cli, command)
    finally:
        if kind == "fifo":
            signal.alarm(0)
            os.close(writer)
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[-1] == (
        f"Error: {state}: state file {reason}; not read"
    )
    assert deck.read_bytes() == written


def _took_too_long(*_: object) -> None:
    # Not an OSError (as TimeoutError is), which a build would take for a
    # file it cannot read and go on.
    pytest.fail("the build waited on the state file")


def test_a_long_enumeration_is_judged_without_backtracking(nlp: Language) -> None:
    """A sentence listing dozens of items once made the list-item rules try every
    way of splitting them (seconds per candidate, doubling with each comma)."""
    items = ", ".join(str(number) for number in range(1, 41))
    note = read_text(f"- Chapters {items} cover the Kelvaro method.\n", Path("a.md"))
    signal.signal(signal.SIGALRM, _took_too_long)
    signal.alarm(20)
    try:
        cards = make_note_cards(list(extract_claims([note], nlp))).cards
    finally:
        signal.alarm(0)
    assert "20" not in [card.answer_text for card in cards]  # one item of a list


def test_a_long_title_case_line_is_judged_in_time() -> None:
    """The acronym rule read every run of capitalised words from every start, each
    run to the line's end: 8,000 such words took 21 s per candidate."""
    text = " ".join(["Kelvaro"] * 12000) + " grew the NLP market."
    start = text.index("NLP")
    signal.signal(signal.SIGALRM, _took_too_long)
    signal.alarm(10)
    try:
        assert not spelled_in_sentence(text, start, start + 3)
    finally:
        signal.alarm(0)
