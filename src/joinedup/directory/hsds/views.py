"""Pages of Open Referral UK: export the place's directory, import HSDS data, see the report."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from joinedup.core.models import Job
from joinedup.core.permissions import can, place_view
from joinedup.directory.hsds import services
from joinedup.directory.hsds.forms import HsdsUploadForm
from joinedup.directory.hsds.reading import HsdsError


@place_view("directory.export")
def hsds_home(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Download the place's directory as Open Referral UK data, or import some."""
    form = HsdsUploadForm() if can(request.user, "directory.import", request.place) else None
    return render(
        request,
        "directory/hsds/home.html",
        {"page_title": "Open Referral UK data", "form": form},
    )


def _download(data: bytes, *, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@place_view("directory.export")
def hsds_export_json(request: HttpRequest, place_slug: str) -> HttpResponse:
    """The place's services as HSDS 3.0 JSON (no confidential locations, no contact people)."""
    data = services.export_place_json(place=request.place, actor=request.user)
    stamp = timezone.localdate().isoformat()
    return _download(
        data, content_type="application/json", name=f"{place_slug}-services-{stamp}.json"
    )


@place_view("directory.export")
def hsds_export_zip(request: HttpRequest, place_slug: str) -> HttpResponse:
    """The place's directory as the HSDS 3.0 tabular datapackage, zipped."""
    data = services.export_place_zip(place=request.place, actor=request.user)
    stamp = timezone.localdate().isoformat()
    return _download(
        data, content_type="application/zip", name=f"{place_slug}-hsds-tabular-{stamp}.zip"
    )


@require_POST
@place_view("directory.import")
def hsds_import(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Start importing an uploaded HSDS file as a job with progress."""
    form = HsdsUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            job = services.start_hsds_import(
                place=request.place, user=request.user, upload=form.cleaned_data["file"]
            )
        except HsdsError as error:
            form.add_error("file", str(error))
        else:
            return redirect("job", place_slug=place_slug, job_id=job.pk)
    return render(
        request,
        "directory/hsds/home.html",
        {"page_title": "Open Referral UK data", "form": form},
        status=400,
    )


@place_view("directory.import")
def hsds_import_report(request: HttpRequest, place_slug: str, job_id) -> HttpResponse:
    """What an Open Referral import created and updated, and what it could not use."""
    job = get_object_or_404(Job, pk=job_id, place=request.place, kind="directory.hsds_import")
    return render(
        request,
        "directory/hsds/report.html",
        {"page_title": "Open Referral import report", "job": job, "report": job.result},
    )
