from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.text import capfirst

from reports.models import PlanDocument
from reports.plan_files import render
from reports.renderers import FORMATS
from units.models import AdministrativeUnit, Level, year_end


class Command(BaseCommand):
    help = "Xuất kế hoạch năm của một xã ra tệp; định dạng theo đuôi tệp (.pdf, .docx, .xlsx, .html)."

    def add_arguments(self, parser):
        parser.add_argument("--commune", required=True, help="Mã hoặc tên xã, ví dụ “Quảng Giao”.")
        parser.add_argument("--year", required=True, type=int, help="Năm kế hoạch, ví dụ 2024.")
        parser.add_argument("--output", required=True, help="Tệp kết quả: plan.pdf, plan.docx, plan.xlsx, plan.html.")

    def handle(self, *args, commune, year, output, **options):
        path = Path(output)
        extension = path.suffix.lower().lstrip(".")
        if extension not in FORMATS:
            raise CommandError(f"Không hỗ trợ định dạng “.{extension}”. Dùng một trong: .pdf, .docx, .xlsx, .html.")
        unit = self._commune(commune, year)
        document = PlanDocument.objects.with_parts().filter(commune=unit, year=year).first()
        if document is None:
            raise CommandError(f"{capfirst(unit.full_name_on(year_end(year)))} chưa có kế hoạch năm {year}.")
        path.write_bytes(render(document, extension))
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {path} ({path.stat().st_size:,} byte)."))

    def _commune(self, code_or_name: str, year: int) -> AdministrativeUnit:
        """The commune of that code or name with a plan for `year`, else the one in force that year: codes and
        names were reused across the 2025 reform (16540: xã Quảng Hải, then xã Quảng Ninh)."""
        text = code_or_name.strip()
        communes = AdministrativeUnit.objects.communes().filter(Q(code=text) | Q(name__iexact=text))
        with_plan = communes.filter(plan_documents__year=year)
        matches = list(with_plan[:2]) if with_plan.exists() else list(communes.in_year(year)[:2]) or list(communes[:2])
        if not matches:
            raise CommandError(f"Không tìm thấy xã “{text}” (theo mã hoặc tên).")
        if len(matches) > 1:
            raise CommandError(f"Có nhiều xã tên “{text}”; hãy dùng mã đơn vị hành chính.")
        if matches[0].level != Level.COMMUNE:  # pragma: no cover - communes() already filters
            raise CommandError(f"“{text}” không phải là xã.")
        return matches[0]
