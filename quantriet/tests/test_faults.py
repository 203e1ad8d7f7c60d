"""A process killed (SIGKILL) in the middle of a member import or of a batch check-in leaves
nothing partial, and the same work done again succeeds once (issue 7).

Each kill happens in a child process that does the work against the test database (a
committed copy: on SQLite a file with the production options, as in
meetings/tests/test_concurrency.py) and kills itself with SIGKILL right after the last of
its writes, before its transaction commits: the rows are written, not committed. The
full-size version, with the real task worker and gunicorn killed from outside at 44,000
members and 10,000 check-ins, is bench/fault_kill.py (docs/reliability.md).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from quantriet.meetings.tests.test_concurrency import in_thread, real_database  # noqa: F401

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX only")

ROOT = Path(__file__).resolve().parents[2]
NEW_MEMBERS = 500

# The child: Django on the test database, then the work; with "kill" it SIGKILLs itself
# just after the work's last write, inside its transaction.
CHILD = r"""
import json, os, signal, sys
import django
django.setup()
what, kill, arg = sys.argv[1], sys.argv[2] == "kill", sys.argv[3]

def die_after(module, name):
    original = getattr(module, name)
    def wrapper(*args, **kwargs):
        result = original(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)
        return result
    setattr(module, name, wrapper)

if what == "import":
    from quantriet.orgs import imports
    if kill:  # the import's last write is its audit row
        die_after(imports, "audit_record")
    result = imports.import_members(actor=None, data=open(arg, "rb").read(),
                                    filename="members.csv")
    print(json.dumps(result.as_dict()))
else:
    from django.test import Client
    from quantriet.meetings import services
    if kill:  # the call's last write is the coverage counters
        die_after(services, "_raise_coverage_counters")
    token, body = arg.split(" ", 1)
    for _ in range(1 if kill else 2):  # a retry, and the same call once more
        response = Client().post("/api/attendance", data=body,
                                 content_type="application/json",
                                 HTTP_AUTHORIZATION="Bearer " + token)
        print(json.dumps({"status": response.status_code, **response.json()}))
