"""Every upload is bounded in size and type (quantriet/uploads.py): zip bombs in .docx,
.xlsx and .zip files, files whose content does not match their name, CSV files that are not
UTF-8 and CSV files with too many rows are refused with a Vietnamese message naming the
file and the reason, and nothing changes."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from quantriet import uploads
from quantriet.campaigns.models import Document
from quantriet.copychecks.models import ReferenceText
from quantriet.learning.models import LearningReport, ReportStatus
from quantriet.learning.tests.conftest import learning  # noqa: F401 - a fixture
from quantriet.orgs.imports import ImportFailed, read_table
from quantriet.orgs.models import ImportJob, ImportStatus, Member
from quantriet.programs.models import ProgressUpdate
from quantriet.programs.tests.conftest import adopted, drafted  # noqa: F401 - fixtures

LEARNING = "/campaigns/NQ4-XII/learning/"
ROSTER = ("member_id,card_no,full_name,birth_date,gender,unit_code,status\n"
          "0101901,TG0101901,Nguyễn Thị Bé,12/05/1980,Nữ,H01-X01-C02,chính thức\n")
BOMB = "bom nén"


def _docx(text: str = "Thực trạng: khó khăn còn nhiều.") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _with_member(container: bytes, name: str, data: bytes) -> bytes:
    """`container` (a zip) with one more member, deflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(container)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr(name, data)
    return out.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _bomb(container: bytes) -> bytes:
    # 4 MB of zeros deflate to ~4 KB: a ratio of ~1,000, far past UPLOAD_ZIP_MAX_RATIO.
    return _with_member(container, "word/media/pad.bin", bytes(4 * 1024 * 1024))


def _body(response) -> str:
    return response.content.decode()


def _submitted():
    return LearningReport.objects.filter(status=ReportStatus.SUBMITTED)


# --- Learning reports -------------------------------------------------------------------


def test_it_refuses_a_docx_zip_bomb_as_a_learning_report(learning, client_for):  # noqa: F811
    client = client_for(learning.province.member_c1)
    upload = SimpleUploadedFile("bai-thu-hoach.docx", _bomb(_docx()))
    body = _body(client.post(LEARNING + "my/upload/", {"file": upload}, follow=True))
    assert "«bai-thu-hoach.docx»" in body and BOMB in body
    assert not _submitted().exists()


def test_it_accepts_a_real_docx_as_a_learning_report(learning, client_for):  # noqa: F811
    client = client_for(learning.province.member_c1)
    upload = SimpleUploadedFile("bai-thu-hoach.docx", _docx())
    client.post(LEARNING + "my/upload/", {"file": upload})
    assert _submitted().get().text == "Thực trạng: khó khăn còn nhiều."


def test_it_refuses_a_pdf_named_docx_as_a_learning_report(learning, client_for):  # noqa: F811
    client = client_for(learning.province.member_c1)
    upload = SimpleUploadedFile("bai.docx", b"%PDF-1.4 not word")
    body = _body(client.post(LEARNING + "my/upload/", {"file": upload}, follow=True))
    assert "Tệp «bai.docx» không phải văn bản Word (.docx) thật sự" in body
    assert not _submitted().exists()


def test_it_refuses_a_learning_report_over_the_size_limit(learning, client_for,  # noqa: F811
                                                          settings):
    settings.UPLOAD_MAX_BYTES = {**settings.UPLOAD_MAX_BYTES, "text": 100}
    client = client_for(learning.province.member_c1)
    upload = SimpleUploadedFile("bai.txt", ("Thực trạng " * 50).encode())
    body = _body(client.post(LEARNING + "my/upload/", {"file": upload}, follow=True))
    assert "Tệp quá lớn: «bai.txt»" in body
    assert not _submitted().exists()


def _import(client, name: str, data: bytes):
    return client.post(LEARNING + "import/?unit=H01", {"file": SimpleUploadedFile(name, data)})


def test_it_refuses_a_reports_zip_that_unpacks_too_large(learning, client_for,  # noqa: F811
                                                         settings):
    settings.UPLOAD_ZIP_MAX_UNCOMPRESSED = 20_000
    data = _zip({"0101001.txt": ("Thực trạng " * 3000).encode(),
                 "0101002.docx": _docx()})
    response = _import(client_for(learning.province.officer_h01), "bai.zip", data)
    assert response.status_code == 400
    body = _body(response)
    assert "Tệp «bai.zip» khi giải nén sẽ chiếm" in body and BOMB in body
    assert not _submitted().exists()


