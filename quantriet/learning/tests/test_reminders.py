import datetime

from quantriet.learning import reminders, services

from .conftest import SAMPLE, entry_of


def test_it_reminds_members_without_a_submitted_report_near_the_deadline(learning):
    p = learning.province
    # The deadline is 15/01/2017; member_c1 (0101001) is the only member with an account.
    assert list(reminders.due(datetime.date(2017, 1, 1))) == []
    due = list(reminders.due(datetime.date(2017, 1, 13)))
    assert [(r.user_id, r.kind) for r in due] == [(p.member_c1.pk, "report_missing")]
    assert "15/01/2017" in due[0].subject
    assert due[0].url == "/campaigns/NQ4-XII/learning/my/"
    services.report_submit(actor=None, entry=entry_of(learning, "0101001"), text=SAMPLE)
    assert list(reminders.due(datetime.date(2017, 1, 16))) == []
