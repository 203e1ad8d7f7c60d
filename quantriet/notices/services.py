"""Writes of the inbox: sending the reminders every source finds due (at most once per
(user, kind, key), ever), marking notices read, muting kinds."""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quantriet.accounts.services import audit_record
from quantriet.lib import vntext
from quantriet.modules import optional_import

from .models import Mute, Notice
from .types import KIND_KEYS, Reminder

log = logging.getLogger(__name__)

CHUNK = 2000


@dataclass
class SendResult:
    collected: int = 0  # reminders the sources found due (after de-duplication in a chunk)
    sent: int = 0  # new notices: put in an inbox by this run
    already: int = 0  # sent before (by an earlier or a concurrent run): not again
    muted: int = 0  # the user muted that kind
    emailed: int = 0
    missing_sources: list[str] = field(default_factory=list)

    def summary_text(self) -> str:
        text = _("Reminders: %(sent)s sent (%(emailed)s by e-mail), %(already)s already "
                 "sent before, %(muted)s muted.") % {
            "sent": vntext.format_int(self.sent), "emailed": vntext.format_int(self.emailed),
            "already": vntext.format_int(self.already),
            "muted": vntext.format_int(self.muted)}
        if self.missing_sources:
            text += " " + ngettext("Source not installed: %(names)s.",
                                   "Sources not installed: %(names)s.",
                                   len(self.missing_sources)) % {
                "names": ", ".join(self.missing_sources)}
        return text


def _safe_url(url: str) -> str:
    """Only paths of this site: never another site, never a script."""
    url = (url or "").strip()
    return url if url.startswith("/") and not url.startswith("//") else ""


def load_sources(names: Iterable[str], missing: list[str]) -> list:
    """The source modules; a module that is not there yet is skipped (and named in
    `missing`); any other import error is a bug and propagates."""
    modules = []
    for name in names:
        module = optional_import(name)
        if module is None:
            missing.append(name)
        else:
            modules.append(module)
    return modules


def _collect(modules, today: datetime.date) -> Iterator[Reminder]:
    for module in modules:
        for reminder in module.due(today):
            if reminder.kind not in KIND_KEYS:
                raise ValueError(f"{module.__name__}: unknown reminder kind {reminder.kind!r}")
            yield reminder


def _chunks(items: Iterator[Reminder], size: int) -> Iterator[list[Reminder]]:
    chunk: dict[tuple, Reminder] = {}
    for item in items:
        chunk.setdefault((item.user_id, item.kind, item.key), item)
        if len(chunk) >= size:
            yield list(chunk.values())
            chunk = {}
    if chunk:
        yield list(chunk.values())


@transaction.atomic
def _insert(chunk: list[Reminder], *, run: str, now, mutes: set) -> tuple[int, int]:
    """Insert the chunk's notices that are not muted; a row that exists already (sent by
    an earlier or concurrent run) is left alone by the unique index. (new, muted)."""
    rows, muted = [], 0
    for r in chunk:
        if (r.user_id, r.kind) in mutes:
            muted += 1
            continue
        rows.append(Notice(user_id=r.user_id, kind=r.kind, key=r.key[:200],
                           subject=vntext.clean(r.subject)[:255], body=r.body,
                           url=_safe_url(r.url)[:500], created_at=now, run=run))
    Notice.objects.bulk_create(rows, ignore_conflicts=True, batch_size=CHUNK)
    return len(rows), muted


def _email(run: str, now) -> int:
    """E-mail the notices this run created to users with an address. Settings are read
    now (EMAIL_BACKEND, DEFAULT_FROM_EMAIL, SITE_URL): never at import time."""
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    notices = (Notice.objects.filter(run=run, emailed_at__isnull=True)
               .exclude(user__email="").select_related("user").order_by("pk"))
    sent = 0
    batch: list[Notice] = []

    def flush() -> int:
        if not batch:
            return 0
        messages = []
        for n in batch:
            body = n.body + (f"\n\n{base}{n.url}" if n.url else "")
            messages.append(EmailMessage(subject=n.subject, body=body, to=[n.user.email],
                                         from_email=settings.DEFAULT_FROM_EMAIL))
        try:
            with get_connection() as connection:
                connection.send_messages(messages)
        except Exception:  # the inbox has them; e-mail is best effort
            log.exception("sending %d reminder e-mails failed", len(messages))
            return 0
        Notice.objects.filter(pk__in=[n.pk for n in batch]).update(emailed_at=now)
        return len(messages)

    for notice in notices.iterator(chunk_size=500):
        batch.append(notice)
        if len(batch) >= 200:
            sent += flush()
            batch = []
    sent += flush()
    return sent


def reminders_send(*, actor=None, today: datetime.date | None = None,
                   sources: Iterable[str] | None = None) -> SendResult:
    """Ask every source what is due `today`, put each reminder in its user's inbox once
    ever (unique user, kind, key), skip muted kinds, and e-mail the new ones.
    sources: module names (default: quantriet.notices.types.SOURCES, read now)."""
    from . import types

    sources = types.SOURCES if sources is None else sources
    today = today or timezone.localdate()
    now = timezone.now()
    run = uuid.uuid4().hex
    result = SendResult()
    mutes = set(Mute.objects.values_list("user_id", "kind"))
    with translation.override(settings.LANGUAGE_CODE):
        modules = load_sources(sources, result.missing_sources)
        for chunk in _chunks(_collect(modules, today), CHUNK):
            new, muted = _insert(chunk, run=run, now=now, mutes=mutes)
            result.collected += len(chunk)
            result.muted += muted
        result.sent = Notice.objects.filter(run=run).count()
        result.already = result.collected - result.muted - result.sent
        result.emailed = _email(run, now)
        audit_record(actor=actor, action="reminders.send", object_type="notices.run",
                     object_id=run, summary=result.summary_text(),
                     after={"today": today, "sent": result.sent, "already": result.already,
                            "muted": result.muted, "emailed": result.emailed,
                            "missing": result.missing_sources})
    return result


@transaction.atomic
def notice_read(*, actor, notice: Notice) -> Notice:
    if notice.read_at is None:
        notice.read_at = timezone.now()
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)
        audit_record(actor=actor, action="notice.read", obj=notice)
    return notice


@transaction.atomic
def notices_read_all(*, actor) -> int:
    n = Notice.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())
    audit_record(actor=actor, action="notice.read_all", object_type="notices.notice",
                 after={"count": n})
    return n


@transaction.atomic
def mutes_set(*, actor, kinds: Iterable[str]) -> set[str]:
    """The user's muted kinds become exactly `kinds`."""
    wanted = {k for k in kinds if k in KIND_KEYS}
    current = set(Mute.objects.filter(user=actor).values_list("kind", flat=True))
    Mute.objects.filter(user=actor, kind__in=current - wanted).delete()
    Mute.objects.bulk_create([Mute(user=actor, kind=k) for k in sorted(wanted - current)],
                             ignore_conflicts=True)
    audit_record(actor=actor, action="notice.mutes", object_type="notices.mute",
                 object_id=str(actor.pk), before={"muted": sorted(current)},
                 after={"muted": sorted(wanted)})
    return wanted
