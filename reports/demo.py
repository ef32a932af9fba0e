"""Demonstration communes get no plan documents; any made by hand on them goes with them (ops/demo.py). Their
area summary is computed once every commune has its rows (`Demo.finish`): the apps bulk-create their figures
without the services, so nothing else tells it."""

from ops.demo import DemoCommune

from .models import AreaSummary, IssuedDocument, PlanDocument
from .summary import summary_refresh


class Demo:
    models = (AreaSummary,)  # analysed after `finish`: a planner that sees 16 rows for 3,321 sorts slowly

    def __init__(self, years: range):
        self.years = years
        self.communes: list[int] = []

    def add(self, commune: DemoCommune) -> dict[str, int]:
        self.communes.append(commune.unit.pk)
        return {}

    def write(self) -> None:
        """Nothing of its own to write: the summary is computed once every commune is written (`finish`)."""

    def finish(self) -> None:
        summary_refresh(self.communes, self.years)


def delete(unit_ids: list[int]):
    IssuedDocument.objects.filter(document__commune__in=unit_ids).delete()
    PlanDocument.objects.filter(commune__in=unit_ids).delete()
