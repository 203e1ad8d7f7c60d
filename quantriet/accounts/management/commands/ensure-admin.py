import os
import secrets

from django.conf import settings
from django.core.management.base import BaseCommand

from quantriet.accounts.models import User


class Command(BaseCommand):
    help = ("Tạo tài khoản quản trị hệ thống (nếu chưa có) và in thông tin đăng nhập. "
            "Create the system administrator if missing and print its login.")

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        secret_file = settings.DATA_DIR / "admin-password.txt"
        user = User.objects.filter(username=username).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser(username=username, password=password, email="")
            settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
            secret_file.write_text(password + "\n", encoding="utf-8")
            os.chmod(secret_file, 0o600)
            self.stdout.write(f"Đã tạo tài khoản quản trị: {username} / {password}")
            return
        if secret_file.exists():
            password = secret_file.read_text(encoding="utf-8").strip()
            if user.check_password(password):
                self.stdout.write(f"Tài khoản quản trị: {username} / {password}")
                return
        self.stdout.write(f"Tài khoản quản trị {username} đã có; mật khẩu không đổi "
                          f"(đặt lại: quantriet changepassword {username}).")
