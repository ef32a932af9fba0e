"""The area summary follows the lower apps' writes (docs/adr/0066); connected by `ReportsConfig.ready`."""

from django.dispatch import receiver

from audit.signals import entries_logged
from core.signals import records_changed

from .summary import summary_touch, summary_update


@receiver(records_changed, dispatch_uid="reports.summary.records_changed")
def refresh_summary(sender, *, changes, **kwargs):
    summary_update(changes)


@receiver(entries_logged, dispatch_uid="reports.summary.entries_logged")
def touch_summary(sender, *, entries, **kwargs):
    summary_touch(entries)
