"""Writes to the unit tree and the member roll. Each is atomic and leaves one audit row."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet.accounts.services import audit_record
from quantriet.lib import vntext

from .models import Member, Membership, Unit

UNIT_FIELDS = ("code", "name", "kind", "parent_id", "active", "deactivated_on")
MEMBER_FIELDS = (
    "member_id", "card_no", "full_name", "birth_date", "gender", "unit_id",
    "status", "exempt", "exempt_reason", "active",
)


def snapshot(obj, fields) -> dict:
    return {f: getattr(obj, f) for f in fields}


def diff(before: dict, after: dict) -> tuple[dict, dict]:
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def today() -> datetime.date:
    return timezone.localdate()


@transaction.atomic
def unit_create(*, actor, code: str, name: str, parent: Unit | None, kind: str = "other") -> Unit:
    code = vntext.clean(code)
    if Unit.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A unit with code %(code)s already exists.") % {
            "code": code}})
    unit = Unit(code=code, name=vntext.clean(name), parent=parent, kind=kind)
    unit.name_fold = vntext.fold(unit.name)
    unit.depth = parent.depth + 1 if parent else 0
    unit.save()
    unit.path = unit.compute_path()
    unit.save(update_fields=["path"])
    audit_record(actor=actor, action="unit.create", obj=unit, unit=unit,
                 after=snapshot(unit, UNIT_FIELDS))
    return unit


@transaction.atomic
def unit_update(*, actor, unit: Unit, name: str | None = None, kind: str | None = None) -> Unit:
    before = snapshot(unit, UNIT_FIELDS)
    if name is not None:
        unit.name = vntext.clean(name)
        unit.name_fold = vntext.fold(unit.name)
    if kind is not None:
        unit.kind = kind
    unit.save()
    b, a = diff(before, snapshot(unit, UNIT_FIELDS))
    if a:
        audit_record(actor=actor, action="unit.update", obj=unit, unit=unit, before=b, after=a)
    return unit


def _rewrite_subtree_paths(old_path: str, new_path: str, depth_delta: int) -> int:
    """Re-point every path below old_path at new_path in one UPDATE (portable SQL)."""
    from quantriet import hotcache

    hotcache.changed()  # cached check-in grants hold unit paths
    from quantriet.campaigns.models import CoverageCounter
    from quantriet.meetings.models import MeetingCounter

    moved = Concat(Value(new_path), Substr("path", len(old_path) + 1, Length("path")))
    for counter in (CoverageCounter, MeetingCounter):  # they keep a copy of the path
        counter.objects.filter(path__startswith=old_path).update(path=moved)
    return Unit.objects.filter(path__startswith=old_path).update(
        path=moved, depth=F("depth") + depth_delta)


@transaction.atomic
def unit_move(*, actor, unit: Unit, new_parent: Unit | None) -> Unit:
    """Move a unit and its whole subtree under new_parent (None: make it a root)."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if new_parent is not None:
        new_parent = Unit.objects.get(pk=new_parent.pk)
        if new_parent.path.startswith(unit.path):
            raise ValidationError({"parent": _("A unit cannot be moved under itself or under "
                                               "one of its own sub-units.")})
    before = snapshot(unit, UNIT_FIELDS)
    old_path = unit.path
    unit.parent = new_parent
    new_path = unit.compute_path()
    depth_delta = (new_parent.depth + 1 if new_parent else 0) - unit.depth
    unit.save(update_fields=["parent", "updated_at"])
    _rewrite_subtree_paths(old_path, new_path, depth_delta)
    unit.refresh_from_db()
    b, a = diff(before, snapshot(unit, UNIT_FIELDS))
    audit_record(actor=actor, action="unit.move", obj=unit, unit=unit, before=b, after=a)
    return unit


@transaction.atomic
def unit_deactivate(*, actor, unit: Unit, on: datetime.date | None = None) -> Unit:
    """Deactivate a unit without deleting anything. Refused while it has active members or
    active sub-units: move or deactivate those first, so no one falls off the roll."""
    if Member.objects.filter(unit=unit, active=True).exists():
        raise ValidationError(_("The unit still has active members; transfer them first."))
    if unit.children.filter(active=True).exists():
        raise ValidationError(_("The unit still has active sub-units."))
    before = snapshot(unit, UNIT_FIELDS)
    unit.active = False
    unit.deactivated_on = on or today()
    unit.save(update_fields=["active", "deactivated_on", "updated_at"])
    b, a = diff(before, snapshot(unit, UNIT_FIELDS))
    audit_record(actor=actor, action="unit.deactivate", obj=unit, unit=unit, before=b, after=a)
    return unit


