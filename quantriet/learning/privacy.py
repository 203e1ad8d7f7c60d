"""Personal data held by the learning app: learning reports, their grading and personal
action plans (see quantriet/orgs/privacy.py)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from quantriet.orgs.privacy import Section, erased_text

from .models import ActionPlan, Commitment, LearningReport, ReportReview
from .services import settings_of

MODELS = {
    "learning.LearningReport": "exported (text, file name, status, grade, feedback); erasure "
                               "empties the text, the feedback and the excuse, deletes the "
                               "uploaded file; status, grade, lateness and dates stay (the "
                               "figures count them). grader (a user): kept, pseudonymised",
    "learning.ReportReview": "exported with the report; erasure blanks the feedback, keeps "
                             "decision and grade",
    "learning.ActionPlan": "exported; erasure empties duties, self-assessment and the cell's "
                           "comments, keeps the cell's rating and dates",
    "learning.Commitment": "exported with the plan; erasure replaces the text, keeps the "
                           "dates and the achieved flag",
}
OWNED = ("learning.LearningReport", "learning.ActionPlan")


def member_data(member, user) -> list[Section]:
    reports = Section("learning_reports", _("Learning reports"), [
        ("campaign", _("Campaign")), ("status", _("Status")), ("source", _("Source")),
        ("submitted_at", _("Submitted at")), ("late", _("Late")), ("grade", _("Grade")),
        ("feedback", _("Feedback")), ("file", _("File")), ("excuse_reason", _("Reason")),
        ("text", _("Text"))])
    reviews = Section("report_reviews", _("Grading history"), [
        ("campaign", _("Campaign")), ("at", _("Time")), ("decision", _("Decision")),
        ("grade", _("Grade")), ("feedback", _("Feedback"))])
    for r in (LearningReport.objects.filter(member=member).select_related("campaign")
              .order_by("campaign__roll_date", "pk")):
        rules = settings_of(r.campaign)
        reports.rows.append({
            "campaign": r.campaign.code, "status": r.get_status_display(),
            "source": r.get_source_display(), "submitted_at": r.submitted_at,
            "late": r.is_late, "grade": rules.grade_label(r.grade) if r.grade else "",
            "feedback": r.feedback, "file": r.file.name.rsplit("/", 1)[-1] if r.file else "",
            "excuse_reason": r.excuse_reason, "text": r.text})
        for v in r.reviews.all():
            reviews.rows.append({"campaign": r.campaign.code, "at": v.at,
                                 "decision": v.get_decision_display(),
                                 "grade": rules.grade_label(v.grade) if v.grade else "",
                                 "feedback": v.feedback})
    plans = Section("action_plans", _("Personal action plans"), [
        ("campaign", _("Campaign")), ("duties", _("Duties")),
        ("self_assessment", _("Self-assessment")), ("cell_rating", _("Cell's assessment")),
        ("cell_assessment", _("Cell's comments")), ("updated_at", _("Changed at"))])
    commitments = Section("commitments", _("Commitments"), [
        ("campaign", _("Campaign")), ("what", _("Commitment")), ("due_on", _("By")),
        ("measure", _("Measure of success")), ("achieved", _("Achieved"))])
    for p in (ActionPlan.objects.filter(member=member).select_related("campaign")
              .prefetch_related("commitments").order_by("campaign__roll_date", "pk")):
        plans.rows.append({"campaign": p.campaign.code, "duties": p.duties,
                           "self_assessment": p.self_assessment,
                           "cell_rating": p.get_cell_rating_display(),
                           "cell_assessment": p.cell_assessment, "updated_at": p.updated_at})
        for c in p.commitments.all():
            commitments.rows.append({"campaign": p.campaign.code, "what": c.what,
                                     "due_on": c.due_on, "measure": c.measure,
                                     "achieved": c.achieved})
    return [reports, reviews, plans, commitments]


def member_data_erase(member, user) -> dict[str, int]:
    # Queryset updates: no signal re-runs a copy check on the emptied text, so the flags
    # (and every figure counting them) stay as they were.
    reports = LearningReport.objects.filter(member=member)
    files = 0
    for report in reports.exclude(file=""):
        # Deleted once the erasure has committed: a rolled-back erasure keeps its file.
        storage, name = report.file.storage, report.file.name
        transaction.on_commit(lambda s=storage, n=name: s.delete(n))
        files += 1
    n_reports = reports.update(text="", feedback="", excuse_reason="", file="")
    ReportReview.objects.filter(report__member=member).update(feedback="")
    plans = ActionPlan.objects.filter(member=member)
    n_plans = plans.update(duties="", self_assessment="", cell_assessment="")
    Commitment.objects.filter(plan__member=member).update(what=erased_text(), measure="")
    return {"learning_reports": n_reports, "report_files": files, "action_plans": n_plans}


def audit_refs(member, user) -> list[tuple[str, list[str]]]:
    return [
        ("learning.learningreport", [str(pk) for pk in LearningReport.objects.filter(
            member=member).values_list("pk", flat=True)]),
        ("learning.actionplan", [str(pk) for pk in ActionPlan.objects.filter(
            member=member).values_list("pk", flat=True)]),
    ]
