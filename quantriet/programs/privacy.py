"""Personal data held by the programs app: a member's comments on drafts of action
programs (see quantriet/orgs/privacy.py). Comments made on behalf of a unit are the unit's,
not the member's."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from quantriet.orgs.privacy import Section, erased_text

from .models import Comment

MODELS = {
    "programs.Comment": "the member's own comments (not those on behalf of a unit): "
                        "exported; erasure replaces the comment and the answer's "
                        "explanation, keeps the answer kind and the row (counted). "
                        "author / answered_by (users): kept, pseudonymised",
    "programs.Program": "created_by is an officer (a user): kept, pseudonymised",
    "programs.ProgramVersion": "created_by is an officer (a user): kept, pseudonymised",
    "programs.ProgressUpdate": "recorded_by is an officer (a user): kept, pseudonymised; "
                               "the evidence is the unit's document",
}


def _comments(member, user):
    q = Q(member=member)
    if user is not None:
        q |= Q(author=user)
    return Comment.objects.filter(q, on_behalf_of__isnull=True)


def member_data(member, user) -> list[Section]:
    section = Section("program_comments", _("Comments on action programs"), [
        ("program", _("Action program")), ("section", _("Section")),
        ("created_at", _("Time")), ("text", _("Comment")), ("answer", _("Answer")),
        ("answer_text", _("Explanation"))])
    rows = (_comments(member, user).select_related("section", "round__program")
            .order_by("created_at", "pk"))
    for c in rows:
        section.rows.append({"program": c.round.program.title, "section": c.section.number,
                             "created_at": c.created_at, "text": c.text,
                             "answer": c.get_answer_kind_display(),
                             "answer_text": c.answer_text})
    return [section]


def member_data_erase(member, user) -> dict[str, int]:
    comments = _comments(member, user)
    n = comments.update(text=erased_text())
    comments.exclude(answer_text="").update(answer_text=erased_text())
    return {"program_comments": n}


def audit_refs(member, user) -> list[tuple[str, list[str]]]:
    return [("programs.comment", [str(pk) for pk in _comments(member, user)
                                  .values_list("pk", flat=True)])]
