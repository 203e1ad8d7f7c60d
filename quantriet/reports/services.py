"""Writes of result reports: build, edit, submit, accept, return. Each one transaction and
one audit row. An accepted report is locked; a report is submitted only when every
consistency check passes."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet.accounts.services import audit_record
from quantriet.campaigns.models import Campaign, Deliverable, DeliverableKind
from quantriet.lib import vntext
from quantriet.orgs.models import Unit, UnitKind

from . import checks, figures, narrative
from .models import EDITABLE, FigureSource, ReportStatus, ResultReport

# Party committee names and document issuer codes by kind of unit (Hướng dẫn 36-HD/VPTW).
COMMITTEES = [
    ("Đảng bộ tỉnh ", "Tỉnh ủy ", "TU", "T/M BAN THƯỜNG VỤ"),
    ("Đảng bộ thành phố ", "Thành ủy ", "TU", "T/M BAN THƯỜNG VỤ"),
    ("Đảng bộ huyện ", "Huyện ủy ", "HU", "T/M BAN THƯỜNG VỤ"),
    ("Đảng bộ thị xã ", "Thị ủy ", "TU", "T/M BAN THƯỜNG VỤ"),
    ("Đảng bộ quận ", "Quận ủy ", "QU", "T/M BAN THƯỜNG VỤ"),
    ("Đảng bộ ", "Đảng ủy ", "ĐU", "T/M ĐẢNG ỦY"),
    ("Chi bộ ", "Chi bộ ", "CB", "T/M CHI BỘ"),
]


def committee(unit: Unit) -> tuple[str, str, str]:
    """(the unit's committee name, its issuer code, the signature's T/M line)."""
    for prefix, name, code, signer in COMMITTEES:
        if unit.name.startswith(prefix):
            return name + unit.name[len(prefix):], code, signer
    code = "TU" if unit.kind == UnitKind.PROVINCE else "ĐU"
    return unit.name, code, "T/M BAN THƯỜNG VỤ"


def place_of(unit: Unit) -> str:
    """The place of the date line: the province's name ("Tiền Giang")."""
    root_id = Unit.ids_in_path(unit.path)[0]
    root = unit if unit.pk == root_id else Unit.objects.filter(pk=root_id).first()
    name = root.name if root else unit.name
    for prefix, *_rest in COMMITTEES:
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def header_defaults(unit: Unit) -> dict:
    name, code, signer = committee(unit)
    # Hướng dẫn 36-HD/VPTW: the superior Party organisation's name above the issuing
    # committee's ("ĐẢNG BỘ TỈNH TIỀN GIANG" / "HUYỆN ỦY CÁI BÈ"); a root has none.
    superior = unit.parent.name if unit.parent_id else ""
    recipients = []
    if unit.parent_id:
        recipients.append(f"- {committee(unit.parent)[0]} (để báo cáo),")
    recipients.append(f"- Lưu Văn phòng {name}.")
    return {"superior_body": superior.upper(), "issuing_body": name.upper(),
            "issuer_code": code, "place": place_of(unit), "signer_for": signer,
            "signer_title": "BÍ THƯ", "recipients": "\n".join(recipients)}


def _refuse_unless_editable(report: ResultReport) -> None:
    if report.status not in EDITABLE:
        raise ValidationError(_("This report has been %(status)s and can no longer be "
                                "changed.") % {"status": report.get_status_display().lower()})


def accepted_children(campaign: Campaign, unit: Unit) -> dict[str, dict]:
    """{child code: figures} of the child units' accepted reports."""
    rows = ResultReport.objects.filter(campaign=campaign, unit__parent=unit,
                                       status=ReportStatus.ACCEPTED).values_list(
        "unit__code", "figures")
    return dict(rows)


def snapshot(campaign: Campaign, unit: Unit, source: str = FigureSource.LIVE) -> dict:
    if source == FigureSource.CHILDREN:
        return figures.build_from_children(campaign, unit, accepted_children(campaign, unit))
    return figures.build(campaign, unit)


@transaction.atomic
def report_build(*, actor, campaign: Campaign, unit: Unit,
                 source: str = FigureSource.LIVE) -> ResultReport:
    """Create the unit's report (or rebuild its draft): figures from records, or from the
    child units' accepted reports; the narrative written again from them."""
    if not unit.is_within(campaign.owner):
        raise ValidationError(_("The unit is not part of this campaign."))
    if source not in FigureSource.values:
        raise ValidationError(_("Unknown source of figures."))
    report = (ResultReport.objects.select_for_update()
              .filter(campaign=campaign, unit=unit).first())
    created = report is None
    if created:
        report = ResultReport(campaign=campaign, unit=unit, dated_on=timezone.localdate(),
                              **header_defaults(unit))
    else:
        _refuse_unless_editable(report)
    report.figures = snapshot(campaign, unit, source)
    report.source = source
    report.edits = {}
    report.narrative = report.narrative_built = narrative.build(campaign, unit, report.figures)
    report.save()
    audit_record(actor=actor, action="report.build" if created else "report.rebuild",
                 obj=report, unit=unit, after={"campaign": campaign.code, "source": source})
    return report


HEADER_FIELDS = ("superior_body", "issuing_body", "number", "issuer_code", "place", "dated_on",
                 "recipients", "signer_for", "signer_title", "signer_name")


