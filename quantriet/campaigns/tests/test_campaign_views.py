import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quantriet.campaigns.models import Campaign
from quantriet.campaigns.services import deliverable_require
from quantriet.meetings.services import attendance_record, non_member_set
from quantriet.orgs.models import UnitKind
from quantriet.orgs.services import unit_create
from quantriet.tests.walk import H01_SECRETS


def mark(campaign, *member_ids, bridge_point=None):
    p = campaign.province
    attendance_record(actor=p.admin, meeting=campaign.conference, method="tick",
                      bridge_point=bridge_point or campaign.bp1,
                      records=[(p.members[m].pk, "present") for m in member_ids])


@pytest.fixture
def studied(campaign):
    """3 of the 7 on the roll covered (2 in H01, 1 in H02), 40 non-members at DC-H02."""
    mark(campaign, "0101001", "0101004")
    mark(campaign, "0201001", bridge_point=campaign.bp2)
    non_member_set(actor=campaign.province.admin, bridge_point=campaign.bp2, category="public",
                   count=40)
    return campaign


def test_it_lists_the_campaigns_a_user_may_see(studied, client_for):
    body = client_for(studied.province.officer_h01).get("/campaigns/").content.decode()
    assert "NQ4-XII" in body and "04-NQ/TW" in body


def test_it_shows_the_province_figures_to_the_owner(studied, client_for):
    body = client_for(studied.province.admin).get("/campaigns/NQ4-XII/").content.decode()
    assert "Kết quả học tập: Đảng bộ tỉnh Tiền Giang" in body
    # roll 7, exempt 1, covered 3 = 42,9 %, 40 non-members; per child and per meeting.
    assert '<strong>3</strong>' in body and "42,9 %" in body and ">40<" in body
    assert "Đảng bộ huyện Cái Bè" in body and "40,0 %" in body  # H01: 2 of 5
    assert "Đảng bộ huyện Châu Thành" in body and "50,0 %" in body  # H02: 1 of 2
    assert 'href="/campaigns/NQ4-XII/?unit=H01"' in body
    assert 'href="/meetings/HNTT-01/"' in body
    assert "<svg" in body and "28-KH/TU" in body and "20-HD/BTGTW" in body


def test_it_drills_down_to_a_child_unit(studied, client_for):
    body = client_for(studied.province.admin).get("/campaigns/NQ4-XII/?unit=H01-X01").content
    body = body.decode()
    assert "Kết quả học tập: Đảng bộ xã An Hữu" in body
    assert "Chi bộ ấp 1" in body and "Chi bộ ấp 2" in body
    assert "Châu Thành" not in body
    assert 'href="/campaigns/NQ4-XII/?unit=H01"' in body  # breadcrumb


def test_it_starts_a_district_officer_at_their_district(studied, client_for):
    body = client_for(studied.province.officer_h01).get("/campaigns/NQ4-XII/").content.decode()
    assert "Kết quả học tập: Đảng bộ huyện Cái Bè" in body
    assert "Châu Thành" not in body


def test_it_gives_an_outsider_404_for_another_districts_unit(studied, client_for):
    client = client_for(studied.province.outsider)
    for unit in ("H01", "H01-X01-C01", "NO-SUCH-UNIT"):
        assert client.get(f"/campaigns/NQ4-XII/?unit={unit}").status_code == 404
        assert client.get(f"/campaigns/NQ4-XII/?unit={unit}",
                          HTTP_HX_REQUEST="true").status_code == 404
    assert client.get("/campaigns/NO-SUCH/").status_code == 404


