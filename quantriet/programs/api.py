"""JSON API of the programs app (django-ninja router, mounted at /api/).

Reads go through quantriet.orgs.access (a missing or forbidden object is the same 404);
progress is written through services.progress_record (refusals are 422 in its words).
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from ninja import Field, Router, Schema, Status

from quantriet.api.helpers import service_errors
from quantriet.campaigns.selectors import campaign_unit
from quantriet.orgs import access

from . import selectors, services

router = Router(tags=["programs"])


class ProgressFiguresOut(Schema):
    unit: str = Field(..., description="Unit code")
    name: str
    programs: int = Field(..., description="Units of the subtree with a program")
    adopted: int
    tasks: int = Field(..., description="Tasks of adopted programs")
    tasks_done: int
    tasks_overdue: int
    progress: float = Field(..., description="Weighted mean progress, 0..100")


class RollupOut(Schema):
    total: ProgressFiguresOut
    children: list[ProgressFiguresOut]


class TaskOut(Schema):
    id: int
    position: int
    content: str
    lead_unit: str
    cooperating: list[str]
    deadline: datetime.date
    weight: int
    progress: int
    status: str = Field(..., description="not_started, in_progress, done or overdue")
    implements: int | None = Field(None, description="The parent program's task id")


class ProgramOut(Schema):
    id: int
    campaign: str
    unit: str
    title: str
    adopted_on: datetime.date | None
    adopted_by: str
    document_number: str
    tasks: list[TaskOut]


class ProgressIn(Schema):
    percent: int = Field(..., ge=0, le=100)
    note: str = ""


def _figures(unit, f: dict) -> dict:
    return {"unit": unit.code, "name": unit.name, **f}


def _task(t, today: datetime.date) -> dict:
    return {"id": t.pk, "position": t.position, "content": t.content,
            "lead_unit": t.lead_unit.code, "cooperating": [u.code for u in t.cooperating.all()],
            "deadline": t.deadline, "weight": t.weight, "progress": t.progress,
            "status": t.status(today), "implements": t.implements_id}


@router.get("/campaigns/{code}/programs", response=RollupOut)
def program_rollup(request, code: str, unit: str | None = None):
    """Programs and task progress of a unit's subtree, and of each unit directly below."""
    campaign = access.access_campaign(request.user, code)
    top = campaign_unit(request.user, campaign, unit)
    r = selectors.rollup(campaign, top)
    return {"total": _figures(top, r["total"]),
            "children": [_figures(c["unit"], {k: v for k, v in c.items() if k != "unit"})
                         for c in r["children"]]}


@router.get("/programs/{program_pk}", response=ProgramOut)
def program_get(request, program_pk: int):
    program = access.access_program(request.user, program_pk)
    today = timezone.localdate()
    return {"id": program.pk, "campaign": program.campaign.code, "unit": program.unit.code,
            "title": program.title, "adopted_on": program.adopted_on,
            "adopted_by": program.adopted_by, "document_number": program.document_number,
            "tasks": [_task(t, today) for t in selectors.tasks_of(program)]}


@router.post("/programs/tasks/{task_pk}/progress", response={201: TaskOut})
def task_progress(request, task_pk: int, payload: ProgressIn):
    """Record progress on a task of an adopted program (officers of its program's unit or
    of its lead unit)."""
    task = access.access_task(request.user, task_pk, update=True)
    with service_errors():
        services.progress_record(actor=request.user, task=task, percent=payload.percent,
                                 note=payload.note)
    task = selectors.tasks_of(task.program).get(pk=task.pk)
    return Status(201, _task(task, timezone.localdate()))
