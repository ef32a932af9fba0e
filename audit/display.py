"""Audit values as people read them, the same on /audit/, a work's history and a stale-edit refusal.

A snapshot keeps raw values (ids, whole đồng, ISO dates, choice keys); these functions turn them into what an
official recognises: names instead of ids, money in đồng, dates dd/mm/yyyy, choices by their label, "Có/Không",
and the editor by name ("hệ thống" for changes made by no one signed in).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.money import format_decimal, format_vnd

EMPTY = "—"


@dataclass(frozen=True)
class FieldChange:
    """One field of an audit entry as shown: its label, its old and its new value."""

    field: str
    label: str
    old: str
    new: str


def display_name(user) -> str:
    """Who made a change: the person's full name, else the user name; "hệ thống" when no one signed in did."""
    if user is None:
        return _("hệ thống")
    return user.get_full_name() or user.get_username()


def field_label(model, name: str) -> str:
    """The field's Vietnamese name, capitalised; a field that no longer exists shows in old entries by its name."""
    label = getattr(_field(model, name), "verbose_name", None)
    return capfirst(str(label)) if label else name


def related_names(items: Iterable[tuple[type[models.Model] | None, dict]]) -> dict:
    """{(related model, pk): name} for every foreign-key value of the (model, changes) items, one query per model.

    Pass the result as `names=` so a page of entries costs the same queries however many entries it shows.
    """
    wanted: dict = {}
    for model, changes in items:
        for name, pair in changes.items():
            field = _field(model, name)
            if isinstance(field, models.ForeignKey):
                wanted.setdefault(field.related_model, set()).update(v for v in pair if v not in (None, ""))
    user_model = get_user_model()
    names = {}
    for related, pks in wanted.items():
        for obj in related._default_manager.filter(pk__in=pks):
            names[(related, obj.pk)] = display_name(obj) if related is user_model else str(obj)
    return names


def describe_value(model, name: str, value, *, names: dict | None = None) -> str:
    """A stored audit value as an official reads it."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    field = _field(model, name)
    if field is None:
        return str(value)
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        if names is None:
            names = related_names([(model, {name: [value]})])
        return names.get((field.related_model, value), str(value))
    # Money is the only BigIntegerField of the portal (counts are PositiveBigIntegerField).
    if type(field) is models.BigIntegerField:
        return format_vnd(value)
    if isinstance(field, models.DateTimeField):
        return _moment(value)
    if isinstance(field, models.DateField):
        return _day(value)
    if isinstance(field, models.DecimalField):
        try:
            return format_decimal(Decimal(str(value)), field.decimal_places)
        except InvalidOperation:
            return str(value)
    return str(value)


def describe_change(model, name: str, old, new, *, names: dict | None = None) -> FieldChange:
    """One changed field of `model` as shown everywhere a change is shown."""
    return FieldChange(
        name,
        field_label(model, name),
        describe_value(model, name, old, names=names),
        describe_value(model, name, new, names=names),
    )


# Bookkeeping, not content: no page shows these fields' changes.
BOOKKEEPING = frozenset({"id", "version", "created_at", "updated_at", "search_key"})


def describe_changes(model, changes: dict, *, names: dict | None = None, hidden=BOOKKEEPING) -> list[FieldChange]:
    """Every field of an entry's `changes` ({name: [old, new]}) that says something, in the stored order:
    hidden fields and fields empty before and after (a creation's blank fields) are left out."""
    if names is None:
        names = related_names([(model, changes)])
    return [
        describe_change(model, name, old, new, names=names)
        for name, (old, new) in changes.items()
        if name not in hidden and not (old in (None, "") and new in (None, ""))
    ]


def _field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _day(value) -> str:
    try:
        return date_format(datetime.date.fromisoformat(str(value)[:10]), "SHORT_DATE_FORMAT")
    except ValueError:
        return str(value)


def _moment(value) -> str:
    try:
        moment = datetime.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "SHORT_DATETIME_FORMAT")
