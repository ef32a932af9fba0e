"""Demonstration data at scale, plainly marked as such (ops/demo.py says how each app adds its rows)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ops.demo import (
    MAX_COMMUNES,
    MAX_VILLAGES,
    MAX_WORKS,
    MAX_YEARS,
    PROVINCE,
    DemoUnavailable,
    demo_delete,
    demo_generate,
)
from units.models import AdministrativeUnit


class Command(BaseCommand):
    help = "Sinh dữ liệu minh họa (đánh dấu rõ là minh họa) cho N xã trong K năm, để thử và đo tốc độ bảng điều khiển."

    def add_arguments(self, parser):
        parser.add_argument("--communes", type=int, default=30, help="Số xã minh họa (mặc định 30).")
        parser.add_argument("--years", type=int, default=3, help="Số năm có số liệu (mặc định 3).")
        parser.add_argument("--last-year", type=int, default=2024, help="Năm cuối có số liệu (mặc định 2024).")
        parser.add_argument("--villages", type=int, default=4, help="Số thôn mỗi xã (mặc định 4).")
        parser.add_argument("--works", type=int, default=8, help="Số công trình mỗi xã mỗi năm (mặc định 8).")
        parser.add_argument("--seed", type=int, default=2024, help="Hạt giống ngẫu nhiên (cùng hạt → cùng số liệu).")
        parser.add_argument("--replace", action="store_true", help="Xóa dữ liệu minh họa cũ trước khi sinh.")

    @transaction.atomic
    def handle(self, *args, communes, years, last_year, villages, works, seed, replace, **options):
        check_sizes(communes=communes, years=years, last_year=last_year, villages=villages, works=works)
        if AdministrativeUnit.objects.filter(is_demo=True).exists():
            if not replace:
                raise CommandError("Đã có dữ liệu minh họa. Dùng --replace để xóa và sinh lại.")
            self.stdout.write(f"Đã xóa {demo_delete()} đơn vị minh họa cùng số liệu của chúng.")
        span = range(last_year - years + 1, last_year + 1)
        try:
            counts = demo_generate(communes=communes, villages=villages, works=works, years=span, seed=seed)
        except DemoUnavailable as error:
            raise CommandError(str(error)) from error
        counted = ", ".join(f"{name}: {count}" for name, count in counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sinh dữ liệu minh họa: {communes} xã × {years} năm ({counted}), thuộc “{PROVINCE}”."
            )
        )


def check_sizes(*, communes: int, years: int, last_year: int, villages: int, works: int) -> None:
    """Refuse, before anything is written, a size that is not positive or beyond what the country has."""
    if not 1 <= communes <= MAX_COMMUNES:
        raise CommandError(f"Số xã phải từ 1 đến {MAX_COMMUNES:,}".replace(",", ".") + f" (đã cho {communes}).")
    if not 1 <= years <= MAX_YEARS:
        raise CommandError(f"Số năm phải từ 1 đến {MAX_YEARS} (đã cho {years}).")
    if not 2000 < last_year - years + 1 <= last_year <= 2100:
        raise CommandError("Các năm có số liệu phải nằm trong 2001–2100.")
    if not 0 <= villages <= MAX_VILLAGES or not 0 <= works <= MAX_WORKS:
        raise CommandError(
            f"Số thôn mỗi xã phải từ 0 đến {MAX_VILLAGES}, số công trình mỗi xã mỗi năm từ 0 đến {MAX_WORKS}."
        )
