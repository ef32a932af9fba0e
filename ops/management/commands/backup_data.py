from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from ops.backup import BackupError, backup_write
from units.models import AdministrativeUnit


class Command(BaseCommand):
    help = "Sao lưu dữ liệu của một xã (hoặc toàn bộ) cùng tệp đính kèm vào một tệp .zip."

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--commune", help="Mã hoặc tên xã (ví dụ: Quảng Giao).")
        scope.add_argument("--all", action="store_true", help="Sao lưu toàn bộ dữ liệu.")
        parser.add_argument("--output", required=True, help="Tệp .zip sẽ ghi ra.")

    def handle(self, *args, commune=None, all=False, output, **options):
        units = None if all else [self._commune(commune)]
        try:
            summary = backup_write(units=units, output=Path(output))
        except BackupError as error:
            raise CommandError(str(error)) from error
        for label, count in sorted(summary.counts.items()):
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(f"  tệp đính kèm: {len(summary.media)}; tên người dùng: {summary.users}")
        for name in summary.missing_media:
            self.stderr.write(self.style.WARNING(f"  Không tìm thấy tệp đính kèm: {name}"))
        self.stdout.write(self.style.SUCCESS(f"Đã sao lưu vào {output}."))

    def _commune(self, text):
        communes = AdministrativeUnit.objects.communes().filter(Q(code=text) | Q(name__iexact=text.strip()))
        found = list(communes[:20])
        if len(found) > 1:
            # A code (or a name) may have been reused after a merge: the unit in force today is the one meant.
            found = [unit for unit in found if unit.dissolved_on is None] or found
        if not found:
            raise CommandError(f"Không tìm thấy xã có mã hoặc tên “{text}”.")
        if len(found) > 1:
            raise CommandError(f"Có nhiều xã mang mã hoặc tên “{text}”; hãy dùng mã đơn vị hành chính.")
        return found[0]
