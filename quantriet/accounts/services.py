"""Writes about users and the audit trail."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django.db import connections, router, transaction
from django.utils import timezone

from quantriet.dbutil import fast_cursor, placeholders

from .models import ApiToken, AuditEntry, Role, RoleKind, User


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime, uuid.UUID, Decimal)):
        return str(value)
    return value


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: Any = None,
    object_type: str = "",
    object_id: str = "",
    unit=None,
    summary: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEntry:
    """One audit row. Call inside the transaction of the write it records."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    entry = AuditEntry(
        at=timezone.now(),
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        unit=unit,
        summary=summary[:255],
        before=_jsonable(before),
        after=_jsonable(after),
    )
    # One plain INSERT bound by the driver (prepared on PostgreSQL after a few calls):
    # every write pays for its audit row, and the ORM's save() cost a single check-in
    # more than its attendance statements.
    connection = connections[router.db_for_write(AuditEntry)]
    fields = [f for f in AuditEntry._meta.concrete_fields if not f.primary_key]
    values = [f.get_db_prep_save(getattr(entry, f.attname), connection) for f in fields]
    sql = (f"INSERT INTO {AuditEntry._meta.db_table} "
           f"({', '.join(connection.ops.quote_name(f.column) for f in fields)}) "
           f"VALUES {placeholders(len(fields))} RETURNING id")
    with fast_cursor(connection) as cursor:
        cursor.execute(sql, values)
        entry.pk = cursor.fetchone()[0]
    entry._state.adding = False
    entry._state.db = connection.alias
    return entry


@transaction.atomic
def role_grant(*, actor: User | None, user: User, unit, kind: RoleKind | str) -> Role:
    role, created = Role.objects.get_or_create(user=user, unit=unit, kind=kind)
    if created:
        audit_record(
            actor=actor, action="role.grant", obj=role, unit=unit,
            after={"user": user.username, "unit": unit.code, "kind": str(kind)},
        )
    return role


@transaction.atomic
def role_revoke(*, actor: User | None, role: Role) -> None:
    audit_record(
        actor=actor, action="role.revoke", obj=role, unit=role.unit,
        before={"user": role.user.username, "unit": role.unit.code, "kind": role.kind},
    )
    role.delete()


@transaction.atomic
def token_issue(*, actor: User | None, user: User, name: str) -> tuple[ApiToken, str]:
    """A new API token acting as `user`; returns (token, raw key). Only the key's hash is
    stored: the raw key exists only in the return value."""
    token, raw = ApiToken.issue(user=user, name=name)
    audit_record(actor=actor, action="token.issue", obj=token,
                 after={"user": user.username, "name": name})
    return token, raw
