"""Personal data of a member (Decree 13/2023/NĐ-CP): export, erasure on request, and the
log of who viewed a member's record.

Every app that keeps data about a member or a user has a module `<app>/privacy.py` with

    MODELS = {"app.Model": "what export and erasure do with it"}  # every model of the app
        # with a foreign key to a Member or a User (or to a record a member owns, OWNED)
    OWNED = ("app.Model", ...)          # optional: records that belong to one member
    def member_data(member, user) -> list[Section]     # user: the member's login or None
    def member_data_erase(member, user) -> dict[str, int]   # what it changed, counted
    def audit_refs(member, user) -> list[tuple[str, list[str]]]   # optional: the audit
        # entries' (object_type, object ids) that are about this member's records

collected from the installed apps like the apps' report figures; this module holds the
services and the orgs app's own hook (the member record and its unit history).
`quantriet/orgs/tests/test_privacy_coverage.py` fails when a model refers to a member or a
user and no hook names it.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from types import ModuleType

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet.accounts.services import audit_record
from quantriet.modules import optional_import
from quantriet.spreadsheets import write_xlsx

from .models import ImportJob, Member, Membership, Unit

# Audit actions of the view log: a look at a member's personal record by someone else.
VIEW_ACTION = "member.view"
EXPORT_ACTION = "member.export"
ERASE_ACTION = "member.erase"
VIEW_ACTIONS = (VIEW_ACTION, EXPORT_ACTION)


def what_labels() -> dict[str, str]:
    """The audit summaries of the view log, as the reader sees them."""
    return {
        "member": _("Member record"),
        "member.api": _("Member record (API)"),
        "learning_report": _("Learning report"),
        "learning_report.file": _("Learning report file"),
        "learning_report.api": _("Learning report (API)"),
        "action_plan": _("Personal action plan"),
        "copy_flag": _("Copying flag (texts side by side)"),
        "export.json": _("Personal data download (JSON)"),
        "export.xlsx": _("Personal data download (Excel)"),
    }


@dataclass
class Section:
    """One part of a member's data: a sheet of the Excel file, a key of the JSON file."""

    key: str
    title: str
    columns: list[tuple[str, str]]  # (row key, heading)
    rows: list[dict] = field(default_factory=list)


def erased_text() -> str:
    """What stands where an erased free text was (kept non-empty, so counts of answered
    questions and written comments stay the same)."""
    return _("[erased]")


def pseudonym(member: Member) -> str:
    return _("Member with erased data #%(n)s") % {"n": member.pk}


def pseudonym_id(member: Member) -> str:
    return f"XOA-{member.pk}"


def user_of(member: Member):
    from quantriet.accounts.models import User

    return User.objects.filter(member=member).first()


# --- The hooks ---------------------------------------------------------------------------


def hook_modules() -> list[ModuleType]:
    """`<app>.privacy` of every installed quantriet app, this app's last (its member record
    is erased after the others have found what they need through it)."""
    found, own = [], None
    for config in apps.get_app_configs():
        if not config.name.startswith("quantriet."):
            continue
        name = f"{config.name}.privacy"
        if name == __name__:
            own = optional_import(name)
            continue
        module = optional_import(name)
        if module is not None:
            found.append(module)
    return [*found, own] if own else found


def handled_models() -> dict[str, str]:
    """{"app.Model": what happens to it} over every hook."""
    out: dict[str, str] = {}
    for module in hook_modules():
        out.update(getattr(module, "MODELS", {}))
    return out


def owned_models() -> set[str]:
    return {label for module in hook_modules() for label in getattr(module, "OWNED", ())}


def _audit_refs(member: Member, user) -> list[tuple[str, list[str]]]:
    refs: list[tuple[str, list[str]]] = []
    for module in hook_modules():
        if hasattr(module, "audit_refs"):
            refs.extend(module.audit_refs(member, user))
    return refs


# --- The orgs app's own hook: the member record and the unit history ----------------------

MODELS = {
    "orgs.Membership": "exported; erasure blanks the note (dates and units kept: the roll "
                       "of past dates is counted from them)",
    "orgs.ImportJob": "created_by is the uploader (a user): kept, the user is pseudonymised; "
                      "erasure replaces the member's name and ids in the row messages",
}
OWNED = ("orgs.Member",)


def member_data(member: Member, user) -> list[Section]:
    record = Section("member", _("Member record"), [
        ("member_id", _("Member id")), ("card_no", _("Card number")),
        ("full_name", _("Full name")), ("birth_date", _("Birth date")),
        ("gender", _("Gender")), ("unit", _("Party unit")), ("status", _("Status")),
        ("exempt", _("Exempt from activities")), ("exempt_reason", _("Exemption reason")),
        ("active", _("On the roll")), ("created_at", _("Recorded at")),
        ("updated_at", _("Changed at"))])
    record.rows.append({
        "member_id": member.member_id, "card_no": member.card_no,
        "full_name": member.full_name, "birth_date": member.birth_date,
        "gender": member.get_gender_display(), "unit": f"{member.unit.code} · {member.unit.name}",
        "status": member.get_status_display(), "exempt": member.exempt,
        "exempt_reason": member.exempt_reason, "active": member.active,
        "created_at": member.created_at, "updated_at": member.updated_at})
    history = Section("memberships", _("Unit history (transfers)"), [
        ("unit", _("Party unit")), ("start_date", _("From")), ("end_date", _("Until")),
        ("note", _("Note"))])
    for h in member.memberships.select_related("unit").order_by("start_date", "pk"):
        history.rows.append({"unit": f"{h.unit.code} · {h.unit.name}",
                             "start_date": h.start_date, "end_date": h.end_date,
                             "note": h.note})
    return [record, history]


