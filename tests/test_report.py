"""The saved HTML report as a document: dated, every section a reader needs, the answers
in words, the decision path in words with its rule ids, the sources with links, the
disclaimer near the top; every text escaped; no network; colours that meet WCAG AA.

Pure and fast: the page is parsed, not shown (tests/test_report_browser.py shows it)."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from html.parser import HTMLParser
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calcinosis_cli import triage_answers
from calcinosis_cli.knowledge import DISCLAIMER, SOURCES
from calcinosis_cli.questions import QUESTIONS_BY_ID
from calcinosis_cli.render import report
from calcinosis_cli.render.text import about, capital, named, rule_plain
from calcinosis_cli.result import Alternative, Result, Step
from calcinosis_cli.tree.sensitivity import could_change

DAY = date(2025, 3, 14)
URGENT: dict[str, Any] = {"age_group": "adult", "kidney_failure": "yes", "skin_dark": "yes", "pain": "severe"}
SOON: dict[str, Any] = {
    "age_group": "adult",
    "calcium_value": 11.5,
    "phosphate_value": 6,
    "albumin_value": 3,
    "site": "joints",
}
ROUTINE: dict[str, Any] = {"age_group": "adult", "tissue_damage": "acne", "calcium": "normal", "phosphate": "normal"}
CASES: dict[str, dict[str, Any]] = {"urgent": URGENT, "soon": SOON, "routine": ROUTINE}
HOSTILE = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</style><style>body{display:none}</style>",
    "&amp; &lt;b&gt; ]]> <!-- -->",
    "javascript:alert(1)",
)
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "div", "header", "main", "section", "h1", "h2", "h3",
    "p", "ul", "ol", "li", "dl", "dt", "dd", "a", "span", "strong", "time",
}  # fmt: skip


class Page(HTMLParser):
    """The tags, attributes and text of a page; text by element, and the <style>."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[tuple[tuple[str, ...], str]] = []  # (open tags with classes, text)
        self.style = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag != "meta":
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] == "style":
            self.style += data
            return
        where = tuple(
            f"{t}.{(a.get('class') or '').replace(' ', '.')}#{a.get('id') or ''}@{a.get('aria-labelledby') or ''}"
            for t, a in self.stack
        )
        self.texts.append((where, data))

    def text(self, inside: str = "") -> str:
        """The visible text, spaces folded; only inside elements whose ``tag.class#id@labelledby``
        contains ``inside``, when given."""
        found = "".join(
            d
            for where, d in self.texts
            if where and not where[-1].startswith("title.") and any(inside in w for w in where)
        )
        return " ".join(found.split())

    def title(self) -> str:
        return "".join(d for where, d in self.texts if where and where[-1].startswith("title."))


def page_of(result: Result, day: date = DAY) -> Page:
    return Page(report.render_report(result, day))


# --- the document -------------------------------------------------------------------


