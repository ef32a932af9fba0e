"""Bulk writes for generated rows (the demonstration data, ops/demo.py): one PostgreSQL COPY per table and batch.

Rows are plain tuples of the columns given, not model instances: a million indicator values cost seconds this way,
minutes through `bulk_create`. The columns left out get the model's Python default (`auto_now`/`auto_now_add`: the
moment of the write), as an ORM insert would. `Ids` reserves primary keys from the table's sequence beforehand, so
that rows can name each other (a value its assessment, a progress update its work) before either is written.

Other databases (SQLite in a newcomer's checkout) get `bulk_create` in batches: same rows, slower.
"""

import io
import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.db import connection
from django.db.models import Max
from django.utils import timezone

BATCH = 1000  # rows per bulk_create outside PostgreSQL
BLOCK = 10_000  # ids reserved per query


class Ids:
    """Primary keys of `model` reserved ahead, BLOCK per query (`nextval` on PostgreSQL, after the largest key
    elsewhere: the generator runs in one transaction)."""

    def __init__(self, model):
        self.model = model
        self.free: list[int] = []

    def take(self) -> int:
        if not self.free:
            self.free = _reserve(self.model, BLOCK)
        return self.free.pop()

    def taken(self, count: int) -> list[int]:
        return [self.take() for _ in range(count)]


def _reserve(model, count: int) -> list[int]:
    table, pk = model._meta.db_table, model._meta.pk.column
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, count]
            )
            return sorted((row[0] for row in cursor.fetchall()), reverse=True)
    start = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    return list(range(start + count - 1, start - 1, -1))


def copy_rows(model, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert `rows` (tuples of the fields named `columns`, by attname: `commune_id`) into `model`'s table; the rest
    of its fields get their defaults. The number of rows written."""
    rows = list(rows)
    if not rows:
        return 0
    fields = {field.attname: field for field in model._meta.concrete_fields}
    unknown = set(columns) - set(fields)
    if unknown:
        raise ValueError(f"{model.__name__} has no fields {sorted(unknown)}")
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=BATCH)
        return len(rows)
    now = timezone.now()
    rest = [field for name, field in fields.items() if name not in columns and not field.primary_key]
    tail = tuple(_default(field, now) for field in rest)
    names = ", ".join(connection.ops.quote_name(fields[name].column) for name in [*columns, *(f.attname for f in rest)])
    buffer = io.StringIO()
    buffer.writelines("\t".join(map(_text, (*row, *tail))) + "\n" for row in rows)
    buffer.seek(0)
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(model._meta.db_table)
        cursor.cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", buffer)
    return len(rows)


def _default(field, now: datetime):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.null and not field.has_default():
        return None
    return field.get_default()


ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text(value) -> str:
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | Decimal | float):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    return str(value).translate(ESCAPES)
