"""No module of calcinosis_cli names a private attribute of Typer, Click or Rich.

A name that starts with ``_`` (``typer._click`` included) can change meaning in any
release of the library, and a Typer upgrade must never change what calcinosis does
without a test failing. Each module is read with ``ast`` (nothing is imported) and every
use of a private name on those libraries, or on an object that came from them, is
reported with its line:

* importing a private module or name (``import typer._click``,
  ``from typer.core import _TyperParameter``, ``from typer import _click``);
* an attribute access ``x._name`` where ``x`` comes from those libraries: a name
  imported from them, what is built or returned from such a name
  (``typer.main.get_command(app)``, ``Table()``), what is assigned, looped over or
  opened from such a value, a parameter annotated with such a type, a parameter of
  one of the module's own functions that such a value is passed to, an attribute of
  ``self`` set to such a value (``self.bar = Progress()``), and ``self`` in a class that
  subclasses one of their classes;
* ``getattr``/``setattr``/``hasattr``/``delattr`` of a private name on such an object;
* a string that names a private module of theirs (for ``importlib.import_module``).

Dunder names (``__version__``, ``__signature__``) are Python's protocols, not a
library's privates, and are allowed.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "calcinosis_cli"
LIBRARIES = frozenset({"typer", "click", "rich"})
ATTRIBUTE_FUNCTIONS = frozenset({"getattr", "setattr", "hasattr", "delattr"})


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def is_library_module(dotted: str) -> bool:
    return dotted.split(".")[0] in LIBRARIES


def private_part(dotted: str) -> str | None:
    return next((part for part in dotted.split(".") if is_private(part)), None)


@dataclass(frozen=True)
class Finding:
    line: int
    what: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.what}"


Scope = ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


class Origins:
    """Which names of one module hold values that come from the libraries, scope by scope
    as Python resolves them (a function's own names, then the functions around it, then
    the module's)."""

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.parent: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                self.parent[child] = node
        self.bound: dict[Scope, set[str]] = {}
        for node in ast.walk(tree):
            self.note_binding(node)
        self.held: set[tuple[Scope, str]] = set()
        self.held_attributes: set[tuple[ast.ClassDef, str]] = set()  # self.bar = Progress(...)
        self.functions = {
            node.name: node
            for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)  # the module's own functions
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if is_library_module(alias.name):
                        self.hold(alias.asname or alias.name.split(".")[0], node)
            elif (
                isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and is_library_module(node.module)
            ):
                for alias in node.names:
                    self.hold(alias.asname or alias.name, node)
        while self.spread():
            pass

    @property
    def names(self) -> set[str]:
        return {name for _, name in self.held}

    # --- scopes ---

    def scope_of(self, node: ast.AST) -> Scope:
        """The scope whose body (or parameters) ``node`` stands in."""
        child, here = node, self.parent.get(node)
        while here is not None:
            if isinstance(here, FUNCTIONS) and (child is here.args or child is here.body or child in listed(here.body)):
                return here
            if isinstance(here, ast.ClassDef) and child in here.body:
                return here
            child, here = here, self.parent.get(here)
        return self.tree

    def note_binding(self, node: ast.AST) -> None:
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            self.bound.setdefault(self.scope_of(node), set()).add(node.id)
        elif isinstance(node, ast.arg):
            self.bound.setdefault(self.scope_of(node), set()).add(node.arg)
        elif isinstance(node, ast.alias):
            self.bound.setdefault(self.scope_of(node), set()).add(node.asname or node.name.split(".")[0])
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            self.bound.setdefault(self.scope_of(node), set()).add(node.name)

    def resolve(self, name: str, at: ast.AST) -> Scope:
        scope = self.scope_of(at)
        first = True
        while not isinstance(scope, ast.Module):
            if (first or not isinstance(scope, ast.ClassDef)) and name in self.bound.get(scope, ()):
                return scope
            first = False
            scope = self.scope_of(scope)
        return scope

    def hold(self, name: str, at: ast.AST) -> bool:
        key = (self.resolve(name, at), name)
        if key in self.held:
            return False
        self.held.add(key)
        return True

    # --- values ---

    def holds(self, node: ast.AST | None, at: ast.AST | None = None) -> bool:
        """Whether the value of expression ``node`` comes from the libraries (``at``: where
        it stands, for an expression parsed from a string annotation)."""
        if isinstance(node, ast.Name):
            return (self.resolve(node.id, at or node), node.id) in self.held
        if isinstance(node, ast.Attribute) and (owner := self.self_of(node.value)):
            return (owner, node.attr) in self.held_attributes
        if isinstance(node, ast.Attribute | ast.Subscript | ast.Starred | ast.Await | ast.NamedExpr):
            return self.holds(node.value, at)
        if isinstance(node, ast.Call):
            parts = (node.func, *node.args, *(k.value for k in node.keywords))
        elif isinstance(node, ast.Tuple | ast.List | ast.Set):
            parts = tuple(node.elts)
        elif isinstance(node, ast.BinOp):
            parts = (node.left, node.right)
        elif isinstance(node, ast.BoolOp):
            parts = tuple(node.values)
        elif isinstance(node, ast.IfExp):
            parts = (node.body, node.orelse)
        else:
            return False
        return any(self.holds(part, at) for part in parts)

    def annotates(self, annotation: ast.expr | None) -> bool:
        """Whether ``annotation`` (``Console``, ``"Console"``, ``typer.core.TyperOption``) is a library type."""
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            try:
                return self.holds(ast.parse(annotation.value, mode="eval").body, annotation)
            except SyntaxError:
                return False
        return self.holds(annotation)

    def bind(self, target: ast.AST) -> bool:
        """Let the names that ``target`` assigns (``x``, ``x, *y``; not ``x.a`` or ``x[i]``) hold a library value."""
        if isinstance(target, ast.Tuple | ast.List):
            return any([self.bind(t) for t in target.elts])
        if isinstance(target, ast.Starred):
            return self.bind(target.value)
        if isinstance(target, ast.Name):
            return self.hold(target.id, target)
        if isinstance(target, ast.Attribute) and (owner := self.self_of(target.value)):
            new = (owner, target.attr) not in self.held_attributes
            self.held_attributes.add((owner, target.attr))
            return new
        return False

    def self_of(self, node: ast.AST) -> ast.ClassDef | None:
        """The class whose instance ``node`` is, when it is the first parameter of one of its methods."""
        if not isinstance(node, ast.Name):
            return None
        method = self.resolve(node.id, node)
        owner = self.parent.get(method)
        if (
            isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef)
            and isinstance(owner, ast.ClassDef)
            and method.args.args
            and method.args.args[0].arg == node.id
        ):
            return owner
        return None

    def spread(self) -> bool:
        """One pass of letting library values flow into names; whether any name was added."""
        grew = False
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Assign) and self.holds(node.value):
                grew |= any([self.bind(t) for t in node.targets])
            elif (
                (isinstance(node, ast.AnnAssign | ast.AugAssign | ast.NamedExpr) and self.holds(node.value))
                or (isinstance(node, ast.AnnAssign) and self.annotates(node.annotation))
                or (isinstance(node, ast.For | ast.AsyncFor | ast.comprehension) and self.holds(node.iter))
            ):
                grew |= self.bind(node.target)
            elif isinstance(node, ast.withitem) and node.optional_vars and self.holds(node.context_expr):
                grew |= self.bind(node.optional_vars)
            elif isinstance(node, ast.arg) and self.annotates(node.annotation):
                grew |= self.hold(node.arg, node)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in self.functions:
                grew |= self.pass_on(self.functions[node.func.id], node)
        return grew

    def pass_on(self, function: ast.FunctionDef | ast.AsyncFunctionDef, call: ast.Call) -> bool:
        """The parameters of the module's own ``function`` that ``call`` gives a library value."""
        positional = [*function.args.posonlyargs, *function.args.args]
        given = [p for p, a in zip(positional, call.args, strict=False) if self.holds(a)]
        named = {a.arg: a for a in (*positional, *function.args.kwonlyargs)}
        given += [named[k.arg] for k in call.keywords if k.arg in named and self.holds(k.value)]
        return any([self.hold(p.arg, p) for p in given])


