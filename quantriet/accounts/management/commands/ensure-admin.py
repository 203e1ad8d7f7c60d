import os
import secrets

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quantriet import commands
from quantriet.accounts.models import User
from quantriet.accounts.services import audit_record


class Command(commands.Command):
    help = gettext_lazy("Create the system administrator account (if missing) and print "
                        "its login.")

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        secret_file = settings.DATA_DIR / "admin-password.txt"
        user = User.objects.filter(username=username).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            with transaction.atomic():
                user = User.objects.create_superuser(username=username, password=password,
                                                     email="")
                audit_record(actor=None, action="user.create", obj=user, object_id=username,
                             after={"username": username, "is_superuser": True,
                                    "password": "changed"})
            settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
            secret_file.write_text(password + "\n", encoding="utf-8")
            os.chmod(secret_file, 0o600)
            self.stdout.write(_("Created the administrator account: %(username)s / "
                                "%(password)s") % {"username": username, "password": password})
            return
        if secret_file.exists():
            password = secret_file.read_text(encoding="utf-8").strip()
            if user.check_password(password):
                self.stdout.write(_("Administrator account: %(username)s / %(password)s")
                                  % {"username": username, "password": password})
                return
        self.stdout.write(_("The administrator account %(username)s already exists; its "
                            "password is unchanged (to reset it: quantriet changepassword "
                            "%(username)s).") % {"username": username})
