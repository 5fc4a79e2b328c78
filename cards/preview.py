"""Preview stage: the cards a build would make, as one HTML page to read before Anki.

Each card is shown front and back as Anki renders it: its fields go through the note
type's own templates from `cards.package` (a small Mustache subset: fields, sections,
``{{FrontSide}}`` and ``{{cloze:…}}``) and its CSS, so the preview cannot drift from
the deck. Beside each card are the rules of `cards.check` it breaks.

The page is self-contained: inline CSS and script, no fonts, images or network, and a
Content Security Policy that allows only its own script (by hash). Fields come from
the user's notes, so they pass the same sanitizer as the deck's, and every other text
and attribute is escaped. Every card is visible without JavaScript; the script only
hides the cards the filters leave out.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from .check import check_cards
from .cloze import RENDERED
from .errors import OutputError
from .files import atomic_write
from .generate import MUST, RULES, Card, ReverseSides, is_hand, reverse_sides, sanitize
from .package import NOTE_TYPES, card_fields, reverse_fields
from .pipeline import BuildSummary, dry_build
from .read import Note
from .selection import Sources

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["PREVIEW_MARK", "render_card", "render_preview", "write_preview"]

PREVIEW_MARK = '<meta name="generator" content="cards preview">'
"""Marks a page this module wrote: only such a page is ever overwritten."""
_SUFFIXES = (".html", ".htm")
_KIND_LABELS = {"cloze": "Cloze", "qa": "Q&A"}
_RULES = {rule.name: rule for rule in RULES}

_SECTION = re.compile(r"\{\{([#^])([^{}]+?)\}\}(.*?)\{\{/\2\}\}", re.S)
_REPLACEMENT = re.compile(r"\{\{([^{}#^/][^{}]*?)\}\}")

_SCRIPT = """
(() => {
  const form = document.getElementById("filters");
  const entries = Array.from(document.querySelectorAll(".entry"));
  const shown = document.getElementById("shown");
  const none = document.getElementById("none");
  const value = (name) => form.elements.namedItem(name).value;
  const has = (entry, key, wanted) => JSON.parse(entry.dataset[key]).includes(wanted);
  const texts = entries.map((entry) =>
    Array.from(entry.querySelectorAll(".card, .tags"), (part) => part.textContent)
      .join(" ")
      .toLowerCase(),
  );
  function apply() {
    const kind = value("kind");
    const tag = value("tag");
    const note = value("note");
    const flagged = form.elements.namedItem("flagged").checked;
    const words = value("q").toLowerCase().split(/\\s+/).filter(Boolean);
    let count = 0;
    entries.forEach((entry, index) => {
      const visible =
        (!kind || entry.dataset.kind === kind) &&
        (!tag || has(entry, "tags", tag)) &&
        (!note || has(entry, "notes", note)) &&
        (!flagged || entry.dataset.flags !== "0") &&
        words.every((word) => texts[index].includes(word));
      entry.hidden = !visible;
      count += visible ? 1 : 0;
    });
    shown.textContent = String(count);
    none.hidden = count > 0;
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.hidden = false;
  apply();
})();
"""

_PAGE_CSS = """
body { margin: 0; background: #eceae4; color: #1d1d1f;
  font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
[hidden] { display: none !important; }
.page { position: sticky; top: 0; z-index: 1; background: #fdfdfb;
  border-bottom: 1px solid #d8d6cf; padding: 0.75rem 1.25rem; }
.page h1 { font-size: 1.2rem; margin: 0 0 0.25rem; }
.page p { margin: 0 0 0.5rem; color: #3a3a3c; }
#filters { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; }
#filters label { display: flex; gap: 0.35rem; align-items: center;
  font-size: 0.85rem; color: #6b6b70; }
#filters select { max-width: 22rem; }
.skipped { font-size: 0.85rem; color: #8a5a00; }
main { display: grid; gap: 1rem; padding: 1rem 1.25rem; }
.entry { background: #fff; border: 1px solid #d8d6cf; border-radius: 8px;
  padding: 0.75rem; }
.meta { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; margin-bottom: 0.5rem;
  font-size: 0.8rem; color: #6b6b70; }
.sides { display: grid; grid-template-columns: 1fr 1fr 15rem; gap: 0.75rem; }
.sides.reversed { margin-top: 0.75rem; }
@media (max-width: 60rem) { .sides { grid-template-columns: 1fr; } }
.side { border: 1px solid #e4e2dc; border-radius: 6px; background: #fdfdfb; }
.side h2, .flags h2 { margin: 0.4rem 0.75rem 0; font-size: 0.7rem;
  letter-spacing: 0.08em; text-transform: uppercase; color: #6b6b70; }
.side .card { max-width: none; font-size: 1.05rem; }
.flags { font-size: 0.85rem; }
.flags h2 { margin: 0 0 0.3rem; }
.flags ul { margin: 0; padding-left: 1.1rem; }
.flags .must { color: #b3261e; font-weight: 600; }
.flags .should { color: #8a5a00; }
.flags .pass { margin: 0; color: #1e7d32; }
.tags { display: flex; flex-wrap: wrap; gap: 0.3rem; margin-top: 0.5rem; }
.tag { font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace;
  font-size: 0.75rem; background: #efeee9; border-radius: 4px; padding: 0 0.35rem; }
"""

_STYLE = NOTE_TYPES["reverse"].css + _PAGE_CSS
"""The note types' style (the reversed one's holds the others' and more), then
the page's own."""


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


_POLICY = (
    f"default-src 'none'; script-src '{_hash(_SCRIPT)}'; "
    f"style-src '{_hash(_STYLE)}'; img-src data:; base-uri 'none'; "
    "form-action 'none'"
)
"""Only the page's own script and style run, whatever a field might smuggle in, and
nothing is fetched (images are in the page): the sanitizer's second lock, and the
proof of 'no network'."""


def _field(fields: Mapping[str, str], name: str) -> str:
    if name not in fields:
        # A template feature the preview does not know: a bug to fix here.
        raise ValueError(f"the preview cannot render {{{{{name}}}}}")
    return fields[name]


def _cloze(text: str, *, answer: bool) -> str:
    """``{{cloze:…}}`` for card 1: its deletions hidden, or shown on the answer."""

    def replace(match: re.Match[str]) -> str:
        if match[1] != "1":
            return match[2]
        shown = match[2] if answer else f"[{match[3] or '...'}]"
        return f'<span class="cloze">{shown}</span>'

    return RENDERED.sub(replace, text)


def _render(
    template: str, fields: Mapping[str, str], *, answer: bool, front: str = ""
) -> str:
    """Fill an Anki card template: one pass, so a field is never read as template."""

    def section(match: re.Match[str]) -> str:
        filled = bool(_field(fields, match[2].strip()).strip())
        return match[3] if filled == (match[1] == "#") else ""

    def replacement(match: re.Match[str]) -> str:
        name = match[1].strip()
        if name == "FrontSide":
            return front
        if name.startswith("cloze:"):
            return _cloze(_field(fields, name.removeprefix("cloze:")), answer=answer)
        return _field(fields, name)

    return _REPLACEMENT.sub(replacement, _SECTION.sub(section, template))


def render_card(
    card: Card,
    images: Mapping[str, str] | None = None,
    reverse: ReverseSides | None = None,
) -> tuple[str, str]:
    """A card's front and back HTML as its note type's templates render them; with
    `reverse`, those of its reversed card.

    `images` maps the name of each image in the deck to a ``data:`` URL of it: the
    page is self-contained, so the Extra field's images are shown from those."""
    kind = card.kind if reverse is None else "reverse"
    note_type = NOTE_TYPES[kind]
    names = [field["name"] for field in note_type.fields]
    given = card_fields(card) if reverse is None else reverse_fields(card, reverse)
    values = (sanitize(value) for value in given)
    fields = dict(zip(names, values, strict=True))
    fields["Extra"] = _with_images(card.extra, images or {})
    if kind == "qa":
        # A question written by hand as an image shows it.
        fields["Front"] = _with_images(card.prompt, images or {})
    template = note_type.templates[0]
    front = _render(template["qfmt"], fields, answer=False)
    return front, _render(template["afmt"], fields, answer=True, front=front)


_IMAGE = re.compile(r'<img src="([^"<>]+)" alt="([^"<>]*)"(?: width="(\d+)")?>')
"""An image as `cards.package.media` puts it on a card."""
_IMAGE_TYPES = {".jpg": "jpeg", ".tif": "tiff"}


def _with_images(extra: str, images: Mapping[str, str]) -> str:
    """The Extra field sanitized, its images (and only those) shown from `images`."""
    out, last = [], 0
    for match in _IMAGE.finditer(extra):
        out.append(sanitize(extra[last : match.start()]))
        data = images.get(html.unescape(match[1]))
        if data is not None:
            width = f' width="{match[3]}"' if match[3] else ""
            out.append(f'<img src="{data}" alt="{match[2]}"{width}>')
        last = match.end()
    out.append(sanitize(extra[last:]))
    return "".join(out)


def image_urls(media: Iterable[tuple[str, Path]]) -> dict[str, str]:
    """Each image of a deck as a ``data:`` URL; an image gone since is left out."""
    urls = {}
    for name, path in media:
        suffix = path.suffix.lower()
        kind = _IMAGE_TYPES.get(suffix, suffix.lstrip("."))
        try:
            data = base64.b64encode(path.read_bytes()).decode()
        except OSError:
            continue
        urls[name] = f"data:image/{kind};base64,{data}"
    return urls


def _with_parents(tags: Iterable[str]) -> list[str]:
    """Each tag and the tags it nests in, so choosing 'ml' finds 'ml::supervised'."""
    found: dict[str, None] = {}
    for tag in tags:
        parts = tag.split("::")
        for end in range(1, len(parts) + 1):
            found["::".join(parts[:end])] = None
    return sorted(found)


def _notes_of(card: Card) -> list[Note]:
    """The card's note and the notes of near-duplicates merged into it."""
    notes = {claim.note.name: claim.note for claim in (card.claim, *card.merged)}
    return list(notes.values())


def _attribute(value: object) -> str:
    return html.escape(json.dumps(value) if isinstance(value, list) else str(value))


def _flags(card: Card, failed: tuple[str, ...]) -> str:
    if is_hand(card):
        return '<p class="pass">Written by hand: not judged</p>'
    if not failed:
        return '<p class="pass">Passes every rule</p>'
    items = []
    for name in failed:
        rule = _RULES.get(name)
        level = "must" if rule is not None and rule.target == MUST else "should"
        described = rule.description if rule is not None else ""
        items.append(
            f'<li class="{level}" title="{html.escape(described)}">'
            f"{html.escape(name)}</li>"
        )
    return f"<ul>{''.join(items)}</ul>"


def _entry(
    number: int,
    card: Card,
    failed: tuple[str, ...],
    images: Mapping[str, str],
    reverse: ReverseSides | None,
) -> str:
    front, back = render_card(card, images)
    notes = _notes_of(card)
    data = {
        "kind": card.kind,
        "tags": _with_parents(card.tags),
        "notes": [note.name for note in notes],
        "flags": len(failed),
    }
    attributes = " ".join(f'data-{key}="{_attribute(v)}"' for key, v in data.items())
    where = " · ".join(html.escape(f"{note.name}.md") for note in notes)
    tags = "".join(f'<span class="tag">{html.escape(tag)}</span>' for tag in card.tags)
    return (
        f'<article class="entry" {attributes}>\n'
        f'<div class="meta"><span>#{number}</span>'
        f"<span>{html.escape(_KIND_LABELS[card.kind])}</span><span>{where}</span>"
        "</div>\n"
        '<div class="sides">\n'
        f'<section class="side"><h2>Front</h2><div class="card">{front}</div>'
        "</section>\n"
        f'<section class="side"><h2>Back</h2><div class="card">{back}</div>'
        "</section>\n"
        f'<aside class="flags"><h2>Rules</h2>{_flags(card, failed)}</aside>\n'
        "</div>\n"
        f"{_reversed_sides(card, images, reverse)}"
        f'<div class="tags">{tags}</div>\n'
        "</article>"
    )


def _reversed_sides(
    card: Card, images: Mapping[str, str], reverse: ReverseSides | None
) -> str:
    """The card's reversed card, under it: its own note in the deck, shown with
    the card it reverses."""
    if reverse is None:
        return ""
    front, back = render_card(card, images, reverse)
    return (
        '<div class="sides reversed">\n'
        f'<section class="side"><h2>Reversed front</h2><div class="card">{front}'
        "</div></section>\n"
        f'<section class="side"><h2>Reversed back</h2><div class="card">{back}'
        "</div></section>\n"
        "</div>\n"
    )


def _options(label: str, choices: Iterable[tuple[str, str, int]]) -> str:
    """A <select> option per (value, text, card count), after 'all'."""
    options = [f'<option value="">{html.escape(label)}</option>']
    options.extend(
        f'<option value="{html.escape(value)}">{html.escape(text)} ({count})</option>'
        for value, text, count in choices
    )
    return "".join(options)


def _note_choices(cards: Iterable[Card]) -> list[tuple[str, str, int]]:
    counts: Counter[str] = Counter()
    titles: dict[str, str] = {}
    for card in cards:
        for note in _notes_of(card):
            counts[note.name] += 1
            titles[note.name] = note.title
    repeated = Counter(titles.values())
    return [
        (name, title if repeated[title] == 1 else f"{title} ({name}.md)", counts[name])
        for name, title in sorted(titles.items(), key=lambda item: item[1].lower())
    ]


def _filters(cards: tuple[Card, ...], flagged: int) -> str:
    kinds = Counter[str](card.kind for card in cards)
    tags = Counter(tag for card in cards for tag in _with_parents(card.tags))
    kind_options = _options(
        "All kinds",
        ((kind, label, kinds[kind]) for kind, label in _KIND_LABELS.items()),
    )
    tag_options = _options("All tags", ((tag, tag, tags[tag]) for tag in sorted(tags)))
    note_options = _options("All notes", _note_choices(cards))
    return (
        '<form id="filters" hidden>\n'
        f'<label>Kind <select name="kind">{kind_options}</select></label>\n'
        f'<label>Tag <select name="tag">{tag_options}</select></label>\n'
        f'<label>Note <select name="note">{note_options}</select></label>\n'
        '<label>Text <input type="search" name="q" placeholder="words on the card">'
        "</label>\n"
        f'<label><input type="checkbox" name="flagged"> only cards that break a rule '
        f"({flagged})</label>\n"
        "</form>"
    )


def render_preview(summary: BuildSummary) -> str:
    """The whole page for a build's cards, with each card's broken rules."""
    cards = summary.cards
    # A dry run always measures its cards; only a reused build, which has no
    # cards, has no report.
    report = summary.quality or check_cards(cards, broken=())
    # The rules judge the generated cards only (not those written by hand).
    failures = {
        id(report.cards[index]): rules for index, rules in report.failures.items()
    }
    name = html.escape(summary.deck_name or "cards")
    kinds = summary.cards_by_kind
    by_kind = f"{kinds.get('cloze', 0)} cloze, {kinds.get('qa', 0)} Q&amp;A"
    # Reversed cards were made only with --reverse: then each stands under its card.
    reversed_sides: list[ReverseSides | None] = [None] * len(cards)
    if kinds.get("reverse"):
        by_kind += f", {kinds['reverse']} reversed"
        reversed_sides = reverse_sides(cards)
    passing = len(cards) - len(failures)
    skipped = "".join(
        f'<p class="skipped">skipped {html.escape(line)}</p>\n'
        for line in summary.skipped
    )
    images = image_urls(summary.media)
    entries = "\n".join(
        _entry(index + 1, card, failures.get(id(card), ()), images, reverse)
        for index, (card, reverse) in enumerate(zip(cards, reversed_sides, strict=True))
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_POLICY}">
{PREVIEW_MARK}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{name}: cards preview</title>
<style>{_STYLE}</style>
</head>
<body>
<header class="page">
<h1>{name}: cards preview</h1>
<p id="count"><span id="shown">{len(cards)}</span> of {len(cards)} cards shown
({by_kind}); {passing} pass every rule</p>
{_filters(cards, len(failures))}
<noscript><p>Filters need JavaScript; every card is shown.</p></noscript>
{skipped}</header>
<main>
<p id="none" hidden>No card matches these filters.</p>
{entries}
</main>
<script>{_SCRIPT}</script>
</body>
</html>
"""


def _check_output(path: Path) -> None:
    """Refuse to write anywhere but an HTML file, or over a page we did not write."""
    if path.suffix.lower() not in _SUFFIXES:
        raise OutputError(f"{path}: a preview must be written to an .html file")
    if path.is_dir():
        raise OutputError(f"{path}: is a folder")
    if path.exists():
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                ours = PREVIEW_MARK in handle.read(2048)
        except OSError as error:
            raise OutputError(f"{path}: cannot read ({error.strerror})") from None
        if not ours:
            raise OutputError(f"{path}: exists and is not a cards preview; not written")


def write_preview(
    source: Sources,
    output: Path,
    *,
    deck_name: str | None = None,
    model: str | None = None,
    nlp: Language | None = None,
    use_cache: bool = True,
    prose: bool = False,
    reverse: bool = False,
) -> BuildSummary:
    """Write the cards a build would make as one HTML page, with their quality flags.

    The cards are those of a dry-run build (same settings, same GUIDs); neither the
    deck nor the state is written.

    Raises:
        CardsError: nothing could be built, or the page cannot be written there.
    """
    _check_output(output)
    summary = dry_build(
        source,
        deck_name=deck_name,
        model=model,
        nlp=nlp,
        use_cache=use_cache,
        prose=prose,
        reverse=reverse,
    )
    page = render_preview(summary)

    def write(temporary: Path) -> None:
        temporary.write_text(page, encoding="utf-8")

    try:
        atomic_write(output, write)
    except OSError as error:
        raise OutputError(f"{output}: cannot write ({error.strerror})") from None
    return summary
