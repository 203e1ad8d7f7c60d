"""The figures snapshot of a result report: one JSON document per (campaign, unit), built
from records by small providers, one per section, and read generically by the narrative,
the checks, the Word document, the Excel appendix and the dashboards.

A section (plain JSON, so a report stores exactly what it showed):

    {"key": "coverage", "title": "…", "summed": true,
     "headers": ["Unit code", "Party unit"],          # the text columns of a row
     "columns": [{"key": "roll", "label": "…", "kind": "int"|"percent",
                  "num": None|"covered", "base": None|"roll", "additive": true}],
     "bounds": [["covered", "roll"], …],               # a row's left <= right
     "total": {…}, "own": {…}|None,                    # the unit; its own direct rows
     "rows": [{"key": "H01", "text": ["H01", "Đảng bộ huyện Cái Bè"], "values": {…}}]}

Sections with "summed" true have one row per child unit; for each additive column
sum(rows) + own == total. Percentages are never taken from providers: every one is
computed here from its two counts (`num` of `base`), half up to one decimal, as the
coverage JSON does. A provider returns None when its app is not installed yet, and the
section is listed under "unavailable".
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet.campaigns.models import Campaign, Deliverable, DeliverableKind
from quantriet.lib import vntext
from quantriet.meetings.models import MeetingKind
from quantriet.orgs.models import Unit

from .selectors import coverage, percent

VERSION = 1


@dataclass(frozen=True)
class Col:
    key: str
    label: str
    num: str | None = None
    base: str | None = None
    additive: bool = True
    kind: str = "int"

    def as_json(self) -> dict:
        return {"key": self.key, "label": str(self.label), "kind": self.kind, "num": self.num,
                "base": self.base, "additive": self.additive and self.kind == "int"}


def pct(key: str, label: str, num: str, base: str) -> Col:
    return Col(key, label, num=num, base=base, additive=False, kind="percent")


def finish_row(values: dict, columns: list[dict]) -> dict:
    """Fill every percentage of a row from its counts."""
    for c in columns:
        if c["kind"] == "percent" and c["num"]:
            values[c["key"]] = percent(int(values.get(c["num"], 0)),
                                       int(values.get(c["base"], 0)))
    return values


def _unit_section(key: str, title: str, columns: list[dict], bounds: list, total: dict,
                  children: list[tuple[Unit, dict]], note: str = "") -> dict:
    rows = [{"key": u.code, "text": [u.code, u.name], "values": finish_row(dict(v), columns)}
            for u, v in children]
    own = {}
    for c in columns:
        if c["additive"]:
            own[c["key"]] = int(total.get(c["key"], 0)) - sum(
                int(r["values"].get(c["key"], 0)) for r in rows)
    has_own = any(own.values())
    return {"key": key, "title": title, "summed": True,
            "headers": [_("Unit code"), _("Party unit")], "columns": columns,
            "bounds": bounds, "total": finish_row(dict(total), columns),
            "own": finish_row(own, columns) if has_own else None, "rows": rows, "note": note}


@dataclass
class Context:
    campaign: Campaign
    unit: Unit
    children: list[Unit]
    coverage: dict


# --- Providers: one per section --------------------------------------------------------


def coverage_section(ctx: Context) -> dict:
    cov = ctx.coverage
    columns = [c.as_json() for c in (
        Col("roll", _("Members on the roll")), Col("exempt", _("Exempt")),
        Col("covered", _("Covered")),
        pct("covered_percent", _("Covered (percentage of the roll)"), "covered", "roll"),
        Col("non_members", _("Non-members")))]
    by_code = {c["unit"]: c for c in cov["children"]}
    keys = ("roll", "exempt", "covered", "non_members")
    children = [(u, {k: by_code[u.code][k] for k in keys}) for u in ctx.children]
    return _unit_section("coverage", _("Coverage"), columns,
                         [["covered", "roll"], ["exempt", "roll"]],
                         {k: cov[k] for k in keys}, children)


def meetings_section(ctx: Context) -> dict:
    cov = ctx.coverage
    columns = [c.as_json() for c in (
        Col("bridge_points", _("Bridge points")), Col("attended", _("Attended")),
        Col("roll", _("Members on the roll")),
        pct("attended_percent", _("Attended (percentage of the roll)"), "attended", "roll"),
        Col("non_members", _("Non-members")))]
    kinds = dict(MeetingKind.choices)
    rows = [{"key": m["code"], "text": [m["code"], m["title"], str(kinds.get(m["kind"], ""))],
             "kind": m["kind"],
             "values": finish_row({"bridge_points": m["bridge_points"], "attended": m["attended"],
                                   "roll": cov["roll"], "non_members": m["non_members"]},
                                  columns)} for m in cov["meetings"]]
    return {"key": "meetings", "title": _("Conferences and classes"), "summed": False,
            "headers": [_("Meeting code"), _("Title"), _("Kind")], "columns": columns,
            "bounds": [["attended", "roll"]], "total": None, "own": None, "rows": rows,
            "note": _("A member may attend several meetings: attendance is not added up "
                      "across meetings; coverage counts each member once.")}


DELIVERABLE_KEYS = {DeliverableKind.PLAN: "plans", DeliverableKind.ACTION_PROGRAM: "programs",
                    DeliverableKind.RESULT_REPORT: "reports"}


def deliverables_section(ctx: Context) -> dict:
    """Deliverables owed in the unit's subtree (plans, action programs, result reports;
    the unit's own in its "own" row): expected and received, by child unit. One GROUP BY.
    A child's row here equals the total of the child's own report."""
    unit = ctx.unit
    length = len(unit.path) + len(Unit.segment(0))
    rows = (Deliverable.objects.filter(campaign=ctx.campaign, unit__path__startswith=unit.path)
            .annotate(child=Substr("unit__path", 1, length)).values("child", "kind")
            .annotate(expected=Count("pk"), received=Count("pk", filter=Q(
                received_on__isnull=False)), on_time=Count("pk", filter=Q(
                    received_on__lte=F("due_on")))).order_by())
    per_child: dict[str, dict] = {}
    total: dict[str, int] = {}
    for row in rows:  # the unit's own deliverables group under its own path
        name = DELIVERABLE_KEYS[row["kind"]]
        values = per_child.setdefault(row["child"], {})
        for what in ("expected", "received", "on_time"):
            values[f"{name}_{what}"] = values.get(f"{name}_{what}", 0) + row[what]
            total[f"{name}_{what}"] = total.get(f"{name}_{what}", 0) + row[what]
    labels = {"plans": _("Plans"), "programs": _("Action programs"),
              "reports": _("Result reports")}
    columns, bounds = [], []
    for name in ("plans", "programs", "reports"):
        if f"{name}_expected" not in total:
            continue
        label = labels[name]
        columns += [
            Col(f"{name}_expected", _("%(kind)s: expected") % {"kind": label}),
            Col(f"{name}_received", _("%(kind)s: received") % {"kind": label}),
            Col(f"{name}_on_time", _("%(kind)s: on time") % {"kind": label}),
            pct(f"{name}_rate", _("%(kind)s: reporting rate (%%)") % {"kind": label},
                f"{name}_received", f"{name}_expected")]
        bounds += [[f"{name}_received", f"{name}_expected"],
                   [f"{name}_on_time", f"{name}_received"]]
    columns = [c.as_json() for c in columns]
    keys = [c["key"] for c in columns if c["kind"] == "int"]
    children = [(u, {k: per_child.get(u.path, {}).get(k, 0) for k in keys})
                for u in ctx.children]
    return _unit_section("deliverables", _("Plans, action programs and result reports"),
                         columns, bounds, {k: total.get(k, 0) for k in keys}, children)


@dataclass(frozen=True)
class Contract:
    """A section read through an app's report_figures(campaign, units) (figures.md)."""

    app: str
    title: Callable[[], str]
    columns: Callable[[], list[Col]]
    bounds: tuple = ()
    breakdown: str = ""  # a dict of {label: count} turned into columns
    breakdown_label: Callable[[str], str] | None = None


