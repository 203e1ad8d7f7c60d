"""Two operators marking the same member at the same moment at two bridge points yield one
covered member: the unique indexes, not the code, keep the count right.

Each thread has its own database connection; a barrier starts them together. On SQLite
the IMMEDIATE transactions and the busy timeout serialise the writers; on PostgreSQL the
second upsert waits on the first one's row lock and then finds the row there.
"""

from __future__ import annotations

import sqlite3
import threading

import pytest
from django.db import connection, connections

from quantriet.campaigns.models import CoverageCounter
from quantriet.meetings.models import Attendance, Coverage
from quantriet.meetings.services import attendance_record
from quantriet.reports.selectors import coverage

MEMBER_IDS = ["0101001", "0101002", "0101004", "0101005", "0201001", "0201002"]


def in_thread(fn):
    """fn() on a connection of its own (as a request or a worker has), in a new thread."""
    box: dict = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except Exception as e:
            box["error"] = e
        finally:
            connections.close_all()

    t = threading.Thread(target=run)
    t.start()
    t.join(timeout=30)
    if "error" in box:
        raise box["error"]
    return box["value"]


@pytest.fixture
def real_database(campaign, tmp_path):
    """The test database as the threads will see it.

    PostgreSQL: the test database itself (transaction=True commits the fixture data).
    SQLite: the test database is a shared-cache in-memory database, where a second
    writer gets "database table is locked" at once (shared-cache locks ignore the busy
    timeout). Deployments run SQLite on a file, so the fixture data is copied to a file
    and new connections open it, with the production options (WAL, IMMEDIATE, busy
    timeout). The in-memory database is left untouched and flushed as usual."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield campaign
        return
    path = tmp_path / "concurrency.sqlite3"
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    original = connections.settings["default"]
    connections.settings["default"] = {**original, "NAME": str(path)}
    try:
        yield campaign
    finally:
        connections.settings["default"] = original


def mark_together(campaign, member_pk: int) -> list:
    """Two operators, one member, two bridge points, one instant."""
    barrier = threading.Barrier(2, timeout=10)
    results: list = [None, None]
    errors: list = []
    operators = [campaign.province.officer_h01, campaign.province.outsider]

    def operate(i: int, bridge_point) -> None:
        try:
            barrier.wait()
            results[i] = attendance_record(actor=operators[i], meeting=campaign.conference,
                                           records=[(member_pk, "present")], method="tick",
                                           bridge_point=bridge_point)
        except Exception as e:  # reported to the main thread, which fails the test
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=operate, args=(i, bp))
               for i, bp in enumerate([campaign.bp1, campaign.bp2])]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True)
def test_it_counts_one_covered_member_when_two_operators_mark_them_at_once(real_database):
    campaign = real_database
    for member_id in MEMBER_IDS:
        member = campaign.province.members[member_id]
        first, second = mark_together(campaign, member.pk)
        assert sorted([first.accepted, second.accepted]) == [0, 1], member_id
        assert sorted([first.duplicates, second.duplicates]) == [0, 1], member_id
        assert first.newly_covered + second.newly_covered == 1, member_id
        rows = in_thread(lambda m=member: (Attendance.objects.filter(member=m).count(),
                                           Coverage.objects.filter(member=m).count()))
        assert rows == (1, 1), member_id

    def totals():
        counters = CoverageCounter.objects.filter(campaign=campaign.campaign)
        figures = coverage(campaign.campaign, campaign.province.t01)
        return (Attendance.objects.count(), Coverage.objects.count(),
                sum(c.covered for c in counters), figures["covered"],
                figures["meetings"][0]["attended"])

    n = len(MEMBER_IDS)
    assert in_thread(totals) == (n, n, n, n, n)
