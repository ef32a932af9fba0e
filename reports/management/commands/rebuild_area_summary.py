from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from reports.summary import summary_rebuild
from units.models import AdministrativeUnit


class Command(BaseCommand):
    help = (
        "Tính lại bảng tổng hợp của bảng điều khiển các xã (docs/adr/0066) từ số liệu gốc: mọi xã, hoặc một xã "
        "(--unit), mọi năm có số liệu, hoặc một năm (--year)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", type=int, help="Mã (id) của một xã.")
        parser.add_argument("--year", type=int, help="Một năm (2000–2100).")

    @transaction.atomic
    def handle(self, *args, unit=None, year=None, **options):
        if unit is not None and not AdministrativeUnit.objects.communes().filter(pk=unit).exists():
            raise CommandError(f"Không có xã nào mã {unit}.")
        if year is not None and not 2000 <= year <= 2100:
            raise CommandError("Năm phải từ 2000 đến 2100.")
        written = summary_rebuild(None if unit is None else [unit], None if year is None else [year])
        self.stdout.write(self.style.SUCCESS(f"Đã tính lại {written} dòng tổng hợp."))
