"""Coverage figures, computed from the pre-aggregated counters (never by scanning
attendance), all on one base: the campaign's roll.

coverage(campaign, unit) returns exactly the JSON of `quantriet coverage --format json`
and `GET /api/campaigns/{code}/coverage` (issue 3's contract).
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, Substr

from quantriet.campaigns.models import Campaign, CoverageCounter
from quantriet.lib import vntext
from quantriet.meetings.models import (
    BridgePoint,
    Meeting,
    MeetingCounter,
    NonMemberCount,
)
from quantriet.orgs.models import Unit


def percent(part: int, whole: int) -> float:
    """One decimal, half up, of `whole`; 0.0 for an empty roll."""
    value = vntext.percent(part, whole, 1)
    return float(value) if value is not None else 0.0


def _sum(field: str):
    return Coalesce(Sum(field), 0, output_field=IntegerField())


def _by_child(queryset, path_field: str, unit: Unit, **sums) -> dict[str, dict]:
    """GROUP BY the child of `unit` each row's unit lies in (its path prefix one level
    longer than the unit's); rows of the unit itself group under its own path."""
    length = len(unit.path) + len(Unit.segment(0))
    rows = (queryset.filter(**{f"{path_field}__startswith": unit.path})
            .annotate(child=Substr(path_field, 1, length)).values("child")
            .annotate(**sums).order_by())
    return {row.pop("child"): row for row in rows}


def coverage(campaign: Campaign, unit: Unit) -> dict:
    counters = _by_child(CoverageCounter.objects.filter(campaign=campaign), "path", unit,
                         roll=_sum("roll"), exempt=_sum("exempt"), covered=_sum("covered"))
    non_members = _by_child(NonMemberCount.objects.filter(meeting__campaign=campaign),
                            "bridge_point__host__path", unit, n=_sum("count"))
    children = sorted(Unit.objects.filter(parent=unit), key=lambda u: vntext.sort_key(u.name))
    totals = defaultdict(int)
    for row in counters.values():
        for key, value in row.items():
            totals[key] += value
    roll, covered = totals["roll"], totals["covered"]
    result = {
        "campaign": campaign.code,
        "unit": unit.code,
        "roll": roll,
        "exempt": totals["exempt"],
        "covered": covered,
        "covered_percent": percent(covered, roll),
        "non_members": sum(row["n"] for row in non_members.values()),
        "children": [],
        "meetings": _meetings(campaign, unit, roll),
    }
    for child in children:
        c = counters.get(child.path, {"roll": 0, "exempt": 0, "covered": 0})
        if not c["roll"] and not child.active:
            continue
        result["children"].append({
            "unit": child.code, "name": child.name, "roll": c["roll"], "exempt": c["exempt"],
            "covered": c["covered"], "covered_percent": percent(c["covered"], c["roll"]),
            "non_members": non_members.get(child.path, {"n": 0})["n"],
        })
    return result


def _meetings(campaign: Campaign, unit: Unit, roll: int) -> list[dict]:
    # The meetings that concern the unit: organised in its subtree or above it (a
    # province's conference), or with a bridge point in its subtree. Other branches'
    # classes are not listed (their titles name places of those branches).
    if campaign.owner.path.startswith(unit.path):
        # The owner or above: every meeting and bridge point of the campaign lies in the
        # subtree (bridge_point_create keeps hosts inside the owner's), so nothing needs
        # joining the units: at the nation, 16,242 bridge points.
        meetings = (Meeting.objects.filter(campaign=campaign).order_by("starts_at", "code")
                    .annotate(bp=Count("bridge_points")))
    else:
        in_subtree = BridgePoint.objects.filter(meeting=OuterRef("pk"),
                                                host__path__startswith=unit.path)
        meetings = (Meeting.objects.filter(
            Q(organiser__path__startswith=unit.path) | Q(organiser_id__in=unit.ancestor_ids())
            | Exists(in_subtree), campaign=campaign)
            .order_by("starts_at", "code")
            .annotate(bp=Count("bridge_points", filter=Q(
                bridge_points__host__path__startswith=unit.path))))
    attended = dict(MeetingCounter.objects.filter(meeting__campaign=campaign,
                                                  path__startswith=unit.path)
                    .values("meeting").annotate(n=_sum("present"))
                    .values_list("meeting", "n").order_by())
    non_members = dict(NonMemberCount.objects.filter(
        meeting__campaign=campaign, bridge_point__host__path__startswith=unit.path)
        .values("meeting").annotate(n=_sum("count")).values_list("meeting", "n").order_by())
    return [{
        "code": m.code, "title": m.title, "kind": m.kind, "bridge_points": m.bp,
        "attended": attended.get(m.pk, 0), "attended_percent": percent(
            attended.get(m.pk, 0), roll),
        "non_members": non_members.get(m.pk, 0),
    } for m in meetings]


