"""Backups and restores of a whole installation: the database and the uploaded files in
one tar archive.

    database.sqlite3   SQLite: a consistent copy made with SQLite's online backup API
                       while the app keeps reading and writing (WAL-safe; a plain copy of
                       the file could catch a page mid-write or miss the -wal file)
    database.pgdump    PostgreSQL: `pg_dump -Fc`, taken in the same snapshot as the
                       manifest's row counts and migrations (pg_export_snapshot)
    media/...          the uploads (MEDIA_ROOT)
    manifest.json      format, engine, time, app version, the latest migration of each
                       app, row counts of key tables, the database file's checksum

A restore checks the manifest first (engine, migrations no newer than the code, checksum),
refuses to overwrite a database that holds data unless told to, replaces the database in
one step (SQLite's backup API into the live database; `pg_restore --single-transaction`),
then compares the row counts with the manifest and replaces the uploads.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
DB_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA_PREFIX = "media/"
# Key tables: counted in the backup, compared after a restore, shown in the summary.
KEY_MODELS = [
    "orgs.Unit", "orgs.Member", "orgs.Membership", "accounts.User", "accounts.Role",
    "accounts.AuditEntry", "campaigns.Campaign", "campaigns.RollEntry", "meetings.Meeting",
    "meetings.BridgePoint", "meetings.Attendance", "learning.LearningReport",
]
# The few shown in the one-line summary of a backup or restore.
SUMMARY_MODELS = ["orgs.Unit", "orgs.Member", "accounts.User", "meetings.Attendance",
                  "learning.LearningReport"]
# A database holding any of these rows is "not empty": restoring over it needs --yes.
DATA_MODELS = ["orgs.Unit", "orgs.Member", "accounts.User"]
# Connection options that pg_dump/pg_restore take from the environment.
PG_ENV_OPTIONS = {"sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT",
                  "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY", "service": "PGSERVICE",
                  "passfile": "PGPASSFILE"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the user (Vietnamese)."""


@dataclass
class BackupResult:
    path: Path
    manifest: dict
    bytes: int = 0


@dataclass
class RestoreResult:
    manifest: dict
    counts: dict[str, int] = field(default_factory=dict)
    media_files: int = 0
    migrations_pending: bool = False


# ---------------------------------------------------------------------------- backup


