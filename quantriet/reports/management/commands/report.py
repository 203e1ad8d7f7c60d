from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quantriet.commands import Command as BaseCommand
from quantriet.commands import campaign_and_unit
from quantriet.reports import appendix, word
from quantriet.reports.models import FigureSource, ResultReport
from quantriet.reports.services import report_problems, unsaved_report


class Command(BaseCommand):
    help = gettext_lazy(
        "Write a unit's result report for a campaign as Word (.docx, the Party document "
        "format, with its appendix), as Excel (.xlsx, the statistics appendix) or as PDF "
        "(.pdf, when LibreOffice is installed). The unit's saved report is used if there is "
        "one (unless --live); otherwise the report is written from live records."
    )

    def add_arguments(self, parser):
        parser.add_argument("--campaign", required=True, metavar="CODE",
                            help=gettext_lazy("Code of the campaign"))
        parser.add_argument("--unit", metavar="CODE", help=gettext_lazy(
            "Code of the unit (default: the campaign's owning unit)"))
        parser.add_argument("--out", required=True, metavar="FILE",
                            help=gettext_lazy("Output file: .docx, .xlsx or .pdf"))
        parser.add_argument("--live", action="store_true", help=gettext_lazy(
            "Ignore the saved report: write from live records"))
        parser.add_argument("--from-children", action="store_true", help=gettext_lazy(
            "Take the child units' figures from their accepted reports"))

    def handle(self, *args, **options):
        out = Path(options["out"])
        kind = out.suffix.lower()
        if kind not in (".docx", ".xlsx", ".pdf"):
            raise CommandError(_("The output file must end in .docx, .xlsx or .pdf."))
        if kind == ".pdf" and not word.pdf_available():
            raise CommandError(_("PDF needs LibreOffice (soffice), which is not installed."))
        campaign, unit = campaign_and_unit(options["campaign"], options["unit"])
        report = None
        if not options["live"] and not options["from_children"]:
            report = ResultReport.objects.filter(campaign=campaign, unit=unit).first()
        if report is None:
            source = FigureSource.CHILDREN if options["from_children"] else FigureSource.LIVE
            report = unsaved_report(campaign, unit, source)
        if kind == ".xlsx":
            data = appendix.appendix_xlsx(report.figures, title=campaign.title,
                                          edits=report.edits)
        else:
            data = word.report_docx(report)
            if kind == ".pdf":
                data = word.docx_to_pdf(data)
        out.write_bytes(data)
        problems = report_problems(report)
        self.stdout.write(_("%(file)s: report of %(unit)s for %(campaign)s, %(n)s consistency "
                            "problems.") % {"file": out, "unit": unit.name,
                                            "campaign": campaign.code, "n": len(problems)})
