"""Rate limits (quantriet/ratelimit.py): failed sign-ins per client address, QR check-ins
per address and per member, answered with HTTP 429 and a Vietnamese message; the client
address from X-Forwarded-For only behind TRUSTED_PROXY_COUNT proxies; the operators' token
API never limited. The cache is cleared around every test (quantriet/conftest.py).

Windows are a day long in these tests, so a window never ends in the middle of one."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client, RequestFactory

from quantriet import ratelimit
from quantriet.conftest import PASSWORD
from quantriet.meetings import qr
from quantriet.meetings.models import Attendance

DAY = 86400
TOO_MANY_LOGINS = "Có quá nhiều lần đăng nhập sai từ mạng này"
TOO_MANY_SCANS = "Có quá nhiều lần điểm danh"


@pytest.fixture
def limits(settings):
    def set_limits(**values):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS,
                                **{k: f"{v}/{DAY}" for k, v in values.items()}}
    return set_limits


def _login(username, password, ip="10.0.0.1", **headers):
    client = Client(REMOTE_ADDR=ip, **headers)
    return client, client.post("/login/", {"username": username, "password": password})


# --- Sign-in ----------------------------------------------------------------------------


def test_it_answers_429_after_too_many_failed_sign_ins_from_one_address(province, limits):
    limits(login_ip=3)
    for name in ("officer_h01", "secretary_c1", "member_c1"):  # one guess at each account
        assert _login(name, "sai mật khẩu")[1].status_code == 200
    client, response = _login("officer_h01", PASSWORD)  # even the right password
    assert response.status_code == 429
    assert TOO_MANY_LOGINS in response.content.decode()
    assert 0 < int(response["Retry-After"]) <= DAY
    assert "_auth_user_id" not in client.session
    other, response = _login("officer_h01", PASSWORD, ip="10.0.0.2")
    assert response.status_code == 302 and "_auth_user_id" in other.session


def test_it_does_not_count_successful_sign_ins(province, limits):
    limits(login_ip=2)
    for _ in range(4):  # a hall of members signing in over one Wi-Fi
        assert _login("member_c1", PASSWORD)[1].status_code == 302


def test_it_ignores_x_forwarded_for_without_trusted_proxies(province, limits, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    limits(login_ip=2)
    for i in range(2):
        _login("officer_h01", "sai", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
    response = _login("officer_h01", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99")[1]
    assert response.status_code == 429


def test_it_counts_each_client_behind_a_trusted_proxy_apart(province, limits, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    limits(login_ip=2)
    for _ in range(2):
        # The client wrote the left entry itself (spoofed); nginx appended the real one.
        _login("officer_h01", "sai", ip="127.0.0.1",
               HTTP_X_FORWARDED_FOR=f"198.51.100.{_}, 203.0.113.7")
    blocked = _login("officer_h01", PASSWORD, ip="127.0.0.1",
                     HTTP_X_FORWARDED_FOR="198.51.100.50, 203.0.113.7")[1]
    assert blocked.status_code == 429
    other = _login("officer_h01", PASSWORD, ip="127.0.0.1",
                   HTTP_X_FORWARDED_FOR="203.0.113.8")[1]
    assert other.status_code == 302


def test_it_records_a_failed_sign_in_from_the_client_behind_the_proxy(province, settings):
    from quantriet.accounts.models import LoginFailure

    settings.TRUSTED_PROXY_COUNT = 1
    _login("officer_h01", "sai", ip="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    _login("secretary_c1", "sai", ip="127.0.0.1", HTTP_X_FORWARDED_FOR="not an address")
    ips = dict(LoginFailure.objects.values_list("username", "ip"))
    assert ips == {"officer_h01": "203.0.113.7", "secretary_c1": None}


@pytest.mark.parametrize("proxies,forwarded,expected", [
    (0, "1.1.1.1", "10.0.0.1"),
    (1, "1.1.1.1, 2.2.2.2", "2.2.2.2"),
    (2, "1.1.1.1, 2.2.2.2, 3.3.3.3", "2.2.2.2"),
    (2, "", "10.0.0.1"),
])
def test_it_takes_the_client_address_from_the_trusted_proxies_only(settings, proxies,
                                                                   forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1",
                                   HTTP_X_FORWARDED_FOR=forwarded)
    assert ratelimit.client_ip(request) == expected


# --- QR check-in ------------------------------------------------------------------------


def _scan(client, campaign, **extra):
    bp = campaign.bp1
    return client.get(f"/checkin/{bp.meeting.code}/{bp.code}/{qr.token_for(bp)}/", **extra)


def test_it_limits_qr_check_ins_per_member(campaign, client_for, limits):
    limits(qr_member=2)
    client = client_for(campaign.province.member_c1)
    assert _scan(client, campaign).status_code == 200
    assert _scan(client, campaign).status_code == 200
    response = _scan(client, campaign)
    assert response.status_code == 429
    assert TOO_MANY_SCANS in response.content.decode()
    assert Attendance.objects.count() == 1
    # Another user on the same phone network is not held back by this one (secretary_c1
    # has no member record: refused for that, 403, not for the limit).
    other = client_for(campaign.province.secretary_c1)
    assert _scan(other, campaign).status_code == 403


def test_it_limits_qr_check_ins_per_address_and_answers_json_when_asked(campaign,
                                                                        client_for, limits):
    limits(qr_ip=2)
    p = campaign.province
    # Users without a member record are refused (403) after the limiter counted them.
    assert _scan(client_for(p.secretary_c1), campaign,
                 REMOTE_ADDR="10.1.1.1").status_code == 403
    assert _scan(client_for(p.officer_h01), campaign,
                 REMOTE_ADDR="10.1.1.1").status_code == 403
    member = client_for(p.member_c1)
    response = _scan(member, campaign, REMOTE_ADDR="10.1.1.1", HTTP_ACCEPT="application/json")
    assert response.status_code == 429
    assert TOO_MANY_SCANS in response.json()["detail"]
    assert not Attendance.objects.exists()
    assert _scan(member, campaign, REMOTE_ADDR="10.1.1.2").status_code == 200
    assert Attendance.objects.count() == 1


def test_it_never_limits_the_operators_token_api(campaign, limits):
    limits(qr_ip=1, qr_member=1, login_ip=1)
    out = io.StringIO()
    call_command("token", "--user", "officer_h01", "--name", "DC-H01", stdout=out)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {out.getvalue().strip()}")
    for member_id in ("0101001", "0101002", "0101003", "0101004"):
        body = {"meeting": "HNTT-01", "bridge_point": "DC-H01",
                "records": [{"member_id": member_id, "status": "present"}]}
        response = client.post("/api/attendance", json.dumps(body),
                               content_type="application/json")
        assert response.status_code == 200, response.content
    assert Attendance.objects.count() == 4


# --- The limiter ------------------------------------------------------------------------


def test_a_window_starts_afresh_when_the_last_one_ends(settings, monkeypatch):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "qr_member": "2/60"}
    now = [6000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    assert [ratelimit.hit("qr_member", "7") for _ in range(3)] == [True, True, False]
    assert ratelimit.retry_after("qr_member") == 60
    now[0] += 59
    assert ratelimit.hit("qr_member", "7") is False and ratelimit.retry_after("qr_member") == 1
    now[0] += 1
    assert ratelimit.hit("qr_member", "7") is True


def test_it_lets_requests_through_when_the_cache_is_down(settings, monkeypatch):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "qr_member": "1/60"}

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(ratelimit.cache, "add", broken)
    monkeypatch.setattr(ratelimit.cache, "get", broken)
    assert all(ratelimit.hit("qr_member", "7") for _ in range(3))
    assert ratelimit.exceeded("qr_member", "7") is False
