import json

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from quantriet.commands import Command as BaseCommand
from quantriet.commands import ProgressBar, campaign_and_unit
from quantriet.copychecks import selectors, services
from quantriet.lib import vntext


class Command(BaseCommand):
    help = gettext_lazy(
        "Check a campaign's learning reports for copying (between members and from the "
        "reference texts), keep the flags (human decisions are kept) and print them as "
        "JSON or as a text table."
    )

    def add_arguments(self, parser):
        parser.add_argument("--campaign", required=True, metavar="CODE",
                            help=gettext_lazy("Code of the campaign"))
        parser.add_argument("--unit", metavar="CODE", help=gettext_lazy(
            "Print only flags with a member in this unit or below (default: all)"))
        parser.add_argument("--format", choices=("json", "table"), default="table",
                            help=gettext_lazy("json or table (default)"))
        parser.add_argument("--no-run", action="store_true", help=gettext_lazy(
            "Do not check again: print the results of the last check"))
        parser.add_argument("--no-progress", action="store_true",
                            help=gettext_lazy("Do not show the progress bar"))

    def handle(self, *args, **options):
        campaign, unit = campaign_and_unit(options["campaign"], options["unit"])
        if not options["no_run"]:
            bar = None if options["no_progress"] else ProgressBar(
                self.stderr, _("Sketching reports"))
            services.check_campaign(actor=None, campaign=campaign, progress=bar)
            if bar:
                bar.close()
        data = selectors.results_json(campaign, unit)
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_table(campaign, unit, data))


def render_table(campaign, unit, data: dict) -> str:
    lines = [_("Copy check of campaign %(code)s: %(unit)s (%(unit_code)s)")
             % {"code": campaign.code, "unit": unit.name, "unit_code": unit.code},
             _("%(pairs)s flagged pairs, %(clusters)s groups sharing one text")
             % {"pairs": vntext.format_int(len(data["pairs"])),
                "clusters": vntext.format_int(len(data["clusters"]))}, ""]
    if data["pairs"]:
        headers = [pgettext("copy table", "Member"), pgettext("copy table", "Copied from"),
                   pgettext("copy table", "Kind of flag"),
                   pgettext("copy table", "Similarity score")]
        rows = [[p["a"], str(p["b"]), p["kind"],
                 vntext.format_percent(round(100 * p["score"], 1))] for p in data["pairs"]]
        widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(4)]
        for r in [headers, ["-" * w for w in widths], *rows]:
            lines.append("  ".join(c.rjust(w) if i == 3 else c.ljust(w)
                                   for i, (c, w) in enumerate(zip(r, widths, strict=True)))
                         .rstrip())
    for n, c in enumerate(data["clusters"], 1):
        source = c["source"] or pgettext("copy table", "unknown source")
        lines.append("")
        lines.append(_("Group %(n)s (%(count)s members), source: %(source)s")
                     % {"n": n, "count": vntext.format_int(len(c["members"])),
                        "source": source})
        lines.append("  " + ", ".join(c["members"]))
    return "\n".join(lines)
