"""Reads about campaigns: the unit a user starts from, the levels below the owner, and the
cascade of deliverables (reporting rates like DHIS2's, per-unit status, what is overdue).

Every function takes a unit the caller has already passed through orgs.access; rows are
limited to that unit's subtree, so a user only ever sees deliverables of units they see.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from quantriet.lib import vntext
from quantriet.orgs import access
from quantriet.orgs.models import Unit, UnitKind

from .models import Campaign, Deliverable, DeliverableKind, DeliverableStatus

KIND_ORDER = {kind: i for i, kind in enumerate(DeliverableKind.values)}


def start_unit(user, campaign: Campaign) -> Unit | None:
    """Where a user's view of a campaign starts: the owner if they see it, else their
    top-most visible unit inside the owner's subtree (None: they see no unit of it)."""
    if access.can_see_unit(user, campaign.owner):
        return campaign.owner
    return (access.root_units_of(user).filter(path__startswith=campaign.owner.path)
            .order_by("depth", "path").first())


def campaign_unit(user, campaign: Campaign, code: str | None) -> Unit:
    """The unit `code` (or the start unit) if the user sees it and it lies in the
    campaign; Http404 otherwise, the same for missing and forbidden."""
    from django.http import Http404

    if not code:
        unit = start_unit(user, campaign)
        if unit is None:
            raise Http404
        return unit
    unit = access.access_unit(user, code=vntext.clean(code)[:50])
    if not unit.is_within(campaign.owner):
        raise Http404
    return unit


def visible_ancestors(user, campaign: Campaign, unit: Unit) -> list[Unit]:
    """The unit's ancestors inside the campaign that the user may see, root first."""
    if unit.pk == campaign.owner_id:
        return []
    return list(access.units_visible_to(user)
                .filter(pk__in=unit.ancestor_ids()[:-1], path__startswith=campaign.owner.path)
                .order_by("depth"))


def levels_below(campaign: Campaign, *, max_levels: int = 6) -> list[dict]:
    """The depths that exist below the owner: [{"depth", "offset", "units", "kind",
    "kind_label"}], with the commonest kind of unit at that depth as an example."""
    owner = campaign.owner
    rows = (Unit.objects.filter(path__startswith=owner.path, active=True,
                                depth__gt=owner.depth, depth__lte=owner.depth + max_levels)
            .values("depth", "kind").annotate(n=Count("pk")).order_by())
    per_depth: dict[int, Counter] = {}
    for row in rows:
        per_depth.setdefault(row["depth"], Counter())[row["kind"]] += row["n"]
    labels = dict(UnitKind.choices)
    levels = []
    for depth in sorted(per_depth):
        kind, _n = max(per_depth[depth].items(), key=lambda kv: (kv[1], kv[0]))
        levels.append({"depth": depth, "offset": depth - owner.depth,
                       "units": sum(per_depth[depth].values()), "kind": kind,
                       "kind_label": labels.get(kind, kind)})
    return levels


def deliverables_in(campaign: Campaign, unit: Unit) -> QuerySet[Deliverable]:
    return Deliverable.objects.filter(campaign=campaign, unit__path__startswith=unit.path)


def reporting_rates(campaign: Campaign, unit: Unit) -> list[dict]:
    """Per (level, kind) in the unit's subtree: expected, received on time, received late,
    not received, overdue, rate % (received/expected) and on-time rate %. One query."""
    today = timezone.localdate()
    rows = (deliverables_in(campaign, unit)
            .values("requirement__depth", "kind", "requirement__due_on")
            .annotate(expected=Count("pk"),
                      on_time=Count("pk", filter=Q(received_on__lte=F("due_on"))),
                      late=Count("pk", filter=Q(received_on__gt=F("due_on"))),
                      overdue=Count("pk", filter=Q(received_on__isnull=True,
                                                   due_on__lt=today)))
            .order_by())
    result = []
    for row in rows:
        received = row["on_time"] + row["late"]
        result.append({
            "depth": row["requirement__depth"],
            "offset": row["requirement__depth"] - campaign.owner.depth,
            "kind": row["kind"],
            "kind_label": DeliverableKind(row["kind"]).label,
            "due_on": row["requirement__due_on"],
            "expected": row["expected"],
            "on_time": row["on_time"],
            "late": row["late"],
            "missing": row["expected"] - received,
            "overdue": row["overdue"],
            "rate": vntext.percent(received, row["expected"], 1),
            "on_time_rate": vntext.percent(row["on_time"], row["expected"], 1),
        })
    result.sort(key=lambda r: (r["depth"], KIND_ORDER.get(r["kind"], 99)))
    return result


def deliverable_rows(campaign: Campaign, unit: Unit, *, kind: str = "", depth: int | None = None,
                     status: str = "") -> QuerySet[Deliverable]:
    """One row per unit's deliverable, filtered by kind, level and status."""
    qs = deliverables_in(campaign, unit)
    if kind:
        qs = qs.filter(kind=kind)
    if depth is not None:
        qs = qs.filter(requirement__depth=depth)
    if status == DeliverableStatus.MISSING:
        qs = qs.filter(received_on__isnull=True)
    elif status == DeliverableStatus.ON_TIME:
        qs = qs.filter(received_on__lte=F("due_on"))
    elif status == DeliverableStatus.LATE:
        qs = qs.filter(received_on__gt=F("due_on"))
    return qs.select_related("unit", "requirement").order_by("unit__path", "kind")


def overdue(campaign: Campaign, unit: Unit,
            today: datetime.date | None = None) -> QuerySet[Deliverable]:
    """Deliverables not received whose due date has passed: the units to remind."""
    today = today or timezone.localdate()
    return (deliverables_in(campaign, unit).filter(received_on__isnull=True, due_on__lt=today)
            .select_related("unit", "unit__parent").order_by("due_on", "unit__path", "kind"))


def own_deliverables(campaign: Campaign, unit: Unit) -> list[Deliverable]:
    """What the unit itself owes for the campaign."""
    rows = Deliverable.objects.filter(campaign=campaign, unit=unit)
    return sorted(rows, key=lambda d: KIND_ORDER.get(d.kind, 99))


def access_deliverable(user, campaign: Campaign, pk: int, *, write: bool = False) -> Deliverable:
    """A deliverable of the campaign whose unit the user sees (or writes); else Http404."""
    from django.http import Http404

    deliverable = (Deliverable.objects.filter(campaign=campaign, pk=pk)
                   .select_related("unit", "campaign").first())
    if deliverable is None:
        raise Http404
    allowed = (access.can_write_unit(user, deliverable.unit) if write
               else access.can_see_unit(user, deliverable.unit))
    if not allowed:
        raise Http404
    return deliverable


def latest_campaign(user) -> Campaign | None:
    """The most recent campaign the user can see: where an officer lands."""
    return access.campaigns_visible_to(user).order_by("-roll_date", "-created_at", "-pk").first()
