"""NUL characters in a page request: a clear 400 (or the cookie dropped), never a 500.

PostgreSQL cannot hold or compare text with a NUL; found by the API fuzzing
(quantriet/api/tests/test_fuzz.py), which covers /api/ itself."""

from http.cookies import SimpleCookie

from quantriet.accounts.models import AuditEntry


def test_it_refuses_a_nul_in_a_search_with_a_vietnamese_400(campaign, client_for):
    client = client_for(campaign.province.officer_h01)
    response = client.get("/members/", {"q": "Nguy\x00ễn"})
    assert response.status_code == 400
    assert "ký tự NUL" in response.content.decode() and "q" in response.content.decode()


def test_it_refuses_a_nul_in_a_form_field_and_changes_nothing(campaign, client_for):
    client = client_for(campaign.province.officer_h01)
    before = AuditEntry.objects.count()
    response = client.post("/login/", {"username": "x\x00", "password": "y"})
    assert response.status_code == 400
    assert "username" in response.content.decode()
    assert AuditEntry.objects.count() == before


def test_it_drops_a_session_cookie_holding_a_nul(campaign, client):
    client.cookies = SimpleCookie({"sessionid": "abcdefgh\x00ijkl"})
    response = client.get("/")
    assert response.status_code == 302 and "/login/" in response["Location"]
