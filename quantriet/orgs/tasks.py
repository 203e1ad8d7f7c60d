"""Background work of the orgs app: running an uploaded import."""

from __future__ import annotations

import logging
import time

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from . import imports
from .models import ImportJob, ImportKind, ImportStatus

logger = logging.getLogger(__name__)

RUNNERS = {ImportKind.UNITS: imports.import_units, ImportKind.MEMBERS: imports.import_members}


class _JobProgress:
    """Writes done/total to the job row at most every ~2 % or every second.

    Each write is its own UPDATE outside the import's transaction (the engine reports only
    during validation and after commit), so the page polling the job sees it at once.
    """

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.last_done = -1
        self.last_time = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        step = max(1, total // 50)
        if done != total and done - self.last_done < step and now - self.last_time < 1.0:
            return
        self.last_done, self.last_time = done, now
        ImportJob.objects.filter(pk=self.job_id).update(done_rows=done, total_rows=total)


@task()
def run_import_job(job_id: int) -> dict:
    """Run the ImportJob `job_id` as its uploader (`created_by`: scope and audit actor)."""
    job = ImportJob.objects.select_related("created_by", "scope_unit").get(pk=job_id)
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportStatus.RUNNING, started_at=timezone.now(), done_rows=0, errors=[])
    try:
        if job.created_by_id is None:
            # Never fall back to the system's unlimited scope for an orphaned upload.
            raise imports.ImportFailed([imports.RowError(
                None, "", _("The user who uploaded the file no longer exists; upload the file "
                            "again."))])
        with job.file.open("rb") as f:
            data = f.read()
        result = RUNNERS[job.kind](actor=job.created_by, data=data, filename=job.original_name,
                                   progress=_JobProgress(job_id), within=job.scope_unit)
    except imports.ImportFailed as e:
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportStatus.FAILED, finished_at=timezone.now(),
            errors=[err.as_dict() for err in e.errors])
        return {"status": ImportStatus.FAILED, "errors": len(e.errors)}
    except Exception:
        logger.exception("import job %s crashed", job_id)
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportStatus.FAILED, finished_at=timezone.now(),
            errors=[{"row": None, "column": "",
                     "message": _("System error while importing the file; nothing was "
                                  "changed. Please tell the system administrator.")}])
        raise
    summary = result.as_dict()
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportStatus.DONE, finished_at=timezone.now(), summary=summary,
        done_rows=result.total, total_rows=result.total)
    return summary