def backup_create(*, out: Path | None = None, media: bool = True) -> BackupResult:
    """Write an archive of the database and the uploads to `out` (default:
    DATA_DIR/backups/quantriet-<time>.tar; `.tar.gz`/`.tgz` is compressed). The archive
    is written beside its final name and renamed at the end, readable by its owner only.
    media=False leaves the uploads out (backed up by the storage they live on); a
    restore of such an archive leaves MEDIA_ROOT as it is."""
    engine = _engine()
    created = timezone.now()
    if out is None:
        out = Path(settings.DATA_DIR) / "backups" / f"quantriet-{created:%Y%m%d-%H%M%S}.tar"
    out = Path(out).resolve()
    if out.exists():
        raise BackupError(_("The file %(path)s already exists") % {"path": out})
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=out.parent) as tmp:
        db_path = Path(tmp) / DB_FILES[engine]
        if engine == "sqlite":
            migrations, counts = _sqlite_snapshot(db_path)
        else:
            migrations, counts = _pg_snapshot(db_path)
        manifest = {
            "format": FORMAT,
            "app": "quantriet",
            "app_version": _app_version(),
            "engine": engine,
            "created_at": created.isoformat(),
            "database": {"file": db_path.name, "bytes": db_path.stat().st_size,
                         "sha256": _sha256(db_path)},
            "migrations": migrations,
            "row_counts": counts,
        }
        partial = out.with_name(out.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(
                    fileobj=raw, mode="w:gz" if out.name.endswith((".gz", ".tgz")) else "w",
                    format=tarfile.PAX_FORMAT) as tar:
                tar.add(db_path, arcname=db_path.name)
                manifest["media"] = (_add_media(tar) if media else
                                     {"included": False, "files": 0, "bytes": 0})
                data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(created.timestamp()), 0o600
                tar.addfile(info, io.BytesIO(data))
            partial.replace(out)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    _audit("backup.create", manifest, out)
    return BackupResult(path=out, manifest=manifest, bytes=out.stat().st_size)


def _sqlite_snapshot(dest: Path) -> tuple[dict, dict]:
    """Copy the live database with SQLite's online backup API in one step: the whole copy
    is read under one read transaction, so it is the database as of one commit, whatever
    other connections and processes write meanwhile (WAL lets them go on)."""
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError(_("A backup cannot be taken inside a transaction"))
    target = sqlite_copy(connection.connection, dest)
    try:
        cursor = target.cursor()
        migrations = _latest_migrations(cursor)
        counts = _count_rows(cursor, lambda table: f'"{table}"')
    finally:
        target.close()
    return migrations, counts


def sqlite_copy(source: sqlite3.Connection, dest: Path) -> sqlite3.Connection:
    """Copy `source` into a new file `dest` in one backup step and check the copy; returns
    an open connection to the copy."""
    target = sqlite3.connect(dest)
    try:
        source.backup(target)  # pages=-1: all in one step, under one read transaction
        # One self-contained file (no -wal beside it), checked before it is trusted.
        target.execute("PRAGMA journal_mode=DELETE")
        if target.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError(_("The copy of the database failed its integrity check"))
    except BaseException:
        target.close()
        raise
    return target


def _pg_snapshot(dest: Path) -> tuple[dict, dict]:
    """pg_dump -Fc in a snapshot exported by a repeatable-read transaction that also reads
    the row counts and migrations: the manifest describes exactly what was dumped."""
    import psycopg
    from psycopg import sql

    pg = psycopg.connect(**_pg_params())
    try:
        pg.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        pg.read_only = True
        with pg.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            migrations = _latest_migrations(cursor)
            counts = _count_rows(cursor, lambda table: sql.Identifier(table).as_string(pg))
        _run_pg(["pg_dump", "--format=custom", f"--snapshot={snapshot}",
                 f"--file={dest}"])
        pg.rollback()
    finally:
        pg.close()
    return migrations, counts


def _add_media(tar: tarfile.TarFile) -> dict:
    """Every regular file under MEDIA_ROOT, as media/<relative path>."""
    root = Path(settings.MEDIA_ROOT)
    files = size = 0
    if root.is_dir():
        for dirpath, _dirs, names in os.walk(root):
            for name in sorted(names):
                path = Path(dirpath) / name
                if path.is_symlink() or not path.is_file():
                    continue
                try:
                    bytes_ = path.stat().st_size
                    tar.add(path, arcname=MEDIA_PREFIX + path.relative_to(root).as_posix(),
                            recursive=False)
                except FileNotFoundError:  # deleted while the backup ran
                    continue
                files += 1
                size += bytes_
    return {"included": True, "files": files, "bytes": size}


# ---------------------------------------------------------------------------- restore


def read_manifest(path: Path) -> dict:
    """The manifest of an archive, or a BackupError saying why it is not one of ours."""
    try:
        with tarfile.open(path, "r:*") as tar:
            member = tar.extractfile(MANIFEST)
            manifest = json.loads(member.read()) if member else None
    except FileNotFoundError as exc:
        raise BackupError(_("No such file: %(path)s") % {"path": path}) from exc
    except (tarfile.TarError, KeyError, ValueError, OSError) as exc:
        raise BackupError(_("%(path)s is not a quantriet backup") % {"path": path}) from exc
    if not (isinstance(manifest, dict) and manifest.get("app") == "quantriet"
            and manifest.get("engine") in DB_FILES
            and isinstance(manifest.get("migrations"), dict)
            and isinstance(manifest.get("row_counts"), dict)
            and isinstance(manifest.get("database"), dict)
            and isinstance(manifest.get("media", {}), dict)):
        raise BackupError(_("%(path)s is not a quantriet backup") % {"path": path})
    if manifest.get("format") != FORMAT:
        raise BackupError(_("Backup format %(format)s is not supported (this version reads "
                            "format %(ours)s)") % {"format": manifest.get("format"),
                                                   "ours": FORMAT})
    return manifest


def backup_restore(*, path: Path, force: bool = False) -> RestoreResult:
    """Replace the database and the uploads with those of the archive at `path`."""
    path = Path(path)
    manifest = read_manifest(path)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(_("The backup is of a %(theirs)s database but this installation "
                            "uses %(ours)s") % {"theirs": _engine_name(manifest["engine"]),
                                                "ours": _engine_name(engine)})
    _check_migrations(manifest["migrations"])
    if not force:
        held = current_counts(DATA_MODELS)
        if any(held.values()):
            raise BackupError(
                _("The database is not empty (%(summary)s): add --yes to replace it with "
                  "the backup") % {"summary": summary(held)})
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=media_root.parent) as tmp:
        tmp = Path(tmp)
        db_path, media_files = _extract(path, manifest, tmp)
        if _sha256(db_path) != manifest["database"].get("sha256"):
            raise BackupError(_("The database in the backup is damaged (checksum mismatch)"))
        if engine == "sqlite":
            _sqlite_restore(db_path)
        else:
            _pg_restore(db_path)
        counts = current_counts(manifest["row_counts"])
        wrong = {k: v for k, v in counts.items() if v != manifest["row_counts"][k]}
        if wrong:
            raise BackupError(
                _("The database was restored but its row counts differ from the backup's: "
                  "%(tables)s") % {"tables": ", ".join(
                      f"{k} {v} ≠ {manifest['row_counts'][k]}" for k, v in wrong.items())})
        if manifest.get("media", {}).get("included", True):
            _replace_media(tmp / "media", media_root)
    pending = _migrations_pending()
    if not pending:
        _audit("backup.restore", manifest, path)
    return RestoreResult(manifest=manifest, counts=counts, media_files=media_files,
                         migrations_pending=pending)


