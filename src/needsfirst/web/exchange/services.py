"""Export and import of an organisation's records in HTCDS 2.0, for its administrator.

Export: every record the organisation holds, none of another's (`records.organisation_tables`),
as JSON or the spreadsheet layout; audited with the counts, never the content.

Import, in three steps that each leave the job's state in the database:
1. `import_upload`: the file is kept encrypted in an `ImportJob`, and the check is queued;
2. `import_check_job` (a job): the whole file is checked (`needsfirst.exchange.validate`), then
   against the database (`writer.plan`): each rejected row is listed; nothing is written;
3. `import_start` queues `import_run_job`: in one transaction, every new row is created with its
   key, so the same file again creates nothing; any refusal rolls all of it back.
While the rows are written, the count goes outside the transaction (`progress.py`), so the page
can show the bar move.
"""

from __future__ import annotations

import base64
import binascii
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from needsfirst.exchange import (
    Checked,
    Rejection,
    make_document,
    read_file,
    to_json,
    to_toolkit_xlsx,
    to_xlsx,
)
from needsfirst.exchange.validate import MAX_FILE_BYTES, Reason
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, Role, User
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.common.jobs import enqueue
from needsfirst.web.exchange.models import ExportJob, ExportStatus, ImportJob, JobStatus
from needsfirst.web.exchange.progress import progress_set
from needsfirst.web.exchange.records import organisation_tables, source_of
from needsfirst.web.exchange.writer import Plan, RowRefused, Writer, plan

logger = logging.getLogger(__name__)

EXCHANGE_ROLES = frozenset({Role.ORGANISATION_ADMIN})
FORMATS = ("json", "xlsx", "toolkit")  # toolkit: the toolkit's one-sheet layout (.xlsx)
SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"json": "application/json", "xlsx": SPREADSHEET, "toolkit": SPREADSHEET}


def _require_admin(actor: Actor, what: str) -> None:
    if actor.user is None or actor.role not in EXCHANGE_ROLES or actor.organisation_id is None:
        audit_record(actor=actor, action=AuditAction.ACCESS_DENIED, detail={"view": what})
        raise PermissionDenied


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    file_name: str
    content_type: str
    rows: dict[str, int]


def _export_file(
    organisation: Organisation, file_format: str, progress: Callable[[int], None] | None = None
) -> ExportFile:
    now = timezone.now()
    tables = organisation_tables(organisation, progress=progress)
    document = make_document(tables, source=source_of(organisation), exported_at=now.isoformat())
    writers = {"json": to_json, "xlsx": to_xlsx, "toolkit": to_toolkit_xlsx}
    content = writers[file_format](document)
    ending = {"json": "json", "xlsx": "xlsx", "toolkit": "toolkit.xlsx"}[file_format]
    return ExportFile(
        content=content,
        file_name=f"htcds-{now:%Y%m%d-%H%M}.{ending}",
        content_type=CONTENT_TYPES[file_format],
        rows={name: len(table_rows) for name, table_rows in tables.items()},
    )


def export_organisation(*, actor: Actor, file_format: str) -> ExportFile:
    """The organisation's records as one HTCDS 2.0 file, audited (the command line)."""
    _require_admin(actor, "exchange_export")
    if file_format not in FORMATS:
        raise ValueError(file_format)
    organisation = actor.staff.organisation
    assert organisation is not None
    exported = _export_file(organisation, file_format)
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="htcds_export",
        object_id=str(organisation.uuid),
        detail={"format": file_format, "rows": exported.rows},
    )
    return exported


# An export waits this long for its administrator, then its file is deleted.
EXPORT_KEPT = timedelta(hours=1)
# The steps an export job reports: each table read, then the file written.
EXPORT_STEPS = 8


def export_request(*, actor: Actor, file_format: str, queue: bool = True) -> ExportJob:
    """Queue an export of the organisation's records for this administrator alone."""
    _require_admin(actor, "exchange_export")
    if file_format not in FORMATS:
        raise ValueError(file_format)
    organisation = actor.staff.organisation
    assert organisation is not None
    job = ExportJob.objects.create(
        organisation=organisation,
        created_by=actor.staff,
        file_format=file_format,
        status=ExportStatus.RUNNING,
        total=EXPORT_STEPS,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=job, detail={"format": file_format})
    if queue:
        transaction.on_commit(lambda: enqueue(export_run_job, job.pk))
    return job


