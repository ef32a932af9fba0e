"""The mobilisation summary and its consistency checks: the public read API of the funding app.

`build_summary(commune, year)` and `build_summaries(communes, year)` run two aggregate queries
whatever the number of lines or communes; `summarise()` turns their rows into plain dataclasses and
is a pure function (tested without a database). Renderers (the page, the xlsx export, the plan
document, the dashboards) all read the same `MobilisationSummary`.

How a source's figure is taken (docs/adr/0030-money-lines-source-figures-and-work-lines.md): lines
without a work state the source's own figure; lines with a work tell where it went. When a source has
only work lines for a stage, their sum is its figure. When it has both and they differ, the summary
keeps the stated figure and says so in a warning: it never silently picks one.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from core.money import share
from units.reporting import label_in

from .consistency import (
    ConsistencyWarning,
    source_warnings,
    work_warnings,
)
from .models import Stage
from .queries import SUMMARY_WORK_FIELDS, source_totals_query, work_totals_query

__all__ = [
    "ConsistencyWarning",
    "MobilisationSummary",
    "SourceRow",
    "WorkRow",
    "build_part_summaries",
    "build_year_summaries",
    "build_summaries",
    "build_summary",
    "combine_summaries",
    "consistency_warnings",
    "summarise",
]

SHARE_PLACES = 1  # the seed writes "88,3%"


@dataclass
class SourceRow:
    source_id: int
    code: str
    name: str
    kind: str
    contribution: str
    sort_order: int
    amounts: dict = field(default_factory=dict)  # stage → the source's figure (đồng)
    stated: dict = field(default_factory=dict)  # stage → sum of lines without a work, when there are any
    works: dict = field(default_factory=dict)  # stage → sum of lines with a work
    work_counts: dict = field(default_factory=dict)  # stage → number of works
    approximate: dict = field(default_factory=dict)  # stage → qualifier to show ("gần", "khoảng") or ""
    previous: int = 0  # mobilised last year
    labour_days: int | None = None
    land_m2: Decimal | None = None
    share: Decimal | None = None  # of the mobilised total, one decimal

    @property
    def planned(self) -> int:
        return self.amounts.get(Stage.PLANNED, 0)

    @property
    def mobilised(self) -> int:
        return self.amounts.get(Stage.MOBILISED, 0)

    @property
    def disbursed(self) -> int:
        return self.amounts.get(Stage.DISBURSED, 0)

    @property
    def qualifier(self) -> str:
        return self.approximate.get(Stage.MOBILISED, "")

    @property
    def change(self) -> int:
        return self.mobilised - self.previous


@dataclass
class WorkRow:
    work_id: int
    code: str
    name: str
    total_investment: int | None
    total_investment_qualifier: str
    start_year: int | None
    end_year: int | None
    planned_year: int = 0  # planned for this year
    allocated_year: int = 0  # mobilised for this year
    allocated_total: int = 0  # mobilised, every year up to this one
    disbursed_total: int = 0  # disbursed, every year up to this one
    reported_disbursed: int | None = None  # the work's latest progress update up to the year's end (projects)
    reported_on: date | None = None
    commune_id: int | None = None
    owner: str = ""  # the commune merged away whose work it is, on a summary that counts its records

    @classmethod
    def of(cls, work_id: int, fields: dict, **reported) -> "WorkRow":
        """A row from a work's SUMMARY_WORK_FIELDS (of a query row or the Work itself) and its latest reported
        disbursement."""
        return cls(
            work_id=work_id,
            code=fields["code"],
            name=fields["name"],
            total_investment=fields["total_investment"],
            total_investment_qualifier=fields["total_investment_qualifier"] or "",
            start_year=fields["planned_start_year"],
            end_year=fields["planned_end_year"],
            **reported,
        )

    @property
    def remaining(self) -> int | None:
        """Still to be funded: total investment less what has been allocated so far."""
        if self.total_investment is None:
            return None
        return self.total_investment - self.allocated_total


@dataclass
class MobilisationSummary:
    commune_id: int | None
    year: int
    sources: list[SourceRow] = field(default_factory=list)
    works: list[WorkRow] = field(default_factory=list)
    totals: dict = field(default_factory=dict)  # stage → total of the sources' figures
    previous_total: int = 0  # mobilised last year
    warnings: list[ConsistencyWarning] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Mobilised this year: the seed's "Tổng nguồn vốn … 22,3 tỷ đồng"."""
        return self.totals.get(Stage.MOBILISED, 0)

    @property
    def planned(self) -> int:
        return self.totals.get(Stage.PLANNED, 0)

    @property
    def disbursed(self) -> int:
        return self.totals.get(Stage.DISBURSED, 0)

    @property
    def change(self) -> int:
        return self.total - self.previous_total

    @property
    def change_share(self) -> Decimal | None:
        """This year against last year, in percent of last year (None when last year is zero)."""
        return share(self.change, self.previous_total, SHARE_PLACES)

    @property
    def shares_computable(self) -> bool:
        return self.total > 0

    @property
    def mobilised_share_of_plan(self) -> Decimal | None:
        return share(self.total, self.planned, SHARE_PLACES)

    @property
    def disbursed_share_of_mobilised(self) -> Decimal | None:
        return share(self.disbursed, self.total, SHARE_PLACES)

    @property
    def is_empty(self) -> bool:
        return not self.sources and not self.works

    def source(self, code: str) -> SourceRow | None:
        return next((row for row in self.sources if row.code == code), None)

    @property
    def by_kind(self) -> list[tuple[str, int, Decimal | None]]:
        """(kind, mobilised, share) per kind of source (state budget, people …), in catalogue order."""
        amounts: dict[str, int] = {}
        for row in self.sources:
            amounts[row.kind] = amounts.get(row.kind, 0) + row.mobilised
        return [(kind, amount, share(amount, self.total, SHARE_PLACES)) for kind, amount in amounts.items()]


