"""Writes about documents, campaigns (with their frozen roll) and deliverables."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet.accounts.services import audit_record
from quantriet.lib import docnumber, vntext
from quantriet.orgs.models import Unit

from .models import (
    Campaign,
    CoverageCounter,
    Deliverable,
    DeliverableKind,
    DeliverableRequirement,
    Document,
    RollEntry,
)


def doc_number_message(error: docnumber.DocNumberError) -> str:
    """The user's words for what is wrong with a document number."""
    messages = {
        "empty": _("The document number is empty."),
        "shape": _("«%(value)s» is not a document number: write it like 20-HD/BTGTW "
                   "(number-type/issuer)."),
        "number": _("«%(value)s» is not a document's serial number (a whole number)."),
        "type": _("«%(value)s» is not a Party document type (NQ, CT, KL, QĐ, QĐi, QC, HD, "
                  "KH, CTr, BC, TB, TT, CV)."),
        "issuer": _("«%(value)s» is not an issuer code (capital letters and digits, like "
                    "BTGTW, TU, HU, ĐU)."),
    }
    return messages[error.reason] % {"value": error.value}


def parse_doc_number(text: str) -> docnumber.DocNumber:
    """docnumber.parse, with the error as a ValidationError in the user's words."""
    try:
        return docnumber.parse(text)
    except docnumber.DocNumberError as e:
        raise ValidationError(doc_number_message(e), code=e.reason) from None


def _registered(parsed: docnumber.DocNumber, year: int) -> Document | None:
    """The registered document with this number in this year (numbering restarts yearly)."""
    return Document.objects.filter(number=parsed.number, type_code=parsed.type_code,
                                   issuer_code=parsed.issuer, year=year).first()


@transaction.atomic
def document_register(*, actor, number: str, issued_on: datetime.date, title: str,
                      issuer_name: str = "", summary: str = "", file=None) -> Document:
    """Add a document to the registry; the same number in the same year is refused."""
    parsed = parse_doc_number(number)
    if _registered(parsed, issued_on.year) is not None:
        raise ValidationError(_("Document %(number)s of %(year)s is already registered.")
                              % {"number": parsed, "year": issued_on.year})
    doc = Document(number=parsed.number, type_code=parsed.type_code, issuer_code=parsed.issuer,
                   issuer_name=vntext.clean(issuer_name), issued_on=issued_on,
                   title=vntext.clean(title), summary=vntext.nfc(summary or "").strip())
    if file is not None:
        doc.file = file
    doc.save()
    audit_record(actor=actor, action="document.register", obj=doc, object_id=doc.code,
                 after={"number": doc.code, "date": issued_on, "title": doc.title})
    return doc


def document_get_or_register(*, actor, number: str, issued_on: datetime.date, title: str,
                             issuer_name: str = "") -> Document:
    found = _registered(parse_doc_number(number), issued_on.year)
    if found is not None:
        return found
    return document_register(actor=actor, number=number, issued_on=issued_on, title=title,
                             issuer_name=issuer_name)


_ROLL_SQL = """
INSERT INTO campaigns_rollentry (campaign_id, member_id, unit_id, exempt)
SELECT %s, ms.member_id, ms.unit_id, m.exempt
FROM orgs_membership ms
JOIN orgs_member m ON m.id = ms.member_id
JOIN orgs_unit u ON u.id = ms.unit_id
WHERE u.path LIKE %s
  AND (ms.start_date IS NULL OR ms.start_date <= %s)
  AND (ms.end_date IS NULL OR ms.end_date > %s)
"""

_COUNTERS_SQL = """
INSERT INTO campaigns_coveragecounter (campaign_id, unit_id, path, roll, exempt, covered)
SELECT r.campaign_id, r.unit_id, u.path, COUNT(*), SUM(CASE WHEN r.exempt THEN 1 ELSE 0 END), 0
FROM campaigns_rollentry r JOIN orgs_unit u ON u.id = r.unit_id
WHERE r.campaign_id = %s
GROUP BY r.campaign_id, r.unit_id, u.path
"""


# A roll this large refreshes the planner's statistics once built.
ANALYZE_FROM = 10_000


def _build_roll(campaign: Campaign) -> int:
    """Freeze the roll: every member in the owner's subtree on the roll date, from the
    dated membership history, in two set-based statements (no row passes through Python).
    Exemption is taken as it stands when the roll is built (it has no history)."""
    day = campaign.roll_date
    with connection.cursor() as cursor:
        cursor.execute(_ROLL_SQL, [campaign.pk, campaign.owner.path + "%", day, day])
        cursor.execute(_COUNTERS_SQL, [campaign.pk])
        roll = RollEntry.objects.filter(campaign=campaign).count()
        if roll >= ANALYZE_FROM:
            # The planner must know the new campaign's rows before the first check-in:
            # measured, a national roll inserted a minute before its conference left
            # estimates of one row per campaign and a 19 s plan for each batch of 88.
            # (ANALYZE is the same statement on SQLite and PostgreSQL.)
            for model in (RollEntry, CoverageCounter):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    campaign.roll_built_at = timezone.now()
    campaign.save(update_fields=["roll_built_at"])
    return roll