def test_it_shows_an_outsider_only_their_own_district(studied, client_for):
    response = client_for(studied.province.outsider).get("/campaigns/NQ4-XII/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Kết quả học tập: Đảng bộ huyện Châu Thành" in body
    assert "Đảng bộ xã Long Định" in body and "50,0 %" in body and ">40<" in body
    for secret in H01_SECRETS:
        assert secret not in body
    assert "Tiền Giang" not in body  # no crumb above the user's own unit


def test_it_refuses_a_unit_outside_the_campaign(studied, client_for):
    from quantriet.campaigns.services import campaign_create
    campaign_create(actor=None, code="H02-ONLY", title="Học tập ở huyện",
                    owner=studied.province.h02, roll_date=datetime.date(2016, 12, 2),
                    resolution=studied.resolution)
    client = client_for(studied.province.admin)
    assert client.get("/campaigns/H02-ONLY/?unit=H01").status_code == 404
    assert client.get("/campaigns/H02-ONLY/?unit=T01").status_code == 404


def test_it_serves_the_live_figures_as_an_htmx_partial(studied, client_for):
    response = client_for(studied.province.admin).get("/campaigns/NQ4-XII/?unit=H01",
                                                      HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and 'id="figures"' in body
    assert 'hx-trigger="every 5s"' in body and 'hx-get="/campaigns/NQ4-XII/?unit=H01"' in body
    assert "40,0 %" in body


def test_it_updates_the_figures_as_members_check_in(studied, client_for):
    client = client_for(studied.province.admin)
    assert "42,9 %" in client.get("/campaigns/NQ4-XII/", HTTP_HX_REQUEST="true").content.decode()
    mark(studied, "0101005")
    assert "57,1 %" in client.get("/campaigns/NQ4-XII/", HTTP_HX_REQUEST="true").content.decode()


def test_it_stops_polling_once_the_campaign_has_ended(studied, client_for):
    Campaign.objects.filter(pk=studied.campaign.pk).update(
        ends_on=timezone.localdate() - datetime.timedelta(days=1))
    body = client_for(studied.province.admin).get("/campaigns/NQ4-XII/",
                                                  HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in body and "42,9 %" in body


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_it_keeps_the_campaign_page_to_a_fixed_number_of_queries(studied, client_for,
                                                                  django_assert_max_num_queries):
    p = studied.province
    deliverable_require(actor=p.admin, campaign=studied.campaign, kind="plan", depth=3,
                        due_on=datetime.date(2016, 12, 31))
    client = client_for(p.admin)
    before = _count_queries(client, "/campaigns/NQ4-XII/")
    for i in range(6):
        unit_create(actor=None, code=f"H9{i}", name=f"Đảng bộ huyện mới {i}", parent=p.t01,
                    kind=UnitKind.DISTRICT)
    after = _count_queries(client, "/campaigns/NQ4-XII/")
    assert after == before
    with django_assert_max_num_queries(14):  # + the inbox badge's COUNT
        client.get("/campaigns/NQ4-XII/")
    with django_assert_max_num_queries(9):
        client.get("/campaigns/NQ4-XII/", HTTP_HX_REQUEST="true")


def test_it_shows_a_member_their_own_standing(studied, client_for):
    client = client_for(studied.province.member_c1)
    assert "NQ4-XII" in client.get("/campaigns/").content.decode()
    body = client.get("/campaigns/NQ4-XII/").content.decode()
    assert "Đồng chí đã học tập nghị quyết" in body
    assert "Cái Bè" not in body and "Trần Thị Ân" not in body


def test_it_tells_a_member_not_yet_covered(campaign, client_for):
    body = client_for(campaign.province.member_c1).get("/campaigns/NQ4-XII/").content.decode()
    assert "Đồng chí chưa tham dự buổi học tập nào của đợt này." in body


def test_it_lands_an_officer_on_the_latest_campaigns_coverage(campaign, client_for):
    assert client_for(campaign.province.officer_h01).get("/").url == "/campaigns/NQ4-XII/"
    assert client_for(campaign.province.outsider).get("/").url == "/campaigns/NQ4-XII/"
    assert client_for(campaign.province.member_c1).get("/").url == "/me/meetings/"


def test_it_links_the_campaigns_in_the_navigation(campaign, client_for):
    for user in (campaign.province.officer_h01, campaign.province.member_c1):
        body = client_for(user).get("/campaigns/").content.decode()
        assert '<a href="/campaigns/">Đợt học tập</a>' in body
