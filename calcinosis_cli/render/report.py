"""``triage --save report.html``: the result as a document to print or bring to a doctor.

One self-contained HTML5 page: the date, the summary a person needs first (how soon to
get care, the best fit and its certainty, the main reasons, warning signs, what to do
next, the safety net, the questions not answered that could change the result, and the
disclaimer), the answers given in words (and how many others would change nothing), the details (the
decision path in plain words with each rule id beside it), and the sources with links.

Every text is escaped. The style sheet is inline (nothing is fetched), readable on a
390-pixel phone, and prints a typical result on one A4 or Letter page. Every text colour
is declared in :data:`PALETTE` and meets WCAG AA (4.5:1) on the background it is used on.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from html import escape

from ..knowledge import PRODUCT_THRESHOLD, SOURCES, TYPES
from ..labs import Labs, Measurement
from ..questions import QUESTIONS
from ..result import Result
from ..tree.sensitivity import could_change
from .text import (
    CODE_SYSTEM_NAMES,
    SOON_LINE,
    URGENT_LINE,
    about,
    capital,
    corrected_words,
    level_as_measured,
    named,
    rule_plain,
    safety_net_title,
    value_with_level,
)

TITLE = "Calcinosis triage report"
NOT_ANSWERED_TITLE = "Not answered, and could change this result"
ROUTINE_LINE = "Not urgent by these answers: see a doctor when you can; the signs below say when to go sooner."
CARE_LINES = {"urgent": URGENT_LINE, "soon": SOON_LINE, "routine": ROUTINE_LINE}
CERTAINTY_WORDS = {
    "likely": "the answers fit this type well",
    "possible": "the answers fit this type in part",
    "uncertain": "the answers cannot tell the types apart",
}

# Every colour of the page. Text colours are used only on the backgrounds named in
# CONTRAST_PAIRS, and each of those pairs meets WCAG AA (4.5:1) for normal text.
PALETTE = {
    "paper": "#ffffff",
    "ink": "#1b1b1b",
    "muted": "#4d4d4d",
    "rule": "#8c8c8c",  # lines only, never text
    "link": "#0b4a94",
    "urgent": "#a3120f",
    "urgent_ink": "#ffffff",
    "soon_bg": "#fff1c7",
    "soon_ink": "#553700",
    "routine_bg": "#e6f0f7",
    "routine_ink": "#0c3a57",
    "note_bg": "#f3f3f3",
}
CONTRAST_PAIRS = (
    ("ink", "paper"),
    ("muted", "paper"),
    ("link", "paper"),
    ("urgent", "paper"),
    ("urgent_ink", "urgent"),
    ("soon_ink", "soon_bg"),
    ("routine_ink", "routine_bg"),
    ("ink", "note_bg"),
    ("muted", "note_bg"),
)

_C = PALETTE
STYLE = f"""
*, *::before, *::after {{ box-sizing: border-box; }}
html {{ -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }}
body {{
  margin: 0; background: {_C["paper"]}; color: {_C["ink"]};
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif;
  overflow-wrap: anywhere;
}}
.page {{ max-width: 50rem; margin: 0 auto; padding: 1rem 1rem 2rem; }}
header {{ border-bottom: 2px solid {_C["ink"]}; padding-bottom: .4rem; margin-bottom: 1rem; }}
h1 {{ font-size: 1.5rem; line-height: 1.2; margin: 0; }}
h2 {{ font-size: 1.25rem; line-height: 1.25; margin: 1.75rem 0 .5rem; }}
h3 {{ font-size: 1rem; line-height: 1.3; margin: 1rem 0 .25rem; }}
p, ul, ol, dl {{ margin: 0 0 .5rem; }}
ul, ol {{ padding-left: 1.25rem; }}
li {{ margin: .15rem 0; }}
a {{ color: {_C["link"]}; }}
.meta {{ color: {_C["muted"]}; margin: .2rem 0 0; font-size: .9rem; }}
.care {{ border: 2px solid; border-radius: .4rem; padding: .6rem .9rem; margin: 0 0 1rem; }}
.care h2 {{ font-size: .85rem; text-transform: uppercase; letter-spacing: .04em; margin: 0 0 .15rem; }}
.care p {{ margin: 0; font-weight: 700; font-size: 1.1rem; line-height: 1.35; }}
.care.urgent {{ background: {_C["urgent"]}; color: {_C["urgent_ink"]}; border-color: {_C["urgent"]}; }}
.care.soon {{ background: {_C["soon_bg"]}; color: {_C["soon_ink"]}; border-color: {_C["soon_ink"]}; }}
.care.routine {{ background: {_C["routine_bg"]}; color: {_C["routine_ink"]}; border-color: {_C["routine_ink"]}; }}
.fit h2 {{ margin-top: 0; }}
.lead {{ font-style: italic; }}
.red-flags li {{ color: {_C["urgent"]}; font-weight: 600; }}
.disclaimer {{
  background: {_C["note_bg"]}; color: {_C["ink"]}; border-left: 4px solid {_C["rule"]};
  padding: .5rem .75rem; margin: 1rem 0; font-size: .95rem;
}}
.answers > div {{
  display: grid; grid-template-columns: minmax(0, 1fr) minmax(5rem, 13rem); gap: 0 1rem;
  padding: .3rem 0; border-bottom: 1px solid {_C["note_bg"]};
}}
.answers dt, .answers dd {{ margin: 0; }}
.answers dd {{ font-weight: 600; }}
.num {{ color: {_C["muted"]}; }}
.small, .based-on {{ color: {_C["muted"]}; font-size: .9rem; }}
.rule-id {{
  font: 600 .8em/1 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; white-space: nowrap;
  color: {_C["muted"]}; background: {_C["note_bg"]}; border-radius: .25rem; padding: .1em .3em;
}}
@media (max-width: 34rem) {{
  .answers > div {{ grid-template-columns: minmax(0, 1fr); }}
}}
@page {{ margin: 9mm 9mm; }}
@media print {{
  body {{ font-size: 7pt; line-height: 1.22; }}
  .page {{ max-width: none; padding: 0; }}
  header {{ margin-bottom: 1.5mm; padding-bottom: .8mm; border-bottom-width: 1pt;
            display: flex; justify-content: space-between; align-items: baseline; gap: 4mm; }}
  h1 {{ font-size: 11pt; }}
  h2 {{ font-size: 8.5pt; margin: 2mm 0 .6mm; }}
  h3 {{ font-size: 7.3pt; margin: 1mm 0 .2mm; }}
  p, ul, ol, dl {{ margin-bottom: .6mm; }}
  ul, ol {{ padding-left: 3.2mm; }}
  li {{ margin: 0; }}
  .meta {{ margin: 0; }}
  .meta, .small, .based-on {{ font-size: 6.6pt; }}
  .care {{ padding: 1mm 2.5mm; margin-bottom: 1.5mm; border-width: 1.2pt; border-radius: 1mm; }}
  .care h2 {{ font-size: 6.6pt; margin: 0; }}
  .care p {{ font-size: 9pt; }}
  /* Backgrounds may not print: urgent becomes dark red on white, which reads either way. */
  .care.urgent {{ background: {_C["paper"]}; color: {_C["urgent"]}; border-color: {_C["urgent"]}; }}
  .fit h2 {{ font-size: 9.5pt; }}
  .lead {{ margin-bottom: .3mm; }}
  .summary {{ columns: 2; column-gap: 5mm; }}
  .summary > section {{ break-inside: avoid; }}
  .summary h3:first-child, .more section > h2 {{ margin-top: 0; }}
  .disclaimer {{ margin: 1.5mm 0 2mm; padding: .8mm 2mm; border-left-width: 2pt; font-size: 7pt; }}
  .more {{ columns: 3; column-gap: 4.5mm; column-rule: .5pt solid {_C["note_bg"]}; }}
  .more h2, .more h3 {{ break-after: avoid; }}
  .more li, .answers > div {{ break-inside: avoid; }}
  .answers > div {{ grid-template-columns: minmax(0, 1fr) auto; gap: 0 2mm; padding: .1mm 0; border-bottom-width: .5pt; }}
  .answers dd {{ max-width: 22mm; text-align: right; }}
  .inline {{ padding-left: 0; list-style: none; font-size: 6.6pt; }}
  .inline li {{ display: inline; }}
  .inline li:not(:last-child)::after {{ content: "; "; }}
  .sources {{ font-size: 6.5pt; line-height: 1.18; padding-left: 4mm; }}
  .rule-id {{ font-size: 6pt; padding: 0 .4mm; }}
  a {{ color: {_C["ink"]}; text-decoration: none; }}
}}
"""


def render_report(result: Result, day: date) -> str:
    """The HTML document of ``result``, saved on ``day``."""
    missing = could_change(result)  # the questions not answered that could change it
    body = "\n".join(
        (
            _header(result, day),
            "<main>",
            _care(result),
            _summary(result, missing),
            f'<p class="disclaimer" role="note"><strong>Please note:</strong> {escape(result.disclaimer)}</p>',
            '<div class="more">',
            _answers(result, missing),
            _details(result),
            _sources(result),
            "</div>",
            "</main>",
        )
    )
    title = f"{TITLE}: {result.name} (saved on {day.isoformat()})"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="UTF-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f'<body>\n<div class="page">\n{body}\n</div>\n</body>\n</html>\n'
    )


def _header(result: Result, day: date) -> str:
    when = f'<time datetime="{day.isoformat()}">{day.isoformat()}</time>'
    return (
        f"<header>\n<h1>{escape(TITLE)}</h1>\n"
        f'<p class="meta">Saved on {when}. For the person with the lumps, and to show a doctor.</p>\n'
        "</header>"
    )


def _care(result: Result) -> str:
    urgency = result.urgency if result.urgency in CARE_LINES else "routine"
    return (
        f'<section class="care {urgency}" aria-labelledby="care">\n'
        f'<h2 id="care">How soon to get care</h2>\n<p>{escape(CARE_LINES[urgency])}</p>\n</section>'
    )


def _summary(result: Result, missing: tuple[str, ...]) -> str:
    meaning = CERTAINTY_WORDS.get(result.certainty)
    certainty = f"{result.certainty} ({meaning})" if meaning else result.certainty
    parts = [
        '<section class="fit" aria-labelledby="fit">',
        f'<h2 id="fit">Best fit: {escape(result.name)} ({escape(result.certainty)})</h2>',
        f'<p class="lead">{escape(result.summary)}</p>',
        f"<p>Certainty: {escape(certainty)}.</p>",
        '<div class="summary">',
        _list("Why", result.reasons),
        _list("Warning signs", result.red_flags, css="red-flags"),
        _list("What to do next", result.next_steps),
        _list(safety_net_title(result), result.safety_net),
        _list(NOT_ANSWERED_TITLE, [capital(about(q)) for q in missing], css="inline small"),
        "</div>",
        "</section>",
    ]
    return "\n".join(p for p in parts if p)


def answers_given(result: Result) -> tuple[tuple[str, str, str], ...]:
    """(question id, question in words, answer in words) of every question answered,
    "I don't know" included, in the order of the bank; then the albumin, if given."""
    labs = result.answers.labs
    unanswered = set(result.answers.unanswered)
    rows = []
    for question in QUESTIONS:
        if question.id not in unanswered:
            value = result.answers.values.get(question.id, "unknown")
            rows.append((question.id, question.text, _measured(labs, question.id) or question.label_of(value)))
    if labs is not None and labs.albumin is not None:
        rows.append(("albumin_value", "Albumin in the blood test", f"{labs.albumin.value:g} {labs.albumin.units}"))
    return tuple(rows)


def _answers(result: Result, missing: tuple[str, ...]) -> str:
    rows = answers_given(result)
    items = "\n".join(
        f'<div><dt><span class="num">{number}.</span> {escape(question)}</dt>\n<dd>{escape(answer)}</dd></div>'
        for number, (_, question, answer) in enumerate(rows, 1)
    )
    parts = ['<section aria-labelledby="answers">', '<h2 id="answers">Answers given</h2>']
    parts.append(f'<dl class="answers">\n{items}\n</dl>' if items else "<p>No question was answered.</p>")
    others = len(result.answers.unanswered) - len(missing)
    if others:
        noun, it = ("question was", "it") if others == 1 else ("questions were", "they")
        again = " other" if missing else ""
        parts.append(f'<p class="small">{others}{again} {noun} not answered; {it} would not change this result.</p>')
    parts.append("</section>")
    return "\n".join(parts)


def _measured(labs: Labs | None, question_id: str) -> str | None:
    """The answer to the calcium or phosphate question when a value was typed."""
    if labs is None:
        return None
    found = {"calcium": labs.calcium, "phosphate": labs.phosphate}.get(question_id)
    if found is None:
        return None
    return value_with_level(found)


def _details(result: Result) -> str:
    alternatives = tuple(named(a.name, a.why) for a in result.alternatives)
    look_alikes = tuple(named(x.name, x.why) for x in result.look_alikes)
    codes = tuple(
        f"{CODE_SYSTEM_NAMES.get(c.system, c.system)} {c.code}: {c.display}" for c in TYPES[result.suggested_type].codes
    )
    parts = [
        '<section aria-labelledby="details">',
        '<h2 id="details">Details</h2>',
        _list("Also worth considering", alternatives),
        _list("Not calcinosis, but can look like it", look_alikes),
        _list("Causes your answers point to", result.matched_causes),
        _list("Blood tests", _labs_in_words(result.answers.labs)),
        _path(result),
        _list("Typical causes of this type", result.typical_causes, css="inline"),
        _list("How it is usually managed (general notes, no doses)", result.treatment_notes),
        _list("Codes of this type", codes),
        "</section>",
    ]
    return "\n".join(p for p in parts if p)


def _labs_in_words(labs: Labs | None) -> tuple[str, ...]:
    if labs is None:
        return ()
    lines = [_measurement_in_words(m) for m in (labs.calcium, labs.phosphate) if m is not None]
    calcium = labs.calcium
    if calcium is not None and calcium.corrected is not None:
        lines.append(f"Calcium {corrected_words(calcium)}.")
    if labs.albumin is not None:
        note = f": {labs.albumin.note}" if labs.albumin.note else ""
        lines.append(f"Albumin {labs.albumin.value:g} {labs.albumin.units}{note}.")
    product = labs.product
    if product is not None:
        side = "at or above" if labs.product_high else ("not applied" if not labs.product_applies else "below")
        line = f"Calcium × phosphate product {product:.0f} mg²/dL²"
        line += (
            ": the adult threshold does not apply to children, who run higher phosphate."
            if side == "not applied"
            else f", {side} the threshold of {PRODUCT_THRESHOLD:g}."
        )
        lines.append(line)
    return tuple(lines)


def _measurement_in_words(m: Measurement) -> str:
    severe = " In the severe range for the age." if m.severe else ""
    return f"{m.analyte.capitalize()} {m.value:g} {m.units}: {level_as_measured(m)} ({m.range_words()}).{severe}"


def _path(result: Result) -> str:
    """The rules that decided, in order, each once: its words, its id, and the answers it used
    (by their number in "Answers given", or in words when the question was not answered)."""
    numbers = {qid: number for number, (qid, _, _) in enumerate(answers_given(result), 1)}
    questions = {q.id for q in QUESTIONS}
    rules: dict[str, tuple[str, list[str]]] = {}
    for step in result.path:
        rule_id = step.rule.partition(":")[0].strip()
        _, used = rules.setdefault(rule_id, (rule_plain(step.rule), []))
        if step.question in numbers:
            used_one = str(numbers[step.question])
        elif step.question in questions:
            used_one = f"{about(step.question)} (not answered)"
        else:
            used_one = step.question
        if used_one not in used:
            used.append(used_one)
    if not rules:
        return ""
    items = "\n".join(
        f"<li>{escape(words)} "
        f'<span class="rule-id" title="rule id">{escape(rule_id)}</span> '
        f'<span class="based-on">({escape(_from(used))})</span></li>'
        for rule_id, (words, used) in rules.items()
    )
    return f'<section>\n<h3>How the result was reached</h3>\n<ol class="path">\n{items}\n</ol>\n</section>'


def _from(used: list[str]) -> str:
    numbered = [u for u in used if u.isdigit()]
    words = [u for u in used if not u.isdigit()]
    parts = []
    if numbered:
        parts.append(("answer " if len(numbered) == 1 else "answers ") + ", ".join(numbered))
    parts.extend(words)
    return "from " + "; ".join(parts)


def _sources(result: Result) -> str:
    items = "\n".join(
        f'<li>{escape(SOURCES[s].title)}. <a href="{escape(SOURCES[s].url)}">{escape(SOURCES[s].url)}</a></li>'
        for s in result.source_ids
        if s in SOURCES
    )
    return f'<section aria-labelledby="sources">\n<h2 id="sources">Sources</h2>\n<ol class="sources">\n{items}\n</ol>\n</section>'


def _list(title: str, items: Iterable[str], css: str = "") -> str:
    shown = [item for item in items if item]
    if not shown:
        return ""
    attr = f' class="{css}"' if css else ""
    lis = "\n".join(f"<li>{escape(item)}</li>" for item in shown)
    return f"<section>\n<h3>{escape(title)}</h3>\n<ul{attr}>\n{lis}\n</ul>\n</section>"
