from django.core.management.base import BaseCommand, CommandError

from reports.summary import summary_drift


class Command(BaseCommand):
    help = (
        "Đối chiếu bảng tổng hợp của bảng điều khiển các xã (docs/adr/0066) với số liệu tính lại từ đầu; in từng "
        "chỗ lệch, thoát với mã 1 nếu có lệch (sửa bằng `manage.py rebuild_area_summary`)."
    )

    def handle(self, *args, **options):
        drift = 0
        for found in summary_drift():
            drift += 1
            self.stdout.write(str(found))
        if drift:
            raise CommandError(f"Bảng tổng hợp lệch {drift} chỗ so với số liệu gốc.", returncode=1)
        self.stdout.write(self.style.SUCCESS("Bảng tổng hợp khớp với số liệu gốc."))
