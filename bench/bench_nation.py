"""Benchmark the nation on PostgreSQL: one national online conference (issue 3).

    .venv/bin/python bench/bench_nation.py --postgres postgres://postgres@127.0.0.1:5432/postgres
        # full size: 5,500,000 members, 16,242 bridge points, 1,440,000 check-ins
    .venv/bin/python bench/bench_nation.py --postgres URL --members 550000 --bridge-points 1624 \\
        --checkins 144000          # a tenth, for a try

What it builds, in a throw-away database (quantriet_bench_nation, dropped at the end):
--provinces provinces (default 34) of members/provinces members each, made by the demo
generator (streamed; the same code as `quantriet demo`), then moved with the unit_move
service under one national root "TW — Toàn Đảng", so the tree is nation > province >
district level > … > cell. A campaign owned by the national root (roll of every member)
with one online conference whose bridge points partition the nation in proportion to
members (demo.campaign.conference_create, the code of the demo's 205 points).

Measured:
1. check-ins through POST /api/attendance over HTTP to gunicorn (--workers sync workers
   on 127.0.0.1, the deployment's WSGI server), from --clients client threads with
   keep-alive connections, each bridge point sending its members in one call (--batch 0,
   the default: what the bridge points' devices send), or in batches of --batch records
   without a bridge point. Target: 1.44 million in under 3 minutes. Baseline: a bare COPY
   of the same rows into meetings_attendance.

Generating the full nation takes most of the run (about 25 minutes here): --keep leaves
the database, and --reuse runs the check-ins again on it (a new conference each time).
2. coverage of the nation (reports.selectors.coverage of the root: roll, covered, per
   province, per meeting), median of 20 calls. Target: under 100 ms. Baseline: the raw
   SQL COUNT of covered members over attendance joined to the roll.

Not a test: never run in CI.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_checkin import ROOT, admin, ms, setup_django
from bench_checkin_http import free_port, wait_for

BENCH_DB = "quantriet_bench_nation"


def province_codes(n: int) -> list[str]:
    """Codes whose generator province numbers (the digits in member ids) all differ."""
    from quantriet.demo.generator import province_number

    codes, numbers = [], set()
    for i in range(1, 1000):
        code = f"P{i:02d}"
        if province_number(code) not in numbers:
            numbers.add(province_number(code))
            codes.append(code)
        if len(codes) == n:
            return codes
    raise SystemExit("at most 90 provinces")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", required=True)
    parser.add_argument("--members", type=int, default=5_500_000)
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--bridge-points", type=int, default=16_242)
    parser.add_argument("--checkins", type=int, default=1_440_000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--batch", type=int, default=0,
                        help="records a call without a bridge point; 0: one call per point")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    parser.add_argument("--reuse", action="store_true",
                        help="use the nation kept by an earlier --keep run")
    args = parser.parse_args()
    admin_url = setup_django(args.postgres, BENCH_DB, reuse=args.reuse)

    from django.db import connection

    started_all = time.perf_counter()

    def stamp(text: str, t0: float) -> None:
        print(f"  {text}: {time.perf_counter() - t0:,.1f} s", flush=True)

    try:
        from quantriet.accounts.models import ApiToken, Role, RoleKind, User
        from quantriet.campaigns.models import Campaign, RollEntry
        from quantriet.campaigns.services import campaign_create, document_get_or_register
        from quantriet.demo.campaign import conference_create
        from quantriet.demo.generator import generate_province, largest_remainder
        from quantriet.meetings.models import MeetingKind
        from quantriet.meetings.services import meeting_create
        from quantriet.orgs.models import Unit, UnitKind
        from quantriet.orgs.services import unit_create, unit_move
        from quantriet.reports.selectors import coverage

        print(f"PostgreSQL: {args.members:,} members in {args.provinces} provinces, "
              f"{args.bridge_points:,} bridge points, {args.checkins:,} check-ins, "
              f"{args.clients} clients, gunicorn {args.workers} workers", flush=True)
        root = Unit.objects.filter(code="TW").first() if args.reuse else None
        if root is None:
            t = time.perf_counter()
            root = unit_create(actor=None, code="TW", name="Toàn Đảng", parent=None,
                               kind=UnitKind.OTHER)
            sizes = largest_remainder(args.members, [1.0] * args.provinces)
            for i, (code, size) in enumerate(zip(province_codes(args.provinces), sizes,
                                                 strict=True)):
                summary = generate_province(seed=2016 + i, members=size, code=code,
                                            name=f"Đảng bộ tỉnh số {i + 1}")
                unit_move(actor=None, unit=Unit.objects.get(code=code), new_parent=root)
                print(f"    {code}: {summary.members:,} members, {summary.units:,} units "
                      f"({time.perf_counter() - t:,.0f} s)", flush=True)
            units = Unit.objects.count()
            stamp(f"generated {args.members:,} members, {units:,} units", t)
        units = Unit.objects.count()
        run = Campaign.objects.filter(code__startswith="NATION").count() + 1

        t = time.perf_counter()
        root.refresh_from_db()
        resolution = document_get_or_register(
            actor=None, number="04-NQ/TW", issued_on=datetime.date(2016, 10, 30),
            title="Nghị quyết Hội nghị Trung ương 4 khóa XII")
        campaign = campaign_create(actor=None, code=f"NATION{run}", title="Toàn quốc",
                                   owner=root, roll_date=datetime.date(2016, 12, 2),
                                   resolution=resolution)
        stamp(f"campaign roll of {RollEntry.objects.filter(campaign=campaign).count():,}", t)
        t = time.perf_counter()
        conf = conference_create(campaign=campaign, code=f"NATION{run}-HNTT",
                                 title="Toàn quốc",
                                 starts_at=datetime.datetime(2023, 12, 16, 1, 0,
                                                             tzinfo=datetime.UTC),
                                 points=args.bridge_points)
        stamp(f"conference with {len(conf.bridge_points):,} bridge points", t)

        officer, _new = User.objects.get_or_create(username="bench_tw")
        Role.objects.get_or_create(user=officer, unit=root, kind=RoleKind.OFFICER)
        _tok, token = ApiToken.issue(user=officer, name="bench")

        # Which members check in: every n-th of the roll, in member-id order.
        roll = list(RollEntry.objects.filter(campaign=campaign).order_by("member_id")
                    .values_list("member__member_id", "member_id", "unit_id"))
        step = len(roll) / args.checkins
        picked = [roll[int(i * step)] for i in range(args.checkins)]
        del roll
        if args.batch:
            ids = [mid for mid, _pk, _u in picked]
            batches = [(None, ids[i:i + args.batch]) for i in range(0, len(ids), args.batch)]
        else:
            per_point: dict[int, list[str]] = {}
            for mid, _pk, unit in picked:
                per_point.setdefault(conf.point_of_unit[unit], []).append(mid)
            batches = [(conf.bridge_points[p].code, ids) for p, ids in sorted(per_point.items())]
        connection.close()

        # Check-ins over HTTP: gunicorn on loopback, N client threads (keep-alive).
        port = free_port()
        env = dict(os.environ, ALLOWED_HOSTS="127.0.0.1", QUANTRIET_INSECURE_DEV_KEY="1")
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "quantriet.wsgi:application",
             "--workers", str(args.workers), "--worker-class", "sync", "--timeout", "300",
             "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--keep-alive", "5"],
            cwd=ROOT, env=env)
        try:
            wait_for(port)
            bodies = []
            for point, ids in batches:
                body = {"meeting": conf.meeting.code,
                        "records": [{"member_id": m, "status": "present"} for m in ids]}
                if point:
                    body["bridge_point"] = point
                bodies.append(json.dumps(body).encode())
            headers = {"Content-Type": "application/json", "Host": "127.0.0.1",
                       "Authorization": f"Bearer {token}"}
            accepted_box = [0]
            lock = threading.Lock()
            failures: list = []

            def client_thread(share) -> None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
                mine = 0
                try:
                    for body in share:
                        conn.request("POST", "/api/attendance", body=body, headers=headers)
                        response = conn.getresponse()
                        data = json.loads(response.read())
                        if response.status != 200 or data["errors"]:
                            failures.append((response.status, str(data)[:300]))
                            return
                        mine += data["accepted"]
                finally:
                    conn.close()
                    with lock:
                        accepted_box[0] += mine

            t = time.perf_counter()
            threads = [threading.Thread(target=client_thread, args=(bodies[i::args.clients],))
                       for i in range(args.clients)]
            for th in threads:
                th.start()
            for th in threads:
                th.join()
            api_seconds = time.perf_counter() - t
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
        accepted = accepted_box[0]
        assert not failures and accepted == len(picked), (failures[:3], accepted)
        print(f"  API: {accepted:,} check-ins in {len(batches):,} calls from {args.clients} "
              f"clients: {api_seconds:,.1f} s ({accepted / api_seconds:,.0f}/s)", flush=True)

        # Baseline: a bare COPY of the same rows into a fresh meeting.
        bare = meeting_create(actor=None, campaign=campaign, code=f"NATION{run}-BARE",
                              kind=MeetingKind.IN_PERSON, title="bare", organiser=root,
                              starts_at=conf.meeting.starts_at)
        now = datetime.datetime.now(datetime.UTC)
        rows = [(bare.pk, pk, conf.bridge_points[conf.point_of_unit[unit]].pk, "present",
                 "api", now, None) for _mid, pk, unit in picked]
        t = time.perf_counter()
        connection.ensure_connection()
        with (connection.connection.cursor() as cursor,
              cursor.copy("COPY meetings_attendance (meeting_id, member_id, bridge_point_id, "
                          "status, method, recorded_at, recorded_by_id) FROM STDIN") as copy):
            for row in rows:
                copy.write_row(row)
        copy_seconds = time.perf_counter() - t
        print(f"  baseline bare COPY of {len(rows):,} rows: {copy_seconds:.2f} s", flush=True)

        # Coverage of the nation against the raw count. The statistics first, as
        # autovacuum refreshes them within a minute of the conference's writes (without
        # them the planner takes the new meeting's 105,000 counters for a handful).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE meetings_meetingcounter")
            cursor.execute("ANALYZE campaigns_coveragecounter")
        times = []
        for _ in range(20):
            t = time.perf_counter()
            figures = coverage(campaign, root)
            times.append(time.perf_counter() - t)
        count_sql = (
            "SELECT COUNT(DISTINCT a.member_id) FROM meetings_attendance a "
            "JOIN meetings_meeting m ON m.id = a.meeting_id "
            "JOIN campaigns_rollentry r ON r.campaign_id = m.campaign_id "
            "  AND r.member_id = a.member_id "
            "WHERE m.campaign_id = %s AND a.status = 'present' AND m.code <> %s")
        raw_times = []
        with connection.cursor() as cursor:
            for _ in range(3):
                t = time.perf_counter()
                cursor.execute(count_sql, [campaign.pk, bare.code])
                raw = cursor.fetchone()[0]
                raw_times.append(time.perf_counter() - t)
        assert figures["covered"] == raw == len(picked), (figures["covered"], raw)

        print()
        print(f"Results (PostgreSQL, {args.members:,} members, {units:,} units, "
              f"{len(conf.bridge_points):,} bridge points, {args.clients} clients):")
        print(f"  API check-ins: {accepted:,} in {api_seconds:,.1f} s "
              f"({accepted / api_seconds:,.0f}/s; 1.44 M at this rate: "
              f"{1_440_000 / (accepted / api_seconds):,.0f} s; target < 180 s)")
        print(f"  baseline bare COPY: {copy_seconds:.2f} s ({len(rows) / copy_seconds:,.0f} "
              f"rows/s)")
        print(f"  coverage(nation), {len(figures['children'])} children: median "
              f"{ms(statistics.median(times))}, max {ms(max(times))}; target < 100 ms: "
              f"{'OK' if statistics.median(times) < 0.1 else 'MISSED'}")
        print(f"  baseline raw COUNT of covered members: {ms(statistics.median(raw_times))} "
              f"(= {raw:,} = coverage's covered, {figures['covered_percent']} %)")
        print(f"  whole run: {time.perf_counter() - started_all:,.0f} s")
    finally:
        connection.close()
        if admin_url and not args.keep:
            admin(admin_url, f"DROP DATABASE IF EXISTS {BENCH_DB}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
