"""Two officers sending the same inspector to two overlapping sessions at the same moment:
one wins, the other is refused (the inspector's row lock / SQLite's write lock), never
both. Same machinery as quantriet/meetings/tests/test_concurrency.py."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from quantriet.inspections.models import Assignment
from quantriet.inspections.services import assignment_create
from quantriet.meetings.models import Meeting
from quantriet.meetings.tests.test_concurrency import in_thread, real_database  # noqa: F401

from .helpers import UTC, a_class


def assign_together(inspector, targets: list[tuple]) -> tuple[list, list]:
    barrier = threading.Barrier(len(targets), timeout=10)
    done, refused, errors = [], [], []

    def run(meeting_pk, point_pk) -> None:
        try:
            meeting = Meeting.objects.get(pk=meeting_pk)
            point = meeting.bridge_points.get(pk=point_pk) if point_pk else None
            barrier.wait()
            done.append(assignment_create(actor=None, meeting=meeting, bridge_point=point,
                                          inspector=inspector).pk)
        except ValidationError as e:
            refused.append(e)
        except Exception as e:  # reported to the main thread
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=t) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    return done, refused


@pytest.mark.django_db(transaction=True)
def test_it_never_puts_one_inspector_in_two_places_at_once(real_database):  # noqa: F811
    campaign = real_database
    p = campaign.province
    # Written as the threads will see them (on SQLite, the copy in a file).
    lessons = [in_thread(lambda i=i: a_class(campaign, f"LH-R{i}",
                                             datetime.datetime(2016, 12, 20, 8 + i, tzinfo=UTC)))
               for i in range(2)]
    cases = [
        # two overlapping classes
        [(lessons[0].pk, None), (lessons[1].pk, None)],
        # two bridge points of one conference (also overlapping the classes: refused here)
        [(campaign.conference.pk, campaign.bp1.pk), (campaign.conference.pk, campaign.bp2.pk)],
    ]
    for inspector, targets in zip((p.inspector_h01, p.officer_h01), cases, strict=True):
        done, refused = assign_together(inspector, targets)
        assert (len(done), len(refused)) == (1, 1), inspector.username
        assert in_thread(lambda i=inspector: Assignment.objects.filter(inspector=i).count()) == 1


@pytest.mark.django_db(transaction=True)
def test_it_makes_one_evaluation_form_when_two_first_assignments_race(real_database):  # noqa: F811
    from quantriet.inspections.models import EvaluationSetup

    campaign = real_database
    p = campaign.province
    barrier = threading.Barrier(2, timeout=10)
    errors: list = []

    def run(inspector, point) -> None:
        try:
            barrier.wait()
            assignment_create(actor=None, meeting=campaign.conference, bridge_point=point,
                              inspector=inspector)
        except Exception as e:
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=args) for args in
               ((p.inspector_h01, campaign.bp1), (p.outsider, campaign.bp2))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    assert in_thread(lambda: (Assignment.objects.count(), EvaluationSetup.objects.count())) \
        == (2, 1)