def export_run_job(job_pk: int) -> None:
    """The job: read every table (the count goes on the job after each), write the file,
    keep it encrypted for the administrator who asked. Audited as an export with the counts."""
    job = ExportJob.objects.select_related("created_by", "organisation").get(pk=job_pk)
    if job.status != ExportStatus.RUNNING:
        return
    actor = Actor.for_user(job.created_by)
    if actor.role not in EXCHANGE_ROLES or actor.organisation_id != job.organisation_id:
        job.status = ExportStatus.FAILED  # the role was lost between the request and now
        job.finished_at = timezone.now()
        job.save()
        return

    def progress(done: int) -> None:  # no transaction here: the page sees each step
        ExportJob.objects.filter(pk=job.pk).update(done=done)

    try:
        exported = _export_file(job.organisation, job.file_format, progress)
    except Exception as error:
        job.status = ExportStatus.FAILED
        job.finished_at = timezone.now()
        job.save()
        logger.error("exchange export %s failed: %s", job.uuid, type(error).__name__)
        raise
    job.payload = base64.b64encode(exported.content).decode()
    job.file_name = exported.file_name
    job.rows = exported.rows
    job.done = EXPORT_STEPS
    job.status = ExportStatus.READY
    job.finished_at = timezone.now()
    job.save()
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="htcds_export",
        object_id=str(job.organisation.uuid),
        detail={"format": job.file_format, "rows": exported.rows, "job": str(job.uuid)},
    )
    logger.info("exchange export %s ready", job.uuid)


def _expire(job: ExportJob) -> ExportJob:
    if job.status == ExportStatus.READY and timezone.now() - job.created_at > EXPORT_KEPT:
        job.status = ExportStatus.EXPIRED
        job.payload = ""
        job.save(update_fields=["status", "payload"])
    return job


def export_job_get(actor: Actor, job_uuid: str) -> ExportJob | None:
    """The export job, for the administrator who asked for it only (else None: the caller
    404s, and the attempt is audited)."""
    job = ExportJob.objects.filter(uuid=job_uuid).first()
    asker = actor.user.pk if actor.user else None
    if (
        job is None
        or job.created_by_id != asker
        or job.organisation_id != actor.organisation_id
        or actor.role not in EXCHANGE_ROLES
    ):
        audit_record(
            actor=actor,
            action=AuditAction.ACCESS_DENIED,
            object_type="exchange_export",
            object_id=str(job_uuid),
            detail={"view": "exchange_export_job"},
        )
        return None
    return _expire(job)


def export_download(*, actor: Actor, job: ExportJob) -> ExportFile | None:
    """The file of a finished export, for the administrator who asked; each download audited."""
    _require_admin(actor, "exchange_export")
    asker = actor.user.pk if actor.user else None
    if job.created_by_id != asker or job.status != ExportStatus.READY:
        return None
    ExportJob.objects.filter(pk=job.pk).update(downloads=job.downloads + 1)
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="htcds_export",
        object_id=str(job.organisation.uuid),
        detail={"format": job.file_format, "job": str(job.uuid), "download": True},
    )
    return ExportFile(
        content=base64.b64decode(job.payload),
        file_name=job.file_name,
        content_type=CONTENT_TYPES[job.file_format],
        rows=job.rows,
    )


def export_jobs_of(user: User) -> list[ExportJob]:
    return [_expire(job) for job in ExportJob.objects.filter(created_by=user)[:5]]


def import_upload(*, actor: Actor, file_name: str, content: bytes, queue: bool = True) -> ImportJob:
    """Keep the uploaded file (encrypted) and queue its check."""
    _require_admin(actor, "exchange_import")
    file_format = "xlsx" if file_name.lower().endswith(".xlsx") else "json"
    organisation = actor.staff.organisation
    assert organisation is not None  # _require_admin checked it
    job = ImportJob.objects.create(
        organisation=organisation,
        created_by=actor.staff,
        file_name=file_name[:200],
        file_format=file_format,
        payload="" if len(content) > MAX_FILE_BYTES else base64.b64encode(content).decode(),
        status=JobStatus.CHECKING,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=job, detail={"format": file_format})
    if queue:
        transaction.on_commit(lambda: enqueue(import_check_job, job.pk))
    return job


def _checked(job: ImportJob) -> Checked:
    if not job.payload:
        return Checked(rejections=[Rejection("", 0, "", Reason.TOO_LARGE)])
    try:
        content = base64.b64decode(job.payload, validate=True)
    except (binascii.Error, ValueError):
        return Checked(rejections=[Rejection("", 0, "", Reason.NOT_A_FILE)])
    return read_file(content, f"upload.{job.file_format}")


def _plan_for(job: ImportJob) -> tuple[Checked, Plan | None]:
    checked = _checked(job)
    if not checked.ok:
        return checked, None
    actor = Actor.for_user(job.created_by)
    planned = plan(actor=actor, checked=checked)
    checked.rejections.extend(planned.rejections)
    return checked, planned


def _finish_rejected(job: ImportJob, rejections: list[Rejection]) -> None:
    job.status = JobStatus.REJECTED
    job.rejections = [r.as_dict() for r in rejections[:1000]]
    job.summary = {**job.summary, "rejected": len(rejections)}
    job.payload = ""
    job.finished_at = timezone.now()
    job.save()


