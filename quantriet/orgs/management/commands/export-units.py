from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from quantriet.lib.vntext import format_int
from quantriet.orgs import exports
from quantriet.orgs.models import Unit

from . import ExportCommand


class Command(ExportCommand):
    help = _("Export the party organisation tree to CSV/XLSX in the import format "
             "(docs/formats.md).")

    def export(self, unit):
        qs = Unit.objects.all() if unit is None else Unit.objects.subtree_of(unit)
        return exports.export_units(qs, self.fmt), qs.count()

    def done_message(self, count, out):
        return ngettext("Exported %(n)s unit to %(file)s",
                        "Exported %(n)s units to %(file)s", count) % {
            "n": format_int(count), "file": out}