def listed(body: ast.AST | list[ast.stmt]) -> list[ast.AST]:
    return list(body) if isinstance(body, list) else [body]


def private_names(source: str) -> list[Finding]:
    """Every use of a private name of Typer, Click or Rich in ``source``."""
    tree = ast.parse(source)
    origins = Origins(tree)
    findings: list[Finding] = []

    def found(node: ast.AST, what: str) -> None:
        findings.append(Finding(getattr(node, "lineno", 0), what))

    subclass_selves = set(library_subclass_selves(tree, origins))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if is_library_module(alias.name) and private_part(alias.name):
                    found(node, f"import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module and is_library_module(node.module):
            if private_part(node.module):
                found(node, f"from {node.module} import ...")
            for alias in node.names:
                if is_private(alias.name):
                    found(node, f"from {node.module} import {alias.name}")
        elif isinstance(node, ast.Attribute) and is_private(node.attr):
            if origins.holds(node.value) or node.value in subclass_selves:
                found(node, f"{ast.unparse(node)}")
        elif isinstance(node, ast.Call) and attribute_function(node) and origins.holds(node.args[0]):
            found(node, f"{ast.unparse(node)}")
        elif isinstance(node, ast.Constant) and names_private_module(node.value):
            found(node, f"the string {node.value!r}")
    return sorted(set(findings), key=lambda f: (f.line, f.what))


def attribute_function(call: ast.Call) -> bool:
    """``getattr(x, "_name")`` and the like."""
    return (
        isinstance(call.func, ast.Name)
        and call.func.id in ATTRIBUTE_FUNCTIONS
        and len(call.args) >= 2
        and isinstance(call.args[1], ast.Constant)
        and isinstance(call.args[1].value, str)
        and is_private(call.args[1].value)
    )


def names_private_module(value: object) -> bool:
    """``"typer._click"`` and the like."""
    return (
        isinstance(value, str)
        and value.replace(".", "").isidentifier()
        and is_library_module(value)
        and private_part(value) is not None
    )


def library_subclass_selves(tree: ast.Module, origins: Origins) -> Iterator[ast.Name]:
    """``self`` (the first parameter) inside the methods of classes that subclass a library class."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and any(origins.holds(base) for base in node.bases):
            for method in node.body:
                if isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef) and method.args.args:
                    me = method.args.args[0].arg
                    yield from (n for n in ast.walk(method) if isinstance(n, ast.Name) and n.id == me)


# --- the package ---------------------------------------------------------------------------------


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_the_package_has_modules_that_use_the_libraries() -> None:
    using = [m for m in MODULES if Origins(ast.parse(m.read_text(encoding="utf-8"))).names]
    assert PACKAGE / "cli" / "__init__.py" in using
    assert any(m.parent.name == "render" for m in using)


@pytest.mark.parametrize("module", MODULES, ids=[str(m.relative_to(PACKAGE)) for m in MODULES])
def test_no_module_names_a_private_name_of_typer_click_or_rich(module: Path) -> None:
    findings = private_names(module.read_text(encoding="utf-8"))
    assert not findings, f"{module.relative_to(PACKAGE.parent)}: " + "; ".join(map(str, findings))


# --- the checker finds what it is for --------------------------------------------------------------

# What calcinosis did before it kept to the public API (cli.py, issue 12).
SETS_RUNTIME_PARAM = """
import typer
from typing import Any

triage_app = typer.Typer()


def _options_as_given(command: Any) -> Any:
    for sub in getattr(command, "commands", {}).values():
        _options_as_given(sub)
    for param in (*command.params, command.get_help_option(command.context_class(command))):
        descriptor = getattr(param, "type_descriptor", None)
        if getattr(param, "_runtime_param", False) is None and descriptor is not None:
            param._runtime_param = object()
    return command


def run_triage_app(args: list[str]) -> Any:
    command = _options_as_given(typer.main.get_command(triage_app))
    return command.main(args=args)
"""


def test_it_finds_the_private_runtime_param_typer_set_to_skip_pydantic() -> None:
    findings = private_names(SETS_RUNTIME_PARAM)
    assert [f.line for f in findings] == [13, 14]
    assert "getattr(param, '_runtime_param', False)" in findings[0].what
    assert findings[1].what == "param._runtime_param"


@pytest.mark.parametrize(
    ("source", "what"),
    [
        ("import typer._click", "import typer._click"),
        ("import typer._click.core as core", "import typer._click.core"),
        ("from typer._click import Context", "from typer._click import ..."),
        ("from typer import _click", "from typer import _click"),
        ("from typer.core import _TyperParameter", "from typer.core import _TyperParameter"),
        ("import typer\ntyper.core._TyperParameter", "typer.core._TyperParameter"),
        ("import typer as t\nt._click.Option", "t._click"),
        ("import click\nclick.core._check_iter(1)", "click.core._check_iter"),
        ("from rich.console import Console\nc = Console()\nc._file", "c._file"),
        ("from rich.console import Console\ndef f(console: Console):\n    return console._width", "console._width"),
        ("from rich.console import Console\ndef f(console: 'Console'):\n    return console._width", "console._width"),
        ("from rich.table import Table\nfor column in Table().columns:\n    column._cells", "column._cells"),
        ("import typer\nwith typer.Context(cmd) as ctx:\n    ctx._close_callbacks", "ctx._close_callbacks"),
        ("import typer\nx = typer.main.get_command(app)\nsetattr(x, '_help_option', 1)", "setattr"),
        ("import importlib\nimportlib.import_module('typer._completion_classes')", "'typer._completion_classes'"),
        (
            "import typer.core\nclass Mine(typer.core.TyperOption):\n    def f(self):\n        return self._runtime_param",
            "self._runtime_param",
        ),
        (
            "import typer\ndef walk(command):\n    return command._help_option\nwalk(typer.main.get_command(app))",
            "command._help_option",
        ),
        ("import typer\n[p._runtime_param for p in typer.main.get_command(app).params]", "p._runtime_param"),
        (
            "class Bar:\n    def __enter__(self):\n        from rich.progress import Progress\n"
            "        self.bar = Progress()\n    def tick(self):\n        return self.bar._tasks",
            "self.bar._tasks",
        ),
        (
            "import typer\ndef outer():\n    command = typer.main.get_command(app)\n"
            "    def inner():\n        return command._help_option\n    return inner",
            "command._help_option",
        ),
    ],
)
def test_it_finds_each_way_of_reaching_a_private_name(source: str, what: str) -> None:
    findings = private_names(source)
    assert len(findings) == 1, findings
    assert what in findings[0].what


@pytest.mark.parametrize(
    "source",
    [
        "import os\nos._exit(0)",
        "from collections import namedtuple\nP = namedtuple('P', 'a')\nP(1)._replace(a=2)",
        "class Mine:\n    def f(self):\n        return self._cache",
        "import typer\nprint(typer.__version__)",
        "import typer\ndef f(): ...\nf.__signature__ = None\ntyper.Typer()",
        "from rich.console import Console\nclass Ours:\n    _width = 3\nOurs()._width\nConsole().width",
        "import typer\ntext = 'typer is fine; so is rich.console'",
        # the same name in another function is another variable
        "import typer\ndef a():\n    param = typer.main.get_command(app)\n    return param\n"
        "def b(param):\n    return param._ours",
        "import typer\nfirst = lambda command: command._ours\nfirst(1)",
        "from rich.progress import Progress\nclass Bar:\n    def __init__(self):\n        self.bar = Progress()\n"
        "        self._ours = 1\n    def tick(self):\n        return self._ours",
        "from rich.table import Table\ndef f():\n    table = Table()\ndef g(default='table'):\n    return default._ours\ng('table')",
    ],
)
def test_it_leaves_alone_what_is_not_a_private_name_of_the_libraries(source: str) -> None:
    assert private_names(textwrap.dedent(source)) == []
