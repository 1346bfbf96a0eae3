"""Nothing leaves the machine: proofs for what SECURITY.md promises.

* Statically: no module of the package imports a network library, and none uses
  ``eval``/``exec``, ``pickle`` or another loader that runs code, or starts programs.
* At run time: no socket is opened (other than a local pair between processes)
  and no name is looked up during a triage (every format, ``--save``, the
  interactive-free paths), a batch, ``questions``, ``types`` and ``schema``, in this
  process and in the installed command; the library API likewise.
* A saved report loads nothing from the web when it is opened.
"""

from __future__ import annotations

import ast
import json
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import calcinosis_cli
from calcinosis_cli import QUESTIONS, triage_answers
from calcinosis_cli.render.registry import DOCUMENT_FORMATS as FORMATS

PACKAGE = Path(calcinosis_cli.__file__).parent
MODULES = sorted(PACKAGE.rglob("*.py"))

NETWORK_MODULES = {
    "socket",
    "ssl",
    "http",
    "urllib.request",
    "urllib.error",
    "urllib3",
    "requests",
    "httpx",
    "aiohttp",
    "ftplib",
    "smtplib",
    "poplib",
    "imaplib",
    "nntplib",
    "telnetlib",
    "socketserver",
    "xmlrpc",
    "asyncio",
    "websocket",
    "websockets",
    "webbrowser",
    "paramiko",
    "grpc",
}
CODE_LOADERS = {"pickle", "_pickle", "cPickle", "dill", "cloudpickle", "marshal", "shelve", "jsonpickle", "yaml"}
PROGRAMS = {"subprocess", "pty", "pexpect"}
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "breakpoint"}
FORBIDDEN_ATTRIBUTES = {
    ("os", "system"),
    ("os", "popen"),
    ("os", "execv"),
    ("os", "execvp"),
    ("os", "execve"),
    ("os", "spawnv"),
    ("os", "startfile"),
    ("importlib", "import_module"),
}


def imported_names(tree: ast.AST, module: str) -> Iterator[tuple[int, str]]:
    """Every module a file imports (relative imports resolved), with its line."""
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            yield node.lineno, name
            for alias in node.names:
                yield node.lineno, f"{name}.{alias.name}"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_within(name: str, roots: set[str]) -> bool:
    return any(name == root or name.startswith(root + ".") for root in roots)