"""


def run_child(tmp_path: Path, what: str, kill: bool, arg: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="quantriet.settings",
               QUANTRIET_INSECURE_DEV_KEY="1", TASKS_BACKEND="immediate",
               ALLOWED_HOSTS="testserver", QUANTRIET_DATA_DIR=str(tmp_path / "child"))
    env.pop("DATABASE_URL", None)
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = (f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:"
                               f"{db['PORT'] or 5432}/{db['NAME']}")
    else:
        # The child's settings read DATA_DIR/quantriet.sqlite3: the copy the fixture made.
        (tmp_path / "child").mkdir(exist_ok=True)
        target = tmp_path / "child" / "quantriet.sqlite3"
        if not target.exists():
            target.symlink_to(tmp_path / "concurrency.sqlite3")
    return subprocess.run([sys.executable, "-c", CHILD, what, "kill" if kill else "run", arg],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def roster(province, n: int) -> bytes:
    cells = ["H01-X01-C01", "H01-X01-C02", "H02-X01-C01"]
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["member_id", "full_name", "birth_date", "gender", "unit_code", "status"])
    for i in range(n):
        w.writerow([f"{9000000 + i}", f"Nguyễn Văn Thử {i}", "01/02/1980",
                    "Nam" if i % 2 else "Nữ", cells[i % 3], "chính thức"])
    return out.getvalue().encode("utf-8")


def import_figures() -> tuple[int, int, int]:
    from quantriet.accounts.models import AuditEntry
    from quantriet.orgs.models import Member, Membership

    return (Member.objects.count(), Membership.objects.count(),
            AuditEntry.objects.filter(action="import.members").count())


@pytest.mark.django_db(transaction=True)
def test_it_keeps_nothing_of_an_import_killed_mid_write_and_imports_it_again(
        real_database, tmp_path):  # noqa: F811
    campaign = real_database
    path = tmp_path / "members.csv"
    path.write_bytes(roster(campaign.province, NEW_MEMBERS))
    before = in_thread(import_figures)

    killed = run_child(tmp_path, "import", True, str(path))
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    assert in_thread(import_figures) == before

    again = run_child(tmp_path, "import", False, str(path))
    assert again.returncode == 0, again.stderr[-2000:]
    assert json.loads(again.stdout.strip().splitlines()[-1])["created"] == NEW_MEMBERS
    members, memberships, audits = before
    assert in_thread(import_figures) == (members + NEW_MEMBERS, memberships + NEW_MEMBERS,
                                         audits + 1)


def batch_setup(campaign) -> tuple[str, str, int]:
    """A new campaign whose roll holds the fixture's members and NEW_MEMBERS imported
    ones, its conference; the batch body of every roll member and a token that may send it."""
    from quantriet.accounts.models import ApiToken
    from quantriet.campaigns.models import RollEntry
    from quantriet.campaigns.services import campaign_create
    from quantriet.meetings.models import MeetingKind
    from quantriet.meetings.services import meeting_create
    from quantriet.orgs.imports import import_members

    province = campaign.province
    import_members(actor=None, data=roster(province, NEW_MEMBERS), filename="members.csv")
    big = campaign_create(actor=None, code="FAULT", title="Fault", owner=province.t01,
                          roll_date=datetime.date(2016, 12, 2), resolution=campaign.resolution)
    meeting = meeting_create(actor=None, campaign=big, code="FAULT-HN", kind=MeetingKind.ONLINE,
                             title="Fault", organiser=province.t01,
                             starts_at=datetime.datetime(2016, 12, 20, tzinfo=datetime.UTC))
    ids = list(RollEntry.objects.filter(campaign=big)
               .values_list("member__member_id", flat=True))
    body = json.dumps({"meeting": meeting.code,
                       "records": [{"member_id": m, "status": "present"} for m in ids]})
    token = ApiToken.issue(user=province.admin, name="fault")[1]
    return f"{token} {body}", meeting.code, len(ids)


def attendance_figures(meeting_code: str) -> dict:
    from django.db.models import Sum

    from quantriet.accounts.models import AuditEntry
    from quantriet.campaigns.models import CoverageCounter
    from quantriet.meetings.models import Attendance, Coverage, Meeting, MeetingCounter

    meeting = Meeting.objects.get(code=meeting_code)
    return {
        "attendance": Attendance.objects.filter(meeting=meeting).count(),
        "coverage": Coverage.objects.filter(campaign=meeting.campaign).count(),
        "present counters": MeetingCounter.objects.filter(meeting=meeting)
        .aggregate(n=Sum("present"))["n"] or 0,
        "covered counters": CoverageCounter.objects.filter(campaign=meeting.campaign)
        .aggregate(n=Sum("covered"))["n"] or 0,
        "audit": AuditEntry.objects.filter(action="attendance.batch",
                                           object_id=meeting_code).count(),
    }


@pytest.mark.django_db(transaction=True)
def test_it_keeps_nothing_of_a_batch_check_in_killed_mid_write_and_takes_it_again(
        real_database, tmp_path):  # noqa: F811
    campaign = real_database
    arg, meeting_code, n = in_thread(lambda: batch_setup(campaign))
    assert n > NEW_MEMBERS

    killed = run_child(tmp_path, "batch", True, arg)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    nothing = {"attendance": 0, "coverage": 0, "present counters": 0, "covered counters": 0,
               "audit": 0}
    assert in_thread(lambda: attendance_figures(meeting_code)) == nothing

    again = run_child(tmp_path, "batch", False, arg)
    assert again.returncode == 0, again.stderr[-2000:]
    retry, once_more = (json.loads(line) for line in again.stdout.strip().splitlines()[-2:])
    assert (retry["status"], retry["accepted"], retry["errors"]) == (200, n, [])
    assert (once_more["status"], once_more["accepted"], once_more["duplicates"]) == (200, 0, n)
    assert in_thread(lambda: attendance_figures(meeting_code)) == {
        "attendance": n, "coverage": n, "present counters": n, "covered counters": n,
        "audit": 2}


@pytest.mark.django_db(transaction=True)
def test_it_answers_busy_try_again_when_sqlite_stays_locked_past_the_busy_timeout(
        real_database, tmp_path):  # noqa: F811
    """Another process holds SQLite's write lock longer than the busy timeout (shortened
    here to 0.2 s from 20 s): the caller gets 503 with a Vietnamese "try again" and
    Retry-After, not a 500, and nothing is written; once the lock is gone the same call
    goes through."""
    import sqlite3

    from django.db import connections
    from django.test import Client

    from quantriet.accounts.models import ApiToken
    from quantriet.meetings.models import Attendance

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL locks rows, not the database: writers wait for each other")
    campaign = real_database
    token = in_thread(lambda: ApiToken.issue(user=campaign.province.admin, name="t")[1])
    options = connections.settings["default"]["OPTIONS"]
    connections.settings["default"]["OPTIONS"] = {
        **options, "timeout": 0.2,
        "init_command": options["init_command"].replace("busy_timeout=20000",
                                                        "busy_timeout=200")}
    body = json.dumps({"meeting": campaign.conference.code,
                       "records": [{"member_id": "0101001", "status": "present"}]})

    def post():
        response = Client().post("/api/attendance", data=body,
                                 content_type="application/json",
                                 HTTP_AUTHORIZATION=f"Bearer {token}")
        return response.status_code, response.json(), response.get("Retry-After")

    other = sqlite3.connect(connections.settings["default"]["NAME"])
    other.execute("BEGIN IMMEDIATE")  # another writer, in the middle of a long transaction
    try:
        status, answer, retry_after = in_thread(post)
    finally:
        other.rollback()
        other.close()
    assert status == 503
    assert "thử lại" in answer["detail"]
    assert int(retry_after) > 0
    assert in_thread(lambda: Attendance.objects.count()) == 0
    status, answer, _retry = in_thread(post)
    assert (status, answer["accepted"]) == (200, 1)
    assert in_thread(lambda: Attendance.objects.count()) == 1
