import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from quantriet.accounts.models import AuditEntry
from quantriet.orgs import selectors, services
from quantriet.orgs.models import Member, Membership, Unit


def ids(qs):
    return sorted(qs.values_list("member_id", flat=True))


def test_it_answers_who_belonged_to_a_unit_on_a_date(province):
    an = province.members["0101001"]
    services.member_transfer(actor=province.officer_h01, member=an, to_unit=province.c3,
                             on=datetime.date(2017, 3, 1))
    before, after = datetime.date(2017, 2, 28), datetime.date(2017, 3, 1)
    assert "0101001" in ids(selectors.members_on(province.c1, before))
    assert "0101001" not in ids(selectors.members_on(province.c1, after))
    assert "0101001" in ids(selectors.members_on(province.h02, after))
    assert "0101001" not in ids(selectors.members_on(province.h02, before))
    # Whole province: counted exactly once on either day.
    assert ids(selectors.members_on(province.t01, before)).count("0101001") == 1
    assert len(ids(selectors.members_on(province.t01, after))) == 7


def test_it_keeps_no_one_in_two_units_at_once(province):
    an = province.members["0101001"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(member=an, unit=province.c2)


def test_it_audits_a_transfer_on_both_units(province):
    an = province.members["0101001"]
    services.member_transfer(actor=province.admin, member=an, to_unit=province.c3,
                             on=datetime.date(2017, 3, 1))
    units = set(AuditEntry.objects.filter(object_id="0101001", action__startswith="member.transfer")
                .values_list("unit__code", flat=True))
    assert units == {"H01-X01-C01", "H02-X01-C01"}


def test_it_moves_a_deep_subtree_in_one_update(province):
    services.unit_move(actor=province.admin, unit=province.h01x01, new_parent=province.h02)
    for unit in Unit.objects.all():
        expected = (unit.parent.path if unit.parent else "") + Unit.segment(unit.pk)
        assert unit.path == expected
        assert unit.depth == (unit.parent.depth + 1 if unit.parent else 0)
    assert Member.objects.in_subtree(province.h02).count() == 7


def test_it_refuses_a_cycle(province):
    with pytest.raises(ValidationError):
        services.unit_move(actor=province.admin, unit=province.h01, new_parent=province.c1)
    with pytest.raises(ValidationError):
        services.unit_move(actor=province.admin, unit=province.h01, new_parent=province.h01)


def test_it_stores_names_nfc_with_search_and_sort_keys(province):
    m = services.member_create(actor=None, unit=province.c1, member_id="0101999",
                               full_name="  Nguye\u0302\u0303n   Thi\u0323 Hoa\u0300 ")
    assert m.full_name == "Nguyễn Thị Hoà"
    assert m.name_fold == "nguyen thi hoa"
    assert m.name_key


def test_it_deactivates_a_member_keeping_history(province):
    m = services.member_deactivate(actor=None, member=province.members["0101002"],
                                   on=datetime.date(2018, 1, 1))
    assert not m.active
    assert "0101002" in ids(selectors.members_on(province.c1, datetime.date(2017, 12, 31)))
    assert "0101002" not in ids(selectors.members_on(province.c1, datetime.date(2018, 1, 1)))


def test_it_counts_subtree_members_and_exempt(province):
    counts = selectors.subtree_member_counts([province.t01, province.h01, province.c1,
                                              province.c3])
    assert counts[province.t01.pk] == {"members": 7, "exempt": 1}
    assert counts[province.h01.pk] == {"members": 5, "exempt": 1}
    assert counts[province.c1.pk] == {"members": 3, "exempt": 1}
    assert counts[province.c3.pk] == {"members": 2, "exempt": 0}
