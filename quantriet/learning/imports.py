"""Bulk import of learning reports for a unit (docs/learning.md):

- a table (.csv UTF-8 or .xlsx) with columns member_id, text (Vietnamese headers
  "Mã đảng viên", "Nội dung" / "Bài thu hoạch" accepted);
- or a .zip of files named <member_id>.docx or <member_id>.txt (folders ignored).

All or nothing: every row is checked first; any error and nothing changes. Rows whose
report is already submitted with the same text are counted unchanged (re-importing a
file is harmless).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quantriet import uploads
from quantriet.accounts.services import audit_record
from quantriet.campaigns.models import Campaign, RollEntry
from quantriet.lib import vntext
from quantriet.orgs import access
from quantriet.orgs.imports import ImportFailed, RowError, read_table

from . import extract
from .models import LearningReport, ReportSource, ReportStatus
from .services import _hand_in, settings_of

ALIASES = {
    "member_id": ["member_id", "mã đảng viên", "ma dang vien", "số lý lịch", "mã"],
    "text": ["text", "nội dung", "bài thu hoạch", "noi dung", "bai thu hoach"],
}
MAX_ZIP_FILES = 5000
MAX_ZIP_BYTES = 200 * 1024 * 1024


@dataclass
class ReportImportResult:
    submitted: int = 0
    resubmitted: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.submitted + self.resubmitted + self.unchanged

    def summary_text(self) -> str:
        n = vntext.format_int
        return ngettext(
            "Imported %(total)s learning report: %(submitted)s submitted, %(resubmitted)s "
            "resubmitted, %(unchanged)s unchanged",
            "Imported %(total)s learning reports: %(submitted)s submitted, %(resubmitted)s "
            "resubmitted, %(unchanged)s unchanged", self.total,
        ) % {"total": n(self.total), "submitted": n(self.submitted),
             "resubmitted": n(self.resubmitted), "unchanged": n(self.unchanged)}


def _zip_rows(data: bytes) -> list[tuple[str, str, str | None, str | None]]:
    """[(file name, member id, text or None, error or None)]."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ImportFailed([RowError(None, "", _("The file is not a readable .zip archive."))]
                           ) from None
    infos = [i for i in archive.infolist() if not i.is_dir()
             and not i.filename.startswith("__MACOSX/")
             and not i.filename.rsplit("/", 1)[-1].startswith(".")]
    if len(infos) > MAX_ZIP_FILES or sum(i.file_size for i in infos) > MAX_ZIP_BYTES:
        raise ImportFailed([RowError(None, "", _(
            "The archive is too large: at most %(n)s files and %(mb)s MB uncompressed.")
            % {"n": vntext.format_int(MAX_ZIP_FILES), "mb": MAX_ZIP_BYTES // 1048576})])
    rows = []
    for info in infos:
        name = vntext.nfc(info.filename.rsplit("/", 1)[-1])
        stem, _dot, ext = name.rpartition(".")
        if ext.lower() not in extract.EXTENSIONS or not stem:
            rows.append((name, "", None, _("name it <member_id>.docx or <member_id>.txt")))
            continue
        if info.file_size > uploads.max_bytes("text"):
            rows.append((name, stem, None, _("the file is larger than %(mb)s MB")
                         % {"mb": uploads.max_bytes("text") // 1048576}))
            continue
        try:
            text = extract.extract_text(archive.read(info), name)
        except extract.ExtractError as e:
            rows.append((name, stem, None, str(e)))
        else:
            rows.append((name, vntext.clean(stem), text, None))
    if not rows:
        raise ImportFailed([RowError(None, "", _("The archive holds no report file."))])
    return rows


def _table_rows(data: bytes, filename: str) -> list[tuple[int, str, str | None, str | None]]:
    _headers, rows = read_table(data, filename, ALIASES, required=("member_id", "text"))
    out = []
    for number, row in rows:
        member_id = row.get("member_id")
        member_id = member_id if isinstance(member_id, str) else str(member_id or "")
        raw = row.get("text")
        try:
            text = extract.check_text(raw if isinstance(raw, str) else str(raw or ""))
        except extract.ExtractError as e:
            out.append((number, member_id, None, str(e)))
        else:
            out.append((number, member_id, text, None))
    if not out:
        raise ImportFailed([RowError(None, "", _("The file has no data rows."))])
    return out


def import_reports(*, actor, campaign: Campaign, data: bytes, filename: str,
                   unit=None) -> ReportImportResult:
    """Import reports of members on the campaign's roll within `unit` (default: the whole
    campaign) that the actor may write (actor None: the command line, no limit)."""
    try:
        uploads.check(data, filename, "reports")  # size, content, zip-bomb bounds
    except uploads.UploadRejected as e:
        raise ImportFailed([RowError(None, "", e.message)]) from None
    is_zip = filename.lower().endswith(".zip")
    if is_zip:
        rows = [(name, mid, text, err) for name, mid, text, err in _zip_rows(data)]
    else:
        rows = _table_rows(data, filename)
    ids = {mid for _r, mid, _t, _e in rows if mid}
    entries = {e.member.member_id: e for e in RollEntry.objects.filter(
        campaign=campaign, member__member_id__in=ids).select_related("member", "unit")}
    reports = {r.member_id: r for r in LearningReport.objects.filter(
        campaign=campaign, member__member_id__in=ids)}
    root = unit or campaign.owner

    def place(where) -> tuple:
        return (None, "", _("File «%(file)s»") % {"file": where}) if is_zip else \
            (where, "", "")

    errors: list[RowError] = []
    seen: dict[str, object] = {}
    good: list[tuple[RollEntry, str]] = []
    for where, member_id, text, error in rows:
        row, _col, prefix = place(where)
        column = "" if is_zip else "member_id"

        def fail(message, column=column, row=row, prefix=prefix):
            errors.append(RowError(row, column, f"{prefix}: {message}" if prefix else message))

        if not member_id:
            fail(error or _("the member id is empty"))
            continue
        entry = entries.get(member_id)
        if entry is None or not entry.unit.path.startswith(root.path) or (
                actor is not None and not access.can_write_unit(actor, entry.unit)):
            fail(_("%(id)s is not on this campaign's roll in the units you manage")
                 % {"id": member_id})
            continue
        if member_id in seen:
            fail(_("member %(id)s appears twice (also at %(other)s)")
                 % {"id": member_id, "other": seen[member_id]})
            continue
        seen[member_id] = where
        if error:
            errors.append(RowError(row, "" if is_zip else "text",
                                   f"{prefix}: {error}" if prefix else error))
            continue
        report = reports.get(entry.member_id)
        if report is not None and report.status == ReportStatus.GRADED:
            fail(_("the report of %(id)s has already been graded") % {"id": member_id})
        elif report is not None and report.status == ReportStatus.EXCUSED:
            fail(_("%(id)s is excused from the learning report") % {"id": member_id})
        elif (report is not None and report.status == ReportStatus.SUBMITTED
              and report.text != text):
            fail(_("the report of %(id)s is already submitted and awaits grading")
                 % {"id": member_id})
        else:
            good.append((entry, text))
    if errors:
        raise ImportFailed(errors)
    return _write(actor, campaign, good, root, filename)


@transaction.atomic
def _write(actor, campaign: Campaign, rows: list[tuple[RollEntry, str]], root,
           filename: str) -> ReportImportResult:
    pks = [e.member_id for e, _t in rows]
    existing = set(LearningReport.objects.filter(campaign=campaign, member_id__in=pks)
                   .values_list("member_id", flat=True))
    missing = [e for e, _t in rows if e.member_id not in existing]
    LearningReport.objects.bulk_create(
        [LearningReport(campaign=campaign, member_id=e.member_id, unit_id=e.unit_id)
         for e in missing], ignore_conflicts=True)
    reports = {r.member_id: r for r in LearningReport.objects.select_for_update().filter(
        campaign=campaign, member_id__in=pks)}
    deadline = settings_of(campaign).deadline
    now = timezone.now()
    result = ReportImportResult()
    for entry, text in rows:
        outcome = _hand_in(reports[entry.member_id], text=text, source=ReportSource.IMPORT,
                           when=now, deadline=deadline)
        setattr(result, outcome, getattr(result, outcome) + 1)
    audit_record(actor=actor, action="learning_report.import", object_type="campaign",
                 object_id=campaign.code, unit=root, summary=filename[:200],
                 after={"submitted": result.submitted, "resubmitted": result.resubmitted,
                        "unchanged": result.unchanged,
                        "members": [e.member.member_id for e, _t in rows][:5000]})
    return result