CONTRACTS = {
    "learning": Contract(
        "learning", lambda: _("Learning reports"), lambda: [
            Col("expected", _("Members who must submit")), Col("submitted", _("Submitted")),
            pct("submitted_percent", _("Submitted (percentage of those who must)"), "submitted",
                "expected"),
            Col("late", _("Late")), Col("not_submitted", _("Not submitted")),
            Col("graded", _("Graded")),
            pct("graded_percent", _("Graded (percentage of those submitted)"), "graded",
                "submitted"),
            Col("not_graded", _("Not graded")), Col("returned", _("Returned")),
            Col("plans", _("Personal action plans")),
            Col("plans_reviewed", _("Plans reviewed"))],
        bounds=(("submitted", "expected"), ("graded", "submitted"), ("late", "submitted"),
                ("plans_reviewed", "plans")),
        breakdown="by_grade", breakdown_label=lambda g: _("Grade: %(grade)s") % {"grade": g}),
    "copychecks": Contract(
        "copychecks", lambda: _("Copying checks"), lambda: [
            # Flags are pairs of reports: a pair across two units counts in both, so
            # only the members flagged add up.
            Col("flagged", _("Members flagged")),
            Col("pending", _("Flags pending"), additive=False),
            Col("confirmed", _("Flags confirmed"), additive=False),
            Col("dismissed", _("Flags dismissed"), additive=False),
            Col("clusters", _("Clusters of similar reports"), additive=False)]),
    "programs": Contract(
        "programs", lambda: _("Action programs and tasks"), lambda: [
            Col("programs", _("Units with an action program")), Col("adopted", _("Adopted")),
            Col("tasks", _("Tasks")), Col("tasks_done", _("Tasks done")),
            pct("tasks_done_percent", _("Tasks done (%)"), "tasks_done", "tasks"),
            Col("tasks_overdue", _("Tasks overdue")),
            Col("progress", _("Mean progress (%)"), additive=False, kind="percent")],
        bounds=(("adopted", "programs"), ("tasks_done", "tasks"), ("tasks_overdue", "tasks"))),
    "inspections": Contract(
        "inspections", lambda: _("Inspections"), lambda: [
            Col("sessions", _("Sessions with an inspector")), Col("evaluated", _("Evaluated")),
            Col("missing", _("Evaluation missing")), Col("upcoming", _("Not ended yet"))],
        bounds=(("evaluated", "sessions"), ("missing", "sessions")),
        breakdown="by_rating", breakdown_label=lambda r: _("Rated: %(rating)s") % {
            "rating": r}),
}

