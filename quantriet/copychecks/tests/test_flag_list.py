from quantriet.accounts.models import Role, RoleKind
from quantriet.conftest import make_user

URL = "/campaigns/NQ4-XII/copies/"


def test_it_lists_the_flags_an_officer_sees(campaign, checked, client_for):
    response = client_for(campaign.province.officer_h01).get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nguyễn Văn An" in body and "Phạm Thị Thu Hòa" in body  # the pair inside H01
    assert "Bài mẫu 1" in body  # 0101005 copied the sample
    # The pair across districts needs both members visible: not shown to H01's officer.
    assert "Huỳnh Văn Dũng" not in body and "Trần Thị Ân" not in body
    assert response.context["counts"] == {"pending": 2, "confirmed": 0, "dismissed": 0}


def test_it_shows_everything_to_the_administrator(campaign, checked, client_for):
    response = client_for(campaign.province.admin).get(URL)
    body = response.content.decode()
    assert "Huỳnh Văn Dũng" in body and "Trần Thị Ân" in body
    assert response.context["page"].paginator.count == 3


def test_it_filters_by_unit_and_status(campaign, checked, client_for):
    client = client_for(campaign.province.officer_h01)
    response = client.get(URL + "?unit=H01-X01-C02&kind=reference")
    assert [m.a.member.member_id for m in response.context["page"]] == ["0101005"]
    response = client.get(URL + "?status=confirmed")
    assert response.context["page"].paginator.count == 0


def test_it_needs_both_members_visible(campaign, checked, client_for):
    # The cell secretary of C1 sees neither the C1–C2 pair nor the C1–H02 pair.
    response = client_for(campaign.province.secretary_c1).get(URL)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0


def test_it_shows_no_flag_to_members_and_inspectors(campaign, checked, client_for):
    p = campaign.province
    assert client_for(p.member_c1).get(URL).status_code == 403
    assert client_for(p.inspector_h01).get(URL).status_code == 403


def test_it_shows_flags_to_graders(campaign, checked, client_for):
    grader = make_user("grader_h01")
    Role.objects.create(user=grader, unit=campaign.province.h01, kind=RoleKind.GRADER)
    response = client_for(grader).get(URL + "?unit=H01")
    assert response.context["page"].paginator.count == 2


def test_it_hides_another_district_from_the_outsider(campaign, checked, client_for):
    client = client_for(campaign.province.outsider)
    assert client.get(URL + "?unit=H01").status_code == 404
    response = client.get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    for secret in ("Nguyễn Văn An", "Trần Thị Ân", "0101002", "Chi bộ ấp 1"):
        assert secret not in body


def test_it_lists_with_few_queries(campaign, checked, client_for,
                                   django_assert_max_num_queries):
    client = client_for(campaign.province.admin)
    with django_assert_max_num_queries(16):
        response = client.get(URL)
    assert response.status_code == 200


def test_it_links_from_the_campaign_page(campaign, checked, client_for):
    p = campaign.province
    body = client_for(p.officer_h01).get("/campaigns/NQ4-XII/").content.decode()
    assert "/campaigns/NQ4-XII/copies/?unit=H01" in body
    body = client_for(p.inspector_h01).get("/campaigns/NQ4-XII/").content.decode()
    assert "/copies/" not in body


def test_it_breaks_the_flags_down_by_child_unit(campaign, checked, client_for):
    response = client_for(campaign.province.officer_h01).get(URL + "?unit=H01-X01")
    rows = {r["unit"].code: (r["flagged"], r["pending"], r["confirmed"], r["dismissed"])
            for r in response.context["children"]}
    # Only flags the officer sees: the pair across districts is not counted in C1.
    assert rows == {"H01-X01-C01": (1, 1, 0, 0), "H01-X01-C02": (2, 2, 0, 0)}
    assert "Theo đơn vị" in response.content.decode()
