"""Benchmark the learning app's demo loader and its figures selector (issue 4, parts 1–4).

    .venv/bin/python bench/bench_learning.py                   # SQLite, 44,000 members
    .venv/bin/python bench/bench_learning.py --postgres postgres://postgres@127.0.0.1:5432/postgres

A fresh database (SQLite in a temporary directory; on PostgreSQL a throw-away database
quantriet_bench_learning, created and dropped here) with the demo province and a campaign
on its whole roll. Measured, each with its baseline in the same run:

1. learning.demo.load (reports, grades, plans, commitments). Target: under 10 s.
   Baseline: insert_many of the same number of bare LearningReport rows (no text).
2. learning.selectors.report_figures for the province and all its children (median of
   --runs calls). Baseline: one raw GROUP BY status over the campaign's reports.

Not a test: never run in CI.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "quantriet_bench_learning"


def admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


def setup_django(postgres: str | None) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("QUANTRIET_INSECURE_DEV_KEY", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "quantriet.settings"
    os.environ["QUANTRIET_DATA_DIR"] = tempfile.mkdtemp(prefix="quantriet-bench-")
    if postgres:
        os.environ["DATABASE_URL"] = urlunsplit(urlsplit(postgres)._replace(path="/" + BENCH_DB))
        admin(postgres, f"DROP DATABASE IF EXISTS {BENCH_DB}")
        admin(postgres, f"CREATE DATABASE {BENCH_DB}")
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def new_campaign(code: str, owner):
    from quantriet.campaigns.services import campaign_create, document_get_or_register

    resolution = document_get_or_register(
        actor=None, number="04-NQ/TW", issued_on=datetime.date(2016, 10, 30),
        title="Nghị quyết Hội nghị Trung ương 4 khóa XII")
    return campaign_create(actor=None, code=code, title=code, owner=owner,
                           roll_date=datetime.date(2016, 12, 2), resolution=resolution)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=44_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--postgres", metavar="URL")
    args = parser.parse_args()
    setup_django(args.postgres)
    from django.db import connection, transaction

    try:
        from quantriet.campaigns.models import RollEntry
        from quantriet.dbutil import insert_many
        from quantriet.demo.generator import generate_province
        from quantriet.learning import demo
        from quantriet.learning.models import LearningReport
        from quantriet.learning.selectors import child_units, report_figures
        from quantriet.orgs.models import Unit

        generate_province(seed=2016, members=args.members, code="TG")
        province = Unit.objects.get(code="TG")
        baseline_campaign = new_campaign("BENCH-BASE", province)
        campaign = new_campaign("BENCH-DEMO", province)

        roll = list(RollEntry.objects.filter(campaign=baseline_campaign)
                    .values_list("member_id", "unit_id"))
        t = time.perf_counter()
        with transaction.atomic():
            insert_many(LearningReport, [
                LearningReport(campaign_id=baseline_campaign.pk, member_id=m, unit_id=u)
                for m, u in roll[: int(len(roll) * 0.72)]])
        base_insert = time.perf_counter() - t

        t = time.perf_counter()
        with transaction.atomic():
            demo.load(campaign, seed=2016)
        demo_seconds = time.perf_counter() - t
        n = LearningReport.objects.filter(campaign=campaign).count()

        units = [province, *child_units(campaign, province)]
        times, base = [], []
        for _ in range(args.runs):
            t = time.perf_counter()
            figures = report_figures(campaign, units)
            times.append(time.perf_counter() - t)
            t = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("SELECT status, COUNT(*) FROM learning_learningreport "
                               "WHERE campaign_id = %s GROUP BY status", [campaign.pk])
                cursor.fetchall()
            base.append(time.perf_counter() - t)
        top = figures[province.pk]
        print(f"database: {connection.vendor}; members on the roll: {len(roll):,}")
        print(f"demo.load: {demo_seconds:.2f} s for {n:,} reports "
              f"(target < 10 s); baseline bare insert of {int(len(roll) * 0.72):,} rows: "
              f"{base_insert:.2f} s")
        print(f"report_figures, province + {len(units) - 1} children: "
              f"median {statistics.median(times) * 1000:.1f} ms; baseline raw GROUP BY "
              f"status: {statistics.median(base) * 1000:.1f} ms")
        print(f"province: expected {top['expected']:,}, submitted {top['submitted']:,}, "
              f"graded {top['graded']:,}, plans {top['plans']:,}")
    finally:
        if args.postgres:
            connection.close()
            admin(args.postgres, f"DROP DATABASE IF EXISTS {BENCH_DB}")


if __name__ == "__main__":
    main()
