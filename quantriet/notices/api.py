"""JSON API of the notices app (django-ninja router, mounted at /api/): the caller's own
inbox (for the e-handbook app) and marking a notice read."""

from __future__ import annotations

import datetime

from ninja import Router, Schema

from quantriet.orgs import access

from . import services

router = Router(tags=["notices"])


class NoticeOut(Schema):
    id: int
    kind: str
    kind_label: str
    subject: str
    body: str
    url: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None


class InboxOut(Schema):
    unread: int
    notices: list[NoticeOut]


@router.get("/notices", response=InboxOut)
def inbox(request, unread: bool = False, limit: int = 50):
    """The caller's latest notices (at most 200) and the number unread."""
    mine = access.notices_of(request.user)
    rows = mine.filter(read_at__isnull=True) if unread else mine
    return {"unread": mine.filter(read_at__isnull=True).count(),
            "notices": list(rows[:max(1, min(limit, 200))])}


@router.post("/notices/{notice_pk}/read", response=NoticeOut)
def read(request, notice_pk: int):
    notice = access.access_notice(request.user, notice_pk)
    return services.notice_read(actor=request.user, notice=notice)
