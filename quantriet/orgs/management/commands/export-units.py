from quantriet.orgs import exports
from quantriet.orgs.models import Unit

from . import ExportCommand


class Command(ExportCommand):
    help = "Xuất cây tổ chức đảng ra CSV/XLSX đúng định dạng nhập (docs/formats.md)."
    what = "đơn vị"

    def export(self, unit):
        qs = Unit.objects.all() if unit is None else Unit.objects.subtree_of(unit)
        return exports.export_units(qs, self.fmt), qs.count()
