"""The reports' downloads that take long, made as jobs (jobs/, docs/adr/0055): the year zip of plan PDFs and the
area dashboard's workbook and PDF. Each checks the user's scope when it starts and again when it runs."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.text import strip_accents
from jobs.registry import JobKind, JobRefused, Pieces, register
from units.models import AdministrativeUnit, is_administrator, membership_of
from units.reporting import full_name_in

from .bundle import plan_pdf, year_zip_bytes, zip_bytes
from .dashboards import SORTS, build_area_dashboard
from .dashboards.area_print import area_pdf
from .dashboards.exports import area_xlsx
from .models import PlanDocument

YEARS = range(2000, 2101)
YEAR_ZIP, AREA_EXPORT = "reports.year_zip", "reports.area_export"


def _year_documents(user, year: int):
    return PlanDocument.objects.visible_to(user).listed_in(year).with_parts()


def prepare_year_zip(user, parameters: dict) -> tuple[dict, str]:
    year = parameters["year"]
    if year not in YEARS:
        raise Http404
    if not _year_documents(user, year).exists():
        raise JobRefused(_("Chưa có kế hoạch nào của năm %(year)s.") % {"year": year}, reverse("reports:document_list"))
    return {"year": year}, _("Kế hoạch năm %(year)s của các xã (ZIP)") % {"year": year}


def run_year_zip(user, parameters: dict, progress) -> tuple[bytes, str]:
    year = parameters["year"]
    return year_zip_bytes(_year_documents(user, year), progress=progress), _year_zip_name(year)


def _year_zip_name(year: int) -> str:
    return f"ke-hoach-ntm-{year}.zip"


def year_zip_keys(user, parameters: dict) -> list[str]:
    return [str(pk) for pk in _year_documents(user, parameters["year"]).values_list("pk", flat=True)]


def year_zip_piece(user, parameters: dict, key: str) -> tuple[str, bytes]:
    """One plan's PDF: 404 (the job fails, saying so) when the user may no longer see it."""
    return plan_pdf(get_object_or_404(_year_documents(user, parameters["year"]), pk=int(key)))


def year_zip_join(user, parameters: dict, files: dict[str, bytes]) -> tuple[bytes, str]:
    return zip_bytes(files), _year_zip_name(parameters["year"])


def prepare_area_export(user, parameters: dict) -> tuple[dict, str]:
    """`fmt` xlsx or pdf; the page's year (None: the current one), sort and recognition filter."""
    sort = parameters.get("sort") or "name"
    parameters = {
        "fmt": "pdf" if parameters.get("fmt") == "pdf" else "xlsx",
        "year": parameters.get("year") if parameters.get("year") in YEARS else None,
        "sort": sort if sort.lstrip("-") in SORTS else "name",
        "recognised": parameters.get("recognised") or "",
    }
    what = _("Bảng điều khiển các xã (PDF)") if parameters["fmt"] == "pdf" else _("Bảng điều khiển các xã (Excel)")
    return parameters, f"{what}, {parameters['year']}" if parameters["year"] else what


def run_area_export(user, parameters: dict, progress) -> tuple[bytes, str]:
    """Every row (not only the page shown), in the order of the page's sort: a workbook, or a PDF with the map."""
    progress(0, 1)
    communes = AdministrativeUnit.objects.visible_to(user)
    sort, recognised = parameters["sort"], parameters["recognised"]
    dashboard = build_area_dashboard(communes, year=parameters["year"], sort=sort, recognised=recognised)
    name = f"{slugify(strip_accents(_('bang-dieu-khien-cac-xa')))}-{dashboard.year}"
    if parameters["fmt"] == "pdf":
        return area_pdf(dashboard, area_name=_area_name(user, dashboard.year), sort=sort), f"{name}.pdf"
    return area_xlsx(dashboard), f"{name}.xlsx"


def _area_name(user, year: int) -> str:
    """The unit whose communes the user reads ("tỉnh Thanh Hóa"), named as in `year`; "cả nước" for an administrator."""
    if is_administrator(user):
        return _("cả nước")
    membership = membership_of(user)
    return full_name_in(membership.unit, year) if membership else ""


def register_kinds() -> None:
    # With a queue, the year zip is made one plan at a time by every worker there is (docs/adr/0055).
    pieces = Pieces(year_zip_keys, year_zip_piece, year_zip_join)
    register(JobKind(YEAR_ZIP, prepare_year_zip, run_year_zip, pieces))
    register(JobKind(AREA_EXPORT, prepare_area_export, run_area_export))