@transaction.atomic
def campaign_create(*, actor, code: str, title: str, owner: Unit, roll_date: datetime.date,
                    resolution: Document, guides: list[Document] = (),
                    starts_on: datetime.date | None = None,
                    ends_on: datetime.date | None = None, audience: str = "") -> Campaign:
    code = vntext.clean(code)
    if not code:
        raise ValidationError({"code": _("The campaign needs a code.")})
    if Campaign.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A campaign with code %(code)s already exists.")
                               % {"code": code}})
    if resolution.type_code != "NQ":
        raise ValidationError({"resolution": _("%(number)s is not a resolution (NQ).")
                               % {"number": resolution.code}})
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The campaign ends before it starts.")})
    campaign = Campaign.objects.create(
        code=code, title=vntext.clean(title), owner=owner, roll_date=roll_date,
        resolution=resolution, starts_on=starts_on, ends_on=ends_on,
        audience=vntext.nfc(audience).strip(), created_by=actor if actor and
        actor.is_authenticated else None)
    campaign.guides.set(guides)
    roll = _build_roll(campaign)
    audit_record(actor=actor, action="campaign.create", obj=campaign, object_id=code,
                 unit=owner, after={"code": code, "owner": owner.code, "roll_date": roll_date,
                                    "roll": roll, "resolution": resolution.code,
                                    "guides": [g.code for g in guides]})
    return campaign


@transaction.atomic
def deliverable_require(*, actor, campaign: Campaign, kind: str, depth: int,
                        due_on: datetime.date) -> DeliverableRequirement:
    """Every active unit at `depth` in the owner's subtree owes `kind` by `due_on`.
    Idempotent: re-requiring updates the due date of the open deliverables."""
    if kind not in DeliverableKind.values:
        raise ValidationError(_("Unknown deliverable."))
    if depth <= campaign.owner.depth:
        raise ValidationError(_("Deliverables are owed by levels below the owning unit."))
    requirement, created = DeliverableRequirement.objects.update_or_create(
        campaign=campaign, kind=kind, depth=depth, defaults={"due_on": due_on})
    units = Unit.objects.filter(path__startswith=campaign.owner.path, depth=depth, active=True)
    existing = set(Deliverable.objects.filter(campaign=campaign, kind=kind)
                   .values_list("unit_id", flat=True))
    Deliverable.objects.bulk_create([
        Deliverable(requirement=requirement, campaign=campaign, unit_id=pk, kind=kind,
                    due_on=due_on)
        for pk in units.values_list("pk", flat=True) if pk not in existing
    ], batch_size=2000)
    Deliverable.objects.filter(requirement=requirement).update(due_on=due_on)
    audit_record(actor=actor, action="deliverable.require", obj=requirement,
                 unit=campaign.owner, after={"campaign": campaign.code, "kind": kind,
                                             "depth": depth, "due_on": due_on,
                                             "created": created})
    return requirement


@transaction.atomic
def deliverable_receive(*, actor, deliverable: Deliverable, received_on: datetime.date,
                        document_number: str = "", file=None) -> Deliverable:
    """Mark a deliverable received (by upload or by its number); a number, if given, must
    be a valid Party document number."""
    number = ""
    if document_number:
        number = str(parse_doc_number(document_number))
    if received_on > timezone.localdate():
        raise ValidationError(_("The date received cannot be in the future."))
    before = {"received_on": deliverable.received_on,
              "document_number": deliverable.document_number}
    deliverable.received_on = received_on
    deliverable.document_number = number
    if file is not None:
        deliverable.file = file
    deliverable.received_by = actor if actor and actor.is_authenticated else None
    deliverable.save()
    audit_record(actor=actor, action="deliverable.receive", obj=deliverable,
                 unit=deliverable.unit, before=before,
                 after={"received_on": received_on, "document_number": number,
                        "kind": deliverable.kind, "campaign": deliverable.campaign.code})
    return deliverable



@transaction.atomic
def deliverable_remind(*, actor, deliverables) -> int:
    """Record that the units owing these (missing) deliverables were reminded now; one
    audit row for the batch, per unit concerned. Returns how many were reminded."""
    missing = [d for d in deliverables if d.received_on is None]
    if not missing:
        return 0
    now = timezone.now()
    Deliverable.objects.filter(pk__in=[d.pk for d in missing]).update(reminded_at=now)
    audit_record(actor=actor, action="deliverable.remind", object_type="campaigns.deliverable",
                 object_id=missing[0].campaign.code, unit=missing[0].campaign.owner,
                 after={"units": sorted({d.unit.code for d in missing}),
                        "deliverables": len(missing)})
    return len(missing)
