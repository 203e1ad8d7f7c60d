"""Counters keep a copy of their unit's path: moving a unit moves its figures."""

from quantriet.campaigns.models import CoverageCounter
from quantriet.meetings.models import MeetingCounter
from quantriet.meetings.services import attendance_record
from quantriet.orgs.services import unit_move
from quantriet.reports.selectors import coverage


def test_it_moves_a_units_figures_with_the_unit(campaign):
    p = campaign.province
    attendance_record(actor=None, meeting=campaign.conference, method="api",
                      bridge_point=campaign.bp1,
                      records=[(p.members["0101001"].pk, "present")])
    before = {c["unit"]: (c["roll"], c["covered"])
              for c in coverage(campaign.campaign, p.t01)["children"]}
    x01 = coverage(campaign.campaign, p.h01x01)
    assert x01["covered"] == 1

    unit_move(actor=None, unit=p.h01x01, new_parent=p.h02)
    p.h01x01.refresh_from_db()
    p.h02.refresh_from_db()
    assert all(c.path.startswith(p.h02.path) for c in CoverageCounter.objects.filter(
        unit__path__startswith=p.h01x01.path))
    assert MeetingCounter.objects.get(unit=p.c1).path == p.c1.__class__.objects.get(
        pk=p.c1.pk).path
    after = {c["unit"]: (c["roll"], c["covered"])
             for c in coverage(campaign.campaign, p.t01)["children"]}
    assert after["H02"] == (before["H02"][0] + x01["roll"], before["H02"][1] + 1)
    assert after["H01"] == (before["H01"][0] - x01["roll"], before["H01"][1] - 1)
    h02 = coverage(campaign.campaign, p.h02)
    assert h02["meetings"][0]["attended"] == 1
