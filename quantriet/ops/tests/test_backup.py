"""quantriet backup / restore: a round trip on the test database (SQLite or PostgreSQL,
whichever the suite runs on), a copy taken while another process writes, and refusals."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.utils.translation import gettext

from quantriet.accounts.models import AuditEntry
from quantriet.meetings.models import Attendance, AttendanceStatus, CheckInMethod
from quantriet.meetings.services import attendance_record
from quantriet.ops import backup
from quantriet.orgs.models import Member

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql"))
needs_pg_tools = pytest.mark.skipif(
    ON_POSTGRES and not (shutil.which("pg_dump") and shutil.which("pg_restore")),
    reason="pg_dump/pg_restore not on PATH")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path
    return settings.MEDIA_ROOT


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@needs_pg_tools
@pytest.mark.django_db(transaction=True)
def test_it_restores_members_attendance_and_uploads(campaign, media, tmp_path):
    c = campaign
    admin = c.province.admin
    present = [c.province.members[m].pk for m in ("0101001", "0101002", "0201001")]
    attendance_record(actor=admin, meeting=c.conference, method=CheckInMethod.TICK,
                      records=[(pk, AttendanceStatus.PRESENT) for pk in present])
    c.resolution.file.save("nghi-quyet-4.docx", ContentFile("Nghị quyết số 04".encode()))
    upload = media / c.resolution.file.name
    names_before = dict(Member.objects.values_list("member_id", "full_name"))
    attendance_before = set(Attendance.objects.values_list("meeting_id", "member_id", "status"))

    archive = tmp_path / "sao-luu.tar.gz"
    line = run("backup", "--out", str(archive))
    assert line.count("\n") == 1 and str(archive) in line
    assert backup.summary({"orgs.Member": 7}) in line
    manifest = backup.read_manifest(archive)
    assert manifest["engine"] == connection.vendor
    assert manifest["row_counts"]["orgs.Member"] == 7
    assert manifest["row_counts"]["meetings.Attendance"] == 3
    assert manifest["media"]["files"] == 1
    assert manifest["migrations"]["orgs"].startswith("0001")
    assert oct(archive.stat().st_mode & 0o777) == "0o600"

    # Things go wrong after the backup: a member renamed, attendance lost, the file gone,
    # a stray upload.
    Member.objects.filter(member_id="0101001").update(full_name="Tên bị sửa nhầm")
    Attendance.objects.all().delete()
    upload.unlink()
    (media / "stray.txt").write_text("không có trong bản sao lưu")

    with pytest.raises(CommandError, match="--yes"):
        run("restore", str(archive))
    assert not Attendance.objects.exists()  # refused: nothing changed

    line = run("restore", str(archive), "--yes")
    connections.close_all()
    assert str(archive) in line and line.count("\n") == 1
    assert dict(Member.objects.values_list("member_id", "full_name")) == names_before
    assert set(Attendance.objects.values_list("meeting_id", "member_id", "status")) \
        == attendance_before
    assert upload.read_bytes() == "Nghị quyết số 04".encode()
    assert not (media / "stray.txt").exists()
    # The restored database works for the app: a new check-in on the restored conference.
    attendance_record(actor=admin, meeting=c.conference, method=CheckInMethod.TICK,
                      records=[(c.province.members["0101004"].pk, AttendanceStatus.PRESENT)])
    assert Attendance.objects.count() == 4
    assert AuditEntry.objects.filter(action="backup.restore").exists()


@needs_pg_tools
@pytest.mark.skipif(not ON_POSTGRES, reason="threads share no in-memory SQLite test database; "
                    "the SQLite copy under a writing process is tested below")
@pytest.mark.django_db(transaction=True)
def test_it_takes_a_consistent_postgres_backup_while_another_connection_writes(
        province, media, tmp_path):
    stop = threading.Event()
    written = []

    def writer():
        from django.db import transaction

        from quantriet.accounts.services import audit_record

        try:
            while not stop.is_set():
                with transaction.atomic():
                    audit_record(actor=None, action="test.write", object_id=str(len(written)))
                written.append(1)
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while len(written) < 20 and time.monotonic() < deadline:
            time.sleep(0.01)
        archive = tmp_path / "b.tar"
        run("backup", "--out", str(archive))
        during = len(written)
        time.sleep(0.05)
    finally:
        stop.set()
        thread.join()
    assert len(written) > during > 0  # the writer kept writing around the backup
    manifest = backup.read_manifest(archive)
    run("restore", str(archive), "--yes")  # verifies the counts against the manifest
    connections.close_all()
    # The dump holds exactly the rows counted in its snapshot (+ the restore's audit row).
    assert AuditEntry.objects.count() == manifest["row_counts"]["accounts.AuditEntry"] + 1


WRITER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=20)
db.execute("PRAGMA journal_mode=WAL")
end = time.monotonic() + float(sys.argv[2])
while time.monotonic() < end:
    db.execute("BEGIN IMMEDIATE")
    n = db.execute("SELECT n FROM total").fetchone()[0]
    db.executemany("INSERT INTO ledger(batch, payload) VALUES (?, ?)",
                   [(n, "x" * 200) for _ in range(50)])
    db.execute("UPDATE total SET n = n + 50")
    db.execute("COMMIT")
"""


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite only")
def test_it_copies_a_sqlite_database_consistently_while_another_process_writes(tmp_path):
    path = tmp_path / "live.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE ledger(id INTEGER PRIMARY KEY, batch INTEGER, payload TEXT)")
    db.execute("CREATE TABLE total(n INTEGER)")
    db.execute("INSERT INTO total VALUES (0)")
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path), "20"])
    try:
        while db.execute("SELECT n FROM total").fetchone()[0] < 500:
            time.sleep(0.01)
        totals = []
        for i in range(5):
            copy = backup.sqlite_copy(sqlite3.connect(path, timeout=20), tmp_path / f"c{i}")
            rows = copy.execute("SELECT COUNT(*) FROM ledger").fetchone()[0]
            total = copy.execute("SELECT n FROM total").fetchone()[0]
            copy.close()
            # The copy is the database as of one commit: no batch seen half-written.
            assert rows == total
            totals.append(total)
            assert not (tmp_path / f"c{i}-wal").exists()
            time.sleep(0.05)
        assert writer.poll() is None, "the writer stopped before the copies were done"
        time.sleep(0.05)
        final = db.execute("SELECT n FROM total").fetchone()[0]
    finally:
        writer.kill()
        writer.wait()
    assert len(set(totals)) > 1  # the writer did write between the copies
    assert final > max(totals)


