"""Generate a deterministic vault of Markdown notes shaped like the sample notes.

The benchmark (``python -m tools.bench``) needs many notes that look like the ones
``cards`` is built for: YAML frontmatter with ``title`` and ``videoId``, a ``From:``
line, sentences ending in timestamp anchors, headings, ``[[target | alias]]`` links,
bold phrases, lead-in lists, ``**Term**:`` bullets, callouts, numbered lists and bare
``[hh:mm:ss]`` timestamps. The prose comes from this module's own templates and word
banks, so it is grammatical English full of named entities and numbers, and a given
``(index, seed)`` always gives the same bytes. A note holds about 21 claims (list item
sentences and sentences with a bold phrase) on average, from a third of that to three
times as many. About one note in ten shares its ``videoId`` with its neighbour and
repeats a few of its claims in other words, as real vaults do.

Run ``python -m tools.vault FOLDER [COUNT]`` to write a vault.
"""

from __future__ import annotations

import itertools
import math
import random
import re
import sys
from pathlib import Path

__all__ = ["note_text", "write_vault"]

_Bank = tuple[str, ...]
_Slots = dict[str, str]


def _bank(text: str, sep: str = "|") -> _Bank:
    """Split a bank written as wrapped text into its `sep`-separated items."""
    return tuple(item.strip() for item in " ".join(text.split()).split(sep))


def _paragraphs(text: str) -> list[str]:
    return text.strip().split("\n\n")


