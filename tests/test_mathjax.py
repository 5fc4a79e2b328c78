"""MathJax as an allow-list: what a note's math may hand to Anki's MathJax."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from spacy.language import Language

from cards.extract.claims import extract_claims
from cards.generate.combined import make_cards
from cards.generate.mathjax import ALLOWED_COMMANDS, safe_math, safe_tex
from cards.generate.render import sanitize
from cards.read.notes import read_text

UNSAFE_MATHJAX_3 = [
    # html: links, CSS classes, ids, inline styles, data attributes
    "href",
    "class",
    "cssId",
    "style",
    "data",
    # base: a MathML token with any attributes, ids and links through \label
    "mmlToken",
    "label",
    "ref",
    "eqref",
    "tag",
    # bbox, enclose, unicode, color, colortbl: styles and attributes
    "bbox",
    "enclose",
    "unicode",
    "color",
    "textcolor",
    "colorbox",
    "fcolorbox",
    "definecolor",
    "cellcolor",
    "rowcolor",
    "columncolor",
    # action: tooltips and toggles (maction)
    "mathtip",
    "texttip",
    "toggle",
    "endtoggle",
    # newcommand, require, setoptions, configmacros: new commands and code
    "def",
    "let",
    "newcommand",
    "renewcommand",
    "newenvironment",
    "renewenvironment",
    "DeclareMathOperator",
    "Newextarrow",
    "require",
    "setOptions",
    # verb: raw text; and what earlier filters named
    "verb",
    "url",
    "html",
]
"""MathJax 3 TeX commands (the extensions Anki's copy loads or autoloads) that
put links, styles, classes, ids or markup in the page, or define commands."""


@pytest.mark.parametrize("command", UNSAFE_MATHJAX_3)
def test_every_unsafe_mathjax_command_is_removed(command: str) -> None:
    tex = f"x + \\{command}{{javascript:alert(1)}}{{y}}[href=evil]"
    assert command not in ALLOWED_COMMANDS
    assert f"\\{command}" not in safe_tex(tex)
    assert "javascript" not in safe_tex(tex)
    field = sanitize(f"Energy \\({tex}\\) here")
    assert not re.search(rf"\\{command}(?![A-Za-z])", field), field


@pytest.mark.parametrize(
    "tex",
    [
        "E=mc^2",
        "\\frac{a}{b} + \\sqrt[3]{x_1^2}",
        "\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}",
        "\\int_0^\\infty e^{-x^2}\\,dx = \\frac{\\sqrt{\\pi}}{2}",
        "\\mathbb{R} \\subseteq \\mathcal{C} \\cup \\emptyset",
        "\\alpha \\to \\beta \\Rightarrow \\gamma \\leq \\Omega",
        "\\text{if } x \\in A \\text{ then } \\lim_{n \\to \\infty} a_n = 0",
        "\\begin{pmatrix} 1 & 0 \\\\ 0 & 1 \\end{pmatrix}",
        "f(x) = \\begin{cases} 1 & x > 0 \\\\ 0 & \\text{else} \\end{cases}",
        "\\left( \\hat{x} \\cdot \\vec{v} \\right) \\quad \\overline{AB}",
        "\\ce{2H2 + O2 -> 2H2O}",
        "a \\coloneqq \\widetilde{b} \\circ \\log c",
    ],
)
def test_math_of_allowed_commands_is_unchanged(tex: str) -> None:
    assert safe_tex(tex) == tex
    field = f"see \\({html.escape(tex, quote=False)}\\) here"  # fields are HTML
    assert sanitize(field) == field


@pytest.mark.parametrize(
    "field",
    [
        # an environment outside the allow-list is as unsafe as a command
        "\\(\\begin{empheq}[box=x] y \\end{empheq}\\)",
        # MathJax counts braces: this formula ends at the last '\)'
        "\\( { \\) \\href{javascript:alert(1)}{x} } \\)",
        # an entity is a backslash once the web view has read the HTML
        "\\(&#92;href{javascript:alert(1)}{x}\\)",
        # display math and a bare environment
        "\\[\\style{color:red}{x}\\] and \\begin{align}\\class{c}{x}\\end{align}",
    ],
)
def test_math_anywhere_in_a_field_is_filtered(field: str) -> None:
    cleaned = sanitize(field)
    assert not re.search(r"\\(href|style|class|begin\{empheq)", cleaned), cleaned
    assert sanitize(cleaned) == cleaned


def test_text_before_math_keeps_its_backslashes() -> None:
    assert safe_math("C:\\Users then \\(x\\)") == "C:\\Users then \\(x\\)"


def test_a_removed_command_never_takes_a_cloze_deletion_with_it() -> None:
    field = "\\(x\\) in C:\\Users{{c1::answer}} here"
    assert safe_math(field) == "\\(x\\) in C: {{c1::answer}} here"


def test_escaped_delimiters_in_a_note_cannot_smuggle_math(
    nlp: Language, tmp_path: Path
) -> None:
    note = read_text(
        "- The **energy** is \\\\(\\mmlToken{mi}[href='javascript:alert(1)']{E}\\\\) "
        "in joules.",
        tmp_path / "escaped.md",
    )
    cards = list(make_cards(list(extract_claims([note], nlp))))
    assert cards
    for card in cards:
        assert "mmlToken" not in card.prompt + card.answer + card.context