def test_the_scan_sees_the_whole_package() -> None:
    names = {module_name(p) for p in MODULES}
    assert {"calcinosis_cli.cli", "calcinosis_cli.tree", "calcinosis_cli.batch", "calcinosis_cli.render"} <= names
    found = {name for path in MODULES for _, name in imported_names(ast.parse(path.read_text()), module_name(path))}
    assert {"json", "typer", "calcinosis_cli.tree"} <= found, "the scan misses imports"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_a_network_library_or_a_code_loader(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    bad = [
        f"line {line}: {name}"
        for line, name in imported_names(tree, module_name(path))
        if is_within(name, NETWORK_MODULES | CODE_LOADERS | PROGRAMS)
    ]
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_evaluates_code_or_starts_programs(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    bad = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            function = node.func
            if isinstance(function, ast.Name) and function.id in FORBIDDEN_CALLS:
                bad.append(f"line {node.lineno}: {function.id}()")
            if (
                isinstance(function, ast.Attribute)
                and isinstance(function.value, ast.Name)
                and (function.value.id, function.attr) in FORBIDDEN_ATTRIBUTES
            ):
                bad.append(f"line {node.lineno}: {function.value.id}.{function.attr}()")
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ("load", "loads")
            and isinstance(node.value, ast.Name)
            and node.value.id in CODE_LOADERS
        ):
            bad.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
    assert not bad, f"{path.name}: {bad}"


# --- at run time ---------------------------------------------------------------------------


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Fail any attempt at the network: a socket other than a local (AF_UNIX) one, a
    connection, a name look-up. The installed command is watched by Python's audit
    hooks instead (see WATCHER below)."""
    attempts: list[str] = []
    real_socket = socket.socket

    class GuardedSocket(real_socket):  # type: ignore[misc,valid-type]
        def __init__(self, family: int = -1, *args: Any, **kwargs: Any) -> None:
            fileno = kwargs.get("fileno", args[2] if len(args) > 2 else None)
            if family != socket.AF_UNIX and not (family == -1 and fileno is not None):
                attempts.append(f"socket.socket({family!r})")
                raise NetworkUsed(f"a socket was opened: family {family!r}")
            super().__init__(family, *args, **kwargs)

    def refuse(name: str) -> Any:
        def _refuse(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{name}{args!r}"[:200])
            raise NetworkUsed(f"{name} was called with {args!r}")

        return _refuse

    monkeypatch.setattr(socket, "socket", GuardedSocket)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
        monkeypatch.setattr(socket, name, refuse(f"socket.{name}"))
    yield attempts
    assert attempts == [], f"network used: {attempts}"


URGENT = ["--kidney-failure", "yes", "--pain", "severe", "--skin-breakdown", "yes"]
LABS = ["--calcium-value", "11.2", "--phosphate-value", "7.1", "--age-group", "adult"]


def test_the_guard_catches_a_connection(no_network: list[str]) -> None:
    with pytest.raises(NetworkUsed):
        socket.create_connection(("127.0.0.1", 9))
    with pytest.raises(NetworkUsed):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    assert len(no_network) >= 2
    no_network.clear()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("answers", [URGENT, LABS, []], ids=["urgent", "labs", "nothing"])
def test_a_triage_in_every_format_opens_no_socket(
    invoke: Any, no_network: list[str], fmt: str, answers: list[str]
) -> None:
    outcome = invoke("triage", "--no-input", "--format", fmt, *answers)
    assert outcome.exception is None, repr(outcome.exception)
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout


@pytest.mark.parametrize("ending", ["html", "svg"])
def test_saving_a_report_opens_no_socket(invoke: Any, no_network: list[str], tmp_path: Path, ending: str) -> None:
    target = tmp_path / f"report.{ending}"
    outcome = invoke("triage", "--no-input", *URGENT, "--save", str(target))
    assert outcome.exit_code == 0, outcome.stderr
    assert target.exists()


@pytest.mark.parametrize(
    "args",
    [("questions",), ("questions", "--json"), ("types",), ("types", "--json"), ("schema",), ("--version",)],
)
def test_the_reference_commands_open_no_socket(invoke: Any, no_network: list[str], args: tuple[str, ...]) -> None:
    outcome = invoke(*args)
    assert outcome.exit_code == 0, outcome.stderr


@pytest.mark.parametrize(("input_format", "out_format"), [("jsonl", "jsonl"), ("jsonl", "csv"), ("csv", "jsonl")])
def test_a_batch_opens_no_socket(
    invoke: Any, no_network: list[str], tmp_path: Path, input_format: str, out_format: str
) -> None:
    cases = [{"calcium": "high", "kidney_failure": "yes"}, {"procedure": "heel-sticks"}, {"calcium": "purple"}]
    if input_format == "jsonl":
        data = "".join(json.dumps(case) + "\n" for case in cases)
    else:
        data = "calcium,kidney_failure,procedure\nhigh,yes,\n,,heel-sticks\npurple,,\n"
    path = tmp_path / f"cases.{input_format}"
    path.write_text(data, encoding="utf-8")
    outcome = invoke("batch", str(path), "--format", out_format, "--output", str(tmp_path / "out"))
    assert outcome.exit_code == 1, outcome.stderr  # the purple case is bad
    assert (tmp_path / "out").read_text(encoding="utf-8")


def test_the_library_api_opens_no_socket(no_network: list[str]) -> None:
    from calcinosis_cli import parse_answers, result_schema, triage
    from calcinosis_cli.render.json import render_json
    from calcinosis_cli.render.markdown import render_markdown

    for question in QUESTIONS:
        for value in question.values:
            result = triage_answers({question.id: value})
            render_json(result)
            render_markdown(result)
    triage(parse_answers({"calcium_value": "11.2", "phosphate_value": "7", "age_group": "adult"})).to_dict()
    result_schema()


# --- the installed command, watched from inside ----------------------------------------------

WATCHER = textwrap.dedent(
    """
    import socket, sys
    WATCH = {"socket.connect", "socket.bind", "socket.getaddrinfo", "socket.gethostbyname",
             "socket.sendto", "http.client.connect", "urllib.Request", "webbrowser.open"}
    def audit(event, args):
        if event in WATCH or (event == "socket.__new__" and len(args) > 1 and args[1] != socket.AF_UNIX):
            sys.__stderr__.write("NETWORK: %s %r\\n" % (event, args))
            sys.__stderr__.flush()
    sys.addaudithook(audit)
    sys.argv = ["calcinosis"] + sys.argv[1:]
    from calcinosis_cli.cli import main
    try:
        main()
    finally:
        loaded = sorted(m for m in ("ssl", "http.client", "urllib.request", "requests", "urllib3", "httpx",
                                    "webbrowser", "ftplib", "smtplib") if m in sys.modules)
        if loaded:
            sys.__stderr__.write("NETWORK MODULES: %r\\n" % loaded)
    """
)


@pytest.fixture(scope="module")
def big_cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Large enough that batch may share the work between processes."""
    path = tmp_path_factory.mktemp("big") / "cases.jsonl"
    line = json.dumps({"calcium": "high", "kidney_failure": "yes", "site": "fingers"}) + "\n"
    path.write_text(line * 60_000, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [
        ("triage", "--no-input", "--json", *URGENT),
        ("triage", "--no-input", *URGENT),
        ("triage", "--no-input", "--format", "markdown", *LABS),
        ("triage", "--no-input", "--format", "fhir", *LABS),
        ("triage", "--no-input", *URGENT, "--save", "SAVE.svg"),
        ("batch", "BIG"),
        ("questions",),
        ("types",),
    ],
    ids=["json", "panel", "markdown", "fhir", "save", "batch", "questions", "types"],
)
def test_the_installed_program_touches_no_network(args: tuple[str, ...], tmp_path: Path, big_cases: Path) -> None:
    argv = [str(tmp_path / a) if a == "SAVE.svg" else str(big_cases) if a == "BIG" else a for a in args]
    done = subprocess.run(
        [sys.executable, "-c", WATCHER, *argv],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "80", "LANG": "C.UTF-8"},
    )
    assert done.returncode == 0, done.stderr[-1500:]
    assert done.stdout
    assert "NETWORK" not in done.stderr, done.stderr[-1500:]


# --- a saved report loads nothing from the web -----------------------------------------------


@pytest.mark.parametrize("ending", ["html", "svg"])
def test_a_saved_report_loads_nothing_from_the_web_when_opened(invoke: Any, tmp_path: Path, ending: str) -> None:
    """Opening the report must not fetch fonts, styles or scripts from elsewhere: that
    would tell a third party that someone is reading a triage report."""
    target = tmp_path / f"report.{ending}"
    assert invoke("triage", "--no-input", *URGENT, "--save", str(target)).exit_code == 0
    text = target.read_text(encoding="utf-8").lower()
    for marker in ('url("http', "url('http", "url(http", 'src="http', "src='http", "@import", "<script", "<link"):
        assert marker not in text, f"the saved {ending} report loads a remote resource: {marker!r}"
