"""The synthetic province: shape, people, idempotency, determinism and demo logins."""

from __future__ import annotations

import unicodedata
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F
from django.test import Client

from quantriet.accounts.models import AuditEntry, Role, RoleKind, User
from quantriet.demo import names
from quantriet.demo.generator import (
    DEMO_PASSWORD,
    generate_province,
    largest_remainder,
    plan_province,
)
from quantriet.orgs.models import Member, Membership, MemberStatus, Unit, UnitKind

NAME = "Đảng bộ tỉnh Tiền Giang"
LEAF_KINDS = {UnitKind.CELL, UnitKind.GRASSROOTS_CELL}


def generate(members=600, seed=7, code="TG"):
    return generate_province(seed=seed, members=members, code=code, name=NAME)


def delete_everything():
    AuditEntry.objects.all().delete()
    Role.objects.all().delete()
    User.objects.all().delete()
    Membership.objects.all().delete()
    Member.objects.all().delete()
    for depth in sorted(set(Unit.objects.values_list("depth", flat=True)), reverse=True):
        Unit.objects.filter(depth=depth).delete()


def dump():
    units = list(Unit.objects.order_by("code").values_list(
        "code", "name", "kind", "depth", "parent__code"))
    members = list(Member.objects.order_by("member_id").values_list(
        "member_id", "card_no", "full_name", "birth_date", "gender", "status", "exempt",
        "exempt_reason", "unit__code"))
    memberships = list(Membership.objects.order_by("member__member_id", "unit__code").values_list(
        "member__member_id", "unit__code", "start_date", "end_date"))
    return units, members, memberships


def test_it_plans_about_a_thousand_organisations_at_province_size():
    levels = plan_province(seed=2016, members=44_000, code="TG", name=NAME)
    kinds = Counter(u.kind for level in levels for u in level)
    assert kinds[UnitKind.PROVINCE] == 1
    assert kinds[UnitKind.DISTRICT] == 11
    assert kinds[UnitKind.BLOC] == 1
    below = sum(len(level) for level in levels[2:])
    assert 900 <= below <= 1150
    assert sum(u.members for level in levels for u in level) == 44_000
    assert levels[1][0].name == "Đảng bộ thành phố Mỹ Tho"


def test_it_scales_districts_with_members():
    levels = plan_province(seed=2016, members=440_000, code="TG", name=NAME)
    kinds = Counter(u.kind for level in levels for u in level)
    assert kinds[UnitKind.DISTRICT] == 110
    assert len(set(u.code for level in levels for u in level)) == sum(map(len, levels))


def test_it_splits_exactly_by_largest_remainder():
    assert largest_remainder(10, [1, 1, 1]) == [4, 3, 3]
    assert sum(largest_remainder(44_000, [0.3, 1.7, 2.2, 0.9])) == 44_000
    assert min(largest_remainder(5, [100, 1, 1], minimum=1)) == 1


def test_it_has_name_pools_of_realistic_size():
    for pool in (names.GIVEN_MALE, names.GIVEN_FEMALE):
        assert len(set(pool)) == len(pool) >= 80
    family, weights = names.family_weights()
    assert sum(weights) == pytest.approx(100.0)
    assert weights[family.index("Nguyễn")] == 38.0


@pytest.mark.django_db
def test_it_builds_a_consistent_tree():
    summary = generate()
    assert summary.created
    units = {u.pk: u for u in Unit.objects.all()}
    assert summary.units == len(units)
    by_code = {u.code: u for u in units.values()}
    root = by_code["TG"]
    assert (root.depth, root.parent_id, root.kind) == (0, None, UnitKind.PROVINCE)
    assert root.path == Unit.segment(root.pk)
    for unit in units.values():
        if unit.parent_id is None:
            continue
        parent = units[unit.parent_id]
        assert unit.path == parent.path + Unit.segment(unit.pk)
        assert unit.depth == parent.depth + 1
        assert unit.code.startswith(parent.code + "-")
        assert unit.name_fold and unicodedata.is_normalized("NFC", unit.name)
    kinds_by_depth = {d: {u.kind for u in units.values() if u.depth == d} for d in range(4)}
    assert kinds_by_depth[1] == {UnitKind.DISTRICT, UnitKind.BLOC}
    assert UnitKind.COMMUNE in kinds_by_depth[2]
    assert kinds_by_depth[3] == {UnitKind.CELL}
    assert max(u.depth for u in units.values()) == 3
    assert by_code["TG-01"].name == "Đảng bộ thành phố Mỹ Tho"
    assert all(len(c.split("-")[-1]) == 3 for c in by_code if c.count("-") == 2)


@pytest.mark.django_db
def test_it_puts_every_member_in_a_leaf_with_one_open_membership():
    generate()
    assert Member.objects.count() == 600
    assert set(Member.objects.values_list("unit__kind", flat=True)) <= LEAF_KINDS
    assert Membership.objects.filter(end_date__isnull=True).count() == 600
    assert not Member.objects.exclude(
        memberships__end_date__isnull=True, memberships__unit=F("unit")).exists()
    for m in Member.objects.all()[:200]:
        assert unicodedata.is_normalized("NFC", m.full_name)
        assert len(m.full_name.split()) >= 3
        assert len(m.member_id) == 11 and m.member_id.isdigit()
        assert m.name_key and m.name_fold
        assert 1935 <= m.birth_date.year <= 2004


