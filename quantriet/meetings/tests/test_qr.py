"""Rotating check-in tokens (quantriet/meetings/qr.py)."""

from __future__ import annotations

import datetime

from quantriet.meetings import qr

T0 = datetime.datetime(2016, 12, 20, 0, 30, 15, tzinfo=datetime.UTC)  # 15 s into a window


def later(seconds: int) -> datetime.datetime:
    return T0 + datetime.timedelta(seconds=seconds)


def test_it_accepts_the_code_of_the_current_window(campaign):
    token = qr.token_for(campaign.bp1, at=T0)
    assert qr.verify(campaign.bp1, token, at=T0)
    assert qr.verify(campaign.bp1, token, at=later(14))  # same window
    assert len(token) == 16 and token.replace("-", "").replace("_", "").isalnum()


def test_it_accepts_the_code_of_the_previous_window(campaign):
    token = qr.token_for(campaign.bp1, at=T0)
    assert qr.verify(campaign.bp1, token, at=later(30))
    assert qr.verify(campaign.bp1, token, at=later(44))


def test_it_refuses_a_code_two_windows_old(campaign):
    token = qr.token_for(campaign.bp1, at=T0)
    assert not qr.verify(campaign.bp1, token, at=later(45))
    assert not qr.verify(campaign.bp1, token, at=later(3600))


def test_it_refuses_a_code_from_the_future(campaign):
    assert not qr.verify(campaign.bp1, qr.token_for(campaign.bp1, at=later(30)), at=T0)


def test_it_changes_the_code_every_window(campaign):
    assert qr.token_for(campaign.bp1, at=T0) != qr.token_for(campaign.bp1, at=later(15))


def test_it_refuses_forged_codes(campaign):
    token = qr.token_for(campaign.bp1, at=T0)
    forged = ("A" if token[0] != "A" else "B") + token[1:]
    for bad in (forged, "", "x" * 16, token + "A", token[:-1], "Đ" * 16):
        assert not qr.verify(campaign.bp1, bad, at=T0), bad


def test_it_refuses_the_code_of_another_bridge_point(campaign):
    assert not qr.verify(campaign.bp2, qr.token_for(campaign.bp1, at=T0), at=T0)


def test_it_signs_with_the_site_key_and_the_bridge_point_secret(campaign, settings):
    token = qr.token_for(campaign.bp1, at=T0)
    campaign.bp1.qr_secret = "another secret"
    assert not qr.verify(campaign.bp1, token, at=T0)
    campaign.bp1.refresh_from_db()
    settings.SECRET_KEY = "another site key"
    assert not qr.verify(campaign.bp1, token, at=T0)


def test_it_counts_the_seconds_left_in_the_window():
    assert qr.seconds_left(T0) == 16
    assert qr.seconds_left(later(14)) == 2
