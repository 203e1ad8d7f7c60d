"""The fixture campaign with some attendance, non-members, deliverables: what a report of
district H01 and of the province shows."""

from __future__ import annotations

import datetime

from quantriet.campaigns.services import deliverable_receive, deliverable_require
from quantriet.meetings.models import MeetingKind
from quantriet.meetings.services import (
    attendance_record,
    bridge_point_create,
    meeting_create,
    non_member_set,
)


def with_activity(campaign):
    """Conference: 3 of H01 present (of 5 on the roll), 1 of H02 (of 2); a make-up class
    covers 1 more of H01; 40 non-members at H01's point; plans required of the districts
    (H01's received) and of the communes."""
    p = campaign.province
    attendance_record(actor=None, meeting=campaign.conference, method="api",
                      bridge_point=campaign.bp1,
                      records=[(p.members[m].pk, "present")
                               for m in ("0101001", "0101002", "0101004")])
    attendance_record(actor=None, meeting=campaign.conference, method="api",
                      bridge_point=campaign.bp2,
                      records=[(p.members["0201001"].pk, "present")])
    makeup = meeting_create(
        actor=None, campaign=campaign.campaign, code="HB-H01", kind=MeetingKind.MAKEUP,
        title="Lớp học bù huyện", organiser=p.h01,
        starts_at=datetime.datetime(2017, 1, 5, 7, 30, tzinfo=datetime.UTC))
    bp = bridge_point_create(actor=None, meeting=makeup, code="LHB-1", name="Hội trường",
                             host=p.h01, expected_units=[p.h01])
    attendance_record(actor=None, meeting=makeup, method="api", bridge_point=bp,
                      records=[(p.members["0101005"].pk, "present")])
    non_member_set(actor=None, bridge_point=campaign.bp1, category="public", count=40)
    deliverable_require(actor=None, campaign=campaign.campaign, kind="plan",
                        depth=p.h01.depth, due_on=datetime.date(2016, 12, 15))
    deliverable_require(actor=None, campaign=campaign.campaign, kind="plan",
                        depth=p.h01x01.depth, due_on=datetime.date(2016, 12, 20))
    from quantriet.campaigns.models import Deliverable

    deliverable_receive(actor=None, deliverable=Deliverable.objects.get(unit=p.h01),
                        received_on=datetime.date(2016, 12, 14))
    deliverable_receive(actor=None, deliverable=Deliverable.objects.get(unit=p.h01x01),
                        received_on=datetime.date(2016, 12, 22))
    return makeup
