"""What the import and export commands share: a text progress bar and two base commands.

(Kept in the package's __init__ because Django lists every other module here as a command.)
"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quantriet.lib import vntext
from quantriet.orgs import imports
from quantriet.orgs.models import Unit

BAR_WIDTH = 30


def _plain(text: str) -> str:
    return text  # stderr is styled as errors on a terminal; the bar is not an error


class ProgressBar:
    """`[#########---------]  45 %  19.800/44.000` on stderr, redrawn in place."""

    def __init__(self, stream, min_interval: float = 0.1):
        self.stream = stream
        self.min_interval = min_interval
        self.last = 0.0
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.last < self.min_interval:
            return
        self.last = now
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        pct = 100 * done // total if total else 100
        self.stream.write(
            f"\r[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {pct:3d} %  "
            f"{vntext.format_int(done)}/{vntext.format_int(total)}", style_func=_plain,
            ending="")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("", style_func=_plain)
            self.drawn = False


class ImportCommand(BaseCommand):
    """`quantriet import-... FILE`: all-or-nothing, idempotent, as the system (no actor)."""

    runner = staticmethod(imports.import_members)

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .csv (UTF-8) hoặc .xlsx (xem docs/formats.md)")
        parser.add_argument("--no-progress", action="store_true",
                            help="Không hiện thanh tiến độ")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as e:
            raise CommandError(f"Không đọc được tệp {path}: {e.strerror}") from None
        bar = None if options["no_progress"] else ProgressBar(self.stderr)
        try:
            result = self.runner(actor=None, data=data, filename=path.name, progress=bar)
        except imports.ImportFailed as e:
            if bar:
                bar.close()
            for error in e.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{vntext.format_int(len(e.errors))} lỗi trong tệp {path.name}; "
                "không có thay đổi nào được ghi.") from None
        if bar:
            bar.close()
        self.stdout.write(result.summary_text())


class ExportCommand(BaseCommand):
    """`quantriet export-... [--unit CODE] --out FILE.csv|FILE.xlsx` (format from the name)."""

    what = ""

    def add_arguments(self, parser):
        parser.add_argument("--unit", metavar="CODE",
                            help="Chỉ xuất đơn vị này và các đơn vị cấp dưới (mặc định: tất cả)")
        parser.add_argument("--out", required=True, metavar="FILE",
                            help="Tệp kết quả: .csv (UTF-8 có BOM) hoặc .xlsx")

    def export(self, unit: Unit | None) -> tuple[bytes, int]:  # pragma: no cover - abstract
        raise NotImplementedError

    def handle(self, *args, **options):
        out = Path(options["out"])
        self.fmt = out.suffix.lower().lstrip(".")
        if self.fmt not in ("csv", "xlsx"):
            raise CommandError("Tệp kết quả phải có đuôi .csv hoặc .xlsx")
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"Không tìm thấy đơn vị có mã «{options['unit']}»")
        data, count = self.export(unit)
        try:
            out.write_bytes(data)
        except OSError as e:
            raise CommandError(f"Không ghi được tệp {out}: {e.strerror}") from None
        self.stdout.write(f"Đã xuất {count:,} {self.what} ra {out}".replace(",", "."))
