"""The generate stage: which answer a card asks for, and the HTML it shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from cards.extract.claims import extract_claims
from cards.generate.claim_cards import claim_key
from cards.generate.combined import generate, make_cards
from cards.generate.context import make_source, make_tags
from cards.generate.duplicate_search import near_duplicate_pairs
from cards.generate.duplicates import (
    NEAR_DUPLICATE_SIMILARITY,
    similarity,
    weigh_lemmas,
)
from cards.generate.note_cards import generate_note, pins_matter
from cards.generate.render import render_html
from cards.read.notes import Span, read_note, read_text
from tests.conftest import REPO, SAMPLE_NOTES


def cards_of(markdown: str, nlp: Language, name: str = "note.md") -> list:
    note = read_text(markdown, Path(name))
    return list(make_cards(list(extract_claims([note], nlp))))


@pytest.mark.parametrize(
    ("text", "spans", "cloze", "html"),
    [
        ("a < b & c", [], None, "a &lt; b &amp; c"),
        ("plain words", [], (6, 11), "plain {{c1::words}}"),
        ("bold word", [Span(0, 4, "strong")], (0, 4), "{{c1::<b>bold</b>}} word"),
        ("see x^2 here", [Span(4, 7, "math")], None, "see \\(x^2\\) here"),
        ("run ls -la now", [Span(4, 10, "code")], None, "run <code>ls -la</code> now"),
        # A span crossing the deletion is closed and reopened around it.
        (
            "one two three",
            [Span(0, 7, "em")],
            (4, 13),
            "<i>one </i>{{c1::<i>two</i> three}}",
        ),
        # '}}' and '::' would end a deletion early or start a hint.
        ("set {a}} now", [], (4, 8), "set {{c1::{a}\u200b}}} now"),
        ("note {{c2::x}} stays", [], None, "note {\u200b{c2::x}\u200b} stays"),
        ("C::D here", [], (0, 4), "{{c1::C: :D}} here"),
    ],
)
def test_render_html(
    text: str, spans: list[Span], cloze: tuple[int, int] | None, html: str
) -> None:
    assert render_html(text, spans, cloze=cloze) == html


@pytest.mark.parametrize(
    ("markdown", "answer"),
    [
        # A bold phrase is the answer.
        ("- The **hippocampus** consolidates memories during sleep.", "hippocampus"),
        # Else a named entity beats a noun phrase...
        ("- Will Larson wrote a book about senior engineers.", "Will Larson"),
        # ...and a specific phrase beats an everyday word.
        (
            "- While reductive villain archetypes are unhelpful, needs matter.",
            "reductive villain archetypes",
        ),
        # An answer whose words the sentence repeats would give itself away.
        (
            "- Sleep pressure builds as adenosine builds up during waking sleep.",
            "adenosine",
        ),
        # A joined item is parsed inside its sentence: 'treat' is a verb there.
        (
            "There is now an opportunity to:\n"
            "* Treat engineers like confidants and peers.",
            "confidants",
        ),
    ],
)
def test_cloze_answer(markdown: str, answer: str, nlp: Language) -> None:
    (card,) = cards_of(markdown, nlp)
    assert card.answer_text == answer
    # A blank over the sentence's subject or object may be asked as a question.
    if card.kind == "cloze":
        assert "{{c1::" in card.prompt
    else:
        assert card.shape == "wh" and card.prompt.endswith("?")


def test_term_item_becomes_a_question(nlp: Language) -> None:
    markdown = (
        "## Relationships\n\nRecommendations for teams:\n"
        "* **Tachypnea**: A breathing rate above the normal range for the age.\n"
    )
    # (The label asks for its one item too: see test_label_asks_for_its_list.)
    (card,) = [c for c in cards_of(markdown, nlp, "leaders.md") if c.claim.term]
    assert card.kind == "qa"
    assert card.prompt == "What is “Tachypnea”?"
    assert card.answer == "A breathing rate above the normal range for the age."
    assert card.context == "leaders › Relationships › Recommendations for teams"


@pytest.mark.parametrize(
    ("item", "prompt"),
    [
        # An everyday word's explanation says what it is for here: the term is asked.
        (
            "**Cucumber**: A mild taste that will not overpower the egg, "
            "with fresh, watery crunch.",
            "{{c1::<b>Cucumber</b>}}: A mild taste that will not overpower the egg, "
            "with fresh, watery crunch.",
        ),
        (
            "**Celery**: Adds a crucial crunch to contrast with the soft fish.",
            "{{c1::<b>Celery</b>}}: Adds a crucial crunch to contrast with the soft "
            "fish.",
        ),
        # A term of art is asked for its meaning (test_term_item_becomes_a_question).
        ("**Homeostasis**: The body's balancing of temperature and acidity.", None),
        # Too few words to pin the term, or a word of it shown: no term blank.
        ("**Immunotherapy**: A novel approach.", None),
        (
            "**Peeling (Optional)**: Peel the potatoes to maximize the starchy "
            "surface for crispiness.",
            None,
        ),
    ],
)
def test_everyday_term_is_hidden_not_asked(
    nlp: Language, item: str, prompt: str | None
) -> None:
    markdown = f"# Egg salad\n\n## Add-ins\n\n- {item}\n"
    cards = cards_of(markdown, nlp)
    term_blanks = [c.prompt for c in cards if c.prompt.startswith("{{c1::<b>")]
    assert term_blanks == ([prompt] if prompt else [])


def test_sentence_with_nothing_worth_asking_gives_no_card(nlp: Language) -> None:
    assert cards_of("- It is what it is.", nlp) == []


@pytest.mark.parametrize(
    ("frontmatter", "seconds", "source"),
    [
        (
            "videoId: Z9ftpRhRiJE",
            421,
            '<a href="https://www.youtube.com/watch?v=Z9ftpRhRiJE&amp;t=421s">'
            "Talk · 7:01</a>",
        ),
        (
            "videoId: Z9ftpRhRiJE",
            None,
            '<a href="https://www.youtube.com/watch?v=Z9ftpRhRiJE">Talk</a>',
        ),
        ("url: https://example.com/a", 5, '<a href="https://example.com/a">Talk</a>'),
        ("url: javascript:alert(1)", None, "Talk · talk.md"),
        ("author: me", None, "Talk · talk.md"),
    ],
)
def test_source_links_to_the_video_at_its_time(
    frontmatter: str, seconds: int | None, source: str
) -> None:
    note = read_text(
        f"---\ntitle: Talk\n{frontmatter}\n---\nText.", Path("talk.md")
    ).note
    assert make_source(note, seconds) == source


def test_tags_are_hierarchical_and_spaceless() -> None:
    note = read_text(
        "---\ntags: [health/sleep, deep work]\n---\n"
        "From: [[lennyspodcast]]\n\nSee [[Memory and Sleep|memory]] and [[focus]].",
        Path("sub/My Note.md"),
    ).note
    assert make_tags(note) == (
        "source::lennyspodcast",
        "health::sleep",
        "deep_work",
        "topic::Memory_and_Sleep",
        "topic::focus",
        "note::sub::My_Note",
    )


def test_source_opens_the_note_in_obsidian_when_in_a_vault(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    note = read_text("Text.", tmp_path / "Deep Work.md", "Deep Work", tmp_path).note
    assert make_source(note, None).endswith(
        ' · <a href="obsidian://open?vault='
        f'{tmp_path.name}&amp;file=Deep+Work">open in Obsidian</a>'
    )


def test_a_notes_cards_do_not_depend_on_the_other_notes(nlp: Language) -> None:
    sleep = read_text(
        "- Morning sunlight sets the circadian clock for the day.\n"
        "- Caffeine blocks the adenosine receptors of neurons.\n",
        Path("sleep.md"),
    )
    # Another note that makes this note's best answers common words of the vault.
    common = ("circadian clock", "adenosine receptors")
    other = read_text(
        "".join(
            f"- Study {n} found that the {common[n % 2]} changes mood in week {n}.\n"
            for n in range(12)
        ),
        Path("other.md"),
    )
    alone = generate(list(extract_claims([sleep], nlp)))
    together = generate(list(extract_claims([sleep, other], nlp)))
    mine = [card for card in together.cards if card.claim.note.name == "sleep"]
    answers = [card.answer_text for card in alone.cards]
    assert answers == ["circadian clock", "adenosine receptors"]
    assert [card.prompt for card in mine] == [card.prompt for card in alone.cards]


def test_a_question_absorbs_a_cloze_of_the_same_fact(nlp: Language) -> None:
    notes = [
        read_text(
            "- Adenosine builds **sleep pressure** while you stay awake.\n",
            Path("a.md"),
        ),
        read_text(
            "- **Adenosine**: builds sleep pressure while you stay awake.\n",
            Path("b.md"),
        ),
    ]
    generation = generate(list(extract_claims(notes, nlp)))
    assert [card.kind for card in generation.cards] == ["qa"]
    assert [d.rule for d in generation.dropped] == ["near-duplicate"]
    (card,) = generation.cards
    assert card.claim.note.name == "b"
    assert card.merged and card.merged[0].note.name == "a"


def test_near_duplicates_left_after_merging_are_reported_by_index(
    nlp: Language,
) -> None:
    # A cloze that carries another note's cloze already is not merged into a
    # question of the same fact too, so the two stay a near-duplicate pair.
    notes = [
        read_text(
            "- Adenosine builds **sleep pressure** while you stay awake.\n",
            Path("0.md"),
        ),
        read_text(
            "- Adenosine builds **sleep pressure** while you stay awake.\n",
            Path("1.md"),
        ),
        read_text(
            "- **Adenosine**: builds sleep pressure while you stay awake.\n",
            Path("b.md"),
        ),
    ]
    claims = list(extract_claims(notes, nlp))
    generation = generate(claims)
    assert [d.rule for d in generation.dropped] == ["near-duplicate"]
    assert [card.kind for card in generation.cards] == ["cloze", "qa"]
    assert generation.similar == ((0, 1),)
    parsed = {id(each.claim): each for each in claims}
    weights = [weigh_lemmas(parsed[id(card.claim)]) for card in generation.cards]
    assert set(generation.similar) == set(
        near_duplicate_pairs(generation.cards, weights)
    )


def test_last_builds_own_answers_change_nothing(nlp: Language) -> None:
    notes = [
        read_note(path, SAMPLE_NOTES) for path in sorted(SAMPLE_NOTES.glob("*.md"))
    ]
    pinned = 0
    for note in notes:
        claims = list(extract_claims([note], nlp))
        made = generate_note(claims)
        own = {
            claim_key(card.claim.text): card.answer_text
            for card in reversed(made.cards)
            if card.kind == "cloze"
        }
        if not own:
            continue
        pinned += 1
        assert not pins_matter(made, own)
        assert generate_note(claims, own) == made
        other = dict.fromkeys(own, "an answer never asked")
        assert pins_matter(made, other)
    assert pinned, "the sample notes have clozes"


@pytest.mark.slow
def test_near_duplicate_search_finds_the_pairs_comparing_every_pair_would(
    nlp: Language,
) -> None:
    corpus = REPO / "tests" / "corpus"
    notes = [read_note(path, corpus) for path in sorted(corpus.rglob("*.md"))]
    made = [generate_note(list(extract_claims([note], nlp))) for note in notes]
    cards = [card for note_cards in made for card in note_cards.cards]
    weights = [weight for note_cards in made for weight in note_cards.lemma_weights]

    def near(first: int, second: int) -> bool:
        numbers = set(weights[first].numbers), set(weights[second].numbers)
        return (
            cards[first].claim.note.name != cards[second].claim.note.name
            and similarity(weights[first].as_dict(), weights[second].as_dict())
            >= NEAR_DUPLICATE_SIMILARITY
            and not (all(numbers) and not numbers[0] & numbers[1])
        )

    every = {
        (first, second)
        for first in range(len(cards))
        for second in range(first + 1, len(cards))
        if near(first, second)
    }
    assert every, "the corpus repeats itself across notes"
    assert set(near_duplicate_pairs(cards, weights)) == every
