"""assignment_create / assignment_cancel: no inspector in two places at the same time."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from quantriet.accounts.models import AuditEntry
from quantriet.inspections.models import Assignment, EvaluationSetup
from quantriet.inspections.services import assignment_cancel, assignment_create

from .helpers import UTC, a_class

CONF_START = datetime.datetime(2016, 12, 20, 7, 30, tzinfo=UTC)  # the fixture conference


def test_it_assigns_an_inspector_to_a_bridge_point(campaign):
    p = campaign.province
    a = assignment_create(actor=p.officer_h01, meeting=campaign.conference,
                          bridge_point=campaign.bp1, inspector=p.inspector_h01)
    a.refresh_from_db()
    assert (a.unit, a.campaign, a.starts_at) == (p.h01, campaign.campaign, CONF_START)
    # No end time on the conference: the default half day.
    assert a.ends_at == CONF_START + datetime.timedelta(hours=4)
    assert AuditEntry.objects.filter(action="inspection.assign", object_id=str(a.pk),
                                     unit=p.h01).count() == 1
    # The campaign's evaluation form exists from the first assignment on.
    setup = EvaluationSetup.objects.get(campaign=campaign.campaign)
    assert setup.questionnaire.questions.filter(key="overall_rating").exists()


def test_it_refuses_an_inspector_at_two_bridge_points_of_one_meeting(campaign):
    p = campaign.province
    assignment_create(actor=None, meeting=campaign.conference, bridge_point=campaign.bp1,
                      inspector=p.inspector_h01)
    with pytest.raises(ValidationError, match="đã được phân công"):
        assignment_create(actor=None, meeting=campaign.conference, bridge_point=campaign.bp2,
                          inspector=p.inspector_h01)
    assert Assignment.objects.count() == 1


@pytest.mark.parametrize("start_hour,refused", [
    (9, True),    # starts while the conference (7:30–11:30) is on
    (6, True),    # starts before, ends during it
    (7, True),    # 7:00–9:00 overlaps 7:30
    (11, True),   # 11:00–13:00 overlaps 11:30
    (12, False),  # after it
    (5, False),   # 5:00–7:00, before it
])
def test_it_refuses_overlapping_sessions_only(campaign, start_hour, refused):
    p = campaign.province
    assignment_create(actor=None, meeting=campaign.conference, bridge_point=campaign.bp1,
                      inspector=p.inspector_h01)
    other = a_class(campaign, "LH-01", CONF_START.replace(hour=start_hour, minute=0))
    if refused:
        with pytest.raises(ValidationError) as e:
            assignment_create(actor=None, meeting=other, inspector=p.inspector_h01)
        assert "Điểm cầu huyện Cái Bè" in " ".join(e.value.messages)
        assert Assignment.objects.filter(meeting=other).count() == 0
    else:
        a = assignment_create(actor=None, meeting=other, inspector=p.inspector_h01)
        assert a.unit == p.h01x01 and a.bridge_point is None


def test_it_lets_two_inspectors_share_a_session(campaign):
    p = campaign.province
    for user in (p.inspector_h01, p.officer_h01):
        assignment_create(actor=None, meeting=campaign.conference, bridge_point=campaign.bp1,
                          inspector=user)
    assert Assignment.objects.filter(bridge_point=campaign.bp1).count() == 2


def test_it_cancels_an_assignment_until_it_is_evaluated(campaign):
    p = campaign.province
    a = assignment_create(actor=None, meeting=campaign.conference, bridge_point=campaign.bp1,
                          inspector=p.inspector_h01)
    assignment_cancel(actor=p.officer_h01, assignment=a)
    assert not Assignment.objects.exists()
    assert AuditEntry.objects.filter(action="inspection.cancel").count() == 1
    # Free again for another session at that time.
    assignment_create(actor=None, meeting=campaign.conference, bridge_point=campaign.bp2,
                      inspector=p.inspector_h01)


def test_it_refuses_a_disabled_account(campaign):
    p = campaign.province
    p.inspector_h01.is_active = False
    p.inspector_h01.save()
    with pytest.raises(ValidationError):
        assignment_create(actor=None, meeting=campaign.conference, bridge_point=campaign.bp1,
                          inspector=p.inspector_h01)
