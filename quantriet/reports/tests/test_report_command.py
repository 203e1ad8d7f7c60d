import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from quantriet.reports.services import report_build
from quantriet.reports.tests.factories import with_activity


def test_it_writes_word_and_excel_from_live_records(campaign, tmp_path):
    with_activity(campaign)
    out = io.StringIO()
    call_command("report", "--campaign", "NQ4-XII", "--unit", "H01",
                 "--out", str(tmp_path / "h01.docx"), stdout=out)
    assert "0" in out.getvalue() and "h01.docx" in out.getvalue()
    document = Document(str(tmp_path / "h01.docx"))
    assert "HUYỆN ỦY CÁI BÈ" in document.tables[0].rows[0].cells[0].text
    call_command("report", "--campaign", "NQ4-XII", "--out", str(tmp_path / "t01.xlsx"),
                 stdout=io.StringIO())
    book = load_workbook(str(tmp_path / "t01.xlsx"))
    assert book.worksheets[0]["A4"].value == "H01"


def test_it_uses_the_units_saved_report(campaign, tmp_path):
    report = report_build(actor=None, campaign=campaign.campaign, unit=campaign.province.h01)
    report.number = "15"
    report.save()
    call_command("report", "--campaign", "NQ4-XII", "--unit", "H01",
                 "--out", str(tmp_path / "h01.docx"), stdout=io.StringIO())
    header = Document(str(tmp_path / "h01.docx")).tables[0].rows[0].cells[0].text
    assert "Số 15-BC/HU" in header


def test_it_refuses_bad_arguments(campaign, tmp_path):
    with pytest.raises(CommandError):
        call_command("report", "--campaign", "NOPE", "--out", str(tmp_path / "a.docx"))
    with pytest.raises(CommandError):
        call_command("report", "--campaign", "NQ4-XII", "--out", str(tmp_path / "a.txt"))
    with pytest.raises(CommandError):
        call_command("report", "--campaign", "NQ4-XII", "--unit", "ZZ",
                     "--out", str(tmp_path / "a.docx"))
