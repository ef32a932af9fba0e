"""The inbox page: what waits for the user in the loop (criteria.inbox, docs/adr/0019)."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from .inbox import waiting_items


@require_safe
def inbox(request):
    """ "Việc cần làm": the user's assessments to fill, submit, correct or appraise, grouped by what to do."""
    groups = waiting_items(request.user)
    total = sum(len(group.items) for group in groups)
    return render(request, "criteria/inbox.html", {"groups": groups, "total": total})
