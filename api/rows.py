"""Rows built outside the serializers (indicator rows of a page, the national export) as REST framework writes
its fields in JSON: decimals and dates as strings, date-times in the current time zone."""

import datetime
from decimal import Decimal

from django.utils import timezone
from rest_framework import serializers


def plain(value, datetime_field: serializers.DateTimeField | None = None):
    """A value as the JSON of REST framework's fields: decimals and dates as strings."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.datetime):
        return (datetime_field or serializers.DateTimeField()).to_representation(value)
    if isinstance(value, datetime.date):
        return str(value)
    return value


def plain_rows(rows: list[dict]) -> list[dict]:
    """`plain` on every value of the rows, with one datetime field (in the current time zone) for them all:
    thousands of rows a page, a field per value cost a tenth of a second (benchmarks/bench_api.py)."""
    field = serializers.DateTimeField(default_timezone=timezone.get_current_timezone())
    needs = (Decimal, datetime.date)
    return [
        {key: plain(value, field) if isinstance(value, needs) else value for key, value in row.items()} for row in rows
    ]
