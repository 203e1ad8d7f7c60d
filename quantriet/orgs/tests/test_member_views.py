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


def edit_data(**changes):
    data = {"card_no": "TG0101002", "full_name": "Trần Thị Ân", "birth_date": "1970-01-01",
            "gender": "F", "status": "full", "exempt_reason": ""}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_it_edits_a_member_and_audits_the_change(province, client_for):
    from quantriet.accounts.models import AuditEntry

    client = client_for(province.secretary_c1)
    response = client.post("/members/0101002/edit/", edit_data(
        exempt="on", exempt_reason="Tuổi cao, sức yếu", status="probationary"))
    assert response.status_code == 302
    member = Member.objects.get(member_id="0101002")
    assert member.exempt and member.exempt_reason == "Tuổi cao, sức yếu"
    entry = AuditEntry.objects.get(action="member.update", object_id="0101002")
    assert entry.actor == province.secretary_c1
    assert entry.after == {"status": "probationary", "exempt": True,
                           "exempt_reason": "Tuổi cao, sức yếu"}


def test_it_asks_for_the_reason_of_an_exemption(province, client_for):
    response = client_for(province.secretary_c1).post("/members/0101002/edit/",
                                                      edit_data(exempt="on"))
    assert response.status_code == 400
    assert "Hãy ghi lý do miễn sinh hoạt." in response.content.decode()
    assert not Member.objects.get(member_id="0101002").exempt


def test_it_removes_a_member_from_the_roll_keeping_history(province, client_for):
    client = client_for(province.officer_h01)
    response = client.post("/members/0101005/remove/", {"on": "2017-06-30",
                                                        "reason": "Từ trần"})
    assert response.status_code == 302
    member = Member.objects.get(member_id="0101005")
    assert not member.active
    closed = Membership.objects.get(member=member)
    assert closed.end_date == datetime.date(2017, 6, 30) and closed.note == "Từ trần"
    assert "Võ Minh Đức" not in [m.full_name for m in client.get("/members/").context["page"]]
    former = client.get("/members/", {"active": "no"})
    assert [m.full_name for m in former.context["page"]] == ["Võ Minh Đức"]
    # A second removal is refused, and changes nothing.
    again = client.post("/members/0101005/remove/", {"on": "2018-01-01", "reason": "x"})
    assert again.status_code == 400
    assert Membership.objects.get(member=member).end_date == datetime.date(2017, 6, 30)


def test_it_refuses_edits_and_removals_to_readers_and_outsiders(province, client_for):
    for user, expected in [(province.inspector_h01, 404), (province.outsider, 404),
                           (province.member_c1, 403)]:
        client = client_for(user)
        assert client.post("/members/0101002/edit/",
                           edit_data(full_name="X")).status_code == expected
        assert client.post("/members/0101002/remove/",
                           {"on": "2017-01-01", "reason": "x"}).status_code == expected
    member = Member.objects.get(member_id="0101002")
    assert member.full_name == "Trần Thị Ân" and member.active


def test_it_shows_a_member_no_forms_on_their_own_record(province, client_for):
    body = client_for(province.member_c1).get("/members/0101001/").content.decode()
    assert "/transfer/" not in body and "/edit/" not in body and "/remove/" not in body
