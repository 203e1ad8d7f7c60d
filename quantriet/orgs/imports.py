"""Import of the unit tree and the member roll from CSV or XLSX files (no HTTP here).

Every import is all-or-nothing: each row is validated first and *all* errors are collected
(`RowError(row, column, message)`, row = spreadsheet row, header = 1); if there is one,
`ImportFailed(errors)` is raised and nothing changes. Only then are the writes done, inside
one transaction, with one audit row that lists every created id and every change.

Re-importing a file updates rows in place (only the changed fields), never duplicates them,
and leaves rows that are absent from the file alone. The file formats are documented in
docs/formats.md; the English headers are a contract other tools rely on.

`read_table()` is generic (the column alias map is a parameter) so the other imports of the
project (attendance sheets, learning reports) can share it.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quantriet import uploads
from quantriet.accounts.services import audit_record
from quantriet.dbutil import insert_many, update_many
from quantriet.lib import vntext
from quantriet.spreadsheets import FORMULA_PREFIXES  # neutralised by our exports

from . import access
from .models import Gender, Member, Membership, MemberStatus, Unit, UnitKind
from .selectors import member_pks
from .services import today, unit_move

Progress = Callable[[int, int], None]
Value = str | datetime.date | None

BATCH = 2000
# Unit.path holds 255 characters of 11-character segments.
MAX_UNIT_DEPTH = 255 // len(Unit.segment(0)) - 1
MIN_BIRTH_YEAR = 1900
MIN_AGE = 18


# ---------------------------------------------------------------------------
# Results and errors
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem in the file. row None: the file as a whole; column: header as written."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        values = {"row": self.row, "column": self.column, "message": self.message}
        if self.row is not None and self.column:
            return _("Row %(row)s, column %(column)s: %(message)s") % values
        if self.row is not None:
            return _("Row %(row)s: %(message)s") % values
        if self.column:
            return _("Column %(column)s: %(message)s") % values
        return self.message

    def as_dict(self) -> dict:
        return asdict(self)


class ImportFailed(Exception):
    """The file was rejected; `errors` lists every problem found. Nothing was changed."""

    def __init__(self, errors: list[RowError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    transferred: int = 0  # members: changed unit; units: moved under another parent
    unchanged: int = 0
    total: int = 0
    kind: str = "members"  # "members" or "units"

    def summary_text(self) -> str:
        """The one-line summary, in Vietnamese for example
        "Đã nhập 44.000 đảng viên: 43.990 thêm mới, 10 cập nhật, 0 không đổi"."""
        n = vntext.format_int
        values = {"total": n(self.total), "created": n(self.created),
                  "updated": n(self.updated), "transferred": n(self.transferred),
                  "unchanged": n(self.unchanged)}
        if self.kind == "members" and self.transferred:
            text = ngettext(
                "Imported %(total)s party member: %(created)s new, %(updated)s updated, "
                "%(transferred)s transferred, %(unchanged)s unchanged",
                "Imported %(total)s party members: %(created)s new, %(updated)s updated, "
                "%(transferred)s transferred, %(unchanged)s unchanged", self.total)
        elif self.kind == "members":
            text = ngettext(
                "Imported %(total)s party member: %(created)s new, %(updated)s updated, "
                "%(unchanged)s unchanged",
                "Imported %(total)s party members: %(created)s new, %(updated)s updated, "
                "%(unchanged)s unchanged", self.total)
        elif self.transferred:
            text = ngettext(
                "Imported %(total)s unit: %(created)s new, %(updated)s updated, "
                "%(transferred)s moved to another parent, %(unchanged)s unchanged",
                "Imported %(total)s units: %(created)s new, %(updated)s updated, "
                "%(transferred)s moved to another parent, %(unchanged)s unchanged", self.total)
        else:
            text = ngettext(
                "Imported %(total)s unit: %(created)s new, %(updated)s updated, "
                "%(unchanged)s unchanged",
                "Imported %(total)s units: %(created)s new, %(updated)s updated, "
                "%(unchanged)s unchanged", self.total)
        return text % values

    def as_dict(self) -> dict:
        return {**asdict(self), "text": self.summary_text()}


class _Errors(list):
    def add(self, row: int | None, column: str, message: str) -> None:
        self.append(RowError(row, column, message))


class _Progress:
    """Reports validation progress (never `total` before the writes are committed)."""

    def __init__(self, callback: Progress | None, total: int):
        self.callback = callback
        self.total = total
        self.step = max(1, total // 100)
        self.last = -1

    def tick(self, done: int) -> None:
        if self.callback is None:
            return
        done = min(done, self.total - 1)
        if done > self.last and (done - self.last >= self.step or self.last < 0):
            self.last = done
            self.callback(done, self.total)

    def finish(self) -> None:
        if self.callback is not None:
            self.callback(self.total, self.total)


# ---------------------------------------------------------------------------
# Reading files
# ---------------------------------------------------------------------------

_HEADER_PUNCT_RE = re.compile(r"[\s_\-./:,;*()\[\]]+")


def header_key(text: str) -> str:
    """Comparison key of a header or an enumerated value: accents, case, spacing and
    punctuation do not matter ("Mã đơn vị cấp trên" == "ma_don_vi_cap_tren")."""
    return _HEADER_PUNCT_RE.sub(" ", vntext.fold(text)).strip()


def _match_indexes(headers: list[str], aliases: Mapping[str, Iterable[str]]
                   ) -> tuple[dict[str, int], list[RowError]]:
    """({field: column index}, errors for a second column meaning the same field)."""
    by_key = {header_key(a): f for f, names in aliases.items() for a in (f, *names)}
    found: dict[str, int] = {}
    errors: list[RowError] = []
    for i, header in enumerate(headers):
        name = by_key.get(header_key(header)) if header else None
        if name is None:
            continue
        if name in found:
            errors.append(RowError(1, header, _(
                "Column «%(column)s» means the same as column «%(other)s»; keep only one "
                "of them.") % {"column": header, "other": headers[found[name]]}))
        else:
            found[name] = i
    return found, errors


def match_columns(headers: list[str], aliases: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """{field: header as written in the file} for the headers that name a known field."""
    return {f: headers[i] for f, i in _match_indexes(headers, aliases)[0].items()}


def _file_error(message: str) -> ImportFailed:
    return ImportFailed([RowError(None, "", message)])


def _cell(value) -> Value:
    """A calamine (or csv) cell as a cleaned str, a date, or None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time() else value
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        # Ids typed as numbers in Excel arrive as 101001.0.
        text = str(int(value)) if value.is_integer() else repr(value)
    else:
        text = vntext.clean(str(value))
    return text or None


