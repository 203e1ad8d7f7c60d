"""The seed's campaign on the demo province: `quantriet demo` loads it after the province.

Tiền Giang, December 2016: the province studies Resolution 04-NQ/TW (4th plenum, 12th
Central Committee) under guideline 20-HD/BTGTW and plan 28-KH/TU. One online conference
at 205 bridge points reaches about 65 % of the members; make-up classes organised by the
district-level committees bring the total to about 98 %; 43,495 non-members (quần
chúng) attend too. The seed's figures are the targets of random draws; every figure the
software shows is then computed from the records written here, through the same services
as the web pages and the API (attendance_record, non_member_set, …).

Deterministic for a seed (random.Random streams, fixed iteration order), one transaction,
idempotent: nothing happens if the campaign code already exists.
"""

from __future__ import annotations

import datetime
import heapq
import random
import time
import zoneinfo
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count

from quantriet.campaigns.models import Campaign, Deliverable, DeliverableKind, RollEntry
from quantriet.campaigns.services import (
    campaign_create,
    deliverable_receive,
    deliverable_require,
    document_get_or_register,
)
from quantriet.dbutil import batched
from quantriet.meetings.models import (
    AttendanceStatus,
    BridgePoint,
    CheckInMethod,
    Meeting,
    MeetingKind,
    NonMemberCategory,
)
from quantriet.meetings.services import (
    attendance_record,
    bridge_point_create,
    meeting_create,
    non_member_set,
)
from quantriet.orgs.models import Unit
from quantriet.reports.selectors import coverage

from .generator import largest_remainder

Progress = Callable[[int, int], None]

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
ROLL_DATE = datetime.date(2016, 12, 2)
CONFERENCE_AT = datetime.datetime(2016, 12, 20, 7, 30, tzinfo=TZ)
PLAN_DUE = datetime.date(2016, 12, 15)
REPORT_DUE = datetime.date(2017, 3, 31)

# The seed's figures: the targets the draws aim at, never the figures shown.
BRIDGE_POINTS = 205
CONFERENCE_SHARE = 0.652
FINAL_SHARE = 0.983
NON_MEMBERS = 43_495
SEED_MEMBERS = 44_000
# Exempt members (elderly, ill) come much less: their chance relative to the others.
EXEMPT_CONFERENCE = 0.2
EXEMPT_FINAL = 0.8
EXCUSED_SHARE = 0.25  # of those who miss the conference, how many are excused absences
BATCH = 1_000  # records per attendance call, like a check-in device's batch

DOCUMENTS = [
    # number, date, issuer, title
    ("04-NQ/TW", datetime.date(2016, 10, 30), "Ban Chấp hành Trung ương Đảng khóa XII",
     "Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khóa XII về tăng cường "
     "xây dựng, chỉnh đốn Đảng; ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính trị, đạo "
     "đức, lối sống, những biểu hiện \"tự diễn biến\", \"tự chuyển hóa\" trong nội bộ"),
    ("20-HD/BTGTW", datetime.date(2016, 11, 22), "Ban Tuyên giáo Trung ương",
     "Hướng dẫn học tập, quán triệt và tuyên truyền Nghị quyết Hội nghị lần thứ tư Ban Chấp "
     "hành Trung ương Đảng khóa XII"),
    ("28-KH/TU", datetime.date(2016, 12, 2), "Tỉnh ủy {p}",
     "Kế hoạch học tập, quán triệt và triển khai thực hiện Nghị quyết Hội nghị lần thứ tư "
     "Ban Chấp hành Trung ương Đảng khóa XII"),
]


@dataclass
class CampaignSummary:
    created: bool
    code: str
    bridge_points: int = 0
    roll: int = 0
    exempt: int = 0
    attended: int = 0  # distinct members present at the conference
    attended_percent: float = 0.0
    covered: int = 0
    covered_percent: float = 0.0
    non_members: int = 0
    seconds: float = 0.0


