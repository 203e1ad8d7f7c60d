import io
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from quantriet.learning import services
from quantriet.learning.imports import ImportFailed, import_reports
from quantriet.learning.models import LearningReport, ReportSource, ReportStatus

from .conftest import SAMPLE, entry_of

BASE = "/campaigns/NQ4-XII/learning/"


def _csv(rows) -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["member_id", "text"])
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode()


def _docx(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_it_imports_a_csv_for_a_unit_through_the_page(learning, client_for):
    client = client_for(learning.province.officer_h01)
    assert client.get(BASE + "import/?unit=H01").status_code == 200
    data = _csv([("0101001", SAMPLE), ("0101004", "Thực trạng ở ấp 2")])
    response = client.post(BASE + "import/?unit=H01",
                           {"file": SimpleUploadedFile("bai.csv", data)})
    assert response.status_code == 302
    reports = {r.member.member_id: r for r in LearningReport.objects.select_related("member")}
    assert set(reports) == {"0101001", "0101004"}
    assert reports["0101004"].text == "Thực trạng ở ấp 2"
    assert all(r.status == ReportStatus.SUBMITTED and r.source == ReportSource.IMPORT
               for r in reports.values())
    again = client.post(BASE + "import/?unit=H01",
                        {"file": SimpleUploadedFile("bai.csv", data)}, follow=True)
    assert "2 không đổi" in again.content.decode()
    assert LearningReport.objects.get(member__member_id="0101001").submissions == 1


def test_it_imports_nothing_when_one_row_is_wrong(learning):
    data = _csv([("0101001", SAMPLE), ("0201001", "Ngoài phạm vi"), ("9999999", "x"),
                 ("0101002", ""), ("0101001", "lặp lại")])
    with pytest.raises(ImportFailed) as failed:
        import_reports(actor=learning.province.officer_h01, campaign=learning.campaign,
                       data=data, filename="bai.csv", unit=learning.province.h01)
    messages = [str(e) for e in failed.value.errors]
    assert any(m.startswith("Dòng 3") and "0201001" in m for m in messages)
    assert any(m.startswith("Dòng 4") and "9999999" in m for m in messages)
    assert any(m.startswith("Dòng 5") and "trống" in m for m in messages)
    assert any(m.startswith("Dòng 6") and "hai lần" in m for m in messages)
    assert not LearningReport.objects.exists()


def test_it_imports_a_zip_of_docx_and_txt(learning):
    data = _zip({"chi-bo-1/0101001.docx": _docx(SAMPLE),
                 "0101002.txt": "Liên hệ bản thân".encode(), "__MACOSX/._x": b""})
    result = import_reports(actor=None, campaign=learning.campaign, data=data,
                            filename="bai.zip")
    assert result.submitted == 2
    assert "27 biểu hiện" in LearningReport.objects.get(member__member_id="0101001").text


def test_it_names_the_bad_file_of_a_zip(learning):
    data = _zip({"0101001.docx": b"broken", "ghi-chu.pdf": b"x"})
    with pytest.raises(ImportFailed) as failed:
        import_reports(actor=None, campaign=learning.campaign, data=data, filename="bai.zip")
    text = " | ".join(str(e) for e in failed.value.errors)
    assert "0101001.docx" in text and "ghi-chu.pdf" in text
    assert not LearningReport.objects.exists()


def test_it_refuses_to_overwrite_a_graded_report(learning):
    report = services.report_submit(actor=None, entry=entry_of(learning, "0101001"),
                                    text=SAMPLE)
    services.report_grade(actor=learning.province.admin, report=report, grade="Tốt")
    with pytest.raises(ImportFailed):
        import_reports(actor=None, campaign=learning.campaign,
                       data=_csv([("0101001", "khác")]), filename="bai.csv")


def test_the_command_imports_and_reports_errors(learning, tmp_path, capsys):
    good = tmp_path / "bai.csv"
    good.write_bytes(_csv([("0101001", SAMPLE)]))
    call_command("import-reports", "--campaign", "NQ4-XII", str(good))
    assert "1 nộp mới" in capsys.readouterr().out
    bad = tmp_path / "sai.csv"
    bad.write_bytes(_csv([("0000000", SAMPLE)]))
    with pytest.raises(CommandError):
        call_command("import-reports", "--campaign", "NQ4-XII", str(bad))
    with pytest.raises(CommandError):
        call_command("import-reports", "--campaign", "KHONG-CO", str(good))


def test_an_outsider_cannot_import_into_h01(learning, client_for):
    client = client_for(learning.province.outsider)
    data = _csv([("0101001", SAMPLE)])
    assert client.post(BASE + "import/?unit=H01",
                       {"file": SimpleUploadedFile("bai.csv", data)}).status_code == 404
    response = client.post(BASE + "import/?unit=H02",
                           {"file": SimpleUploadedFile("bai.csv", data)})
    assert response.status_code == 400
    assert not LearningReport.objects.exists()
