import json

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from quantriet.campaigns.models import Campaign
from quantriet.commands import Command as BaseCommand
from quantriet.commands import campaign_and_unit
from quantriet.lib import vntext
from quantriet.meetings.models import MeetingKind
from quantriet.orgs.models import Unit
from quantriet.reports.selectors import coverage


class Command(BaseCommand):
    help = gettext_lazy(
        "Print the coverage of a campaign (members on the roll, exempt, covered, percentage, "
        "non-members) for a unit, each of its child units and each meeting, as JSON or as a "
        "text table."
    )

    def add_arguments(self, parser):
        parser.add_argument("--campaign", required=True, metavar="CODE",
                            help=gettext_lazy("Code of the campaign"))
        parser.add_argument("--unit", metavar="CODE", help=gettext_lazy(
            "Code of the unit (default: the campaign's owning unit)"))
        parser.add_argument("--format", choices=("json", "table"), default="table",
                            help=gettext_lazy("json (the API's coverage JSON) or table "
                                              "(default)"))

    def handle(self, *args, **options):
        campaign, unit = campaign_and_unit(options["campaign"], options["unit"])
        data = coverage(campaign, unit)
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_table(campaign, unit, data))


def _table(headers: list[str], rows: list[list[str]], numeric_from: int) -> list[str]:
    """Columns padded to their widest cell; numbers (columns from `numeric_from`) right."""
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if i >= numeric_from else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return [line(headers), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


def render_table(campaign: Campaign, unit: Unit, data: dict) -> str:
    n, pct = vntext.format_int, vntext.format_percent
    lines = [
        _("Campaign %(code)s: %(title)s") % {"code": campaign.code, "title": campaign.title},
        _("Coverage of %(unit)s (%(code)s)") % {"unit": unit.name, "code": unit.code},
        "",
    ]

    def unit_row(code: str, name: str, row: dict) -> list[str]:
        return [f"{code} {name}", n(row["roll"]), n(row["exempt"]), n(row["covered"]),
                pct(row["covered_percent"]), n(row["non_members"])]

    rows = [unit_row(unit.code, unit.name, data)]
    rows += [unit_row("  " + c["unit"], c["name"], c) for c in data["children"]]
    headers = [pgettext("coverage table", "Unit"), pgettext("coverage table", "Roll"),
               pgettext("coverage table", "Exempt"), pgettext("coverage table", "Covered"),
               pgettext("coverage table", "%"), pgettext("coverage table", "Non-members")]
    lines += _table(headers, rows, 1)
    if data["meetings"]:
        kinds = dict(MeetingKind.choices)
        rows = [[f"{m['code']} {m['title']}", str(kinds.get(m["kind"], m["kind"])),
                 n(m["bridge_points"]), n(m["attended"]), pct(m["attended_percent"]),
                 n(m["non_members"])] for m in data["meetings"]]
        headers = [pgettext("coverage table", "Meeting"), pgettext("coverage table", "Kind"),
                   pgettext("coverage table", "Bridge points"),
                   pgettext("coverage table", "Attended"), pgettext("coverage table", "%"),
                   pgettext("coverage table", "Non-members")]
        lines += [""] + _table(headers, rows, 2)
    return "\n".join(lines)
