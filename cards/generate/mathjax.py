"""MathJax as an allow-list: the TeX a card may hand to Anki's MathJax.

Anki typesets ``\\(...\\)`` and ``\\[...\\]`` with MathJax 3, whose TeX input autoloads
extensions on first use. Some of their commands put links, styles, classes, ids or
raw MathML into the page (``\\href``, ``\\style``, ``\\class``, ``\\cssId``,
``\\mmlToken``, ``\\bbox``, ``\\unicode``, ``\\enclose``, ``\\label``...), and others
define new commands or load code (``\\def``, ``\\newcommand``, ``\\require``,
``\\setOptions``). No HTML sanitizer sees inside TeX, and a deny-list misses the
next one, so only the commands and environments math notes use are kept: every
other command is replaced by a space, with its options and first argument (where
the URL, style or attributes go): ``\\href{x}{y}`` becomes `` {y}``. The space keeps
two tokens from joining into a new command.
"""

from __future__ import annotations

import re

from ..cloze import OPENING

__all__ = ["ALLOWED_COMMANDS", "ALLOWED_ENVIRONMENTS", "safe_math", "safe_tex"]


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


ALLOWED_COMMANDS = _names(
    """
    alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa
    varkappa lambda mu nu xi omicron pi varpi rho varrho sigma varsigma tau upsilon
    phi varphi chi psi omega digamma Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi
    Psi Omega varGamma varDelta varTheta varLambda varXi varPi varSigma varUpsilon
    varPhi varPsi varOmega aleph beth gimel daleth

    pm mp times div cdot ast star circ bullet oplus ominus otimes oslash odot cap cup
    sqcap sqcup vee wedge lor land setminus smallsetminus wr diamond bigtriangleup
    bigtriangledown triangleleft triangleright lhd rhd unlhd unrhd uplus amalg dagger
    ddagger dag ddag centerdot dotplus ltimes rtimes divideontimes cdotp ldotp

    leq le geq ge neq ne equiv sim simeq approx cong propto prec succ preceq succeq
    ll gg lll ggg subset supset subseteq supseteq subsetneq supsetneq sqsubset
    sqsupset sqsubseteq sqsupseteq in ni notin owns mid nmid parallel nparallel perp
    models vdash dashv vDash Vdash asymp doteq bowtie smile frown lt gt leqslant
    geqslant lesssim gtrsim approxeq coloneqq eqqcolon triangleq ncong nsim lneq gneq
    nleq ngeq nless ngtr leqq geqq neg lnot

    to gets leftarrow rightarrow Leftarrow Rightarrow leftrightarrow Leftrightarrow
    longleftarrow longrightarrow Longleftarrow Longrightarrow longleftrightarrow
    Longleftrightarrow mapsto longmapsto uparrow downarrow Uparrow Downarrow
    updownarrow Updownarrow nearrow searrow swarrow nwarrow hookleftarrow
    hookrightarrow leftharpoonup rightharpoonup leftharpoondown rightharpoondown
    rightleftharpoons leftrightharpoons iff implies impliedby leadsto
    rightsquigarrow circlearrowleft circlearrowright curvearrowleft curvearrowright
    twoheadrightarrow twoheadleftarrow rightleftarrows leftrightarrows upharpoonleft
    upharpoonright downharpoonleft downharpoonright nrightarrow nleftarrow
    nRightarrow nLeftarrow nleftrightarrow nLeftrightarrow xrightarrow xleftarrow
    xleftrightarrow xRightarrow xLeftarrow xLeftrightarrow xrightleftharpoons

    sum prod coprod int iint iiint iiiint oint bigcup bigcap bigsqcup bigvee bigwedge
    bigoplus bigotimes bigodot biguplus intop smallint limits nolimits displaylimits

    sin cos tan cot sec csc arcsin arccos arctan sinh cosh tanh coth log ln lg exp
    lim liminf limsup sup inf max min arg det dim gcd hom ker deg Pr injlim projlim
    varlimsup varliminf varinjlim varprojlim operatorname bmod pmod mod pod

    infty partial nabla forall exists nexists emptyset varnothing top bot angle
    measuredangle sphericalangle triangle square blacksquare Box Diamond clubsuit
    diamondsuit heartsuit spadesuit flat natural sharp prime backprime hbar hslash
    ell wp Re Im imath jmath surd checkmark dots ldots cdots vdots ddots dotsc dotsb
    dotsm dotsi dotso therefore because complement mho eth Finv Game Bbbk colon
    vert Vert lvert rvert lVert rVert langle rangle lfloor rfloor lceil rceil lbrace
    rbrace backslash lbrack rbrack ulcorner urcorner llcorner lrcorner not

    left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr
    bigm Bigm biggm Biggm

    frac dfrac tfrac cfrac sqrt root of binom dbinom tbinom choose over atop above
    brace brack substack stackrel overset underset

    hat widehat bar overline underline tilde widetilde vec overrightarrow
    overleftarrow overleftrightarrow underrightarrow underleftarrow
    underleftrightarrow dot ddot dddot ddddot acute grave breve check mathring
    overbrace underbrace cancel bcancel xcancel cancelto boxed

    mathbb mathbf mathit mathrm mathsf mathtt mathcal mathscr mathfrak mathnormal
    boldsymbol pmb Bbb bf it rm sf tt cal displaystyle textstyle scriptstyle
    scriptscriptstyle mathop mathbin mathrel mathord mathopen mathclose mathpunct
    mathinner

    text textrm textbf textit textsf texttt textnormal mbox

    quad qquad thinspace medspace thickspace enspace negthinspace negmedspace
    negthickspace phantom hphantom vphantom smash newline mathclap mathllap mathrlap
    clap llap rlap

    begin end ce pu
    """
)
"""Commands kept in math: symbols, operators, fractions and roots, accents, fonts,
text, spacing, the AMS environments (`ALLOWED_ENVIRONMENTS`) and mhchem's ``\\ce``
and ``\\pu`` for chemistry. None of them takes a URL, a style or an attribute."""

