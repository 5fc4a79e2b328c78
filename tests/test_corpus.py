"""The quality figures, enforced on the sample notes and the test corpus.

The corpus in tests/corpus holds notes written for these tests in the styles people
keep: podcast summaries (two of the same episode), callout-heavy notes, book notes,
lecture notes with LaTeX, code and tables, study notes with tab-indented lists, an
index page, a table of contents and a template.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from cards import build
from cards.check.quality import card_failures, check_cards
from cards.collect import collect
from cards.extract.claims import extract_claims
from cards.generate.combined import generate
from cards.generate.duplicate_search import near_duplicate_pairs
from cards.generate.duplicates import weigh_lemmas
from cards.pipeline import CheckSummary, check
from cards.read.notes import outline, read_note
from tests.conftest import MARKUP_RESIDUE, REPO, SAMPLE_NOTES, Anki, prose_text

CORPUS = REPO / "tests" / "corpus"
# Floors, not goals: a bold phrase or an item a learner would delete the card of
# (a guessable blank, a label, a 'them' nothing names) gives none. Since blanks
# of common lower-case words are guessable too (round 25), 112 of 188 (0.596);
# since a talk summary's adjective-led phrase is its wording (round 36), 109.
MIN_BOLD_COVERAGE = 0.57
MIN_BULLET_COVERAGE = 0.55


@pytest.fixture(scope="module")
def corpus_checked(nlp: Language) -> CheckSummary:
    return check(CORPUS, nlp=nlp)


@pytest.fixture(scope="module", params=[SAMPLE_NOTES, CORPUS], ids=["notes", "corpus"])
def checked(request: pytest.FixtureRequest, nlp: Language) -> CheckSummary:
    if request.param == CORPUS:
        return request.getfixturevalue("corpus_checked")  # type: ignore[no-any-return]
    return check(request.param, nlp=nlp)


def test_every_rule_meets_its_target(checked: CheckSummary) -> None:
    low = [
        f"{r.rule.name}: {r.passed}/{r.total}"
        for r in checked.report.results
        if not r.ok
    ]
    assert not low


def test_bold_phrases_and_list_items_get_cards(corpus_checked: CheckSummary) -> None:
    """On the test corpus; the sample notes' bold labels are instructions whose
    items' only answers (PMs, EMs) the heading 'EM-PM Relationships' gives away."""
    coverage = corpus_checked.report.coverage
    assert coverage is not None
    assert coverage.bold_share >= MIN_BOLD_COVERAGE
    assert coverage.bullet_share >= MIN_BULLET_COVERAGE


@pytest.mark.slow
def test_pages_of_links_contents_and_templates_give_no_cards(
    corpus_checked: CheckSummary,
) -> None:
    summary = corpus_checked
    carded = {card.claim.note.name for card in summary.report.cards}
    assert not carded & {"index", "lectures/table-of-contents", "daily-note-template"}
    assert len(carded) >= 12


def test_the_two_summaries_of_one_episode_share_a_card(nlp: Language) -> None:
    summary = check(CORPUS / "podcasts", nlp=nlp)
    merged = [d for d in summary.dropped if d.rule == "near-duplicate"]
    assert merged
    kept = [c for c in summary.report.cards if "<br>" in c.source]
    assert kept and all("watch?v=qR7sLx2mT0c" in c.source for c in kept)


@pytest.mark.slow
def test_corpus_deck_imports_and_renders_cleanly(
    nlp: Language, tmp_path: Path, anki: Anki
) -> None:
    notes = tmp_path / "corpus"
    import shutil

    shutil.copytree(CORPUS, notes)
    summary = build(notes, tmp_path / "corpus.apkg", nlp=nlp)
    result = anki.import_deck(tmp_path / "corpus.apkg")
    col = anki.collection
    assert len(result.log.new) == summary.card_count
    for card_id in col.find_cards(""):
        card = col.get_card(card_id)
        question, answer = card.question(), card.answer()
        assert prose_text(question).strip() and prose_text(answer).strip()
        assert not MARKUP_RESIDUE.search(prose_text(question)), question
        assert not MARKUP_RESIDUE.search(prose_text(answer)), answer


@pytest.mark.slow
def test_checks_kept_from_generation_agree_with_checking_afresh(nlp: Language) -> None:
    collected = collect(CORPUS, nlp=nlp)
    generation = collected.generation()
    assert any(d.rule == "near-duplicate" for d in generation.dropped)
    kept = check_cards(
        generation.cards,
        collected.outlines,
        generation.dropped,
        near_duplicates=generation.similar,
        broken=collected.broken_rules(generation),
    )
    # Afresh: from the notes read again (a build keeps neither their blocks nor
    # their claims' words), each outlined from its blocks.
    notes = [read_note(note.path, CORPUS) for note in collected.notes]
    claims = list(extract_claims(notes, nlp))
    fresh = generate(claims)
    by_claim = {id(each.claim): each for each in claims}
    parsed = [by_claim[id(card.claim)] for card in fresh.cards]
    weights = [weigh_lemmas(each) for each in parsed]
    afresh = check_cards(
        fresh.cards,
        [outline(note) for note in notes],
        fresh.dropped,
        near_duplicates=near_duplicate_pairs(fresh.cards, weights),
        broken=[card_failures(c, p) for c, p in zip(fresh.cards, parsed, strict=True)],
    )
    assert [card.prompt for card in fresh.cards] == [
        card.prompt for card in generation.cards
    ]
    assert kept.results == afresh.results
    assert kept.failures == afresh.failures
    assert kept.failures, "the corpus has cards that break a rule"
