from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quantriet.commands import Command as BaseCommand
from quantriet.commands import campaign_and_unit
from quantriet.copychecks import services
from quantriet.copychecks.models import ReferenceKind
from quantriet.lib import vntext


class Command(BaseCommand):
    help = gettext_lazy(
        "Load the reference texts of a campaign (published sample reports, or the "
        "resolution's own text) from the .txt and .docx files of a folder, all or nothing. "
        "A text is named after its file; a text of the same name is replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument("--campaign", required=True, metavar="CODE",
                            help=gettext_lazy("Code of the campaign"))
        parser.add_argument("dir", metavar="DIR",
                            help=gettext_lazy("Folder holding .txt and .docx files"))
        parser.add_argument("--kind", choices=ReferenceKind.values,
                            default=ReferenceKind.SAMPLE, help=gettext_lazy(
                                "sample (default): published sample reports; resolution: "
                                "the resolution's text, whose quotes are not copies"))

    def handle(self, *args, **options):
        campaign, _owner = campaign_and_unit(options["campaign"])
        folder = Path(options["dir"])
        if not folder.is_dir():
            raise CommandError(_("%(dir)s is not a folder") % {"dir": folder})
        paths = sorted(p for p in folder.iterdir()
                       if p.is_file() and p.suffix.lower() in (".txt", ".docx"))
        files = [(p.name, p.read_bytes()) for p in paths]
        try:
            created, updated = services.references_import(
                actor=None, campaign=campaign, files=files, kind=options["kind"])
        except ValidationError as e:
            for message in e.messages:
                self.stderr.write(message)
            raise CommandError(_("No reference text was loaded.")) from None
        self.stdout.write(_("Loaded %(n)s reference texts: %(created)s new, %(updated)s "
                            "replaced") % {"n": vntext.format_int(created + updated),
                                           "created": vntext.format_int(created),
                                           "updated": vntext.format_int(updated)})