def _read_csv_rows(data: bytes, filename: str = "") -> list[list]:
    text = uploads.decode_csv(data, filename)  # UploadRejected: read_table reports it
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first.count) if first else ","
    rows = []
    limit = settings.IMPORT_MAX_ROWS
    for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        if len(rows) >= limit:
            uploads.check_rows(len(rows) + 1, filename)
        rows.append([
            # Undo the formula neutralisation of our own exports ("'=..." -> "=...").
            c[1:] if c[:1] == "'" and c[1:2] in FORMULA_PREFIXES else c for c in record
        ])
    return rows


def _read_xlsx_rows(data: bytes) -> list[list]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not workbook.sheet_names:
            return []
        # skip_empty_area=False keeps row i of the list at spreadsheet row i + 1.
        return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except CalamineError as e:
        raise _file_error(
            _("Cannot read the Excel file (.xlsx): %(error)s") % {"error": e}) from None


def read_table(
    data: bytes,
    filename: str,
    aliases: Mapping[str, Iterable[str]] | None = None,
    *,
    required: Iterable[str] = (),
) -> tuple[list[str], list[tuple[int, dict[str, Value]]]]:
    """Read the first sheet of an .xlsx file, or a .csv file (UTF-8, BOM tolerated, `,` `;`
    or tab), into (headers as written, [(spreadsheet row number, {column: value})]).

    The header is the first non-empty row; fully blank rows are skipped; every text cell is
    trimmed and NFC-normalised; empty cells are None; XLSX dates arrive as dates.
    With `aliases` ({field: [accepted header names]}, matched by `header_key`) the row dicts
    are keyed by field and unknown columns are dropped; `required` fields whose column is
    missing are an error naming them. Without aliases the dicts are keyed by header text.
    """
    try:
        # Size, content and zip-bomb bounds (quantriet.uploads), then encoding and rows.
        ext = uploads.check(data, filename, "table")
        if ext == "csv":
            raw = _read_csv_rows(data, filename)
        else:
            raw = _read_xlsx_rows(data)
            uploads.check_rows(len(raw), filename)
    except uploads.UploadRejected as e:
        raise _file_error(e.message) from None

    rows_iter = ((i, [_cell(v) for v in r]) for i, r in enumerate(raw, start=1))
    headers: list[str] = []
    for _number, cells in rows_iter:
        if any(c is not None for c in cells):
            headers = [c if isinstance(c, str) else (str(c) if c is not None else "")
                       for c in cells]
            break
    if not headers:
        raise _file_error(_("The file has no data (no header row found)."))

    if aliases is None:
        columns = [(i, h) for i, h in enumerate(headers) if h]
    else:
        found, errors = _match_indexes(headers, aliases)
        missing = [f for f in required if f not in found]
        if missing:
            errors.insert(0, RowError(1, "", _("Missing required columns: %(columns)s")
                                      % {"columns": ", ".join(missing)}))
        if errors:
            raise ImportFailed(errors)
        columns = [(i, f) for f, i in found.items()]

    rows: list[tuple[int, dict[str, Value]]] = []
    for number, cells in rows_iter:
        if all(c is None for c in cells):
            continue
        width = len(cells)
        rows.append((number, {k: cells[i] if i < width else None for i, k in columns}))
    return headers, rows


