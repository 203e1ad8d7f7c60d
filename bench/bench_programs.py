"""Benchmark the action programs' roll-up (issue 5) and the report's figures (issue 6).

    .venv/bin/python bench/bench_programs.py                     # SQLite
    .venv/bin/python bench/bench_programs.py --postgres postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/bench_programs.py --branching 34 30 30   # the default tree

A fresh database (SQLite in a temporary directory; on PostgreSQL a throw-away database
quantriet_bench_programs, created and dropped here). A unit tree under one root (by
default 34 provinces × 30 units × 30 units ≈ 31,700 units, the order of a nation's
grassroots organisations), a program for every unit (80 % adopted), 5 tasks each with
random weight, progress and deadline (≈ 158,000 tasks).

Timed, medians of --runs:
- programs.selectors.report_figures(campaign, [root + its 34 children]): the whole tree;
- the same for one province and its 30 children;
- programs.selectors.rollup(campaign, root): the overview page's figures.
Baseline in the same run: a bare GROUP BY of the tasks per program (the scan every
roll-up must at least make), over the whole tree.

Not a test: never run in CI.
"""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_checkin import admin, ms, setup_django

BENCH_DB = "quantriet_bench_programs"


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def build_tree(branching: list[int]):
    from quantriet.orgs.models import Unit

    root = Unit.objects.create(code="TW", name="Toàn quốc", depth=0)
    root.path = Unit.segment(root.pk)
    root.save(update_fields=["path"])
    level = [root]
    for depth, n in enumerate(branching, start=1):
        new = [Unit(code=f"{parent.code}-{i:02d}", name=f"Đơn vị {parent.code}-{i:02d}",
                    parent=parent, depth=depth)
               for parent in level for i in range(n)]
        new = Unit.objects.bulk_create(new, batch_size=5000)
        for u in new:
            u.path = u.parent.path + Unit.segment(u.pk)
        Unit.objects.bulk_update(new, ["path"], batch_size=5000)
        level = new
    return root


def build_programs(campaign, rng: random.Random) -> tuple[int, int]:
    from quantriet.orgs.models import Unit
    from quantriet.programs.models import Program, Task

    today = datetime.date.today()
    units = list(Unit.objects.filter(path__startswith=campaign.owner.path).only("pk"))
    programs = Program.objects.bulk_create(
        [Program(campaign=campaign, unit=u, title=f"CTr {u.pk}",
                 adopted_on=today if rng.random() < 0.8 else None,
                 document_number="01-CTr/HU") for u in units], batch_size=5000)
    tasks = [Task(program=p, position=i, content=f"Nhiệm vụ {i}", lead_unit_id=p.unit_id,
                  deadline=today + datetime.timedelta(days=rng.randint(-60, 60)),
                  weight=rng.randint(1, 5), progress=rng.choice((0, 20, 50, 80, 100)))
             for p in programs for i in range(1, 6)]
    Task.objects.bulk_create(tasks, batch_size=10000)
    return len(programs), len(tasks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", metavar="URL")
    parser.add_argument("--branching", type=int, nargs="+", default=[34, 30, 30])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    admin_url = setup_django(args.postgres, BENCH_DB)
    try:
        from django.db import connection

        from quantriet.campaigns.services import campaign_create, document_register
        from quantriet.orgs.models import Unit
        from quantriet.programs.selectors import report_figures, rollup

        rng = random.Random(5)
        t = time.perf_counter()
        root = build_tree(args.branching)
        resolution = document_register(actor=None, number="04-NQ/TW", title="Nghị quyết",
                                       issued_on=datetime.date(2016, 10, 30))
        campaign = campaign_create(actor=None, code="BENCH", title="Bench", owner=root,
                                   roll_date=datetime.date(2016, 12, 2),
                                   resolution=resolution)
        n_programs, n_tasks = build_programs(campaign, rng)
        print(f"{connection.vendor}: {n_programs:,} units with a program, {n_tasks:,} tasks "
              f"(built in {time.perf_counter() - t:.1f} s)")
        children = list(Unit.objects.filter(parent=root).order_by("code"))
        province = children[0]
        grandchildren = list(Unit.objects.filter(parent=province))

        def baseline():
            with connection.cursor() as c:
                c.execute("SELECT program_id, COUNT(*), SUM(weight * progress) "
                          "FROM programs_task GROUP BY program_id")
                c.fetchall()

        rows = [
            ("baseline: bare GROUP BY tasks per program (whole tree)",
             median_time(baseline, args.runs)),
            (f"report_figures(root + {len(children)} children)",
             median_time(lambda: report_figures(campaign, [root, *children]), args.runs)),
            (f"report_figures(one province + {len(grandchildren)} children)",
             median_time(lambda: report_figures(campaign, [province, *grandchildren]),
                         args.runs)),
            ("rollup(root): overview page figures",
             median_time(lambda: rollup(campaign, root), args.runs)),
        ]
        for label, seconds in rows:
            print(f"  {label:<60} {ms(seconds):>12}")
        check = report_figures(campaign, [root])[root.pk]
        assert check["programs"] == n_programs and check["tasks"] <= n_tasks
    finally:
        if admin_url:
            from django.db import connections

            connections.close_all()
            admin(admin_url, f"DROP DATABASE IF EXISTS {BENCH_DB}")


if __name__ == "__main__":
    main()