# ---------------------------------------------------------------------------------------------- queries


def build_summary(commune, year: int) -> MobilisationSummary:
    """The commune's mobilisation in `year`, with its consistency warnings; two queries."""
    return build_summaries([commune], year)[commune.pk]


def build_summaries(communes: Iterable, year: int) -> dict[int, MobilisationSummary]:
    """One summary per commune (keyed by commune id) in two queries, however many communes."""
    ids = [getattr(commune, "pk", commune) for commune in communes]
    source_rows = defaultdict(list)
    for row in source_totals_query(ids, year):
        source_rows[row["commune_id"]].append(row)
    work_rows = defaultdict(list)
    for row in work_totals_query(ids, year):
        work_rows[row["commune_id"]].append(row)
    return {
        commune_id: summarise(
            commune_id=commune_id,
            year=year,
            source_rows=source_rows[commune_id],
            work_rows=work_rows[commune_id],
        )
        for commune_id in ids
    }


def build_part_summaries(parts, year: int) -> list[MobilisationSummary]:
    """One summary per part of a unit's year (`units.reporting.YearScope.parts`: a commune with the communes merged
    into it whose records count for it), in two queries for all; a part of one commune is its own summary, and the
    works of a commune merged away carry its label (docs/adr/0095)."""
    summaries = build_summaries([unit for part in parts for unit in part.units], year)
    result = []
    for part in parts:
        if len(part.units) == 1:
            result.append(summaries[part.unit.pk])
            continue
        combined = combine_summaries(
            [summaries[unit.pk] for unit in part.units], year=year, commune_id=part.unit.pk, with_works=True
        )
        labels = {unit.pk: label_in(unit, year) for unit in part.merged}
        for work in combined.works:
            work.owner = labels.get(work.commune_id, "")
        result.append(combined)
    return result


def build_year_summaries(scope) -> tuple[MobilisationSummary, list[MobilisationSummary]]:
    """A commune's mobilisation in a year as its pages show it (`units.reporting.YearScope`), in two queries: the
    summary of every record that counts, and one summary per part. For a year before the commune began, the parts
    are its predecessors, each on its own, and the first summary is them added up, each work labelled with its
    predecessor's name."""
    summaries = build_part_summaries(scope.parts, scope.year)
    if not scope.before_start:
        return summaries[0], summaries
    combined = combine_summaries(summaries, year=scope.year, commune_id=scope.unit.pk, with_works=True)
    labels = {unit.pk: part.label for part in scope.parts for unit in part.units}
    combined.works = [replace(work, owner=labels.get(work.commune_id, "")) for work in combined.works]
    return combined, summaries


def consistency_warnings(commune, year: int) -> list[ConsistencyWarning]:
    return build_summary(commune, year).warnings


def summarise(*, commune_id: int, year: int, source_rows: Iterable[dict], work_rows: Iterable[dict]):
    """Turn the two queries' rows into a `MobilisationSummary`; no database access."""
    summary = MobilisationSummary(commune_id=commune_id, year=year)
    sources, groups = _collect_sources(source_rows, year)
    for row in sources.values():
        _settle_source(row, groups[row.source_id])
    summary.sources = sorted(
        (row for row in sources.values() if any(row.amounts.values()) or row.previous),
        key=lambda row: (row.sort_order, row.name),
    )
    _add_up(summary)
    summary.works = _collect_works(work_rows, year)
    for work in summary.works:
        work.commune_id = commune_id
    summary.warnings = [
        replace(warning, commune_id=commune_id) for warning in source_warnings(summary) + work_warnings(summary)
    ]
    return summary


