"""quantriet.inspections.demo.load on the fixture campaign."""

from __future__ import annotations

import time

from quantriet.inspections import demo
from quantriet.inspections.models import Assignment, Evaluation
from quantriet.inspections.selectors import report_figures


def test_it_sends_inspectors_to_bridge_points_and_most_evaluate(campaign):
    p = campaign.province
    started = time.monotonic()
    demo.load(campaign.campaign, seed=2016)
    assert time.monotonic() - started < 5
    assignments = list(Assignment.objects.select_related("bridge_point", "inspector"))
    # The district's own inspector at its bridge point, a new province inspector at the other.
    assert {(a.bridge_point.code, a.inspector.username == "inspector_h01")
            for a in assignments} == {("DC-H01", True), ("DC-H02", False)}
    new = next(a.inspector for a in assignments if a.inspector != p.inspector_h01)
    assert new.roles.get().unit == p.t01 and not new.has_usable_password()
    assert new.first_name  # a real name from the roll
    for e in Evaluation.objects.all():
        assert e.rating in {"Tốt", "Khá", "Trung bình", "Yếu"}
    figures = report_figures(campaign.campaign, [p.t01])[p.t01.pk]
    assert figures["sessions"] == 2
    assert figures["evaluated"] + figures["missing"] == 2
    assert sum(figures["by_rating"].values()) == figures["evaluated"]
    # Loading again changes nothing.
    demo.load(campaign.campaign, seed=2016)
    assert Assignment.objects.count() == 2