def campaign_code(province_code: str) -> str:
    return f"NQ4-XII-{province_code}"


def summarize(campaign: Campaign, *, created: bool, seconds: float = 0.0) -> CampaignSummary:
    """The figures of the campaign, from the records (the coverage selector)."""
    figures = coverage(campaign, campaign.owner)
    conference = next((m for m in figures["meetings"] if m["kind"] == MeetingKind.ONLINE),
                      {"bridge_points": 0, "attended": 0, "attended_percent": 0.0})
    return CampaignSummary(
        created=created, code=campaign.code, bridge_points=conference["bridge_points"],
        roll=figures["roll"], exempt=figures["exempt"], attended=conference["attended"],
        attended_percent=conference["attended_percent"], covered=figures["covered"],
        covered_percent=figures["covered_percent"], non_members=figures["non_members"],
        seconds=seconds)


# ---------------------------------------------------------------------------
# Bridge points: a partition of the province's leaf units
# ---------------------------------------------------------------------------


@dataclass
class _Node:
    pk: int
    code: str
    name: str
    path: str
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)
    members: int = 0  # roll members in the subtree
    leaves: int = 0


@dataclass
class _Point:
    host: _Node
    roots: list[_Node]

    @property
    def members(self) -> int:
        return sum(r.members for r in self.roots)

    def expand(self) -> None:
        """A point over one subtree with structure below: hosted by that subtree's top
        unit, expecting its children (so one of them can be carved out)."""
        while len(self.roots) == 1 and self.roots[0].children:
            self.host = self.roots[0]
            self.roots = list(self.roots[0].children)

    @property
    def splittable(self) -> bool:
        return sum(r.leaves for r in self.roots) > 1


def _load_tree(province: Unit, roll_per_unit: dict[int, int]) -> _Node:
    nodes: dict[int, _Node] = {}
    root = None
    rows = (Unit.objects.filter(path__startswith=province.path, active=True)
            .order_by("path").values_list("pk", "code", "name", "path", "parent_id"))
    for pk, code, name, path, parent_id in rows:
        node = _Node(pk, code, name, path)
        nodes[pk] = node
        if pk == province.pk:
            root = node
        elif parent_id in nodes:
            node.parent = nodes[parent_id]
            node.parent.children.append(node)
    for node in sorted(nodes.values(), key=lambda n: -len(n.path)):
        if not node.children:
            node.leaves = 1
        node.members += roll_per_unit.get(node.pk, 0)
        if node.parent is not None:
            node.parent.members += node.members
            node.parent.leaves += node.leaves
    for node in nodes.values():
        node.children.sort(key=lambda n: n.code)
    assert root is not None
    return root


def plan_bridge_points(root: _Node, target: int) -> list[_Point]:
    """Split the province into `target` bridge points (fewer if it has fewer leaves):
    one per district-level unit to start with, then the point with the most members gives
    its largest expected subtree (a commune, an agency) a point of its own, until there
    are `target`. So points follow members: a district's hall keeps its small communes and
    agencies, a large commune gets its own. Expected subtrees never overlap: every leaf
    unit is expected at exactly one point."""
    points = [_Point(top, [top]) for top in root.children] or [_Point(root, [root])]
    heap = []
    for i, p in enumerate(points):
        if p.splittable:
            p.expand()
        heap.append((-p.members, i))
    heapq.heapify(heap)
    while len(points) < target and heap:
        _neg, i = heapq.heappop(heap)
        point = points[i]
        if not point.splittable:
            continue
        point.expand()
        largest = max(point.roots, key=lambda r: (r.members, r.leaves, -r.pk))
        point.roots = [r for r in point.roots if r is not largest]
        new = _Point(largest, [largest])
        if point.splittable and len(point.roots) == 1:
            point.expand()
        if new.splittable:
            new.expand()
        points.append(new)
        heapq.heappush(heap, (-point.members, i))
        heapq.heappush(heap, (-new.members, len(points) - 1))
    return sorted(points, key=lambda p: (p.host.path, p.roots[0].path))


