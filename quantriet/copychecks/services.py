"""Writes of the copychecks app: sketches, full and incremental checks, human decisions,
reference texts.

The detection itself is quantriet.lib.copycheck (pure Python); this module keeps its
results in the database. Keys in the library's index are member ids for reports and
"ref:<pk>" for reference texts (a member id can never start with "ref:").
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet import uploads
from quantriet.accounts.services import audit_record
from quantriet.learning.models import LearningReport, ReportStatus
from quantriet.lib import copycheck, vntext

from .models import (
    CheckRun,
    ClusterMember,
    CopyCluster,
    CopyMatch,
    MatchKind,
    MatchStatus,
    ReferenceKind,
    ReferenceText,
    ReportSketch,
    RunStatus,
)

Progress = Callable[[int, int], None]

# Reports whose text has been handed in at least once (a returned one keeps its text).
CHECKED_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.GRADED, ReportStatus.RETURNED)
REF_PREFIX = "ref:"
SKETCH_BATCH = 2000
# Sketching is CPU-bound Python: two processes for large batches (the library forks only
# for 200 texts or more).
SKETCH_WORKERS = 2


def params() -> copycheck.Params:
    return copycheck.Params()


def params_version(p: copycheck.Params | None = None) -> str:
    """A fingerprint of the detection parameters: stored sketches made with others are
    recomputed."""
    p = p or params()
    return str(p.fingerprint)[:64]


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def ref_key(ref_id: int) -> str:
    return f"{REF_PREFIX}{ref_id}"


def checked_reports(campaign, unit=None):
    """The reports a check reads: handed in, with text; in `unit`'s subtree if given."""
    qs = (LearningReport.objects.filter(campaign=campaign, status__in=CHECKED_STATUSES)
          .exclude(text=""))
    return qs if unit is None else qs.filter(unit__path__startswith=unit.path)


# --- Sketches ----------------------------------------------------------------------------


def _sketch_bytes(text: str, p: copycheck.Params) -> bytes:
    return copycheck.sketch(text, p).to_bytes()


def report_sketch_store(*, report: LearningReport) -> tuple[ReportSketch, bool]:
    """The report's stored sketch, recomputed if its text or the parameters changed.
    Returns (sketch row, changed). Not audited: derived data."""
    p = params()
    version, digest = params_version(p), text_hash(report.text)
    row = ReportSketch.objects.filter(report=report).first()
    if row is not None and row.params_version == version and row.text_hash == digest:
        return row, False
    data = _sketch_bytes(report.text, p)
    row, _created = ReportSketch.objects.update_or_create(
        report=report, defaults={"campaign_id": report.campaign_id, "sketch": data,
                                 "params_version": version, "text_hash": digest})
    return row, True


def sketches_refresh(campaign, *, unit=None, progress: Progress | None = None) -> int:
    """Sketch every checked report (of `unit`'s subtree) whose stored sketch is missing
    or outdated."""
    p = params()
    version = params_version(p)
    stored = dict(ReportSketch.objects.filter(campaign=campaign, params_version=version)
                  .values_list("report_id", "text_hash"))
    ids = list(checked_reports(campaign, unit).values_list("pk", flat=True))
    total, done, changed = len(ids), 0, 0
    existing = set(ReportSketch.objects.filter(campaign=campaign).values_list("report_id",
                                                                            flat=True))
    for start in range(0, total, SKETCH_BATCH):
        batch = ids[start:start + SKETCH_BATCH]
        todo = []
        for report_id, text in (LearningReport.objects.filter(pk__in=batch)
                                .values_list("pk", "text")):
            digest = text_hash(text)
            if stored.get(report_id) != digest:
                todo.append((report_id, text, digest))
        sketches = copycheck.sketch_many([t for _i, t, _d in todo], p, workers=SKETCH_WORKERS)
        new, old = [], []
        for (report_id, _text, digest), sk in zip(todo, sketches, strict=True):
            row = ReportSketch(report_id=report_id, campaign=campaign, sketch=sk.to_bytes(),
                               params_version=version, text_hash=digest)
            (old if report_id in existing else new).append(row)
        if old:
            ReportSketch.objects.filter(report_id__in=[r.report_id for r in old]).delete()
        ReportSketch.objects.bulk_create(new + old)
        changed += len(new) + len(old)
        done += len(batch)
        if progress:
            progress(done, total)
    return changed


# --- The campaign's index, cached per process ----------------------------------------------


