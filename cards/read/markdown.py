"""The Markdown parser: CommonMark (markdown-it-py) with the syntax of Obsidian notes.

Four inline rules of our own turn what Obsidian writes into tokens of their own:
``[[target|alias]]`` links and ``![[embed]]``s, ``#tags``, ``==highlights==`` (read
as bold) and bare ``[hh:mm:ss]`` timestamps. Tables, strikethrough, ``$math$`` and
footnotes are parsed too, so that the reader can leave them out of a card's text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin

__all__ = ["PARSER", "SHORT_TIME", "note_times", "seconds_from_time", "strip_html"]

_TIME = re.compile(r"(?:(\d{1,2}):)?([0-5]?\d):([0-5]\d)")
_CLOCK = r"(?:\d{1,2}:)?[0-5]?\d:[0-5]\d"
"""A time as notes write it, 'mm:ss' or 'h:mm:ss'."""
_BARE_TIMESTAMP = re.compile(rf"\[({_CLOCK})(?:\s*[,;\u2013-]\s*{_CLOCK})*\]")
"""'[00:12:34]', or several times in one pair of brackets ('[00:25:08, 00:25:11]'),
read as the first: left as text, a time became a card's blank (rated garbled)."""
_LINKED_TIME = re.compile(rf"\[?\s*({_CLOCK})\s*\]?")
_HASHTAG = re.compile(r"#([A-Za-z_][\w/-]*|\d+[A-Za-z_][\w/-]*)")
_HTML_TAG = re.compile(r"<[^<>]*>")


def strip_html(line: str) -> str:
    """The line without its HTML tags, stripped."""
    return _HTML_TAG.sub("", line).strip()


