"""Benchmark single check-ins over HTTP: PostgreSQL behind gunicorn (issue 3).

    .venv/bin/pip install -e '.[pg,bench]'      # gunicorn, psycopg
    .venv/bin/python bench/bench_checkin_http.py --postgres postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/bench_checkin_http.py --postgres URL --workers 4 --threads 8 --seconds 20

One request = one record (POST /api/attendance with one member): what one QR scan or one
tick at a bridge point sends. The script creates a throw-away database
(quantriet_bench_http, dropped at the end), loads the demo province without its campaign,
creates a campaign with an online conference at 205 bridge points, starts gunicorn (sync
workers) on 127.0.0.1 only, and sends check-ins of distinct members from N client threads
(http.client, keep-alive where the server allows it) for at most --seconds seconds. Then
it stops gunicorn and verifies that the attendance rows equal the members sent (nothing
lost or doubled).

Target: at least 800 requests/s with p99 under 100 ms. Baseline in the same run: the
same number of single-row `INSERT … ON CONFLICT DO NOTHING` through psycopg directly, from
the same number of threads (one connection each, autocommit).

The client threads run on the same 2 cores as gunicorn and PostgreSQL: the server gets
less than the whole machine. Not a test: never run in CI.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_checkin import ROOT, admin, new_campaign, setup_django

BENCH_DB = "quantriet_bench_http"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


def run_clients(threads: int, seconds: float, work: list, send) -> tuple[float, list, int]:
    """Threads take items from `work` until it is empty or time is up; send(state, item)
    does one request. Returns (elapsed, latencies, errors)."""
    lock = threading.Lock()
    position = [0]
    latencies: list[list[float]] = [[] for _ in range(threads)]
    errors = [0]
    deadline = time.perf_counter() + seconds

    def worker(i: int) -> None:
        state: dict = {}
        mine = latencies[i]
        while time.perf_counter() < deadline:
            with lock:
                if position[0] >= len(work):
                    return
                item = work[position[0]]
                position[0] += 1
            t = time.perf_counter()
            ok = send(state, item)
            mine.append(time.perf_counter() - t)
            if not ok:
                with lock:
                    errors[0] += 1
        if "close" in state:
            state["close"]()

    started = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - started
    return elapsed, [x for part in latencies for x in part], errors[0]


def report(name: str, elapsed: float, latencies: list[float], errors: int) -> float:
    rate = len(latencies) / elapsed
    print(f"  {name:<34} {len(latencies):>7,} requests in {elapsed:5.1f} s = {rate:7,.0f}/s  "
          f"p50 {percentile(latencies, 50) * 1000:6.1f} ms  "
          f"p99 {percentile(latencies, 99) * 1000:6.1f} ms  errors {errors}")
    return rate


WRK_SCRIPT = r"""
-- One POST /api/attendance with one record per request; each wrk thread walks its own
-- slice of the members, so no member is sent twice.
local counter = 0
local threads = {}
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  local path, nthreads = args[1], tonumber(args[2])
  items = {}
  for line in io.lines(path) do table.insert(items, line) end
  local per = math.floor(#items / nthreads)
  first = id * per + 1
  last = first + per - 1
  pos = first
end
function request()
  if pos > last then pos = first end
  local line = items[pos]
  pos = pos + 1
  return wrk.format("POST", nil, nil, line)
end
"""


def run_wrk(port: int, connections: int, seconds: float, work: list, meeting_code: str,
            token: str) -> tuple[int, float, dict, int]:
    """(requests done, seconds, {50: p50, 99: p99} in seconds, errors) from wrk."""
    import re
    import tempfile

    threads = 2
    with tempfile.TemporaryDirectory() as tmp:
        bodies = Path(tmp, "bodies.txt")
        bodies.write_text("".join(
            json.dumps({"meeting": meeting_code, "bridge_point": bp.code,
                        "records": [{"member_id": mid, "status": "present"}]}) + "\n"
            for mid, _pk, bp in work))
        script = Path(tmp, "checkin.lua")
        script.write_text(WRK_SCRIPT)
        out = subprocess.run(
            ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds:.0f}s",
             "--latency", "-s", str(script),
             "-H", "Content-Type: application/json", "-H", f"Authorization: Bearer {token}",
             f"http://127.0.0.1:{port}/api/attendance", "--", str(bodies), str(threads)],
            capture_output=True, text=True, check=True).stdout
    unit = {"us": 1e-6, "ms": 1e-3, "s": 1.0}
    latencies = {}
    for pct in (50, 99):
        value, u = re.search(rf"^\s+{pct}(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        latencies[pct] = float(value) * unit[u]
    done, took = re.search(r"(\d+) requests in ([\d.]+)(s|m)", out).groups()[:2]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    errors = int(bad.group(1)) if bad else 0
    if socket_errors:
        print("  wrk:", socket_errors.group(0))
    return int(done), float(took), latencies, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", required=True,
                        help="server URL; a throw-away database is created on it")
    parser.add_argument("--members", type=int, default=44_000)
    parser.add_argument("--workers", type=int, default=3,
                        help="gunicorn workers; on 2 cores 3 measured best "
                             "(2: 690/s, 4: 722/s, 6: 712/s)")
    parser.add_argument("--worker-class", default="sync", choices=("sync", "gthread"))
    parser.add_argument("--server-threads", type=int, default=1,
                        help="threads per gunicorn worker (gthread)")
    parser.add_argument("--threads", type=int, default=8, help="client threads")
    parser.add_argument("--seconds", type=float, default=20.0, help="time bound of each phase")
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto",
                        help="load generator: wrk (C, Debian package 'wrk'; default when "
                             "installed) or Python threads (uses much of a core itself)")
    parser.add_argument("--connections", type=int, default=32,
                        help="wrk: concurrent keep-alive connections")
    args = parser.parse_args()
    admin_url = setup_django(args.postgres, BENCH_DB)
    db_url = os.environ["DATABASE_URL"]

    from django.db import connection

    server = None
    try:
        from quantriet.accounts.models import ApiToken, User
        from quantriet.campaigns.models import RollEntry
        from quantriet.demo.generator import generate_province
        from quantriet.meetings.models import Attendance, MeetingKind
        from quantriet.meetings.services import meeting_create
        from quantriet.orgs.models import Unit

        generate_province(seed=2016, members=args.members, code="TG")
        province = Unit.objects.get(code="TG")
        campaign, conf = new_campaign(1, province)
        _tok, token = ApiToken.issue(user=User.objects.get(username="tinhuy"), name="bench")
        roll = list(RollEntry.objects.filter(campaign=campaign).order_by("member__member_id")
                    .values_list("member__member_id", "member_id", "unit_id"))
        work = [(mid, pk, conf.bridge_points[conf.point_of_unit[unit]])
                for mid, pk, unit in roll]
        meeting_code = conf.meeting.code
        baseline_meeting = meeting_create(
            actor=None, campaign=campaign, code="BASELINE", kind=MeetingKind.IN_PERSON,
            title="baseline", organiser=province, starts_at=conf.meeting.starts_at)
        connection.close()

        port = free_port()
        env = dict(os.environ, DATABASE_URL=db_url, ALLOWED_HOSTS="127.0.0.1",
                   QUANTRIET_INSECURE_DEV_KEY="1", LOG_LEVEL="ERROR")
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "quantriet.wsgi:application",
             "--workers", str(args.workers), "--worker-class", args.worker_class,
             "--threads", str(args.server_threads),
             "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--keep-alive", "5"],
            cwd=ROOT, env=env)
        wait_for(port)
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}",
                   "Host": "127.0.0.1"}

        def send_http(state: dict, item) -> bool:
            mid, _pk, bp = item
            if "conn" not in state:
                state["conn"] = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                state["close"] = state["conn"].close
            body = json.dumps({"meeting": meeting_code, "bridge_point": bp.code,
                               "records": [{"member_id": mid, "status": "present"}]})
            try:
                state["conn"].request("POST", "/api/attendance", body=body, headers=headers)
                response = state["conn"].getresponse()
                data = response.read()
            except (http.client.HTTPException, OSError):
                state["conn"].close()
                del state["conn"]
                return False
            return response.status == 200 and json.loads(data)["accepted"] == 1

        # Warm-up: each worker loads Django and opens its connection (not measured).
        warm, work = work[:200], work[200:]
        run_clients(args.threads, args.seconds, warm, send_http)
        use_wrk = args.client == "wrk" or (args.client == "auto" and shutil.which("wrk"))
        if use_wrk:
            print(f"PostgreSQL, gunicorn {args.workers} {args.worker_class} workers "
                  f"(× {args.server_threads} threads), wrk with "
                  f"{args.connections} connections, {args.seconds:.0f} s:")
            done, elapsed, latencies, errors = run_wrk(
                port, args.connections, args.seconds, work, meeting_code, token)
            sent = len(warm) + done
            http_rate = done / elapsed
            http_p99 = latencies[99]
            print(f"  {'API, one record a request (wrk)':<34} {done:>7,} requests in "
                  f"{elapsed:5.1f} s = {http_rate:7,.0f}/s  p50 {latencies[50] * 1000:6.1f} ms  "
                  f"p99 {http_p99 * 1000:6.1f} ms  errors {errors}")
        else:
            print(f"PostgreSQL, gunicorn {args.workers} sync workers, {args.threads} client "
                  f"threads, at most {args.seconds:.0f} s a phase:")
            elapsed, latencies, errors = run_clients(args.threads, args.seconds, work,
                                                     send_http)
            sent = len(warm) + len(latencies)
            http_rate = report("API, one record a request", elapsed, latencies, errors)
            http_p99 = percentile(latencies, 99)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        server = None

        # Nothing lost or doubled: one row per member sent.
        rows = Attendance.objects.filter(meeting__code=meeting_code).count()
        members = Attendance.objects.filter(meeting__code=meeting_code).values(
            "member").distinct().count()
        if use_wrk:
            # wrk stops on time: requests still in flight then were done by the server but
            # not counted by wrk (at most one per connection).
            print(f"  verified: {rows:,} attendance rows = {members:,} distinct members; "
                  f"{sent:,} answered + at most {args.connections} in flight at the end "
                  f"({errors} errors)")
            assert rows == members and sent <= rows <= sent + args.connections, (
                rows, members, sent)
            n_base = done
        else:
            print(f"  verified: {rows:,} attendance rows = {members:,} distinct members = "
                  f"{sent:,} sent ({errors} errors)")
            assert rows == members == sent - errors, (rows, members, sent, errors)
            n_base = len(latencies)
        connection.close()

        # Baseline: the same number of single-row upserts straight through psycopg.
        import psycopg

        base_work = work[:n_base]
        sql = ("INSERT INTO meetings_attendance (meeting_id, member_id, bridge_point_id, "
               "status, method, recorded_at, recorded_by_id) "
               "VALUES (%s, %s, %s, 'present', 'api', now(), NULL) "
               "ON CONFLICT (meeting_id, member_id) DO NOTHING")

        def send_sql(state: dict, item) -> bool:
            if "conn" not in state:
                state["conn"] = psycopg.connect(db_url, autocommit=True)
                state["close"] = state["conn"].close
            state["conn"].execute(sql, (baseline_meeting.pk, item[1], item[2].pk))
            return True

        elapsed, latencies, errors = run_clients(args.threads, 10 * args.seconds, base_work,
                                                 send_sql)
        base_rate = report("baseline psycopg INSERT … ON CONFLICT", elapsed, latencies, errors)
        print()
        print(f"  API {http_rate:,.0f} req/s, p99 {http_p99 * 1000:.1f} ms: target ≥ 800 req/s "
              f"and p99 < 100 ms: "
              f"{'OK' if http_rate >= 800 and http_p99 < 0.1 else 'MISSED'}; "
              f"{http_rate / base_rate:.0%} of the bare insert rate")
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        connection.close()
        if admin_url:
            admin(admin_url, f"DROP DATABASE IF EXISTS {BENCH_DB}")


if __name__ == "__main__":
    main()
