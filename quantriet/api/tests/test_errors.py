"""The API's refusals, each a JSON object with a Vietnamese `detail` (regressions of what
the fuzzing in test_fuzz.py found)."""

import json

from django.test import Client

from quantriet.accounts.models import ApiToken


def device(user) -> Client:
    _token, raw = ApiToken.issue(user=user, name="máy điểm danh")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_it_names_each_bad_field_and_its_reason_in_vietnamese(campaign):
    client = device(campaign.province.officer_h01)
    response = client.post("/api/attendance", json.dumps({"records": "0101001"}),
                           content_type="application/json")
    assert response.status_code == 422
    data = response.json()
    assert data["detail"] == (
        "Yêu cầu không hợp lệ: trường «meeting» (trong nội dung) là bắt buộc; "
        "trường «records» (trong nội dung) phải là một danh sách.")
    assert [(e["field"], e["type"], e["msg"]) for e in data["errors"]] == [
        ("meeting", "missing", "là bắt buộc"),
        ("records", "list_type", "phải là một danh sách")]


def test_it_names_a_bad_item_of_a_list_and_a_bad_query_parameter(campaign):
    client = device(campaign.province.officer_h01)
    body = {"code": "NQ5", "title": "Nghị quyết 5", "owner_unit": "H01",
            "roll_date": "2017-13-01", "resolution": {"number": "05-NQ/TW"},
            "guides": [{"number": "20-HD/BTGTW", "date": "2016-11-22", "title": "HD"},
                       {"number": "21-HD/BTGTW", "title": "HD"}]}
    data = client.post("/api/campaigns", json.dumps(body),
                       content_type="application/json").json()
    assert "trường «roll_date» (trong nội dung) phải là ngày viết dạng YYYY-MM-DD" in (
        data["detail"])
    assert "trường «guides[1].date» (trong nội dung) là bắt buộc" in data["detail"]
    data = client.get("/api/units", {"limit": "mười"}).json()
    assert data["detail"] == ("Yêu cầu không hợp lệ: trường «limit» (trong tham số truy "
                              "vấn) phải là số nguyên.")


def test_it_refuses_a_page_past_the_database_integers_with_a_422_not_a_500(campaign):
    # limit/offset of 10**22 overflowed the database's integers: a 500 before.
    client = device(campaign.province.officer_h01)
    for path in ("/api/units", "/api/members", "/api/campaigns",
                 "/api/campaigns/NQ4-XII/copy-flags"):
        for name in ("limit", "offset"):
            response = client.get(path, {name: 10**22})
            assert response.status_code == 422, (path, name, response.content[:200])
            assert f"«{name}»" in response.json()["detail"]
    assert client.get("/api/members", {"limit": 10_000, "offset": 2**31 - 1}).json() == {
        "items": [], "count": 5}


def test_it_answers_a_body_that_is_not_json_in_vietnamese(campaign):
    response = device(campaign.province.officer_h01).post(
        "/api/attendance", b"@\x01{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Nội dung yêu cầu không phải JSON hợp lệ."}


def test_it_answers_a_wrong_method_with_json_and_the_allowed_ones(campaign):
    response = device(campaign.province.officer_h01).delete("/api/units")
    assert response.status_code == 405
    assert response.json() == {"detail": "Địa chỉ này không nhận phương thức DELETE."}
    assert response["Allow"] == "GET"


