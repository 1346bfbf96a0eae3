"""The saved report in a real browser: headless Chromium (Debian's ``chromium``) shows
it at desktop and phone width with nothing overflowing, prints a typical result on one
A4 and one Letter page with the disclaimer on it, and every text it draws meets WCAG AA.

Chromium is driven through the DevTools protocol over a pipe (``--remote-debugging-pipe``:
JSON messages ended by a NUL byte on descriptors 3 and 4), so no Python package is needed.
Skipped only where chromium is missing outside CI; ``.ci/run`` installs it.

Run as a script to redraw the picture of the README:
``python tests/test_report_browser.py docs/report.png`` (``--phone`` for the phone's view).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from calcinosis_cli import triage_answers
from calcinosis_cli.knowledge import DISCLAIMER
from calcinosis_cli.questions import QUESTIONS
from calcinosis_cli.render.report import render_report
from calcinosis_cli.result import Result

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DAY = date(2025, 3, 14)
TIMEOUT = 20.0

if CHROMIUM is None:
    if os.environ.get("CI"):
        pytest.fail("chromium is needed in CI: .ci/run installs it", pytrace=False)
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)

# Typical results: a routine one, an urgent one with many rules, one with blood values.
TYPICAL: dict[str, dict[str, Any]] = {
    "dystrophic": {"age_group": "adult", "tissue_damage": "acne", "calcium": "normal", "phosphate": "normal"},
    "urgent": {"age_group": "adult", "kidney_failure": "yes", "skin_dark": "yes", "pain": "severe", "diabetes": "yes"},
    "measured": {
        "age_group": "adult",
        "calcium_value": 11.5,
        "phosphate_value": 6,
        "albumin_value": 3,
        "kidney_failure": "yes",
        "site": "joints",
        "lesions": "few",
    },
    "baby": {"age_group": "newborn", "procedure": "heel-sticks", "site": "heel", "lesions": "few"},
}

PAPERS = {"A4": (8.27, 11.69), "Letter": (8.5, 11.0)}

# Every element that draws text: its colour and the first opaque background under it.
CONTRAST_JS = r"""
(() => {
  const parse = (c) => { const m = c.match(/[\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; };
  const lum = ({r, g, b}) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const background = (el) => { for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
    if (c.a > 0) return c; } return {r: 255, g: 255, b: 255, a: 1}; };
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const style = getComputedStyle(el);
    if (!own || style.visibility === 'hidden' || el.getClientRects().length === 0) continue;
    const fg = parse(style.color), bg = background(el);
    const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    found.push({tag: el.tagName, text: el.textContent.trim().slice(0, 40), color: style.color,
                background: `rgb(${bg.r}, ${bg.g}, ${bg.b})`, alpha: fg.a, ratio: (hi + 0.05) / (lo + 0.05)});
  }
  return found;
})()
"""

OVERFLOW_JS = r"""
(() => {
  const width = window.innerWidth;
  const wide = [...document.body.querySelectorAll('*')]
    .filter((el) => el.getBoundingClientRect().right > width + 0.5)
    .map((el) => el.tagName + ': ' + el.textContent.trim().slice(0, 40));
  return {width, scrollWidth: document.documentElement.scrollWidth, wide};
})()
"""

DISCLAIMER_JS = r"""
(() => {
  const el = [...document.querySelectorAll('body *')].find((e) => e.textContent.includes(%s) && e.children.length <= 1);
  if (!el) return null;
  const style = getComputedStyle(el), box = el.getBoundingClientRect();
  return {display: style.display, visibility: style.visibility, height: box.height, width: box.width,
          fontSize: parseFloat(style.fontSize)};
})()
"""


class Browser:
    """One headless Chromium and one tab, spoken to over the DevTools pipe."""

    def __init__(self) -> None:
        assert CHROMIUM is not None
        self.profile = tempfile.mkdtemp(prefix="calcinosis-chromium-")
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()

        def descriptors() -> None:  # in the child: the protocol's descriptors are 3 and 4
            read, write = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(read, 3)  # inheritable; every other descriptor of ours closes on exec
            os.dup2(write, 4)

        self.process = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--remote-debugging-pipe",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-extensions",
                "--no-first-run",
                "--no-default-browser-check",
                "--hide-scrollbars",
                "--font-render-hinting=none",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,  # it would close 3 and 4 after preexec_fn
            preexec_fn=descriptors,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Page.enable", session=True)

    def call(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            self.events.append(reply)

    def wait_for(self, event: str) -> None:
        while True:
            for number, seen in enumerate(self.events):
                if seen.get("method") == event:
                    del self.events[: number + 1]
                    return
            self.events.append(self._read())

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            ready, _, _ = select.select([self.from_browser], [], [], TIMEOUT)
            if not ready:
                raise TimeoutError("chromium did not answer")
            chunk = os.read(self.from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buffer += chunk
        message, _, self.buffer = self.buffer.partition(b"\0")
        found: dict[str, Any] = json.loads(message)
        return found

    def open(self, path: Path, width: int, height: int = 900, *, mobile: bool = False, scale: float = 1) -> None:
        self.call(
            "Emulation.setDeviceMetricsOverride",
            session=True,
            width=width,
            height=height,
            deviceScaleFactor=scale,
            mobile=mobile,
        )
        self.call("Emulation.setEmulatedMedia", session=True, media="")  # no override: print prints
        self.events.clear()
        self.call("Page.navigate", session=True, url=path.as_uri())
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        reply = self.call("Runtime.evaluate", session=True, expression=expression, returnByValue=True)
        if "exceptionDetails" in reply:
            raise RuntimeError(reply["exceptionDetails"])
        return reply["result"].get("value")

    def pdf(self, paper: tuple[float, float], pages: str = "") -> bytes:
        width, height = paper
        reply = self.call(
            "Page.printToPDF",
            session=True,
            paperWidth=width,
            paperHeight=height,
            printBackground=False,
            pageRanges=pages,
        )
        return base64.b64decode(reply["data"])

    def screenshot(self, full_page: bool = True) -> bytes:
        params: dict[str, Any] = {"format": "png", "captureBeyondViewport": full_page}
        if full_page:
            size = self.call("Page.getLayoutMetrics", session=True)["cssContentSize"]
            params["clip"] = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
        return base64.b64decode(self.call("Page.captureScreenshot", session=True, **params)["data"])

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, TimeoutError, OSError):
            self.call("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self.to_browser)
        os.close(self.from_browser)
        shutil.rmtree(self.profile, ignore_errors=True)


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def pdf_text(pdf: bytes) -> str:
    """The text drawn in a PDF from Chromium (Skia): each font's ToUnicode map applied
    to the hex glyph strings of the content streams. Enough for our pages, not a
    general PDF reader."""
    objects: dict[int, bytes] = {}
    for found in re.finditer(rb"(\d+) 0 obj(.*?)endobj", pdf, re.S):
        objects[int(found.group(1))] = found.group(2)

    def stream(body: bytes) -> bytes:
        found = re.search(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S)
        if found is None:
            return b""
        data = found.group(1)
        return zlib.decompress(data) if b"/FlateDecode" in body else data

    maps: dict[bytes, dict[str, str]] = {}
    for body in objects.values():
        unicode = re.search(rb"/ToUnicode (\d+) 0 R", body)
        if unicode is None:
            continue
        cmap: dict[str, str] = {}
        text = stream(objects[int(unicode.group(1))]).decode("latin-1")
        for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
            for glyph, chars in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                cmap[glyph.upper()] = bytes.fromhex(chars).decode("utf-16-be")
        for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
            for low, high, start in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                first = ord(bytes.fromhex(start).decode("utf-16-be"))
                for offset, glyph in enumerate(range(int(low, 16), int(high, 16) + 1)):
                    cmap[f"{glyph:0{len(low)}X}"] = chr(first + offset)
        maps[re.sub(rb"\D", b"", unicode.group(1))] = cmap
    fonts: dict[bytes, dict[str, str]] = {}  # a font's resource name in a page -> its map
    for body in objects.values():
        for name, number in re.findall(rb"/(F\w*|f\w*) (\d+) 0 R", body):
            font = objects.get(int(number), b"")
            unicode = re.search(rb"/ToUnicode (\d+) 0 R", font)
            if unicode is not None:
                fonts[name] = maps.get(unicode.group(1), {})
    words: list[str] = []
    for body in objects.values():
        if b"/Length" not in body or b"/Type" in body.split(b"stream", 1)[0]:
            continue
        try:
            content = stream(body).decode("latin-1")
        except zlib.error:
            continue
        if " Tf" not in content:
            continue
        cmap = {}
        for token in re.finditer(r"/(\w+) [\d.]+ Tf|\[(.*?)\]\s*TJ|<([0-9A-Fa-f]*)>\s*Tj|(ET)", content, re.S):
            if token.group(1):
                cmap = fonts.get(token.group(1).encode(), {})
            elif token.group(4):
                words.append(" ")
            else:
                hexes = re.findall(r"<([0-9A-Fa-f]*)>", token.group(2)) if token.group(2) else [token.group(3)]
                for chunk in hexes:
                    step = 4
                    words.extend(cmap.get(chunk[i : i + step].upper(), "") for i in range(0, len(chunk), step))
    return " ".join("".join(words).split())


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    started = Browser()
    yield started
    started.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reports")
    made = {}
    for name, answers in TYPICAL.items():
        made[name] = folder / f"{name}.html"
        made[name].write_text(render_report(triage_answers(answers), DAY), encoding="utf-8")
    return made


def result_of(name: str) -> Result:
    return triage_answers(TYPICAL[name])


@pytest.mark.parametrize("width", [1280, 390])
def test_nothing_overflows_at_desktop_or_phone_width(browser: Browser, pages: dict[str, Path], width: int) -> None:
    for name, path in pages.items():
        browser.open(path, width, mobile=width < 500)
        layout = browser.evaluate(OVERFLOW_JS)
        assert layout["width"] == width, layout
        assert layout["scrollWidth"] <= width, (name, layout)
        assert layout["wide"] == [], (name, layout)


def test_a_long_unbroken_word_wraps_on_a_phone(browser: Browser, tmp_path: Path) -> None:
    result = result_of("dystrophic")
    long = "x" * 300 + "https://example.org/" + "a/" * 100
    page = tmp_path / "long.html"
    page.write_text(render_report(result._replace(reasons=(long,)), DAY), encoding="utf-8")
    browser.open(page, 390, mobile=True)
    layout = browser.evaluate(OVERFLOW_JS)
    assert layout["scrollWidth"] <= 390 and layout["wide"] == [], layout


def test_the_phone_text_is_large_enough_to_read(browser: Browser, pages: dict[str, Path]) -> None:
    browser.open(pages["urgent"], 390, mobile=True)
    sizes = browser.evaluate(
        "[...document.querySelectorAll('p, li, dt, dd')].map((e) => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert sizes and min(sizes) >= 13


@pytest.mark.parametrize("paper", list(PAPERS))
def test_a_typical_result_prints_on_one_page_with_the_disclaimer(
    browser: Browser, pages: dict[str, Path], paper: str
) -> None:
    for name, path in pages.items():
        browser.open(path, 1280)
        pdf = browser.pdf(PAPERS[paper])
        assert pdf.startswith(b"%PDF")
        assert pdf_pages(pdf) == 1, f"{name} takes {pdf_pages(pdf)} pages on {paper}"
        text = pdf_text(pdf)
        assert " ".join(DISCLAIMER.split()) in text, (name, text[-400:])
        assert result_of(name).name in text


def test_a_long_result_has_the_urgency_and_the_disclaimer_on_its_first_page(browser: Browser, tmp_path: Path) -> None:
    # every question answered (the last choice before "I don't know"), and measured values
    every_no = {q.id: q.values[-2] for q in QUESTIONS if q.id not in ("calcium", "phosphate")}
    result = triage_answers({**every_no, **TYPICAL["urgent"], "calcium_value": 9, "phosphate_value": 4})
    page = tmp_path / "long.html"
    page.write_text(render_report(result, DAY), encoding="utf-8")
    browser.open(page, 1280)
    assert pdf_pages(browser.pdf(PAPERS["A4"])) >= 2  # all 36 answers and their sources do not fit one page
    first = pdf_text(browser.pdf(PAPERS["A4"], pages="1"))
    assert " ".join(DISCLAIMER.split()) in first
    assert "get medical care today" in first


def test_an_urgent_result_says_so_on_paper(browser: Browser, pages: dict[str, Path]) -> None:
    browser.open(pages["urgent"], 1280)
    text = pdf_text(browser.pdf(PAPERS["A4"]))
    assert "get medical care today" in text


def test_printed_text_is_not_too_small(browser: Browser, pages: dict[str, Path]) -> None:
    browser.open(pages["measured"], 1280)
    browser.call("Emulation.setEmulatedMedia", session=True, media="print")
    sizes = browser.evaluate(
        "[...document.querySelectorAll('p, li, dt, dd')].map((e) => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert min(sizes) >= 6.5 * 96 / 72 - 0.01  # 6.5 points, the sources; the rest is larger


@pytest.mark.parametrize(("media", "width"), [("screen", 1280), ("screen", 390), ("print", 1280)])
def test_every_text_colour_meets_wcag_aa(browser: Browser, pages: dict[str, Path], media: str, width: int) -> None:
    for name, path in pages.items():
        browser.open(path, width, mobile=width < 500)
        browser.call("Emulation.setEmulatedMedia", session=True, media=media)
        texts = browser.evaluate(CONTRAST_JS)
        assert len(texts) > 20
        poor = [t for t in texts if t["ratio"] < 4.5 or t["alpha"] < 1]
        assert poor == [], (name, media, poor)


def test_the_disclaimer_is_shown_in_full_size_print(browser: Browser, pages: dict[str, Path]) -> None:
    browser.open(pages["urgent"], 1280)
    browser.call("Emulation.setEmulatedMedia", session=True, media="print")
    shown = browser.evaluate(DISCLAIMER_JS % json.dumps(DISCLAIMER[:40]))
    assert shown is not None
    assert shown["display"] != "none" and shown["visibility"] == "visible"
    assert shown["height"] > 0 and shown["fontSize"] >= 9


def draw_picture(target: Path, *, phone: bool = False) -> None:
    """The top of the urgent report as a desktop (900 × 1250) or phone (390 × 844) sees it."""
    width, height = (390, 844) if phone else (900, 1250)
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        page.write_text(render_report(result_of("urgent"), DAY), encoding="utf-8")
        browser = Browser()
        try:
            browser.open(page, width, height, mobile=phone, scale=2 if phone else 1)
            target.write_bytes(browser.screenshot(full_page=False))
        finally:
            browser.close()


if __name__ == "__main__":
    arguments = sys.argv[1:]
    draw_picture(Path(next((a for a in arguments if a != "--phone"), "docs/report.png")), phone="--phone" in arguments)
