from quantriet.accounts.models import AuditEntry
from quantriet.orgs.models import Member


def test_it_opens_the_admin_to_officers_scoped_to_their_subtree(province, client_for):
    client = client_for(province.officer_h01)
    body = client.get("/admin/orgs/member/").content.decode()
    assert "Nguyễn Văn An" in body
    assert "Huỳnh Văn Dũng" not in body
    body = client.get("/admin/orgs/unit/").content.decode()
    assert "Cái Bè" in body and "Châu Thành" not in body


def test_it_hides_other_districts_objects_in_the_admin(province, client_for):
    client = client_for(province.outsider)
    other = province.members["0101001"]
    response = client.get(f"/admin/orgs/member/{other.pk}/change/")
    assert response.status_code in (302, 404)
    assert "Nguyễn Văn An" not in client.get("/admin/orgs/member/?q=an").content.decode()
    assert client.get(f"/admin/orgs/unit/{province.h01.pk}/change/").status_code in (302, 404)


def test_it_keeps_accounts_and_audit_for_administrators(province, client_for):
    client = client_for(province.officer_h01)
    assert client.get("/admin/accounts/user/").status_code == 403
    assert client_for(province.admin).get("/admin/accounts/user/").status_code == 200


def test_it_refuses_the_admin_to_plain_members(province, client_for):
    response = client_for(province.member_c1).get("/admin/")
    assert response.status_code == 302 and "/login/" in response.url


def test_it_saves_admin_edits_through_the_service_with_audit(province, client_for):
    client = client_for(province.officer_h01)
    member = province.members["0101002"]
    response = client.post(f"/admin/orgs/member/{member.pk}/change/", {
        "card_no": "TG0101002", "full_name": "Trần Thị Ấn", "birth_date": "1970-01-01",
        "gender": "F", "status": "full", "exempt_reason": "",
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "1",
        "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    member.refresh_from_db()
    assert member.full_name == "Trần Thị Ấn"
    entry = AuditEntry.objects.get(action="member.update", object_id="0101002")
    assert entry.before == {"full_name": "Trần Thị Ân"}
    assert entry.after == {"full_name": "Trần Thị Ấn"}
    assert Member.objects.get(pk=member.pk).name_fold == "tran thi an"


def test_it_shows_unit_administrators_the_audit_of_their_subtree_only(province, client_for):
    from quantriet.accounts.models import Role, RoleKind
    from quantriet.conftest import make_user
    from quantriet.orgs import services

    services.unit_update(actor=province.admin, unit=province.c1, name="Chi bộ ấp Một")
    services.unit_update(actor=province.admin, unit=province.c3, name="Chi bộ ấp Long Hòa B")
    boss = make_user("admin_h01")
    Role.objects.create(user=boss, unit=province.h01, kind=RoleKind.ADMIN)
    body = client_for(boss).get("/admin/accounts/auditentry/").content.decode()
    assert "unit.update" in body
    entries = client_for(boss).get("/admin/accounts/auditentry/").context["cl"].result_list
    assert {e.unit.code for e in entries} <= {"H01", "H01-X01", "H01-X01-C01", "H01-X01-C02"}
    assert any(e.unit.code == "H01-X01-C01" for e in entries)
    # Audit entries are never edited or deleted, not even by the system administrator.
    entry = entries[0]
    response = client_for(province.admin).post(
        f"/admin/accounts/auditentry/{entry.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    # An officer without the administrator role sees no audit at all.
    assert client_for(province.officer_h01).get(
        "/admin/accounts/auditentry/").status_code == 403