def test_it_answers_an_unknown_or_malformed_address_with_json(campaign):
    client = device(campaign.province.officer_h01)
    for path in ("/api/nothing-here", "/api/ballots/abc/results", "/api/units/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json() == {"detail": "Không tìm thấy."}
    # A write to such an address with a (stale) session cookie: still JSON, not the
    # CSRF check's HTML page.
    client.cookies["sessionid"] = "stale"
    response = client.put("/api/ballots/0/paper/abc", "{}", content_type="application/json")
    assert response.status_code == 404 and response.json()["detail"] == "Không tìm thấy."


def test_it_translates_the_csrf_refusal_of_a_browser_session(campaign):
    client = Client(enforce_csrf_checks=True)
    client.force_login(campaign.province.officer_h01)
    response = client.post("/api/attendance", "{}", content_type="application/json")
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Bị từ chối: thiếu mã bảo mật (CSRF)")


def test_it_documents_the_error_statuses_of_every_operation(province, client_for):
    doc = client_for(province.admin).get("/api/openapi.json").json()
    assert doc["components"]["schemas"]["ErrorOut"]["required"] == ["detail"]
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            assert {"400", "401", "403", "404", "422"} <= set(operation["responses"]), (
                method, path)


def test_it_gives_each_response_schema_its_own_name(province, client_for):
    # Three apps' "FiguresOut" shared one name: the document described the learning
    # results with the inspection figures' fields.
    doc = client_for(province.admin).get("/api/openapi.json").json()

    def fields(path):
        schema = doc["paths"][path]["get"]["responses"]["200"]["content"][
            "application/json"]["schema"]
        ref = schema.get("items", schema)["$ref"].rsplit("/", 1)[-1]
        return set(doc["components"]["schemas"][ref]["properties"])

    assert {"submitted", "graded"} <= fields("/api/campaigns/{code}/learning/results")
    assert {"sessions", "by_rating"} <= fields("/api/campaigns/{code}/inspections/figures")


def test_it_refuses_a_head_count_too_large_for_the_database(campaign):
    # 2**35 non-members was "integer out of range" on PostgreSQL: a 500 before.
    from quantriet.meetings.models import NonMemberCount

    response = device(campaign.province.officer_h01).post(
        "/api/meetings/HNTT-01/non-members",
        json.dumps({"bridge_point": "DC-H01", "category": "public", "count": 2**35}),
        content_type="application/json")
    assert response.status_code == 422
    assert "«count»" in response.json()["detail"]
    assert not NonMemberCount.objects.exists()


def test_it_answers_an_id_past_the_database_integers_with_a_404(campaign):
    client = device(campaign.province.officer_h01)
    for path in ("/api/programs/99999999999999999999", "/api/reports/99999999999999999999",
                 "/api/ballots/99999999999999999999/results"):
        response = client.get(path)
        assert response.status_code == 404, (path, response.content[:200])
        assert response.json() == {"detail": "Không tìm thấy."}


def test_it_refuses_a_nul_character_anywhere_naming_the_field(campaign):
    # PostgreSQL cannot hold or compare text with a NUL: a 500 there before.
    from quantriet.meetings.models import Meeting

    client = device(campaign.province.officer_h01)
    response = client.get("/api/units", {"under": "H01\x00"})
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "Yêu cầu không hợp lệ: trường «under» (trong tham số truy vấn) chứa ký tự NUL "
        "(mã 0), không được phép.")
    body = {"code": "HB\x00", "campaign": "NQ4-XII", "kind": "makeup", "title": "Học bù",
            "starts_at": "2017-01-05T07:30", "organiser_unit": "H01"}
    response = client.post("/api/meetings", json.dumps(body), content_type="application/json")
    assert response.status_code == 422 and "«code» (trong nội dung)" in response.json()["detail"]
    records = {"meeting": "HNTT-01", "records": [{"member_id": "0101001"},
                                                 {"member_id": "01\x00"}]}
    response = client.post("/api/attendance", json.dumps(records),
                           content_type="application/json")
    assert response.json()["errors"][0]["field"] == "records[1].member_id"
    assert client.get("/api/campaigns/NQ4%00XII").status_code == 422
    assert not Meeting.objects.filter(code__startswith="HB").exists()


def test_it_ignores_a_session_cookie_holding_a_nul(campaign):
    # A quoted cookie value unquotes "\000" to a NUL: the session lookup was a 500 on
    # PostgreSQL. The cookie is dropped site-wide (http.NulGuardMiddleware): not signed in.
    client = Client(HTTP_COOKIE='sessionid="abcdefgh\\000ijkl"')
    response = client.get("/api/units")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"] != "Unauthorized"


def test_it_stores_a_meeting_time_with_any_offset_and_refuses_one_out_of_range(campaign):
    # "+20:26" is ISO 8601 but past PostgreSQL's ±15:59: a 500 there before.
    from quantriet.meetings.models import Meeting

    client = device(campaign.province.officer_h01)
    body = {"code": "HB-1", "campaign": "NQ4-XII", "kind": "makeup", "title": "Học bù",
            "starts_at": "2017-01-05T20:26:00+20:26", "organiser_unit": "H01"}
    response = client.post("/api/meetings", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    assert Meeting.objects.get(code="HB-1").starts_at.isoformat() == "2017-01-05T00:00:00+00:00"
    # Years before 1906 had a local mean time of +07:06:30 here: not an RFC 3339 offset.
    body.update(code="HB-2", starts_at="0238-08-13T15:35:32")
    response = client.post("/api/meetings", json.dumps(body), content_type="application/json")
    assert response.json()["starts_at"] == "0238-08-13T08:29:02Z"
    body.update(code="HB-3", starts_at="0001-01-01T00:00:00+23:00")
    response = client.post("/api/meetings", json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "Ngày giờ «starts_at» 0001-01-01T00:00:00+23:00 nằm ngoài phạm vi cho phép.")
    assert not Meeting.objects.filter(code="HB-3").exists()
