"""`quantriet token --user USERNAME [--name NAME]`: issue 3's spelling of `issue-token`.

The same code path as `quantriet issue-token USERNAME NAME` (this command is that one with
options instead of positional arguments): ApiToken.issue, one audit row, the raw token
printed once on stdout (and nothing else there, so scripts can capture it).
"""

import importlib

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The module's name has a hyphen (it is the command's name): import it by string.
issue_token = importlib.import_module(__package__ + ".issue-token")


class Command(issue_token.Command):
    help = gettext_lazy("Print a new API token for a user (a check-in device, another "
                        "system). The token is shown only once; revoke it in the admin.")

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, dest="username",
                            help=gettext_lazy("The account the token acts as"))
        parser.add_argument("--name", default="",
                            help=gettext_lazy("A name to recognise the device or system"))

    def handle(self, *args, username, name, **options):
        name = name.strip() or _("Command-line token of %(date)s") % {
            "date": timezone.localdate().strftime("%d/%m/%Y")}
        return super().handle(*args, username=username, name=name, **options)
