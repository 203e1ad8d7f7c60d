"""Benchmark the member import (issue 2: "44,000 members must import in seconds").

    .venv/bin/python bench/bench_import.py                 # 44,000 members, SQLite, 3 runs
    .venv/bin/python bench/bench_import.py --runs 5 --members 44000
    .venv/bin/python bench/bench_import.py --postgres postgres://postgres@127.0.0.1:5432/postgres

Measured in the same run, on a fresh throw-away database:
  baseline  bulk_create of the same 44,000 already-parsed Member + Membership rows (the
            floor: what the ORM costs with no reading, checking or auditing)
  fresh     import_members() of the CSV file into an empty roll (read, check, write, audit)
  again     the same file re-imported: nothing changes
  changed   a file in which every member's name and birth date changed: 44,000 updates
            (written by dbutil.update_many, one prepared UPDATE per row)
  bulk_upd  the same 44,000 changes written by Django's bulk_update(batch_size=500), which
            the import used before: one CASE WHEN per field per batch
Prints the median of each and the ratio fresh / baseline.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "quantriet_bench_import"


def make_files(members: int, seed: int = 1) -> tuple[bytes, bytes, list[list[str]]]:
    rnd = random.Random(seed)
    units = [("B", "Đảng bộ tỉnh Thử", "", "province")]
    cells = []
    for h in range(11):
        units.append((f"B{h:02d}", f"Đảng bộ huyện {h}", "B", "district"))
        for x in range(10):
            xc = f"B{h:02d}-{x:02d}"
            units.append((xc, f"Đảng bộ xã {h}-{x}", f"B{h:02d}", "commune"))
            for c in range(9):
                units.append((f"{xc}-{c}", f"Chi bộ ấp {c}", xc, "cell"))
                cells.append(f"{xc}-{c}")
    fam = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"]
    mid = ["Văn", "Thị", "Hữu", "Minh", "Thị Thu", "Hoàng", "Ngọc"]
    giv = ["An", "Ân", "Bình", "Dũng", "Đức", "Hòa", "Mai", "Lan", "Tuấn", "Hùng", "Phúc"]
    rows = []
    for i in range(members):
        rows.append([
            f"{10000000 + i}", f"TG{i}",
            f"{rnd.choice(fam)} {rnd.choice(mid)} {rnd.choice(giv)}",
            f"{rnd.randint(1, 28):02d}/{rnd.randint(1, 12):02d}/{rnd.randint(1940, 2000)}",
            rnd.choice(["Nam", "Nữ"]), rnd.choice(cells),
            "dự bị" if i % 20 == 0 else "chính thức", "có" if i % 30 == 0 else "",
        ])

    return (make_csv(["code", "name", "parent_code", "kind"], units),
            make_csv(["member_id", "card_no", "full_name", "birth_date", "gender", "unit_code",
                    "status", "exempt"], rows), rows)


def make_csv(header, body) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(header)
    w.writerows(body)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=44_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", metavar="URL")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("QUANTRIET_INSECURE_DEV_KEY", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "quantriet.settings"
    os.environ["QUANTRIET_DATA_DIR"] = tempfile.mkdtemp(prefix="quantriet-bench-import-")
    if args.postgres:
        import psycopg

        with psycopg.connect(args.postgres, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
            conn.execute(f"CREATE DATABASE {BENCH_DB}")
        os.environ["DATABASE_URL"] = urlunsplit(urlsplit(args.postgres)._replace(
            path="/" + BENCH_DB))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from quantriet.lib import vntext
    from quantriet.orgs.imports import import_members, import_units
    from quantriet.orgs.models import Gender, Member, Membership, MemberStatus, Unit

    call_command("migrate", verbosity=0)
    units_csv, members_csv, rows = make_files(args.members)
    import_units(actor=None, data=units_csv, filename="units.csv")
    unit_ids = dict(Unit.objects.values_list("code", "pk"))

    def clear() -> None:
        Membership.objects.all().delete()
        Member.objects.all().delete()

    def baseline() -> None:
        with transaction.atomic():
            members = []
            for r in rows:
                m = Member(member_id=r[0], card_no=r[1], full_name=r[2],
                           birth_date=vntext.parse_date(r[3]),
                           gender=Gender.MALE if r[4] == "Nam" else Gender.FEMALE,
                           unit_id=unit_ids[r[5]],
                           status=MemberStatus.PROBATIONARY if r[6] == "dự bị"
                           else MemberStatus.FULL, exempt=bool(r[7]))
                m.set_derived()
                members.append(m)
            Member.objects.bulk_create(members, batch_size=2000)
            Membership.objects.bulk_create(
                [Membership(member_id=m.pk, unit_id=m.unit_id) for m in members],
                batch_size=2000)

    changed_rows = [[r[0], r[1], r[2] + " Mới", "01/01/1960", *r[4:]] for r in rows]
    changed_csv = make_csv(["member_id", "card_no", "full_name", "birth_date", "gender",
                            "unit_code", "status", "exempt"], changed_rows)

    def bulk_update_reference() -> None:
        with transaction.atomic():
            members = list(Member.objects.all())
            for m in members:
                m.full_name += " Cũ"
                m.birth_date = vntext.parse_date("02/02/1961")
                m.set_derived()
            Member.objects.bulk_update(members, ["full_name", "name_fold", "name_key",
                                                 "birth_date", "updated_at"], batch_size=500)

    timings: dict[str, list[float]] = {"baseline": [], "fresh": [], "again": [],
                                       "changed": [], "bulk_upd": []}
    for _ in range(args.runs):
        clear()
        t = time.perf_counter()
        baseline()
        timings["baseline"].append(time.perf_counter() - t)
        clear()
        t = time.perf_counter()
        result = import_members(actor=None, data=members_csv, filename="members.csv")
        timings["fresh"].append(time.perf_counter() - t)
        assert result.created == args.members, result
        t = time.perf_counter()
        result = import_members(actor=None, data=members_csv, filename="members.csv")
        timings["again"].append(time.perf_counter() - t)
        assert result.unchanged == args.members, result
        t = time.perf_counter()
        result = import_members(actor=None, data=changed_csv, filename="members.csv")
        timings["changed"].append(time.perf_counter() - t)
        assert result.updated == args.members, result
        t = time.perf_counter()
        bulk_update_reference()
        timings["bulk_upd"].append(time.perf_counter() - t)

    vendor = connection.vendor
    print(f"{args.members:,} members on {vendor}, {args.runs} runs (median, min–max):")
    for name, values in timings.items():
        print(f"  {name:<9} {statistics.median(values):6.2f} s  "
              f"({min(values):.2f}–{max(values):.2f})")
    ratio = statistics.median(timings["fresh"]) / statistics.median(timings["baseline"])
    print(f"  fresh / baseline = {ratio:.2f}")
    if args.postgres:
        connection.close()
        import psycopg

        with psycopg.connect(args.postgres, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")


if __name__ == "__main__":
    main()