def _extract(path: Path, manifest: dict, tmp: Path) -> tuple[Path, int]:
    """The database file and the uploads, into tmp; nothing outside tmp, nothing but
    regular files with the names an archive of ours has."""
    db_name = DB_FILES[manifest["engine"]]
    media_files = 0
    try:
        with tarfile.open(path, "r:*") as tar:
            for member in tar:
                name = member.name
                if name == MANIFEST:
                    continue
                ok = member.isfile() and (name == db_name or (
                    name.startswith(MEDIA_PREFIX) and ".." not in name.split("/")))
                if not ok:
                    raise BackupError(_("Unexpected entry in the backup: %(name)s")
                                      % {"name": name})
                tar.extract(member, tmp, filter="data")
                media_files += name != db_name
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(_("The backup cannot be read: %(error)s") % {"error": exc}) from exc
    db_path = tmp / db_name
    if not db_path.is_file():
        raise BackupError(_("The backup holds no database"))
    if media_files != manifest.get("media", {}).get("files", 0):
        raise BackupError(_("The backup is incomplete: %(found)s of %(expected)s uploaded "
                            "files") % {"found": media_files,
                                        "expected": manifest.get("media", {}).get("files")})
    return db_path, media_files


def _sqlite_restore(db_path: Path) -> None:
    source = sqlite3.connect(db_path)
    try:
        try:
            ok = source.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        except sqlite3.DatabaseError:
            ok = False
        if not ok:
            raise BackupError(_("The database in the backup is damaged (integrity check)"))
        connection.ensure_connection()
        if connection.in_atomic_block:
            raise BackupError(_("A restore cannot run inside a transaction"))
        # Into the live database, in one step under its write lock: other connections
        # wait (busy_timeout) and then see the restored database; no file is swapped
        # under their feet.
        source.backup(connection.connection)
    except sqlite3.OperationalError as exc:
        raise BackupError(_("The database is busy (%(error)s): stop the app and its "
                            "workers, then try again") % {"error": exc}) from exc
    finally:
        source.close()
    connection.close()