def test_it_refuses_an_archive_inside_the_reports_zip(learning, client_for):  # noqa: F811
    data = _zip({"0101001.docx": _docx(), "them/0101002.zip": _zip({"0101002.txt": b"x"})})
    response = _import(client_for(learning.province.officer_h01), "bai.zip", data)
    assert response.status_code == 400
    assert "chứa một tệp nén khác («them/0101002.zip»)" in _body(response)
    assert not _submitted().exists()


def test_it_refuses_a_reports_zip_with_too_many_files(learning, client_for,  # noqa: F811
                                                      settings):
    settings.UPLOAD_ZIP_MAX_MEMBERS = 2
    data = _zip({f"01010{i:02}.txt": b"Thu hoach" for i in range(1, 4)})
    response = _import(client_for(learning.province.officer_h01), "bai.zip", data)
    assert "Tệp «bai.zip» chứa 3 tệp; giới hạn là 2." in _body(response)
    assert not _submitted().exists()


def test_it_refuses_a_docx_bomb_inside_the_reports_zip(learning, client_for):  # noqa: F811
    data = _zip({"0101001.docx": _docx(), "0101002.docx": _bomb(_docx())})
    response = _import(client_for(learning.province.officer_h01), "bai.zip", data)
    assert response.status_code == 400
    body = _body(response)
    assert "0101002.docx" in body and BOMB in body
    assert not _submitted().exists()  # the good file of the same archive is not imported


def test_it_refuses_a_paper_scan_that_is_not_a_scan(learning, client_for):  # noqa: F811
    client = client_for(learning.province.secretary_c1)
    response = client.post(LEARNING + "reports/0101002/paper/", {
        "submitted_on": "2017-01-20", "text": "",
        "scan": SimpleUploadedFile("scan.exe", b"MZ\x90\x00")})
    assert response.status_code == 400
    assert "Chỉ nhận tệp .pdf, .jpg, .jpeg, .png ở đây; tệp «scan.exe»" in _body(response)
    assert not LearningReport.objects.filter(member__member_id="0101002",
                                             submitted_at__isnull=False).exists()


# --- Rosters (members and units) -------------------------------------------------------


def _roster(client, name: str, data: bytes, capture):
    with capture(execute=True):
        return client.post("/imports/", {"kind": "members",
                                         "file": SimpleUploadedFile(name, data)})


def test_it_tells_which_encoding_a_windows_csv_is_in(province, client_for,
                                                     django_capture_on_commit_callbacks):
    before = Member.objects.count()
    data = "member_id,full_name,unit_code\n0101901,Lê Văn Đông,H01-X01-C02\n".encode("cp1258")
    response = _roster(client_for(province.officer_h01), "dang-vien.csv", data,
                       django_capture_on_commit_callbacks)
    body = _body(response)
    assert "Tệp không phải UTF-8: «dang-vien.csv»" in body
    assert "Windows-1258" in body and "CSV UTF-8 (Comma delimited)" in body
    assert not ImportJob.objects.exists() and Member.objects.count() == before


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])  # with and without a BOM
def test_it_tells_a_utf16_csv_apart(province, client_for, django_capture_on_commit_callbacks,
                                    encoding):
    response = _roster(client_for(province.officer_h01), "dang-vien.csv",
                       ROSTER.encode(encoding), django_capture_on_commit_callbacks)
    body = _body(response)
    assert "Tệp không phải UTF-8: «dang-vien.csv»" in body and "UTF-16" in body
    assert not ImportJob.objects.exists()


