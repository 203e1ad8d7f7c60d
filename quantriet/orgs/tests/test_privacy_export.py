"""A member's personal data download: everything about them, nothing about others."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from quantriet.accounts.models import AuditEntry

from .privacy_data import MEMBER_ID, SECRETS


def _url(fmt: str, member_id: str = MEMBER_ID) -> str:
    return reverse(f"orgs:member_data_{fmt}", args=[member_id])


def test_it_gives_the_member_all_their_data_as_json(rich, client_for):
    p = rich.province
    response = client_for(p.member_c1).get(_url("json"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    body = response.content.decode()
    doc = json.loads(body)
    sections = doc["sections"]
    assert sections["member"]["rows"][0]["full_name"] == "Nguyễn Văn An"
    assert sections["account"]["rows"][0]["username"] == "member_c1"
    assert [r["role"] for r in sections["roles"]["rows"]] == ["Đảng viên"]
    assert [r["campaign"] for r in sections["roll"]["rows"]] == ["NQ4-XII"]
    [attended] = sections["attendance"]["rows"]
    assert attended["meeting"] == "HNTT-01" and attended["bridge_point"] == "Điểm cầu huyện Cái Bè"
    [report] = sections["learning_reports"]["rows"]
    assert report["text"] == rich.data.report.text and report["grade"] == "Khá"
    assert report["feedback"] == SECRETS.feedback and report["file"].endswith(".docx")
    assert sections["action_plans"]["rows"][0]["duties"] == SECRETS.duties
    assert sections["commitments"]["rows"][0]["what"] == SECRETS.commitment
    assert sections["program_comments"]["rows"][0]["text"] == SECRETS.comment
    assert SECRETS.answer in [r["answer"] for r in sections["answers"]["rows"]]
    assert sections["copy_flags"]["rows"], "the flag on the copied report"
    assert {"learning_report.grade", "action_plan.save", "program.comment"} <= {
        r["action"] for r in sections["audit"]["rows"]}
    # Never an anonymous ballot's answers, never the other member of a copy pair.
    assert SECRETS.anonymous not in body
    assert "Phạm Thị Thu Hòa" not in body and "0101004" not in body
    assert len(sections["participations"]["rows"]) == 2  # both ballots: taking part is known


def test_it_gives_an_excel_file_with_vietnamese_sheets(rich, client_for):
    response = client_for(rich.province.member_c1).get(_url("xlsx"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert "Bài thu hoạch" in book.sheetnames and "Điểm danh" in book.sheetnames
    record = [row for row in book["Hồ sơ đảng viên"].iter_rows(values_only=True)]
    assert record[0][:3] == ("Số hiệu đảng viên", "Số thẻ đảng viên", "Họ và tên")
    assert record[1][2] == "Nguyễn Văn An"
    plans = [row for row in book["Kế hoạch hành động cá nhân"].iter_rows(values_only=True)]
    assert plans[1][1] == SECRETS.duties


def test_it_lets_an_officer_of_the_unit_download_for_the_member_and_records_it(
        rich, client_for):
    p = rich.province
    before = AuditEntry.objects.filter(action="member.export").count()
    assert client_for(p.secretary_c1).get(_url("json")).status_code == 200
    entry = AuditEntry.objects.filter(action="member.export").latest("pk")
    assert AuditEntry.objects.filter(action="member.export").count() == before + 1
    assert (entry.actor, entry.object_id, entry.unit, entry.summary) == (
        p.secretary_c1, MEMBER_ID, p.c1, "export.json")


@pytest.mark.parametrize("who", ["outsider", "inspector_h01"])
def test_it_refuses_others_with_a_404_and_records_nothing(rich, client_for, who):
    user = getattr(rich.province, who)
    before = AuditEntry.objects.count()
    assert client_for(user).get(_url("json")).status_code == 404
    assert client_for(user).get(_url("xlsx", "0101002")).status_code == 404
    assert AuditEntry.objects.count() == before


def test_it_refuses_another_members_data_to_a_member(rich, client_for):
    assert client_for(rich.province.member_c1).get(_url("json", "0101002")).status_code == 404
