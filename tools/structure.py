"""How the package holds to the shape a newcomer can follow: module and function
sizes, and imports of other modules' private names.

usage: python tools/structure.py [PACKAGE_DIR]

Prints the largest modules and functions (classes count as one, whole) and every
import of an underscore name from another module, then the limits' verdict. The
test suite holds the package to the same limits (tests/test_structure.py).
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

MAX_MODULE_LINES = 500
MAX_DEFINITION_LINES = 100
PACKAGE = Path(__file__).resolve().parent.parent / "cards"


@dataclass(frozen=True)
class Size:
    lines: int
    where: str


def module_sizes(package: Path = PACKAGE) -> list[Size]:
    """Every module of the package, largest first."""
    sizes = [
        Size(len(path.read_text(encoding="utf-8").splitlines()), _name(path, package))
        for path in package.rglob("*.py")
    ]
    return sorted(sizes, key=lambda size: -size.lines)


def definition_sizes(package: Path = PACKAGE) -> list[Size]:
    """Every function and class of the package (methods inside a class count with
    it, and on their own), largest first."""
    sizes = []
    for path in package.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                sizes.append(Size(lines, f"{_name(path, package)}:{node.name}"))
    return sorted(sizes, key=lambda size: -size.lines)


def private_imports(package: Path = PACKAGE) -> list[str]:
    """Each `from module import _name` of the package, as 'importer: module._name'."""
    found = []
    for path in package.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        module = "." * node.level + (node.module or "")
                        dot = "" if module.endswith(".") else "."
                        found.append(
                            f"{_name(path, package)}: {module}{dot}{alias.name}"
                        )
    return sorted(found)


def _name(path: Path, package: Path) -> str:
    return str(path.relative_to(package.parent))


def main() -> int:
    package = Path(sys.argv[1]) if len(sys.argv) > 1 else PACKAGE
    modules, definitions = module_sizes(package), definition_sizes(package)
    imports = private_imports(package)
    print("largest modules:")
    for size in modules[:5]:
        print(f"  {size.lines:5} {size.where}")
    print("largest functions and classes:")
    for size in definitions[:5]:
        print(f"  {size.lines:5} {size.where}")
    print(f"imports of private names: {len(imports)}")
    for line in imports:
        print(f"  {line}")
    holds = (
        modules[0].lines <= MAX_MODULE_LINES
        and definitions[0].lines <= MAX_DEFINITION_LINES
        and not imports
    )
    print(
        f"limits (modules <= {MAX_MODULE_LINES} lines, functions and classes <= "
        f"{MAX_DEFINITION_LINES}, no private imports): {'hold' if holds else 'broken'}"
    )
    return 0 if holds else 1


if __name__ == "__main__":
    sys.exit(main())
