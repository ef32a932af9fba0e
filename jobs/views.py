"""The job page (with its progress, polled by htmx), "Tệp của tôi", the result download and the retry button.

`start_job` is what the download addresses of other apps call: it starts the job (or finds the running one) and
answers with the file when it was made here (the embedded default), else with the job page."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from ops.media import serve_protected
from units.scoping import get_visible_or_404

from . import services
from .models import Job, JobState
from .registry import JobRefused

QUEUE_DOWN = gettext_lazy("Hàng đợi tạo tệp đang không hoạt động nên chưa tạo được tệp. Hãy thử lại sau ít phút.")


def start_job(request, kind: str, parameters: dict):
    try:
        job = services.start(request.user, kind, parameters)
    except JobRefused as refusal:
        messages.info(request, refusal.message)
        return redirect(refusal.url)
    except services.QueueUnavailable:
        messages.error(request, QUEUE_DOWN)
        return redirect("jobs:list")
    if job.state == JobState.DONE and services.embedded():
        return serve_protected(request, job.result, as_attachment=True)
    return redirect(job)


@require_safe
def job_list(request):
    jobs = Job.objects.visible_to(request.user)[:200]
    return render(request, "jobs/job_list.html", {"jobs": jobs, "job_result_days": settings.JOB_RESULT_DAYS})


@require_safe
def job_detail(request, pk):
    job = get_visible_or_404(Job.objects.all(), request.user, pk=pk)
    template = "jobs/includes/job_progress.html" if request.htmx else "jobs/job_detail.html"
    return render(request, template, {"job": job})


@require_safe
def job_download(request, pk):
    job = get_visible_or_404(Job.objects.all(), request.user, pk=pk)
    if job.state != JobState.DONE:
        raise Http404
    return serve_protected(request, job.result, as_attachment=True)


@require_POST
def job_retry(request, pk):
    job = get_visible_or_404(Job.objects.all(), request.user, pk=pk)
    try:
        job = services.retry(job)
    except services.QueueUnavailable:
        messages.error(request, QUEUE_DOWN)
    return redirect(job)
