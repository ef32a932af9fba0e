"""ops.bulk: rows written by COPY (bulk_create elsewhere) read back as the ORM would have written them."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from audit.models import AuditEntry
from funding.models import FundingSource, MoneyLine, SourceKind, Stage
from ops.bulk import Ids, copy_rows
from projects.models import Work

pytestmark = pytest.mark.django_db


def test_reserved_keys_are_distinct_and_never_handed_out_again(quang_giao):
    ids = Ids(Work)
    reserved = ids.taken(3)
    assert len(set(reserved)) == 3
    work = Work.objects.create(commune=quang_giao, code="X", name="Đường", planned_start_year=2024)
    assert work.pk not in reserved


def test_copied_rows_keep_text_with_tabs_and_quotes_and_get_their_defaults(quang_giao):
    key = Ids(Work).take()
    name = 'Đường "liên thôn"\tđoạn 1\\2\nnối tiếp'
    copy_rows(
        Work,
        ["id", "commune_id", "code", "name", "planned_start_year", "total_investment"],
        [(key, quang_giao.pk, "MH-1", name, 2024, None)],
    )
    work = Work.objects.get(pk=key)
    assert work.name == name and work.total_investment is None
    assert work.status == "planned" and work.version == 1 and work.created_at is not None
    assert work.planned_end_year is None and work.place == ""


def test_copied_rows_keep_decimals_dates_booleans_and_json(quang_giao):
    source = FundingSource.objects.create(code="x", name="Nguồn x", kind=SourceKind.BUDGET)
    copy_rows(
        MoneyLine,
        ["commune_id", "year", "source_id", "amount", "stage", "land_m2", "note"],
        [(quang_giao.pk, 2024, source.pk, 10**12, Stage.PLANNED, Decimal("12.50"), "minh họa")],
    )
    line = MoneyLine.objects.get(source=source)
    assert (line.amount, line.stage, line.land_m2) == (10**12, Stage.PLANNED, Decimal("12.50"))
    kind, at = ContentType.objects.get_for_model(Work).pk, datetime.datetime(2024, 1, 2, tzinfo=datetime.UTC)
    columns = ["commune_id", "content_type_id", "object_id", "object_repr", "action", "changes", "at"]
    copy_rows(AuditEntry, columns, [(quang_giao.pk, kind, "1", "x", "create", {"tên": [None, "Xã\tA"]}, at)])
    entry = AuditEntry.objects.get(object_repr="x")
    assert entry.changes == {"tên": [None, "Xã\tA"]} and entry.at.year == 2024


def test_an_unknown_column_is_refused(quang_giao):
    with pytest.raises(ValueError, match="colour"):
        copy_rows(Work, ["colour"], [("đỏ",)])
