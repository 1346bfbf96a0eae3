"""Issue 14, tested against a real client: LHC-Forms (the National Library of Medicine's FHIR
form renderer) in headless Chromium loads our Questionnaire, the form is filled in through
what it renders (radio buttons clicked, list entries and units picked, numbers typed),
LHC-Forms' own ``getFormFHIRData`` gives the QuestionnaireResponse, and ``calcinosis
triage --answers`` on it gives the result the same answers give as flags, measured
values included; LHC-Forms works the calcium × phosphate product out as we do.

Needs Debian's ``chromium`` and the npm package ``lforms`` in ``.cache/lforms`` (or
``CALCINOSIS_LFORMS_DIR``): ``.ci/run`` installs both when missing. Elsewhere the test
is skipped when they are missing, saying so; under CI (``CI`` set) it fails instead.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from calcinosis_cli.render import fhir

Invoke = Any  # the fixture of conftest.py

ROOT = Path(__file__).resolve().parent.parent
PAGE = Path(__file__).resolve().parent / "data" / "lhc-forms-page.html"
LFORMS = Path(os.environ.get("CALCINOSIS_LFORMS_DIR", ROOT / ".cache" / "lforms")) / "node_modules/lforms/dist/lforms"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_TIMEOUT = 180


def _missing() -> str | None:
    if CHROMIUM is None:
        return "Debian's chromium is not installed (.ci/run installs it)"
    if not (LFORMS / "webcomponent" / "main.js").is_file():
        return f"the npm package lforms is not in {LFORMS.parent.parent.parent} (.ci/run installs it)"
    return None


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A local web server (loopback only) with LHC-Forms, our Questionnaire and the page."""
    missing = _missing()
    if missing is not None:
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    folder = tmp_path_factory.mktemp("lhc-forms")
    (folder / "lforms").symlink_to(LFORMS, target_is_directory=True)
    shutil.copy(PAGE, folder / "page.html")
    os.environ.pop("CALCINOSIS_FHIR_BASE", None)
    (folder / "questionnaire.json").write_text(json.dumps(fhir.questionnaire()), encoding="utf-8")

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", folder
    finally:
        server.shutdown()
        server.server_close()


def fill_in(
    site: tuple[str, Path], choices: dict[str, str], quantities: dict[str, tuple[float, str]]
) -> dict[str, Any]:
    """Load the form in headless Chromium, fill it in, and return what the page reports."""
    url, folder = site
    (folder / "fill.json").write_text(json.dumps({"choices": choices, "quantities": quantities}), encoding="utf-8")
    profile = folder / "profile"
    assert CHROMIUM is not None
    run = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=30000",
            "--dump-dom",
            f"{url}/page.html",
        ],
        capture_output=True,
        text=True,
        timeout=BROWSER_TIMEOUT,
        check=False,
    )
    found = re.search(r'<pre id="out">(.*?)</pre>', run.stdout, re.S)
    assert found, f"chromium exit {run.returncode}: {run.stderr[-500:]}"
    report: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    assert "error" not in report, report.get("error")
    return report


def as_flags(choices: dict[str, str], quantities: dict[str, tuple[float, str]]) -> list[str]:
    flags = [f for key, value in choices.items() for f in ("--" + key.replace("_", "-"), value)]
    for key, (number, unit) in quantities.items():
        flags += ["--" + key.replace("_", "-"), f"{number:g}"]
        if key == "albumin_value":
            flags += ["--albumin-units", unit.lower()]
        else:
            flags += ["--units", unit.lower()]
    return flags


CASES = {
    "calciphylaxis with values in mmol/L and albumin": (
        {"kidney_failure": "yes", "pain": "severe", "skin_dark": "yes", "site": "penis", "tissue_damage": "burn"},
        {"calcium_value": (2.9, "mmol/L"), "phosphate_value": (1.1, "mmol/L"), "albumin_value": (30, "g/L")},
    ),
    "a child's high calcium in mg/dL": (
        {"age_group": "child", "high_calcium_symptoms": "no", "site": "ears", "lesions": "single", "gout": "no"},
        {"calcium_value": (12.4, "mg/dL"), "phosphate_value": (5.5, "mg/dL")},
    ),
    "levels only, and I don't know": (
        {
            "calcium": "normal",
            "phosphate": "normal",
            "autoimmune": "scleroderma",
            "site": "fingers",
            "diabetes": "unknown",
        },
        {},
    ),
}


@pytest.mark.parametrize(("choices", "quantities"), CASES.values(), ids=list(CASES))
def test_a_response_filled_in_lhc_forms_triages_as_the_same_answers_given_as_flags(
    site: tuple[str, Path],
    invoke: Invoke,
    choices: dict[str, str],
    quantities: dict[str, tuple[float, str]],
) -> None:
    report = fill_in(site, choices, quantities)
    questionnaire = fhir.questionnaire()
    # LHC-Forms renders every item, each question's help, and the short lists as radio buttons.
    assert report["rendered"] == [item["linkId"] for item in questionnaire["item"]]
    assert set(report["helpButtons"]) == {i["linkId"] for i in questionnaire["item"] if i.get("item")}
    assert report["radios"] == sum(1 for i in questionnaire["item"] if i["type"] == "choice") - 2
    response = report["response"]
    assert response["resourceType"] == "QuestionnaireResponse"
    from_form = invoke("triage", "--no-input", "--json", "--answers", "-", input=json.dumps(response))
    from_flags = invoke("triage", "--no-input", "--json", *as_flags(choices, quantities))
    assert from_form.json() == from_flags.json()
    product = from_flags.json()["labs"] and from_flags.json()["labs"]["product"]
    answers = {item["linkId"]: item["answer"][0] for item in response.get("item", [])}
    if product:  # LHC-Forms ran our calculatedExpression and got the program's product
        assert answers["calcium_phosphate_product"] == {"valueDecimal": product["value"]}
    else:
        assert "calcium_phosphate_product" not in answers