def bridge_point_figures(meeting: Meeting, unit: Unit | None = None) -> list[dict]:
    """Per bridge point (hosted in `unit`'s subtree): present, excused, non-members.
    A GROUP BY over one meeting's attendance: for a meeting page, not for rollups."""
    points = BridgePoint.objects.filter(meeting=meeting).select_related("host")
    if unit is not None:
        points = points.filter(host__path__startswith=unit.path)
    points = points.annotate(
        present=Count("attendances", filter=Q(attendances__status="present"), distinct=True),
        excused=Count("attendances", filter=Q(attendances__status="excused"), distinct=True),
    ).order_by("code")
    non_members = dict(NonMemberCount.objects.filter(meeting=meeting).values("bridge_point")
                       .annotate(n=_sum("count")).values_list("bridge_point", "n").order_by())
    return [{"code": p.code, "name": p.name, "host": p.host.code, "present": p.present,
             "excused": p.excused, "non_members": non_members.get(p.pk, 0)} for p in points]


def not_covered(campaign: Campaign, units, *, except_meeting: Meeting | None = None):
    """Roll entries (with member and roll unit) in the subtrees of `units` not yet covered
    — ignoring coverage gained at `except_meeting`, so that a make-up class keeps on its
    list the members it covers itself. Ordered by unit, then Vietnamese name order."""
    from quantriet.campaigns.models import RollEntry
    from quantriet.meetings.models import Coverage

    if isinstance(units, Unit):
        units = [units]
    q = Q(pk__in=[])
    for unit in units:
        q |= Q(unit__path__startswith=unit.path)
    covered = Coverage.objects.filter(campaign=campaign)
    if except_meeting is not None:
        covered = covered.exclude(meeting=except_meeting)
    return (RollEntry.objects.filter(q, campaign=campaign)
            .exclude(member_id__in=covered.values("member_id"))
            .select_related("member", "unit").order_by("unit__path", "member__name_key"))


# --- Result reports (issue 6) ------------------------------------------------------------


def coverage_over_time(campaign: Campaign, unit: Unit) -> list[dict]:
    """Cumulative coverage of the unit after each meeting (in order of start), on the
    roll: [{"code", "title", "date", "covered", "percent"}]. A GROUP BY over the
    coverage rows of the subtree (one per covered member): for dashboards, not rollups."""
    from quantriet.meetings.models import Coverage

    roll = (CoverageCounter.objects.filter(campaign=campaign, path__startswith=unit.path)
            .aggregate(n=_sum("roll"))["n"])
    gained = dict(Coverage.objects.filter(campaign=campaign, unit__path__startswith=unit.path)
                  .values("meeting").annotate(n=Count("pk")).values_list("meeting", "n")
                  .order_by())
    meetings = (Meeting.objects.filter(pk__in=list(gained)).order_by("starts_at", "code")
                .only("pk", "code", "title", "starts_at"))
    rows, covered = [], 0
    for m in meetings:
        covered += gained[m.pk]
        rows.append({"code": m.code, "title": m.title, "date": m.starts_at,
                     "covered": covered, "percent": percent(covered, roll)})
    return rows


def children_reporting(campaign: Campaign, unit: Unit) -> dict:
    """The child units' result reports: a row per active child (status, dates) and the
    reporting rate (submitted or accepted, of the children) and acceptance rate."""
    from quantriet.reports.models import ReportStatus, ResultReport

    children = sorted(Unit.objects.filter(parent=unit, active=True),
                      key=lambda u: vntext.sort_key(u.name))
    reports = {r.unit_id: r for r in ResultReport.objects.filter(
        campaign=campaign, unit__parent=unit).only(
        "pk", "unit_id", "status", "submitted_at", "decided_at")}
    rows = [{"unit": c, "report": reports.get(c.pk)} for c in children]
    sent = sum(1 for r in reports.values()
               if r.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED))
    accepted = sum(1 for r in reports.values() if r.status == ReportStatus.ACCEPTED)
    return {"rows": rows, "children": len(children), "sent": sent, "accepted": accepted,
            "rate": percent(sent, len(children)), "accepted_rate": percent(
                accepted, len(children))}