@pytest.mark.django_db
def test_it_has_realistic_shares_at_five_thousand_members():
    generate(members=5_000, seed=2016)
    members = Member.objects
    n = members.count()
    assert n == 5_000
    assert 0.06 <= members.filter(exempt=True).count() / n <= 0.10
    assert 0.025 <= members.filter(status=MemberStatus.PROBATIONARY).count() / n <= 0.055
    assert 0.31 <= members.filter(gender="F").count() / n <= 0.39
    assert 0.33 <= members.filter(full_name__startswith="Nguyễn ").count() / n <= 0.43
    exempt = members.filter(exempt=True)
    old = exempt.filter(birth_date__year__lte=1946).count()
    assert old / exempt.count() > 0.7
    assert set(exempt.values_list("exempt_reason", flat=True)) == {
        "Tuổi cao, sức yếu", "Bệnh hiểm nghèo"}
    probationary = members.filter(status=MemberStatus.PROBATIONARY)
    assert probationary.filter(birth_date__year__gte=1977).count() / probationary.count() > 0.7
    assert not probationary.filter(exempt=True).exists()
    aged_40_70 = members.filter(birth_date__year__gt=1946, birth_date__year__lte=1976).count()
    assert aged_40_70 / n > 0.55
    moved = Membership.objects.filter(end_date__isnull=False)
    assert 5 <= moved.count() <= 50
    for closed in moved:
        current = Membership.objects.get(member=closed.member, end_date__isnull=True)
        assert current.start_date == closed.end_date
        assert current.unit_id == closed.member.unit_id != closed.unit_id
        assert 2015 <= closed.end_date.year <= 2016


@pytest.mark.django_db
def test_it_is_idempotent():
    first = generate()
    counts = (Unit.objects.count(), Member.objects.count(), User.objects.count())
    second = generate(members=900, seed=99)
    assert first.created and not second.created
    assert second.members == 600
    assert (Unit.objects.count(), Member.objects.count(), User.objects.count()) == counts


@pytest.mark.django_db
def test_it_is_deterministic():
    generate()
    before = dump()
    delete_everything()
    generate()
    assert dump() == before
    delete_everything()
    generate(seed=8)
    assert dump()[1] != before[1]


@pytest.mark.django_db
def test_it_creates_demo_logins_that_work():
    summary = generate()
    assert [login.username for login in summary.logins] == [
        "tinhuy", "huyen01", "xa01", "chibo01", "kiemtra01", "chamdiem01", "dangvien01"]
    for login in summary.logins:
        assert Client().login(username=login.username, password=DEMO_PASSWORD), login.username
    roles = {r.user.username: r for r in Role.objects.select_related("user", "unit")}
    assert roles["tinhuy"].unit.code == "TG"
    assert roles["huyen01"].unit.kind == UnitKind.DISTRICT
    assert roles["kiemtra01"].kind == RoleKind.INSPECTOR
    assert roles["kiemtra01"].unit == roles["huyen01"].unit
    assert roles["xa01"].unit.kind == UnitKind.COMMUNE
    assert roles["chamdiem01"].kind == RoleKind.GRADER
    assert roles["chibo01"].unit.kind == UnitKind.CELL
    assert roles["chibo01"].unit.path.startswith(roles["xa01"].unit.path)
    assert roles["xa01"].unit.path.startswith(roles["huyen01"].unit.path)
    member_user = User.objects.get(username="dangvien01")
    assert roles["dangvien01"].kind == RoleKind.MEMBER
    assert member_user.member.unit == roles["chibo01"].unit == roles["dangvien01"].unit
    assert member_user.get_full_name() == member_user.member.full_name


@pytest.mark.django_db
def test_it_prefixes_logins_for_a_second_province():
    generate()
    summary = generate(code="BT", members=300)
    assert summary.created
    assert summary.logins[0].username == "bt_tinhuy"
    assert not Member.objects.filter(unit__code__startswith="BT").filter(
        member_id__in=Member.objects.filter(unit__code__startswith="TG").values("member_id")
    ).exists()


@pytest.mark.django_db
def test_it_runs_as_a_command_and_skips_a_second_time():
    out = StringIO()
    call_command("demo", "--members", "300", "--seed", "3", stdout=out, stderr=StringIO())
    text = out.getvalue()
    assert "Đã tạo tỉnh mẫu TG:" in text and "300 đảng viên, 7 tài khoản." in text
    assert "dangvien01" in text and DEMO_PASSWORD in text
    out = StringIO()
    call_command("demo", "--members", "300", "--quiet", stdout=out)
    assert out.getvalue().strip() == "Dữ liệu mẫu đã có (300 đảng viên); không tạo lại."
