import pytest
from django.test import Client, override_settings

from quantriet.accounts.models import LoginFailure
from quantriet.conftest import PASSWORD


def post_login(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_it_signs_in_with_the_right_password(province):
    client = Client()
    response = post_login(client, "officer_h01", PASSWORD)
    assert response.status_code == 302
    assert client.get("/").url == "/units/"


def test_it_hashes_new_passwords_with_argon2(province, settings):
    from quantriet import settings as real

    settings.PASSWORD_HASHERS = real.PASSWORD_HASHERS
    province.officer_h01.set_password("một mật khẩu mới 2026")
    province.officer_h01.save()
    assert province.officer_h01.password.startswith("argon2$")


@override_settings(LOGIN_FAILURE_LIMIT=3, LOGIN_LOCKOUT_MINUTES=15)
def test_it_locks_out_after_repeated_failures_even_with_the_right_password(province):
    client = Client()
    for _ in range(3):
        response = post_login(client, "officer_h01", "sai mật khẩu")
        assert response.status_code == 200
    response = post_login(client, "officer_h01", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "bị khóa" in response.content.decode()
    assert LoginFailure.objects.filter(username="officer_h01").count() >= 3


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_it_counts_failures_per_username(province):
    client = Client()
    for _ in range(3):
        post_login(client, "outsider", "sai")
    assert post_login(Client(), "officer_h01", PASSWORD).status_code == 302


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_it_forgets_failures_after_a_successful_login(province):
    client = Client()
    for _ in range(2):
        post_login(client, "officer_h01", "sai")
    assert post_login(client, "officer_h01", PASSWORD).status_code == 302
    assert not LoginFailure.objects.filter(username="officer_h01").exists()


@pytest.mark.parametrize("path", ["/", "/units/", "/members/", "/imports/", "/admin/"])
def test_it_sends_anonymous_visitors_to_the_login_page(db, path):
    response = Client().get(path)
    assert response.status_code == 302
    assert "/login/" in response.url


def test_it_shows_the_login_page_in_vietnamese(db):
    body = Client().get("/login/").content.decode()
    assert "Đăng nhập" in body
    assert 'lang="vi"' in body


def test_it_lands_a_member_on_their_own_check_ins(province, client_for):
    response = client_for(province.member_c1).get("/")
    assert response.url == "/me/meetings/"


def test_it_lands_an_operator_on_todays_bridge_point(campaign, client_for):
    import datetime

    from django.utils import timezone

    from quantriet.conftest import make_user

    operator = make_user("op_today")
    campaign.bp2.operators.add(operator)
    campaign.conference.starts_at = timezone.now() - datetime.timedelta(minutes=5)
    campaign.conference.save()
    response = client_for(operator).get("/")
    assert response.url == "/meetings/HNTT-01/bridge-points/DC-H02/"
