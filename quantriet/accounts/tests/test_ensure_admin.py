import io

from django.core.management import call_command
from django.test import Client

from quantriet.accounts.models import AuditEntry, User


def run():
    out = io.StringIO()
    call_command("ensure-admin", stdout=out)
    return out.getvalue()


def test_it_creates_the_administrator_once_and_prints_a_working_login(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    first = run()
    assert "admin / " in first
    password = first.strip().rsplit(" / ", 1)[1]
    assert Client().login(username="admin", password=password)
    assert User.objects.get(username="admin").is_superuser
    assert AuditEntry.objects.filter(action="user.create", object_id="admin").count() == 1
    # Again: the same login, no second account, no second audit row.
    assert run().strip().endswith(f"admin / {password}")
    assert User.objects.filter(username="admin").count() == 1
    assert AuditEntry.objects.filter(action="user.create").count() == 1
    assert oct((tmp_path / "admin-password.txt").stat().st_mode)[-3:] == "600"


def test_it_does_not_print_a_password_that_no_longer_works(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    run()
    user = User.objects.get(username="admin")
    user.set_password("đã đổi mật khẩu 2026")
    user.save()
    text = run()
    assert "changepassword" in text and "đã đổi" not in text