@dataclass
class _Cached:
    stamp: tuple
    index: copycheck.CopyIndex


_index_cache: dict[int, _Cached] = {}
_index_lock = threading.Lock()


def _stamp(campaign) -> tuple:
    """Changes whenever a sketch is stored or a reference text changes: one MAX on an
    index and one small aggregate, whatever the campaign's size. (A deleted report's
    sketch may stay in a cached index: its matches map to no report and are ignored.)"""
    sk = ReportSketch.objects.filter(campaign=campaign).aggregate(t=Max("updated_at"))
    refs = ReferenceText.objects.filter(campaign=campaign).aggregate(n=Count("pk"),
                                                                     t=Max("updated_at"))
    return (params_version(), sk["t"], refs["n"], refs["t"])


def _build_index(campaign, unit=None) -> copycheck.CopyIndex:
    refs = list(ReferenceText.objects.filter(campaign=campaign))
    ignore = [r.text for r in refs if r.kind == ReferenceKind.RESOLUTION]
    index = copycheck.CopyIndex(params(), ignore_texts=ignore)
    for r in refs:
        if r.kind == ReferenceKind.SAMPLE:
            index.add(ref_key(r.pk), r.text, kind="reference")
    rows = (ReportSketch.objects
            .filter(campaign=campaign, params_version=params_version(),
                    report__status__in=CHECKED_STATUSES)
            .values_list("report__member__member_id", "sketch"))
    if unit is not None:
        rows = rows.filter(report__unit__path__startswith=unit.path)
    batch: list = []
    for member_id, data in rows.iterator(chunk_size=2000):
        batch.append((member_id, copycheck.Sketch.from_bytes(data)))
        if len(batch) >= 2000:
            index.add_many(batch, kind="member")
            batch = []
    if batch:
        index.add_many(batch, kind="member")
    return index


def campaign_index(campaign, *, rebuild: bool = False) -> copycheck.CopyIndex:
    """The campaign's index from its stored sketches, rebuilt only when they changed."""
    stamp = _stamp(campaign)
    with _index_lock:
        cached = _index_cache.get(campaign.pk)
        if cached is not None and cached.stamp == stamp and not rebuild:
            return cached.index
    index = _build_index(campaign)
    # Build the LSH tables now (query() would on its first call): the cached index
    # answers every later query at once.
    index.rebuild()
    with _index_lock:
        _index_cache[campaign.pk] = _Cached(stamp, index)
    return index


def _cache_index(campaign, index: copycheck.CopyIndex, stamp: tuple) -> None:
    """Keep `index`, built from the sketches as they were at `stamp` (taken before)."""
    with _index_lock:
        _index_cache[campaign.pk] = _Cached(stamp, index)


def forget_index(campaign_id: int | None = None) -> None:
    with _index_lock:
        if campaign_id is None:
            _index_cache.clear()
        else:
            _index_cache.pop(campaign_id, None)


# --- Storing results ---------------------------------------------------------------------


class _Keys:
    """Library keys → report ids / reference ids of one campaign."""

    def __init__(self, campaign, member_ids: Iterable[str] | None = None):
        qs = checked_reports(campaign)
        if member_ids is not None:
            qs = qs.filter(member__member_id__in=list(member_ids))
        self.reports = dict(qs.values_list("member__member_id", "pk"))
        self.refs = {ref_key(pk): pk for pk in
                     ReferenceText.objects.filter(campaign=campaign).values_list("pk", flat=True)}

    def report(self, key: str) -> int | None:
        return self.reports.get(key)

    def ref(self, key: str) -> int | None:
        return self.refs.get(key)


def _match_target(m, keys: _Keys) -> tuple | None:
    """(kind, a report id, b report id | None, reference id | None, flipped) or None."""
    if m.kind == "reference" or str(m.b).startswith(REF_PREFIX) \
            or str(m.a).startswith(REF_PREFIX):
        member_key, ref = (m.b, m.a) if str(m.a).startswith(REF_PREFIX) else (m.a, m.b)
        a, r = keys.report(member_key), keys.ref(ref)
        if a is None or r is None:
            return None
        return MatchKind.REFERENCE, a, None, r, member_key != m.a
    a, b = keys.report(m.a), keys.report(m.b)
    if a is None or b is None or a == b:
        return None
    if a < b:
        return MatchKind.PAIR, a, b, None, False
    return MatchKind.PAIR, b, a, None, True


