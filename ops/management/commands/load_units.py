"""Load the statistics office's unit catalogue (package vietnamadminunits): before and after 1 July 2025."""

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ops.catalogue import load
from ops.catalogue_source import PACKAGE, CatalogueError


class Command(BaseCommand):
    help = (
        "Nạp danh mục đơn vị hành chính (trước và sau 01/7/2025, bảng chuyển đổi) cho một tỉnh hoặc cả nước. "
        "Chạy lại không thêm gì."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--province", help="Tên tỉnh, thành phố từ 01/7/2025, ví dụ “Thanh Hóa”.")
        which.add_argument("--all", action="store_true", help="Cả nước: 34 tỉnh, thành phố, 3.321 đơn vị cấp xã.")

    def handle(self, *args, province=None, all=False, **options):
        started = time.monotonic()
        try:
            report = load(province=None if all else province)
        except (CatalogueError, ValidationError) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        seconds = time.monotonic() - started
        self.stdout.write(
            f"Danh mục {PACKAGE} {report.catalogue.version} ({report.scope}): {report.current} đơn vị cấp xã "
            f"hiện hành; thêm mới {report.created} đơn vị, đã có {report.matched}, {report.changes} lần sắp "
            f"xếp; {seconds:.1f} giây."
        )
