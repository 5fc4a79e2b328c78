"""Images travel with their cards, into a real Anki collection's media."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from spacy.language import Language

from cards import build
from cards.cli import cli
from cards.package import media as media_module
from cards.pipeline import dry_build
from cards.preview import render_preview
from cards.read.notes import read_text
from tests.conftest import Anki


def _png(red: int) -> bytes:
    """A 1x1 PNG, a different file for each `red`."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(bytes([0, red, 0, 0]))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("- The **heart** pumps. ![[heart.png|300]]", [(0, "heart.png", 300, True)]),
        (
            "- The **heart** pumps.\n  ![[a/heart.png]]",
            [(0, "a/heart.png", None, True)],
        ),
        # Right under the item, in a paragraph of its own.
        ("- The **heart** pumps.\n\n![x](img/h.png)", [(0, "img/h.png", None, False)]),
        # Under a new heading it belongs to no item.
        ("- The **heart** pumps.\n\n## Next\n\n![[h.png]]", []),
        # Before any item, and a note's embed (not a file), go with nothing.
        ("![[h.png]]\n\n- Text **here**.", []),
        ("- The **heart** pumps. ![[Heart notes]]", []),
    ],
)
def test_images_are_read_with_their_item(
    markdown: str, expected: list[tuple[object, ...]]
) -> None:
    note = read_text(markdown, Path("n.md")).note
    assert [tuple(image)[:4] for image in note.images] == expected


def _vault(tmp_path: Path) -> Path:
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "attachments").mkdir()
    (vault / "bio").mkdir()
    (vault / "attachments" / "heart.png").write_bytes(_png(1))
    (vault / "bio" / "heart.png").write_bytes(_png(2))  # same name, other file
    (vault / "bio" / "lungs.png").write_bytes(_png(3))
    (vault / "bio" / "body.md").write_text(
        "# Body\n"
        "- The **heart** pumps blood through the body. ![[attachments/heart.png|300]]\n"
        "- The **lungs** exchange gases with the air.\n\n"
        "  ![lungs](lungs.png)\n"
        "- The **aorta** is the largest artery of the body. ![[heart.png]]\n"
        "- The **liver** filters the blood every day. ![[missing.png]]\n",
        encoding="utf-8",
    )
    (vault / "bio" / "more.md").write_text(
        "- The **left ventricle** pumps hardest of all. ![[bio/lungs.png]]\n"
        "What fills the lungs::air ![[lungs.png]]\n",
        encoding="utf-8",
    )
    return vault


def test_images_reach_anki_media_once_each(
    tmp_path: Path, nlp: Language, anki: Anki
) -> None:
    vault = _vault(tmp_path)
    output = tmp_path / "out.apkg"
    summary = build(vault / "bio", output, nlp=nlp)
    anki.import_deck(output)
    col = anki.collection
    stored = sorted(p.name for p in Path(col.media.dir()).iterdir())
    # Two files named heart.png, both kept; lungs.png, embedded thrice, once.
    assert len(stored) == 3
    assert sum(name.startswith("heart-") for name in stored) == 2
    assert sum(name.startswith("lungs-") for name in stored) == 1
    by_name = {p.name: p.read_bytes() for p in Path(col.media.dir()).iterdir()}
    (heart,) = col.find_cards('"*heart*pumps*"')
    answer = col.get_card(heart).answer()
    (name,) = [n for n in stored if f'src="{n}"' in answer]
    assert by_name[name] == _png(1)
    assert 'width="300"' in answer
    (aorta,) = col.find_cards('"*aorta*"')
    assert by_name[_src(col.get_card(aorta).answer())] == _png(2), "own folder first"
    (hand,) = col.find_cards('"Front:What fills the lungs"')
    assert "lungs-" in col.get_card(hand).answer()
    assert col.get_card(heart).question().count("<img") == 0, "images are on the back"
    # The missing image: one line, and its card is kept.
    missing = [w for w in summary.warnings if "missing.png" in w]
    body = vault / "bio" / "body.md"
    assert missing == [f"{body}: image 'missing.png' not found in the vault, left out"]
    assert col.find_cards('"*liver*"')


def _src(html: str) -> str:
    start = html.index('<img src="') + len('<img src="')
    return html[start : html.index('"', start)]


