"""Every look at a member's personal record by someone else leaves an audit entry; the
member sees who looked, officers see the looks in their subtree."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quantriet.accounts.models import AuditEntry
from quantriet.orgs.privacy import VIEW_ACTION

MEMBER_ID = "0101001"


def _views():
    return AuditEntry.objects.filter(action=VIEW_ACTION)


def _detail(member_id=MEMBER_ID):
    return reverse("orgs:member_detail", args=[member_id])


def test_it_records_an_officers_view_of_a_member_record(province, client_for):
    p = province
    assert client_for(p.secretary_c1).get(_detail()).status_code == 200
    [entry] = _views()
    assert (entry.actor, entry.object_type, entry.object_id, entry.unit, entry.summary) == (
        p.secretary_c1, "orgs.member", MEMBER_ID, p.c1, "member")


def test_it_records_nothing_when_members_look_at_their_own_record(province, client_for):
    assert client_for(province.member_c1).get(_detail()).status_code == 200
    assert not _views().exists()


def test_it_answers_outsiders_404_and_records_nothing(province, client_for):
    client = client_for(province.outsider)
    assert client.get(_detail()).status_code == 404
    assert client.get(f"/api/members/{MEMBER_ID}").status_code == 404
    assert not _views().exists()


def test_it_records_the_api_and_not_the_lists(province, client_for):
    client = client_for(province.officer_h01)
    assert client.get(f"/api/members/{MEMBER_ID}").status_code == 200
    assert client.get("/api/members").status_code == 200
    assert client.get(reverse("orgs:member_list")).status_code == 200
    assert list(_views().values_list("summary", flat=True)) == ["member.api"]


@pytest.fixture
def graded(campaign, settings, tmp_path):
    from quantriet.campaigns.models import RollEntry
    from quantriet.learning import services

    settings.MEDIA_ROOT = str(tmp_path)
    p = campaign.province
    entry = RollEntry.objects.select_related("member", "unit", "campaign").get(
        campaign=campaign.campaign, member__member_id=MEMBER_ID)
    services.report_submit(actor=p.member_c1, entry=entry,
                           text="Liên hệ bản thân: tôi sẽ gương mẫu hơn trong công tác.")
    services.plan_save(actor=p.member_c1, entry=entry, duties="Tổ trưởng tổ tự quản",
                       commitments=[{"what": "Gương mẫu"}])
    return campaign


def test_it_records_views_of_learning_reports_and_plans_by_officers(graded, client_for):
    p = graded.province
    report = reverse("learning:report_detail", args=["NQ4-XII", MEMBER_ID])
    plan = reverse("learning:plan_detail", args=["NQ4-XII", MEMBER_ID])
    assert client_for(p.secretary_c1).get(report).status_code == 200
    assert client_for(p.inspector_h01).get(plan).status_code == 200
    assert client_for(p.officer_h01).get(
        f"/api/campaigns/NQ4-XII/learning/reports/{MEMBER_ID}").status_code == 200
    assert sorted(_views().values_list("actor__username", "summary")) == [
        ("inspector_h01", "action_plan"), ("officer_h01", "learning_report.api"),
        ("secretary_c1", "learning_report")]
    assert client_for(p.outsider).get(report).status_code == 404
    assert _views().count() == 3


def test_it_records_a_look_at_a_copy_flag_for_both_members(campaign, client_for):
    from quantriet.copychecks.models import CopyMatch
    from quantriet.copychecks.services import check_campaign, forget_index
    from quantriet.copychecks.tests.factories import add_references, plant

    forget_index()
    add_references(campaign)
    plant(campaign)
    check_campaign(actor=None, campaign=campaign.campaign)
    forget_index()
    match = CopyMatch.objects.get(kind="pair", a__member__member_id__in=[MEMBER_ID, "0101004"],
                                  b__member__member_id__in=[MEMBER_ID, "0101004"])
    url = reverse("copychecks:flag_detail", args=["NQ4-XII", match.pk])
    assert client_for(campaign.province.outsider).get(url).status_code == 404
    assert client_for(campaign.province.officer_h01).get(url).status_code == 200
    assert sorted(_views().values_list("object_id", "summary")) == [
        (MEMBER_ID, "copy_flag"), ("0101004", "copy_flag")]


def test_it_shows_the_member_who_viewed_their_record(province, client_for):
    p = province
    client_for(p.secretary_c1).get(_detail())
    p.secretary_c1.first_name = "Trần Văn Bí Thư"
    p.secretary_c1.save()
    page = client_for(p.member_c1).get(reverse("orgs:my_privacy"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Trần Văn Bí Thư" in body and "Hồ sơ đảng viên" in body
    assert _views().count() == 1  # looking at the log is not a view of the record


def test_it_shows_officers_the_views_in_their_subtree_only(province, client_for):
    p = province
    client_for(p.secretary_c1).get(_detail())
    client_for(p.outsider).get(_detail("0201001"))
    url = reverse("orgs:record_views")
    own = client_for(p.officer_h01).get(url).content.decode()
    assert MEMBER_ID in own and "0201001" not in own
    other = client_for(p.outsider).get(url).content.decode()
    assert "0201001" in other and MEMBER_ID not in other
    assert client_for(p.inspector_h01).get(url).status_code == 403
    assert client_for(p.member_c1).get(url).status_code == 403


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_it_keeps_the_query_counts_bounded(province, client_for):
    p = province
    officer = client_for(p.officer_h01)
    detail = _queries(officer, _detail())
    log, own = reverse("orgs:record_views"), reverse("orgs:my_privacy")
    member = client_for(p.member_c1)
    few_log, few_own = _queries(officer, log), _queries(member, own)
    for viewer in (p.secretary_c1, p.officer_h01, p.admin, p.inspector_h01):
        client_for(viewer).get(_detail())
    assert _queries(officer, _detail()) == detail  # one insert, however many before
    assert _queries(officer, log) == few_log
    assert _queries(member, own) == few_own