# ---------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------


def _fetch_in(queryset, field_name: str, values: Iterable) -> list:
    """queryset.filter(field__in=values) in chunks (SQLite limits query parameters)."""
    values = list(values)
    out: list = []
    for i in range(0, len(values), BATCH):
        out.extend(queryset.filter(**{f"{field_name}__in": values[i:i + BATCH]}))
    return out


def _text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return vntext.format_date(value)
    return value


class _Scope:
    """What the actor may write: the access module decides; an optional `within` unit (the
    scope an import job was uploaded for) narrows it further. actor None = the system."""

    def __init__(self, actor, within: Unit | None = None):
        self.actor = actor
        self.within = within
        self.everything = within is None and (actor is None or access.is_superuser(actor))

    def can_write(self, unit: Unit) -> bool:
        if self.everything:
            return True
        if self.within is not None and not unit.path.startswith(self.within.path):
            return False
        return self.actor is None or access.can_write_unit(self.actor, unit)

    @property
    def can_write_roots(self) -> bool:
        return self.everything

    def audit_unit(self) -> Unit | None:
        if self.within is not None:
            return self.within
        if self.everything:
            return None
        return access.root_units_of(self.actor, write=True).order_by("depth", "path").first()


def _out_of_scope(code: str) -> str:
    return _("Unit %(code)s is outside the units you manage") % {"code": code}


def _too_long(value: str, limit: int) -> str | None:
    if len(value) > limit:
        return _("Too long (%(length)s characters; at most %(max)s)") % {
            "length": len(value), "max": limit}
    return None


# ---------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------

UNIT_COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("mã", "mã đơn vị", "mã tổ chức đảng", "mã tổ chức", "mã số"),
    "name": ("tên", "tên đơn vị", "tên tổ chức đảng", "tên tổ chức", "tên gọi"),
    "parent_code": ("parent", "mã cấp trên", "mã đơn vị cấp trên", "mã tổ chức đảng cấp trên",
                    "mã tổ chức cấp trên", "cấp trên", "đơn vị cấp trên", "trực thuộc"),
    "kind": ("loại", "loại hình", "loại đơn vị", "loại tổ chức", "loại tổ chức đảng",
             "loại hình tổ chức", "loại hình tổ chức đảng"),
}
UNIT_REQUIRED = ("code", "name", "parent_code")

_KIND_LABELS: dict[str, tuple[str, ...]] = {
    UnitKind.PROVINCE: ("đảng bộ tỉnh", "đảng bộ thành phố", "đảng bộ tỉnh/thành phố"),
    UnitKind.COMMUNE: ("đảng bộ xã/phường", "đảng bộ xã", "đảng bộ phường", "đảng bộ đặc khu",
                       "đảng bộ xã, phường", "đảng bộ xã/phường/đặc khu"),
    UnitKind.DISTRICT: ("đảng bộ huyện", "đảng bộ quận", "đảng bộ thị xã"),
    UnitKind.BLOC: ("đảng ủy khối", "đảng uỷ khối", "đảng bộ khối"),
    UnitKind.GRASSROOTS: ("đảng bộ cơ sở",),
    UnitKind.GRASSROOTS_CELL: ("chi bộ cơ sở",),
    UnitKind.SUB_ORG: ("đảng bộ bộ phận",),
    UnitKind.CELL: ("chi bộ trực thuộc", "chi bộ"),
    UnitKind.OTHER: ("khác", "tổ chức đảng khác"),
}
KIND_BY_KEY = {
    header_key(label): str(kind)
    for kind, labels in _KIND_LABELS.items()
    for label in (str(kind), *labels)
}


