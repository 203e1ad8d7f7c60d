import datetime
import unicodedata

from quantriet.orgs.models import Member, Membership


def names(response):
    return [m.full_name for m in response.context["page"]]


def test_it_lists_members_in_vietnamese_name_order(province, client_for):
    response = client_for(province.officer_h01).get("/members/")
    # By given name, then middle, then family: An < Ân < Bình < Đức < Hòa.
    assert names(response) == ["Nguyễn Văn An", "Trần Thị Ân", "Lê Hoàng Bình",
                               "Võ Minh Đức", "Phạm Thị Thu Hòa"]


def test_it_finds_a_member_typed_without_accents(province, client_for):
    client = client_for(province.officer_h01)
    assert names(client.get("/members/", {"q": "nguyen van an"})) == ["Nguyễn Văn An"]
    nfd = unicodedata.normalize("NFD", "Nguyễn Văn An")
    assert names(client.get("/members/", {"q": nfd})) == ["Nguyễn Văn An"]
    assert names(client.get("/members/", {"q": "thu hoà"})) == ["Phạm Thị Thu Hòa"]
    # Words match at their start: "an" is An and Ân, not Hoàng.
    assert names(client.get("/members/", {"q": "an"})) == ["Nguyễn Văn An", "Trần Thị Ân"]
    assert names(client.get("/members/", {"q": "duc"})) == ["Võ Minh Đức"]


def test_it_finds_a_member_by_id(province, client_for):
    assert names(client_for(province.officer_h01).get("/members/", {"q": "0101004"})) == [
        "Phạm Thị Thu Hòa"]


def test_it_filters_by_unit_and_exemption(province, client_for):
    client = client_for(province.officer_h01)
    assert names(client.get("/members/", {"unit": "H01-X01-C02"})) == [
        "Võ Minh Đức", "Phạm Thị Thu Hòa"]
    assert names(client.get("/members/", {"exempt": "yes"})) == ["Lê Hoàng Bình"]


def test_it_returns_only_rows_to_htmx(province, client_for):
    response = client_for(province.officer_h01).get("/members/", {"q": "an"},
                                                    HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and "Nguyễn Văn An" in body


def test_it_lists_without_a_query_per_row(province, client_for, django_assert_max_num_queries):
    client = client_for(province.admin)
    with django_assert_max_num_queries(8):
        response = client.get("/members/")
    assert len(names(response)) == 7


def test_it_hides_other_districts_members_from_the_list_and_search(province, client_for):
    client = client_for(province.outsider)
    assert "Nguyễn Văn An" not in names(client.get("/members/", {"q": "an"}))
    assert client.get("/members/", {"unit": "H01"}).status_code == 404
    assert client.get("/members/0101001/").status_code == 404
    assert client.get("/members/export/", {"unit": "H01"}).status_code == 404
    body = client.get("/members/export/", {"format": "csv"}).content.decode("utf-8-sig")
    assert "0201001" in body and "0101001" not in body


def test_it_shows_a_member_their_own_record_only(province, client_for):
    client = client_for(province.member_c1)
    assert client.get("/members/0101001/").status_code == 200
    assert client.get("/members/0101002/").status_code == 404
    assert client.get("/members/").status_code == 403


def test_it_records_a_transfer_as_dated_history(province, client_for):
    client = client_for(province.officer_h01)
    response = client.post("/members/0101001/transfer/", {
        "to_unit": "H01-X01-C02", "on": "2017-03-01", "note": "QĐ 12-QĐ/ĐU"})
    assert response.status_code == 302
    member = Member.objects.get(member_id="0101001")
    assert member.unit == province.c2
    history = list(Membership.objects.filter(member=member).order_by("start_date"))
    assert [(h.unit.code, h.start_date, h.end_date) for h in history] == [
        ("H01-X01-C01", datetime.date(2010, 1, 1), datetime.date(2017, 3, 1)),
        ("H01-X01-C02", datetime.date(2017, 3, 1), None),
    ]
    body = client.get("/members/0101001/").content.decode()
    assert "01/03/2017" in body and "QĐ 12-QĐ/ĐU" in body


def test_it_refuses_a_transfer_into_another_district(province, client_for):
    response = client_for(province.officer_h01).post("/members/0101001/transfer/", {
        "to_unit": "H02-X01-C01", "on": "2017-03-01"})
    assert response.status_code == 400
    assert Member.objects.get(member_id="0101001").unit == province.c1


def test_it_refuses_a_transfer_dated_before_the_current_membership(province, client_for):
    response = client_for(province.officer_h01).post("/members/0101001/transfer/", {
        "to_unit": "H01-X01-C02", "on": "2009-01-01"})
    assert response.status_code == 400
    assert "01/01/2010" in response.content.decode()
    assert Membership.objects.filter(member__member_id="0101001").count() == 1


def test_it_refuses_transfers_to_inspectors_and_outsiders(province, client_for):
    data = {"to_unit": "H01-X01-C02", "on": "2017-03-01"}
    assert client_for(province.inspector_h01).post(
        "/members/0101001/transfer/", data).status_code == 404
    assert client_for(province.outsider).post(
        "/members/0101001/transfer/", data).status_code == 404
    assert client_for(province.member_c1).post(
        "/members/0101001/transfer/", data).status_code == 403