# Topics, a paragraph each: podcast; groups of people; organisations; 12 concepts.
_TOPICS = tuple(
    (podcast, _bank(groups, ","), _bank(orgs, ","), _bank(concepts, ","))
    for podcast, groups, orgs, concepts in map(
        lambda topic: _bank(topic, ";"),
        _paragraphs("""
thesleepshow; adults, shift workers, students, older adults; the Northfield Sleep
Institute, Harwood University, the Brennan Sleep Clinic; sleep pressure, REM sleep,
deep sleep, circadian timing, morning light exposure, caffeine timing, bedroom
temperature, sleep consistency, memory consolidation, evening screen use, napping
habits, melatonin release

kitchenscience; adults, athletes, patients, families; the Marlow Nutrition Centre,
Castlegate University, the Ridgeway Food Lab; protein intake, fibre intake, meal
timing, added sugar, gut bacteria, blood glucose, omega-3 fats, ultra-processed
food, hydration, fasting windows, iron levels, vitamin D status

buildingteams; engineers, engineering managers, teams, startups; Carraway Systems,
Brightline Software, Northwind Labs, Halcyon Cloud; engineering accountability,
on-call load, code review speed, incident response, technical debt, hiring bars,
career ladders, one-on-one meetings, roadmap planning, team autonomy, deployment
frequency, product alignment

moneywise; households, investors, savers, retirees; the Fairmont Savings Bank, Alder
Capital, the Westbrook Pension Fund; index funds, emergency savings, credit card
debt, retirement contributions, asset allocation, inflation risk, household budgets,
mortgage rates, fee drag, dividend income, tax-advantaged accounts, spending habits

pastimes; merchants, historians, farmers, town councils; the Danforth Museum,
Whitcombe College, the Old Quay Archive; the printing press, trade routes, grain
prices, naval power, the spice trade, early railways, city walls, colonial archives,
the telegraph, guild rules, coinage reform, river transport

cellstories; patients, volunteers, participants, older adults; the Linden Institute
for Cell Biology, Ashcombe University, Verity Genomics; mitochondrial function, cell
division, gene expression, immune signalling, protein folding, stem cell renewal,
muscle repair, hormone cycles, microbial diversity, DNA repair, insulin sensitivity,
inflammation markers

movewell; runners, adults, athletes, beginners; the Kestrel Sports Institute,
Penrose University, the Summit Training Centre; zone two training, strength
training, VO2 max, step counts, grip strength, recovery days, interval training,
muscle mass, warm-up routines, training volume, resting heart rate, mobility work

productpod; product managers, founders, designers, product teams; Lumen Analytics,
Tessellate, the Orchard Product Guild, Quayside Ventures; customer interviews,
pricing experiments, activation rates, feature adoption, user retention, product
discovery, onboarding flows, roadmap trade-offs, growth loops, churn analysis,
launch planning, north star metrics

learninglab; students, teachers, learners, adults; the Greystone Learning Lab,
Merrow College, the Open Study Foundation; spaced repetition, active recall, working
memory, deliberate practice, attention span, interleaved practice, reading fluency,
feedback timing, note-taking, motivation, retrieval strength, prior knowledge

gridtalk; households, utilities, city planners, energy engineers; the Solano Energy
Institute, Brackwater Power, the Northern Grid Authority; solar capacity, grid
storage, heat pumps, carbon pricing, wind generation, building insulation,
electricity demand, battery costs, emissions reporting, transmission lines, methane
leaks, home energy use"""),
    )
)
_FIRST = _bank("""Maria | James | Aisha | Kenji | Laura | Daniel | Priya | Thomas |
Elena | Samuel | Grace | Omar | Hannah | Lucas | Nadia | Peter | Sofia | Michael |
Ingrid | David""")
_LAST = _bank("""Okafor | Larsen | Whitfield | Tanaka | Moreau | Castillo | Brennan
| Haddad | Lindqvist | Patel | Osei | Fischer | Novak | Sullivan | Ramirez |
Kowalski | Nakamura | Adeyemi | Hartley | Mendes""")
_PLACES = _bank("""Boston | Osaka | Nairobi | Copenhagen | Melbourne | Toronto |
Lisbon | Seoul | Chicago | Edinburgh | Lagos | Munich | Madrid | Denver | Helsinki |
Singapore | Cape Town | Vancouver | Dublin | Mumbai""")
_QUOTES = _bank("""a slow leak rather than a flood | boring but reliable | the quiet
multiplier | mostly a scheduling problem | easy to measure and easy to ignore | the
part nobody wants to own | a habit before it is a result""")
_ADJ = _bank("Long|Quiet|Hidden|Second|Patient|Narrow|Steady|Open")
_NOUN = _bank("Night|Ledger|Signal|Harvest|Engine|Margin|Compass|Current")
_NUMBERS = _bank("two|three|four|five|six|eight|ten|twelve")
_UNITS = _bank("days|weeks|months")
_LINKS = _bank("in practice|and health|basics|research")
_SMALL = frozenset(_bank("a|an|and|as|at|by|for|from|in|of|on|or|the|to|with"))
_ID = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
# A claim sentence is an opener, a main clause (the fact) and a tail; twin notes word
# a shared fact with their own openers and tails, the second also with these swaps.
_SWAPS = [
    swap.split(">")
    for swap in _bank("""roughly>about | nearly>almost | a single year>one year |
every day>daily | clear>noticeable | easy to confuse>easily confused | the gains>the
improvement | long before>well before | came from>grew out of""")
]
_OPENERS = _bank(""" | According to {p} of {o}, | In a {y} study of {n} {g} in {l},
| When researchers at {o} tracked {n} {g} in {l}, they found that | As {p} explains
in {b}, | Data collected by {o} between {y} and {y2} suggest that | {p} argues that
| In {l}, a {y} survey by {o} showed that | Work that {p} published at {o} in {y}
first suggested that | For most {g}, | Perhaps surprisingly, | In the trial that {p}
ran at {o} with {n} {g},""")
_MAINS = _bank("""{c} explained roughly {pc} of the differences in {c2} over the
following year | small daily changes in {c} added up to a {pc} shift in {c2} within
{k} | paying closer attention to {c} for {k} led to clear changes in {c2} | getting
{c} right mattered more than {c2}, by a margin of about {pc} | {c} and {c2} are easy
to confuse, even though they respond to different signals and change on different
timescales | the effect of {c} was largest in the first {k}, long before {c2} began
to move | a modest change to {c} cut problems with {c2} by nearly {pc} within a
single year | progress on {c} came from small routines rather than willpower, and
gains in {c2} followed | about {pc} of the gains in {c2} could be traced back to {c}
| the cost of ignoring {c} tended to show up {k} after the first warning signs in
{c2} | steady attention to {c} produced better results than chasing {c2} directly |
measuring {c} every day shifted {c2} by roughly {pc} over {k} | {pc} of respondents
named {c} as the hardest part to get right, well ahead of {c2} | the role of {c} in
shaping {c2} has often been overstated in popular accounts""")
_TAILS = _bank(""" |  |  |  | , a result {p2} describes as "{q}" | , which is why
{p2} recommends tracking it for at least {k2} | , although {p2} has questioned how
well the finding holds up elsewhere | , and the effect was still visible in a
follow-up {k2} later | , which surprised many of the {g} involved""")
# List items that finish a lead-in ending in 'to:' or 'should:', and their reasons.
_ACTIONS = _bank("""Track {c} for at least {k} before drawing firm conclusions |
Change only one habit at a time when working on {c} | Keep a simple written record
of {c} and {c2} | Discuss {c} openly with peers and mentors | Revisit the plan for
{c} every {k} | Protect a fixed block of time for {c} before worrying about {c2} |
Compare progress on {c} against the {y} baseline published by {o} | Ask for outside
feedback on {c} at least once every {k} | Start with small, boring changes to {c} |
Treat {c2} as a result of {c} rather than as a goal in itself""")
_REASONS = _bank(""" | , since early numbers from {o} were often misleading | ,
because {pc} of the {n} {g} in one study who skipped this step gave up within {k2} |
, as {p} does with the group at {o} in {l} | , which {p} found was enough for about
{pc} of {g} to notice useful patterns | , a distinction {p} makes throughout {b} | ,
because {g} in {l} who did so in {y} reported far fewer setbacks""")
_LEADS = _bank("""To make real progress on {c}, {p} suggests that {g} should: | The
practical steps {p} recommends for {lc} are to: | According to researchers at {o},
{g} who want better results with {c} should: | There is now a clear opportunity to:
| The evidence from {l} suggests that it helps to:""")
_TERM_LEADS = _bank("""A useful way to think about {c} is through a handful of
related ideas: | Recommendations for {lc}: | {p} highlights several terms that come
up again and again:""")
_HEADINGS = _bank("""what the research on {c} shows | {c} in practice | how {c}
relates to {c2} | common mistakes with {c} | measuring {c} | practical advice on {c}
| a short history of {c} | open questions about {c} | why {c} matters | {c} and {c2}""")
_CALLOUTS = _bank("""key takeaway | study summary | practical protocol | {p} on {c}
| why it matters | common pitfall""")
_READING = _bank("""{p}'s book, {b}, covers {c} and {c2} in more depth | {p} and {p2}
return to {c} in a later episode recorded in {l}""")
# Title frames come in pairs: the two notes of a pair share a topic and two concepts.
_FRAMES = _bank("""{A} and {b} | the link between {a} and {b} | how {a} shapes {b} |
why {a} matters for {b} | the role of {a} in {b} | {A} as a lever for {b} | what the
evidence says about {a} and {b} | rethinking {a} and {b}""")
_PER_TOPIC = 12 * 11 * (len(_FRAMES) // 2)
_COMBOS = len(_TOPICS) * _PER_TOPIC
_STEP = next(
    s for s in itertools.count(int(_COMBOS * 0.618)) if math.gcd(s, _COMBOS) < 2
)
"""Multiplying by a step near combos/phi and coprime to it permutes the title
combinations and spreads neighbouring pairs of notes over different topics."""


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _title_case(text: str) -> str:
    words = text.split(" ")
    return " ".join(w if i and w in _SMALL else _cap(w) for i, w in enumerate(words))


def _slug(text: str, sep: str = "-") -> str:
    return sep.join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split()[:9])


