"""`quantriet demo`: load the synthetic province (idempotent)."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from quantriet.demo.generator import generate_province
from quantriet.lib.vntext import format_int
from quantriet.orgs.models import Unit

ROLE_LABELS = {
    "officer": "cán bộ cấp ủy",
    "inspector": "cán bộ kiểm tra",
    "grader": "người chấm bài thu hoạch",
    "member": "đảng viên",
    "admin": "quản trị",
}


class ProgressBar:
    """A one-line bar on a terminal; a line every 10 % otherwise (logs, CI)."""

    def __init__(self, stream, label: str = "Đang tạo đảng viên"):
        self.stream = stream
        self.label = label
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.last = -1

    def __call__(self, done: int, total: int) -> None:
        pct = 100 if not total else done * 100 // total
        step = pct if self.tty else pct - pct % 10
        if step == self.last:
            return
        self.last = step
        bar = "#" * (pct // 5) + "." * (20 - pct // 5)
        line = f"{self.label}: [{bar}] {pct:3d} % {format_int(done)}/{format_int(total)}"
        if self.tty:
            self.stream.write("\r" + line + ("\n" if done >= total else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu: một đảng bộ tỉnh tổng hợp theo mẫu Tiền Giang 2016-2017 "
        "(khoảng 11 đảng bộ cấp huyện, 1.000 tổ chức đảng, 44.000 đảng viên) cùng các tài "
        "khoản dùng thử. Chạy lại không tạo trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2016,
                            help="Hạt giống ngẫu nhiên; cùng hạt giống cho cùng dữ liệu "
                                 "(mặc định 2016).")
        parser.add_argument("--members", type=int, default=44_000,
                            help="Số đảng viên (mặc định 44000; ví dụ 5500000 cho quy mô "
                                 "toàn quốc).")
        parser.add_argument("--province-code", default="TG",
                            help="Mã đảng bộ tỉnh (mặc định TG).")
        parser.add_argument("--province-name", default="Đảng bộ tỉnh Tiền Giang",
                            help="Tên đảng bộ tỉnh (mặc định “Đảng bộ tỉnh Tiền Giang”).")
        parser.add_argument("--if-empty", action="store_true",
                            help="Chỉ tạo khi cơ sở dữ liệu chưa có tổ chức đảng nào "
                                 "(dùng cho make run).")
        parser.add_argument("--quiet", action="store_true",
                            help="Không hiện tiến độ và bảng tài khoản.")

    def handle(self, *args, seed, members, province_code, province_name, quiet, if_empty,
               **options):
        if members < 1:
            raise CommandError("--members phải lớn hơn 0.")
        if if_empty and Unit.objects.exists():
            self.stdout.write(f"Cơ sở dữ liệu đã có {format_int(Unit.objects.count())} tổ chức "
                              "đảng; không tạo dữ liệu mẫu.")
            return
        quiet = quiet or options.get("verbosity", 1) == 0
        progress = None if quiet else ProgressBar(sys.stderr)
        summary = generate_province(seed=seed, members=members, code=province_code,
                                    name=province_name, progress=progress)
        if not summary.created:
            self.stdout.write(f"Dữ liệu mẫu đã có ({format_int(summary.members)} đảng viên); "
                              "không tạo lại.")
            return
        self.stdout.write(
            f"Đã tạo tỉnh mẫu {summary.code}: {format_int(summary.units)} tổ chức đảng, "
            f"{format_int(summary.members)} đảng viên, {summary.users} tài khoản."
        )
        if quiet:
            return
        self.stdout.write(f"Tài khoản dùng thử (mật khẩu “{summary.password}”, chỉ cho bản "
                          "chạy thử trên máy):")
        width = max(len(login.username) for login in summary.logins)
        roles = [ROLE_LABELS.get(login.role, login.role) for login in summary.logins]
        role_width = max(len(r) for r in roles)
        code_width = max(len(login.unit_code) for login in summary.logins)
        for login, role in zip(summary.logins, roles, strict=True):
            self.stdout.write(f"  {login.username:<{width}}  {role:<{role_width}}  "
                              f"{login.unit_code:<{code_width}}  {login.unit_name}")
        self.stdout.write(f"({summary.seconds:.1f} giây)")
