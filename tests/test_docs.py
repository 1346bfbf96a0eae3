"""The generated docs (README sections, docs/knowledge.md, the pictures) are current.

The README's ``--help`` sections and card are what the installed ``calcinosis`` prints
at 80 columns (``scripts/gen_docs.py`` runs it; tests/test_doc_examples.py runs every
``$ calcinosis`` block of the docs again and compares).
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
HELP_SECTIONS = ("help", "triage-help", "batch-help", "questions-help", "types-help", "schema-help")


@pytest.fixture(scope="module")
def gen_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def section(text: str, name: str) -> str:
    found = re.search(rf"<!-- BEGIN {name} -->\n(.*?)<!-- END {name} -->", text, re.S)
    assert found, f"README.md has no section {name}"
    return found.group(1)


def test_generated_docs_are_up_to_date() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_docs.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_readme_pictures_show_the_disclaimer_and_urgency() -> None:
    routine = (ROOT / "docs" / "panel.svg").read_text(encoding="utf-8")
    urgent = (ROOT / "docs" / "panel-urgent.svg").read_text(encoding="utf-8")
    for svg in (routine, urgent):
        assert "medical&#160;advice" in svg or "medical advice" in svg
    assert "URGENT" in urgent and "URGENT" not in routine


def test_knowledge_doc_cites_every_source_with_its_url() -> None:
    from calcinosis_cli import SOURCES

    text = (ROOT / "docs" / "knowledge.md").read_text(encoding="utf-8")
    for source in SOURCES.values():
        assert source.url in text


def test_every_command_has_its_help_in_the_readme_as_the_program_prints_it(run: Any) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^  (\w+)  ", section(readme, "help"), re.M)
    assert {f"{command}-help" for command in listed} <= set(HELP_SECTIONS)
    for name in HELP_SECTIONS:
        block = section(readme, name)
        command = re.match(r"```text\n\$ calcinosis (.*)\n", block)
        assert command, f"section {name} does not start with the command line"
        args = command.group(1).split()
        done = run(*args, env={"COLUMNS": "80", "NO_COLOR": "1", "PYTHONUTF8": "1"})
        assert done.returncode == 0, done.stderr
        assert block == f"```text\n$ calcinosis {command.group(1)}\n{done.stdout.rstrip()}\n```\n", name


def test_a_stale_help_section_is_rewritten(gen_docs: ModuleType) -> None:
    """``gen_docs.py --check`` compares the README with what it would write: a help
    section that no longer says what the program prints is rewritten, so the check fails."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stale = readme.replace(
        "  --no-input                      Never prompt", "  --no-input                      Do not prompt"
    )
    assert stale != readme
    assert gen_docs.render_readme(stale) == readme


def test_the_readme_lists_the_csv_columns_batch_writes(run: Any) -> None:
    """Contract 1.1: the CSV columns come "in a documented order": the README's list is
    the header that ``batch --format csv`` writes, column for column."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = re.findall(r"`(\w+)`", section(readme, "csv-columns"))
    outcome = run("batch", "--format", "csv", "-", input='{"calcium": "high"}\n')
    assert outcome.returncode == 0, outcome.stderr
    assert outcome.stdout.splitlines()[0].split(",") == documented
