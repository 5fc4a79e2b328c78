"""The ``cards`` command: a thin click layer over `cards.build`.

Exit codes: 0 every note was used; 1 nothing was written (no notes, no spaCy pipeline,
output not writable); 2 usage error; 3 the deck was written but some notes were skipped.

A user's mistake is one ``Error: ...`` line. Anything else is a bug in cards: one line
asks the user to report it, and ``--debug`` shows the traceback.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import CardsError, SkippedNotesError
from .identify import RETIRED_TAG
from .options import Subdecks
from .package import FORMATS, Format
from .pipeline import BuildSummary
from .pipeline import build as build_deck
from .pipeline import check as check_notes
from .pipeline import export as export_cards
from .preview import write_preview
from .report import check_lines, dropped_lines, one_line
from .selection import DEFAULT_NOTES, default_output

EXIT_SKIPPED = 3
F = TypeVar("F", bound=Callable[..., Any])
_GC_ALLOCATIONS = 50_000
ISSUES_HINT = "this is a bug in cards; please report it with the command you ran"


class _Cards(click.Group):
    """The command group, turning an unexpected exception into one line."""

    def invoke(self, ctx: click.Context) -> object:
        # A build holds hundreds of thousands of records for its whole run and
        # frees little before it ends; collecting garbage every 700 allocations
        # (Python's default) kept re-walking them. Five one-edit rebuilds of a
        # 21,000-card vault each way, interleaved: median 4.52 s against 4.70 s.
        # Cycles are still collected, less often.
        gc.set_threshold(_GC_ALLOCATIONS, *gc.get_threshold()[1:])
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except BrokenPipeError:
            # 'cards check | head': the reader left; not an error, and not a bug.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise SystemExit(1) from None
        except Exception as error:  # the one place that catches bugs
            if ctx.params.get("debug"):
                raise
            raise click.ClickException(
                f"{type(error).__name__}: {error} ({ISSUES_HINT}; run with --debug "
                "for the details)"
            ) from None


@click.group(cls=_Cards, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cards")
@click.option("--debug", is_flag=True, help="Show a traceback when cards fails.")
def cli(debug: bool) -> None:
    """Turn a folder of Markdown notes into an Anki deck.

    \b
        cards build                       # notes/ -> output/notes.apkg
        cards build ~/vault -o vault.apkg --deck "My vault"

    Exit codes: 0 all notes used, 1 nothing written, 2 usage error,
    3 deck written but some notes skipped.
    """


@contextlib.contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr, for a terminal and builds that take a while.

    It appears once reading notes has taken a second, so a warm build prints
    nothing; redirected or --quiet, there is none.
    """
    if quiet or not sys.stderr.isatty():
        yield None
        return
    started = time.monotonic()
    bar: Any = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            if time.monotonic() - started < 1.0 or done >= total:
                return
            bar = click.progressbar(
                length=total, label="Reading notes", file=sys.stderr
            )
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def notes_argument(name: str) -> Callable[[F], F]:
    """The notes folders or files every command reads (default notes/)."""
    return click.argument(
        name,
        nargs=-1,
        type=click.Path(exists=True, path_type=Path),
    )


def _sources(paths: tuple[Path, ...]) -> Path | tuple[Path, ...]:
    """One path as itself (a folder, a note or a deck), several as a selection."""
    if not paths:
        return DEFAULT_NOTES
    return paths[0] if len(paths) == 1 else paths


prose_option = click.option(
    "--prose", is_flag=True, help="Paragraphs give their most salient sentences too."
)
"""--prose, which build, check, export and preview take alike."""

reverse_option = click.option(
    "--reverse",
    is_flag=True,
    help="Ask each definition the other way too: its term from its meaning.",
)
"""--reverse, taken wherever --prose is."""


