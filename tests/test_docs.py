"""The generated docs (README sections, docs/knowledge.md, the pictures) are current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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
