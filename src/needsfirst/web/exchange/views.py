"""The organisation administrator's exchange page: export, and import with its progress."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.permissions import current_user, roles_required
from needsfirst.web.accounts.reauth import recent_authentication_required
from needsfirst.web.exchange import services
from needsfirst.web.exchange.forms import ImportForm
from needsfirst.web.exchange.models import ExportJob, ImportJob
from needsfirst.web.exchange.progress import progress_get
from needsfirst.web.exchange.words import count_rows, rejection_rows, totals

admin_required = roles_required(services.EXCHANGE_ROLES)


@admin_required
@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = services.import_upload(
            actor=Actor.from_request(request), file_name=upload.name, content=upload.read()
        )
        return redirect("exchange:job", job_uuid=job.uuid)
    return render(
        request,
        "exchange/home.html",
        {
            "form": form,
            "jobs": services.import_jobs_of(current_user(request)),
            "exports": services.export_jobs_of(current_user(request)),
        },
        status=400 if form.errors else 200,
    )


@admin_required
@recent_authentication_required
@require_POST
def export(request: HttpRequest, file_format: str) -> HttpResponse:
    """Queue the export; the administrator follows it on its page and downloads it there."""
    if file_format not in services.FORMATS:
        raise Http404
    job = services.export_request(actor=Actor.from_request(request), file_format=file_format)
    return redirect("exchange:export_job", job_uuid=job.uuid)


def _export_job(request: HttpRequest, job_uuid: str) -> ExportJob:
    job = services.export_job_get(Actor.from_request(request), str(job_uuid))
    if job is None:
        raise Http404
    return job


@admin_required
@require_GET
def export_job(request: HttpRequest, job_uuid: str) -> HttpResponse:
    return render(request, "exchange/export.html", {"job": _export_job(request, job_uuid)})


@admin_required
@require_GET
def export_progress(request: HttpRequest, job_uuid: str) -> HttpResponse:
    """The fragment htmx polls while the export runs; a finished one reloads the page."""
    current = _export_job(request, job_uuid)
    response = render(request, "exchange/_export_progress.html", {"job": current})
    if not current.running:
        response["HX-Refresh"] = "true"
    return response


@admin_required
@require_GET
def export_download(request: HttpRequest, job_uuid: str) -> HttpResponse:
    current = _export_job(request, job_uuid)
    exported = services.export_download(actor=Actor.from_request(request), job=current)
    if exported is None:
        raise Http404
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.file_name}"'
    response["Cache-Control"] = "no-store"
    return response


def _job(request: HttpRequest, job_uuid: str) -> ImportJob:
    job = services.import_job_get(current_user(request), job_uuid)
    if job is None:
        raise Http404
    return job


def _context(job: ImportJob) -> dict[str, object]:
    done = job.done
    if job.status == "importing":
        done = progress_get(job.uuid) or done
    percent = (
        job.percent
        if job.status != "importing" or not job.total
        else (min(100, round(100 * done / job.total)))
    )
    return {
        "job": job,
        "done": done,
        "percent": percent,
        "counts": count_rows(job.summary),
        "rejections": rejection_rows(job.rejections),
        "conflicts": rejection_rows(job.summary.get("conflicts", [])),
        "totals": totals(job.summary),
    }


@admin_required
@require_GET
def job(request: HttpRequest, job_uuid: str) -> HttpResponse:
    return render(request, "exchange/job.html", _context(_job(request, job_uuid)))


@admin_required
@require_GET
def job_progress(request: HttpRequest, job_uuid: str) -> HttpResponse:
    """The progress fragment htmx polls while the job runs; a finished job reloads the page."""
    current = _job(request, job_uuid)
    response = render(request, "exchange/_progress.html", _context(current))
    if not current.running:
        response["HX-Refresh"] = "true"
    return response


@admin_required
@require_POST
def job_run(request: HttpRequest, job_uuid: str) -> HttpResponse:
    current = _job(request, job_uuid)
    services.import_start(actor=Actor.from_request(request), job=current)
    return redirect("exchange:job", job_uuid=current.uuid)
