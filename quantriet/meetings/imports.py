"""Import of a meeting's sign-in sheet (danh sách ký tên) from CSV or XLSX (no HTTP here).

All-or-nothing, like the roll imports of quantriet.orgs.imports (whose generic `read_table`
this reuses): every row is validated first and every problem collected as a RowError; if
there is one, ImportFailed is raised and nothing changes. Otherwise the rows are recorded
in one transaction through meetings.services.attendance_record (method "sheet"), one call
per bridge point, with one audit row for the whole sheet. Members already marked at the
meeting are duplicates, not errors, so importing the same sheet twice is harmless.

The format is documented in docs/formats.md ("Danh sách ký tên / sign-in sheet").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quantriet.accounts.services import audit_record
from quantriet.dbutil import batched
from quantriet.lib import vntext
from quantriet.orgs import access
from quantriet.orgs.imports import (
    ImportFailed,
    RowError,
    Value,
    header_key,
    match_columns,
    read_table,
)
from quantriet.orgs.models import Member

from .models import AttendanceStatus, BridgePoint, CheckInMethod, Meeting
from .services import attendance_record

__all__ = ["ImportFailed", "RowError", "SHEET_COLUMNS", "SheetResult", "import_sheet"]

# Member ids per query: well under SQLite's bound-parameter limit.
CHUNK = 2000

SHEET_COLUMNS: dict[str, tuple[str, ...]] = {
    "member_id": ("số hiệu đảng viên", "mã đảng viên", "số hiệu", "mã số đảng viên"),
    "status": ("trạng thái", "tình trạng", "điểm danh"),
    "bridge_point": ("điểm cầu", "mã điểm cầu"),
    "full_name": ("họ và tên", "họ tên", "họ và tên đảng viên", "tên đảng viên"),
}
SHEET_REQUIRED = ("member_id",)

_STATUS_WORDS: dict[str, tuple[str, ...]] = {
    AttendanceStatus.PRESENT: ("có mặt", "present", "x", "có"),
    AttendanceStatus.EXCUSED: ("vắng có lý do", "vắng có lí do", "vắng mặt có lý do",
                               "excused", "vắng"),
}
STATUS_BY_KEY = {header_key(word): str(status)
                 for status, words in _STATUS_WORDS.items() for word in words}


@dataclass
class SheetResult:
    rows: int = 0  # data rows of the sheet
    accepted: int = 0  # attendance rows written (new marks, excused turned present)
    duplicates: int = 0  # already marked at this meeting, or repeated in the sheet
    newly_covered: int = 0  # roll members covered for the first time in the campaign
    not_on_roll: int = 0  # present, but not on the campaign's roll: not in the figures
    per_bridge_point: dict[str, int] = field(default_factory=dict)  # code ("" = none): rows

    def summary_text(self) -> str:
        """One line, in Vietnamese for example "Đã nhập danh sách ký tên: 25 dòng, 20 ghi
        nhận mới, 5 đã có từ trước, 18 đảng viên được học tập lần đầu, 0 không thuộc danh
        sách đảng viên của đợt học tập"."""
        n = vntext.format_int
        return ngettext(
            "Sign-in sheet imported: %(rows)s row, %(accepted)s recorded, %(duplicates)s "
            "already recorded, %(covered)s newly covered, %(not_on_roll)s not on the "
            "campaign roll",
            "Sign-in sheet imported: %(rows)s rows, %(accepted)s recorded, %(duplicates)s "
            "already recorded, %(covered)s newly covered, %(not_on_roll)s not on the "
            "campaign roll", self.rows,
        ) % {"rows": n(self.rows), "accepted": n(self.accepted),
             "duplicates": n(self.duplicates), "covered": n(self.newly_covered),
             "not_on_roll": n(self.not_on_roll)}

    def as_dict(self) -> dict:
        return {**asdict(self), "text": self.summary_text()}


@dataclass
class _Row:
    number: int
    member_pk: int
    status: str
    bridge_point: BridgePoint | None


def _text(value: Value) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _markable(actor, meeting: Meeting):
    if actor is None:  # the system (console commands)
        return Member.objects.all()
    return access.markable_members(actor, meeting)


def operable_bridge_points(actor, meeting: Meeting) -> dict[str, BridgePoint]:
    """{code: bridge point} of the meeting where the actor may mark attendance (all, for
    the system and the organiser's officers), in one query (as access.can_operate)."""
    points = BridgePoint.objects.filter(meeting=meeting).select_related("host")
    if actor is not None and not access.can_write_unit(actor, meeting.organiser):
        q = Q(operators=actor) if actor.is_authenticated else Q(pk__in=[])
        host_q = access.unit_path_q(actor, "host__path", write=True)
        if host_q is not None:
            q |= host_q
        points = points.filter(q).distinct()
    return {p.code: p for p in points}


def _resolve_members(actor, meeting: Meeting, ids: set[str]) -> dict[str, tuple[int, str]]:
    """{member id: (pk, full name)} of the ids the actor may mark, in chunked queries."""
    markable = _markable(actor, meeting)
    found: dict[str, tuple[int, str]] = {}
    for chunk in batched(sorted(ids), CHUNK):
        for pk, member_id, full_name in markable.filter(member_id__in=chunk).values_list(
                "pk", "member_id", "full_name"):
            found[member_id] = (pk, full_name)
    return found


