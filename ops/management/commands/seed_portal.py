from django.core.management.base import BaseCommand
from django.db import transaction

from core.signals import records_changed
from ops.discovery import app_modules


class Command(BaseCommand):
    help = "Nạp dữ liệu gốc (đơn vị, bộ tiêu chí, số liệu xã Quảng Giao); chạy lại nhiều lần vẫn an toàn."

    def add_arguments(self, parser):
        parser.add_argument("--demo-accounts", action="store_true", help="Tạo và in các tài khoản minh họa.")

    @transaction.atomic
    def handle(self, *args, demo_accounts=False, **options):
        # Each app with a `seed` module loads its own data, in INSTALLED_APPS order; the area summary is brought up
        # to date once, at the end, for every commune the seed touched.
        with records_changed.batch():
            for module in app_modules("seed"):
                module.load(demo_accounts=demo_accounts, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu gốc."))