def _pg_restore(dump: Path) -> None:
    """`pg_restore --clean --if-exists --no-owner --no-privileges` writes the restore as
    SQL, which psql runs in one transaction after dropping the tables of later migrations
    than the backup's (a rollback after an upgrade: --clean drops only what the dump
    holds, and their foreign keys would block it). All of it commits, or nothing does."""
    dumped = set()
    for line in _run_pg(["pg_restore", "--list", str(dump)], connect=False).splitlines():
        parts = line.split(";", 1)[-1].split()
        if len(parts) >= 5 and parts[2] == "TABLE" and parts[3] != "DATA":
            dumped.add(parts[4])
    # Only the models' tables: a cache table (CACHE_URL=db) stays.
    ours = connection.introspection.django_table_names(only_existing=True)
    preamble = "BEGIN;\nSET client_min_messages = warning;\n" + "".join(
        f"DROP TABLE IF EXISTS {connection.ops.quote_name(t)} CASCADE;\n"
        for t in sorted(set(ours) - dumped))
    connections.close_all()  # our own connections must not hold locks on the tables
    for program in ("pg_restore", "psql"):
        _require(program)
    with tempfile.TemporaryFile() as restore_err, tempfile.TemporaryFile() as psql_err:
        restore = subprocess.Popen(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
             "--file=-", str(dump)], stdout=subprocess.PIPE, stderr=restore_err)
        psql = subprocess.Popen(
            ["psql", "--no-password", "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1",
             "--output=/dev/null", _pg_params()["dbname"]],
            stdin=subprocess.PIPE, stderr=psql_err, env=_pg_env())
        try:
            psql.stdin.write(preamble.encode())
            shutil.copyfileobj(restore.stdout, psql.stdin, 1 << 20)
            # COMMIT only once pg_restore has written all of it; a stream cut short ends
            # without one and the server rolls the transaction back.
            if restore.wait() == 0:
                psql.stdin.write(b"COMMIT;\n")
            psql.stdin.close()
        except BrokenPipeError:  # psql stopped at an error: its message says which
            pass
        finally:
            restore.stdout.close()
        failed = [(name, err) for name, proc, err in (("pg_restore", restore, restore_err),
                                                      ("psql", psql, psql_err))
                  if proc.wait() != 0]
        if failed:
            name, err = next((f for f in failed if f[0] == "psql"), failed[0])
            err.seek(0)
            lines = [ln for ln in err.read().decode(errors="replace").splitlines()
                     if ln.strip()]
            raise BackupError(_("%(program)s failed: %(error)s")
                              % {"program": name, "error": lines[-1] if lines else "?"})


def _replace_media(source: Path, root: Path) -> None:
    for child in list(root.iterdir()):
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    if source.is_dir():
        for child in source.iterdir():
            shutil.move(str(child), root / child.name)


# ---------------------------------------------------------------------------- helpers