def test_the_same_images_give_the_same_bytes(tmp_path: Path, nlp: Language) -> None:
    vault = _vault(tmp_path)
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    build(vault / "bio", first, nlp=nlp)
    build(vault / "bio", second, nlp=nlp)
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize(
    ("embed", "problem"),
    [
        ("![x](../secret.png)", "is outside the vault: left out"),
        ("![[link.png]]", "is outside the vault: left out"),
        ("![[evil.svg]]", "is an SVG, which can carry script: left out"),
        ("![[big.png]]", "is 0.0 MB, over the 0 MB limit: left out"),
        ("![x](https://example.com/a.png)", "is remote: not fetched, left out"),
        ("![[notes.txt]]", "is not an image file, left out"),
    ],
)
def test_unsafe_images_are_left_out_with_a_line(
    tmp_path: Path,
    nlp: Language,
    embed: str,
    problem: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "secret.png").write_bytes(_png(9))
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "link.png").symlink_to(tmp_path / "secret.png")
    (vault / "evil.svg").write_text('<svg onload="alert(1)"></svg>')
    (vault / "big.png").write_bytes(_png(4))
    (vault / "notes.txt").write_text("text")
    monkeypatch.setattr(media_module, "MAX_IMAGE_BYTES", 10)
    (vault / "n.md").write_text(f"- The **heart** pumps blood all day. {embed}\n")
    result = CliRunner().invoke(
        cli, ["build", str(vault), "-o", str(tmp_path / "o.apkg")]
    )
    assert result.exit_code == 0, result.output
    target = embed.split("(")[-1].rstrip(")") if "](" in embed else embed[3:-2]
    lines = [line for line in result.output.splitlines() if "warning" in line]
    assert lines == [f"warning: {vault / 'n.md'}: image {target!r} {problem}"]
    summary = dry_build(vault, nlp=nlp)
    assert summary.cards and not summary.media
    assert "<img" not in summary.cards[0].extra


def test_preview_shows_images_from_the_page_itself(
    tmp_path: Path, nlp: Language
) -> None:
    vault = _vault(tmp_path)
    page = render_preview(dry_build(vault / "bio", nlp=nlp))
    assert page.count('<img src="data:image/png;base64,') >= 4
    assert "img-src data:" in page
    assert 'src="heart-' not in page


def test_an_image_changed_alone_is_rebuilt(tmp_path: Path, nlp: Language) -> None:
    vault = _vault(tmp_path)
    body = vault / "bio" / "body.md"
    text = body.read_text()
    body.write_text(text.replace(" ![[missing.png]]", ""))
    output = tmp_path / "out.apkg"
    build(vault / "bio", output, nlp=nlp)
    assert build(vault / "bio", output, nlp=nlp).reused, "nothing changed"
    (vault / "bio" / "lungs.png").write_bytes(_png(7))
    again = build(vault / "bio", output, nlp=nlp)
    assert not again.reused
    assert any(_png(7) == path.read_bytes() for _, path in again.media)
    assert again.changes.updated == 3, "the cards showing the image are updated"
    # A missing image may appear any time: such a build is never reused.
    body.write_text(text)
    build(vault / "bio", output, nlp=nlp)
    assert not build(vault / "bio", output, nlp=nlp).reused


def test_a_hand_card_asking_with_an_image_shows_it_as_its_question(
    tmp_path: Path, nlp: Language, anki: Anki
) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "graph.png").write_bytes(_png(5))
    (vault / "n.md").write_text(
        "![[graph.png]]\n?\nA parabola\n\n![[gone.png]]\n?\nA hyperbola\n"
    )
    output = tmp_path / "out.apkg"
    build(vault, output, nlp=nlp)
    anki.import_deck(output)
    col = anki.collection
    questions = sorted(col.get_card(c).question() for c in col.find_cards(""))
    assert len(questions) == 2
    assert any('<div class="prompt"><img src="graph-' in q for q in questions)
    assert any('<div class="prompt">[image: gone.png]</div>' in q for q in questions)


def test_remote_images_are_one_line_per_note(tmp_path: Path, nlp: Language) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "n.md").write_text(
        "- The **heart** pumps blood all day. ![a](https://x.org/a.png)\n"
        "- The **lungs** exchange gases all day. ![b](https://x.org/b.png)\n"
    )
    summary = build(vault, tmp_path / "o.apkg", nlp=nlp)
    assert summary.warnings == (
        f"{vault / 'n.md'}: 2 remote images ('https://x.org/a.png', …) not fetched, "
        "left out",
    )