def test_it_refuses_binary_data_named_csv(province, client_for,
                                          django_capture_on_commit_callbacks):
    for data in (b"PK\x03\x04\x00\x00binary", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00\xfe\xff"):
        response = _roster(client_for(province.officer_h01), "dang-vien.csv", data,
                           django_capture_on_commit_callbacks)
        assert "Tệp «dang-vien.csv» không phải tệp văn bản thuần" in _body(response)
    assert not ImportJob.objects.exists()


def test_it_refuses_an_xlsx_zip_bomb_and_a_fake_xlsx(province, client_for,
                                                     django_capture_on_commit_callbacks):
    client = client_for(province.officer_h01)
    good = _xlsx([["member_id", "full_name"], ["0101901", "Nguyễn Thị Bé"]])
    body = _body(_roster(client, "dang-vien.xlsx", _bomb(good),
                         django_capture_on_commit_callbacks))
    assert "«dang-vien.xlsx»" in body and BOMB in body
    body = _body(_roster(client, "dang-vien.xlsx", _docx(),
                         django_capture_on_commit_callbacks))
    assert "Tệp «dang-vien.xlsx» không phải bảng tính Excel (.xlsx) thật sự" in body
    assert not ImportJob.objects.exists()


def test_it_fails_an_import_with_too_many_rows_and_changes_nothing(
        province, client_for, settings, django_capture_on_commit_callbacks):
    settings.IMPORT_MAX_ROWS = 5
    before = Member.objects.count()
    rows = "".join(f"01019{i:02},TG01019{i:02},Nguyễn Văn Số {i},12/05/1980,Nam,H01-X01-C02,"
                   f"chính thức\n" for i in range(10))
    client = client_for(province.officer_h01)
    _roster(client, "dang-vien.csv", (ROSTER.splitlines()[0] + "\n" + rows).encode(),
            django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    body = _body(client.get(f"/imports/{job.pk}/"))
    assert "Tệp «dang-vien.csv» có hơn 5 dòng" in body
    assert Member.objects.count() == before


def test_read_table_bounds_rows_of_xlsx_too(db, settings):
    settings.IMPORT_MAX_ROWS = 3
    data = _xlsx([["member_id"], *[[str(i)] for i in range(5)]])
    with pytest.raises(ImportFailed) as failed:
        read_table(data, "m.xlsx")
    assert "có hơn 3 dòng" in failed.value.errors[0].message


# --- Programs, documents, reference texts ----------------------------------------------


def test_it_refuses_evidence_that_is_not_what_its_name_says(adopted, client_for):  # noqa: F811
    officer = client_for(adopted.province.officer_h01)
    url = f"/programs/tasks/{adopted.t2.pk}/"
    for name, data, message in (
            ("bien-ban.exe", b"MZ\x90\x00", "tệp «bien-ban.exe» không thuộc các loại đó"),
            ("anh.png", b"%PDF-1.4", "Tệp «anh.png» không phải ảnh PNG thật sự"),
            ("bien-ban.docx", _bomb(_docx()), BOMB)):
        response = officer.post(url, {"percent": 50, "note": "",
                                      "evidence": SimpleUploadedFile(name, data)})
        assert message in _body(response)
    assert not ProgressUpdate.objects.exists()


def test_it_refuses_a_program_docx_bomb(drafted, client_for):  # noqa: F811
    officer = client_for(drafted.province.officer_h01)
    url = f"/programs/{drafted.program.pk}/versions/new/"
    before = drafted.program.versions.count()
    response = officer.post(url, {"file": SimpleUploadedFile("ctr.docx", _bomb(_docx()))})
    assert "«ctr.docx»" in _body(response) and BOMB in _body(response)
    assert drafted.program.versions.count() == before


def test_it_refuses_a_docx_bomb_attached_to_a_document(province, client_for):
    form = {"number": "15-CT/TU", "issued_on": "2017-01-05", "issuer_name": "Tỉnh ủy",
            "title": "Chỉ thị", "summary": "",
            "file": SimpleUploadedFile("ct15.docx", _bomb(_docx()))}
    body = _body(client_for(province.officer_h01).post("/documents/new/", form))
    assert "«ct15.docx»" in body and BOMB in body
    assert not Document.objects.exists()


def test_it_refuses_a_reference_docx_bomb_and_loads_nothing(campaign, client_for):
    response = client_for(campaign.province.admin).post(
        "/campaigns/NQ4-XII/copies/references/", {"kind": "sample", "files": [
            SimpleUploadedFile("mẫu.txt", "Một văn bản.".encode()),
            SimpleUploadedFile("bom.docx", _bomb(_docx()))]})
    assert response.status_code == 400
    assert "«bom.docx»" in _body(response) and BOMB in _body(response)
    assert not ReferenceText.objects.exists()


# --- The module itself ------------------------------------------------------------------


def test_it_lets_real_office_files_through(settings):
    assert uploads.check(_docx(), "a.docx", "text") == "docx"
    assert uploads.check(_xlsx([["a"], [1]]), "a.xlsx", "table") == "xlsx"
    assert uploads.check("mã,tên\r\n1,An\r\n".encode("utf-8-sig"), "a.csv", "table") == "csv"
    assert uploads.check(b"%PDF-1.7", "a.pdf", "attachment") == "pdf"


def test_it_refuses_a_zip_whose_header_lies_about_its_size(settings):
    data = bytearray(_zip({"word/document.xml": bytes(2 * 1024 * 1024)}))
    # A member claiming to unpack to 4 GB (the central directory's size field): refused on
    # the declared size, before anything is unpacked.
    at = data.rfind(b"PK\x01\x02")
    data[at + 24:at + 28] = (0xFFFFFFF0).to_bytes(4, "little")
    with pytest.raises(uploads.UploadRejected) as refused:
        uploads.check(bytes(data), "a.docx", "text")
    assert BOMB in refused.value.message
