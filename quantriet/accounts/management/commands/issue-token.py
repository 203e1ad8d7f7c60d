from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quantriet import commands
from quantriet.accounts.models import User
from quantriet.accounts.services import token_issue


class Command(commands.Command):
    help = gettext_lazy("Issue an API token for a user (a check-in device, another system). "
                        "The token is shown only once.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("name", help=gettext_lazy("A name to recognise the device or system"))

    def handle(self, *args, username, name, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("No active account named «%(username)s».")
                               % {"username": username})
        _token, raw = token_issue(actor=None, user=user, name=name)
        self.stdout.write(raw)
