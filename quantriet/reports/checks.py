"""Consistency checks of a report, generic over the snapshot's sections:

1. every percentage recomputed from its two counts (on the base its column states);
2. the child units add up to the unit (plus its own direct rows), column by column;
3. impossible figures (attended > roll, graded > submitted, a negative count, a
   percentage over 100) refused;
4. every number in the narrative is a figure of the appendix.

A report cannot be submitted while one of them fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .figures import fmt, percent


@dataclass(frozen=True)
class Problem:
    kind: str  # percent | sum | bound | narrative
    message: str
    section: str = ""
    row: str = ""
    column: str = ""


def _rows(sec: dict):
    """(row id, row name, values) of a section: the total, the own rows, each row."""
    if sec.get("total") is not None:
        yield "total", _("Total"), sec["total"]
    if sec.get("own"):
        yield "own", _("Directly under the unit"), sec["own"]
    for row in sec["rows"]:
        yield row["key"], " ".join(t for t in row["text"][-1:] if t), row["values"]


def _labels(sec: dict) -> dict[str, str]:
    return {c["key"]: c["label"] for c in sec["columns"]}


def check_percentages(snap: dict) -> list[Problem]:
    problems = []
    for sec in snap.get("sections", []):
        for c in sec["columns"]:
            if c["kind"] != "percent":
                continue
            for row_id, name, values in _rows(sec):
                value = values.get(c["key"])
                if value is None:
                    continue
                if not 0 <= float(value) <= 100:
                    problems.append(Problem("bound", _(
                        "%(section)s, %(row)s: %(column)s is %(value)s, outside 0–100 %%.") % {
                        "section": sec["title"], "row": name, "column": c["label"],
                        "value": fmt(value, "percent")}, sec["key"], row_id, c["key"]))
                    continue
                if not c["num"]:
                    continue
                num, base = int(values.get(c["num"], 0)), int(values.get(c["base"], 0))
                expected = percent(num, base)
                if abs(float(value) - expected) > 1e-9:
                    problems.append(Problem("percent", _(
                        "%(section)s, %(row)s: %(column)s is %(value)s but %(num)s of %(base)s "
                        "is %(expected)s.") % {
                        "section": sec["title"], "row": name, "column": c["label"],
                        "value": fmt(value, "percent"), "num": fmt(num), "base": fmt(base),
                        "expected": fmt(expected, "percent")}, sec["key"], row_id, c["key"]))
    return problems


def check_sums(snap: dict) -> list[Problem]:
    problems = []
    for sec in snap.get("sections", []):
        if not sec.get("summed"):
            continue
        own = sec.get("own") or {}
        for c in sec["columns"]:
            if not c["additive"]:
                continue
            parts = int(own.get(c["key"], 0)) + sum(
                int(r["values"].get(c["key"], 0)) for r in sec["rows"])
            total = int(sec["total"].get(c["key"], 0))
            if parts != total:
                problems.append(Problem("sum", _(
                    "%(section)s: %(column)s of the units below add up to %(parts)s, but the "
                    "total is %(total)s.") % {
                    "section": sec["title"], "column": c["label"], "parts": fmt(parts),
                    "total": fmt(total)}, sec["key"], "total", c["key"]))
    return problems


def check_bounds(snap: dict) -> list[Problem]:
    problems = []
    for sec in snap.get("sections", []):
        labels = _labels(sec)
        for row_id, name, values in _rows(sec):
            for c in sec["columns"]:
                if c["kind"] == "int" and int(values.get(c["key"], 0)) < 0:
                    problems.append(Problem("bound", _(
                        "%(section)s, %(row)s: %(column)s cannot be negative (%(value)s).") % {
                        "section": sec["title"], "row": name, "column": c["label"],
                        "value": values.get(c["key"])}, sec["key"], row_id, c["key"]))
            for low, high in sec.get("bounds", []):
                if low not in values or high not in values:
                    continue
                if int(values[low]) > int(values[high]):
                    problems.append(Problem("bound", _(
                        "%(section)s, %(row)s: %(low)s (%(a)s) cannot exceed %(high)s "
                        "(%(b)s).") % {
                        "section": sec["title"], "row": name, "low": labels[low],
                        "a": fmt(values[low]), "high": labels[high], "b": fmt(values[high])},
                        sec["key"], row_id, low))
    return problems


# A number as the narrative writes it: 28.029, 205, 63,6 % (or 63,6%).
NUMBER_RE = re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(\s?%)?(?![\w])")
# Dates and document numbers are not figures.
DATE_RE = re.compile(r"\b\d{1,2}[-/.]\d{1,2}[-/.]\d{4}\b")
DOCNUM_RE = re.compile(r"\b\d+-[^\s,;]+/[^\s,;.]+")
YEAR_RE = re.compile(r"\b(năm|khóa|khoá|Số|số)\s+\d+", re.IGNORECASE)


def figure_values(snap: dict) -> tuple[set[int], set[Decimal]]:
    """Every figure of the appendix: counts and percentages of every row."""
    counts: set[int] = set()
    percents: set[Decimal] = set()
    for sec in snap.get("sections", []):
        kinds = {c["key"]: c["kind"] for c in sec["columns"]}
        for _row_id, _name, values in _rows(sec):
            for key, value in values.items():
                if kinds.get(key) == "percent":
                    percents.add(Decimal(str(value)).quantize(Decimal("0.1")))
                else:
                    counts.add(int(value))
    return counts, percents


def literal_texts(snap: dict) -> list[str]:
    """Names and titles the narrative may quote (their digits are not figures)."""
    texts = [snap.get("campaign_title", ""), snap.get("unit_name", "")]
    for doc in snap.get("documents", []):
        texts += [doc["code"], doc["title"], doc.get("issuer", "")]
    for sec in snap.get("sections", []):
        for row in sec["rows"]:
            texts += row["text"]
        for c in sec["columns"]:
            if ":" in c["key"]:
                texts.append(c["key"].split(":", 1)[1])
    return sorted({t for t in texts if t and any(ch.isdigit() for ch in t)}, key=len,
                  reverse=True)


def narrative_numbers(text: str, literals: list[str] = ()) -> list[tuple[str, object]]:
    """[(as written, int or Decimal percentage)] of the figures in a text."""
    for lit in literals:
        text = text.replace(lit, " ")
    text = DOCNUM_RE.sub(" ", DATE_RE.sub(" ", text))
    text = YEAR_RE.sub(" ", text)
    found = []
    for m in NUMBER_RE.finditer(text):
        whole, frac, sign = m.group(1), m.group(2), m.group(3)
        digits = whole.replace(".", "")
        if sign:
            found.append((m.group(0).strip(), Decimal(f"{digits}.{frac or 0}")
                          .quantize(Decimal("0.1"))))
        elif frac is None:
            found.append((m.group(0), int(digits)))
        else:
            found.append((m.group(0), Decimal(f"{digits}.{frac}")))
    return found


def check_narrative(snap: dict, text: str) -> list[Problem]:
    counts, percents = figure_values(snap)
    problems = []
    for written, value in narrative_numbers(text, literal_texts(snap)):
        ok = (value in percents) if isinstance(value, Decimal) else (value in counts)
        if not ok:
            problems.append(Problem("narrative", _(
                "The narrative says %(number)s, which is not a figure of the appendix.") % {
                "number": written}, column=written))
    return problems


def run(snap: dict, narrative: str | None = None) -> list[Problem]:
    problems = check_percentages(snap) + check_sums(snap) + check_bounds(snap)
    if narrative is not None:
        problems += check_narrative(snap, narrative)
    return problems
