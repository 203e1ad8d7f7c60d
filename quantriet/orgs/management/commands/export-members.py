from quantriet.orgs import exports
from quantriet.orgs.models import Member

from . import ExportCommand


class Command(ExportCommand):
    help = ("Xuất danh sách đảng viên ra CSV/XLSX đúng định dạng nhập (docs/formats.md), "
            "theo thứ tự tên.")
    what = "đảng viên"

    def export(self, unit):
        qs = Member.objects.all() if unit is None else Member.objects.in_subtree(unit)
        return exports.export_members(qs, self.fmt), qs.count()
