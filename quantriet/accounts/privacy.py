"""Personal data held by the accounts app: the member's login, roles, API tokens, the audit
trail about them and Django admin's log (see quantriet/orgs/privacy.py)."""

from __future__ import annotations

import re

from django.db.models import Q
from django.utils.translation import gettext as _

from quantriet.orgs.privacy import Section, pseudonym

from .models import ApiToken, AuditEntry, LoginFailure, Role

MODELS = {
    "accounts.User": "exported; erasure pseudonymises username and name, blanks the e-mail, "
                     "closes the login (inactive, unusable password)",
    "accounts.Role": "exported; erasure deletes the roles (an erased login holds none)",
    "accounts.ApiToken": "exported (name and dates, never the hash); erasure deletes them",
    "accounts.AuditEntry": "entries about the member's records are exported; erasure keeps "
                           "who/when/what and drops their before/after data",
    "admin.LogEntry": "Django admin's log: erasure replaces the member's or user's name in "
                      "object_repr",
}


def member_data(member, user) -> list[Section]:
    if user is None:
        return []
    account = Section("account", _("Login"), [
        ("username", _("Username")), ("full_name", _("Full name")), ("email", _("E-mail")),
        ("is_active", _("Active")), ("date_joined", _("Created at")),
        ("last_login", _("Last sign-in"))])
    account.rows.append({"username": user.username, "full_name": user.get_full_name(),
                         "email": user.email, "is_active": user.is_active,
                         "date_joined": user.date_joined, "last_login": user.last_login})
    roles = Section("roles", _("Roles"), [("role", _("Role")), ("unit", _("Party unit")),
                                          ("created_at", _("Granted at"))])
    for r in Role.objects.filter(user=user).select_related("unit").order_by("pk"):
        roles.rows.append({"role": r.get_kind_display(), "unit": f"{r.unit.code} · {r.unit.name}",
                           "created_at": r.created_at})
    tokens = Section("api_tokens", _("API tokens"), [
        ("name", _("Name")), ("created_at", _("Created at")), ("last_used_at", _("Last used")),
        ("revoked", _("Revoked"))])
    for t in ApiToken.objects.filter(user=user).order_by("pk"):
        tokens.rows.append({"name": t.name, "created_at": t.created_at,
                            "last_used_at": t.last_used_at, "revoked": t.revoked})
    return [account, roles, tokens]


def member_data_erase(member, user) -> dict[str, int]:
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from quantriet import hotcache

    name = pseudonym(member)
    logs = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(member),
                                   object_id=str(member.pk)).update(object_repr=name)
    if user is None:
        return {"admin_log": logs}
    logs += LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(user),
                                    object_id=str(user.pk)).update(object_repr=name)
    LoginFailure.objects.filter(username=user.username).delete()
    roles = Role.objects.filter(user=user).delete()[0]
    tokens = ApiToken.objects.filter(user=user).delete()[0]
    user.username = f"xoa-{user.pk}"
    user.first_name = name
    user.last_name = ""
    user.email = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    hotcache.changed()
    return {"login": 1, "roles": roles, "api_tokens": tokens, "admin_log": logs}


def audit_refs(member, user) -> list[tuple[str, list[str]]]:
    return [("accounts.user", [str(user.pk)])] if user is not None else []


def _refs_q(refs) -> Q:
    q = Q(pk__in=[])
    for object_type, ids in refs:
        if ids:
            q |= Q(object_type=object_type, object_id__in=ids)
    return q


def audit_section(refs) -> Section:
    section = Section("audit", _("Audit trail"), [
        ("at", _("Time")), ("actor", _("User")), ("action", _("Action")),
        ("summary", _("Summary")), ("before", _("Before")), ("after", _("After"))])
    entries = AuditEntry.objects.filter(_refs_q(refs)).select_related("actor").order_by("at", "pk")
    for e in entries:
        section.rows.append({"at": e.at, "actor": str(e.actor) if e.actor else "",
                             "action": e.action, "summary": e.summary, "before": e.before,
                             "after": e.after})
    return section


def audit_scrub(refs, old_id: str, new_id: str) -> int:
    """Entries about the member's records keep who, when and what was done; their data
    (before/after) goes, and the old member id is replaced by the pseudonym's."""
    word = re.compile(rf"(?<![\w-]){re.escape(old_id)}(?![\w-])")
    candidates = AuditEntry.objects.filter(_refs_q(refs) | Q(summary__contains=old_id))
    refs_ids = set(candidates.filter(_refs_q(refs)).values_list("pk", flat=True))
    changed = []
    for e in candidates:
        if e.pk not in refs_ids and not word.search(e.summary):
            continue
        e.before = None
        e.after = None
        e.summary = word.sub(new_id, e.summary)
        if e.object_id == old_id:
            e.object_id = new_id
        changed.append(e)
    AuditEntry.objects.bulk_update(changed, ["before", "after", "summary", "object_id"],
                                   batch_size=500)
    return len(changed)
