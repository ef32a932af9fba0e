from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from criteria.models import SetLevel
from dossiers.package import dossier_zip
from dossiers.reading import dossier_state
from dossiers.services import COMMUNE_LEVELS
from units.models import AdministrativeUnit


class Command(BaseCommand):
    help = "Xuất hồ sơ đề nghị công nhận của một xã (năm, mức) ra một tệp .zip kèm danh mục PDF."

    def add_arguments(self, parser):
        parser.add_argument("--commune", required=True, help="Mã hoặc tên xã, ví dụ “Quảng Giao”.")
        parser.add_argument("--year", required=True, type=int, help="Năm đề nghị công nhận, ví dụ 2024.")
        levels = ", ".join(sorted(COMMUNE_LEVELS))
        parser.add_argument("--level", required=True, help=f"Mức công nhận: {levels}.")
        parser.add_argument("--output", required=True, help="Tệp kết quả, ví dụ ho-so.zip.")

    def handle(self, *args, commune, year, level, output, **options):
        if level not in COMMUNE_LEVELS:
            known = ", ".join(f"{code} ({SetLevel(code).label})" for code in sorted(COMMUNE_LEVELS))
            raise CommandError(f"Mức “{level}” không phải mức công nhận của xã. Dùng một trong: {known}.")
        path = Path(output)
        if path.suffix.lower() != ".zip":
            raise CommandError("Tệp kết quả phải có đuôi .zip.")
        state = dossier_state(self._commune(commune, year), year, level)
        path.write_bytes(dossier_zip(state))
        missing = len(state.missing)
        self.stdout.write(
            self.style.SUCCESS(f"Đã ghi {path} ({path.stat().st_size:,} byte); {missing} thành phần còn thiếu.")
        )

    def _commune(self, code_or_name: str, year: int) -> AdministrativeUnit:
        """The commune of that code or name in force during `year`, else any of that name: names and codes were
        reused across the 2025 reform, and an ended commune (Quảng Giao, since 1/7/2025) keeps its dossiers."""
        text = code_or_name.strip()
        communes = AdministrativeUnit.objects.communes().filter(Q(code=text) | Q(name__iexact=text))
        with_dossier = communes.filter(dossiers__year=year).distinct()
        matches = list(with_dossier[:2]) or list(communes.in_year(year)[:2]) or list(communes[:2])
        if not matches:
            raise CommandError(f"Không tìm thấy xã “{text}” (theo mã hoặc tên).")
        if len(matches) > 1:
            raise CommandError(f"Có nhiều xã tên “{text}”; hãy dùng mã đơn vị hành chính.")
        return matches[0]