def import_sheet(*, actor, meeting: Meeting, data: bytes, filename: str,
                 bridge_point: BridgePoint | None = None) -> SheetResult:
    """Record the attendance of a sign-in sheet. `bridge_point` fixes the bridge point of
    every row (a row naming another one is an error); without it each row's `bridge_point`
    column decides (empty: no bridge point). actor None = the system: every member and
    bridge point may be marked. Raises ImportFailed (nothing changed) on any bad row."""
    if bridge_point is not None and bridge_point.meeting_id != meeting.pk:
        raise ValueError("bridge point of another meeting")
    headers, table = read_table(data, filename, SHEET_COLUMNS, required=SHEET_REQUIRED)
    if not table:
        raise ImportFailed([RowError(None, "", _("The sheet lists no party members."))])
    label = {**{f: f for f in SHEET_COLUMNS}, **match_columns(headers, SHEET_COLUMNS)}
    errors: list[RowError] = []

    def error(row: int, column: str, message: str) -> None:
        errors.append(RowError(row, label[column], message))

    ids = {_text(cells.get("member_id")) for _n, cells in table} - {""}
    members = _resolve_members(actor, meeting, ids)
    points = operable_bridge_points(actor, meeting)

    rows: list[_Row] = []
    seen: dict[int, _Row] = {}
    for number, cells in table:
        n_errors = len(errors)
        member_id = _text(cells.get("member_id"))
        member = None
        if not member_id:
            error(number, "member_id", _("Missing party member ID"))
        else:
            member = members.get(member_id)
            if member is None:
                # The same words for an unknown id and one the uploader may not mark.
                error(number, "member_id", _(
                    "No party member with ID «%(member_id)s» whom you may mark at this "
                    "meeting") % {"member_id": member_id})

        status_text = _text(cells.get("status"))
        status = STATUS_BY_KEY.get(header_key(status_text)) if status_text else str(
            AttendanceStatus.PRESENT)
        if status is None:
            error(number, "status", _("Invalid status: «%(value)s» (use có mặt or vắng có "
                                      "lý do)") % {"value": status_text})

        point = bridge_point
        point_code = _text(cells.get("bridge_point"))
        if point_code:
            if bridge_point is not None and point_code != bridge_point.code:
                error(number, "bridge_point", _(
                    "The row names bridge point «%(code)s» but the sheet is imported for "
                    "bridge point %(chosen)s") % {"code": point_code,
                                                  "chosen": bridge_point.code})
            elif bridge_point is None:
                point = points.get(point_code)
                if point is None:
                    error(number, "bridge_point", _(
                        "No bridge point «%(code)s» of this meeting that you operate")
                        % {"code": point_code})

        full_name = _text(cells.get("full_name"))
        if member is not None and full_name and vntext.fold(full_name) != vntext.fold(
                member[1]):
            error(number, "full_name", _(
                "The name «%(name)s» does not match party member %(member_id)s "
                "(%(member_name)s): check the ID") % {
                "name": full_name, "member_id": member_id, "member_name": member[1]})

        if len(errors) > n_errors:
            continue
        row = _Row(number, member[0], status, point)
        earlier = seen.get(row.member_pk)
        if earlier is None:
            seen[row.member_pk] = row
        elif earlier.status != row.status:
            error(number, "status", _(
                "Party member %(member_id)s is already on row %(row)s with another status")
                % {"member_id": member_id, "row": earlier.number})
            continue
        elif earlier.bridge_point != row.bridge_point:
            error(number, "bridge_point", _(
                "Party member %(member_id)s is already on row %(row)s at another bridge point")
                % {"member_id": member_id, "row": earlier.number})
            continue
        rows.append(row)

    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: e.row or 0))
    return _record(actor, meeting, rows, filename)


@transaction.atomic
def _record(actor, meeting: Meeting, rows: list[_Row], filename: str) -> SheetResult:
    by_point: dict[BridgePoint | None, list[tuple[int, str]]] = defaultdict(list)
    for row in rows:
        by_point[row.bridge_point].append((row.member_pk, row.status))
    result = SheetResult(rows=len(rows))
    for point in sorted(by_point, key=lambda p: p.code if p else ""):
        records = by_point[point]
        done = attendance_record(actor=actor, meeting=meeting, records=records,
                                 method=CheckInMethod.SHEET, bridge_point=point)
        result.accepted += done.accepted
        result.duplicates += done.duplicates
        result.newly_covered += done.newly_covered
        result.not_on_roll += done.not_on_roll
        result.per_bridge_point[point.code if point else ""] = len(records)
    points = [p for p in by_point if p is not None]
    audit_record(
        actor=actor, action="attendance.sheet", obj=meeting, object_id=meeting.code,
        unit=points[0].host if len(by_point) == 1 and points else meeting.organiser,
        summary=result.summary_text(),
        after={"file": filename, "rows": result.rows, "accepted": result.accepted,
               "duplicates": result.duplicates, "newly_covered": result.newly_covered,
               "not_on_roll": result.not_on_roll,
               "bridge_points": result.per_bridge_point},
    )
    return result
