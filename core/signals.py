"""What a lower app tells the apps above it, which it may not import (the layers of docs/adr/0008).

`records_changed`: the services of criteria, projects, funding and ops changed records that a commune's figures
for some years are computed from (values, appraisals, recognitions, works, money lines, a merge). They call
`records_changed.notify(units=…, years=…)` inside their transaction; the area summary (reports, docs/adr/0066)
is the receiver and brings its rows up to date before the transaction commits.

An import or a seed writes many records: inside `with records_changed.batch():` the notices are gathered and
sent once when the block ends (still inside the caller's transaction), so each unit is refreshed once, not once
per row. A block left by an exception sends nothing: its transaction is being rolled back.
"""

import threading
from collections.abc import Iterable
from contextlib import contextmanager

from django.dispatch import Signal

# unit id → the years changed; None among them: every year the unit has figures for
Changes = dict[int, frozenset[int | None]]


class RecordsChanged(Signal):
    """A signal sent with `changes` (`Changes`), gathered per thread inside `batch()`."""

    def __init__(self):
        super().__init__()
        self._local = threading.local()

    def notify(self, *, units: Iterable, years: Iterable[int] | None = None) -> None:
        """The records of `units` (units or their ids) for `years` (None: any year) changed."""
        changes = _changes(units, years)
        if not changes:
            return
        pending = getattr(self._local, "pending", None)
        if pending is None:
            self.send(sender=None, changes=changes)
        else:
            _merge(pending, changes)

    @contextmanager
    def batch(self):
        """Gather the notices of the block and send them once at its end; a block inside another joins it.

        Yields a handle whose `discard()` drops what was gathered, for a block whose transaction is rolled back
        (an import's rehearsal); inside an outer block it drops nothing, the outer block deciding.
        """
        if getattr(self._local, "pending", None) is not None:
            yield _Batch(None)
            return
        pending: Changes = {}
        self._local.pending = pending
        handle = _Batch(pending)
        try:
            yield handle
        finally:
            self._local.pending = None
        if handle.pending:
            self.send(sender=None, changes=handle.pending)


class _Batch:
    def __init__(self, pending: Changes | None):
        self.pending = pending

    def discard(self) -> None:
        if self.pending is not None:
            self.pending.clear()


def _changes(units, years) -> Changes:
    span = frozenset([None]) if years is None else frozenset(years)
    if not span:
        return {}
    return {getattr(unit, "pk", unit): span for unit in units if unit is not None}


def _merge(pending: Changes, changes: Changes) -> None:
    for unit, years in changes.items():
        pending[unit] = pending.get(unit, frozenset()) | years


records_changed = RecordsChanged()
