"""Check-in grants kept per process (quantriet.hotcache) and the shared epoch that makes a
change in one process reach the others."""

import pytest
from django.db import connection
from django.http import Http404

from quantriet import hotcache
from quantriet.accounts.models import AccessEpoch, Role
from quantriet.conftest import PASSWORD
from quantriet.orgs.access import checkin_grant


def _revoke_elsewhere(user):
    """What another app process does when it removes the user's roles: the rows go (no
    signal reaches this process) and that process raises the shared epoch."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Role._meta.db_table} WHERE user_id = %s", [user.pk])
    AccessEpoch.bump()


def test_it_keeps_a_grant_until_another_process_changes_access(campaign, settings):
    settings.ACCESS_EPOCH_CHECK_SECONDS = 0  # check the epoch on every lookup
    user = campaign.province.officer_h01
    code = campaign.conference.code
    grant = checkin_grant(user, code, "DC-H01")
    with connection.cursor() as cursor:  # a change nobody announced: the cache holds
        cursor.execute(f"DELETE FROM {Role._meta.db_table} WHERE user_id = %s", [user.pk])
    assert checkin_grant(user, code, "DC-H01") is grant
    Role.objects.create(user=user, unit=campaign.province.h01, kind="officer")
    hotcache.forget_all()
    checkin_grant(user, code, "DC-H01")
    _revoke_elsewhere(user)
    fresh = type(user).objects.get(pk=user.pk)  # as the next request loads it (no roles)
    with pytest.raises(Http404):
        checkin_grant(fresh, code, "DC-H01")


def test_it_checks_the_epoch_no_more_often_than_set(campaign, settings,
                                                     django_assert_num_queries):
    settings.ACCESS_EPOCH_CHECK_SECONDS = 3600
    user = campaign.province.officer_h01
    code = campaign.conference.code
    grant = checkin_grant(user, code, "DC-H01")
    _revoke_elsewhere(user)
    with django_assert_num_queries(0):  # within the interval: no query, the grant kept
        assert checkin_grant(user, code, "DC-H01") is grant


def test_it_does_not_forget_grants_when_someone_signs_in(campaign, client, settings):
    settings.ACCESS_EPOCH_CHECK_SECONDS = 0
    user = campaign.province.officer_h01
    code = campaign.conference.code
    grant = checkin_grant(user, code, "DC-H01")
    before = AccessEpoch.current()
    response = client.post("/login/", {"username": "member_c1", "password": PASSWORD})
    assert response.status_code == 302
    assert AccessEpoch.current() == before
    assert checkin_grant(user, code, "DC-H01") is grant


def test_it_tells_other_processes_when_a_role_changes(campaign):
    before = AccessEpoch.current()
    Role.objects.filter(user=campaign.province.officer_h01).delete()
    assert AccessEpoch.current() > before
