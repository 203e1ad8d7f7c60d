"""Reads that aggregate over the unit tree and the roll."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet

from quantriet.lib import vntext

from .models import Member, Membership, Unit


def members_on(unit: Unit, day: datetime.date, *, subtree: bool = True) -> QuerySet[Member]:
    """The members who belonged to `unit` (and, by default, its subtree) on `day`.

    Answered from the dated membership history, so later transfers do not change it.
    """
    memberships = Membership.objects.on(day)
    if subtree:
        memberships = memberships.filter(unit__path__startswith=unit.path)
    else:
        memberships = memberships.filter(unit=unit)
    return Member.objects.filter(pk__in=memberships.values("member_id"))


def member_pks(member_ids: list[str], chunk: int = 5000) -> dict[str, int]:
    """{member_id: pk} for the given party member numbers, in chunks of `chunk`."""
    result: dict[str, int] = {}
    for i in range(0, len(member_ids), chunk):
        result.update(Member.objects.filter(member_id__in=member_ids[i:i + chunk])
                      .values_list("member_id", "pk"))
    return result


def subtree_member_counts(units: list[Unit]) -> dict[int, dict[str, int]]:
    """For each given unit: active members, and of those exempt, in its whole subtree.

    One GROUP BY over the members below the common roots, summed up the paths in Python:
    units × depth additions, never a query per unit.
    """
    if not units:
        return {}
    wanted = {u.path: u.pk for u in units}
    roots = sorted(wanted)
    top: list[str] = []
    for p in roots:
        if not any(p.startswith(t) for t in top):
            top.append(p)
    q = Q(pk__in=[])
    for t in top:
        q |= Q(unit__path__startswith=t)
    rows = (
        Member.objects.filter(q, active=True)
        .values("unit__path")
        .annotate(n=Count("id"), exempt=Count("id", filter=Q(exempt=True)))
    )
    result = {pk: {"members": 0, "exempt": 0} for pk in wanted.values()}
    seg = len(Unit.segment(0))
    for row in rows:
        path = row["unit__path"]
        for end in range(seg, len(path) + 1, seg):
            pk = wanted.get(path[:end])
            if pk is not None:
                result[pk]["members"] += row["n"]
                result[pk]["exempt"] += row["exempt"]
    return result


def with_counts(units: QuerySet[Unit]) -> list[Unit]:
    """The units, each with .child_count, and .member_count and .exempt_count for its whole
    subtree: two queries whatever the number of units."""
    rows = list(units.annotate(child_count=Count("children")))
    counts = subtree_member_counts(rows)
    for unit in rows:
        c = counts.get(unit.pk, {"members": 0, "exempt": 0})
        unit.member_count = c["members"]
        unit.exempt_count = c["exempt"]
    return rows


def children_with_counts(unit: Unit, visible: QuerySet[Unit]) -> list[Unit]:
    """The visible children of `unit`, active first, in Vietnamese name order, with
    subtree counts."""
    children = with_counts(visible.filter(parent=unit))
    return sorted(children, key=lambda u: (not u.active, vntext.sort_key(u.name)))
