import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from quantriet.accounts.models import AuditEntry
from quantriet.dbutil import insert_many, update_many
from quantriet.orgs.models import Member, Membership
from quantriet.orgs.selectors import member_pks


def test_it_inserts_what_the_orm_would(province):
    before = timezone.now()
    rows = [Member(member_id=f"09{i:05d}", full_name="Nguyễn Thị Hoà", unit=province.c2,
                   birth_date=datetime.date(1980, 2, 29), exempt=i % 2 == 0,
                   exempt_reason="Tuổi cao" if i % 2 == 0 else "") for i in range(7)]
    for m in rows:
        m.set_derived()
    assert insert_many(Member, rows, batch_size=3) == 7
    stored = Member.objects.get(member_id="0900002")
    assert stored.birth_date == datetime.date(1980, 2, 29)
    assert stored.exempt is True and stored.exempt_reason == "Tuổi cao"
    assert stored.full_name == "Nguyễn Thị Hoà" and stored.name_fold == "nguyen thi hoa"
    assert stored.unit == province.c2
    assert stored.created_at >= before and stored.created_at.tzinfo is not None
    pks = member_pks([m.member_id for m in rows], chunk=2)
    assert len(pks) == 7
    insert_many(Membership, [Membership(member_id=pk, unit=province.c2) for pk in pks.values()])
    assert Membership.objects.filter(member_id__in=pks.values(), end_date=None).count() == 7


def test_it_writes_json_fields(province):
    insert_many(AuditEntry, [AuditEntry(action="x", after={"tên": "Hòa", "n": [1, 2]})])
    assert AuditEntry.objects.get(action="x").after == {"tên": "Hòa", "n": [1, 2]}


def test_it_lets_the_database_refuse_a_duplicate_and_keeps_nothing(province):
    dup = [Member(member_id="0101001", full_name="Trùng", unit=province.c1)]
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_many(Member, [Member(member_id="0999999", full_name="Mới", unit=province.c1)]
                    + dup)
    assert not Member.objects.filter(member_id="0999999").exists()


def test_it_updates_only_the_named_fields_of_each_row(province):
    members = list(Member.objects.filter(unit=province.c1).order_by("member_id"))
    def others():
        return set(Member.objects.exclude(pk__in=[m.pk for m in members])
                   .values_list("pk", "full_name", "unit_id", "birth_date"))

    before = others()
    when = timezone.now()
    for i, m in enumerate(members):
        m.full_name = f"Lê Văn Đổi {i}"
        m.set_derived()
        m.birth_date = datetime.date(1970, 1, 1 + i)
        m.unit = province.c2
        m.exempt_reason = "không được ghi"  # not named: must stay as stored
        m.updated_at = when
    assert update_many(Member, members, ["full_name", "name_fold", "name_key", "birth_date",
                                         "unit", "updated_at"]) == len(members) > 1
    for i, m in enumerate(members):
        stored = Member.objects.get(pk=m.pk)
        assert stored.full_name == f"Lê Văn Đổi {i}" and stored.name_fold == f"le van doi {i}"
        assert stored.birth_date == datetime.date(1970, 1, 1 + i)
        assert stored.unit_id == province.c2.pk and stored.updated_at == when
        assert stored.exempt_reason != "không được ghi"
    assert others() == before
