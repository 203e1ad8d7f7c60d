"""Benchmark `quantriet demo`: time generate_province() on a fresh, throw-away database.

    .venv/bin/python bench/bench_demo.py                       # 44,000 members, SQLite
    .venv/bin/python bench/bench_demo.py --members 200000 \\
        --postgres postgres://postgres@127.0.0.1:5432/postgres  # PostgreSQL

SQLite goes to a temporary directory; PostgreSQL to a database named
quantriet_bench_demo on that server, created and dropped by this script.

Measured (2 cores, Python 3.11, Django 5.2, SQLite 3.40, PostgreSQL 15), 2026-11-27:
    with Django's bulk_create:
    SQLite         44,000 members,  1,044 units:   8.5 s  (~5,200 members/s)
    SQLite        200,000 members,  4,760 units:  44.4 s  (~4,500 members/s), max RSS 209 MB
    PostgreSQL    200,000 members,  4,760 units:  38.0 s  (~5,300 members/s)
    with quantriet.dbutil.insert_many (multi-row INSERT on SQLite, COPY on PostgreSQL):
    SQLite         44,000 members,  1,044 units:   5.2 s  (~8,500 members/s)
    PostgreSQL    200,000 members,  4,760 units:  22.1 s  (~9,000 members/s)
Now bound by generating the rows in Python (names, keys, model objects); 5.5 M on
PostgreSQL is about 10 minutes; memory stays flat (chunks of 5,000 members).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "quantriet_bench_demo"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=44_000)
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--postgres", metavar="URL",
                        help="server URL; a throw-away database is created on it")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("QUANTRIET_INSECURE_DEV_KEY", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "quantriet.settings"
    os.environ["QUANTRIET_DATA_DIR"] = tempfile.mkdtemp(prefix="quantriet-bench-demo-")
    admin_url = None
    if args.postgres:
        parts = urlsplit(args.postgres)
        admin_url = args.postgres
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
        from quantriet.demo.generator import generate_province

        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] > 5 or done == total:
                last[0] = now
                print(f"  {done:>10,}/{total:,} members  {now - started:6.1f} s", flush=True)

        started = time.monotonic()
        summary = generate_province(seed=args.seed, members=args.members, code="TG",
                                    name="Đảng bộ tỉnh Tiền Giang", progress=progress)
        elapsed = time.monotonic() - started
        print(f"{connection.vendor}: {summary.units:,} units, {summary.members:,} members "
              f"in {elapsed:.1f} s ({summary.members / elapsed:,.0f} members/s)")
    finally:
        connection.close()
        if admin_url:
            _admin(admin_url, f"DROP DATABASE IF EXISTS {BENCH_DB}")


def _admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


if __name__ == "__main__":
    main()
