"""Reminders for comment rounds and tasks, with stable keys."""

from quantriet.accounts.models import Role, RoleKind
from quantriet.programs import reminders, services
from quantriet.programs.models import Task

from .conftest import DAY, TODAY, adopt


def test_it_reminds_members_of_an_open_round_and_its_closing(drafted):
    p = drafted.province
    r = services.round_open(actor=None, program=drafted.program, opens_on=TODAY,
                            closes_on=TODAY + 5 * DAY)
    sent = list(reminders.due(TODAY))
    assert {(x.user_id, x.kind, x.key) for x in sent} == {
        (p.member_c1.pk, "comment_round_open", f"round:{r.pk}:open")}
    assert "Cái Bè" in sent[0].subject and sent[0].url.endswith("#comments")
    closing = list(reminders.due(TODAY + 3 * DAY))
    assert {x.kind for x in closing} == {"comment_round_open", "comment_round_closing"}
    assert next(x for x in closing if x.kind == "comment_round_closing").key == \
        f"round:{r.pk}:closing"
    assert list(reminders.due(TODAY + 6 * DAY)) == []


def test_it_reminds_officers_of_the_lead_unit_of_tasks_due_and_overdue(drafted):
    p = drafted.province
    commune_officer = p.secretary_c1
    Role.objects.create(user=commune_officer, unit=p.h01x01, kind=RoleKind.OFFICER)
    assert [x for x in reminders.due(TODAY) if x.kind.startswith("task")] == []  # draft
    adopt(drafted)
    Task.objects.filter(pk=drafted.t1.pk).update(deadline=TODAY + 3 * DAY)
    sent = {(x.user_id, x.kind, x.key) for x in reminders.due(TODAY)}
    assert sent == {
        (p.officer_h01.pk, "task_due_soon", f"task:{drafted.t1.pk}:due-soon"),
        (commune_officer.pk, "task_overdue", f"task:{drafted.t2.pk}:overdue")}
    services.progress_record(actor=None, task=drafted.t2, percent=100)
    assert {x.kind for x in reminders.due(TODAY)} == {"task_due_soon"}
    body = next(iter(reminders.due(TODAY))).body
    assert "đến hạn ngày" in body and "0 %" in body


def test_it_feeds_the_sender_once_per_user_and_thing(drafted):
    from django.core.management import call_command

    from quantriet.notices.models import Notice

    p = drafted.province
    services.round_open(actor=None, program=drafted.program, opens_on=TODAY,
                        closes_on=TODAY + 5 * DAY)
    call_command("remind", date=TODAY.isoformat(), verbosity=0)
    call_command("remind", date=TODAY.isoformat(), verbosity=0)
    mine = Notice.objects.filter(kind__startswith="comment_round")
    assert list(mine.values_list("user_id", "kind")) == [(p.member_c1.pk,
                                                          "comment_round_open")]
