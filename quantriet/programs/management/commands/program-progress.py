import json

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quantriet.campaigns.models import Campaign
from quantriet.commands import Command as BaseCommand
from quantriet.lib import vntext
from quantriet.orgs.models import Unit
from quantriet.programs import selectors


class Command(BaseCommand):
    help = gettext_lazy(
        "Print the action programs' progress for a unit's subtree: programs, adopted, tasks "
        "done and overdue, weighted progress, for the unit and each unit directly below "
        "(as a table or as JSON).")

    def add_arguments(self, parser):
        parser.add_argument("--campaign", required=True, metavar="CODE",
                            help=gettext_lazy("Code of the campaign"))
        parser.add_argument("--unit", metavar="CODE",
                            help=gettext_lazy("Code of the unit (default: the campaign's "
                                              "owner)"))
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, campaign, unit, format, **options):
        found = Campaign.objects.select_related("owner").filter(code=campaign).first()
        if found is None:
            raise CommandError(_("No campaign with code «%(code)s»") % {"code": campaign})
        target = found.owner
        if unit:
            target = Unit.objects.filter(code=unit).first()
            if target is None or not target.is_within(found.owner):
                raise CommandError(_("No unit with code «%(code)s» in the campaign")
                                   % {"code": unit})
        r = selectors.rollup(found, target, timezone.localdate())
        rows = [(target, r["total"])] + [(c["unit"], c) for c in r["children"]]
        keys = ("programs", "adopted", "tasks", "tasks_done", "tasks_overdue", "progress")
        if format == "json":
            out = [{"unit": u.code, "name": u.name, **{k: f[k] for k in keys}}
                   for u, f in rows]
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=1))
            return
        self.stdout.write(_("Unit | with a program | adopted | tasks | done | overdue | "
                            "progress"))
        for u, f in rows:
            counts = " | ".join(vntext.format_int(f[k]) for k in keys[:-1])
            self.stdout.write(f"{u.code} {u.name} | {counts} | "
                              f"{vntext.format_percent(f['progress'])}")