def _upsert_matches(campaign, found: list, keys: _Keys, existing_qs=None) -> set[int]:
    """Create or refresh flags for the library's matches; decisions are never touched.
    `existing_qs`: the flags that may be among them (default: the campaign's).
    Returns the ids of the flags found."""
    seen: set[int] = set()
    existing = {}
    if existing_qs is None:
        existing_qs = CopyMatch.objects.filter(campaign=campaign)
    for row in existing_qs:
        existing[(row.kind, row.a_id, row.b_id, row.reference_id)] = row
    to_create, to_update = [], []
    for m in found:
        target = _match_target(m, keys)
        if target is None:
            continue
        kind, a, b, ref, flipped = target
        ca, cb = (m.containment_b, m.containment_a) if flipped else (m.containment_a,
                                                                     m.containment_b)
        values = {"score": float(m.score), "jaccard": float(m.jaccard),
                  "containment_a": float(ca), "containment_b": float(cb)}
        row = existing.get((kind, a, b, ref))
        if row is None:
            row = CopyMatch(campaign=campaign, kind=kind, a_id=a, b_id=b, reference_id=ref,
                            **values)
            existing[(kind, a, b, ref)] = row
            to_create.append(row)
        else:
            if row.pk in seen:
                continue
            seen.add(row.pk)
            # A re-run mostly finds the same figures: write only what changed (Django's
            # bulk_update is a slow CASE per row).
            if row.current and all(abs(getattr(row, k) - v) < 1e-9
                                   for k, v in values.items()):
                continue
            for k, v in values.items():
                setattr(row, k, v)
            row.current = True
            to_update.append(row)
    if to_update:
        CopyMatch.objects.bulk_update(
            to_update, ["score", "jaccard", "containment_a", "containment_b", "current"],
            batch_size=500)
    # SQLite (≥ 3.35) and PostgreSQL both return the new ids.
    seen.update(row.pk for row in CopyMatch.objects.bulk_create(to_create, batch_size=500))
    return seen


def _retire(queryset) -> None:
    """Flags no longer found: undecided ones go, decided ones stay with their decision."""
    queryset.filter(status=MatchStatus.PENDING).delete()
    queryset.exclude(status=MatchStatus.PENDING).update(current=False)


def _store_clusters(campaign, clusters: list, keys: _Keys, unit=None) -> int:
    old = CopyCluster.objects.filter(campaign=campaign)
    if unit is not None:
        old = old.filter(memberships__report__unit__path__startswith=unit.path)
    CopyCluster.objects.filter(pk__in=list(old.values_list("pk", flat=True))).delete()
    made = 0
    links = []
    for c in clusters:
        report_ids = sorted({r for r in (keys.report(k) for k in c.members) if r is not None})
        if len(report_ids) < 2 and not (report_ids and c.source):
            continue
        source = c.source or ""
        cluster = CopyCluster.objects.create(
            campaign=campaign, score=float(c.score or 0.0),
            source_reference_id=keys.ref(source), source_report_id=keys.report(source))
        links += [ClusterMember(cluster=cluster, report_id=r) for r in report_ids]
        made += 1
    ClusterMember.objects.bulk_create(links, batch_size=1000)
    return made


@transaction.atomic
def _store_full_result(campaign, result, unit=None) -> tuple[int, int, int]:
    """Store a full check's result. With `unit`: the check saw only that subtree, so only
    flags with every member inside it can be retired, and only its clusters rebuilt."""
    keys = _Keys(campaign)
    # The library lists a document either in a pair or in a cluster; a cluster's links
    # (about one per member) are flags to decide like any other.
    found = list(result.pairs) + [m for c in result.clusters for m in c.matches]
    seen = _upsert_matches(campaign, found, keys)
    scope = CopyMatch.objects.filter(campaign=campaign)
    if unit is not None:
        scope = scope.filter(a__unit__path__startswith=unit.path).filter(
            Q(b__isnull=True) | Q(b__unit__path__startswith=unit.path))
    _retire(scope.exclude(pk__in=seen))
    clusters = _store_clusters(campaign, list(result.clusters), keys, unit)
    found = CopyMatch.objects.filter(pk__in=seen)
    pairs = found.filter(kind=MatchKind.PAIR).count()
    return pairs, found.count() - pairs, clusters


# --- Full check --------------------------------------------------------------------------


