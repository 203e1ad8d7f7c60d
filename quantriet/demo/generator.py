"""The synthetic province behind `quantriet demo`.

Modelled on the seed (Tiền Giang, 2016-2017): one province, about 11 district-level units
and a bloc committee, communes and agencies below them, cells at the bottom; at the
default 44,000 members about 1,000 Party organisations in all. Larger sizes add
districts and communes proportionally (≈ 4,000 members per district, ≈ 52 per leaf).

Deterministic: everything is drawn from `random.Random` streams seeded from `seed`, in a
fixed order, so the same seed gives the same codes, names, ids and dates. The tree is
planned in memory (small: one object per unit); members are streamed in chunks so a
national-size run (5.5 million) never holds them all.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import random
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction

from quantriet.accounts.models import Role, RoleKind, User
from quantriet.accounts.services import audit_record
from quantriet.dbutil import batched, insert_many
from quantriet.lib import vntext
from quantriet.orgs.models import Gender, Member, Membership, MemberStatus, Unit, UnitKind
from quantriet.orgs.selectors import member_pks

from . import names as N

DEMO_PASSWORD = "demo2016"  # local demo only; printed by the command
MEMBERS_PER_DISTRICT = 4_000
MEMBERS_PER_LEAF = 52  # gives ~1,000 organisations at 44,000 members, as the issue asks
MEMBERS_PER_BLOC = 44_000
CHUNK = 5_000
# Ages are taken at the campaign year, so every member is at least 18 in 2016.
REFERENCE_YEAR = 2016
# (youngest, oldest, share): skewed to 40-70 like the real roll.
AGE_BRACKETS = [(18, 29, 8), (30, 39, 16), (40, 49, 22), (50, 59, 23), (60, 69, 17), (70, 81, 14)]
FEMALE_SHARE = 0.35
TRANSFER_SHARE = 0.005
TRANSFER_FIRST_DAY = datetime.date(2015, 1, 1)
TRANSFER_DAYS = (datetime.date(2016, 11, 30) - TRANSFER_FIRST_DAY).days
KNOWN_PROVINCE_NUMBERS = {"TG": 82}  # administrative code of Tiền Giang

LEAF_KINDS = (UnitKind.CELL, UnitKind.GRASSROOTS_CELL)

Progress = Callable[[int, int], None]


@dataclass
class Login:
    username: str
    role: str
    unit_code: str
    unit_name: str


@dataclass
class Summary:
    created: bool
    code: str
    name: str
    units: int = 0
    members: int = 0
    users: int = 0
    logins: list[Login] = field(default_factory=list)
    password: str = DEMO_PASSWORD
    seconds: float = 0.0


@dataclass(eq=False)
class PlannedUnit:
    name: str
    kind: str
    parent: PlannedUnit | None = None
    code: str = ""
    depth: int = 0
    weight: float = 0.0  # leaves: relative size, turned into `members`
    members: int = 0
    children: list[PlannedUnit] = field(default_factory=list)
    pk: int | None = None
    path: str = ""

    def add(self, child: PlannedUnit) -> PlannedUnit:
        child.parent = self
        child.depth = self.depth + 1
        self.children.append(child)
        return child

    @property
    def is_leaf(self) -> bool:
        return self.kind in LEAF_KINDS


# ---------------------------------------------------------------------------
# Planning the tree (pure Python)
# ---------------------------------------------------------------------------


def largest_remainder(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split `total` into integers proportional to `weights`, summing exactly to `total`."""
    n = len(weights)
    if n == 0:
        return []
    minimum = min(minimum, total // n)
    rest = total - minimum * n
    s = sum(weights) or 1.0
    quotas = [rest * w / s for w in weights]
    parts = [int(q) for q in quotas]
    short = rest - sum(parts)
    order = sorted(range(n), key=lambda i: (parts[i] - quotas[i], i))
    for i in order[:short]:
        parts[i] += 1
    return [minimum + p for p in parts]


def short_province_name(name: str) -> str:
    for prefix in ("Đảng bộ tỉnh ", "Đảng bộ thành phố ", "Đảng bộ "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def province_number(code: str) -> int:
    """Two digits that go into member ids; stable for a code."""
    return KNOWN_PROVINCE_NUMBERS.get(code, zlib.crc32(code.encode()) % 90 + 10)


class _Namer:
    """Unique names within one scope, with a numbered fallback so it never loops."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def take(self, candidate: str) -> str | None:
        if candidate in self.used:
            return None
        self.used.add(candidate)
        return candidate

    def place(self) -> str:
        rng = self.rng
        for _ in range(40):
            words = [rng.choice(N.PLACE_FIRST), rng.choice(N.PLACE_SECOND)]
            if rng.random() < 0.12:
                words.insert(1, rng.choice(N.PLACE_SECOND))
            if len(set(words)) < len(words):
                continue
            got = self.take(" ".join(words))
            if got:
                return got
        return self.numbered(rng.choice(N.PLACE_FIRST))

    def numbered(self, base: str) -> str:
        for i in itertools.count(2):
            got = self.take(f"{base} {i}")
            if got:
                return got
        raise AssertionError  # pragma: no cover


def _fill(template: str, **values: str) -> str:
    return template.format(**values)


def _plan_commune_cells(rng: random.Random, commune: PlannedUnit, k: int, *, urban: bool,
                        c: str, p: str) -> None:
    namer = _Namer(rng)
    agency = 0
    if k >= 4:
        agency = 1 + (k >= 6) + (rng.random() < 0.3)
    hamlets = k - agency
    numbered = urban or rng.random() < 0.25
    for i in range(1, hamlets + 1):
        if urban:
            name = f"Chi bộ khu phố {i}"
        elif numbered:
            name = f"Chi bộ ấp {i}"
        else:
            name = f"Chi bộ ấp {namer.place()}"
        commune.add(PlannedUnit(name, UnitKind.CELL, weight=rng.uniform(0.6, 1.4)))
    for template in rng.sample(N.COMMUNE_AGENCY_CELLS, agency):
        commune.add(PlannedUnit(_fill(template, c=c, p=p), UnitKind.CELL,
                                weight=rng.uniform(0.4, 0.9)))


def _grassroots_with_cells(rng: random.Random, parent: PlannedUnit, name: str,
                           cells: list[str], k: int, **values: str) -> None:
    g = parent.add(PlannedUnit(name, UnitKind.GRASSROOTS))
    chosen = rng.sample(cells, min(k, len(cells)))
    chosen += [f"Chi bộ số {i}" for i in range(1, k - len(chosen) + 1)]
    for template in chosen:
        g.add(PlannedUnit(_fill(template, **values), UnitKind.CELL, weight=rng.uniform(0.3, 0.9)))


def _plan_district(rng: random.Random, district: PlannedUnit, budget: int, prefix: str,
                   place: str, taken_places: _Namer) -> None:
    d = f"{prefix} {place}"
    committee = N.COMMITTEE_WORD.get(prefix, "Huyện ủy")
    commune_budget = max(1, round(budget * 0.75))
    agency_budget = budget - commune_budget
    sizes = []
    rest = commune_budget
    while rest > 0:
        k = min(rest, rng.randint(2, 6))
        sizes.append(k)
        rest -= k
    if prefix == "thành phố":
        wards = min(round(len(sizes) * 0.6), 10)
    elif prefix == "thị xã":
        wards = min(round(len(sizes) * 0.4), 5)
    else:
        wards = 0
    places: list[str] = []
    for i, k in enumerate(sizes):
        if i < wards:
            label, p, urban = f"phường {i + 1}", f"phường {i + 1}", True
        elif prefix == "huyện" and i == 0 and len(sizes) > 1:
            label, p, urban = f"thị trấn {place}", place, True
        else:
            p = taken_places.place()
            label, urban = f"xã {p}", False
            places.append(p)
        commune = district.add(PlannedUnit(f"Đảng bộ {label}", UnitKind.COMMUNE))
        _plan_commune_cells(rng, commune, k, urban=urban, c=label, p=p)

    grassroots = list(N.DISTRICT_GRASSROOTS)
    rng.shuffle(grassroots)
    cells = list(N.DISTRICT_GRASSROOTS_CELLS)
    rng.shuffle(cells)
    names = _Namer(rng)
    rest = agency_budget
    while rest > 0:
        if rest >= 3 and grassroots and rng.random() < 0.35:
            k = min(rest, rng.randint(3, 6))
            name, cell_names = grassroots.pop()
            _grassroots_with_cells(rng, district, _fill(name, d=d), cell_names, k,
                                   cm=committee, d=d)
            rest -= k
            continue
        name = None
        while cells and name is None:
            name = names.take(_fill(cells.pop(), d=d, n=place))
        for _ in range(20):
            if name is not None:
                break
            p = rng.choice(places or N.NOTABLE_PEOPLE) if rng.random() < 0.6 else rng.choice(
                N.NOTABLE_PEOPLE)
            name = names.take(_fill(rng.choice(N.SCHOOLS), p=p))
        name = name or names.numbered(f"Chi bộ Trường THCS {place}")
        district.add(PlannedUnit(name, UnitKind.GRASSROOTS_CELL, weight=rng.uniform(0.4, 1.1)))
        rest -= 1


def _plan_bloc(rng: random.Random, bloc: PlannedUnit, budget: int, P: str) -> None:
    grassroots = list(N.BLOC_GRASSROOTS)
    rng.shuffle(grassroots)
    cells = list(N.BLOC_GRASSROOTS_CELLS)
    rng.shuffle(cells)
    names = _Namer(rng)
    places = _Namer(rng)
    rest = budget
    while rest > 0:
        if rest >= 3 and rng.random() < 0.4:
            k = min(rest, rng.randint(3, 6))
            if grassroots:
                name, cell_names = grassroots.pop()
                name = _fill(name, P=P)
            else:
                name = (f"Đảng bộ {rng.choice(N.COMPANY_KINDS)} {rng.choice(N.COMPANY_TRADES)} "
                        f"{places.place()}")
                cell_names = ["Chi bộ Văn phòng Công ty", "Chi bộ Phòng Kinh doanh",
                              "Chi bộ Phòng Kỹ thuật", "Chi bộ Phòng Tài chính - Kế toán",
                              "Chi bộ Xí nghiệp số 1", "Chi bộ Xí nghiệp số 2"]
            _grassroots_with_cells(rng, bloc, name, cell_names, k, P=P)
            rest -= k
            continue
        if cells:
            name = _fill(cells.pop(), P=P)
        else:
            name = (f"Chi bộ {rng.choice(N.COMPANY_KINDS)} {rng.choice(N.COMPANY_TRADES)} "
                    f"{places.place()}")
        bloc.add(PlannedUnit(names.take(name) or names.numbered(name), UnitKind.GRASSROOTS_CELL,
                             weight=rng.uniform(0.4, 1.1)))
        rest -= 1


def _assign_codes(unit: PlannedUnit) -> None:
    n = len(unit.children)
    width = max(3 if unit.depth == 1 else 2, len(str(n)))
    for i, child in enumerate(unit.children, 1):
        child.code = f"{unit.code}-{i:0{width}d}"
        _assign_codes(child)


def plan_province(*, seed: int, members: int, code: str, name: str) -> list[list[PlannedUnit]]:
    """The tree, level by level (root first), with each leaf's member count. No database."""
    rng = random.Random(f"quantriet-demo-tree:{seed}")
    P = short_province_name(name)
    root = PlannedUnit(name, UnitKind.PROVINCE, code=code)

    n_districts = max(2, round(members / MEMBERS_PER_DISTRICT))
    n_blocs = max(1, round(members / MEMBERS_PER_BLOC))
    district_places = _Namer(rng)
    tops: list[tuple[PlannedUnit, str, str]] = []
    for i in range(n_districts):
        if i < len(N.REAL_DISTRICTS):
            prefix, place = N.REAL_DISTRICTS[i]
            district_places.used.add(place)
        else:
            prefix, place = "huyện", district_places.place()
        tops.append((root.add(PlannedUnit(f"Đảng bộ {prefix} {place}", UnitKind.DISTRICT)),
                     prefix, place))
    for i in range(n_blocs):
        bloc_name = N.BLOCS[i] if i < len(N.BLOCS) else f"{N.BLOCS[0]} số {i + 1}"
        tops.append((root.add(PlannedUnit(bloc_name, UnitKind.BLOC)), "", ""))

    leaves_total = max(len(tops), round(members / MEMBERS_PER_LEAF))
    weights = []
    for i, (top, _, _) in enumerate(tops):
        if top.kind == UnitKind.BLOC:
            weights.append(rng.uniform(0.5, 0.8))
        else:
            weights.append(rng.uniform(0.7, 1.3) * (1.3 if i == 0 else 1.0))
    budgets = largest_remainder(leaves_total, weights, minimum=1)
    # Commune names must not repeat within a district; across districts they may.
    for (top, prefix, place), budget in zip(tops, budgets, strict=True):
        if top.kind == UnitKind.BLOC:
            _plan_bloc(rng, top, budget, P)
        else:
            _plan_district(rng, top, budget, prefix, place, _Namer(rng))

    _assign_codes(root)
    levels: list[list[PlannedUnit]] = [[root]]
    while levels[-1]:
        levels.append([c for u in levels[-1] for c in u.children])
    levels.pop()
    leaves = [u for level in levels for u in level if u.is_leaf]
    for leaf, count in zip(leaves, largest_remainder(members, [u.weight for u in leaves]),
                           strict=True):
        leaf.members = count
    return levels


# ---------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------


def _cumulative(pairs: list[tuple[str, float]]) -> tuple[list[str], list[float]]:
    return [n for n, _ in pairs], list(itertools.accumulate(w for _, w in pairs))


_FAMILY, _FAMILY_W = N.family_weights()
_FAMILY_CUM = list(itertools.accumulate(_FAMILY_W))
_MID_M, _MID_M_CUM = _cumulative(N.MIDDLE_MALE)
_MID_F, _MID_F_CUM = _cumulative(N.MIDDLE_FEMALE)
_AGE_CUM = list(itertools.accumulate(share for _, _, share in AGE_BRACKETS))


def person_name(rng: random.Random, female: bool) -> str:
    family = rng.choices(_FAMILY, cum_weights=_FAMILY_CUM)[0]
    if female:
        middle = rng.choices(_MID_F, cum_weights=_MID_F_CUM)[0]
        second, given_pool = N.MIDDLE2_FEMALE, N.GIVEN_FEMALE
    else:
        middle = rng.choices(_MID_M, cum_weights=_MID_M_CUM)[0]
        second, given_pool = N.MIDDLE2_MALE, N.GIVEN_MALE
    if rng.random() < 0.15:
        extra = rng.choice(second)
        if extra != middle:
            middle = f"{middle} {extra}"
    given = rng.choice(given_pool)
    if given == middle.rsplit(" ", 1)[-1]:
        given = rng.choice(given_pool)
    return f"{family} {middle} {given}"


@functools.lru_cache(maxsize=65_536)
def _derived(raw: str) -> tuple[str, str, str]:
    # Member.set_derived is the one definition of the derived fields; names repeat a lot,
    # so its result is cached per raw name (it costs ~30 µs, which at 5.5 M is minutes).
    m = Member(full_name=raw)
    m.set_derived()
    return m.full_name, m.name_fold, m.name_key


def _member_rows(rng: random.Random, leaves: list[PlannedUnit], pnum: int
                 ) -> Iterator[tuple[Member, tuple[PlannedUnit, datetime.date] | None]]:
    serial = 0
    for leaf in leaves:
        for _ in range(leaf.members):
            serial += 1
            female = rng.random() < FEMALE_SHARE
            raw = person_name(rng, female)
            lo, hi, _share = rng.choices(AGE_BRACKETS, cum_weights=_AGE_CUM)[0]
            age = rng.randint(lo, hi)
            birth = datetime.date(REFERENCE_YEAR - age, 1, 1) + datetime.timedelta(
                days=rng.randint(0, 364))
            exempt, reason, status = False, "", MemberStatus.FULL
            if age >= 70:
                if rng.random() < 0.5:
                    exempt = True
                    reason = N.EXEMPT_REASON_AGE if rng.random() < 0.85 else N.EXEMPT_REASON_ILL
            elif rng.random() < 0.012:
                exempt, reason = True, N.EXEMPT_REASON_ILL
            if not exempt:
                p_prob = 0.3 if age < 30 else 0.08 if age < 40 else 0.015 if age < 50 else 0.0
                if p_prob and rng.random() < p_prob:
                    status = MemberStatus.PROBATIONARY
            transfer = None
            if len(leaves) > 1 and rng.random() < TRANSFER_SHARE:
                other = leaf
                while other is leaf:
                    other = rng.choice(leaves)
                day = TRANSFER_FIRST_DAY + datetime.timedelta(days=rng.randint(0, TRANSFER_DAYS))
                transfer = (other, day)
            full_name, name_fold, name_key = _derived(raw)
            member = Member(
                member_id=f"8{pnum:02d}{serial:08d}",
                # A permutation of the serials (odd multiplier, not a multiple of 5), so
                # card numbers are unique but do not run in step with member ids.
                card_no=f"{pnum:02d}{(serial * 36_787_613 + 1_234_567) % 10**8:08d}",
                full_name=full_name, name_fold=name_fold, name_key=name_key,
                birth_date=birth, gender=Gender.FEMALE if female else Gender.MALE,
                unit_id=leaf.pk, status=status, exempt=exempt, exempt_reason=reason,
            )
            yield member, transfer


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def _create_units(levels: list[list[PlannedUnit]]) -> None:
    for level in levels:
        objs = [
            Unit(code=u.code, name=vntext.clean(u.name), kind=u.kind,
                 parent_id=u.parent.pk if u.parent else None, depth=u.depth,
                 name_fold=vntext.fold(u.name))
            for u in level
        ]
        Unit.objects.bulk_create(objs, batch_size=2000)
        for u, obj in zip(level, objs, strict=True):
            u.pk = obj.pk
            u.path = obj.path = (u.parent.path if u.parent else "") + Unit.segment(obj.pk)
        Unit.objects.bulk_update(objs, ["path"], batch_size=1000)


def _create_members(rng: random.Random, leaves: list[PlannedUnit], pnum: int, total: int,
                    progress: Progress | None) -> None:
    done = 0
    if progress:
        progress(0, total)
    for chunk in batched(_member_rows(rng, leaves, pnum), CHUNK):
        members = [m for m, _ in chunk]
        insert_many(Member, members)
        pks = member_pks([m.member_id for m in members])
        for member in members:
            member.pk = pks[member.member_id]
        rows = []
        for member, transfer in chunk:
            if transfer is None:
                rows.append(Membership(member_id=member.pk, unit_id=member.unit_id))
                continue
            other, day = transfer
            rows.append(Membership(member_id=member.pk, unit_id=other.pk, end_date=day))
            rows.append(Membership(member_id=member.pk, unit_id=member.unit_id, start_date=day,
                                   note=f"Chuyển sinh hoạt từ {other.name} ({other.code})"[:255]))
        insert_many(Membership, rows)
        done += len(chunk)
        if progress:
            progress(done, total)


DEMO_LOGINS = [
    # username, role, which unit
    ("tinhuy", RoleKind.OFFICER, "province"),
    ("huyen01", RoleKind.OFFICER, "district"),
    ("xa01", RoleKind.OFFICER, "commune"),
    ("chibo01", RoleKind.OFFICER, "cell"),
    ("kiemtra01", RoleKind.INSPECTOR, "district"),
    ("chamdiem01", RoleKind.GRADER, "commune"),
    ("dangvien01", RoleKind.MEMBER, "cell"),
]


def _create_logins(levels: list[list[PlannedUnit]], code: str) -> list[Login]:
    root = levels[0][0]
    district = next(u for u in root.children if u.kind == UnitKind.DISTRICT)
    communes = [u for u in district.children if u.kind == UnitKind.COMMUNE]
    # A rural commune ("xã", with hamlet cells) if there is one: the typical case.
    commune = next((u for u in communes if u.name.startswith("Đảng bộ xã ")), communes[0])
    cell = next(u for u in commune.children if u.kind == UnitKind.CELL)
    units = {"province": root, "district": district, "commune": commune, "cell": cell}
    member = (Member.objects.filter(unit_id=cell.pk).order_by("exempt", "member_id").first())

    usernames = [u for u, _, _ in DEMO_LOGINS]
    prefix = ""
    if User.objects.filter(username__in=usernames).exists():
        # Another demo province already owns the plain names.
        prefix = f"{code.lower()}_"
    password = make_password(DEMO_PASSWORD)  # once: argon2 is deliberately slow
    users = []
    for username, kind, _ in DEMO_LOGINS:
        user = User(username=prefix + username, password=password)
        if kind == RoleKind.MEMBER and member is not None:
            user.member = member
            # Django's get_full_name() is "first last"; a Vietnamese name reads family
            # first, so the whole name goes in first_name and displays in its own order.
            user.first_name = member.full_name[:150]
        users.append(user)
    User.objects.bulk_create(users)
    Role.objects.bulk_create([
        Role(user_id=user.pk, unit_id=units[which].pk, kind=kind)
        for user, (_, kind, which) in zip(users, DEMO_LOGINS, strict=True)
    ])
    return [
        Login(user.username, str(kind), units[which].code, units[which].name)
        for user, (_, kind, which) in zip(users, DEMO_LOGINS, strict=True)
    ]


def generate_province(*, seed: int = 2016, members: int = 44_000, code: str = "TG",
                      name: str = "Đảng bộ tỉnh Tiền Giang",
                      progress: Progress | None = None) -> Summary:
    """Create the demo province, its members and demo logins, all or nothing.

    Does nothing (created=False) if a unit with `code` already exists.
    """
    started = time.monotonic()
    code = vntext.clean(code)
    name = vntext.clean(name)
    if members < 0:
        raise ValueError("members must be >= 0")
    with transaction.atomic():
        existing = Unit.objects.filter(code=code).first()
        if existing is not None:
            return Summary(created=False, code=code, name=existing.name,
                           members=Member.objects.in_subtree(existing).count())
        levels = plan_province(seed=seed, members=members, code=code, name=name)
        _create_units(levels)
        # Code order is depth-first order, so member ids run unit by unit down the tree.
        leaves = sorted((u for level in levels for u in level if u.is_leaf), key=lambda u: u.code)
        rng = random.Random(f"quantriet-demo-members:{seed}")
        _create_members(rng, leaves, province_number(code), members, progress)
        logins = _create_logins(levels, code)
        root = levels[0][0]
        units = sum(len(level) for level in levels)
        province = Unit.objects.get(pk=root.pk)
        audit_record(actor=None, action="demo.generate", obj=province, unit=province,
                     summary=f"{code}: {units} units, {members} members",
                     after={"seed": seed, "members": members, "units": units})
    return Summary(created=True, code=code, name=name, units=units, members=members,
                   users=len(logins), logins=logins, seconds=time.monotonic() - started)