@pytest.mark.parametrize("case", list(CASES))
def test_every_section_is_there_in_order(case: str) -> None:
    html = report.render_report(triage_answers(CASES[case]), DAY)
    assert html.startswith("<!DOCTYPE html>\n")
    page = Page(html)
    tags = [t for t, _ in page.tags]
    assert page.tags[0] == ("html", {"lang": "en"})
    assert {"header", "main", "section", "h1", "h2", "h3", "dl", "ul"} <= set(tags)
    assert tags.count("h1") == 1
    ids = [a["id"] for t, a in page.tags if t == "h2" and a.get("id")]
    assert ids == ["care", "fit", "answers", "details", "sources"]
    headings = [a.get("aria-labelledby") for t, a in page.tags if t == "section" and a.get("aria-labelledby")]
    assert headings == ids  # each main section is named by its heading
    assert ("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}) in page.tags


def test_the_date_is_the_day_given_and_today_by_default() -> None:
    result = triage_answers(ROUTINE)
    page = page_of(result, date(2024, 12, 31))
    assert "Saved on 2024-12-31." in page.text("header")
    assert ("time", {"datetime": "2024-12-31"}) in page.tags
    assert "2024-12-31" in page.title() and result.name in page.title()


@pytest.mark.parametrize("case", list(CASES))
def test_the_summary_comes_first_and_says_how_soon_to_get_care(case: str) -> None:
    result = triage_answers(CASES[case])
    page = page_of(result)
    text = page.text()
    care = page.text("section.care")
    assert care.startswith("How soon to get care")
    assert report.CARE_LINES[case] in care
    assert result.urgency == case
    if case == "urgent":
        assert "get medical care today" in care
    order = [
        care,
        f"Best fit: {result.name} ({result.certainty})",
        *result.reasons,
        *result.red_flags,
        *result.next_steps,
        *result.safety_net,
        DISCLAIMER,
        "Answers given",
        "Details",
        "Sources",
    ]
    at = 0
    for part in order:  # each after the one before
        found = text.find(" ".join(part.split()), at)
        assert found >= 0, (part, text[at : at + 200])
        at = found + 1


def test_the_certainty_is_said_in_words() -> None:
    for answers in CASES.values():
        result = triage_answers(answers)
        assert f"Certainty: {result.certainty} ({report.CERTAINTY_WORDS[result.certainty]})." in page_of(result).text()


@pytest.mark.parametrize("case", list(CASES))
def test_the_disclaimer_is_there_before_the_long_parts(case: str) -> None:
    page = page_of(triage_answers(CASES[case]))
    assert DISCLAIMER in page.text("p.disclaimer")
    text = page.text()
    assert text.index(DISCLAIMER) < text.index("Answers given")  # so it prints on the first page


def test_the_answers_are_listed_in_words_with_their_answers() -> None:
    answers = {**SOON, "autoimmune": "rheumatoid-arthritis", "pain": "unknown", "procedure": "heparin-injections"}
    result = triage_answers(answers)
    page = page_of(result)
    listed = page.text("dl.answers")
    given = [q for q in QUESTIONS_BY_ID if q not in result.answers.unanswered]
    for number, question_id in enumerate(given, 1):
        question = QUESTIONS_BY_ID[question_id]
        value = result.answers.values[question_id]
        words = {"calcium": "11.5 mg/dl (high)", "phosphate": "6 mg/dl (high)"}.get(question_id)
        assert f"{number}. {question.text} {words or question.label_of(value)}" in listed
    assert "Rheumatoid arthritis" in listed and "I don't know" in listed  # labels, not values
    assert "Blood-thinning injections under the skin" in listed
    assert f"{len(given) + 1}. Albumin in the blood test 3 g/dl" in listed
    assert_not_answered_in_words(result)


def not_answered_listed(html: str) -> list[str]:
    """The items of the report's list of the questions not answered that could change it."""
    found = re.search(r"<h3>Not answered, and could change this result</h3>\n<ul[^>]*>\n(.*?)\n</ul>", html, re.S)
    return [unescape(item) for item in re.findall(r"<li>(.*?)</li>", found.group(1))] if found else []


def assert_not_answered_in_words(result: Result) -> None:
    """Only the questions not answered that could change the result are listed, in words
    (as the panel's --details names them); the others are counted."""
    html = report.render_report(result, DAY)
    missing = could_change(result)
    assert not_answered_listed(html) == [capital(about(q)) for q in missing]
    others = len(result.answers.unanswered) - len(missing)
    text = Page(html).text("section.#@answers")
    if others:
        other = " other" if missing else ""
        noun, it = ("question was", "it") if others == 1 else ("questions were", "they")
        assert f"{others}{other} {noun} not answered; {it} would not change this result." in text
    else:
        assert "would not change this result" not in text


@pytest.mark.parametrize("case", list(CASES))
def test_only_the_questions_that_could_change_the_result_are_listed_as_not_answered(case: str) -> None:
    result = triage_answers(CASES[case])
    # an urgent calciphylaxis that is likely: no answer can change it; the others leave questions that matter
    assert bool(could_change(result)) == (case != "urgent")
    assert_not_answered_in_words(result)
    assert len(not_answered_listed(report.render_report(result, DAY))) < len(result.answers.unanswered)


def test_nothing_is_listed_as_not_answered_when_everything_is_answered() -> None:
    result = triage_answers({q.id: q.values[0] for q in QUESTIONS_BY_ID.values()})
    html = report.render_report(result, DAY)
    assert not_answered_listed(html) == []
    assert "not answered" not in Page(html).text("section.#@answers").lower()


def test_nothing_answered_lists_what_could_change_it_and_counts_the_rest() -> None:
    assert_not_answered_in_words(triage_answers({}))


def test_no_question_id_is_the_only_word_shown() -> None:
    text = page_of(triage_answers({**URGENT, **SOON})).text()
    for question_id in QUESTIONS_BY_ID:
        if "_" in question_id:
            assert question_id not in text


def test_the_decision_path_is_in_words_with_each_rule_id_beside_it() -> None:
    result = triage_answers(URGENT)
    page = page_of(result)
    path = page.text("ol.path")
    for step in result.path:
        rule_id = step.rule.partition(":")[0]
        assert f"{rule_plain(step.rule)} {rule_id}" in path  # the words of --details, the id beside them
    ids = [d.strip() for where, d in page.texts if where and "span.rule-id#" in where[-1]]
    assert ids == list(dict.fromkeys(step.rule.split(":")[0] for step in result.path))  # each once, in order


def test_the_details_carry_alternatives_causes_treatment_look_alikes_and_labs() -> None:
    answers = {"age_group": "adult", "calcium_value": 9.5, "phosphate_value": 3.5, "albumin_value": 3}
    result = triage_answers({**answers, "gout": "yes", "site": "joints", "tissue_damage": "surgery"})
    details = page_of(result).text("section.#@details")
    assert result.alternatives and result.look_alikes and result.matched_causes and result.answers.labs
    for alternative in result.alternatives:
        assert named(alternative.name, alternative.why) in details
    for look_alike in result.look_alikes:
        assert named(look_alike.name, look_alike.why) in details
    for item in (*result.matched_causes, *result.typical_causes, *result.treatment_notes):
        assert item in details
    assert "ICD-10 L94.2: Calcinosis cutis" in details
    assert "Calcium 9.5 mg/dl: normal (adult total calcium range 8.6–10.3 mg/dl)." in details
    assert "Calcium × phosphate product" in details and "below the threshold of 70." in details


def test_the_blood_tests_are_in_words() -> None:
    details = page_of(triage_answers({**SOON, "kidney_failure": "yes"})).text("section.#@details")
    assert "Calcium 11.5 mg/dl: high (adult total calcium range 8.6–10.3 mg/dl)." in details
    assert "Phosphate 6 mg/dl: high (adult phosphate range 2.5–4.5 mg/dl)." in details
    assert "Calcium corrected for albumin 12.3 mg/dl (high)." in details
    assert "Albumin 3 g/dl: used, but the correction is less reliable with kidney failure." in details
    assert "Calcium × phosphate product 74 mg²/dL², at or above the threshold of 70." in details


def test_a_childs_product_is_not_held_to_the_adult_threshold() -> None:
    result = triage_answers({"age_group": "child", "calcium_value": 10, "phosphate_value": 6})
    details = page_of(result).text("section.#@details")
    assert "the adult threshold does not apply to children, who run higher phosphate." in details


def test_every_source_is_listed_with_its_link() -> None:
    result = triage_answers(URGENT)
    page = page_of(result)
    links = [a["href"] for t, a in page.tags if t == "a"]
    assert links == [SOURCES[s].url for s in result.source_ids]
    for source_id in result.source_ids:
        assert SOURCES[source_id].title in page.text("ol.sources")


# --- escaping and no network ----------------------------------------------------------


def hostile_result(text: str) -> Result:
    result = triage_answers(URGENT)
    values = dict(result.answers.values) | {"site": text, "pain": text}
    return result._replace(
        reasons=(text,),
        red_flags=(text,),
        next_steps=(text,),
        safety_net=(text,),
        alternatives=(Alternative("metastatic", text),),
        matched_causes=(text,),
        path=(Step("site", text, f"{text}: {text}"), Step(text, text, "X9: words")),
        answers=result.answers._replace(values=MappingProxyType(values), unanswered=()),
        disclaimer=text,
    )


def assert_inert(html: str, text: str) -> None:
    page = Page(html)
    assert {tag for tag, _ in page.tags} <= ALLOWED_TAGS
    for tag, attrs in page.tags:
        assert not [name for name in attrs if name.startswith("on")]
        assert tag != "a" or (attrs.get("href") or "").startswith(("https://", "http://"))
    assert [t for t, _ in page.tags].count("style") == 1
    assert page.style == report.STYLE
    assert " ".join(text.split()) in page.text("main")


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_shown_as_text_never_as_markup(text: str) -> None:
    assert_inert(report.render_report(hostile_result(text), DAY), text)


@settings(deadline=None)  # the first report of a run fills the tree's caches
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40))
def test_any_text_is_escaped(text: str) -> None:
    if not text.strip():
        return
    assert_inert(report.render_report(hostile_result(text), DAY), text)


