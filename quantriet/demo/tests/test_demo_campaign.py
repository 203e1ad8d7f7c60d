"""The seed's campaign in `quantriet demo`: figures from records, 205 bridge points that
partition the province, idempotency and determinism."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from quantriet.campaigns.models import Campaign, Deliverable, DeliverableStatus, RollEntry
from quantriet.demo.campaign import load_seed_campaign
from quantriet.demo.generator import generate_province
from quantriet.meetings.models import (
    Attendance,
    AttendanceStatus,
    BridgePoint,
    Coverage,
    Meeting,
    MeetingKind,
    NonMemberCount,
)
from quantriet.orgs.models import Unit
from quantriet.reports.selectors import coverage

# Enough leaf units (≈ 52 members each) for 205 bridge points of their own.
MEMBERS = 12_000


@pytest.fixture
def demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    generate_province(seed=2016, members=MEMBERS, code="TG", name="Đảng bộ tỉnh Tiền Giang")
    return load_seed_campaign(province_code="TG", seed=2016)


def leaf_units(province: Unit) -> list[Unit]:
    return list(Unit.objects.filter(path__startswith=province.path)
                .annotate(n=Count("children")).filter(n=0))


def test_it_computes_the_figures_from_records_on_one_roll(demo):
    campaign = Campaign.objects.get(code="NQ4-XII-TG")
    province = Unit.objects.get(code="TG")
    figures = coverage(campaign, province)
    conference = Meeting.objects.get(campaign=campaign, kind=MeetingKind.ONLINE)

    roll = RollEntry.objects.filter(campaign=campaign).count()
    assert roll == figures["roll"] == demo.roll == MEMBERS
    covered = Coverage.objects.filter(campaign=campaign).count()
    assert covered == figures["covered"] == demo.covered
    attended = (Attendance.objects.filter(meeting=conference, status=AttendanceStatus.PRESENT)
                .values("member").distinct().count())
    assert attended == demo.attended
    assert attended == next(m["attended"] for m in figures["meetings"]
                            if m["code"] == conference.code)
    assert sum(c["roll"] for c in figures["children"]) == roll
    assert sum(c["covered"] for c in figures["children"]) == covered
    non_members = sum(NonMemberCount.objects.filter(meeting=conference)
                      .values_list("count", flat=True))
    assert non_members == figures["non_members"] == demo.non_members

    # Near the seed's 65.2 % and 98.3 %, and about 43,495 × 12,000 / 44,000 non-members.
    assert 62.0 <= demo.attended_percent <= 68.5
    assert 97.0 <= demo.covered_percent <= 99.3
    assert demo.attended_percent == round(100 * attended / roll, 1)
    assert abs(demo.non_members - 43_495 * MEMBERS / 44_000) < 50


def test_it_has_205_bridge_points_that_partition_the_leaf_units(demo):
    province = Unit.objects.get(code="TG")
    conference = Meeting.objects.get(campaign__code="NQ4-XII-TG", kind=MeetingKind.ONLINE)
    points = list(BridgePoint.objects.filter(meeting=conference)
                  .prefetch_related("expected_units").order_by("code"))
    assert len(points) == demo.bridge_points == 205
    assert points[0].code == "DC-001" and points[-1].code == "DC-205"
    assert all(p.name.startswith("Điểm cầu ") for p in points)
    expected = [u.path for p in points for u in p.expected_units.all()]
    for leaf in leaf_units(province):
        assert sum(leaf.path.startswith(path) for path in expected) == 1, leaf.code
    # Every attendee was checked in at the bridge point that expects them.
    by_point = {p.pk: [u.path for u in p.expected_units.all()] for p in points}
    rows = (Attendance.objects.filter(meeting=conference)
            .values_list("bridge_point_id", "member__unit__path"))
    assert all(any(path.startswith(e) for e in by_point[bp]) for bp, path in rows)


def test_it_makes_up_by_district_and_tracks_deliverables(demo):
    campaign = Campaign.objects.get(code="NQ4-XII-TG")
    province = Unit.objects.get(code="TG")
    makeups = list(Meeting.objects.filter(campaign=campaign, kind=MeetingKind.MAKEUP)
                   .select_related("organiser").prefetch_related("offered_units"))
    tops = set(Unit.objects.filter(parent=province).values_list("pk", flat=True))
    assert {m.organiser_id for m in makeups} == tops
    assert all([u.pk for u in m.offered_units.all()] == [m.organiser_id] for m in makeups)
    # A make-up attendee was not present at the conference.
    assert not (Attendance.objects.filter(meeting__in=makeups)
                .filter(member__attendances__meeting__kind=MeetingKind.ONLINE,
                        member__attendances__status=AttendanceStatus.PRESENT).exists())
    for kind in ("plan", "result_report"):
        items = list(Deliverable.objects.filter(campaign=campaign, kind=kind))
        assert len(items) == len(tops)
        statuses = [d.status for d in items]
        assert statuses.count(DeliverableStatus.ON_TIME) > len(items) / 2
        assert statuses.count(DeliverableStatus.LATE) >= 1


def test_it_loads_once_and_the_same_way_for_a_seed(demo):
    again = load_seed_campaign(province_code="TG", seed=2016)
    assert not again.created
    assert (again.roll, again.attended, again.covered, again.non_members) == (
        demo.roll, demo.attended, demo.covered, demo.non_members)
    assert Campaign.objects.count() == 1
    assert Meeting.objects.filter(kind=MeetingKind.ONLINE).count() == 1

    def snapshot():
        return (
            sorted(Attendance.objects.values_list("meeting__code", "member__member_id",
                                                  "status", "bridge_point__code")),
            sorted(NonMemberCount.objects.values_list("bridge_point__code", "category",
                                                      "count")),
            sorted(BridgePoint.objects.values_list("code", "host__code", "name")),
        )

    first = snapshot()
    for model in (Attendance, Coverage, NonMemberCount):
        model.objects.all().delete()
    Meeting.objects.all().delete()
    Campaign.objects.all().delete()  # cascades to roll, counters, deliverables
    assert load_seed_campaign(province_code="TG", seed=2016).created
    assert snapshot() == first


def test_it_loads_the_campaign_with_the_demo_command_unless_told_not_to(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = StringIO()
    call_command("demo", "--members", "600", "--quiet", "--no-campaign", stdout=out)
    assert not Campaign.objects.exists()
    out = StringIO()
    call_command("demo", "--members", "600", "--quiet", stdout=out)
    campaign = Campaign.objects.get(code="NQ4-XII-TG")
    figures = coverage(campaign, campaign.owner)
    text = out.getvalue()
    assert "NQ4-XII-TG" in text
    assert f"{figures['roll']}" in text.replace(".", "")
    out = StringIO()
    call_command("demo", "--members", "600", "--quiet", "--if-empty", stdout=out)
    assert Campaign.objects.count() == 1