def make_archive(path, *, db_bytes=b"", **overrides):
    manifest = {
        "format": 1, "app": "quantriet", "app_version": "0.1.0",
        "engine": connection.vendor, "created_at": "2026-11-27T10:00:00+00:00",
        "database": {"file": backup.DB_FILES[connection.vendor], "bytes": len(db_bytes),
                     "sha256": hashlib.sha256(db_bytes).hexdigest()},
        "migrations": {"orgs": "0001_initial"}, "row_counts": {}, "media": {"files": 0},
    }
    manifest.update(overrides)
    with tarfile.open(path, "w") as tar:
        for name, data in ((manifest["database"]["file"], db_bytes),
                           ("manifest.json", json.dumps(manifest).encode())):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_it_refuses_a_backup_of_the_other_engine(db, tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    archive = make_archive(tmp_path / "b.tar", engine=other,
                           database={"file": backup.DB_FILES[other], "sha256": ""})
    with pytest.raises(CommandError, match="PostgreSQL|SQLite"):
        run("restore", str(archive), "--yes")


def test_it_refuses_a_backup_from_a_newer_version(db, tmp_path):
    archive = make_archive(tmp_path / "b.tar", migrations={"orgs": "0999_from_the_future"})
    with pytest.raises(CommandError, match="orgs.0999_from_the_future"):
        run("restore", str(archive), "--yes")


def test_it_refuses_a_damaged_archive(db, province, tmp_path):
    archive = make_archive(tmp_path / "b.tar", db_bytes=b"SQLite format 3\0...")
    raw = archive.read_bytes()
    archive.write_bytes(raw.replace(b"format 3", b"format 4"))
    with pytest.raises(CommandError) as refused:
        run("restore", str(archive), "--yes")
    assert str(refused.value) == gettext("The database in the backup is damaged (checksum "
                                         "mismatch)")
    (tmp_path / "not.tar").write_text("member_id,full_name\n")
    with pytest.raises(CommandError, match="not.tar"):
        run("restore", str(tmp_path / "not.tar"))
    assert Member.objects.count() == 7


def test_it_refuses_an_archive_entry_outside_its_folders(db, tmp_path, media):
    archive = make_archive(tmp_path / "b.tar", media={"files": 1})
    with tarfile.open(archive, "a") as tar:
        info = tarfile.TarInfo("../../etc/cron.d/evil")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(CommandError, match="evil"):
        run("restore", str(archive), "--yes")
    assert not (tmp_path.parent.parent / "etc").exists()


def test_it_does_not_overwrite_an_existing_archive(db, tmp_path, media):
    (tmp_path / "b.tar").write_text("an older backup")
    with pytest.raises(CommandError, match="b.tar"):
        run("backup", "--out", str(tmp_path / "b.tar"))
    assert (tmp_path / "b.tar").read_text() == "an older backup"


@needs_pg_tools
@pytest.mark.django_db(transaction=True)
def test_it_changes_nothing_when_the_database_in_the_archive_is_cut_short(
        province, media, tmp_path):
    good = tmp_path / "good.tar"
    run("backup", "--out", str(good))
    manifest = backup.read_manifest(good)
    with tarfile.open(good) as tar:
        data = tar.extractfile(manifest["database"]["file"]).read()
    cut = data[: len(data) * 2 // 3]  # a dump or file that stops two thirds of the way
    broken = make_archive(tmp_path / "broken.tar", db_bytes=cut,
                          migrations=manifest["migrations"],
                          row_counts=manifest["row_counts"])
    Member.objects.filter(member_id="0101001").update(full_name="Sau sao lưu")
    with pytest.raises(CommandError) as refused:
        run("restore", str(broken), "--yes")
    if connection.vendor == "sqlite":
        assert str(refused.value) == gettext("The database in the backup is damaged "
                                             "(integrity check)")
    else:
        assert str(refused.value).startswith("pg_restore")
    connections.close_all()
    assert Member.objects.get(member_id="0101001").full_name == "Sau sao lưu"
    assert Member.objects.count() == 7
    assert not AuditEntry.objects.filter(action="backup.restore").exists()


@needs_pg_tools
@pytest.mark.django_db(transaction=True)
def test_it_leaves_the_uploads_alone_with_no_media(province, media, tmp_path):
    (media / "learning").mkdir(parents=True)
    kept = media / "learning" / "bai-thu-hoach.docx"
    kept.write_bytes(b"PK...")
    archive = tmp_path / "db-only.tar"
    line = run("backup", "--no-media", "--out", str(archive))
    assert gettext("uploaded files left out") in line
    with tarfile.open(archive) as tar:
        assert not [n for n in tar.getnames() if n.startswith("media/")]
    Member.objects.filter(member_id="0101002").delete()
    line = run("restore", str(archive), "--yes")
    connections.close_all()
    assert gettext("uploaded files left as they were") in line
    assert Member.objects.filter(member_id="0101002").exists()
    assert kept.read_bytes() == b"PK..."
