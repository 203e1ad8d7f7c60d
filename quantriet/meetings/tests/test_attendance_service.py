import datetime

import pytest
from django.db import IntegrityError, transaction

from quantriet.campaigns.models import CoverageCounter
from quantriet.meetings.models import Attendance, Coverage, MeetingKind
from quantriet.meetings.services import attendance_record, attendance_remove, meeting_create
from quantriet.reports.selectors import coverage


def pks(province, *member_ids):
    return [province.members[m].pk for m in member_ids]


def mark(c, member_ids, status="present", bp=None, meeting=None):
    return attendance_record(actor=c.province.admin, meeting=meeting or c.conference,
                             records=[(pk, status) for pk in pks(c.province, *member_ids)],
                             method="api", bridge_point=bp)


def test_it_builds_the_roll_from_the_membership_history(campaign):
    figures = coverage(campaign.campaign, campaign.province.t01)
    assert (figures["roll"], figures["exempt"], figures["covered"]) == (7, 1, 0)
    assert [(c["unit"], c["roll"]) for c in figures["children"]] == [("H01", 5), ("H02", 2)]


def test_it_counts_a_member_once_whatever_the_bridge_point(campaign):
    first = mark(campaign, ["0101001", "0101002"], bp=campaign.bp1)
    again = mark(campaign, ["0101001"], bp=campaign.bp2)
    assert (first.accepted, first.duplicates, first.newly_covered) == (2, 0, 2)
    assert (again.accepted, again.duplicates, again.newly_covered) == (0, 1, 0)
    assert Attendance.objects.get(member__member_id="0101001").bridge_point == campaign.bp1
    figures = coverage(campaign.campaign, campaign.province.t01)
    assert figures["covered"] == 2 and figures["covered_percent"] == 28.6
    assert figures["meetings"][0]["attended"] == 2


def test_it_counts_a_member_once_per_campaign_whatever_the_meeting(campaign):
    makeup = meeting_create(actor=None, campaign=campaign.campaign, code="BU-01",
                            kind=MeetingKind.MAKEUP, title="Lớp học bù",
                            organiser=campaign.province.h01,
                            starts_at=datetime.datetime(2017, 1, 5, tzinfo=datetime.UTC))
    mark(campaign, ["0101001"])
    result = mark(campaign, ["0101001", "0101004"], meeting=makeup)
    assert (result.accepted, result.newly_covered) == (2, 1)
    figures = coverage(campaign.campaign, campaign.province.h01)
    assert figures["covered"] == 2
    assert [(m["code"], m["attended"]) for m in figures["meetings"]] == [
        ("HNTT-01", 1), ("BU-01", 2)]
    assert Coverage.objects.count() == 2


def test_it_lets_presence_win_over_an_excused_absence(campaign):
    mark(campaign, ["0101002"], status="excused")
    assert coverage(campaign.campaign, campaign.province.t01)["covered"] == 0
    result = mark(campaign, ["0101002"], status="present")
    assert (result.accepted, result.newly_covered) == (1, 1)
    back = mark(campaign, ["0101002"], status="excused")
    assert back.duplicates == 1
    assert Attendance.objects.get().status == "present"


def test_it_treats_a_repeat_within_one_call_as_a_duplicate(campaign):
    result = attendance_record(
        actor=None, meeting=campaign.conference, method="api",
        records=[(campaign.province.members["0101001"].pk, "excused"),
                 (campaign.province.members["0101001"].pk, "present")])
    assert (result.accepted, result.duplicates) == (1, 1)
    assert Attendance.objects.get().status == "present"


def test_it_keeps_members_off_the_roll_out_of_the_figures(campaign):
    from quantriet.orgs.services import member_create

    late = member_create(actor=None, unit=campaign.province.c1, member_id="0101999",
                         full_name="Đảng viên Mới", since=datetime.date(2017, 1, 1))
    result = attendance_record(actor=None, meeting=campaign.conference, method="api",
                               records=[(late.pk, "present")])
    assert (result.accepted, result.not_on_roll, result.newly_covered) == (1, 1, 0)
    assert coverage(campaign.campaign, campaign.province.t01)["covered"] == 0


