import pytest
from django.http import Http404

from quantriet.orgs import access
from quantriet.orgs.models import Unit


def codes(qs):
    return sorted(qs.values_list("code", flat=True))


def test_it_gives_a_district_officer_only_their_subtree(province):
    assert codes(access.units_visible_to(province.officer_h01)) == [
        "H01", "H01-X01", "H01-X01-C01", "H01-X01-C02"]
    ids = set(access.members_visible_to(province.officer_h01).values_list("member_id", flat=True))
    assert ids == {"0101001", "0101002", "0101003", "0101004", "0101005"}


def test_it_gives_the_superuser_everything(province):
    assert access.units_visible_to(province.admin).count() == Unit.objects.count() == 8


def test_it_gives_a_member_only_their_own_record(province):
    assert codes(access.units_visible_to(province.member_c1)) == []
    ids = list(access.members_visible_to(province.member_c1).values_list("member_id", flat=True))
    assert ids == ["0101001"]


def test_it_refuses_other_branches_with_404(province):
    with pytest.raises(Http404):
        access.access_unit(province.outsider, province.h01.pk)
    with pytest.raises(Http404):
        access.access_unit(province.outsider, code="H01-X01-C01")
    with pytest.raises(Http404):
        access.access_member(province.outsider, "0101001")
    with pytest.raises(Http404):
        access.access_unit(province.officer_h01, 999999)


def test_it_lets_inspectors_read_but_not_write(province):
    assert access.access_unit(province.inspector_h01, province.c1.pk) == province.c1
    with pytest.raises(Http404):
        access.access_unit(province.inspector_h01, province.c1.pk, write=True)
    assert access.access_unit(province.secretary_c1, province.c1.pk, write=True) == province.c1
    with pytest.raises(Http404):
        access.access_unit(province.secretary_c1, province.c2.pk)


def test_it_ignores_roles_on_deactivated_units(province):
    Unit.objects.filter(pk=province.h02.pk).update(active=False)
    assert codes(access.units_visible_to(province.outsider)) == []


def test_it_does_not_mistake_a_sibling_with_a_longer_id_for_a_descendant(province):
    # Paths are fixed-width, so "…/0000000001/" is never a prefix of "…/00000000010/".
    for u in Unit.objects.all():
        assert all(len(s) == 10 for s in u.path.split("/") if s)
