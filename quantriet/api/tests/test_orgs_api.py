import json

from django.test import Client

from quantriet.accounts.models import ApiToken


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_it_refuses_anonymous_calls_with_a_json_message(province):
    response = Client().get("/api/units")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_it_lists_only_the_callers_units(province, client_for):
    data = client_for(province.officer_h01).get("/api/units").json()
    assert sorted(u["code"] for u in data["items"]) == [
        "H01", "H01-X01", "H01-X01-C01", "H01-X01-C02"]
    assert data["count"] == 4


def test_it_accepts_a_bearer_token_with_the_users_scope(province):
    _token, raw = ApiToken.issue(user=province.outsider, name="máy điểm danh")
    client = Client()
    data = client.get("/api/members", **bearer(raw)).json()
    assert sorted(m["member_id"] for m in data["items"]) == ["0201001", "0201002"]
    assert client.get("/api/members/0101001", **bearer(raw)).status_code == 404
    assert client.get("/api/units/H01", **bearer(raw)).status_code == 404
    assert client.get("/api/units", {"under": "H01"}, **bearer(raw)).status_code == 404
    assert client.get("/api/units", **bearer("qt_forged")).status_code == 401


def test_it_refuses_a_revoked_token(province):
    token, raw = ApiToken.issue(user=province.officer_h01, name="cũ")
    token.revoked = True
    token.save()
    assert Client().get("/api/units", **bearer(raw)).status_code == 401


def test_it_searches_members_without_accents_in_name_order(province, client_for):
    client = client_for(province.officer_h01)
    data = client.get("/api/members", {"q": "thi"}).json()
    assert [m["full_name"] for m in data["items"]] == ["Trần Thị Ân", "Phạm Thị Thu Hòa"]


def test_it_gives_a_unit_with_subtree_counts(province, client_for):
    data = client_for(province.officer_h01).get("/api/units/H01-X01").json()
    assert data["members"] == 5 and data["exempt"] == 1 and data["parent_code"] == "H01"


def test_it_publishes_an_openapi_document(province, client_for):
    doc = client_for(province.admin).get("/api/openapi.json").json()
    assert "/api/members" in doc["paths"]


def test_it_leaks_nothing_of_another_district_in_any_response(province, client_for):
    client = client_for(province.outsider)
    for path in ["/api/units", "/api/members", "/api/members?q=an", "/api/units/H02"]:
        body = client.get(path).content.decode()
        assert "Cái Bè" not in body and "0101001" not in body, path
    assert json.loads(client.get("/api/units/H01").content)["detail"]


def test_it_issues_a_token_once_from_the_command_line(province):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("issue-token", "officer_h01", "Máy điểm danh xã An Hữu", stdout=out)
    raw = out.getvalue().strip()
    assert raw.startswith("qt_")
    stored = ApiToken.objects.get(name="Máy điểm danh xã An Hữu")
    assert raw not in stored.key_hash
    data = Client().get("/api/units", **bearer(raw)).json()
    assert data["count"] == 4


def test_it_notes_a_tokens_last_use_at_most_once_a_minute(province, monkeypatch):
    import datetime

    from django.utils import timezone

    import quantriet.api

    token, raw = ApiToken.issue(user=province.officer_h01, name="máy")
    client = Client()
    client.get("/api/units", **bearer(raw))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get("/api/units", **bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == first
    later = timezone.now() + datetime.timedelta(minutes=2)
    monkeypatch.setattr(quantriet.api.timezone, "now", lambda: later)
    client.get("/api/units", **bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == later