def test_the_page_fetches_nothing() -> None:
    html = report.render_report(triage_answers(URGENT), DAY)
    page = Page(html)
    assert not [t for t, _ in page.tags if t in {"script", "link", "img", "iframe", "object", "embed"}]
    assert not [a for _, a in page.tags if "src" in a]
    assert "@import" not in page.style and "url(" not in page.style and "@font-face" not in page.style


# --- style: print, phone, contrast --------------------------------------------------------


def rules(css: str) -> list[tuple[str, str, dict[str, str]]]:
    """(the @media it is in, or "", selector, declarations) of each rule of a stylesheet."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found = []
    heads: list[str] = []
    last = 0
    for brace in re.finditer(r"[{}]", css):
        chunk, last = css[last : brace.start()], brace.end()
        if brace.group() == "{":
            heads.append(" ".join(chunk.split()))
            continue
        head = heads.pop()
        if chunk.strip():
            declarations = {}
            for part in chunk.split(";"):
                if ":" in part:
                    name, value = part.split(":", 1)
                    declarations[name.strip()] = " ".join(value.split())
            found.append((" ".join(h for h in heads if h.startswith("@media")), head, declarations))
    assert heads == [], "unbalanced braces"
    return found


def contrast(one: str, other: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_helper_agrees_with_wcag() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic just-failing grey
    assert contrast("#808000", "#ffffff") < 4.5  # olive, the old headline


def test_every_text_colour_declared_meets_wcag_aa_on_its_background() -> None:
    parsed = rules(report.STYLE)
    paper = report.PALETTE["paper"]
    checked = []
    for media, selector, declarations in parsed:
        colour = declarations.get("color")
        background = declarations.get("background") or declarations.get("background-color")
        if colour is None and background is None:
            continue
        if colour in (None, "inherit"):
            colour = report.PALETTE["ink"]
        assert re.fullmatch(r"#[0-9a-f]{6}", colour), (selector, colour)
        background = background or paper
        ratio = contrast(colour, background)
        assert ratio >= 4.5, (media, selector, colour, background, round(ratio, 2))
        checked.append(selector)
    assert {"body", "a", ".care.urgent", ".care.soon", ".care.routine", ".disclaimer", ".rule-id"} <= set(checked)
    for foreground, background in report.CONTRAST_PAIRS:
        assert contrast(report.PALETTE[foreground], report.PALETTE[background]) >= 4.5, (foreground, background)


def test_every_colour_in_the_stylesheet_is_one_of_the_palette() -> None:
    used = set(re.findall(r"#[0-9a-fA-F]{3,8}\b", report.STYLE))
    assert used <= set(report.PALETTE.values())
    assert not re.search(r"\b(rgb|hsl)a?\(", report.STYLE)


def test_urgent_is_dark_red_with_white_on_screen_and_dark_red_on_white_in_print() -> None:
    urgent = [(m, d) for m, s, d in rules(report.STYLE) if s == ".care.urgent"]
    screen = next(d for m, d in urgent if not m)
    printed = next(d for m, d in urgent if "print" in m)
    assert (screen["color"], screen["background"]) == ("#ffffff", report.PALETTE["urgent"])
    assert (printed["color"], printed["background"]) == (report.PALETTE["urgent"], "#ffffff")


def test_there_is_a_print_stylesheet_with_page_margins_and_small_type() -> None:
    parsed = rules(report.STYLE)
    assert "@page" in report.STYLE and "margin" in report.STYLE.split("@page", 1)[1].split("}", 1)[0]
    body = next(d for m, s, d in parsed if "print" in m and s == "body")
    assert body["font-size"].endswith("pt") and 6.5 <= float(body["font-size"][:-2]) <= 9


def test_long_words_and_links_wrap() -> None:
    body = next(d for m, s, d in rules(report.STYLE) if not m and s == "body")
    assert body["overflow-wrap"] == "anywhere"


@pytest.mark.parametrize("answers", [{}, {"age_group": "newborn"}, URGENT])
def test_a_result_with_few_answers_still_makes_a_whole_page(answers: dict[str, Any]) -> None:
    result = triage_answers(answers)
    page = page_of(result)
    assert DISCLAIMER in page.text()
    assert ("No question was answered." in page.text()) == (not answers)


def test_the_adult_range_used_for_an_unknown_age_is_said_in_order(invoke: Any) -> None:
    # With no age group, the range's label "adult total calcium (age group unknown: the
    # adult range is used)" was put before the word "range": "high, adult total calcium
    # (age group unknown: the adult range is used) range 8.6–10.3 mg/dl".
    words = "adult total calcium range 8.6–10.3 mg/dl, used as the age group is not known"
    html = unescape(re.sub(r"<[^>]+>", " ", report.render_report(triage_answers({"calcium_value": 11}), DAY)))
    assert f"Calcium 11 mg/dl: high ({words})." in " ".join(html.split())
    markdown = " ".join(invoke("triage", "--no-input", "--calcium-value", "11", "--format", "markdown").stdout.split())
    assert f"Calcium 11 mg/dl: high, {words}." in markdown
    refused = invoke("triage", "--no-input", "--calcium", "normal", "--calcium-value", "13")
    assert refused.exit_code == 2
    assert f"13 mg/dl is high for the {words}, but --calcium says normal" in refused.stderr
    for text in (html, markdown, refused.stderr):
        assert ") range" not in text


def test_a_calcium_corrected_for_albumin_is_shown_with_its_own_level_and_the_corrected_one(
    invoke: Any,
) -> None:
    # "calcium 8 mg/dl (normal; range 8.6-10.3)": a value below the range it names, called
    # normal, because the level beside it was the corrected one's.
    case = {"age_group": "adult", "calcium_value": 8.0, "albumin_value": 2.0}
    html = unescape(re.sub(r"<[^>]+>", " ", report.render_report(triage_answers(case), DAY)))
    assert "8 mg/dl (low), corrected for albumin 9.6 mg/dl (normal)" in " ".join(html.split())
    flags = ("triage", "--no-input", "--age-group", "adult", "--calcium-value", "8.0", "--albumin-value", "2.0")
    panel = " ".join(invoke(*flags).stdout.replace("│", " ").split())  # the panel's words, without its box
    assert "calcium 8 mg/dl (low; range 8.6–10.3), corrected for albumin 9.6 mg/dl (normal)" in panel
    details = " ".join(invoke(*flags, "--format", "markdown").stdout.split())
    assert (
        "Calcium 8 mg/dl: low, adult total calcium range 8.6–10.3 mg/dl; corrected for albumin 9.6 mg/dl (normal), the level that counts"
        in details
    )
    assert "8 mg/dl: normal" not in panel + details