def combine_summaries(
    summaries: Iterable[MobilisationSummary], *, year: int, commune_id: int | None = None, with_works: bool = False
) -> MobilisationSummary:
    """An area's totals: the communes' source figures added up, shares recomputed; works left per commune.

    `warnings` are all the communes' warnings (each carries its `commune_id`). A commune formed by a merge reads
    its own and its predecessors' summaries combined (`commune_id` its own, `with_works` their works listed
    together): each source's figure is settled within each commune first, then added up (docs/adr/0095).
    """
    area = MobilisationSummary(commune_id=commune_id, year=year)
    sources: dict[int, SourceRow] = {}
    for summary in summaries:
        area.warnings.extend(summary.warnings)
        if with_works:
            area.works.extend(summary.works)
        for row in summary.sources:
            merged = sources.setdefault(
                row.source_id,
                SourceRow(row.source_id, row.code, row.name, row.kind, row.contribution, row.sort_order),
            )
            for stage, amount in row.amounts.items():
                merged.amounts[stage] = merged.amounts.get(stage, 0) + amount
                if row.approximate.get(stage):
                    merged.approximate[stage] = "khoảng"
            merged.previous += row.previous
            if row.labour_days is not None:
                merged.labour_days = (merged.labour_days or 0) + row.labour_days
            if row.land_m2 is not None:
                merged.land_m2 = (merged.land_m2 or Decimal(0)) + row.land_m2
    area.sources = sorted(sources.values(), key=lambda row: (row.sort_order, row.name))
    area.works.sort(key=lambda work: (work.code, work.name))
    _add_up(area)
    return area


def _add_up(summary: MobilisationSummary):
    """The totals per stage and each source's share of the mobilised total."""
    for stage in Stage.values:
        summary.totals[stage] = sum(row.amounts.get(stage, 0) for row in summary.sources)
    summary.previous_total = sum(row.previous for row in summary.sources)
    for row in summary.sources:
        row.share = share(row.mobilised, summary.total, SHARE_PLACES)


def _collect_sources(rows, year):
    """SourceRows keyed by source id, and the raw sums per (source) → (year, stage, tied)."""
    sources: dict[int, SourceRow] = {}
    groups: dict[int, dict] = defaultdict(dict)
    for row in rows:
        source_id = row["source_id"]
        if source_id not in sources:
            sources[source_id] = SourceRow(
                source_id=source_id,
                code=row["source__code"],
                name=row["source__name"],
                kind=row["source__kind"],
                contribution=row["source__contribution"],
                sort_order=row["source__sort_order"],
            )
        key = (row["year"] == year, row["stage"], bool(row["tied"]))
        groups[source_id][key] = row
    return sources, groups


def _settle_source(source: SourceRow, groups: dict):
    """Pick each stage's figure: the stated lines when there are any, otherwise the works' sum.

    Its SQL twin for many communes is `funding.aggregates.money_totals`; change both together."""
    for stage in Stage.values:
        stated, works = groups.get((True, stage, False)), groups.get((True, stage, True))
        if works:
            source.works[stage] = works["amount"] or 0
            source.work_counts[stage] = works["works"]
        if stated:
            source.stated[stage] = stated["amount"] or 0
        chosen = stated or works
        if chosen is None:
            continue
        source.amounts[stage] = chosen["amount"] or 0
        source.approximate[stage] = _qualifier_of(chosen)
        if stage == Stage.MOBILISED:
            source.labour_days = chosen["labour_days"]
            source.land_m2 = chosen["land_m2"]
    previous = groups.get((False, Stage.MOBILISED, False)) or groups.get((False, Stage.MOBILISED, True))
    source.previous = (previous["amount"] or 0) if previous else 0


def _qualifier_of(group: dict) -> str:
    if not group["approximate_lines"]:
        return ""
    return group["qualifier"] if group["lines"] == 1 else "khoảng"


def _collect_works(rows, year) -> list[WorkRow]:
    works: dict[int, WorkRow] = {}
    this_year: set[int] = set()
    for row in rows:
        work_id = row["work_id"]
        if work_id not in works:
            fields = {name: row[f"work__{name}"] for name in SUMMARY_WORK_FIELDS}
            works[work_id] = WorkRow.of(
                work_id, fields, reported_disbursed=row.get("reported_disbursed"), reported_on=row.get("reported_on")
            )
        work, amount, stage = works[work_id], row["amount"] or 0, row["stage"]
        if row["year"] == year:
            this_year.add(work_id)
            if stage == Stage.PLANNED:
                work.planned_year += amount
            elif stage == Stage.MOBILISED:
                work.allocated_year += amount
        if stage == Stage.MOBILISED:
            work.allocated_total += amount
        elif stage == Stage.DISBURSED:
            work.disbursed_total += amount
    return sorted((works[pk] for pk in this_year), key=lambda work: (work.code, work.name))