@dataclass
class _UnitRow:
    row: int
    code: str
    name: str
    parent_code: str | None
    kind: str | None  # None: not given (new: "other"; existing: unchanged)
    unit: Unit | None = None  # the existing unit with this code
    moved: bool = False
    changes: dict = field(default_factory=dict)


def import_units(*, actor, data: bytes, filename: str, progress: Progress | None = None,
                 within: Unit | None = None) -> ImportResult:
    """Create or update units from a file of code,name,parent_code[,kind] rows."""
    headers, table = read_table(data, filename, UNIT_COLUMNS, required=UNIT_REQUIRED)
    label = {**{f: f for f in UNIT_COLUMNS}, **match_columns(headers, UNIT_COLUMNS)}
    scope = _Scope(actor, within)
    errors = _Errors()
    meter = _Progress(progress, len(table))

    # Pass 1: each row on its own.
    rows: list[_UnitRow] = []
    seen: dict[str, int] = {}
    for i, (number, cells) in enumerate(table):
        meter.tick(i)
        code, name = _text(cells.get("code")), _text(cells.get("name"))
        parent_code = _text(cells.get("parent_code")) or None
        kind_text = _text(cells.get("kind"))
        kind = None
        if not code:
            errors.add(number, label["code"], _("Missing unit code"))
        elif msg := _too_long(code, 50):
            errors.add(number, label["code"], msg)
        elif code in seen:
            errors.add(number, label["code"], _("Unit code %(code)s repeats row %(row)s")
                       % {"code": code, "row": seen[code]})
        if not name:
            errors.add(number, label["name"], _("Missing unit name"))
        elif msg := _too_long(name, 255):
            errors.add(number, label["name"], msg)
        if kind_text:
            kind = KIND_BY_KEY.get(header_key(kind_text))
            if kind is None:
                errors.add(number, label["kind"],
                           _("Invalid unit kind: «%(value)s» (see docs/formats.md)")
                           % {"value": kind_text})
        if code and code not in seen:
            seen[code] = number
            rows.append(_UnitRow(number, code, name, parent_code, kind))

    # Load the units the file names (as rows or as parents) and all their ancestors.
    by_code_row = {r.code: r for r in rows}
    wanted = set(by_code_row) | {r.parent_code for r in rows if r.parent_code}
    db_units = {u.code: u for u in _fetch_in(Unit.objects.all(), "code", wanted)}
    by_id = {u.pk: u for u in db_units.values()}
    ancestor_ids = {a for u in db_units.values() for a in u.ancestor_ids()} - set(by_id)
    for u in _fetch_in(Unit.objects.all(), "pk", ancestor_ids):
        by_id[u.pk] = u
        db_units[u.code] = u

    # Pass 2: parents, scope.
    for r in rows:
        r.unit = db_units.get(r.code)
        col = label["parent_code"]
        if r.parent_code and r.parent_code not in by_code_row and r.parent_code not in db_units:
            errors.add(r.row, col, _("Parent unit «%(code)s» not found (neither in the file "
                                     "nor in the system)") % {"code": r.parent_code})
            continue
        if r.unit is not None:
            if not scope.can_write(r.unit):
                errors.add(r.row, label["code"], _out_of_scope(r.code))
                continue
            current_parent = by_id[r.unit.parent_id].code if r.unit.parent_id else None
            r.moved = current_parent != r.parent_code
            if not r.moved:
                continue
        # A new unit, or an existing one moving: its new parent must be writable and active.
        if r.parent_code is None:
            if not scope.can_write_roots:
                errors.add(r.row, col, _("Only a system administrator may create (or turn a "
                                         "unit into) a top-level unit"))
            continue
        parent = db_units.get(r.parent_code)
        if parent is None:
            continue  # a new unit of this file: its own row is checked
        if not scope.can_write(parent):
            errors.add(r.row, col, _out_of_scope(r.parent_code))
        elif not parent.active:
            errors.add(r.row, col, _("Parent unit %(code)s is no longer active")
                       % {"code": r.parent_code})

    # Pass 3: the tree after the import must have no cycle and fit in Unit.path.
    def final_parent(code: str) -> str | None:
        row = by_code_row.get(code)
        if row is not None:
            return row.parent_code
        unit = db_units.get(code)
        return by_id[unit.parent_id].code if unit is not None and unit.parent_id else None

    depth: dict[str, int] = {}
    in_cycle: set[str] = set()
    for r in rows:
        chain: list[str] = []
        on_chain: set[str] = set()
        code: str | None = r.code
        while code is not None and code not in depth and code not in in_cycle:
            if code in on_chain:
                cycle = chain[chain.index(code):]
                text = ", ".join(_("%(unit)s under %(parent)s")
                                 % {"unit": c, "parent": final_parent(c)} for c in cycle)
                for c in cycle:
                    if c in by_code_row and c not in in_cycle:
                        errors.add(by_code_row[c].row, label["parent_code"],
                                   _("Cycle in the unit tree: %(cycle)s (a unit cannot be "
                                     "under itself)") % {"cycle": text})
                in_cycle.update(chain)
                break
            chain.append(code)
            on_chain.add(code)
            code = final_parent(code)
        else:
            base = -1 if code is None else (depth.get(code) if code in depth else None)
            if base is None:  # reached a unit already known to be in a cycle
                in_cycle.update(chain)
                continue
            for c in reversed(chain):
                base += 1
                depth[c] = base
        if depth.get(r.code, 0) > MAX_UNIT_DEPTH:
            errors.add(r.row, label["parent_code"],
                       _("The unit tree is too deep (at most %(levels)s levels)")
                       % {"levels": MAX_UNIT_DEPTH + 1})

    # Which rows change what.
    result = ImportResult(total=len(table), kind="units")
    for r in rows:
        if r.unit is None:
            result.created += 1
            continue
        u = r.unit
        if r.name != u.name:
            r.changes["name"] = (u.name, r.name)
        if r.kind is not None and r.kind != u.kind:
            r.changes["kind"] = (u.kind, r.kind)
        if r.moved:
            old = by_id[u.parent_id].code if u.parent_id else None
            r.changes["parent_code"] = (old, r.parent_code)
            result.transferred += 1
        elif r.changes:
            result.updated += 1
        else:
            result.unchanged += 1

    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: (e.row or 0)))

    with transaction.atomic():
        _write_units(actor, rows, db_units, depth)
        audit_record(
            actor=actor, action="import.units", object_type="import", object_id=filename[:64],
            unit=scope.audit_unit(), summary=result.summary_text(),
            after={
                "file": filename, "created": result.created, "updated": result.updated,
                "transferred": result.transferred, "unchanged": result.unchanged,
                "created_ids": [r.code for r in rows if r.unit is None],
                "changes": [
                    {"code": r.code, "before": {k: v[0] for k, v in r.changes.items()},
                     "after": {k: v[1] for k, v in r.changes.items()}}
                    for r in rows if r.changes
                ],
            },
        )
    meter.finish()
    return result