ALLOWED_ENVIRONMENTS = _names(
    """
    matrix pmatrix bmatrix Bmatrix vmatrix Vmatrix smallmatrix array subarray cases
    dcases rcases aligned alignedat gathered split align align* alignat alignat*
    gather gather* equation equation* multline multline* eqnarray eqnarray*
    """
)

_COMMAND = re.compile(r"\\(?:([A-Za-z]+)|.)", re.DOTALL)
"""A command as MathJax reads one: a backslash and letters, or any one character."""
_ENVIRONMENT = re.compile(r"\s*\{([^{}]*)\}")
_OPTIONS = re.compile(r"(?:\s*\[[^\[\]]*\])*")
_GROUP = re.compile(rf"\s*(?!{OPENING.pattern})\{{")
"""A brace group: not a cloze deletion, which is Anki's, not an argument's."""
_OPENER = re.compile(r"\\[(\[]|\\begin(?![A-Za-z])")
"""Where MathJax may start typesetting a field."""
_HTML_TAG = re.compile(r"(<[^>]*>)")


def safe_tex(tex: str) -> str:
    """Replace every command not allowed in math by a space.

    A removed command's options (``[...]``) and first argument go with it: that is
    where the URL, style, class or attributes are. Control symbols (``\\,``,
    ``\\{``, ``\\\\``) are kept.
    """
    if "\\" not in tex:
        return tex
    out: list[str] = []
    position = 0
    while (command := _COMMAND.search(tex, position)) is not None:
        out.append(tex[position : command.start()])
        position = command.end()
        if _allowed(tex, command):
            out.append(command[0])
            continue
        out.append(" ")
        position = _options_end(tex, position)
        after = _group_end(tex, position)
        if after is not None:
            position = _options_end(tex, after)
    out.append(tex[position:])
    return "".join(out)


def _allowed(tex: str, command: re.Match[str]) -> bool:
    name = command[1]
    if name is None:
        return True
    if name in {"begin", "end"}:
        environment = _ENVIRONMENT.match(tex, command.end())
        return environment is not None and environment[1] in ALLOWED_ENVIRONMENTS
    return name in ALLOWED_COMMANDS


def _options_end(tex: str, position: int) -> int:
    """Where the ``[...]`` options from `position` (after spaces) end."""
    options = _OPTIONS.match(tex, position)
    return position if options is None else options.end()


def _group_end(tex: str, position: int) -> int | None:
    """Where the brace group starting at `position` (after spaces) ends."""
    start = _GROUP.match(tex, position)
    if start is None:
        return None
    depth, index = 1, start.end()
    while index < len(tex):
        char = tex[index]
        if char == "\\":
            index += 1
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return None


def safe_math(fragment: str) -> str:
    """Make an HTML fragment's math safe: every text from the first place MathJax
    could start typesetting passes `safe_tex` (tags and their attributes aside).

    Where MathJax ends a formula depends on the braces it counts, so text after
    the first opener is treated as math whether a formula ends before it or not.
    """
    if "\\" not in fragment:
        return fragment
    first = _OPENER.search(fragment)
    if first is None:
        return fragment
    head, tail = fragment[: first.start()], fragment[first.start() :]
    parts = _HTML_TAG.split(tail)
    return head + "".join(
        part if index % 2 else safe_tex(part) for index, part in enumerate(parts)
    )
