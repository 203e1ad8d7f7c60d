"""Benchmark the result report (issue 6): a province's and the nation's .docx + .xlsx.

    .venv/bin/python bench/bench_report.py                      # SQLite: the province
    .venv/bin/python bench/bench_report.py --postgres postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/bench_report.py --postgres URL --nation-members 2000
        # also the nation: 34 provinces of 2,000 members each under one national root

A fresh database (SQLite in a temporary directory; on PostgreSQL a throw-away database
quantriet_bench_report, created and dropped here).

1. The province: `quantriet demo` (44,000 members, the seed campaign with its conference
   at 205 bridge points, make-up classes, deliverables, and the demo data of every other
   app: learning reports, copy checks, programs, ballots, inspections). Timed, median of
   --runs: the whole report of the province as a user downloads it (figures snapshot from
   records, narrative, consistency checks, .docx, .xlsx). Target: under 2 s.
   Baseline in the same run: reports.selectors.coverage() of the province alone (the
   issue-3 figures every report starts from).
2. The nation (--nation-members N per province, PostgreSQL): 34 provinces made by the
   demo generator, moved under one root "TW"; a campaign owned by the root (the roll of
   every member), one online conference (demo.campaign.conference_create, 5 bridge
   points per 1,000 members), 65 % of the roll present, plans required of the provinces
   and of the level below (half received). Timed: the nation's report (34 children).
   Target: under 10 s at the full size. The figures' queries grow with the units and the
   rows; the Word/Excel/narrative part depends on the 34 children only. The estimate
   for the full nation (5.5 M members, ≈ 322,000 units) scales the measured figures time
   by the ratio of units, and adds the measured fixed part.

Not a test: never run in CI.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_checkin import admin, ms, setup_django

BENCH_DB = "quantriet_bench_report"
NATION_UNITS = 322_000  # ≈ 52,000 grassroots organisations + 270,000 cells
NATION_MEMBERS = 5_500_000


def median_time(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def whole_report(campaign, unit) -> dict:
    """What a download costs: snapshot, narrative, checks, .docx, .xlsx; with the parts."""
    from quantriet.reports import appendix, checks, word
    from quantriet.reports.services import unsaved_report

    t0 = time.perf_counter()
    report = unsaved_report(campaign, unit)
    t1 = time.perf_counter()
    problems = checks.run(report.figures, report.narrative)
    docx = word.report_docx(report)
    xlsx = appendix.appendix_xlsx(report.figures, title=campaign.title)
    t2 = time.perf_counter()
    return {"figures": t1 - t0, "documents": t2 - t1, "problems": len(problems),
            "docx": len(docx), "xlsx": len(xlsx),
            "sections": len(report.figures["sections"])}


OWN_SECTIONS = ("coverage-json", "coverage", "meetings", "deliverables")


def section_times(campaign, unit, runs: int = 3) -> dict[str, float]:
    """Each section provider, median of `runs`: where the figures' time goes.
    "coverage-json" is reports.selectors.coverage(), which coverage and meetings read."""
    from quantriet.reports import figures
    from quantriet.reports.selectors import coverage

    t_cov, cov = median_time(lambda: coverage(campaign, unit), runs)
    ctx = figures.Context(campaign, unit, figures.child_units(unit, cov), cov)
    out = {"coverage-json": t_cov}
    for key, provider in figures.PROVIDERS:
        out[key], _r = median_time(lambda provider=provider: provider(ctx), runs)
    return out


def measure(label: str, campaign, unit, runs: int) -> dict:
    from quantriet.reports.selectors import coverage

    sections = section_times(campaign, unit)
    print(f"  {label}: sections (median of 3): "
          + ", ".join(f"{k} {ms(v)}" for k, v in sections.items()), flush=True)

    base, _cov = median_time(lambda: coverage(campaign, unit), max(runs, 5))
    parts = []
    total, _r = median_time(lambda: parts.append(whole_report(campaign, unit)), runs)
    figures_t = statistics.median(p["figures"] for p in parts)
    documents_t = statistics.median(p["documents"] for p in parts)
    last = parts[-1]
    print(f"  {label}: report (.docx + .xlsx) {ms(total)} median of {runs} "
          f"[figures {ms(figures_t)}, narrative+checks+documents {ms(documents_t)}]; "
          f"{last['sections']} sections, {last['problems']} consistency problems, "
          f"docx {last['docx']:,} B, xlsx {last['xlsx']:,} B", flush=True)
    print(f"  {label}: baseline coverage() alone {ms(base)}", flush=True)
    return {"total": total, "figures": figures_t, "documents": documents_t, "baseline": base,
            "sections": sections}


def province(runs: int) -> None:
    from django.core.management import call_command

    from quantriet.campaigns.models import Campaign
    from quantriet.demo.campaign import campaign_code
    from quantriet.orgs.models import Member, Unit

    t = time.perf_counter()
    call_command("demo", "--quiet")
    campaign = Campaign.objects.select_related("owner", "resolution").get(
        code=campaign_code("TG"))
    print(f"  demo province: {Member.objects.count():,} members, {Unit.objects.count():,} "
          f"units ({time.perf_counter() - t:,.1f} s)", flush=True)
    result = measure("province", campaign, campaign.owner, runs)
    verdict = "OK" if result["total"] < 2 else "OVER TARGET"
    print(f"  province target < 2 s: {verdict}", flush=True)


def nation(per_province: int, provinces: int, runs: int) -> None:
    import random

    from bench_nation import province_codes

    from quantriet.campaigns.models import Deliverable, RollEntry
    from quantriet.campaigns.services import (
        campaign_create,
        deliverable_require,
        document_get_or_register,
    )
    from quantriet.demo.campaign import conference_create
    from quantriet.demo.generator import generate_province
    from quantriet.meetings.services import attendance_record
    from quantriet.orgs.models import Unit, UnitKind
    from quantriet.orgs.services import unit_create, unit_move

    t = time.perf_counter()
    root = unit_create(actor=None, code="TW", name="Toàn Đảng", parent=None,
                       kind=UnitKind.OTHER)
    from quantriet.demo.generator import province_number

    # Member ids carry the province's number: keep clear of the demo province TG's.
    codes = [c for c in province_codes(provinces + 1)
             if province_number(c) != province_number("TG")][:provinces]
    for i, code in enumerate(codes):
        generate_province(seed=2016 + i, members=per_province, code=code,
                          name=f"Đảng bộ tỉnh số {i + 1}")
        unit_move(actor=None, unit=Unit.objects.get(code=code), new_parent=root)
    root.refresh_from_db()
    units = Unit.objects.count()
    members = per_province * provinces
    print(f"  nation: {members:,} members, {units:,} units in {provinces} provinces "
          f"({time.perf_counter() - t:,.0f} s)", flush=True)
    t = time.perf_counter()
    resolution = document_get_or_register(
        actor=None, number="04-NQ/TW", issued_on=datetime.date(2016, 10, 30),
        title="Nghị quyết Hội nghị Trung ương 4 khóa XII")
    campaign = campaign_create(actor=None, code="NATION", title="Toàn quốc", owner=root,
                               roll_date=datetime.date(2016, 12, 2), resolution=resolution)
    conf = conference_create(campaign=campaign, code="NATION-HNTT", title="Hội nghị toàn quốc",
                             starts_at=datetime.datetime(2023, 12, 16, 1, 0,
                                                         tzinfo=datetime.UTC),
                             points=max(34, members // 200))
    rng = random.Random(2023)
    per_point: dict[int, list] = {}
    for member_pk, unit_pk in RollEntry.objects.filter(campaign=campaign).values_list(
            "member_id", "unit_id").iterator(10_000):
        if rng.random() < 0.65:
            per_point.setdefault(conf.point_of_unit[unit_pk], []).append(
                (member_pk, "present"))
    for point, records in per_point.items():
        attendance_record(actor=None, meeting=conf.meeting, method="api",
                          bridge_point=conf.bridge_points[point], records=records)
    for offset in (1, 2):
        deliverable_require(actor=None, campaign=campaign, kind="plan",
                            depth=root.depth + offset, due_on=datetime.date(2016, 12, 20))
    pks = list(Deliverable.objects.filter(campaign=campaign).values_list("pk", flat=True))
    Deliverable.objects.filter(pk__in=pks[::2]).update(received_on=datetime.date(2016, 12, 18))
    print(f"  nation campaign: roll, conference at {len(conf.bridge_points):,} points, "
          f"{sum(len(r) for r in per_point.values()):,} present, {len(pks):,} deliverables "
          f"({time.perf_counter() - t:,.0f} s)", flush=True)
    result = measure("nation (reduced)", campaign, root, runs)
    ratio = NATION_UNITS / units
    naive = result["figures"] * ratio + result["documents"]
    print(f"  nation estimate, everything scaled: figures {ms(result['figures'])} × "
          f"{ratio:,.1f} (units ratio {NATION_UNITS:,}/{units:,}) + documents "
          f"{ms(result['documents'])} = {naive:,.2f} s "
          f"({'OK' if naive < 10 else 'OVER TARGET'} for < 10 s)", flush=True)
    own = sum(result["sections"][k] for k in OWN_SECTIONS)
    others = sum(v for k, v in result["sections"].items() if k not in OWN_SECTIONS)
    split = own * ratio + others + result["documents"]
    print(f"  nation estimate, this app's queries scaled (coverage, meetings, deliverables "
          f"{ms(own)} × {ratio:,.1f}) + other apps' providers as measured here, on no data "
          f"({ms(others)}) + documents: {split:,.2f} s "
          f"({'OK' if split < 10 else 'OVER TARGET'} for < 10 s)", flush=True)


def nation_kept(postgres: str, db_name: str, runs: int) -> None:
    """The full nation of bench_nation.py (5.5 M members on the roll, 1.44 M check-ins);
    the other apps' tables there are empty, so their sections cost what their queries
    over the roll and units cost, without rows of their own."""
    setup_django(postgres, db_name, reuse=True)
    from django.db import connection

    from quantriet.campaigns.models import Campaign
    from quantriet.orgs.models import Unit

    campaign = Campaign.objects.filter(code__startswith="NATION").order_by("-pk").first()
    root = Unit.objects.get(code="TW")
    print(f"{connection.vendor}: result report of the kept nation, campaign {campaign.code}, "
          f"{Unit.objects.count():,} units", flush=True)
    try:
        result = measure("nation", campaign, root, runs)
        print(f"  nation target < 10 s: {'OK' if result['total'] < 10 else 'MISSED'}")
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--nation-members", type=int, default=0, metavar="N",
                        help="members per province for the nation run (0: no nation run)")
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--no-province", action="store_true")
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    parser.add_argument("--nation-db", metavar="NAME",
                        help="measure the report of the nation kept by "
                             "`bench_nation.py --keep` in this database (its latest "
                             "campaign, unit TW), instead of the runs above")
    args = parser.parse_args()
    if args.nation_db:
        nation_kept(args.postgres, args.nation_db, args.runs)
        return
    admin_url = setup_django(args.postgres, BENCH_DB)
    from django.db import connection

    print(f"{connection.vendor}: result report benchmark", flush=True)
    try:
        if not args.no_province:
            province(args.runs)
        if args.nation_members:
            nation(args.nation_members, args.provinces, max(1, args.runs // 2))
    finally:
        connection.close()
        if admin_url and not args.keep:
            admin(admin_url, f"DROP DATABASE IF EXISTS {BENCH_DB}")


if __name__ == "__main__":
    main()
