"""The package's shape: modules, functions and classes within the limits a newcomer
can follow, and no module importing another's private names (tools/structure.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.structure import (
    MAX_DEFINITION_LINES,
    MAX_MODULE_LINES,
    definition_sizes,
    module_sizes,
    private_imports,
)


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A tiny package: a 101-line function, a 3-line class, a private import."""
    root = tmp_path / "pkg"
    (root / "stage").mkdir(parents=True)
    (root / "__init__.py").write_text("")
    body = "".join(f"    x{n} = {n}\n" for n in range(100))
    (root / "long.py").write_text(
        f"def long() -> None:\n{body}\n\nclass C:\n    a = 1\n    b = 2\n"
    )
    (root / "stage" / "__init__.py").write_text("from ..long import long\n")
    (root / "stage" / "peek.py").write_text(
        "from ..long import _hidden, __version__\nfrom . import _sibling\n"
    )
    return root


def test_sizes_are_counted_whole_and_largest_first(package: Path) -> None:
    modules = module_sizes(package)
    assert [(size.where, size.lines) for size in modules[:2]] == [
        ("pkg/long.py", 106),
        ("pkg/stage/peek.py", 2),
    ]
    definitions = definition_sizes(package)
    assert [(size.where, size.lines) for size in definitions] == [
        ("pkg/long.py:long", 101),
        ("pkg/long.py:C", 3),
    ]


def test_imports_of_private_names_are_found_inside_a_subpackage_too(
    package: Path,
) -> None:
    assert private_imports(package) == [
        "pkg/stage/peek.py: ..long._hidden",
        "pkg/stage/peek.py: ._sibling",
    ]


def test_the_package_holds_the_limits() -> None:
    assert module_sizes()[0].lines <= MAX_MODULE_LINES
    assert definition_sizes()[0].lines <= MAX_DEFINITION_LINES
    assert private_imports() == []