SECTION_TITLES = {
    "learning": lambda: _("Learning reports"), "copychecks": lambda: _("Copying checks"),
    "programs": lambda: _("Action programs and tasks"), "surveys": lambda: _("Ballots"),
    "inspections": lambda: _("Inspections"),
}


def app_figures(app: str) -> Callable | None:
    """The app's report_figures, or None while the app does not provide it."""
    try:
        module = importlib.import_module(f"quantriet.{app}.selectors")
        return module.report_figures
    except (ImportError, AttributeError):
        return None


def _contract_section(ctx: Context, contract: Contract, key: str) -> dict | None:
    provider = app_figures(contract.app)
    if provider is None:
        return None
    units = [ctx.unit, *ctx.children]
    data = provider(ctx.campaign, units)
    columns = [c.as_json() for c in contract.columns()]
    if contract.breakdown:
        labels: list[str] = []
        for u in units:
            for label in (data.get(u.pk) or {}).get(contract.breakdown, {}):
                if label not in labels:
                    labels.append(label)
        columns += [Col(f"{contract.breakdown}:{label}",
                        contract.breakdown_label(label)).as_json() for label in labels]

    def values(u: Unit) -> dict:
        raw = data.get(u.pk) or {}
        out = {}
        for c in columns:
            k = c["key"]
            if c["kind"] == "percent" and c["num"]:
                continue
            if ":" in k:
                field, label = k.split(":", 1)
                out[k] = int((raw.get(field) or {}).get(label, 0))
            elif c["kind"] == "percent":
                out[k] = round(float(raw.get(k, 0) or 0), 1)
            else:
                out[k] = int(raw.get(k, 0) or 0)
        return out

    return _unit_section(key, contract.title(), columns, [list(b) for b in contract.bounds],
                         values(ctx.unit), [(u, values(u)) for u in ctx.children])


def surveys_section(ctx: Context) -> dict | None:
    provider = app_figures("surveys")
    if provider is None:
        return None
    ballots = (provider(ctx.campaign, [ctx.unit]).get(ctx.unit.pk) or {}).get("ballots", [])
    columns = [c.as_json() for c in (
        Col("count", _("Answers for the option")), Col("answers", _("Ballots")),
        pct("percent", _("Share (%)"), "count", "answers"))]
    rows = []
    for b in ballots:
        for qi, q in enumerate(b.get("questions", []), 1):
            for oi, o in enumerate(q.get("options", []), 1):
                rows.append({"key": f"{b['code']}-{qi}-{oi}",
                             "text": [b["code"], b.get("title", ""), q.get("text", ""),
                                      o.get("label", "")],
                             "values": finish_row({"count": int(o.get("count", 0)),
                                                   "answers": int(b.get("answers", 0))},
                                                  columns)})
    return {"key": "surveys", "title": _("Ballots"), "summed": False,
            "headers": [_("Ballot"), _("Title"), _("Question"), _("Option")],
            "columns": columns, "bounds": [["count", "answers"]], "total": None, "own": None,
            "rows": rows, "note": ""}


