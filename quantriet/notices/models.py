"""The in-app inbox: one row per reminder sent (user, kind, key: at most once ever), and
the kinds each user has muted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .types import KIND_KEYS

# Labels of the reminder kinds (quantriet.notices.types.KIND_KEYS), in the same order.
KIND_LABELS = {
    "deliverable_missing": _("Plan, action program or result report not yet received"),
    "report_missing": _("Learning report not yet submitted"),
    "comment_round_open": _("Comment round on a draft action program opened"),
    "comment_round_closing": _("Comment round closing soon"),
    "task_due_soon": _("Task due soon"),
    "task_overdue": _("Task overdue"),
    "inspection_assigned": _("Inspection assigned"),
    "evaluation_missing": _("Evaluation not yet recorded"),
}
assert tuple(KIND_LABELS) == KIND_KEYS
KIND_CHOICES = list(KIND_LABELS.items())


class Notice(models.Model):
    """One reminder in one user's inbox. The unique (user, kind, key) is what makes
    `quantriet remind` idempotent, however often and however concurrently it runs."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notices")
    kind = models.CharField(_("kind"), max_length=32, choices=KIND_CHOICES)
    key = models.CharField(max_length=200)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("content"), blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(_("sent at"), db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # The `quantriet remind` run that created the row: tells a run which rows are its own
    # (to count and e-mail them) without a round trip per row.
    run = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="notice_once"),
        ]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notice_unread"),
            models.Index(fields=["run"], name="notice_run"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.key}"

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))


class Mute(models.Model):
    """A kind of reminder the user does not want (neither in the inbox nor by e-mail)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="muted_kinds")
    kind = models.CharField(_("kind"), max_length=32, choices=KIND_CHOICES)

    class Meta:
        verbose_name = _("muted reminder kind")
        verbose_name_plural = _("muted reminder kinds")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="mute_once")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"