@transaction.atomic
def check_run_request(*, actor, campaign, unit=None) -> CheckRun:
    """Queue a full check of the campaign, or of `unit`'s subtree (the task runs it)."""
    if unit is not None and unit.pk == campaign.owner_id:
        unit = None
    run = CheckRun.objects.create(campaign=campaign, unit=unit, created_by=actor)
    audit_record(actor=actor, action="copycheck.run", obj=run, unit=unit or campaign.owner,
                 summary=_("Copy check of campaign %(code)s requested")
                 % {"code": campaign.code})
    return run


class _RunProgress:
    """done/total on the run row, in two phases (sketching, then checking), at most every
    ~2 % so the page polling the run sees it."""

    def __init__(self, run_id: int):
        self.run_id = run_id
        self.last = -1

    def __call__(self, done: int, total: int) -> None:
        step = max(1, total // 50)
        if done != total and done - self.last < step:
            return
        self.last = done
        CheckRun.objects.filter(pk=self.run_id).update(done=done, total=total)


def check_run_execute(*, run: CheckRun, progress: Progress | None = None) -> CheckRun:
    """Run a full check: refresh sketches, rebuild the index, check everything, store the
    flags (keeping decisions) and the clusters. Each phase commits on its own."""
    campaign, unit = run.campaign, run.unit
    CheckRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING,
                                             started_at=timezone.now())
    row_progress = _RunProgress(run.pk)

    def both(done: int, total: int) -> None:
        row_progress(done, total)
        if progress:
            progress(done, total)

    try:
        sketches_refresh(campaign, unit=unit, progress=both)
        stamp = _stamp(campaign)
        index = _build_index(campaign, unit)
        result = index.check()  # builds the tables: the index is ready for queries
        if unit is None:
            _cache_index(campaign, index, stamp)
        pairs, refs, clusters = _store_full_result(campaign, result, unit)
    except Exception as e:
        CheckRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED,
                                                 finished_at=timezone.now(), error=str(e))
        raise
    reports = checked_reports(campaign, unit).count()
    CheckRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE, finished_at=timezone.now(), reports=reports, pairs=pairs,
        reference_matches=refs, clusters=clusters)
    run.refresh_from_db()
    return run


def check_campaign(*, actor, campaign, unit=None,
                   progress: Progress | None = None) -> CheckRun:
    """Request and run a full check at once (commands, demo)."""
    run = check_run_request(actor=actor, campaign=campaign, unit=unit)
    return check_run_execute(run=run, progress=progress)


# --- Incremental check of one report ------------------------------------------------------


def report_check(*, report: LearningReport) -> list[CopyMatch]:
    """Check one (newly submitted) report against the campaign's index and record its
    flags. Flags of this report no longer found are retired (its text changed)."""
    if report.status not in CHECKED_STATUSES or not report.text.strip():
        return []
    campaign = report.campaign
    key = report.member.member_id
    index = campaign_index(campaign)
    row, _changed = report_sketch_store(report=report)
    sk = copycheck.Sketch.from_bytes(row.sketch)
    with _index_lock:
        # The report's own earlier version in the index is skipped by query().
        found = index.query(key, sk)
        index.add(key, sketch=sk, kind="member")
        cached = _index_cache.get(campaign.pk)
        if cached is not None and cached.index is index:
            cached.stamp = _stamp(campaign)
    with transaction.atomic():
        keys = _Keys(campaign, {key} | {str(m.a) for m in found} | {str(m.b) for m in found})
        mine = CopyMatch.objects.filter(Q(a=report) | Q(b=report), campaign=campaign)
        seen = _upsert_matches(campaign, found, keys, mine)
        _retire(mine.exclude(pk__in=seen))
        matches = list(CopyMatch.objects.filter(pk__in=seen))
        _join_clusters(report, matches)
    return matches


def _join_clusters(report: LearningReport, matches: list[CopyMatch]) -> None:
    """Put a newly flagged report into the cluster of the text it shares (until the next
    full check rebuilds the clusters)."""
    ClusterMember.objects.filter(report=report, cluster__campaign_id=report.campaign_id)\
        .delete()
    refs = [m.reference_id for m in matches if m.kind == MatchKind.REFERENCE]
    others = [m.b_id if m.a_id == report.pk else m.a_id
              for m in matches if m.kind == MatchKind.PAIR]
    cluster = None
    if refs:
        cluster = CopyCluster.objects.filter(campaign_id=report.campaign_id,
                                             source_reference_id__in=refs).first()
        if cluster is None:
            cluster = CopyCluster.objects.create(campaign_id=report.campaign_id,
                                                 source_reference_id=refs[0])
    elif others:
        cluster = CopyCluster.objects.filter(
            campaign_id=report.campaign_id, memberships__report_id__in=others).first()
    if cluster is not None:
        ClusterMember.objects.get_or_create(cluster=cluster, report=report)