def _short(name: str) -> str:
    for prefix in ("Đảng bộ ", "Đảng ủy "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _point_name(host: _Node) -> str:
    """"Điểm cầu xã Phú Lạc (thành phố Mỹ Tho)": commune names repeat across districts."""
    name = "Điểm cầu " + _short(host.name)
    top = host
    while top.parent is not None and top.parent.parent is not None:
        top = top.parent
    if top is not host and top.parent is not None:
        name += f" ({_short(top.name)})"
    return name[:255]


@dataclass
class Conference:
    meeting: Meeting
    bridge_points: list[BridgePoint]
    units: dict[int, Unit]  # every unit of the owner's subtree, by pk
    point_of_unit: dict[int, int]  # unit pk -> index in bridge_points (units below a root)


def conference_create(*, campaign: Campaign, code: str, title: str,
                      starts_at: datetime.datetime, points: int = BRIDGE_POINTS,
                      actor=None) -> Conference:
    """An online conference organised by the campaign's owner at `points` bridge points
    (fewer if the tree has fewer leaf units) that partition the owner's subtree in
    proportion to the roll, created through the meetings services. Also used by the
    benchmarks (bench/), at up to the nation's 16,242 points."""
    owner = campaign.owner
    per_unit = dict(RollEntry.objects.filter(campaign=campaign).values("unit_id")
                    .annotate(n=Count("pk")).values_list("unit_id", "n").order_by())
    plan = plan_bridge_points(_load_tree(owner, per_unit), points)
    meeting = meeting_create(
        actor=actor, campaign=campaign, code=code, kind=MeetingKind.ONLINE, title=title,
        organiser=owner, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=4),
        location="Hội trường " + owner.name)
    units = {u.pk: u for u in Unit.objects.filter(path__startswith=owner.path)
             .order_by("path")}
    point_of_root: dict[int, int] = {}
    bridge_points = []
    width = max(3, len(str(len(plan))))
    for i, p in enumerate(plan):
        host = units[p.host.pk]
        bridge_points.append(bridge_point_create(
            actor=actor, meeting=meeting, code=f"DC-{i + 1:0{width}d}", name=_point_name(p.host),
            host=host, expected_units=[units[r.pk] for r in p.roots],
            address="Hội trường " + host.name))
        for r in p.roots:
            point_of_root[r.pk] = i
    point_of_unit: dict[int, int] = {}
    for pk, unit in units.items():  # in path order: parents first
        if pk in point_of_root:
            point_of_unit[pk] = point_of_root[pk]
        elif unit.parent_id in point_of_unit:
            point_of_unit[pk] = point_of_unit[unit.parent_id]
    return Conference(meeting, bridge_points, units, point_of_unit)


# ---------------------------------------------------------------------------
# The campaign
# ---------------------------------------------------------------------------


def _issuer(unit: Unit) -> str:
    """The issuer code a district-level committee signs with (Huyện ủy HU, Thành ủy / Thị
    ủy TU, Đảng ủy ĐU)."""
    name = unit.name
    if name.startswith("Đảng bộ huyện"):
        return "HU"
    if name.startswith(("Đảng bộ thành phố", "Đảng bộ thị xã")):
        return "TU"
    return "ĐU"


def _receive_deliverables(rng: random.Random, campaign: Campaign, kind: str, type_code: str,
                          due: datetime.date, shares: tuple[float, float]) -> None:
    """Most on time, some late (at least one), a few missing (shares of the units)."""
    items = list(Deliverable.objects.filter(campaign=campaign, kind=kind)
                 .select_related("unit").order_by("unit__code"))
    rng.shuffle(items)
    n = len(items)
    missing = round(n * shares[0])
    late = max(1, round(n * shares[1])) if n > 1 else 0
    for i, item in enumerate(items):
        if i < missing:
            continue
        if i < missing + late:
            day = due + datetime.timedelta(days=rng.randint(2, 20))
        else:
            day = due - datetime.timedelta(days=rng.randint(0, 9))
        number = f"{rng.randint(10, 199)}-{type_code}/{_issuer(item.unit)}"
        deliverable_receive(actor=None, deliverable=item, received_on=day,
                            document_number=number)