def seconds_from_time(value: str) -> int | None:
    """Read '01:02:03', '2:03' or '00:07:01' as seconds; None if it is not a time."""
    match = _TIME.fullmatch(value.strip())
    if not match:
        return None
    hours, minutes, seconds = (int(part) if part else 0 for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


_DAY = 24 * 3600
_LONGEST_VIDEO = 10 * 3600
"""A time read 'hh:mm:ss' at ten hours or more is no place in a talk's video."""


def note_times(times: Sequence[int], short: bool = False) -> Callable[[int], int]:
    """How to read a note's times, given all of them read 'hh:mm:ss' (seconds) and
    whether it also writes any as 'mm:ss' (`short`).

    Video summaries often write 'mm:ss' with ':00' after it: '52:08:00' is 52 min 8 s
    into the video, not 52 hours. Read as hours, the card's link opened past the
    video's end. On the shared corpora, of the times whose first field is 10 to
    23, 87% end ':00' (a real time would, 1 in 60). A note whose times all have
    three fields, end ':00' and reach ten hours is read 'mm:ss' throughout
    ('00:22:00' is 22 s). In any note, so is a time past ten hours ending ':00'
    ('14:54:00'), and a time of a day or more ('29:30:19') is minutes and seconds
    with a third field after them, which is dropped."""
    minutes = not short and len(times) >= 2 and all(t % 60 == 0 for t in times)
    if minutes and max(times) >= _LONGEST_VIDEO:
        return lambda seconds: seconds // 60
    return lambda seconds: seconds // 60 if _past_the_video(seconds) else seconds


SHORT_TIME = re.compile(
    r"data-t=\"\s*[0-5]?\d:[0-5]\d\s*\"|\[\s*[0-5]?\d:[0-5]\d\s*[\],;\u2013-]"
)
"""A time written 'mm:ss', in a timestamp anchor or in brackets."""


def _past_the_video(seconds: int) -> bool:
    """Whether a time read 'hh:mm:ss' lies past any talk's end: ten hours or more
    on the minute, or a day or more."""
    return seconds >= _DAY or (seconds >= _LONGEST_VIDEO and seconds % 60 == 0)


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    """Parse ``[[target|alias]]`` and ``![[embed]]`` as single tokens."""
    src, pos = state.src, state.pos
    embed = src.startswith("![[", pos)
    if not (embed or src.startswith("[[", pos)):
        return False
    start = pos + (3 if embed else 2)
    end = src.find("]]", start, state.posMax + 1)
    if end < 0 or "\n" in src[start:end] or "[[" in src[start:end]:
        return False
    inner = src[start:end]
    target, _, alias = inner.partition("|")
    # '[[note|[00:27:00]]]': a time in the episode, linked to a related note. The
    # alias is a timestamp (bare or a yt-timestamp anchor), not words; ']]' ends
    # a bracket early.
    time = _LINKED_TIME.fullmatch(strip_html(alias))
    after = end + 2
    if time and alias.lstrip().startswith("[") and src.startswith("]", after):
        after += 1
    if not silent:
        token = state.push("embed" if embed else "wikilink", "", 0)
        # Obsidian allows '\|' inside tables; the heading part (#...) is not a topic.
        target = target.rstrip("\\").strip()
        label = alias.strip() or _readable_target(target)
        token.meta = {
            "target": target.split("#", 1)[0].strip() or target,
            "label": "" if time else label,
            "alias": alias,
        }
        if time and not embed:
            stamp = state.push("timestamp", "", 0)
            stamp.meta = {"seconds": seconds_from_time(time.group(1))}
    state.pos = after
    return True


def _readable_target(target: str) -> str:
    """A link without an alias reads as its target, as Obsidian shows it, but
    with the underscores of a file name read as spaces ('sleep_and_memory')."""
    label = target.split("#", 1)[-1].strip() or target
    if " " not in label and "_" in label.strip("_"):
        label = " ".join(label.replace("_", " ").split())
    return label


def _hashtag_rule(state: StateInline, silent: bool) -> bool:
    """Parse an Obsidian inline tag (``#ml/supervised``): a tag, not card text."""
    src, pos = state.src, state.pos
    if src[pos] != "#" or (
        pos > 0 and not src[pos - 1].isspace() and src[pos - 1] != "("
    ):
        return False
    match = _HASHTAG.match(src, pos, state.posMax)
    if not match:
        return False
    if not silent:
        token = state.push("hashtag", "", 0)
        token.meta = {"tag": match.group(1).rstrip("/-")}
    state.pos = match.end()
    return True


def _highlight_rule(state: StateInline, silent: bool) -> bool:
    """Parse Obsidian's ``==highlight==``, which cards read as bold: a key phrase."""
    src, pos = state.src, state.pos
    if not src.startswith("==", pos) or src.startswith("===", pos):
        return False
    end = src.find("==", pos + 2, state.posMax + 1)
    inner = src[pos + 2 : end] if end > 0 else ""
    if not inner.strip() or inner != inner.strip() or "\n" in inner:
        return False
    if not silent:
        state.push("strong_open", "strong", 1)
        old_max = state.posMax
        state.pos, state.posMax = pos + 2, end
        state.md.inline.tokenize(state)
        state.posMax = old_max
        state.push("strong_close", "strong", -1)
    state.pos = end + 2
    return True


def _timestamp_rule(state: StateInline, silent: bool) -> bool:
    """Parse a bare ``[00:12:34]`` (or ``[00:12:34, 00:12:50]``) as a timestamp
    rather than text."""
    if state.src[state.pos] != "[":
        return False
    match = _BARE_TIMESTAMP.match(state.src, state.pos, state.posMax)
    if not match:
        return False
    if not silent:
        token = state.push("timestamp", "", 0)
        token.meta = {"seconds": seconds_from_time(match.group(1))}
    end = match.end()
    if state.src.startswith("(", end):
        # '[00:09:15](#t=00:09:15)': the link to the time is part of the timestamp.
        close = state.src.find(")", end, state.posMax + 1)
        if close > 0 and " " not in state.src[end:close]:
            end = close + 1
    state.pos = end
    return True


def _make_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": True})
    # markdown-it leaves '[text](javascript:...)' unparsed, as literal text. Cards
    # never carry a note's link targets, so every link may parse as a link and
    # keep only its text.
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    parser.enable(["table", "strikethrough"])
    # Money ("$5 and $10") must not read as math: no digit or space inside the '$'.
    parser.use(dollarmath_plugin, allow_space=False, allow_digits=False)
    parser.use(footnote_plugin)
    parser.inline.ruler.before("link", "wikilink", _wikilink_rule)
    parser.inline.ruler.before("link", "timestamp", _timestamp_rule)
    parser.inline.ruler.before("emphasis", "highlight", _highlight_rule)
    parser.inline.ruler.push("hashtag", _hashtag_rule)
    return parser


PARSER = _make_parser()
"""The one parser every note and title is read with."""
