"""``triage --save FILE``: the panel as an HTML page or SVG picture to keep or share,
dated, with the disclaimer; written all or nothing, never over a file without --force;
what the terminal shows does not change."""

from __future__ import annotations

import errno
import os
import re
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from calcinosis_cli import files, triage_answers
from calcinosis_cli.knowledge import DISCLAIMER
from calcinosis_cli.render import export

Invoke = Any  # the fixture of conftest.py: runs the command in this process

CASE = ("--no-input", "--tissue-damage", "acne", "--calcium", "normal", "--phosphate", "normal")
TYPE_NAME = "Dystrophic calcinosis"
URGENT = ("--no-input", "--skin-breakdown", "yes", "--pain", "severe", "--kidney-failure", "yes")


def words(text: str) -> str:
    """Text with the panel's borders, bullets and line breaks folded away, for finding
    a sentence that the panel wrapped over several lines."""
    text = re.sub(r"[│╭╮╰╯─•]", " ", text.replace("\xa0", " "))
    return " ".join(text.split())


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        else:
            self.parts.append(data)


def html_text(path: Path) -> tuple[str, str]:
    """(title, visible text) of a saved HTML page."""
    parser = _TextOf()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.title, words("".join(parser.parts))


def svg_text(path: Path) -> str:
    """The visible text of a saved SVG, line by line as drawn; fails if it is not XML."""
    root = ET.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    lines: dict[str, list[str]] = {}
    for element in root.iter("{http://www.w3.org/2000/svg}text"):
        lines.setdefault(element.get("y", ""), []).append("".join(element.itertext()))
    return words("\n".join("".join(parts) for parts in lines.values()))


