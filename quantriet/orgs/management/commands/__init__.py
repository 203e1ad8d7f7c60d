"""What the import and export commands share: two base commands.

(Kept in the package's __init__ because Django lists every other module here as a command.)
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from quantriet.commands import Command, ProgressBar
from quantriet.lib import vntext
from quantriet.orgs import imports
from quantriet.orgs.models import Unit


class ImportCommand(Command):
    """`quantriet import-... FILE`: all-or-nothing, idempotent, as the system (no actor)."""

    runner = staticmethod(imports.import_members)

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help=gettext_lazy("A .csv (UTF-8) or .xlsx file (see docs/formats.md)"))
        parser.add_argument("--no-progress", action="store_true",
                            help=gettext_lazy("Do not show the progress bar"))

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as e:
            raise CommandError(_("Cannot read the file %(file)s: %(error)s")
                               % {"file": path, "error": e.strerror}) from None
        bar = None if options["no_progress"] else ProgressBar(self.stderr)
        try:
            result = self.runner(actor=None, data=data, filename=path.name, progress=bar)
        except imports.ImportFailed as e:
            if bar:
                bar.close()
            for error in e.errors:
                self.stderr.write(str(error))
            raise CommandError(ngettext(
                "%(n)s error in the file %(file)s; nothing was changed.",
                "%(n)s errors in the file %(file)s; nothing was changed.", len(e.errors),
            ) % {"n": vntext.format_int(len(e.errors)), "file": path.name}) from None
        if bar:
            bar.close()
        self.stdout.write(result.summary_text())


class ExportCommand(Command):
    """`quantriet export-... [--unit CODE] --out FILE.csv|FILE.xlsx` (format from the name)."""

    def add_arguments(self, parser):
        parser.add_argument("--unit", metavar="CODE", help=gettext_lazy(
            "Export only this unit and the units under it (default: all)"))
        parser.add_argument("--out", required=True, metavar="FILE", help=gettext_lazy(
            "Output file: .csv (UTF-8 with BOM) or .xlsx"))

    def export(self, unit: Unit | None) -> tuple[bytes, int]:  # pragma: no cover - abstract
        raise NotImplementedError

    def done_message(self, count: int, out: Path) -> str:  # pragma: no cover - abstract
        """The closing line: what was exported, how many, where."""
        raise NotImplementedError

    def handle(self, *args, **options):
        out = Path(options["out"])
        self.fmt = out.suffix.lower().lstrip(".")
        if self.fmt not in ("csv", "xlsx"):
            raise CommandError(_("The output file name must end in .csv or .xlsx"))
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(_("No unit with code «%(code)s»") % {"code": options["unit"]})
        data, count = self.export(unit)
        try:
            out.write_bytes(data)
        except OSError as e:
            raise CommandError(_("Cannot write the file %(file)s: %(error)s")
                               % {"file": out, "error": e.strerror}) from None
        self.stdout.write(self.done_message(count, out))
