"""The dossier as the page, the zip and the command read it: one read, a constant number of queries."""

from dataclasses import dataclass, field

from criteria.models import Assessment, ProgrammePeriod
from units.models import AdministrativeUnit

from .models import ChecklistItem, Dossier, DossierFile, DossierSetting, Posting
from .rules import (
    PostingCheck,
    assessment_of,
    assessment_state_label,
    dossier_is_open,
    level_words,
    meets_required_share,
    posting_check,
    required_share_text,
    satisfaction_share,
    share_text,
)


@dataclass
class ItemState:
    item: ChecklistItem
    files: list[DossierFile] = field(default_factory=list)

    @property
    def present(self) -> bool:
        """A generated item is always there (the portal writes it); an uploaded one once a file is."""
        return self.item.is_generated or bool(self.files)


@dataclass
class DossierState:
    unit: AdministrativeUnit
    year: int
    level: str
    period: ProgrammePeriod | None
    dossier: Dossier | None
    assessment: Assessment | None
    items: list[ItemState]
    postings: list[Posting]
    setting: DossierSetting | None

    @property
    def level_words(self) -> str:
        """ "nông thôn mới nâng cao", as in "đạt chuẩn nông thôn mới nâng cao"."""
        return level_words(self.level)

    @property
    def is_open(self) -> bool:
        return dossier_is_open(self.assessment)

    @property
    def assessment_label(self) -> str:
        return assessment_state_label(self.assessment)

    @property
    def missing(self) -> list[ChecklistItem]:
        return [state.item for state in self.items if not state.present]

    @property
    def posting(self) -> PostingCheck:
        return posting_check([posting.posted_on for posting in self.postings])

    @property
    def share(self):
        return satisfaction_share(self.dossier) if self.dossier else None

    @property
    def share_text(self) -> str:
        return share_text(self.share)

    @property
    def required_text(self) -> str:
        return required_share_text(self.setting)

    @property
    def meets_required(self) -> bool | None:
        return meets_required_share(self.dossier, self.setting) if self.dossier else None

    @property
    def unverified_items(self) -> int:
        return sum(1 for state in self.items if not state.item.verified)


def dossier_state(unit: AdministrativeUnit, year: int, level: str) -> DossierState:
    period = ProgrammePeriod.objects.of_year(year)
    dossier = Dossier.objects.filter(unit=unit, year=year, level=level).first()
    items = list(ChecklistItem.objects.for_dossier(period=period, level=level)) if period else []
    files = DossierFile.objects.filter(dossier=dossier).select_related("uploaded_by") if dossier else []
    by_item = {item.pk: ItemState(item) for item in items}
    for stored in files:
        if stored.item_id in by_item:
            by_item[stored.item_id].files.append(stored)
    postings = Posting.objects.filter(dossier=dossier).select_related("village") if dossier else []
    return DossierState(
        unit=unit,
        year=year,
        level=level,
        period=period,
        dossier=dossier,
        assessment=assessment_of(unit, year, level),
        items=list(by_item.values()),
        postings=list(postings),
        setting=DossierSetting.objects.filter(period=period).first() if period else None,
    )
