"""Demonstration communes get no plan documents; any made by hand on them goes with them (ops/demo.py)."""

from .models import IssuedDocument, PlanDocument


def delete(unit_ids: list[int]):
    IssuedDocument.objects.filter(document__commune__in=unit_ids).delete()
    PlanDocument.objects.filter(commune__in=unit_ids).delete()
