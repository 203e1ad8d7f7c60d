from django.core.files.uploadedfile import SimpleUploadedFile

from quantriet.orgs.models import ImportJob, ImportStatus, Member, Unit

GOOD = (
    "member_id,card_no,full_name,birth_date,gender,unit_code,status,exempt\n"
    "0101901,TG0101901,Nguyễn Thị Bé,12/05/1980,Nữ,H01-X01-C02,chính thức,\n"
    "0101902,TG0101902,Trần Văn Cường,1975-09-02,Nam,H01-X01-C02,dự bị,có\n"
)
BAD = GOOD + "0101903,TG0101903,Lê Văn Dũng,31/02/1980,Nam,H01-X01-C02,chính thức,\n"


def upload(client, text, name="dang-vien.csv", kind="members", capture=None):
    f = SimpleUploadedFile(name, ("\ufeff" + text).encode("utf-8"), content_type="text/csv")
    with capture(execute=True):
        return client.post("/imports/", {"kind": kind, "file": f})


def test_it_imports_members_from_the_web_page_and_shows_the_result(
        province, client_for, django_capture_on_commit_callbacks):
    client = client_for(province.officer_h01)
    response = upload(client, GOOD, capture=django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert response.url == f"/imports/{job.pk}/"
    assert job.status == ImportStatus.DONE
    assert job.percent == 100
    assert Member.objects.get(member_id="0101902").exempt is True
    body = client.get(f"/imports/{job.pk}/").content.decode()
    assert "Hoàn thành" in body
    assert "hx-trigger" not in body  # finished: the page stops polling


def test_it_reports_the_bad_row_and_changes_nothing(province, client_for,
                                                    django_capture_on_commit_callbacks):
    client = client_for(province.officer_h01)
    before = Member.objects.count()
    upload(client, BAD, capture=django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    assert Member.objects.count() == before
    body = client.get(f"/imports/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in body
    assert ">4<" in body and "birth_date" in body and "31/02/1980" in body


def test_it_polls_while_the_job_runs(province, client_for):
    job = ImportJob.objects.create(kind="members", original_name="x.csv", file="x.csv",
                                   created_by=province.officer_h01, status="running",
                                   done_rows=50, total_rows=200)
    body = client_for(province.officer_h01).get(f"/imports/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in body and 'aria-valuenow="25"' in body


def test_it_refuses_a_unit_outside_the_uploaders_scope(province, client_for,
                                                       django_capture_on_commit_callbacks):
    client = client_for(province.officer_h01)
    text = "code,name,parent_code,kind\nH02-X09,Đảng bộ xã mới,H02,commune\n"
    upload(client, text, name="units.csv", kind="units",
           capture=django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    assert not Unit.objects.filter(code="H02-X09").exists()


def test_it_refuses_other_files_than_csv_and_xlsx(province, client_for):
    f = SimpleUploadedFile("virus.exe", b"MZ...")
    response = client_for(province.officer_h01).post("/imports/", {"kind": "members",
                                                                   "file": f})
    assert response.status_code == 200
    assert not ImportJob.objects.exists()


def test_it_shows_an_import_only_to_its_uploader(province, client_for):
    job = ImportJob.objects.create(kind="members", original_name="x.csv", file="x.csv",
                                   created_by=province.officer_h01)
    assert client_for(province.outsider).get(f"/imports/{job.pk}/").status_code == 404
    assert client_for(province.inspector_h01).get(f"/imports/{job.pk}/").status_code == 404
    assert client_for(province.admin).get(f"/imports/{job.pk}/").status_code == 200


def test_it_refuses_the_import_page_to_readers_and_members(province, client_for):
    assert client_for(province.inspector_h01).get("/imports/").status_code == 403
    assert client_for(province.member_c1).get("/imports/").status_code == 403
