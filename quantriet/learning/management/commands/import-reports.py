from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from quantriet.campaigns.models import Campaign
from quantriet.commands import Command as BaseCommand
from quantriet.learning.imports import ImportFailed, import_reports
from quantriet.lib import vntext
from quantriet.orgs.models import Unit


class Command(BaseCommand):
    help = gettext_lazy(
        "Import learning reports: a CSV/XLSX table with the columns member_id, text, or a "
        ".zip of files named <member_id>.docx or <member_id>.txt (see docs/learning.md). "
        "All or nothing; importing the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--campaign", required=True, metavar="CODE",
                            help=gettext_lazy("Code of the campaign"))
        parser.add_argument("--unit", metavar="CODE", help=gettext_lazy(
            "Only members of this unit's subtree (default: the whole campaign)"))
        parser.add_argument("file", help=gettext_lazy("A .csv, .xlsx or .zip file"))

    def handle(self, *args, **options):
        campaign = Campaign.objects.filter(code=options["campaign"]).first()
        if campaign is None:
            raise CommandError(_("No campaign with code «%(code)s»")
                               % {"code": options["campaign"]})
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(_("No unit with code «%(code)s»") % {"code": options["unit"]})
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as e:
            raise CommandError(_("Cannot read the file %(file)s: %(error)s")
                               % {"file": path, "error": e.strerror}) from None
        try:
            result = import_reports(actor=None, campaign=campaign, data=data,
                                    filename=path.name, unit=unit)
        except ImportFailed as e:
            for error in e.errors:
                self.stderr.write(str(error))
            raise CommandError(ngettext(
                "%(n)s error in the file %(file)s; nothing was changed.",
                "%(n)s errors in the file %(file)s; nothing was changed.", len(e.errors),
            ) % {"n": vntext.format_int(len(e.errors)), "file": path.name}) from None
        self.stdout.write(result.summary_text())
