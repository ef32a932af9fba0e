"""Which criteria set a unit is assessed against: the one statement of the rule (docs/adr/0015).

`set_in_force(unit=, year=, level=)` gathers the unit's facts (the period of the year, its commune group or
"not assessed" for that period, its province, its region) and `choose_set(...)` applies the rule:

1. the unit existed in the year (if only part of it) and the year belongs to a programme period
   (`ProgrammePeriod.objects.of_year`);
2. a unit marked "không thuộc diện đánh giá NTM" for that period gets no set;
3. the candidates are the period's sets of that level and scope whose validity overlaps the year, national
   or of the unit's province;
4. a period whose thresholds differ by commune group (2026–2030) keeps the sets of the unit's group (or of
   every group); one whose thresholds differ by region (2021–2025) those of the unit's region (or of every
   region);
5. among them a province's set comes before a national one, a set for the unit's own group or region before
   a set for all, then the set in force last (the later start; an unknown start counts as the oldest).

Every refusal is a `NoSetInForce` (a `ValidationError`) saying why, in Vietnamese. The assessment service,
its form, the seed and the demonstration data all choose through here.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from units.models import AdministrativeUnit, Level

from .models import CriteriaSet, ProgrammePeriod, SetBasis, SetLevel, SetScope, UnitCommuneGroup


class NoSetInForce(ValidationError):
    """No criteria set applies (no period, not assessed, no group, no set, or several alike)."""


@dataclass(frozen=True)
class Place:
    """What the choice depends on besides the year and the level: where the unit is and how it is classified."""

    name: str  # "xã Quảng Giao", for the messages
    scope: str
    province_id: int | None
    region: str
    group: UnitCommuneGroup | None  # the commune's record for the period, if any


def place_of(unit: AdministrativeUnit, period: ProgrammePeriod) -> Place:
    """The facts of a commune or village (a village takes its commune's region and group)."""
    if unit.level not in (Level.COMMUNE, Level.VILLAGE):
        raise NoSetInForce(_("Chỉ xã và thôn được đánh giá theo bộ tiêu chí nông thôn mới."))
    commune = unit.parent if unit.level == Level.VILLAGE else unit
    ancestors = [int(pk) for pk in unit.path.strip("/").split("/") if pk]
    province_id = (
        AdministrativeUnit.objects.filter(pk__in=ancestors, level=Level.PROVINCE).values_list("pk", flat=True).first()
    )
    return Place(
        name=unit.full_name,
        scope=SetScope.VILLAGE if unit.level == Level.VILLAGE else SetScope.COMMUNE,
        province_id=province_id,
        region=commune.region if commune else "",
        group=UnitCommuneGroup.objects.for_unit(unit).filter(period=period).first(),
    )


def period_of(year: int) -> ProgrammePeriod:
    period = ProgrammePeriod.objects.of_year(year)
    if period is None:
        raise NoSetInForce(
            _("Năm %(year)s chưa thuộc giai đoạn nào của chương trình; quản trị viên cần khai báo giai đoạn.")
            % {"year": year}
        )
    return period


def refuse_if_not_assessed(place: Place, period: ProgrammePeriod) -> None:
    if place.group is not None and place.group.not_assessed:
        decision = place.group.decision_number
        raise NoSetInForce(
            _(
                "%(unit)s không thuộc diện đánh giá nông thôn mới trong giai đoạn %(period)s%(decision)s: không có "
                "bộ tiêu chí nào áp dụng."
            )
            % {
                "unit": capfirst(place.name),
                "period": period.years_label,
                "decision": f" ({decision})" if decision else "",
            }
        )


def refuse_if_absent(unit: AdministrativeUnit, year: int) -> None:
    """A unit is assessed for a year it existed in, if only for part of it (Quảng Giao until 1/7/2025); a
    village, for a year its commune existed in too."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    for place in (unit, unit.parent) if unit.level == Level.VILLAGE and unit.parent_id else (unit,):
        names = {"unit": capfirst(place.full_name), "year": year}
        if place.dissolved_on is not None and place.dissolved_on <= first:
            raise NoSetInForce(
                _("%(unit)s đã ngừng hoạt động từ %(date)s: không lập bản tự đánh giá năm %(year)s.")
                % {**names, "date": place.dissolved_on.strftime("%d/%m/%Y")}
            )
        if place.valid_from is not None and place.valid_from > last:
            raise NoSetInForce(
                _("%(unit)s hoạt động từ %(date)s: chưa lập bản tự đánh giá năm %(year)s.")
                % {**names, "date": place.valid_from.strftime("%d/%m/%Y")}
            )


def set_in_force(*, unit: AdministrativeUnit, year: int, level: str) -> CriteriaSet:
    """The set `unit` is assessed against in `year` at `level` (a `SetLevel` value)."""
    refuse_if_absent(unit, year)
    period = period_of(year)
    return choose_set(period=period, place=place_of(unit, period), year=year, level=level)


def choose_set(*, period: ProgrammePeriod, place: Place, year: int, level: str) -> CriteriaSet:
    """The rule itself (steps 2–5 of the module's docstring), for facts already gathered."""
    refuse_if_not_assessed(place, period)
    names = {"unit": place.name, "period": period.years_label, "year": year, "level": SetLevel(level).label}
    candidates = list(
        CriteriaSet.objects.filter(period=period, level=level, scope=place.scope)
        .in_force_during(year)
        .for_province(place.province_id)
    )
    if period.set_basis == SetBasis.COMMUNE_GROUP:
        if place.group is None:
            raise NoSetInForce(
                _(
                    "%(unit)s chưa được xếp nhóm xã cho giai đoạn %(period)s: quản trị viên ghi nhóm (kèm quyết "
                    "định phân nhóm) hoặc ghi không thuộc diện đánh giá, rồi mới lập bản tự đánh giá."
                )
                % {**names, "unit": capfirst(place.name)}
            )
        wanted, specific = place.group.group, "commune_group"
    else:
        if not place.region and any(candidate.region for candidate in candidates):
            raise NoSetInForce(
                _(
                    "Chưa ghi vùng kinh tế - xã hội của %(unit)s: giai đoạn %(period)s phân chỉ tiêu theo vùng, "
                    "chưa chọn được bộ tiêu chí."
                )
                % names
            )
        wanted, specific = place.region, "region"
    candidates = [candidate for candidate in candidates if getattr(candidate, specific) in ("", wanted)]
    if not candidates:
        raise NoSetInForce(_("Chưa có bộ tiêu chí “%(level)s” áp dụng cho %(unit)s năm %(year)s.") % names)

    def rank(candidate: CriteriaSet) -> tuple:
        start = candidate.valid_from or datetime.date.min
        return (candidate.province_id is not None, bool(getattr(candidate, specific)), start)

    best = max(rank(candidate) for candidate in candidates)
    top = [candidate for candidate in candidates if rank(candidate) == best]
    if len(top) > 1:
        codes = ", ".join(sorted(candidate.code for candidate in top))
        raise NoSetInForce(
            _(
                "Có nhiều bộ tiêu chí “%(level)s” cùng áp dụng cho %(unit)s năm %(year)s (%(codes)s): quản trị viên "
                "cần ghi rõ thời gian áp dụng, tỉnh, vùng hoặc nhóm xã của từng bộ."
            )
            % {**names, "codes": codes}
        )
    chosen = top[0]
    if not chosen.criteria.exists():
        raise NoSetInForce(
            _(
                "Bộ tiêu chí %(code)s chưa có tiêu chí nào: quản trị viên nạp bảng tiêu chí chính thức (tệp Excel) "
                "trước khi lập bản tự đánh giá."
            )
            % {"code": chosen.code}
        )
    return chosen
