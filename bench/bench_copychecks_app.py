"""Benchmark the Django side of the copy check (quantriet.copychecks): a full check of a
campaign (sketch every report and store the sketches, build the index from the stored
sketches, check, store the flags and clusters) and the incremental check of one newly
submitted report (sketch, store, query the cached index, store its flags).

    .venv/bin/python bench/bench_copychecks_app.py --reports 5000      # SQLite
    .venv/bin/python bench/bench_copychecks_app.py --reports 44000 \\
        --postgres postgres://postgres@127.0.0.1:5432/postgres

The reports are bench/copycorpus.py's labelled corpus (≈1,500 words each, planted copies
of every kind); the province comes from the demo generator. The library alone is
measured by bench/bench_copycheck.py; this adds what the database costs.
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
if not (ROOT / "quantriet").is_dir():
    ROOT = Path("/work/main")
BENCH_DB = "quantriet_bench_copychecks"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--incremental", type=int, default=30,
                        help="new reports checked one by one after the full check")
    parser.add_argument("--postgres", metavar="URL")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ.setdefault("QUANTRIET_INSECURE_DEV_KEY", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "quantriet.settings"
    os.environ["TASKS_BACKEND"] = "immediate"
    os.environ["QUANTRIET_DATA_DIR"] = tempfile.mkdtemp(prefix="quantriet-bench-cc-")
    admin_url = None
    if args.postgres:
        admin_url = args.postgres
        parts = urlsplit(args.postgres)
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + BENCH_DB))
        _admin(admin_url, f"DROP DATABASE IF EXISTS {BENCH_DB}")
        _admin(admin_url, f"CREATE DATABASE {BENCH_DB}")
    else:
        os.environ.pop("DATABASE_URL", None)

    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    try:
        call_command("migrate", verbosity=0)
        run(args)
    finally:
        connection.close()
        if admin_url:
            _admin(admin_url, f"DROP DATABASE IF EXISTS {BENCH_DB}")


def run(args) -> None:
    import copycorpus
    from django.db import connection
    from django.utils import timezone

    from quantriet.campaigns.services import campaign_create, document_register
    from quantriet.copychecks import services
    from quantriet.copychecks.models import CopyCluster, CopyMatch
    from quantriet.demo.generator import generate_province
    from quantriet.learning.models import LearningReport
    from quantriet.orgs.models import Member, Unit

    n_new = args.incremental
    t = time.monotonic()
    corpus = copycorpus.generate(args.reports + n_new, args.seed)
    print(f"corpus: {len(corpus.docs):,} texts in {time.monotonic() - t:.1f} s")
    t = time.monotonic()
    generate_province(seed=2016, members=args.reports + n_new)
    root = Unit.objects.get(code="TG")
    resolution = document_register(actor=None, number="04-NQ/TW",
                                   issued_on=datetime.date(2016, 10, 30),
                                   title="Nghị quyết Trung ương 4 khóa XII")
    campaign = campaign_create(actor=None, code="NQ4-XII", title="Học tập Nghị quyết",
                               owner=root, roll_date=datetime.date(2016, 12, 2),
                               resolution=resolution)
    members = list(Member.objects.order_by("pk").values_list("pk", "unit_id"))
    docs = corpus.members
    now = timezone.now()
    rows = [LearningReport(campaign=campaign, member_id=m, unit_id=u, text=d.text,
                           status="submitted", submitted_at=now)
            for (m, u), d in zip(members, docs, strict=False)]
    LearningReport.objects.bulk_create(rows[:args.reports], batch_size=2000)
    services.references_import(actor=None, campaign=campaign, kind="resolution",
                               files=[("Nghị quyết.txt", corpus.resolution.encode())])
    services.references_import(actor=None, campaign=campaign,
                               files=[(f"{d.key}.txt", d.text.encode())
                                      for d in corpus.references])
    print(f"setup ({connection.vendor}): {args.reports:,} reports in "
          f"{time.monotonic() - t:.1f} s")

    t = time.monotonic()
    run_ = services.check_campaign(actor=None, campaign=campaign)
    full = time.monotonic() - t
    print(f"full check: {full:.1f} s  ({run_.reports:,} reports, {run_.pairs:,} pairs, "
          f"{run_.reference_matches:,} reference copies, {run_.clusters:,} clusters; "
          f"{CopyMatch.objects.count():,} flags stored, "
          f"{CopyCluster.objects.count():,} clusters stored)")
    t = time.monotonic()
    services.check_campaign(actor=None, campaign=campaign)
    print(f"full check again (sketches unchanged, decisions kept): "
          f"{time.monotonic() - t:.1f} s")

    services.forget_index()
    t = time.monotonic()
    services.campaign_index(campaign)
    print(f"index rebuilt from stored sketches (new process): {time.monotonic() - t:.2f} s")

    created = LearningReport.objects.bulk_create(rows[args.reports:])
    import cProfile
    import pstats
    prof = cProfile.Profile()
    times = []
    for report in LearningReport.objects.filter(pk__in=[r.pk for r in created])\
            .select_related("campaign", "member"):
        t = time.perf_counter()
        prof.enable()
        services.report_check(report=report)
        prof.disable()
        times.append(time.perf_counter() - t)
    if os.environ.get("PROFILE"):
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
        print([round(1000 * x) for x in times])
    print(f"incremental check of one new report (sketch, store, query, store flags): "
          f"median {1000 * statistics.median(times):.0f} ms, "
          f"max {1000 * max(times):.0f} ms over {len(times)}")


def _admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


if __name__ == "__main__":
    main()
