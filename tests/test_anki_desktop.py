"""What the learner sees in the real Anki desktop (aqt) at a phone's width.

Anki runs on an Xvfb display of its own (Debian's xvfb), in a process of its own
(`tests/anki_desktop.py`), with its own profile and temporary folder: it imports a
deck, opens the reviewer 400 px wide, and reports computed styles and sizes for the
question, the answer and the answer in night mode, with screenshots (kept in the
test's temporary folder, whose path a failure prints, with Anki's output in
anki.log). It measures each side once Anki's web view has shown it, so it needs no
retries; one Anki start serves every check, in about 5 s. CI must run it; elsewhere
it is skipped without Xvfb or aqt. Whatever Anki leaves running is killed.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from cards import build
from tests.conftest import REPO

NOTE = """\
---
url: https://example.com/talk
---
# Rivers of Europe

## The Danube and the long sentences about it

When the team had finished the long review of every service it owned, and after
the quarterly planning meeting that followed it, the team wrote down these findings
about the river and its delta:
- **Distributary**: a branch of a river that flows away from its main channel.
"""

SCREEN = ["-screen", "0", "1280x1024x24"]


def _desktop() -> str:
    """The Xvfb to start Anki under; skips (fails on CI) when it cannot."""
    xvfb = shutil.which("Xvfb")
    missing = []
    if xvfb is None:
        missing.append("Debian's xvfb")
    if importlib.util.find_spec("aqt") is None:
        missing.append("aqt")
    if missing:
        reason = f"{' and '.join(missing)} not installed; 'make test' installs them"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    assert xvfb is not None
    return xvfb


@contextlib.contextmanager
def _display(xvfb: str, log: Path) -> Iterator[str]:
    """Run an Xvfb of this run's own; yields its display (":N").

    Xvfb picks a free display number itself (``-displayfd``), so a run never meets
    another run's server, as ``xvfb-run -a`` can when two start at once."""
    read, write = os.pipe()
    with log.open("wb") as errors:
        server = subprocess.Popen(
            [xvfb, "-displayfd", str(write), "-nolisten", "tcp", *SCREEN],
            pass_fds=(write,),
            stdout=errors,
            stderr=errors,
        )
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            server.wait()
            pytest.fail(f"Xvfb did not start:\n{log.read_text(errors='replace')}")
        yield f":{number}"
    finally:
        # Asked to stop, Xvfb removes its lock file and socket; killed, it leaves them.
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _run(command: list[str], env: dict[str, str], timeout: int) -> str:
    """Run a command and return its output; kill whatever it leaves running."""
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        output = f"(no answer after {timeout} s)"
    finally:
        # Anki's web view processes share its process group, and may outlive it.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        assert process.stdout is not None
        process.stdout.close()
    return output


@pytest.fixture(scope="module")
def seen(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> dict[str, Any]:
    xvfb = _desktop()
    folder = tmp_path_factory.mktemp("anki-desktop")
    notes = folder / "notes"
    notes.mkdir()
    (notes / "rivers.md").write_text(NOTE, encoding="utf-8")
    deck = folder / "rivers.apkg"
    build(notes, deck, nlp=nlp)
    (folder / "tmp").mkdir()
    script = REPO / "tests" / "anki_desktop.py"
    with _display(xvfb, folder / "xvfb.log") as display:
        env = {
            **os.environ,
            "DISPLAY": display,
            # Anki's single-instance socket lives in the temporary folder: in one of
            # its own, this Anki never finds one left running, says "Already
            # running" and quits.
            "TMPDIR": str(folder / "tmp"),
            # Root in a container has no sandbox, and Xvfb no GPU.
            "QTWEBENGINE_DISABLE_SANDBOX": "1",
            "QTWEBENGINE_CHROMIUM_FLAGS": "--disable-gpu --no-sandbox",
        }
        # The script gives up by itself, with a message, after two minutes.
        command = [sys.executable, str(script), str(deck), str(folder / "seen")]
        output = _run(command, env, timeout=180)
    (folder / "anki.log").write_text(output)
    report = folder / "seen" / "seen.json"
    assert report.is_file(), f"Anki did not finish:\n{output}"
    result: dict[str, Any] = json.loads(report.read_text())
    assert "error" not in result, f"{result['error']}\n{output}"
    result["folder"] = str(folder / "seen")
    return result


@pytest.mark.desktop
def test_the_reviewer_shows_cards_as_meant(seen: dict[str, Any]) -> None:
    question, answer, night = seen["question"], seen["answer"], seen["night"]
    screenshots = f"screenshots in {seen['folder']}"
    assert seen["template"] == "Question and answer"
    # A phone's width: nothing wider, and a long context cut to two lines on the
    # front, whole on the back.
    for side in (question, answer, night):
        assert side["width"] == 400, screenshots
        assert side["overflow"] <= 0, screenshots
    assert question["contextLines"] <= 2 and question["contextClipped"], screenshots
    assert answer["contextLines"] > 2 and not answer["contextClipped"], screenshots
    # One thin rule between question and answer.
    assert answer["rules"] == 0, screenshots
    assert answer["divider"] == {"top": "solid", "bottom": "none", "height": 1}
    # The source link looks like a link, by day and by night.
    for side in (answer, night):
        assert side["linkLine"] == "underline", screenshots
        assert side["linkColor"] not in {side["contextColor"], side["sourceColor"]}
    assert "nightMode" in night["body"]
    assert night["linkColor"] != answer["linkColor"], "night mode has its own blue"
    assert Path(seen["folder"], "answer.png").stat().st_size > 1000