def _write_units(actor, rows: list[_UnitRow], db_units: dict[str, Unit],
                 depth: dict[str, int]) -> None:
    now = timezone.now()
    new_units = [
        Unit(code=r.code, name=r.name, name_fold=vntext.fold(r.name),
             kind=r.kind or UnitKind.OTHER, path="", depth=0)
        for r in rows if r.unit is None
    ]
    Unit.objects.bulk_create(new_units, batch_size=BATCH)
    new_by_code = {u.code: u for u in new_units}
    units = {**db_units, **new_by_code}

    # Parents before children: a parent's final path is known when its children are placed.
    # Moves go through services.unit_move (one implementation of the subtree rewrite); the
    # new units placed so far are flushed first because unit_move reads the parent from the DB.
    pending: list[Unit] = []
    stale = False  # existing paths changed by a move since they were loaded

    def flush() -> None:
        Unit.objects.bulk_update(pending, ["parent", "path", "depth"], batch_size=BATCH)
        pending.clear()

    for r in sorted(rows, key=lambda r: depth[r.code]):
        parent = units[r.parent_code] if r.parent_code else None
        if parent is not None and stale and parent.code not in new_by_code:
            parent.refresh_from_db(fields=["path", "depth"])
        if r.unit is None:
            unit = new_by_code[r.code]
            unit.parent = parent
            unit.path = (parent.path if parent else "") + Unit.segment(unit.pk)
            unit.depth = parent.depth + 1 if parent else 0
            pending.append(unit)
        elif r.moved:
            flush()
            unit_move(actor=actor, unit=r.unit, new_parent=parent)
            stale = True
    flush()

    changed = [r for r in rows if r.unit is not None and ("name" in r.changes
                                                          or "kind" in r.changes)]
    for r in changed:
        r.unit.name = r.name
        r.unit.name_fold = vntext.fold(r.name)
        if r.kind is not None:
            r.unit.kind = r.kind
        r.unit.updated_at = now
    Unit.objects.bulk_update([r.unit for r in changed], ["name", "name_fold", "kind",
                                                         "updated_at"], batch_size=BATCH)


