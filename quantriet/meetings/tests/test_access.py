import pytest
from django.http import Http404

from quantriet.conftest import make_user
from quantriet.orgs import access


def test_it_shows_the_province_campaign_to_district_officers_and_members(campaign):
    p = campaign.province
    for user in (p.admin, p.officer_h01, p.outsider, p.secretary_c1, p.member_c1):
        assert access.access_campaign(user, "NQ4-XII") == campaign.campaign
    stranger = make_user("stranger")
    with pytest.raises(Http404):
        access.access_campaign(stranger, "NQ4-XII")


def test_it_lets_operators_mark_only_their_bridge_point(campaign):
    p = campaign.province
    operator = make_user("op_h02")
    campaign.bp2.operators.add(operator)
    assert access.access_bridge_point(operator, "HNTT-01", "DC-H02", operate=True)
    with pytest.raises(Http404):
        access.access_bridge_point(operator, "HNTT-01", "DC-H01", operate=True)
    with pytest.raises(Http404):
        access.access_bridge_point(p.outsider, "HNTT-01", "DC-H01", operate=True)
    with pytest.raises(Http404):
        access.access_bridge_point(p.inspector_h01, "HNTT-01", "DC-H01", operate=True)
    assert access.access_bridge_point(p.inspector_h01, "HNTT-01", "DC-H01")
    assert access.access_meeting(operator, "HNTT-01") == campaign.conference


def test_it_limits_whom_an_operator_can_mark(campaign):
    p = campaign.province
    operator = make_user("op_h02b")
    campaign.bp2.operators.add(operator)
    ids = set(access.markable_members(operator, campaign.conference)
              .values_list("member_id", flat=True))
    assert ids == {"0201001", "0201002"}
    ids = set(access.markable_members(p.officer_h01, campaign.conference)
              .values_list("member_id", flat=True))
    assert ids == {"0101001", "0101002", "0101003", "0101004", "0101005"}
    assert access.markable_members(p.admin, campaign.conference).count() == 7


def test_it_lets_only_the_organisers_officers_change_a_meeting(campaign):
    p = campaign.province
    assert access.access_meeting(p.admin, "HNTT-01", write=True)
    with pytest.raises(Http404):
        access.access_meeting(p.officer_h01, "HNTT-01", write=True)