@transaction.atomic
def unit_reactivate(*, actor, unit: Unit) -> Unit:
    before = snapshot(unit, UNIT_FIELDS)
    unit.active = True
    unit.deactivated_on = None
    unit.save(update_fields=["active", "deactivated_on", "updated_at"])
    b, a = diff(before, snapshot(unit, UNIT_FIELDS))
    audit_record(actor=actor, action="unit.reactivate", obj=unit, unit=unit, before=b, after=a)
    return unit


@transaction.atomic
def member_create(*, actor, unit: Unit, since: datetime.date | None = None, **fields) -> Member:
    member = Member(unit=unit, **fields)
    member.set_derived()
    member.full_clean(exclude=["unit"])
    member.save()
    Membership.objects.create(member=member, unit=unit, start_date=since)
    audit_record(actor=actor, action="member.create", obj=member, unit=unit,
                 object_id=member.member_id, after=snapshot(member, MEMBER_FIELDS))
    return member


@transaction.atomic
def member_update(*, actor, member: Member, **fields) -> Member:
    """Change a member's own data. The unit changes only through member_transfer."""
    if "unit" in fields or "unit_id" in fields:
        raise ValueError("use member_transfer to change a member's unit")
    before = snapshot(member, MEMBER_FIELDS)
    for name, value in fields.items():
        setattr(member, name, value)
    if not member.exempt:
        member.exempt_reason = ""
    member.set_derived()
    member.full_clean(exclude=["unit"])
    member.save()
    b, a = diff(before, snapshot(member, MEMBER_FIELDS))
    if a:
        audit_record(actor=actor, action="member.update", obj=member, unit=member.unit,
                     object_id=member.member_id, before=b, after=a)
    return member


def _close_open_membership(member: Member, on: datetime.date, note: str = "") -> None:
    current = Membership.objects.select_for_update().filter(
        member=member, end_date__isnull=True).first()
    if current is None:
        return
    if current.start_date and on < current.start_date:
        raise ValidationError(_("The transfer date is before the member joined the current unit "
                                "(%(date)s).") % {"date": vntext.format_date(current.start_date)})
    current.end_date = on
    if note:
        current.note = vntext.clean(f"{current.note} {note}" if current.note else note)[:255]
    current.save(update_fields=["end_date", "note"])


@transaction.atomic
def member_transfer(*, actor, member: Member, to_unit: Unit, on: datetime.date | None = None,
                    note: str = "") -> Member:
    """Chuyển sinh hoạt: the member belongs to `to_unit` from `on` (inclusive)."""
    on = on or today()
    member = Member.objects.select_for_update().get(pk=member.pk)
    if to_unit.pk == member.unit_id:
        raise ValidationError(_("The member already belongs to this unit."))
    if not to_unit.active:
        raise ValidationError(_("The destination unit is no longer active."))
    from_unit = member.unit
    _close_open_membership(member, on)
    Membership.objects.create(member=member, unit=to_unit, start_date=on, note=vntext.clean(note))
    member.unit = to_unit
    member.save(update_fields=["unit", "updated_at"])
    audit_record(
        actor=actor, action="member.transfer", obj=member, unit=to_unit,
        object_id=member.member_id,
        summary=f"{from_unit.code} → {to_unit.code}",
        before={"unit": from_unit.code}, after={"unit": to_unit.code, "on": on, "note": note},
    )
    # The unit left behind sees the move in its own audit trail too.
    audit_record(
        actor=actor, action="member.transfer_out", obj=member, unit=from_unit,
        object_id=member.member_id, summary=f"{from_unit.code} → {to_unit.code}",
    )
    return member


@transaction.atomic
def member_deactivate(*, actor, member: Member, on: datetime.date | None = None,
                      reason: str = "") -> Member:
    """Remove from the roll (death, leaving the Party) while keeping history."""
    on = on or today()
    member = Member.objects.select_for_update().get(pk=member.pk)
    if not member.active:
        raise ValidationError(_("The member is already off the roll."))
    _close_open_membership(member, on, note=reason)
    member.active = False
    member.save(update_fields=["active", "updated_at"])
    audit_record(actor=actor, action="member.deactivate", obj=member, unit=member.unit,
                 object_id=member.member_id, before={"active": True},
                 after={"active": False, "on": on, "reason": reason})
    return member
