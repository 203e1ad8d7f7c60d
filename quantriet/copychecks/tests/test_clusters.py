from quantriet.copychecks.models import CopyCluster

from .factories import SAMPLE, make_report


def _cluster(campaign):
    from quantriet.copychecks import services

    p = campaign.province
    for member_id in ("0101003", "0201002"):
        make_report(campaign.campaign, p.members[member_id], SAMPLE)
    services.check_campaign(actor=None, campaign=campaign.campaign)
    return CopyCluster.objects.get()


def test_it_shows_a_group_sharing_one_text(campaign, planted, client_for):
    cluster = _cluster(campaign)
    client = client_for(campaign.province.officer_h01)
    body = client.get("/campaigns/NQ4-XII/copies/").content.decode()
    assert "Bài mẫu 1" in body and f"/copies/clusters/{cluster.pk}/" in body
    response = client.get(f"/campaigns/NQ4-XII/copies/clusters/{cluster.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Lê Hoàng Bình" in body and "Võ Minh Đức" in body
    assert "Đặng Thị Mai" not in body  # H02's member: counted, not named
    assert response.context["view"].hidden == 1


def test_it_hides_a_group_of_another_district(campaign, planted, client_for):
    p = campaign.province
    for member_id in ("0101003", "0101001"):
        make_report(campaign.campaign, p.members[member_id], SAMPLE)
    from quantriet.copychecks import services

    services.check_campaign(actor=None, campaign=campaign.campaign)
    cluster = CopyCluster.objects.get()
    response = client_for(p.outsider).get(f"/campaigns/NQ4-XII/copies/clusters/{cluster.pk}/")
    assert response.status_code == 404