@transaction.atomic
def report_update(*, actor, report: ResultReport, narrative_text: str | None = None,
                  **header) -> ResultReport:
    """Edit the narrative and the header of a draft (or returned) report."""
    report = ResultReport.objects.select_for_update().get(pk=report.pk)
    _refuse_unless_editable(report)
    before = {}
    for key, value in header.items():
        if key not in HEADER_FIELDS:
            raise ValidationError(_("Unknown field %(field)s.") % {"field": key})
        before[key] = getattr(report, key)
        setattr(report, key, vntext.clean(value) if isinstance(value, str) and key !=
                "recipients" else value)
    if narrative_text is not None:
        before["narrative"] = report.narrative
        report.narrative = vntext.nfc(narrative_text.replace("\r\n", "\n")).strip()
    report.save()
    audit_record(actor=actor, action="report.update", obj=report, unit=report.unit,
                 before=before, after={k: getattr(report, k) for k in header} | (
                     {"narrative": report.narrative} if narrative_text is not None else {}))
    return report


@transaction.atomic
def report_figure_edit(*, actor, report: ResultReport, section: str, row: str, column: str,
                       value) -> ResultReport:
    """Change one figure by hand; the report then shows it as edited (and the checks
    recompute everything that depends on it)."""
    report = ResultReport.objects.select_for_update().get(pk=report.pk)
    _refuse_unless_editable(report)
    sec = figures.section(report.figures, section)
    col = next((c for c in (sec or {}).get("columns", []) if c["key"] == column), None)
    if sec is None or col is None:
        raise ValidationError(_("No such figure."))
    if row == "total":
        values = sec.get("total")
    elif row == "own":
        values = sec.get("own")
    else:
        values = next((r["values"] for r in sec["rows"] if r["key"] == row), None)
    if values is None:
        raise ValidationError(_("No such figure."))
    try:
        new = parse_figure(value, col["kind"])
    except (ValueError, TypeError, ArithmeticError):
        raise ValidationError(_("«%(value)s» is not a number.") % {"value": value}) from None
    key = f"{section}/{row}/{column}"
    old = values.get(column)
    first = report.edits.get(key, {}).get("from", old)
    values[column] = new
    if new == first:
        report.edits.pop(key, None)
    else:
        report.edits[key] = {"from": first, "to": new}
    report.save(update_fields=["figures", "edits", "updated_at"])
    audit_record(actor=actor, action="report.figure_edit", obj=report, unit=report.unit,
                 before={key: old}, after={key: new})
    return report


def parse_figure(value, kind: str = "int"):
    """A figure typed the vi way: "28.029" or "28029" (a count), "65,2" or "65,2 %"."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = str(value)
    else:
        text = vntext.clean(str(value)).removesuffix("%").strip().replace(" ", "")
    if kind == "percent":
        number = Decimal(text.replace(".", "").replace(",", ".") if "," in text else text)
        return float(number.quantize(Decimal("0.1")))
    if "," in text or not text.replace(".", "").isdigit():
        raise ValueError(text)
    return int(text.replace(".", ""))


def report_problems(report: ResultReport) -> list[checks.Problem]:
    return checks.run(report.figures, report.narrative)


@transaction.atomic
def report_submit(*, actor, report: ResultReport) -> ResultReport:
    report = ResultReport.objects.select_for_update().select_related("unit").get(pk=report.pk)
    _refuse_unless_editable(report)
    problems = report_problems(report)
    if problems:
        raise ValidationError([_("The report cannot be submitted while a consistency check "
                                 "fails:")] + [p.message for p in problems])
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = actor if actor and actor.is_authenticated else None
    report.return_comment = ""
    report.save()
    audit_record(actor=actor, action="report.submit", obj=report, unit=report.unit,
                 after={"campaign": report.campaign.code})
    return report


@transaction.atomic
def report_accept(*, actor, report: ResultReport) -> ResultReport:
    """The level above accepts the report: it is locked from now on, and the unit's
    result-report deliverable (if one is required) is marked received."""
    report = ResultReport.objects.select_for_update().select_related(
        "unit", "campaign").get(pk=report.pk)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be accepted."))
    report.status = ReportStatus.ACCEPTED
    report.decided_at = timezone.now()
    report.decided_by = actor if actor and actor.is_authenticated else None
    report.save()
    audit_record(actor=actor, action="report.accept", obj=report, unit=report.unit,
                 after={"campaign": report.campaign.code})
    deliverable = Deliverable.objects.filter(campaign=report.campaign, unit=report.unit,
                                             kind=DeliverableKind.RESULT_REPORT,
                                             received_on__isnull=True).first()
    if deliverable is not None:
        from quantriet.campaigns.services import deliverable_receive

        received = (report.submitted_at or timezone.now())
        deliverable_receive(actor=actor, deliverable=deliverable,
                            received_on=timezone.localtime(received).date())
    return report


@transaction.atomic
def report_return(*, actor, report: ResultReport, comment: str) -> ResultReport:
    report = ResultReport.objects.select_for_update().select_related("unit").get(pk=report.pk)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be returned."))
    comment = vntext.nfc(comment or "").strip()
    if not comment:
        raise ValidationError(_("Say what must be changed: the comment is required."))
    report.status = ReportStatus.RETURNED
    report.return_comment = comment
    report.decided_at = timezone.now()
    report.decided_by = actor if actor and actor.is_authenticated else None
    report.save()
    audit_record(actor=actor, action="report.return", obj=report, unit=report.unit,
                 after={"comment": comment})
    return report


def today() -> datetime.date:
    return timezone.localdate()


def unsaved_report(campaign: Campaign, unit: Unit,
                   source: str = FigureSource.LIVE) -> ResultReport:
    """A report written from the figures now, not saved (for the command line and
    benchmarks): the same header defaults and narrative as report_build."""
    report = ResultReport(campaign=campaign, unit=unit, dated_on=timezone.localdate(),
                          source=source, **header_defaults(unit))
    report.figures = snapshot(campaign, unit, source)
    report.narrative = report.narrative_built = narrative.build(campaign, unit, report.figures)
    return report