PROVIDERS: list[tuple[str, Callable[[Context], dict | None]]] = [
    ("coverage", coverage_section),
    ("meetings", meetings_section),
    ("deliverables", deliverables_section),
    ("learning", lambda ctx: _contract_section(ctx, CONTRACTS["learning"], "learning")),
    ("copychecks", lambda ctx: _contract_section(ctx, CONTRACTS["copychecks"], "copychecks")),
    ("programs", lambda ctx: _contract_section(ctx, CONTRACTS["programs"], "programs")),
    ("surveys", surveys_section),
    ("inspections", lambda ctx: _contract_section(ctx, CONTRACTS["inspections"],
                                                  "inspections")),
]


def child_units(unit: Unit, cov: dict) -> list[Unit]:
    """The child units the coverage JSON lists (its order: Vietnamese name order)."""
    codes = [c["unit"] for c in cov["children"]]
    by_code = {u.code: u for u in Unit.objects.filter(parent=unit, code__in=codes)}
    return [by_code[c] for c in codes]


def build(campaign: Campaign, unit: Unit) -> dict:
    """The live snapshot of the campaign for the unit and each child unit."""
    cov = coverage(campaign, unit)
    ctx = Context(campaign, unit, child_units(unit, cov), cov)
    sections, unavailable = [], []
    for key, provider in PROVIDERS:
        section = provider(ctx)
        if section is None:
            unavailable.append({"key": key, "title": SECTION_TITLES[key]()})
        else:
            sections.append(section)
    documents = [campaign.resolution, *campaign.guides.all()]
    return {
        "version": VERSION, "campaign": campaign.code, "campaign_title": campaign.title,
        "documents": [{"code": d.code, "title": d.title, "issuer": d.issuer_name}
                      for d in documents],
        "unit": unit.code, "unit_name": unit.name, "built_at": timezone.now().isoformat(),
        "source": "live", "sections": sections, "unavailable": unavailable,
        "differences": [],
    }


def section(snapshot: dict, key: str) -> dict | None:
    return next((s for s in snapshot.get("sections", []) if s["key"] == key), None)


def _recompute_total(sec: dict) -> None:
    for c in sec["columns"]:
        if c["additive"]:
            own = int((sec.get("own") or {}).get(c["key"], 0))
            sec["total"][c["key"]] = own + sum(int(r["values"].get(c["key"], 0))
                                               for r in sec["rows"])
    finish_row(sec["total"], sec["columns"])


def build_from_children(campaign: Campaign, unit: Unit, accepted: dict[str, dict]) -> dict:
    """The snapshot with each child's row taken from its accepted report (`accepted`:
    {child code: that report's figures}) where there is one, the unit's own rows and the
    other children live; the totals re-added. Every figure where an accepted report and
    the live records disagree is listed under "differences"."""
    snap = build(campaign, unit)
    snap["source"] = "children"
    differences = []
    for sec in snap["sections"]:
        if not sec["summed"]:
            continue
        for row in sec["rows"]:
            child = accepted.get(row["key"])
            child_sec = section(child, sec["key"]) if child else None
            row["from_report"] = child_sec is not None
            if child_sec is None:
                continue
            for c in sec["columns"]:
                if c["kind"] == "percent" and c["num"]:
                    continue
                reported = child_sec["total"].get(c["key"])
                if reported is None:
                    continue
                live = row["values"].get(c["key"])
                if reported != live:
                    differences.append({"section": sec["key"], "title": sec["title"],
                                        "row": row["key"], "name": row["text"][-1],
                                        "column": c["key"], "label": c["label"],
                                        "live": live, "reported": reported})
                row["values"][c["key"]] = reported
            finish_row(row["values"], sec["columns"])
        _recompute_total(sec)
    snap["differences"] = differences
    return snap


def fmt(value, kind: str = "int") -> str:
    """A figure in the vi format: 28.029 or 65,2 %."""
    if value is None:
        return ""
    if kind == "percent":
        return vntext.format_percent(value)
    return vntext.format_int(int(value))
