"""Text typed by users shows as text, never as markup: a member or unit name, a learning
report, a comment on a program, an inspector's remarks holding <script> or <img onerror>
are escaped on every page that shows them (through HTTP, as each reader sees them)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import timezone

from quantriet.inspections.services import assignment_create
from quantriet.inspections.tests.helpers import a_class, answers
from quantriet.orgs.models import Member, Unit
from quantriet.programs import services as programs
from quantriet.programs.tests.conftest import drafted  # noqa: F401 - a fixture

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SCRIPT_TEXT = "&lt;script&gt;alert(1)&lt;/script&gt;"
IMG_TEXT = "&lt;img src=x onerror=alert(1)&gt;"
ROOT = Path(__file__).resolve().parents[1]


def _page(client, url: str, **headers) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.content.decode()


def _assert_text_only(body: str, url: str, *shown: str) -> None:
    assert SCRIPT not in body and IMG not in body, url
    assert "onerror=alert" not in body.replace(IMG_TEXT, ""), url
    for text in shown:
        assert text in body, (url, text)


@pytest.fixture
def named(campaign):
    """Member 0101001 and cell H01-X01-C01 renamed with markup in their names."""
    Member.objects.filter(member_id="0101001").update(full_name=f"Nguyễn Văn An {SCRIPT}")
    Unit.objects.filter(code="H01-X01-C01").update(name=f"Chi bộ ấp 1 {IMG}")
    return campaign


@pytest.mark.parametrize("url,shows", [
    ("/members/?unit=H01-X01-C01", (SCRIPT_TEXT, IMG_TEXT)),
    ("/members/0101001/", (SCRIPT_TEXT, IMG_TEXT)),
    ("/units/H01-X01/", (IMG_TEXT,)),
    ("/units/H01-X01-C01/", (IMG_TEXT,)),
    ("/campaigns/NQ4-XII/?unit=H01-X01", (IMG_TEXT,)),  # the table and the SVG chart
    ("/campaigns/NQ4-XII/not-covered/?unit=H01-X01-C01", (SCRIPT_TEXT,)),
    ("/campaigns/NQ4-XII/learning/members/?unit=H01-X01-C01", (SCRIPT_TEXT,)),
    ("/meetings/HNTT-01/bridge-points/DC-H01/", (SCRIPT_TEXT,)),
])
def test_it_shows_member_and_unit_names_as_text(named, client_for, url, shows):
    client = client_for(named.province.officer_h01)
    _assert_text_only(_page(client, url), url, *shows)
    _assert_text_only(_page(client, url, HTTP_HX_REQUEST="true"), url)


def test_it_shows_a_learning_report_as_text_to_the_member_and_the_office(campaign,
                                                                        client_for):
    p = campaign.province
    member = client_for(p.member_c1)
    member.post("/campaigns/NQ4-XII/learning/my/submit/",
                {"text": f"Thực trạng {SCRIPT} và {IMG} liên hệ bản thân."})
    for client, url in ((member, "/campaigns/NQ4-XII/learning/my/"),
                        (client_for(p.officer_h01),
                         "/campaigns/NQ4-XII/learning/reports/0101001/")):
        _assert_text_only(_page(client, url), url, SCRIPT_TEXT, IMG_TEXT)


def test_it_shows_a_comment_on_a_program_as_text(drafted, client_for):  # noqa: F811
    p = drafted.province
    today = timezone.localdate()
    programs.round_open(actor=None, program=drafted.program, opens_on=today,
                        closes_on=today + timezone.timedelta(days=1))
    section = drafted.program.latest_version().sections.get(number="1")
    programs.comment_add(actor=p.member_c1, program=drafted.program, section=section,
                         text=f"Đề nghị bổ sung {SCRIPT} {IMG}")
    url = f"/programs/{drafted.program.pk}/"
    for user in (p.officer_h01, p.member_c1):
        _assert_text_only(_page(client_for(user), url), url, SCRIPT_TEXT, IMG_TEXT)


def test_it_shows_an_inspectors_remarks_as_text(campaign, client_for):
    p = campaign.province
    ended = a_class(campaign, "LH-XSS", timezone.now() - timezone.timedelta(hours=3))
    assignment = assignment_create(actor=p.officer_h01, meeting=ended, inspector=p.inspector_h01)
    client = client_for(p.inspector_h01)
    client.get(f"/inspections/{assignment.pk}/")  # sets the campaign's evaluation form up
    questionnaire = campaign.campaign.evaluation_setup.questionnaire
    data = answers(questionnaire, remarks=f"Lớp học {SCRIPT} {IMG}")
    assert client.post(f"/inspections/{assignment.pk}/", data).status_code == 302
    url = f"/inspections/{assignment.pk}/"
    for user in (p.inspector_h01, p.officer_h01):
        _assert_text_only(_page(client_for(user), url), url, SCRIPT_TEXT, IMG_TEXT)


# Markup built in Python was reviewed: each escapes every piece of user text itself.
REVIEWED_MARK_SAFE = {
    "programs/text.py",  # version differences: escape() then <ins>/<del>
    "copychecks/selectors.py",  # shared passages: escape() then <mark>
    "meetings/views.py",  # the QR code's SVG (segno; the URL is ours)
    "surveys/views.py", "reports/views.py", "campaigns/views.py",  # reports.charts SVG
}


def test_no_template_turns_escaping_off():
    pattern = re.compile(r"\|\s*safe(seq)?\b|autoescape\s+off")
    offenders = [str(path.relative_to(ROOT)) for path in ROOT.rglob("templates/**/*.html")
                 if pattern.search(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_mark_safe_is_used_only_where_reviewed():
    used = {str(path.relative_to(ROOT)) for path in ROOT.rglob("*.py")
            if "/tests/" not in str(path) and "mark_safe(" in path.read_text(encoding="utf-8")}
    assert used <= REVIEWED_MARK_SAFE, used - REVIEWED_MARK_SAFE
