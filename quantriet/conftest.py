"""The fixture province and its named people, shared by every app's tests.

    T01  Đảng bộ tỉnh Tiền Giang                      admin (superuser "admin")
    ├── H01  Đảng bộ huyện Cái Bè                     officer_h01 (officer), inspector_h01
    │   └── H01-X01  Đảng bộ xã An Hữu
    │       ├── H01-X01-C01  Chi bộ ấp 1              secretary_c1 (officer), member_c1
    │       └── H01-X01-C02  Chi bộ ấp 2
    └── H02  Đảng bộ huyện Châu Thành                 outsider (officer of another district)
        └── H02-X01  Đảng bộ xã Long Định
            └── H02-X01-C01  Chi bộ ấp Long Hòa
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.test import Client

from quantriet.accounts.models import Role, RoleKind, User
from quantriet.orgs.models import Gender, Member, Membership, MemberStatus, Unit, UnitKind
from quantriet.orgs.services import member_create, unit_create

PASSWORD = "Mật-khẩu-thử-2016"


@pytest.fixture(autouse=True)
def _fresh_hot_caches():
    """Grants cached by one test (quantriet.hotcache) must not outlive its database rows;
    rate-limit counts (Django's cache, quantriet.ratelimit) must not outlive the test."""
    from django.core.cache import cache

    from quantriet import hotcache

    hotcache.forget_all()
    cache.clear()
    yield
    hotcache.forget_all()
    cache.clear()

MEMBERS = [
    # member_id, full name, cell code, gender, exempt
    ("0101001", "Nguyễn Văn An", "H01-X01-C01", Gender.MALE, False),
    ("0101002", "Trần Thị Ân", "H01-X01-C01", Gender.FEMALE, False),
    ("0101003", "Lê Hoàng Bình", "H01-X01-C01", Gender.MALE, True),
    ("0101004", "Phạm Thị Thu Hòa", "H01-X01-C02", Gender.FEMALE, False),
    ("0101005", "Võ Minh Đức", "H01-X01-C02", Gender.MALE, False),
    ("0201001", "Huỳnh Văn Dũng", "H02-X01-C01", Gender.MALE, False),
    ("0201002", "Đặng Thị Mai", "H02-X01-C01", Gender.FEMALE, False),
]


def make_user(username: str, *, unit: Unit | None = None, kind: str | None = None,
              superuser: bool = False, member: Member | None = None) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, is_superuser=superuser, is_staff=superuser,
        member=member,
    )
    if unit is not None and kind is not None:
        Role.objects.create(user=user, unit=unit, kind=kind)
    return user