# ---------------------------------------------------------------------------
# Members
# ---------------------------------------------------------------------------

MEMBER_COLUMNS: dict[str, tuple[str, ...]] = {
    "member_id": ("số hiệu đảng viên", "mã đảng viên", "số hiệu", "mã số đảng viên"),
    "card_no": ("số thẻ", "số thẻ đảng viên", "số thẻ đảng"),
    "full_name": ("họ và tên", "họ tên", "họ và tên đảng viên", "tên đảng viên"),
    "birth_date": ("ngày sinh", "ngày tháng năm sinh", "ngày, tháng, năm sinh"),
    "gender": ("giới tính", "sex"),
    "unit_code": ("mã đơn vị", "mã chi bộ", "mã tổ chức đảng", "mã đơn vị sinh hoạt"),
    "status": ("trạng thái", "loại đảng viên"),
    "exempt": ("miễn sinh hoạt", "miễn sinh hoạt đảng", "được miễn sinh hoạt"),
    "exempt_reason": ("lý do miễn sinh hoạt", "lý do miễn", "lí do miễn sinh hoạt"),
}
MEMBER_REQUIRED = ("member_id", "full_name", "unit_code")

GENDER_BY_KEY = {"nam": Gender.MALE, "m": Gender.MALE, "male": Gender.MALE,
                 "nu": Gender.FEMALE, "f": Gender.FEMALE, "female": Gender.FEMALE}
STATUS_BY_KEY = {
    "chinh thuc": MemberStatus.FULL, "dang vien chinh thuc": MemberStatus.FULL,
    "full": MemberStatus.FULL,
    "du bi": MemberStatus.PROBATIONARY, "dang vien du bi": MemberStatus.PROBATIONARY,
    "probationary": MemberStatus.PROBATIONARY,
}
EXEMPT_BY_KEY = {
    "co": True, "x": True, "1": True, "yes": True, "true": True, "mien": True,
    "khong": False, "0": False, "no": False, "false": False,
}
# Fields compared and written on update, in the order of the contract.
_MEMBER_DATA = ("card_no", "full_name", "birth_date", "gender", "status", "exempt",
                "exempt_reason")


def _birth_date(value: Value, on: datetime.date) -> tuple[datetime.date | None, str | None]:
    if value is None:
        return None, None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        try:
            value = vntext.parse_date(value)
        except ValueError:
            return None, (_("Invalid date: «%(value)s»; use YYYY-MM-DD or DD/MM/YYYY")
                          % {"value": value})
    date = vntext.format_date(value)
    if value.year < MIN_BIRTH_YEAR:
        return None, (_("Birth date %(date)s is not plausible (before %(year)s)")
                      % {"date": date, "year": MIN_BIRTH_YEAR})
    if value > on:
        return None, _("Birth date %(date)s is in the future") % {"date": date}
    age = on.year - value.year - ((on.month, on.day) < (value.month, value.day))
    if age < MIN_AGE:
        return None, (_("Birth date %(date)s is not plausible: party members must be at least "
                        "%(age)s years old") % {"date": date, "age": MIN_AGE})
    return value, None