# --- Human decisions ---------------------------------------------------------------------


@transaction.atomic
def match_decide(*, actor, match: CopyMatch, status: str, note: str = "") -> CopyMatch:
    """Confirm or dismiss a flag (or put it back to pending), with a note."""
    if status not in MatchStatus.values:
        raise ValidationError({"status": _("Choose confirm or dismiss.")})
    note = vntext.clean(note) if note else ""
    if status == MatchStatus.DISMISSED and not note:
        raise ValidationError({"note": _("Say why the flag is dismissed.")})
    before = {"status": match.status, "note": match.note}
    match.status = status
    match.note = note
    match.decided_by = actor if status != MatchStatus.PENDING else None
    match.decided_at = timezone.now() if status != MatchStatus.PENDING else None
    match.save(update_fields=["status", "note", "decided_by", "decided_at", "updated_at"])
    labels = dict(MatchStatus.choices)
    audit_record(actor=actor, action="copycheck.decide", obj=match,
                 unit=match.a.unit if match.a_id else None,
                 summary=_("Copy flag %(id)s: %(status)s")
                 % {"id": match.pk, "status": labels[status]},
                 before=before, after={"status": status, "note": note})
    return match


# --- Reference texts ---------------------------------------------------------------------


def text_from_file(name: str, data: bytes) -> str:
    """The text of a .txt (UTF-8, BOM tolerated; else Windows-1258) or .docx file."""
    lower = name.lower()
    if lower.endswith(".txt"):
        for encoding in ("utf-8-sig", "cp1258"):
            try:
                return vntext.nfc(data.decode(encoding))
            except UnicodeDecodeError:
                continue
        raise ValidationError(_("The file is not UTF-8 text."))
    if lower.endswith(".docx"):
        import docx

        try:
            document = docx.Document(io.BytesIO(data))
        except Exception:
            raise ValidationError(_("The file is not a readable Word (.docx) file.")) \
                from None
        lines = [p.text for p in document.paragraphs]
        for table in document.tables:
            for r in table.rows:
                lines.append(" ".join(c.text for c in r.cells))
        return vntext.nfc("\n".join(lines))
    raise ValidationError(_("Only .txt and .docx files are accepted."))


def _reference_name(filename: str) -> str:
    stem = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    return vntext.clean(stem)[:200]


@transaction.atomic
def references_import(*, actor, campaign, files: list[tuple[str, bytes]],
                      kind: str = ReferenceKind.SAMPLE) -> tuple[int, int]:
    """Load reference texts (name = file name without extension), all or nothing.
    A text of the same name is replaced. Returns (created, updated)."""
    if kind not in ReferenceKind.values:
        raise ValidationError(_("Unknown kind of reference text."))
    errors, texts = [], []
    for filename, data in files:
        name = _reference_name(filename)
        try:
            uploads.check(data, filename, "text")  # extension, size, content, zip bounds
        except uploads.UploadRejected as e:
            errors.append(e.message)
            continue
        try:
            text = text_from_file(filename, data)
        except ValidationError as e:
            errors.append(f"{filename}: {' '.join(e.messages)}")
            continue
        if not name or not text.strip():
            errors.append(_("%(file)s: the file has no text.") % {"file": filename})
            continue
        texts.append((name, text))
    if not files:
        errors.append(_("No .txt or .docx file was given."))
    if errors:
        raise ValidationError(errors)
    created = updated = 0
    for name, text in texts:
        _ref, was_created = ReferenceText.objects.update_or_create(
            campaign=campaign, name=name,
            defaults={"text": text, "kind": kind, "created_by": actor
                      if getattr(actor, "is_authenticated", False) else None})
        created += was_created
        updated += not was_created
    audit_record(actor=actor, action="copycheck.references", obj=campaign,
                 unit=campaign.owner,
                 summary=_("Reference texts loaded: %(created)s new, %(updated)s replaced")
                 % {"created": created, "updated": updated})
    return created, updated


@transaction.atomic
def reference_delete(*, actor, reference: ReferenceText) -> None:
    audit_record(actor=actor, action="copycheck.reference_delete", obj=reference,
                 unit=reference.campaign.owner,
                 summary=_("Reference text %(name)s deleted") % {"name": reference.name})
    reference.delete()
