from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from quantriet.lib.vntext import format_int
from quantriet.orgs import exports
from quantriet.orgs.models import Member

from . import ExportCommand


class Command(ExportCommand):
    help = _("Export the party member roll to CSV/XLSX in the import format "
             "(docs/formats.md), ordered by name.")

    def export(self, unit):
        qs = Member.objects.all() if unit is None else Member.objects.in_subtree(unit)
        return exports.export_members(qs, self.fmt), qs.count()

    def done_message(self, count, out):
        return ngettext("Exported %(n)s party member to %(file)s",
                        "Exported %(n)s party members to %(file)s", count) % {
            "n": format_int(count), "file": out}
