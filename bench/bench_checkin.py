"""Benchmark check-ins through the batch API and the coverage figures (issue 3).

    .venv/bin/python bench/bench_checkin.py                   # SQLite, 44,000 members
    .venv/bin/python bench/bench_checkin.py --postgres postgres://postgres@127.0.0.1:5432/postgres

A fresh database (SQLite in a temporary directory; on PostgreSQL a throw-away database
quantriet_bench_checkin, created and dropped here): the demo province without its
campaign, then for each run a new campaign (roll of all members) with an online
conference at 205 bridge points. Measured, each with its baseline in the same run:

1. 28,000 check-ins through POST /api/attendance (django.test.Client, Bearer token of a
   provincial officer): in batches of 1,000, of 10,000, and one batch per bridge point
   (what the devices at 205 bridge points would send). Target: under 5 s.
   Baseline: the same rows by a bare executemany of INSERT into meetings_attendance (no
   access checks, no de-duplication, no counters).
2. Coverage of the province and all its children, reports.selectors.coverage (median of
   50 calls). Target: under 20 ms. Baseline: the raw GROUP BY over attendance joined to
   the roll, which must give the same figures; and the raw COUNT of covered members.

Prints medians of --runs runs. Not a test: never run in CI.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "quantriet_bench_checkin"
CHECKINS = 28_000


def setup_django(postgres: str | None, db_name: str, *, reuse: bool = False) -> str | None:
    """Point Django at a throw-away database; returns the admin URL to drop it with.
    reuse=True keeps an existing database (PostgreSQL only)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("QUANTRIET_INSECURE_DEV_KEY", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "quantriet.settings"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["QUANTRIET_DATA_DIR"] = tempfile.mkdtemp(prefix="quantriet-bench-")
    admin_url = None
    if postgres:
        admin_url = postgres
        os.environ["DATABASE_URL"] = urlunsplit(urlsplit(postgres)._replace(path="/" + db_name))
        if not reuse:
            admin(admin_url, f"DROP DATABASE IF EXISTS {db_name}")
            admin(admin_url, f"CREATE DATABASE {db_name}")
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return admin_url


def admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def new_campaign(n: int, owner):
    """A campaign on the whole roll and its online conference at 205 bridge points."""
    from quantriet.campaigns.services import campaign_create, document_get_or_register
    from quantriet.demo.campaign import conference_create

    resolution = document_get_or_register(
        actor=None, number="04-NQ/TW", issued_on=datetime.date(2016, 10, 30),
        title="Nghị quyết Hội nghị Trung ương 4 khóa XII")
    campaign = campaign_create(actor=None, code=f"BENCH-{n}", title=f"Bench {n}", owner=owner,
                               roll_date=datetime.date(2016, 12, 2), resolution=resolution)
    at = datetime.datetime(2016, 12, 20, 0, 30, tzinfo=datetime.UTC)
    return campaign, conference_create(campaign=campaign, code=f"BENCH-{n}-HNTT",
                                       title=f"Bench {n}", starts_at=at)


def checkin_rows(campaign, conf, count: int) -> list[tuple[str, int, int]]:
    """(member id, member pk, bridge point index) of `count` roll members spread over the
    bridge points (every ~1.57th member of each point, in member-id order)."""
    from quantriet.campaigns.models import RollEntry

    roll = list(RollEntry.objects.filter(campaign=campaign).order_by("member__member_id")
                .values_list("member__member_id", "member_id", "unit_id"))
    step = len(roll) / count
    picked = [roll[int(i * step)] for i in range(count)]
    return [(mid, pk, conf.point_of_unit[unit]) for mid, pk, unit in picked]


def post_batches(client, token: str, meeting: str, batches) -> tuple[float, int]:
    started = time.perf_counter()
    accepted = 0
    for point, records in batches:
        body = {"meeting": meeting, "records": [{"member_id": m, "status": "present"}
                                                for m in records]}
        if point:
            body["bridge_point"] = point
        response = client.post("/api/attendance", data=json.dumps(body),
                               content_type="application/json",
                               HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == 200, response.content[:500]
        result = response.json()
        assert not result["errors"], result["errors"][:3]
        accepted += result["accepted"]
    return time.perf_counter() - started, accepted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=44_000)
    parser.add_argument("--checkins", type=int, default=CHECKINS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", metavar="URL",
                        help="server URL; a throw-away database is created on it")
    args = parser.parse_args()
    admin_url = setup_django(args.postgres, BENCH_DB)

    from django.db import connection, transaction
    from django.test import Client

    try:
        from quantriet.accounts.models import ApiToken, User
        from quantriet.demo.generator import generate_province
        from quantriet.reports.selectors import coverage

        t = time.perf_counter()
        summary = generate_province(seed=2016, members=args.members, code="TG")
        print(f"{connection.vendor}: demo province {summary.members:,} members, "
              f"{summary.units:,} units in {time.perf_counter() - t:.1f} s")
        from quantriet.orgs.models import Unit

        province = Unit.objects.get(code="TG")
        officer = User.objects.get(username="tinhuy")  # officer of the province
        _tok, token = ApiToken.issue(user=officer, name="bench")
        client = Client()

        modes = [("batches of 1,000", 1_000), ("batches of 10,000", 10_000),
                 ("one batch per bridge point", 0)]
        api_times: dict[str, list[float]] = {name: [] for name, _ in modes}
        bare_times: list[float] = []
        n = 0
        last = None
        for run in range(args.runs):
            for name, size in modes:
                n += 1
                campaign, conf = new_campaign(n, province)
                rows = checkin_rows(campaign, conf, args.checkins)
                if size:
                    ids = [mid for mid, _pk, _p in rows]
                    batches = [(None, ids[i:i + size]) for i in range(0, len(ids), size)]
                else:
                    per_point: dict[int, list[str]] = {}
                    for mid, _pk, p in rows:
                        per_point.setdefault(p, []).append(mid)
                    batches = [(conf.bridge_points[p].code, ids)
                               for p, ids in sorted(per_point.items())]
                elapsed, accepted = post_batches(client, token, conf.meeting.code, batches)
                assert accepted == len(rows), (accepted, len(rows))
                api_times[name].append(elapsed)
                print(f"  run {run + 1}: {len(rows):,} check-ins, {name} ({len(batches)} "
                      f"calls): {elapsed:.2f} s ({len(rows) / elapsed:,.0f}/s)", flush=True)
                last = (campaign, conf, rows)
            # Baseline: the same rows, bare executemany, into a fresh meeting.
            campaign, conf, rows = last
            from quantriet.meetings.models import MeetingKind
            from quantriet.meetings.services import meeting_create

            bare = meeting_create(actor=None, campaign=campaign, code=f"BARE-{run}",
                                  kind=MeetingKind.IN_PERSON, title="bare",
                                  organiser=province, starts_at=conf.meeting.starts_at)
            now = connection.ops.adapt_datetimefield_value(
                datetime.datetime.now(datetime.UTC))
            params = [(bare.pk, pk, conf.bridge_points[p].pk, "present", "api", now, None)
                      for _mid, pk, p in rows]
            started = time.perf_counter()
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO meetings_attendance (meeting_id, member_id, bridge_point_id, "
                    "status, method, recorded_at, recorded_by_id) VALUES "
                    "(%s, %s, %s, %s, %s, %s, %s)", params)
            bare_times.append(time.perf_counter() - started)
            print(f"  run {run + 1}: baseline bare executemany of {len(rows):,} rows: "
                  f"{bare_times[-1]:.2f} s", flush=True)

        # Coverage of the last campaign (28,000 covered), against the raw GROUP BY.
        campaign, conf, rows = last
        cov_times = []
        for _ in range(50):
            t = time.perf_counter()
            figures = coverage(campaign, province)
            cov_times.append(time.perf_counter() - t)
        length = len(province.path) + len(Unit.segment(0))
        group_sql = (
            "SELECT SUBSTR(u.path, 1, %s) AS child, COUNT(DISTINCT a.member_id) "
            "FROM meetings_attendance a "
            "JOIN meetings_meeting m ON m.id = a.meeting_id "
            "JOIN campaigns_rollentry r ON r.campaign_id = m.campaign_id "
            "  AND r.member_id = a.member_id "
            "JOIN orgs_unit u ON u.id = r.unit_id "
            "WHERE m.campaign_id = %s AND a.status = 'present' AND u.path LIKE %s "
            "GROUP BY SUBSTR(u.path, 1, %s)")
        count_sql = (
            "SELECT COUNT(DISTINCT a.member_id) FROM meetings_attendance a "
            "JOIN meetings_meeting m ON m.id = a.meeting_id "
            "JOIN campaigns_rollentry r ON r.campaign_id = m.campaign_id "
            "  AND r.member_id = a.member_id "
            "WHERE m.campaign_id = %s AND a.status = 'present'")
        raw_times, count_times = [], []
        with connection.cursor() as cursor:
            for _ in range(50):
                t = time.perf_counter()
                cursor.execute(group_sql, [length, campaign.pk, province.path + "%", length])
                raw = dict(cursor.fetchall())
                raw_times.append(time.perf_counter() - t)
                t = time.perf_counter()
                cursor.execute(count_sql, [campaign.pk])
                raw_count = cursor.fetchone()[0]
                count_times.append(time.perf_counter() - t)
        paths = {u.code: u.path for u in Unit.objects.filter(parent=province)}
        assert figures["covered"] == raw_count == sum(raw.values()) == len(rows), (
            figures["covered"], raw_count, len(rows))
        for child in figures["children"]:
            assert child["covered"] == raw.get(paths[child["unit"]], 0), child

        print()
        print(f"Results ({connection.vendor}, {summary.members:,} members, {args.runs} runs, "
              f"medians):")
        for name, times in api_times.items():
            med = statistics.median(times)
            print(f"  API, {name:<27} {med:6.2f} s  ({args.checkins / med:>8,.0f} check-ins/s)"
                  f"  target < 5 s: {'OK' if med < 5 else 'MISSED'}")
        med = statistics.median(bare_times)
        print(f"  baseline bare executemany          {med:6.2f} s  "
              f"({args.checkins / med:>8,.0f} rows/s)")
        med = statistics.median(cov_times)
        print(f"  coverage(province) with {len(figures['children'])} children: {ms(med)} "
              f"(p max {ms(max(cov_times))})  target < 20 ms: {'OK' if med < 0.02 else 'MISSED'}")
        print(f"  baseline raw GROUP BY over attendance ⨝ roll: "
              f"{ms(statistics.median(raw_times))}")
        print(f"  baseline raw COUNT of covered members:        "
              f"{ms(statistics.median(count_times))}  (= {raw_count:,} = coverage's covered)")
    finally:
        connection.close()
        if admin_url:
            admin(admin_url, f"DROP DATABASE IF EXISTS {BENCH_DB}")


if __name__ == "__main__":
    main()
