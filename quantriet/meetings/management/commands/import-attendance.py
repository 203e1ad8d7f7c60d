from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from quantriet.commands import Command as BaseCommand
from quantriet.lib import vntext
from quantriet.meetings import imports
from quantriet.meetings.models import BridgePoint, Meeting


class Command(BaseCommand):
    help = gettext_lazy(
        "Import a meeting's sign-in sheet from a CSV/XLSX file (columns member_id, status, "
        "bridge_point, full_name, or Vietnamese headers). All or nothing: if there is an "
        "error nothing is written. Members already marked count as duplicates, so importing "
        "the same sheet again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--meeting", required=True, metavar="CODE",
                            help=gettext_lazy("Code of the meeting"))
        parser.add_argument("--bridge-point", metavar="CODE", help=gettext_lazy(
            "Record every row at this bridge point (default: the file's bridge_point column)"))
        parser.add_argument(
            "file", help=gettext_lazy("A .csv (UTF-8) or .xlsx file (see docs/formats.md)"))

    def handle(self, *args, **options):
        meeting = Meeting.objects.filter(code=options["meeting"]).first()
        if meeting is None:
            raise CommandError(_("No meeting with code «%(code)s»") % {"code": options["meeting"]})
        bridge_point = None
        if options["bridge_point"]:
            bridge_point = BridgePoint.objects.filter(
                meeting=meeting, code=options["bridge_point"]).select_related("host").first()
            if bridge_point is None:
                raise CommandError(_("Meeting %(meeting)s has no bridge point with code "
                                     "«%(code)s»") % {"meeting": meeting.code,
                                                      "code": options["bridge_point"]})
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as e:
            raise CommandError(_("Cannot read the file %(file)s: %(error)s")
                               % {"file": path, "error": e.strerror}) from None
        try:
            result = imports.import_sheet(actor=None, meeting=meeting, data=data,
                                          filename=path.name, bridge_point=bridge_point)
        except imports.ImportFailed as e:
            for error in e.errors:
                self.stderr.write(str(error))
            raise CommandError(ngettext(
                "%(n)s error in the file %(file)s; nothing was changed.",
                "%(n)s errors in the file %(file)s; nothing was changed.", len(e.errors),
            ) % {"n": vntext.format_int(len(e.errors)), "file": path.name}) from None
        self.stdout.write(result.summary_text())
