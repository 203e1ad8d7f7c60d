from quantriet.accounts.models import AuditEntry, Role, RoleKind, User


def form(user, roles, **extra):
    data = {
        "username": user.username, "first_name": "Nguyễn Văn Tư", "last_name": "",
        "email": "", "is_active": "on", "date_joined_0": "01/01/2026",
        "date_joined_1": "08:00:00", "member": "",
        "roles-TOTAL_FORMS": str(len(roles)), "roles-INITIAL_FORMS": str(
            sum(1 for r in roles if r.get("id"))),
        "roles-MIN_NUM_FORMS": "0", "roles-MAX_NUM_FORMS": "1000",
    }
    for i, role in enumerate(roles):
        for key, value in role.items():
            data[f"roles-{i}-{key}"] = value
    data.update(extra)
    return data


def test_it_audits_roles_granted_and_revoked_in_the_admin(province, client_for):
    client = client_for(province.admin)
    user = User.objects.create_user(username="tu")
    response = client.post(f"/admin/accounts/user/{user.pk}/change/", form(user, [
        {"unit": str(province.c2.pk), "kind": RoleKind.OFFICER, "user": str(user.pk)}]))
    assert response.status_code == 302, response.content.decode()[:3000]
    role = Role.objects.get(user=user)
    assert role.unit == province.c2
    grant = AuditEntry.objects.get(action="role.grant", object_id=str(role.pk))
    assert grant.actor == province.admin and grant.unit == province.c2
    assert AuditEntry.objects.filter(action="user.update", object_id="tu").exists()

    response = client.post(f"/admin/accounts/user/{user.pk}/change/", form(user, [
        {"id": str(role.pk), "unit": str(province.c2.pk), "kind": RoleKind.OFFICER,
         "user": str(user.pk), "DELETE": "on"}]))
    assert response.status_code == 302
    assert not Role.objects.filter(user=user).exists()
    assert AuditEntry.objects.filter(action="role.revoke", object_id=str(role.pk)).exists()


def test_it_never_writes_a_password_hash_into_the_audit(province, client_for):
    client = client_for(province.admin)
    client.post("/admin/accounts/user/add/", {
        "username": "moi", "password1": "Mật-khẩu-dài-2026", "password2": "Mật-khẩu-dài-2026",
        "usable_password": "true", "roles-TOTAL_FORMS": "0", "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0", "roles-MAX_NUM_FORMS": "1000"})
    entry = AuditEntry.objects.get(action="user.create", object_id="moi")
    assert entry.after["password"] == "changed"
    assert "md5$" not in str(entry.after) and "argon2" not in str(entry.after)
