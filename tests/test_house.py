"""A house a newcomer can read in an afternoon (issue 12): no module of the package is
over 450 lines, no function (or method) over 60, both measured with ``ast``.

The aims are about 400 and about 60; the limit of a module leaves a margin, so that the
test fails on a module that has grown, not on one line of docstring. A failure lists
every offender.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import NamedTuple

import pytest

import calcinosis_cli

PACKAGE = Path(calcinosis_cli.__file__).parent
MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 60


class Offender(NamedTuple):
    path: str  # relative to the package: "tree/rules.py"
    name: str  # "" for the module itself, else the function's qualified name
    lines: int

    def __str__(self) -> str:
        what = f"{self.name}()" if self.name else "the module"
        limit = MAX_FUNCTION_LINES if self.name else MAX_MODULE_LINES
        return f"calcinosis_cli/{self.path}: {what} has {self.lines} lines (at most {limit})"


def offenders_in(source: str, path: str) -> list[Offender]:
    """The module ``source`` (at ``path``) if it is too long, and each function or method
    in it that is: from its ``def`` line to its last line, docstring and comments included."""
    found = []
    lines = len(source.splitlines())
    if lines > MAX_MODULE_LINES:
        found.append(Offender(path, "", lines))

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    length = (child.end_lineno or child.lineno) - child.lineno + 1
                    if length > MAX_FUNCTION_LINES:
                        found.append(Offender(path, name, length))
                visit(child, f"{name}.")
            else:
                visit(child, prefix)

    visit(ast.parse(source, filename=path), "")
    return found


def package_offenders() -> list[Offender]:
    found: list[Offender] = []
    for module in sorted(PACKAGE.rglob("*.py")):
        relative = module.relative_to(PACKAGE).as_posix()
        found += offenders_in(module.read_text(encoding="utf-8"), relative)
    return found


def test_no_module_or_function_is_too_long() -> None:
    offenders = package_offenders()
    assert not offenders, "too long to read in one sitting:\n" + "\n".join(map(str, offenders))


# --- the measure finds what it is for ---------------------------------------------------------


def function_of(lines: int, name: str = "f", indent: str = "") -> str:
    """Source of a function that is ``lines`` lines long, its ``def`` line included."""
    body = "".join(f"{indent}    x{i} = {i}\n" for i in range(lines - 2))
    return f"{indent}def {name}() -> int:\n{body}{indent}    return 0\n"


@pytest.mark.parametrize(("lines", "too_long"), [(MAX_FUNCTION_LINES, False), (MAX_FUNCTION_LINES + 1, True)])
def test_a_function_over_the_limit_is_named_with_its_length(lines: int, too_long: bool) -> None:
    found = offenders_in(function_of(lines), "m.py")
    assert found == ([Offender("m.py", "f", lines)] if too_long else [])


def test_a_method_and_a_nested_function_are_measured_too() -> None:
    method = "class C:\n" + function_of(MAX_FUNCTION_LINES + 1, "long", indent="    ")
    nested = "def outer() -> None:\n" + function_of(MAX_FUNCTION_LINES + 5, "inner", indent="    ")
    assert [o.name for o in offenders_in(method, "m.py")] == ["C.long"]
    assert [o.name for o in offenders_in(nested, "m.py")] == ["outer", "outer.inner"]


def test_a_module_over_the_limit_is_named_with_its_length() -> None:
    short = "\n".join(f"x{i} = {i}" for i in range(MAX_MODULE_LINES)) + "\n"
    long = short + "y = 1\n"
    assert offenders_in(short, "m.py") == []
    assert offenders_in(long, "m.py") == [Offender("m.py", "", MAX_MODULE_LINES + 1)]
    assert str(offenders_in(long, "m.py")[0]) == (
        f"calcinosis_cli/m.py: the module has {MAX_MODULE_LINES + 1} lines (at most {MAX_MODULE_LINES})"
    )