def current_counts(labels) -> dict[str, int]:
    """Rows of each model in the live database (0 when its table does not exist)."""
    tables = set(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for label in labels:
            table = _table(label)
            if table is None or table not in tables:
                counts[label] = 0
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[label] = cursor.fetchone()[0]
    return counts


def summary(counts: dict[str, int]) -> str:
    """`8 tổ chức đảng, 7 đảng viên, …`: the summary tables among these counts."""
    from quantriet.lib import vntext

    parts = []
    for label, n in counts.items():
        model = _model(label)
        if model is not None and label in SUMMARY_MODELS:
            parts.append(f"{vntext.format_int(n)} {str(model._meta.verbose_name_plural).lower()}")
    return ", ".join(parts)


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in DB_FILES:
        raise BackupError(_("Backups support SQLite and PostgreSQL, not %(vendor)s")
                          % {"vendor": vendor})
    return vendor


def _engine_name(engine: str) -> str:
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(engine, engine)


def _model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _table(label: str) -> str | None:
    model = _model(label)
    return model._meta.db_table if model is not None else None


def _count_rows(cursor, quote) -> dict[str, int]:
    counts = {}
    for label in KEY_MODELS:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(_table(label))}")
        counts[label] = cursor.fetchone()[0]
    return counts


def _latest_migrations(cursor) -> dict[str, str]:
    cursor.execute("SELECT app, name FROM django_migrations")
    latest: dict[str, str] = {}
    for app, name in cursor.fetchall():
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def _check_migrations(theirs: dict[str, str]) -> None:
    """Refuse a backup whose schema is newer than this code: its migrations unknown here."""
    from django.db.migrations.loader import MigrationLoader

    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    for app, name in sorted(theirs.items()):
        if (app, name) not in known:
            raise BackupError(
                _("The backup was made by a newer version (migration %(app)s.%(name)s is "
                  "unknown here): upgrade quantriet first") % {"app": app, "name": name})


def _migrations_pending() -> bool:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _pg_params() -> dict:
    s = connection.settings_dict
    params = {"dbname": s["NAME"]}
    for key, name in (("USER", "user"), ("PASSWORD", "password"), ("HOST", "host"),
                      ("PORT", "port")):
        if s.get(key):
            params[name] = str(s[key])
    params.update({k: v for k, v in s.get("OPTIONS", {}).items() if k in PG_ENV_OPTIONS})
    return params


def _require(program: str) -> None:
    if shutil.which(program) is None:
        raise BackupError(_("%(program)s is not installed (Debian: apt-get install "
                            "postgresql-client)") % {"program": program})


def _pg_env() -> dict:
    """The environment for pg_dump/pg_restore/psql: the connection in PG* variables, the
    password in PGPASSWORD, never on a command line (where `ps` shows it to every user)."""
    params = _pg_params()
    env = dict(os.environ)
    for key, var in (("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER"),
                     ("password", "PGPASSWORD")):
        if params.get(key):
            env[var] = params[key]
    for option, var in PG_ENV_OPTIONS.items():
        if option in params:
            env[var] = str(params[option])
    return env


def _run_pg(args: list[str], *, connect: bool = True) -> str:
    """Run a PostgreSQL client program (connected to our database: its name last)."""
    _require(args[0])
    cmd = [args[0], "--no-password", *args[1:], _pg_params()["dbname"]] if connect else args
    done = subprocess.run(cmd, env=_pg_env() if connect else None, capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise BackupError(_("%(program)s failed: %(error)s")
                          % {"program": args[0], "error": lines[-1] if lines else
                             done.returncode})
    return done.stdout


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _app_version() -> str:
    with contextlib.suppress(metadata.PackageNotFoundError):
        return metadata.version("quantriet")
    return "unknown"


def _audit(action: str, manifest: dict, path: Path) -> None:
    from django.db import transaction

    from quantriet.accounts.services import audit_record

    with transaction.atomic():
        audit_record(actor=None, action=action, object_type="backup", object_id=path.name[:64],
                     summary=str(path)[:255],
                     after={"engine": manifest["engine"],
                            "created_at": manifest["created_at"],
                            "row_counts": manifest["row_counts"]})


def created_at_local(manifest: dict) -> str:
    """The archive's time for a person: `27/11/2026 16:51` in the site's time zone."""
    at = datetime.datetime.fromisoformat(manifest["created_at"])
    return timezone.localtime(at).strftime("%d/%m/%Y %H:%M")
