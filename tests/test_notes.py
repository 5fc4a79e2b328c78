"""The read stage: Markdown in, plain-text blocks with spans and stamps out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cards.errors import NoteError
from cards.read.folders import find_notes
from cards.read.markdown import seconds_from_time
from cards.read.notes import ParsedNote, read_note, read_text


def read(markdown: str, name: str = "note.md") -> ParsedNote:
    return read_text(markdown, Path(name))


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("Plain words.", "Plain words."),
        ("See [[target_note | the alias]] here.", "See the alias here."),
        ("See [[target_note]] here.", "See target note here."),
        ("See [[note#Heading|shown]].", "See shown."),
        ("Notes in [[Volumes Notes.pdf]] here.", "Notes in here."),
        ("Read [[paper.pdf|the 2019 paper]].", "Read the 2019 paper."),
        ("Runs on [[Node.js]] servers.", "Runs on Node.js servers."),
        (
            'Peers <a class="yt-timestamp" data-t="00:07:01">[00:07:01]</a>.',
            "Peers.",
        ),
        ("Bare time [00:12:34] is not text.", "Bare time is not text."),
        ("A [link](https://example.com) reads as text.", "A link reads as text."),
        ("An image ![alt](x.png) and ![[embed.png]] vanish.", "An image and vanish."),
        ("Line one<br/>line two.", "Line one line two."),
        ("Soft\nbreak.", "Soft break."),
        ("Entities &amp; &mdash; decode.", "Entities & — decode."),
        ("Escaped &lt;b&gt;tags&lt;/b&gt; are markup.", "Escaped tags are markup."),
        ("Less than: a < b.", "Less than: a < b."),
        ("A [safe](javascript:alert(1)) link.", "A safe link."),
        ("Money costs $5 and $10.", "Money costs $5 and $10."),
        ("A footnote[^1].\n\n[^1]: The note.", "A footnote."),
        # Two halves of '**' meeting across a line break leave no space behind.
        ("_#\n*_*", "#"),
    ],
)
def test_inline_markup_becomes_plain_text(markdown: str, text: str) -> None:
    assert read(markdown).blocks[0].text == text


_STAMP = '<a class="yt-timestamp" data-t="00:02:05">[00:02:05]</a>'


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        # A link ending the sentence that only names a related note is no words
        # of it, and its timestamp's brackets leave no space behind.
        (
            "Balance zinc with copper to avoid deficiencies "
            f"[[approach_to_supplements | Approach to Supplements]] [{_STAMP}].",
            "Balance zinc with copper to avoid deficiencies.",
        ),
        (
            f"It works at advanced ages [[the_biology_of_aging | biology of aging]] "
            f"({_STAMP}).",
            "It works at advanced ages.",
        ),
        (
            "Noise sharpens attention for learning "
            f"[[dopamines_role_in_focus | dopamine's role in focus]]. {_STAMP}",
            "Noise sharpens attention for learning.",
        ),
        # ... though another sentence follows it in the paragraph.
        (
            "Sunburn comes at midday when UV is most intense "
            "[[impact_of_light_on_circadian_rhythms]]. Redness shows it.",
            "Sunburn comes at midday when UV is most intense. Redness shows it.",
        ),
        # An alias inviting the reader elsewhere, or one alone in brackets that
        # names its note, points to a related note too; its brackets go with it.
        (
            "Twin studies put heritability near half "
            f"[[heritability_of_traits | learn about heritable traits]] [{_STAMP}].",
            "Twin studies put heritability near half.",
        ),
        (
            "Opt for unscented versions "
            f"[[processed_foods | link to pesticides impact]] [{_STAMP}].",
            "Opt for unscented versions.",
        ),
        (
            "Fermented foods help the gut [[fermented_foods | link]]. Eat some daily.",
            "Fermented foods help the gut. Eat some daily.",
        ),
        (
            "Levels peak in the luteal phase "
            "([[hormones_and_the_gut|the hormones of the gut]]) "
            f"({_STAMP}).",
            "Levels peak in the luteal phase.",
        ),
        # An alias written in its own brackets points to its note when it names
        # the note, is a time or says 'link', mid-sentence too.
        (
            "View sunlight early "
            "[[impact_of_light_on_circadian_rhythms | (Impact of Light on "
            "Circadian Rhythms)]] to steady cortisol.",
            "View sunlight early to steady cortisol.",
        ),
        (
            "Mineral sunscreens spare the skin [[sunscreens_and_skin | (02:13:33)]].",
            "Mineral sunscreens spare the skin.",
        ),
        # A one-word aside in brackets is the sentence's own, and so is a
        # bracketed alias that does not name its note.
        (
            "A hormone ([[adrenal_hormones | epinephrine]]) raises the heart rate.",
            "A hormone (epinephrine) raises the heart rate.",
        ),
        (
            "Pulses reorganise circuits [[magnetic_stimulation | (TMS)]].",
            "Pulses reorganise circuits (TMS).",
        ),
        (
            "Avoid plastics [[microplastics_and_health | (containers and can "
            "linings)]] when heating food.",
            "Avoid plastics (containers and can linings) when heating food.",
        ),
        # A file name glued to the word before it is a pointer wherever it stands.
        (
            "It adapts vision to lighting conditions[[impact_of_light_on_mood]], "
            "which shows dopamine at work.",
            "It adapts vision to lighting conditions, which shows dopamine at work.",
        ),
        # A file name shown bare may stand before a list's colon.
        (
            "A framework to reach goals [[neuroscience_of_goal_setting]]:",
            "A framework to reach goals:",
        ),
        # A link that repeats the words before it says them twice.
        (
            "Lift near failure to stimulate maximal growth "
            f"[[protocols_for_hypertrophy | to stimulate maximal growth]] ({_STAMP}).",
            "Lift near failure to stimulate maximal growth.",
        ),
        # So does one repeating three or more words said earlier in its sentence.
        (
            "Detox: Help the liver detox through diet, such as eating broccoli, to "
            f"back phase two [[detox_plans | help the liver detox through diet]] "
            f"[{_STAMP}].",
            "Detox: Help the liver detox through diet, such as eating broccoli, to "
            "back phase two.",
        ),
        # Words said earlier in another order are no repeat: only a run counts.
        (
            "Diet shapes sleep, and sleep shapes diet quality "
            "[[diet_sleep | diet and sleep quality]].",
            "Diet shapes sleep, and sleep shapes diet quality diet and sleep quality.",
        ),
        # A link after a preposition is said, whatever it repeats; two words said
        # again may be chance.
        (
            "Funds hold debt bonds, and many buy bonds through "
            "[[debt_funds | debt bonds funds]].",
            "Funds hold debt bonds, and many buy bonds through debt bonds funds.",
        ),
        (
            "The debt funds beat the rest; so choose [[fund_choice | debt funds]].",
            "The debt funds beat the rest; so choose debt funds.",
        ),
        # Words that lead into the link, or that it starts with, make it the
        # sentence's own; so does one word, or a list it opens.
        (
            f"Common in [[mood_disorders | mood disorders]] ({_STAMP}).",
            "Common in mood disorders.",
        ),
        (
            f"It aids efficiency [[metabolic_health | and metabolic health]] {_STAMP}.",
            "It aids efficiency and metabolic health.",
        ),
        (
            f"It shows its lasting global [[influence]] ({_STAMP}).",
            "It shows its lasting global influence.",
        ),
        (
            f"For more, see [[black_holes_and_stars | black holes and stars]]{_STAMP}.",
            "For more, see black holes and stars.",
        ),
        (
            f"Steps to take when buying [[unlisted_shares | unlisted shares]]{_STAMP}:",
            "Steps to take when buying unlisted shares:",
        ),
        (
            f"Sleep [[sleep_quality | sleep quality]] matters ({_STAMP}).",
            "Sleep sleep quality matters.",
        ),
    ],
)
def test_a_link_to_a_related_note_after_the_sentence_is_not_read(
    markdown: str, text: str
) -> None:
    assert read(markdown).blocks[0].text == text


@pytest.mark.parametrize(
    ("markdown", "spans"),
    [
        ("A **bold phrase** here.", [("strong", "bold phrase")]),
        ("An *emphasis* here.", [("em", "emphasis")]),
        ("Use `pip install` now.", [("code", "pip install")]),
        ("Energy $E=mc^2$ holds.", [("math", "E=mc^2")]),
        ("**Term**: explanation.", [("strong", "Term")]),
        (
            "**[[link|Linked term]]** bold.",
            [("link", "Linked term"), ("strong", "Linked term")],
        ),
        ("See [[a]] and [b](https://b.org).", [("link", "a"), ("link", "b")]),
    ],
)
def test_formatting_is_kept_as_spans(
    markdown: str, spans: list[tuple[str, str]]
) -> None:
    block = read(markdown).blocks[0]
    found = sorted((s.kind, block.text[s.start : s.end]) for s in block.spans)
    assert found == sorted(spans)


def test_timestamps_are_kept_as_seconds_at_their_place() -> None:
    block = read(
        'First <a class="yt-timestamp" data-t="00:07:01">[00:07:01]</a>. '
        "Second [01:02:03]."
    ).blocks[0]
    assert block.text == "First. Second."
    assert [(s.offset, s.seconds) for s in block.stamps] == [(5, 421), (13, 3723)]


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("00:07:01", 421), ("1:02:03", 3723), ("2:03", 123), ("later", None)],
)
def test_seconds_from_time(value: str, seconds: int | None) -> None:
    assert seconds_from_time(value) == seconds


def _anchor(time: str) -> str:
    return f'<a class="yt-timestamp" data-t="{time}">[{time}]</a>'


@pytest.mark.parametrize(
    ("times", "seconds"),
    [
        # A summary writing 'mm:ss:00': a talk is no 52 hours long.
        (["52:08:00", "00:22:00", "06:33:00"], [3128, 22, 393]),
        # 'hh:mm:ss' with real seconds stays so; past ten hours on the minute, or
        # a day or more, a time is 'mm:ss' and a part.
        (["01:18:20", "50:01:00", "29:30:19"], [4700, 3001, 1770]),
        (["01:18:20", "14:54:00", "10:15:32"], [4700, 894, 36932]),
        # Times all on the minute, none past ten hours: an hour is an hour.
        (["01:05:00", "02:10:00"], [3900, 7800]),
        # A note that also writes 'mm:ss' keeps its five minutes.
        (["05:00", "52:08:00"], [300, 3128]),
    ],
)
def test_a_note_writing_minutes_and_seconds_links_to_its_times(
    times: list[str], seconds: list[int]
) -> None:
    note = read("\n".join(f"- Fact {n} {_anchor(t)}." for n, t in enumerate(times)))
    assert [s.seconds for b in note.blocks for s in b.stamps] == seconds


@pytest.mark.parametrize(
    ("markdown", "title"),
    [
        ("---\ntitle: From frontmatter\n---\n# Heading\n\nText.", "From frontmatter"),
        ("# First heading\n\nText.", "First heading"),
        ("Just text.", "my-note"),
    ],
)
def test_title_falls_back_to_first_heading_then_file_name(
    markdown: str, title: str
) -> None:
    assert read(markdown, "my-note.md").note.title == title


@pytest.mark.parametrize(
    ("file_name", "title"),
    [
        ("Japan_and_the_World.md", "Japan and the World"),
        (
            "**Japanese_aggression_towards_China,_1933-1940**.md",
            "Japanese aggression towards China, 1933-1940",
        ),
        ("C# basics.md", "C# basics"),
    ],
)
def test_a_file_name_reads_as_a_title(file_name: str, title: str) -> None:
    assert read("Just text.", file_name).note.title == title


@pytest.mark.parametrize(
    ("frontmatter", "tags"),
    [
        ("tags: [sleep, health/circadian]", ("sleep", "health/circadian")),
        ('tags: "#sleep #focus"', ("sleep", "focus")),
        ("tags: sleep, focus", ("sleep", "focus")),
        ("tags:\n  - one\n  - two", ("one", "two")),
        ("title: none", ()),
    ],
)
def test_frontmatter_tags(frontmatter: str, tags: tuple[str, ...]) -> None:
    assert read(f"---\n{frontmatter}\n---\nText.").note.tags == tags


def test_source_fields_and_from_line() -> None:
    parsed = read(
        "---\nvideoId: abc123\nurl: https://example.com/x\n---\n"
        "From: [[lennyspodcast]] <br/>\n\nA claim with [[topic_a|a topic]]."
    )
    note = parsed.note
    assert note.video_id == "abc123"
    assert note.url == "https://example.com/x"
    assert note.source == "lennyspodcast"
    assert [block.text for block in parsed.blocks] == ["A claim with a topic."]
    assert note.links == ("lennyspodcast", "topic_a")


def test_sections_follow_the_heading_path() -> None:
    note = read("# Title\n\n## Part\n\nOne.\n\n### Sub\n\nTwo.\n\n## Next\n\nThree.")
    assert [block.section for block in note.blocks] == [
        ("Title", "Part"),
        ("Title", "Part", "Sub"),
        ("Title", "Next"),
    ]


def test_links_in_headings_read_as_their_text() -> None:
    parsed = read(
        "## About [[deep_topic|Deep Topic]] and [web](https://x.org)\n\nText."
    )
    assert parsed.blocks[0].section == ("About Deep Topic and web",)
    assert "deep_topic" in parsed.note.links


def test_list_items_know_their_lead_in_and_parent() -> None:
    note = read(
        "There is now an opportunity to:\n"
        "* Treat engineers like peers.\n"
        "    * Nested under the first item.\n"
        "* Place them in senior roles.\n\n"
        "A sentence that does not end in a colon.\n\n"
        "- Item without a lead-in.\n"
    )
    kinds = [(b.kind, b.text, b.lead_in, b.depth) for b in note.blocks]
    assert kinds == [
        ("paragraph", "There is now an opportunity to:", None, 0),
        ("item", "Treat engineers like peers.", 0, 1),
        ("item", "Nested under the first item.", 1, 2),
        ("item", "Place them in senior roles.", 0, 1),
        ("paragraph", "A sentence that does not end in a colon.", None, 0),
        ("item", "Item without a lead-in.", None, 1),
    ]


@pytest.mark.parametrize(
    ("markdown", "lead_in"),
    [
        # A short label line right above a list is its lead-in, colon or not.
        (
            "Boiling point of water\n- 100 degrees at sea level\n",
            "Boiling point of water",
        ),
        ("Kinds of clouds\n\n- Cumulus\n- Stratus\n", "Kinds of clouds"),
        ("Kinds of clouds:\n- Cumulus\n", "Kinds of clouds:"),
        ("**Anticyclone**\n- A region of high pressure\n", "Anticyclone"),
        # A sentence, a long line, or a line of time, link or image is none.
        ("Clouds form when air cools.\n- Cumulus\n", None),
        ("Why do clouds form?\n- Air cools\n", None),
        (
            "A line about the clouds we saw from the hill on the long walk home\n"
            "- Cumulus\n",
            None,
        ),
        ("[00:07:01] Clouds\n- Cumulus\n", None),
        ("[Cloud atlas](https://example.org/atlas)\n- Cumulus\n", None),
        ("![[clouds.png]] Clouds\n- Cumulus\n", None),
        ("Clouds #weather\n- Cumulus\n", None),
        # Nor is a label with a table between it and the list.
        (
            "Clouds\n\n| kind | height |\n|---|---|\n| cumulus | low |\n\n- Cumulus\n",
            None,
        ),
    ],
)
def test_a_label_line_leads_into_the_list_below(
    markdown: str, lead_in: str | None
) -> None:
    note = read(markdown)
    item = next(block for block in note.blocks if block.kind == "item")
    found = None if item.lead_in is None else note.blocks[item.lead_in].text
    assert found == lead_in


def test_numbered_and_tab_indented_lists_are_items() -> None:
    note = read("1. First step.\n2. Second step.\n\t- Tabbed child.\n")
    assert [(b.kind, b.text, b.depth) for b in note.blocks] == [
        ("item", "First step.", 1),
        ("item", "Second step.", 1),
        ("item", "Tabbed child.", 2),
    ]


def test_callout_title_is_context_not_text() -> None:
    note = read("## Sleep\n\n> [!info] Key idea\n> Light in the **morning** helps.\n")
    block = note.blocks[0]
    assert block.text == "Light in the morning helps."
    assert block.section == ("Sleep", "Key idea")


@pytest.mark.parametrize(
    "markdown",
    [
        "```python\nprint('code is not prose')\n```",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "<div>raw html block</div>",
        "$$\nE = mc^2\n$$",
        "---",
    ],
)
def test_non_prose_blocks_are_skipped(markdown: str) -> None:
    assert read(markdown).blocks == ()


@pytest.mark.parametrize(
    ("frontmatter", "warning"),
    [
        (
            "Tags: #history #france\nSource: HIST 210, Lecture 7: Bastille",
            "frontmatter is not valid YAML (line 3); read as 'Key: value' lines",
        ),
        ("date: {{date}}\ntags: daily", "frontmatter is not valid YAML (line 2); read"),
        ("- just\n- a list", "frontmatter is not a mapping of keys; ignored"),
    ],
)
def test_frontmatter_that_is_not_yaml_is_read_with_a_warning(
    frontmatter: str, warning: str
) -> None:
    parsed = read(f"---\n{frontmatter}\n---\n- A claim.\n", "odd.md")
    assert parsed.blocks[0].text == "A claim."
    (message,) = parsed.note.warnings
    assert message.startswith(f"odd.md: {warning}")


def test_key_value_frontmatter_gives_tags_and_source() -> None:
    note = read(
        "---\nTags: #history #france\nSource: HIST 210: Week 7\n---\nText."
    ).note
    assert note.tags == ("history", "france")
    assert note.url == "HIST 210: Week 7"


@pytest.mark.parametrize(
    ("markdown", "text", "seconds"),
    [
        ("Cold water ([00:09:15](#t=00:09:15)).", "Cold water.", 555),
        ("Kept the line [00:25:08, 00:25:11].", "Kept the line.", 1508),
        (
            'Proven [<a class="yt-timestamp" data-t="00:16:40">00:16:40</a>].',
            "Proven.",
            1000,
        ),
        ("Gone (00:01:02) stays as text.", "Gone (00:01:02) stays as text.", None),
        # A time linked to a related note: a timestamp, its brackets and all.
        ("Oral bacteria [[gut_health|[01:17:00]]].", "Oral bacteria.", 4620),
        ("Sleep sets mood [[sleep_quality | [00:14:00]]].", "Sleep sets mood.", 840),
        (
            'Legs up [[sleep | <a class="yt-timestamp" data-t="01:01:00">[01:01:00]'
            "</a>]].",
            "Legs up.",
            3660,
        ),
    ],
)
def test_timestamps_take_their_brackets_with_them(
    markdown: str, text: str, seconds: int | None
) -> None:
    block = read(markdown).blocks[0]
    assert block.text == text
    assert [stamp.seconds for stamp in block.stamps] == ([seconds] if seconds else [])


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("An **unclosed bold phrase.", "An unclosed bold phrase."),
        ("A stray `backtick here.", "A stray backtick here."),
        ("Half a [[link here.", "Half a link here."),
        ("Whole foods [[hydration_note|. Avoid snacks.", "Whole foods . Avoid snacks."),
    ],
)
def test_unclosed_markers_are_not_left_as_text(markdown: str, text: str) -> None:
    assert read(markdown).blocks[0].text == text


def test_crlf_and_bom_read_like_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "windows.md"
    path.write_bytes(b"\xef\xbb\xbf---\r\ntitle: Win\r\n---\r\n- **Bold**: item.\r\n")
    parsed = read_note(path, tmp_path)
    assert parsed.note.title == "Win"
    assert parsed.blocks[0].text == "Bold: item."


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"---\n- [unclosed\n---\nText.", "frontmatter is not valid YAML (line 2)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file, not Markdown text"),
        (b"caf\xe9 au lait", "not UTF-8 text (invalid byte at offset 3)"),
    ],
)
def test_unreadable_notes_raise_a_note_error_naming_the_file(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    with pytest.raises(NoteError) as error:
        read_note(path, tmp_path)
    assert str(error.value).startswith(f"{path}: {message}")


def test_find_notes_skips_hidden_and_template_folders(
    write_note: Callable[[str, str], Path],
) -> None:
    kept = write_note("a.md", "A.")
    write_note(".obsidian/b.md", "B.")
    write_note(".trash/c.md", "C.")
    write_note("templates/d.md", "D.")
    nested = write_note("sub/e.md", "E.")
    write_note("f.txt", "F.")
    assert list(find_notes(kept.parent)) == [kept, nested]


def test_note_name_is_relative_path_without_suffix(
    write_note: Callable[[str, str], Path],
) -> None:
    path = write_note("sub/deep note.md", "Text.")
    assert read_note(path, path.parent.parent).note.name == "sub/deep note"


@pytest.mark.parametrize(
    ("markdown", "text", "tags"),
    [
        # A highlight is a key phrase, read like bold.
        ("The ==key idea== matters.", "The key idea matters.", ()),
        # A tag inside a sentence keeps its word; trailing tags leave the text.
        (
            "Uses #ml/supervised learning. #exam-topic #review",
            "Uses ml/supervised learning.",
            ("ml/supervised", "exam-topic", "review"),
        ),
        # Not tags: C#, a number, a heading marker inside text.
        ("C# and issue #12 stay.", "C# and issue #12 stay.", ()),
    ],
)
def test_obsidian_highlights_and_inline_tags(
    markdown: str, text: str, tags: tuple[str, ...]
) -> None:
    parsed = read(markdown)
    assert parsed.blocks[0].text == text
    assert parsed.note.tags == tags


def test_highlight_is_a_bold_span() -> None:
    block = read("The ==key idea== matters.").blocks[0]
    assert [(s.kind, block.text[s.start : s.end]) for s in block.spans] == [
        ("strong", "key idea")
    ]


def test_notes_in_a_vault_know_their_obsidian_path(
    write_note: Callable[[str, str], Path],
) -> None:
    path = write_note("sub/My Note.md", "- A claim.")
    (path.parent.parent / ".obsidian").mkdir()
    note = read_note(path, path.parent).note
    assert (note.vault, note.vault_file) == ("vault", "sub/My Note")


@pytest.mark.parametrize(
    "header", ["From: [[lennyspodcast]] <br/>", "From: [[lennyspodcast|Lenny]]"]
)
def test_a_source_line_run_into_the_next_paragraph_is_still_the_source(
    header: str,
) -> None:
    note = read(f"{header}\nIn this episode, **Will Larson** talks about hiring.\n")
    assert note.note.source == "lennyspodcast"
    (block,) = note.blocks
    assert block.text == "In this episode, Will Larson talks about hiring."
    assert block.line == 2