def output_options(what: str, default: str) -> Callable[[F], F]:
    """-o, --deck and --model: where a command writes its cards, and how it makes them.

    build, export and preview take them alike, with the same help.
    """
    options = (
        click.option(
            "-o",
            "--output",
            type=click.Path(dir_okay=False, path_type=Path),
            help=f"Where to write {what}. Default: output/<notes folder name>{default}",
        ),
        click.option("--deck", "deck_name", help="Name of the Anki deck."),
        click.option("--model", help="spaCy pipeline to use. Default: en_core_web_sm."),
    )

    def decorate(command: F) -> F:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def _echo_problems(summary: BuildSummary) -> None:
    """The notes that were skipped or read with a warning, one line each."""
    _echo_skipped(summary.skipped)
    for line in summary.warnings:
        click.echo(f"warning: {one_line(line)}", err=True)


def _echo_skipped(lines: Iterable[str]) -> None:
    for line in lines:
        click.echo(f"skipped {one_line(line)}", err=True)


def _wrote(summary: BuildSummary, line: str) -> None:
    """The end of a command that wrote a file: problems, what it wrote, exit 3 when
    notes were skipped."""
    _echo_problems(summary)
    click.echo(line)
    if summary.skipped:
        raise SystemExit(EXIT_SKIPPED)


def _report(summary: BuildSummary) -> None:
    kinds = summary.cards_by_kind
    by_kind = ", ".join(
        f"{kinds.get(kind, 0)} {label}"
        for kind, label in (("cloze", "cloze"), ("qa", "Q&A"))
    )
    if kinds.get("reverse"):
        by_kind += f", {kinds['reverse']} reversed"
    click.echo(
        f"Read {summary.notes_read} notes ({len(summary.skipped)} skipped, "
        f"{summary.notes_without_cards} without cards): {summary.claims} claims, "
        f"{summary.card_count} cards ({by_kind})"
    )
    if summary.quality_line:
        click.echo(summary.quality_line)
    changes = summary.changes
    click.echo(
        f"Changes since the last build: {changes.new} new, {changes.updated} updated, "
        f"{changes.unchanged} unchanged, {changes.retired} retired"
    )
    if changes.retired:
        click.echo(
            f"Retired cards stay in the deck tagged {RETIRED_TAG}; to delete them, "
            f"search Anki's browser for tag:{RETIRED_TAG}"
        )
    if summary.deck_path is None:
        click.echo("Dry run: nothing written")
    else:
        click.echo(f"Wrote {summary.deck_path}")


@cli.command()
@notes_argument("notes")
@output_options("the deck", ".apkg")
@click.option(
    "--dry-run", is_flag=True, help="Report what would change; write nothing."
)
@click.option(
    "--strict", is_flag=True, help="Write nothing if any note cannot be read (exit 1)."
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes that make notes (Markdown, spaCy, cards). Default: one "
    "per core; one for a few notes.",
)
@click.option(
    "--subdecks",
    type=click.Choice(["notes", "folders"]),
    is_flag=False,
    flag_value="notes",
    default=None,
    help="Put each note's cards in Deck::Note title, or follow folders with "
    "--subdecks=folders. Default: one deck.",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="Leave out notes or folders matching GLOB (repeatable).",
)
@prose_option
@reverse_option
@click.option("--no-cache", is_flag=True, help="Parse every note again (a cold build).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def build(
    notes: tuple[Path, ...],
    output: Path | None,
    deck_name: str | None,
    model: str | None,
    dry_run: bool,
    strict: bool,
    jobs: int | None,
    subdecks: Subdecks | None,
    exclude: tuple[str, ...],
    prose: bool,
    reverse: bool,
    no_cache: bool,
    quiet: bool,
) -> None:
    """Build an Anki deck from a folder of Markdown notes, one note, or several.

    \b
        cards build notes/ -o output/notes.apkg --deck "Podcast notes"
        cards build notes/podcasts notes/books/walden.md -o output/mix.apkg
    """
    try:
        with _progress(quiet) as progress:
            summary = build_deck(
                _sources(notes),
                output,
                deck_name=deck_name,
                model=model,
                dry_run=dry_run,
                strict=strict,
                jobs=jobs,
                use_cache=not no_cache,
                progress=progress,
                subdecks=subdecks,
                exclude=exclude,
                prose=prose,
                reverse=reverse,
                waiting=_waiting,
            )
    except SkippedNotesError as error:
        _echo_skipped(error.reasons)
        raise click.ClickException(str(error)) from None
    except CardsError as error:
        raise click.ClickException(str(error)) from None
    _echo_problems(summary)
    if not quiet:
        _report(summary)
    if summary.skipped:
        raise SystemExit(EXIT_SKIPPED)


