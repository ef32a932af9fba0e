"""`records_changed`: sent at once outside a batch, gathered and sent once at the end of one."""

import pytest

from core.signals import RecordsChanged


@pytest.fixture
def signal():
    sent = []
    changed = RecordsChanged()

    def receive(sender, *, changes, **kwargs):
        sent.append(changes)

    changed.connect(receive, weak=False)
    changed.sent = sent
    return changed


def test_a_notice_outside_a_batch_is_sent_at_once(signal):
    signal.notify(units=[3, 4], years=[2024])
    assert signal.sent == [{3: frozenset([2024]), 4: frozenset([2024])}]


def test_any_year_is_none_among_the_years_and_no_year_sends_nothing(signal):
    signal.notify(units=[3])
    signal.notify(units=[4], years=[])
    signal.notify(units=[None], years=[2024])
    assert signal.sent == [{3: frozenset([None])}]


def test_a_batch_sends_each_unit_once_with_every_year_it_was_told(signal):
    class Unit:
        pk = 7

    with signal.batch():
        signal.notify(units=[3], years=[2023])
        signal.notify(units=[3, Unit()], years=[2024])
        with signal.batch():  # joins the outer block
            signal.notify(units=[3])
        assert signal.sent == []
    assert signal.sent == [{3: frozenset([2023, 2024, None]), 7: frozenset([2024])}]


def test_a_batch_left_by_an_exception_or_discarded_sends_nothing(signal):
    with pytest.raises(ValueError), signal.batch():
        signal.notify(units=[3], years=[2023])
        raise ValueError
    with signal.batch() as notices:
        signal.notify(units=[3], years=[2023])
        notices.discard()
    assert signal.sent == []
    signal.notify(units=[5], years=[2023])  # and the next notice goes out at once again
    assert signal.sent == [{5: frozenset([2023])}]


def test_an_inner_block_cannot_discard_what_the_outer_one_gathered(signal):
    with signal.batch():
        signal.notify(units=[3], years=[2023])
        with signal.batch() as inner:
            inner.discard()
    assert signal.sent == [{3: frozenset([2023])}]