@pytest.fixture
def province(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return make_province()


def make_province() -> SimpleNamespace:
    """The fixture province without pytest (for worlds built once per module)."""
    p = SimpleNamespace()
    p.t01 = unit_create(actor=None, code="T01", name="Đảng bộ tỉnh Tiền Giang", parent=None,
                        kind=UnitKind.PROVINCE)
    p.h01 = unit_create(actor=None, code="H01", name="Đảng bộ huyện Cái Bè", parent=p.t01,
                        kind=UnitKind.DISTRICT)
    p.h01x01 = unit_create(actor=None, code="H01-X01", name="Đảng bộ xã An Hữu", parent=p.h01,
                           kind=UnitKind.COMMUNE)
    p.c1 = unit_create(actor=None, code="H01-X01-C01", name="Chi bộ ấp 1", parent=p.h01x01,
                       kind=UnitKind.CELL)
    p.c2 = unit_create(actor=None, code="H01-X01-C02", name="Chi bộ ấp 2", parent=p.h01x01,
                       kind=UnitKind.CELL)
    p.h02 = unit_create(actor=None, code="H02", name="Đảng bộ huyện Châu Thành", parent=p.t01,
                        kind=UnitKind.DISTRICT)
    p.h02x01 = unit_create(actor=None, code="H02-X01", name="Đảng bộ xã Long Định",
                           parent=p.h02, kind=UnitKind.COMMUNE)
    p.c3 = unit_create(actor=None, code="H02-X01-C01", name="Chi bộ ấp Long Hòa",
                       parent=p.h02x01, kind=UnitKind.CELL)
    units = {u.code: u for u in Unit.objects.all()}
    p.members = {}
    for member_id, name, cell, gender, exempt in MEMBERS:
        p.members[member_id] = member_create(
            actor=None, unit=units[cell], member_id=member_id, card_no="TG" + member_id,
            full_name=name, birth_date=datetime.date(1970, 1, 1), gender=gender,
            status=MemberStatus.FULL, exempt=exempt,
            exempt_reason="Tuổi cao" if exempt else "",
        )
    Membership.objects.update(start_date=datetime.date(2010, 1, 1))
    p.admin = make_user("admin", superuser=True)
    p.officer_h01 = make_user("officer_h01", unit=p.h01, kind=RoleKind.OFFICER)
    p.secretary_c1 = make_user("secretary_c1", unit=p.c1, kind=RoleKind.OFFICER)
    p.inspector_h01 = make_user("inspector_h01", unit=p.h01, kind=RoleKind.INSPECTOR)
    p.member_c1 = make_user("member_c1", unit=p.c1, kind=RoleKind.MEMBER,
                            member=p.members["0101001"])
    p.outsider = make_user("outsider", unit=p.h02, kind=RoleKind.OFFICER)
    return p


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client_for():
    """client_for(user) -> a Django test client signed in as that user."""
    return login


@pytest.fixture
def campaign(province):
    """The seed's campaign on the fixture province: roll of 7 (1 exempt), an online
    conference with a bridge point in each district."""
    return make_campaign(province)


def make_campaign(province) -> SimpleNamespace:
    from quantriet.campaigns.services import campaign_create, document_register
    from quantriet.meetings.models import MeetingKind
    from quantriet.meetings.services import bridge_point_create, meeting_create

    c = SimpleNamespace(province=province)
    c.resolution = document_register(
        actor=None, number="04-NQ/TW", issued_on=datetime.date(2016, 10, 30),
        issuer_name="Ban Chấp hành Trung ương",
        title="Nghị quyết Hội nghị Trung ương 4 khóa XII về tăng cường xây dựng, chỉnh đốn Đảng")
    c.guide = document_register(actor=None, number="20-HD/BTGTW",
                                issued_on=datetime.date(2016, 11, 22),
                                issuer_name="Ban Tuyên giáo Trung ương",
                                title="Hướng dẫn học tập, quán triệt Nghị quyết")
    c.plan = document_register(actor=None, number="28-KH/TU",
                               issued_on=datetime.date(2016, 12, 2),
                               issuer_name="Tỉnh ủy Tiền Giang",
                               title="Kế hoạch học tập, quán triệt Nghị quyết")
    c.campaign = campaign_create(
        actor=province.admin, code="NQ4-XII", title="Học tập, quán triệt Nghị quyết Trung ương 4",
        owner=province.t01, roll_date=datetime.date(2016, 12, 2), resolution=c.resolution,
        guides=[c.guide, c.plan])
    c.conference = meeting_create(
        actor=province.admin, campaign=c.campaign, code="HNTT-01", kind=MeetingKind.ONLINE,
        title="Hội nghị trực tuyến toàn Đảng bộ tỉnh", organiser=province.t01,
        starts_at=datetime.datetime(2016, 12, 20, 7, 30, tzinfo=datetime.UTC))
    c.bp1 = bridge_point_create(actor=province.admin, meeting=c.conference, code="DC-H01",
                                name="Điểm cầu huyện Cái Bè", host=province.h01,
                                expected_units=[province.h01])
    c.bp2 = bridge_point_create(actor=province.admin, meeting=c.conference, code="DC-H02",
                                name="Điểm cầu huyện Châu Thành", host=province.h02,
                                expected_units=[province.h02])
    return c