def _probability(target: float, exempt_share: float, exempt_factor: float) -> float:
    """The chance of a non-exempt member so that the whole roll comes to `target` when
    exempt members have `exempt_factor` of it."""
    return min(1.0, target / (1 - exempt_share + exempt_share * exempt_factor))


def load_seed_campaign(*, province_code: str, seed: int,
                       progress: Progress | None = None) -> CampaignSummary:
    started = time.monotonic()
    code = campaign_code(province_code)
    existing = Campaign.objects.filter(code=code).select_related("owner").first()
    if existing is not None:
        return summarize(existing, created=False)
    with transaction.atomic():
        campaign = _load(province_code, code, seed, progress)
        from quantriet.demo.extensions import load_all

        load_all(campaign, seed=seed)
    return summarize(campaign, created=True, seconds=time.monotonic() - started)


def _load(province_code: str, code: str, seed: int, progress: Progress | None) -> Campaign:
    rng = random.Random(f"quantriet-demo-campaign:{seed}")
    province = Unit.objects.get(code=province_code)
    place = province.name
    for prefix in ("Đảng bộ tỉnh ", "Đảng bộ thành phố ", "Đảng bộ "):
        if place.startswith(prefix):
            place = place[len(prefix):]
            break
    resolution, guide, plan = [
        document_get_or_register(actor=None, number=number, issued_on=day,
                                 issuer_name=issuer.format(p=place), title=title)
        for number, day, issuer, title in DOCUMENTS]
    campaign = campaign_create(
        actor=None, code=code, owner=province, roll_date=ROLL_DATE, resolution=resolution,
        guides=[guide, plan], starts_on=ROLL_DATE, ends_on=REPORT_DUE,
        title="Học tập, quán triệt Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương "
              "Đảng khóa XII",
        audience="Cán bộ, đảng viên, đoàn viên, hội viên và quần chúng nhân dân")

    # The roll, in member-id order: the order of the draws.
    roll = list(RollEntry.objects.filter(campaign=campaign).order_by("member__member_id")
                .values_list("member_id", "unit_id", "exempt"))
    total = len(roll)
    steps = 4 * total  # conference, make-up, …: progress in member units
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(min(done, steps), steps)

    tick(0)
    conf = conference_create(
        campaign=campaign, code=f"{code}-HNTT", starts_at=CONFERENCE_AT,
        title="Hội nghị trực tuyến học tập, quán triệt Nghị quyết Trung ương 4 khóa XII")
    bridge_points, units = conf.bridge_points, conf.units
    point_index = conf.point_of_unit.__getitem__

    # Deliverables: plans and result reports of the district-level committees.
    for kind, due, type_code, shares in (
            (DeliverableKind.PLAN, PLAN_DUE, "KH", (0.05, 0.15)),
            (DeliverableKind.RESULT_REPORT, REPORT_DUE, "BC", (0.08, 0.2))):
        deliverable_require(actor=None, campaign=campaign, kind=kind,
                            depth=province.depth + 1, due_on=due)
        _receive_deliverables(rng, campaign, kind, type_code, due, shares)

    top_of: dict[int, int] = {}
    for pk, unit in units.items():
        top = unit
        while top.parent_id is not None and top.parent_id != province.pk:
            top = units[top.parent_id]
        top_of[pk] = top.pk

    exempt_share = sum(1 for *_x, e in roll if e) / total if total else 0.0
    p_conf = _probability(CONFERENCE_SHARE, exempt_share, EXEMPT_CONFERENCE)
    p_final = _probability(FINAL_SHARE, exempt_share, EXEMPT_FINAL)
    # Some bridge points do better than others (weather, distance, the harvest).
    mood = [rng.uniform(0.9, 1.1) for _ in bridge_points]

    at_point: dict[int, list[tuple[int, str]]] = defaultdict(list)
    absent: list[tuple[int, int, bool]] = []
    for member_pk, unit_pk, exempt in roll:
        i = point_index(unit_pk)
        chance = p_conf * mood[i] * (EXEMPT_CONFERENCE if exempt else 1.0)
        if rng.random() < chance:
            at_point[i].append((member_pk, AttendanceStatus.PRESENT))
            continue
        if rng.random() < EXCUSED_SHARE:
            at_point[i].append((member_pk, AttendanceStatus.EXCUSED))
        absent.append((member_pk, unit_pk, exempt))
    # Check-in: tick-lists at most points, devices through the API at about a third.
    for i, bp in enumerate(bridge_points):
        method = CheckInMethod.API if i % 3 == 0 else CheckInMethod.TICK
        records = at_point.get(i, [])
        for batch in batched(records, BATCH):
            attendance_record(actor=None, meeting=conf.meeting, records=list(batch),
                              method=method, bridge_point=bp,
                              at=CONFERENCE_AT + datetime.timedelta(minutes=rng.randint(-30, 5)))
            tick(len(batch))
    tick(total - done)

    # Non-members at each bridge point, by category.
    scaled = round(NON_MEMBERS * total / SEED_MEMBERS)
    weights = [(len(at_point.get(i, [])) + 1) * rng.uniform(0.6, 1.4)
               for i in range(len(bridge_points))]
    for bp, count in zip(bridge_points, largest_remainder(scaled, weights), strict=True):
        shares = [rng.uniform(0.3, 0.5), rng.uniform(0.3, 0.5), rng.uniform(0.1, 0.3)]
        for category, n in zip(NonMemberCategory.values, largest_remainder(count, shares),
                               strict=True):
            if n:
                non_member_set(actor=None, bridge_point=bp, category=category, count=n)
    tick(total)

    # Make-up classes, one by each district-level committee, for whom the conference missed.
    p_makeup = (p_final - p_conf) / (1 - p_conf) if p_conf < 1 else 1.0
    p_makeup_exempt = ((EXEMPT_FINAL * p_final - EXEMPT_CONFERENCE * p_conf)
                       / (1 - EXEMPT_CONFERENCE * p_conf))
    by_top: dict[int, list[int]] = defaultdict(list)
    for member_pk, unit_pk, exempt in absent:
        # Drawn for everyone in member order, whichever class, so the stream is stable.
        hit = rng.random() < (p_makeup_exempt if exempt else p_makeup)
        if hit:
            by_top[top_of[unit_pk]].append(member_pk)
    tops = sorted((units[pk] for pk in {top_of[u] for _m, u, _e in roll}), key=lambda u: u.code)
    for n, top in enumerate(tops, 1):
        day = datetime.datetime(2017, 1, 5, 7, 30, tzinfo=TZ) + datetime.timedelta(
            days=rng.randint(0, 40))
        makeup = meeting_create(
            actor=None, campaign=campaign, code=f"{code}-HB{n:02d}", kind=MeetingKind.MAKEUP,
            title=f"Lớp học bù Nghị quyết Trung ương 4 khóa XII — {top.name}",
            organiser=top, starts_at=day, ends_at=day + datetime.timedelta(hours=4),
            location=f"Trung tâm Bồi dưỡng chính trị, {top.name}", offered_units=[top])
        for batch in batched(by_top.get(top.pk, []), BATCH):
            attendance_record(actor=None, meeting=makeup, method=CheckInMethod.TICK,
                              records=[(m, AttendanceStatus.PRESENT) for m in batch], at=day)
    tick(2 * total)
    return campaign
