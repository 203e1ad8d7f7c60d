"""reminders_send / `quantriet remind`: each (user, kind, key) once ever, mutes respected,
e-mail for the new ones, missing sources skipped, concurrent runs safe."""

from __future__ import annotations

import datetime
import io
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connections

from quantriet.conftest import make_user
from quantriet.meetings.tests.test_concurrency import in_thread, real_database  # noqa: F401
from quantriet.notices.models import Mute, Notice
from quantriet.notices.services import mutes_set, reminders_send
from quantriet.notices.types import Reminder

from . import fake_source

FAKE = "quantriet.notices.tests.fake_source"
TODAY = datetime.date(2016, 12, 14)


@pytest.fixture
def people(province):
    province.officer_h01.email = "canbo.caibe@example.vn"
    province.officer_h01.save()
    return province


@pytest.fixture
def due_now(people):
    p = people
    fake_source.REMINDERS[:] = [
        Reminder(user_id=p.officer_h01.pk, kind="task_overdue", key="task:1:overdue",
                 subject="Nhiệm vụ 1 quá hạn", body="Hạn 10/12/2016.", url="/campaigns/"),
        Reminder(user_id=p.officer_h01.pk, kind="deliverable_missing", key="deliverable:7:due",
                 subject="Kế hoạch chưa nộp", body="Hạn 15/12/2016.",
                 url="https://evil.example/phish"),
        Reminder(user_id=p.secretary_c1.pk, kind="task_overdue", key="task:1:overdue",
                 subject="Nhiệm vụ 1 quá hạn", body=""),
        # The same reminder twice in one run: one notice.
        Reminder(user_id=p.secretary_c1.pk, kind="task_overdue", key="task:1:overdue",
                 subject="Nhiệm vụ 1 quá hạn", body=""),
    ]
    yield fake_source.REMINDERS
    fake_source.REMINDERS[:] = []


def test_it_sends_each_reminder_once_ever(people, due_now):
    first = reminders_send(today=TODAY, sources=[FAKE])
    assert (first.sent, first.already, first.muted, first.emailed) == (3, 0, 0, 2)
    rows = set(Notice.objects.values_list("user__username", "kind", "key", "url"))
    assert rows == {("officer_h01", "task_overdue", "task:1:overdue", "/campaigns/"),
                    ("officer_h01", "deliverable_missing", "deliverable:7:due", ""),
                    ("secretary_c1", "task_overdue", "task:1:overdue", "")}
    assert sorted(m.subject for m in mail.outbox) == ["Kế hoạch chưa nộp",
                                                      "Nhiệm vụ 1 quá hạn"]
    assert all(m.to == ["canbo.caibe@example.vn"] for m in mail.outbox)
    assert Notice.objects.filter(emailed_at__isnull=False).count() == 2
    second = reminders_send(today=TODAY, sources=[FAKE])
    assert (second.sent, second.already, second.emailed) == (0, 3, 0)
    assert Notice.objects.count() == 3 and len(mail.outbox) == 2
    # A new thing is sent, the old ones still not.
    due_now.append(Reminder(user_id=people.officer_h01.pk, kind="task_overdue",
                            key="task:2:overdue", subject="Nhiệm vụ 2 quá hạn", body=""))
    third = reminders_send(today=TODAY, sources=[FAKE])
    assert (third.sent, third.already) == (1, 3) and len(mail.outbox) == 3


def test_it_respects_mutes(people, due_now):
    mutes_set(actor=people.officer_h01, kinds=["task_overdue", "not-a-kind"])
    assert list(Mute.objects.values_list("kind", flat=True)) == ["task_overdue"]
    result = reminders_send(today=TODAY, sources=[FAKE])
    assert (result.sent, result.muted) == (2, 1)
    assert not Notice.objects.filter(user=people.officer_h01, kind="task_overdue").exists()
    assert Notice.objects.filter(user=people.secretary_c1, kind="task_overdue").exists()


def test_it_skips_sources_not_installed_but_not_broken_ones(people, due_now):
    result = reminders_send(today=TODAY, sources=["quantriet.notices.tests.not_there", FAKE])
    assert result.missing_sources == ["quantriet.notices.tests.not_there"]
    assert result.sent == 3
    assert "Nguồn nhắc việc chưa cài đặt: quantriet.notices.tests.not_there." in \
        result.summary_text()
    with pytest.raises(ModuleNotFoundError):
        reminders_send(today=TODAY, sources=["quantriet.notices.tests.broken_source"])


def test_it_refuses_an_unknown_kind(people, due_now):
    due_now.append(Reminder(user_id=people.admin.pk, kind="gossip", key="x", subject="x",
                            body=""))
    with pytest.raises(ValueError, match="gossip"):
        reminders_send(today=TODAY, sources=[FAKE])


def test_it_runs_as_a_command_with_a_one_line_summary(campaign, monkeypatch):
    """The real sources owned here: deliverables (notices.sources) and inspections."""
    from quantriet.campaigns.services import deliverable_require
    from quantriet.inspections.services import assignment_create

    p = campaign.province
    deliverable_require(actor=None, campaign=campaign.campaign, kind="plan", depth=p.h01.depth,
                        due_on=datetime.date(2016, 12, 15))
    assignment_create(actor=None, meeting=campaign.conference, bridge_point=campaign.bp1,
                      inspector=p.inspector_h01)
    monkeypatch.setattr("quantriet.notices.types.SOURCES", (
        "quantriet.notices.sources", "quantriet.inspections.reminders",
        "quantriet.notices.tests.not_there"))
    out = io.StringIO()
    call_command("remind", "--date", "2016-12-14", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines == ["Nhắc việc: đã gửi 3 (0 qua e-mail), 0 đã gửi trước đó, 0 bị tắt. "
                     "Nguồn nhắc việc chưa cài đặt: quantriet.notices.tests.not_there."]
    assert set(Notice.objects.values_list("user__username", "kind")) == {
        ("officer_h01", "deliverable_missing"), ("outsider", "deliverable_missing"),
        ("inspector_h01", "inspection_assigned")}
    out = io.StringIO()
    call_command("remind", "--date", "2016-12-14", stdout=out)
    assert "đã gửi 0 (0 qua e-mail), 3 đã gửi trước đó" in out.getvalue()
    with pytest.raises(Exception, match="Ngày không hợp lệ"):
        call_command("remind", "--date", "14/12/2016")


@pytest.mark.django_db(transaction=True)
def test_it_sends_once_when_two_runs_race(real_database):  # noqa: F811
    p = real_database.province
    fake_source.REMINDERS[:] = [
        Reminder(user_id=user.pk, kind="task_due_soon", key=f"task:{i}:soon",
                 subject=f"Nhiệm vụ {i}", body="")
        for i in range(40) for user in (p.officer_h01, p.secretary_c1, p.admin)]
    barrier = threading.Barrier(2, timeout=10)
    results, errors = [], []

    def run() -> None:
        try:
            barrier.wait()
            results.append(reminders_send(today=TODAY, sources=[FAKE]))
        except Exception as e:
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
    finally:
        fake_source.REMINDERS[:] = []
    assert not errors, errors
    assert sum(r.sent for r in results) == 120
    assert sum(r.already for r in results) == 120
    assert in_thread(lambda: Notice.objects.count()) == 120


def test_it_emails_only_users_with_an_address(people, due_now, settings):
    settings.DEFAULT_FROM_EMAIL = "nhacviec@quantriet.example"
    make_user("no_mail")
    reminders_send(today=TODAY, sources=[FAKE])
    assert {m.from_email for m in mail.outbox} == {"nhacviec@quantriet.example"}
    assert len(mail.outbox) == 2