def _finish_failed(job: ImportJob, rejection: Rejection) -> None:
    job.refresh_from_db()
    job.status = JobStatus.FAILED
    job.rejections = [rejection.as_dict()]
    job.payload = ""
    job.finished_at = timezone.now()
    job.save()


def import_check_job(job_pk: int) -> None:
    """The job: check the whole file and report; writes no record."""
    job = ImportJob.objects.select_related("created_by", "organisation").get(pk=job_pk)
    if job.status != JobStatus.CHECKING:
        return
    checked, planned = _plan_for(job)
    job.summary = {
        "rows": {name: len(rows) for name, rows in checked.tables.items() if rows},
        "not_held": {name: sorted(fields) for name, fields in checked.not_held.items()},
    }
    if planned is None or not checked.ok:
        _finish_rejected(job, checked.rejections)
        logger.info("exchange import %s rejected: %d rows", job.uuid, len(checked.rejections))
        return
    job.summary.update(planned.counts())
    job.total = planned.total
    job.done = 0
    job.status = JobStatus.READY
    job.save()


def import_start(*, actor: Actor, job: ImportJob, queue: bool = True) -> ImportJob:
    """Queue the writing of a checked file (its administrator's organisation only)."""
    _require_admin(actor, "exchange_import")
    claimed = ImportJob.objects.filter(
        pk=job.pk, organisation=actor.staff.organisation, status=JobStatus.READY
    ).update(status=JobStatus.IMPORTING)
    job.refresh_from_db()
    if claimed:
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=job, detail={"run": True})
        if queue:
            transaction.on_commit(lambda: enqueue(import_run_job, job.pk))
    return job


def _progress(job: ImportJob) -> Callable[[int], None]:
    """Report the count every fiftieth of the way (and at the end), outside the transaction."""
    step = max(1, job.total // 50)

    def report(done: int) -> None:
        if done % step == 0 or done == job.total:
            progress_set(job.uuid, done)

    return report


def import_run_job(job_pk: int) -> None:
    """The job: write every new row in one transaction; any refusal leaves nothing written."""
    job = ImportJob.objects.select_related("created_by", "organisation").get(pk=job_pk)
    if job.status != JobStatus.IMPORTING:
        return
    actor = Actor.for_user(job.created_by)
    try:
        with transaction.atomic():
            checked, planned = _plan_for(job)
            if planned is None or not checked.ok:
                raise _Rejected(checked.rejections)
            job.total = planned.total
            writer = Writer(actor, planned, _progress(job))
            writer.write()
            job.done = writer.done
            job.summary = {
                **job.summary,
                **planned.counts(),
                "created": writer.created,
                "updated": writer.updated,
            }
            job.status = JobStatus.DONE
            job.payload = ""
            job.finished_at = timezone.now()
            job.save()
    except RowRefused as refused:
        _finish_failed(job, refused.rejection)
    except _Rejected as rejected:
        job.refresh_from_db()
        _finish_rejected(job, rejected.rejections)
    except IntegrityError:
        # Another import wrote the same rows between the check and now: nothing of this one
        # stays, and importing the file again creates only what is still missing.
        _finish_failed(job, Rejection("", 0, "", Reason.IMPORTED_MEANWHILE))
    except Exception as error:
        # Never a job left running for ever; the log names the kind of error, not its text
        # (a message can quote a value).
        _finish_failed(job, Rejection("", 0, "", Reason.NOT_A_FILE))
        logger.error("exchange import %s failed: %s", job.uuid, type(error).__name__)
        raise
    logger.info("exchange import %s: %s", job.uuid, job.status)


def import_now(*, actor: Actor, file_name: str, content: bytes) -> ImportJob:
    """Check and import a file at once (the command line): the same steps, without the queue."""
    _require_admin(actor, "exchange_import")
    with transaction.atomic():
        job = import_upload(actor=actor, file_name=file_name, content=content, queue=False)
    import_check_job(job.pk)
    job.refresh_from_db()
    if job.status == JobStatus.READY:
        import_start(actor=actor, job=job, queue=False)
        import_run_job(job.pk)
        job.refresh_from_db()
    return job


class _Rejected(Exception):
    def __init__(self, rejections: list[Rejection]) -> None:
        super().__init__(f"{len(rejections)} rejections")
        self.rejections = rejections


def import_jobs_of(user: User) -> list[ImportJob]:
    return list(ImportJob.objects.filter(organisation=user.organisation)[:10])


def import_job_get(user: User, job_uuid: str) -> ImportJob | None:
    """The job, if it belongs to the user's organisation (else None, and the caller 404s)."""
    return ImportJob.objects.filter(uuid=job_uuid, organisation=user.organisation).first()
