"""Reads about action programs: progress and overdue tasks rolled up per unit and per
level, overdue task lists, and the figures of the result report.

Tasks count where their program belongs (a district's figures are the tasks of the
programs of the district and the units below it), and only once the program is adopted:
a draft's tasks are not yet being tracked. Progress is the weighted mean of the tasks'
percentages (weights as set on each task).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count, F, IntegerField, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from quantriet.orgs.models import Unit

from .models import Program, Task

FIGURE_KEYS = ("programs", "adopted", "tasks", "tasks_done", "tasks_overdue")


def _empty() -> dict:
    return {"programs": 0, "adopted": 0, "tasks": 0, "tasks_done": 0, "tasks_overdue": 0,
            "_weight": 0, "_weighted": 0}


def _finish(acc: dict) -> dict:
    out = {k: acc[k] for k in FIGURE_KEYS}
    out["progress"] = round(acc["_weighted"] / acc["_weight"], 1) if acc["_weight"] else 0.0
    return out


def _common_prefix(paths: list[str]) -> str:
    if not paths:
        return ""
    first, last = min(paths), max(paths)
    i = 0
    while i < min(len(first), len(last)) and first[i] == last[i]:
        i += 1
    prefix = first[:i]
    return prefix[: prefix.rfind("/") + 1]


def program_rows(campaign, path_prefix: str, today: datetime.date) -> list[dict]:
    """One row per program under `path_prefix` with its unit's path and depth and the
    counts of its tracked tasks: one query, grouped in the database."""
    tracked = Q(adopted_on__isnull=False)
    return list(
        Program.objects.filter(campaign=campaign, unit__path__startswith=path_prefix)
        .values("pk", "unit_id", "unit__path", "unit__depth", "adopted_on")
        .annotate(
            n_tasks=Count("tasks", filter=tracked),
            n_done=Count("tasks", filter=tracked & Q(tasks__progress__gte=100)),
            n_overdue=Count("tasks", filter=tracked & Q(tasks__progress__lt=100,
                                                        tasks__deadline__lt=today)),
            weight=Coalesce(Sum("tasks__weight", filter=tracked), 0),
            weighted=Coalesce(Sum(F("tasks__weight") * F("tasks__progress"), filter=tracked,
                                  output_field=IntegerField()), 0),
        ).order_by())


def _add(acc: dict, row: dict) -> None:
    acc["programs"] += 1
    acc["adopted"] += row["adopted_on"] is not None
    acc["tasks"] += row["n_tasks"]
    acc["tasks_done"] += row["n_done"]
    acc["tasks_overdue"] += row["n_overdue"]
    acc["_weight"] += row["weight"]
    acc["_weighted"] += row["weighted"]


def figures_for(campaign, units: Iterable[Unit], today: datetime.date | None = None
                ) -> dict[int, dict]:
    """{unit pk: figures over the unit's subtree}: one query for all the units together."""
    today = today or timezone.localdate()
    units = list(units)
    acc = {u.pk: _empty() for u in units}
    if not units:
        return {}
    for row in program_rows(campaign, _common_prefix([u.path for u in units]), today):
        for pk in Unit.ids_in_path(row["unit__path"]):
            if pk in acc:
                _add(acc[pk], row)
    return {pk: _finish(a) for pk, a in acc.items()}


def report_figures(campaign, units: list[Unit]) -> dict[int, dict]:
    """For each unit (by pk): counts over that unit's whole subtree, for this campaign.
    {"programs": units with a program, "adopted", "tasks" (of adopted programs),
    "tasks_done", "tasks_overdue", "progress": weighted mean percent, float 0..100}."""
    return figures_for(campaign, units)


def rollup(campaign, unit: Unit, today: datetime.date | None = None) -> dict:
    """The unit's own figures, one row per child unit and one per level below, from one
    query on programs and one on the units per level."""
    today = today or timezone.localdate()
    children = list(Unit.objects.filter(parent=unit, active=True).order_by("code"))
    total, child_acc = _empty(), {c.pk: _empty() for c in children}
    by_depth: dict[int, dict] = {}
    own = None
    for row in program_rows(campaign, unit.path, today):
        _add(total, row)
        _add(by_depth.setdefault(row["unit__depth"], _empty()), row)
        ids = Unit.ids_in_path(row["unit__path"])
        if row["unit_id"] == unit.pk:
            own = row
        elif len(ids) > unit.depth + 1 and ids[unit.depth + 1] in child_acc:
            _add(child_acc[ids[unit.depth + 1]], row)
    level_units = dict(Unit.objects.filter(path__startswith=unit.path, active=True)
                       .values("depth").annotate(n=Count("pk")).values_list("depth", "n")
                       .order_by())
    levels = [{"depth": d, "offset": d - unit.depth, "units": level_units.get(d, 0),
               **_finish(by_depth.get(d, _empty()))}
              for d in sorted(set(level_units) | set(by_depth))]
    return {
        "total": _finish(total),
        "own": own,
        "children": [{"unit": c, **_finish(child_acc[c.pk])} for c in children],
        "levels": levels,
    }


def overdue_tasks(campaign, unit: Unit, today: datetime.date | None = None) -> QuerySet[Task]:
    """Overdue tasks of the unit's subtree: of its programs, or led by its units."""
    today = today or timezone.localdate()
    return (Task.objects.tracked().overdue(today)
            .filter(program__campaign=campaign)
            .filter(Q(program__unit__path__startswith=unit.path)
                    | Q(lead_unit__path__startswith=unit.path))
            .select_related("program__unit", "lead_unit")
            .order_by("deadline", "lead_unit__path", "pk"))


def tasks_of(program: Program) -> QuerySet[Task]:
    return (program.tasks.select_related("program__unit", "lead_unit", "implements")
            .prefetch_related("cooperating").order_by("position", "pk"))


def tasks_led_by(campaign, unit: Unit) -> QuerySet[Task]:
    """Tasks of adopted programs (of any level) that the unit leads: its to-do list."""
    return (Task.objects.tracked().filter(program__campaign=campaign, lead_unit=unit)
            .select_related("program__unit").order_by("deadline", "pk"))