def _replace_in(value, old: dict[str, str]):
    """`value` (decoded JSON) with every string's occurrences of old's keys replaced."""
    if isinstance(value, str):
        for needle, replacement in old.items():
            value = value.replace(needle, replacement)
        return value
    if isinstance(value, list):
        return [_replace_in(v, old) for v in value]
    if isinstance(value, dict):
        return {k: _replace_in(v, old) for k, v in value.items()}
    return value


def _scrub_import_jobs(old: dict[str, str]) -> int:
    """Row messages and summaries of imports may quote the member's name or id. Imports
    are few (one per upload), so they are read in Python: JSON is stored escaped on
    SQLite, where a text search would miss a Vietnamese name."""
    changed = []
    for job in ImportJob.objects.only("pk", "errors", "summary").iterator(chunk_size=200):
        errors, summary = _replace_in(job.errors, old), _replace_in(job.summary, old)
        if errors != job.errors or summary != job.summary:
            job.errors, job.summary = errors, summary
            changed.append(job)
    ImportJob.objects.bulk_update(changed, ["errors", "summary"], batch_size=200)
    return len(changed)


def member_data_erase(member: Member, user) -> dict[str, int]:
    notes = Membership.objects.filter(member=member).exclude(note="").update(note="")
    old = {member.full_name: pseudonym(member), member.member_id: pseudonym_id(member)}
    if member.card_no:
        old[member.card_no] = ""
    imports = _scrub_import_jobs({k: v for k, v in old.items() if len(k) >= 4})
    member.full_name = pseudonym(member)
    member.member_id = pseudonym_id(member)
    member.card_no = ""
    member.birth_date = None
    member.exempt_reason = ""
    member.set_derived()
    member.save(update_fields=["full_name", "member_id", "card_no", "birth_date",
                               "exempt_reason", "name_fold", "name_key", "updated_at"])
    return {"member": 1, "membership_notes": notes, "import_messages": imports}


def audit_refs(member: Member, user) -> list[tuple[str, list[str]]]:
    return [("orgs.member", [member.member_id, str(member.pk)])]


# --- Services ------------------------------------------------------------------------------


def is_own_record(viewer, member: Member) -> bool:
    return bool(viewer.is_authenticated and viewer.member_id == member.pk)


def member_view_log(*, viewer, member: Member, what: str) -> None:
    """One audit row for a look at the member's personal record by someone else; nothing
    when members look at their own. `what`: a key of what_labels()."""
    if is_own_record(viewer, member):
        return
    # The member's unit by id when it is not loaded: no query beyond the INSERT.
    unit = member.unit if Member.unit.is_cached(member) else Unit(pk=member.unit_id)
    audit_record(actor=viewer, action=VIEW_ACTION, object_type="orgs.member",
                 object_id=member.member_id, unit=unit, summary=what)


def collect(member: Member) -> list[Section]:
    """Everything the installed apps hold about the member, section by section."""
    user = user_of(member)
    sections: list[Section] = []
    own = None
    for module in hook_modules():
        if module.__name__ == __name__:
            own = module.member_data(member, user)
            continue
        sections.extend(module.member_data(member, user))
    from quantriet.accounts import privacy as accounts_privacy

    sections.append(accounts_privacy.audit_section(_audit_refs(member, user)))
    return [*(own or []), *sections]


def _plain(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if timezone.is_aware(
            value) else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)
    return value


def as_json(member: Member, sections: list[Section]) -> bytes:
    doc = {
        "generated_at": timezone.now(),
        "member_id": member.member_id,
        "sections": {s.key: {"title": s.title, "rows": s.rows} for s in sections},
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder).encode()


def as_xlsx(sections: list[Section]) -> bytes:
    sheets, seen = [], set()
    for s in sections:
        title = s.title[:28]
        while title in seen:
            title = title[:26] + f"~{len(seen)}"
        seen.add(title)
        keys = [k for k, _label in s.columns]
        rows = [tuple(_plain(r.get(k)) for k in keys) for r in s.rows]
        sheets.append((title, [label for _k, label in s.columns], rows))
    return write_xlsx(sheets)


@transaction.atomic
def member_export(*, actor, member: Member, fmt: str) -> bytes:
    """The member's personal data as a JSON or Excel file; one audit row (a download by
    anyone, the member included)."""
    if fmt not in ("json", "xlsx"):
        raise ValueError(fmt)
    sections = collect(member)
    data = as_json(member, sections) if fmt == "json" else as_xlsx(sections)
    audit_record(actor=actor, action=EXPORT_ACTION, object_type="orgs.member",
                 object_id=member.member_id, unit=member.unit, summary=f"export.{fmt}")
    return data


@transaction.atomic
def member_erase(*, actor, member: Member, reason: str) -> Member:
    """Erase the member's personal data on request: names, identifiers, dates of birth,
    free texts and uploaded files go; the rows every figure counts (roll, attendance,
    grades, flags, answers to choice questions) stay, pointing at a pseudonym. The login
    is closed. One audit row, without the erased data."""
    member = Member.objects.select_for_update().select_related("unit").get(pk=member.pk)
    user = user_of(member)
    old_id = member.member_id
    refs = _audit_refs(member, user)
    counts: dict[str, int] = {}
    for module in hook_modules():
        for key, n in module.member_data_erase(member, user).items():
            counts[key] = counts.get(key, 0) + n
    from quantriet.accounts import privacy as accounts_privacy

    counts["audit_entries"] = accounts_privacy.audit_scrub(refs, old_id, member.member_id)
    audit_record(actor=actor, action=ERASE_ACTION, object_type="orgs.member",
                 object_id=member.member_id, unit=member.unit,
                 summary=_("Personal data erased on request"),
                 after={"reason": reason, "changed": counts})
    return member
