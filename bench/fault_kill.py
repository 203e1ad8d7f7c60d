"""Fault tests: SIGKILL in the middle of a roster import and of a batch check-in; SQLite
under concurrent writers (issue 7). Results: docs/reliability.md.

    .venv/bin/python bench/fault_kill.py                              # SQLite (file, WAL)
    .venv/bin/python bench/fault_kill.py --postgres postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/fault_kill.py --scenario writers --seconds 20   # SQLite only

On loopback only, bounded, stopping by itself. A throw-away database (SQLite in a temporary
directory, or qt_fault on the PostgreSQL server given; both removed at the end unless
--keep) holding a province of --members members (bench_import's generated roster: 1,000
units).

import   The member roster (--members rows, CSV) uploaded as an ImportJob and run by the
         task worker (`quantriet db_worker`, django-tasks-db) as in production. While the
         worker is inside its write transaction (PostgreSQL: its backend has a transaction
         id and is writing orgs_member; SQLite: it holds the write lock), the worker gets
         SIGKILL. Checked: no member, membership or audit row of the import; then the
         file uploaded again and a new worker: all members created, once.
batch    A campaign on that roll and an online conference; one POST /api/attendance of
         --batch records to gunicorn. While the request's transaction is writing, the
         whole gunicorn (master and workers) gets SIGKILL. Checked: no attendance, coverage
         or audit row, all counters 0; gunicorn restarted, the same call again: all
         accepted, counters = a recount; and once more: all duplicates.
writers  SQLite only: gunicorn with 4 sync workers and a task worker on one SQLite file;
         for --seconds, at once: operators checking in (single and batches of 500),
         members saving their learning reports, and roster imports of all --members rows
         (each rewriting every member: a write transaction of seconds) queued for the
         worker. Checked: no 5xx and no "database is locked" in any answer; the longest
         wait is printed; then the attendance counters equal a recount.

Not a test: never run in CI (a small version is quantriet/tests/test_faults.py).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import http.client
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_checkin import ROOT, admin, new_campaign, setup_django
from bench_checkin_http import free_port, percentile, wait_for
from bench_import import make_files
from bench_load_operators import HttpConnection, start_gunicorn, stop
from consistency import counter_differences

FAULT_DB = "qt_fault"
BIN = Path(sys.executable).parent


class Probe:
    """Is some other connection inside a write transaction right now?"""

    def __init__(self):
        from django.db import connection

        self.vendor = connection.vendor
        self.settings = connection.settings_dict

    def writing(self, table_pattern: str, held: int = 3) -> bool:
        if self.vendor == "postgresql":
            import psycopg

            with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
                row = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL "
                    "AND state IN ('active', 'idle in transaction') AND query ILIKE %s",
                    [table_pattern]).fetchone()
            return row[0] > 0
        # SQLite: the write lock is taken; held over `held` probes 20 ms apart, so not one
        # of the short autocommit writes (a progress update) but a transaction.
        for _ in range(held):
            conn = sqlite3.connect(self.settings["NAME"], timeout=0)
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.rollback()
                return False
            except sqlite3.OperationalError as e:
                if "locked" not in str(e):
                    raise
            finally:
                conn.close()
            time.sleep(0.02)
        return True

    def evidence(self, table: str) -> str:
        """What the killed transaction had written, though none of it is visible."""
        from django.db import connection

        if self.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_relation_size(%s)", [table])
                return f"{table} holds {cursor.fetchone()[0] / 1024:,.0f} kB of pages"
        wal = Path(str(self.settings["NAME"]) + "-wal")
        size = wal.stat().st_size / 1024 if wal.exists() else 0
        return (f"the write lock was held; the WAL file holds {size:,.0f} kB (SQLite writes "
                "pages there when its cache spills, and at commit)")

    def wait_writing(self, table_pattern: str, proc: subprocess.Popen,
                     timeout: float = 120, held: int = 3) -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if proc.poll() is not None:
                raise RuntimeError("the process ended before it was caught writing")
            if self.writing(table_pattern, held):
                return time.monotonic() - started
            time.sleep(0.005)
        raise RuntimeError("no write transaction seen")


def child_env(**extra) -> dict:
    env = dict(os.environ, ALLOWED_HOSTS="127.0.0.1", QUANTRIET_INSECURE_DEV_KEY="1",
               LOG_LEVEL="ERROR", DJANGO_SETTINGS_MODULE="quantriet.settings")
    env.pop("TASKS_BACKEND", None)
    env.update(extra)
    return env


def start_worker() -> subprocess.Popen:
    return subprocess.Popen([str(BIN / "quantriet"), "db_worker", "--interval", "0.1",
                             "--no-startup-delay"], cwd=ROOT, env=child_env(),
                            start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def kill(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def upload(user, data: bytes, name: str):
    """What the upload view does: the job row, then the task queued for the worker."""
    from django.core.files.base import ContentFile

    from quantriet.orgs.models import ImportJob, ImportKind
    from quantriet.orgs.tasks import run_import_job

    job = ImportJob(kind=ImportKind.MEMBERS, original_name=name, created_by=user)
    job.file.save(name, ContentFile(data), save=False)
    job.save()
    run_import_job.enqueue(job.pk)
    return job


def wait_job(job, timeout: float = 300) -> str:
    from quantriet.orgs.models import ImportStatus

    started = time.monotonic()
    while time.monotonic() - started < timeout:
        job.refresh_from_db()
        if job.status in (ImportStatus.DONE, ImportStatus.FAILED):
            return job.status
        time.sleep(0.2)
    raise RuntimeError(f"import job {job.pk} still {job.status}")


def figures() -> dict:
    from quantriet.accounts.models import AuditEntry
    from quantriet.meetings.models import Attendance, Coverage
    from quantriet.orgs.models import Member, Membership

    return {"members": Member.objects.count(), "memberships": Membership.objects.count(),
            "import audits": AuditEntry.objects.filter(action="import.members").count(),
            "attendance": Attendance.objects.count(), "coverage": Coverage.objects.count(),
            "batch audits": AuditEntry.objects.filter(action="attendance.batch").count()}


def counters_recount(campaign, meeting) -> tuple[bool, int]:
    """(the per-unit counters equal a recount of the rows, covered total)."""
    diff = counter_differences(campaign, meeting)
    return diff["meeting present"] == diff["coverage"] == 0, diff["covered"]


def check(label: str, ok: bool) -> bool:
    print(f"    {'ok ' if ok else 'FAIL'} {label}")
    return ok


# --- scenarios -------------------------------------------------------------------------

def scenario_import(args, admin_user, members_csv: bytes) -> bool:
    from django.db import connection

    from quantriet.orgs.models import ImportStatus

    probe = Probe()
    print(f"import: {args.members:,} members uploaded, the task worker killed while writing")
    before = figures()
    worker = start_worker()
    job = upload(admin_user, members_csv, "members.csv")
    connection.close()
    try:
        # PostgreSQL: writing the memberships, i.e. every member row already written;
        # SQLite: the write lock held for a while (at 44,000 members 0.44 s of the members'
        # INSERTs' second or so).
        after = probe.wait_writing("%orgs_membership%", worker,
                                   held=max(3, min(22, args.members // 2000)))
        kill(worker)
    finally:
        if worker.poll() is None:
            kill(worker)
    print(f"    SIGKILL {after:.2f} s after the upload, inside the write transaction; "
          f"{probe.evidence('orgs_member')}")
    now = figures()
    job.refresh_from_db()
    if job.status == ImportStatus.DONE:
        print("    the kill came after the commit: not a mid-write kill (use more --members)")
        return check(f"all of the import is stored ({now['members']:,} members)",
                     now["members"] == before["members"] + args.members)
    ok = check(f"nothing of the import is stored ({now['members']:,} members, "
               f"{now['memberships']:,} memberships, {now['import audits']} audit rows)",
               (now["members"], now["memberships"], now["import audits"])
               == (before["members"], before["memberships"], before["import audits"]))
    print(f"    the killed job is left '{job.status}' (done {job.done_rows:,} of "
          f"{job.total_rows:,} rows checked); its task is not run again")
    worker = start_worker()
    try:
        retry = upload(admin_user, members_csv, "members.csv")
        status = wait_job(retry)
    finally:
        kill(worker)
    now = figures()
    ok &= check(f"the file uploaded again: job {status}, {retry.summary.get('created', 0):,} "
                f"created; {now['members']:,} members, {now['memberships']:,} memberships, "
                f"{now['import audits'] - before['import audits']} audit row",
                status == ImportStatus.DONE and now["members"] == before["members"]
                + args.members and now["memberships"] == before["memberships"] + args.members
                and now["import audits"] == before["import audits"] + 1)
    return ok


def post_batch(port: int, token: str, body: bytes, box: dict) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        conn.request("POST", "/api/attendance", body=body,
                     headers={"Content-Type": "application/json",
                              "Authorization": f"Bearer {token}"})
        response = conn.getresponse()
        box["status"], box["body"] = response.status, response.read()
    except (OSError, http.client.HTTPException) as e:
        box["error"] = f"{type(e).__name__}: {e}"
    finally:
        conn.close()


def scenario_batch(args, token: str, campaign, meeting, member_ids: list[str]) -> bool:
    from django.db import connection

    probe = Probe()
    records = member_ids[:args.batch]
    body = json.dumps({"meeting": meeting.code, "records": [
        {"member_id": m, "status": "present"} for m in records]}).encode()
    print(f"batch: one call of {len(records):,} check-ins, gunicorn killed while writing")
    connection.close()
    port = free_port()
    server = start_gunicorn(port, 2, child_env())
    try:
        wait_for(port)
        box: dict = {}
        sender = threading.Thread(target=post_batch, args=(port, token, body, box))
        sender.start()
        after = probe.wait_writing("%meetings_%", server)
        kill(server)
        sender.join(60)
    finally:
        stop(server)
    print(f"    SIGKILL {after:.2f} s after the call, inside its transaction; "
          f"{probe.evidence('meetings_attendance')}")
    print(f"    the caller got: {box.get('error') or box.get('status')}")
    now = figures()
    same, covered = counters_recount(campaign, meeting)
    if box.get("status") == 200:
        # The call committed and answered between the probe and the kill (a small batch):
        # still all or nothing, but not a kill in the middle. Use a larger --batch.
        print("    the kill came after the commit: not a mid-write kill (use a larger --batch)")
        return check(f"all of the batch is stored ({now['attendance']} attendance, "
                     f"{now['coverage']} coverage, counters {covered} = recount)",
                     now["attendance"] == now["coverage"] == covered == len(records) and same)
    ok = check(f"nothing of the batch is stored ({now['attendance']} attendance, "
               f"{now['coverage']} coverage, {now['batch audits']} audit rows; counters "
               f"{covered})", (now["attendance"], now["coverage"], now["batch audits"],
                              covered) == (0, 0, 0, 0) and same)
    connection.close()
    server = start_gunicorn(port, 2, child_env())
    try:
        wait_for(port)
        answers = []
        for _ in range(2):
            box = {}
            post_batch(port, token, body, box)
            answers.append(json.loads(box["body"]) if box.get("status") == 200 else box)
    finally:
        stop(server)
    first, second = answers
    now = figures()
    same, covered = counters_recount(campaign, meeting)
    ok &= check(f"the same call again: accepted {first.get('accepted')}, duplicates "
                f"{first.get('duplicates')}; {now['attendance']:,} attendance rows, "
                f"{now['coverage']:,} coverage rows, counters {covered:,} = recount",
                first.get("accepted") == len(records) and now["attendance"] == len(records)
                and now["coverage"] == len(records) and covered == len(records) and same)
    ok &= check(f"and once more: accepted {second.get('accepted')}, duplicates "
                f"{second.get('duplicates')}; still {now['attendance']:,} rows",
                second.get("accepted") == 0 and second.get("duplicates") == len(records))
    return ok


def scenario_writers(args, admin_user, token: str, campaign, meeting, member_ids,
                     members_csv: bytes) -> bool:
    from django.db import connection

    from quantriet.accounts.models import ApiToken, User
    from quantriet.orgs.models import Member

    if connection.vendor != "sqlite":
        print("writers: SQLite only; skipped")
        return True
    print(f"writers: SQLite, gunicorn 4 sync workers + 1 task worker, {args.seconds:g} s of "
          "check-ins, report saves and imports at once")
    # Members who write their learning reports: users linked to members, with tokens.
    authors = []
    for member in Member.objects.filter(member_id__in=member_ids[-20:]):
        user = User.objects.create(username=f"dv{member.member_id}", member=member)
        authors.append(ApiToken.issue(user=user, name="fault")[1])
    # A second version of the roster: every member's name changed, so each import rewrites
    # all of them (the first version is already in).
    rows = list(csv.reader(io.StringIO(members_csv.decode("utf-8-sig"))))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(rows[0])
    writer.writerows([r[:2] + [r[2] + " Mới"] + r[3:] for r in rows[1:]])
    rosters = [("\ufeff" + out.getvalue()).encode("utf-8"), members_csv]
    connection.close()

    port = free_port()
    server = start_gunicorn(port, 4, child_env())
    worker = start_worker()
    answers: dict[str, list] = {}
    problems: list[str] = []
    busy_messages: set[str] = set()
    accepted: set[str] = set()
    imports = []
    try:
        wait_for(port)
        checkins = iter(member_ids[:-20])

        async def call(kind: str, conn: HttpConnection, method: str, path: str,
                       tok: str, payload: dict) -> tuple[int, bytes]:
            started = time.perf_counter()
            try:
                status, data = await asyncio.wait_for(conn.request(
                    method, path, {"Content-Type": "application/json",
                                   "Authorization": f"Bearer {tok}"},
                    json.dumps(payload).encode()), 120)
            except (OSError, TimeoutError, asyncio.IncompleteReadError) as e:
                conn.close()
                status, data = 0, str(e).encode()
            answers.setdefault(kind, []).append((status, time.perf_counter() - started))
            busy = status == 503 and "thử lại" in json.loads(data).get("detail", "")
            if busy:
                busy_messages.add(json.loads(data)["detail"])
            elif status != 200 or b"locked" in data.lower():
                problems.append(f"{kind}: {status} {data[:200]!r}")
            return status, data

        async def operator(i: int, deadline: float) -> None:
            conn = HttpConnection(port)
            records: list = []
            while time.perf_counter() < deadline:
                n = 500 if i % 4 == 0 else 1
                if not records:  # else: the last call was refused as busy; send it again
                    records = [{"member_id": m, "status": "present"}
                               for m in (next(checkins, None) for _ in range(n)) if m]
                if not records:
                    return
                status, data = await call("check-in batch" if n > 1 else "check-in", conn,
                                          "POST", "/api/attendance", token,
                                          {"meeting": meeting.code, "records": records})
                if status == 503:
                    await asyncio.sleep(1.0)
                    continue
                if status == 200 and json.loads(data)["accepted"] == len(records):
                    accepted.update(r["member_id"] for r in records)
                records = []

        async def author(tok: str, deadline: float) -> None:
            conn = HttpConnection(port)
            n = 0
            while time.perf_counter() < deadline:
                n += 1
                await call("report save", conn, "PUT",
                           f"/api/campaigns/{campaign.code}/learning/my-report", tok,
                           {"text": f"Bản thu hoạch, lần sửa {n}. " * 20})
                await asyncio.sleep(0.2)

        async def importer(deadline: float) -> None:
            n = 0
            while time.perf_counter() < deadline:
                job = await asyncio.to_thread(upload, admin_user, rosters[n % 2],
                                              f"members-{n}.csv")
                imports.append(job)
                n += 1
                while time.perf_counter() < deadline:
                    await asyncio.sleep(0.5)
                    await asyncio.to_thread(job.refresh_from_db)
                    if job.status in ("done", "failed"):
                        break

        async def main() -> None:
            deadline = time.perf_counter() + args.seconds
            await asyncio.gather(importer(deadline),
                                 *(operator(i, deadline) for i in range(12)),
                                 *(author(t, deadline) for t in authors))

        asyncio.run(main())
        for job in imports:  # let the last import finish: its outcome is checked too
            if job.status not in ("done", "failed"):
                wait_job(job)
    finally:
        stop(server)
        kill(worker)
        connection.close()
    for kind, values in sorted(answers.items()):
        codes: dict = {}
        for status, _t in values:
            codes[status] = codes.get(status, 0) + 1
        latencies = [t for _s, t in values]
        print(f"    {kind:<15} {len(values):>6,} calls, answers {codes}, p50 "
              f"{percentile(latencies, 50) * 1000:,.0f} ms, p99 "
              f"{percentile(latencies, 99) * 1000:,.0f} ms, longest "
              f"{max(latencies) * 1000:,.0f} ms")
    statuses = [(j.status, j.summary.get("updated")) for j in imports]
    print(f"    imports: {statuses}")
    if busy_messages:
        print(f"    503 'busy, try again' answers said: {' | '.join(busy_messages)}")
    ok = check(f"no 500 and no 'database is locked' in {sum(map(len, answers.values())):,} "
               f"answers" + "".join(f"\n         {p}" for p in problems[:10]), not problems)
    ok &= check("every import done", all(s == "done" for s, _u in statuses))
    from quantriet.meetings.models import Attendance, Coverage

    same, covered = counters_recount(campaign, meeting)
    rows = Attendance.objects.filter(meeting=meeting).count()
    covered_rows = Coverage.objects.filter(campaign=campaign).count()
    stored = set(Attendance.objects.filter(meeting=meeting)
                 .values_list("member__member_id", flat=True))
    ok &= check(f"every accepted check-in stored once, nothing else ({len(accepted):,} "
                f"accepted, {rows:,} rows)", stored == accepted and rows == len(accepted))
    ok &= check(f"counters = recount ({covered:,} covered, {rows:,} attendance rows)",
                same and covered == rows == covered_rows)
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL",
                        help="server URL; the database qt_fault is created on it")
    parser.add_argument("--members", type=int, default=44_000)
    parser.add_argument("--batch", type=int, default=10_000,
                        help="records of the killed check-in call (the API allows 10,000)")
    parser.add_argument("--seconds", type=float, default=20.0, help="writers: duration")
    parser.add_argument("--scenario", choices=("all", "import", "batch", "writers"),
                        default="all")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    admin_url = setup_django(args.postgres, FAULT_DB)
    os.environ.pop("TASKS_BACKEND", None)

    from django.db import connection

    try:
        from quantriet.accounts.models import ApiToken, User
        from quantriet.campaigns.models import RollEntry
        from quantriet.orgs.imports import import_members, import_units
        from quantriet.orgs.models import Unit

        print(f"{connection.vendor}: {connection.settings_dict['NAME']}")
        units_csv, members_csv, _rows = make_files(args.members)
        import_units(actor=None, data=units_csv, filename="units.csv")
        admin_user = User.objects.create_superuser("quantri", password="x")
        token = ApiToken.issue(user=admin_user, name="fault")[1]
        ok = True
        if args.scenario in ("all", "import"):
            ok &= scenario_import(args, admin_user, members_csv)
        else:
            import_members(actor=None, data=members_csv, filename="members.csv")
        if args.scenario in ("all", "batch", "writers"):
            campaign, conf = new_campaign(1, Unit.objects.get(code="B"))
            member_ids = list(RollEntry.objects.filter(campaign=campaign)
                              .order_by("member__member_id")
                              .values_list("member__member_id", flat=True))
            if args.scenario in ("all", "batch"):
                ok &= scenario_batch(args, token, campaign, conf.meeting, member_ids)
            if args.scenario in ("all", "writers"):
                campaign, conf = new_campaign(2, Unit.objects.get(code="B"))
                ok &= scenario_writers(args, admin_user, token, campaign, conf.meeting,
                                       member_ids, members_csv)
        print("result:", "all held" if ok else "FAILED")
        if not ok:
            sys.exit(1)
    finally:
        connection.close()
        if admin_url and not args.keep:
            admin(admin_url, f"DROP DATABASE IF EXISTS {FAULT_DB}")
        if not args.keep:  # the SQLite database, uploads (setup_django's temporary dir)
            shutil.rmtree(os.environ["QUANTRIET_DATA_DIR"], ignore_errors=True)


if __name__ == "__main__":
    main()
