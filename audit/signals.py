"""The audit log tells the apps above it that entries were written (they may not be imported from here).

`entries_logged` is sent with `entries` (the `AuditEntry` rows just saved) by `audit.services`, inside the
writing transaction. The area summary (reports, docs/adr/0066) moves each commune's "last update" forward from it
with one UPDATE, instead of recomputing the commune's figures.
"""

from django.dispatch import Signal

entries_logged = Signal()
