import datetime

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quantriet.commands import Command as BaseCommand
from quantriet.notices.services import reminders_send


class Command(BaseCommand):
    help = gettext_lazy(
        "Send the reminders that are due (inbox and e-mail): deliverables missing, learning "
        "reports, comment rounds, tasks, inspections. Each reminder goes to each user once "
        "only, however often this runs; muted kinds are skipped. Run it daily (cron).")

    def add_arguments(self, parser):
        parser.add_argument("--date", metavar="YYYY-MM-DD",
                            help=gettext_lazy("Act as if today were this date"))

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(_("Invalid date «%(value)s»: use YYYY-MM-DD.")
                                   % {"value": options["date"]}) from None
        result = reminders_send(actor=None, today=today)
        self.stdout.write(result.summary_text())