def import_members(*, actor, data: bytes, filename: str, progress: Progress | None = None,
                   within: Unit | None = None) -> ImportResult:
    """Create, update or transfer members from a file of the member columns."""
    headers, table = read_table(data, filename, MEMBER_COLUMNS, required=MEMBER_REQUIRED)
    found = match_columns(headers, MEMBER_COLUMNS)
    label = {**{f: f for f in MEMBER_COLUMNS}, **found}
    scope = _Scope(actor, within)
    errors = _Errors()
    meter = _Progress(progress, len(table))
    on = today()

    ids = {_text(c.get("member_id")) for _n, c in table} - {""}
    unit_codes = {_text(c.get("unit_code")) for _n, c in table} - {""}
    existing = {m.member_id: m for m in _fetch_in(Member.objects.select_related("unit"),
                                                   "member_id", ids)}
    units = {u.code: u for u in _fetch_in(Unit.objects.all(), "code", unit_codes)}
    writable: dict[int, bool] = {}

    def can_write(unit: Unit) -> bool:
        if unit.pk not in writable:
            writable[unit.pk] = scope.can_write(unit)
        return writable[unit.pk]

    result = ImportResult(total=len(table), kind="members")
    seen: dict[str, int] = {}
    new: list[Member] = []
    updates: list[tuple[Member, dict]] = []  # (member, {field: (before, after)})
    transfers: list[tuple[Member, Unit, int]] = []
    keyed: dict[tuple[str, str], object] = {}

    def lookup(table_: dict, column: str, value: str):
        """What `value` stands for in `table_`, or None for an invalid value."""
        cache_key = (column, value)
        if cache_key not in keyed:
            keyed[cache_key] = table_.get(header_key(value), None)
        return keyed[cache_key]

    for i, (number, cells) in enumerate(table):
        meter.tick(i)
        n_errors = len(errors)
        member_id = _text(cells.get("member_id"))
        full_name = _text(cells.get("full_name"))
        unit_code = _text(cells.get("unit_code"))
        if not member_id:
            errors.add(number, label["member_id"], _("Missing party member ID"))
        elif msg := _too_long(member_id, 32):
            errors.add(number, label["member_id"], msg)
        elif member_id in seen:
            errors.add(number, label["member_id"],
                       _("Party member ID %(member_id)s repeats row %(row)s")
                       % {"member_id": member_id, "row": seen[member_id]})
        else:
            seen[member_id] = number
        if not full_name:
            errors.add(number, label["full_name"], _("Missing full name"))
        elif msg := _too_long(full_name, 200):
            errors.add(number, label["full_name"], msg)

        values: dict = {"full_name": full_name}
        if "card_no" in found:
            values["card_no"] = _text(cells.get("card_no"))
            if msg := _too_long(values["card_no"], 32):
                errors.add(number, label["card_no"], msg)
        if "birth_date" in found:
            values["birth_date"], msg = _birth_date(cells.get("birth_date"), on)
            if msg:
                errors.add(number, label["birth_date"], msg)
        if "gender" in found:
            text = _text(cells.get("gender"))
            values["gender"] = text and lookup(GENDER_BY_KEY, "gender", text)
            if values["gender"] is None:
                errors.add(number, label["gender"],
                           _("Invalid gender: «%(value)s» (use Nam or Nữ)") % {"value": text})
        if "status" in found and (text := _text(cells.get("status"))):
            values["status"] = lookup(STATUS_BY_KEY, "status", text)
            if values["status"] is None:
                errors.add(number, label["status"],
                           _("Invalid status: «%(value)s» (use chính thức or dự bị)")
                           % {"value": text})
        if "exempt" in found:
            text = _text(cells.get("exempt"))
            values["exempt"] = bool(text) and lookup(EXEMPT_BY_KEY, "exempt", text)
            if values["exempt"] is None:
                errors.add(number, label["exempt"],
                           _("Invalid exemption value: «%(value)s» (leave it empty or write "
                             "có/không)") % {"value": text})
        if "exempt_reason" in found:
            values["exempt_reason"] = _text(cells.get("exempt_reason"))
            if msg := _too_long(values["exempt_reason"], 255):
                errors.add(number, label["exempt_reason"], msg)

        unit = None
        if not unit_code:
            errors.add(number, label["unit_code"], _("Missing unit code"))
        else:
            unit = units.get(unit_code)
            if unit is None:
                errors.add(number, label["unit_code"],
                           _("No unit with code «%(code)s»") % {"code": unit_code})
            elif not can_write(unit):
                errors.add(number, label["unit_code"], _out_of_scope(unit_code))
                unit = None

        member = existing.get(member_id) if member_id else None
        if member is not None and not can_write(member.unit):
            errors.add(number, label["member_id"],
                       _("Party member %(member_id)s belongs to unit %(code)s, outside the "
                         "units you manage") % {"member_id": member_id, "code": member.unit.code})
            continue
        if unit is not None and not unit.active and (member is None or member.unit_id != unit.pk):
            errors.add(number, label["unit_code"],
                       _("Unit %(code)s is no longer active") % {"code": unit_code})
        if member is not None and unit is not None and member.unit_id != unit.pk \
                and not member.active:
            errors.add(number, label["unit_code"],
                       _("Party member %(member_id)s has left the roll and cannot be "
                         "transferred") % {"member_id": member_id})
        if len(errors) > n_errors or member_id in ("",) or seen.get(member_id) != number:
            continue

        # The row is valid: what does it change?
        exempt = values.get("exempt", member.exempt if member else False)
        if not exempt:
            values["exempt_reason"] = ""  # as services.member_update does
        if member is None:
            m = Member(member_id=member_id, unit=unit, **values)
            m.set_derived()
            new.append(m)
            continue
        changes = {f: (getattr(member, f), values[f]) for f in _MEMBER_DATA
                   if f in values and getattr(member, f) != values[f]}
        if member.unit_id != unit.pk:
            transfers.append((member, unit, number))
        if changes:
            updates.append((member, changes))

    # Transfers close the current membership today: refused if it began later (as
    # services._close_open_membership refuses it).
    if transfers:
        late = dict(_fetch_in(
            Membership.objects.filter(end_date__isnull=True, start_date__gt=on)
            .values_list("member_id", "start_date"), "member_id",
            [m.pk for m, _u, _n in transfers]))
        for m, _unit, number in transfers:
            if m.pk in late:
                errors.add(number, label["unit_code"],
                           _("Party member %(member_id)s joined the current unit on %(date)s, "
                             "after today, and cannot be transferred")
                           % {"member_id": m.member_id, "date": vntext.format_date(late[m.pk])})

    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: (e.row or 0)))

    moved = {m.pk for m, _u, _n in transfers}
    result.created = len(new)
    result.transferred = len(transfers)
    result.updated = sum(1 for m, _c in updates if m.pk not in moved)
    result.unchanged = result.total - result.created - result.updated - result.transferred

    with transaction.atomic():
        changes_log = _write_members(new, updates, transfers, on)
        audit_record(
            actor=actor, action="import.members", object_type="import",
            object_id=filename[:64], unit=scope.audit_unit(), summary=result.summary_text(),
            after={
                "file": filename, "created": result.created, "updated": result.updated,
                "transferred": result.transferred, "unchanged": result.unchanged,
                "created_ids": [m.member_id for m in new],
                "changes": changes_log,
            },
        )
    meter.finish()
    return result


