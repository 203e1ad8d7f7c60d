"""A member who double-taps "send" (two requests at the same instant) leaves one answer:
the unique participation row, not the code, refuses the second one."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from quantriet.meetings.tests.test_concurrency import in_thread, real_database  # noqa: F401
from quantriet.surveys.models import Answer, Participation, Response
from quantriet.surveys.services import response_submit

from .factories import cleaned, seed_ballot


@pytest.mark.django_db(transaction=True)
def test_it_keeps_one_anonymous_answer_when_sent_twice_at_once(real_database):  # noqa: F811
    campaign = real_database
    ballot = in_thread(lambda: seed_ballot(campaign))
    data = in_thread(lambda: cleaned(ballot))
    member = campaign.province.members["0101001"]
    barrier = threading.Barrier(2, timeout=10)
    outcomes: list = []

    def send() -> None:
        try:
            barrier.wait()
            response_submit(actor=None, questionnaire=ballot, member=member,
                            cleaned_data=data)
            outcomes.append("ok")
        except ValidationError as e:
            outcomes.append(" ".join(e.messages))
        except Exception as e:  # reported to the main thread
            outcomes.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(map(str, outcomes)) == ["ok", "Đồng chí đã trả lời phiếu này rồi."]
    counts = in_thread(lambda: (Participation.objects.count(), Response.objects.count(),
                                Answer.objects.count()))
    assert counts == (1, 1, 5)
