"""Load: 200 concurrent operators checking in for 60 s, PostgreSQL behind gunicorn (issue 7).

    .venv/bin/pip install -e '.[pg,bench]'      # gunicorn, psycopg
    .venv/bin/python bench/bench_load_operators.py --postgres postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/bench_load_operators.py --postgres URL --operators 200 \
        --seconds 60 --workers 3

What it builds, on loopback only: a throw-away database (qt_load; dropped at the end unless
--keep), the demo province (44,000 members), a campaign on the whole roll and its online
conference at 205 bridge points (the demo's `conference_create`), and one operator account
with its own API token at each of the first --operators bridge points (operators of the
point, no role on any unit: they may mark the members expected there and no one else).
gunicorn (sync workers, --workers) serves 127.0.0.1 on a free port.

The load: every operator is one client connection that sends POST /api/attendance in a
closed loop (the next request when the last one is answered, plus --think seconds) for
--seconds seconds, members of its own units in a shuffled order:

    ~85 %  one member, not sent before                  -> accepted 1
    ~7 %   one member this operator already had accepted -> accepted 0, duplicates 1
    ~5 %   a small batch of 2-8 new members, one of them listed twice
                                                        -> accepted n, duplicates 1
    ~3 %   a member expected at a bridge point without an operator (not theirs to mark)
                                                        -> accepted 0, one error, nothing stored

An operator whose members are all checked in goes on re-sending them (duplicates).
Each response is compared with what it must say; any other answer, any non-200 and any
transport error counts as an error.

The client: one Python process, asyncio, raw HTTP/1.1 over its own sockets (no HTTP
library), one connection per operator, kept alive when the server allows it (gunicorn's
sync workers close it after each response, as behind nginx they would talk to nginx:
the client then reconnects, and the connect is inside the timed request). Why not wrk:
wrk cannot tell which request a response answers, so it cannot say which check-ins were
accepted, and the verification needs exactly that. Its own cost is measured: the client's
CPU time over the run's wall time (printed as "client CPU"); it must stay a small share of
one core of the machine's two.

Verified afterwards from the database (after gunicorn is stopped):
  - every member whose check-in was accepted has exactly one attendance row, at the
    operator's bridge point; no row for a member whose request was refused or only sent
    as a duplicate of nothing; rows = accepted check-ins (+ at most the requests whose
    answer was lost, reported apart);
  - one coverage row per member present, none other;
  - the per-unit counters (meeting present, campaign covered) equal a recount of the rows;
  - one audit row per batch or refused call (single accepted check-ins are audited by
    their attendance row).

Not a test: never run in CI. Kills its gunicorn on exit.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_checkin import ROOT, admin, new_campaign, setup_django
from bench_checkin_http import free_port, percentile, wait_for
from consistency import counter_differences

LOAD_DB = "qt_load"
TIMEOUT = 60.0  # per request, seconds (gunicorn's worker timeout is 30 s)


# --- a small raw HTTP/1.1 client on asyncio --------------------------------------------

class HttpConnection:
    """One keep-alive connection to 127.0.0.1:port; reconnects when the server closed it."""

    def __init__(self, port: int):
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.connects = 0

    async def request(self, method: str, path: str, headers: dict[str, str],
                      body: bytes = b"") -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            self.connects += 1
        head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: keep-alive",
                f"Content-Length: {len(body)}"]
        head += [f"{k}: {v}" for k, v in headers.items()]
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        try:
            status_line = await self.reader.readuntil(b"\r\n")
            status = int(status_line.split()[1])
            length, close = 0, False
            while True:
                line = await self.reader.readuntil(b"\r\n")
                if line == b"\r\n":
                    break
                name, _, value = line.decode("latin-1").partition(":")
                name = name.strip().lower()
                if name == "content-length":
                    length = int(value)
                elif name == "connection" and value.strip().lower() == "close":
                    close = True
            data = await self.reader.readexactly(length)
        except BaseException:
            self.close()
            raise
        if close:
            self.close()
        return status, data

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


# --- the operators ---------------------------------------------------------------------

@dataclass
class Operator:
    index: int
    token: str
    point: str  # bridge point code
    members: list[str]  # member ids expected at the point, shuffled
    position: int = 0
    accepted: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)  # reason -> count
    accepted: dict[str, str] = field(default_factory=dict)  # member id -> bridge point
    unknown: set[str] = field(default_factory=set)  # sent, answer lost (transport error)
    refused: set[str] = field(default_factory=set)
    audited_calls: int = 0  # batches and calls with refused records
    connects: int = 0
    outsiders: list[str] = field(default_factory=list)  # members no operator may mark


def plan_request(rng: random.Random, op: Operator, outsiders: list[str]):
    """(kind, records, expected accepted, expected duplicates, expected errors)."""
    fresh_left = len(op.members) - op.position
    roll = rng.random()
    if fresh_left and roll < 0.85:
        member = op.members[op.position]
        op.position += 1
        return "single", [member], 1, 0, 0
    if fresh_left >= 2 and roll < 0.90:
        n = min(fresh_left, rng.randint(2, 8))
        batch = op.members[op.position:op.position + n]
        op.position += n
        records = batch + [batch[rng.randrange(n)]]  # one listed twice on purpose
        rng.shuffle(records)
        return "batch", records, n, 1, 0
    if outsiders and roll < 0.93:
        return "refused", [rng.choice(outsiders)], 0, 0, 1
    if op.accepted:
        return "duplicate", [rng.choice(op.accepted)], 0, 1, 0
    if fresh_left:
        member = op.members[op.position]
        op.position += 1
        return "single", [member], 1, 0, 0
    return "refused", [rng.choice(outsiders)], 0, 0, 1


async def operate(op: Operator, port: int, meeting: str, deadline: float, think: float,
                  seed: int, out: Outcome) -> None:
    rng = random.Random(seed * 1000 + op.index)
    conn = HttpConnection(port)
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {op.token}"}
    while time.perf_counter() < deadline:
        kind, records, want_acc, want_dup, want_err = plan_request(rng, op, out.outsiders)
        body = json.dumps({"meeting": meeting, "bridge_point": op.point,
                           "records": [{"member_id": m, "status": "present"}
                                       for m in records]}).encode()
        started = time.perf_counter()
        try:
            status, data = await asyncio.wait_for(
                conn.request("POST", "/api/attendance", headers, body), TIMEOUT)
        except (TimeoutError, OSError, asyncio.IncompleteReadError,
                asyncio.LimitOverrunError, ValueError, IndexError) as e:
            out.latencies.append(time.perf_counter() - started)
            out.errors[f"transport: {type(e).__name__}"] += 1
            if kind in ("single", "batch"):
                out.unknown.update(records)
            continue
        out.latencies.append(time.perf_counter() - started)
        out.kinds[kind] += 1
        if status != 200:
            out.errors[f"HTTP {status}"] += 1
            if status >= 500:
                out.unknown.update(records)  # the server may have failed after its commit
            continue
        result = json.loads(data)
        got = (result["accepted"], result["duplicates"], len(result["errors"]))
        if got != (want_acc, want_dup, want_err):
            out.errors[f"{kind}: answered {got}, expected {(want_acc, want_dup, want_err)}"] += 1
            out.unknown.update(records)
            continue
        if kind in ("single", "batch"):
            for m in set(records):
                out.accepted[m] = op.point
                op.accepted.append(m)
        if kind == "refused":
            out.refused.update(records)
        if kind in ("batch", "refused"):
            out.audited_calls += 1
        if think:
            await asyncio.sleep(think * rng.uniform(0.5, 1.5))
    conn.close()
    out.connects += conn.connects


async def warm_up(port: int, operators: list[Operator], meeting: str) -> None:
    """One GET of the meeting per operator: each worker loads Django, each token is tried."""
    async def one(op: Operator) -> None:
        conn = HttpConnection(port)
        status, data = await conn.request("GET", f"/api/meetings/{meeting}",
                                          {"Authorization": f"Bearer {op.token}"})
        conn.close()
        assert status == 200, (op.index, status, data[:300])

    for i in range(0, len(operators), 20):
        await asyncio.gather(*(one(op) for op in operators[i:i + 20]))


def run_load(port: int, operators: list[Operator], meeting: str, seconds: float,
             think: float, seed: int, outsiders: list[str]) -> tuple[Outcome, float, float]:
    out = Outcome(outsiders=outsiders)

    async def main() -> float:
        await warm_up(port, operators, meeting)
        started = time.perf_counter()
        deadline = started + seconds
        await asyncio.gather(*(operate(op, port, meeting, deadline, think, seed, out)
                               for op in operators))
        return time.perf_counter() - started

    cpu = time.process_time()
    elapsed = asyncio.run(main())
    return out, elapsed, time.process_time() - cpu


# --- verification ----------------------------------------------------------------------

def verify(campaign, meeting, out: Outcome, point_pk: dict[str, int]) -> list[str]:
    """What the database holds against what the server answered; returns the problems."""

    from quantriet.accounts.models import AuditEntry
    from quantriet.meetings.models import Attendance, Coverage

    problems: list[str] = []
    rows = list(Attendance.objects.filter(meeting=meeting)
                .values_list("member__member_id", "bridge_point_id", "status"))
    stored = Counter(m for m, _bp, _s in rows)
    doubled = [m for m, n in stored.items() if n > 1]
    if doubled:
        problems.append(f"{len(doubled)} members with more than one row: {doubled[:5]}")
    lost = [m for m in out.accepted if m not in stored]
    if lost:
        problems.append(f"{len(lost)} accepted check-ins not stored: {lost[:5]}")
    extra = [m for m in stored if m not in out.accepted and m not in out.unknown]
    if extra:
        problems.append(f"{len(extra)} rows for members never accepted: {extra[:5]}")
    refused = [m for m in out.refused if m in stored]
    if refused:
        problems.append(f"{len(refused)} refused members stored: {refused[:5]}")
    wrong_point = [m for m, bp, _s in rows
                   if m in out.accepted and bp != point_pk[out.accepted[m]]]
    if wrong_point:
        problems.append(f"{len(wrong_point)} rows at another bridge point: {wrong_point[:5]}")
    not_present = [m for m, _bp, s in rows if s != "present"]
    if not_present:
        problems.append(f"{len(not_present)} rows not 'present'")
    covered = Coverage.objects.filter(campaign=campaign).count()
    if covered != len(rows):
        problems.append(f"coverage rows {covered} != attendance rows {len(rows)}")

    diff = counter_differences(campaign, meeting)
    for kind in ("meeting present", "coverage"):
        if diff[kind]:
            problems.append(f"{kind} counters differ from a recount in {diff[kind]} units")
    audits = AuditEntry.objects.filter(action="attendance.batch",
                                       object_id=meeting.code).count()
    if not out.unknown and audits != out.audited_calls:
        problems.append(f"audit rows {audits} != batch and refused calls {out.audited_calls}")
    print(f"  verified: {len(rows):,} attendance rows = {len(out.accepted):,} accepted "
          f"check-ins (+ {len(out.unknown & set(stored)):,} of {len(out.unknown):,} whose answer "
          f"was lost); {covered:,} coverage rows; {diff['covered']:,} covered by the "
          f"counters = recount; {audits:,} audit rows = {out.audited_calls:,} batch/refused "
          f"calls; {len(out.refused):,} refused members, none stored")
    return problems


# --- main ------------------------------------------------------------------------------

def start_gunicorn(port: int, workers: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "quantriet.wsgi:application",
         "--workers", str(workers), "--worker-class", "sync",
         "--bind", f"127.0.0.1:{port}", "--backlog", "2048", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True)


def stop(server: subprocess.Popen | None) -> None:
    if server is None or server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", required=True,
                        help="server URL; the database qt_load is created on it")
    parser.add_argument("--members", type=int, default=44_000)
    parser.add_argument("--operators", type=int, default=200,
                        help="concurrent operators, one per bridge point (at most 205)")
    parser.add_argument("--workers", type=int, default=3,
                        help="gunicorn sync workers (3 measured best on 2 cores)")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean pause of an operator between requests (0: flat out)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the database qt_load")
    args = parser.parse_args()
    admin_url = setup_django(args.postgres, LOAD_DB)
    db_url = os.environ["DATABASE_URL"]

    from django.db import connection

    server = None
    try:
        from quantriet.accounts.models import ApiToken, User
        from quantriet.campaigns.models import RollEntry
        from quantriet.demo.generator import generate_province
        from quantriet.orgs.models import Unit

        t0 = time.perf_counter()
        generate_province(seed=2016, members=args.members, code="TG")
        province = Unit.objects.get(code="TG")
        campaign, conf = new_campaign(1, province)
        points = conf.bridge_points
        if args.operators > len(points) - 1:
            raise SystemExit(f"at most {len(points) - 1} operators: one bridge point is kept "
                             "without an operator for the refused check-ins")
        by_point: dict[int, list[str]] = {i: [] for i in range(len(points))}
        for mid, unit in (RollEntry.objects.filter(campaign=campaign)
                          .values_list("member__member_id", "unit_id")):
            by_point[conf.point_of_unit[unit]].append(mid)
        rng = random.Random(args.seed)
        operators = []
        for i in range(args.operators):
            user = User.objects.create(username=f"op{i + 1:03d}", first_name=f"Điểm cầu {i + 1}")
            points[i].operators.add(user)
            _tok, token = ApiToken.issue(user=user, name="load")
            members = by_point[i][:]
            rng.shuffle(members)
            operators.append(Operator(i, token, points[i].code, members))
        # Members of the points without an operator: no operator may mark them.
        outsiders = [m for i in range(args.operators, len(points)) for m in by_point[i]]
        point_pk = {p.code: p.pk for p in points}
        meeting = conf.meeting
        print(f"Built in {time.perf_counter() - t0:.0f} s: {args.members:,} members, "
              f"{len(points)} bridge points, {args.operators} operators "
              f"({min(len(o.members) for o in operators)}–"
              f"{max(len(o.members) for o in operators)} members each), "
              f"{len(outsiders):,} members at points without an operator")
        connection.close()

        port = free_port()
        env = dict(os.environ, DATABASE_URL=db_url, ALLOWED_HOSTS="127.0.0.1",
                   QUANTRIET_INSECURE_DEV_KEY="1", LOG_LEVEL="ERROR")
        server = start_gunicorn(port, args.workers, env)
        wait_for(port)
        print(f"PostgreSQL, gunicorn {args.workers} sync workers, {args.operators} operators "
              f"(asyncio raw HTTP, one connection each), think {args.think:g} s, "
              f"{args.seconds:g} s:")
        out, elapsed, cpu = run_load(port, operators, meeting.code, args.seconds, args.think,
                                     args.seed, outsiders)
        stop(server)
        server = None

        n = len(out.latencies)
        errors = sum(out.errors.values())
        checkins = len(out.accepted)
        print(f"  {n:,} requests in {elapsed:.1f} s = {n / elapsed:,.0f} requests/s; "
              f"{checkins:,} members checked in = {checkins / elapsed:,.0f}/s")
        print(f"  latency p50 {percentile(out.latencies, 50) * 1000:,.1f} ms, "
              f"p90 {percentile(out.latencies, 90) * 1000:,.1f} ms, "
              f"p99 {percentile(out.latencies, 99) * 1000:,.1f} ms, "
              f"max {max(out.latencies) * 1000:,.1f} ms")
        print("  requests: " + ", ".join(f"{k} {v:,}" for k, v in sorted(out.kinds.items()))
              + f"; connections opened {out.connects:,}")
        print(f"  errors: {errors}" + "".join(f"\n    {k}: {v}" for k, v in out.errors.items()))
        print(f"  client CPU {cpu:.1f} s over {elapsed:.1f} s wall = {cpu / elapsed:.0%} of one "
              f"core ({cpu / max(n, 1) * 1e6:,.0f} µs a request)")
        problems = verify(campaign, meeting, out, point_pk)
        for p in problems:
            print("  PROBLEM:", p)
        print("  result:", "no attendance lost or duplicated" if not problems else "FAILED")
        if problems or errors:
            sys.exit(1)
    finally:
        stop(server)
        connection.close()
        if admin_url and not args.keep:
            admin(admin_url, f"DROP DATABASE IF EXISTS {LOAD_DB}")


if __name__ == "__main__":
    main()