def _write_members(new: list[Member], updates: list[tuple[Member, dict]],
                   transfers: list[tuple[Member, Unit, int]], on: datetime.date) -> list[dict]:
    """The bulk form of member_create / member_update / member_transfer (same semantics:
    a new member gets one open membership with no start date; a transfer closes the open
    membership on `on` and opens one in the new unit from `on`)."""
    now = timezone.now()
    insert_many(Member, new)
    pks = member_pks([m.member_id for m in new])
    for member in new:
        member.pk = pks[member.member_id]
    insert_many(Membership, [Membership(member_id=m.pk, unit_id=m.unit_id, start_date=None)
                             for m in new])

    log: dict[int, dict] = {}
    fields: set[str] = set()
    for member, changes in updates:
        for name, (_before, after) in changes.items():
            setattr(member, name, after)
        member.set_derived()
        fields.update(changes)
        log[member.pk] = {"member_id": member.member_id,
                          "before": {k: v[0] for k, v in changes.items()},
                          "after": {k: v[1] for k, v in changes.items()}}
    if "full_name" in fields:
        fields.update(("name_fold", "name_key"))

    if transfers:
        moved_pks = [m.pk for m, _u, _n in transfers]
        for i in range(0, len(moved_pks), BATCH):
            Membership.objects.filter(member_id__in=moved_pks[i:i + BATCH],
                                      end_date__isnull=True).update(end_date=on)
        insert_many(Membership, [Membership(member_id=m.pk, unit_id=unit.pk, start_date=on)
                                 for m, unit, _n in transfers])
        for member, unit, _n in transfers:
            entry = log.setdefault(member.pk, {"member_id": member.member_id,
                                               "before": {}, "after": {}})
            entry["before"]["unit"] = member.unit.code
            entry["after"]["unit"] = unit.code
            entry["after"]["on"] = on
            member.unit = unit
        fields.add("unit")

    touched = {m.pk: m for m, _c in updates} | {m.pk: m for m, _u, _n in transfers}
    if touched:
        for member in touched.values():
            member.updated_at = now
        update_many(Member, touched.values(), sorted(fields | {"updated_at"}))
    return list(log.values())

