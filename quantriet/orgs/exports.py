"""Export of units and members to CSV or XLSX, in the import format (docs/formats.md).

The headers are exactly the English contract headers, and the values are written so that the
file re-imports unchanged. Cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

from quantriet.lib import vntext
from quantriet.spreadsheets import write_csv, write_xlsx

from .models import Gender, MemberStatus

UNIT_HEADERS = ("code", "name", "parent_code", "kind", "active", "level")
MEMBER_HEADERS = ("member_id", "card_no", "full_name", "birth_date", "gender", "unit_code",
                  "status", "exempt", "exempt_reason", "active")
FORMATS = ("csv", "xlsx")

GENDER_TEXT = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"}
STATUS_TEXT = {MemberStatus.FULL: "chính thức", MemberStatus.PROBATIONARY: "dự bị"}
CHUNK = 2000


def _yes(flag: bool) -> str:
    return "có" if flag else "không"


def _unit_rows(units) -> Iterator[tuple]:
    for u in units.select_related("parent").order_by("path").iterator(chunk_size=CHUNK):
        yield (u.code, u.name, u.parent.code if u.parent_id else "", u.kind,
               _yes(u.active), u.depth)


def _member_rows(members) -> Iterator[tuple]:
    qs = members.select_related("unit").order_by("name_key", "member_id")
    for m in qs.iterator(chunk_size=CHUNK):
        yield (m.member_id, m.card_no, m.full_name, m.birth_date,
               GENDER_TEXT.get(m.gender, ""), m.unit.code, STATUS_TEXT.get(m.status, m.status),
               "có" if m.exempt else "", m.exempt_reason, _yes(m.active))


def export_units(units_qs, fmt: str) -> bytes:
    """The units of `units_qs` (parents first) as a file that import_units accepts."""
    return _write(UNIT_HEADERS, _unit_rows(units_qs), fmt, "Đơn vị")


def export_members(members_qs, fmt: str) -> bytes:
    """The members of `members_qs` (in name order) as a file that import_members accepts."""
    return _write(MEMBER_HEADERS, _member_rows(members_qs), fmt, "Đảng viên")


def _write(headers: tuple[str, ...], rows: Iterable[tuple], fmt: str, title: str) -> bytes:
    if fmt == "csv":
        return _write_csv(headers, rows)
    if fmt == "xlsx":
        return _write_xlsx(headers, rows, title)
    raise ValueError(f"unknown export format {fmt!r}; expected one of {FORMATS}")


def _csv_cell(value) -> str | int:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return vntext.format_date(value)
    return value


def _write_csv(headers, rows) -> bytes:
    # Formula-like text gets a leading apostrophe (spreadsheets.csv_safe); read_table strips
    # it again, so the file still round-trips.
    return write_csv(list(headers), rows, _csv_cell)


def _write_xlsx(headers, rows, title: str) -> bytes:
    return write_xlsx([(title, list(headers), rows)])