def test_it_undoes_a_mark_and_moves_coverage_to_another_meeting(campaign):
    makeup = meeting_create(actor=None, campaign=campaign.campaign, code="BU-02",
                            kind=MeetingKind.MAKEUP, title="Lớp học bù",
                            organiser=campaign.province.h01,
                            starts_at=datetime.datetime(2017, 1, 5, tzinfo=datetime.UTC))
    mark(campaign, ["0101001"])
    mark(campaign, ["0101001"], meeting=makeup)
    an = campaign.province.members["0101001"].pk
    assert attendance_remove(actor=None, meeting=campaign.conference, member_pk=an)
    assert Coverage.objects.get().meeting == makeup
    assert coverage(campaign.campaign, campaign.province.t01)["covered"] == 1
    assert attendance_remove(actor=None, meeting=makeup, member_pk=an)
    assert coverage(campaign.campaign, campaign.province.t01)["covered"] == 0
    assert not attendance_remove(actor=None, meeting=makeup, member_pk=an)
    counter = CoverageCounter.objects.get(campaign=campaign.campaign, unit=campaign.province.c1)
    assert counter.covered == 0 and counter.roll == 3


def test_it_refuses_a_second_row_for_the_same_member_in_the_database(campaign):
    mark(campaign, ["0101001"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(meeting=campaign.conference,
                                  member=campaign.province.members["0101001"],
                                  status="present", method="tick",
                                  recorded_at=datetime.datetime.now(datetime.UTC))
    with pytest.raises(IntegrityError), transaction.atomic():
        Coverage.objects.create(campaign=campaign.campaign,
                                member=campaign.province.members["0101001"],
                                unit=campaign.province.c1, meeting=campaign.conference,
                                covered_at=datetime.datetime.now(datetime.UTC))


def test_it_offers_a_makeup_class_exactly_to_the_not_yet_covered(campaign):
    from quantriet.meetings.selectors import expected_roll

    mark(campaign, ["0101001", "0101004"])
    makeup = meeting_create(actor=None, campaign=campaign.campaign, code="BU-03",
                            kind=MeetingKind.MAKEUP, title="Lớp học bù xã An Hữu",
                            organiser=campaign.province.h01x01,
                            starts_at=datetime.datetime(2017, 1, 5, tzinfo=datetime.UTC),
                            offered_units=[campaign.province.h01x01])
    expected = [e.member.member_id for e in expected_roll(makeup)]
    assert sorted(expected) == ["0101002", "0101003", "0101005"]
    mark(campaign, ["0101002"], meeting=makeup)
    # Covered at this make-up class: still on its list (and marked present there).
    assert sorted(e.member.member_id for e in expected_roll(makeup)) == [
        "0101002", "0101003", "0101005"]
    conference = [e.member.member_id for e in expected_roll(campaign.conference,
                                                            campaign.bp2)]
    assert sorted(conference) == ["0201001", "0201002"]


def test_it_lists_only_the_meetings_that_concern_a_unit(campaign):
    makeup = meeting_create(actor=None, campaign=campaign.campaign, code="BU-CB",
                            kind=MeetingKind.MAKEUP, title="Lớp học bù huyện Cái Bè",
                            organiser=campaign.province.h01,
                            starts_at=datetime.datetime(2017, 1, 5, tzinfo=datetime.UTC))
    assert makeup
    h02 = [m["code"] for m in coverage(campaign.campaign, campaign.province.h02)["meetings"]]
    assert h02 == ["HNTT-01"]
    h01 = [m["code"] for m in coverage(campaign.campaign, campaign.province.h01)["meetings"]]
    assert h01 == ["HNTT-01", "BU-CB"]
    everyone = coverage(campaign.campaign, campaign.province.t01)["meetings"]
    assert [m["code"] for m in everyone] == ["HNTT-01", "BU-CB"]