def _link(phrase: str, rng: random.Random) -> str:
    return f"[[{_slug(f'{phrase} {rng.choice(_LINKS)}', '_')} | {phrase}]]"


def _title(index: int, seed: int) -> tuple[int, str]:
    """The topic and unique title of note `index`; a pair of notes shares its topic."""
    pair, half = divmod(index, 2)
    part, slot = divmod(pair, _COMBOS)
    topic, rest = divmod((slot * _STEP + seed * 104_729) % _COMBOS, _PER_TOPIC)
    ab, frame = divmod(rest, len(_FRAMES) // 2)
    first, second = divmod(ab, 11)
    a, b = _TOPICS[topic][3][first], _TOPICS[topic][3][second + (second >= first)]
    title = _cap(_FRAMES[2 * frame + half].format(A=_cap(a), a=a, b=b))
    title = _title_case(title) if (pair + half) % 3 == 0 else title
    return topic, title + (f" (part {part + 1})" if part else "")


class _Note:
    """Builds one note; every choice comes from the note's own seeded generator."""

    def __init__(self, index: int, seed: int) -> None:
        self.rng, self.index = random.Random(f"{seed}:{index}"), index
        pair = random.Random(f"{seed}:pair:{index // 2}")
        topic, self.title = _title(index, seed)
        self.topic = _TOPICS[topic]
        twin = pair.random() < 0.1
        source = pair if twin else self.rng
        self.video = "".join(source.choice(_ID) for _ in range(11))
        shared = range(pair.randint(3, 5) if twin else 0)
        self.shared = [(pair.choice(_MAINS), self.slots(pair)) for _ in shared]
        scale = min(3.0, max(1 / 3, self.rng.lognormvariate(-0.22, 0.55)))
        self.target, self.claims = round(21 * scale), 0
        self.seconds, self.bare = self.rng.randint(0, 40), self.rng.random() < 0.1
        self.lines: list[str] = []

    def slots(self, rng: random.Random) -> _Slots:
        """Fresh fillers for every template slot, drawn from `rng`."""
        _, groups, orgs, concepts = self.topic
        c, c2 = rng.sample(concepts, 2)
        p, p2 = (
            ("Dr. " if rng.random() < 0.3 else "") + f"{first} {rng.choice(_LAST)}"
            for first in rng.sample(_FIRST, 2)
        )
        year = rng.randint(1962, 2019)
        count = rng.choice((rng.randint(24, 960), rng.randint(1, 60) * 250))
        k, k2 = (f"{rng.choice(_NUMBERS)} {rng.choice(_UNITS)}" for _ in "kk")
        return {
            "c": c, "c2": c2, "p": p, "p2": p2, "o": rng.choice(orgs), "k": k,
            "k2": k2, "l": rng.choice(_PLACES), "g": rng.choice(groups),
            "y": str(year), "y2": str(rng.randint(year + 3, min(2024, year + 12))),
            "n": f"{count:,}", "q": rng.choice(_QUOTES),
            "pc": f"{rng.randint(6, 74)}{rng.choice(('%', '%', ' percent'))}",
            "b": f"*The {rng.choice(_ADJ)} {rng.choice(_NOUN)}*",
            "lc": _link(c, rng),
        }  # fmt: skip

    def stamp(self) -> str:
        """The source time of the sentence before: an anchor, rarely bare or none."""
        rng = self.rng
        self.seconds += rng.randint(4, 75)
        if rng.random() < 0.07:
            return ""
        h, rest = divmod(self.seconds, 3600)
        hms = f"{h:02d}:{rest // 60:02d}:{rest % 60:02d}"
        if self.bare and rng.random() < 0.5:
            return f" [{hms}]"
        anchor = f' <a class="yt-timestamp" data-t="{hms}">[{hms}]</a>'
        return anchor + (self.stamp() if rng.random() < 0.04 else "")

    def render(self, template: str, slots: _Slots, bold: bool) -> str:
        """Fill `template`, bolding one phrase if `bold`; maybe link another."""
        rng, slots = self.rng, dict(slots)
        free = [k for k in ("c", "c2") if "{" + k + "}" in template]
        other = [k for k in ("pc", "o", "n") if "{" + k + "}" in template]
        if bold and (free or other):
            key = rng.choice(free if free and rng.random() < 0.8 else other or free)
            slots[key] = f"**{slots[key]}**"
            free = [k for k in free if k != key]
        if free and rng.random() < 0.18:
            slots[free[0]] = _link(slots[free[0]], rng)
        elif free and rng.random() < 0.05:
            slots[free[-1]] = f"*{slots[free[-1]]}*"
        return _cap(template.format(**slots)) + self.stamp() + "."

    def sentence(self, bold: bool = False, claim: bool = False) -> str:
        """A sentence; a claim takes a fact shared with the twin note if one is left."""
        rng, self.claims = self.rng, self.claims + claim
        if claim and self.shared:
            main, slots = self.shared.pop(0)
            for old, new in _SWAPS if self.index % 2 else ():
                main = main.replace(old, new)
        else:
            main, slots = rng.choice(_MAINS), self.slots(rng)
        template = f"{rng.choice(_OPENERS)} {main}{rng.choice(_TAILS)}".strip()
        return self.render(template, slots, bold)

    def action(self, bold: bool = False) -> str:
        """A list item that finishes a lead-in sentence."""
        rng, self.claims = self.rng, self.claims + 1
        template = rng.choice(_ACTIONS) + rng.choice(_REASONS)
        return self.render(template, self.slots(rng), bold)

    def fill(self, templates: _Bank, title: bool = False) -> str:
        text = _cap(self.rng.choice(templates).format(**self.slots(self.rng)))
        return _title_case(text) if title else text

    def block(self, *lines: str) -> None:
        self.lines.extend((*lines, ""))

    def paragraph(self, count: int = 0) -> None:
        """A paragraph; most have bold phrases, which make their sentences claims."""
        rng = self.rng
        count = count or rng.randint(2, 4)
        bold = set(rng.sample(range(count), rng.randint(1, count)))
        bold = bold if rng.random() < 0.6 else set()
        self.block(" ".join(self.sentence(i in bold, i in bold) for i in range(count)))

    def item_list(self) -> None:
        """A lead-in list, a '**Term**:' list, a numbered list or plain bullets."""
        rng, count = self.rng, self.rng.randint(2, 5)
        kind = rng.choice(("lead", "lead", "terms", "terms", "plain", "numbered"))
        if kind == "lead":
            items = [f"*   {self.action(rng.random() < 0.15)}" for _ in range(count)]
            self.block(self.fill(_LEADS), *items)
        elif kind == "terms":
            lead = [self.fill(_TERM_LEADS)] if rng.random() < 0.7 else []
            items = [
                f"*   **{_cap(term)}**: "
                + " ".join(self.sentence(claim=True) for _ in range(rng.randint(1, 2)))
                for term in rng.sample(self.topic[3], count)
            ]
            self.block(*lead, *items)
        elif kind == "numbered":
            steps = f"The approach comes down to {_NUMBERS[count - 2]} steps:"
            self.block(steps, *(f"{i + 1}. {self.action()}" for i in range(count)))
        else:
            say = self.sentence
            items = [f"*   {say(rng.random() < 0.3, True)}" for _ in range(count)]
            if rng.random() < 0.15:
                items += [f"    *   {self.action()}" for _ in range(2)]
            self.block(*items)

    def callout(self) -> None:
        kind = self.rng.choice(("info", "info", "info", "tip", "note"))
        title = self.fill(_CALLOUTS, title=True)
        items = (self.sentence(claim=True) for _ in range(self.rng.randint(2, 4)))
        self.block(f"> [!{kind}] {title}", *(f"> *   {item}" for item in items))

    def text(self) -> str:
        """Write the whole note: frontmatter, source line, then sections of blocks."""
        rng = self.rng
        self.block("---", f"title: {self.title}", f"videoId: {self.video}", "---")
        self.block(f"From: [[{self.topic[0]}]] <br/> ")
        self.paragraph(rng.randint(2, 3))
        while self.claims < self.target:
            sub = rng.random() < 0.3 and any(x.startswith("## ") for x in self.lines)
            self.seconds += rng.randint(30, 400)
            self.block(f"{'###' if sub else '##'} {self.fill(_HEADINGS, title=True)}")
            for _ in range(rng.randint(1, 3)):
                if self.claims >= self.target:
                    break
                choice = rng.random()
                if choice < 0.45:
                    self.paragraph()
                elif choice < 0.88:
                    self.item_list()
                else:
                    self.callout()
        if rng.random() < 0.25:
            self.block("## Further Reading", self.fill(_READING) + self.stamp() + ".")
        return "\n".join(self.lines).rstrip("\n") + "\n"


def note_text(index: int, *, seed: int = 7) -> str:
    """The Markdown of note number `index` (deterministic for (index, seed)).

    Args:
        index: The note's number, from 0.
        seed: Selects a different but equally reproducible vault.

    Returns:
        The note's text, frontmatter included, ending in a newline.
    """
    return _Note(index, seed).text()


def write_vault(folder: Path, count: int = 1000, *, seed: int = 7) -> list[Path]:
    """Write `count` notes into `folder` (created if missing); return the sorted paths.

    Args:
        folder: Where the notes go; files already there with other names are kept.
        count: How many notes to write.
        seed: Passed to `note_text`; the same (count, seed) gives identical files.

    Returns:
        The paths written, sorted.
    """
    folder.mkdir(parents=True, exist_ok=True)
    width = max(4, len(str(count - 1)))
    paths = []
    for index in range(count):
        path = folder / f"{index:0{width}d}-{_slug(_title(index, seed)[1])}.md"
        path.write_text(note_text(index, seed=seed), encoding="utf-8", newline="\n")
        paths.append(path)
    return sorted(paths)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: python -m tools.vault FOLDER [COUNT]")
    size = int(sys.argv[2]) if len(sys.argv) == 3 else 1000
    written = write_vault(Path(sys.argv[1]), size)
    print(f"wrote {len(written)} notes to {sys.argv[1]}")
