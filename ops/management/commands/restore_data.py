from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError
from ops.restore import backup_restore


class Command(BaseCommand):
    help = "Khôi phục dữ liệu từ tệp sao lưu .zip (tất cả hoặc không gì cả)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Tệp .zip do backup_data tạo ra.")

    def handle(self, *args, archive, **options):
        try:
            summary = backup_restore(source=Path(archive))
        except BackupError as error:
            raise CommandError(str(error)) from error
        for label, count in sorted(summary.counts.items()):
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(f"  tệp đính kèm: {len(summary.media)}; tài khoản mới (bị khóa): {summary.users}")
        self.stdout.write(self.style.SUCCESS(f"Đã khôi phục từ {archive}."))
