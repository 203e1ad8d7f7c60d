"""Signing in: a wrong password is refused in Vietnamese; the right one lands the officer
on the campaign."""

from __future__ import annotations

import re

from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from quantriet.accounts.models import LoginFailure, User

from .conftest import sign_in


def test_it_refuses_a_wrong_password_then_signs_the_officer_in(campaign, open_page):
    page = open_page()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()

    sign_in(page, "officer_h01", "not-the-password")
    error = page.locator(".errorlist")
    expect(error).to_contain_text("Vui lòng điền vào")
    expect(error).to_contain_text("mật khẩu chính xác")
    assert LoginFailure.objects.filter(username="officer_h01").count() == 1
    assert User.objects.get(username="officer_h01").last_login is None
    assert not Session.objects.exists()

    sign_in(page, "officer_h01")
    # An officer lands on the latest campaign they can see.
    expect(page).to_have_url(re.compile(rf"/campaigns/{campaign.campaign.code}/$"))
    expect(page.get_by_role("heading", name=campaign.campaign.title)).to_be_visible()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    assert User.objects.get(username="officer_h01").last_login is not None
    session = Session.objects.get()
    assert session.get_decoded()["_auth_user_id"] == str(campaign.province.officer_h01.pk)