def _waiting(folder: Path) -> None:
    click.echo(f"Waiting for another build of {folder} to finish", err=True)


@cli.command()
@notes_argument("source")
@click.option(
    "--strict", is_flag=True, help="Exit 1 when a rule falls short of target."
)
@click.option(
    "--dropped", is_flag=True, help="List the claims that gave no card, and why."
)
@click.option(
    "--worst", default=5, show_default=True, help="How many of the worst cards."
)
@click.option("--model", help="spaCy pipeline to use. Default: en_core_web_sm.")
@prose_option
@reverse_option
@click.option("--no-cache", is_flag=True, help="Parse every note again.")
def check(
    source: tuple[Path, ...],
    strict: bool,
    dropped: bool,
    worst: int,
    model: str | None,
    prose: bool,
    reverse: bool,
    no_cache: bool,
) -> None:
    """Measure cards against the rules of good flashcards.

    SOURCE is one or more notes folders or files (the cards a build would make),
    or a built .apkg deck.

    \b
        cards check notes/
        cards check output/notes.apkg --strict
        cards check notes/ --dropped
    """
    try:
        summary = check_notes(
            _sources(source),
            model=model,
            use_cache=not no_cache,
            prose=prose,
            reverse=reverse,
        )
    except CardsError as error:
        raise click.ClickException(str(error)) from None
    _echo_skipped(summary.skipped)
    for line in dropped_lines(summary) if dropped else check_lines(summary, worst):
        click.echo(line)
    if strict and not summary.report.ok:
        low = [r.rule.name for r in summary.report.results if not r.ok]
        raise click.ClickException("below target: " + ", ".join(low))


@cli.command()
@notes_argument("notes")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="csv",
    show_default=True,
    help="csv for Anki's File > Import, jsonl for scripts.",
)
@output_options("the cards", ".<format>")
@prose_option
@reverse_option
@click.option("--no-cache", is_flag=True, help="Parse every note again.")
def export(
    notes: tuple[Path, ...],
    fmt: Format,
    output: Path | None,
    deck_name: str | None,
    model: str | None,
    prose: bool,
    reverse: bool,
    no_cache: bool,
) -> None:
    """Export the cards as CSV for Anki's text import, or as JSON lines.

    \b
        cards export notes/ --format csv -o output/notes.csv
        cards export notes/ --format jsonl
    """
    try:
        target = output or default_output(_sources(notes)).with_suffix(f".{fmt}")
        summary = export_cards(
            _sources(notes),
            target,
            fmt,
            deck_name=deck_name,
            model=model,
            use_cache=not no_cache,
            prose=prose,
            reverse=reverse,
        )
    except CardsError as error:
        raise click.ClickException(str(error)) from None
    _wrote(summary, f"Exported {len(summary.entries)} cards to {target}")


@cli.command()
@notes_argument("notes")
@output_options("the page", ".html")
@prose_option
@reverse_option
@click.option("--no-cache", is_flag=True, help="Parse every note again.")
@click.option("--open", "open_page", is_flag=True, help="Open the page in a browser.")
def preview(
    notes: tuple[Path, ...],
    output: Path | None,
    deck_name: str | None,
    model: str | None,
    prose: bool,
    reverse: bool,
    no_cache: bool,
    open_page: bool,
) -> None:
    """Write the cards a build would make as one HTML page, with their quality flags.

    \b
        cards preview notes/ -o output/preview.html --open
    """
    try:
        target = output or default_output(_sources(notes)).with_suffix(".html")
        summary = write_preview(
            _sources(notes),
            target,
            deck_name=deck_name,
            model=model,
            use_cache=not no_cache,
            prose=prose,
            reverse=reverse,
        )
    except CardsError as error:
        raise click.ClickException(str(error)) from None
    if open_page:
        click.launch(str(target))
    _wrote(summary, f"Wrote {len(summary.cards)} cards to {target}")