def today_line() -> str:
    return f"Saved on {date.today().isoformat()}"


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# --- what is saved ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["report.html", "report.htm", "REPORT.HTML"])
def test_html_report_has_the_type_the_disclaimer_and_the_date(invoke: Invoke, tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    outcome = invoke("triage", *CASE, "--save", str(target))
    assert outcome.exit_code == 0, outcome.stderr
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    title, text = html_text(target)
    assert TYPE_NAME in title
    assert f"Best fit: {TYPE_NAME}" in text
    assert DISCLAIMER in text
    assert today_line() in text
    assert "Was the skin or tissue damaged where the lumps are? Acne" in text  # the answers given, in words
    assert leftovers(tmp_path) == []


def test_the_saved_line_shows_the_name_with_nothing_raw(invoke: Invoke, tmp_path: Path) -> None:
    # A name may hold what a terminal would act on (an escape sequence, a line break): the
    # line that names it is one line of visible characters, as every message is.
    target = tmp_path / "report\x1b]0;title\x07\nline 2.html"
    outcome = invoke("triage", *CASE, "--save", str(target))
    assert outcome.exit_code == 0, outcome.stderr
    assert target.is_file()
    assert outcome.stderr.count("\n") == 1
    line = outcome.stderr.rstrip("\n")
    assert line.isprintable() and line.startswith("Saved the report to ") and "\\x1b" in line, line


def test_svg_report_is_xml_with_the_type_the_disclaimer_and_the_date(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "report.svg"
    outcome = invoke("triage", *CASE, "--save", str(target))
    assert outcome.exit_code == 0, outcome.stderr
    text = svg_text(target)
    assert f"Best fit: {TYPE_NAME}" in text
    assert DISCLAIMER in text
    assert today_line() in text


def test_an_urgent_report_shows_the_urgent_line_in_colour(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "urgent.html"
    assert invoke("triage", *URGENT, "--save", str(target)).exit_code == 0
    page = target.read_text(encoding="utf-8")
    assert "URGENT: get medical care today" in html_text(target)[1]
    # the band that stands out (dark red, white text) is the first thing in the document's main part
    assert re.search(r'<main>\s*<section class="care urgent"[^>]*>\s*<h2[^>]*>[^<]*</h2>\s*<p>URGENT: ', page)


def test_the_report_does_not_depend_on_the_terminal(invoke: Invoke, tmp_path: Path) -> None:
    plain, coloured = tmp_path / "plain.svg", tmp_path / "coloured.svg"
    assert invoke("triage", *CASE, "--save", str(plain), env={"NO_COLOR": "1", "COLUMNS": "40"}).exit_code == 0
    assert invoke("triage", *CASE, "--save", str(coloured), env={"FORCE_COLOR": "1"}).exit_code == 0
    assert plain.read_bytes() == coloured.read_bytes()


@pytest.mark.parametrize("fmt", [(), ("--json",), ("--format", "markdown"), ("--format", "panel")])
def test_the_terminal_output_is_unchanged(invoke: Invoke, tmp_path: Path, fmt: tuple[str, ...]) -> None:
    without = invoke("triage", *CASE, *fmt)
    saved = invoke("triage", *CASE, *fmt, "--save", str(tmp_path / "r.svg"))
    assert saved.exit_code == without.exit_code == 0
    assert saved.stdout == without.stdout
    assert (tmp_path / "r.svg").is_file()


def test_the_file_gets_the_usual_mode(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    export.save_report(triage_answers({}), str(target))
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


# --- refusing -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["report.pdf", "report", "report.svg.txt", "report.md"])
def test_an_ending_other_than_html_htm_svg_is_a_usage_error(invoke: Invoke, tmp_path: Path, name: str) -> None:
    outcome = invoke("triage", *CASE, "--save", str(tmp_path / name))
    assert outcome.exit_code == 2
    assert "--save" in outcome.stderr and "Traceback" not in outcome.stderr
    assert outcome.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_kept_without_force(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("mine", encoding="utf-8")
    outcome = invoke("triage", *CASE, "--save", str(target))
    assert outcome.exit_code == 2
    assert "--save" in outcome.stderr and "--force" in outcome.stderr
    assert outcome.stdout == ""  # refused before anything is printed
    assert target.read_text(encoding="utf-8") == "mine"
    assert leftovers(tmp_path) == []


def test_force_replaces_an_existing_file(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "report.svg"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o600)
    outcome = invoke("triage", *CASE, "--save", str(target), "--force")
    assert outcome.exit_code == 0, outcome.stderr
    assert TYPE_NAME in svg_text(target)
    assert target.stat().st_mode & 0o777 == 0o600  # the mode of the file it replaced
    assert leftovers(tmp_path) == []


def test_a_missing_folder_is_a_usage_error_and_nothing_is_written(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "report.html"
    outcome = invoke("triage", *CASE, "--save", str(target))
    assert outcome.exit_code == 2
    assert "--save" in outcome.stderr and "Traceback" not in outcome.stderr
    assert outcome.stdout == ""
    assert not target.parent.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_folder_is_not_a_file_to_save_to(invoke: Invoke, tmp_path: Path) -> None:
    folder = tmp_path / "report.html"
    folder.mkdir()
    outcome = invoke("triage", *CASE, "--save", str(folder), "--force")
    assert outcome.exit_code == 2 and "--save" in outcome.stderr
    assert list(folder.iterdir()) == []


def test_a_failed_write_leaves_no_partial_file_and_the_old_one_intact(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(source: object, target: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "replace", disk_full)
    new, old = tmp_path / "new.html", tmp_path / "old.svg"
    old.write_text("old", encoding="utf-8")
    for target, extra in ((new, ()), (old, ("--force",))):
        outcome = invoke("triage", *CASE, "--save", str(target), *extra)
        assert outcome.exit_code == 2
        assert "--save" in outcome.stderr and "Traceback" not in outcome.stderr
    assert not new.exists()
    assert old.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.svg"]


def test_an_interrupted_write_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(source: object, target: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        export.save_report(triage_answers({}), str(tmp_path / "r.svg"))
    assert list(tmp_path.iterdir()) == []
