"""/api/inspections/today and /api/campaigns/<code>/inspections/{figures,missing}."""

from __future__ import annotations

import datetime

from django.utils import timezone

from quantriet.inspections.services import assignment_create

from .helpers import a_class


def test_it_gives_the_inspector_the_day_and_officers_the_figures(campaign, client_for):
    p = campaign.province
    lesson = a_class(campaign, "LH-API", timezone.now() - datetime.timedelta(hours=3))
    today = assignment_create(actor=None, meeting=lesson, inspector=p.inspector_h01)
    assignment_create(actor=None, meeting=campaign.conference, bridge_point=campaign.bp1,
                      inspector=p.inspector_h01)
    day = client_for(p.inspector_h01).get("/api/inspections/today").json()
    assert [(d["id"], d["meeting"], d["expected"], d["present"], d["evaluated"])
            for d in day] == [(today.pk, "LH-API", 5, 0, False)]
    admin = client_for(p.admin)
    figures = admin.get("/api/campaigns/NQ4-XII/inspections/figures?unit=H01").json()
    assert figures == {"unit": "H01", "sessions": 2, "evaluated": 0, "missing": 2,
                       "upcoming": 0, "by_rating": {}}
    missing = admin.get("/api/campaigns/NQ4-XII/inspections/missing").json()
    assert {m["meeting"] for m in missing} == {"LH-API", "HNTT-01"}
    outsider = client_for(p.outsider)
    assert outsider.get("/api/campaigns/NQ4-XII/inspections/missing?unit=H01").status_code \
        == 404
    assert outsider.get("/api/campaigns/NQ4-XII/inspections/missing").json() == []
    assert outsider.get("/api/inspections/today").json() == []
    assert client_for(p.member_c1).get(
        "/api/campaigns/NQ4-XII/inspections/figures").status_code == 404
